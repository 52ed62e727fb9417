"""The claims ledger: what the study says, tested against the initiatives coded from it.

The dataset is coded from the same study, so the ledger tests whether the study's own
evidence, as coded, supports its claims. It does not test the world: a missing row is not
evidence that nothing happened.

Each claim in :data:`CLAIMS` has an id, the study section it comes from, a paraphrase in
the project's words (data of the registry, checked to share no run of eight words with the
study), and a test: a function ``Dataset -> Result``. A test computes its evidence numbers,
and its verdict from them with explicit thresholds, from a closed set: ``supported``,
``partly supported``, ``not supported``, ``cannot be tested``. No verdict is typed by hand,
and nothing here writes a sentence: :mod:`indopac.findings.claims` puts the evidence into
words. The statistical rules are those of :mod:`indopac.analysis.stats`: ties count as ties,
shares carry count and base, rates use equal windows (:data:`RECENT` against
:data:`EARLIER`), a difference counts only when an exact test gives p < 0.05, and claims
the undated rows could change carry their bounds. A claim that counts FOIP initiatives
records, under ``evidence["foip_rule"]``, which rule it counts them by (the framework as
coded) and how many of them start before Japan announced FOIP in 2016.

:func:`robustness` reruns every test under each counting rule of
:mod:`indopac.analysis.counting`; :func:`ledger` gives one row per claim with its verdict
and how many of those checks agree; :func:`moved` compares two codings of the study.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from indopac.analysis import counting
from indopac.analysis import stats as st
from indopac.data import Dataset
from indopac.memo import per_dataset

SUPPORTED = "supported"
PARTLY = "partly supported"
NOT_SUPPORTED = "not supported"
CANNOT = "cannot be tested"
VERDICTS = (SUPPORTED, PARTLY, NOT_SUPPORTED, CANNOT)

#: why a claim cannot be tested (the findings layer says it in words, with the numbers)
REASONS = (
    "too_few_dated",  # fewer than MIN_BASE dated rows in the windows compared
    "no_dated_rows",  # the rows the claim is about carry no year
    "no_rows",  # the data hold no row the claim is about
    "network_design",  # the data link only European to Indo-Pacific parties
    "one_period_empty",  # one of two periods compared has no dated initiative
)

#: the study's "last decade", as full years before it was written (2023 is partial) ...
RECENT = (2013, 2022)
#: ... and the equal window before it
EARLIER = (2003, 2012)
#: equal half-decades for "over the past few years"
RECENT_5 = (2018, 2022)
EARLIER_5 = (2013, 2017)
#: the year the study dates the wider European contacts of Japan from ("since 2022")
WIDENING_FROM = 2022
#: Germany's arrival in the region, as the study dates it
GERMANY_FROM = 2021
#: long-standing ties: started before this year, or coded historical/FPDA
HISTORICAL_BEFORE = 1990
#: a rate "multiplied": at least this ratio between equal windows
GROWTH_RATIO = 2.0
#: "in many cases": at least this share
MANY = 0.25
#: Central and Eastern European NATO members: the former Eastern-bloc, Baltic and Yugoslav
#: states that joined NATO from 1999 on (a reference list, not taken from the study).
CEE = ("ALB", "BGR", "CZE", "EST", "HRV", "HUN", "LTU", "LVA", "MKD", "MNE", "POL", "ROU", "SVK", "SVN")
#: the fields the NATO–AP4 claim names, and the further fields of section 3.3
NATO_AP4_FIELDS = ("cyber", "emerging_tech", "disinformation")
OTHER_FIELDS = ("nonproliferation", "counter_terrorism", "organised_crime")
#: minister-level codes of ``level``
MINISTER_LEVELS = ("ministerial", "vice_ministerial")


@dataclass(frozen=True)
class Result:
    """A claim's verdict and the evidence numbers it was computed from.

    ``reason`` (one of :data:`REASONS`) is required when, and only when, the claim cannot
    be tested from the data.
    """

    verdict: str
    evidence: dict
    reason: str | None = None

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS} (got {self.verdict!r})")
        if (self.verdict == CANNOT) != (self.reason is not None):
            raise ValueError("a claim that cannot be tested gives a reason, and only such a claim does")
        if self.reason is not None and self.reason not in REASONS:
            raise ValueError(f"reason must be one of {REASONS} (got {self.reason!r})")


@dataclass(frozen=True)
class Claim:
    id: str
    section: str
    paraphrase: str
    test: Callable[[Dataset], Result] = field(repr=False)


#: id -> Claim, in the study's order
CLAIMS: dict[str, Claim] = {}


def claim(id: str, section: str, paraphrase: str):
    def register(fn: Callable[[Dataset], Result]) -> Callable[[Dataset], Result]:
        if id in CLAIMS:
            raise ValueError(f"duplicate claim id {id!r}")
        CLAIMS[id] = Claim(id, section, paraphrase, fn)
        return fn

    return register


# --- small helpers on the tables -------------------------------------------------------


def _ids(ds: Dataset, mask: pd.Series) -> set:
    return set(ds.initiatives.loc[mask, "initiative_id"])


def _in(years: pd.Series, lo: int | None = None, hi: int | None = None) -> pd.Series:
    y = years.astype("Float64")
    keep = y.notna()
    if lo is not None:
        keep &= y >= lo
    if hi is not None:
        keep &= y <= hi
    return keep.fillna(False).astype(bool)


def _with_party(ds: Dataset, codes) -> pd.Series:
    p = ds.initiative_parties
    ids = set(p.loc[p["actor"].astype(str).isin(list(codes)), "initiative_id"])
    return ds.initiatives["initiative_id"].isin(ids)


def _with_domain(ds: Dataset, codes=None, group: str | None = None) -> pd.Series:
    d = ds.initiative_domains
    keep = pd.Series(True, index=d.index)
    if codes is not None:
        keep &= d["domain"].astype(str).isin(list(codes))
    if group is not None:
        keep &= d["group"].astype(str) == group
    return ds.initiatives["initiative_id"].isin(set(d.loc[keep, "initiative_id"]))


@per_dataset(copy=list)  # asked by most claims, with the same few arguments
def _codes(ds: Dataset, region: str | None = None, kind: str | None = None) -> list[str]:
    a = ds.actors
    keep = pd.Series(True, index=a.index)
    if region:
        keep &= a["region"].astype(str) == region
    if kind:
        keep &= a["kind"].astype(str) == kind
    return a.loc[keep, "code"].astype(str).tolist()


@per_dataset(copy=pd.DataFrame.copy)
def _side_parties(ds: Dataset, side: str) -> pd.DataFrame:
    """The party rows of one side, actor codes as text (what the counts below start from)."""
    p = ds.initiative_parties
    p = p[p["side"].astype(str) == side]
    return p.assign(actor=p["actor"].astype(str))


def _party_counts(ds: Dataset, side: str, actors=None, mask: pd.Series | None = None) -> pd.Series:
    """Initiatives per party on one side (optionally only the initiatives in ``mask``)."""
    p = _side_parties(ds, side)
    if mask is not None:
        p = p[p["initiative_id"].isin(_ids(ds, mask))]
    p = p.drop_duplicates(["initiative_id", "actor"])
    if actors is not None:
        p = p[p["actor"].isin(list(actors))]
    return p.groupby("actor").size().sort_values(ascending=False)


def _domain_counts(ds: Dataset, mask: pd.Series | None = None, exclude_group: str | None = None) -> pd.Series:
    d = ds.initiative_domains
    if mask is not None:
        d = d[d["initiative_id"].isin(_ids(ds, mask))]
    if exclude_group is not None:
        d = d[d["group"].astype(str) != exclude_group]
    d = d.assign(domain=d["domain"].astype(str)).drop_duplicates(["initiative_id", "domain"])
    return d.groupby("domain").size().sort_values(ascending=False)


def _first_years(ds: Dataset, side: str, mask: pd.Series | None = None, actors=None) -> pd.Series:
    """First dated start year per party (undated rows ignored)."""
    p = _side_parties(ds, side)
    if mask is not None:
        p = p[p["initiative_id"].isin(_ids(ds, mask))]
    if actors is not None:
        p = p[p["actor"].isin(list(actors))]
    return p.dropna(subset=["year"]).groupby("actor")["year"].min().astype(int)


def _foip(ds: Dataset) -> pd.Series:
    return ds.initiatives["framework"].astype(str) == "FOIP"


def _foip_rule(ds: Dataset) -> dict:
    """How a claim counts FOIP: the framework as coded, and how many FOIP rows predate its announcement.

    Zero rows before 2016 means that counting FOIP only from 2016 changes nothing.
    """
    early = _foip(ds) & _in(ds.initiatives["year"], None, counting.FOIP_ANNOUNCED - 1)
    return {"counted": "as_coded", "announced": counting.FOIP_ANNOUNCED, "before_announced": int(early.sum())}


def _paired(ds: Dataset, a: pd.Series, b: pd.Series) -> st.Test:
    """Exact test that A is coded more often than B, on the initiatives that have one but not the other."""
    return st.more_than(int((a & ~b).sum()), int((b & ~a).sum()))


def _majority(k: int, n: int) -> tuple[str, st.Test]:
    """supported: a majority and a binomial test against 1/2 at p<0.05; partly: a majority only."""
    t = st.binomial(k, n, 0.5)
    if n and k / n > 0.5:
        return (SUPPORTED if t.significant else PARTLY), t
    return NOT_SUPPORTED, t


def _leads(counts: pd.Series, code: str, ds: Dataset, mask_of: Callable[[str], pd.Series]) -> tuple[str, dict]:
    """Verdict for 'code is the most frequent': sole leader and ahead of the runner-up by an exact test."""
    lead = st.leaders(counts)
    ev = {"code": code, "leaders": list(lead.codes), "top": int(lead.value), "count": int(counts.get(code, 0))}
    if code not in lead.codes:
        return NOT_SUPPORTED, ev
    if lead.is_tie:
        return PARTLY, ev
    runner = st.leaders(counts.drop(code))
    if not runner.codes:
        return SUPPORTED, ev
    # against every runner-up (they tie with each other): the weakest lead decides
    tests = {r: _paired(ds, mask_of(code), mask_of(r)) for r in runner.codes}
    worst = max(tests.values(), key=lambda t: t.p)
    ev.update(runner_up=list(runner.codes), runner_up_count=int(runner.value), p=worst.p)
    return (SUPPORTED if worst.significant else PARTLY), ev


# --- section 2.1 and the summary: proliferation and FOIP ---------------------------------


@claim(
    "proliferation_last_decade",
    "2.1",
    "Cooperation initiatives between the two regions multiplied in the ten years before the study.",
)
def _proliferation(ds: Dataset) -> Result:
    y = ds.initiatives["year"]
    wr = st.window_rates(y, RECENT, EARLIER)
    u = int(y.isna().sum())
    r, e = wr.recent_count, wr.earlier_count
    ev = {
        "recent_window": RECENT, "earlier_window": EARLIER, "recent": r, "earlier": e,
        "ratio": wr.ratio, "p": wr.test.p, "undated": u,
        "ratio_if_undated_earlier": r / (e + u) if e + u else None,
        "ratio_if_undated_recent": (r + u) / e if e else None,
    }
    if r + e < st.MIN_BASE:
        return Result(CANNOT, ev, "too_few_dated")
    grew = (wr.ratio is None and r > 0) or (wr.ratio is not None and wr.ratio >= GROWTH_RATIO)
    verdict = SUPPORTED if grew and wr.test.significant else PARTLY if r > e else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "recent_majority",
    "summary",
    "Most of the recorded cooperation began within the last decade, under the Indo-Pacific label.",
)
def _recent_majority(ds: Dataset) -> Result:
    y = ds.initiatives["year"]
    window = (RECENT[0], ds.coverage_end)
    b = st.undated_bounds(y, window, counting.earliest_year(ds), ds.coverage_end)
    verdict, t = _majority(b.dated.count, b.dated.base)
    if verdict == SUPPORTED and b.low.value is not None and b.low.value <= 0.5:
        verdict = PARTLY  # the undated rows could turn the majority
    ev = {
        "window": window, "dated_count": b.dated.count, "dated_base": b.dated.base, "p": t.p,
        "undated": b.undated, "low_count": b.low.count, "high_count": b.high.count, "base": b.low.base,
    }
    return Result(verdict, ev)


@claim(
    "foip_carries_growth",
    "2.1",
    "The recent expansion happened mainly inside Japan's Free and Open Indo-Pacific partnerships.",
)
def _foip_growth(ds: Dataset) -> Result:
    recent = _in(ds.initiatives["year"], *RECENT)
    k, n = int((recent & _foip(ds)).sum()), int(recent.sum())
    verdict, t = _majority(k, n)
    return Result(verdict, {"window": RECENT, "foip": k, "base": n, "p": t.p, "foip_rule": _foip_rule(ds)})


@claim(
    "foip_overshadows_others",
    "4",
    "Partnerships outside FOIP risk being eclipsed: FOIP initiatives now outnumber all the rest.",
)
def _foip_overshadows(ds: Dataset) -> Result:
    dated = _in(ds.initiatives["year"], None, ds.coverage_end)
    foip = _foip(ds)
    a, b = int((dated & foip).sum()), int((dated & ~foip).sum())
    t = st.more_than(a, b)
    verdict = (SUPPORTED if t.significant else PARTLY) if a > b else NOT_SUPPORTED
    ev = {"to": ds.coverage_end, "foip_dated": a, "other_dated": b, "p": t.p,
          "foip_undated": int((~dated & foip).sum()), "other_undated": int((~dated & ~foip).sum()),
          "foip_rule": _foip_rule(ds)}
    return Result(verdict, ev)


# --- section 2.2: France and the UK -------------------------------------------------------


@claim(
    "fra_gbr_lead",
    "2.2",
    "France and the United Kingdom are the most active European states in this cooperation.",
)
def _fra_gbr_lead(ds: Dataset) -> Result:
    counts = _party_counts(ds, "european", _codes(ds, "europe", "state"))
    fra, gbr = int(counts.get("FRA", 0)), int(counts.get("GBR", 0))
    third = st.leaders(counts.drop(["FRA", "GBR"], errors="ignore"))
    weaker = "FRA" if fra <= gbr else "GBR"
    low = min(fra, gbr)
    ev = {"FRA": fra, "GBR": gbr, "next": list(third.codes), "next_count": int(third.value), "weaker": weaker}
    if not third.codes:
        return Result(SUPPORTED if low > 0 else NOT_SUPPORTED, ev)
    tests = [_paired(ds, _with_party(ds, [weaker]), _with_party(ds, [c])) for c in third.codes]
    worst = max(tests, key=lambda t: t.p)
    ev["p"] = worst.p
    if low > third.value:
        verdict = SUPPORTED if worst.significant else PARTLY
    elif low == third.value:
        verdict = PARTLY
    else:
        verdict = NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "fra_jpn_pioneer_dialogue",
    "2.2",
    "No standing security dialogue between any European and any Asian state predates the France–Japan politico-military talks.",
)
def _fra_jpn_pioneer(ds: Dataset) -> Result:
    ini = ds.initiatives
    states = set(_codes(ds, "europe", "state"))
    fmt = ini["kind"].isin(["dialogue", "ministerial_meeting"]) & ini["recurring"].astype(bool)
    fmt &= ini["european_parties"].map(lambda t: bool(t) and set(t) <= states)
    cand = ini[fmt & _in(ini["year"])]
    ev = {"regular_state_dialogues_dated": len(cand)}
    if cand.empty:
        return Result(CANNOT, ev, "no_dated_rows")
    first = cand[cand["year"] == cand["year"].min()]
    pairs = sorted({"–".join([*sorted(e), *sorted(p)]) for e, p in zip(first["european_parties"], first["indo_pacific_parties"])})
    ev.update(first_year=int(first["year"].min()), first=pairs)
    verdict = SUPPORTED if pairs == ["FRA–JPN"] else PARTLY if "FRA–JPN" in pairs else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "france_early_exception",
    "2.1",
    "Before the last decade links were thin, and France was the main European exception.",
)
def _france_early(ds: Dataset) -> Result:
    early = _in(ds.initiatives["year"], None, RECENT[0] - 1)
    counts = _party_counts(ds, "european", _codes(ds, "europe", "state"), early)
    lead = st.leaders(counts)
    ev = {"before": RECENT[0], "leaders": list(lead.codes), "top": int(lead.value), "FRA": int(counts.get("FRA", 0)),
          "initiatives": int(early.sum())}
    verdict = NOT_SUPPORTED if "FRA" not in lead.codes else PARTLY if lead.is_tie else SUPPORTED
    return Result(verdict, ev)


# --- section 2.3: geography ------------------------------------------------------------------


@claim(
    "fra_gbr_first_in_foip",
    "2.3",
    "Among European states, France and Britain joined Japan's Indo-Pacific cooperation before any other.",
)
def _fra_gbr_first(ds: Dataset) -> Result:
    first = _first_years(ds, "european", _foip(ds), _codes(ds, "europe", "state"))
    others = first.drop(["FRA", "GBR"], errors="ignore")
    cut = int(others.min()) if len(others) else None
    ev = {"first_year": {k: int(v) for k, v in first.sort_values().items()}, "next_year": cut,
          "next": sorted(others[others == cut].index) if cut is not None else [], "foip_rule": _foip_rule(ds)}
    if "FRA" not in first and "GBR" not in first:
        return Result(NOT_SUPPORTED, ev)
    ahead = [c for c in ("FRA", "GBR") if c in first and (cut is None or first[c] < cut)]
    verdict = SUPPORTED if len(ahead) == 2 else PARTLY if ahead else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "europe_widening_2022",
    "2.3",
    "From 2022 Japan's defence contacts reached further into Europe, Central and Eastern members included.",
)
def _europe_widening(ds: Dataset) -> Result:
    states = _codes(ds, "europe", "state")
    jpn = _with_party(ds, ["JPN"])
    first = _first_years(ds, "european", jpn, states)
    new = sorted(first[first >= WIDENING_FROM].index)
    with_jpn = set(_party_counts(ds, "european", states, jpn).index)
    cee = [c for c in new if c in CEE]
    ev = {"from": WIDENING_FROM, "new": new, "new_cee": cee, "undated_only": sorted(with_jpn - set(first.index))}
    verdict = SUPPORTED if len(new) >= 3 and len(cee) >= 2 else PARTLY if new else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "europe_more_states",
    "2.3",
    "In the last few years more European NATO members have opened security contacts in the region.",
)
def _europe_more(ds: Dataset) -> Result:
    states = _codes(ds, "europe", "state")
    y = ds.initiatives["year"]
    a = _party_counts(ds, "european", states, _in(y, *RECENT_5))
    b = _party_counts(ds, "european", states, _in(y, *EARLIER_5))
    t = st.more_than(len(a), len(b))
    verdict = (SUPPORTED if t.significant else PARTLY) if len(a) > len(b) else NOT_SUPPORTED
    ev = {"recent_window": RECENT_5, "earlier_window": EARLIER_5, "recent_states": len(a), "earlier_states": len(b), "p": t.p}
    return Result(verdict, ev)


@claim(
    "newcomers_minister_level",
    "2.3",
    "The newer European contacts with Japan were often held between defence ministers or their deputies.",
)
def _newcomers_level(ds: Dataset) -> Result:
    ini = ds.initiatives
    newcomers = [c for c in _codes(ds, "europe", "state") if c not in ("FRA", "GBR")]
    rows = _with_party(ds, ["JPN"]) & _with_party(ds, newcomers)
    high = rows & ini["level"].astype(str).isin(MINISTER_LEVELS)
    k, n = int(high.sum()), int(rows.sum())
    lead = st.leaders(ini.loc[rows, "level"].astype(str).value_counts())
    ev = {"minister_level": k, "base": n, "most_common_level": list(lead.codes), "most_common_count": int(lead.value),
          "many": MANY}
    if k >= st.MIN_BASE and n and k / n >= MANY:
        verdict = SUPPORTED
    else:
        verdict = PARTLY if k else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "germany_entry_2021",
    "2.3",
    "Germany arrived in the region with its 2021 frigate deployment.",
)
def _germany(ds: Dataset) -> Result:
    first_all = _first_years(ds, "european", None, ["DEU"])
    first_jpn = _first_years(ds, "european", _with_party(ds, ["JPN"]), ["DEU"])
    a = int(first_all["DEU"]) if "DEU" in first_all else None
    j = int(first_jpn["DEU"]) if "DEU" in first_jpn else None
    ev = {"from": GERMANY_FROM, "first_any": a, "first_with_japan": j}
    if a is None:
        return Result(CANNOT, ev, "no_dated_rows")
    verdict = SUPPORTED if a >= GERMANY_FROM else PARTLY if j is not None and j >= GERMANY_FROM else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "asia_widening",
    "2.3",
    "On the Asian side too the set of partners is growing, South Korea's 2022 framework with Britain being one case.",
)
def _asia(ds: Dataset) -> Result:
    ip_states = _codes(ds, "indo_pacific", "state")
    y = ds.initiatives["year"]
    a = _party_counts(ds, "indo_pacific", ip_states, _in(y, *RECENT_5))
    b = _party_counts(ds, "indo_pacific", ip_states, _in(y, *EARLIER_5))
    first = _first_years(ds, "indo_pacific", None, ip_states)
    new = sorted(first[(first >= RECENT_5[0]) & (first <= RECENT_5[1])].index)
    grew = len(a) > len(b)
    verdict = SUPPORTED if grew and new else PARTLY if grew or new else NOT_SUPPORTED
    ev = {"recent_window": RECENT_5, "earlier_window": EARLIER_5, "recent_states": sorted(a.index),
          "earlier_states": sorted(b.index), "new": new}
    return Result(verdict, ev)


# --- concluding notes: Japan ---------------------------------------------------------------------


@claim(
    "japan_hub",
    "concluding",
    "Japan sits at the centre: it is the Asian party to most of the initiatives.",
)
def _japan_hub(ds: Dataset) -> Result:
    counts = _party_counts(ds, "indo_pacific")
    n = len(ds.initiatives)
    k = int(counts.get("JPN", 0))
    lead = st.leaders(counts)
    verdict, t = _majority(k, n)
    if lead.sole != "JPN":
        verdict = NOT_SUPPORTED if "JPN" not in lead.codes else PARTLY
    nxt = st.leaders(counts.drop("JPN", errors="ignore"))
    ev = {"japan": k, "base": n, "p": t.p, "leaders": list(lead.codes), "next": list(nxt.codes),
          "next_count": int(nxt.value)}
    return Result(verdict, ev)


@claim(
    "japan_entry_point",
    "concluding",
    "For a European state, working with Japan is the likeliest first way in.",
)
def _japan_entry(ds: Dataset) -> Result:
    states = _codes(ds, "europe", "state")
    p = ds.initiative_parties
    eu = p[(p["side"].astype(str) == "european") & p["actor"].astype(str).isin(states)]
    jpn_ids = _ids(ds, _with_party(ds, ["JPN"]))
    via = {}
    for actor, g in eu.assign(actor=eu["actor"].astype(str)).groupby("actor"):
        dated = g.dropna(subset=["year"])
        first = dated[dated["year"] == dated["year"].min()] if len(dated) else g  # undated only: all its rows
        via[actor] = bool(set(first["initiative_id"]) & jpn_ids)
    k, n = sum(via.values()), len(via)
    verdict, t = _majority(k, n)
    ev = {"via_japan": sorted(c for c, v in via.items() if v), "not_via_japan": sorted(c for c, v in via.items() if not v),
          "count": k, "base": n, "p": t.p}
    return Result(verdict, ev)


@claim(
    "japan_bridge",
    "concluding",
    "Partnering with Japan could open the door to its neighbours such as Australia, New Zealand and Korea.",
)
def _japan_bridge(ds: Dataset) -> Result:
    """Same-side links: initiatives where Japan and another Indo-Pacific party take part together.

    The party network links European parties only to Indo-Pacific ones, so Japan's centrality
    there is built in and says nothing about reaching its neighbours. A bridge needs links
    between Indo-Pacific parties; the only ones the data hold come from multilateral rows.
    With fewer than MIN_BASE such rows the claim cannot be tested. With enough, the test asks
    whether most European links to other Indo-Pacific parties pass through rows with Japan.
    Even then, taking part together shows co-presence, not that Japan led anyone in.
    """
    ini = ds.initiatives
    ip = ini["indo_pacific_parties"]
    with_jpn = ip.map(lambda t: "JPN" in t)
    same_side = with_jpn & ip.map(lambda t: len(set(t) - {"JPN"}) > 0)
    partners = sorted({c for t in ip[same_side] for c in t if c != "JPN"})
    others = ip.map(lambda t: len(set(t) - {"JPN"}) > 0) & ini["european_parties"].map(bool)
    k, n = int((others & with_jpn).sum()), int(others.sum())
    ev = {"same_side_rows": int(same_side.sum()), "japan_partners": partners,
          "links_to_others_with_japan": k, "links_to_others": n}
    if int(same_side.sum()) < st.MIN_BASE:
        return Result(CANNOT, ev, "network_design")
    verdict, t = _majority(k, n)
    ev["p"] = t.p
    return Result(verdict, ev)


# --- section 3.1: maritime -----------------------------------------------------------------------------


def _first_among_fields(ds: Dataset, verdict: str, mask: pd.Series | None, ev: dict) -> str:
    """'Not supported' becomes 'partly' when maritime leads alone once the cross-cutting 'other' group
    (political dialogue, information sharing) is left out: first among fields, not among all codes."""
    sub = st.leaders(_domain_counts(ds, mask, exclude_group="other"))
    ev["leaders_without_dialogue_group"] = list(sub.codes)
    ev["top_without_dialogue_group"] = int(sub.value)
    return PARTLY if verdict == NOT_SUPPORTED and sub.sole == "maritime" else verdict


@claim(
    "maritime_most_attended",
    "3.1",
    "Maritime security is the field that the initiatives take up most often.",
)
def _maritime_most(ds: Dataset) -> Result:
    verdict, ev = _leads(_domain_counts(ds), "maritime", ds, lambda c: _with_domain(ds, [c]))
    verdict = _first_among_fields(ds, verdict, None, ev)
    ev["base"] = len(ds.initiatives)
    return Result(verdict, ev)


@claim(
    "maritime_most_in_foip",
    "3.1",
    "Within the Indo-Pacific partnerships the sea comes first among fields of cooperation.",
)
def _maritime_foip(ds: Dataset) -> Result:
    foip = _foip(ds)
    verdict, ev = _leads(_domain_counts(ds, foip), "maritime", ds, lambda c: _with_domain(ds, [c]) & foip)
    verdict = _first_among_fields(ds, verdict, foip, ev)
    ev["base"] = int(foip.sum())
    ev["foip_rule"] = _foip_rule(ds)
    return Result(verdict, ev)


@claim(
    "exercises_serve_maritime",
    "concluding",
    "Joint exercises are a main tool for building naval and maritime capability.",
)
def _exercises(ds: Dataset) -> Result:
    ex = ds.initiatives["kind"].astype(str) == "exercise"
    k, n = int((ex & _with_domain(ds, ["maritime"])).sum()), int(ex.sum())
    verdict, t = _majority(k, n)
    return Result(verdict, {"maritime": k, "exercises": n, "p": t.p})


@claim(
    "capacity_building_coastal",
    "3.1",
    "Helping Indo-Pacific coastal states build capacity is a common aim, mostly at sea but also beyond it.",
)
def _capacity(ds: Dataset) -> Result:
    cb = _with_domain(ds, ["capacity_building"])
    k, n = int((cb & _with_domain(ds, ["maritime"])).sum()), int(cb.sum())
    if n == 0:
        verdict = NOT_SUPPORTED
    elif n >= st.MIN_BASE and 0.5 <= k / n < 1:
        verdict = SUPPORTED
    else:
        verdict = PARTLY
    return Result(verdict, {"capacity_building": n, "with_maritime": k})


# --- section 3.2: emerging domains ------------------------------------------------------------------


@claim(
    "cyber_leads_emerging",
    "3.2",
    "Of the newer fields, cyber has drawn the most attention.",
)
def _cyber(ds: Dataset) -> Result:
    emerging = ds.domains.loc[ds.domains["group"].astype(str) == "emerging", "code"].astype(str).tolist()
    counts = _domain_counts(ds).reindex(emerging).dropna().astype(int)
    verdict, ev = _leads(counts, "cyber", ds, lambda c: _with_domain(ds, [c]))
    return Result(verdict, ev)


@claim(
    "space_new_field",
    "3.2",
    "Space is a fresh area of cooperation.",
)
def _space(ds: Dataset) -> Result:
    ini = ds.initiatives
    sp = _with_domain(ds, ["space"])
    dated = sp & _in(ini["year"])
    k, n = int((sp & _in(ini["year"], RECENT[0])).sum()), int(dated.sum())
    ev = {"since": RECENT[0], "recent": k, "dated": n, "undated": int((sp & ~dated).sum()),
          "first_year": int(ini.loc[dated, "year"].min()) if n else None}
    if n == 0:
        return Result(CANNOT, ev, "no_dated_rows")
    verdict = SUPPORTED if k == n and n >= st.MIN_BASE else PARTLY if k / n > 0.5 else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "emerging_domains_rising",
    "3.2",
    "Awareness of cyber, space and related fields has grown, and more initiatives now address them.",
)
def _emerging_rising(ds: Dataset) -> Result:
    ini = ds.initiatives
    em = _with_domain(ds, group="emerging")
    late, early = _in(ini["year"], RECENT[0]), _in(ini["year"], None, RECENT[0] - 1)
    a1, n1, a2, n2 = int((em & late).sum()), int(late.sum()), int((em & early).sum()), int(early.sum())
    ev = {"since": RECENT[0], "recent": a1, "recent_base": n1, "earlier": a2, "earlier_base": n2}
    if n1 == 0 or n2 == 0:
        return Result(CANNOT, ev, "one_period_empty")
    t = st.fisher_2x2(a1, n1, a2, n2)
    ev["p"] = t.p
    verdict = SUPPORTED if a1 / n1 > a2 / n2 and t.significant else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "three_focus_areas",
    "summary",
    "The initiatives centre on the sea, on new fields like cyberspace or outer space, and on arms industry ties.",
)
def _focus(ds: Dataset) -> Result:
    focus = _with_domain(ds, ["maritime", "defence_industry"]) | _with_domain(ds, group="emerging")
    k, n = int(focus.sum()), len(ds.initiatives)
    verdict, t = _majority(k, n)
    return Result(verdict, {"count": k, "base": n, "p": t.p})


@claim(
    "nato_ap4_areas",
    "2.3",
    "NATO and its four Pacific partners agreed to do more together on cyberspace, new technology and disinformation.",
)
def _nato_ap4(ds: Dataset) -> Result:
    ap4 = set(ds.actors.loc[ds.actors["ap4_member"].astype(bool), "code"].astype(str))
    ini = ds.initiatives
    rows = ini["european_parties"].map(lambda t: "NATO" in t) & ini["indo_pacific_parties"].map(lambda t: ap4 <= set(t))
    covered = [d for d in NATO_AP4_FIELDS if bool((rows & _with_domain(ds, [d])).any())]
    ev = {"nato_ap4_rows": int(rows.sum()), "covered": covered, "wanted": list(NATO_AP4_FIELDS)}
    if not rows.any():
        return Result(CANNOT, ev, "no_rows")
    verdict = SUPPORTED if len(covered) == len(NATO_AP4_FIELDS) else PARTLY if covered else NOT_SUPPORTED
    return Result(verdict, ev)


# --- section 3.3 and 4: industry, outside FOIP ---------------------------------------------------------


@claim(
    "other_declared_areas",
    "3.3",
    "Further stated fields include weapons of mass destruction, terrorism and organised crime.",
)
def _other_areas(ds: Dataset) -> Result:
    counts = {d: int(_with_domain(ds, [d]).sum()) for d in OTHER_FIELDS}
    present = [d for d, c in counts.items() if c]
    verdict = SUPPORTED if len(present) == len(OTHER_FIELDS) else PARTLY if present else NOT_SUPPORTED
    return Result(verdict, {"counts": counts})


@claim(
    "outside_foip_procurement",
    "4",
    "Ties beyond FOIP are chiefly two-country deals on buying arms or modernising forces, as with the Philippines and Vietnam.",
)
def _outside(ds: Dataset) -> Result:
    fw = ds.initiatives["framework"].astype(str)
    kit = _with_domain(ds, ["defence_industry", "capacity_building"])
    other, foip = fw == "bilateral_other", fw == "FOIP"
    k, n = int((other & kit).sum()), int(other.sum())
    kf, nf = int((foip & kit).sum()), int(foip.sum())
    maj, t = _majority(k, n)
    ev = {"outside": k, "outside_base": n, "foip": kf, "foip_base": nf, "p_majority": t.p, "foip_rule": _foip_rule(ds)}
    if n == 0 or nf == 0:
        return Result(CANNOT, ev, "no_rows")
    f = st.fisher_2x2(k, n, kf, nf, alternative="two-sided")
    ev["p_fisher"] = f.p
    more = k / n > kf / nf and f.significant
    verdict = SUPPORTED if maj == SUPPORTED and more else PARTLY if (maj != NOT_SUPPORTED or more) else NOT_SUPPORTED
    return Result(verdict, ev)


@claim(
    "defence_industry_outside_foip",
    "concluding",
    "Some arms-industry cooperation runs outside FOIP and serves one state's own aims.",
)
def _industry_outside(ds: Dataset) -> Result:
    di = _with_domain(ds, ["defence_industry"])
    k, n = int((di & ~_foip(ds)).sum()), int(di.sum())
    verdict = SUPPORTED if k >= 2 else PARTLY if k == 1 else NOT_SUPPORTED
    return Result(verdict, {"outside": k, "base": n, "foip_rule": _foip_rule(ds)})


# --- section 1: history, and NATO ------------------------------------------------------------------------


@claim(
    "historical_ties_fra_gbr",
    "1",
    "Long-standing links, chiefly French and British, go back decades to colonial and post-war arrangements.",
)
def _historical(ds: Dataset) -> Result:
    ini = ds.initiatives
    old = _in(ini["year"], None, HISTORICAL_BEFORE - 1) | ini["framework"].astype(str).isin(["historical", "FPDA"])
    k, n = int((old & _with_party(ds, ["FRA", "GBR"])).sum()), int(old.sum())
    verdict, t = _majority(k, n)
    if n < st.MIN_BASE and verdict == SUPPORTED:
        verdict = PARTLY
    return Result(verdict, {"before": HISTORICAL_BEFORE, "fra_or_gbr": k, "base": n, "p": t.p})


@claim(
    "nato_stepping_up",
    "summary",
    "NATO itself has lately done more to work with Indo-Pacific partners.",
)
def _nato(ds: Dataset) -> Result:
    ini = ds.initiatives
    nato = ini["framework"].astype(str) == "NATO"
    wr = st.window_rates(ini.loc[nato, "year"], RECENT, EARLIER)
    ev = {"recent_window": RECENT, "earlier_window": EARLIER, "recent": wr.recent_count, "earlier": wr.earlier_count,
          "p": wr.test.p, "undated": int((nato & ini["year"].isna()).sum())}
    if wr.recent_count + wr.earlier_count < st.MIN_BASE:
        return Result(CANNOT, ev, "too_few_dated")
    verdict = (SUPPORTED if wr.test.significant else PARTLY) if wr.recent_count > wr.earlier_count else NOT_SUPPORTED
    return Result(verdict, ev)


# --- the ledger -------------------------------------------------------------------------------------------


@per_dataset(copy=dict)
def run(ds: Dataset) -> dict[str, Result]:
    """Every claim's result on ``ds``, in the registry's order (computed once per dataset)."""
    return {cid: c.test(ds) for cid, c in CLAIMS.items()}


@per_dataset(copy=pd.DataFrame.copy)  # the ledger, the grid and the figure ask for it in turn
def robustness(ds: Dataset) -> pd.DataFrame:
    """Long table: claim, rule, verdict, evidence; one row per claim and counting-rule variant.

    Rules are in :func:`indopac.analysis.counting.variants` order, less the identity (the shipped
    rule, which is the ``as coded`` verdict itself); claims in registry order.
    """
    rows = []
    for rule, variant in counting.variants(ds).items():
        if variant is ds:  # the shipped rule itself (multilateral_once): not a check
            continue
        for cid, res in run(variant).items():
            rows.append({"claim": cid, "rule": rule, "verdict": res.verdict, "evidence": res.evidence,
                         "reason": res.reason})
    return pd.DataFrame(rows, columns=["claim", "rule", "verdict", "evidence", "reason"])


def verdict_grid(ds: Dataset) -> pd.DataFrame:
    """Claims × (``as_coded`` + every counting rule): the verdict in each cell, claims in registry order."""
    rob = robustness(ds)
    wide = rob.pivot(index="claim", columns="rule", values="verdict")
    wide = wide.reindex(index=list(CLAIMS), columns=list(dict.fromkeys(rob["rule"])))
    wide.insert(0, "as_coded", [r.verdict for r in run(ds).values()])
    wide.index.name = "claim"
    wide.columns.name = None
    return wide


def ledger(ds: Dataset) -> pd.DataFrame:
    """One row per claim: verdict on the shipped counting, evidence, reason, and robustness.

    ``robust_k`` of ``robust_n`` counting-rule checks give the same verdict; ``fragile_under``
    lists the rules that change it (a tuple, in rule order) and ``changes`` maps each of them
    to the verdict it gives; ``reason`` is "" for a claim that can be tested.
    """
    base = run(ds)
    rob = robustness(ds)
    rows = []
    for cid, c in CLAIMS.items():
        r = base[cid]
        checks = rob[rob["claim"] == cid]
        differ = checks[checks["verdict"] != r.verdict]
        rows.append({
            "id": cid, "section": c.section, "paraphrase": c.paraphrase, "verdict": r.verdict,
            "evidence": r.evidence, "reason": r.reason or "",
            "robust_k": len(checks) - len(differ), "robust_n": len(checks),
            "fragile_under": tuple(differ["rule"]), "changes": dict(zip(differ["rule"], differ["verdict"])),
        })
    return pd.DataFrame(rows)


def verdict_counts(ds: Dataset) -> pd.DataFrame:
    """How many claims get each verdict (every verdict of the closed set, zeros included)."""
    counts = pd.Series([r.verdict for r in run(ds).values()]).value_counts()
    return pd.DataFrame({"verdict": list(VERDICTS), "claims": [int(counts.get(v, 0)) for v in VERDICTS]})


def moved(now: Dataset, then: Dataset) -> pd.DataFrame:
    """Claims whose verdict differs between two codings of the study: id, verdict_then, verdict_now."""
    a, b = run(then), run(now)
    rows = [{"id": cid, "verdict_then": a[cid].verdict, "verdict_now": b[cid].verdict}
            for cid in CLAIMS if a[cid].verdict != b[cid].verdict]
    return pd.DataFrame(rows, columns=["id", "verdict_then", "verdict_now"])
