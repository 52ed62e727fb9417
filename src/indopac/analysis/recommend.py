"""Entry points and domains for a European NATO country, scored from the data, with the evidence.

The study ends with advice for Lithuania: enter the Indo-Pacific through Japan
(bilaterally or through NATO), offer cyber security and countering
disinformation, help build the capacity of coastal states, and look at
defence-industry cooperation where Lithuania has something to offer. This
module derives that kind of advice from the dataset, for any European NATO
state, and shows the initiatives behind every number::

    import indopac
    ds = indopac.load()
    rec = recommend(ds, focus="LTU")   # Lithuania's strengths as the study states them
    rec.entry_points.head()        # ranked, one column per weighted component
    rec.domains_data.head()        # the domains from the data alone (no stated strengths)
    rec.evidence("JPN", "strengths")  # the initiatives behind one component
    print(to_markdown(rec))        # the narrative (indopac.findings.recommend)

Stated strengths are an input
-----------------------------
What a country can offer is not in the data: it is *stated*. The study states
Lithuania's (cyber security and countering disinformation, in its concluding
notes); for every other country none is stated. The table of stated strengths is
the ``strengths`` section of ``notebooks/runs.yaml`` (:func:`strengths_table`),
each entry with its ``source``: ``study`` (with the section) or ``user``. A caller
passes ``strengths=[...]`` to state its own (source ``user``), or ``strengths=()``
for none. Every result keeps two rankings side by side: with the stated strengths
(``entry_points``, ``domains``) and from the data alone (``entry_points_data``,
``domains_data``: the same model with no strength stated). With none stated, the
two are the same.

The model
---------
**Candidates.** *Entry points* are (a) every Indo-Pacific state that takes part
in at least one initiative (a *partner*) and (b) every *channel*: an
organisation that takes part in initiatives, either on the European side
(NATO, the EU; a body such as the CCDCOE or the EEAS counts as its parent) and
open to the focus because the focus is a member (NATO from
``actors.nato_member_since``, the EU from ``eu_member_since`` without
``eu_member_until``), or on the Indo-Pacific side (ASEAN, AP4, when the data
list them as a party). A European channel the focus does not belong to is not
scored; it is reported in ``Recommendation.closed_channels``. The initiatives
*of* an entry point are those in which the partner (or the organisation or one
of its bodies) is a party.

**Components of an entry point** (raw value; each initiative id behind it is kept):

- ``reach``: distinct counterparts on the other side, counted as the partner
  network counts them (:mod:`indopac.findings.network`): for a partner, the
  European parties it shares an initiative with (states and organisations, a
  body such as the CCDCOE apart from NATO); for a European channel, the
  Indo-Pacific parties it (or one of its bodies) reaches. Breadth shows a
  partner open to new European contacts.
- ``initiatives``: how many initiatives it has: volume of activity.
- ``centrality``: betweenness centrality in the European–Indo-Pacific partner
  network (:func:`indopac.network.partner_network`). The network links only
  European to Indo-Pacific parties, so an Indo-Pacific party's betweenness
  measures how many European parties it connects, not whether it links
  Indo-Pacific partners to each other; the narrative's "a way to reach" rests
  on co-participation instead (the partner's initiatives that include them).
- ``strengths``: its initiatives in the focus's *stated* strength domains,
  counted once per (initiative, strength domain): where the stated offer meets
  its agenda. An input-driven component: 0 for all when none is stated.
- ``channel``: the focus's existing channel with it: for a partner, the
  initiatives the focus already shares with it; for a European channel,
  membership (the value is 1, the maximum; the evidence is the channel's own
  initiatives, open to every member).
- ``peers``: its initiatives in which at least one of the focus's peers takes
  part: where countries like the focus have already gone.
- ``recency``: its initiatives that started in the last ``RECENT_YEARS`` years
  of the window (of the study, 2019–2023, by default); undated ones do not count.

**Score.** Each raw value is divided by the largest raw value of that component
among the candidates (the leader scores 1; a component no candidate has scores 0
everywhere), multiplied by its weight, and the products are summed::

    score(e) = sum over components c of  weight[c] * raw[c](e) / max over e' of raw[c](e')

**Domains** are scored the same way. Candidates: every domain except the
cross-cutting group ``other`` (political dialogue and information sharing
accompany cooperation in every field, so they are reported, not ranked), plus
any strength. Components: ``domain_strength`` (1 for a stated strength, else 0:
the input), ``domain_demand`` (initiatives coded with the domain, each counted
once however many parties it has: a NATO–AP4 row is one initiative, not four),
``domain_existing`` (the focus's own initiatives in it), ``domain_peers``
(peers' initiatives in it) and ``domain_recency`` (its recent initiatives).

**Default weights and why** (:data:`DEFAULT_WEIGHTS`): connectedness counts
2 in all (``reach`` 1, ``initiatives`` 0.5, ``centrality`` 0.5: the three
measure related things, so each alone counts less); ``strengths`` 1.5 (the
study's logic: engage where your expertise meets the partner's agenda);
``channel`` 1 (build on what exists); ``peers`` 0.5 and ``recency`` 0.5
(useful hints, weaker evidence). For domains, ``domain_strength`` 2 (what the
focus says it can offer comes first, by design: this is why the ranking with
stated strengths is always shown beside the ranking from the data alone),
``domain_demand`` 1, and ``domain_existing``, ``domain_peers`` and
``domain_recency`` 0.5 each.

**Peers.** By default the other European NATO states that joined NATO in the
same enlargement wave as the focus (:data:`ENLARGEMENT_WAVES`, from
``actors.nato_member_since``): the Cold War members (1949–1982), the post-Cold
War enlargement (1999–2020) or the enlargement of 2023–2024. Pass
``peers=[...]`` for a list of your own.

**Ties** are broken by the larger raw initiative count, then by code,
alphabetically. Everything is deterministic: same data and parameters, same
result.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from indopac import text
from indopac.memo import per_dataset
from indopac.params import (
    ParameterError,
    check_recommend_inputs,
    check_stated_strengths,
    check_strengths_table,
)

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


#: entry-point components, in the order they are reported and stacked
ENTRY_COMPONENTS = (
    "reach",
    "initiatives",
    "centrality",
    "strengths",
    "channel",
    "peers",
    "recency",
)


#: domain components, in the order they are reported and stacked
DOMAIN_COMPONENTS = (
    "domain_strength",
    "domain_demand",
    "domain_existing",
    "domain_peers",
    "domain_recency",
)


DEFAULT_WEIGHTS: dict[str, float] = {
    "reach": 1.0,
    "initiatives": 0.5,
    "centrality": 0.5,
    "strengths": 1.5,
    "channel": 1.0,
    "peers": 0.5,
    "recency": 0.5,
    "domain_strength": 2.0,
    "domain_demand": 1.0,
    "domain_existing": 0.5,
    "domain_peers": 0.5,
    "domain_recency": 0.5,
}


#: readable names of the components, for tables, legends and text
COMPONENT_LABELS: dict[str, str] = {
    "reach": "Counterparts",
    "initiatives": "Initiatives",
    "centrality": "Centrality (betweenness)",
    "strengths": "Activity in the stated strengths (input)",
    "channel": "Existing channel",
    "peers": "Peers' cooperation",
    "recency": "Recent activity",
    "domain_strength": "Stated strength (input)",
    "domain_demand": "Initiatives in the domain",
    "domain_existing": "Own activity",
    "domain_peers": "Peers' activity",
    "domain_recency": "Recent activity",
}


#: components whose value comes from the stated strengths, an input, not from the data alone
INPUT_COMPONENTS = ("strengths", "domain_strength")


#: how many years at the end of the window count as recent
RECENT_YEARS = 5


#: membership columns of actors.csv for the European organisations that have one
MEMBERSHIP = {"NATO": ("nato_member_since", None), "EU": ("eu_member_since", "eu_member_until")}


# --- the result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """Ranked entry points and domains for one focus country, with the evidence behind each score.

    - ``entry_points`` / ``domains``: one row per candidate, best first: ``rank``,
      ``code``, ``label``, ``type`` (entry points: partner | channel), ``score``,
      ``n_initiatives`` (the tie-breaker) and one column per component holding its
      weighted contribution (the columns sum to ``score``).
    - ``entry_components`` / ``domain_components``: long, one row per (candidate,
      component): ``raw``, ``value`` (raw / max raw), ``weight``, ``contribution``
      and ``initiative_ids`` (a tuple, sorted).
    - ``closed_channels``: European channels the focus is not a member of
      (``code``, ``label``, ``n_initiatives``, ``reason``).
    - ``dataset``: the (year-filtered) data the scores were computed from;
      ``n_undated_left_out``: undated initiatives a year window removed.
    - ``stated``: the stated strengths, an input, one dict each (``domain``,
      ``source``: study | user, ``section``); ``strengths``: their domain codes.
    - ``entry_points_data`` / ``domains_data`` (and their ``*_components_data``):
      the same rankings from the data alone, with no strength stated.
    """

    focus: str
    strengths: tuple[str, ...]
    peers: tuple[str, ...]
    peer_rule: str
    years: tuple[int | None, int | None] | None
    weights: Mapping[str, float]
    entry_points: pd.DataFrame
    entry_components: pd.DataFrame = field(repr=False)
    domains: pd.DataFrame = field(repr=False)
    domain_components: pd.DataFrame = field(repr=False)
    closed_channels: pd.DataFrame = field(repr=False)
    dataset: Dataset = field(repr=False)
    n_undated_left_out: int = 0
    centrality_measure: str = "betweenness"
    stated: tuple[dict, ...] = ()
    entry_points_data: pd.DataFrame | None = field(default=None, repr=False)
    entry_components_data: pd.DataFrame | None = field(default=None, repr=False)
    domains_data: pd.DataFrame | None = field(default=None, repr=False)
    domain_components_data: pd.DataFrame | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        top = ", ".join(self.entry_points["code"].head(3))
        doms = ", ".join(self.domains["code"].head(3))
        return f"<Recommendation for {self.focus}: entry points {top}; domains {doms}>"

    @property
    def focus_name(self) -> str:
        return self.dataset.actor_name(self.focus)

    def top(self, n: int = 3, which: str = "entry_points") -> list[str]:
        """Codes of the ``n`` best entry points (or ``which="domains"``)."""
        table = which_tables(self, which)[0]
        return table["code"].head(n).tolist()

    def evidence(self, code: str, component: str | None = None) -> pd.DataFrame:
        """The initiatives behind one candidate's score (one component, or all of them).

        Returns initiatives rows (id, title, year, kind, framework, source_section),
        newest first, undated last.
        """
        is_domain = code in set(self.domain_components["code"]) and code not in set(
            self.entry_components["code"]
        )
        comps = self.domain_components if is_domain else self.entry_components
        rows = comps[comps["code"] == code]
        if rows.empty:
            valid = sorted(set(self.entry_components["code"]) | set(self.domain_components["code"]))
            raise ParameterError(
                f"code: {code!r} is not a scored candidate; valid: {', '.join(valid)}"
            )
        if component is not None:
            valid_c = rows["component"].tolist()
            if component not in valid_c:
                raise ParameterError(
                    f"component: {component!r} is not valid; valid: {', '.join(valid_c)}"
                )
            rows = rows[rows["component"] == component]
        ids = sorted({i for t in rows["initiative_ids"] for i in t})
        return initiative_rows(self.dataset, ids)



#: the rankings a Recommendation holds: with the stated strengths, and from the data alone
WHICH = ("entry_points", "domains", "entry_points_data", "domains_data")


def which_tables(rec: Recommendation, which: str) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """(ranked table, long components, component order) of one ranking (:data:`WHICH`)."""
    if which == "entry_points":
        return rec.entry_points, rec.entry_components, ENTRY_COMPONENTS
    if which == "domains":
        return rec.domains, rec.domain_components, DOMAIN_COMPONENTS
    if which == "entry_points_data":
        return rec.entry_points_data, rec.entry_components_data, ENTRY_COMPONENTS
    if which == "domains_data":
        return rec.domains_data, rec.domain_components_data, DOMAIN_COMPONENTS
    raise ParameterError(f"which: {which!r} is not valid; valid: {', '.join(WHICH)}")


# --- peers ----------------------------------------------------------------------------------------


#: NATO's enlargement waves, by accession year: (name, first year, last year)
ENLARGEMENT_WAVES = (
    ("the Cold War years", 1949, 1989),
    ("the post-Cold War enlargement", 1990, 2021),
    ("the enlargement after Russia's full-scale invasion of Ukraine", 2022, 9999),
)


def _wave(year: int) -> tuple[str, int, int]:
    for wave in ENLARGEMENT_WAVES:
        if wave[1] <= year <= wave[2]:
            return wave
    return (f"the accession year {year}", year, year)


def derive_peers(ds: Dataset, focus: str) -> tuple[tuple[str, ...], str]:
    """The default peers of ``focus`` and a phrase saying how they were chosen.

    The other European NATO states that joined NATO in the same enlargement wave
    (:data:`ENLARGEMENT_WAVES`: the Cold War members of 1949–1982; the
    post-Cold War enlargement of 1999–2020; the enlargement of 2023–2024 after
    Russia's full-scale invasion of Ukraine). States that joined in the same wave
    share a security history and, broadly, a starting point in the Indo-Pacific.
    If the wave has no other member, every other European NATO state is a peer.
    """
    a = ds.actors.set_index("code")
    states = ds.european_nato_states()
    since = {c: int(a.at[c, "nato_member_since"]) for c in states}
    name, lo, hi = _wave(since[focus])
    same = sorted(c for c in states if c != focus and lo <= since[c] <= hi)
    if same:
        years = sorted({since[c] for c in [focus, *same]})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        return tuple(same), f"the other European states that joined NATO in {name}, {span}"
    others = sorted(c for c in states if c != focus)
    return tuple(
        others
    ), f"no other European state joined NATO in {name}, so all other European NATO states"


# --- scoring ------------------------------------------------------------------------------------


def root_map(ds: Dataset) -> dict[str, str]:
    a = ds.actors
    parent = a["parent"].astype("object").where(a["parent"].notna(), None)
    return {c: (p if isinstance(p, str) and p else c) for c, p in zip(a["code"], parent)}


def _member_since(ds: Dataset, focus: str, org: str) -> tuple[int | None, str]:
    """(accession year or None, reason) for the focus's membership of a European organisation."""
    a = ds.actors.set_index("code")
    labels = dict(zip(ds.actors["code"], ds.actors["label"]))
    name, who = text.running_name(labels, org), text.running_name(labels, focus)
    if org not in MEMBERSHIP:
        return None, f"{who}'s membership of {name} is not recorded in actors.csv"
    since_col, until_col = MEMBERSHIP[org]
    since = a.at[focus, since_col]
    if pd.isna(since):
        return None, f"{who} is not a member of {name}"
    if until_col is not None and not pd.isna(a.at[focus, until_col]):
        return None, f"{who} left {name} in {int(a.at[focus, until_col])}"
    return int(since), f"member of {name} since {int(since)}"


@per_dataset(copy=dict)  # every focus, and every re-ranking on one dataset, asks for the same network
def _centrality(ds: Dataset) -> dict[str, float]:
    """Betweenness centrality of every node of the partner network (0 for an empty network)."""
    from indopac.analysis import network

    graph = network.partner_network(ds)
    if graph.number_of_nodes() == 0:
        return {}
    table = network.centrality(graph)
    return {str(k): float(v) for k, v in table["betweenness"].items()}


def _grouped(keys, values) -> dict:
    """key -> sorted unique int ``values`` (a numpy array) for each distinct key, in one sort."""

    if len(keys) == 0:
        return {}
    kc, ku = pd.factorize(pd.Series(keys, dtype=object))
    values = np.asarray(values, dtype=np.int64)
    order = np.lexsort((values, kc))
    kc, values = kc[order], values[order]
    keep = np.ones(len(kc), dtype=bool)
    keep[1:] = (kc[1:] != kc[:-1]) | (values[1:] != values[:-1])
    keep &= kc >= 0
    kc, values = kc[keep], values[keep]
    bounds = np.flatnonzero(kc[1:] != kc[:-1]) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(kc)]))
    return {ku[kc[a]]: values[a:b] for a, b in zip(starts, ends) if b > a}


@dataclass(frozen=True)
class _Index:
    """The long tables grouped once, with initiative ids as integer codes in sorted id order.

    Masking the long tables once per candidate, and building Python sets by
    iterating a pandas string array element by element, is what made
    :func:`recommend` slow on large data; here every table is factorised once and
    each candidate's ids are sorted integer arrays (decoded through ``ids``).
    """

    #: every initiative id, sorted; code ``k`` stands for ``ids[k]``
    ids: object
    #: parties: id code, actor, root (an organisation for its bodies), side masks
    p_code: object
    p_actor: object
    p_root: object
    is_eu: object
    is_ip: object
    #: domains: id code and domain code
    d_code: object
    d_domain: object
    #: initiatives: id code
    i_code: object

    @property
    def n(self) -> int:
        return len(self.ids)

    def decode(self, codes) -> list[str]:
        return self.ids[codes].tolist()

    def mask_of_actors(self, actors: Iterable[str]):
        """Boolean array over id codes: initiatives in which any of ``actors`` takes part."""

        out = np.zeros(self.n, dtype=bool)
        wanted = list(actors)
        if wanted and len(self.p_actor):
            hit = pd.Series(self.p_actor, dtype=object).isin(wanted).to_numpy()
            out[self.p_code[hit]] = True
        return out

    def mask_of_domains(self, domains: Iterable[str]):
        """Rows of initiative_domains in one of ``domains`` (boolean array over its rows)."""

        wanted = list(domains)
        if not wanted or not len(self.d_domain):
            return np.zeros(len(self.d_domain), dtype=bool)
        return pd.Series(self.d_domain, dtype=object).isin(wanted).to_numpy()


def _index(ds: Dataset) -> _Index:

    p, d, ini = ds.initiative_parties, ds.initiative_domains, ds.initiatives
    p_id = p["initiative_id"].to_numpy(dtype=object)
    d_id = d["initiative_id"].to_numpy(dtype=object)
    i_id = ini["initiative_id"].to_numpy(dtype=object)
    every = np.concatenate([p_id, d_id, i_id])
    codes, ids = pd.factorize(pd.Series(every, dtype=object), sort=True)
    ids = np.asarray(ids, dtype=object)
    n_p, n_d = len(p_id), len(d_id)
    actor = p["actor"].astype(str).to_numpy(dtype=object)
    side = p["side"].astype(str).to_numpy(dtype=object)
    root = pd.Series(actor, dtype=object).map(root_map(ds)).to_numpy(dtype=object)
    return _Index(
        ids=ids,
        p_code=codes[:n_p],
        p_actor=actor,
        p_root=root,
        is_eu=np.asarray(side == "european", dtype=bool),
        is_ip=np.asarray(side == "indo_pacific", dtype=bool),
        d_code=codes[n_p : n_p + n_d],
        d_domain=d["domain"].astype(str).to_numpy(dtype=object),
        i_code=codes[n_p + n_d :],
    )


def _party_pairs(idx: _Index) -> pd.DataFrame:
    """(code, root, european, actor): a European party (and its root) and an Indo-Pacific actor in one initiative."""
    eu = pd.DataFrame(
        {"code": idx.p_code[idx.is_eu], "root": idx.p_root[idx.is_eu], "european": idx.p_actor[idx.is_eu]}
    )
    ip = pd.DataFrame({"code": idx.p_code[idx.is_ip], "actor": idx.p_actor[idx.is_ip]})
    return eu.merge(ip, on="code")


def counterparts(pairs: pd.DataFrame, by: str, other: str) -> dict[str, list[str]]:
    """``by`` value -> sorted distinct ``other`` values among the pairs."""
    distinct = pairs[[by, other]].drop_duplicates()
    out: dict[str, set] = {}
    for k, v in zip(distinct[by].tolist(), distinct[other].tolist()):
        out.setdefault(k, set()).add(v)
    return {k: sorted(v) for k, v in out.items()}


def _candidates(
    ds: Dataset, focus: str, idx: _Index | None = None, pairs: pd.DataFrame | None = None
) -> tuple[list[dict], list[dict]]:
    """Entry-point candidates (code, type, ids, counterparts) and closed European channels."""
    if idx is None:
        idx = _index(ds)
    if pairs is None:
        pairs = _party_pairs(idx)
    a = ds.actors.set_index("code")
    kind = a["kind"].astype(str)
    ip_ids = _grouped(idx.p_actor[idx.is_ip], idx.p_code[idx.is_ip])
    eu_ids = _grouped(idx.p_root[idx.is_eu], idx.p_code[idx.is_eu])
    # as the partner network counts counterparts: every European party, a body apart from its parent
    eu_of_ip = counterparts(pairs, "actor", "european")
    ip_of_eu = counterparts(pairs, "root", "actor")
    out, closed = [], []
    for code in sorted(ip_ids):
        ids = idx.decode(ip_ids[code])
        typ = "partner" if kind[code] == "state" else "channel"
        out.append(
            {
                "code": code,
                "type": typ,
                "ids": ids,
                "codes": ip_ids[code],
                "counterparts": eu_of_ip.get(code, []),
                "member": None,
            }
        )
    orgs = sorted(r for r in eu_ids if kind.get(r) != "state")
    for org in orgs:
        ids = idx.decode(eu_ids[org])
        since, reason = _member_since(ds, focus, org)
        if since is None:
            closed.append(
                {
                    "code": org,
                    "label": ds.actor_name(org),
                    "n_initiatives": len(ids),
                    "reason": reason,
                }
            )
            continue
        out.append(
            {
                "code": org,
                "type": "channel",
                "ids": ids,
                "codes": eu_ids[org],
                "counterparts": ip_of_eu.get(org, []),
                "member": since,
            }
        )
    return out, closed


def _nodes_of(ds: Dataset, code: str, root: Mapping[str, str] | None = None) -> list[str]:
    """The network nodes that stand for a candidate: itself and, for an organisation, its bodies."""
    if root is None:
        root = root_map(ds)
    return sorted(c for c, r in root.items() if r == code)


def _normalise(long: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    top = long.groupby("component", sort=False)["raw"].transform("max")
    value = (long["raw"] / top.where(top > 0)).fillna(0.0)
    # a component given directly as a share (membership) keeps its value
    value = value.where(long["fixed"].isna(), long["fixed"])
    long = long.assign(value=value.astype(float))
    long["weight"] = long["component"].map(weights).astype(float)
    long["contribution"] = long["value"] * long["weight"]
    return long


def _matrix(long: pd.DataFrame, order: Sequence[str]):
    """(codes, meta rows, value matrix) from long components: value = raw / column max, or the fixed value."""

    codes = list(dict.fromkeys(long["code"]))
    ci = {c: i for i, c in enumerate(codes)}
    ki = {k: j for j, k in enumerate(order)}
    raw = np.zeros((len(codes), len(order)))
    fixed = np.full_like(raw, np.nan)
    for code, comp, r, f in zip(long["code"], long["component"], long["raw"], long["fixed"]):
        raw[ci[code], ki[comp]] = r
        if f is not None and not (isinstance(f, float) and math.isnan(f)):
            fixed[ci[code], ki[comp]] = f
    top = raw.max(axis=0) if len(codes) else np.zeros(len(order))
    value = np.divide(raw, top, out=np.zeros_like(raw), where=top > 0)
    value = np.where(np.isnan(fixed), value, fixed)
    meta = (
        long.drop_duplicates("code")
        .set_index("code")
        .loc[codes, ["label", "type", "n_initiatives"]]
    )
    return codes, meta, value


def rank(
    components: pd.DataFrame, weights: Mapping[str, float], order: Sequence[str]
) -> pd.DataFrame:
    """Wide, ranked table from long components (values recomputed, contributions for ``weights``).

    Score = sum of weight x value; ties: larger ``n_initiatives``, then code alphabetically.
    """
    return ranker(components, order)(weights)


def ranker(components: pd.DataFrame, order: Sequence[str]):
    """``weights -> rank(components, weights, order)``, with the value matrix built once.

    The robustness checks re-rank one table under some twenty sets of weights.
    """
    matrix = _matrix(components, order)
    return lambda weights: _rank_matrix(*matrix, weights, order)


def _rank_matrix(codes, meta, value, weights: Mapping[str, float], order: Sequence[str]) -> pd.DataFrame:
    w = np.array([float(weights[k]) for k in order])
    contrib = value * w
    score = contrib.sum(axis=1)
    n = meta["n_initiatives"].to_numpy()
    idx = sorted(
        range(len(codes)), key=lambda i: (-round(float(score[i]), 9), -int(n[i]), codes[i])
    )
    wide = pd.DataFrame(contrib[idx], columns=list(order))
    wide.insert(0, "rank", range(1, len(codes) + 1))
    wide.insert(1, "code", [codes[i] for i in idx])
    wide.insert(2, "label", meta["label"].to_numpy()[idx] if codes else [])
    wide.insert(3, "type", meta["type"].to_numpy()[idx] if codes else [])
    wide.insert(4, "score", score[idx])
    wide.insert(5, "n_initiatives", n[idx].astype(int) if codes else [])
    return wide


def _recent_mask(idx: _Index, ds: Dataset, years):
    """Boolean array over id codes: initiatives that started in the last RECENT_YEARS years."""

    ini = ds.initiatives
    end = years[1] if years and years[1] is not None else ds.coverage_end
    y = ini["year"]
    keep = ((y >= end - RECENT_YEARS + 1) & (y <= end)).fillna(False).astype(bool).to_numpy()
    out = np.zeros(idx.n, dtype=bool)
    out[idx.i_code[keep]] = True
    return out


def _entry_components(
    ds, focus, strengths, peers, years, idx: _Index | None = None, pairs: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[dict]]:

    if idx is None:
        idx = _index(ds)
    if pairs is None:
        pairs = _party_pairs(idx)
    cands, closed = _candidates(ds, focus, idx, pairs)
    is_focus = idx.mask_of_actors([focus])
    is_peer = idx.mask_of_actors(peers)
    # rows of initiative_domains in a strength domain, per initiative
    strength_rows = np.bincount(idx.d_code[idx.mask_of_domains(strengths)], minlength=idx.n)
    is_recent = _recent_mask(idx, ds, years)
    central = _centrality(ds) if cands else {}
    root = root_map(ds)
    labels = ds.actors.set_index("code")["label"]
    rows = []
    for c in cands:
        ids, codes = c["ids"], c["codes"]
        in_strength = strength_rows[codes]
        shared = idx.decode(codes[is_focus[codes]])
        peer = idx.decode(codes[is_peer[codes]])
        recent = idx.decode(codes[is_recent[codes]])
        base = {
            "code": c["code"],
            "label": str(labels.get(c["code"], c["code"])),
            "type": c["type"],
            "n_initiatives": len(ids),
        }
        member = c["member"]
        comp = {
            "reach": (len(c["counterparts"]), ids, None),
            "initiatives": (len(ids), ids, None),
            "centrality": (
                max((central.get(n, 0.0) for n in _nodes_of(ds, c["code"], root)), default=0.0),
                ids,
                None,
            ),
            "strengths": (int(in_strength.sum()), idx.decode(codes[in_strength > 0]), None),
            "channel": ((1.0, ids, 1.0) if member is not None else (len(shared), shared, None)),
            "peers": (len(peer), peer, None),
            "recency": (len(recent), recent, None),
        }
        for name in ENTRY_COMPONENTS:
            raw, evidence, fixed = comp[name]
            rows.append(
                {
                    **base,
                    "component": name,
                    "raw": float(raw),
                    "fixed": fixed,
                    "initiative_ids": tuple(evidence),
                }
            )
    cols = ["code", "label", "type", "n_initiatives", "component", "raw", "fixed", "initiative_ids"]
    return pd.DataFrame(rows, columns=cols), closed


def _domain_components(
    ds, focus, strengths, peers, years, idx: _Index | None = None, pairs: pd.DataFrame | None = None
) -> pd.DataFrame:

    if idx is None:
        idx = _index(ds)
    if pairs is None:
        pairs = _party_pairs(idx)
    is_focus = idx.mask_of_actors([focus])
    is_peer = idx.mask_of_actors(peers)
    is_recent = _recent_mask(idx, ds, years)
    doms = ds.domains
    codes = [
        c for c, g in zip(doms["code"], doms["group"].astype(str)) if g != "other" or c in strengths
    ]
    label = dict(zip(doms["code"], doms["label"]))
    group = dict(zip(doms["code"], doms["group"].astype(str)))
    keep = idx.mask_of_domains(codes)
    by_domain = _grouped(idx.d_domain[keep], idx.d_code[keep])
    none = np.zeros(0, dtype=np.int64)
    rows = []
    for code in codes:
        dcodes = by_domain.get(code, none)
        ids = idx.decode(dcodes)
        own = idx.decode(dcodes[is_focus[dcodes]])
        peer = idx.decode(dcodes[is_peer[dcodes]])
        recent = idx.decode(dcodes[is_recent[dcodes]])
        base = {"code": code, "label": label[code], "type": group[code], "n_initiatives": len(ids)}
        comp = {
            "domain_strength": (1.0 if code in strengths else 0.0, own),
            "domain_demand": (len(ids), ids),
            "domain_existing": (len(own), own),
            "domain_peers": (len(peer), peer),
            "domain_recency": (len(recent), recent),
        }
        for name in DOMAIN_COMPONENTS:
            raw, evidence = comp[name]
            rows.append(
                {
                    **base,
                    "component": name,
                    "raw": float(raw),
                    "fixed": None,
                    "initiative_ids": tuple(evidence),
                }
            )
    cols = ["code", "label", "type", "n_initiatives", "component", "raw", "fixed", "initiative_ids"]
    return pd.DataFrame(rows, columns=cols)


def _finish(long: pd.DataFrame, weights: Mapping[str, float], order: Sequence[str]) -> pd.DataFrame:
    long = _normalise(long, weights)
    return long[
        [
            "code",
            "label",
            "type",
            "component",
            "raw",
            "value",
            "weight",
            "contribution",
            "initiative_ids",
            "n_initiatives",
            "fixed",
        ]
    ].reset_index(drop=True)


# --- stated strengths ------------------------------------------------------------------------------


def strengths_table(ds: Dataset, path: Path | str | None = None) -> dict[str, tuple[dict, ...]]:
    """The table of stated strengths: ``{ISO3: ({"domain", "source", "section"}, ...)}``, checked.

    Read from the ``strengths`` section of ``path`` (default: the project's
    ``notebooks/runs.yaml``, which is part of every build key, so a changed strength
    reruns the runs it affects). A missing file or section means none stated.
    """
    import yaml

    from indopac.layout import NOTEBOOKS_DIR

    path = Path(path) if path is not None else NOTEBOOKS_DIR / "runs.yaml"
    if not path.is_file():
        return {}
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return check_strengths_table(ds, doc.get("strengths") if isinstance(doc, dict) else None,
                                 where=f"{path.name} strengths")


def stated_strengths(ds: Dataset, focus: str, strengths=None) -> tuple[dict, ...]:
    """The stated strengths of ``focus``: ``strengths`` if given (a list of domain codes is
    source ``user``; ``()`` is none), else the table's entry for it (none if none stated)."""
    if strengths is None:
        return strengths_table(ds).get(focus, ())
    return check_stated_strengths(ds, strengths)


# --- the recommendation -----------------------------------------------------------------------------


def _ranked(sub, focus, codes, peer_list, years, weights, idx, pairs):
    """(entry long, closed channels, domain long) scored with ``codes`` as the strengths."""
    entry_long, closed = _entry_components(sub, focus, codes, peer_list, years, idx, pairs)
    domain_long = _domain_components(sub, focus, codes, peer_list, years, idx, pairs)
    return entry_long, closed, domain_long


class _Inputs(NamedTuple):
    """A recommendation's inputs, checked and resolved, and the indexes its scores are computed from."""

    focus: str
    years: tuple[int | None, int | None] | None
    weights: dict[str, float]
    stated: tuple[dict, ...]  # the stated strengths, with their sources
    codes: tuple[str, ...]  # their domain codes
    peers: list[str]
    peer_rule: str
    sub: Dataset  # the data in the year window
    idx: _Index
    pairs: pd.DataFrame


def _inputs(ds, focus, strengths, peers, years, weights) -> _Inputs:
    """Every input checked and resolved: what :func:`recommend` and :func:`entry_ranking` share."""
    checked = check_recommend_inputs(ds, focus, peers, years, weights, default_weights=DEFAULT_WEIGHTS)
    focus, years, weights = checked["focus"], checked["years"], checked["weights"]
    stated = stated_strengths(ds, focus, strengths)
    codes = tuple(e["domain"] for e in stated)
    if checked["peers"] is None:
        peer_list, rule = derive_peers(ds, focus)
    else:
        peer_list, rule = checked["peers"], "given by the user"
    sub = ds.filter(years=years) if years is not None else ds
    idx = _index(sub)
    return _Inputs(focus, years, weights, stated, codes, peer_list, rule, sub, idx, _party_pairs(idx))


def entry_ranking(
    ds: Dataset,
    focus: str = "LTU",
    strengths=None,
    peers: Iterable[str] | None = None,
    years: tuple[int | None, int | None] | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """``recommend(...).entry_points`` alone (same arguments, same table), without the rest.

    The robustness checks re-rank once per study section and read only the entry points;
    the domains, the component tables and the ranking from the data alone would be a
    waste of most of the time.
    """
    i = _inputs(ds, focus, strengths, peers, years, weights)
    entry_long, _closed = _entry_components(i.sub, i.focus, i.codes, i.peers, i.years, i.idx, i.pairs)
    return rank(entry_long, i.weights, ENTRY_COMPONENTS)


def recommend(
    ds: Dataset,
    focus: str = "LTU",
    strengths=None,
    peers: Iterable[str] | None = None,
    years: tuple[int | None, int | None] | None = None,
    weights: Mapping[str, float] | None = None,
) -> Recommendation:
    """Score entry points and domains for ``focus`` (see the module docstring for the model).

    ``strengths``: None for the stated strengths of the focus in the strengths table
    (:func:`strengths_table`; none if none is stated), or a list of domain codes (stated
    by the user), or entries with a source (see :func:`indopac.params.check_stated_strengths`);
    ``()`` for none. ``peers``: European NATO states to compare with (None: the same NATO
    enlargement wave, see :func:`derive_peers`). ``years``: ``(start, end)``, inclusive,
    either end None; a window drops undated initiatives. ``weights``: any of
    :data:`DEFAULT_WEIGHTS` to override. Every input is checked first; a bad one
    raises :class:`indopac.ParameterError` naming the valid values.
    """
    focus, years, weights, stated, codes, peer_list, rule, sub, idx, pairs = _inputs(
        ds, focus, strengths, peers, years, weights)  # every field, all used below
    n_left_out = len(ds.undated) if years is not None else 0
    entry_long, closed, domain_long = _ranked(sub, focus, codes, peer_list, years, weights, idx, pairs)
    if codes:
        entry_data, _closed, domain_data = _ranked(sub, focus, (), peer_list, years, weights, idx, pairs)
    else:
        entry_data, domain_data = entry_long, domain_long
    return Recommendation(
        focus=focus,
        strengths=codes,
        peers=tuple(peer_list),
        peer_rule=rule,
        years=years,
        weights=weights,
        entry_points=rank(entry_long, weights, ENTRY_COMPONENTS),
        entry_components=_finish(entry_long, weights, ENTRY_COMPONENTS),
        domains=rank(domain_long, weights, DOMAIN_COMPONENTS),
        domain_components=_finish(domain_long, weights, DOMAIN_COMPONENTS),
        closed_channels=pd.DataFrame(closed, columns=["code", "label", "n_initiatives", "reason"]),
        dataset=sub,
        n_undated_left_out=n_left_out,
        stated=stated,
        entry_points_data=rank(entry_data, weights, ENTRY_COMPONENTS),
        entry_components_data=_finish(entry_data, weights, ENTRY_COMPONENTS),
        domains_data=rank(domain_data, weights, DOMAIN_COMPONENTS),
        domain_components_data=_finish(domain_data, weights, DOMAIN_COMPONENTS),
    )


# --- where the focus stands ----------------------------------------------------------------------


def standing(rec: Recommendation) -> pd.DataFrame:
    """Initiatives of the focus and of each peer, by Indo-Pacific partner (long; zero rows kept).

    Columns: ``country``, ``role`` (focus | peer), ``partner`` (a partner's code,
    or ``"(none)"`` for a country with no initiative), ``initiatives``.
    Countries are ordered focus first, then peers by total, descending, then code.
    """
    ds = rec.dataset
    p = ds.initiative_parties.assign(
        actor=lambda f: f["actor"].astype(str), side=lambda f: f["side"].astype(str)
    )
    ip = p[p["side"] == "indo_pacific"][["initiative_id", "actor"]].rename(
        columns={"actor": "partner"}
    )
    rows = []
    for country in (rec.focus, *rec.peers):
        ids = set(p.loc[p["actor"] == country, "initiative_id"])
        counts = ip[ip["initiative_id"].isin(ids)].groupby("partner").size()
        role = "focus" if country == rec.focus else "peer"
        if counts.empty:
            rows.append({"country": country, "role": role, "partner": "(none)", "initiatives": 0})
        for partner, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            rows.append(
                {"country": country, "role": role, "partner": partner, "initiatives": int(k)}
            )
    out = pd.DataFrame(rows, columns=["country", "role", "partner", "initiatives"])
    totals = {c: len(set(p.loc[p["actor"] == c, "initiative_id"])) for c in (rec.focus, *rec.peers)}
    order = [rec.focus, *sorted(rec.peers, key=lambda c: (-totals[c], c))]
    out["_o"] = out["country"].map({c: i for i, c in enumerate(order)})
    out = out.sort_values(["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)
    out.attrs["totals"] = totals
    return out


# --- tables and finished figures for the notebook ----------------------------------------------------


def weights_table(rec: Recommendation) -> pd.DataFrame:
    """The weights used, one row per component: what it scores, its label, weight and the default."""
    rows = [
        {
            "scores": "entry points" if name in ENTRY_COMPONENTS else "domains",
            "component": name,
            "label": COMPONENT_LABELS[name],
            "weight": float(rec.weights[name]),
            "default": DEFAULT_WEIGHTS[name],
        }
        for name in DEFAULT_WEIGHTS
    ]
    return pd.DataFrame(rows)


def raw_table(
    rec: Recommendation, which: str = "entry_points", n: int | None = None
) -> pd.DataFrame:
    """Ranked candidates with the raw value of each component (what the reader can check)."""
    table, long, order = which_tables(rec, which)
    raw = long.set_index(["code", "component"])["raw"].unstack("component")[list(order)]
    out = table[["rank", "code", "label", "type", "score"]].join(raw, on="code")
    out = out.rename(columns={c: COMPONENT_LABELS[c] for c in order})
    return (out if n is None else out.head(n)).reset_index(drop=True)


# --- writing ---------------------------------------------------------------------------------------


# --- narrative ---------------------------------------------------------------------------------------


def initiative_rows(ds: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    ini = ds.initiatives
    rows = ini[ini["initiative_id"].isin(set(ids))]
    rows = rows.assign(_undated=rows["year"].isna(), _y=rows["year"].fillna(0).astype(int))
    rows = rows.sort_values(["_undated", "_y", "initiative_id"], ascending=[True, False, True])
    cols = ["initiative_id", "title", "year", "kind", "framework", "source_id", "source_section"]
    return rows[cols].reset_index(drop=True)
