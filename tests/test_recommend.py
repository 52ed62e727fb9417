"""Specification of indopac.recommend: the scoring, its evidence, the narrative and its checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import indopac
from indopac.analysis import recommend as r
from indopac.analysis.sensitivity import robustness, sensitivity
from indopac.findings.recommend import (
    components_title,
    robustness_counts,
    sensitivity_title,
    to_markdown,
    write_markdown,
)
from indopac.params import ParameterError

# --- a tiny hand-made dataset ----------------------------------------------------------------------
#
# Network: LTU–JPN, FRA–JPN, FRA–KOR, EST–KOR (a path LTU-JPN-FRA-KOR-EST) and NATO–AUS.
# Focus LTU, strengths (cyber,) stated by the user, peers (EST,). Hand-computed raw values:
#
#            reach  initiatives  betweenness  strengths  channel     peers  recency(2019-23)
#   JPN        2        2           3/15         1       1 (a)        0        1
#   KOR        2        2           3/15         2       0            1        2
#   AUS        1        1           0            0       0            0        0
#   NATO       1        1           0            0       member (=1)  0        0
#
# Default weights 1, .5, .5, 1.5, 1, .5, .5 give JPN 4.0, KOR 4.5, NATO 1.75, AUS 0.75 with the
# strength; from the data alone (strengths 0 for all) JPN 3.25, KOR 3.0, NATO 1.75, AUS 0.75.
# LTU already works with Japan (an incumbent there) and not with South Korea (a newcomer).

ROWS = (
    (
        "ltu-jpn-cyber-2022,LTU–JPN cyber talks,dialogue,2022,,stated,false,,concluded,officials"
        ",FOIP,LTU,JPN,,cyber,eesc-2023,3.2,Hand-made."
    ),
    (
        "fra-jpn-maritime-2010,FRA–JPN maritime dialogue,dialogue,2010,,stated,false,,concluded,officials"
        ",FOIP,FRA,JPN,,maritime,eesc-2023,2.2,Hand-made."
    ),
    (
        "fra-kor-cyber-2021,FRA–KOR cyber dialogue,dialogue,2021,,stated,false,,concluded,officials"
        ",FOIP,FRA,KOR,,cyber,eesc-2023,3.2,Hand-made."
    ),
    (
        "est-kor-cyber-2020,EST–KOR cyber and disinformation,dialogue,2020,,stated,false,,concluded,officials"
        ",FOIP,EST,KOR,,cyber;disinformation,eesc-2023,3.2,Hand-made."
    ),
    (
        "nato-aus-disinformation,NATO–AUS disinformation talks,dialogue,,,unknown,false,,concluded,officials"
        ",NATO,NATO,AUS,,disinformation,eesc-2023,2.3,Hand-made."
    ),
)


@pytest.fixture(scope="module")
def tiny(make_shared_data):
    """The hand-made dataset of ROWS, loaded once for the module (tests only read it)."""
    return indopac.load(make_shared_data(*ROWS))


@pytest.fixture(scope="module")
def tiny_rec(tiny):
    """A recommendation is frozen, so one serves every test that reads it."""
    return r.recommend(tiny, focus="LTU", strengths=["cyber"], peers=["EST"])


class Made:
    """Recommendations on the shipped data and their narratives, each made once and then shared.

    A Recommendation is frozen and ``to_markdown`` is a function of it alone (that it gives the
    same text again is checked by ``test_the_narrative_is_deterministic_and_written_atomically``,
    on a fresh recommendation), so the tests that only read one share it.
    """

    def __init__(self, ds):
        self.ds = ds
        self._recs: dict = {}
        self._texts: dict = {}

    def rec(self, focus: str, strengths=None) -> r.Recommendation:
        """``recommend(shipped, focus=focus)`` with the default inputs, or the ``strengths`` given."""
        key = (focus, None if strengths is None else tuple(strengths))
        if key not in self._recs:
            self._recs[key] = r.recommend(self.ds, focus=focus, strengths=strengths)
        return self._recs[key]

    def md(self, focus: str, strengths=None) -> str:
        """The narrative of :meth:`rec`."""
        key = (focus, None if strengths is None else tuple(strengths))
        if key not in self._texts:
            self._texts[key] = to_markdown(self.rec(focus, strengths))
        return self._texts[key]


@pytest.fixture(scope="module")
def recommendation(shipped):
    """:class:`Made` on the shipped data (its tests share one xdist worker: see conftest.SHARED)."""
    return Made(shipped)


@pytest.fixture(scope="module")
def ltu(recommendation):
    return recommendation.rec("LTU")  # the study's stated strengths, from the strengths table


def sentences(text: str) -> set[str]:
    parts = re.split(r"(?<=[.!?])\s+", text)
    return {p.strip() for p in parts if p.strip() and not re.fullmatch(r"\d+\.", p.strip())}


def items(md: str, section: str) -> list[str]:
    """The numbered items of one list of the narrative ("Where to engage" or "What to offer")."""
    block = md.split(f"**{section}")[1].split("\n\n", 2)
    return [line for line in block[1].splitlines() if re.match(r"^\d+\. ", line)]


ENTRY_ITEM = re.compile(
    r"^\d+\. \*\*(?:Deepen and widen the work with|Start working with|Work through) (.+?)\*\* "
    r"\(rank (\d+) of (\d+) entry points(?: with the stated strengths, (\d+) from the data alone)?"
)
DOMAIN_ITEM = re.compile(
    r"^\d+\. \*\*(?:Offer|Build on|Consider) (.+?)(?:, a stated strength)?\*\* "
    r"\(rank (\d+) of (\d+) domains(?: with the stated strengths, (\d+) from the data alone)?"
)
NEXT_CLAIM = re.compile(r"([A-Z][\w\\\- ]+?) \(rank (\d+),")


def rank_claims(rec, md: str | None = None) -> list[tuple[str, str, int, int | None]]:
    """(which, code, rank claimed, rank from the data alone claimed) for every ranked item of
    ``md``, the narrative of ``rec`` (``to_markdown(rec)`` when not given)."""
    md = to_markdown(rec) if md is None else md
    ds = rec.dataset
    by_name = {text_escape(ds.actor_name(c)): c for c in ds.actors["code"]}
    by_name.update({"the " + k: v for k, v in list(by_name.items())})
    by_name.update({k[:1].upper() + k[1:]: v for k, v in list(by_name.items())})
    dom = {text_escape(lab).lower(): c for c, lab in zip(ds.domains["code"], ds.domains["label"])}
    out = []
    for line in items(md, "Where to engage"):
        m = ENTRY_ITEM.match(line)
        assert m, line
        out.append(("entry", by_name[m.group(1)], int(m.group(2)), m.group(4) and int(m.group(4))))
    for line in items(md, "What to offer"):
        m = DOMAIN_ITEM.match(line)
        assert m, line
        out.append(("domain", dom[m.group(1)], int(m.group(2)), m.group(4) and int(m.group(4))))
    nxt = re.search(r"^Next in rank order: (.*?)\.(?: From|$)", md, flags=re.MULTILINE)
    if nxt:
        for name, k in NEXT_CLAIM.findall(nxt.group(1).replace("the ", "The ")):
            out.append(("entry", by_name[name.strip()], int(k), None))
    return out


def text_escape(s: str) -> str:
    from indopac.text import escape_markdown

    return escape_markdown(s)


# --- scoring on the tiny dataset ----------------------------------------------------------------------


def test_entry_points_rank_as_hand_computed(tiny_rec):
    ep = tiny_rec.entry_points
    assert ep["code"].tolist() == ["KOR", "JPN", "NATO", "AUS"]
    assert ep["score"].round(6).tolist() == [4.5, 4.0, 1.75, 0.75]
    assert ep.set_index("code")["type"].to_dict() == {
        "KOR": "partner",
        "JPN": "partner",
        "NATO": "channel",
        "AUS": "partner",
    }


def test_the_ranking_from_the_data_alone_leaves_the_stated_strengths_out(tiny_rec):
    data = tiny_rec.entry_points_data
    assert data["code"].tolist() == ["JPN", "KOR", "NATO", "AUS"]
    assert data["score"].round(6).tolist() == [3.25, 3.0, 1.75, 0.75]
    assert (data["strengths"] == 0).all()
    assert (tiny_rec.domains_data["domain_strength"] == 0).all()


def test_component_columns_sum_to_the_score(tiny_rec):
    for which in r.WHICH:
        table, _long, order = r.which_tables(tiny_rec, which)
        assert (table[list(order)].sum(axis=1) - table["score"]).abs().max() < 1e-12


def test_raw_values_and_evidence_are_the_hand_counted_ones(tiny_rec):
    ec = tiny_rec.entry_components.set_index(["code", "component"])
    assert ec.loc[("JPN", "reach"), "raw"] == 2
    assert ec.loc[("KOR", "strengths"), "raw"] == 2
    assert ec.loc[("KOR", "strengths"), "initiative_ids"] == (
        "est-kor-cyber-2020",
        "fra-kor-cyber-2021",
    )
    assert ec.loc[("JPN", "channel"), "initiative_ids"] == ("ltu-jpn-cyber-2022",)
    assert ec.loc[("KOR", "peers"), "initiative_ids"] == ("est-kor-cyber-2020",)
    assert ec.loc[("KOR", "recency"), "raw"] == 2
    assert ec.loc[("JPN", "centrality"), "raw"] == pytest.approx(3 / 15)
    assert ec.loc[("AUS", "recency"), "raw"] == 0  # undated initiatives are never recent
    # membership of NATO is an existing channel at full value
    assert ec.loc[("NATO", "channel"), "value"] == 1.0
    assert ec.loc[("NATO", "initiatives"), "initiative_ids"] == ("nato-aus-disinformation",)


def test_evidence_returns_the_initiatives_behind_a_component(tiny_rec):
    ev = tiny_rec.evidence("KOR", "strengths")
    assert ev["initiative_id"].tolist() == [
        "fra-kor-cyber-2021",
        "est-kor-cyber-2020",
    ]  # newest first
    with pytest.raises(ParameterError, match="valid: "):
        tiny_rec.evidence("KOR", "charm")


def test_weights_change_the_ranking(tiny):
    rec = r.recommend(tiny, focus="LTU", strengths=["cyber"], peers=["EST"], weights={"channel": 2})
    assert rec.entry_points["code"].tolist()[:2] == ["JPN", "KOR"]
    assert rec.entry_points["score"].round(6).tolist()[:2] == [5.0, 4.5]


def test_ties_go_to_more_initiatives_then_to_the_code(tiny):
    zero = dict.fromkeys(r.DEFAULT_WEIGHTS, 0)
    rec = r.recommend(tiny, focus="LTU", strengths=["cyber"], peers=["EST"], weights=zero)
    assert rec.entry_points["code"].tolist() == ["JPN", "KOR", "AUS", "NATO"]


def test_domains_rank_as_hand_computed(tiny_rec):
    # initiatives in the domain, each once: cyber 3, disinformation 2, maritime 1 (max 3)
    # cyber: 2 (stated) + 3/3 + .5 (own) + .5 (peers) + .5 (recent); disinformation: 2/3 + .5 + .5/3
    dm = tiny_rec.domains
    assert dm["code"].tolist()[:4] == ["cyber", "disinformation", "maritime", "access_logistics"]
    assert dm["score"].round(6).tolist()[:3] == [4.5, round(2 / 3 + 0.5 + 0.5 / 3, 6), round(1 / 3, 6)]
    # political dialogue and information sharing are cross-cutting, so not ranked
    assert not {"political_dialogue", "information_sharing"} & set(dm["code"])


def test_stated_strengths_that_reorder_the_domains_show_both_rankings(tiny):
    rec = r.recommend(tiny, focus="LTU", strengths=["disinformation"], peers=["EST"])
    # with it: disinformation 2 + 4/3 = 3.33 before cyber 2.5; from the data alone cyber first
    assert rec.top(2, "domains") == ["disinformation", "cyber"]
    assert rec.domains_data["code"].head(2).tolist() == ["cyber", "disinformation"]
    assert rec.domains["score"].round(6).head(1).tolist() == [round(2 + 2 / 3 + 0.5 + 0.5 / 3, 6)]
    md = to_markdown(rec)
    assert "countering disinformation (stated by the user)" in md
    assert "rank 1 of 16 domains with the stated strengths, 2 from the data alone" in md
    assert components_title(rec, "domains") == (
        "From the data alone, cyber security ranks first of 16 domains for Lithuania; with its stated "
        "strengths (an input), countering disinformation does"
    )


def test_no_strengths_stated_means_the_data_alone(tiny):
    rec = r.recommend(tiny, focus="LTU", strengths=[], peers=["EST"])
    assert rec.strengths == () and rec.stated == ()
    assert rec.entry_points.equals(rec.entry_points_data)
    assert rec.entry_points["code"].tolist() == ["JPN", "KOR", "NATO", "AUS"]
    md = to_markdown(rec)
    assert "none stated for Lithuania, so the domain ranking comes from the data alone" in md
    assert "stated strength" not in md.split("**Where Lithuania stands")[1]
    assert components_title(rec, "domains").startswith("From the data alone (no strengths stated), cyber security")


def test_an_incumbent_is_told_to_deepen_and_widen_a_newcomer_to_start(tiny_rec):
    md = to_markdown(tiny_rec)
    assert "Enter" not in md
    entry = items(md, "Where to engage")
    assert entry[0].startswith("1. **Start working with South Korea** (rank 1")
    assert entry[1].startswith("2. **Deepen and widen the work with Japan** (rank 2")
    # the widening names the domains Japan has with others and Lithuania not yet with Japan: maritime
    assert "nothing with it yet, in rank order maritime security (1 initiative: *FRA–JPN maritime dialogue*" in entry[1]
    assert "its peer Estonia has 1 initiative with it" in entry[0]


def test_a_way_to_reach_names_only_partners_the_focus_does_not_work_with(make_data):
    rows = (
        *ROWS,
        (
            "jpn-aus-fra-2021,JPN–AUS–FRA exercise,exercise,2021,,stated,false,,concluded,military"
            ",FOIP,FRA,JPN;AUS,,maritime,eesc-2023,3.1,Hand-made."
        ),
    )
    ds = indopac.load(make_data(*rows))
    ltu = to_markdown(r.recommend(ds, focus="LTU", strengths=(), peers=["EST"]))
    assert "Japan also works with a partner Lithuania has no initiative with yet: Australia takes part in 1" in ltu
    fra = to_markdown(r.recommend(ds, focus="FRA", strengths=(), peers=["DEU"]))
    assert "a possible way to reach" not in fra  # France already works with Australia


def test_a_year_window_drops_undated_and_older_initiatives(tiny):
    rec = r.recommend(tiny, focus="LTU", strengths=["cyber"], peers=["EST"], years=(2015, None))
    assert set(rec.entry_points["code"]) == {"JPN", "KOR"}
    assert rec.n_undated_left_out == 1
    assert "leaves out 1 undated initiative" in to_markdown(rec)


def test_a_european_channel_needs_membership_and_folds_its_bodies(make_data):
    eeas = (
        "eeas-jpn-talks-2023,EEAS–Japan talks,ministerial_meeting,2023,,stated,false,,concluded,vice_ministerial,"
        "EU,EEAS,JPN,,political_dialogue,eesc-2023,2.3,Hand-made."
    )
    ds = indopac.load(make_data(*ROWS, eeas))
    ltu = r.recommend(ds, focus="LTU", strengths=["cyber"])
    assert {"NATO", "EU"} <= set(ltu.entry_points["code"])  # the EEAS counts as the EU
    assert "EEAS" not in set(ltu.entry_points["code"])
    # but Japan's counterparts are counted as the network counts them: the EEAS is a party of its own
    assert ltu.entry_components.set_index(["code", "component"]).loc[("JPN", "reach"), "raw"] == 3
    nor = r.recommend(ds, focus="NOR", strengths=["cyber"])
    assert "EU" not in set(nor.entry_points["code"]) and "NATO" in set(nor.entry_points["code"])
    assert nor.closed_channels["reason"].tolist() == ["Norway is not a member of the EU"]
    assert "Norway is not a member of the EU" in to_markdown(nor)


def test_default_peers_are_the_same_enlargement_wave(shipped):
    peers, rule = r.derive_peers(shipped, "LTU")
    assert {"EST", "LVA", "POL", "CZE"} <= set(peers) and "LTU" not in peers
    assert not {"FRA", "GBR", "FIN"} & set(peers)
    assert "post-Cold War" in rule
    assert r.derive_peers(shipped, "FIN")[0] == ("SWE",)
    assert "FRA" in r.derive_peers(shipped, "NOR")[0]


# --- counting: an initiative once ------------------------------------------------------------------

AP4 = (
    "nato-ap4-2022,NATO–AP4 talks,dialogue,2022,,stated,false,,concluded,officials"
    ",NATO,NATO,AUS;JPN;KOR;NZL,,disinformation,eesc-2023,2.3,Hand-made."
)
NATO_JPN = tuple(
    f"nato-jpn-{k},NATO–JPN talks {k},dialogue,{2010 + k},,stated,false,,concluded,officials"
    f",NATO,NATO,JPN,,cyber,eesc-2023,3.2,Hand-made."
    for k in range(2)
)


def test_a_multilateral_row_counts_once_and_partners_are_counted_each(make_data):
    ds = indopac.load(make_data(*ROWS, AP4, *NATO_JPN))
    rec = r.recommend(ds, focus="LTU", strengths=(), peers=["EST"])
    dc = rec.domain_components.set_index(["code", "component"])
    assert dc.loc[("disinformation", "domain_demand"), "raw"] == 3  # est-kor, nato-aus, nato-ap4: 3, not 6
    md = to_markdown(rec)
    # NATO: 4 initiatives; Japan in 3 of them, Australia in 2, South Korea and New Zealand in 1
    assert "NATO's 4 initiatives with Indo-Pacific parties, each counted once: Japan in 3; Australia in 2; " \
           "New Zealand and South Korea in 1 each" in md
    assert "Australia, Japan, New Zealand and South Korea" not in md
    assert "partnership" not in md


def test_evidence_cited_for_a_domain_is_coded_with_that_domain(shipped, recommendation):
    for focus in ("LTU", "POL", "GBR", "LVA"):
        rec = recommendation.rec(focus)
        coded = shipped.initiative_domains.groupby("initiative_id", observed=True)["domain"].apply(
            lambda s: set(s.astype(str))
        )
        for comp in r.DOMAIN_COMPONENTS[1:]:
            rows = rec.domain_components[rec.domain_components["component"] == comp]
            for code, ids in zip(rows["code"], rows["initiative_ids"]):
                assert all(code in coded[i] for i in ids), (focus, code, comp)


# --- the narrative follows the ranking ---------------------------------------------------------


@pytest.mark.parametrize(
    ("focus", "strengths"),
    [("LTU", None), ("POL", ["defence_industry"]), ("FRA", None), ("GBR", None), ("LVA", None), ("EST", ["space"])],
)
def test_no_sentence_claims_a_rank_the_ranking_does_not_give(recommendation, focus, strengths):
    rec, md = recommendation.rec(focus, strengths), recommendation.md(focus, strengths)
    claims = rank_claims(rec, md)
    assert claims
    for which, code, claimed, claimed_data in claims:
        table = rec.entry_points if which == "entry" else rec.domains
        data = rec.entry_points_data if which == "entry" else rec.domains_data
        assert int(table.set_index("code").at[code, "rank"]) == claimed, (which, code)
        if claimed_data is not None:
            assert int(data.set_index("code").at[code, "rank"]) == claimed_data, (which, code)
    for which in ("entry", "domain"):
        ranks = [c for w, _code, c, _d in claims if w == which]
        assert ranks == sorted(ranks)  # items come in rank order
    assert "as well" not in md and "first two" not in md


# --- robustness -------------------------------------------------------------------------------


def test_robustness_runs_every_kind_of_check(tiny_rec):
    checks = robustness(tiny_rec)
    assert checks.iloc[0]["check"] == "as given" and checks.iloc[0]["top1"] == "KOR"
    counts = checks.iloc[1:].groupby("check", sort=False).size().to_dict()
    assert counts == {
        "stated strengths": 1,
        "component left out": len(r.ENTRY_COMPONENTS),
        "study section left out": 3,  # 2.2, 2.3 and 3.2
        "weight ±50%": 2 * len(r.ENTRY_COMPONENTS),
    }


@pytest.mark.parametrize(("focus", "kwargs"), [
    ("LTU", {}),  # with its stated strengths
    ("EST", {"strengths": ["cyber"], "years": (2010, None)}),
    ("POL", {"peers": ["LTU", "EST"], "weights": {"reach": 2.0}}),
    ("ROU", {}),  # no initiative of its own
])
def test_the_entry_ranking_the_checks_re_rank_with_is_the_recommendations_own(shipped, focus, kwargs):
    import pandas as pd

    pd.testing.assert_frame_equal(r.entry_ranking(shipped, focus, **kwargs),
                                  r.recommend(shipped, focus, **kwargs).entry_points)


def test_leaving_out_one_component_can_change_the_top_entry_point(tiny_rec):
    checks = robustness(tiny_rec).set_index("change")
    # without the strengths component: JPN 3.25 against KOR 3.0
    assert checks.at["without strengths", "top1"] == "JPN" and not checks.at["without strengths", "same_top1"]
    assert checks.at["without the stated strengths", "top1"] == "JPN"
    assert checks.at["without channel", "top1"] == "KOR"  # KOR 3.5 against JPN 3.0
    # without section 3.2 only FRA–JPN (2010) and NATO–AUS remain, and Lithuania shares neither:
    # NATO 1 + .5 + 1 (membership) = 2.5 against Japan 1 + .5 = 1.5
    assert checks.at["without section 3.2", "top1"] == "NATO"
    k, n, _ = robustness_counts(tiny_rec)
    assert sensitivity_title(tiny_rec) == f"South Korea stays first for Lithuania in {k} of {n} checks; Japan and NATO can take over"
    assert f"South Korea stays the top entry point for Lithuania in {k} of {n} checks" in to_markdown(tiny_rec)
    assert "leaving out activity in the stated strengths (input) puts Japan first" in to_markdown(tiny_rec)


def test_the_weight_check_stays(tiny_rec):
    sens = sensitivity(tiny_rec)
    assert len(sens) == 1 + 2 * len(r.ENTRY_COMPONENTS)
    row = sens[(sens["weight"] == "channel") & (sens["factor"] == 1.5)].iloc[0]
    assert row["top1"] == "JPN" and not row["same_top1"]  # JPN 4.5 vs KOR 4.5: tie -> JPN by code


# --- stated strengths are an input ------------------------------------------------------------------


def test_only_lithuania_has_study_stated_strengths(shipped, recommendation):
    table = r.strengths_table(shipped)
    assert set(table) == {"LTU"}
    assert table["LTU"] == (
        {"domain": "cyber", "source": "study", "section": "concluding"},
        {"domain": "disinformation", "source": "study", "section": "concluding"},
    )
    for focus in ("FRA", "GBR", "POL", "LVA"):
        assert recommendation.rec(focus).strengths == ()


def test_a_strengths_table_entry_needs_a_known_source_and_section(shipped, tmp_path):
    path = tmp_path / "runs.yaml"
    path.write_text("runs: []\nstrengths:\n  POL: [{domain: space, source: rumour}]\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"source 'rumour' is not valid; valid: study, user"):
        r.strengths_table(shipped, path)
    path.write_text("runs: []\nstrengths:\n  POL: [{domain: space, source: study}]\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"section None .* valid: summary, 1, 2.1"):
        r.strengths_table(shipped, path)
    path.write_text("runs: []\nstrengths:\n  XYZ: [space]\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"'XYZ' is not a known actor code; valid: "):
        r.strengths_table(shipped, path)
    path.write_text("runs: []\nstrengths:\n  POL: [space]\n", encoding="utf-8")
    assert r.strengths_table(shipped, path) == {"POL": ({"domain": "space", "source": "user", "section": None},)}


# --- the shipped data agrees with the study ----------------------------------------------------------


def test_lithuania_with_the_studys_strengths_enters_through_japan_bilaterally_or_via_nato(ltu):
    assert ltu.strengths == ("cyber", "disinformation")
    assert ltu.top(2) == ["JPN", "NATO"]
    assert ltu.top(2, "domains") == ["cyber", "disinformation"]
    # disinformation is backed by the NATO–AP4 partnership, not by the strength alone
    assert "nato-ap4-partnership" in ltu.evidence("disinformation", "domain_demand")["initiative_id"].tolist()


def test_lithuanias_narrative_reports_both_rankings_and_labels_the_input(ltu, recommendation):
    md = recommendation.md("LTU")
    assert recommendation.rec("LTU") is ltu
    assert "**Stated strengths, an input and not a finding of the data:** cyber security and countering " \
           "disinformation (stated by the study, Concluding notes)" in md
    entry = items(md, "Where to engage")
    assert entry[0].startswith("1. **Deepen and widen the work with Japan** (rank 1 of")
    assert entry[1].startswith("2. **Work through NATO** (rank 2 of")
    offer = items(md, "What to offer")
    assert offer[0].startswith("1. **Offer cyber security, a stated strength** (rank 1 of")
    assert offer[1].startswith("2. **Offer countering disinformation, a stated strength** (rank 2 of")
    data_first = ltu.domains_data["code"].iloc[0]
    assert f"From the data alone, the first 3 domains are {shipped_domain(ltu, data_first)} (1)" in md


def shipped_domain(rec, code):
    return text_escape(rec.dataset.domains.set_index("code").at[code, "label"]).lower()


def test_no_country_with_initiatives_with_a_partner_is_told_to_start_or_enter(shipped, recommendation):
    parties = set(shipped.initiative_parties["actor"].astype(str))
    for focus in [c for c in shipped.european_nato_states() if c in parties]:
        rec, md = recommendation.rec(focus), recommendation.md(focus)
        assert "Enter" not in md
        shared = rec.entry_components[(rec.entry_components["component"] == "channel")
                                      & (rec.entry_components["type"] == "partner")]
        for code, ids in zip(shared["code"], shared["initiative_ids"]):
            if ids:
                assert f"Start working with {text_escape(shipped.actor_name(code))}" not in md, (focus, code)


def test_the_title_of_a_data_derived_string_renders_literally(make_data):
    evil = (
        "ltu-jpn-evil-2021,Czech <img src=x onerror=alert(1)> *meeting*,dialogue,2021,,stated,false,,concluded,"
        "officials,FOIP,LTU,JPN,,cyber,eesc-2023,3.2,Hand-made."
    )
    ds = indopac.load(make_data(*ROWS, evil))
    md = to_markdown(r.recommend(ds, focus="LTU", strengths=["cyber"], peers=["EST"]))
    assert re.search(r"(?<!\\)<", md) is None  # every "<" is escaped: no raw HTML reaches the page
    assert r"*Czech \<img src=x onerror=alert(1)\> \*meeting\** (2021, §3.2)" in md
    from markdown_it import MarkdownIt

    html = MarkdownIt().render(md)
    assert "<img" not in html and "Czech &lt;img src=x onerror=alert(1)&gt; *meeting*" in html


def test_every_evidence_id_is_an_initiative(ltu, shipped):
    ids = set(shipped.initiatives["initiative_id"])
    for table in (ltu.entry_components, ltu.domain_components):
        assert {i for t in table["initiative_ids"] for i in t} <= ids


#: the one sentence every partner item shares: how counterparts are counted
COUNTING_NOTE = "(states and organisations, as the network notebook counts them)."


def test_countries_with_different_data_get_different_narratives(shipped, recommendation):
    texts = {c: recommendation.md(c) for c in ("POL", "NOR", "LTU")}
    for a, text_a in texts.items():
        for b, text_b in texts.items():
            if a < b:
                shared = sentences(text_a) & sentences(text_b) - {COUNTING_NOTE}
                # facts about a partner may repeat; nothing said about one country is said about another
                names = [shipped.actor_name(a), shipped.actor_name(b)]
                assert not [x for x in shared if any(n in x for n in names)], (a, b)


@pytest.mark.parametrize("focus", ["LVA", "ROU", "NOR"])
def test_a_country_without_initiatives_gets_a_sensible_start(shipped, recommendation, focus):
    md = recommendation.md(focus)
    name = shipped.actor_name(focus)
    assert f"{name} takes part in none of the" in md
    first = items(md, "Where to engage")[0]
    assert re.match(r"1\. \*\*(Start working with|Work through) ", first)
    assert "already has" not in md and "Deepen" not in md


def test_a_country_without_initiatives_in_a_tiny_dataset(tiny):
    rec = r.recommend(tiny, focus="LVA", peers=["EST"])
    md = to_markdown(rec)
    assert "Latvia takes part in none of the 5 initiatives" in md
    assert robustness(rec).iloc[0]["top1"] == rec.top(1)[0]


def test_a_non_eu_member_is_told_why_the_eu_channel_is_closed(recommendation):
    rec = recommendation.rec("GBR")
    assert "EU" not in set(rec.entry_points["code"])
    assert "the United Kingdom left the EU in 2020" in recommendation.md("GBR")


def test_the_narrative_is_deterministic_and_written_atomically(shipped, ltu, tmp_path: Path):
    again = r.recommend(shipped, focus="LTU")  # a fresh one, not the shared recommendation
    assert again is not ltu
    assert to_markdown(again) == to_markdown(ltu)
    path = write_markdown(ltu, tmp_path / "out" / "recommendations-LTU.md")
    data = path.read_bytes()
    assert data == to_markdown(ltu).encode("utf-8") and data.endswith(b"\n") and b"\r" not in data
    assert [p.name for p in path.parent.iterdir()] == ["recommendations-LTU.md"]  # no temp file left


def test_every_european_nato_state_in_the_data_gets_recommendations(shipped, recommendation):
    parties = set(shipped.initiative_parties["actor"].astype(str))
    for focus in [c for c in shipped.european_nato_states() if c in parties]:
        rec = recommendation.rec(focus)
        assert recommendation.md(focus).startswith("# Recommendations for ")
        assert len(rec.entry_points) >= 2


# --- bad inputs stop with one line naming the valid values ----------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"focus": "XYZ"}, r"focus: 'XYZ' is not a known actor code; valid: .*LTU"),
        ({"focus": "AUT"}, r"focus: 'AUT' is not a known actor code; valid: "),
        ({"focus": "JPN"}, r"focus: 'JPN' is not a European NATO state; valid: .*LTU"),
        ({"focus": "USA"}, r"focus: 'USA' is not a European NATO state; valid: "),
        ({"strengths": ["cyber", "hacking"]}, r"strengths: 'hacking' not a domain; valid: .*cyber"),
        ({"strengths": [{"domain": "cyber", "source": "rumour"}]}, r"source 'rumour' is not valid; valid: study, user"),
        ({"strengths": [{"domain": "cyber", "source": "study", "section": "9"}]}, r"section '9' .* valid: summary"),
        ({"strengths": [{"domain": "cyber", "by": "me"}]}, r"'by' not a field; valid: domain, source, section"),
        ({"weights": {"reach": -1}}, r"weights\['reach'\]: -1 is not valid; valid: a number >= 0"),
        ({"weights": {"charm": 1}}, r"weights: 'charm' not a weight name; valid: reach, initiatives"),
        ({"peers": ["JPN"]}, r"peers: 'JPN' is not a European NATO state; valid: "),
        ({"peers": ["LTU"]}, r"peers: 'LTU' is the focus itself"),
        ({"years": (2030, None)}, r"year_start: 2030 is after the last year in the data; valid: "),
    ],
)
def test_bad_inputs_raise_one_line_parameter_errors(shipped, kwargs, pattern):
    with pytest.raises(ParameterError, match=pattern) as err:
        r.recommend(shipped, **kwargs)
    assert "\n" not in str(err.value)


@pytest.mark.slow
def test_notebook_writes_the_report_for_a_country_without_contacts(tmp_path: Path, shipped, execute_notebook):
    from indopac.layout import NOTEBOOKS_DIR

    out = tmp_path / "out.ipynb"
    execute_notebook(
        NOTEBOOKS_DIR / "06-recommendations.ipynb",
        out,
        parameters={"focus": "LVA", "figures_dir": str(tmp_path / "fig"), "reports_dir": str(tmp_path / "rep")},
        progress_bar=False,
    )
    report = (tmp_path / "rep" / "recommendations-LVA.md").read_text(encoding="utf-8")
    assert report == to_markdown(r.recommend(shipped, focus="LVA"))
    assert {p.name for p in (tmp_path / "fig").iterdir()} == {
        f"{n}.{e}" for n in ("standing", "entry-points", "domains", "sensitivity") for e in ("png", "svg", "csv")
    }
    import nbformat

    cells = nbformat.read(out, as_version=4).cells
    assert [c.metadata.get("tags", []) for c in cells if c.cell_type == "markdown"].count(["author-note"]) == 1
    # the advice comes first: the narrative cell precedes every figure
    sources = [c.source for c in cells if c.cell_type == "code"]
    assert next(i for i, s in enumerate(sources) if "to_markdown" in s) < next(
        i for i, s in enumerate(sources) if "save_figure" in s
    )
