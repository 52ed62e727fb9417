"""The Europe–Indo-Pacific partner network: who cooperates with whom, through which frameworks.

The network is bipartite. A node is a party (a state or an organisation such as
NATO or the EU) on the European or the Indo-Pacific side; an edge joins a
European and an Indo-Pacific party that take part in at least one initiative
together, and its ``weight`` is how many initiatives they share. Parties on the
``other`` side (the United States, the UN) are not nodes: the study is about
links between the two regions.

Everything is computed from the project's one pair builder, the integer self-merge
behind :func:`indopac.analysis.pairs` (European rows x Indo-Pacific rows of the same
initiative), so building the network costs the same few pandas operations for 70 or
for a million initiatives. Who entered the region when comes from
:func:`indopac.analysis.first_contacts`; this module adds the hub's part in it.

Functions:

- :func:`link_table`: one row per (initiative, European party, Indo-Pacific party).
- :func:`partner_network`: the networkx graph, optionally thresholded and limited to frameworks.
- :func:`centrality`: degree, weighted degree, betweenness and eigenvector centrality per node.
- :func:`edge_table`: the edges as a DataFrame (weight, FOIP and other-framework counts).
- :func:`hub_entries`: for each European party, its entry into the region (year, partners,
  initiatives) and whether it came through the hub.
- :func:`undated_only`: European parties whose links are all undated.
- :func:`channels`: for each Indo-Pacific party, its linked initiatives by framework (FOIP vs the rest).
- :func:`hub_summary`, :func:`channel_summary`, :func:`network_title`: computed Markdown and titles.
- :func:`draw_network`, :func:`draw_channels`: the two charts of notebook 04.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from indopac import analysis
from indopac.analysis import _id_rank, _pair_rows, _side_mask
from indopac.params import ParameterError, check_choice

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

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


def _check_min_weight(min_weight) -> int:
    if (
        isinstance(min_weight, bool)
        or not isinstance(min_weight, (int, np.integer))
        or min_weight < 1
    ):
        raise ParameterError(f"min_weight: {min_weight!r} is not valid; valid: a whole number >= 1")
    return int(min_weight)


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


def _context(ds: Dataset, links: pd.DataFrame, column: str):
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
    links = _pair_rows(ds)
    out = pd.DataFrame({"initiative_id": _context(ds, links, "initiative_id")})
    out["european"] = links["european"]
    out["indo_pacific"] = links["indo_pacific"]
    for column in ("year", "month", "framework", "kind"):
        out[column] = _context(ds, links, column)
    return out[_LINK_COLUMNS]


def _node_initiatives(ds: Dataset) -> pd.DataFrame:
    """Per (actor, side) on the two network sides: the initiatives it takes part in.

    A party appears at most once per initiative (the loader rejects duplicates), so counting
    rows of the long party view counts distinct initiatives.
    """
    p = ds.initiative_parties
    p = p[_side_mask(p, "european") | _side_mask(p, "indo_pacific")]
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
    min_weight = _check_min_weight(min_weight)
    if isinstance(frameworks, str):
        frameworks = [frameworks]
    ds = _select_frameworks(ds, frameworks)
    G = nx.Graph(
        min_weight=min_weight, frameworks=None if frameworks is None else tuple(frameworks)
    )
    links = _pair_rows(ds)
    if links.empty:
        return G

    # Group the link rows by edge (a pair of actor codes, as one integer), initiatives in id order.
    actors = links["european"].cat.categories
    n_actors = len(actors)
    rows = links["row"].to_numpy()
    edge_key = links["european"].cat.codes.to_numpy(np.int64) * n_actors + links[
        "indo_pacific"
    ].cat.codes.to_numpy(np.int64)
    order = np.lexsort((_id_rank(ds)[rows], edge_key))
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


def _side_nodes(G: nx.Graph, side: str) -> list[str]:
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
    other = {s: len(_side_nodes(G, t)) for s, t in (SIDES, SIDES[::-1])}
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
    links = _pair_rows(ds)
    return _hub_entries(ds, links, analysis._first_contacts(ds, links), hub)


def _hub_entries(
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
    year = _context(ds, links, "year").to_numpy(dtype="float64", na_value=np.nan)
    met = links[year == year_of_code[links["european"].cat.codes.to_numpy()]]
    met = pd.DataFrame(
        {
            "european": met["european"].astype(str).to_numpy(),
            "initiative_id": _context(ds, met, "initiative_id").to_numpy(),
            "framework": _context(ds, met, "framework").astype(str).to_numpy(),
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
    return _undated_only(analysis.first_contacts(ds))


def _undated_only(contacts: pd.DataFrame) -> list[str]:
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
    with_europe = p.loc[_side_mask(p, "european"), "initiative_id"].unique()
    ip = p[_side_mask(p, "indo_pacific") & p["initiative_id"].isin(with_europe).to_numpy()]
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


# --- words -----------------------------------------------------------------------------------------


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _names(ds: Dataset, codes: Iterable[str]) -> str:
    names = [ds.actor_name(c) for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _span(ds: Dataset) -> str:
    years = ds.year_range()
    return f"{years[0]}–{years[1]}" if years else "no dated years"


def network_title(G: nx.Graph) -> str:
    """A title stating the network's main finding: which Indo-Pacific party reaches most Europeans."""
    table = centrality(G)
    ip = table[table["side"] == "indo_pacific"]
    n_eu = int((table["side"] == "european").sum())
    if ip.empty:
        return "No European–Indo-Pacific links in this selection"
    top = ip.iloc[0]
    count = f"all {n_eu}" if top["degree"] == n_eu and n_eu > 1 else f"{top['degree']} of {n_eu}"
    if len(ip) > 1 and ip.iloc[1]["degree"] == top["degree"]:
        tied = ip[ip["degree"] == top["degree"]]
        return f"No single hub: {_join(tied['label'])} each link to {count} European parties"
    return f"{top['label']} is the hub: linked to {count} European parties"


def _join(labels: Iterable[str]) -> str:
    labels = list(labels)
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def hub_summary(ds: Dataset, G: nx.Graph, hub: str = HUB) -> str:
    """Markdown that tests the study's claims that Japan is the hub and the entry point.

    Four computed paragraphs: (1) the hub's share of European counterparts and its rank by
    degree, against the next Indo-Pacific party; (2) its rank by betweenness and how many
    European parties it is the only counterpart of; (3) how many European parties first
    reached the region through an initiative that included it (from :func:`hub_entries`
    on ``ds``); (4) what the selection leaves out. The claim is stated as shown or refuted
    by the numbers, never assumed.
    """
    name = ds.actor_name(hub)
    table = centrality(G)
    if table.empty:
        return "The selection has no European–Indo-Pacific links, so there is no network to test."
    eu = table[table["side"] == "european"]
    ip = table[table["side"] == "indo_pacific"]
    n_eu, n_ip, n = len(eu), len(ip), len(table)
    parts = []

    if hub not in table.index:
        parts.append(
            f"**{name} is not in this network**: it has no link that meets the threshold. "
            f"The best-connected Indo-Pacific party is {ip.iloc[0]['label']}, with "
            f"{ip.iloc[0]['degree']} of {n_eu} European counterparts."
        )
    else:
        row = table.loc[hub]
        ip_rank = list(ip.index).index(hub) + 1
        rivals = ip.drop(index=hub)
        if ip_rank == 1:
            lead = f"**{name} is the hub.** "
            if rivals.empty:
                comparison = "It is the only Indo-Pacific party in the network."
            else:
                r = rivals.iloc[0]
                tie = " (as many)" if r["degree"] == row["degree"] else ""
                comparison = (
                    f"The next best-connected Indo-Pacific party, {r['label']}, reaches "
                    f"{_plural(int(r['degree']), 'European party', 'European parties')} "
                    f"({_pct(r['degree'], n_eu)}){tie}."
                )
        else:
            lead = f"**{name} is not the hub here.** "
            r = ip.iloc[0]
            comparison = (
                f"{r['label']} reaches more: {r['degree']} of {n_eu} ({_pct(r['degree'], n_eu)}); "
                f"{name} ranks {ip_rank} of {n_ip} Indo-Pacific parties by counterparts."
            )
        total_weight = int(table.loc[ip.index, "weighted_degree"].sum())
        parts.append(
            lead + f"It is linked to {row['degree']} of the {n_eu} European parties in the network "
            f"({_pct(row['degree'], n_eu)}), and {row['weighted_degree']} of the {total_weight} "
            f"European–Indo-Pacific party links ({_pct(row['weighted_degree'], total_weight)}) "
            f"involve it. " + comparison
        )

        b_rank = int(table["betweenness"].rank(ascending=False, method="min")[hub])
        only = [e for e in eu.index if set(G.neighbors(e)) == {hub}]
        bridge = f"By betweenness it ranks {b_rank} of {n} parties ({row['betweenness']:.2f}): " + (
            "more shortest paths between other parties pass through it than through any other. "
            if b_rank == 1
            else "other parties lie on more shortest paths. "
        )
        bridge += (
            f"It is the only Indo-Pacific counterpart of {len(only)} of the {n_eu} European parties "
            f"({_pct(len(only), n_eu)})"
            + (f": {_names(ds, sorted(only))}." if 0 < len(only) <= 12 else ".")
        )
        parts.append(bridge)

    links = _pair_rows(ds)
    contacts = analysis._first_contacts(ds, links)
    first = _hub_entries(ds, links, contacts, hub)
    if len(first):
        via = int(first["via_hub"].sum())
        alone = int(first["hub_only"].sum())
        others = first[~first["via_hub"]]
        verdict = "the entry point" if via > len(first) / 2 else "not the usual entry point"
        text = (
            f"**Entry point:** of the {len(first)} European parties with a dated link ({_span(ds)}), "
            f"{via} ({_pct(via, len(first))}) first linked to the region through an initiative that "
            f"included {name} (for {alone} of them {name} was the only partner), so {name} is "
            f"{verdict} in this data."
        )
        if len(others):
            detail = "; ".join(
                f"{r.label} with {_names(ds, r.partners)} in {r.first_year}"
                for r in others.itertuples()
            )
            text += f" The others first linked elsewhere: {detail}."
        parts.append(text)
    else:
        parts.append(
            f"**Entry point:** no dated European–Indo-Pacific link in this selection ({_span(ds)})."
        )

    missing = _undated_only(contacts)
    if missing:
        parts.append(
            f"{_plural(len(missing), 'European party', 'European parties')} "
            f"({_names(ds, missing)}) {'has' if len(missing) == 1 else 'have'} only undated links "
            "and no first year."
        )
    return "\n\n".join(parts)


def channel_title(ds: Dataset, hub: str = HUB) -> str:
    """A title for the channel chart stating its finding (how much of FOIP runs through the hub)."""
    table = channels(ds)
    if table.empty:
        return "No European–Indo-Pacific links in this selection"
    name = ds.actor_name(hub)
    n_foip, n_hub_foip = _foip_counts(ds, hub)
    outside = int((table["foip"] == 0).sum())
    reached = _plural(outside, "partner") + (" is" if outside == 1 else " are")
    if n_foip == 0:
        return f"No FOIP initiative in this selection: all {len(table)} partners are reached through other frameworks"
    head = (
        f"{n_hub_foip} of {n_foip} FOIP initiatives include {name}"
        if n_hub_foip < n_foip
        else f"All {n_foip} FOIP initiatives include {name}"
    )
    return head + (f"; {reached} reached only through other frameworks" if outside else "")


def _foip_counts(ds: Dataset, hub: str) -> tuple[int, int]:
    """Linking initiatives that are FOIP, and those of them that include ``hub``."""
    links = _pair_rows(ds)
    is_foip = (_context(ds, links, "framework") == FOIP).to_numpy()
    at_hub = (links["indo_pacific"] == hub).to_numpy()
    rows = links["row"].to_numpy()
    return len(np.unique(rows[is_foip])), len(np.unique(rows[is_foip & at_hub]))


def channel_summary(ds: Dataset, hub: str = HUB) -> str:
    """Markdown on FOIP vs non-FOIP channels: how much of FOIP runs through the hub, and who is reached outside it."""
    table = channels(ds)
    if table.empty:
        return "The selection has no European–Indo-Pacific links."
    name = ds.actor_name(hub)
    links = _pair_rows(ds)
    is_foip = (_context(ds, links, "framework") == FOIP).to_numpy()
    at_hub = (links["indo_pacific"] == hub).to_numpy()
    rows = links["row"].to_numpy()
    n_all = len(np.unique(rows))
    n_foip = len(np.unique(rows[is_foip]))
    n_hub_foip = len(np.unique(rows[is_foip & at_hub]))
    parts = []
    if n_foip:
        parts.append(
            f"{n_foip} of the {n_all} linking initiatives ({_pct(n_foip, n_all)}) are FOIP, "
            f"and {n_hub_foip} of those ({_pct(n_hub_foip, n_foip)}) include {name}."
        )
    else:
        parts.append(f"None of the {n_all} linking initiatives in this selection is FOIP.")
    outside = table[table["foip"] == 0]
    if len(outside):
        parts.append(
            f"{_plural(len(outside), 'Indo-Pacific party', 'Indo-Pacific parties')} "
            f"({_names(ds, outside.index)}) {'is' if len(outside) == 1 else 'are'} reached only outside FOIP."
        )
    inside = table[table["foip"] > 0].drop(index=hub, errors="ignore")
    if len(inside):
        parts.append(
            "Besides " + name + ", FOIP initiatives reach " + _names(ds, inside.index) + "."
        )
    return " ".join(parts)


# --- drawing ------------------------------------------------------------------------------------------------


#: colour of channels outside FOIP (FOIP itself takes the house colour of the FOIP framework)
OTHER_CHANNEL = "#A0A0A0"


def _column_order(G: nx.Graph, side: str) -> list[str]:
    """Nodes of one side, most active first: initiatives, then weighted degree (desc), then code."""
    nodes = _side_nodes(G, side)
    return sorted(
        nodes, key=lambda n: (-G.nodes[n]["initiatives"], -G.degree(n, weight="weight"), n)
    )


def draw_network(
    G: nx.Graph,
    ds: Dataset,
    ax: Axes | None = None,
    *,
    max_width: float = 9.0,
    row_height: float = 0.34,
    show_counts: bool = True,
) -> Axes:
    """Draw the partner network in two columns: European parties left, Indo-Pacific right.

    Each column is ordered by activity (initiatives, then weighted degree, then code), most active
    at the top; the shorter column is centred. Node area is proportional to the party's
    initiatives; each party's label (with its count when ``show_counts``) sits outside its node,
    one label per row, so labels cannot overlap. A line joins two parties that share initiatives:
    its width is proportional to the number shared (``max_width`` points for the heaviest edge),
    and its FOIP initiatives are drawn as a core in the FOIP colour inside a grey casing for the
    rest, so an all-FOIP channel is fully coloured and a channel outside FOIP fully grey.
    The legend sits below the drawing. Returns the Axes (no title, no source line: add them
    with :func:`indopac.plots.title` and :func:`indopac.plots.add_source`).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from indopac import plots

    columns = {side: _column_order(G, side) for side in SIDES}
    n_rows = max((len(c) for c in columns.values()), default=0)
    if ax is None:
        _, ax = plots.new_figure(9.0, max(3.0, row_height * n_rows + 2.2))
    fig = ax.figure
    ax.set_axis_off()
    if n_rows == 0:
        ax.text(
            0.5,
            0.5,
            "No European–Indo-Pacific links in this selection",
            ha="center",
            va="center",
            color=plots.MUTED,
            transform=ax.transAxes,
        )
        return ax

    # Positions: x = 0 (Europe) or 1 (Indo-Pacific); y = -row, the shorter column centred.
    pos = {}
    for x, side in enumerate(SIDES):
        offset = (n_rows - len(columns[side])) / 2
        for i, n in enumerate(columns[side]):
            pos[n] = (float(x), -(i + offset))
    ax.set_ylim(-(n_rows - 1) - 0.6, 1.5)

    # Node sizes: area proportional to initiatives, the largest as tall as ~80% of a row.
    fig.canvas.draw()
    bbox = ax.get_window_extent()
    row_pt = bbox.height * 72 / fig.dpi / (n_rows + 0.5)
    max_initiatives = max(d["initiatives"] for _, d in G.nodes(data=True))
    max_area = (0.8 * min(row_pt, 30.0)) ** 2
    area = {
        n: max(12.0, max_area * d["initiatives"] / max_initiatives) for n, d in G.nodes(data=True)
    }

    # Edges: casing (all initiatives, grey) below, FOIP core (FOIP colour) above; lightest first.
    max_weight = max(d["weight"] for _, _, d in G.edges(data=True))
    scale = max_width / max_weight
    min_lw = 0.7
    edges = sorted(G.edges(data=True), key=lambda e: (e[2]["weight"], e[0], e[1]))
    segs = [[pos[u], pos[v]] for u, v, _ in edges]
    casing = [max(min_lw, scale * d["weight"]) for _, _, d in edges]
    foip_colour = plots.framework_colors(ds).get(FOIP, plots.ACCENT)
    ax.add_collection(
        LineCollection(
            segs, linewidths=casing, colors=OTHER_CHANNEL, alpha=0.75, zorder=1, capstyle="butt"
        )
    )
    core = [(s, max(min_lw, scale * d["foip"])) for s, (_, _, d) in zip(segs, edges) if d["foip"]]
    if core:
        ax.add_collection(
            LineCollection(
                [s for s, _ in core],
                linewidths=[w for _, w in core],
                colors=foip_colour,
                alpha=0.9,
                zorder=2,
                capstyle="butt",
            )
        )

    side_colours = plots.palette("side")
    for side in SIDES:
        nodes = columns[side]
        ax.scatter(
            [pos[n][0] for n in nodes],
            [pos[n][1] for n in nodes],
            s=[area[n] for n in nodes],
            color=side_colours[side],
            edgecolor="white",
            linewidth=1.2,
            zorder=3,
        )

    # Labels outside the nodes: left of European ones, right of Indo-Pacific ones.
    texts = []
    for n in G:
        x, y = pos[n]
        left = G.nodes[n]["side"] == "european"
        gap = np.sqrt(area[n]) / 2 + 5
        text = G.nodes[n]["label"] + (f" ({G.nodes[n]['initiatives']})" if show_counts else "")
        texts.append(
            ax.annotate(
                text,
                xy=(x, y),
                xytext=(-gap if left else gap, 0),
                textcoords="offset points",
                ha="right" if left else "left",
                va="center",
                fontsize=9.5,
                color=plots.INK,
                zorder=4,
            )
        )
    heads = {
        "european": f"European parties ({len(columns['european'])})",
        "indo_pacific": f"Indo-Pacific parties ({len(columns['indo_pacific'])})",
    }
    for x, side in enumerate(SIDES):
        ax.annotate(
            heads[side],
            xy=(x, 1.0),
            ha="right" if x == 0 else "left",
            va="bottom",
            fontsize=10,
            fontweight="bold",
            color=side_colours[side],
        )

    # Room for the labels inside the Axes: measure them, then widen the x limits to fit.
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width_px = ax.get_window_extent(renderer).width
    need = max(t.get_window_extent(renderer).width for t in texts)
    need += (np.sqrt(max(area.values())) / 2 + 10) * fig.dpi / 72
    f = min(0.4, need / width_px)
    margin = f / (1 - 2 * f)
    ax.set_xlim(-margin, 1 + margin)

    # Legend below: what colour and width mean.
    min_weight = min(d["weight"] for _, _, d in G.edges(data=True))
    examples = sorted({min_weight, round((min_weight + max_weight) / 2), max_weight})
    handles = [
        Line2D([], [], color=foip_colour, lw=3, label="FOIP initiatives"),
        Line2D([], [], color=OTHER_CHANNEL, lw=3, label="Other frameworks"),
        *[
            Line2D(
                [], [], color="#555555", lw=max(min_lw, scale * w), label=_plural(w, "initiative")
            )
            for w in examples
        ],
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=len(handles),
        handlelength=2.6,
        columnspacing=1.4,
        borderaxespad=0.2,
        fontsize=9,
        title="Line width: initiatives the two parties share; coloured core: the FOIP ones, grey: other frameworks",
        title_fontsize=9,
    )
    return ax


def draw_channels(table: pd.DataFrame, ds: Dataset, ax: Axes | None = None) -> Axes:
    """Horizontal bars per Indo-Pacific party: its initiatives with European parties, by framework.

    ``table`` is :func:`channels`. Bars are stacked in framework vocabulary order (FOIP first, in
    the house framework colours), one row per party in the table's order; the value label gives
    the total and the FOIP share. The legend sits right of the plot area.
    """
    from indopac import plots

    frameworks = list(ds.initiatives["framework"].cat.categories)
    n = len(table)
    if ax is None:
        _, ax = plots.new_figure(8.5, max(2.4, 0.36 * n + 1.4))
    colours = plots.framework_colors(ds)
    pos = np.arange(n)
    left = np.zeros(n)
    present = [f for f in frameworks if f in table and table[f].sum() > 0]
    for f in present:
        values = table[f].to_numpy(dtype=float)
        ax.barh(
            pos,
            values,
            left=left,
            color=colours.get(f, plots.OKABE_ITO["grey"]),
            height=0.7,
            label=plots.label("framework", f),
            zorder=2,
            edgecolor="white",
            linewidth=0.5,
        )
        left += values
    top = float(left.max()) if n else 1.0
    for p, total, foip in zip(pos, table["total"], table["foip"]):
        share = f", {100 * foip / total:.0f}% FOIP" if foip else ""
        ax.text(
            total + top * 0.01,
            p,
            f"{total}{share}",
            va="center",
            ha="left",
            fontsize=8.5,
            color=plots.INK,
        )
    ax.set_yticks(pos, table["label"].tolist())
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, top * 1.22 if top else 1)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Initiatives with at least one European party")
    plots.legend_outside(ax, title_="Framework")
    return ax


# --- notebook helpers: the selection in words, readable tables ----------------------------------------


def _years_text(years: tuple[int | None, int | None] | None) -> str:
    if years is None:
        return ""
    start, end = years
    if start is not None and end is not None:
        return f"{start}–{end}"
    if start is not None:
        return f"{start} or later"
    return f"{end} or earlier"


def selection_note(
    full: Dataset, ds: Dataset, G: nx.Graph, years: tuple[int | None, int | None] | None = None
) -> str:
    """Markdown saying what the network counts: which initiatives, how many undated, which edges.

    ``full`` is the whole dataset, ``ds`` the selection the graph ``G`` was built from (``years``
    the range used to select it, or None).
    """
    n_full, n_sel = len(full), len(ds)
    n_undated_full = len(full.undated)
    if years is None:
        undated = (
            "the 1 undated one" if n_undated_full == 1 else f"the {n_undated_full} undated ones"
        )
        text = (
            f"The network counts all {n_full} initiatives, including {undated} "
            "(a link does not need a date)."
        )
    else:
        text = (
            f"The network counts the {n_sel} of {n_full} initiatives that start in "
            f"{_years_text(years)}; {_undated_words(n_undated_full)} left out, "
            "because a year range keeps dated initiatives only."
        )
    min_weight = G.graph.get("min_weight", 1)
    n_eu, n_ip = len(_side_nodes(G, "european")), len(_side_nodes(G, "indo_pacific"))
    all_pairs = link_table(ds)[["european", "indo_pacific"]].drop_duplicates()
    if min_weight > 1:
        text += (
            f" Only pairs that share at least {min_weight} initiatives are drawn: "
            f"{G.number_of_edges()} of {len(all_pairs)} pairs, leaving {n_eu} European and "
            f"{n_ip} Indo-Pacific parties."
        )
    else:
        text += (
            f" It has {n_eu} European and {n_ip} Indo-Pacific parties joined by "
            f"{G.number_of_edges()} pairs."
        )
    return text


def selection_caption(
    full: Dataset, ds: Dataset, years: tuple[int | None, int | None] | None
) -> str:
    """The note under a network figure: the period and how many undated initiatives it includes or omits."""
    n_undated = len(full.undated)
    if years is None:
        return f"All {len(full)} initiatives, including {n_undated} undated."
    return (
        f"Initiatives starting {_years_text(years)} ({len(ds)} of {len(full)}); "
        f"{_undated_words(n_undated)} left out."
    )


def _undated_words(n: int) -> str:
    return f"{n} undated initiative{'s are' if n != 1 else ' is'}"


def network_subtitle(G: nx.Graph) -> str:
    """What lines and nodes mean in this drawing, with the threshold in use."""
    min_weight = G.graph.get("min_weight", 1)
    pairs = "share an initiative" if min_weight == 1 else f"share at least {min_weight} initiatives"
    return (
        f"A line joins a European and an Indo-Pacific party that {pairs}; node area and the "
        "number in brackets: initiatives the party takes part in"
    )


def centrality_table(G: nx.Graph) -> pd.DataFrame:
    """:func:`centrality` with readable column names, shares as percentages, indexed by rank."""
    t = centrality(G)
    side = {"european": "European", "indo_pacific": "Indo-Pacific"}
    out = pd.DataFrame(
        {
            "Party": t["label"],
            "Side": t["side"].map(side),
            "Counterparts": t["degree"].astype(int),
            "Share of the other side": (100 * t["reach"]).round(0).astype(int).astype(str) + "%",
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
    from indopac import plots

    f = hub_entries(ds)
    return pd.DataFrame(
        {
            "European party": f["label"],
            "First year": f["first_year"].astype(int),
            "First Indo-Pacific partner(s)": f["partners"].map(lambda p: _names(ds, p)),
            "Framework(s)": f["frameworks"].map(
                lambda fs: ", ".join(plots.label("framework", x) for x in fs)
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
