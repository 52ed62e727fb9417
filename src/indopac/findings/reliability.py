"""How reliable is the coding (notebook 01): the agreement of two blind codings and what the adjudication changed, in words.

Every number comes from the files in ``<data>/reliability/`` through
:mod:`indopac.analysis.reliability`: the first coding as it was compared
(``first-coding-v1.0.0.csv``), the blind second coding (``second-coding.csv``) and the
adjudication log (``adjudication.csv``), against the current ``initiatives.csv``.
A data folder without those files gets one sentence saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from indopac import text
from indopac.analysis import reliability as rel

if TYPE_CHECKING:  # pragma: no cover
    from indopac.analysis.reliability import Agreement
    from indopac.data import Dataset


#: readable names of the compared fields
FIELD_NAMES = {
    "parties": "all parties",
    "source_section": "section",
    "source_id": "source",
    "year_basis": "date basis",
    "european_parties": "European parties",
    "indo_pacific_parties": "Indo-Pacific parties",
    "other_parties": "other parties",
    "end_year": "end year",
}

DISTANCE_NAMES = {"nominal": "nominal", "interval": "interval", "masi": "MASI (sets)", "jaccard": "Jaccard (sets)"}

NO_FILES = ("This data folder has no reliability files (`reliability/first-coding-v1.0.0.csv`, "
            "`reliability/second-coding.csv`, `reliability/adjudication.csv`), so the agreement of two codings "
            "cannot be shown.")


def _field(name: str) -> str:
    return FIELD_NAMES.get(name, name.replace("_", " "))


def _code(value: str) -> str:
    """An id as inline code (backticks in the value dropped: nothing inside a code span is escaped)."""
    return "`" + str(value).replace("`", "") + "`"


def _alpha(x: float) -> str:
    return "undefined" if pd.isna(x) else f"{x:.2f}"


def agreement(ds: Dataset) -> Agreement | None:
    """The agreement of the two codings in the dataset's folder (None when the files are missing)."""
    return None if ds.data_dir is None else rel.folder_agreement(ds.data_dir)


def summary_found(result: Agreement | None) -> str:
    """Initiative-level agreement: found by both coders, by the first only, by the second only (Markdown)."""
    if result is None:
        return NO_FILES
    c = result.initiative_counts()
    n1, n2 = len(result.first), len(result.second)
    only1 = ", ".join(_code(i) for i in result.first_only)
    only2 = ", ".join(_code(i) for i in result.second_only)
    return (
        f"The first coding (v1.0.0, {text.plural(n1, 'row')}) and the blind second coding "
        f"({text.plural(n2, 'row')}) were matched row by row by content (parties, section, year, kind, domains, "
        f"title words), since each coder made their own ids. **{c['both']} initiatives were found by both coders**, "
        f"{c['first only']} by the first coder only{f' ({only1})' if only1 else ''} and "
        f"{c['second only']} by the second coder only{f' ({only2})' if only2 else ''}."
    )


def fields_table(result: Agreement | None) -> pd.DataFrame:
    """Per field, on matched rows: distance, units with both values, α with its 95% bootstrap interval, agreement."""
    if result is None:
        return pd.DataFrame(columns=["field", "distance", "units with both values", "α", "95% CI", "agreement"])
    f = rel.field_verdicts(result)
    ci = [("" if pd.isna(lo) else f"{lo:.2f}–{hi:.2f}") for lo, hi in zip(f["ci_low"], f["ci_high"])]
    pct = [("" if pd.isna(p) else f"{100 * p:.0f}%") + (" (exact)" if name == "year" else "")
           for name, p in zip(f["field"], f["percent_agreement"])]
    return pd.DataFrame({
        "field": f["field"].map(_field),
        "distance": f["metric"].map(lambda m: DISTANCE_NAMES.get(m, m)),
        "units with both values": f["n_pairable"].astype(int),
        "α": f["alpha"].map(_alpha),
        "95% CI": ci,
        "agreement": pct,
        "reading": f["verdict"],
    })


def plotted_fields(result: Agreement) -> pd.DataFrame:
    """The fields with a defined α, as the interval chart plots them: ``label``, ``alpha``, ``ci_low``, ``ci_high``."""
    f = rel.field_verdicts(result)
    f = f[f["alpha"].notna()]
    return pd.DataFrame({"field": f["field"], "label": f["field"].map(_field), "alpha": f["alpha"],
                         "ci_low": f["ci_low"], "ci_high": f["ci_high"], "verdict": f["verdict"]}).reset_index(drop=True)


def headline_reliability(result: Agreement) -> str:
    """The chart's finding: how many fields reach α 0.8, and which do not."""
    f = rel.field_verdicts(result)
    defined = f[f["verdict"] != "undefined"]
    good = defined[defined["verdict"] == "reliable"]
    below = defined[defined["verdict"] != "reliable"]
    head = f"{len(good)} of {len(defined)} fields reach Krippendorff's α ≥ {rel.RELIABLE:g} between the two codings"
    if below.empty:
        return head
    parts = [f"{_field(r.field)} ({_alpha(r.alpha)}, {r.verdict})" for r in below.itertuples()]
    return f"{head}; {text.join_names(parts)} {text.verb_for(len(parts), 'does')} not"


def subtitle_reliability(result: Agreement) -> str:
    return (f"α per field on the {result.found_by_both} initiatives both coders found (dot), with its 95% bootstrap "
            "interval (line); dashed: the usual thresholds")


def note_reliability(result: Agreement) -> str:
    undefined = rel.field_verdicts(result).query("verdict == 'undefined'")["field"].map(_field).tolist()
    return text.notes(
        "First coding v1.0.0 against the blind second coding, before adjudication; 1,000 bootstrap resamples "
        "of the matched rows (seed 0)",
        f"not shown, α undefined (one value only, or never coded by both): {text.join_names(undefined)}"
        if undefined else None,
    )


def summary_meaning(result: Agreement | None) -> str:
    """What the figures mean: the thresholds, the weak fields, and what agreement cannot show (Markdown)."""
    if result is None:
        return ""
    f = rel.field_verdicts(result)
    defined = f[f["verdict"] != "undefined"]
    weak = defined[defined["verdict"] != "reliable"]
    close = defined[defined["low_below_reliable"]]
    parts = [(
        f"An α of {rel.RELIABLE:g} or more is usually taken as reliable, {rel.TENTATIVE:g} to {rel.RELIABLE:g} as "
        f"enough for tentative conclusions only, and less as not reliable. "
        f"{len(defined) - len(weak)} of the {len(defined)} fields with a defined α reach {rel.RELIABLE:g}."
    )]
    if len(weak):
        items = [f"`{r.field}` (α {_alpha(r.alpha)}, {r.verdict}; the coders agree on {100 * r.percent_agreement:.0f}% "
                 f"of rows)" for r in weak.itertuples()]
        parts.append(f"Below it: {text.join_names(items)}. A high percent agreement with a low α usually means that one "
                     "value is rare, so each disagreement on it weighs heavily.")
    if len(close):
        items = [f"`{r.field}` ({r.ci_low:.2f})" for r in close.itertuples()]
        parts.append(f"The interval's lower bound falls below {rel.RELIABLE:g} for {text.join_names(items)}.")
    parts.append(
        "Both coders followed the same detailed codebook, so agreement shows that its rules are applied "
        "consistently, not that the rules are right: a rule both coders apply the same wrong way agrees perfectly. "
        "That is why the data also had an expert review, and why the two were adjudicated together."
    )
    return " ".join(parts)


def summary_changes(ds: Dataset) -> str:
    """What the adjudication changed: decisions by origin and outcome, and rows removed, added, changed (Markdown)."""
    files = None if ds.data_dir is None else rel.reliability_files(ds.data_dir)
    if files is None:
        return ""
    s = rel.adjudication_summary(files["adjudication"])
    changes = rel.row_changes(files["first"], ds.data_dir / "initiatives.csv")
    total = int(s["decisions"].sum())
    coder = s[s["origin"] == "coder_disagreement"].set_index("outcome")["decisions"]
    expert = int(s.loc[s["origin"] != "coder_disagreement", "decisions"].sum())
    changed = int(s["changed"].sum())
    n_coder = int(coder.sum())
    outcome = text.join_names([
        f"{int(coder.get('second adopted', 0))} took the second coder's value",
        f"{int(coder.get('first kept', 0))} kept the first coder's",
        f"{int(coder.get('other', 0))} settled on a third value or a note",
    ])
    return (
        f"The adjudication log (`data/reliability/adjudication.csv`) records {text.plural(total, 'decision')}, "
        f"each with its reason and the section of the study: {n_coder} on disagreements between the coders "
        f"({outcome}) and {expert} on rows the expert review disputed. {changed} of the {total} changed "
        f"`initiatives.csv`. Against the first coding, version {text.escape_markdown(ds.version)} has "
        f"{text.plural(len(changes['removed']), 'row')} removed, {len(changes['added'])} added and "
        f"{len(changes['changed'])} changed ({len(ds)} rows now); `data/CHANGELOG.md` lists each of them, "
        "and the codebook (`data/README.md`) the rules that were sharpened. The agreement above is not "
        "recomputed on the adjudicated data: the adjudication read the second coding, so the two are no "
        "longer independent."
    )
