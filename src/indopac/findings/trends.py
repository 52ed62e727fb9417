"""Trends and geography (notebook 02): figure titles and summaries, computed from the analysis tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from indopac import text
from indopac.analysis.country import *
from indopac.analysis.counts import *
from indopac.analysis.domains import *
from indopac.analysis.parties import *

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


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
    return (f"{text.the(ds.actor_name(hub), True)} is the first Indo-Pacific partner of {via.iloc[0]} of the {len(dated)} "
            f"European parties")


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
        f"Of {total} dated initiatives, **{recent['count']} ({text.percent(recent['count'], total)}) started in "
        f"{recent['period']}**, {recent['per_year']:.1f} a year, against {before['count']} in the "
        f"{before['n_years']} years {before['period']} ({before['per_year']:.2f} a year): {ratio_txt}. "
        f"{foip_recent} of the {recent['count']} recent ones are under FOIP. "
        f"The busiest year is {int(peak['year'])}, with {int(peak['count'])}. "
        f"{text.plural(n_undated(ds), 'undated initiative')} cannot be placed in time and are left out."
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
    names = text.join_names(recent["label"].tolist(), limit=8, empty='none')
    return (
        f"{text.plural(len(dated), 'European state')} appear{'s' if len(dated) == 1 else ''} in dated initiatives. "
        f"The earliest is {first['label']} ({int(first['first_year'])}); "
        f"**{len(recent)} first appear{'s' if len(recent) == 1 else ''} in {split} or later**: {names}. "
        f"{text.the(ds.actor_name(top), True)} is the partner most European parties reach ({reach.iloc[0]} of {fc['european'].nunique()}), "
        f"and {text.plural(only_one, 'European state')} {'has' if only_one == 1 else 'have'} a single Indo-Pacific partner so far."
    )
