"""Counts of initiatives: by year, period, decade and kind; date quality; the year window.

An initiative is counted once, in its **start year**; time-based results use dated
initiatives only, and :func:`n_undated` says how many they leave out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indopac.analysis import stats
from indopac.analysis.base import dated, year_span
from indopac.params import check_choice

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


#: groupings that :func:`counts_by_year` and friends accept
GROUPINGS = ("framework", "foip", "kind", "level", "status", "year_basis", "recurring")


FOIP_LABELS = ("FOIP", "Other frameworks")


# --- small helpers -----------------------------------------------------------------


def n_undated(ds: Dataset) -> int:
    """How many initiatives have no start year (and so drop out of every time chart)."""
    return int(ds.initiatives["year"].isna().sum())


@dataclass(frozen=True)
class YearWindow:
    """The initiatives a year window keeps, and what it leaves out (for the notes under figures).

    ``dataset`` keeps every initiative when no bound is given (undated ones included) and
    only the dated initiatives inside the window otherwise. ``n_undated`` counts the undated
    initiatives of the data the window was taken from; ``n_outside`` the dated ones it leaves out.
    """

    dataset: Dataset
    start: int | None
    end: int | None
    n_undated: int
    n_outside: int

    @property
    def chosen(self) -> bool:
        """Whether a year bound was given at all."""
        return self.start is not None or self.end is not None


def year_window(ds: Dataset, year_start: int | None = None, year_end: int | None = None) -> YearWindow:
    """Apply an inclusive year window (either bound may be None) and count what it leaves out."""
    undated = n_undated(ds)
    if year_start is None and year_end is None:
        return YearWindow(ds, None, None, undated, 0)
    kept = ds.filter(years=(year_start, year_end))
    return YearWindow(kept, year_start, year_end, undated, len(ds) - undated - len(kept))


def check_grouping(by: str | None) -> None:
    if by is not None and by not in GROUPINGS:
        from indopac.params import ParameterError

        raise ParameterError(f"grouping: {by!r} is not valid; valid: {', '.join(GROUPINGS)}")


def group_column(frame: pd.DataFrame, by: str) -> pd.Series:
    if by == "foip":
        return pd.Categorical(
            np.where(frame["framework"].astype(str).eq("FOIP"), FOIP_LABELS[0], FOIP_LABELS[1]),
            categories=list(FOIP_LABELS),
        )
    if by == "recurring":
        return pd.Categorical(np.where(frame["recurring"], "recurring", "single"), categories=["single", "recurring"])
    return frame[by]


# --- counts by year, period and decade --------------------------------------------------


def counts_by_year(
    ds: Dataset, by: str | None = None, *, years: tuple[int | None, int | None] | None = None
) -> pd.DataFrame:
    """Initiatives started per year (and the running total), optionally split by a grouping.

    Columns: ``year``, [``by``], ``count``, ``cumulative``. Every year of the
    range appears (zeros included, so gaps show); with ``by``, every value of the
    grouping that occurs among the dated initiatives appears for every year.
    ``years=(start, end)`` sets the range (default: the dataset's dated range).
    Undated initiatives are left out (see :func:`n_undated`); a recurring
    series counts once, in its start year.
    """
    check_grouping(by)
    span = year_span(ds, years)
    cols = ["year", *([by] if by else []), "count", "cumulative"]
    if span is None:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in cols})
    lo, hi = span
    ini = dated(ds.initiatives)
    ini = ini[(ini["year"] >= lo) & (ini["year"] <= hi)]
    all_years = pd.RangeIndex(lo, hi + 1, name="year")
    if by is None:
        counts = ini.groupby("year").size().reindex(all_years, fill_value=0)
        out = counts.rename("count").reset_index()
        out["cumulative"] = out["count"].cumsum()
        return out.astype({"year": "int64", "count": "int64", "cumulative": "int64"})
    key = pd.Series(group_column(ini, by), index=ini.index, name=by)
    counts = ini.groupby([ini["year"], key], observed=True).size()
    present = [v for v in key.cat.categories if v in set(key.dropna())] if hasattr(key, "cat") else sorted(key.unique())
    index = pd.MultiIndex.from_product([all_years, present], names=["year", by])
    counts = counts.reindex(index, fill_value=0).rename("count").reset_index()
    counts[by] = pd.Categorical(counts[by], categories=present)
    counts["cumulative"] = counts.groupby(by, observed=True)["count"].cumsum()
    return counts.astype({"year": "int64", "count": "int64", "cumulative": "int64"})


def last_decade_start(ds: Dataset) -> int:
    """First year of the study's "last decade": ten years before the end of the coverage (2013 for data to 2023)."""
    return ds.coverage_end - 10


def counts_by_period(ds: Dataset, split_year: int | None = None, by: str | None = None) -> pd.DataFrame:
    """Dated initiatives before and from ``split_year`` (default: :func:`last_decade_start`).

    Columns: ``period`` (e.g. "before 2013", "2013–2023"), [``by``], ``first_year``,
    ``last_year``, ``n_years`` (calendar years in the period, counted from the
    earliest dated initiative), ``count``, ``per_year``, ``share`` (of all dated).
    """
    check_grouping(by)
    split = last_decade_start(ds) if split_year is None else int(split_year)
    span = ds.year_range()
    ini = dated(ds.initiatives)
    lo = min(span[0], split) if span else split
    hi = max(span[1], ds.coverage_end) if span else ds.coverage_end
    periods = pd.Categorical(
        np.where(ini["year"] < split, f"before {split}", f"{split}–{hi}"),
        categories=[f"before {split}", f"{split}–{hi}"],
    )
    keys = [pd.Series(periods, index=ini.index, name="period")]
    if by:
        keys.append(pd.Series(group_column(ini, by), index=ini.index, name=by))
    counts = ini.groupby(keys, observed=False).size().rename("count").reset_index()
    bounds = {f"before {split}": (lo, split - 1), f"{split}–{hi}": (split, hi)}
    counts["first_year"] = counts["period"].map(lambda p: bounds[p][0]).astype("int64")
    counts["last_year"] = counts["period"].map(lambda p: bounds[p][1]).astype("int64")
    counts["n_years"] = (counts["last_year"] - counts["first_year"] + 1).clip(lower=0)
    counts["per_year"] = np.where(counts["n_years"] > 0, counts["count"] / counts["n_years"].where(counts["n_years"] > 0, 1), 0.0)
    total = len(ini)
    counts["share"] = counts["count"] / total if total else 0.0
    cols = ["period", *([by] if by else []), "first_year", "last_year", "n_years", "count", "per_year", "share"]
    return counts[cols]


def counts_by_decade(ds: Dataset, by: str | None = None) -> pd.DataFrame:
    """Dated initiatives per decade of their start year (every decade in range, zeros included).

    Columns: ``decade`` (1950, 1960, ...), ``label`` ("1950s"), [``by``], ``count``, ``partial`` (the
    decade holding the partial last year, covered only in part).
    """
    check_grouping(by)
    ini = dated(ds.initiatives)
    if ini.empty:
        return pd.DataFrame(columns=["decade", "label", *([by] if by else []), "count", "partial"])
    decade = (ini["year"] // 10 * 10).rename("decade")
    decades = pd.RangeIndex(int(decade.min()), int(decade.max()) + 10, 10, name="decade")
    if by is None:
        out = ini.groupby(decade).size().reindex(decades, fill_value=0).rename("count").reset_index()
    else:
        key = pd.Series(group_column(ini, by), index=ini.index, name=by)
        present = [v for v in key.cat.categories if v in set(key.dropna())]
        idx = pd.MultiIndex.from_product([decades, present], names=["decade", by])
        out = ini.groupby([decade, key], observed=True).size().reindex(idx, fill_value=0).rename("count").reset_index()
        out[by] = pd.Categorical(out[by], categories=present)
    out.insert(1, "label", out["decade"].astype(str) + "s")
    out["partial"] = out["decade"].eq(ds.coverage_end // 10 * 10) & (ds.coverage_end % 10 != 9)
    return out.astype({"decade": "int64", "count": "int64"})


def counts_by(ds: Dataset, column: str) -> pd.DataFrame:
    """Initiatives per value of a closed-vocabulary column (kind, framework, level, status,
    year_basis, source_section), every declared value included (zeros too), in declared order.

    Columns: ``column``, ``label``, ``count``, ``share`` (of all initiatives).
    """

    check_choice("column", column, ("kind", "framework", "level", "status", "year_basis", "source_section"))
    from indopac.labels import label as _label

    s = ds.initiatives[column]
    counts = s.value_counts(sort=False).reindex(s.cat.categories, fill_value=0)
    out = counts.rename("count").rename_axis(column).reset_index()
    out[column] = out[column].astype(str)
    out.insert(1, "label", [_label(column, v, ds) for v in out[column]])
    total = len(ds.initiatives)
    out["share"] = out["count"] / total if total else 0.0
    return out.astype({"count": "int64"})


def date_quality(ds: Dataset) -> pd.DataFrame:
    """How the start years were obtained: stated, inferred, unknown; count and share."""
    return counts_by(ds, "year_basis")


def overtake_year(counts: pd.DataFrame, leader: str, other: str, hue: str = "foip") -> int | None:
    """First year in which ``leader``'s running total exceeds ``other``'s and stays ahead (None if never)."""
    wide = counts.pivot_table(index="year", columns=hue, values="cumulative", aggfunc="sum", observed=False)
    if leader not in wide.columns or other not in wide.columns:
        return None
    ahead = (wide[leader] > wide[other]).to_numpy()
    if not ahead.any() or not ahead[-1]:
        return None
    behind = np.flatnonzero(~ahead)
    start = 0 if len(behind) == 0 else behind[-1] + 1
    return int(wide.index[start])


# --- rates on equal windows, undated bounds, FOIP as coded ---------------------------------------


def last_full_year(ds: Dataset) -> int:
    """The last year the data cover in full: the end of the coverage, or the year before it when that is partial."""
    return ds.coverage_end - 1 if ds.partial_year is not None else ds.coverage_end


def rate_windows(ds: Dataset, length: int = 10, years: tuple[int | None, int | None] | None = None
                 ) -> tuple[tuple[int, int], tuple[int, int]]:
    """The last ``length`` full years and the ``length`` years before them: ((2013, 2022), (2003, 2012)) for 2023.

    A rate comparison is like for like, so both windows have the same length, and the
    partial last year is in neither. A chosen year window (``years``, either bound may be
    None) keeps both inside it, shortening them equally when it is too short for two of
    ``length`` years (2010 onwards: 2017–22 against 2011–16).
    """
    lo, hi = years if years is not None else (None, None)
    end = min(last_full_year(ds), hi) if hi is not None else last_full_year(ds)
    if lo is not None:
        length = max(1, min(length, (end - lo + 1) // 2))
    recent = (end - length + 1, end)
    return recent, (recent[0] - length, recent[0] - 1)


def trend_rates(ds: Dataset, length: int = 10, years: tuple[int | None, int | None] | None = None
                ) -> stats.WindowRates:
    """Dated initiatives started in the two :func:`rate_windows`, their ratio and an exact binomial test."""
    recent, earlier = rate_windows(ds, length, years)
    return stats.window_rates(ds.initiatives["year"], recent, earlier)


@dataclass(frozen=True)
class UndatedBounds:
    """A share of initiatives starting in ``window``: among dated ones, and with every undated one early or late.

    Each share is ``(count, base)``. ``early`` places every undated initiative at the earliest
    dated year, ``late`` at the end of the coverage (the latest any initiative may start).
    """

    window: tuple[int, int]
    dated: tuple[int, int]
    early: tuple[int, int]
    late: tuple[int, int]
    undated: int


def undated_bounds(ds: Dataset, window: tuple[int, int]) -> UndatedBounds:
    """:class:`UndatedBounds` of the initiatives starting in ``window`` (inclusive)."""
    years = ds.initiatives["year"]
    undated = int(years.isna().sum())
    inside = stats.count_in(years, window)
    dated_years = years.dropna()
    early_year = int(dated_years.min()) if len(dated_years) else ds.coverage_end
    total = len(years)

    def placed(year: int) -> tuple[int, int]:
        return inside + (undated if window[0] <= year <= window[1] else 0), total

    return UndatedBounds(tuple(window), (inside, len(dated_years)), placed(early_year), placed(ds.coverage_end), undated)


@dataclass(frozen=True)
class FoipFacts:
    """FOIP as coded against all other frameworks: counts, the running totals, and when (if) FOIP overtook."""

    announced: int  # the year Japan announced FOIP (the coding rule counts FOIP from it)
    foip: int  # dated FOIP initiatives
    other: int  # dated initiatives under every other framework
    foip_since: int  # dated FOIP initiatives from ``announced``
    other_since: int  # dated initiatives under other frameworks from ``announced``
    before_announced: int  # dated FOIP initiatives before ``announced`` (0 when the data follow the rule)
    overtake_year: int | None  # first year FOIP's running total leads and stays ahead
    last_year: int | None


def foip_facts(ds: Dataset) -> FoipFacts:
    """:class:`FoipFacts` of the dated initiatives (FOIP as the data code it)."""
    from indopac.analysis.counting import FOIP_ANNOUNCED

    ini = dated(ds.initiatives)
    is_foip = ini["framework"].astype(str).eq("FOIP")
    since = ini["year"] >= FOIP_ANNOUNCED
    c = counts_by_year(ds, "foip")
    return FoipFacts(
        announced=FOIP_ANNOUNCED,
        foip=int(is_foip.sum()),
        other=int((~is_foip).sum()),
        foip_since=int((is_foip & since).sum()),
        other_since=int((~is_foip & since).sum()),
        before_announced=int((is_foip & ~since).sum()),
        overtake_year=overtake_year(c, FOIP_LABELS[0], FOIP_LABELS[1]) if not c.empty else None,
        last_year=int(c["year"].max()) if not c.empty else None,
    )


def busiest_years(ds: Dataset) -> tuple[list[int], int]:
    """Every year sharing the most starts (a tie lists them all), and that count; ``([], 0)`` with none dated."""
    by = counts_by_year(ds)
    if by.empty or by["count"].max() == 0:
        return [], 0
    top = int(by["count"].max())
    return by.loc[by["count"] == top, "year"].astype(int).tolist(), top
