"""Finished figures of notebook 06: chart, finding title, window note, source line."""

from __future__ import annotations

from collections.abc import Sequence

from indopac.analysis.recommend import ENTRY_COMPONENTS, Recommendation, which_tables
from indopac.figures import steps
from indopac.findings.recommend import (
    components_title,
    sensitivity_title,
    standing_title,
    window_note,
)
from indopac.plots.recommend import plot_components, plot_sensitivity, plot_standing


def figure_standing(rec: Recommendation):
    """The standing chart with its title and source line, ready for ``finish.save_figure``."""
    import matplotlib.pyplot as plt


    n = 1 + len(rec.peers)
    fig, ax = plt.subplots(figsize=(9, 0.42 * n + 1.9))
    plot_standing(rec, ax=ax)
    steps.title(
        fig, standing_title(rec), f"Initiatives by Indo-Pacific partner; peers: {rec.peer_rule}"
    )
    fig.tight_layout()
    steps.add_source(fig, rec.dataset, window_note(rec))
    return fig


def figure_components(rec: Recommendation, which: str = "entry_points", n: int = 10):
    """A stacked components chart with its title and source line."""
    import matplotlib.pyplot as plt


    table = which_tables(rec, which)[0].head(n)
    fig, ax = plt.subplots(figsize=(9, 0.42 * max(len(table), 1) + 2.0))
    plot_components(rec, which, n=n, ax=ax)
    what = "entry points" if which == "entry_points" else "domains"
    steps.title(
        fig,
        components_title(rec, which),
        f"Top {len(table)} {what}; each bar is the sum of weighted components (weights in the notebook)",
    )
    fig.tight_layout()
    steps.add_source(fig, rec.dataset, window_note(rec))
    return fig


def figure_sensitivity(rec: Recommendation, factors: Sequence[float] = (0.5, 1.5), n: int = 5):
    """The sensitivity heatmap with its title and source line."""
    import matplotlib.pyplot as plt


    rows = 1 + len(ENTRY_COMPONENTS) * len(factors)
    fig, ax = plt.subplots(figsize=(9, 0.3 * rows + 2.2))
    plot_sensitivity(rec, factors, n=n, ax=ax)
    steps.title(
        fig,
        sensitivity_title(rec, factors),
        f"Rank of the top {min(n, len(rec.entry_points))} entry points when one weight is multiplied "
        f"by {' or '.join(f'{f:g}' for f in factors)}",
    )
    fig.tight_layout()
    steps.add_source(fig, rec.dataset, window_note(rec))
    return fig
