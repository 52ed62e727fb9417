"""Specifications of the claims ledger (indopac.claims): computed verdicts that change with the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import indopac
from indopac.analysis import claims, counting
from indopac.analysis.claims import CANNOT, NOT_SUPPORTED, PARTLY, SUPPORTED

STUDY = Path("/work/shared/study/indo-pacific-cooperation.md")
SECTIONS = {"summary", "1", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4", "concluding"}


def row(id, year="", *, framework="FOIP", eu="FRA", ip="JPN", other="", domains="maritime",
        kind="dialogue", section="2.2", recurring="false", level="unspecified"):
    basis = "stated" if year else "unknown"
    return (f"{id},{id},{kind},{year},,{basis},{recurring},,ongoing,{level},{framework},"
            f"{eu},{ip},{other},{domains},eesc-2023,{section},note")


def rows(prefix, n, year="", **kw):
    return [row(f"{prefix}-{i}" + (f"-{year}" if year else ""), year, **kw) for i in range(n)]


def check(cid, ds):
    return claims.CLAIMS[cid].test(ds)


@pytest.fixture(scope="module")
def shipped():
    return indopac.load()


@pytest.fixture(scope="module")
def shipped_ledger(shipped):
    return claims.ledger(shipped)


# --- the registry and the ledger ----------------------------------------------------------


def test_registry_covers_the_study(shipped_ledger):
    assert 20 <= len(claims.CLAIMS) <= 30
    assert {c.section for c in claims.CLAIMS.values()} <= SECTIONS
    assert len({c.section for c in claims.CLAIMS.values()}) >= 8
    assert list(shipped_ledger.columns[:9]) == ["id", "section", "paraphrase", "verdict", "evidence", "basis", "why",
                                                "robust_k", "robust_n"]
    assert set(shipped_ledger["verdict"]) <= set(claims.VERDICTS)
    assert shipped_ledger["id"].is_unique


def test_every_check_is_counted(shipped, shipped_ledger):
    n = len(counting.variants(shipped))
    assert (shipped_ledger["robust_n"] == n).all()
    assert (shipped_ledger["robust_k"] <= n).all()
    rob = claims.robustness(shipped)
    assert len(rob) == n * len(claims.CLAIMS)
    for r in shipped_ledger.itertuples():
        fragile = [f for f in r.fragile_under.split("; ") if f]
        assert r.robust_k == r.robust_n - len(fragile)


def test_cannot_be_tested_says_why(shipped_ledger):
    for r in shipped_ledger.itertuples():
        assert (r.verdict == CANNOT) == bool(r.why)
        assert r.basis


def test_verdicts_come_from_the_closed_set():
    with pytest.raises(ValueError):
        claims.Result("probably", {}, "x")
    with pytest.raises(ValueError):
        claims.Result(CANNOT, {}, "x")


@pytest.mark.skipif(not STUDY.exists(), reason="the study text is not available")
def test_paraphrases_are_own_words():
    words = lambda t: re.findall(r"[a-z0-9]+", t.lower())
    sw = words(STUDY.read_text(encoding="utf-8"))
    eights = {tuple(sw[i:i + 8]) for i in range(len(sw) - 7)}
    for c in claims.CLAIMS.values():
        cw = words(c.paraphrase)
        shared = [" ".join(cw[i:i + 8]) for i in range(len(cw) - 7) if tuple(cw[i:i + 8]) in eights]
        assert not shared, (c.id, shared)


def test_no_percentage_below_the_minimum_base(shipped_ledger):
    for basis in shipped_ledger["basis"]:
        for k, n, pct in re.findall(r"(\d+) of (\d+)( \(\d+%\))?", basis):
            assert bool(pct) == (int(n) >= 5), basis


# --- what an expert flagged, on the shipped data -----------------------------------------------


def test_shipped_flags(shipped):
    r = check("foip_overshadows_others", counting.foip_from_2016(shipped))
    assert r.verdict == NOT_SUPPORTED and (r.evidence["foip_dated"], r.evidence["other_dated"]) == (19, 29)
    assert check("foip_overshadows_others", shipped).verdict != SUPPORTED  # 27 vs 21 is no significant lead
    r = check("proliferation_last_decade", shipped)
    assert r.evidence["ratio"] == pytest.approx(3.6, abs=0.05) and "2013–22" in r.basis and "2003–12" in r.basis
    r = check("recent_majority", shipped)
    assert r.verdict == PARTLY and "45%" in r.basis and "79%" in r.basis
    r = check("maritime_most_in_foip", shipped)
    assert "tie" in r.basis and r.verdict == PARTLY
    r = check("emerging_domains_rising", shipped)
    assert r.verdict == NOT_SUPPORTED and r.evidence["p"] == pytest.approx(0.7, abs=0.02)
    assert check("japan_bridge", shipped).verdict == CANNOT


# --- hand-made data: one rule each, and verdicts that flip -----------------------------------------


def test_a_tie_is_partly(make_data):
    tied = rows("fra-jpn-m", 4, 2020, domains="maritime") + rows("fra-jpn-p", 4, 2020, domains="political_dialogue")
    tied += rows("fra-jpn-c", 4, 2020, domains="cyber")
    r = check("maritime_most_in_foip", indopac.load(make_data(*tied)))
    assert r.verdict == PARTLY and "tie at 4" in r.basis
    # cyber leads once maritime is behind: not first even among fields
    r = check("maritime_most_in_foip", indopac.load(make_data(*tied, *rows("fra-jpn-x", 3, 2020, domains="cyber"), name="b")))
    assert r.verdict == NOT_SUPPORTED
    # twelve more maritime rows: a lead an exact test supports
    r = check("maritime_most_in_foip", indopac.load(make_data(*tied, *rows("fra-jpn-y", 12, 2020), name="c")))
    assert r.verdict == SUPPORTED


def test_a_narrow_lead_is_not_a_clear_one(make_data):
    data = rows("fra-jpn-m", 5, 2020) + rows("fra-jpn-p", 4, 2020, domains="political_dialogue")
    r = check("maritime_most_attended", indopac.load(make_data(*data)))
    assert r.verdict == PARTLY and "p=" in r.basis


def test_small_base_shows_counts_and_does_not_support(make_data):
    old = [row("gbr-sgp-base-1960", 1960, framework="historical", eu="GBR", ip="SGP", kind="facility",
               domains="access_logistics", section="1"),
           row("gbr-mys-base-1961", 1961, framework="historical", eu="GBR", ip="MYS", kind="facility",
               domains="access_logistics", section="1"),
           row("gbr-brn-site-1984", 1984, framework="historical", eu="GBR", ip="BRN", kind="facility",
               domains="access_logistics", section="1")]
    r = check("historical_ties_fra_gbr", indopac.load(make_data(*old)))
    assert r.verdict == PARTLY  # 3 of 3, but below the minimum base
    assert "3 of 3" in r.basis and "%" not in r.basis
    more = [row(f"gbr-sgp-base-{y}", y, framework="historical", eu="GBR", ip="SGP", kind="facility",
                domains="access_logistics", section="1") for y in (1962, 1963, 1964)]
    r = check("historical_ties_fra_gbr", indopac.load(make_data(*old, *more, name="b")))
    assert r.verdict == SUPPORTED  # 6 of 6, binomial p = 0.03


def test_nato_too_few_rows_cannot_be_tested(make_data):
    nato = rows("jpn-nato-talks", 2, 2020, framework="NATO", eu="NATO", section="2.3", domains="political_dialogue")
    r = check("nato_stepping_up", indopac.load(make_data(*nato)))
    assert r.verdict == CANNOT and "fewer than 5" in r.why
    r = check("nato_stepping_up", indopac.load(make_data(*nato, *rows("jpn-nato-more", 5, 2021, framework="NATO", eu="NATO",
                                                                    domains="political_dialogue"), name="b")))
    assert r.verdict == SUPPORTED


def test_a_claim_that_depends_on_undated_rows(make_data):
    dated = [*rows("fra-jpn-new", 8, 2020), row("fra-jpn-old-1990", 1990)]
    assert check("recent_majority", indopac.load(make_data(*dated))).verdict == SUPPORTED  # 8 of 9
    ds = indopac.load(make_data(*dated, *rows("fra-jpn-undated", 10), name="b"))
    r = check("recent_majority", ds)
    assert r.verdict == PARTLY  # 8 of 9 dated, but 8 of 19 if the undated are all early
    assert r.evidence["low_count"] == 8 and r.evidence["high_count"] == 18
    led = claims.ledger(ds).set_index("id")
    assert "undated_early" in led.at["recent_majority", "fragile_under"]


def test_an_insignificant_difference_is_not_supported(make_data):
    def data(a1, n1, a2, n2, name):
        out = rows("fra-jpn-cy-new", a1, 2018, domains="cyber") + rows("fra-jpn-m-new", n1 - a1, 2018)
        out += rows("fra-jpn-cy-old", a2, 2005, domains="cyber") + rows("fra-jpn-m-old", n2 - a2, 2005)
        return indopac.load(make_data(*out, name=name))

    r = check("emerging_domains_rising", data(7, 33, 2, 15, "a"))
    assert r.verdict == NOT_SUPPORTED and "no difference shown" in r.basis
    assert check("emerging_domains_rising", data(20, 33, 1, 15, "b")).verdict == SUPPORTED


def test_a_counting_rule_flips_the_verdict(make_data):
    data = rows("fra-jpn-roots", 7, 2012) + rows("fra-jpn-foip", 7, 2018)
    data += rows("fra-phl-other", 3, 2018, framework="bilateral_other", ip="PHL", domains="defence_industry", section="4")
    ds = indopac.load(make_data(*data))
    assert check("foip_overshadows_others", ds).verdict == SUPPORTED  # 14 vs 3
    assert check("foip_overshadows_others", counting.foip_from_2016(ds)).verdict == NOT_SUPPORTED  # 7 vs 10
    led = claims.ledger(ds).set_index("id")
    assert "foip_from_2016" in led.at["foip_overshadows_others", "fragile_under"]


def test_per_pair_counting_can_change_a_verdict(make_data):
    multi = [row(f"nato-ap4-meeting-{y}", y, framework="NATO", eu="NATO", ip="AUS;JPN;KOR;NZL", kind="summit",
                 domains="political_dialogue", section="2.3") for y in (2020, 2021)]
    ds = indopac.load(make_data(*multi))
    assert check("nato_stepping_up", ds).verdict == CANNOT  # two initiatives
    assert check("nato_stepping_up", counting.per_pair(ds)).verdict == SUPPORTED  # eight pairs


def test_bridge_becomes_testable_with_same_side_links(make_data):
    base = rows("fra-jpn-only", 3, 2020)
    r = check("japan_bridge", indopac.load(make_data(*base)))
    assert r.verdict == CANNOT and "only European to Indo-Pacific" in r.why
    trios = rows("fra-jpn-aus-exercise", 6, 2021, ip="JPN;AUS", kind="exercise", section="3.1")
    assert check("japan_bridge", indopac.load(make_data(*base, *trios, name="b"))).verdict == SUPPORTED
    direct = rows("fra-aus-exercise", 12, 2021, ip="AUS", kind="exercise", section="3.1")
    assert check("japan_bridge", indopac.load(make_data(*base, *trios, *direct, name="c"))).verdict == NOT_SUPPORTED


def test_editing_the_data_flips_the_proliferation_verdict(make_data):
    recent = rows("fra-jpn-recent", 12, 2018)
    assert check("proliferation_last_decade", indopac.load(make_data(*recent, *rows("fra-jpn-old", 2, 2005)))).verdict \
        == SUPPORTED
    r = check("proliferation_last_decade", indopac.load(make_data(*recent, *rows("fra-jpn-old", 12, 2005), name="b")))
    assert r.verdict == NOT_SUPPORTED and r.evidence["ratio"] == 1.0
    r = check("proliferation_last_decade", indopac.load(make_data(*rows("fra-jpn-x", 2, 2018), name="c")))
    assert r.verdict == CANNOT


def test_germany_entry_depends_on_earlier_rows(make_data):
    jpn = row("deu-jpn-frigate-2021", 2021, eu="DEU", kind="deployment", section="2.3")
    assert check("germany_entry_2021", indopac.load(make_data(jpn))).verdict == SUPPORTED
    idn = row("deu-idn-defence-2011", 2011, eu="DEU", ip="IDN", framework="bilateral_other", kind="declaration",
              domains="defence_industry", section="4")
    assert check("germany_entry_2021", indopac.load(make_data(jpn, idn, name="b"))).verdict == PARTLY
