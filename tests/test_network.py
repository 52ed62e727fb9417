"""The partner network: what the graph, the centrality table and the hub/entry-point text say.

Most tests use one tiny hand-made dataset, ``SMALL`` below, whose expected numbers are worked
out by hand in the comments; a few check the shipped data against the study's claims.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

import indopac
from indopac import analysis
from indopac.analysis import network
from indopac.findings import network as network_words
from indopac.params import ParameterError
from indopac.plots import network as network_plots

ROW = (
    "{id},Test initiative {id},agreement,{year},,{basis},false,,concluded,ministerial,{fw},"
    "{eu},{ip},{other},maritime,eesc-2023,2.2,A test row."
)


def row(id, eu, ip, year="2015", fw="FOIP", other=""):
    basis = "stated" if year else "unknown"
    return ROW.format(id=id, eu=eu, ip=ip, year=year, basis=basis, fw=fw, other=other)


# id   year  framework        European   Indo-Pacific  (other)
# a    2015  FOIP             GBR, FRA   JPN
# b    2016  FOIP             GBR        JPN, KOR
# c    2010  bilateral_other  DEU        IDN
# d    —     NATO             NATO       JPN
# e    2018  bilateral_other  DEU        JPN
# f    2019  FOIP             FRA        JPN           USA
#
# Edges (weight = shared initiatives): GBR–JPN 2 (a, b), FRA–JPN 2 (a, f), GBR–KOR 1 (b),
# DEU–IDN 1 (c), NATO–JPN 1 (d), DEU–JPN 1 (e). USA is on the 'other' side: no node.
SMALL = [
    row("a", "GBR;FRA", "JPN", "2015"),
    row("b", "GBR", "JPN;KOR", "2016"),
    row("c", "DEU", "IDN", "2010", fw="bilateral_other"),
    row("d", "NATO", "JPN", "", fw="NATO"),
    row("e", "DEU", "JPN", "2018", fw="bilateral_other"),
    row("f", "FRA", "JPN", "2019", other="USA"),
]


@pytest.fixture(scope="module")
def small(make_shared_data):
    """The hand-made dataset of SMALL, loaded once for the module (tests only read it)."""
    return indopac.load(make_shared_data(*SMALL))


# --- the graph -------------------------------------------------------------------------------


def test_edges_join_every_european_to_every_indo_pacific_party_of_an_initiative(small):
    G = network.partner_network(small)
    weights = {frozenset((u, v)): d["weight"] for u, v, d in G.edges(data=True)}
    assert weights == {
        frozenset(("GBR", "JPN")): 2,
        frozenset(("FRA", "JPN")): 2,
        frozenset(("GBR", "KOR")): 1,
        frozenset(("DEU", "IDN")): 1,
        frozenset(("NATO", "JPN")): 1,
        frozenset(("DEU", "JPN")): 1,
    }
    assert nx.is_bipartite(G)
    assert "USA" not in G  # other-side parties are not nodes


def test_edge_attributes_list_initiatives_foip_frameworks_and_first_year(small):
    G = network.partner_network(small)
    assert G.edges["GBR", "JPN"] == {
        "weight": 2,
        "initiatives": ("a", "b"),
        "foip": 2,
        "frameworks": {"FOIP": 2},
        "first_year": 2015,
    }
    assert G.edges["DEU", "JPN"]["foip"] == 0
    assert G.edges["DEU", "JPN"]["frameworks"] == {"bilateral_other": 1}
    assert G.edges["NATO", "JPN"]["first_year"] is None  # only link is undated


def test_node_attributes_count_the_initiatives_a_party_takes_part_in(small):
    G = network.partner_network(small)
    # JPN: a, b, d, e, f = 5; GBR: a, b; FRA: a, f; DEU: c, e; the rest one each
    assert {n: G.nodes[n]["initiatives"] for n in G} == {
        "JPN": 5,
        "GBR": 2,
        "FRA": 2,
        "DEU": 2,
        "NATO": 1,
        "KOR": 1,
        "IDN": 1,
    }
    assert G.nodes["JPN"] | {"initiatives": 0} == {
        "side": "indo_pacific",
        "label": "Japan",
        "kind": "state",
        "initiatives": 0,
    }
    assert G.nodes["NATO"]["side"] == "european" and G.nodes["NATO"]["kind"] == "organisation"
    assert G.nodes["KOR"]["label"] == "South Korea"


def test_nodes_come_european_side_first_most_active_first(small):
    G = network.partner_network(small)
    # European: DEU, FRA, GBR have 2 initiatives each (ties by code), NATO 1; then JPN 5, IDN 1, KOR 1
    assert list(G) == ["DEU", "FRA", "GBR", "NATO", "JPN", "IDN", "KOR"]


def test_min_weight_drops_light_edges_and_the_nodes_they_leave_isolated(small):
    G = network.partner_network(small, min_weight=2)
    assert sorted(map(sorted, G.edges)) == [["FRA", "JPN"], ["GBR", "JPN"]]
    assert sorted(G) == ["FRA", "GBR", "JPN"]
    # node activity still counts every initiative of the dataset
    assert G.nodes["JPN"]["initiatives"] == 5
    assert network.partner_network(small, min_weight=3).number_of_nodes() == 0


def test_frameworks_keep_only_their_initiatives(small):
    G = network.partner_network(small, frameworks=["FOIP"])
    # FOIP rows a, b, f: GBR–JPN 2, FRA–JPN 2, GBR–KOR 1
    assert {frozenset(e): G.edges[e]["weight"] for e in G.edges} == {
        frozenset(("GBR", "JPN")): 2,
        frozenset(("FRA", "JPN")): 2,
        frozenset(("GBR", "KOR")): 1,
    }
    assert G.nodes["JPN"]["initiatives"] == 3
    assert network.partner_network(small, frameworks="bilateral_other").number_of_edges() == 2


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_min_weight_must_be_a_whole_number_of_at_least_one(small, bad):
    with pytest.raises(ParameterError, match="min_weight: .* valid: a whole number >= 1"):
        network.partner_network(small, min_weight=bad)


def test_an_unknown_framework_names_the_valid_ones(small):
    with pytest.raises(ParameterError, match="frameworks: 'ASEAN' is not valid; valid: FOIP, NATO"):
        network.partner_network(small, frameworks=["ASEAN"])


def test_weights_match_a_plain_count_over_the_shipped_initiatives(shipped):
    # The vectorised self-merge must agree with the obvious loop over initiatives.
    expected = Counter()
    for eu, ip in zip(
        shipped.initiatives["european_parties"], shipped.initiatives["indo_pacific_parties"]
    ):
        expected.update(frozenset((e, i)) for e in eu for i in ip)
    G = network.partner_network(shipped)
    assert {frozenset(e): G.edges[e]["weight"] for e in G.edges} == dict(expected)
    assert sum(d["weight"] for _, _, d in G.edges(data=True)) == len(network.link_table(shipped))


def test_link_table_has_the_rows_of_analysis_pairs(small):
    # one pair builder: the network's link rows are analysis.pairs, with the month
    links = network.link_table(small)
    pairs = analysis.pairs(small)
    columns = ["initiative_id", "european", "indo_pacific", "year", "framework", "kind"]
    assert links[columns].astype(str).values.tolist() == pairs[columns].astype(str).values.tolist()
    assert links.loc[links["initiative_id"] == "a", "european"].tolist() == ["FRA", "GBR"]


def test_an_empty_selection_gives_an_empty_graph(small):
    G = network.partner_network(small.filter(years=(2030, 2031)))
    assert G.number_of_nodes() == 0
    assert network.centrality(G).empty
    assert "no European–Indo-Pacific links" in network_words.hub_summary(
        small.filter(years=(2030, 2031)), G
    )


# --- centrality -------------------------------------------------------------------------------


def test_centrality_counts_counterparts_and_initiatives(small):
    table = network.centrality(network.partner_network(small))
    # degree: JPN 4 (GBR, FRA, NATO, DEU); GBR 2 (JPN, KOR); DEU 2 (JPN, IDN); FRA, NATO, KOR, IDN 1
    # weighted degree: JPN 2+2+1+1 = 6; GBR 2+1 = 3; FRA 2; DEU 1+1 = 2; others 1
    assert table["degree"].to_dict() == {
        "JPN": 4,
        "GBR": 2,
        "DEU": 2,
        "FRA": 1,
        "IDN": 1,
        "KOR": 1,
        "NATO": 1,
    }
    assert table.loc["JPN", "weighted_degree"] == 6
    assert table.loc["GBR", "weighted_degree"] == 3
    assert table.loc["FRA", "weighted_degree"] == 2
    # reach: JPN links 4 of the 4 European nodes; GBR 2 of the 3 Indo-Pacific nodes
    assert table.loc["JPN", "reach"] == 1.0
    assert table.loc["GBR", "reach"] == pytest.approx(2 / 3)


def test_betweenness_is_the_share_of_shortest_paths_through_a_node(small):
    table = network.centrality(network.partner_network(small))
    # 7 nodes, 15 pairs of other nodes. Removing JPN leaves {GBR, KOR}, {DEU, IDN}, {FRA}, {NATO}:
    # every pair across those groups (13) passes through JPN. GBR lies only between KOR and the 5 others.
    assert table.loc["JPN", "betweenness"] == pytest.approx(13 / 15)
    assert table.loc["GBR", "betweenness"] == pytest.approx(5 / 15)
    assert table.loc["KOR", "betweenness"] == 0
    assert table["eigenvector"].max() == pytest.approx(1.0)
    assert table["eigenvector"].idxmax() == "JPN"


def test_centrality_order_breaks_ties_by_weighted_degree_then_code(small):
    table = network.centrality(network.partner_network(small))
    # GBR before DEU (same degree, weight 3 > 2); FRA before IDN, KOR, NATO (weight 2 > 1),
    # which tie on everything and so follow in code order.
    assert list(table.index) == ["JPN", "GBR", "DEU", "FRA", "IDN", "KOR", "NATO"]
    assert list(table["rank"]) == [1, 2, 3, 4, 5, 6, 7]
    assert list(table.columns) == [
        "side",
        "label",
        "degree",
        "reach",
        "weighted_degree",
        "initiatives",
        "betweenness",
        "eigenvector",
        "rank",
    ]


def test_order_does_not_depend_on_row_order(make_data, small):
    shuffled = indopac.load(make_data(*reversed(SMALL), name="reversed"))
    a = network.centrality(network.partner_network(small))
    b = network.centrality(network.partner_network(shuffled))
    assert a.round(9).equals(b.round(9))
    assert list(network.partner_network(small)) == list(network.partner_network(shuffled))


def test_edge_table_lists_heaviest_edges_first_with_foip_split(small):
    edges = network.edge_table(network.partner_network(small))
    assert list(zip(edges["european"], edges["indo_pacific"], edges["weight"])) == [
        ("FRA", "JPN", 2),
        ("GBR", "JPN", 2),
        ("DEU", "IDN", 1),
        ("DEU", "JPN", 1),
        ("GBR", "KOR", 1),
        ("NATO", "JPN", 1),
    ]
    assert (edges["foip"] + edges["other"] == edges["weight"]).all()
    assert edges.set_index(["european", "indo_pacific"]).loc[("FRA", "JPN"), "initiatives"] == (
        "a",
        "f",
    )


# --- entries and channels ------------------------------------------------------------------------


def test_hub_entries_name_the_earliest_dated_partner(small):
    first = network.hub_entries(small)
    # DEU first 2010 with IDN (c); FRA and GBR first 2015 with JPN (a); NATO only undated (d): left out
    assert list(first.index) == ["DEU", "FRA", "GBR"]
    assert list(first.columns) == [
        "label",
        "first_year",
        "partners",
        "initiatives",
        "frameworks",
        "via_hub",
        "hub_only",
    ]
    assert first.loc["DEU", "first_year"] == 2010
    assert first.loc["DEU", "partners"] == ("IDN",)
    assert first.loc["DEU", "frameworks"] == ("bilateral_other",)
    assert not first.loc["DEU", "via_hub"]
    assert first.loc["GBR", "partners"] == ("JPN",) and first.loc["GBR", "hub_only"]
    assert first.loc["GBR", "initiatives"] == ("a",)
    assert network.undated_only(small) == ["NATO"]


def test_hub_entries_in_the_same_year_are_all_first(make_data):
    ds = indopac.load(
        make_data(
            row("x", "ITA", "KOR", "2020"),
            row("y", "ITA", "JPN", "2020", fw="bilateral_other"),
            row("w", "ITA", "JPN", "2020"),
            row("z", "ITA", "PHL", "2021"),
        )
    )
    first = network.hub_entries(ds)
    assert first.loc["ITA", "partners"] == ("JPN", "KOR")
    # every initiative of the entry year counts, not just the first of each pair
    assert first.loc["ITA", "initiatives"] == ("w", "x", "y")
    assert first.loc["ITA", "frameworks"] == ("FOIP", "bilateral_other")
    assert first.loc["ITA", "via_hub"] and not first.loc["ITA", "hub_only"]


def test_hub_entries_are_the_entry_rows_of_analysis_first_contacts(small):
    # one definition of "entry": network only adds the hub's part in it
    contacts = analysis.first_contacts(small)
    entries = contacts[contacts["entry"]]
    first = network.hub_entries(small)
    assert sorted(first.index) == sorted(entries["european"].unique())
    for actor, r in first.iterrows():
        mine = entries[entries["european"] == actor]
        assert r["partners"] == tuple(sorted(mine["indo_pacific"]))
        assert set(mine["first_year"]) == {r["first_year"]}
        assert set(mine["first_initiative"]) <= set(r["initiatives"])
    undated = set(contacts["european"]) - set(entries["european"])
    assert network.undated_only(small) == sorted(undated)


def test_hub_entries_test_the_hub_they_are_given(small):
    first = network.hub_entries(small, hub="IDN")
    assert first.loc["DEU", "via_hub"] and first.loc["DEU", "hub_only"]
    assert not first.loc["GBR", "via_hub"]
    text = network_words.hub_summary(small, network.partner_network(small), hub="IDN")
    assert "of the 3 European parties with a dated link (2010–2019), 1 first linked" in text


def test_hub_entries_of_an_empty_selection_are_empty(small):
    first = network.hub_entries(small.filter(years=(2030, 2031)))
    assert first.empty and first.index.name == "actor"
    assert network.undated_only(small.filter(years=(2030, 2031))) == []


def test_hub_entries_table_is_readable(small):
    table = network.hub_entries_table(small)
    assert table.columns.tolist() == [
        "European party",
        "First year",
        "First Indo-Pacific partner(s)",
        "Framework(s)",
        "Initiative(s)",
    ]
    assert table["European party"].tolist() == ["Germany", "France", "United Kingdom"]
    assert table.loc[0, "First Indo-Pacific partner(s)"] == "Indonesia"
    assert table.loc[2, "Initiative(s)"] == "a"


def test_channels_split_each_partners_initiatives_into_foip_and_other(small):
    table = network.channels(small)
    # JPN: a, b, f FOIP; d NATO; e bilateral_other. KOR: b (FOIP). IDN: c (bilateral_other).
    assert list(table.index) == ["JPN", "KOR", "IDN"]
    assert table.loc["JPN", ["foip", "other", "total", "NATO", "bilateral_other"]].tolist() == [
        3,
        2,
        5,
        1,
        1,
    ]
    assert table.loc["IDN", "foip_share"] == 0
    assert "historical" in table.columns  # every framework kept, for stable colours


# --- words --------------------------------------------------------------------------------------


def test_hub_summary_reports_the_hubs_share_rank_and_entry_point(small):
    text = network_words.hub_summary(small, network.partner_network(small))
    assert "**Japan is the hub.**" in text
    assert "linked to 4 of the 4 European parties in the network: 3 of the 3 states and 1 of the 1 organisation" in text
    assert "ranks 1 of 7 parties (0.87)" in text  # betweenness, said not to show a bridge
    # FRA and NATO touch only JPN: 2 of 4 European parties
    assert (
        "the only Indo-Pacific counterpart of 2 of the 4 European parties: France and NATO."
        in text
    )
    # dated first contacts: DEU (IDN), FRA (JPN), GBR (JPN) -> 2 of 3 via Japan
    assert "of the 3 European parties with a dated link (2010–2019), 2 first linked" in text  # base 3: no %
    assert "(for 2 of them Japan was the only partner)" in text
    assert "Germany with Indonesia in 2010" in text
    assert "1 European party (NATO) has only undated links" in text


def test_hub_summary_refutes_the_claim_when_the_data_does(make_data):
    # KOR reaches three European parties, JPN one: the text must say Japan is not the hub.
    ds = indopac.load(
        make_data(row("p", "GBR;FRA;DEU", "KOR", "2014"), row("q", "ITA", "JPN", "2016"))
    )
    G = network.partner_network(ds)
    text = network_words.hub_summary(ds, G)
    assert "**Japan is not the hub here.**" in text
    assert "South Korea reaches more: 3 of 4; " in text  # base 4: counts only
    assert "1 first linked to the region through an initiative that included Japan" in text
    assert "not the usual entry point" in text
    assert network_words.network_title(G) == (
        "South Korea shares initiatives with 3 of the 4 European parties (states and organisations); next: Japan, 1")


def test_hub_summary_says_when_japan_drops_out(make_data):
    ds = indopac.load(
        make_data(
            row("p", "GBR", "KOR", "2014"),
            row("q", "GBR", "KOR", "2015"),
            row("r", "ITA", "JPN", "2016"),
        )
    )
    text = network_words.hub_summary(ds, network.partner_network(ds, min_weight=2))
    assert text.startswith("**Japan is not in this network**")


def test_channel_summary_counts_foip_through_the_hub(small):
    text = network_words.channel_summary(small)
    # linking initiatives: a..f = 6; FOIP: a, b, f = 3, all with Japan; IDN reached only outside FOIP
    assert (
        "3 of the 6 linking initiatives (50%) are FOIP, and 3 of those include Japan "
        "(the codebook codes FOIP only with Japan as a party)."
        in text
    )
    assert "1 Indo-Pacific party (Indonesia) is reached only outside FOIP." in text
    assert "Besides Japan, FOIP initiatives reach South Korea." in text


# --- the shipped data against the study -------------------------------------------------------------


def test_japan_has_the_highest_degree_in_the_shipped_data(shipped):
    table = network.centrality(network.partner_network(shipped))
    assert table.index[0] == "JPN"
    assert table.loc["JPN", "degree"] > table.drop(index="JPN")["degree"].max()
    assert table["betweenness"].idxmax() == "JPN"


def test_shipped_summary_numbers_agree_with_the_tables(shipped):
    G = network.partner_network(shipped)
    table = network.centrality(G)
    n_eu = int((table["side"] == "european").sum())
    text = network_words.hub_summary(shipped, G)
    assert f"linked to {table.loc['JPN', 'degree']} of the {n_eu} European parties" in text
    first = network.hub_entries(shipped)
    assert f"of the {len(first)} European parties with a dated link" in text
    assert f"{int(first['via_hub'].sum())} (" in text


def test_shipped_hub_summary_states_the_counterpart_rule_and_the_entry_bounds(shipped):
    G = network.partner_network(shipped)
    text = network_words.hub_summary(shipped, G)
    jpn = network.counterparts(shipped, "JPN")
    states = network.counterparts(shipped, "JPN", kinds=["state"])
    eu = network.side_parties(shipped, "european")
    eu_states = network.side_parties(shipped, "european", kinds=["state"])
    assert f"linked to {len(jpn)} of the {len(eu)} European parties in the network" in text
    assert f"{len(states)} of the {len(eu_states)} states" in text
    assert network_words.COUNTERPART_RULE in text
    bounds = network.entry_bounds(shipped).set_index("placement")
    assert f"{bounds.at['undated_early', 'via_hub']} of {bounds.at['undated_early', 'parties']}" in text


# --- counterparts: one definition for every product ------------------------------------------------


def test_counterparts_are_the_node_degree_and_can_be_limited_to_states(small):
    G = network.partner_network(small)
    for code in G.nodes:
        assert len(network.counterparts(small, code)) == G.degree(code)
    # SMALL: JPN meets GBR, FRA, NATO, DEU; NATO is an organisation
    assert network.counterparts(small, "JPN") == ["DEU", "FRA", "GBR", "NATO"]
    assert network.counterparts(small, "JPN", kinds=["state"]) == ["DEU", "FRA", "GBR"]
    assert network.counterparts(small, "USA") == []  # the 'other' side is never a counterpart


def test_counterparts_agree_with_the_recommendations_reach(shipped):
    from indopac.analysis import recommend

    rec = recommend.recommend(shipped, focus="LTU", strengths=("cyber",))
    reach = recommend.raw_table(rec, "entry_points")
    if "reach" in reach.columns and "JPN" in reach.index:
        assert reach.loc["JPN", "reach"] == len(network.counterparts(shipped, "JPN"))


# --- the bridge claim: the bipartite network cannot test it ---------------------------------------


def test_same_side_rows_are_the_initiatives_with_japan_and_another_indo_pacific_party(small):
    rows = network.same_side_rows(small)
    assert list(rows["initiative_id"]) == ["b"]  # b: GBR with JPN and KOR
    assert rows["partners"].iloc[0] == ("KOR",)


def test_with_too_few_same_side_rows_the_bridge_is_said_to_be_untestable(small):
    from indopac.analysis import claims

    text = network_words.bridge_summary(small, network.partner_network(small))
    assert "**Bridge: the data cannot test it.**" in text
    assert "every path from one Indo-Pacific party to another runs through a European party" in text
    assert claims.CLAIMS["japan_bridge"].test(small).verdict == claims.CANNOT


def test_the_bridge_verdict_agrees_with_the_claims_ledger_on_the_shipped_data(shipped):
    from indopac.analysis import claims
    from indopac.analysis.stats import MIN_BASE

    text = network_words.bridge_summary(shipped, network.partner_network(shipped))
    untestable = len(network.same_side_rows(shipped)) < MIN_BASE
    assert ("cannot test it" in text) == untestable
    assert (claims.CLAIMS["japan_bridge"].test(shipped).verdict == claims.CANNOT) == untestable


def test_with_enough_same_side_rows_the_bridge_gets_the_ledgers_verdict(make_data):
    rows = [row(f"m{i}", "GBR", "JPN;AUS", str(2015 + i)) for i in range(5)]
    ds = indopac.load(make_data(*rows, row("x", "FRA", "KOR", "2019")))
    text = network_words.bridge_summary(ds, network.partner_network(ds))
    assert "cannot test it" not in text
    assert "the claims ledger rates the bridge claim" in text


# --- notes, titles and drawings --------------------------------------------------------------------------


def test_selection_note_counts_undated_initiatives_in_or_out(small):
    G = network.partner_network(small)
    # SMALL: 6 initiatives, d undated; 6 pairs, 4 European and 3 Indo-Pacific nodes
    assert network_words.selection_note(small, small, G) == (
        "The network counts all 6 initiatives, including the 1 undated one (a link does not need a "
        "date). It has 4 European and 3 Indo-Pacific parties joined by 6 pairs."
    )
    sel = small.filter(years=(2015, 2019))  # a, b, e, f
    G = network.partner_network(sel, min_weight=2)  # GBR–JPN (a, b), FRA–JPN (a, f)
    note = network_words.selection_note(small, sel, G, (2015, 2019))
    assert note.startswith(
        "The network counts the 4 of 6 initiatives that start in 2015–2019; "
        "1 undated initiative is left out"
    )
    assert (
        "at least 2 initiatives are drawn: 2 of 4 pairs, leaving 2 European and 1 Indo-Pacific"
        in note
    )
    assert network_words.selection_caption(small, sel, (2015, None)) == (
        "Initiatives starting 2015 or later (4 of 6); 1 undated initiative is left out."
    )


def test_titles_state_what_the_figures_show(small, make_data):
    G = network.partner_network(small)
    assert network_words.network_title(G) == (
        "Japan shares initiatives with all 4 European parties (states and organisations); "
        "next: Indonesia and South Korea, 1")
    assert network_words.channel_title(small) == (
        "All 3 FOIP initiatives include Japan (the codebook codes FOIP only with Japan as a party); "
        "1 partner is reached only through other frameworks"
    )
    tie = indopac.load(make_data(row("p", "GBR", "KOR"), row("q", "FRA", "JPN"), name="tie"))
    assert network_words.network_title(network.partner_network(tie)) == (
        "No single hub: Japan and South Korea each share initiatives with 1 of the 2 European parties "
        "(states and organisations)"
    )


def _boxes(ax, texts):
    renderer = ax.figure.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts]


@pytest.mark.parametrize("min_weight", [1, 2])
def test_network_labels_never_overlap_and_stay_inside_the_axes(shipped, min_weight):
    import matplotlib.pyplot as plt

    G = network.partner_network(shipped, min_weight=min_weight)
    ax = network_plots.draw_network(G, shipped)
    ax.figure.canvas.draw()
    labels = [
        t for t in ax.texts if any(t.get_text().startswith(G.nodes[n]["label"] + " (") for n in G)
    ]
    assert len(labels) == G.number_of_nodes()
    boxes = _boxes(ax, labels)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    frame = ax.get_window_extent()
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 for b in boxes)
    # the legend sits below the drawing, clear of every node label
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= min(b.y0 for b in boxes)
    plt.close(ax.figure)


def test_network_drawing_puts_europe_left_ordered_by_activity(small):
    import matplotlib.pyplot as plt

    G = network.partner_network(small)
    ax = network_plots.draw_network(G, small)
    where = {
        t.get_text().split(" (")[0]: t.xy
        for t in ax.texts
        if " (" in t.get_text() and hasattr(t, "xy")
    }
    assert {where[n][0] for n in ("Germany", "France", "United Kingdom", "NATO")} == {0.0}
    assert {where[n][0] for n in ("Japan", "Indonesia", "South Korea")} == {1.0}
    # top to bottom: GBR, DEU, FRA tie on 2 initiatives; GBR has most party links (3), DEU and FRA
    # (2 each) follow by code; NATO (1 initiative) comes last
    ys = [where[n][1] for n in ("United Kingdom", "Germany", "France", "NATO")]
    assert ys == sorted(ys, reverse=True)
    plt.close(ax.figure)


def test_channel_chart_stacks_frameworks_per_partner(small):
    import matplotlib.pyplot as plt

    ax = network_plots.draw_channels(network.channels(small), small)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Japan", "South Korea", "Indonesia"]
    assert [t.get_text() for t in ax.texts] == ["5, 60% FOIP", "1, 100% FOIP", "1"]
    plt.close(ax.figure)
