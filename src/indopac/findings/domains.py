"""Domains (notebook 03): figure titles and the summary, computed from the analysis tables."""

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


def summary_domains(ds: Dataset) -> str:
    """Which domains cooperation covers, and when the emerging ones appear."""
    shares = domain_shares(ds)
    n = len(ds.initiatives)
    if n == 0:
        return "The selection holds no initiative."
    covered = shares[shares["count"] > 0]
    top3 = covered.head(3)
    top_txt = text.join_names([f"{r.label.lower()} ({r.count}, {text.percent(r.count, n)})" for r in top3.itertuples()], limit=6, empty='none')
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
        f"defence industry. First dated appearance: {text.join_names([first(c) for c in seq], limit=6, empty='none')}."
    )
