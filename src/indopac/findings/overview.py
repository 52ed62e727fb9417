"""What is coded (notebook 01): figure titles, subtitles and the summary, computed from the analysis tables.

Ties are named as ties (:func:`indopac.analysis.stats.leaders`) and every share comes with its
count and base (:func:`indopac.text.share`, counts only below the smallest base).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from indopac import text
from indopac.analysis import stats as st
from indopac.analysis.counts import counts_by
from indopac.analysis.parties import parties_table

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


#: kinds of initiative that are talk (agreements, meetings) and that are action (forces in the field)
TALK_KINDS = ("agreement", "declaration", "dialogue", "ministerial_meeting", "summit", "conference")
ACTION_KINDS = ("exercise", "deployment", "operation")


def _leaders(ds: Dataset, column: str) -> tuple[st.Leaders, pd.Series]:
    c = counts_by(ds, column).set_index(column)
    return st.leaders(c["count"]), c["label"]


def _lead_phrase(ds: Dataset, column: str, lower: bool = False) -> str:
    """The most frequent value(s) of ``column`` with the count of all initiatives: a tie named as one."""
    lead, labels = _leaders(ds, column)
    names = [labels[c].lower() if lower else labels[c] for c in lead.codes]
    return text.ties_phrase(names, text.share(int(lead.value), len(ds)))


def headline_composition(ds: Dataset) -> str:
    n = len(ds.initiatives)
    if n == 0:
        return "No initiative is in the selection"
    k = ds.initiatives["kind"].astype(str)
    talk, action = int(k.isin(TALK_KINDS).sum()), int(k.isin(ACTION_KINDS).sum())
    lead, labels = _leaders(ds, "framework")
    names = text.join_names(labels[c] for c in lead.codes)
    frames = (f"{names} {text.verb_for(1, 'frames')} {int(lead.value)} of the {n} initiatives" if lead.sole else
              f"{names} tie as the most frequent frameworks, {int(lead.value)} of the {n} initiatives each")
    if talk > action:
        return f"{frames}; agreements, dialogues and meetings ({talk}) outnumber exercises, deployments and operations ({action})"
    return f"{frames}; the commonest kind is {_lead_phrase(ds, 'kind', lower=True)}"


def subtitle_composition(ds: Dataset) -> str:
    return f"Initiatives by kind, framework and level (n = {len(ds)})"


def section_counts(ds: Dataset) -> pd.DataFrame:
    """Initiatives per section of the study (``source_section``, ``count``, ``label``), in the study's order,
    every section the wording knows listed (0 where none is coded) and any other section after them."""
    values = ds.initiatives["source_section"].astype(str)
    order = list(text.SECTION_NAMES) + sorted(set(values) - set(text.SECTION_NAMES))
    counts = values.value_counts().reindex(order, fill_value=0)
    return pd.DataFrame({"source_section": order, "count": counts.to_numpy(dtype="int64"),
                         "label": [text.section_title(c) for c in order]})


def headline_sections(ds: Dataset) -> str:
    lead = st.leaders(section_counts(ds).set_index("source_section")["count"])
    names = text.join_names(text.section_title(c) for c in lead.codes)
    if lead.is_tie:
        return f"{names} tie as the study's sections that supply the most initiatives, {int(lead.value)} of {len(ds)} each"
    return f"{names} supplies the most initiatives: {int(lead.value)} of {len(ds)}"


def subtitle_sections(ds: Dataset) -> str:
    return "Initiatives by the section of the study they are coded from"


def headline_parties(ds: Dataset) -> str:
    t = parties_table(ds)
    t = t[t["side"] != "other"]
    if t.empty:
        return "No party is in the selection"
    lead = st.leaders(t.set_index("actor")["initiatives"])
    n = len(ds)
    names = text.join_names(text.running_name(ds.actor_name, c) for c in lead.codes)
    if lead.is_tie:
        return f"{text.capitalise(names)} tie as the most frequent parties, each in {int(lead.value)} of the {n} initiatives"
    rest = t[t["actor"] != lead.sole]
    more = ""
    if len(rest) and rest["initiatives"].iloc[0]:
        nxt = st.leaders(rest.set_index("actor")["initiatives"])
        who = text.join_names(text.running_name(ds.actor_name, c) for c in nxt.codes)
        more = f"; next: {who}, {int(nxt.value)}"
    return f"{text.capitalise(names)} is party to {int(lead.value)} of the {n} initiatives{more}"


def subtitle_parties(ds: Dataset) -> str:
    return "Initiatives each party takes part in (an initiative has several parties)"


def headline_dates(ds: Dataset) -> str:
    q = counts_by(ds, "year_basis").set_index("year_basis")["count"]
    n = len(ds.initiatives)
    unknown, inferred = int(q.get("unknown", 0)), int(q.get("inferred", 0))
    return (f"{unknown} of {n} initiatives {text.verb_for(unknown, 'has')} no date in the study, and {inferred} "
            f"{text.noun(inferred, 'date')} {text.verb_for(inferred, 'is')} inferred from relative phrases")


def subtitle_dates(ds: Dataset) -> str:
    return "How each initiative's start year was obtained"


def summary_overview(ds: Dataset) -> str:
    """What the dataset holds, in four sentences: size and version, parties, kinds and frameworks, dates."""
    n = len(ds)
    span = ds.year_range()
    eu = ds.parties("european")
    ip = ds.parties("indo_pacific")
    q = counts_by(ds, "year_basis").set_index("year_basis")["count"]
    span_txt = f"the dated ones start between {span[0]} and {span[1]}" if span else "none has a start year"
    unknown = int(q.get("unknown", 0))
    return (
        f"The dataset (version {text.escape_markdown(ds.version)}) codes **{text.plural(n, 'initiative')}** from the "
        f"study; {span_txt}. "
        f"They involve {text.plural(len(eu), 'European party')} and {text.plural(len(ip), 'Indo-Pacific party')}. "
        f"The most common kind is {_lead_phrase(ds, 'kind', lower=True)}, and the most common framework is "
        f"{_lead_phrase(ds, 'framework')}. "
        f"Dates: {int(q.get('stated', 0))} stated in the study, {int(q.get('inferred', 0))} inferred from a relative "
        f"date, and {text.share(unknown, n)} undated, which time charts leave out."
    )


def initiatives_list(ds: Dataset, country: str | None = None) -> str:
    """Every initiative (or every initiative of ``country``) as a Markdown table, every row shown.

    Sorted by start year (undated last), then title; data-derived text escaped. The columns are
    those of :func:`indopac.analysis.parties.initiatives_table` without the id.
    """
    from indopac.analysis.country import country_initiatives
    from indopac.analysis.parties import initiatives_table

    table = initiatives_table(ds).drop(columns="id") if country is None else country_initiatives(ds, country)
    if table.empty:
        return "*No initiative.*"
    head = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---:" if c == "year" else "---" for c in table.columns) + "|"
    body = [
        "| " + " | ".join("" if pd.isna(v) else text.escape_markdown(v) for v in row) + " |"
        for row in table.astype(object).itertuples(index=False)
    ]
    return "\n".join([head, rule, *body])


def parties_display(ds: Dataset) -> pd.DataFrame:
    """:func:`indopac.analysis.parties_table` with readable column names, for display (no share column)."""
    return parties_table(ds).rename(columns={
        "label": "party", "actor_kind": "type", "foip": "under FOIP", "partners": "partners met",
        "first_year": "first", "last_year": "last"}).drop(columns=["share"])
