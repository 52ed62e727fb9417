"""Finished figures of notebook 01 (overview): one recipe per figure, each one call in the notebook.

Each recipe takes the notebook's :class:`~indopac.notebook.Setup`: table (analysis) -> chart
(plots) -> title (findings) -> :func:`~indopac.figures.steps.finish`, which also saves the
plotted numbers as ``<name>.csv``. Bars carry percentages of all initiatives only from
:data:`~indopac.analysis.stats.MIN_BASE` initiatives on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from indopac.analysis import stats as st
from indopac.analysis.counts import counts_by, date_quality
from indopac.analysis.parties import parties_table
from indopac.analysis.reliability import RELIABLE, TENTATIVE
from indopac.figures.steps import finish
from indopac.findings import overview as words
from indopac.findings import reliability as rel_words
from indopac.plots import charts, style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from indopac.analysis.reliability import Agreement
    from indopac.notebook import Setup


def _total(n: int) -> int | None:
    """The base for bar percentages, or None below the smallest reportable base (counts only)."""
    return n if st.share(0, n).reportable else None


def composition(nb: Setup) -> Figure:
    """Initiatives by kind, framework and level: three bar panels."""
    import matplotlib.pyplot as plt

    ds = nb.ds
    fig, axes = plt.subplots(1, 3, figsize=(13, 5.2), gridspec_kw={"wspace": 0.9})
    frames = []
    for ax, column in zip(axes, ["kind", "framework", "level"]):
        counts = counts_by(ds, column)
        counts = counts[counts["count"] > 0].sort_values("count", ascending=False, kind="stable")
        colors = style.framework_colors(ds) if column == "framework" else None
        charts.bar(counts, column, labels_="label", ax=ax, colors=colors, total=_total(len(ds)))
        ax.set_title(column.capitalize(), loc="left", fontsize=11)
        frames.append(pd.DataFrame({"column": column, "value": counts[column].astype(str),
                                    "label": counts["label"], "count": counts["count"]}))
    return finish(fig, ds, words.headline_composition(ds), words.subtitle_composition(ds),
                  name="composition", figures_dir=nb.figures_dir, data=pd.concat(frames, ignore_index=True))


def sections(nb: Setup) -> Figure:
    """Initiatives by the section of the study they are coded from (sections with none included)."""
    ds = nb.ds
    table = words.section_counts(ds)
    ax = charts.bar(table, "source_section", labels_="label", total=_total(len(ds)))
    return finish(ax, ds, words.headline_sections(ds), words.subtitle_sections(ds),
                  name="sections", figures_dir=nb.figures_dir, data=table)


def parties(nb: Setup) -> Figure:
    """Initiatives each European and Indo-Pacific party takes part in, coloured by side."""
    ds = nb.ds
    table = parties_table(ds)
    shown = table[table["side"] != "other"].reset_index(drop=True)
    side_colors = style.palette("side")
    ax = charts.bar(shown, "actor", "initiatives", labels_="label",
                    colors=dict(zip(shown["actor"], shown["side"].map(side_colors))), total=_total(len(ds)))
    names = ["European party", "Indo-Pacific party"]
    style.legend_outside(ax, style.color_handles({k: side_colors[k] for k in ("european", "indo_pacific")}, names),
                         names)
    return finish(ax, ds, words.headline_parties(ds), words.subtitle_parties(ds),
                  name="parties", figures_dir=nb.figures_dir, data=shown)


def dates(nb: Setup) -> Figure:
    """How each initiative's start year was obtained: stated, inferred, unknown."""
    ds = nb.ds
    quality = date_quality(ds)
    ax = charts.bar(quality, "year_basis", labels_="label", colors=style.palette("year_basis"),
                    total=_total(len(ds)))
    ax.figure.set_size_inches(8, 2.6)
    return finish(ax, ds, words.headline_dates(ds), words.subtitle_dates(ds),
                  name="dates", figures_dir=nb.figures_dir, data=quality)


def reliability(nb: Setup, result: Agreement | None) -> Figure | None:
    """Krippendorff's α per field with its bootstrap interval, against the 0.667 and 0.8 thresholds.

    ``result`` is :func:`indopac.findings.reliability.agreement`; None (no reliability files) draws nothing.
    """
    if result is None:
        return None
    data = rel_words.plotted_fields(result)
    ax = charts.interval_dots(data, "label", "alpha", "ci_low", "ci_high", xlabel="Krippendorff's α",
                              references={TENTATIVE: f"{TENTATIVE:g}", RELIABLE: f"{RELIABLE:g}"},
                              xlim=(min(0.0, float(data["ci_low"].min()) - 0.05), 1.05))
    return finish(ax, nb.ds, rel_words.headline_reliability(result), rel_words.subtitle_reliability(result),
                  note=rel_words.note_reliability(result), name="reliability", figures_dir=nb.figures_dir, data=data)

