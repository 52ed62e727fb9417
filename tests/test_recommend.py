"""Specification of indopac.recommend: the scoring, its evidence, the narrative and its checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import indopac
from indopac.analysis import recommend as r
from indopac.analysis.sensitivity import sensitivity
from indopac.findings.recommend import to_markdown, write_markdown
from indopac.params import ParameterError

# --- a tiny hand-made dataset ----------------------------------------------------------------------
#
# Network: LTU–JPN, FRA–JPN, FRA–KOR, EST–KOR (a path LTU-JPN-FRA-KOR-EST) and NATO–AUS.
# Focus LTU, strengths (cyber,), peers (EST,). Hand-computed raw values (max in brackets):
#
#            reach  initiatives  betweenness  strengths  channel     peers  recency(2019-23)
#   JPN        2        2           3/15         1       1 (a)        0        1
#   KOR        2        2           3/15         2       0            1        2
#   AUS        1        1           0            0       0            0        0
#   NATO       1        1           0            0       member (=1)  0        0
#
# Default weights 1, .5, .5, 1.5, 1, .5, .5 give JPN 4.0, KOR 4.5, NATO 1.75, AUS 0.75.

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


@pytest.fixture
def tiny(make_data):
    return indopac.load(make_data(*ROWS))


@pytest.fixture
def tiny_rec(tiny):
    return r.recommend(tiny, focus="LTU", strengths=["cyber"], peers=["EST"])


@pytest.fixture(scope="module")
def shipped():
    return indopac.load()


@pytest.fixture(scope="module")
def ltu(shipped):
    return r.recommend(shipped, focus="LTU")


def sentences(text: str) -> set[str]:
    parts = re.split(r"(?<=[.!?])\s+", text)
    return {p.strip() for p in parts if p.strip() and not re.fullmatch(r"\d+\.", p.strip())}


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


def test_component_columns_sum_to_the_score(tiny_rec):
    ep = tiny_rec.entry_points
    assert (ep[list(r.ENTRY_COMPONENTS)].sum(axis=1) - ep["score"]).abs().max() < 1e-12
    dm = tiny_rec.domains
    assert (dm[list(r.DOMAIN_COMPONENTS)].sum(axis=1) - dm["score"]).abs().max() < 1e-12


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
    # cyber: 2 + 3/3 + .5 + .5 + .5; disinformation: 2/3 + .5 + .5/3; maritime: 1/3; the rest 0, by code
    dm = tiny_rec.domains
    assert dm["code"].tolist()[:4] == ["cyber", "disinformation", "maritime", "access_logistics"]
    assert dm["score"].round(6).tolist()[:3] == [
        4.5,
        round(2 / 3 + 0.5 + 0.5 / 3, 6),
        round(1 / 3, 6),
    ]
    # political dialogue and information sharing are cross-cutting, so not ranked
    assert not {"political_dialogue", "information_sharing"} & set(dm["code"])


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


def test_sensitivity_reports_top_entry_points_under_each_change(tiny_rec):
    sens = sensitivity(tiny_rec)
    assert len(sens) == 1 + 2 * len(r.ENTRY_COMPONENTS)
    assert sens.iloc[0]["top1"] == "KOR"
    # doubling 'channel' puts Japan first; +50% does: JPN 4.5 vs KOR 4.5, tie -> n_initiatives equal -> JPN by code
    row = sens[(sens["weight"] == "channel") & (sens["factor"] == 1.5)].iloc[0]
    assert row["top1"] == "JPN" and not row["same_top1"]
    row = sens[(sens["weight"] == "reach") & (sens["factor"] == 0.5)].iloc[0]
    assert row["top1"] == "KOR" and row["same_top1"]


# --- the shipped data agrees with the study ----------------------------------------------------------


def test_lithuania_enters_through_japan_bilaterally_or_via_nato(ltu):
    assert ltu.top(1) == ["JPN"]
    assert ltu.top(2) == ["JPN", "NATO"]


def test_lithuanias_best_domains_are_cyber_and_disinformation(ltu):
    assert ltu.top(2, "domains") == ["cyber", "disinformation"]
    # disinformation is backed by the NATO–AP4 partnership, not by the strength alone
    assert (
        "nato-ap4-partnership"
        in ltu.evidence("disinformation", "domain_demand")["initiative_id"].tolist()
    )


def test_lithuanias_narrative_covers_the_studys_conclusions(ltu):
    md = to_markdown(ltu)
    items = re.findall(r"^\d+\. \*\*(.+?)\*\*", md, flags=re.MULTILINE)
    assert items[0] == "Enter through Japan."
    assert items[1] == "Work through NATO as well."
    assert "Offer cyber security." in items and "Offer countering disinformation." in items
    assert any("defence industry" in i for i in items)
    assert any("capacity building" in i for i in items)
    assert "*NATO–AP4 partnership under the NATO 2030 agenda* (undated, §2.3)" in md
    assert (
        "Japan–Lithuania vice-ministerial meeting at the Shangri-La Dialogue" in md
    )  # the channel to build on


def test_an_existing_procurement_relationship_shows(shipped):
    md = to_markdown(r.recommend(shipped, focus="POL"))
    assert "Poland already has a procurement relationship" in md
    assert "*Poland–South Korea defence procurement agreement* (2022, §4)" in md


def test_countries_with_different_data_get_different_narratives(shipped, ltu):
    texts = {c: to_markdown(r.recommend(shipped, focus=c)) for c in ("POL", "NOR")}
    texts["LTU"] = to_markdown(ltu)
    for a, text_a in texts.items():
        for b, text_b in texts.items():
            if a < b:
                assert not sentences(text_a) & sentences(text_b), (a, b)


@pytest.mark.parametrize("focus", ["LVA", "ROU", "NOR"])
def test_a_country_without_contacts_still_gets_a_sensible_narrative(shipped, focus):
    rec = r.recommend(shipped, focus=focus)
    md = to_markdown(rec)
    name = shipped.actor_name(focus)
    assert f"{name} takes part in none of the" in md
    assert rec.top(1) == ["JPN"]
    assert len(re.findall(r"^\d+\. \*\*", md, flags=re.MULTILINE)) >= 5
    first = re.search(r"^1\. .*$", md, flags=re.MULTILINE).group(0)
    assert "already has" not in first and "has no initiative with Japan yet" in first


def test_a_non_eu_member_is_told_why_the_eu_channel_is_closed(shipped):
    rec = r.recommend(shipped, focus="GBR")
    assert "EU" not in set(rec.entry_points["code"])
    assert "the United Kingdom left the EU in 2020" in to_markdown(rec)


def test_every_evidence_id_is_an_initiative(ltu, shipped):
    ids = set(shipped.initiatives["initiative_id"])
    for table in (ltu.entry_components, ltu.domain_components):
        assert {i for t in table["initiative_ids"] for i in t} <= ids


def test_the_narrative_is_deterministic_and_written_atomically(shipped, ltu, tmp_path: Path):
    again = r.recommend(shipped, focus="LTU")
    assert to_markdown(again) == to_markdown(ltu)
    path = write_markdown(ltu, tmp_path / "out" / "recommendations-LTU.md")
    data = path.read_bytes()
    assert data == to_markdown(ltu).encode("utf-8") and data.endswith(b"\n") and b"\r" not in data
    assert [p.name for p in path.parent.iterdir()] == [
        "recommendations-LTU.md"
    ]  # no temp file left


@pytest.mark.slow
def test_every_european_nato_state_in_the_data_gets_recommendations(shipped):
    parties = set(shipped.initiative_parties["actor"].astype(str))
    for focus in [c for c in shipped.european_nato_states() if c in parties]:
        rec = r.recommend(shipped, focus=focus)
        assert to_markdown(rec).startswith("# Recommendations for ")
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
        ({"strengths": []}, r"strengths: give at least one domain code; valid: "),
        ({"weights": {"reach": -1}}, r"weights\['reach'\]: -1 is not valid; valid: a number >= 0"),
        (
            {"weights": {"charm": 1}},
            r"weights: 'charm' not a weight name; valid: reach, initiatives",
        ),
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
def test_notebook_writes_the_report_for_a_country_without_contacts(tmp_path: Path, shipped):
    import papermill as pm

    from indopac.layout import NOTEBOOKS_DIR

    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS_DIR / "06-recommendations.ipynb"),
        str(out),
        parameters={
            "focus": "LVA",
            "figures_dir": str(tmp_path / "fig"),
            "reports_dir": str(tmp_path / "rep"),
        },
        kernel_name="python3",
        progress_bar=False,
    )
    report = (tmp_path / "rep" / "recommendations-LVA.md").read_text(encoding="utf-8")
    assert report == to_markdown(r.recommend(shipped, focus="LVA"))
    assert {p.name for p in (tmp_path / "fig").iterdir()} == {
        f"{n}.{e}"
        for n in ("standing", "entry-points", "domains", "sensitivity")
        for e in ("png", "svg")
    }
