"""The claims ledger: what the study says, tested against the initiatives coded from it.

The dataset is coded from the same study, so the ledger tests whether the study's own
evidence, as coded, supports its claims. It does not test the world: a missing row is not
evidence that nothing happened.

Each claim in :data:`CLAIMS` has an id, the study section it comes from, a paraphrase in
the project's words, and a test: a function ``Dataset -> Result``. A test computes its
evidence numbers, and its verdict from them with explicit thresholds, from a closed set:
``supported``, ``partly supported``, ``not supported``, ``cannot be tested``. No verdict is
typed by hand. The statistical rules are those of :mod:`indopac.stats`: ties are named as
ties, shares carry count and base, rates use equal windows (:data:`RECENT` against
:data:`EARLIER`), a difference counts only when an exact test gives p < 0.05, and claims
the undated rows could change carry their bounds.

:func:`robustness` reruns every test under each counting rule of :mod:`indopac.counting`;
:func:`ledger` gives one row per claim with its verdict and how many of those checks agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from indopac.analysis import counting
from indopac.analysis import stats as st
from indopac.data import Dataset

SUPPORTED = "supported"
PARTLY = "partly supported"
NOT_SUPPORTED = "not supported"
CANNOT = "cannot be tested"
VERDICTS = (SUPPORTED, PARTLY, NOT_SUPPORTED, CANNOT)

#: the study's "last decade", as full years before it was written (2023 is partial) ...
RECENT = (2013, 2022)
#: ... and the equal window before it
EARLIER = (2003, 2012)
#: equal half-decades for "over the past few years"
RECENT_5 = (2018, 2022)
EARLIER_5 = (2013, 2017)
#: the year the study dates the wider European contacts of Japan from ("since 2022")
WIDENING_FROM = 2022
#: a rate "multiplied": at least this ratio between equal windows
GROWTH_RATIO = 2.0
#: "in many cases": at least this share
MANY = 0.25
#: Central and Eastern European NATO members: the former Eastern-bloc, Baltic and Yugoslav
#: states that joined NATO from 1999 on (a reference list, not taken from the study).
CEE = ("ALB", "BGR", "CZE", "EST", "HRV", "HUN", "LTU", "LVA", "MKD", "MNE", "POL", "ROU", "SVK", "SVN")


@dataclass(frozen=True)
class Result:
    verdict: str
    evidence: dict
    basis: str
    why: str | None = None

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS} (got {self.verdict!r})")
        if self.verdict == CANNOT and not self.why:
            raise ValueError("a claim that cannot be tested says why")


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


def _codes(ds: Dataset, region: str | None = None, kind: str | None = None) -> list[str]:
    a = ds.actors
    keep = pd.Series(True, index=a.index)
    if region:
        keep &= a["region"].astype(str) == region
    if kind:
        keep &= a["kind"].astype(str) == kind
    return a.loc[keep, "code"].astype(str).tolist()


def _party_counts(ds: Dataset, side: str, actors=None, mask: pd.Series | None = None) -> pd.Series:
    """Initiatives per party on one side (optionally only the initiatives in ``mask``)."""
    p = ds.initiative_parties
    p = p[p["side"].astype(str) == side]
    if mask is not None:
        p = p[p["initiative_id"].isin(_ids(ds, mask))]
    p = p.assign(actor=p["actor"].astype(str)).drop_duplicates(["initiative_id", "actor"])
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
    p = ds.initiative_parties
    p = p[p["side"].astype(str) == side]
    if mask is not None:
        p = p[p["initiative_id"].isin(_ids(ds, mask))]
    p = p.assign(actor=p["actor"].astype(str))
    if actors is not None:
        p = p[p["actor"].isin(list(actors))]
    return p.dropna(subset=["year"]).groupby("actor")["year"].min().astype(int)


def _paired(ds: Dataset, a: pd.Series, b: pd.Series) -> st.Test:
    """Exact test that A is coded more often than B, on the initiatives that have one but not the other."""
    return st.more_than(int((a & ~b).sum()), int((b & ~a).sum()))


def _pct(k: int, n: int) -> str:
    """'k of n (x%)', or 'k of n' below the minimum base."""
    s = st.share(k, n)
    if not s.reportable:
        return f"{k} of {n}"
    return f"{k} of {n} ({100 * s.value:.0f}%)"


def _p(t: st.Test) -> str:
    return f"p={t.p:.2g}" if t.p >= 0.001 else "p<0.001"


def _names(codes) -> str:
    codes = list(codes)
    return "+".join(codes) if codes else "none"


def _w(window: tuple[int, int]) -> str:
    return f"{window[0]}–{str(window[1])[-2:]}"


def _majority(k: int, n: int) -> tuple[str, st.Test]:
    """supported: a majority and a binomial test against 1/2 at p<0.05; partly: a majority only."""
    t = st.binomial(k, n, 0.5)
    if n and k / n > 0.5:
        return (SUPPORTED if t.significant else PARTLY), t
    return NOT_SUPPORTED, t


def _leads(counts: pd.Series, code: str, ds: Dataset, mask_of: Callable[[str], pd.Series]) -> tuple[str, dict, str]:
    """Verdict for 'code is the most frequent': sole leader and ahead of the runner-up by an exact test."""
    lead = st.leaders(counts)
    ev = {"leaders": list(lead.codes), "top": lead.value, "count": int(counts.get(code, 0))}
    if code not in lead.codes:
        return NOT_SUPPORTED, ev, f"{code} {ev['count']}, below {_names(lead.codes)} ({lead.value})"
    if lead.is_tie:
        return PARTLY, ev, f"tie at {lead.value}: {_names(lead.codes)}"
    rest = counts.drop(code)
    runner = st.leaders(rest)
    if not runner.codes:
        return SUPPORTED, ev, f"{code} {lead.value}, no other"
    # against every runner-up (they tie with each other): the weakest lead decides
    tests = {r: _paired(ds, mask_of(code), mask_of(r)) for r in runner.codes}
    worst = max(tests.values(), key=lambda t: t.p)
    ev.update(runner_up=list(runner.codes), runner_up_count=runner.value, p=worst.p)
    basis = f"{code} {lead.value} against {_names(runner.codes)} {runner.value} (paired binomial {_p(worst)})"
    return (SUPPORTED if worst.significant else PARTLY), ev, basis


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
        return Result(CANNOT, ev, f"{r} vs {e}", why=f"fewer than {st.MIN_BASE} dated initiatives in the two windows")
    grew = (wr.ratio is None and r > 0) or (wr.ratio is not None and wr.ratio >= GROWTH_RATIO)
    verdict = SUPPORTED if grew and wr.test.significant else PARTLY if r > e else NOT_SUPPORTED
    ratio = f"{wr.ratio:.1f}x" if wr.ratio is not None else "none before"
    basis = f"{r} in {_w(RECENT)} vs {e} in {_w(EARLIER)} ({ratio}, binomial {_p(wr.test)}); {u} undated in neither"
    return Result(verdict, ev, basis)


@claim(
    "recent_majority",
    "summary",
    "Most of the recorded cooperation began within the last decade, under the Indo-Pacific label.",
)
def _recent_majority(ds: Dataset) -> Result:
    y = ds.initiatives["year"]
    window = (RECENT[0], ds.study_year)
    b = st.undated_bounds(y, window, counting.earliest_year(ds), ds.study_year)
    verdict, t = _majority(b.dated.count, b.dated.base)
    if verdict == SUPPORTED and b.low.value is not None and b.low.value <= 0.5:
        verdict = PARTLY  # the undated rows could turn the majority
    ev = {
        "window": window, "dated_count": b.dated.count, "dated_base": b.dated.base, "p": t.p,
        "undated": b.undated, "low": b.low.value, "high": b.high.value,
        "low_count": b.low.count, "high_count": b.high.count, "base": b.low.base,
    }
    basis = (
        f"{_pct(b.dated.count, b.dated.base)} dated start {window[0]}–{window[1]} (binomial {_p(t)}); "
        f"with the {b.undated} undated all early or all late: {_pct(b.low.count, b.low.base)} to {_pct(b.high.count, b.high.base)}"
    )
    return Result(verdict, ev, basis)


@claim(
    "foip_carries_growth",
    "2.1",
    "The recent expansion happened mainly inside Japan's Free and Open Indo-Pacific partnerships.",
)
def _foip_growth(ds: Dataset) -> Result:
    ini = ds.initiatives
    recent = _in(ini["year"], *RECENT)
    foip = ini["framework"].astype(str) == "FOIP"
    k, n = int((recent & foip).sum()), int(recent.sum())
    verdict, t = _majority(k, n)
    ev = {"window": RECENT, "foip": k, "base": n, "p": t.p}
    return Result(verdict, ev, f"FOIP {_pct(k, n)} initiatives dated {_w(RECENT)} (binomial {_p(t)})")


@claim(
    "foip_overshadows_others",
    "4",
    "Partnerships outside FOIP risk being eclipsed: FOIP initiatives now outnumber all the rest.",
)
def _foip_overshadows(ds: Dataset) -> Result:
    ini = ds.initiatives
    dated = _in(ini["year"], None, ds.study_year)
    foip = ini["framework"].astype(str) == "FOIP"
    a, b = int((dated & foip).sum()), int((dated & ~foip).sum())
    t = st.more_than(a, b)
    ua, ub = int((~dated & foip).sum()), int((~dated & ~foip).sum())
    verdict = (SUPPORTED if t.significant else PARTLY) if a > b else NOT_SUPPORTED
    ev = {"foip_dated": a, "other_dated": b, "p": t.p, "foip_undated": ua, "other_undated": ub}
    basis = f"dated to {ds.study_year}: FOIP {a} vs other frameworks {b} (binomial {_p(t)}); undated {ua} vs {ub}"
    return Result(verdict, ev, basis)


# --- section 2.2: France and the UK -------------------------------------------------------


@claim(
    "fra_gbr_lead",
    "2.2",
    "France and the United Kingdom are the most active European states in this cooperation.",
)
def _fra_gbr_lead(ds: Dataset) -> Result:
    states = _codes(ds, "europe", "state")
    counts = _party_counts(ds, "european", states)
    fra, gbr = int(counts.get("FRA", 0)), int(counts.get("GBR", 0))
    rest = counts.drop(["FRA", "GBR"], errors="ignore")
    third = st.leaders(rest)
    weaker = "FRA" if fra <= gbr else "GBR"
    low = min(fra, gbr)
    ev = {"FRA": fra, "GBR": gbr, "next": list(third.codes), "next_count": third.value}
    if not third.codes:
        return Result(SUPPORTED if low > 0 else NOT_SUPPORTED, ev, f"FRA {fra}, GBR {gbr}, no other state")
    tests = [_paired(ds, _with_party(ds, [weaker]), _with_party(ds, [c])) for c in third.codes]
    worst = max(tests, key=lambda t: t.p)
    ev["p"] = worst.p
    if low > third.value:
        verdict = SUPPORTED if worst.significant else PARTLY
    elif low == third.value:
        verdict = PARTLY
    else:
        verdict = NOT_SUPPORTED
    basis = f"GBR {gbr}, FRA {fra}; next {_names(third.codes)} {third.value} (paired binomial {weaker} vs next {_p(worst)})"
    return Result(verdict, ev, basis)


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
        return Result(CANNOT, ev, "no dated regular dialogue", why="no dated regular dialogue between states")
    first = cand[cand["year"] == cand["year"].min()]
    pairs = sorted({"–".join([*sorted(e), *sorted(p)]) for e, p in zip(first["european_parties"], first["indo_pacific_parties"])})
    ev.update(first_year=int(first["year"].min()), first=pairs)
    if pairs == ["FRA–JPN"]:
        verdict = SUPPORTED
    elif "FRA–JPN" in pairs:
        verdict = PARTLY
    else:
        verdict = NOT_SUPPORTED
    return Result(verdict, ev, f"earliest regular state-to-state dialogue: {', '.join(pairs)} in {ev['first_year']}")


@claim(
    "france_early_exception",
    "2.1",
    "Before the last decade links were thin, and France was the main European exception.",
)
def _france_early(ds: Dataset) -> Result:
    ini = ds.initiatives
    early = _in(ini["year"], None, RECENT[0] - 1)
    counts = _party_counts(ds, "european", _codes(ds, "europe", "state"), early)
    lead = st.leaders(counts)
    ev = {"before": RECENT[0], "leaders": list(lead.codes), "top": lead.value, "FRA": int(counts.get("FRA", 0)),
          "initiatives": int(early.sum())}
    if "FRA" not in lead.codes:
        verdict = NOT_SUPPORTED
    else:
        verdict = PARTLY if lead.is_tie else SUPPORTED
    basis = f"dated before {RECENT[0]} ({int(early.sum())} initiatives): most active {_names(lead.codes)} {lead.value}, FRA {ev['FRA']}"
    return Result(verdict, ev, basis)


# --- section 2.3: geography ------------------------------------------------------------------


@claim(
    "fra_gbr_first_in_foip",
    "2.3",
    "Among European states, France and Britain joined Japan's Indo-Pacific cooperation before any other.",
)
def _fra_gbr_first(ds: Dataset) -> Result:
    foip = ds.initiatives["framework"].astype(str) == "FOIP"
    first = _first_years(ds, "european", foip, _codes(ds, "europe", "state"))
    others = first.drop(["FRA", "GBR"], errors="ignore")
    ev = {"first_year": {k: int(v) for k, v in first.sort_values().items()}}
    if "FRA" not in first and "GBR" not in first:
        return Result(NOT_SUPPORTED, ev, "no dated FOIP initiative of FRA or GBR")
    cut = int(others.min()) if len(others) else None
    ahead = [c for c in ("FRA", "GBR") if c in first and (cut is None or first[c] < cut)]
    verdict = SUPPORTED if len(ahead) == 2 else PARTLY if ahead else NOT_SUPPORTED
    nxt = f"next {_names(sorted(others[others == cut].index))} {cut}" if cut is not None else "no other state"
    basis = f"first dated FOIP year: FRA {first.get('FRA', '–')}, GBR {first.get('GBR', '–')}; {nxt}"
    return Result(verdict, ev, basis)


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
    undated_only = sorted(with_jpn - set(first.index))
    cee = [c for c in new if c in CEE]
    ev = {"from": WIDENING_FROM, "new": new, "new_cee": cee, "undated_only": undated_only}
    if len(new) >= 3 and len(cee) >= 2:
        verdict = SUPPORTED
    elif new:
        verdict = PARTLY
    else:
        verdict = NOT_SUPPORTED
    basis = (f"{len(new)} European states first appear with Japan in {WIDENING_FROM} or later ({_names(new)}), "
             f"{len(cee)} of them Central/Eastern; {len(undated_only)} more with undated rows only ({_names(undated_only)})")
    return Result(verdict, ev, basis)


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
    basis = f"{len(a)} European states active in {_w(RECENT_5)} vs {len(b)} in {_w(EARLIER_5)} (binomial {_p(t)})"
    return Result(verdict, ev, basis)


@claim(
    "newcomers_minister_level",
    "2.3",
    "The newer European contacts with Japan were often held between defence ministers or their deputies.",
)
def _newcomers_level(ds: Dataset) -> Result:
    ini = ds.initiatives
    newcomers = [c for c in _codes(ds, "europe", "state") if c not in ("FRA", "GBR")]
    rows = _with_party(ds, ["JPN"]) & _with_party(ds, newcomers)
    high = rows & ini["level"].astype(str).isin(["ministerial", "vice_ministerial"])
    k, n = int(high.sum()), int(rows.sum())
    levels = ini.loc[rows, "level"].astype(str).value_counts()
    lead = st.leaders(levels)
    ev = {"minister_level": k, "base": n, "most_common_level": list(lead.codes)}
    if k >= st.MIN_BASE and n and k / n >= MANY:
        verdict = SUPPORTED
    elif k:
        verdict = PARTLY
    else:
        verdict = NOT_SUPPORTED
    basis = f"{_pct(k, n)} Japan rows of other European states at (vice-)minister level; most common level {_names(lead.codes)} ({lead.value})"
    return Result(verdict, ev, basis)


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
    ev = {"first_any": a, "first_with_japan": j}
    if a is None:
        return Result(CANNOT, ev, "no dated German initiative", why="no dated German initiative")
    if a >= 2021:
        verdict = SUPPORTED
    elif j is not None and j >= 2021:
        verdict = PARTLY
    else:
        verdict = NOT_SUPPORTED
    return Result(verdict, ev, f"Germany's first dated initiative {a}; first with Japan {j if j is not None else '–'}")


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
    ev = {"recent_states": sorted(a.index), "earlier_states": sorted(b.index), "new": new}
    basis = (f"{len(a)} Indo-Pacific states in {_w(RECENT_5)} vs {len(b)} in {_w(EARLIER_5)}; "
             f"first appearing {_w(RECENT_5)}: {_names(new)}")
    return Result(verdict, ev, basis)


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
    ev = {"japan": k, "base": n, "p": t.p, "leaders": list(lead.codes), "next": list(nxt.codes), "next_count": nxt.value}
    basis = f"Japan in {_pct(k, n)} initiatives (binomial {_p(t)}); next {_names(nxt.codes)} {nxt.value}"
    return Result(verdict, ev, basis)


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
    basis = f"{_pct(k, n)} European states' first initiative includes Japan (binomial {_p(t)}); not: {_names(ev['not_via_japan'])}"
    return Result(verdict, ev, basis)


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
    basis = (f"{int(same_side.sum())} initiatives put Japan with another Indo-Pacific party ({_names(partners)}); "
             f"{_pct(k, n)} European links to other Indo-Pacific parties include Japan")
    if int(same_side.sum()) < st.MIN_BASE:
        why = (f"the party network links only European to Indo-Pacific parties; only {int(same_side.sum())} multilateral "
               f"initiatives link Japan to another Indo-Pacific party (fewer than {st.MIN_BASE}), and co-presence does not show "
               "Japan bringing Europe to them; the claim is also a forecast")
        return Result(CANNOT, ev, basis, why=why)
    verdict, t = _majority(k, n)
    ev["p"] = t.p
    return Result(verdict, ev, basis + f" (binomial {_p(t)})")


# --- section 3.1: maritime -----------------------------------------------------------------------------


@claim(
    "maritime_most_attended",
    "3.1",
    "Maritime security is the field that the initiatives take up most often.",
)
def _maritime_most(ds: Dataset) -> Result:
    counts = _domain_counts(ds)
    verdict, ev, basis = _leads(counts, "maritime", ds, lambda c: _with_domain(ds, [c]))
    verdict, sub = _first_among_fields(ds, verdict, None)
    ev["leaders_without_dialogue_group"] = list(sub.codes)
    ev["base"] = len(ds.initiatives)
    return Result(verdict, ev, f"of {len(ds.initiatives)} initiatives: {basis}; without the dialogue group: {_names(sub.codes)} {sub.value}")


def _first_among_fields(ds: Dataset, verdict: str, mask: pd.Series | None) -> tuple[str, st.Leaders]:
    """'Not supported' becomes 'partly' when maritime leads alone once the cross-cutting 'other' group
    (political dialogue, information sharing) is left out: first among fields, not among all codes."""
    sub = st.leaders(_domain_counts(ds, mask, exclude_group="other"))
    if verdict == NOT_SUPPORTED and sub.sole == "maritime":
        verdict = PARTLY
    return verdict, sub


@claim(
    "maritime_most_in_foip",
    "3.1",
    "Within the Indo-Pacific partnerships the sea comes first among fields of cooperation.",
)
def _maritime_foip(ds: Dataset) -> Result:
    foip = ds.initiatives["framework"].astype(str) == "FOIP"
    counts = _domain_counts(ds, foip)
    verdict, ev, basis = _leads(counts, "maritime", ds, lambda c: _with_domain(ds, [c]) & foip)
    verdict, sub = _first_among_fields(ds, verdict, foip)
    ev["base"] = int(foip.sum())
    ev["leaders_without_dialogue_group"] = list(sub.codes)
    return Result(verdict, ev, f"of {int(foip.sum())} FOIP initiatives: {basis}; without the dialogue group: {_names(sub.codes)} {sub.value}")


@claim(
    "exercises_serve_maritime",
    "concluding",
    "Joint exercises are a main tool for building naval and maritime capability.",
)
def _exercises(ds: Dataset) -> Result:
    ex = ds.initiatives["kind"].astype(str) == "exercise"
    mar = ex & _with_domain(ds, ["maritime"])
    k, n = int(mar.sum()), int(ex.sum())
    verdict, t = _majority(k, n)
    return Result(verdict, {"maritime": k, "exercises": n, "p": t.p}, f"{_pct(k, n)} exercises are maritime (binomial {_p(t)})")


@claim(
    "capacity_building_coastal",
    "3.1",
    "Helping Indo-Pacific coastal states build capacity is a common aim, mostly at sea but also beyond it.",
)
def _capacity(ds: Dataset) -> Result:
    cb = _with_domain(ds, ["capacity_building"])
    mar = cb & _with_domain(ds, ["maritime"])
    k, n = int(mar.sum()), int(cb.sum())
    ev = {"capacity_building": n, "with_maritime": k}
    if n == 0:
        verdict = NOT_SUPPORTED
    elif n >= st.MIN_BASE and 0.5 <= k / n < 1:
        verdict = SUPPORTED
    else:
        verdict = PARTLY
    return Result(verdict, ev, f"{n} capacity-building initiatives, {_pct(k, n)} also maritime")


# --- section 3.2: emerging domains ------------------------------------------------------------------


@claim(
    "cyber_leads_emerging",
    "3.2",
    "Of the newer fields, cyber has drawn the most attention.",
)
def _cyber(ds: Dataset) -> Result:
    emerging = ds.domains.loc[ds.domains["group"].astype(str) == "emerging", "code"].astype(str).tolist()
    counts = _domain_counts(ds).reindex(emerging).dropna().astype(int)
    verdict, ev, basis = _leads(counts, "cyber", ds, lambda c: _with_domain(ds, [c]))
    return Result(verdict, ev, f"emerging domains: {basis}")


@claim(
    "space_new_field",
    "3.2",
    "Space is a fresh area of cooperation.",
)
def _space(ds: Dataset) -> Result:
    ini = ds.initiatives
    sp = _with_domain(ds, ["space"])
    dated = sp & _in(ini["year"])
    recent = sp & _in(ini["year"], RECENT[0])
    k, n = int(recent.sum()), int(dated.sum())
    first = int(ini.loc[dated, "year"].min()) if n else None
    ev = {"since": RECENT[0], "recent": k, "dated": n, "undated": int((sp & ~dated).sum()), "first_year": first}
    if n == 0:
        return Result(CANNOT, ev, "no dated space initiative", why="no dated space initiative")
    if k == n and n >= st.MIN_BASE:
        verdict = SUPPORTED
    elif k / n > 0.5:
        verdict = PARTLY
    else:
        verdict = NOT_SUPPORTED
    return Result(verdict, ev, f"{_pct(k, n)} dated space initiatives start {RECENT[0]} or later (first {first})")


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
    ev = {"recent": a1, "recent_base": n1, "earlier": a2, "earlier_base": n2}
    if n1 == 0 or n2 == 0:
        return Result(CANNOT, ev, f"{a1} of {n1} vs {a2} of {n2}", why="one period has no dated initiative")
    t = st.fisher_2x2(a1, n1, a2, n2)
    ev["p"] = t.p
    higher = a1 / n1 > a2 / n2
    verdict = SUPPORTED if higher and t.significant else NOT_SUPPORTED
    basis = (f"emerging-domain initiatives {_pct(a1, n1)} from {RECENT[0]} vs {_pct(a2, n2)} before "
             f"(Fisher {_p(t)}{'' if t.significant else ', no difference shown'})")
    return Result(verdict, ev, basis)


@claim(
    "three_focus_areas",
    "summary",
    "The initiatives centre on the sea, on new fields like cyberspace or outer space, and on arms industry ties.",
)
def _focus(ds: Dataset) -> Result:
    focus = _with_domain(ds, ["maritime", "defence_industry"]) | _with_domain(ds, group="emerging")
    k, n = int(focus.sum()), len(ds.initiatives)
    verdict, t = _majority(k, n)
    return Result(verdict, {"count": k, "base": n, "p": t.p},
                  f"{_pct(k, n)} initiatives cover maritime, an emerging domain or defence industry (binomial {_p(t)})")


@claim(
    "nato_ap4_areas",
    "2.3",
    "NATO and its four Pacific partners agreed to do more together on cyberspace, new technology and disinformation.",
)
def _nato_ap4(ds: Dataset) -> Result:
    ap4 = set(ds.actors.loc[ds.actors["ap4_member"].astype(bool), "code"].astype(str))
    ini = ds.initiatives
    rows = ini["european_parties"].map(lambda t: "NATO" in t) & ini["indo_pacific_parties"].map(lambda t: ap4 <= set(t))
    wanted = ["cyber", "emerging_tech", "disinformation"]
    covered = [d for d in wanted if bool((rows & _with_domain(ds, [d])).any())]
    ev = {"nato_ap4_rows": int(rows.sum()), "covered": covered}
    if not rows.any():
        return Result(CANNOT, ev, "no NATO–AP4 initiative", why="no initiative of NATO with all four AP4 partners")
    verdict = SUPPORTED if len(covered) == len(wanted) else PARTLY if covered else NOT_SUPPORTED
    return Result(verdict, ev, f"{int(rows.sum())} NATO–AP4 initiatives cover {_names(covered)} of {_names(wanted)}")


# --- section 3.3 and 4: industry, outside FOIP ---------------------------------------------------------


@claim(
    "other_declared_areas",
    "3.3",
    "Further stated fields include weapons of mass destruction, terrorism and organised crime.",
)
def _other_areas(ds: Dataset) -> Result:
    wanted = ["nonproliferation", "counter_terrorism", "organised_crime"]
    counts = {d: int(_with_domain(ds, [d]).sum()) for d in wanted}
    present = [d for d, c in counts.items() if c]
    verdict = SUPPORTED if len(present) == len(wanted) else PARTLY if present else NOT_SUPPORTED
    return Result(verdict, counts, ", ".join(f"{d} {c}" for d, c in counts.items()))


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
    ev = {"outside": k, "outside_base": n, "foip": kf, "foip_base": nf, "p_majority": t.p}
    if n == 0 or nf == 0:
        return Result(CANNOT, ev, f"{k} of {n}", why="no bilateral_other or no FOIP initiatives")
    f = st.fisher_2x2(k, n, kf, nf, alternative="two-sided")
    ev["p_fisher"] = f.p
    more = k / n > kf / nf and f.significant
    verdict = SUPPORTED if maj == SUPPORTED and more else PARTLY if (maj != NOT_SUPPORTED or more) else NOT_SUPPORTED
    basis = (f"equipment or modernisation in {_pct(k, n)} bilateral_other (binomial vs half {_p(t)}) "
             f"vs {_pct(kf, nf)} FOIP (Fisher {_p(f)})")
    return Result(verdict, ev, basis)


@claim(
    "defence_industry_outside_foip",
    "concluding",
    "Some arms-industry cooperation runs outside FOIP and serves one state's own aims.",
)
def _industry_outside(ds: Dataset) -> Result:
    di = _with_domain(ds, ["defence_industry"])
    out = di & (ds.initiatives["framework"].astype(str) != "FOIP")
    k, n = int(out.sum()), int(di.sum())
    verdict = SUPPORTED if k >= 2 else PARTLY if k == 1 else NOT_SUPPORTED
    return Result(verdict, {"outside": k, "base": n}, f"{_pct(k, n)} defence-industry initiatives are outside FOIP")


# --- section 1: history, and NATO ------------------------------------------------------------------------


@claim(
    "historical_ties_fra_gbr",
    "1",
    "Long-standing links, chiefly French and British, go back decades to colonial and post-war arrangements.",
)
def _historical(ds: Dataset) -> Result:
    ini = ds.initiatives
    old = _in(ini["year"], None, 1989) | ini["framework"].astype(str).isin(["historical", "FPDA"])
    fg = old & _with_party(ds, ["FRA", "GBR"])
    k, n = int(fg.sum()), int(old.sum())
    verdict, t = _majority(k, n)
    if n < st.MIN_BASE and verdict == SUPPORTED:
        verdict = PARTLY
    return Result(verdict, {"fra_or_gbr": k, "base": n, "p": t.p},
                  f"{_pct(k, n)} long-standing ties (before 1990, or historical/FPDA) involve FRA or GBR (binomial {_p(t)})")


@claim(
    "nato_stepping_up",
    "summary",
    "NATO itself has lately done more to work with Indo-Pacific partners.",
)
def _nato(ds: Dataset) -> Result:
    ini = ds.initiatives
    nato = ini["framework"].astype(str) == "NATO"
    wr = st.window_rates(ini.loc[nato, "year"], RECENT, EARLIER)
    u = int((nato & ini["year"].isna()).sum())
    ev = {"recent": wr.recent_count, "earlier": wr.earlier_count, "p": wr.test.p, "undated": u}
    basis = f"NATO initiatives {wr.recent_count} in {_w(RECENT)} vs {wr.earlier_count} in {_w(EARLIER)}; {u} undated"
    total = wr.recent_count + wr.earlier_count
    if total < st.MIN_BASE:
        return Result(CANNOT, ev, basis, why=f"only {total} dated NATO initiatives in the two windows (fewer than {st.MIN_BASE})")
    verdict = (SUPPORTED if wr.test.significant else PARTLY) if wr.recent_count > wr.earlier_count else NOT_SUPPORTED
    return Result(verdict, ev, basis + f" (binomial {_p(wr.test)})")


# --- the ledger -------------------------------------------------------------------------------------------


def run(ds: Dataset) -> dict[str, Result]:
    """Every claim's result on ``ds``."""
    return {cid: c.test(ds) for cid, c in CLAIMS.items()}


def robustness(ds: Dataset) -> pd.DataFrame:
    """Long table: claim, rule, verdict, basis; one row per claim and counting-rule variant."""
    rows = []
    for rule, variant in counting.variants(ds).items():
        for cid, res in run(variant).items():
            rows.append({"claim": cid, "rule": rule, "verdict": res.verdict, "basis": res.basis})
    return pd.DataFrame(rows, columns=["claim", "rule", "verdict", "basis"])


def ledger(ds: Dataset) -> pd.DataFrame:
    """One row per claim: verdict on the shipped counting, evidence, basis, and robustness summary."""
    base = run(ds)
    rob = robustness(ds)
    rows = []
    for cid, c in CLAIMS.items():
        r = base[cid]
        checks = rob[rob["claim"] == cid]
        differ = checks.loc[checks["verdict"] != r.verdict, "rule"].tolist()
        rows.append({
            "id": cid, "section": c.section, "paraphrase": c.paraphrase, "verdict": r.verdict,
            "evidence": r.evidence, "basis": r.basis, "why": r.why or "",
            "robust_k": len(checks) - len(differ), "robust_n": len(checks), "fragile_under": "; ".join(differ),
        })
    return pd.DataFrame(rows)
