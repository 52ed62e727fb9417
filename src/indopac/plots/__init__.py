"""The plots layer: the house style and one function per chart kind.

- :mod:`~indopac.plots.style`: rcParams, palettes and colours that never change between
  figures, legends, the partial-year shading (importing it applies the style);
- :mod:`~indopac.plots.charts`: bar, stacked bars, lines, heatmap, swimlane, ... (tidy data
  in, the Axes out, house style by default);
- :mod:`~indopac.plots.network`, :mod:`~indopac.plots.recommend`: the network drawings and
  the recommendation charts.

A chart carries no title, note or source line: :mod:`indopac.figures` finishes figures.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from indopac.labels import label, labels
from indopac.plots.charts import (
    bar,
    entrants_chart,
    entry_timeline,
    first_year_dots,
    heatmap,
    lines,
    share_comparison,
    stacked_bars,
    swimlane,
)
from indopac.plots.style import (
    ACCENT,
    GRID,
    INK,
    MUTED,
    OKABE_ITO,
    PNG_DPI,
    RC,
    SVG_HASHSALT,
    TOL_MUTED,
    ax_or_new,
    color_handles,
    country_colors,
    domain_colors,
    framework_colors,
    group_colors,
    legend_outside,
    mark_partial_year,
    new_figure,
    palette,
    use_style,
    wrap,
)

__all__ = [
    "ACCENT",
    "GRID",
    "INK",
    "MUTED",
    "OKABE_ITO",
    "PNG_DPI",
    "RC",
    "SVG_HASHSALT",
    "TOL_MUTED",
    "ax_or_new",
    "bar",
    "color_handles",
    "country_colors",
    "domain_colors",
    "entrants_chart",
    "entry_timeline",
    "first_year_dots",
    "framework_colors",
    "group_colors",
    "heatmap",
    "label",
    "labels",
    "legend_outside",
    "lines",
    "mark_partial_year",
    "new_figure",
    "palette",
    "plt",
    "share_comparison",
    "stacked_bars",
    "swimlane",
    "use_style",
    "wrap",
]
