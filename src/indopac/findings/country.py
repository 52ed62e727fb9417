"""One country's profile (notebook 05): figure titles and the summary, computed from the analysis tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from indopac import text
from indopac.analysis.country import *
from indopac.analysis.counts import *
from indopac.analysis.domains import *
from indopac.analysis.parties import *

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


def headline_country_timeline(ds: Dataset, country: str) -> str:
    name = ds.actor_name(country)
    t = country_timeline(ds, country)
    n = t["initiative_id"].nunique()
    part = country_partners(ds, country, timeline=t)
    if len(part) == 1:
        with_ = text.the(part.iloc[0]["label"])
        return f"{text.the(name, True)} is party to 1 initiative, with {with_}" if n == 1 else (
            f"{text.the(name, True)} is party to {n} initiatives, all with {with_}")
    top = part.iloc[0]
    return (f"{text.the(name, True)} is party to {text.plural(n, 'initiative')} with {len(part)} partners; "
            f"{top['initiatives']} of them involve {text.the(top['label'])}")


def headline_country_domains(ds: Dataset, country: str) -> str:
    name = ds.actor_name(country)
    d = country_domains(ds, country)
    n = ds.initiative_parties.loc[ds.initiative_parties["actor"] == country, "initiative_id"].nunique()
    if d.empty:
        return f"{name}'s initiatives have no coded domain"
    top = d.iloc[0]
    return f"{top['label']} is {text.the(name)}'s most frequent domain: {top['count']} of {text.plural(n, 'initiative')}"


def headline_country_partners(ds: Dataset, country: str) -> str:
    name = ds.actor_name(country)
    t = country_timeline(ds, country)
    part = country_partners(ds, country, timeline=t)
    n = t["initiative_id"].nunique()
    top = part.iloc[0]
    if len(part) == 1:
        return f"{text.the(top['label'], True)} is {text.the(name)}'s only partner in the data ({text.plural(n, 'initiative')})"
    return f"{text.the(top['label'], True)} takes part in {top['initiatives']} of {text.the(name)}'s {n} initiatives"


def headline_country_peers(ds: Dataset, country: str) -> str:
    name = ds.actor_name(country)
    comp = peer_comparison(ds, country)
    me = comp[comp["is_focus"]].iloc[0]
    tied = int((comp["initiatives"] == me["initiatives"]).sum()) - 1
    side = "European" if country_side(ds, country) == "european" else "Indo-Pacific"
    tie = f" (tied with {tied} other{'s' if tied != 1 else ''})" if tied else ""
    return f"{text.the(name, True)} ranks {int(me['rank'])} of {len(comp)} {side} states in the data by number of initiatives{tie}"


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
    top_p = text.join_names([f"{r.label} ({r.initiatives})" for r in part.head(3).itertuples()], limit=6, empty='none') if len(part) else "no partner"
    top_d = text.join_names([f"{r.label.lower()} ({r.count})" for r in dom.head(3).itertuples()], limit=6, empty='none') if len(dom) else "no coded domain"
    ranked = f"ranks {int(me['rank'])} of {len(comp)} {side_word} states by number of initiatives"
    return (
        f"**{text.the(name, True)}** is party to {text.plural(n, 'initiative')} ({span}"
        f"{f'; {undated} undated' if undated and len(years) else ''}) with "
        f"{text.plural(len(part), 'partner')}: {top_p}. Its main domains are {top_d}. "
        f"It {ranked}."
    )
