"""One country's profile (notebook 05): figure titles, subtitles and the summary, computed from the analysis tables.

Every sentence here follows the findings rules: a tie is named as a tie ("a five-way tie"),
a share comes with its count and base and, below :data:`indopac.analysis.stats.MIN_BASE`
initiatives, as counts only; a state with no initiative in the data (Latvia) gets a
sentence saying so, never an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from indopac import text
from indopac.analysis import stats as st
from indopac.analysis.country import (
    country_domains,
    country_initiative_count,
    country_partners,
    country_side,
    country_timeline,
    peer_comparison,
)

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


SIDE_WORDS = {"european": "European", "indo_pacific": "Indo-Pacific"}


def _name(ds: Dataset, code: str, start: bool = False) -> str:
    return text.running_name(ds.actor_name, code, start=start)


def _whose(ds: Dataset, code: str) -> str:
    """``"the Netherlands'"``, ``"France's"``."""
    return text.possessive(_name(ds, code))


def _way(k: int) -> str:
    """``"two-way"``, ``"five-way"``: the size of a tie in words."""
    return f"{text.number_word(k)}-way"


def _of_its(k: int, n: int, whose: str) -> str:
    """``"9 of France's 18 initiatives (50%)"``, ``"2 of Poland's 2 initiatives"``, ``"Lithuania's only initiative"``.

    A count always with its base; a percentage only from :data:`~indopac.analysis.stats.MIN_BASE` on.
    """
    if n == 1:
        return f"{whose} only initiative"
    pct = f" ({text.percent(k, n)})" if st.share(k, n).reportable else ""
    return f"{k} of {whose} {n} initiatives{pct}"


def small_base(ds: Dataset, country: str) -> bool:
    """Whether ``country`` has too few initiatives for percentages (fewer than :data:`~indopac.analysis.stats.MIN_BASE`)."""
    return not st.share(0, country_initiative_count(ds, country)).reportable


def no_initiatives(ds: Dataset, country: str) -> str:
    """The sentence for a state the data has no initiative for."""
    return f"The data has no initiative in which {_name(ds, country)} takes part"


def heading(ds: Dataset, country: str) -> str:
    """The profile's Markdown heading: the country's name, escaped."""
    return f"## {text.escape_markdown(ds.actor_name(country))}"


def _partner_leaders(part: pd.DataFrame) -> st.Leaders:
    return st.leaders(part.set_index("partner")["initiatives"]) if len(part) else st.Leaders((), 0, None)


def _partners_phrase(ds: Dataset, part: pd.DataFrame) -> tuple[str, int]:
    """The leading partner(s) by shared initiatives, a tie named ("Japan and Vietnam"), and their count."""
    lead = _partner_leaders(part)
    return text.join_names(_name(ds, c) for c in lead.codes), int(lead.value)


def headline_country_timeline(ds: Dataset, country: str) -> str:
    n = country_initiative_count(ds, country)
    if n == 0:
        return no_initiatives(ds, country)
    t = country_timeline(ds, country)
    part = country_partners(ds, country, timeline=t)
    me = _name(ds, country, start=True)
    if len(part) == 0:
        return f"{me} is party to {text.plural(n, 'initiative')}, none with a partner on the other side"
    if len(part) == 1:
        with_ = _name(ds, part.iloc[0]["partner"])
        return f"{me} is party to 1 initiative, with {with_}" if n == 1 else (
            f"{me} is party to {n} initiatives, all with {with_}")
    who, k = _partners_phrase(ds, part)
    tie = len(_partner_leaders(part).codes) > 1
    if tie and len(_partner_leaders(part).codes) == len(part):
        return f"{me} is party to {text.plural(n, 'initiative')} with {len(part)} partners ({who}), each in {k} of them"
    head = f"{me} is party to {text.plural(n, 'initiative')} with {len(part)} partners; "
    if tie:
        return head + f"{who} tie for the most, {k} each"
    return head + f"{k} of them {text.verb_for(k, 'involves')} {who}"


def subtitle_country_timeline(ds: Dataset, country: str) -> str:
    if small_base(ds, country):
        return "Each initiative at its start year, labelled with its partners; coloured by framework"
    return "Initiatives by start year and partner (an initiative with several partners shows in each lane)"


def headline_country_domains(ds: Dataset, country: str) -> str:
    """The country's most frequent domain, or the tie: "A five-way tie: no domain stands out in Belgium's 2 initiatives"."""
    n = country_initiative_count(ds, country)
    if n == 0:
        return no_initiatives(ds, country)
    d = country_domains(ds, country)
    whose = _whose(ds, country)
    if d.empty:
        return f"{text.capitalise(whose)} initiatives have no coded domain"
    lead = st.leaders(d.set_index("domain")["count"])
    labels = d.set_index("domain")["label"]
    k = int(lead.value)
    if n == 1:
        names = [labels[c][:1].lower() + labels[c][1:] for c in d["domain"]]
        return f"{text.capitalise(whose)} only initiative covers {text.join_names(names)}"
    of = _of_its(k, n, "its")
    if lead.sole:
        return f"{labels[lead.sole]} is {whose} most frequent domain: {of}"
    names = [labels[c] for c in lead.codes]
    if len(lead.codes) == len(d) and len(d) > 2:
        return (f"No domain stands out in {whose} {text.plural(n, 'initiative')}: a {_way(len(d))} tie "
                f"of the {len(d)} domains it covers, each in {k} of them")
    if len(lead.codes) == len(d):
        return f"Neither domain stands out: {text.join_names(names)} each cover {_of_its(k, n, whose)}"
    return f"A {_way(len(lead.codes))} tie for {whose} most frequent domain: {text.join_names(names)}, each in {of}"


def subtitle_country_domains(ds: Dataset, country: str) -> str:
    n = country_initiative_count(ds, country)
    side = SIDE_WORDS.get(country_side(ds, country), "")
    if small_base(ds, country):
        return (f"Initiatives of {_name(ds, country)} covering each domain (counts: {text.plural(n, 'initiative')} "
                f"are too few for shares; an initiative may cover several domains)")
    return (f"Share of {_whose(ds, country)} {n} initiatives covering each domain (bars, with the count) against "
            f"the share among all initiatives with a {side} party (ticks)")


def domain_labels(ds: Dataset, country: str) -> pd.Series:
    """Tick labels for the domain chart: the domain and its count of the country's initiatives ("Cyber security (3 of 12)")."""
    d = country_domains(ds, country)
    n = country_initiative_count(ds, country)
    return pd.Series([f"{r.label} ({r.count} of {n})" for r in d.itertuples()], index=d.index, dtype=object)


def headline_country_partners(ds: Dataset, country: str) -> str:
    n = country_initiative_count(ds, country)
    if n == 0:
        return no_initiatives(ds, country)
    part = country_partners(ds, country)
    whose = _whose(ds, country)
    if len(part) == 0:
        return f"{text.capitalise(whose)} initiatives have no partner on the other side"
    if len(part) == 1:
        return (f"{_name(ds, part.iloc[0]['partner'], start=True)} is {whose} only partner in the data "
                f"({text.plural(n, 'initiative')})")
    who, k = _partners_phrase(ds, part)
    lead = _partner_leaders(part)
    if lead.is_tie:
        return f"{text.capitalise(who)} tie as {whose} most frequent partners: each in {_of_its(k, n, 'its')}"
    return f"{text.capitalise(who)} takes part in {_of_its(k, n, whose)}"


def subtitle_country_partners(ds: Dataset, country: str) -> str:
    n = country_initiative_count(ds, country)
    if small_base(ds, country):
        return f"Initiatives {_name(ds, country)} shares with each partner (of its {text.plural(n, 'initiative')})"
    return f"Initiatives {_name(ds, country)} shares with each partner (share of its {n} initiatives)"


def headline_country_peers(ds: Dataset, country: str) -> str:
    comp = peer_comparison(ds, country)
    me = comp[comp["is_focus"]].iloc[0]
    side = SIDE_WORDS.get(country_side(ds, country), "")
    others = comp[~comp["is_focus"]]
    if int(me["initiatives"]) == 0:
        return (f"{_name(ds, country, start=True)} takes part in no initiative; "
                f"{text.plural(len(others), f'other {side} state')} {text.verb_for(len(others), 'does')}")
    tied = int((others["initiatives"] == me["initiatives"]).sum())
    tie = f" (tied with {text.plural(tied, 'other')})" if tied else ""
    return (f"{_name(ds, country, start=True)} ranks {int(me['rank'])} of {len(comp)} {side} states in the data "
            f"by number of initiatives{tie}")


def subtitle_country_peers(ds: Dataset, country: str) -> str:
    side = SIDE_WORDS.get(country_side(ds, country), "")
    return f"Initiatives per {side} state that takes part in the data; {_name(ds, country)} highlighted"


def summary_country(ds: Dataset, country: str) -> str:
    """One country's record: how much, with whom, in which domains, against its peers (Markdown)."""
    n = country_initiative_count(ds, country)
    side_word = SIDE_WORDS.get(country_side(ds, country), "")
    comp = peer_comparison(ds, country)
    me = comp[comp["is_focus"]].iloc[0]
    name = f"**{text.escape_markdown(_name(ds, country, start=True))}**"
    if n == 0:
        active = len(comp) - 1
        return (f"{no_initiatives(ds, country).replace(_name(ds, country), name, 1)}: it appears in none of the "
                f"{len(ds)} initiatives coded from the study, so it has no timeline, partners or domains to show. "
                f"{text.plural(active, f'other {side_word} state')} {text.verb_for(active, 'takes')} part; "
                "the comparison below shows them.")
    t = country_timeline(ds, country)
    part = country_partners(ds, country, timeline=t)
    dom = country_domains(ds, country)
    years = t["year"].dropna()
    undated = int(t.drop_duplicates("initiative_id")["year"].isna().sum())
    if len(years):
        span = f"from {int(years.min())} to {int(years.max())}" if years.min() != years.max() else f"in {int(years.min())}"
        span += f"; {undated} undated" if undated else ""
    else:
        span = "none of them dated"
    partners = text.join_names(f"{text.escape_markdown(_name(ds, r.partner))} ({r.initiatives})"
                               for r in part.itertuples())
    with_ = f"with {text.plural(len(part), 'partner')}: {partners}" if len(part) else "with no partner on the other side"
    if dom.empty:
        domains = "No domain is coded for them."
    else:
        lead = st.leaders(dom.set_index("domain")["count"])
        labels = dom.set_index("domain")["label"]
        names = [text.escape_markdown(labels[c][:1].lower() + labels[c][1:]) for c in lead.codes]
        k = int(lead.value)
        of = _of_its(k, n, "its")
        if n == 1:
            domains = f"It covers {text.join_names(text.escape_markdown(x[:1].lower() + x[1:]) for x in dom['label'])}."
        elif lead.sole:
            domains = f"Its most frequent domain is {names[0]}: {of}."
        elif len(lead.codes) == len(dom):
            domains = (f"No domain stands out: the {text.plural(len(dom), 'domain')} it covers "
                       f"({text.join_names(names)}) each cover {of}.")
        else:
            domains = (f"Its most frequent domains are a {_way(len(lead.codes))} tie: {text.join_names(names)}, "
                       f"each in {of}.")
    tied = int((comp.loc[~comp["is_focus"], "initiatives"] == me["initiatives"]).sum())
    tie = f", tied with {text.plural(tied, 'other')}" if tied else ""
    small = (f" With {text.plural(n, 'initiative')}, the profile shows counts, not shares."
             if small_base(ds, country) else "")
    return (
        f"{name} is party to {text.plural(n, 'initiative')} ({span}) {with_}. {domains} "
        f"It ranks {int(me['rank'])} of {len(comp)} {side_word} states by number of initiatives{tie}.{small}"
    )
