"""Domains (notebook 03): figure titles, notes and the summary, computed from the analysis tables.

Ties are named as ties, shares carry their count and base (counts only below
:data:`~indopac.analysis.stats.MIN_BASE`), and a difference between periods is called one
only when Fisher's exact test supports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from indopac import text
from indopac.analysis import stats
from indopac.analysis.domains import (
    domain_by_framework,
    domain_by_party,
    domain_first_years,
    domain_group_comparison,
    domain_group_shares,
    domain_shares,
    framework_leaders,
)
from indopac.labels import label

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset

#: the study's sequence of domains (section 3): maritime first, then cyber, space, disinformation
STUDY_SEQUENCE = ("maritime", "cyber", "space", "disinformation")


def _lower(name: str) -> str:
    """A domain label inside a sentence: lower-cased unless it starts with an acronym ("EU", "UN")."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _md_lower(name: str) -> str:
    """:func:`_lower`, escaped for Markdown (the summary; figure titles stay plain)."""
    return text.escape_markdown(_lower(name))


def headline_domain_shares(ds: Dataset, domains: Iterable[str] | None = None) -> str:
    """The most covered domain(s) among those shown (a tie named as one), with count and base, then the runner(s)-up."""
    s = domain_shares(ds)
    if domains is not None:
        s = s[s["domain"].isin(list(domains))]
    n = len(ds.initiatives)
    if n == 0 or s["count"].sum() == 0:
        return "No initiative in the selection covers these domains"
    names = dict(zip(s["domain"], s["label"]))
    lead = stats.leaders(s.set_index("domain")["count"])
    top = [names[c] for c in _in_order(lead.codes, s["domain"])]
    k = int(lead.value)
    if lead.is_tie:
        head = f"{text.join_names([top[0], *map(_lower, top[1:])])} tie as the most covered domains: {text.share(k, n, 'initiatives')} each"
    else:
        head = f"{top[0]} is the most covered domain: {text.share(k, n, 'initiatives')}"
    if lead.runner_up:
        second = s[s["count"] == lead.runner_up]["label"].map(_lower).tolist()
        head += f", then {text.ties_phrase(second, str(int(lead.runner_up)))}"
    return head


def _in_order(codes: Iterable[str], order: Iterable[str]) -> list[str]:
    codes = set(codes)
    return [c for c in order if c in codes]


def headline_domains_by_party(ds: Dataset, side: str = "european", domains: Iterable[str] | None = None) -> str:
    """The party (or parties, tied) whose initiatives span the most of the domains shown."""
    m = domain_by_party(ds, side)
    if domains is not None:
        m = m[m["domain"].isin(list(domains))]
    if m.empty:
        return "No party on this side in the selection"
    breadth = m.groupby("actor")["domain"].nunique()
    lead = stats.leaders(breadth)
    k = int(lead.value)
    rest = int(lead.runner_up or 0)
    who = label("side", side)
    n_shown = len(set(domains)) if domains is not None else None
    what = (("both domains shown" if k == 2 else f"all {k} domains shown") if n_shown == k else f"{k} of the {n_shown} domains shown") if n_shown else (
        text.plural(k, "domain"))
    if lead.sole:
        name = text.possessive(text.running_name(ds.actor_name, lead.sole))
        return text.capitalise(f"{name} initiatives span {what}; no other {who} party's span more than {rest}")
    names = text.join_names([text.running_name(ds.actor_name, c) for c in lead.codes])
    return text.capitalise(f"{names} tie: each one's initiatives span {what}, more than any other {who} party's")


def headline_domain_groups(ds: Dataset, split_year: int | None = None) -> str:
    """Emerging domains before and from the split: both shares with count and base, and Fisher's exact test."""
    c = domain_group_comparison(ds, "emerging", split_year)
    if c.before_base + c.recent_base == 0:
        return "No dated initiative is in the selection"
    head = (f"Emerging domains feature in {text.share(c.recent_count, c.recent_base, 'initiatives')} started in "
            f"{c.recent}, against {text.share(c.before_count, c.before_base)} {c.before}")
    if c.test is None:
        return f"{head}; one period has no dated initiative, so there is nothing to test"
    return f"{head}: {text.difference_phrase(c.test.name, c.test.p, c.test.significant)}"


def _firsts(ds: Dataset, domains: Sequence[str] | None) -> pd.DataFrame:
    f = domain_first_years(ds)
    f = f[f["initiatives"] > 0]
    seq = [c for c in STUDY_SEQUENCE if domains is None or c in domains] or list(domains or [])
    return f[f["domain"].isin(seq)]


def headline_domain_firsts(ds: Dataset, domains: Sequence[str] | None = None) -> str:
    """When the study's sequence of domains first appears in dated initiatives, same-year firsts named together."""
    f = _firsts(ds, domains)
    dated = f[f["first_year"].notna()]
    if dated.empty:
        return "No dated initiative covers maritime security or an emerging domain"
    parts = []
    for year, g in dated.groupby("first_year", sort=True):
        names = g["label"].map(_lower).tolist()
        same = " (the same year)" if len(names) > 1 else ""
        parts.append(f"{text.join_names(names)} in {int(year)}{same}")
    undated = f[f["first_year"].isna()]["label"].map(_lower).tolist()
    tail = (f"; {text.join_names(undated)} {text.verb_for(len(undated), 'has')} no dated initiative" if undated else "")
    return "First dated appearance: " + ", ".join(parts) + tail


def firsts_note(ds: Dataset, domains: Sequence[str] | None = None) -> str:
    """Which domains the first-year chart cannot place: ``"2 domains with no dated initiative are not shown: …"``."""
    f = domain_first_years(ds)
    f = f[(f["initiatives"] > 0) & f["first_year"].isna()]
    if domains is not None:
        f = f[f["domain"].isin(list(domains))]
    if f.empty:
        return ""
    n = len(f)
    return (f"{text.plural(n, 'domain')} with no dated initiative {text.verb_for(n, 'is')} not shown: "
            f"{text.join_names(f['label'].map(_lower))}")


def headline_domains_by_framework(ds: Dataset) -> str:
    """FOIP's most frequent domain(s), ties named, with count and base; FOIP as coded stated."""
    t = domain_by_framework(ds)
    if t.empty:
        return "No initiative is in the selection"
    if not (t["framework"] == "FOIP").any():
        lead = stats.leaders(t.set_index(t["framework"] + "|" + t["domain"])["count"])
        pairs = [c.split("|") for c in lead.codes]
        names = [f"{_lower(label('domain', d, ds))} under {label('framework', f)}" for f, d in pairs]
        return f"The most frequent pairing: {text.ties_phrase(names, str(int(lead.value)))}"
    lead, base = framework_leaders(ds, "FOIP")
    foip = t[(t["framework"] == "FOIP") & (t["count"] > 0)]
    names = [_lower(label("domain", c, ds)) for c in _in_order(lead.codes, ds.domains["code"])]
    from indopac.findings.trends import foip_rule

    return (f"FOIP initiatives span {text.plural(len(foip), 'domain')}, most often "
            f"{text.ties_phrase(names, text.share(int(lead.value), base))}; {foip_rule(ds)}")


def small_base_note(ds: Dataset) -> str:
    """Which frameworks the heatmap shows as counts: ``"EU (n=1), FPDA (n=2) and UN (n=3): fewer than 5 initiatives, …"``."""
    t = domain_by_framework(ds).drop_duplicates("framework")
    small = t[~t["reportable"]]
    if small.empty:
        return ""
    names = text.join_names(f"{label('framework', r.framework)} (n={r.base})" for r in small.itertuples())
    return (f"{names}: fewer than {stats.MIN_BASE} initiatives, so grey cells give counts, "
            "not percentages")


def summary_domains(ds: Dataset) -> str:
    """Which domains cooperation covers, and when the emerging ones appear."""
    shares = domain_shares(ds)
    n = len(ds.initiatives)
    if n == 0:
        return "The selection holds no initiative."
    covered = shares[shares["count"] > 0]
    # the top three, and every domain tied with the third
    third = covered["count"].iloc[min(2, len(covered) - 1)] if len(covered) else 0
    top = covered[covered["count"] >= third]
    top_txt = text.join_names(f"{_md_lower(r.label)} ({text.share(r.count, n, inside=True)})" for r in top.itertuples())
    groups = domain_group_shares(ds).set_index("group")["count"]
    f = _firsts(ds, None)
    firsts = text.join_names(
        f"{_md_lower(r.label)} in {int(r.first_year)}" if pd.notna(r.first_year) else f"{_md_lower(r.label)} (no dated initiative)"
        for r in f.itertuples())
    c = domain_group_comparison(ds, "emerging")
    change = ""
    if c.test is not None:
        change = (f" Emerging domains feature in {text.share(c.recent_count, c.recent_base, 'initiatives')} started in "
                  f"{c.recent} and {text.share(c.before_count, c.before_base)} {c.before}: "
                  f"{text.difference_phrase(c.test.name, c.test.p, c.test.significant)}.")
    return (
        f"The most covered domains are {top_txt} (an initiative may cover several). "
        f"{text.plural(int(groups.get('traditional', 0)), 'initiative')} touch a traditional domain, "
        f"{int(groups.get('emerging', 0))} an emerging one (cyber, space, disinformation, new technologies) and "
        f"{int(groups.get('industrial', 0))} defence industry. First dated appearance: {firsts or 'none'}.{change}"
    )
