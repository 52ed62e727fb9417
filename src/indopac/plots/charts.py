"""One function per chart kind, seaborn-like: tidy data in, the Axes out, in the house style by default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from indopac.analysis.stats import MIN_BASE
from indopac.labels import label
from indopac.plots.style import *
from indopac.plots.style import SEQUENTIAL, SMALL_BASE, ax_or_new, hue_colors, hue_title

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


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
    each value label ("17 (23%)") when ``total`` is at least ``MIN_BASE`` (a smaller base
    shows counts only). ``labels_`` names a column of readable tick labels.
    """
    n = len(data)
    ax = ax_or_new(ax, 8.0, max(2.0, 0.32 * n + 1.2))
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
        text = fmt.format(v) + (f" ({100 * v / total:.0f}%)" if total and total >= MIN_BASE else "")
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

    House style by default: a known ``hue`` column (framework, foip, kind, level, group, ...)
    takes its palette colours, readable labels and a legend title unless they are passed.
    """
    ax = ax_or_new(ax)
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
        colors = colors if colors is not None else hue_colors(hue, [str(c) for c in cats])
        legend_title = legend_title if legend_title is not None else hue_title(hue)
        bottom = np.zeros(len(xs))
        for cat in wide.columns:
            v = wide[cat].to_numpy(dtype=float)
            name = (hue_labels or {}).get(str(cat), label(hue, cat))
            colour = colors.get(str(cat), OKABE_ITO["grey"])
            drawn = v > 0  # a zero-height bar draws nothing but still costs a patch in every save
            ax.bar(pos[drawn], v[drawn], bottom=bottom[drawn], color=colour, width=0.8, label=name, zorder=2,
                   edgecolor="white", linewidth=0.4)
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
    """Step lines (one per ``hue``) labelled at their right end, so no legend covers the data.

    A known ``hue`` column takes its house colours and labels unless they are passed.
    """
    ax = ax_or_new(ax)
    if hue is not None and colors is None:
        colors = hue_colors(hue, [str(v) for v in data[hue].unique()])
    groups = [(None, data)] if hue is None else [
        (k, g) for k, g in data.groupby(hue, observed=True, sort=True)
    ]
    ends = []
    for key, g in groups:
        colour = ACCENT if key is None else (colors or {}).get(str(key), OKABE_ITO["grey"])
        ax.step(g[x], g[y], where="mid", color=colour, lw=2.2, zorder=3)
        if key is not None:
            ends.append((float(g[y].iloc[-1]), (hue_labels or {}).get(str(key), label(hue, key)), colour))
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
    European party (entry order, earliest at top); a line runs from its entry to the end of the coverage;
    each dot is a first contact with one or more partners, labelled with their codes.
    """
    dated = contacts[contacts["first_year"].notna()].copy()
    dated["first_year"] = dated["first_year"].astype(int)
    if order is None:
        entry = dated.groupby("european")["first_year"].min().sort_values(kind="stable")
        order = entry.index.tolist()
    n = len(order)
    ax = ax_or_new(ax, 9.0, max(2.5, 0.42 * n + 1.4))
    row = {c: i for i, c in enumerate(order)}
    dated = dated[dated["european"].isin(row)]
    grouped = dated.groupby(["european", "first_year"], sort=False)["indo_pacific"].agg(lambda s: " ".join(sorted(s)))
    grouped = grouped.reset_index()
    end = ds.coverage_end
    entry_year = dated.groupby("european")["first_year"].min()
    for code in order:
        if code in entry_year.index:
            ax.plot([entry_year[code], end], [row[code]] * 2, color="#CCCCCC", lw=2, zorder=1,
                    solid_capstyle="butt")
    side_col = palette("side")
    ax.scatter(grouped["first_year"], grouped["european"].map(row), s=46, color=side_col["indo_pacific"], zorder=3,
               edgecolor=INK, linewidth=0.8)
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


def _ink_on(fill) -> str:
    """Dark text on a light cell, white on a dark one (W3C relative luminance, seaborn's threshold)."""
    rgb = mcolors.to_rgba_array(fill)[:, :3]
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return ".15" if float(linear.dot([0.2126, 0.7152, 0.0722])[0]) > 0.408 else "w"


def heatmap(wide: pd.DataFrame, *, ax: Axes | None = None, row_labels: Sequence[str] | None = None,
            col_labels: Sequence[str] | None = None, cmap=None, cbar_label: str = "Initiatives",
            fmt: str = "d", annot: pd.DataFrame | None = None, small_columns: Iterable[str] = ()) -> Axes:
    """An annotated heatmap of a table (rows × columns); zero cells are left blank.

    The house sequential colour map by default. ``annot`` gives the cell texts (default: the
    values, formatted with ``fmt``). ``small_columns`` are columns whose base is too small for a
    share: their cells are drawn light grey, not coloured by value, with their ``annot`` text
    (counts) in grey, and left out of the colour scale.
    """
    h, w = wide.shape
    ax = ax_or_new(ax, max(6.0, 0.5 * w + 3.5), max(3.0, 0.36 * h + 1.8))
    small = [c for c in wide.columns if c in set(small_columns)]
    if annot is None:
        annot = wide.map(lambda v: "" if v == 0 else format(v, fmt))
    mask = np.zeros(wide.shape, dtype=bool)
    mask[:, [list(wide.columns).index(c) for c in small]] = True
    # Row i is drawn from y = i to i + 1 with the first row at the top, as seaborn's heatmap did;
    # matplotlib draws it directly (seaborn's draws the whole figure once more, to test tick labels
    # for an overlap that the labels set below make moot).
    shown = np.ma.masked_invalid(wide.astype(float).mask(mask).to_numpy())
    vmax = float(shown.max()) if shown.count() else 1.0
    mesh = ax.pcolormesh(shown, cmap=cmap if cmap is not None else SEQUENTIAL, vmin=0, vmax=vmax,
                         linewidths=0.6, edgecolor="white")
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    for side in ax.spines.values():
        side.set_visible(False)
    bar = ax.figure.colorbar(mesh, ax=ax, label=cbar_label, shrink=0.6)
    bar.outline.set_linewidth(0)
    mesh.update_scalarmappable()
    for (i, j), fill in zip(np.ndindex(h, w), mesh.get_facecolors()):
        cell = str(annot.iat[i, j])
        if cell and shown[i, j] is not np.ma.masked:  # a small column's cells are drawn below
            ax.text(j + 0.5, i + 0.5, cell, ha="center", va="center", fontsize=8, color=_ink_on(fill))
    for j in [list(wide.columns).index(c) for c in small]:
        for i in range(h):
            ax.add_patch(plt.Rectangle((j, i), 1, 1, facecolor=SMALL_BASE, edgecolor="white", lw=0.6, zorder=2))
            cell = str(annot.iat[i, j])
            if cell:
                ax.text(j + 0.5, i + 0.5, cell, ha="center", va="center", fontsize=8, color=MUTED, zorder=3)
    ax.set_yticks(np.arange(h) + 0.5, list(row_labels) if row_labels is not None else list(map(str, wide.index)),
                  rotation=0, va="center")
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
    ax = ax_or_new(ax, 8.0, max(2.5, 0.34 * len(d) + 1.4))
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
        lo = min(float(lo), ds.coverage_end - 12)
        ax.set_xlim(lo - 1, max(float(hi), ds.coverage_end) + 1)
        ax.xaxis.get_major_locator().set_params(integer=True)
        if ds.partial_year is not None:
            mark_partial_year(ax, ds.partial_year)
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
    ax = ax_or_new(ax, 8.0, max(2.2, 0.34 * n + 1.3))
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
    ax = ax_or_new(ax, 10, 5)
    ax.bar(entrants["year"], entrants["new"], color="#9DB4C0", width=0.8, zorder=2,
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


def interval_dots(data: pd.DataFrame, y: str, x: str, low: str, high: str, *, ax: Axes | None = None,
                  references: Mapping[float, str] | None = None, xlabel: str = "", xlim: tuple[float, float] | None = None
                  ) -> Axes:
    """A dot per row at ``x`` with a line from ``low`` to ``high`` (an estimate and its interval), top to bottom
    in the order given; ``references`` draws dashed vertical lines, each labelled (e.g. thresholds).

    Rows with no ``x`` are left out (say so in the note).
    """
    d = data[data[x].notna()].reset_index(drop=True)
    ax = ax_or_new(ax, 8.0, max(2.5, 0.34 * len(d) + 1.5))
    pos = np.arange(len(d))
    ax.hlines(pos, d[low].astype(float), d[high].astype(float), color=MUTED, lw=2, zorder=2)
    ax.scatter(d[x].astype(float), pos, s=46, color=ACCENT, zorder=3, edgecolor="white", linewidth=0.8)
    for value, name in (references or {}).items():
        ax.axvline(value, color=INK, lw=0.9, ls="--", zorder=1)
        ax.annotate(name, xy=(value, 1.0), xycoords=("data", "axes fraction"), xytext=(3, 2),
                    textcoords="offset points", ha="left", va="bottom", fontsize=8, color=INK)
    ax.set_yticks(pos, d[y].astype(str).tolist())
    ax.set_ylim(len(d) - 0.4, -0.6)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(xlabel)
    if xlim is not None:
        ax.set_xlim(*xlim)
    return ax
