"""The network in words: titles, subtitles, the hub and channel summaries, what a selection counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from indopac import text
from indopac.analysis.network import (
    FOIP,
    HUB,
    centrality,
    channels,
    hub_entries_of,
    link_context,
    link_table,
    side_nodes,
    undated_only_of,
)
from indopac.analysis.parties import first_contacts_of, pair_rows

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


def _names(ds: Dataset, codes: Iterable[str]) -> str:
    names = [ds.actor_name(c) for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


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
        return f"No single hub: {text.join_names(tied['label'])} each link to {count} European parties"
    return f"{top['label']} is the hub: linked to {count} European parties"


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
                    f"{text.plural(int(r['degree']), 'European party', 'European parties')} "
                    f"({text.percent(r['degree'], n_eu, empty='n/a')}){tie}."
                )
        else:
            lead = f"**{name} is not the hub here.** "
            r = ip.iloc[0]
            comparison = (
                f"{r['label']} reaches more: {r['degree']} of {n_eu} ({text.percent(r['degree'], n_eu, empty='n/a')}); "
                f"{name} ranks {ip_rank} of {n_ip} Indo-Pacific parties by counterparts."
            )
        total_weight = int(table.loc[ip.index, "weighted_degree"].sum())
        parts.append(
            lead + f"It is linked to {row['degree']} of the {n_eu} European parties in the network "
            f"({text.percent(row['degree'], n_eu, empty='n/a')}), and {row['weighted_degree']} of the {total_weight} "
            f"European–Indo-Pacific party links ({text.percent(row['weighted_degree'], total_weight, empty='n/a')}) "
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
            f"({text.percent(len(only), n_eu, empty='n/a')})"
            + (f": {_names(ds, sorted(only))}." if 0 < len(only) <= 12 else ".")
        )
        parts.append(bridge)

    links = pair_rows(ds)
    contacts = first_contacts_of(ds, links)
    first = hub_entries_of(ds, links, contacts, hub)
    if len(first):
        via = int(first["via_hub"].sum())
        alone = int(first["hub_only"].sum())
        others = first[~first["via_hub"]]
        verdict = "the entry point" if via > len(first) / 2 else "not the usual entry point"
        prose = (
            f"**Entry point:** of the {len(first)} European parties with a dated link ({_span(ds)}), "
            f"{via} ({text.percent(via, len(first), empty='n/a')}) first linked to the region through an initiative that "
            f"included {name} (for {alone} of them {name} was the only partner), so {name} is "
            f"{verdict} in this data."
        )
        if len(others):
            detail = "; ".join(
                f"{r.label} with {_names(ds, r.partners)} in {r.first_year}"
                for r in others.itertuples()
            )
            prose += f" The others first linked elsewhere: {detail}."
        parts.append(prose)
    else:
        parts.append(
            f"**Entry point:** no dated European–Indo-Pacific link in this selection ({_span(ds)})."
        )

    missing = undated_only_of(contacts)
    if missing:
        parts.append(
            f"{text.plural(len(missing), 'European party', 'European parties')} "
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
    reached = text.plural(outside, "partner") + (" is" if outside == 1 else " are")
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
    links = pair_rows(ds)
    is_foip = (link_context(ds, links, "framework") == FOIP).to_numpy()
    at_hub = (links["indo_pacific"] == hub).to_numpy()
    rows = links["row"].to_numpy()
    return len(np.unique(rows[is_foip])), len(np.unique(rows[is_foip & at_hub]))


def channel_summary(ds: Dataset, hub: str = HUB) -> str:
    """Markdown on FOIP vs non-FOIP channels: how much of FOIP runs through the hub, and who is reached outside it."""
    table = channels(ds)
    if table.empty:
        return "The selection has no European–Indo-Pacific links."
    name = ds.actor_name(hub)
    links = pair_rows(ds)
    is_foip = (link_context(ds, links, "framework") == FOIP).to_numpy()
    at_hub = (links["indo_pacific"] == hub).to_numpy()
    rows = links["row"].to_numpy()
    n_all = len(np.unique(rows))
    n_foip = len(np.unique(rows[is_foip]))
    n_hub_foip = len(np.unique(rows[is_foip & at_hub]))
    parts = []
    if n_foip:
        parts.append(
            f"{n_foip} of the {n_all} linking initiatives ({text.percent(n_foip, n_all, empty='n/a')}) are FOIP, "
            f"and {n_hub_foip} of those ({text.percent(n_hub_foip, n_foip, empty='n/a')}) include {name}."
        )
    else:
        parts.append(f"None of the {n_all} linking initiatives in this selection is FOIP.")
    outside = table[table["foip"] == 0]
    if len(outside):
        parts.append(
            f"{text.plural(len(outside), 'Indo-Pacific party', 'Indo-Pacific parties')} "
            f"({_names(ds, outside.index)}) {'is' if len(outside) == 1 else 'are'} reached only outside FOIP."
        )
    inside = table[table["foip"] > 0].drop(index=hub, errors="ignore")
    if len(inside):
        parts.append(
            "Besides " + name + ", FOIP initiatives reach " + _names(ds, inside.index) + "."
        )
    return " ".join(parts)


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
        prose = (
            f"The network counts all {n_full} initiatives, including {undated} "
            "(a link does not need a date)."
        )
    else:
        prose = (
            f"The network counts the {n_sel} of {n_full} initiatives that start in "
            f"{text.years_text(years)}; {text.undated_words(n_undated_full)} left out, "
            "because a year range keeps dated initiatives only."
        )
    min_weight = G.graph.get("min_weight", 1)
    n_eu, n_ip = len(side_nodes(G, "european")), len(side_nodes(G, "indo_pacific"))
    all_pairs = link_table(ds)[["european", "indo_pacific"]].drop_duplicates()
    if min_weight > 1:
        prose += (
            f" Only pairs that share at least {min_weight} initiatives are drawn: "
            f"{G.number_of_edges()} of {len(all_pairs)} pairs, leaving {n_eu} European and "
            f"{n_ip} Indo-Pacific parties."
        )
    else:
        prose += (
            f" It has {n_eu} European and {n_ip} Indo-Pacific parties joined by "
            f"{G.number_of_edges()} pairs."
        )
    return prose


def selection_caption(
    full: Dataset, ds: Dataset, years: tuple[int | None, int | None] | None
) -> str:
    """The note under a network figure: the period and how many undated initiatives it includes or omits."""
    n_undated = len(full.undated)
    if years is None:
        return f"All {len(full)} initiatives, including {n_undated} undated."
    return (
        f"Initiatives starting {text.years_text(years)} ({len(ds)} of {len(full)}); "
        f"{text.undated_words(n_undated)} left out."
    )


def network_subtitle(G: nx.Graph) -> str:
    """What lines and nodes mean in this drawing, with the threshold in use."""
    min_weight = G.graph.get("min_weight", 1)
    pairs = "share an initiative" if min_weight == 1 else f"share at least {min_weight} initiatives"
    return (
        f"A line joins a European and an Indo-Pacific party that {pairs}; node area and the "
        "number in brackets: initiatives the party takes part in"
    )
