"""Finished figures of notebook 06: chart, a title that says what is input and what is data, notes,
source line, and the saved PNG, SVG and CSV of the plotted numbers (through :func:`steps.finish`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indopac import text
from indopac.analysis.recommend import Recommendation, standing, which_tables
from indopac.analysis.sensitivity import robustness
from indopac.figures import steps
from indopac.findings.recommend import (
    components_title,
    sensitivity_title,
    standing_title,
    strengths_phrase,
    window_note,
)
from indopac.plots.recommend import (
    check_label,
    plot_components,
    plot_sensitivity,
    plot_standing,
    standing_partners,
)


def _inputs_note(rec: Recommendation) -> str:
    """What the hatched part is, or that nothing is stated."""
    if not rec.strengths:
        return f"No strengths stated for {rec.focus_name}: every bar comes from the data alone"
    return (
        f"Hatched: the part that comes from the stated strengths, an input ({strengths_phrase(rec)}); "
        f"the rest comes from the data"
    )


def _note(rec: Recommendation, *extra: str | None) -> str:
    return "\n".join(x for x in (*extra, window_note(rec)) if x)


def figure_standing(rec: Recommendation, name: str | None = None, figures_dir: Path | str | None = None):
    """The standing chart, finished; saved as ``name`` (with standing.csv) when ``name`` is given."""
    import matplotlib.pyplot as plt

    n = 1 + len(rec.peers)
    fig, ax = plt.subplots(figsize=(9, 0.42 * n + 1.9))
    plot_standing(rec, ax=ax)
    fig.tight_layout()
    return steps.finish(
        fig, rec.dataset, standing_title(rec), f"Initiatives by Indo-Pacific partner; peers: {rec.peer_rule}",
        note=_note(rec, _others_note(rec)), name=name, figures_dir=figures_dir, data=standing_data(rec),
    )


def _others_note(rec: Recommendation) -> str | None:
    """Who the grey "Other partners" segment holds, when there is one."""
    others = [rec.dataset.actor_name(c) for c, shown in standing_partners(rec).items() if shown == "Other partners"]
    return f"Other partners (grey): {text.join_names(others)}" if others else None


def standing_data(rec: Recommendation) -> pd.DataFrame:
    """The numbers of the standing chart: initiatives per (country, partner), with names and the segment drawn."""
    table = standing(rec)
    ds = rec.dataset
    drawn = standing_partners(rec)
    return pd.DataFrame({
        "country": table["country"],
        "country_label": table["country"].map(ds.actor_name),
        "role": table["role"],
        "partner": table["partner"],
        "partner_label": [ds.actor_name(c) if c in drawn else "" for c in table["partner"]],
        "segment": table["partner"].map(drawn).fillna(""),
        "initiatives": table["initiatives"],
    })


def _components_data(rec: Recommendation, which: str, n: int) -> pd.DataFrame:
    table = which_tables(rec, which)[0].head(n)
    ranking = "from the data alone" if which.endswith("_data") or not rec.strengths else "with the stated strengths"
    return table.assign(ranking=ranking)


def figure_entry_points(rec: Recommendation, n: int = 10, name: str | None = None,
                        figures_dir: Path | str | None = None):
    """Entry points with the stated strengths, their input part hatched (CSV: both rankings)."""
    import matplotlib.pyplot as plt

    table = rec.entry_points.head(n)
    fig, ax = plt.subplots(figsize=(9, 0.42 * max(len(table), 1) + 2.0))
    plot_components(rec, "entry_points", n=n, ax=ax)
    fig.tight_layout()
    return steps.finish(
        fig, rec.dataset, components_title(rec, "entry_points"),
        f"Top {len(table)} entry points; each bar is the sum of weighted components (weights in the notebook)",
        note=_note(rec, _inputs_note(rec)), name=name, figures_dir=figures_dir, data=entry_points_data(rec, n),
    )


def entry_points_data(rec: Recommendation, n: int = 10) -> pd.DataFrame:
    """The entry-point bars: weighted components per candidate, both rankings (column ``ranking``)."""
    data = _components_data(rec, "entry_points", n)
    if rec.strengths:
        data = pd.concat([_components_data(rec, "entry_points_data", n), data], ignore_index=True)
    return data


def domains_data(rec: Recommendation, n: int = 10) -> pd.DataFrame:
    """The domain bars: weighted components per domain, both rankings (column ``ranking``)."""
    data = _components_data(rec, "domains", n)
    if rec.strengths:
        data = pd.concat([_components_data(rec, "domains_data", n), data], ignore_index=True)
    return data


def figure_domains(rec: Recommendation, n: int = 10, name: str | None = None,
                   figures_dir: Path | str | None = None):
    """Domains: from the data alone, and (when strengths are stated) beside it with them, input hatched."""
    import matplotlib.pyplot as plt

    rows = max(len(rec.domains.head(n)), 1)
    if rec.strengths:
        fig, (left, right) = plt.subplots(1, 2, figsize=(13, 0.42 * rows + 2.2), sharex=True)
        plot_components(rec, "domains_data", n=n, ax=left, legend=False)
        plot_components(rec, "domains", n=n, ax=right)
        left.set_title("From the data alone", loc="left", fontsize=11)
        right.set_title("With the stated strengths (input)", loc="left", fontsize=11)
    else:
        fig, ax = plt.subplots(figsize=(9, 0.42 * rows + 2.0))
        plot_components(rec, "domains", n=n, ax=ax)
    fig.tight_layout()
    return steps.finish(
        fig, rec.dataset, components_title(rec, "domains"),
        f"Top {rows} domains; each bar is the sum of weighted components (weights in the notebook)",
        note=_note(rec, _inputs_note(rec)), name=name, figures_dir=figures_dir, data=domains_data(rec, n),
    )


def figure_components(rec: Recommendation, which: str = "entry_points", n: int = 10, **kwargs):
    """:func:`figure_entry_points` or :func:`figure_domains` by ``which``."""
    if which.startswith("entry"):
        return figure_entry_points(rec, n=n, **kwargs)
    return figure_domains(rec, n=n, **kwargs)


def robustness_data(rec: Recommendation, n: int = 5) -> pd.DataFrame:
    """The robustness checks as plotted: one row per check, one rank column per top entry point."""
    checks = robustness(rec)
    codes = rec.entry_points["code"].head(n).tolist()
    out = checks.drop(columns="ranks").assign(label=[check_label(r) for r in checks.itertuples()])
    for c in codes:
        out[f"rank_{c}"] = [r.get(c) for r in checks["ranks"]]
    return out


def figure_sensitivity(rec: Recommendation, n: int = 5, name: str | None = None,
                       figures_dir: Path | str | None = None):
    """The robustness heatmap (stated strengths, components, sections, weights ±50%), finished."""
    import matplotlib.pyplot as plt

    data = robustness_data(rec, n)
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(data) + 2.2))
    plot_sensitivity(rec, n=n, ax=ax)
    fig.tight_layout()
    return steps.finish(
        fig, rec.dataset, sensitivity_title(rec),
        f"Rank of the top {min(n, len(rec.entry_points))} entry points under each check: without the stated "
        "strengths, each component or study section left out, each weight ×0.5 or ×1.5",
        note=_note(rec, "–: not a candidate under that check (a section left out removes all its initiatives)"),
        name=name, figures_dir=figures_dir, data=data,
    )
