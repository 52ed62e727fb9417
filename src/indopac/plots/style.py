"""One house style for every figure, stable colours, and deterministic saving.

Importing this module applies the style (:func:`use_style`) and selects the
non-interactive Agg backend unless a backend was already chosen (so it is safe
in scripts, tests, papermill kernels and JupyterLab alike).

The pieces every figure uses:

- colours that never change between figures: :func:`palette` (and the
  shortcuts :func:`framework_colors`, :func:`domain_colors`,
  :func:`country_colors`), derived from the declared vocabularies and the
  reference tables, never from what a filtered frame happens to contain;
- :func:`label` for readable names of codes ("bilateral_other" ->
  "Bilateral, outside FOIP"; defined in :mod:`indopac.labels`, re-exported here);
- :func:`title` for a finding-stating title (wrapped to the figure width);
- :func:`add_source` for the source line (and an optional note, such as how
  many undated initiatives a time chart leaves out);
- :func:`mark_partial_year` so that the study's last, partial year does not
  read as a fall;
- :func:`save_figure` writing ``<name>.png`` and ``<name>.svg``, byte-identical
  on every run, atomically.

The chart functions below (one per chart kind, seaborn-like: tidy data in, the
Axes out) all build on these.
"""

from __future__ import annotations

import io
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
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
import pandas as pd
import seaborn as sns
from matplotlib import colors as mcolors
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from indopac.files import write_atomic
from indopac.labels import _LABELS, label, labels  # noqa: F401 (re-exported: plots.label, plots.labels)

if TYPE_CHECKING:
    from indopac.analysis import YearWindow
    from indopac.data import Dataset

# --- style -----------------------------------------------------------------------

#: colours for text and lines that are not data
INK = "#222222"
MUTED = "#666666"
GRID = "#E5E5E5"
#: one colour for single-series charts
ACCENT = "#0072B2"

SVG_HASHSALT = "indopac"
PNG_DPI = 150

_RC = {
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
    """Apply the house style: seaborn's white-grid theme plus the project's rcParams."""
    sns.set_theme(context="notebook", style="whitegrid", rc=_RC)
    matplotlib.rcParams.update(_RC)


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
_GROUP = {
    "traditional": OKABE_ITO["blue"],
    "emerging": OKABE_ITO["vermillion"],
    "industrial": OKABE_ITO["purple"],
    "other": OKABE_ITO["grey"],
}
_SIDE = {"european": OKABE_ITO["blue"], "indo_pacific": OKABE_ITO["vermillion"], "other": OKABE_ITO["grey"]}
_YEAR_BASIS = {"stated": OKABE_ITO["blue"], "inferred": OKABE_ITO["sky_blue"], "unknown": "#CCCCCC"}
_REGION_CYCLE = {
    "europe": ["#0072B2", "#56B4E9", "#009E73", "#332288", "#44AA99", "#117733", "#88CCEE", "#999933"],
    "indo_pacific": ["#D55E00", "#E69F00", "#CC79A7", "#882255", "#CC6677", "#AA4499", "#DDCC77", "#F0E442"],
    "other": ["#777777", "#AAAAAA", "#555555"],
}


def _vocab(ds: Dataset | None, column: str) -> list[str]:
    from indopac import schema

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

    ``kind`` is one of framework, kind, level, status, year_basis, side, group,
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
    elif kind == "year_basis":
        full = dict(_YEAR_BASIS)
    elif kind == "level":
        vocab = _vocab(ds, "level")
        shades = sns.color_palette("cividis", len(vocab)).as_hex()
        full = dict(zip(vocab, shades))
        full["unspecified"] = "#CCCCCC"
    elif kind in ("kind", "status"):
        vocab = _vocab(ds, kind)
        cycle = [*TOL_MUTED[:9], OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"], "#555555"]
        full = {v: cycle[i % len(cycle)] for i, v in enumerate(vocab)}
    else:
        raise ValueError(
            f"palette: {kind!r} is not valid; valid: framework, kind, level, status, year_basis, side, group, "
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


def _wrap(text: str, fig: Figure, fontsize: float, bold: bool = False) -> str:
    # DejaVu Sans averages ~0.55 em per character (bold ~0.62); leave a margin.
    width_pt = fig.get_figwidth() * 72 * 0.97
    chars = max(20, int(width_pt / (fontsize * (0.64 if bold else 0.56))))
    return "\n".join(textwrap.wrap(text, chars)) if len(text) > chars else text


def title(fig_or_ax: Figure | Axes, text: str, subtitle: str | None = None) -> None:
    """Set a title that states the finding (bold, left) and an optional subtitle, wrapped to fit.

    On an Axes the title goes above that Axes; on a Figure it goes above all of them.
    """
    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else fig_or_ax.figure
    head = _wrap(text, fig, 13, bold=True)
    sub = _wrap(subtitle, fig, 10.5) if subtitle else None
    if isinstance(fig_or_ax, Figure):
        fig.suptitle(head + ("\n" if sub else ""), x=0.01, ha="left", fontsize=13, fontweight="bold", color=INK)
        if sub:
            fig._indopac_subtitle = fig.text(  # type: ignore[attr-defined]
                0.01, 0, sub, ha="left", va="top", fontsize=10.5, color=MUTED
            )
            _place_subtitle(fig)
    else:
        ax = fig_or_ax
        n_sub = sub.count("\n") + 1 if sub else 0
        ax.set_title(head + "\n" * n_sub, loc="left", fontsize=13, fontweight="bold", color=INK, pad=8)
        if sub:
            ax.annotate(sub, xy=(0, 1), xycoords="axes fraction", xytext=(0, 8), textcoords="offset points",
                        ha="left", va="bottom", fontsize=10.5, color=MUTED)


def _place_subtitle(fig: Figure) -> None:
    """Keep a figure-level title and subtitle above every Axes (moving them up if needed)."""
    sup = fig._suptitle
    if sup is None:
        return
    sub = getattr(fig, "_indopac_subtitle", None)
    renderer = fig.canvas.get_renderer()
    inv = fig.transFigure.inverted()
    pad = 6 / (fig.get_figheight() * 72)
    for _ in range(2):
        box = sup.get_window_extent(renderer).transformed(inv)
        if sub is not None:
            # The suptitle ends with a blank line; the subtitle sits in it.
            line = (box.y1 - box.y0) / (sup.get_text().count("\n") + 1)
            sub.set_y(box.y0 + line * 0.95)
            bottom = sub.get_window_extent(renderer).transformed(inv).y0
        else:
            bottom = box.y0
        tops = [ax.get_tightbbox(renderer).transformed(inv).y1 for ax in fig.axes if ax.get_visible()]
        top = max(tops) if tops else 0.0
        if bottom >= top + pad:
            break
        sup.set_y(sup.get_position()[1] + (top + pad - bottom))


def add_source(fig: Figure, ds: Dataset, note: str | None = None) -> None:
    """Put the source line (and an optional note) at the bottom left of the figure.

    The text is placed below everything else drawn so far, and placed again by
    :func:`save_figure` just before saving, so it never covers tick labels.
    """
    text = ds.source_line if not note else f"{note}\n{ds.source_line}"
    text = "\n".join(_wrap(line, fig, 8.5) for line in text.split("\n"))
    old = getattr(fig, "_indopac_source", None)
    if old is not None:
        old.remove()
    fig._indopac_source = fig.text(  # type: ignore[attr-defined]
        0.01, 0.0, text, ha="left", va="top", fontsize=8.5, color=MUTED, linespacing=1.35
    )
    place_footer(fig)


def place_footer(fig: Figure) -> None:
    """Move the source line just below the lowest artist (called again on save)."""
    src = getattr(fig, "_indopac_source", None)
    if src is None:
        return
    _place_subtitle(fig)
    src.set_visible(False)
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
    boxes += [
        t.get_window_extent(renderer) for t in fig.texts if t is not src and t.get_visible() and t.get_text()
    ]
    boxes += [leg.get_window_extent(renderer) for leg in fig.legends]
    boxes = [b for b in boxes if b is not None and np.isfinite(b.y0)]
    inv = fig.transFigure.inverted()
    if boxes:
        y0 = min(inv.transform((0, b.y0))[1] for b in boxes)
        x0 = min(inv.transform((b.x0, 0))[0] for b in boxes)
    else:
        y0, x0 = 0.0, 0.01
    src.set_position((x0, y0 - 8 / (fig.get_figheight() * 72)))
    src.set_visible(True)


def partial_year_note(ds: Dataset) -> str:
    """The standard note for time axes: the study's own year is only partly covered."""
    return f"{ds.study_year} is a partial year (the study was written in {ds.study_year})"


def undated_note(n_undated: int) -> str:
    """The standard note for time charts: how many undated initiatives they leave out."""
    if n_undated == 0:
        return "Every initiative shown has a start year"
    s = "" if n_undated == 1 else "s"
    verb = "is" if n_undated == 1 else "are"
    return f"{n_undated} undated initiative{s} {verb} not shown (the study gives no year)"


def time_note(ds: Dataset, n_undated: int, *, partial: bool = True, n_outside: int = 0,
              window: tuple[int | None, int | None] | None = None) -> str:
    """Undated count plus the partial-year caveat (and what a year window leaves out), as one note.

    ``n_outside`` dated initiatives fall outside ``window`` (start, end; either may be None).
    """
    parts = [undated_note(n_undated)]
    lo, hi = window if window is not None else (None, None)
    if n_outside > 0 and (lo is not None or hi is not None):
        span = f"{lo}–{hi}" if lo is not None and hi is not None else (f"from {lo}" if lo is not None else f"to {hi}")
        s = "" if n_outside == 1 else "s"
        parts.append(f"{n_outside} dated initiative{s} outside the years chosen ({span}) {'is' if n_outside == 1 else 'are'} not shown")
    if partial:
        parts.append(partial_year_note(ds))
    return "; ".join(parts) + "."


def window_note(window: YearWindow, *, partial: bool = True) -> str:
    """:func:`time_note` for an :class:`indopac.analysis.YearWindow`."""
    return time_note(window.dataset, window.n_undated, partial=partial, n_outside=window.n_outside,
                     window=(window.start, window.end))


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


# --- saving ------------------------------------------------------------------------------


def _save(fig: Figure, target: Path, **kwargs) -> None:
    buffer = io.BytesIO()
    fig.savefig(buffer, **kwargs)
    write_atomic(target, buffer.getvalue())


def save_figure(fig: Figure, name: str, figures_dir: Path | str | None = None) -> list[Path]:
    """Write ``<name>.png`` and ``<name>.svg`` into ``figures_dir``; return their paths.

    Deterministic to the byte (no dates, no software stamp, a fixed SVG hash
    salt), and atomic: each file is written beside its target and renamed into
    place, so a reader never sees half a figure. The folder is created if
    needed; the figure stays open (the caller may still show it).
    ``figures_dir=None`` means the project's ``figures/`` folder.
    """
    from indopac.paths import FIGURES_DIR

    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"name: {name!r} is not valid; valid: a plain file stem such as 'trend-by-year'")
    folder = Path(figures_dir) if figures_dir is not None else FIGURES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    place_footer(fig)
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none"}):
        png = folder / f"{name}.png"
        svg = folder / f"{name}.svg"
        _save(fig, png, format="png", dpi=PNG_DPI, metadata={"Software": None})
        _save(fig, svg, format="svg", metadata={"Date": None, "Creator": None})
    return [png, svg]


def new_figure(width: float = 8.0, height: float = 4.5, **kwargs) -> tuple[Figure, Axes]:
    """A figure and one Axes of the house size (inches)."""
    fig, ax = plt.subplots(figsize=(width, height), **kwargs)
    return fig, ax


# --- chart functions -------------------------------------------------------------------------------
# One per chart kind. Each takes tidy data (a DataFrame and column names), draws on
# ``ax`` (a new figure if None) and returns the Axes (or the Figure, for multi-panel
# charts), so a caller can adjust, add a title and a source line, and save.


def _ax(ax: Axes | None, width: float = 8.0, height: float = 4.5) -> Axes:
    if ax is not None:
        return ax
    return new_figure(width, height)[1]


def bar(
    data: pd.DataFrame,
    y: str,
    x: str = "count",
    *,
    ax: Axes | None = None,
    labels_: str | None = None,
    colors: Mapping[str, str] | str | None = None,
    highlight: Iterable[str] | None = None,
    total: int | None = None,
    xlabel: str = "Initiatives",
    fmt: str = "{:.0f}",
) -> Axes:
    """Horizontal bars, one per row of ``data`` in the order given (top to bottom), with value labels.

    ``colors`` is one colour or a mapping from the ``y`` values; ``highlight`` draws the named
    ``y`` values in the accent colour and the rest in grey. ``total`` adds the share of it to
    each value label ("17 (23%)"). ``labels_`` names a column of readable tick labels.
    """
    n = len(data)
    ax = _ax(ax, 8.0, max(2.0, 0.32 * n + 1.2))
    keys = data[y].astype(str).tolist()
    values = data[x].to_numpy(dtype=float)
    if highlight is not None:
        hl = set(highlight)
        cols = [ACCENT if k in hl else "#BBBBBB" for k in keys]
    elif isinstance(colors, Mapping):
        cols = [colors.get(k, OKABE_ITO["grey"]) for k in keys]
    else:
        cols = [colors or ACCENT] * n
    pos = np.arange(n)
    ax.barh(pos, values, color=cols, height=0.72, zorder=2)
    ax.set_yticks(pos, data[labels_].astype(str).tolist() if labels_ else keys)
    pad = max(0.0, (3 - n) * 0.35)  # keep one or two bars slim
    ax.set_ylim(n - 0.5 + pad, -0.5 - pad)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    top = values.max() if n else 1
    ax.set_xlim(0, top * 1.18 if top > 0 else 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    for p, v in zip(pos, values):
        text = fmt.format(v) + (f" ({100 * v / total:.0f}%)" if total else "")
        ax.text(v + top * 0.01, p, text, va="center", ha="left", fontsize=8.5, color=INK)
    return ax


def stacked_bars(
    data: pd.DataFrame,
    x: str = "year",
    y: str = "count",
    hue: str | None = None,
    *,
    ax: Axes | None = None,
    colors: Mapping[str, str] | None = None,
    hue_labels: Mapping[str, str] | None = None,
    partial: object | None = None,
    legend_title: str | None = None,
    ylabel: str = "Initiatives started",
    xlabel: str = "Start year",
) -> Axes:
    """Vertical bars per ``x`` (numeric years, or categories in data order), stacked by ``hue``.

    The hue order is the categorical order of ``data[hue]`` (or first appearance); hues whose
    total is zero are left out of the stack and the legend. ``partial`` names the ``x`` value to
    mark as a partial year (see :func:`mark_partial_year`). The legend sits outside, right.
    """
    ax = _ax(ax)
    numeric = pd.api.types.is_numeric_dtype(data[x])
    xs = list(dict.fromkeys(data[x].tolist()))
    pos = np.asarray(xs, dtype=float) if numeric else np.arange(len(xs), dtype=float)
    where = dict(zip(xs, pos))
    if hue is None:
        vals = data.groupby(x, sort=False)[y].sum().reindex(xs, fill_value=0)
        ax.bar(pos, vals.to_numpy(), color=ACCENT, width=0.8, zorder=2)
    else:
        cats = list(data[hue].cat.categories) if isinstance(data[hue].dtype, pd.CategoricalDtype) else list(
            dict.fromkeys(data[hue]))
        wide = data.pivot_table(index=x, columns=hue, values=y, aggfunc="sum", fill_value=0, observed=False)
        wide = wide.reindex(index=xs, columns=cats, fill_value=0)
        wide = wide.loc[:, wide.sum() > 0]
        bottom = np.zeros(len(xs))
        for cat in wide.columns:
            v = wide[cat].to_numpy(dtype=float)
            name = (hue_labels or {}).get(str(cat), str(cat))
            colour = (colors or {}).get(str(cat), OKABE_ITO["grey"])
            ax.bar(pos, v, bottom=bottom, color=colour, width=0.8, label=name, zorder=2, edgecolor="white",
                   linewidth=0.4)
            bottom += v
        legend_outside(ax, title_=legend_title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if numeric:
        ax.set_xlim(pos.min() - 0.7, pos.max() + 0.7)
        ax.xaxis.get_major_locator().set_params(integer=True)
    else:
        ax.set_xticks(pos, [str(v) for v in xs])
    if partial is not None and partial in where:
        mark_partial_year(ax, where[partial], label_text=f"{partial}:\npartial")
    return ax


def lines(
    data: pd.DataFrame,
    x: str = "year",
    y: str = "cumulative",
    hue: str | None = None,
    *,
    ax: Axes | None = None,
    colors: Mapping[str, str] | None = None,
    hue_labels: Mapping[str, str] | None = None,
    partial: int | None = None,
    ylabel: str = "Initiatives started, running total",
    xlabel: str = "Start year",
) -> Axes:
    """Step lines (one per ``hue``) labelled at their right end, so no legend covers the data."""
    ax = _ax(ax)
    groups = [(None, data)] if hue is None else [
        (k, g) for k, g in data.groupby(hue, observed=True, sort=True)
    ]
    ends = []
    for key, g in groups:
        colour = ACCENT if key is None else (colors or {}).get(str(key), OKABE_ITO["grey"])
        ax.step(g[x], g[y], where="mid", color=colour, lw=2.2, zorder=3)
        if key is not None:
            ends.append((float(g[y].iloc[-1]), (hue_labels or {}).get(str(key), str(key)), colour))
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if ends:
        # Spread end labels apart so they never overlap.
        ends.sort()
        lo, hi = ax.get_ylim()
        gap = (hi - lo) * 0.06
        placed: list[float] = []
        for value, name, colour in ends:
            yv = value if not placed else max(value, placed[-1] + gap)
            placed.append(yv)
            ax.annotate(f"{name} ({value:.0f})", xy=(1.0, yv), xycoords=("axes fraction", "data"),
                        xytext=(6, 0), textcoords="offset points", va="center", ha="left", color=colour,
                        fontsize=9.5, fontweight="bold")
    if partial is not None:
        mark_partial_year(ax, partial)
    return ax


def entry_timeline(contacts: pd.DataFrame, ds: Dataset, *, ax: Axes | None = None,
                   order: Sequence[str] | None = None) -> Axes:
    """When each European party first meets each Indo-Pacific partner.

    ``contacts`` is :func:`indopac.analysis.first_contacts` (dated rows are drawn). One row per
    European party (entry order, earliest at top); a line runs from its entry to the study year;
    each dot is a first contact with one or more partners, labelled with their codes.
    """
    dated = contacts[contacts["first_year"].notna()].copy()
    dated["first_year"] = dated["first_year"].astype(int)
    if order is None:
        entry = dated.groupby("european")["first_year"].min().sort_values(kind="stable")
        order = entry.index.tolist()
    n = len(order)
    ax = _ax(ax, 9.0, max(2.5, 0.42 * n + 1.4))
    row = {c: i for i, c in enumerate(order)}
    dated = dated[dated["european"].isin(row)]
    grouped = dated.groupby(["european", "first_year"], sort=False)["indo_pacific"].agg(lambda s: " ".join(sorted(s)))
    grouped = grouped.reset_index()
    end = ds.study_year
    entry_year = dated.groupby("european")["first_year"].min()
    for code in order:
        if code in entry_year.index:
            ax.plot([entry_year[code], end], [row[code]] * 2, color="#CCCCCC", lw=2, zorder=1,
                    solid_capstyle="butt")
    side_col = palette("side")
    ax.scatter(grouped["first_year"], grouped["european"].map(row), s=46, color=side_col["indo_pacific"], zorder=3,
               edgecolor="white", linewidth=0.8)
    # Labels go above the dot; one that would run into its left neighbour's label goes below.
    grouped = grouped.sort_values(["european", "first_year"], kind="stable")
    gap = grouped.groupby("european")["first_year"].diff()
    width = grouped.groupby("european")["indo_pacific"].shift().str.len().fillna(0)
    crowded = gap.lt(1.2 + width * 0.45).fillna(False).to_numpy()
    below = np.zeros(len(grouped), dtype=bool)
    for i in range(1, len(grouped)):  # alternate within a run of crowded labels
        below[i] = crowded[i] and not below[i - 1]
    for r, down in zip(grouped.itertuples(), below):
        ax.annotate(r.indo_pacific, xy=(r.first_year, row[r.european]), xytext=(0, -8 if down else 7),
                    textcoords="offset points", ha="center", va="top" if down else "bottom", fontsize=7.5, color=INK)
    ax.set_yticks(range(n), [ds.actor_name(c) for c in order])
    ax.set_ylim(n - 0.4, -0.8)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Year of first contact with the partner (partners' codes above the dots)")
    lo = int(dated["first_year"].min()) if len(dated) else end - 10
    ax.set_xlim(lo - 2, end + 2)
    return ax


def heatmap(wide: pd.DataFrame, *, ax: Axes | None = None, row_labels: Sequence[str] | None = None,
            col_labels: Sequence[str] | None = None, cmap: str = "Blues", cbar_label: str = "Initiatives",
            fmt: str = "d") -> Axes:
    """An annotated heatmap of a table (rows × columns); zero cells are left blank."""
    h, w = wide.shape
    ax = _ax(ax, max(6.0, 0.5 * w + 3.5), max(3.0, 0.36 * h + 1.8))
    annot = wide.map(lambda v: "" if v == 0 else format(v, fmt))
    sns.heatmap(wide, ax=ax, cmap=cmap, annot=annot.to_numpy(), fmt="", linewidths=0.6, linecolor="white",
                cbar_kws={"label": cbar_label, "shrink": 0.6}, vmin=0, annot_kws={"fontsize": 8})
    ax.set_yticks(np.arange(h) + 0.5, list(row_labels) if row_labels is not None else list(map(str, wide.index)),
                  rotation=0)
    ax.set_xticks(np.arange(w) + 0.5, list(col_labels) if col_labels is not None else list(map(str, wide.columns)),
                  rotation=40, ha="right", rotation_mode="anchor")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.grid(False)
    return ax


def first_year_dots(data: pd.DataFrame, ds: Dataset, *, ax: Axes | None = None, y: str = "label",
                    x: str = "first_year", group: str = "group", size: str | None = "initiatives") -> Axes:
    """A dot per row at its first year (e.g. each domain's first dated initiative), coloured by group.

    Rows with no first year are left out (say so in the note); the dot's label gives the count.
    """
    d = data[data[x].notna()].reset_index(drop=True)
    ax = _ax(ax, 8.0, max(2.5, 0.34 * len(d) + 1.4))
    gc = group_colors(ds)
    pos = np.arange(len(d))
    sizes = 30 + 14 * d[size].to_numpy(dtype=float) if size else 50
    ax.scatter(d[x].astype(float), pos, s=sizes, c=[gc.get(str(g), OKABE_ITO["grey"]) for g in d[group]], zorder=3,
               edgecolor="white", linewidth=0.8)
    if size:
        for p, (xv, n) in enumerate(zip(d[x].astype(float), d[size])):
            ax.annotate(f"{int(n)}", xy=(xv, p), xytext=(9, 0), textcoords="offset points", va="center",
                        fontsize=8, color=MUTED)
    ax.set_yticks(pos, d[y].astype(str).tolist())
    ax.set_ylim(len(d) - 0.4, -0.6)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Year of the first dated initiative")
    present = [g for g in gc if g in set(d[group].astype(str))]
    legend_outside(ax, color_handles({g: gc[g] for g in present}, [label("group", g) for g in present]),
                   [label("group", g) for g in present], title_="Domain group")
    lo, hi = d[x].min(), d[x].max()
    if len(d):
        ax.set_xlim(float(lo) - 3, float(hi) + 4)
    return ax


def swimlane(data: pd.DataFrame, ds: Dataset, *, lane: str = "partner", x: str = "year", hue: str = "framework",
             lane_order: Sequence[str] | None = None, fig: Figure | None = None) -> Figure:
    """A dot timeline: one lane per ``lane`` value, a dot per initiative at its year, coloured by framework.

    Undated initiatives are not dropped: they appear in a narrow "no date" panel on the right.
    Several initiatives in the same lane and year are spread sideways so each dot shows.
    Returns the Figure (two Axes: timeline, undated).
    """
    d = data.copy()
    lanes = list(lane_order) if lane_order is not None else list(dict.fromkeys(d[lane]))
    n = max(len(lanes), 1)
    if fig is None:
        fig = plt.figure(figsize=(9.0, max(2.6, 0.45 * n + 1.8)))
    gs = fig.add_gridspec(1, 2, width_ratios=[7.5, 1], wspace=0.04)
    ax = fig.add_subplot(gs[0])
    ax_u = fig.add_subplot(gs[1], sharey=ax)
    row = {k: i for i, k in enumerate(lanes)}
    d = d[d[lane].isin(row)]
    d["_row"] = d[lane].map(row).astype(float)
    colors = palette(hue, ds)
    dated = d[d[x].notna()].copy()
    dated["_x"] = dated[x].astype(float)
    k = dated.groupby(["_row", "_x"]).cumcount()
    m = dated.groupby(["_row", "_x"])["_x"].transform("size")
    dated["_x"] = dated["_x"] + (k - (m - 1) / 2) * 0.28
    und = d[d[x].isna()].copy()
    ku = und.groupby("_row").cumcount()
    mu = und.groupby("_row")["_row"].transform("size")
    und["_x"] = (ku - (mu - 1) / 2) * 0.22
    for frame, axis in ((dated, ax), (und, ax_u)):
        axis.scatter(frame["_x"], frame["_row"], s=52, c=[colors.get(str(v), OKABE_ITO["grey"]) for v in frame[hue]],
                     edgecolor="white", linewidth=0.7, zorder=3)
    ax.set_yticks(range(n), [label("actor", c, ds) for c in lanes] if lane == "partner" else lanes)
    ax.set_ylim(n - 0.5, -0.5)
    ax.grid(axis="y", visible=True, color=GRID)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Start year")
    if len(dated):
        lo, hi = dated[x].min(), dated[x].max()
        lo = min(float(lo), ds.study_year - 12)
        ax.set_xlim(lo - 1, max(float(hi), ds.study_year) + 1)
        ax.xaxis.get_major_locator().set_params(integer=True)
        mark_partial_year(ax, ds.study_year)
    ax_u.set_xlim(-0.8, 0.8)
    ax_u.set_xticks([0], ["no date"])
    ax_u.tick_params(axis="y", left=False, labelleft=False)
    ax_u.grid(axis="x", visible=False)
    ax_u.grid(axis="y", visible=True, color=GRID)
    ax_u.set_facecolor("#F7F7F7")
    present = [f for f in colors if f in set(d[hue].astype(str))]
    handles = color_handles({f: colors[f] for f in present}, [label(hue, f) for f in present])
    ax_u.legend(handles=handles, title=label("column", hue).capitalize(), loc="upper left",
                bbox_to_anchor=(1.15, 1.0), borderaxespad=0)
    return fig


def share_comparison(data: pd.DataFrame, *, y: str = "label", share: str = "share", reference: str = "side_share",
                     reference_label: str = "All initiatives", ax: Axes | None = None,
                     colors: Mapping[str, str] | None = None, key: str = "domain") -> Axes:
    """Horizontal bars of a share with a reference share drawn as a black tick, for comparison."""
    n = len(data)
    ax = _ax(ax, 8.0, max(2.2, 0.34 * n + 1.3))
    pos = np.arange(n)
    cols = [(colors or {}).get(str(k), ACCENT) for k in data[key]] if colors else ACCENT
    ax.barh(pos, data[share] * 100, color=cols, height=0.68, zorder=2, label="This country")
    ax.scatter(data[reference] * 100, pos, marker="|", s=260, color=INK, linewidths=2.2, zorder=4,
               label=reference_label)
    ax.set_yticks(pos, data[y].astype(str).tolist())
    pad = max(0.0, (3 - n) * 0.35)
    ax.set_ylim(n - 0.5 + pad, -0.5 - pad)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Share of initiatives covering the domain (%)")
    ax.set_xlim(0, max(100 * float(max(data[share].max(), data[reference].max())) * 1.12, 10) if n else 100)
    legend_outside(ax)
    return ax


def entrants_chart(entrants: pd.DataFrame, *, ax: Axes | None = None, partial: int | None = None,
                   ylabel: str = "European states") -> Axes:
    """New entrants per year (bars) and the running total (a step line), each step labelled with the names.

    ``entrants`` is :func:`indopac.analysis.entrants_by_year` (``year``, ``new``, ``cumulative``, ``names``).
    Labels sit at the height of the step they name, so they never collide with each other.
    """
    ax = _ax(ax, 10, 5)
    ax.bar(entrants["year"], entrants["new"], color=OKABE_ITO["sky_blue"], width=0.8, zorder=2,
           label="New in that year")
    ax.step(entrants["year"], entrants["cumulative"], where="mid", color=ACCENT, lw=2.2, zorder=3,
            label="Total so far")
    steps = entrants[entrants["new"] > 0]
    first_year = steps["year"].min() if len(steps) else None
    for r in steps.itertuples():
        leftmost = r.year == first_year
        ax.annotate(r.names, xy=(r.year - 0.5, r.cumulative), xytext=(4 if leftmost else -4, 3),
                    textcoords="offset points", ha="left" if leftmost else "right", va="bottom", fontsize=8,
                    color=INK)
    ax.set_ylim(0, max(entrants["cumulative"].max(), 1) * 1.15 + 0.5)
    ax.set_xlim(entrants["year"].min() - 0.8, entrants["year"].max() + 0.8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("Year of first appearance with an Indo-Pacific partner")
    legend_outside(ax, loc="below", ncol=2)
    if partial is not None:
        mark_partial_year(ax, partial)
    return ax
