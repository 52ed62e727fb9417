"""The claims ledger in words: evidence sentences, robustness, the ledger table, claims.csv and claims.md.

:mod:`indopac.analysis.claims` computes each claim's verdict and evidence numbers; this
module only says them, with the wording rules of :mod:`indopac.text`: a share carries its
count and base (counts only below :data:`~indopac.analysis.stats.MIN_BASE`), a tie is named
as a tie, a rate comparison names its two equal windows, a test is named with its p-value,
a claim the undated rows could change gives both bounds, and a claim that counts FOIP says
which counting rule it uses.

The ledger measures whether the study's own evidence, as coded, supports its claims; the
dataset is coded from the same study, so it does not test the world. Every product here
says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indopac import text
from indopac.analysis import claims as cl
from indopac.analysis import counting
from indopac.analysis import stats as st
from indopac.files import write_text_atomic
from indopac.memo import per_dataset

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset

#: what the ledger measures, said once for every product
MEASURES = (
    "The dataset is coded from the same study whose claims it checks. The ledger therefore tests whether the "
    "study's own evidence, as coded, supports each claim; it does not test the world. A missing initiative is "
    "not evidence that nothing happened, and a supported claim is not shown true beyond the study."
)

FISHER = "Fisher's exact test"

#: the columns of claims.csv, in order
CSV_COLUMNS = ["id", "section", "paraphrase", "verdict", "evidence", "basis", "why", "robust_k", "robust_n",
               "fragile_under"]

#: short names of the fixed counting rules (sections are named by :func:`rule_label`)
RULE_LABELS = {
    "as_coded": "as coded",
    "foip_from_2016": "FOIP only from 2016",
    "fold_recurring_series": "series folded",
    "undated_early": "undated all early",
    "undated_late": "undated all late",
    "multilateral_once": "multilateral once",
    "per_pair": "once per pair",
}


def rule_label(rule: str) -> str:
    """A counting rule's short name: ``"FOIP only from 2016"``, ``"without §3.1"``."""
    if rule.startswith("without_section:"):
        return f"without {text.section_label(rule.split(':', 1)[1])}"
    return RULE_LABELS.get(rule, rule)


#: each counting rule as the subject of a sentence ("counting FOIP only from 2016 moves ...")
RULE_ACTIONS = {
    "foip_from_2016": "counting FOIP only from 2016",
    "fold_recurring_series": "folding recurring series",
    "undated_early": "placing every undated initiative early",
    "undated_late": "placing every undated initiative late",
    "multilateral_once": "counting each multilateral initiative once",
    "per_pair": "counting multilateral initiatives once per pair",
}


def rule_action(rule: str) -> str:
    """A counting rule as a sentence's subject: ``"leaving out §2.2"``, ``"counting FOIP only from 2016"``."""
    if rule.startswith("without_section:"):
        return f"leaving out {text.section_label(rule.split(':', 1)[1])}"
    return RULE_ACTIONS.get(rule, rule)


def rule_description(rule: str) -> str:
    """A counting rule in a sentence's words."""
    if rule.startswith("without_section:"):
        return f"the initiatives of {text.section_label(rule.split(':', 1)[1])} left out"
    return counting.RULE_DESCRIPTIONS.get(rule, rule)


# --- small wording helpers ------------------------------------------------------------------


_share = text.share
_span = text.span


def _actor(ds: Dataset, code: str, start: bool = False) -> str:
    return text.running_name(ds.actor_name, code, start=start)


def _actors(ds: Dataset, codes, empty: str = "none") -> str:
    return text.join_names([_actor(ds, c) for c in codes], empty=empty)


def _domain(ds: Dataset, code: str) -> str:
    name = dict(zip(ds.domains["code"].astype(str), ds.domains["label"].astype(str))).get(code, code)
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _domains(ds: Dataset, codes, empty: str = "none") -> str:
    return text.join_names([_domain(ds, c) for c in codes], empty=empty)


def _pair(ds: Dataset, pair: str) -> str:
    return "–".join(_actor(ds, c) for c in pair.split("–"))


def foip_rule_words(rule: dict) -> str:
    """Which counting rule a FOIP count uses: the framework as coded, and what counting from 2016 would change."""
    k, year = rule["before_announced"], rule["announced"]
    if k == 0:
        return (f"FOIP as coded; every dated FOIP initiative starts in {year} or later, so counting FOIP only from "
                f"Japan's {year} announcement changes nothing")
    return (f"FOIP as coded, including {text.plural(k, 'initiative')} that "
            f"{text.verb_for(k, 'starts')} before Japan announced FOIP in {year}")


def _lead(ds: Dataset, ev: dict, name: Callable[[str], str]) -> str:
    """The leader of a count, ties named as ties, and the margin over the runner-up with its test."""
    leaders = ev["leaders"]
    if not leaders:
        return "nothing is coded"
    if len(leaders) > 1:
        return f"a tie at {ev['top']} between {text.join_names([name(c) for c in leaders])}"
    if ev["code"] not in leaders:
        return f"{name(leaders[0])} leads with {ev['top']}; {name(ev['code'])} has {ev['count']}"
    if "runner_up" not in ev:
        return f"{name(ev['code'])} {ev['top']}, and nothing else"
    runners = ev["runner_up"]
    against = (f"{name(runners[0])} {ev['runner_up_count']}" if len(runners) == 1
               else f"{ev['runner_up_count']} each for {text.join_names([name(c) for c in runners])}")
    return (f"{name(ev['code'])} {ev['top']} against {against} (paired binomial test on the initiatives coded with one but not the other, "
            f"{text.p_words(ev['p'])})")


# --- one evidence sentence per claim ----------------------------------------------------------


def _proliferation(ds: Dataset, ev: dict) -> str:
    s = "dated initiatives: " + text.windows_phrase(ev["recent"], ev["recent_window"], ev["earlier"], ev["earlier_window"])
    if ev["recent"] + ev["earlier"] >= st.MIN_BASE:
        s += f", {text.ratio_words(ev['ratio'])} ({text.tested('binomial test', ev['p'])})"
    lo, hi = ev["ratio_if_undated_earlier"], ev["ratio_if_undated_recent"]
    if ev["undated"]:
        s += (f"; the {text.plural(ev['undated'], 'undated initiative')} could put the ratio anywhere from "
              f"{'0' if lo is None else f'{lo:.1f}'} to {'no bound' if hi is None else f'{hi:.1f}'}")
    return s


def _recent_majority(ds: Dataset, ev: dict) -> str:
    s = (f"{_share(ev['dated_count'], ev['dated_base'])} dated initiatives {text.verb_for(ev['dated_count'], 'starts')} in {_span(ev['window'])} "
         f"({text.tested('binomial test against half', ev['p'])})")
    if ev["undated"]:
        lo, hi, n = ev["low_count"], ev["high_count"], ev["base"]
        s += (f"; with the {text.plural(ev['undated'], 'undated initiative')} all early or all late, "
              f"{_share(lo, n)} to {_share(hi, n)}")
    return s


def _foip_growth(ds: Dataset, ev: dict) -> str:
    return (f"FOIP holds {_share(ev['foip'], ev['base'])} initiatives dated {_span(ev['window'])} "
            f"({text.tested('binomial test against half', ev['p'])}); counting rule: {foip_rule_words(ev['foip_rule'])}")


def _foip_overshadows(ds: Dataset, ev: dict) -> str:
    return (f"dated to {ev['to']}: {ev['foip_dated']} FOIP initiatives against {ev['other_dated']} under all other "
            f"frameworks combined ({text.tested('binomial test', ev['p'])}); undated: {ev['foip_undated']} against "
            f"{ev['other_undated']}; counting rule: {foip_rule_words(ev['foip_rule'])}")


def _fra_gbr_lead(ds: Dataset, ev: dict) -> str:
    s = f"{_actor(ds, 'GBR', True)} takes part in {text.plural(ev['GBR'], 'initiative')} and France in {ev['FRA']}"
    if not ev["next"]:
        return s + "; no other European state takes part"
    nxt = ev["next"]
    s += f"; next {'come' if len(nxt) > 1 else 'comes'} {_actors(ds, nxt)} with {ev['next_count']}"
    if len(nxt) > 1:
        s += " each"
    return s + (f" (paired binomial test of {_actor(ds, ev['weaker'])} against the next, "
                f"{text.p_words(ev['p'])})")


def _fra_jpn_pioneer(ds: Dataset, ev: dict) -> str:
    n = ev["regular_state_dialogues_dated"]
    if not n:
        return "no dated regular dialogue between a European and an Indo-Pacific state is coded"
    pairs = [_pair(ds, p) for p in ev["first"]]
    first = (f"{pairs[0]}, from {ev['first_year']}" if len(pairs) == 1
             else f"a tie in {ev['first_year']} between {text.join_names(pairs)}")
    return f"of {n} dated regular state-to-state {text.noun(n, 'dialogue')}, the earliest is {first}"


def _france_early(ds: Dataset, ev: dict) -> str:
    n = ev["initiatives"]
    head = f"of the {text.plural(n, 'initiative')} dated before {ev['before']}, "
    if not ev["leaders"]:
        return head + "none has a European state"
    if len(ev["leaders"]) > 1:
        return head + f"{_actors(ds, ev['leaders'])} tie as the most active, with {ev['top']} each; France has {ev['FRA']}"
    return head + f"the most active European state is {_actor(ds, ev['leaders'][0])} ({ev['top']}); France has {ev['FRA']}"


def _fra_gbr_first(ds: Dataset, ev: dict) -> str:
    first = ev["first_year"]
    own = ", ".join(f"{_actor(ds, c)} {first[c]}" if c in first else f"{_actor(ds, c)} none" for c in ("FRA", "GBR"))
    states = "state" if len(ev["next"]) == 1 else "states"
    nxt = (f"the next European {states}, {_actors(ds, ev['next'])}, in {ev['next_year']}" if ev["next"]
           else "no other European state has a dated FOIP initiative")
    return f"first dated FOIP initiative: {own}; {nxt}; counting rule: {foip_rule_words(ev['foip_rule'])}"


def _europe_widening(ds: Dataset, ev: dict) -> str:
    new, cee, und = ev["new"], ev["new_cee"], ev["undated_only"]
    s = (f"{text.plural(len(new), 'European state')} first {text.verb_for(len(new), 'appears')} with Japan in "
         f"{ev['from']} or later ({_actors(ds, new)}), {len(cee)} of them Central or Eastern European")
    if und:
        s += (f"; {len(und)} more {text.verb_for(len(und), 'appears')} with Japan only in undated initiatives "
              f"({_actors(ds, und)}) and cannot be placed")
    return s


def _europe_more(ds: Dataset, ev: dict) -> str:
    return (f"{text.plural(ev['recent_states'], 'European state')} {text.verb_for(ev['recent_states'], 'takes')} "
            f"part in initiatives dated {_span(ev['recent_window'])} against {ev['earlier_states']} in "
            f"{_span(ev['earlier_window'])}, two equal five-year windows ({text.tested('binomial test', ev['p'])})")


def _newcomers(ds: Dataset, ev: dict) -> str:
    levels = [str(lv).replace("_", "-") for lv in ev["most_common_level"]]
    common = (f"the most common level is {levels[0]} ({ev['most_common_count']})" if len(levels) == 1
              else f"the most common levels tie at {ev['most_common_count']}: {text.join_names(levels)}")
    return (f"{_share(ev['minister_level'], ev['base'])} initiatives of Japan with European states other than France "
            f"and the United Kingdom {text.verb_for(ev['minister_level'], 'is')} at minister or deputy-minister level; {common}")


def _germany(ds: Dataset, ev: dict) -> str:
    if ev["first_any"] is None:
        return "no German initiative is dated"
    j = ev["first_with_japan"]
    return (f"Germany's first dated initiative starts in {ev['first_any']}; its first with Japan "
            + (f"in {j}" if j is not None else "is not dated"))


def _asia(ds: Dataset, ev: dict) -> str:
    a, b = ev["recent_states"], ev["earlier_states"]
    return (f"{text.plural(len(a), 'Indo-Pacific state')} {text.verb_for(len(a), 'takes')} part in initiatives "
            f"dated {_span(ev['recent_window'])} "
            f"against {len(b)} in {_span(ev['earlier_window'])}; first appearing in {_span(ev['recent_window'])}: "
            f"{_actors(ds, ev['new'])}")


def _japan_hub(ds: Dataset, ev: dict) -> str:
    s = f"Japan takes part in {_share(ev['japan'], ev['base'])} initiatives ({text.tested('binomial test against half', ev['p'])})"
    if len(ev["leaders"]) > 1:
        s += f"; it ties with {_actors(ds, [c for c in ev['leaders'] if c != 'JPN'])} as the most frequent partner"
    if ev["next"]:
        s += f"; next {'come' if len(ev['next']) > 1 else 'comes'} {_actors(ds, ev['next'])} with {ev['next_count']}"
    return s


def _japan_entry(ds: Dataset, ev: dict) -> str:
    s = (f"for {_share(ev['count'], ev['base'])} European states the first initiative includes Japan "
         f"({text.tested('binomial test against half', ev['p'])})")
    if ev["not_via_japan"]:
        s += f"; not for {_actors(ds, ev['not_via_japan'])}"
    return s


def _japan_bridge(ds: Dataset, ev: dict) -> str:
    s = (f"{text.plural(ev['same_side_rows'], 'initiative')} {text.verb_for(ev['same_side_rows'], 'puts')} Japan "
         f"with another Indo-Pacific party ({_actors(ds, ev['japan_partners'])}); "
         f"{_share(ev['links_to_others_with_japan'], ev['links_to_others'])} initiatives linking Europe to another "
         f"Indo-Pacific party {text.verb_for(ev['links_to_others_with_japan'], 'includes')} Japan")
    return s + (f" ({text.tested('binomial test against half', ev['p'])})" if "p" in ev else "")


def _maritime(ds: Dataset, ev: dict, what: str) -> str:
    name = lambda c: _domain(ds, c)
    without = ev["leaders_without_dialogue_group"]
    sub = (f"{name(without[0])} ({ev['top_without_dialogue_group']})" if len(without) == 1
           else f"a tie at {ev['top_without_dialogue_group']} between {_domains(ds, without)}")
    return (f"of {text.plural(ev['base'], what)}: {_lead(ds, ev, name)}; leaving out the cross-cutting dialogue "
            f"codes (political dialogue, information sharing), the first field is {sub}")


def _maritime_most(ds: Dataset, ev: dict) -> str:
    return _maritime(ds, ev, "initiative")


def _maritime_foip(ds: Dataset, ev: dict) -> str:
    return _maritime(ds, ev, "FOIP initiative") + f"; counting rule: {foip_rule_words(ev['foip_rule'])}"


def _exercises(ds: Dataset, ev: dict) -> str:
    return (f"{_share(ev['maritime'], ev['exercises'])} exercises {text.verb_for(ev['maritime'], 'is')} coded maritime "
            f"({text.tested('binomial test against half', ev['p'])})")


def _capacity(ds: Dataset, ev: dict) -> str:
    n, k = ev["capacity_building"], ev["with_maritime"]
    return f"{_share(k, n)} capacity-building initiatives {text.verb_for(k, 'is')} also coded maritime"


def _cyber(ds: Dataset, ev: dict) -> str:
    return f"among the emerging domains, {_lead(ds, ev, lambda c: _domain(ds, c))}"


def _space(ds: Dataset, ev: dict) -> str:
    if not ev["dated"]:
        return f"no space initiative is dated ({text.plural(ev['undated'], 'undated one')})"
    s = (f"{_share(ev['recent'], ev['dated'])} dated space initiatives {text.verb_for(ev['recent'], 'starts')} in {ev['since']} or later; the first in "
         f"{ev['first_year']}")
    return s + (f"; {ev['undated']} more {text.verb_for(ev['undated'], 'is')} undated" if ev["undated"] else "")


def _emerging_rising(ds: Dataset, ev: dict) -> str:
    s = (f"initiatives with an emerging domain: {_share(ev['recent'], ev['recent_base'])} of those dated from "
         f"{ev['since']} against {_share(ev['earlier'], ev['earlier_base'])} of those dated before")
    if "p" in ev:
        shown = "" if ev["p"] < st.ALPHA else "; no difference is shown"
        s += f" ({text.tested(FISHER, ev['p'])}{shown})"
    return s


def _focus(ds: Dataset, ev: dict) -> str:
    return (f"{_share(ev['count'], ev['base'])} initiatives {text.verb_for(ev['count'], 'covers')} maritime security, an emerging domain or the defence "
            f"industry ({text.tested('binomial test against half', ev['p'])})")


def _nato_ap4(ds: Dataset, ev: dict) -> str:
    n, covered, wanted = ev["nato_ap4_rows"], ev["covered"], ev["wanted"]
    head = (f"{text.plural(n, 'initiative')} of NATO with all four Asia-Pacific partners "
            f"{text.verb_for(n, 'covers')} ")
    if len(covered) == len(wanted):
        return head + f"all {len(wanted)} fields named ({_domains(ds, wanted)})"
    missing = [d for d in wanted if d not in covered]
    return head + f"{len(covered)} of the {len(wanted)} fields named ({_domains(ds, covered)}; not {_domains(ds, missing)})"


def _other_areas(ds: Dataset, ev: dict) -> str:
    return "; ".join(f"{_domain(ds, d)}: {text.plural(c, 'initiative')}" for d, c in ev["counts"].items())


def _outside(ds: Dataset, ev: dict) -> str:
    s = (f"defence industry or capacity building in {_share(ev['outside'], ev['outside_base'])} bilateral initiatives "
         f"outside FOIP ({text.tested('binomial test against half', ev['p_majority'])}) against "
         f"{_share(ev['foip'], ev['foip_base'])} FOIP initiatives")
    if "p_fisher" in ev:
        s += f" ({text.tested(FISHER, ev['p_fisher'])})"
    return s + f"; counting rule: {foip_rule_words(ev['foip_rule'])}"


def _industry_outside(ds: Dataset, ev: dict) -> str:
    return (f"{_share(ev['outside'], ev['base'])} defence-industry initiatives {text.verb_for(ev['outside'], 'is')} outside FOIP; counting rule: "
            f"{foip_rule_words(ev['foip_rule'])}")


def _historical(ds: Dataset, ev: dict) -> str:
    return (f"{_share(ev['fra_or_gbr'], ev['base'])} long-standing ties (started before {ev['before']}, or coded "
            f"historical or FPDA) {text.verb_for(ev['fra_or_gbr'], 'involves')} France or the United Kingdom "
            f"({text.tested('binomial test against half', ev['p'])})")


def _nato(ds: Dataset, ev: dict) -> str:
    s = "dated NATO initiatives: " + text.windows_phrase(ev["recent"], ev["recent_window"], ev["earlier"],
                                                         ev["earlier_window"])
    if ev["recent"] + ev["earlier"] >= st.MIN_BASE:
        s += f" ({text.tested('binomial test', ev['p'])})"
    return s + (f"; {ev['undated']} undated" if ev["undated"] else "")


EVIDENCE: dict[str, Callable[[Dataset, dict], str]] = {
    "proliferation_last_decade": _proliferation,
    "recent_majority": _recent_majority,
    "foip_carries_growth": _foip_growth,
    "foip_overshadows_others": _foip_overshadows,
    "fra_gbr_lead": _fra_gbr_lead,
    "fra_jpn_pioneer_dialogue": _fra_jpn_pioneer,
    "france_early_exception": _france_early,
    "fra_gbr_first_in_foip": _fra_gbr_first,
    "europe_widening_2022": _europe_widening,
    "europe_more_states": _europe_more,
    "newcomers_minister_level": _newcomers,
    "germany_entry_2021": _germany,
    "asia_widening": _asia,
    "japan_hub": _japan_hub,
    "japan_entry_point": _japan_entry,
    "japan_bridge": _japan_bridge,
    "maritime_most_attended": _maritime_most,
    "maritime_most_in_foip": _maritime_foip,
    "exercises_serve_maritime": _exercises,
    "capacity_building_coastal": _capacity,
    "cyber_leads_emerging": _cyber,
    "space_new_field": _space,
    "emerging_domains_rising": _emerging_rising,
    "three_focus_areas": _focus,
    "nato_ap4_areas": _nato_ap4,
    "other_declared_areas": _other_areas,
    "outside_foip_procurement": _outside,
    "defence_industry_outside_foip": _industry_outside,
    "historical_ties_fra_gbr": _historical,
    "nato_stepping_up": _nato,
}

#: what decides each verdict (and so what would change it), in words built from the analysis thresholds
CRITERIA: dict[str, str] = {
    "proliferation_last_decade": (f"supported when the recent window has at least {cl.GROWTH_RATIO:g} times the "
                                  "earlier count and a binomial test gives p < 0.05; partly when it is merely higher"),
    "recent_majority": ("supported when most dated initiatives start in the window (binomial test, p < 0.05) and the "
                        "undated ones, all placed early, could not turn the majority; partly on a majority alone"),
    "foip_carries_growth": "supported when FOIP holds a majority of the window's initiatives (binomial test, p < 0.05)",
    "foip_overshadows_others": "supported when FOIP initiatives outnumber all others combined (binomial test, p < 0.05)",
    "fra_gbr_lead": ("supported when both France and the United Kingdom are ahead of every other European state, the "
                     "narrower lead by a paired binomial test at p < 0.05; partly on a tie or an untested lead"),
    "fra_jpn_pioneer_dialogue": "supported when France–Japan alone is the earliest dated regular state dialogue",
    "france_early_exception": "supported when France alone is the most active European state before the last decade",
    "fra_gbr_first_in_foip": "supported when both France and the United Kingdom have a FOIP initiative before any other state",
    "europe_widening_2022": (f"supported when at least 3 European states first appear with Japan from {cl.WIDENING_FROM}, "
                             "2 of them Central or Eastern European"),
    "europe_more_states": "supported when more states are active in the recent five years (binomial test, p < 0.05)",
    "newcomers_minister_level": (f"supported when at least {st.MIN_BASE} such initiatives, and at least "
                                 f"{cl.MANY:.0%} of them, are at minister or deputy-minister level"),
    "germany_entry_2021": f"supported when Germany's first dated initiative starts in {cl.GERMANY_FROM} or later",
    "asia_widening": "supported when more Indo-Pacific states are active in the recent five years and some appear for the first time",
    "japan_hub": "supported when Japan alone leads and takes part in a majority of initiatives (binomial test, p < 0.05)",
    "japan_entry_point": "supported when a majority of European states start with Japan (binomial test, p < 0.05)",
    "japan_bridge": (f"testable only with at least {st.MIN_BASE} initiatives that put Japan with another Indo-Pacific "
                     "party; then supported when most links to those parties include Japan"),
    "maritime_most_attended": ("supported when maritime security alone leads, ahead of the runner-up by a paired "
                               "binomial test at p < 0.05; partly on a tie, an untested lead, or a lead among fields only"),
    "maritime_most_in_foip": "as the previous claim, among FOIP initiatives",
    "exercises_serve_maritime": "supported when most exercises are maritime (binomial test, p < 0.05)",
    "capacity_building_coastal": (f"supported when at least {st.MIN_BASE} capacity-building initiatives exist and at "
                                  "least half but not all are maritime"),
    "cyber_leads_emerging": "supported when cyber alone leads the emerging domains, ahead by a paired binomial test at p < 0.05",
    "space_new_field": f"supported when every dated space initiative (at least {st.MIN_BASE}) starts in {cl.RECENT[0]} or later",
    "emerging_domains_rising": "supported when the recent share is higher and Fisher's exact test gives p < 0.05",
    "three_focus_areas": "supported when a majority of initiatives cover one of the three areas (binomial test, p < 0.05)",
    "nato_ap4_areas": "supported when the NATO–AP4 initiatives cover all three fields named",
    "other_declared_areas": "supported when each of the three fields is coded at least once",
    "outside_foip_procurement": ("supported when most bilateral initiatives outside FOIP concern equipment or "
                                 "modernisation (binomial test) and more so than FOIP ones (Fisher's exact test), both at p < 0.05"),
    "defence_industry_outside_foip": "supported when at least 2 defence-industry initiatives are outside FOIP",
    "historical_ties_fra_gbr": (f"supported when most long-standing ties involve France or the United Kingdom "
                                f"(binomial test, p < 0.05) on a base of at least {st.MIN_BASE}"),
    "nato_stepping_up": (f"testable with at least {st.MIN_BASE} dated NATO initiatives in the two windows; supported "
                         "when the recent one has more (binomial test, p < 0.05)"),
}


def evidence_sentence(ds: Dataset, cid: str, result: cl.Result) -> str:
    """The evidence of one claim's result, in one sentence (capitalised, with a full stop)."""
    return text.capitalise(EVIDENCE[cid](ds, result.evidence)) + "."


def why_sentence(ds: Dataset, cid: str, result: cl.Result) -> str:
    """Why a claim cannot be tested from the data ("" for a claim that can)."""
    ev, reason = result.evidence, result.reason
    if reason is None:
        return ""
    if reason == "network_design":
        return (f"The data link European parties only to Indo-Pacific ones; only "
                f"{text.plural(ev['same_side_rows'], 'multilateral initiative')} {text.verb_for(ev['same_side_rows'], 'links')} "
                f"Japan to another Indo-Pacific party (fewer than {st.MIN_BASE}), and taking part together does not show "
                "Japan bringing Europe to them; the claim is also a forecast.")
    if reason == "too_few_dated":
        n = ev["recent"] + ev["earlier"]
        return (f"Only {n} of the initiatives the claim counts {text.verb_for(n, 'is')} dated in the two windows, "
                f"fewer than {st.MIN_BASE}.")
    if reason == "no_dated_rows":
        return "None of the initiatives the claim is about is dated."
    if reason == "one_period_empty":
        return "One of the two periods compared has no dated initiative."
    return "The data hold no initiative the claim is about."


def robustness_words(row) -> str:
    """``"holds in 12 of 13 checks; changes under FOIP only from 2016 (to not supported)"``."""
    k, n = int(row["robust_k"]), int(row["robust_n"])
    if k == n:
        return f"holds in all {n} checks"
    changes = [f"{rule_label(r)} (to {v})" for r, v in row["changes"].items()]
    return f"holds in {k} of {n} checks; changes under {text.join_names(changes)}"


# --- the ledger as frames ----------------------------------------------------------------------

@per_dataset(copy=pd.DataFrame.copy)
def ledger_frame(ds: Dataset) -> pd.DataFrame:
    """The analysis ledger with its words: basis (the evidence sentence), why, robustness and criterion.

    Computed once per Dataset (the notebook asks for it several times).
    """
    led = cl.ledger(ds)
    results = cl.run(ds)
    led["basis"] = [evidence_sentence(ds, cid, results[cid]) for cid in led["id"]]
    led["why"] = [why_sentence(ds, cid, results[cid]) for cid in led["id"]]
    led["robustness"] = [robustness_words(r) for _, r in led.iterrows()]
    led["criterion"] = [text.capitalise(CRITERIA[cid]) + "." for cid in led["id"]]
    return led


def _json(value) -> str:
    """Evidence as compact JSON with sorted keys; floats to 4 significant digits (stable bytes)."""
    def clean(v):
        if isinstance(v, dict):
            return {str(k): clean(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if isinstance(v, float):
            return float(f"{v:.4g}")
        if hasattr(v, "item"):  # numpy scalars
            return clean(v.item())
        return v

    return json.dumps(clean(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def ledger_csv_frame(ds: Dataset) -> pd.DataFrame:
    """One row per claim, the columns of claims.csv (:data:`CSV_COLUMNS`); evidence as JSON."""
    led = ledger_frame(ds)
    out = led.assign(evidence=led["evidence"].map(_json), fragile_under=led["fragile_under"].map("; ".join))
    return out[CSV_COLUMNS].reset_index(drop=True)


def ledger_csv(ds: Dataset) -> str:
    """claims.csv as text: UTF-8, ``\\n`` line ends, the same bytes on every run."""
    return ledger_csv_frame(ds).to_csv(index=False, lineterminator="\n")


# --- the ledger in Markdown ----------------------------------------------------------------------


def _cell(value: object) -> str:
    return text.escape_markdown(value)


def verdict_counts_sentence(ds: Dataset) -> str:
    """``"Of 30 claims, 12 are supported, 11 partly supported, ..."`` (every verdict of the closed set)."""
    counts = cl.verdict_counts(ds)
    n = int(counts["claims"].sum())
    parts = [f"{int(c)} {v}" for v, c in zip(counts["verdict"], counts["claims"])]
    return (f"Of {text.plural(n, 'claim')} checked against dataset v{_cell(ds.version)}: "
            f"{text.join_names(parts)}.")


def intro_markdown(ds: Dataset) -> str:
    """What the ledger measures and how a verdict is reached (the notebook's and claims.md's opening)."""
    rules = [rule_description(r) for r in counting.RULES if r != "multilateral_once"]
    return (
        f"{MEASURES}\n\n"
        "Each claim is one the study makes, paraphrased in our own words, with the section it comes from. Its test is "
        "code that counts initiatives in the data; the verdict follows from those counts by a stated threshold and a "
        "named exact test, from a closed set: supported, partly supported, not supported, or cannot be tested from "
        "this data (with the reason). No verdict is typed by hand.\n\n"
        f"Robustness: every test is run again under each alternative counting rule ({text.join_names(rules)}) and with "
        "each section of the study left out in turn. A verdict that holds in every check does not depend on how the "
        "initiatives are counted."
    )


def ledger_table_markdown(ds: Dataset) -> str:
    """The ledger as a Markdown table: id, §, paraphrase, verdict, evidence in words, robustness."""
    led = ledger_frame(ds)
    lines = ["| id | § | claim (our words) | verdict | evidence | robustness |", "|---|---|---|---|---|---|"]
    for _, r in led.iterrows():
        evidence = r["basis"] + (f" Cannot be tested: {r['why']}" if r["why"] else "")
        cells = [r["id"], text.section_label(r["section"]), r["paraphrase"], r["verdict"], evidence, r["robustness"]]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def citation_markdown(ds: Dataset) -> str:
    """How to cite the study and the dataset version the ledger was computed on."""
    return (f"**How to cite.** Cite the study and the dataset version: {_cell(ds.cite())} The ledger above was "
            f"computed on dataset v{_cell(ds.version)}; its verdicts move when the data change.")


def ledger_markdown(ds: Dataset) -> str:
    """claims.md: what the ledger measures, the verdict counts, the table, and how to cite."""
    return "\n\n".join([
        "# The claims ledger",
        intro_markdown(ds),
        verdict_counts_sentence(ds),
        ledger_table_markdown(ds),
        citation_markdown(ds),
    ]) + "\n"


def claim_sections_markdown(ds: Dataset) -> str:
    """One short section per claim, grouped by study section in the study's order."""
    led = ledger_frame(ds)
    order = list(text.SECTION_TITLES)
    led = led.assign(_order=led["section"].map(lambda s: order.index(s) if s in order else len(order)))
    out = []
    for section, group in led.sort_values("_order", kind="stable").groupby("_order", sort=True):
        title = text.SECTION_TITLES.get(group["section"].iloc[0], text.section_label(group["section"].iloc[0]))
        out.append(f"### {_cell(title)}")
        for _, r in group.iterrows():
            body = [f"**{_cell(r['paraphrase'])}** ({_cell(r['id'])})",
                    f"- Verdict: **{r['verdict']}**.",
                    f"- Evidence: {_cell(r['basis'])}"]
            if r["why"]:
                body.append(f"- Why it cannot be tested: {_cell(r['why'])}")
            body.append(f"- What would change it: {_cell(r['criterion'])} Under other counting rules it "
                        f"{_cell(r['robustness'])}.")
            out.append("\n".join(body))
    return "\n\n".join(out)


def version_changes_markdown(now: Dataset, then: Dataset | None) -> str:
    """Which verdicts moved between two dataset versions (``then`` None: no earlier version to compare)."""
    if then is None:
        return "No earlier version of the dataset is available here, so no verdict can be compared."
    moved = cl.moved(now, then)
    head = f"Dataset v{_cell(then.version)} against v{_cell(now.version)}: "
    if moved.empty:
        return head + "no verdict moved."
    n = len(moved)
    items = [f"- {_cell(r.id)}: {r.verdict_then} → {r.verdict_now}" for r in moved.itertuples()]
    return head + f"{text.plural(n, 'verdict')} moved.\n\n" + "\n".join(items)


def headline_robustness(ds: Dataset) -> str:
    """The robustness figure's title: how many verdicts hold under every counting rule, and the rule that moves most."""
    led = ledger_frame(ds)
    n = len(led)
    k = int((led["robust_k"] == led["robust_n"]).sum())
    moves = pd.Series([r for t in led["fragile_under"] for r in t]).value_counts()
    s = f"{k} of {n} verdicts hold under every counting rule checked"
    if moves.empty:
        return s
    top = moves[moves == moves.max()]
    names = text.join_names([rule_action(r) for r in sorted(top.index)])
    verb = "moves" if len(top) == 1 else "each move"
    return s + f"; {names} {verb} {text.plural(int(moves.max()), 'verdict')}, more than any other check"


def write_reports(ds: Dataset, reports_dir: Path | str) -> list[Path]:
    """Write ``claims.csv`` and ``claims.md`` into ``reports_dir`` (atomic, unchanged bytes left alone)."""
    folder = Path(reports_dir)
    return [write_text_atomic(folder / "claims.csv", ledger_csv(ds)),
            write_text_atomic(folder / "claims.md", ledger_markdown(ds))]
