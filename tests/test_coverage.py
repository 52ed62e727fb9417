"""The shipped dataset holds what the study says: facts pinned section by section."""

from __future__ import annotations

import re

import pycountry
import pytest

from indopac.layout import ROOT

STUDY = ROOT.parent / "shared" / "study" / "indo-pacific-cooperation.md"


@pytest.fixture(scope="module")
def ds(shipped):
    return shipped


def one(ds, initiative_id):
    rows = ds.initiatives[ds.initiatives["initiative_id"] == initiative_id]
    assert len(rows) == 1, f"{initiative_id} is not in initiatives.csv"
    return rows.iloc[0]


def test_every_section_that_describes_initiatives_has_rows(ds):
    sections = set(ds.initiatives["source_section"].astype(str))
    # The summary, 2.1 (the concept) and the concluding notes describe no initiative of their own.
    assert {"1", "2.2", "2.3", "3.1", "3.2", "3.3", "4"} <= sections


@pytest.mark.parametrize(
    "initiative_id, european, indo_pacific, year, basis",
    [
        ("fra-jpn-politico-military-dialogue-1997", ("FRA",), ("JPN",), 1997, "stated"),
        ("gbr-jpn-defence-mou-2012", ("GBR",), ("JPN",), 2012, "stated"),
        ("gbr-ita-jpn-common-fighter-2022", ("GBR", "ITA"), ("JPN",), 2022, "stated"),
        ("un-gojsofa-1954", ("FRA", "GBR"), ("JPN",), 1954, "stated"),
        ("fpda-1971", ("GBR",), ("MYS", "SGP", "AUS", "NZL"), 1971, "stated"),
        ("gbr-kor-framework-closer-cooperation-2022", ("GBR",), ("KOR",), 2022, "stated"),
        ("kor-pol-defence-procurement-2022", ("POL",), ("KOR",), 2022, "inferred"),  # "last year"
        ("esp-idn-casa-c212-1972", ("ESP",), ("IDN",), 1972, "stated"),
        ("jpn-nato-high-level-consultations-1993", ("NATO",), ("JPN",), 1993, "stated"),
    ],
)
def test_pinned_initiatives_have_the_right_parties_and_years(ds, initiative_id, european, indo_pacific, year, basis):
    r = one(ds, initiative_id)
    assert r["european_parties"] == european
    assert r["indo_pacific_parties"] == indo_pacific
    assert r["year"] == year
    assert r["year_basis"] == basis


def test_a_sentence_naming_three_meetings_is_three_rows(ds):
    # Japan's defence minister met counterparts from Italy, Finland and Poland (section 2.3).
    meetings = ds.initiatives[(ds.initiatives["kind"] == "ministerial_meeting") & (ds.initiatives["level"] == "ministerial")]
    met = {p for ps, sec in zip(meetings["european_parties"], meetings["source_section"]) if sec == "2.3" for p in ps}
    assert {"ITA", "FIN", "POL"} <= met
    shangri_la = ds.initiatives[ds.initiatives["initiative_id"].str.contains("shangri-la")]
    assert sorted(p for ps in shangri_la["european_parties"] for p in ps) == ["CZE", "LTU"]
    assert (shangri_la["month"] == 6).all()


def test_a_multilateral_exercise_is_one_row_with_all_its_parties(ds):
    r = one(ds, "bel-fra-jpn-usa-gulf-of-aden-exercise-2021")
    assert set(r["european_parties"]) == {"BEL", "FRA"}
    assert r["indo_pacific_parties"] == ("JPN",)
    assert r["other_parties"] == ("USA",)


def test_lithuania_appears_as_the_study_describes(ds):
    ltu = ds.filter(parties=["LTU"]).initiatives
    assert ltu["initiative_id"].tolist() == ["jpn-ltu-vice-ministers-shangri-la-2022"]


def test_relative_dates_are_inferred_and_documented(ds):
    inferred = ds.initiatives[ds.initiatives["year_basis"] == "inferred"]
    assert len(inferred) >= 5
    assert one(ds, "fra-jpn-space-situational-awareness-arrangement-2017")["year"] == 2017  # "two years later" than 2015


def test_no_initiative_starts_after_the_study(ds):
    assert ds.initiatives["year"].max() <= 2023


def test_notes_paraphrase_rather_than_copy_the_study(ds):
    """No note shares a run of eight or more words with the study text."""
    if not STUDY.is_file():
        pytest.skip(f"the study text is not at {STUDY}")
    words = re.findall(r"[\w'’-]+", STUDY.read_text(encoding="utf-8").lower())
    shingles = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for note, iid in zip(ds.initiatives["notes"], ds.initiatives["initiative_id"]):
        w = re.findall(r"[\w'’-]+", note.lower())
        copied = [" ".join(w[i : i + 8]) for i in range(len(w) - 7) if " ".join(w[i : i + 8]) in shingles]
        assert not copied, f"{iid}: note copies the study: {copied[0]!r}"


def test_every_initiative_has_a_european_and_an_indo_pacific_party(ds):
    assert (ds.initiatives["european_parties"].map(len) >= 1).all()
    assert (ds.initiatives["indo_pacific_parties"].map(len) >= 1).all()


# --- reference facts about actors ------------------------------------------------------------


def test_state_codes_and_names_follow_iso_3166(ds):
    states = ds.actors[ds.actors["kind"] == "state"]
    for code, name in zip(states["code"], states["name"]):
        country = pycountry.countries.get(alpha_3=code)
        assert country is not None, f"{code} is not an ISO 3166-1 alpha-3 code"
        assert name == country.name


def test_memberships(ds):
    a = ds.actors.set_index("code")
    assert a.loc["FIN", "nato_member_since"] == 2023 and a.loc["SWE", "nato_member_since"] == 2024
    assert a.loc["LTU", "nato_member_since"] == 2004 and a.loc["LTU", "eu_member_since"] == 2004
    assert a.loc["GBR", "eu_member_until"] == 2020
    assert sorted(a.index[a["ap4_member"]]) == ["AUS", "JPN", "KOR", "NZL"]
    original_asean = a.index[a["asean_member_since"].notna() & (a["asean_member_since"] <= 1999)]
    assert len(original_asean) == 10  # "the ten ASEAN states" of the study
    assert a.loc["CCDCOE", "parent"] == "NATO" and a.loc["EEAS", "parent"] == "EU"
