"""Counts and findings: pure functions of a :class:`~indopac.data.Dataset` that return tidy frames.

Every function here is vectorised (groupby, merge, no loops over rows), so it
scales to datasets far larger than the study's, and none of them changes its
input. Conventions:

- An initiative is counted once, in its **start year**; a recurring series
  (a dialogue held every year, say) counts once, in the year it began.
- Time-based results use dated initiatives only; every such function has a
  companion count of the undated ones it leaves out (:func:`n_undated`), and
  the figures say so.
- Codes stay codes (``JPN``, ``bilateral_other``); a ``label`` column carries
  the readable name where a chart needs one.
- The ``summary_*`` functions turn these frames into a few sentences of
  Markdown for the notebooks; every number in them is computed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from indopac.data import Dataset

#: groupings that :func:`counts_by_year` and friends accept
GROUPINGS = ("framework", "foip", "kind", "level", "status", "year_basis", "recurring")
FOIP_LABELS = ("FOIP", "Other frameworks")
_SIDE_OF_REGION = {"europe": "european", "indo_pacific": "indo_pacific", "other": "other"}


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


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[frame["year"].notna()].copy()
    out["year"] = out["year"].astype("int64")
    return out


def _check_grouping(by: str | None) -> None:
    if by is not None and by not in GROUPINGS:
        from indopac.params import ParameterError

        raise ParameterError(f"grouping: {by!r} is not valid; valid: {', '.join(GROUPINGS)}")


def _group_column(frame: pd.DataFrame, by: str) -> pd.Series:
    if by == "foip":
        return pd.Categorical(
            np.where(frame["framework"].astype(str).eq("FOIP"), FOIP_LABELS[0], FOIP_LABELS[1]),
            categories=list(FOIP_LABELS),
        )
    if by == "recurring":
        return pd.Categorical(np.where(frame["recurring"], "recurring", "single"), categories=["single", "recurring"])
    return frame[by]


def _year_span(ds: Dataset, years: tuple[int | None, int | None] | None) -> tuple[int, int] | None:
    full = ds.year_range()
    if full is None:
        return None
    lo, hi = full
    if years is not None:
        lo = years[0] if years[0] is not None else lo
        hi = years[1] if years[1] is not None else hi
    return lo, hi


def _labels_for(ds: Dataset, codes: pd.Series) -> pd.Series:
    names = ds.actors.set_index("code")["label"]
    return codes.astype(str).map(names).fillna(codes.astype(str))


def _side_of(ds: Dataset, code: str) -> str:
    region = ds.actors.set_index("code")["region"].astype(str)
    if code not in region.index:
        raise KeyError(f"{code!r} is not an actor code")
    return _SIDE_OF_REGION[region[code]]


def _other_side(side: str) -> str:
    return {"european": "indo_pacific", "indo_pacific": "european"}.get(side, "indo_pacific")


def _join_names(names: Sequence[str], limit: int = 6) -> str:
    names = list(names)
    if not names:
        return "none"
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


_THE = ("United Kingdom", "United States", "Netherlands", "Philippines", "Czech Republic")


def _the(name: str, start: bool = False) -> str:
    """'the United Kingdom', 'the Netherlands': the article English gives some country names."""
    if name.startswith(_THE):
        return ("The " if start else "the ") + name
    return name


def _pct(part: float, whole: float) -> str:
    return f"{(100 * part / whole):.0f}%" if whole else "0%"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


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
    _check_grouping(by)
    span = _year_span(ds, years)
    cols = ["year", *([by] if by else []), "count", "cumulative"]
    if span is None:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in cols})
    lo, hi = span
    ini = _dated(ds.initiatives)
    ini = ini[(ini["year"] >= lo) & (ini["year"] <= hi)]
    all_years = pd.RangeIndex(lo, hi + 1, name="year")
    if by is None:
        counts = ini.groupby("year").size().reindex(all_years, fill_value=0)
        out = counts.rename("count").reset_index()
        out["cumulative"] = out["count"].cumsum()
        return out.astype({"year": "int64", "count": "int64", "cumulative": "int64"})
    key = pd.Series(_group_column(ini, by), index=ini.index, name=by)
    counts = ini.groupby([ini["year"], key], observed=True).size()
    present = [v for v in key.cat.categories if v in set(key.dropna())] if hasattr(key, "cat") else sorted(key.unique())
    index = pd.MultiIndex.from_product([all_years, present], names=["year", by])
    counts = counts.reindex(index, fill_value=0).rename("count").reset_index()
    counts[by] = pd.Categorical(counts[by], categories=present)
    counts["cumulative"] = counts.groupby(by, observed=True)["count"].cumsum()
    return counts.astype({"year": "int64", "count": "int64", "cumulative": "int64"})


def last_decade_start(ds: Dataset) -> int:
    """First year of the study's "last decade": ten years before the study year (2013 for 2023)."""
    return ds.study_year - 10


def counts_by_period(ds: Dataset, split_year: int | None = None, by: str | None = None) -> pd.DataFrame:
    """Dated initiatives before and from ``split_year`` (default: :func:`last_decade_start`).

    Columns: ``period`` (e.g. "before 2013", "2013–2023"), [``by``], ``first_year``,
    ``last_year``, ``n_years`` (calendar years in the period, counted from the
    earliest dated initiative), ``count``, ``per_year``, ``share`` (of all dated).
    """
    _check_grouping(by)
    split = last_decade_start(ds) if split_year is None else int(split_year)
    span = ds.year_range()
    ini = _dated(ds.initiatives)
    lo = min(span[0], split) if span else split
    hi = max(span[1], ds.study_year) if span else ds.study_year
    periods = pd.Categorical(
        np.where(ini["year"] < split, f"before {split}", f"{split}–{hi}"),
        categories=[f"before {split}", f"{split}–{hi}"],
    )
    keys = [pd.Series(periods, index=ini.index, name="period")]
    if by:
        keys.append(pd.Series(_group_column(ini, by), index=ini.index, name=by))
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
    decade holding the study year, which the study covers only in part).
    """
    _check_grouping(by)
    ini = _dated(ds.initiatives)
    if ini.empty:
        return pd.DataFrame(columns=["decade", "label", *([by] if by else []), "count", "partial"])
    decade = (ini["year"] // 10 * 10).rename("decade")
    decades = pd.RangeIndex(int(decade.min()), int(decade.max()) + 10, 10, name="decade")
    if by is None:
        out = ini.groupby(decade).size().reindex(decades, fill_value=0).rename("count").reset_index()
    else:
        key = pd.Series(_group_column(ini, by), index=ini.index, name=by)
        present = [v for v in key.cat.categories if v in set(key.dropna())]
        idx = pd.MultiIndex.from_product([decades, present], names=["decade", by])
        out = ini.groupby([decade, key], observed=True).size().reindex(idx, fill_value=0).rename("count").reset_index()
        out[by] = pd.Categorical(out[by], categories=present)
    out.insert(1, "label", out["decade"].astype(str) + "s")
    out["partial"] = out["decade"].eq(ds.study_year // 10 * 10) & (ds.study_year % 10 != 9)
    return out.astype({"decade": "int64", "count": "int64"})


def counts_by(ds: Dataset, column: str) -> pd.DataFrame:
    """Initiatives per value of a closed-vocabulary column (kind, framework, level, status,
    year_basis, source_section), every declared value included (zeros too), in declared order.

    Columns: ``column``, ``label``, ``count``, ``share`` (of all initiatives).
    """
    from indopac.params import check_choice

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


# --- parties and pairs ----------------------------------------------------------------------


def _side_mask(p: pd.DataFrame, side: str) -> np.ndarray:
    """Rows of the long party view on ``side``, compared on the categorical codes."""
    sides = p["side"]
    return (sides.cat.codes == sides.cat.categories.get_loc(side)).to_numpy()


def _pair_rows(ds: Dataset) -> pd.DataFrame:
    """The one European x Indo-Pacific self-merge of the project, on integers.

    One row per (initiative, European party, Indo-Pacific party): ``row`` (position of the
    initiative in ``ds.initiatives``), ``european`` and ``indo_pacific`` (categorical actor
    codes). Sorted by row, then the two actors in actors.csv order. :func:`pairs` is its public,
    readable view; :mod:`indopac.network` builds its graph and tables from it directly.
    Cost: one merge of two integer frames and one sort; no loop over initiatives.
    """
    p = ds.initiative_parties
    row = pd.Index(ds.initiatives["initiative_id"]).get_indexer(p["initiative_id"])
    actor = p["actor"]
    eu_mask, ip_mask = _side_mask(p, "european"), _side_mask(p, "indo_pacific")
    eu = pd.DataFrame({"row": row[eu_mask], "european": actor.array[eu_mask]})
    ip = pd.DataFrame({"row": row[ip_mask], "indo_pacific": actor.array[ip_mask]})
    links = eu.merge(ip, on="row", how="inner", sort=False)
    order = np.lexsort((links["indo_pacific"].cat.codes, links["european"].cat.codes, links["row"]))
    return links.iloc[order].reset_index(drop=True)


def _id_rank(ds: Dataset) -> np.ndarray:
    """Position of each initiative of ``ds.initiatives`` in sorted id order."""
    ids = ds.initiatives["initiative_id"]
    if ids.is_monotonic_increasing:
        return np.arange(len(ids))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(ids.to_numpy(dtype=str), kind="stable")] = np.arange(len(ids))
    return rank


def pairs(ds: Dataset) -> pd.DataFrame:
    """One row per (initiative, European party, Indo-Pacific party) that meet in an initiative.

    Columns: ``initiative_id``, ``european``, ``indo_pacific`` (actor codes), ``year`` (Int64, NA
    when undated), ``framework``, ``kind``. In the order of ``ds.initiatives``, then the two
    actors in actors.csv order.
    """
    links = _pair_rows(ds)
    rows = links["row"].to_numpy()
    ini = ds.initiatives
    out = pd.DataFrame({"initiative_id": ini["initiative_id"].take(rows).reset_index(drop=True)})
    out["european"] = links["european"].astype(str)
    out["indo_pacific"] = links["indo_pacific"].astype(str)
    for column in ("year", "framework", "kind"):
        out[column] = ini[column].take(rows).reset_index(drop=True)
    return out


def parties_table(ds: Dataset, side: str | None = None) -> pd.DataFrame:
    """Every party with how much it takes part: most active first.

    Columns: ``actor``, ``label``, ``side``, ``actor_kind`` (state | organisation | grouping),
    ``initiatives``, ``share`` (of all initiatives), ``foip`` (how many under FOIP),
    ``partners`` (distinct parties met on the other side), ``first_year``, ``last_year``
    (among dated initiatives; NA if none is dated), ``undated``.
    """
    p = ds.initiative_parties
    if side is not None:
        from indopac.params import check_choice

        check_choice("side", side, ("european", "indo_pacific", "other"))
        p = p[p["side"] == side]
    p = p.assign(actor=p["actor"].astype(str), is_foip=p["framework"].astype(str).eq("FOIP"),
                 is_undated=p["year"].isna())
    g = p.groupby(["actor", "side"], observed=True)
    out = g.agg(
        initiatives=("initiative_id", "nunique"),
        foip=("is_foip", "sum"),
        first_year=("year", "min"),
        last_year=("year", "max"),
        undated=("is_undated", "sum"),
    ).reset_index()
    pr = pairs(ds)
    partners = pd.concat(
        [
            pr.groupby("european")["indo_pacific"].nunique().rename_axis("actor").rename("partners").reset_index()
            .assign(side="european"),
            pr.groupby("indo_pacific")["european"].nunique().rename_axis("actor").rename("partners").reset_index()
            .assign(side="indo_pacific"),
        ]
    )
    out["side"] = out["side"].astype(str)
    out = out.merge(partners, on=["actor", "side"], how="left")
    out["partners"] = out["partners"].fillna(0).astype("int64")
    kinds = ds.actors.set_index("code")["kind"].astype(str)
    out.insert(1, "label", _labels_for(ds, out["actor"]))
    out.insert(3, "actor_kind", out["actor"].map(kinds))
    total = len(ds.initiatives)
    out.insert(5, "share", out["initiatives"] / total if total else 0.0)
    out = out.astype({"initiatives": "int64", "foip": "int64", "undated": "int64"})
    out["first_year"] = out["first_year"].astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    cols = ["actor", "label", "side", "actor_kind", "initiatives", "share", "foip", "partners",
            "first_year", "last_year", "undated"]
    return out[cols].sort_values(["initiatives", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def initiatives_table(ds: Dataset) -> pd.DataFrame:
    """A readable table of every initiative: year, title, parties by name, framework, kind, domains.

    Sorted by year (undated last), then title; list columns joined with ", ".
    """
    ini = ds.initiatives
    names = ds.actors.set_index("code")["label"].to_dict()
    dom = ds.domains.set_index("code")["label"].to_dict()

    def join(col: str, mapping: dict) -> pd.Series:
        # One str.join per tuple: far faster than a groupby-join over the exploded codes.
        return ini[col].map(lambda codes: ", ".join(mapping.get(c, c) for c in codes))

    def named(col: str) -> pd.Series:
        values = ini[col].astype(str)
        return values.map({v: _label(col, v) for v in values.unique()})

    from indopac.labels import label as _label

    out = pd.DataFrame(
        {
            "year": ini["year"],
            "title": ini["title"],
            "European parties": join("european_parties", names),
            "Indo-Pacific parties": join("indo_pacific_parties", names),
            "framework": named("framework"),
            "kind": named("kind"),
            "domains": join("domains", dom),
            "date": ini["year_basis"].astype(str),
            "section": ini["source_section"].astype(str),
            "id": ini["initiative_id"],
        }
    )
    return out.sort_values(["year", "title"], na_position="last", kind="stable").reset_index(drop=True)


# --- first contacts and the expanding geography -----------------------------------------------


def first_contacts(ds: Dataset) -> pd.DataFrame:
    """For each (European party, Indo-Pacific partner) pair: when they first appear together.

    Columns: ``european``, ``indo_pacific``, ``initiatives`` (all shared initiatives, dated
    or not), ``first_year`` (earliest start year, NA if every shared initiative is undated),
    ``first_initiative`` (its id; ties broken by month, then id), ``entry`` (True when this is
    the European party's first year with any partner). Sorted by first year, then codes.
    """
    return _first_contacts(ds, _pair_rows(ds))


def _first_contacts(ds: Dataset, links: pd.DataFrame) -> pd.DataFrame:
    """:func:`first_contacts` from ``links`` = :func:`_pair_rows` of ``ds``.

    Vectorised: every initiative's rank in start order (year, month, id), then one groupby of the
    pair rows on the two actor codes. :mod:`indopac.network` calls it with pair rows it already has.
    """
    ini = ds.initiatives
    # Every initiative's place in start order: year, month (unknown last), id; undated last.
    year = ini["year"].to_numpy(dtype="float64", na_value=np.inf)
    month = ini["month"].to_numpy(dtype="float64", na_value=13.0)
    by_start = np.lexsort((_id_rank(ds), month, year))
    start_rank = np.empty(len(ini), dtype=np.int64)
    start_rank[by_start] = np.arange(len(ini))
    frame = pd.DataFrame(
        {
            "european": links["european"],
            "indo_pacific": links["indo_pacific"],
            "rank": start_rank[links["row"].to_numpy()],
        }
    )
    g = frame.groupby(["european", "indo_pacific"], observed=True, sort=False)["rank"]
    out = g.agg(initiatives="size", first="min").reset_index()
    first_row = by_start[out["first"].to_numpy()]
    first_year = ini["year"].take(first_row).reset_index(drop=True)
    first_initiative = ini["initiative_id"].take(first_row).reset_index(drop=True)
    out = pd.DataFrame(
        {
            "european": out["european"].astype(str),
            "indo_pacific": out["indo_pacific"].astype(str),
            "initiatives": out["initiatives"].astype("int64"),
            "first_year": first_year.astype("Int64"),
            "first_initiative": first_initiative.where(first_year.notna()),
        }
    )
    entry_year = out.groupby("european")["first_year"].transform("min")
    out["entry"] = out["first_year"].eq(entry_year).fillna(False).astype(bool)
    out = out.sort_values(["first_year", "european", "indo_pacific"], na_position="last", kind="stable")
    return out.reset_index(drop=True)


def new_entrants(ds: Dataset, *, states_only: bool = False) -> pd.DataFrame:
    """Each European party's entry: the first year it appears with any Indo-Pacific partner.

    Columns: ``actor``, ``label``, ``actor_kind``, ``first_year`` (NA if it appears only
    in undated initiatives), ``first_partners`` (codes met in that year, ``;``-joined),
    ``partners`` (distinct partners ever), ``partner_codes`` (``;``-joined, in order of first
    contact), ``initiatives``. Sorted by entry year.
    """
    fc = first_contacts(ds)
    kinds = ds.actors.set_index("code")["kind"].astype(str)
    if states_only:
        fc = fc[fc["european"].map(kinds).eq("state")]
    pr = pairs(ds)
    n_ini = pr.groupby("european")["initiative_id"].nunique().rename("initiatives")
    g = fc.groupby("european", sort=False)
    out = pd.DataFrame(
        {
            "first_year": g["first_year"].min(),
            "partners": g["indo_pacific"].nunique(),
            "partner_codes": g["indo_pacific"].agg(";".join),
            "first_partners": fc[fc["entry"]].groupby("european")["indo_pacific"].agg(";".join),
        }
    )
    out["first_partners"] = out["first_partners"].fillna("")
    out = out.join(n_ini).rename_axis("actor").reset_index()
    out.insert(1, "label", _labels_for(ds, out["actor"]))
    out.insert(2, "actor_kind", out["actor"].map(kinds))
    out["first_year"] = out["first_year"].astype("Int64")
    out = out.sort_values(["first_year", "actor"], na_position="last", kind="stable").reset_index(drop=True)
    return out[["actor", "label", "actor_kind", "first_year", "first_partners", "partners", "partner_codes",
                "initiatives"]].astype({"partners": "int64", "initiatives": "int64"})


def entrants_by_year(ds: Dataset, *, states_only: bool = False,
                     years: tuple[int | None, int | None] | None = None) -> pd.DataFrame:
    """New European parties per year (every year of the range) and the running total.

    Columns: ``year``, ``new``, ``cumulative``, ``names`` (labels of the new entrants, ", "-joined).
    Parties seen only in undated initiatives are not counted; the cumulative total
    includes parties that entered before ``years[0]``.
    """
    ent = new_entrants(ds, states_only=states_only)
    ent = ent[ent["first_year"].notna()]
    span = _year_span(ds, years)
    if span is None:
        return pd.DataFrame({"year": [], "new": [], "cumulative": [], "names": []})
    lo, hi = span
    yr = ent["first_year"].astype("int64")
    all_years = pd.RangeIndex(lo, hi + 1, name="year")
    new = ent.groupby(yr)["actor"].size().reindex(all_years, fill_value=0)
    names = ent.groupby(yr)["label"].agg(", ".join).reindex(all_years, fill_value="")
    before = int((yr < lo).sum())
    out = pd.DataFrame({"new": new, "names": names}).reset_index()
    out["cumulative"] = out["new"].cumsum() + before
    return out[["year", "new", "cumulative", "names"]].astype({"year": "int64", "new": "int64", "cumulative": "int64"})


# --- domains ----------------------------------------------------------------------------------


def _domain_frame(ds: Dataset) -> pd.DataFrame:
    d = ds.domains[["code", "label", "group"]].rename(columns={"code": "domain"})
    return d.assign(group=d["group"].astype(str))


def domain_shares(ds: Dataset) -> pd.DataFrame:
    """How many initiatives cover each domain (an initiative may cover several).

    Columns: ``domain``, ``label``, ``group``, ``count``, ``share`` (of all initiatives; shares
    add up to more than 1 because initiatives have several domains). Every domain of
    domains.csv appears, most covered first.
    """
    counts = ds.initiative_domains.groupby("domain", observed=False)["initiative_id"].nunique()
    out = _domain_frame(ds).merge(counts.rename("count").reset_index().assign(domain=lambda f: f["domain"].astype(str)),
                                  on="domain", how="left")
    out["count"] = out["count"].fillna(0).astype("int64")
    total = len(ds.initiatives)
    out["share"] = out["count"] / total if total else 0.0
    order = {c: i for i, c in enumerate(ds.domains["code"])}
    out["_o"] = out["domain"].map(order)
    return out.sort_values(["count", "_o"], ascending=[False, True], kind="stable").drop(columns="_o").reset_index(drop=True)


def domain_group_shares(ds: Dataset) -> pd.DataFrame:
    """Initiatives covering at least one domain of each group (traditional, emerging, industrial, other).

    Columns: ``group``, ``count``, ``share`` (of all initiatives).
    """
    d = ds.initiative_domains
    groups = list(ds.domains["group"].cat.categories)
    counts = d.drop_duplicates(["initiative_id", "group"]).groupby("group", observed=False).size().reindex(groups, fill_value=0)
    out = counts.rename("count").rename_axis("group").reset_index()
    out["group"] = out["group"].astype(str)
    total = len(ds.initiatives)
    out["share"] = out["count"] / total if total else 0.0
    return out.astype({"count": "int64"})


def domain_by_party(ds: Dataset, side: str = "european", *, states_only: bool = False,
                    parties: Iterable[str] | None = None) -> pd.DataFrame:
    """Initiatives per (party, domain) for one side, long and tidy (only non-zero cells).

    Columns: ``actor``, ``label``, ``domain``, ``domain_label``, ``group``, ``count``, ``share``
    (of that party's initiatives). ``parties`` restricts to given codes.
    """
    from indopac.params import check_choice

    check_choice("side", side, ("european", "indo_pacific", "other"))
    p = ds.initiative_parties
    p = p.loc[p["side"] == side, ["initiative_id", "actor"]].assign(actor=lambda f: f["actor"].astype(str))
    if states_only:
        kinds = ds.actors.set_index("code")["kind"].astype(str)
        p = p[p["actor"].map(kinds).eq("state")]
    if parties is not None:
        p = p[p["actor"].isin(list(parties))]
    totals = p.groupby("actor")["initiative_id"].nunique()
    d = ds.initiative_domains[["initiative_id", "domain", "group"]]
    m = p.merge(d, on="initiative_id")
    out = m.groupby(["actor", "domain"], observed=True)["initiative_id"].nunique().rename("count").reset_index()
    out["domain"] = out["domain"].astype(str)
    dom = _domain_frame(ds).rename(columns={"label": "domain_label"})
    out = out.merge(dom, on="domain", how="left")
    out.insert(1, "label", _labels_for(ds, out["actor"]))
    out["share"] = out["count"] / out["actor"].map(totals)
    return out[["actor", "label", "domain", "domain_label", "group", "count", "share"]].astype({"count": "int64"})


def matrix(long: pd.DataFrame, index: str, columns: str, values: str = "count", *,
           index_order: Sequence[str] | None = None, column_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Pivot a long frame into a table (zeros for missing cells), rows and columns in the given order."""
    wide = long.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0, observed=True)
    if index_order is not None:
        wide = wide.reindex([i for i in index_order], fill_value=0)
    if column_order is not None:
        wide = wide.reindex(columns=[c for c in column_order], fill_value=0)
    wide.columns.name = columns
    wide.index.name = index
    return wide


def domain_first_years(ds: Dataset) -> pd.DataFrame:
    """When each domain first appears: its earliest dated initiative.

    Columns: ``domain``, ``label``, ``group``, ``first_year`` (NA if it occurs only undated or not
    at all), ``first_initiative``, ``initiatives`` (all), ``dated``. Sorted by first year.
    """
    d = ds.initiative_domains
    month = ds.initiatives.set_index("initiative_id")["month"]
    dated = d[d["year"].notna()].assign(month=lambda f: f["initiative_id"].map(month).fillna(13))
    dated = dated.sort_values(["year", "month", "initiative_id"], kind="stable").drop_duplicates("domain")
    first = dated.assign(domain=dated["domain"].astype(str)).set_index("domain")[["year", "initiative_id"]]
    n_all = d.groupby("domain", observed=False)["initiative_id"].nunique()
    n_dated = d[d["year"].notna()].groupby("domain", observed=False)["initiative_id"].nunique()
    out = _domain_frame(ds).set_index("domain")
    out["first_year"] = first["year"].astype("Int64")
    out["first_initiative"] = first["initiative_id"]
    out["initiatives"] = n_all.rename(index=str).reindex(out.index, fill_value=0).astype("int64")
    out["dated"] = n_dated.rename(index=str).reindex(out.index, fill_value=0).astype("int64")
    out = out.reset_index()
    order = {c: i for i, c in enumerate(ds.domains["code"])}
    out["_o"] = out["domain"].map(order)
    out = out.sort_values(["first_year", "_o"], na_position="last", kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def domain_groups_by_year(ds: Dataset, *, years: tuple[int | None, int | None] | None = None) -> pd.DataFrame:
    """Initiatives started per year that cover each domain group (an initiative counts once per group).

    Columns: ``year``, ``group``, ``count``, ``cumulative``; every year and group of the range.
    """
    span = _year_span(ds, years)
    groups = [g for g in ds.domains["group"].cat.categories]
    if span is None:
        return pd.DataFrame(columns=["year", "group", "count", "cumulative"])
    lo, hi = span
    d = _dated(ds.initiative_domains.drop_duplicates(["initiative_id", "group"]))
    d = d[(d["year"] >= lo) & (d["year"] <= hi)]
    idx = pd.MultiIndex.from_product([pd.RangeIndex(lo, hi + 1), groups], names=["year", "group"])
    out = d.groupby(["year", "group"], observed=True).size().reindex(idx, fill_value=0).rename("count").reset_index()
    out["group"] = pd.Categorical(out["group"], categories=groups)
    out["cumulative"] = out.groupby("group", observed=False)["count"].cumsum()
    return out.astype({"year": "int64", "count": "int64", "cumulative": "int64"})


def domain_groups_by_period(ds: Dataset, split_year: int | None = None) -> pd.DataFrame:
    """Domain-group coverage before and from ``split_year``: count and share of the period's initiatives.

    Columns: ``period``, ``group``, ``count``, ``initiatives`` (dated initiatives in the period),
    ``share``.
    """
    split = last_decade_start(ds) if split_year is None else int(split_year)
    hi = ds.study_year
    labels_ = [f"before {split}", f"{split}–{max(hi, split)}"]
    ini = _dated(ds.initiatives)
    period_of = pd.Series(np.where(ini["year"] < split, labels_[0], labels_[1]), index=ini["initiative_id"].to_numpy())
    d = ds.initiative_domains.drop_duplicates(["initiative_id", "group"])
    d = d[d["initiative_id"].isin(period_of.index)]
    d = d.assign(period=pd.Categorical(d["initiative_id"].map(period_of), categories=labels_))
    groups = list(ds.domains["group"].cat.categories)
    idx = pd.MultiIndex.from_product([labels_, groups], names=["period", "group"])
    out = d.groupby(["period", "group"], observed=True).size().reindex(idx, fill_value=0).rename("count").reset_index()
    per = pd.Series(period_of.to_numpy()).value_counts().reindex(labels_, fill_value=0)
    out["initiatives"] = out["period"].map(per).astype("int64")
    out["share"] = np.where(out["initiatives"] > 0, out["count"] / out["initiatives"].where(out["initiatives"] > 0, 1), 0.0)
    return out.astype({"count": "int64"})


# --- one country --------------------------------------------------------------------------------


def country_side(ds: Dataset, country: str) -> str:
    """'european' or 'indo_pacific': the side a country's region puts it on."""
    return _side_of(ds, country)


def country_timeline(ds: Dataset, country: str) -> pd.DataFrame:
    """One row per (initiative of ``country``, partner on the other side): a swimlane timeline.

    Columns: ``initiative_id``, ``title``, ``year`` (Int64, NA when undated), ``framework``,
    ``kind``, ``partner``, ``partner_label``, ``partners_in_initiative`` (how many partners the
    initiative has on the other side). Sorted by year (undated last), partner.
    """
    side = _side_of(ds, country)
    other = _other_side(side)
    p = ds.initiative_parties
    mine = p.loc[(p["actor"] == country) & (p["side"] == side), "initiative_id"]
    part = p.loc[p["initiative_id"].isin(mine) & (p["side"] == other), ["initiative_id", "actor"]]
    part = part.assign(partner=part["actor"].astype(str)).drop(columns="actor")
    ini = ds.initiatives.loc[ds.initiatives["initiative_id"].isin(mine), ["initiative_id", "title", "year", "framework", "kind"]]
    out = ini.merge(part, on="initiative_id", how="left")
    out["partner"] = out["partner"].fillna("")
    out["partner_label"] = _labels_for(ds, out["partner"]).where(out["partner"].ne(""), "")
    out["partners_in_initiative"] = out["partner"].ne("").groupby(out["initiative_id"]).transform("sum").astype("int64")
    out = out.sort_values(["year", "partner", "initiative_id"], na_position="last", kind="stable")
    return out.reset_index(drop=True)


def country_partners(ds: Dataset, country: str, *, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """The parties ``country`` meets on the other side, most frequent first.

    Columns: ``partner``, ``label``, ``actor_kind``, ``initiatives``, ``first_year``, ``last_year``,
    ``foip`` (shared initiatives under FOIP), ``undated``. ``timeline`` is
    ``country_timeline(ds, country)`` when the caller already has it (not modified).
    """
    t = country_timeline(ds, country) if timeline is None else timeline
    t = t[t["partner"].ne("")]
    g = t.assign(is_foip=t["framework"].astype(str).eq("FOIP"), is_undated=t["year"].isna()).groupby("partner")
    out = g.agg(
        initiatives=("initiative_id", "nunique"),
        first_year=("year", "min"),
        last_year=("year", "max"),
        foip=("is_foip", "sum"),
        undated=("is_undated", "sum"),
    ).reset_index()
    kinds = ds.actors.set_index("code")["kind"].astype(str)
    out.insert(1, "label", _labels_for(ds, out["partner"]))
    out.insert(2, "actor_kind", out["partner"].map(kinds))
    out["first_year"] = out["first_year"].astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    out = out.astype({"initiatives": "int64", "foip": "int64", "undated": "int64"})
    return out.sort_values(["initiatives", "partner"], ascending=[False, True], kind="stable").reset_index(drop=True)


def country_domains(ds: Dataset, country: str) -> pd.DataFrame:
    """Domains of ``country``'s initiatives, against all initiatives of its side.

    Columns: ``domain``, ``label``, ``group``, ``count``, ``share`` (of the country's
    initiatives), ``side_share`` (share of all initiatives with a party on that side).
    Only domains the country covers; most covered first.
    """
    side = _side_of(ds, country)
    p = ds.initiative_parties
    mine = p.loc[p["actor"] == country, "initiative_id"].unique()
    d = ds.initiative_domains
    counts = d[d["initiative_id"].isin(mine)].groupby("domain", observed=True)["initiative_id"].nunique()
    side_ids = p.loc[p["side"] == side, "initiative_id"].unique()
    side_counts = d[d["initiative_id"].isin(side_ids)].groupby("domain", observed=True)["initiative_id"].nunique()
    out = _domain_frame(ds).set_index("domain")
    out["count"] = counts.rename(index=str).reindex(out.index, fill_value=0)
    out["share"] = out["count"] / len(mine) if len(mine) else 0.0
    out["side_share"] = side_counts.rename(index=str).reindex(out.index, fill_value=0) / max(len(side_ids), 1)
    out = out[out["count"] > 0].reset_index()
    order = {c: i for i, c in enumerate(ds.domains["code"])}
    out["_o"] = out["domain"].map(order)
    out = out.sort_values(["count", "_o"], ascending=[False, True], kind="stable").drop(columns="_o")
    return out.astype({"count": "int64"}).reset_index(drop=True)


def peers(ds: Dataset, country: str, n: int | None = None, *, table: pd.DataFrame | None = None) -> list[str]:
    """States on the same side as ``country`` that take part in the data, most active first (country excluded).

    ``n`` keeps the ``n`` most active. ``table`` is ``parties_table(ds, <country's side>)``
    when the caller already has it (not modified).
    """
    side = _side_of(ds, country)
    if table is None:
        table = parties_table(ds, side)
    states = table[(table["actor_kind"] == "state") & (table["actor"] != country)]["actor"].tolist()
    return states if n is None else states[:n]


def peer_comparison(ds: Dataset, country: str, peer_codes: Iterable[str] | None = None) -> pd.DataFrame:
    """``country`` against its peers: initiatives, partners, domains, FOIP share, entry year.

    Columns: ``actor``, ``label``, ``initiatives``, ``partners``, ``domains`` (distinct domains
    covered), ``foip``, ``first_year``, ``rank`` (1 = most initiatives; ties share a rank),
    ``is_focus``. Peers default to every state on the same side.
    """
    side = _side_of(ds, country)
    table = parties_table(ds, side)
    codes = [country, *(peers(ds, country, table=table) if peer_codes is None else [c for c in peer_codes if c != country])]
    table = table[table["actor"].isin(codes)]
    p = ds.initiative_parties
    p = p.loc[(p["side"] == side), ["initiative_id", "actor"]].assign(actor=lambda f: f["actor"].astype(str))
    p = p[p["actor"].isin(codes)]
    dom = p.merge(ds.initiative_domains[["initiative_id", "domain"]], on="initiative_id")
    n_dom = dom.groupby("actor")["domain"].nunique()
    out = table[["actor", "label", "initiatives", "partners", "foip", "first_year"]].copy()
    out.insert(4, "domains", out["actor"].map(n_dom).fillna(0).astype("int64"))
    out["rank"] = out["initiatives"].rank(method="min", ascending=False).astype("int64")
    out["is_focus"] = out["actor"].eq(country)
    return out.reset_index(drop=True)


# --- summaries (Markdown, numbers computed) ---------------------------------------------------------


def summary_overview(ds: Dataset) -> str:
    """What the dataset holds, in three sentences."""
    ini = ds.initiatives
    n = len(ini)
    span = ds.year_range()
    eu = ds.parties("european")
    ip = ds.parties("indo_pacific")
    kinds = counts_by(ds, "kind").sort_values("count", ascending=False, kind="stable")
    fw = counts_by(ds, "framework").sort_values("count", ascending=False, kind="stable")
    q = counts_by(ds, "year_basis").set_index("year_basis")["count"]
    top_k = kinds.iloc[0]
    top_f = fw.iloc[0]
    span_txt = f"start between {span[0]} and {span[1]}" if span else "have no start year"
    return (
        f"The dataset codes **{n} initiatives** from the study; the dated ones {span_txt}. "
        f"They involve {_plural(len(eu), 'European party', 'European parties')} and "
        f"{_plural(len(ip), 'Indo-Pacific party', 'Indo-Pacific parties')}. "
        f"The most common kind is *{top_k['label'].lower()}* ({top_k['count']}, {_pct(top_k['count'], n)}), "
        f"and the most common framework is {top_f['label']} ({top_f['count']}, {_pct(top_f['count'], n)}). "
        f"Dates: {q.get('stated', 0)} stated in the study, {q.get('inferred', 0)} inferred from a relative date, "
        f"and {q.get('unknown', 0)} undated ({_pct(q.get('unknown', 0), n)}), which time charts leave out."
    )


def summary_trends(ds: Dataset, split_year: int | None = None) -> str:
    """Proliferation: the last decade against everything before it."""
    per = counts_by_period(ds, split_year)
    if per["count"].sum() == 0:
        return "No dated initiative is in the selection, so there is no trend to show."
    before, recent = per.iloc[0], per.iloc[1]
    foip = counts_by_period(ds, split_year, by="foip")
    foip_recent = int(foip.loc[(foip["period"] == recent["period"]) & (foip["foip"] == "FOIP"), "count"].sum())
    by_year = counts_by_year(ds)
    peak = by_year.sort_values(["count", "year"], ascending=[False, True]).iloc[0]
    ratio = (recent["per_year"] / before["per_year"]) if before["per_year"] else float("inf")
    ratio_txt = f"about {ratio:.0f} times the earlier rate" if np.isfinite(ratio) and ratio >= 1.5 else (
        "a rate similar to before" if np.isfinite(ratio) else "against none before")
    total = int(per["count"].sum())
    return (
        f"Of {total} dated initiatives, **{recent['count']} ({_pct(recent['count'], total)}) started in "
        f"{recent['period']}**, {recent['per_year']:.1f} a year, against {before['count']} in the "
        f"{before['n_years']} years {before['period']} ({before['per_year']:.2f} a year): {ratio_txt}. "
        f"{foip_recent} of the {recent['count']} recent ones are under FOIP. "
        f"The busiest year is {int(peak['year'])}, with {int(peak['count'])}. "
        f"{_plural(n_undated(ds), 'undated initiative')} cannot be placed in time and are left out."
    )


def summary_geography(ds: Dataset) -> str:
    """The expanding geography: who entered when, and whom they reach."""
    ent = new_entrants(ds, states_only=True)
    dated = ent[ent["first_year"].notna()]
    if dated.empty:
        return "No European state appears in a dated initiative in the selection."
    split = last_decade_start(ds)
    recent = dated[dated["first_year"] >= split]
    first = dated.iloc[0]
    fc = first_contacts(ds)
    reach = fc.groupby("indo_pacific")["european"].nunique().sort_values(ascending=False, kind="stable")
    top = reach.index[0]
    only_one = int(ent["partners"].eq(1).sum())
    names = _join_names(recent["label"].tolist(), limit=8)
    return (
        f"{_plural(len(dated), 'European state')} appear{'s' if len(dated) == 1 else ''} in dated initiatives. "
        f"The earliest is {first['label']} ({int(first['first_year'])}); "
        f"**{len(recent)} first appear{'s' if len(recent) == 1 else ''} in {split} or later**: {names}. "
        f"{_the(ds.actor_name(top), True)} is the partner most European parties reach ({reach.iloc[0]} of {fc['european'].nunique()}), "
        f"and {_plural(only_one, 'European state')} {'has' if only_one == 1 else 'have'} a single Indo-Pacific partner so far."
    )


def summary_domains(ds: Dataset) -> str:
    """Which domains cooperation covers, and when the emerging ones appear."""
    shares = domain_shares(ds)
    n = len(ds.initiatives)
    if n == 0:
        return "The selection holds no initiative."
    covered = shares[shares["count"] > 0]
    top3 = covered.head(3)
    top_txt = _join_names([f"{r.label.lower()} ({r.count}, {_pct(r.count, n)})" for r in top3.itertuples()])
    groups = domain_group_shares(ds).set_index("group")
    firsts = domain_first_years(ds).set_index("domain")

    def first(code: str) -> str:
        if code not in firsts.index or pd.isna(firsts.at[code, "first_year"]):
            return f"{firsts.at[code, 'label'].lower() if code in firsts.index else code} (no dated initiative)"
        return f"{firsts.at[code, 'label'].lower()} in {int(firsts.at[code, 'first_year'])}"

    seq = [c for c in ("maritime", "cyber", "space", "disinformation") if c in firsts.index]
    return (
        f"The most covered domains are {top_txt}. "
        f"{groups.at['traditional', 'count'] if 'traditional' in groups.index else 0} initiatives touch a traditional "
        f"domain, {groups.at['emerging', 'count'] if 'emerging' in groups.index else 0} an emerging one (cyber, space, "
        f"disinformation, new technologies) and {groups.at['industrial', 'count'] if 'industrial' in groups.index else 0} "
        f"defence industry. First dated appearance: {_join_names([first(c) for c in seq])}."
    )


def summary_country(ds: Dataset, country: str) -> str:
    """One country's record: how much, with whom, in which domains, against its peers."""
    name = ds.actor_name(country)
    t = country_timeline(ds, country)
    n = t["initiative_id"].nunique()
    part = country_partners(ds, country, timeline=t)
    dom = country_domains(ds, country)
    comp = peer_comparison(ds, country)
    me = comp[comp["is_focus"]].iloc[0]
    years = t["year"].dropna()
    undated = t.drop_duplicates("initiative_id")["year"].isna().sum()
    side_word = "European" if country_side(ds, country) == "european" else "Indo-Pacific"
    span = (f"from {int(years.min())} to {int(years.max())}" if years.min() != years.max() else f"in {int(years.min())}") if len(years) else "none of them dated"
    top_p = _join_names([f"{r.label} ({r.initiatives})" for r in part.head(3).itertuples()]) if len(part) else "no partner"
    top_d = _join_names([f"{r.label.lower()} ({r.count})" for r in dom.head(3).itertuples()]) if len(dom) else "no coded domain"
    ranked = f"ranks {int(me['rank'])} of {len(comp)} {side_word} states by number of initiatives"
    return (
        f"**{_the(name, True)}** is party to {_plural(n, 'initiative')} ({span}"
        f"{f'; {undated} undated' if undated and len(years) else ''}) with "
        f"{_plural(len(part), 'partner')}: {top_p}. Its main domains are {top_d}. "
        f"It {ranked}."
    )


# --- more tables ---------------------------------------------------------------------------------

#: the study's section headings, short, for axis labels
SECTION_TITLES = {
    "summary": "Summary",
    "1": "1 Early partnerships",
    "2.1": "2.1 The Indo-Pacific and FOIP",
    "2.2": "2.2 France and the UK with Japan",
    "2.3": "2.3 Expanding geography",
    "3.1": "3.1 Maritime security",
    "3.2": "3.2 Emerging domains",
    "3.3": "3.3 Defence equipment",
    "4": "4 Other bilateral partnerships",
    "concluding": "Concluding notes",
}


def domain_by(ds: Dataset, column: str = "framework") -> pd.DataFrame:
    """Initiatives per (value of ``column``, domain): long, only non-zero cells.

    Columns: ``column``, ``domain``, ``domain_label``, ``group``, ``count``, ``share`` (of the
    initiatives with that value of ``column``).
    """
    from indopac.params import check_choice

    check_choice("column", column, ("framework", "kind", "level", "year_basis"))
    d = ds.initiative_domains
    out = d.groupby([column, "domain"], observed=True)["initiative_id"].nunique().rename("count").reset_index()
    totals = ds.initiatives.groupby(column, observed=True).size()
    out[column] = out[column].astype(str)
    out["domain"] = out["domain"].astype(str)
    out = out.merge(_domain_frame(ds).rename(columns={"label": "domain_label"}), on="domain", how="left")
    out["share"] = out["count"] / out[column].map(totals.rename(index=str)).astype(float)
    return out[[column, "domain", "domain_label", "group", "count", "share"]].astype({"count": "int64"})


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


# --- headlines: finding-stating figure titles, computed ------------------------------------------


def headline_composition(ds: Dataset) -> str:
    n = len(ds.initiatives)
    if n == 0:
        return "No initiative is in the selection"
    fw = counts_by(ds, "framework").sort_values("count", ascending=False, kind="stable").iloc[0]
    kind = counts_by(ds, "kind").sort_values("count", ascending=False, kind="stable").iloc[0]
    return (f"{fw['label']} frames {fw['count']} of the {n} initiatives; agreements, dialogues and meetings "
            f"outnumber exercises and deployments" if _talk_outnumbers_action(ds) else
            f"{fw['label']} frames {fw['count']} of the {n} initiatives; the commonest kind is "
            f"{kind['label'].lower()} ({kind['count']})")


def _talk_outnumbers_action(ds: Dataset) -> bool:
    k = ds.initiatives["kind"].astype(str)
    talk = k.isin(["agreement", "declaration", "dialogue", "ministerial_meeting", "summit", "conference"]).sum()
    action = k.isin(["exercise", "deployment", "operation"]).sum()
    return bool(talk > action)


def headline_sections(ds: Dataset) -> str:
    c = counts_by(ds, "source_section").sort_values("count", ascending=False, kind="stable").iloc[0]
    return (f"Section {c['source_section']} of the study ({SECTION_TITLES.get(c['source_section'], ' ').split(' ', 1)[1]}) "
            f"supplies the most initiatives: {c['count']} of {len(ds.initiatives)}")


def headline_parties(ds: Dataset) -> str:
    t = parties_table(ds)
    if t.empty:
        return "No party is in the selection"
    top, second = t.iloc[0], (t.iloc[1] if len(t) > 1 else None)
    more = f", {top['initiatives'] / second['initiatives']:.1f} times as many as {_the(second['label'])}" if (
        second is not None and second["initiatives"] and top["initiatives"] > second["initiatives"]) else ""
    return f"{_the(top['label'], True)} is party to {top['initiatives']} of the {len(ds.initiatives)} initiatives{more}"


def headline_dates(ds: Dataset) -> str:
    q = counts_by(ds, "year_basis").set_index("year_basis")["count"]
    n = len(ds.initiatives)
    return (f"{q.get('unknown', 0)} of {n} initiatives have no date in the study, and {q.get('inferred', 0)} "
            f"dates are inferred from relative phrases")


def headline_per_year(ds: Dataset, split_year: int | None = None) -> str:
    per = counts_by_period(ds, split_year)
    total = int(per["count"].sum())
    if total == 0:
        return "No dated initiative is in the selection"
    recent = per.iloc[1]
    by_year = counts_by_year(ds)
    peak = by_year.sort_values(["count", "year"], ascending=[False, True]).iloc[0]
    return (f"{recent['count']} of {total} dated initiatives started in {recent['period']}; "
            f"{int(peak['year'])} was the busiest year, with {int(peak['count'])}")


def headline_cumulative(ds: Dataset) -> str:
    c = counts_by_year(ds, "foip")
    if c.empty or c["count"].sum() == 0:
        return "No dated initiative is in the selection"
    year = overtake_year(c, FOIP_LABELS[0], FOIP_LABELS[1])
    last = c[c["year"] == c["year"].max()].set_index("foip")["cumulative"]
    foip, other = int(last.get(FOIP_LABELS[0], 0)), int(last.get(FOIP_LABELS[1], 0))
    if year is not None:
        return f"FOIP initiatives overtook all other frameworks combined in {year}: {foip} against {other} by {int(c['year'].max())}"
    return f"{foip} dated initiatives fall under FOIP and {other} under other frameworks"


def headline_decades(ds: Dataset) -> str:
    d = counts_by_decade(ds)
    if d.empty or d["count"].sum() == 0:
        return "No dated initiative is in the selection"
    top = d.sort_values(["count", "decade"], ascending=[False, False]).iloc[0]
    earlier = int(d.loc[d["decade"] < 2010, "count"].sum())
    since = int(d.loc[d["decade"] >= 2010, "count"].sum())
    part = " (still partial)" if top["partial"] else ""
    return (f"The {top['label']}{part} saw the most initiatives start ({top['count']}); "
            f"{since} started since 2010 against {earlier} in all earlier decades")


def headline_entrants(ds: Dataset) -> str:
    ent = new_entrants(ds, states_only=True)
    dated = ent[ent["first_year"].notna()]
    if dated.empty:
        return "No European state appears in a dated initiative in the selection"
    split = last_decade_start(ds)
    recent = int((dated["first_year"] >= split).sum())
    by_year = dated.groupby("first_year").size()
    busiest = int(by_year.idxmax())
    return (f"{recent} of {len(dated)} European states first appear in {split} or later; "
            f"{by_year.max()} in {busiest} alone")


def headline_first_contacts(ds: Dataset) -> str:
    ent = new_entrants(ds)
    dated = ent[ent["first_year"].notna()]
    if dated.empty:
        return "No European party appears in a dated initiative in the selection"
    fc = first_contacts(ds)
    via = fc[fc["entry"]].groupby("indo_pacific")["european"].nunique().sort_values(ascending=False, kind="stable")
    hub = via.index[0]
    return (f"{_the(ds.actor_name(hub), True)} is the first Indo-Pacific partner of {via.iloc[0]} of the {len(dated)} "
            f"European parties")


def headline_domain_shares(ds: Dataset, domains: Iterable[str] | None = None) -> str:
    s = domain_shares(ds)
    if domains is not None:
        s = s[s["domain"].isin(list(domains))]
    n = len(ds.initiatives)
    if n == 0 or s["count"].sum() == 0:
        return "No initiative in the selection covers these domains"
    top = s.iloc[0]
    second = s.iloc[1] if len(s) > 1 and s.iloc[1]["count"] > 0 else None
    tail = f", then {second['label'].lower()} ({second['count']})" if second is not None else ""
    return f"{top['label']} is the most covered domain: {top['count']} of {n} initiatives{tail}"


def headline_domains_by_party(ds: Dataset, side: str = "european", domains: Iterable[str] | None = None) -> str:
    m = domain_by_party(ds, side)
    if domains is not None:
        m = m[m["domain"].isin(list(domains))]
    if m.empty:
        return "No party on this side in the selection"
    breadth = m.groupby("label")["domain"].nunique()
    k = int(breadth.max())
    leaders = sorted(breadth.index[breadth == k])
    rest = int(breadth[breadth < k].max()) if (breadth < k).any() else 0
    who = "European" if side == "european" else "Indo-Pacific"
    if len(leaders) == 1:
        n_shown = len(set(domains)) if domains is not None else None
        span = f"all {k} domains shown" if n_shown == k else (f"{k} of the {n_shown} domains shown" if n_shown else f"{k} domains")
        return f"{_the(leaders[0], True)}'s initiatives span {span}; no other {who} party's initiatives span more than {rest}"
    names = _join_names([_the(x) for x in leaders])
    return f"{names[0].upper() + names[1:]} each span {k} domains, more than any other {who} party"


def headline_domain_groups(ds: Dataset, split_year: int | None = None) -> str:
    p = domain_groups_by_period(ds, split_year)
    em = p[p["group"] == "emerging"]
    if em.empty or em["initiatives"].sum() == 0:
        return "No dated initiative is in the selection"
    before, recent = em.iloc[0], em.iloc[1]
    return (f"Emerging domains feature in {_pct(recent['count'], recent['initiatives'])} of initiatives started in "
            f"{recent['period']}, against {_pct(before['count'], before['initiatives'])} {before['period']}")


def headline_domain_firsts(ds: Dataset) -> str:
    f = domain_first_years(ds).set_index("domain")
    parts = []
    for code in ("maritime", "cyber", "space", "disinformation"):
        if code in f.index and pd.notna(f.at[code, "first_year"]):
            parts.append(f"{code} {int(f.at[code, 'first_year'])}")
    if not parts:
        return "No dated initiative covers maritime security or an emerging domain"
    return "First dated appearance: " + ", ".join(parts)


def headline_domains_by_framework(ds: Dataset) -> str:
    m = domain_by(ds, "framework")
    if m.empty:
        return "No initiative is in the selection"
    foip = m[m["framework"] == "FOIP"].sort_values("count", ascending=False, kind="stable")
    if foip.empty:
        top = m.sort_values("count", ascending=False, kind="stable").iloc[0]
        return f"{top['domain_label']} under {top['framework']} is the most frequent pairing ({top['count']})"
    n_foip = int((ds.initiatives["framework"] == "FOIP").sum())
    return (f"FOIP initiatives span {foip['domain'].nunique()} domains, most often "
            f"{foip.iloc[0]['domain_label'].lower()} ({foip.iloc[0]['count']} of {n_foip})")


def headline_country_timeline(ds: Dataset, country: str) -> str:
    name = ds.actor_name(country)
    t = country_timeline(ds, country)
    n = t["initiative_id"].nunique()
    part = country_partners(ds, country, timeline=t)
    if len(part) == 1:
        with_ = _the(part.iloc[0]["label"])
        return f"{_the(name, True)} is party to 1 initiative, with {with_}" if n == 1 else (
            f"{_the(name, True)} is party to {n} initiatives, all with {with_}")
    top = part.iloc[0]
    return (f"{_the(name, True)} is party to {_plural(n, 'initiative')} with {len(part)} partners; "
            f"{top['initiatives']} of them involve {_the(top['label'])}")


def headline_country_domains(ds: Dataset, country: str) -> str:
    name = ds.actor_name(country)
    d = country_domains(ds, country)
    n = ds.initiative_parties.loc[ds.initiative_parties["actor"] == country, "initiative_id"].nunique()
    if d.empty:
        return f"{name}'s initiatives have no coded domain"
    top = d.iloc[0]
    return f"{top['label']} is {_the(name)}'s most frequent domain: {top['count']} of {_plural(n, 'initiative')}"


def headline_country_partners(ds: Dataset, country: str) -> str:
    name = ds.actor_name(country)
    t = country_timeline(ds, country)
    part = country_partners(ds, country, timeline=t)
    n = t["initiative_id"].nunique()
    top = part.iloc[0]
    if len(part) == 1:
        return f"{_the(top['label'], True)} is {_the(name)}'s only partner in the data ({_plural(n, 'initiative')})"
    return f"{_the(top['label'], True)} takes part in {top['initiatives']} of {_the(name)}'s {n} initiatives"


def headline_country_peers(ds: Dataset, country: str) -> str:
    name = ds.actor_name(country)
    comp = peer_comparison(ds, country)
    me = comp[comp["is_focus"]].iloc[0]
    tied = int((comp["initiatives"] == me["initiatives"]).sum()) - 1
    side = "European" if country_side(ds, country) == "european" else "Indo-Pacific"
    tie = f" (tied with {tied} other{'s' if tied != 1 else ''})" if tied else ""
    return f"{_the(name, True)} ranks {int(me['rank'])} of {len(comp)} {side} states in the data by number of initiatives{tie}"
