"""Text from the data is never markup (issue 14): every Markdown a findings function writes shows a
title, note, name or label literally, and every figure title keeps it as plain text.

A copy of the shipped data gets markup in every text field: initiative titles and notes, actor
names and labels, domain labels, the source's title and author. Each Markdown product the
notebooks display is rendered with markdown-it (CommonMark, raw HTML allowed, as JupyterLab and
nbconvert render it) and compared with the same call on the clean data: no image, link, emphasis,
strong or code element may come from the data, and the markup shows as its own characters.
Figure titles are plain text drawn by matplotlib, so they carry the same characters unescaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from markdown_it import MarkdownIt

import indopac
from indopac.analysis import network as net
from indopac.analysis import recommend as rc
from indopac.findings import (
    claims,
    country,
    domains,
    network,
    overview,
    recommend,
    reliability,
    trends,
)

#: markup of every kind a reader's page could turn into an element; the words in it are unique tokens
PAYLOAD = "X <img src=x onerror=alert(1)> *mkstar* _mkunder_ **mkstrong** [mklink](http://e.x) ``mkcode``"
#: the payload's pieces that must show literally wherever the payload is used
LITERALS = ("<img src=x onerror=alert(1)>", "*mkstar*", "_mkunder_", "**mkstrong**", "[mklink](http://e.x)",
            "``mkcode``")
#: elements that only markup makes
ELEMENTS = ("<img", "<a ", "<em>", "<strong>", "<code>")

#: every text field of the data, by table
TEXT_FIELDS = {
    "initiatives.csv": ("title", "notes"),
    "actors.csv": ("name", "label"),
    "domains.csv": ("label",),
    "sources.csv": ("title", "author"),
}

COUNTRIES = ("FRA", "LTU", "JPN", "LVA")


def _with_markup(value: str, column: str) -> str:
    if column == "author":  # the narrative cites the author's surname, the part before the comma
        surname, _, rest = value.partition(",")
        return f"{surname} {PAYLOAD},{rest}"
    return f"{value} {PAYLOAD}"


@pytest.fixture(scope="module")
def datasets(tmp_path_factory, shipped):
    """(clean, hostile): the shipped data, and a copy of it with :data:`PAYLOAD` in every text field."""
    from buildkit import data_with_text

    target = data_with_text(tmp_path_factory.mktemp("hostile") / "data", TEXT_FIELDS, _with_markup)
    return shipped, indopac.load(target)


def _graph(ds):
    return net.partner_network(ds)


_made: dict = {}  # (what, id of the Dataset, focus) -> (the Dataset, kept so that its id stays its own; result)


def _once(what: str, make: Callable, ds, *args):
    """``make(ds, *args)``, computed once per Dataset: a recommendation and an agreement are frozen
    results of their Dataset, and several products below read the same one."""
    key = (what, id(ds), *args)
    if key not in _made:
        _made[key] = (ds, make(ds, *args))
    return _made[key][1]


def _rec(ds, focus: str):
    return _once("recommend", lambda d, f: rc.recommend(d, focus=f), ds, focus)


def _agreement(ds):
    return _once("agreement", reliability.agreement, ds)


# Every Markdown product the notebooks display (00 claims, 01 overview, 02 trends, 03 domains,
# 04 network, 05 country profile, 06 recommendations), and whether it names something from the data.
MARKDOWN: dict[str, tuple[Callable, bool]] = {
    "summary_overview": (overview.summary_overview, False),
    "initiatives_list": (overview.initiatives_list, True),
    "summary_trends": (trends.summary_trends, False),
    "summary_geography": (trends.summary_geography, True),
    "summary_domains": (domains.summary_domains, True),
    "selection_note": (lambda ds: network.selection_note(ds, ds, _graph(ds)), False),
    "hub_summary": (lambda ds: network.hub_summary(ds, _graph(ds)), True),
    "bridge_summary": (lambda ds: network.bridge_summary(ds, _graph(ds)), True),
    "channel_summary": (network.channel_summary, True),
    "reliability_found": (lambda ds: reliability.summary_found(_agreement(ds)), False),
    "reliability_meaning": (lambda ds: reliability.summary_meaning(_agreement(ds)), False),
    "reliability_changes": (reliability.summary_changes, False),
    **{f"heading-{c}": ((lambda ds, c=c: country.heading(ds, c)), True) for c in COUNTRIES},
    **{f"summary_country-{c}": ((lambda ds, c=c: country.summary_country(ds, c)), True) for c in COUNTRIES},
    **{f"initiatives_list-{c}": ((lambda ds, c=c: overview.initiatives_list(ds, c)), c != "LVA")
       for c in COUNTRIES},
    **{f"recommendations-{c}": ((lambda ds, c=c: recommend.to_markdown(_rec(ds, c))), True)
       for c in ("LTU", "FRA")},
}

# The claims ledger: computed once per dataset (it reruns every test under every counting rule).
LEDGER: dict[str, tuple[Callable, bool]] = {
    "intro": (claims.intro_markdown, False),
    "verdict_counts": (claims.verdict_counts_sentence, False),
    "ledger_table": (claims.ledger_table_markdown, True),
    "claim_sections": (claims.claim_sections_markdown, True),
    "citation": (claims.citation_markdown, True),
    "ledger_markdown": (claims.ledger_markdown, True),
}


def _rendered(markdown: str) -> tuple[str, str]:
    """(HTML, the text a reader sees) of ``markdown`` as CommonMark renders it."""
    page = MarkdownIt("commonmark").render(markdown)
    return page, html.unescape(re.sub(r"<[^>]+>", "", page))


def _elements(page: str) -> dict[str, int]:
    return {e: page.count(e) for e in ELEMENTS}


def _check(clean: str, hostile: str, names_data: bool) -> None:
    page, seen = _rendered(hostile)
    before, after = _elements(_rendered(clean)[0]), _elements(page)
    grown = {e: (before[e], after[e]) for e in ELEMENTS if after[e] > before[e]}
    assert not grown, f"markup in the data became elements (clean, with markup): {grown}"
    if names_data:
        assert "mkstar" in seen, "the data's text does not reach this product"
    # wherever the data's text shows, it shows whole and literal
    n = seen.count("mkstar")
    for literal in LITERALS:
        assert seen.count(literal) == n, f"{literal!r} shown {seen.count(literal)} times, the payload {n}"


@pytest.mark.parametrize("name", list(MARKDOWN))
def test_markdown_shows_markup_from_the_data_as_text(datasets, name):
    make, names_data = MARKDOWN[name]
    clean, hostile = datasets
    _check(make(clean), make(hostile), names_data)


def test_the_claims_ledger_shows_markup_from_the_data_as_text(datasets):
    clean, hostile = datasets
    # Every product of the clean data first, then each of the hostile copy's: the library keeps the
    # ledger of the last Dataset it was asked about, so alternating would compute it again each time.
    made = {name: make(clean) for name, (make, _) in LEDGER.items()}
    for name, (make, names_data) in LEDGER.items():
        try:
            _check(made[name], make(hostile), names_data)
        except AssertionError as err:
            raise AssertionError(f"{name}: {err}") from None


# Figure titles, subtitles and tick labels: plain text for matplotlib, so never backslash-escaped.
TITLES: dict[str, Callable] = {
    "headline_parties": overview.headline_parties,
    "headline_first_contacts": trends.headline_first_contacts,
    "headline_domain_shares": domains.headline_domain_shares,
    "headline_domains_by_party": domains.headline_domains_by_party,
    "headline_domain_firsts": domains.headline_domain_firsts,
    "headline_domains_by_framework": domains.headline_domains_by_framework,
    "headline_country_timeline": lambda ds: country.headline_country_timeline(ds, "FRA"),
    "headline_country_domains": lambda ds: country.headline_country_domains(ds, "FRA"),
    "headline_country_partners": lambda ds: country.headline_country_partners(ds, "FRA"),
    "headline_country_peers": lambda ds: country.headline_country_peers(ds, "FRA"),
    "subtitle_country_partners": lambda ds: country.subtitle_country_partners(ds, "LTU"),
    "domain_labels": lambda ds: " ".join(country.domain_labels(ds, "FRA")),
    "network_title": lambda ds: network.network_title(_graph(ds)),
    "channel_title": network.channel_title,
    "standing_title": lambda ds: recommend.standing_title(_rec(ds, "LTU")),
    "components_title": lambda ds: recommend.components_title(_rec(ds, "LTU")),
    "sensitivity_title": lambda ds: recommend.sensitivity_title(_rec(ds, "LTU")),
}


@pytest.mark.parametrize("name", list(TITLES))
def test_figure_titles_keep_the_data_s_text_unescaped(datasets, name):
    title = TITLES[name](datasets[1])
    assert PAYLOAD.removeprefix("X ") in title, title
    assert "\\" not in title, f"a figure title is plain text, not Markdown: {title!r}"
