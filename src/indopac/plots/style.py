"""The house style: rcParams, colour-blind-safe palettes that never change between figures, figure and legend helpers.

Importing this module applies the style (:func:`use_style`) and selects the
non-interactive Agg backend unless a backend was already chosen (so it is safe
in scripts, tests, papermill kernels and JupyterLab alike).
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib

if "MPLBACKEND" not in os.environ and matplotlib.get_backend().lower() not in (
    "module://matplotlib_inline.backend_inline",
    "agg",
):
    # Scripts, tests and worker processes: never try to open a window.
    matplotlib.use("Agg")


import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colors as mcolors
from matplotlib import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


# --- style -----------------------------------------------------------------------

#: colours for text and lines that are not data
INK = "#222222"


MUTED = "#666666"


GRID = "#E5E5E5"


#: one colour for single-series charts: a dark slate that no category (framework, group, side) uses
ACCENT = "#2B4A5A"


SVG_HASHSALT = "indopac"


#: the print-quality PNG in figures/
PNG_DPI = 150
#: the image a notebook embeds: the saved PNG at half size, so the site can offer the saved
#: one as its 2x (high-DPI) version and the executed notebooks stay small
DISPLAY_DPI = PNG_DPI // 2


#: seaborn's white-grid theme at the "notebook" scale, where :data:`RC` leaves it: written out,
#: because importing seaborn costs about a second of CPU (it imports scipy.stats) in every process
#: that draws, a kernel's start-up included, and these values were all the house style took from it.
#: (seaborn 0.13's ``set_theme(context="notebook", style="whitegrid")``, less the keys RC sets and
#: its default colour map, "rocket", which only seaborn registers.)
THEME = {
    "axes.axisbelow": True,
    "axes.linewidth": 1.25,
    "axes.prop_cycle": cycler(color=["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3",
                                     "#8c8c8c", "#ccb974", "#64b5cd"]),  # seaborn's "deep"
    "grid.linewidth": 1.0,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "text.color": ".15",
    "xtick.bottom": False,
    "xtick.major.size": 6.0,
    "xtick.major.width": 1.25,
    "xtick.minor.size": 4.0,
    "xtick.minor.width": 1.0,
    "ytick.left": False,
    "ytick.major.size": 6.0,
    "ytick.major.width": 1.25,
    "ytick.minor.size": 4.0,
    "ytick.minor.width": 1.0,
}

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10.5,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10.5,
    "axes.labelcolor": INK,
    "axes.edgecolor": "#BBBBBB",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": GRID,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.fontsize": 9.5,
    "legend.title_fontsize": 9.5,
    "legend.frameon": False,
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.dpi": PNG_DPI,
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.15,
    # Determinism: a fixed salt for the ids in SVG files, text kept as text
    # (editable in a vector editor, and the bytes do not depend on glyph caches).
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "none",
    "path.simplify": True,
    "hatch.linewidth": 0.8,
    "hatch.color": "#FFFFFF",
}


def use_style() -> None:
    """Apply the house style: seaborn's white-grid theme (:data:`THEME`) plus the project's rcParams."""
    matplotlib.rcParams.update(THEME)
    matplotlib.rcParams.update(RC)


use_style()


# --- colours -----------------------------------------------------------------------

# Okabe & Ito (2008), the colour-blind-safe set, and Paul Tol's "muted" scheme.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}


TOL_MUTED = [
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933",
    "#DDCC77", "#CC6677", "#882255", "#AA4499", "#BBBBBB",
]


_FRAMEWORK = {
    "FOIP": OKABE_ITO["vermillion"],
    "NATO": OKABE_ITO["blue"],
    "EU": OKABE_ITO["sky_blue"],
    "FPDA": OKABE_ITO["green"],
    "UN": OKABE_ITO["orange"],
    "bilateral_other": OKABE_ITO["purple"],
    "historical": OKABE_ITO["grey"],
}


# Each colour has one meaning: framework colours (above) are used for frameworks only, so domain
# groups, sides and countries take colours no framework uses.
_GROUP = {
    "traditional": "#332288",  # Tol indigo
    "emerging": "#CC6677",  # Tol rose
    "industrial": "#999933",  # Tol olive
    "other": "#BBBBBB",
}


#: the two sides are a neutral pair (dark and light grey): no framework's colour
_SIDE = {"european": "#3A3A3A", "indo_pacific": "#B5B5B5", "other": "#E0E0E0"}


#: FOIP against all other frameworks: FOIP's own colour against a neutral grey
_FOIP = {"FOIP": OKABE_ITO["vermillion"], "Other frameworks": "#AAAAAA"}


#: the sequential colour map of counts and shares in heatmaps (white to a dark slate, no category's hue)
SEQUENTIAL = mcolors.LinearSegmentedColormap.from_list("indopac_sequential", ["#FFFFFF", "#9DB4C0", "#2B4A5A"])


#: cells whose base is too small for a share (shown as counts, not coloured by share)
SMALL_BASE = "#EFEFEF"


_YEAR_BASIS = {"stated": "#2B4A5A", "inferred": "#9DB4C0", "unknown": "#DDDDDD"}


# Country colours avoid every framework colour (so Japan never wears the UN's orange).
_REGION_CYCLE = {
    "europe": ["#004488", "#44AA99", "#117733", "#6699CC", "#332288", "#997700", "#88CCEE", "#999933"],
    "indo_pacific": ["#882255", "#DDCC77", "#AA4499", "#661100", "#CC6677", "#EE99AA", "#994455", "#EECC66"],
    "other": ["#777777", "#AAAAAA", "#555555"],
}


def _vocab(ds: Dataset | None, column: str) -> list[str]:
    from indopac.data import schema

    return list(schema.vocabulary(column, data_dir=None if ds is None else ds.data_dir))


def _ramp(base: str, n: int) -> list[str]:
    """n shades of one hue, from the full colour towards a lighter tint."""
    rgb = np.array(mcolors.to_rgb(base))
    if n == 1:
        return [mcolors.to_hex(rgb)]
    out = [mcolors.to_hex(rgb + (1 - rgb) * t) for t in np.linspace(0.0, 0.5, n)]
    # Alternate dark and light so neighbours in a list differ the most.
    return out[0::2] + out[1::2]


def framework_colors(ds: Dataset | None = None) -> dict[str, str]:
    """Framework code -> colour, in the declared vocabulary order (FOIP stands out in vermillion)."""
    return {f: _FRAMEWORK.get(f, OKABE_ITO["grey"]) for f in _vocab(ds, "framework")}


def group_colors(ds: Dataset | None = None) -> dict[str, str]:
    """Domain group -> colour: traditional blue, emerging vermillion, industrial purple, other grey."""
    groups = list(ds.domains["group"].cat.categories) if ds is not None else list(_GROUP)
    return {g: _GROUP.get(g, OKABE_ITO["grey"]) for g in groups}


def domain_colors(ds: Dataset) -> dict[str, str]:
    """Domain code -> colour: a shade of its group's colour, by order in domains.csv."""
    gc = group_colors(ds)
    out: dict[str, str] = {}
    for group, codes in ds.domains.groupby("group", observed=True, sort=False)["code"]:
        for code, colour in zip(codes, _ramp(gc[group], len(codes))):
            out[code] = colour
    return {c: out[c] for c in ds.domains["code"]}


def country_colors(ds: Dataset) -> dict[str, str]:
    """Actor code -> colour, cycling a per-region palette in actors.csv order.

    European parties get blues and greens, Indo-Pacific ones oranges, reds and
    purples, others greys. With ~50 actors some share a colour, so charts that
    show many actors label them directly and never rely on colour alone.
    """
    out = {}
    for region, codes in ds.actors.groupby("region", observed=True, sort=False)["code"]:
        cycle = _REGION_CYCLE.get(str(region), _REGION_CYCLE["other"])
        for i, code in enumerate(codes):
            out[code] = cycle[i % len(cycle)]
    return {c: out[c] for c in ds.actors["code"]}


def palette(kind: str, ds: Dataset | None = None, values: Iterable[str] | None = None) -> dict[str, str]:
    """Colour map for one kind of key, stable across figures.

    ``kind`` is one of framework, foip, kind, level, status, year_basis, side, group,
    domain, actor (alias country). ``values`` restricts (and orders) the keys
    returned; unknown values get grey.
    """
    if kind == "framework":
        full = framework_colors(ds)
    elif kind == "group":
        full = group_colors(ds)
    elif kind == "domain":
        full = domain_colors(_need(ds, kind))
    elif kind in ("actor", "country"):
        full = country_colors(_need(ds, kind))
    elif kind == "side":
        full = dict(_SIDE)
    elif kind == "foip":
        full = dict(_FOIP)
    elif kind == "year_basis":
        full = dict(_YEAR_BASIS)
    elif kind == "level":
        vocab = _vocab(ds, "level")
        # evenly spaced inside the map, ends left out (as seaborn's color_palette samples it)
        inside = np.linspace(0, 1, len(vocab) + 2)[1:-1]
        shades = [mcolors.to_hex(c) for c in matplotlib.colormaps["cividis"](inside)]
        full = dict(zip(vocab, shades))
        full["unspecified"] = "#CCCCCC"
    elif kind in ("kind", "status"):
        vocab = _vocab(ds, kind)
        cycle = [*TOL_MUTED[:9], "#004488", "#997700", "#661100", "#555555"]  # no framework colour
        full = {v: cycle[i % len(cycle)] for i, v in enumerate(vocab)}
    else:
        raise ValueError(
            f"palette: {kind!r} is not valid; valid: framework, foip, kind, level, status, year_basis, side, group, "
            "domain, actor"
        )
    if values is None:
        return full
    return {v: full.get(v, OKABE_ITO["grey"]) for v in values}


def _need(ds: Dataset | None, kind: str) -> Dataset:
    if ds is None:
        raise ValueError(f"palette({kind!r}) needs the dataset (its reference tables define the keys)")
    return ds


# --- titles, source line, partial year -------------------------------------------------


def wrap(text: str, fig: Figure, fontsize: float, bold: bool = False) -> str:
    # DejaVu Sans averages ~0.55 em per character (bold ~0.62); leave a margin.
    width_pt = fig.get_figwidth() * 72 * 0.97
    chars = max(20, int(width_pt / (fontsize * (0.64 if bold else 0.56))))
    return "\n".join(textwrap.wrap(text, chars)) if len(text) > chars else text


def mark_partial_year(ax: Axes, year: int, *, label_text: str | None = None, orientation: str = "x") -> None:
    """Shade the partial last year on a time axis and say so, so it does not read as a fall.

    Bars centred on ``year`` are hatched; a light band covers the year and a
    small label ("2023: partial") sits just above the plot area.
    """
    if orientation not in ("x", "y"):
        raise ValueError(f"orientation: {orientation!r} is not valid; valid: x, y")
    year = int(year) if float(year).is_integer() else year
    text = label_text or f"{year}:\npartial"
    for patch in ax.patches:
        try:
            x, w = (patch.get_x(), patch.get_width()) if orientation == "x" else (patch.get_y(), patch.get_height())
        except AttributeError:
            continue
        if abs(x + w / 2 - year) < 0.26 and w > 0:
            patch.set_hatch("///")
            patch.set_alpha(0.75)
    if orientation == "x":
        ax.axvspan(year - 0.5, year + 0.5, color="#F2F2F2", zorder=0, lw=0)
        ax.text(year, 1.01, text, transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                fontsize=8, color=MUTED, linespacing=1.0)
    else:
        ax.axhspan(year - 0.5, year + 0.5, color="#F2F2F2", zorder=0, lw=0)
        ax.text(1.01, year, text, transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize=8, color=MUTED)


def legend_outside(ax: Axes, handles=None, labels_=None, *, title_: str | None = None, loc: str = "right",
                   ncol: int = 1) -> None:
    """A legend outside the plot area (right of it, or below it), so it never covers data."""
    if handles is None:
        handles, labels_ = ax.get_legend_handles_labels()
    if not handles:
        return
    if loc == "right":
        ax.legend(handles, labels_, title=title_, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0, ncol=ncol, alignment="left")
    elif loc == "below":
        ax.legend(handles, labels_, title=title_, loc="upper left", bbox_to_anchor=(0, -0.2),
                  borderaxespad=0, ncol=ncol, alignment="left")
    else:
        raise ValueError(f"loc: {loc!r} is not valid; valid: right, below")


def color_handles(colours: Mapping[str, str], names: Sequence[str] | None = None) -> list[Patch]:
    """Legend patches for a colour map (names default to the keys)."""
    names = list(names) if names is not None else list(colours)
    return [Patch(facecolor=c, edgecolor="none", label=n) for c, n in zip(colours.values(), names)]


def new_figure(width: float = 8.0, height: float = 4.5, **kwargs) -> tuple[Figure, Axes]:
    """A figure and one Axes of the house size (inches)."""
    fig, ax = plt.subplots(figsize=(width, height), **kwargs)
    return fig, ax


# --- chart functions -------------------------------------------------------------------------------
# One per chart kind. Each takes tidy data (a DataFrame and column names), draws on
# ``ax`` (a new figure if None) and returns the Axes (or the Figure, for multi-panel
# charts), so a caller can adjust, add a title and a source line, and save.


def ax_or_new(ax: Axes | None, width: float = 8.0, height: float = 4.5) -> Axes:
    if ax is not None:
        return ax
    return new_figure(width, height)[1]


#: palettes a chart picks by itself when its hue column is one of these
HUE_PALETTES = ("framework", "foip", "kind", "level", "status", "year_basis", "side", "group")

#: legend titles for hue columns whose name is not a word
_HUE_TITLES = {"foip": "Framework", "group": "Domain group", "year_basis": "Date", "level": "Level"}


def hue_colors(hue: str, values: Iterable[str], ds: Dataset | None = None) -> dict[str, str]:
    """The house colours of ``values`` of a hue column (grey for a column without a palette)."""
    values = [str(v) for v in values]
    if hue in HUE_PALETTES or (ds is not None and hue in ("domain", "actor")):
        return palette(hue, ds, values)
    return {v: OKABE_ITO["grey"] for v in values}


def hue_title(hue: str) -> str:
    """A legend title for a hue column: ``"Framework"``, ``"Domain group"``."""
    return _HUE_TITLES.get(hue, hue.replace("_", " ").capitalize())
