"""Entry points and domains for a European NATO country, scored from the data, with the evidence.

The study ends with advice for Lithuania: enter the Indo-Pacific through Japan
(bilaterally or through NATO), offer cyber security and countering
disinformation, help build the capacity of coastal states, and look at
defence-industry cooperation where Lithuania has something to offer. This
module derives that kind of advice from the dataset, for any European NATO
state, and shows the initiatives behind every number::

    import indopac
    ds = indopac.load()
    rec = indopac.recommend.recommend(ds, focus="LTU", strengths=("cyber", "disinformation"))
    rec.entry_points.head()        # ranked, one column per weighted component
    rec.evidence("JPN", "strengths")  # the initiatives behind one component
    print(rec.to_markdown())       # the narrative, with citations

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

- ``reach``: distinct counterparts on the other side: for a partner, the
  European states and organisations it works with; for a channel, the partners
  (or European parties) it reaches. Breadth shows a partner open to new
  European contacts.
- ``initiatives``: how many initiatives it has: volume of activity.
- ``centrality``: betweenness centrality in the European–Indo-Pacific partner
  network (:func:`indopac.network.partner_network`): how much of a bridge it
  is to the other partners.
- ``strengths``: its initiatives in the focus's strength domains, counted once
  per (initiative, strength domain): where the focus's offer meets its agenda.
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
any strength. Components: ``domain_strength`` (1 for a stated strength, else 0),
``domain_demand`` (distinct European–Indo-Pacific partnerships, i.e. pairs
of parties, with an initiative in the domain: how widely partners have sought
it, so that one busy pair does not outweigh many),
``domain_existing`` (the focus's own initiatives in it), ``domain_peers``
(peers' initiatives in it) and ``domain_recency`` (its recent initiatives).

**Default weights and why** (:data:`DEFAULT_WEIGHTS`): connectedness counts
2 in all (``reach`` 1, ``initiatives`` 0.5, ``centrality`` 0.5: the three
measure related things, so each alone counts less); ``strengths`` 1.5 (the
study's logic: engage where your expertise meets the partner's agenda);
``channel`` 1 (build on what exists); ``peers`` 0.5 and ``recency`` 0.5
(useful hints, weaker evidence). For domains, ``domain_strength`` 2 (a stated
strength that partners have asked for comes first: it is what the focus can
offer), ``domain_demand`` 1, and ``domain_existing``, ``domain_peers`` and
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
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indopac.files import write_text_atomic
from indopac.params import (
    ParameterError,
    check_domains,
    check_focus,
    check_non_negative,
    check_years,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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
    "centrality": "Bridge (centrality)",
    "strengths": "Activity in the strengths",
    "channel": "Existing channel",
    "peers": "Peers' cooperation",
    "recency": "Recent activity",
    "domain_strength": "Stated strength",
    "domain_demand": "Partner demand",
    "domain_existing": "Own activity",
    "domain_peers": "Peers' activity",
    "domain_recency": "Recent activity",
}

#: how many years at the end of the window count as recent
RECENT_YEARS = 5

#: membership columns of actors.csv for the European organisations that have one
_MEMBERSHIP = {"NATO": ("nato_member_since", None), "EU": ("eu_member_since", "eu_member_until")}

#: parties whose name takes "the" in running text
_WITH_ARTICLE = {"GBR", "NLD", "PHL", "USA", "EU", "UN", "EEAS"}

#: how the kind of an initiative reads in a sentence ("an existing ... with Japan")
_KIND_WORDS = {
    "agreement": ("agreement", "agreements"),
    "declaration": ("declaration", "declarations"),
    "dialogue": ("dialogue", "dialogues"),
    "ministerial_meeting": ("ministerial meeting", "ministerial meetings"),
    "summit": ("summit", "summits"),
    "conference": ("conference", "conferences"),
    "exercise": ("exercise", "exercises"),
    "deployment": ("deployment", "deployments"),
    "operation": ("operation", "operations"),
    "facility": ("facility", "facilities"),
    "industrial_project": ("industrial project", "industrial projects"),
    "procurement": ("procurement relationship", "procurement relationships"),
    "assistance": ("assistance programme", "assistance programmes"),
}


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

    def __repr__(self) -> str:
        top = ", ".join(self.entry_points["code"].head(3))
        doms = ", ".join(self.domains["code"].head(3))
        return f"<Recommendation for {self.focus}: entry points {top}; domains {doms}>"

    @property
    def focus_name(self) -> str:
        return self.dataset.actor_name(self.focus)

    def top(self, n: int = 3, which: str = "entry_points") -> list[str]:
        """Codes of the ``n`` best entry points (or ``which="domains"``)."""
        table = _which(self, which)[0]
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
        return _initiative_rows(self.dataset, ids)

    def to_markdown(self) -> str:
        """The narrative: numbered recommendations with reasons, computed numbers and citations."""
        return _Narrative(self).render()

    def write_markdown(self, path: Path | str) -> Path:
        """Write :meth:`to_markdown` to ``path`` (UTF-8, ``\\n`` line ends), atomically; return the path."""
        return write_text_atomic(path, self.to_markdown())


def _which(rec: Recommendation, which: str) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    if which == "entry_points":
        return rec.entry_points, rec.entry_components, ENTRY_COMPONENTS
    if which == "domains":
        return rec.domains, rec.domain_components, DOMAIN_COMPONENTS
    raise ParameterError(f"which: {which!r} is not valid; valid: entry_points, domains")


# --- validation -------------------------------------------------------------------------------


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """The default weights updated with ``weights``; unknown names and negative values are errors."""
    merged = dict(DEFAULT_WEIGHTS)
    if weights is None:
        return merged
    if not isinstance(weights, Mapping):
        raise ParameterError(
            f"weights: {weights!r} is not valid; valid: None or a mapping of weight names to numbers >= 0 "
            f"(names: {', '.join(DEFAULT_WEIGHTS)})"
        )
    unknown = [k for k in weights if k not in DEFAULT_WEIGHTS]
    if unknown:
        raise ParameterError(
            f"weights: {', '.join(map(repr, unknown))} not a weight name; valid: {', '.join(DEFAULT_WEIGHTS)}"
        )
    for name, value in weights.items():
        merged[name] = float(check_non_negative(f"weights[{name!r}]", value))
    return merged


def check_strengths(ds: Dataset, strengths: Iterable[str] | None) -> tuple[str, ...]:
    """Strength domains: at least one code from domains.csv, duplicates dropped, order kept."""
    valid = ds.domains["code"].tolist()
    if strengths is None or (not isinstance(strengths, str) and not list(strengths)):
        raise ParameterError(f"strengths: give at least one domain code; valid: {', '.join(valid)}")
    checked = check_domains(ds, strengths, "strengths") or []
    return tuple(dict.fromkeys(checked))


def check_peers(ds: Dataset, focus: str, peers: Iterable[str] | None) -> tuple[str, ...] | None:
    """A user list of peers: European NATO states other than the focus (None: derive them)."""
    if peers is None:
        return None
    if isinstance(peers, str):
        peers = [peers]
    peers = list(dict.fromkeys(peers))
    for p in peers:
        check_focus(ds, p, name="peers")
    if focus in peers:
        raise ParameterError(
            f"peers: {focus!r} is the focus itself; valid: other European NATO states"
        )
    return tuple(peers)


def check_window(ds: Dataset, years) -> tuple[int | None, int | None] | None:
    """A ``(start, end)`` year window (either may be None), or None for all initiatives, undated included."""
    if years is None:
        return None
    if isinstance(years, (str, bytes)) or not isinstance(years, Sequence) or len(years) != 2:
        raise ParameterError(
            f"years: {years!r} is not valid; valid: None or (year_start, year_end)"
        )
    start, end = check_years(ds, years[0], years[1])
    return None if start is None and end is None else (start, end)


def check_recommend_params(
    ds: Dataset,
    focus="LTU",
    strengths=("cyber", "disinformation"),
    peers=None,
    years=None,
    weights=None,
) -> dict:
    """Validate every :func:`recommend` input; return them normalised. Raises :class:`ParameterError`."""
    focus = check_focus(ds, focus)
    return {
        "focus": focus,
        "strengths": check_strengths(ds, strengths),
        "peers": check_peers(ds, focus, peers),
        "years": check_window(ds, years),
        "weights": check_weights(weights),
    }


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


def _root_map(ds: Dataset) -> dict[str, str]:
    a = ds.actors
    parent = a["parent"].astype("object").where(a["parent"].notna(), None)
    return {c: (p if isinstance(p, str) and p else c) for c, p in zip(a["code"], parent)}


def _running_name(labels: Mapping[str, str], code: str) -> str:
    name = str(labels.get(code, code))
    return f"the {name}" if code in _WITH_ARTICLE else name


def _member_since(ds: Dataset, focus: str, org: str) -> tuple[int | None, str]:
    """(accession year or None, reason) for the focus's membership of a European organisation."""
    a = ds.actors.set_index("code")
    labels = dict(zip(ds.actors["code"], ds.actors["label"]))
    name, who = _running_name(labels, org), _running_name(labels, focus)
    if org not in _MEMBERSHIP:
        return None, f"{who}'s membership of {name} is not recorded in actors.csv"
    since_col, until_col = _MEMBERSHIP[org]
    since = a.at[focus, since_col]
    if pd.isna(since):
        return None, f"{who} is not a member of {name}"
    if until_col is not None and not pd.isna(a.at[focus, until_col]):
        return None, f"{who} left {name} in {int(a.at[focus, until_col])}"
    return int(since), f"member of {name} since {int(since)}"


def _centrality(ds: Dataset) -> dict[str, float]:
    """Betweenness centrality of every node of the partner network (0 for an empty network)."""
    from indopac import network

    graph = network.partner_network(ds)
    if graph.number_of_nodes() == 0:
        return {}
    table = network.centrality(graph)
    if "node" in table.columns:
        table = table.set_index("node")
    return {str(k): float(v) for k, v in table["betweenness"].items()}


def _grouped(keys, values) -> dict:
    """key -> sorted unique int ``values`` (a numpy array) for each distinct key, in one sort."""
    import numpy as np

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
        import numpy as np

        out = np.zeros(self.n, dtype=bool)
        wanted = list(actors)
        if wanted and len(self.p_actor):
            hit = pd.Series(self.p_actor, dtype=object).isin(wanted).to_numpy()
            out[self.p_code[hit]] = True
        return out

    def mask_of_domains(self, domains: Iterable[str]):
        """Rows of initiative_domains in one of ``domains`` (boolean array over its rows)."""
        import numpy as np

        wanted = list(domains)
        if not wanted or not len(self.d_domain):
            return np.zeros(len(self.d_domain), dtype=bool)
        return pd.Series(self.d_domain, dtype=object).isin(wanted).to_numpy()


def _index(ds: Dataset) -> _Index:
    import numpy as np

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
    root = pd.Series(actor, dtype=object).map(_root_map(ds)).to_numpy(dtype=object)
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
    """(code, root, actor): a European root and an Indo-Pacific actor in the same initiative."""
    eu = pd.DataFrame({"code": idx.p_code[idx.is_eu], "root": idx.p_root[idx.is_eu]})
    ip = pd.DataFrame({"code": idx.p_code[idx.is_ip], "actor": idx.p_actor[idx.is_ip]})
    return eu.merge(ip, on="code")


def _counterparts(pairs: pd.DataFrame, by: str, other: str) -> dict[str, list[str]]:
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
    eu_of_ip = _counterparts(pairs, "actor", "root")
    ip_of_eu = _counterparts(pairs, "root", "actor")
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
        root = _root_map(ds)
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
    import numpy as np

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
    import numpy as np

    codes, meta, value = _matrix(components, order)
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


def _recent_ids(ds: Dataset, years) -> set[str]:
    ini = ds.initiatives
    end = years[1] if years and years[1] is not None else ds.study_year
    y = ini["year"]
    keep = (y >= end - RECENT_YEARS + 1) & (y <= end)
    keep = keep.fillna(False).astype(bool).to_numpy()
    return set(ini["initiative_id"].to_numpy(dtype=object)[keep].tolist())


def _recent_mask(idx: _Index, ds: Dataset, years):
    """Boolean array over id codes: initiatives that started in the last RECENT_YEARS years."""
    import numpy as np

    ini = ds.initiatives
    end = years[1] if years and years[1] is not None else ds.study_year
    y = ini["year"]
    keep = ((y >= end - RECENT_YEARS + 1) & (y <= end)).fillna(False).astype(bool).to_numpy()
    out = np.zeros(idx.n, dtype=bool)
    out[idx.i_code[keep]] = True
    return out


def _entry_components(
    ds, focus, strengths, peers, years, idx: _Index | None = None, pairs: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[dict]]:
    import numpy as np

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
    root = _root_map(ds)
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


def _domain_partnerships(idx: _Index, pairs: pd.DataFrame, codes: Sequence[str]) -> dict[str, int]:
    """domain code -> distinct (European root, Indo-Pacific actor) pairs with an initiative in it."""
    import numpy as np

    keep = idx.mask_of_domains(codes)
    dom = pd.DataFrame({"code": idx.d_code[keep], "domain": idx.d_domain[keep]})
    if dom.empty or pairs.empty:
        return {}
    dc, du = pd.factorize(dom["domain"])
    rc, _ = pd.factorize(pairs["root"])
    ac, _ = pd.factorize(pairs["actor"])
    n_r, n_a = int(rc.max()) + 1, int(ac.max()) + 1
    left = pd.DataFrame({"code": dom["code"].to_numpy(), "d": dc})
    right = pd.DataFrame({"code": pairs["code"].to_numpy(), "ra": rc.astype(np.int64) * n_a + ac})
    per = left.merge(right, on="code")
    key = np.unique(per["d"].to_numpy(dtype=np.int64) * (n_r * n_a) + per["ra"].to_numpy())
    counts = np.bincount(key // (n_r * n_a), minlength=len(du))
    return {str(du[k]): int(counts[k]) for k in range(len(du))}


def _domain_components(
    ds, focus, strengths, peers, years, idx: _Index | None = None, pairs: pd.DataFrame | None = None
) -> pd.DataFrame:
    import numpy as np

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
    demand = _domain_partnerships(idx, pairs, codes)
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
            "domain_demand": (demand.get(code, 0), ids),
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


def recommend(
    ds: Dataset,
    focus: str = "LTU",
    strengths: Iterable[str] = ("cyber", "disinformation"),
    peers: Iterable[str] | None = None,
    years: tuple[int | None, int | None] | None = None,
    weights: Mapping[str, float] | None = None,
) -> Recommendation:
    """Score entry points and domains for ``focus`` (see the module docstring for the model).

    ``strengths``: domain codes the focus can offer. ``peers``: European NATO
    states to compare with (None: the same NATO enlargement round, see
    :func:`derive_peers`). ``years``: ``(start, end)``, inclusive, either end
    None; a window drops undated initiatives. ``weights``: any of
    :data:`DEFAULT_WEIGHTS` to override. Every input is checked first; a bad one
    raises :class:`indopac.ParameterError` naming the valid values.
    """
    checked = check_recommend_params(ds, focus, strengths, peers, years, weights)
    focus, strengths, years, weights = (
        checked["focus"],
        checked["strengths"],
        checked["years"],
        checked["weights"],
    )
    if checked["peers"] is None:
        peer_list, rule = derive_peers(ds, focus)
    else:
        peer_list, rule = checked["peers"], "given by the user"
    sub = ds.filter(years=years) if years is not None else ds
    n_left_out = len(ds.undated) if years is not None else 0
    idx = _index(sub)
    pairs = _party_pairs(idx)
    entry_long, closed = _entry_components(sub, focus, strengths, peer_list, years, idx, pairs)
    domain_long = _domain_components(sub, focus, strengths, peer_list, years, idx, pairs)
    return Recommendation(
        focus=focus,
        strengths=strengths,
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
    )


# --- sensitivity -------------------------------------------------------------------------------


def sensitivity(
    rec: Recommendation,
    factors: Sequence[float] = (0.5, 1.5),
    which: str = "entry_points",
    n: int = 3,
) -> pd.DataFrame:
    """Re-rank with each weight multiplied by each factor in turn (the others unchanged).

    One row per (weight, factor), after a first row for the weights as given:
    ``weight``, ``factor``, ``top1``, ``top_n`` (codes, best first, ";"-joined),
    ``same_top1`` and ``same_top_n`` (the same set as with the weights as given),
    and ``ranks``: a dict of every candidate's rank.
    """
    for f in factors:
        check_non_negative("factors", f)
    _table, long, order = _which(rec, which)
    base = rank(long, rec.weights, order)
    base_top = base["code"].head(n).tolist()

    def row(weight, factor, ranked):
        top = ranked["code"].head(n).tolist()
        return {
            "weight": weight,
            "factor": factor,
            "top1": top[0] if top else "",
            "top_n": ";".join(top),
            "same_top1": (top[:1] == base_top[:1]),
            "same_top_n": set(top) == set(base_top),
            "ranks": dict(zip(ranked["code"], ranked["rank"])),
        }

    rows = [row("(as given)", 1.0, base)]
    for name in order:
        for f in factors:
            w = dict(rec.weights)
            w[name] = w[name] * f
            rows.append(row(name, float(f), rank(long, w, order)))
    return pd.DataFrame(rows)


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


# --- charts -------------------------------------------------------------------------------------


def _component_colours() -> dict[str, str]:
    from indopac.plots import OKABE_ITO

    e = ["blue", "sky_blue", "purple", "vermillion", "orange", "green", "grey"]
    d = ["vermillion", "blue", "orange", "green", "grey"]
    out = {c: OKABE_ITO[k] for c, k in zip(ENTRY_COMPONENTS, e)}
    out.update({c: OKABE_ITO[k] for c, k in zip(DOMAIN_COMPONENTS, d)})
    return out


def plot_components(
    rec: Recommendation, which: str = "entry_points", n: int = 10, ax: Axes | None = None
) -> Axes:
    """Horizontal stacked bars: each candidate's score split into its weighted components, best on top."""
    import matplotlib.pyplot as plt

    from indopac import plots

    table, _long, order = _which(rec, which)
    table = table.head(n).iloc[::-1]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.42 * len(table) + 1.6))
    colours = _component_colours()
    left = pd.Series(0.0, index=table.index)
    for comp in order:
        vals = table[comp]
        if (vals > 0).any() or rec.weights.get(comp, 0) > 0:
            ax.barh(
                table["label"],
                vals,
                left=left,
                color=colours[comp],
                label=COMPONENT_LABELS[comp],
                edgecolor="white",
                linewidth=0.6,
            )
        left = left + vals
    for y, (score, label) in enumerate(zip(table["score"], table["label"])):
        ax.text(score, y, f" {score:.2f}", va="center", ha="left", fontsize=9, color=plots.INK)
    ax.set_xlim(0, max(table["score"].max(), 1e-9) * 1.12)
    ax.set_xlabel("Score (sum of weighted components)")
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    plots.legend_outside(ax, title_="Component")
    return ax


def plot_standing(rec: Recommendation, ax: Axes | None = None) -> Axes:
    """Stacked bars: the focus's and its peers' initiatives by Indo-Pacific partner (none shows as 0)."""
    import matplotlib.pyplot as plt

    from indopac import plots

    ds = rec.dataset
    st = standing(rec)
    countries = list(dict.fromkeys(st["country"]))[::-1]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(countries) + 1.6))
    partners = [c for c in ds.parties("indo_pacific") if c in set(st["partner"])]
    cycle = ["orange", "blue", "green", "vermillion", "sky_blue", "purple", "yellow", "grey"]
    colours = {c: plots.OKABE_ITO[cycle[i % len(cycle)]] for i, c in enumerate(partners)}
    ylabels = [
        f"{ds.actor_name(c)} (focus)" if c == rec.focus else ds.actor_name(c) for c in countries
    ]
    left = pd.Series(0.0, index=countries)
    for partner in partners:
        vals = (
            st[st["partner"] == partner]
            .set_index("country")["initiatives"]
            .reindex(countries)
            .fillna(0)
        )
        ax.barh(
            ylabels,
            vals.values,
            left=left.values,
            color=colours.get(partner, plots.MUTED),
            label=ds.actor_name(partner),
            edgecolor="white",
            linewidth=0.6,
        )
        left = left + vals.values
    totals = st.attrs["totals"]
    for y, c in enumerate(countries):
        ax.text(
            left[c],
            y,
            f" {totals[c]}" if totals[c] else " none",
            va="center",
            ha="left",
            fontsize=9,
            color=plots.INK if totals[c] else plots.MUTED,
        )
    ax.set_xlim(0, max(float(left.max()), 1.0) * 1.15)
    ax.set_xlabel("Initiatives with an Indo-Pacific partner")
    ax.grid(axis="y", visible=False)
    for i, lab in enumerate(ax.get_yticklabels()):
        if countries[i] == rec.focus:
            lab.set_fontweight("bold")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if partners:
        plots.legend_outside(ax, title_="Partner")
    return ax


def plot_sensitivity(
    rec: Recommendation, factors: Sequence[float] = (0.5, 1.5), n: int = 5, ax: Axes | None = None
) -> Axes:
    """Heatmap: the rank of the ``n`` best entry points when each weight moves by each factor."""
    import matplotlib.pyplot as plt
    import numpy as np

    from indopac import plots

    sens = sensitivity(rec, factors)
    codes = rec.entry_points["code"].head(n).tolist()
    labels_y = [
        "weights as given"
        if r.weight == "(as given)"
        else f"{COMPONENT_LABELS[r.weight]} ×{r.factor:g}"
        for r in sens.itertuples()
    ]
    grid = np.array([[r[c] for c in codes] for r in sens["ranks"]], dtype=float)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.3 * len(sens) + 1.8))
    cmap = plt.get_cmap("Blues_r")
    vmax = max(n + 2, int(grid.max()))
    ax.imshow(np.minimum(grid, vmax), cmap=cmap, vmin=1, vmax=vmax * 1.4, aspect="auto")
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = int(grid[i, j])
            ax.text(
                j,
                i,
                str(v),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if v <= 2 else plots.INK,
                fontweight="bold" if v == 1 else "normal",
            )
    ax.set_xticks(range(len(codes)), [rec.dataset.actor_name(c) for c in codes])
    ax.set_yticks(range(len(labels_y)), labels_y)
    ax.tick_params(axis="x", labeltop=True, labelbottom=False, length=0)
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)
    return ax


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
    table, long, order = _which(rec, which)
    raw = long.set_index(["code", "component"])["raw"].unstack("component")[list(order)]
    out = table[["rank", "code", "label", "type", "score"]].join(raw, on="code")
    out = out.rename(columns={c: COMPONENT_LABELS[c] for c in order})
    return (out if n is None else out.head(n)).reset_index(drop=True)


def _label(rec: Recommendation, code: str) -> str:
    return _running_name(dict(zip(rec.dataset.actors["code"], rec.dataset.actors["label"])), code)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _window_note(rec: Recommendation) -> str | None:
    if rec.years is None:
        return None
    from indopac import plots

    return plots.undated_note(rec.n_undated_left_out) + " (a year window is set)"


def standing_title(rec: Recommendation) -> str:
    """The finding of the standing chart: the focus's initiatives against its peers'."""
    st = standing(rec)
    totals = st.attrs["totals"]
    name = _label(rec, rec.focus)
    k = totals[rec.focus]
    active = [c for c in rec.peers if totals[c]]
    if not rec.peers:
        return _cap(f"{name} takes part in {_plural(k, 'initiative')} with Indo-Pacific partners")
    best = max(rec.peers, key=lambda c: (totals[c], -rec.peers.index(c))) if rec.peers else None
    if k == 0:
        return _cap(
            f"{name} has no initiative with an Indo-Pacific partner yet; {len(active)} of its "
            f"{len(rec.peers)} peers have at least one"
        )
    more = sum(totals[c] > k for c in rec.peers)
    if more == 0:
        return _cap(
            f"{name} takes part in {_plural(k, 'initiative')}, as many as or more than any of its peers"
        )
    return _cap(
        f"{name} takes part in {_plural(k, 'initiative')}; {more} of its {len(rec.peers)} peers have "
        f"more, {_label(rec, best)} the most ({totals[best]})"
    )


def components_title(rec: Recommendation, which: str = "entry_points") -> str:
    """The finding of a components chart: who comes first and by how much."""
    table = _which(rec, which)[0]
    name = _label(rec, rec.focus)
    if table.empty:
        return f"No candidate to rank for {name}"
    first = table.iloc[0]
    lab = _cap(_label(rec, first["code"])) if which == "entry_points" else first["label"]
    if len(table) == 1:
        return f"{lab} is the only candidate for {name}"
    second = table.iloc[1]
    lab2 = _label(rec, second["code"]) if which == "entry_points" else second["label"].lower()
    what = "entry point" if which == "entry_points" else "domain"
    return (
        f"{lab} is the best {what} for {name}, scoring {first['score']:.2f} against "
        f"{second['score']:.2f} for {lab2}"
    )


def sensitivity_title(rec: Recommendation, factors: Sequence[float] = (0.5, 1.5)) -> str:
    """The finding of the sensitivity check: does the top entry point survive each weight change?"""
    sens = sensitivity(rec, factors).iloc[1:]
    if rec.entry_points.empty:
        return "Nothing to rank"
    top = _cap(_label(rec, rec.entry_points["code"].iloc[0]))
    k = int(sens["same_top1"].sum())
    if k == len(sens):
        return f"{top} stays first under every one of the {len(sens)} single-weight changes"
    others = sorted(set(sens.loc[~sens["same_top1"], "top1"]))
    return (
        f"{top} stays first under {k} of {len(sens)} single-weight changes; "
        f"{_names([_label(rec, c) for c in others])} can take over"
    )


def figure_standing(rec: Recommendation):
    """The standing chart with its title and source line, ready for ``plots.save_figure``."""
    import matplotlib.pyplot as plt

    from indopac import plots

    n = 1 + len(rec.peers)
    fig, ax = plt.subplots(figsize=(9, 0.42 * n + 1.9))
    plot_standing(rec, ax=ax)
    plots.title(
        fig, standing_title(rec), f"Initiatives by Indo-Pacific partner; peers: {rec.peer_rule}"
    )
    fig.tight_layout()
    plots.add_source(fig, rec.dataset, _window_note(rec))
    return fig


def figure_components(rec: Recommendation, which: str = "entry_points", n: int = 10):
    """A stacked components chart with its title and source line."""
    import matplotlib.pyplot as plt

    from indopac import plots

    table = _which(rec, which)[0].head(n)
    fig, ax = plt.subplots(figsize=(9, 0.42 * max(len(table), 1) + 2.0))
    plot_components(rec, which, n=n, ax=ax)
    what = "entry points" if which == "entry_points" else "domains"
    plots.title(
        fig,
        components_title(rec, which),
        f"Top {len(table)} {what}; each bar is the sum of weighted components (weights in the notebook)",
    )
    fig.tight_layout()
    plots.add_source(fig, rec.dataset, _window_note(rec))
    return fig


def figure_sensitivity(rec: Recommendation, factors: Sequence[float] = (0.5, 1.5), n: int = 5):
    """The sensitivity heatmap with its title and source line."""
    import matplotlib.pyplot as plt

    from indopac import plots

    rows = 1 + len(ENTRY_COMPONENTS) * len(factors)
    fig, ax = plt.subplots(figsize=(9, 0.3 * rows + 2.2))
    plot_sensitivity(rec, factors, n=n, ax=ax)
    plots.title(
        fig,
        sensitivity_title(rec, factors),
        f"Rank of the top {min(n, len(rec.entry_points))} entry points when one weight is multiplied "
        f"by {' or '.join(f'{f:g}' for f in factors)}",
    )
    fig.tight_layout()
    plots.add_source(fig, rec.dataset, _window_note(rec))
    return fig


# --- writing ---------------------------------------------------------------------------------------


# --- narrative ---------------------------------------------------------------------------------------


def _initiative_rows(ds: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    ini = ds.initiatives
    rows = ini[ini["initiative_id"].isin(set(ids))]
    rows = rows.assign(_undated=rows["year"].isna(), _y=rows["year"].fillna(0).astype(int))
    rows = rows.sort_values(["_undated", "_y", "initiative_id"], ascending=[True, False, True])
    cols = ["initiative_id", "title", "year", "kind", "framework", "source_id", "source_section"]
    return rows[cols].reset_index(drop=True)


def _section(value) -> str:
    value = str(value)
    if value == "summary":
        return "Summary"
    if value == "concluding":
        return "Concluding notes"
    return f"§{value}"


def _names(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


class _Narrative:
    """Renders a Recommendation as Markdown. Every sentence carries something from the data."""

    MAX_CITES = 4

    def __init__(self, rec: Recommendation):
        self.rec = rec
        self.ds = rec.dataset
        self.labels = dict(zip(self.ds.actors["code"], self.ds.actors["label"]))
        self.name = self.n(rec.focus)
        self.n_total = len(self.ds.initiatives)
        p = self.ds.initiative_parties
        self.parties = p.assign(actor=p["actor"].astype(str), side=p["side"].astype(str))
        self.focus_ids = sorted(
            set(self.parties.loc[self.parties["actor"] == rec.focus, "initiative_id"])
        )
        self.peer_ids = sorted(
            set(self.parties.loc[self.parties["actor"].isin(list(rec.peers)), "initiative_id"])
        )
        self.dom_label = dict(zip(self.ds.domains["code"], self.ds.domains["label"]))
        self.multi_source = self.ds.initiatives["source_id"].nunique() > 1
        self.ec = rec.entry_components.set_index(["code", "component"])
        self.dc = rec.domain_components.set_index(["code", "component"])

    # -- small pieces

    def n(self, code):
        """A party's short name as it reads in running text ("the Philippines")."""
        return _running_name(self.labels, code)

    def raw(self, code, comp):
        table = self.dc if comp.startswith("domain_") else self.ec
        return table.loc[(code, comp), "raw"]

    def ids(self, code, comp):
        table = self.dc if comp.startswith("domain_") else self.ec
        return list(table.loc[(code, comp), "initiative_ids"])

    def cite(self, ids: Iterable[str], limit: int | None = None) -> str:
        rows = _initiative_rows(self.ds, ids)
        limit = self.MAX_CITES if limit is None else limit
        parts = []
        for r in rows.head(limit).itertuples():
            year = "undated" if pd.isna(r.year) else str(int(r.year))
            where = _section(r.source_section)
            if self.multi_source:
                where = f"{r.source_id} {where}"
            parts.append(f"*{r.title}* ({year}, {where})")
        more = len(rows) - len(parts)
        text = "; ".join(parts)
        if more > 0:
            text += f"; and {_plural(more, 'more initiative')}"
        return text

    def domains_phrase(self, codes) -> str:
        return _names(
            [self.dom_label[c].lower() if c not in ("cyber",) else "cyber security" for c in codes]
        )

    def strength_counts(self, code) -> str:
        """'11 in cyber security and 1 in countering disinformation' for an entry point."""
        d = self.ds.initiative_domains
        ids = set(self.ids(code, "initiatives"))
        parts = []
        zero = []
        for s in self.rec.strengths:
            k = int(d[(d["initiative_id"].isin(ids)) & (d["domain"] == s)].shape[0])
            (parts if k else zero).append(
                f"{k} in {self.dom_label[s].lower()}" if k else self.dom_label[s].lower()
            )
        return _names(parts) + (f" (none in {_names(zero)})" if zero and parts else "")

    def kinds_with(self, ids) -> str:
        rows = _initiative_rows(self.ds, ids)
        counts = rows.groupby(rows["kind"].astype(str), sort=False).size()
        parts = []
        for kind, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            one, many = _KIND_WORDS.get(
                kind, (kind.replace("_", " "), kind.replace("_", " ") + "s")
            )
            parts.append(
                f"{'a' if k == 1 and one[0] not in 'aeiou' else 'an' if k == 1 else k} "
                f"{one if k == 1 else many}"
            )
        return _names(parts)

    def co_partners(self, code) -> list[str]:
        """Other Indo-Pacific states that share initiatives with a partner."""
        ids = set(self.ids(code, "initiatives"))
        p = self.parties
        others = p[
            (p["initiative_id"].isin(ids)) & (p["side"] == "indo_pacific") & (p["actor"] != code)
        ]
        states = set(self.ds.actors.loc[self.ds.actors["kind"] == "state", "code"])
        return sorted({a for a in others["actor"] if a in states}, key=lambda c: self.n(c))

    # -- sections

    def header(self) -> list[str]:
        rec, ds = self.rec, self.ds
        yr = ds.year_range()
        span = f"{yr[0]}–{yr[1]}" if yr else "no dated initiative"
        strengths = self.domains_phrase(rec.strengths)
        peers = (
            _names([self.n(c) for c in sorted(rec.peers, key=lambda c: self.labels.get(c, c))])
            or "none"
        )
        lines = [f"# Recommendations for {self.name}", ""]
        window = ""
        if rec.years is not None:
            lo, hi = rec.years
            if lo is not None and hi is not None:
                window = f", limited to those that start in {lo}–{hi}"
            elif lo is not None:
                window = f", limited to those that start in {lo} or later"
            else:
                window = f", limited to those that start in {hi} or earlier"
        lines.append(
            f"*Derived from the indopac dataset v{ds.version} ({_plural(self.n_total, 'initiative')}, {span}"
            f"{window}) for {self.name}, with {strengths} as its strengths and {peers} as its peer{'' if len(rec.peers) == 1 else 's'} "
            f"({rec.peer_rule}).*"
        )
        if rec.n_undated_left_out:
            lines[-1] += (
                f" *The year window leaves out {_plural(rec.n_undated_left_out, 'undated initiative')}, "
                f"which the study gives no year for.*"
            )
        lines.append("")
        return lines

    def where_it_stands(self) -> list[str]:
        rec = self.rec
        k = len(self.focus_ids)
        if k:
            partners = self.parties[
                (self.parties["initiative_id"].isin(self.focus_ids))
                & (self.parties["side"] == "indo_pacific")
            ]["actor"]
            partner_names = _names(sorted({self.n(c) for c in partners}))
            text = (
                f"**Where {self.name} stands.** {self.name} takes part in {k} of the {self.n_total} "
                f"initiatives, with {partner_names}: {self.cite(self.focus_ids)}."
            )
        else:
            text = (
                f"**Where {self.name} stands.** {self.name} takes part in none of the {self.n_total} "
                f"initiatives, so every recommendation below starts a channel rather than extending one."
            )
        if rec.peers:
            kp = len(self.peer_ids)
            active = [
                c
                for c in rec.peers
                if c
                in set(self.parties.loc[self.parties["initiative_id"].isin(self.peer_ids), "actor"])
            ]
            if kp and len(rec.peers) == 1:
                text += (
                    f" Its peer {self.n(rec.peers[0])} takes part in {_plural(kp, 'initiative')}."
                )
            elif kp:
                idle = len(rec.peers) - len(active)
                text += (
                    f" Its peers take part in {_plural(kp, 'initiative')} between them "
                    f"({_names([self.n(c) for c in active])} active"
                    + (f"; {_plural(idle, 'peer')} with none)." if idle else ").")
                )
            else:
                text += f" None of its {_plural(len(rec.peers), 'peer')} takes part in any initiative either."
        return [text, ""]

    def entry_point(self, number: int, code: str, lead: bool) -> str:
        rec = self.rec
        ep = rec.entry_points.set_index("code")
        row = ep.loc[code]
        n_ini = int(row["n_initiatives"])
        reach = int(self.raw(code, "reach"))
        label = self.n(code)
        typ = row["type"]
        partners = rec.entry_points[rec.entry_points["type"] == row["type"]]
        others = partners[partners["code"] != code]
        strength_k = len(self.ids(code, "strengths"))
        sentences = []
        if typ == "partner":
            head = f"**{'Enter through' if lead else 'Add'} {label}.**"
            cmp = ""
            if not others.empty:
                # "the most of any partner" compares initiative counts, whatever the score order
                busiest = others.sort_values(["n_initiatives", "code"], ascending=[False, True], kind="stable")
                nxt = busiest.iloc[0]
                cmp = (
                    f", the most of any partner (next: {nxt['label']}, {int(nxt['n_initiatives'])})"
                    if n_ini > int(nxt["n_initiatives"])
                    else ""
                )
            sentences.append(
                f"{head} {label} takes part in {n_ini} of the {self.n_total} initiatives{cmp}, with "
                f"{_plural(reach, 'European counterpart')}, and ranks {int(row['rank'])} of "
                f"{len(rec.entry_points)} entry points for {self.name} (score {row['score']:.2f})."
            )
        else:
            member = self.ec.loc[(code, "channel"), "fixed"]
            reached = _names([self.n(c) for c in self._counterparts(code)])
            membership = ""
            if member is not None and not (isinstance(member, float) and math.isnan(member)):
                since = int(self.ds.actors.set_index("code").at[rec.focus, _MEMBERSHIP[code][0]])
                membership = f" As a member since {since}, {self.name} can use it:"
            head = (
                f"**{'Enter through' if lead else 'Work through'} {label} as well.**"
                if not lead
                else f"**Enter through {label}.**"
            )
            sentences.append(
                f"{head}{membership} {label} has {_plural(n_ini, 'initiative')} with {reached}, and ranks "
                f"{int(row['rank'])} of {len(rec.entry_points)} entry points for {self.name} "
                f"(score {row['score']:.2f})."
            )
        if strength_k:
            sentences.append(
                f"Of its initiatives, {self.strength_counts(code)} match {self.name}'s strengths: "
                f"{self.cite(self.ids(code, 'strengths'))}."
            )
        else:
            sentences.append(
                f"None of its initiatives is in {self.domains_phrase(rec.strengths)}, so {self.name}'s offer "
                f"there would be new to {label}."
            )
        if typ == "partner":
            shared = self.ids(code, "channel")
            peer = self.ids(code, "peers")
            if shared:
                sentences.append(
                    f"{self.name} already has {self.kinds_with(shared)} with {label} "
                    f"({self.cite(shared)}) and can build on {'it' if len(shared) == 1 else 'them'}."
                )
            elif peer:
                peer_names = _names([self.n(c) for c in self._peers_in(peer)])
                sentences.append(
                    f"{self.name} has no initiative with {label} yet, but its peer"
                    f"{'s' if len(self._peers_in(peer)) > 1 else ''} {peer_names} "
                    f"{'do' if len(self._peers_in(peer)) > 1 else 'does'}: {self.cite(peer)}."
                )
            else:
                sentences.append(
                    f"Neither {self.name} nor its peers have an initiative with {label} yet; its "
                    f"{_plural(reach, 'European counterpart')} show{'s' if reach == 1 else ''} it is open to "
                    f"new ones."
                )
            if lead:
                bridge = self.co_partners(code)
                central = self.ec.loc[(code, "centrality"), "value"]
                if bridge and central >= 1.0:
                    sentences.append(
                        f"{label} is also the strongest bridge in the partner network, a way for {self.name} "
                        f"to reach {_names([self.n(c) for c in bridge])}, who take part in its initiatives too."
                    )
        return f"{number}. " + " ".join(sentences)

    def _counterparts(self, code) -> list[str]:
        ids = set(self.ids(code, "initiatives"))
        p = self.parties
        ip = p[(p["initiative_id"].isin(ids)) & (p["side"] == "indo_pacific")]["actor"]
        return sorted(set(ip), key=lambda c: self.n(c))

    def _peers_in(self, ids) -> list[str]:
        p = self.parties
        return sorted(
            set(
                p.loc[
                    (p["initiative_id"].isin(set(ids))) & (p["actor"].isin(list(self.rec.peers))),
                    "actor",
                ]
            ),
            key=lambda c: self.labels.get(c, c),
        )

    def _european_parties(self, ids) -> list[str]:
        p = self.parties
        root = _root_map(self.ds)
        eu = p.loc[(p["initiative_id"].isin(set(ids))) & (p["side"] == "european"), "actor"].map(
            root
        )
        return sorted(set(eu), key=self.n)

    def domain(self, number: int, code: str, why: str = "score") -> str:
        rec = self.rec
        row = rec.domains.set_index("code").loc[code]
        label = self.dom_label[code]
        lower = "cyber security" if code == "cyber" else label.lower()
        ids = self.ids(code, "domain_demand")
        ranking = f"ranks {int(row['rank'])} of {len(rec.domains)} domains for {self.name} (score {row['score']:.2f})"
        is_strength = code in rec.strengths
        if not ids:
            return (
                f"{number}. **{label}: an offer without a track record.** {self.name} names {lower} as a "
                f"strength, but none of the {self.n_total} initiatives covers it, so it {ranking} on the "
                f"strength alone and would open a new field rather than join an existing one."
            )
        p = self.parties
        partner_codes = set(rec.entry_points.loc[rec.entry_points["type"] == "partner", "code"])
        ip_partners = sorted(
            {
                a
                for a in p.loc[
                    (p["initiative_id"].isin(ids)) & (p["side"] == "indo_pacific"), "actor"
                ]
                if a in partner_codes
            },
            key=self.n,
        )
        n_pairs = int(self.raw(code, "domain_demand"))
        own = self.ids(code, "domain_existing")
        peer = self.ids(code, "domain_peers")
        peer_names = [self.n(c) for c in self._peers_in(peer)]
        if is_strength:
            head = f"**Offer {lower}.**"
        elif why == "peers":
            who = _names(peer_names) if len(peer_names) <= 3 else f"{len(peer_names)} of its peers"
            head = f"**Follow {who} into {lower}.**"
        else:
            head = f"**Consider {lower}.**"
        verb = "covers" if len(ids) == 1 else "cover"
        first = (
            f"{number}. {head} It {ranking}: {_plural(len(ids), 'initiative')} {verb} it, in "
            f"{_plural(n_pairs, 'European–Indo-Pacific partnership')}, with "
            f"{_names([self.n(c) for c in ip_partners]) or 'no Indo-Pacific state'}."
        )
        s = [first]
        top = rec.entry_points["code"].iloc[0] if len(rec.entry_points) else None
        if top is not None:
            k_top = len(set(self.ids(top, "initiatives")) & set(ids))
            if k_top and len(ids) == 1:
                s.append(f"{self.n(top)}, the top entry point for {self.name}, is a party to it.")
            elif k_top:
                s.append(
                    f"{self.n(top)}, the top entry point for {self.name}, is in {k_top} of them."
                )
            else:
                s.append(
                    f"{self.n(top)}, the top entry point for {self.name}, is in none of them, so this is a "
                    f"second track."
                )
        if own:
            s.append(f"{self.name} already has {self.kinds_with(own)} here: {self.cite(own)}.")
        elif peer:
            many = len(peer_names) > 1
            s.append(
                f"{self.name} has none here yet; its peer{'s' if many else ''} {_names(peer_names)} "
                f"{'have' if many else 'has'} {_plural(len(peer), 'initiative')}: {self.cite(peer)}."
            )
        else:
            s.append(
                f"Neither {self.name} nor its peers work on it yet; examples to learn from: {self.cite(ids, 3)}."
            )
        if not is_strength:
            europeans = [c for c in self._european_parties(ids) if c != rec.focus]
            s.append(
                f"It is not among {self.name}'s stated strengths, so it is worth pursuing where "
                f"{self.name} has capabilities of its own to offer; "
                f"{_plural(len(europeans), 'European party already works', 'European parties already work')} "
                f"on it ({_names([self.n(c) for c in europeans])})."
            )
        return " ".join(s)

    def others(self, number: int, codes: Sequence[str]) -> str:
        rec = self.rec
        parts = []
        for code in codes:
            row = rec.entry_points.set_index("code").loc[code]
            shared = self.ids(code, "channel") if row["type"] == "partner" else []
            bit = f"{self.n(code)} (rank {int(row['rank'])}, {_plural(int(row['n_initiatives']), 'initiative')}"
            member = self.ec.loc[(code, "channel"), "fixed"]
            if row["type"] == "channel" and code in _MEMBERSHIP and member == 1.0:
                since = int(self.ds.actors.set_index("code").at[rec.focus, _MEMBERSHIP[code][0]])
                bit += f", open to {self.name} as a member since {since}"
            if shared:
                bit += f"; {self.name} already has {self.kinds_with(shared)} with it: {self.cite(shared, 2)}"
            elif self.ids(code, "strengths"):
                bit += f"; {self.strength_counts(code)}"
            parts.append(bit + ")")
        return (
            f"{number}. **Widen from there.** After the first two, the next entry points for {self.name} are "
            f"{_names(parts)}."
        )

    def closed(self) -> list[str]:
        rec = self.rec
        if rec.closed_channels.empty:
            return []
        bits = [
            f"{self.n(r.code)} ({_plural(int(r.n_initiatives), 'initiative')}): {r.reason}"
            for r in rec.closed_channels.itertuples()
        ]
        return [f"*Not scored for {self.name}, a channel it cannot use: {'; '.join(bits)}.*", ""]

    def method(self) -> list[str]:
        rec = self.rec
        sens = sensitivity(rec)
        moved = sens.iloc[1:]
        top = rec.entry_points["code"].iloc[0] if len(rec.entry_points) else None
        lines = []
        if top is not None:
            k1 = int(moved["same_top1"].sum())
            k3 = int(moved["same_top_n"].sum())
            changed = moved.loc[~moved["same_top1"], ["weight", "factor", "top1"]]
            text = (
                f"*How robust this is: {self.n(top)} stays the top entry point for {self.name} in {k1} of the "
                f"{len(moved)} checks that move one weight by ±50%, and the top three stay the same set in {k3}"
            )
            if len(changed):
                alt = "; ".join(
                    f"{COMPONENT_LABELS[r.weight].lower()} ×{r.factor:g} puts {self.n(r.top1)} first"
                    for r in changed.itertuples()
                )
                text += f" ({alt})"
            text += (
                f". The scores weigh {len(ENTRY_COMPONENTS)} components of each of the "
                f"{len(rec.entry_points)} entry points open to {self.name} and {len(DOMAIN_COMPONENTS)} of each "
                f"of {len(rec.domains)} domains; the formula and the weights are in the notebook and in "
                f"`indopac.recommend`.*"
            )
            lines += [text, ""]
        src = self.ds.sources.iloc[0]
        lines.append(
            f"Sections (§) refer to {src['author'].split(',')[0]} ({src['year']}), *{src['title']}*, "
            f"from which the indopac dataset v{self.ds.version} is coded; every initiative cited above "
            f"is one behind a score for {self.name}."
        )
        return lines

    def render(self) -> str:
        rec = self.rec
        out = self.header() + self.where_it_stands()
        items = []
        eps = rec.entry_points
        if eps.empty:
            out.append(
                f"No Indo-Pacific partner or channel takes part in the initiatives selected for {self.name}."
            )
            out.append("")
        else:
            first = eps.iloc[0]
            items.append(lambda k, c=first["code"]: self.entry_point(k, c, lead=True))
            other_type = "channel" if first["type"] == "partner" else "partner"
            second = eps[eps["type"] == other_type]
            mentioned = [first["code"]]
            if not second.empty:
                items.append(lambda k, c=second.iloc[0]["code"]: self.entry_point(k, c, lead=False))
                mentioned.append(second.iloc[0]["code"])
        strengths = [c for c in rec.domains["code"] if c in rec.strengths]
        for code in strengths:
            items.append(lambda k, c=code: self.domain(k, c))
        non = [c for c in rec.domains["code"] if c not in rec.strengths][:2]
        for code in non:
            items.append(lambda k, c=code: self.domain(k, c))
        # where countries like the focus have gone: the best-scoring domain with peer activity not yet covered
        dc = rec.domain_components
        peer_active = set(dc.loc[(dc["component"] == "domain_peers") & (dc["raw"] > 0), "code"])
        extra = [
            c
            for c in rec.domains["code"]
            if c in peer_active and c not in rec.strengths and c not in non
        ][:1]
        for code in extra:
            items.append(lambda k, c=code: self.domain(k, c, why="peers"))
        if not eps.empty:
            rest = [c for c in eps["code"] if c not in mentioned][:3]
            if rest:
                items.append(lambda k, r=tuple(rest): self.others(k, r))
        for k, make in enumerate(items, start=1):
            out.append(make(k))
        out.append("")
        out += self.closed()
        out += self.method()
        text = "\n".join(out).rstrip() + "\n"
        # a name with an article that opens a sentence: "the Philippines takes part" -> "The Philippines ..."
        return re.sub(
            r"((?:^|[.!?]\**)\s*(?:\d+\. )?(?:\*\*)?)the ", r"\1The ", text, flags=re.MULTILINE
        )
