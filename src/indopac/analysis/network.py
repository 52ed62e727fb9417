"""The Europe–Indo-Pacific partner network as data: links, the graph, centrality, edges, hubs, channels.

The network is bipartite. A node is a party (a state or an organisation such as
NATO or the EU) on the European or the Indo-Pacific side; an edge joins a
European and an Indo-Pacific party that take part in at least one initiative
together, and its ``weight`` is how many initiatives they share. Parties on the
``other`` side (the United States, the UN) are not nodes. Everything is computed
from the one pair builder, :func:`indopac.analysis.parties.pair_rows`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from indopac import text
from indopac.analysis.parties import (
    first_contacts,
    first_contacts_of,
    id_rank,
    pair_rows,
    side_mask,
)
from indopac.analysis.stats import MIN_BASE
from indopac.labels import label
from indopac.params import check_choice, check_min_weight

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


#: the two sides that make up the network, European first (left column of the drawing)
SIDES = ("european", "indo_pacific")


#: the framework whose channels the network distinguishes from all others
FOIP = "FOIP"


HUB = "JPN"


_LINK_COLUMNS = ["initiative_id", "european", "indo_pacific", "year", "month", "framework", "kind"]


_CENTRALITY_COLUMNS = [
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


# --- links ---------------------------------------------------------------------------------


def _select_frameworks(ds: Dataset, frameworks: Iterable[str] | str | None) -> Dataset:
    if frameworks is None:
        return ds
    if isinstance(frameworks, str):
        frameworks = [frameworks]
    frameworks = list(frameworks)
    valid = list(ds.initiatives["framework"].cat.categories)
    for f in frameworks:
        check_choice("frameworks", f, valid)
    return ds.filter(frameworks=frameworks)


def link_context(ds: Dataset, links: pd.DataFrame, column: str):
    """A column of ds.initiatives, aligned with the link rows."""
    values = ds.initiatives[column]
    return values.take(links["row"].to_numpy()).reset_index(drop=True)


def link_table(ds: Dataset) -> pd.DataFrame:
    """One row per (initiative, European party, Indo-Pacific party) that take part in it together.

    Columns: initiative_id, european, indo_pacific (actor codes, categorical), year, month
    (Int64, NA when undated), framework, kind. In the order of ``ds.initiatives``, then the two
    actors in actors.csv order. An initiative with two European and three Indo-Pacific parties
    gives six rows. The same rows as :func:`indopac.analysis.pairs`, with the month, and the
    actor codes categorical.
    """
    links = pair_rows(ds)
    out = pd.DataFrame({"initiative_id": link_context(ds, links, "initiative_id")})
    out["european"] = links["european"]
    out["indo_pacific"] = links["indo_pacific"]
    for column in ("year", "month", "framework", "kind"):
        out[column] = link_context(ds, links, column)
    return out[_LINK_COLUMNS]


def _node_initiatives(ds: Dataset) -> pd.DataFrame:
    """Per (actor, side) on the two network sides: the initiatives it takes part in.

    A party appears at most once per initiative (the loader rejects duplicates), so counting
    rows of the long party view counts distinct initiatives.
    """
    p = ds.initiative_parties
    p = p[side_mask(p, "european") | side_mask(p, "indo_pacific")]
    counts = p.groupby(["actor", "side"], observed=True).size()
    return counts.rename("initiatives").reset_index()


def partner_network(
    ds: Dataset, min_weight: int = 1, frameworks: Iterable[str] | str | None = None
) -> nx.Graph:
    """The bipartite Europe–Indo-Pacific partner graph of ``ds``.

    Nodes are actor codes with attributes ``side`` ('european' | 'indo_pacific'),
    ``label`` (short name), ``kind`` (state | organisation | grouping) and
    ``initiatives`` (distinct initiatives of ``ds`` the party takes part in,
    counting only the chosen ``frameworks``).

    Every European party of an initiative is joined to every Indo-Pacific party
    of it. Edge attributes: ``weight`` (initiatives linking the two),
    ``initiatives`` (their ids, sorted), ``foip`` (how many are FOIP),
    ``frameworks`` (framework -> count, in vocabulary order, non-zero only) and
    ``first_year`` (earliest dated start year, None if all are undated).

    ``min_weight`` drops edges with fewer initiatives and then any node left
    without an edge. ``frameworks`` keeps only initiatives of those frameworks.
    Nodes are added European side first, each side most active first (ties by code).
    The graph attributes ``min_weight`` and ``frameworks`` record the selection.

    Cost: one integer self-merge of the long party view and a sort of its rows; no Python
    loop over initiatives (only over the edges, of which there are at most
    European parties x Indo-Pacific parties).
    """
    min_weight = check_min_weight(min_weight)
    if isinstance(frameworks, str):
        frameworks = [frameworks]
    ds = _select_frameworks(ds, frameworks)
    G = nx.Graph(
        min_weight=min_weight, frameworks=None if frameworks is None else tuple(frameworks)
    )
    links = pair_rows(ds)
    if links.empty:
        return G

    # Group the link rows by edge (a pair of actor codes, as one integer), initiatives in id order.
    actors = links["european"].cat.categories
    n_actors = len(actors)
    rows = links["row"].to_numpy()
    edge_key = links["european"].cat.codes.to_numpy(np.int64) * n_actors + links[
        "indo_pacific"
    ].cat.codes.to_numpy(np.int64)
    order = np.lexsort((id_rank(ds)[rows], edge_key))
    edge_key, rows = edge_key[order], rows[order]

    fw_cat = ds.initiatives["framework"]
    fw_codes = fw_cat.cat.codes.to_numpy()[rows]
    fw_names = list(fw_cat.cat.categories)
    year = ds.initiatives["year"].to_numpy(dtype="float64", na_value=np.nan)[rows]
    ids = ds.initiatives["initiative_id"].to_numpy()

    keys, starts, weights = np.unique(edge_key, return_index=True, return_counts=True)
    ends = np.append(starts[1:], len(edge_key))
    foip_code = fw_names.index(FOIP) if FOIP in fw_names else -1
    foip = np.add.reduceat((fw_codes == foip_code).astype(np.int64), starts)
    first_year = np.fmin.reduceat(year, starts)
    # framework counts per edge: one bincount over (edge index, framework code)
    edge_index = np.repeat(np.arange(len(keys)), weights)
    fw_counts = np.bincount(
        edge_index * len(fw_names) + fw_codes, minlength=len(keys) * len(fw_names)
    )
    fw_counts = fw_counts.reshape(len(keys), len(fw_names))

    edges = []
    for i in np.flatnonzero(weights >= min_weight):
        key = int(keys[i])
        edges.append(
            (
                str(actors[key // n_actors]),
                str(actors[key % n_actors]),
                {
                    "weight": int(weights[i]),
                    "initiatives": tuple(ids[rows[starts[i] : ends[i]]].tolist()),
                    "foip": int(foip[i]),
                    "frameworks": {f: int(n) for f, n in zip(fw_names, fw_counts[i]) if n},
                    "first_year": None if np.isnan(first_year[i]) else int(first_year[i]),
                },
            )
        )

    nodes = _node_initiatives(ds)
    linked = {u for u, _, _ in edges} | {v for _, v, _ in edges}
    nodes = nodes.assign(actor=nodes["actor"].astype(str))
    nodes = nodes[nodes["actor"].isin(linked)]
    nodes = nodes.assign(side=pd.Categorical(nodes["side"].astype(str), categories=list(SIDES)))
    nodes = nodes.sort_values(
        ["side", "initiatives", "actor"], ascending=[True, False, True], kind="stable"
    )
    info = ds.actors.set_index("code")
    G.add_nodes_from(
        (
            r.actor,
            {
                "side": str(r.side),
                "label": str(info.at[r.actor, "label"]),
                "kind": str(info.at[r.actor, "kind"]),
                "initiatives": int(r.initiatives),
            },
        )
        for r in nodes.itertuples(index=False)
    )
    G.add_edges_from(edges)
    return G


# --- tables ----------------------------------------------------------------------------------


def side_nodes(G: nx.Graph, side: str) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d["side"] == side]


def centrality(G: nx.Graph) -> pd.DataFrame:
    """One row per node (index ``actor``), most central first.

    Columns:

    - ``side``, ``label``;
    - ``degree``: distinct counterparts on the other side;
    - ``reach``: degree as a share of all nodes on the other side (0..1);
    - ``weighted_degree``: sum of the node's edge weights, i.e. initiatives counted once per counterpart;
    - ``initiatives``: distinct initiatives the party takes part in (the node attribute);
    - ``betweenness``: normalised betweenness centrality (unweighted shortest paths): the share of
      shortest paths between other nodes that pass through this one;
    - ``eigenvector``: eigenvector centrality on edge weights (0 for nodes outside the main component);
    - ``rank``: 1 = most central.

    Order (and rank): degree, then weighted degree, then betweenness, then initiatives, all
    descending; remaining ties by actor code, alphabetically, so the order never depends on
    the order of rows in the data.
    """
    if G.number_of_nodes() == 0:
        empty = pd.DataFrame({c: pd.Series(dtype="float64") for c in _CENTRALITY_COLUMNS})
        empty.index.name = "actor"
        return empty
    other = {s: len(side_nodes(G, t)) for s, t in (SIDES, SIDES[::-1])}
    between = nx.betweenness_centrality(G, normalized=True)
    eigen = _eigenvector(G)
    rows = []
    for n, d in G.nodes(data=True):
        degree = G.degree(n)
        rows.append(
            {
                "actor": n,
                "side": d["side"],
                "label": d["label"],
                "degree": degree,
                "reach": degree / other[d["side"]] if other[d["side"]] else 0.0,
                "weighted_degree": int(G.degree(n, weight="weight")),
                "initiatives": d["initiatives"],
                "betweenness": float(between[n]),
                "eigenvector": float(eigen[n]),
            }
        )
    table = pd.DataFrame(rows)
    table = table.sort_values(
        ["degree", "weighted_degree", "betweenness", "initiatives", "actor"],
        ascending=[False, False, False, False, True],
        kind="stable",
    )
    table["rank"] = np.arange(1, len(table) + 1)
    return table.set_index("actor")[_CENTRALITY_COLUMNS]


def _eigenvector(G: nx.Graph) -> dict[str, float]:
    """Weighted eigenvector centrality of the largest component (others 0), scaled to max 1.

    Solved exactly (``numpy.linalg.eigh`` on the weighted adjacency matrix) rather than by power
    iteration, which converges slowly on bipartite graphs, whose spectrum is symmetric.
    """
    out = dict.fromkeys(G.nodes, 0.0)
    if G.number_of_edges() == 0:
        return out
    components = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(c)))
    nodes = [n for n in G if n in components[0]]
    A = nx.to_numpy_array(G, nodelist=nodes, weight="weight")
    _, vectors = np.linalg.eigh(A)
    vector = np.abs(vectors[:, -1])
    vector = vector / vector.max()
    out.update({n: round(float(v), 12) for n, v in zip(nodes, vector)})
    return out


def edge_table(G: nx.Graph) -> pd.DataFrame:
    """One row per edge: european, indo_pacific, labels, weight, foip, other (= weight - foip),
    first_year and the initiative ids; heaviest first, ties by the two codes."""
    rows = []
    for u, v, d in G.edges(data=True):
        eu, ip = (u, v) if G.nodes[u]["side"] == "european" else (v, u)
        rows.append(
            {
                "european": eu,
                "indo_pacific": ip,
                "european_label": G.nodes[eu]["label"],
                "indo_pacific_label": G.nodes[ip]["label"],
                "weight": d["weight"],
                "foip": d["foip"],
                "other": d["weight"] - d["foip"],
                "first_year": pd.NA if d["first_year"] is None else d["first_year"],
                "initiatives": d["initiatives"],
            }
        )
    columns = [
        "european",
        "indo_pacific",
        "european_label",
        "indo_pacific_label",
        "weight",
        "foip",
        "other",
        "first_year",
        "initiatives",
    ]
    table = pd.DataFrame(rows, columns=columns)
    table["first_year"] = table["first_year"].astype("Int64")
    return table.sort_values(
        ["weight", "european", "indo_pacific"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


_ENTRY_COLUMNS = [
    "label",
    "first_year",
    "partners",
    "initiatives",
    "frameworks",
    "via_hub",
    "hub_only",
]


def hub_entries(ds: Dataset, hub: str = HUB) -> pd.DataFrame:
    """Each European party's entry into the region, and whether it came through ``hub``.

    The entry rows of :func:`indopac.analysis.first_contacts` (a European party's pairs first met
    in its first dated year with any Indo-Pacific party), one row per European party (index
    ``actor``): ``label``, ``first_year`` (that entry year), ``partners`` (the Indo-Pacific
    parties it met that year, sorted by code), ``initiatives`` (the ids of the initiatives of
    that year linking it to them, sorted), ``frameworks`` (their frameworks, sorted),
    ``via_hub`` (``hub`` is among the partners) and ``hub_only`` (it is the only one). The entry
    is compared by year only: two initiatives in the same year are both first. Parties whose
    links are all undated are left out (see :func:`undated_only`). Sorted by entry year, then
    code.
    """
    links = pair_rows(ds)
    return hub_entries_of(ds, links, first_contacts_of(ds, links), hub)


def hub_entries_of(
    ds: Dataset, links: pd.DataFrame, contacts: pd.DataFrame, hub: str
) -> pd.DataFrame:
    """:func:`hub_entries` from the pair rows of ``ds`` and their first contacts."""
    entry = contacts[contacts["entry"].to_numpy()]
    if entry.empty:
        out = pd.DataFrame(columns=_ENTRY_COLUMNS)
        out.index.name = "actor"
        return out
    entry_year = entry.groupby("european", sort=True)["first_year"].first().astype("int64")

    # The initiatives behind each entry: a party's links in its entry year (all of them are
    # with entry partners, since none of its links is dated earlier).
    actors = links["european"].cat.categories
    year_of_code = np.full(len(actors), np.nan)
    year_of_code[actors.get_indexer(entry_year.index)] = entry_year.to_numpy()
    year = link_context(ds, links, "year").to_numpy(dtype="float64", na_value=np.nan)
    met = links[year == year_of_code[links["european"].cat.codes.to_numpy()]]
    met = pd.DataFrame(
        {
            "european": met["european"].astype(str).to_numpy(),
            "initiative_id": link_context(ds, met, "initiative_id").to_numpy(),
            "framework": link_context(ds, met, "framework").astype(str).to_numpy(),
        }
    )

    def distinct(s: pd.Series) -> tuple:
        return tuple(sorted(set(s)))

    out = pd.DataFrame(
        {
            "first_year": entry_year.astype(int),
            "partners": entry.groupby("european", sort=True)["indo_pacific"].agg(distinct),
            "initiatives": met.groupby("european", sort=True)["initiative_id"].agg(distinct),
            "frameworks": met.groupby("european", sort=True)["framework"].agg(distinct),
        }
    )
    out.index.name = "actor"
    out.insert(0, "label", [ds.actor_name(c) for c in out.index])
    out["via_hub"] = out["partners"].map(lambda p: hub in p)
    out["hub_only"] = out["partners"].map(lambda p: p == (hub,))
    out = out.reset_index().sort_values(["first_year", "actor"], kind="stable").set_index("actor")
    return out[_ENTRY_COLUMNS]


def undated_only(ds: Dataset) -> list[str]:
    """European parties linked to the Indo-Pacific only through undated initiatives (sorted codes)."""
    return undated_only_of(first_contacts(ds))


def undated_only_of(contacts: pd.DataFrame) -> list[str]:
    """:func:`undated_only` from :func:`indopac.analysis.first_contacts`: parties with no entry."""
    linked = set(contacts["european"].unique())
    entered = set(contacts.loc[contacts["entry"].to_numpy(), "european"].unique())
    return sorted(linked - entered)


def channels(ds: Dataset) -> pd.DataFrame:
    """For each Indo-Pacific party: its initiatives with a European party, by framework.

    One row per Indo-Pacific party linked to at least one European party (index ``actor``),
    one column per framework (vocabulary order, all kept so colours stay stable), then
    ``foip``, ``other`` (every non-FOIP framework), ``total``, ``foip_share`` and ``label``.
    Sorted by total, then FOIP count (descending), ties by code.
    """
    p = ds.initiative_parties
    with_europe = p.loc[side_mask(p, "european"), "initiative_id"].unique()
    ip = p[side_mask(p, "indo_pacific") & p["initiative_id"].isin(with_europe).to_numpy()]
    frameworks = list(ds.initiatives["framework"].cat.categories)
    counts = ip.groupby(["actor", "framework"], observed=True).size()
    table = counts.unstack("framework", fill_value=0) if len(counts) else pd.DataFrame()
    table = table.reindex(columns=frameworks, fill_value=0).astype("int64")
    table.columns = list(frameworks)
    table.index = pd.Index(table.index.astype(str), name="actor")
    table["foip"] = table[FOIP] if FOIP in frameworks else 0
    table["total"] = table[frameworks].sum(axis=1)
    table = table[table["total"] > 0]
    table["other"] = table["total"] - table["foip"]
    table["foip_share"] = table["foip"] / table["total"]
    table["label"] = [ds.actor_name(c) for c in table.index]
    table = (
        table.reset_index()
        .sort_values(["total", "foip", "actor"], ascending=[False, False, True], kind="stable")
        .set_index("actor")
    )
    return table[[*frameworks, "foip", "other", "total", "foip_share", "label"]]


def centrality_table(G: nx.Graph) -> pd.DataFrame:
    """:func:`centrality` with readable column names, indexed by rank.

    *Share of the other side* is "15 of 16 (94%)": the count and its base, with the percentage
    only from :data:`indopac.analysis.stats.MIN_BASE` on.
    """
    t = centrality(G)
    side = {"european": "European", "indo_pacific": "Indo-Pacific"}
    size = {s: int((t["side"] == s).sum()) for s in SIDES}
    other_side_sizes = [size[SIDES[1] if s == SIDES[0] else SIDES[0]] for s in t["side"]]
    out = pd.DataFrame(
        {
            "Party": t["label"],
            "Side": t["side"].map(side),
            "Counterparts": t["degree"].astype(int),
            "Share of the other side": [
                f"{d} of {n}" + (f" ({100 * d / n:.0f}%)" if n >= MIN_BASE else "")
                for d, n in zip(t["degree"].astype(int), other_side_sizes)
            ],
            "Party links": t["weighted_degree"].astype(int),
            "Initiatives": t["initiatives"].astype(int),
            "Betweenness": t["betweenness"].round(3),
            "Eigenvector": t["eigenvector"].round(3),
        }
    )
    out.index = pd.Index(t["rank"].astype(int).tolist(), name="Rank")
    return out


def hub_entries_table(ds: Dataset) -> pd.DataFrame:
    """:func:`hub_entries` with readable names, for display."""
    f = hub_entries(ds)
    return pd.DataFrame(
        {
            "European party": f["label"],
            "First year": f["first_year"].astype(int),
            "First Indo-Pacific partner(s)": f["partners"].map(lambda p: text.join_names(ds.actor_name(c) for c in p)),
            "Framework(s)": f["frameworks"].map(
                lambda fs: ", ".join(label("framework", x) for x in fs)
            ),
            "Initiative(s)": f["initiatives"].map(", ".join),
        }
    ).reset_index(drop=True)


def strongest_channels(G: nx.Graph, n: int = 10) -> pd.DataFrame:
    """The ``n`` heaviest edges of :func:`edge_table`, with readable names, for display."""
    e = edge_table(G).head(n)
    return pd.DataFrame(
        {
            "European party": e["european_label"],
            "Indo-Pacific party": e["indo_pacific_label"],
            "Shared initiatives": e["weight"],
            "FOIP": e["foip"],
            "Other frameworks": e["other"],
            "First dated year": e["first_year"],
        }
    )


# --- counterparts, same-side co-participation, entry under undated bounds ----------------------


#: what a counterpart is, everywhere in the project (network, recommendations, claims):
#: a party on the *other* side (European <-> Indo-Pacific) that takes part in at least one
#: initiative together with the party. States and organisations are parties alike: NATO, the
#: EU and their bodies (the CCDCOE, the EEAS) are each a party of their own, never merged into
#: their members or their parent. The United States and the UN ("other") are never counted.
COUNTERPART_KINDS = ("state", "organisation", "grouping")


def counterparts(ds: Dataset, code: str, *, kinds: Iterable[str] | None = None) -> list[str]:
    """The counterparts of party ``code`` (see :data:`COUNTERPART_KINDS`), sorted codes.

    ``kinds`` keeps only counterparts of those actor kinds (``kinds=["state"]``: states only).
    The same count as the node degree of :func:`partner_network` with ``min_weight=1``.
    A party with no initiative, or only on the ``other`` side, has none.
    """
    if code not in set(ds.actors["code"].astype(str)):
        check_choice("code", code, sorted(ds.actors["code"].astype(str)))
    links = pair_rows(ds)
    eu, ip = links["european"].astype(str), links["indo_pacific"].astype(str)
    found = set(ip[eu == code]) | set(eu[ip == code])
    if kinds is not None:
        kinds = set(kinds)
        kind_of = ds.actors.set_index("code")["kind"].astype(str)
        found = {c for c in found if kind_of.get(c) in kinds}
    return sorted(found)


def side_parties(ds: Dataset, side: str, *, kinds: Iterable[str] | None = None) -> list[str]:
    """Parties on ``side`` that share an initiative with the other side (the network's nodes), sorted.

    ``kinds`` keeps only those actor kinds.
    """
    check_choice("side", side, list(SIDES))
    links = pair_rows(ds)
    found = set(links[side].astype(str))
    if kinds is not None:
        kinds = set(kinds)
        kind_of = ds.actors.set_index("code")["kind"].astype(str)
        found = {c for c in found if kind_of.get(c) in kinds}
    return sorted(found)


def same_side_rows(ds: Dataset, hub: str = HUB) -> pd.DataFrame:
    """Initiatives in which ``hub`` takes part together with another party of its own side.

    The partner network has no such links (it joins only European to Indo-Pacific parties),
    so these rows are the only evidence in the data of ``hub`` being *with* its neighbours.
    Columns: ``initiative_id``, ``year``, ``partners`` (the other same-side parties, a tuple
    of codes in actors.csv order), ``with_europe`` (a European party takes part too).
    In the order of ``ds.initiatives``.
    """
    side = side_of_party(ds, hub)
    column = "european_parties" if side == "european" else "indo_pacific_parties"
    ini = ds.initiatives
    others = ini[column].map(lambda t: tuple(c for c in t if c != hub))
    keep = ini[column].map(lambda t: hub in t) & others.map(bool)
    out = pd.DataFrame(
        {
            "initiative_id": ini.loc[keep, "initiative_id"],
            "year": ini.loc[keep, "year"],
            "partners": others[keep],
            "with_europe": ini.loc[keep, "european_parties"].map(bool) if side != "european"
            else ini.loc[keep, "indo_pacific_parties"].map(bool),
        }
    )
    return out.reset_index(drop=True)


def side_of_party(ds: Dataset, code: str) -> str:
    """'european' or 'indo_pacific' for a party code (from its region); raises for any other."""
    region = ds.actors.set_index("code")["region"].astype(str)
    if code not in region.index:
        check_choice("code", code, sorted(region.index))
    side = {"europe": "european", "indo_pacific": "indo_pacific"}.get(region[code])
    if side is None:
        raise ValueError(f"{code!r} is on neither side of the network (region {region[code]!r})")
    return side


def entry_bounds(ds: Dataset, hub: str = HUB) -> pd.DataFrame:
    """How the hub's entry-point count moves with the undated initiatives.

    One row per placement: ``as_dated`` (undated rows left out, as :func:`hub_entries`),
    ``undated_early`` (every undated row at the earliest dated year) and ``undated_late``
    (every undated row at the study's year), from :mod:`indopac.analysis.counting`.
    Columns: ``placement``, ``via_hub`` (European parties whose first link included ``hub``),
    ``parties`` (European parties with a first link under that placement).
    """
    from indopac.analysis import counting

    rows = []
    for name, variant in (("as_dated", ds), ("undated_early", counting.undated_early(ds)),
                          ("undated_late", counting.undated_late(ds))):
        entries = hub_entries(variant, hub) if len(variant.initiatives) else hub_entries(ds, hub)
        rows.append({"placement": name, "via_hub": int(entries["via_hub"].sum()), "parties": len(entries)})
    return pd.DataFrame(rows)
