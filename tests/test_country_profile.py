"""The country profile (notebook 05) is honest about ties, small bases and states with no initiative.

Hand-made data, worked out in the comments:

    id  year  European  Indo-Pacific  domains
    b1  2002  BEL       VNM           peacekeeping;political_dialogue;military_exchanges
    b2  2021  BEL;FRA   JPN           maritime;exercises_interoperability
    p1  2022  POL       JPN           political_dialogue
    p2  2022  POL       KOR           defence_industry
    f1..f6    FRA       JPN (f1-f5), AUS (f6); maritime in f1-f4, cyber in f5-f6

Belgium: 2 initiatives, 5 domains each in 1 (a five-way tie), partners Japan and Vietnam tied.
Poland: 2 initiatives, 2 domains tied, partners tied. France: 7 initiatives (a base for shares);
maritime leads alone, 5 of 7 (b2 and f1-f4), and Japan is in 6 of 7. Latvia: a European NATO state with no initiative.
"""

from __future__ import annotations

import pytest

import indopac
from indopac import analysis
from indopac.analysis import country as acountry
from indopac.findings import country as words
from indopac.findings import overview

ROW = "{id},Initiative {id},agreement,{year},,stated,false,,ongoing,ministerial,bilateral_other,{eu},{ip},,{dom},eesc-2023,4,n"


def row(id, year, eu, ip, dom):
    return ROW.format(id=id, year=year, eu=eu, ip=ip, dom=dom)


ROWS = [
    row("b1", 2002, "BEL", "VNM", "peacekeeping;political_dialogue;military_exchanges"),
    row("b2", 2021, "BEL;FRA", "JPN", "maritime;exercises_interoperability"),
    row("p1", 2022, "POL", "JPN", "political_dialogue"),
    row("p2", 2022, "POL", "KOR", "defence_industry"),
    *[row(f"f{i}", 2010 + i, "FRA", "JPN", "maritime") for i in range(1, 5)],
    row("f5", 2016, "FRA", "JPN", "cyber"),
    row("f6", 2017, "FRA", "AUS", "cyber"),
]


@pytest.fixture(scope="module")
def ds(make_shared_data):
    """The hand-made dataset of ROWS, loaded once for the module (tests only read it)."""
    return indopac.load(make_shared_data(*ROWS))


def test_a_tie_of_every_domain_is_called_a_tie_not_a_winner(ds):
    title = words.headline_country_domains(ds, "BEL")
    assert title == ("No domain stands out in Belgium's 2 initiatives: a five-way tie of the 5 domains it covers, "
                     "each in 1 of them")
    assert "most frequent domain:" not in title


def test_a_two_way_tie_names_both_domains(ds):
    title = words.headline_country_domains(ds, "POL")
    assert title.startswith("Neither domain stands out: ")
    assert "Political and strategic dialogue" in title and "Defence industry" in title


def test_a_sole_leader_is_named_with_count_base_and_share(ds):
    assert words.headline_country_domains(ds, "FRA") == (
        "Maritime security is France's most frequent domain: 5 of its 7 initiatives (71%)")


def test_tied_partners_are_named_together(ds):
    assert words.headline_country_partners(ds, "BEL") == (
        "Japan and Vietnam tie as Belgium's most frequent partners: each in 1 of its 2 initiatives")
    assert words.headline_country_timeline(ds, "POL") == (
        "Poland is party to 2 initiatives with 2 partners (Japan and South Korea), each in 1 of them")


@pytest.mark.parametrize("country", ["BEL", "POL"])
def test_below_the_smallest_base_no_sentence_gives_a_percentage(ds, country):
    assert words.small_base(ds, country)
    for text in (words.headline_country_domains(ds, country), words.headline_country_partners(ds, country),
                 words.headline_country_timeline(ds, country), words.summary_country(ds, country)):
        assert "%" not in text
    assert "counts, not shares" in words.summary_country(ds, country)
    assert "counts" in words.subtitle_country_domains(ds, country)


def test_from_the_smallest_base_shares_come_with_their_count(ds):
    assert not words.small_base(ds, "FRA")
    assert words.headline_country_partners(ds, "FRA") == "Japan takes part in 6 of France's 7 initiatives (86%)"


def test_a_small_base_timeline_has_one_named_row_per_initiative(ds):
    rows = acountry.country_timeline_rows(ds, "BEL")
    assert list(rows["initiative_id"]) == ["b1", "b2"]
    assert [tuple(p) for p in rows["partners"]] == [("Vietnam",), ("Japan",)]


def test_a_state_with_no_initiative_is_a_valid_profile(ds):
    assert acountry.country_initiative_count(ds, "LVA") == 0
    comp = analysis.peer_comparison(ds, "LVA")
    me = comp[comp["is_focus"]].iloc[0]
    assert me["actor"] == "LVA" and me["initiatives"] == 0 and me["rank"] == len(comp)
    summary = words.summary_country(ds, "LVA")
    assert summary.startswith("The data has no initiative in which **Latvia** takes part")
    assert words.headline_country_domains(ds, "LVA") == "The data has no initiative in which Latvia takes part"
    assert words.headline_country_peers(ds, "LVA") == "Latvia takes part in no initiative; 3 other European states do"
    assert overview.initiatives_list(ds, "LVA") == "*No initiative.*"


def test_the_initiatives_list_escapes_data_and_shows_every_row(ds):
    table = overview.initiatives_list(ds)
    assert len(table.splitlines()) == 2 + len(ds)
    assert "Initiative b1" in table
