"""The explorer's selection: which initiatives match a set of control values, and what the selection leaves out.

:func:`select` is a pure function of a :class:`~indopac.data.Dataset` and a :class:`Criteria`
(the explorer's controls: countries on either side, domains, frameworks, kinds, a year
range and whether undated initiatives count). It returns a :class:`Selection`: the
matching initiatives as a Dataset and as a readable table (with notes and sections),
and the counts a sentence needs to say what was left out (undated initiatives excluded,
dated ones outside the years). No wording here: the explorer words it through ``text``.

Within one control the values are alternatives (any of them); across controls every
one must hold. An empty control does not filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from indopac.analysis.parties import initiatives_table
from indopac.data import Dataset
from indopac.params import ParameterError


def _codes(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(dict.fromkeys(values))


@dataclass(frozen=True)
class Criteria:
    """The control values. Empty tuples mean "any"; ``years`` None means every dated year.

    ``years`` bounds dated initiatives only; ``include_undated`` says whether the
    initiatives the study gives no year for are kept (they cannot be inside or outside
    a year range).
    """

    european: tuple[str, ...] = ()
    indo_pacific: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    years: tuple[int | None, int | None] | None = None
    include_undated: bool = True

    def __post_init__(self) -> None:
        for name in ("european", "indo_pacific", "domains", "frameworks", "kinds"):
            object.__setattr__(self, name, _codes(getattr(self, name)))
        if self.years is not None:
            start, end = self.years
            object.__setattr__(self, "years", (None if start is None else int(start), None if end is None else int(end)))

    def check(self, ds: Dataset) -> None:
        """Raise :class:`ParameterError` naming the valid values for any code the data does not know."""
        sides = ds.initiative_parties.groupby("side", observed=True)["actor"].unique()
        valid = {
            "european": sorted(sides.get("european", [])),
            "indo_pacific": sorted(sides.get("indo_pacific", [])),
            "domains": ds.domains["code"].astype(str).tolist(),
            "frameworks": sorted(ds.initiatives["framework"].astype(str).unique()),
            "kinds": sorted(ds.initiatives["kind"].astype(str).unique()),
        }
        for name, allowed in valid.items():
            unknown = [v for v in getattr(self, name) if v not in set(allowed)]
            if unknown:
                raise ParameterError(f"{name}: {', '.join(map(repr, unknown))} not valid; valid: {', '.join(allowed)}")
        if self.years is not None and None not in self.years and self.years[0] > self.years[1]:
            raise ParameterError(f"years: {self.years[0]}–{self.years[1]} is not valid; valid: a start year <= the end year")


@dataclass(frozen=True)
class Selection:
    """What the controls select, and the counts behind "what this leaves out"."""

    criteria: Criteria
    dataset: Dataset  # the matching initiatives
    table: pd.DataFrame  # one readable row each: year, title, parties, framework, kind, domains, section, notes
    n_total: int  # initiatives in the data
    n_matching: int  # matching every control except the year range and the undated switch
    n_undated_excluded: int  # matching, but undated and left out by include_undated=False
    n_outside_years: int  # matching, dated, but outside the year range
    n_undated_included: int  # matching and undated, kept
    year_span: tuple[int, int] | None = field(default=None)  # the dated range of the data

    @property
    def n_selected(self) -> int:
        return len(self.table)


def _side_ids(ds: Dataset, side: str, codes: tuple[str, ...]) -> pd.Series:
    p = ds.initiative_parties
    return p.loc[(p["side"] == side) & p["actor"].isin(codes), "initiative_id"]


def table(ds: Dataset) -> pd.DataFrame:
    """The readable table of ``ds``'s initiatives for the explorer: the parties table plus notes."""
    out = initiatives_table(ds)
    notes = ds.initiatives.set_index("initiative_id")["notes"]
    out["notes"] = out["id"].map(notes).fillna("").astype(str)
    return out


def select(ds: Dataset, criteria: Criteria | None = None) -> Selection:
    """The initiatives of ``ds`` that match ``criteria`` (default: everything), checked first."""
    criteria = criteria or Criteria()
    criteria.check(ds)
    ini = ds.initiatives
    keep = pd.Series(True, index=ini.index)
    if criteria.european:
        keep &= ini["initiative_id"].isin(_side_ids(ds, "european", criteria.european))
    if criteria.indo_pacific:
        keep &= ini["initiative_id"].isin(_side_ids(ds, "indo_pacific", criteria.indo_pacific))
    if criteria.domains:
        d = ds.initiative_domains
        keep &= ini["initiative_id"].isin(d.loc[d["domain"].isin(criteria.domains), "initiative_id"])
    if criteria.frameworks:
        keep &= ini["framework"].astype(str).isin(criteria.frameworks)
    if criteria.kinds:
        keep &= ini["kind"].astype(str).isin(criteria.kinds)
    undated = ini["year"].isna()
    inside = pd.Series(True, index=ini.index)
    if criteria.years is not None:
        start, end = criteria.years
        year = ini["year"]
        if start is not None:
            inside &= (year >= start).fillna(False).astype(bool)
        if end is not None:
            inside &= (year <= end).fillna(False).astype(bool)
    final = keep & ((~undated & inside) | (undated & criteria.include_undated))
    chosen = _by_ids(ds, set(ini.loc[final, "initiative_id"]))
    return Selection(
        criteria=criteria,
        dataset=chosen,
        table=table(chosen),
        n_total=len(ini),
        n_matching=int(keep.sum()),
        n_undated_excluded=int((keep & undated).sum()) if not criteria.include_undated else 0,
        n_outside_years=int((keep & ~undated & ~inside).sum()),
        n_undated_included=int((keep & undated).sum()) if criteria.include_undated else 0,
        year_span=ds.year_range(),
    )


def _by_ids(ds: Dataset, ids: set[str]) -> Dataset:
    """``ds`` with only the initiatives whose ids are in ``ids`` (and their long rows)."""
    ini = ds.initiatives[ds.initiatives["initiative_id"].isin(ids)]
    return replace(
        ds,
        initiatives=ini,
        initiative_parties=ds.initiative_parties[ds.initiative_parties["initiative_id"].isin(ids)],
        initiative_domains=ds.initiative_domains[ds.initiative_domains["initiative_id"].isin(ids)],
    )
