"""The network drawings of notebook 04: the bipartite partner network and the FOIP channels chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from indopac import text
from indopac.analysis.network import FOIP, SIDES, side_nodes
from indopac.labels import label
from indopac.plots import style

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


# --- drawing ------------------------------------------------------------------------------------------------


#: colour of channels outside FOIP (FOIP itself takes the house colour of the FOIP framework)
OTHER_CHANNEL = "#A0A0A0"


def _column_order(G: nx.Graph, side: str) -> list[str]:
    """Nodes of one side, most active first: initiatives, then weighted degree (desc), then code."""
    nodes = side_nodes(G, side)
    return sorted(
        nodes, key=lambda n: (-G.nodes[n]["initiatives"], -G.degree(n, weight="weight"), n)
    )


def draw_network(
    G: nx.Graph,
    ds: Dataset,
    ax: Axes | None = None,
    *,
    max_width: float = 9.0,
    row_height: float = 0.34,
    show_counts: bool = True,
) -> Axes:
    """Draw the partner network in two columns: European parties left, Indo-Pacific right.

    Each column is ordered by activity (initiatives, then weighted degree, then code), most active
    at the top; the shorter column is centred. Node area is proportional to the party's
    initiatives; each party's label (with its count when ``show_counts``) sits outside its node,
    one label per row, so labels cannot overlap. A line joins two parties that share initiatives:
    its width is proportional to the number shared (``max_width`` points for the heaviest edge),
    and its FOIP initiatives are drawn as a core in the FOIP colour inside a grey casing for the
    rest, so an all-FOIP channel is fully coloured and a channel outside FOIP fully grey.
    The legend sits below the drawing. Returns the Axes (no title, no source line: add them
    with :func:`indopac.figures.finish`).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D


    columns = {side: _column_order(G, side) for side in SIDES}
    n_rows = max((len(c) for c in columns.values()), default=0)
    if ax is None:
        _, ax = style.new_figure(9.0, max(3.0, row_height * n_rows + 2.2))
    fig = ax.figure
    ax.set_axis_off()
    if n_rows == 0:
        ax.text(
            0.5,
            0.5,
            "No European–Indo-Pacific links in this selection",
            ha="center",
            va="center",
            color=style.MUTED,
            transform=ax.transAxes,
        )
        return ax

    # Positions: x = 0 (Europe) or 1 (Indo-Pacific); y = -row, the shorter column centred.
    pos = {}
    for x, side in enumerate(SIDES):
        offset = (n_rows - len(columns[side])) / 2
        for i, n in enumerate(columns[side]):
            pos[n] = (float(x), -(i + offset))
    ax.set_ylim(-(n_rows - 1) - 0.6, 1.5)

    # Node sizes: area proportional to initiatives, the largest as tall as ~80% of a row.
    fig.canvas.draw()
    bbox = ax.get_window_extent()
    row_pt = bbox.height * 72 / fig.dpi / (n_rows + 0.5)
    max_initiatives = max(d["initiatives"] for _, d in G.nodes(data=True))
    max_area = (0.8 * min(row_pt, 30.0)) ** 2
    area = {
        n: max(12.0, max_area * d["initiatives"] / max_initiatives) for n, d in G.nodes(data=True)
    }

    # Edges: casing (all initiatives, grey) below, FOIP core (FOIP colour) above; lightest first.
    max_weight = max(d["weight"] for _, _, d in G.edges(data=True))
    scale = max_width / max_weight
    min_lw = 0.7
    edges = sorted(G.edges(data=True), key=lambda e: (e[2]["weight"], e[0], e[1]))
    segs = [[pos[u], pos[v]] for u, v, _ in edges]
    casing = [max(min_lw, scale * d["weight"]) for _, _, d in edges]
    foip_colour = style.framework_colors(ds).get(FOIP, style.ACCENT)
    ax.add_collection(
        LineCollection(
            segs, linewidths=casing, colors=OTHER_CHANNEL, alpha=0.75, zorder=1, capstyle="butt"
        )
    )
    core = [(s, max(min_lw, scale * d["foip"])) for s, (_, _, d) in zip(segs, edges) if d["foip"]]
    if core:
        ax.add_collection(
            LineCollection(
                [s for s, _ in core],
                linewidths=[w for _, w in core],
                colors=foip_colour,
                alpha=0.9,
                zorder=2,
                capstyle="butt",
            )
        )

    side_colours = style.palette("side")
    for side in SIDES:
        nodes = columns[side]
        ax.scatter(
            [pos[n][0] for n in nodes],
            [pos[n][1] for n in nodes],
            s=[area[n] for n in nodes],
            color=side_colours[side],
            edgecolor="white",
            linewidth=1.2,
            zorder=3,
        )

    # Labels outside the nodes: left of European ones, right of Indo-Pacific ones.
    texts = []
    for n in G:
        x, y = pos[n]
        left = G.nodes[n]["side"] == "european"
        gap = np.sqrt(area[n]) / 2 + 5
        node_text = G.nodes[n]["label"] + (f" ({G.nodes[n]['initiatives']})" if show_counts else "")
        texts.append(
            ax.annotate(
                node_text,
                xy=(x, y),
                xytext=(-gap if left else gap, 0),
                textcoords="offset points",
                ha="right" if left else "left",
                va="center",
                fontsize=9.5,
                color=style.INK,
                zorder=4,
            )
        )
    heads = {
        "european": f"European parties ({len(columns['european'])})",
        "indo_pacific": f"Indo-Pacific parties ({len(columns['indo_pacific'])})",
    }
    for x, side in enumerate(SIDES):
        ax.annotate(
            heads[side],
            xy=(x, 1.0),
            ha="right" if x == 0 else "left",
            va="bottom",
            fontsize=10,
            fontweight="bold",
            color=side_colours[side],
        )

    # Room for the labels inside the Axes: measure them, then widen the x limits to fit.
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width_px = ax.get_window_extent(renderer).width
    need = max(t.get_window_extent(renderer).width for t in texts)
    need += (np.sqrt(max(area.values())) / 2 + 10) * fig.dpi / 72
    f = min(0.4, need / width_px)
    margin = f / (1 - 2 * f)
    ax.set_xlim(-margin, 1 + margin)

    # Legend below: what colour and width mean.
    min_weight = min(d["weight"] for _, _, d in G.edges(data=True))
    examples = sorted({min_weight, round((min_weight + max_weight) / 2), max_weight})
    handles = [
        Line2D([], [], color=foip_colour, lw=3, label="FOIP initiatives"),
        Line2D([], [], color=OTHER_CHANNEL, lw=3, label="Other frameworks"),
        *[
            Line2D(
                [], [], color="#555555", lw=max(min_lw, scale * w), label=text.plural(w, "initiative")
            )
            for w in examples
        ],
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=len(handles),
        handlelength=2.6,
        columnspacing=1.4,
        borderaxespad=0.2,
        fontsize=9,
        title="Line width: initiatives the two parties share; coloured core: the FOIP ones, grey: other frameworks",
        title_fontsize=9,
    )
    return ax


def draw_channels(table: pd.DataFrame, ds: Dataset, ax: Axes | None = None) -> Axes:
    """Horizontal bars per Indo-Pacific party: its initiatives with European parties, by framework.

    ``table`` is :func:`channels`. Bars are stacked in framework vocabulary order (FOIP first, in
    the house framework colours), one row per party in the table's order; the value label gives
    the total and the FOIP share. The legend sits right of the plot area.
    """

    frameworks = list(ds.initiatives["framework"].cat.categories)
    n = len(table)
    if ax is None:
        _, ax = style.new_figure(8.5, max(2.4, 0.36 * n + 1.4))
    colours = style.framework_colors(ds)
    pos = np.arange(n)
    left = np.zeros(n)
    present = [f for f in frameworks if f in table and table[f].sum() > 0]
    for f in present:
        values = table[f].to_numpy(dtype=float)
        ax.barh(
            pos,
            values,
            left=left,
            color=colours.get(f, style.OKABE_ITO["grey"]),
            height=0.7,
            label=label("framework", f),
            zorder=2,
            edgecolor="white",
            linewidth=0.5,
        )
        left += values
    top = float(left.max()) if n else 1.0
    for p, total, foip in zip(pos, table["total"], table["foip"]):
        share = f", {100 * foip / total:.0f}% FOIP" if foip else ""
        ax.text(
            total + top * 0.01,
            p,
            f"{total}{share}",
            va="center",
            ha="left",
            fontsize=8.5,
            color=style.INK,
        )
    ax.set_yticks(pos, table["label"].tolist())
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, top * 1.22 if top else 1)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Initiatives with at least one European party")
    style.legend_outside(ax, title_="Framework")
    return ax
