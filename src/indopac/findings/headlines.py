"""Figure titles that state a finding (``headline_*``), computed from the analysis tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from indopac import text
from indopac.analysis.country import *
from indopac.analysis.counts import *
from indopac.analysis.domains import *
from indopac.analysis.parties import *

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


def _talk_outnumbers_action(ds: Dataset) -> bool:
    k = ds.initiatives["kind"].astype(str)
    talk = k.isin(["agreement", "declaration", "dialogue", "ministerial_meeting", "summit", "conference"]).sum()
    action = k.isin(["exercise", "deployment", "operation"]).sum()
    return bool(talk > action)


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


def headline_sections(ds: Dataset) -> str:
    c = counts_by(ds, "source_section").sort_values("count", ascending=False, kind="stable").iloc[0]
    return (f"Section {c['source_section']} of the study ({text.SECTION_TITLES.get(c['source_section'], ' ').split(' ', 1)[1]}) "
            f"supplies the most initiatives: {c['count']} of {len(ds.initiatives)}")


def headline_parties(ds: Dataset) -> str:
    t = parties_table(ds)
    if t.empty:
        return "No party is in the selection"
    top, second = t.iloc[0], (t.iloc[1] if len(t) > 1 else None)
    more = f", {top['initiatives'] / second['initiatives']:.1f} times as many as {text.the(second['label'])}" if (
        second is not None and second["initiatives"] and top["initiatives"] > second["initiatives"]) else ""
    return f"{text.the(top['label'], True)} is party to {top['initiatives']} of the {len(ds.initiatives)} initiatives{more}"


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
    return (f"{text.the(ds.actor_name(hub), True)} is the first Indo-Pacific partner of {via.iloc[0]} of the {len(dated)} "
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
        return f"{text.the(leaders[0], True)}'s initiatives span {span}; no other {who} party's initiatives span more than {rest}"
    names = text.join_names([text.the(x) for x in leaders], limit=6, empty='none')
    return f"{names[0].upper() + names[1:]} each span {k} domains, more than any other {who} party"


def headline_domain_groups(ds: Dataset, split_year: int | None = None) -> str:
    p = domain_groups_by_period(ds, split_year)
    em = p[p["group"] == "emerging"]
    if em.empty or em["initiatives"].sum() == 0:
        return "No dated initiative is in the selection"
    before, recent = em.iloc[0], em.iloc[1]
    return (f"Emerging domains feature in {text.percent(recent['count'], recent['initiatives'])} of initiatives started in "
            f"{recent['period']}, against {text.percent(before['count'], before['initiatives'])} {before['period']}")


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
