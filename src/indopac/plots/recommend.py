"""Charts of a recommendation: score components, the focus's standing among peers, weight sensitivity."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes

from indopac.analysis.recommend import (
    COMPONENT_LABELS,
    DOMAIN_COMPONENTS,
    ENTRY_COMPONENTS,
    Recommendation,
    standing,
    which_tables,
)
from indopac.analysis.sensitivity import sensitivity
from indopac.plots import style

# --- charts -------------------------------------------------------------------------------------


def component_colours() -> dict[str, str]:

    e = ["blue", "sky_blue", "purple", "vermillion", "orange", "green", "grey"]
    d = ["vermillion", "blue", "orange", "green", "grey"]
    out = {c: style.OKABE_ITO[k] for c, k in zip(ENTRY_COMPONENTS, e)}
    out.update({c: style.OKABE_ITO[k] for c, k in zip(DOMAIN_COMPONENTS, d)})
    return out


def plot_components(
    rec: Recommendation, which: str = "entry_points", n: int = 10, ax: Axes | None = None
) -> Axes:
    """Horizontal stacked bars: each candidate's score split into its weighted components, best on top."""
    import matplotlib.pyplot as plt


    table, _long, order = which_tables(rec, which)
    table = table.head(n).iloc[::-1]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.42 * len(table) + 1.6))
    colours = component_colours()
    left = pd.Series(0.0, index=table.index)
    for comp in order:
        vals = table[comp]
        if (vals > 0).any() or rec.weights.get(comp, 0) > 0:
            ax.barh(
                table["label"],
                vals,
                left=left,
                color=colours[comp],
                label=COMPONENT_LABELS[comp],
                edgecolor="white",
                linewidth=0.6,
            )
        left = left + vals
    for y, (score, label) in enumerate(zip(table["score"], table["label"])):
        ax.text(score, y, f" {score:.2f}", va="center", ha="left", fontsize=9, color=style.INK)
    ax.set_xlim(0, max(table["score"].max(), 1e-9) * 1.12)
    ax.set_xlabel("Score (sum of weighted components)")
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    style.legend_outside(ax, title_="Component")
    return ax


def plot_standing(rec: Recommendation, ax: Axes | None = None) -> Axes:
    """Stacked bars: the focus's and its peers' initiatives by Indo-Pacific partner (none shows as 0)."""
    import matplotlib.pyplot as plt


    ds = rec.dataset
    st = standing(rec)
    countries = list(dict.fromkeys(st["country"]))[::-1]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(countries) + 1.6))
    partners = [c for c in ds.parties("indo_pacific") if c in set(st["partner"])]
    cycle = ["orange", "blue", "green", "vermillion", "sky_blue", "purple", "yellow", "grey"]
    colours = {c: style.OKABE_ITO[cycle[i % len(cycle)]] for i, c in enumerate(partners)}
    ylabels = [
        f"{ds.actor_name(c)} (focus)" if c == rec.focus else ds.actor_name(c) for c in countries
    ]
    left = pd.Series(0.0, index=countries)
    for partner in partners:
        vals = (
            st[st["partner"] == partner]
            .set_index("country")["initiatives"]
            .reindex(countries)
            .fillna(0)
        )
        ax.barh(
            ylabels,
            vals.values,
            left=left.values,
            color=colours.get(partner, style.MUTED),
            label=ds.actor_name(partner),
            edgecolor="white",
            linewidth=0.6,
        )
        left = left + vals.values
    totals = st.attrs["totals"]
    for y, c in enumerate(countries):
        ax.text(
            left[c],
            y,
            f" {totals[c]}" if totals[c] else " none",
            va="center",
            ha="left",
            fontsize=9,
            color=style.INK if totals[c] else style.MUTED,
        )
    ax.set_xlim(0, max(float(left.max()), 1.0) * 1.15)
    ax.set_xlabel("Initiatives with an Indo-Pacific partner")
    ax.grid(axis="y", visible=False)
    for i, lab in enumerate(ax.get_yticklabels()):
        if countries[i] == rec.focus:
            lab.set_fontweight("bold")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if partners:
        style.legend_outside(ax, title_="Partner")
    return ax


def plot_sensitivity(
    rec: Recommendation, factors: Sequence[float] = (0.5, 1.5), n: int = 5, ax: Axes | None = None
) -> Axes:
    """Heatmap: the rank of the ``n`` best entry points when each weight moves by each factor."""
    import matplotlib.pyplot as plt
    import numpy as np


    sens = sensitivity(rec, factors)
    codes = rec.entry_points["code"].head(n).tolist()
    labels_y = [
        "weights as given"
        if r.weight == "(as given)"
        else f"{COMPONENT_LABELS[r.weight]} ×{r.factor:g}"
        for r in sens.itertuples()
    ]
    grid = np.array([[r[c] for c in codes] for r in sens["ranks"]], dtype=float)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.3 * len(sens) + 1.8))
    cmap = plt.get_cmap("Blues_r")
    vmax = max(n + 2, int(grid.max()))
    ax.imshow(np.minimum(grid, vmax), cmap=cmap, vmin=1, vmax=vmax * 1.4, aspect="auto")
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = int(grid[i, j])
            ax.text(
                j,
                i,
                str(v),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if v <= 2 else style.INK,
                fontweight="bold" if v == 1 else "normal",
            )
    ax.set_xticks(range(len(codes)), [rec.dataset.actor_name(c) for c in codes])
    ax.set_yticks(range(len(labels_y)), labels_y)
    ax.tick_params(axis="x", labeltop=True, labelbottom=False, length=0)
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)
    return ax
