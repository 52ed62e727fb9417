"""What is coded (notebook 01): figure titles and the summary, computed from the analysis tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from indopac import text
from indopac.analysis.country import *
from indopac.analysis.counts import *
from indopac.analysis.domains import *
from indopac.analysis.parties import *

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


def _talk_outnumbers_action(ds: Dataset) -> bool:
    k = ds.initiatives["kind"].astype(str)
    talk = k.isin(["agreement", "declaration", "dialogue", "ministerial_meeting", "summit", "conference"]).sum()
    action = k.isin(["exercise", "deployment", "operation"]).sum()
    return bool(talk > action)


def headline_composition(ds: Dataset) -> str:
    n = len(ds.initiatives)
    if n == 0:
        return "No initiative is in the selection"
    fw = counts_by(ds, "framework").sort_values("count", ascending=False, kind="stable").iloc[0]
    kind = counts_by(ds, "kind").sort_values("count", ascending=False, kind="stable").iloc[0]
    return (f"{fw['label']} frames {fw['count']} of the {n} initiatives; agreements, dialogues and meetings "
            f"outnumber exercises and deployments" if _talk_outnumbers_action(ds) else
            f"{fw['label']} frames {fw['count']} of the {n} initiatives; the commonest kind is "
            f"{kind['label'].lower()} ({kind['count']})")


def headline_sections(ds: Dataset) -> str:
    c = counts_by(ds, "source_section").sort_values("count", ascending=False, kind="stable").iloc[0]
    return (f"Section {c['source_section']} of the study ({text.SECTION_TITLES.get(c['source_section'], ' ').split(' ', 1)[1]}) "
            f"supplies the most initiatives: {c['count']} of {len(ds.initiatives)}")


def headline_parties(ds: Dataset) -> str:
    t = parties_table(ds)
    if t.empty:
        return "No party is in the selection"
    top, second = t.iloc[0], (t.iloc[1] if len(t) > 1 else None)
    more = f", {top['initiatives'] / second['initiatives']:.1f} times as many as {text.the(second['label'])}" if (
        second is not None and second["initiatives"] and top["initiatives"] > second["initiatives"]) else ""
    return f"{text.the(top['label'], True)} is party to {top['initiatives']} of the {len(ds.initiatives)} initiatives{more}"


def headline_dates(ds: Dataset) -> str:
    q = counts_by(ds, "year_basis").set_index("year_basis")["count"]
    n = len(ds.initiatives)
    return (f"{q.get('unknown', 0)} of {n} initiatives have no date in the study, and {q.get('inferred', 0)} "
            f"dates are inferred from relative phrases")


def summary_overview(ds: Dataset) -> str:
    """What the dataset holds, in three sentences."""
    ini = ds.initiatives
    n = len(ini)
    span = ds.year_range()
    eu = ds.parties("european")
    ip = ds.parties("indo_pacific")
    kinds = counts_by(ds, "kind").sort_values("count", ascending=False, kind="stable")
    fw = counts_by(ds, "framework").sort_values("count", ascending=False, kind="stable")
    q = counts_by(ds, "year_basis").set_index("year_basis")["count"]
    top_k = kinds.iloc[0]
    top_f = fw.iloc[0]
    span_txt = f"start between {span[0]} and {span[1]}" if span else "have no start year"
    return (
        f"The dataset codes **{n} initiatives** from the study; the dated ones {span_txt}. "
        f"They involve {text.plural(len(eu), 'European party', 'European parties')} and "
        f"{text.plural(len(ip), 'Indo-Pacific party', 'Indo-Pacific parties')}. "
        f"The most common kind is *{top_k['label'].lower()}* ({top_k['count']}, {text.percent(top_k['count'], n)}), "
        f"and the most common framework is {top_f['label']} ({top_f['count']}, {text.percent(top_f['count'], n)}). "
        f"Dates: {q.get('stated', 0)} stated in the study, {q.get('inferred', 0)} inferred from a relative date, "
        f"and {q.get('unknown', 0)} undated ({text.percent(q.get('unknown', 0), n)}), which time charts leave out."
    )
