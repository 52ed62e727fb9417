"""The network in words: titles, subtitles, the hub and channel summaries, what a selection counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from indopac import text
from indopac.analysis import stats as st
from indopac.analysis.network import (
    FOIP,
    HUB,
    centrality,
    channels,
    entry_bounds,
    hub_entries_of,
    link_context,
    link_table,
    same_side_rows,
    side_nodes,
    undated_only_of,
)
from indopac.analysis.parties import first_contacts_of, pair_rows

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


def _name(ds: Dataset, code: str, start: bool = False) -> str:
    """A name in running text ("the United Kingdom"), escaped: for the Markdown summaries only
    (figure titles are plain text and use :func:`indopac.text.running_name` directly)."""
    return text.escape_markdown(text.running_name(ds.actor_name, code, start=start))


def _names(ds: Dataset, codes: Iterable[str]) -> str:
    """Names in running text ("the United Kingdom, France and NATO"), escaped for Markdown."""
    return text.join_names(_name(ds, c) for c in codes)


def _span(ds: Dataset) -> str:
    years = ds.year_range()
    return f"{years[0]}–{years[1]}" if years else "no dated years"


def _pct(k: int, n: int) -> str:
    """`` (94%)`` after "k of n", or nothing when ``n`` is below the smallest reportable base."""
    return f" ({text.percent(k, n)})" if st.share(k, n).reportable else ""


def _kinds_split(ds: Dataset, codes: Iterable[str], all_codes: Iterable[str]) -> str:
    """ "12 of the 13 European states and 3 of the 3 organisations": a counterpart count split by kind."""
    kind = ds.actors.set_index("code")["kind"].astype(str)
    codes, all_codes = list(codes), list(all_codes)
    parts = []
    for k, noun in (("state", "state"), ("organisation", "organisation"), ("grouping", "grouping")):
        base = sum(kind.get(c) == k for c in all_codes)
        if base:
            got = sum(kind.get(c) == k for c in codes)
            parts.append(f"{got} of the {text.count_words(base, noun)}")
    return text.join_names(parts)


#: the counterpart rule in words, as every network sentence states it
COUNTERPART_RULE = (
    "A counterpart is a party on the other side that shares at least one initiative with it: states and "
    "organisations alike, with NATO, the EU and their bodies each counted on its own; the United States and "
    "the UN are not counted."
)


def network_title(G: nx.Graph) -> str:
    """A title stating the network's main finding: which Indo-Pacific party reaches most European parties.

    Counterparts are counted by :data:`indopac.analysis.network.COUNTERPART_KINDS` (states and
    organisations alike), and the title says so.
    """
    table = centrality(G)
    ip = table[table["side"] == "indo_pacific"]
    n_eu = int((table["side"] == "european").sum())
    if ip.empty:
        return "No European–Indo-Pacific links in this selection"
    labels = dict(zip(table.index, table["label"]))
    lead = st.leaders(ip["degree"])
    top = ip.iloc[0]
    count = f"all {n_eu}" if top["degree"] == n_eu and n_eu > 1 else f"{top['degree']} of the {n_eu}"
    parties = "European parties (states and organisations)"
    if lead.is_tie:
        names = text.join_names(text.running_name(labels, c) for c in lead.codes)
        return f"No single hub: {names} each share initiatives with {count} {parties}"
    rest = ip.drop(index=top.name)
    nxt = ""
    if len(rest):
        runner = st.leaders(rest["degree"])
        who = text.join_names(text.running_name(labels, c) for c in runner.codes)
        nxt = f"; next: {who}, {int(runner.value)}" if who else ""
    return f"{text.running_name(labels, top.name, start=True)} shares initiatives with {count} {parties}{nxt}"


def bridge_summary(ds: Dataset, G: nx.Graph, hub: str = HUB) -> str:
    """Markdown on the study's "bridge" claim: what betweenness here can and cannot show.

    The partner network joins European parties only to Indo-Pacific ones, so betweenness
    there cannot show the hub linking parties *within* its region. The only evidence of that
    is the initiatives in which the hub takes part with another party of its own side
    (:func:`indopac.analysis.network.same_side_rows`); the verdict is the claims ledger's
    (``japan_bridge``), so the two products never disagree.
    """
    from indopac.analysis import claims

    name = _name(ds, hub)
    table = centrality(G)
    parts = []
    if hub in table.index:
        b_rank = int(table["betweenness"].rank(ascending=False, method="min")[hub])
        parts.append(
            f"By betweenness {name} ranks {b_rank} of {len(table)} parties ({table.loc[hub, 'betweenness']:.2f}). "
            "That number cannot show a bridge within the region: the network joins European parties only to "
            "Indo-Pacific ones, so every path from one Indo-Pacific party to another runs through a European "
            f"party, and {name}'s betweenness counts the European parties it connects to each other, which "
            "follows from how many counterparts it has."
        )
    rows = same_side_rows(ds, hub)
    n = len(rows)
    partners = sorted({c for t in rows["partners"] for c in t})
    if n:
        evidence = (
            f"The data link {name} to its neighbours only through the "
            f"{text.count_words(n, 'initiative')} in which it takes part together with another Indo-Pacific "
            f"party ({_names(ds, partners)}: {', '.join(f'`{i}`' for i in rows['initiative_id'])})"
        )
    else:
        evidence = f"No initiative in the data has {name} together with another Indo-Pacific party"
    verdict = claims.CLAIMS["japan_bridge"].test(ds).verdict if hub == "JPN" else None
    if n < st.MIN_BASE:
        parts.append(
            f"**Bridge: the data cannot test it.** {evidence}; a pattern needs at least {st.MIN_BASE} "
            "(the claims ledger's `japan_bridge` says the same). Taking part together would in any case show "
            "presence, not that one party brought the other in."
        )
    else:
        parts.append(
            f"**Bridge:** {evidence}. Taking part together shows presence, not that one party brought the "
            "other in" + (f"; the claims ledger rates the bridge claim *{verdict}*." if verdict else ".")
        )
    return "\n\n".join(parts)


def hub_summary(ds: Dataset, G: nx.Graph, hub: str = HUB) -> str:
    """Markdown that tests the study's claims that Japan is the hub and the entry point, and says why
    the network cannot test the bridge claim.

    Paragraphs: (1) the hub's counterparts (by the one rule, :data:`COUNTERPART_RULE`, split into
    states and organisations) against the next Indo-Pacific party; (2) :func:`bridge_summary` and
    how many European parties have no other counterpart; (3) how many European parties first
    reached the region through an initiative that included it, with the bounds the undated
    initiatives allow; (4) which European parties have only undated links. Stated as shown or
    refuted by the numbers, never assumed; ties are named as ties.
    """
    name = _name(ds, hub)
    table = centrality(G)
    if table.empty:
        return "The selection has no European–Indo-Pacific links, so there is no network to test."
    eu = table[table["side"] == "european"]
    ip = table[table["side"] == "indo_pacific"]
    n_eu, n_ip = len(eu), len(ip)
    parts = []

    if hub not in table.index:
        parts.append(
            f"**{name} is not in this network**: it has no link that meets the threshold. "
            f"The best-connected Indo-Pacific party is {_name(ds, ip.index[0])}, with "
            f"{ip.iloc[0]['degree']} of {n_eu} European counterparts."
        )
    else:
        row = table.loc[hub]
        lead = st.leaders(ip["degree"])
        rivals = ip.drop(index=hub)
        if lead.sole == hub:
            head = f"**{name} is the hub.** "
            if rivals.empty:
                comparison = "It is the only Indo-Pacific party in the network."
            else:
                r = st.leaders(rivals["degree"])
                who = _names(ds, r.codes)
                k = int(r.value)
                comparison = (
                    f"The next best-connected Indo-Pacific {'parties' if r.is_tie else 'party'}, {who}, "
                    f"{'each ' if r.is_tie else ''}{text.verb_for(1 if not r.is_tie else 2, 'reaches')} "
                    f"{text.count_words(k, 'European party')}{_pct(k, n_eu)}."
                )
        elif hub in lead.codes:
            others = _names(ds, [c for c in lead.codes if c != hub])
            head = f"**No single hub: {name} ties with {others}.** "
            comparison = f"Each reaches {row['degree']} of the {n_eu} European parties."
        else:
            head = f"**{name} is not the hub here.** "
            r = ip.iloc[0]
            ip_rank = int(ip["degree"].rank(ascending=False, method="min")[hub])
            comparison = (
                f"{_name(ds, r.name, start=True)} reaches more: {r['degree']} of {n_eu}{_pct(r['degree'], n_eu)}; "
                f"{name} ranks {ip_rank} of {n_ip} Indo-Pacific parties by counterparts."
            )
        mine = list(G.neighbors(hub))
        split = _kinds_split(ds, mine, eu.index)
        total_weight = int(table.loc[ip.index, "weighted_degree"].sum())
        parts.append(
            head + f"It is linked to {row['degree']} of the {n_eu} European parties in the network"
            f"{_pct(row['degree'], n_eu)}: {split}. {COUNTERPART_RULE} "
            f"{row['weighted_degree']} of the {total_weight} European–Indo-Pacific party links"
            f"{_pct(row['weighted_degree'], total_weight)} involve it. " + comparison
        )
        only = [e for e in eu.index if set(G.neighbors(e)) == {hub}]
        parts[-1] += (
            f" {name} is the only Indo-Pacific counterpart of {len(only)} of the {n_eu} European parties"
            + _pct(len(only), n_eu)
            + (f": {_names(ds, sorted(only))}." if 0 < len(only) <= 12 else ".")
        )
        parts.append(bridge_summary(ds, G, hub))
    else_bridge = hub not in table.index

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
            f"{via}{_pct(via, len(first))} first linked to the region through an initiative that "
            f"included {name} (for {alone} of them {name} was the only partner), so {name} is "
            f"{verdict} in this data."
        )
        if len(others):
            detail = "; ".join(
                f"{_name(ds, r.Index)} with {_names(ds, r.partners)} in {r.first_year}"
                for r in others.itertuples()
            )
            prose += f" The others first linked elsewhere: {detail}."
        if len(ds.undated):
            b = entry_bounds(ds, hub).set_index("placement")
            early, late = b.loc["undated_early"], b.loc["undated_late"]
            majority = [r["via_hub"] > r["parties"] / 2 for r in (b.loc["as_dated"], early, late)]
            held = ("a majority under either placement" if all(majority) else
                    "a minority under either placement" if not any(majority) else
                    "so whether it is a majority depends on the undated initiatives")
            prose += (
                f" With the {text.count_words(len(ds.undated), 'undated initiative')} all at the earliest "
                f"dated year, {int(early['via_hub'])} of {int(early['parties'])} would have first linked through "
                f"{name}; all at the study's year, {int(late['via_hub'])} of {int(late['parties'])}: {held}."
            )
        parts.append(prose)
    else:
        parts.append(
            f"**Entry point:** no dated European–Indo-Pacific link in this selection ({_span(ds)})."
        )

    missing = undated_only_of(contacts)
    if missing:
        parts.append(
            f"{text.count_words(len(missing), 'European party')} "
            f"({_names(ds, missing)}) {text.verb_for(len(missing), 'has')} only undated links "
            "and no first year."
        )
    if else_bridge:
        parts.append(bridge_summary(ds, G, hub))
    return "\n\n".join(parts)


#: why every FOIP initiative includes Japan: the codebook's rule, not a finding
FOIP_RULE = " (the codebook codes FOIP only with Japan as a party)"


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
        else f"All {n_foip} FOIP initiatives include {name}" + (FOIP_RULE if hub == HUB else "")
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
    name = text.escape_markdown(ds.actor_name(hub))
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
            f"{n_foip} of the {n_all} linking initiatives{_pct(n_foip, n_all)} are FOIP, "
            f"and {n_hub_foip} of those{_pct(n_hub_foip, n_foip)} include {name}"
            + (FOIP_RULE if hub == HUB and n_hub_foip == n_foip else "") + "."
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
