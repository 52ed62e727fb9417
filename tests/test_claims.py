"""Specifications of the claims ledger: computed verdicts that change with the data, and the words that say them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import indopac
from indopac.analysis import claims, counting
from indopac.analysis import stats as st
from indopac.analysis.claims import CANNOT, NOT_SUPPORTED, PARTLY, SUPPORTED
from indopac.findings import claims as words

#: the study sits in shared/ beside the project (as laid out for developers and CI)
STUDY = Path(__file__).resolve().parents[2] / "shared" / "study" / "indo-pacific-cooperation.md"
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


def say(cid, ds):
    """The claim's evidence sentence on ``ds``."""
    return words.evidence_sentence(ds, cid, check(cid, ds))


def why(cid, ds):
    return words.why_sentence(ds, cid, check(cid, ds))


@pytest.fixture(scope="module")
def shipped_ledger(shipped):
    return claims.ledger(shipped)


# --- the registry and the ledger ----------------------------------------------------------


def checks_of(ds):
    """The robustness checks: every counting-rule variant except the shipped rule itself."""
    return [r for r, v in counting.variants(ds).items() if v is not ds]


def test_registry_covers_the_study(shipped_ledger):
    assert 20 <= len(claims.CLAIMS) <= 30
    assert {c.section for c in claims.CLAIMS.values()} <= SECTIONS
    assert len({c.section for c in claims.CLAIMS.values()}) >= 8
    assert list(shipped_ledger.columns) == ["id", "section", "paraphrase", "verdict", "evidence", "reason",
                                            "robust_k", "robust_n", "fragile_under", "changes"]
    assert set(shipped_ledger["verdict"]) <= set(claims.VERDICTS)
    assert shipped_ledger["id"].tolist() == list(claims.CLAIMS)
    assert set(words.EVIDENCE) == set(claims.CLAIMS) == set(words.CRITERIA)  # every claim has its words


def test_every_check_is_counted(shipped, shipped_ledger):
    n = len(checks_of(shipped))
    assert "multilateral_once" not in checks_of(shipped)  # the shipped rule is the verdict itself, not a check
    assert (shipped_ledger["robust_n"] == n).all()
    rob = claims.robustness(shipped)
    assert len(rob) == n * len(claims.CLAIMS)
    assert set(rob["verdict"]) <= set(claims.VERDICTS)
    for r in shipped_ledger.itertuples():
        assert r.robust_k == r.robust_n - len(r.fragile_under)
        assert set(r.changes) == set(r.fragile_under) and r.verdict not in r.changes.values()


def test_verdict_grid_has_the_ledger_verdict_first(shipped, shipped_ledger):
    grid = claims.verdict_grid(shipped)
    assert grid.index.tolist() == list(claims.CLAIMS)
    assert grid.columns[0] == "as_coded" and list(grid.columns[1:]) == checks_of(shipped)
    assert grid["as_coded"].tolist() == shipped_ledger["verdict"].tolist()


def test_cannot_be_tested_gives_a_reason_and_says_why(shipped):
    led = words.ledger_frame(shipped)
    for r in led.itertuples():
        assert (r.verdict == CANNOT) == bool(r.reason) == bool(r.why)
        assert r.basis and r.basis.endswith(".") and not r.basis[0].islower()


def test_verdicts_come_from_the_closed_set():
    with pytest.raises(ValueError, match="verdict must be one of"):
        claims.Result("probably", {})
    with pytest.raises(ValueError, match="gives a reason"):
        claims.Result(CANNOT, {})
    with pytest.raises(ValueError, match="gives a reason"):
        claims.Result(SUPPORTED, {}, "no_rows")
    with pytest.raises(ValueError, match="reason must be one of"):
        claims.Result(CANNOT, {}, "too hard")


def test_verdict_counts_cover_the_closed_set(shipped):
    counts = claims.verdict_counts(shipped)
    assert counts["verdict"].tolist() == list(claims.VERDICTS)
    assert counts["claims"].sum() == len(claims.CLAIMS)


@pytest.mark.skipif(not STUDY.exists(), reason="the study text is not available")
def test_paraphrases_are_own_words():
    words_of = lambda t: re.findall(r"[a-z0-9]+", t.lower())
    sw = words_of(STUDY.read_text(encoding="utf-8"))
    eights = {tuple(sw[i:i + 8]) for i in range(len(sw) - 7)}
    for c in claims.CLAIMS.values():
        cw = words_of(c.paraphrase)
        shared = [" ".join(cw[i:i + 8]) for i in range(len(cw) - 7) if tuple(cw[i:i + 8]) in eights]
        assert not shared, (c.id, shared)


# --- the words: every rule of the wording layer, on the shipped data -----------------------------------


def test_no_percentage_below_the_minimum_base(shipped):
    for basis in words.ledger_frame(shipped)["basis"]:
        for k, n, pct in re.findall(r"(\d+) of (\d+)( \(\d+%\))?", basis):
            assert bool(pct) == (int(n) >= st.MIN_BASE), basis


def test_rate_comparisons_name_two_equal_windows(shipped):
    for basis in words.ledger_frame(shipped)["basis"]:
        if "times as many" in basis or "times the" in basis:
            assert re.search(r"equal \d+-year windows", basis), basis


def test_every_test_is_named_with_its_p(shipped):
    for basis in words.ledger_frame(shipped)["basis"]:
        for m in re.finditer(r"p [=<] ", basis):
            before = basis[:m.start()]
            assert re.search(r"(binomial test|Fisher's exact test)[^()]*$", before), basis


def test_foip_claims_state_their_counting_rule(shipped):
    led = words.ledger_frame(shipped)
    foip = [r for r in led.itertuples() if "foip_rule" in r.evidence]
    assert len(foip) >= 5
    for r in foip:
        assert "counting rule: FOIP as coded" in r.basis, r.id


def test_undated_bounds_are_given(shipped):
    r = words.ledger_frame(shipped).set_index("id").loc["recent_majority"]
    ev = r["evidence"]
    if ev["undated"]:
        assert "all early or all late" in r["basis"]
        assert f"{ev['low_count']} of {ev['base']}" in r["basis"] and f"{ev['high_count']} of {ev['base']}" in r["basis"]


def test_foip_rule_words_say_whether_counting_from_2016_matters():
    assert "changes nothing" in words.foip_rule_words({"before_announced": 0, "announced": 2016})
    s = words.foip_rule_words({"before_announced": 1, "announced": 2016})
    assert "including 1 initiative that starts before Japan announced FOIP in 2016" in s
    assert "8 initiatives that start before" in words.foip_rule_words({"before_announced": 8, "announced": 2016})


def test_robustness_words():
    assert words.robustness_words({"robust_k": 12, "robust_n": 12, "changes": {}}) == "holds in all 12 checks"
    s = words.robustness_words({"robust_k": 10, "robust_n": 12, "changes": {"foip_from_2016": NOT_SUPPORTED,
                                                                           "without_section:3.1": PARTLY}})
    assert s == "holds in 10 of 12 checks; changes under FOIP only from 2016 (to not supported) and without §3.1 (to partly supported)"


# --- the products: claims.csv and claims.md ------------------------------------------------------


SMALL = [*[row(f"fra-jpn-m-{i}-2019", 2019) for i in range(6)], row("gbr-jpn-cyber-2012", 2012, eu="GBR", domains="cyber"),
         row("deu-jpn-navy", eu="DEU", kind="deployment", section="2.3"),
         row("nato-ap4-2022", 2022, framework="NATO", eu="NATO", ip="AUS;JPN;KOR;NZL", kind="summit", section="2.3",
             domains="cyber;emerging_tech")]


def test_claims_md_says_what_it_measures_and_how_to_cite(shipped):
    md = words.ledger_markdown(shipped)
    assert md.startswith("# The claims ledger\n")
    assert "does not test the world" in md
    assert shipped.cite() in md.replace("\\", "")
    assert f"v{shipped.version}" in md.replace("\\", "")
    rows = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| id ")]
    assert len(rows) == len(claims.CLAIMS)
    assert all(line.count(" | ") == 5 for line in rows)  # a pipe in data would add a column: it is escaped


def test_claim_sections_follow_the_study_order(shipped):
    md = words.claim_sections_markdown(shipped)
    heads = re.findall(r"^### (.+)$", md, re.MULTILINE)
    assert len(heads) == len({c.section for c in claims.CLAIMS.values()})
    assert md.count("- Verdict: ") == len(claims.CLAIMS)
    assert md.count("- What would change it: ") == len(claims.CLAIMS)


def test_headline_robustness_is_true_of_the_ledger(shipped):
    led = words.ledger_frame(shipped)
    k = int((led["robust_k"] == led["robust_n"]).sum())
    assert words.headline_robustness(shipped).startswith(f"{k} of {len(led)} verdicts hold under every counting rule")


def test_robustness_figure_is_saved_with_its_data(shipped, tmp_path):
    from indopac.figures import claims as claim_figures

    claim_figures.figure_robustness(shipped, tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {"robustness.png", "robustness.svg", "robustness.csv"}
    data = claim_figures.robustness_data(shipped)
    assert len(data) == len(claims.CLAIMS) * (1 + len(checks_of(shipped)))
    assert set(data["verdict"]) <= set(claims.VERDICTS)


# (The two tests below load hand-made datasets beside the shipped one: each Dataset keeps its own
# ledger, see indopac.memo, so the order of the tests does not matter.)


def test_claims_csv_is_deterministic_and_complete(shipped, make_data):
    frame = words.ledger_csv_frame(shipped)
    assert frame.columns.tolist() == words.CSV_COLUMNS
    assert len(frame) == len(claims.CLAIMS) and frame["id"].is_unique
    for r in frame.itertuples():
        assert isinstance(json.loads(r.evidence), dict)
        assert r.verdict in claims.VERDICTS
        assert 0 <= r.robust_k <= r.robust_n
    small = make_data(*SMALL)
    csv = words.ledger_csv(indopac.load(small))
    again = words.ledger_csv(indopac.load(small))  # a fresh load: nothing depends on object identity
    assert csv == again
    assert "\r" not in csv and csv.endswith("\n")


def test_write_reports_writes_stable_bytes(make_data, tmp_path):
    small = make_data(*SMALL)
    ds = indopac.load(small)
    paths = words.write_reports(ds, tmp_path / "reports")
    assert [p.name for p in paths] == ["claims.csv", "claims.md"]
    first = [p.read_bytes() for p in paths]
    mtimes = [p.stat().st_mtime_ns for p in paths]
    words.write_reports(ds, tmp_path / "reports")
    assert [p.stat().st_mtime_ns for p in paths] == mtimes  # the same bytes are not rewritten
    assert first[0].decode("utf-8") == words.ledger_csv(ds)
    assert first[1].decode("utf-8") == words.ledger_markdown(ds)


# --- hand-made data: one rule each, and verdicts that flip -----------------------------------------


def test_a_tie_is_partly(make_data):
    tied = rows("fra-jpn-m", 4, 2020, domains="maritime") + rows("fra-jpn-p", 4, 2020, domains="political_dialogue")
    tied += rows("fra-jpn-c", 4, 2020, domains="cyber")
    ds = indopac.load(make_data(*tied))
    assert check("maritime_most_in_foip", ds).verdict == PARTLY
    assert "a tie at 4 between cyber security, maritime security and political and strategic dialogue" in say(
        "maritime_most_in_foip", ds)
    # cyber leads once maritime is behind: not first even among fields
    r = check("maritime_most_in_foip", indopac.load(make_data(*tied, *rows("fra-jpn-x", 3, 2020, domains="cyber"), name="b")))
    assert r.verdict == NOT_SUPPORTED
    # twelve more maritime rows: a lead an exact test supports
    r = check("maritime_most_in_foip", indopac.load(make_data(*tied, *rows("fra-jpn-y", 12, 2020), name="c")))
    assert r.verdict == SUPPORTED


def test_a_narrow_lead_is_not_a_clear_one(make_data):
    data = rows("fra-jpn-m", 5, 2020) + rows("fra-jpn-p", 4, 2020, domains="political_dialogue")
    ds = indopac.load(make_data(*data))
    r = check("maritime_most_attended", ds)
    assert r.verdict == PARTLY and r.evidence["p"] >= st.ALPHA
    assert "paired binomial test" in say("maritime_most_attended", ds)


def test_small_base_shows_counts_and_does_not_support(make_data):
    old = [row("gbr-sgp-base-1960", 1960, framework="historical", eu="GBR", ip="SGP", kind="facility",
               domains="access_logistics", section="1"),
           row("gbr-mys-base-1961", 1961, framework="historical", eu="GBR", ip="MYS", kind="facility",
               domains="access_logistics", section="1"),
           row("gbr-brn-site-1984", 1984, framework="historical", eu="GBR", ip="BRN", kind="facility",
               domains="access_logistics", section="1")]
    ds = indopac.load(make_data(*old))
    assert check("historical_ties_fra_gbr", ds).verdict == PARTLY  # 3 of 3, but below the minimum base
    sentence = say("historical_ties_fra_gbr", ds)
    assert "3 of 3 long-standing ties" in sentence and "%" not in sentence
    more = [row(f"gbr-sgp-base-{y}", y, framework="historical", eu="GBR", ip="SGP", kind="facility",
                domains="access_logistics", section="1") for y in (1962, 1963, 1964)]
    r = check("historical_ties_fra_gbr", indopac.load(make_data(*old, *more, name="b")))
    assert r.verdict == SUPPORTED  # 6 of 6, binomial p = 0.03


def test_nato_too_few_rows_cannot_be_tested(make_data):
    nato = rows("jpn-nato-talks", 2, 2020, framework="NATO", eu="NATO", section="2.3", domains="political_dialogue")
    ds = indopac.load(make_data(*nato))
    r = check("nato_stepping_up", ds)
    assert r.verdict == CANNOT and r.reason == "too_few_dated"
    assert "Only 2 of the initiatives the claim counts are dated in the two windows, fewer than 5." == why(
        "nato_stepping_up", ds)
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
    assert "with the 10 undated initiatives all early or all late, 8 of 19 (42%) to 18 of 19 (95%)" in say(
        "recent_majority", ds)


def test_an_insignificant_difference_is_not_supported(make_data):
    def data(a1, n1, a2, n2, name):
        out = rows("fra-jpn-cy-new", a1, 2018, domains="cyber") + rows("fra-jpn-m-new", n1 - a1, 2018)
        out += rows("fra-jpn-cy-old", a2, 2005, domains="cyber") + rows("fra-jpn-m-old", n2 - a2, 2005)
        return indopac.load(make_data(*out, name=name))

    ds = data(7, 33, 2, 15, "a")
    assert check("emerging_domains_rising", ds).verdict == NOT_SUPPORTED
    assert "7 of 33 (21%)" in say("emerging_domains_rising", ds)
    assert "(Fisher's exact test, p = 0.7; no difference is shown)" in say("emerging_domains_rising", ds)
    assert check("emerging_domains_rising", data(20, 33, 1, 15, "b")).verdict == SUPPORTED


def test_a_counting_rule_flips_the_verdict(make_data):
    data = rows("fra-jpn-roots", 7, 2012) + rows("fra-jpn-foip", 7, 2018)
    data += rows("fra-phl-other", 3, 2018, framework="bilateral_other", ip="PHL", domains="defence_industry", section="4")
    ds = indopac.load(make_data(*data))
    assert check("foip_overshadows_others", ds).verdict == SUPPORTED  # 14 vs 3
    assert check("foip_overshadows_others", counting.foip_from_2016(ds)).verdict == NOT_SUPPORTED  # 7 vs 10
    led = claims.ledger(ds).set_index("id")
    assert led.at["foip_overshadows_others", "changes"]["foip_from_2016"] == NOT_SUPPORTED
    # the sentence says which rule it counts by, and that the other rule would matter here
    assert "counting rule: FOIP as coded, including 7 initiatives that start before Japan announced FOIP in 2016" in say(
        "foip_overshadows_others", ds)
    assert "changes nothing" in say("foip_overshadows_others", counting.foip_from_2016(ds))


def test_per_pair_counting_can_change_a_verdict(make_data):
    multi = [row(f"nato-ap4-meeting-{y}", y, framework="NATO", eu="NATO", ip="AUS;JPN;KOR;NZL", kind="summit",
                 domains="political_dialogue", section="2.3") for y in (2020, 2021)]
    ds = indopac.load(make_data(*multi))
    assert check("nato_stepping_up", ds).verdict == CANNOT  # two initiatives
    assert check("nato_stepping_up", counting.per_pair(ds)).verdict == SUPPORTED  # eight pairs


def test_bridge_becomes_testable_with_same_side_links(make_data):
    base = rows("fra-jpn-only", 3, 2020)
    ds = indopac.load(make_data(*base))
    assert check("japan_bridge", ds).verdict == CANNOT
    assert "The data link European parties only to Indo-Pacific ones" in why("japan_bridge", ds)
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


def test_a_verdict_moves_between_codings(make_data):
    then = indopac.load(make_data(*rows("fra-jpn-recent", 12, 2018), *rows("fra-jpn-old", 12, 2005)))
    now = indopac.load(make_data(*rows("fra-jpn-recent", 12, 2018), *rows("fra-jpn-old", 2, 2005), name="b"))
    moved = claims.moved(now, then).set_index("id")
    assert moved.at["proliferation_last_decade", "verdict_then"] == NOT_SUPPORTED
    assert moved.at["proliferation_last_decade", "verdict_now"] == SUPPORTED
    md = words.version_changes_markdown(now, then)
    assert "proliferation\\_last\\_decade: not supported → supported" in md
    assert "no verdict can be compared" in words.version_changes_markdown(now, None)


FROZEN = Path(indopac.layout.DATA_DIR) / "reliability" / "first-coding-v1.0.0.csv"


@pytest.mark.skipif(not FROZEN.exists(), reason="the frozen v1.0.0 coding is not in data/reliability")
def test_the_expert_examples_on_the_frozen_v1_0_0_coding(shipped):
    """Issue 10's examples were found on v1.0.0; that coding is frozen, so its numbers may be asserted."""
    v1 = counting.from_coding(shipped, FROZEN)
    r = check("foip_overshadows_others", v1)
    assert (r.evidence["foip_dated"], r.evidence["other_dated"]) == (27, 21) and r.verdict == PARTLY
    assert r.evidence["foip_rule"]["before_announced"] == 8  # 1997, four in 2012, 2014, two in 2015
    r = check("foip_overshadows_others", counting.foip_from_2016(v1))
    assert (r.evidence["foip_dated"], r.evidence["other_dated"]) == (19, 29) and r.verdict == NOT_SUPPORTED
    r = check("proliferation_last_decade", v1)
    assert r.evidence["ratio"] == pytest.approx(3.6, abs=0.05)
    assert "29 in 2013–22 against 8 in 2003–12 (equal 10-year windows)" in words.evidence_sentence(
        v1, "proliferation_last_decade", r)
    assert check("emerging_domains_rising", v1).evidence["p"] == pytest.approx(0.7, abs=0.02)


@pytest.mark.slow
def test_the_claims_notebook_writes_the_ledger_files(shipped):
    """Notebook 00, as the build runs it, writes claims.csv and claims.md with the ledger's bytes.

    The build's run is committed (reports/, figures/claims/) and held to the current notebook,
    data and library by tests/test_published_outputs.py; it is read here, not made again.
    """
    import nbformat

    from indopac.layout import FIGURES_DIR, REPORTS_DIR, ROOT

    assert (REPORTS_DIR / "claims.csv").read_text(encoding="utf-8") == words.ledger_csv(shipped)
    assert (REPORTS_DIR / "claims.md").read_text(encoding="utf-8") == words.ledger_markdown(shipped)
    assert {p.name for p in (FIGURES_DIR / "claims").iterdir()} == {"robustness.png", "robustness.svg",
                                                                   "robustness.csv"}
    executed = nbformat.read(REPORTS_DIR / "claims.ipynb", as_version=4)
    outputs = json.dumps([c.get("outputs", []) for c in executed.cells if c.cell_type == "code"])
    assert "does not test the world" in outputs
    assert '"output_type": "error"' not in outputs
    for machine_path in (str(ROOT), ".indopac-build"):
        at = outputs.find(machine_path)
        assert at < 0, outputs[max(0, at - 300):at + 100]
