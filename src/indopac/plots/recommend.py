"""Charts of a recommendation: score components (the stated-strength part hatched, as an input), the
focus's standing among peers, and the robustness checks."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from indopac.analysis.recommend import (
    COMPONENT_LABELS,
    DOMAIN_COMPONENTS,
    ENTRY_COMPONENTS,
    INPUT_COMPONENTS,
    Recommendation,
    standing,
    which_tables,
)
from indopac.analysis.sensitivity import CHECKS, robustness
from indopac.plots import style
from indopac.text import section_label

# --- charts -------------------------------------------------------------------------------------


def component_colours() -> dict[str, str]:
    """Score component -> colour (Okabe-Ito), one colour per component of each ranking."""
    e = ["blue", "sky_blue", "purple", "vermillion", "orange", "green", "grey"]
    d = ["vermillion", "blue", "orange", "green", "grey"]
    out = {c: style.OKABE_ITO[k] for c, k in zip(ENTRY_COMPONENTS, e)}
    out.update({c: style.OKABE_ITO[k] for c, k in zip(DOMAIN_COMPONENTS, d)})
    return out


def plot_components(
    rec: Recommendation, which: str = "entry_points", n: int = 10, ax: Axes | None = None, legend: bool = True
) -> Axes:
    """Horizontal stacked bars: each candidate's score split into its weighted components, best on top.

    ``which`` is any ranking of :data:`indopac.analysis.recommend.WHICH` (``domains_data``: from
    the data alone). Components that come from the stated strengths (an input, see
    :data:`INPUT_COMPONENTS`) are hatched, so the part of a bar that is input stands apart.
    """
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
            is_input = comp in INPUT_COMPONENTS
            ax.barh(
                table["label"],
                vals,
                left=left,
                color=colours[comp],
                label=COMPONENT_LABELS[comp],
                edgecolor="white",
                # white stripes (the house hatch colour) mark the input part of a bar
                hatch="////" if is_input else None,
                linewidth=0.6,
            )
        left = left + vals
    for y, (score, label) in enumerate(zip(table["score"], table["label"])):
        ax.text(score, y, f" {score:.2f}", va="center", ha="left", fontsize=9, color=style.INK)
    ax.set_xlim(0, max(table["score"].max(), 1e-9) * 1.12)
    ax.set_xlabel("Score (sum of weighted components)")
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    if legend:
        style.legend_outside(ax, title_="Component")
    return ax


#: the colour of the partners drawn together as "Other partners" (a neutral grey, no actor's colour)
OTHER_PARTNERS = "#CCCCCC"


def standing_partners(rec: Recommendation) -> dict[str, str]:
    """Partner code -> the name its bar segment carries in the standing chart.

    Each partner wears its house colour (:func:`indopac.plots.style.palette` ``"actor"``, the
    same in every figure and never a framework's). The actor palette repeats colours, so a
    partner whose colour a more active partner already wears is drawn with the others in
    grey, named "Other partners": a colour in this chart stands for one partner only.
    """
    ds = rec.dataset
    st = standing(rec)
    partners = [c for c in ds.parties("indo_pacific") if c in set(st["partner"])]
    house = style.palette("actor", ds, partners)
    worn: set[str] = set()
    out = {}
    for code in partners:  # most active first, so the most active keep their colour
        if house[code] in worn:
            out[code] = "Other partners"
        else:
            worn.add(house[code])
            out[code] = ds.actor_name(code)
    return out


def plot_standing(rec: Recommendation, ax: Axes | None = None) -> Axes:
    """Stacked bars: the focus's and its peers' initiatives by Indo-Pacific partner (none shows as 0)."""
    import matplotlib.pyplot as plt

    ds = rec.dataset
    st = standing(rec)
    countries = list(dict.fromkeys(st["country"]))[::-1]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(countries) + 1.6))
    drawn = standing_partners(rec)
    house = style.palette("actor", ds, drawn)
    named = list(dict.fromkeys(drawn.values()))
    segments = [n for n in named if n != "Other partners"] + [n for n in named if n == "Other partners"]
    colours = {name: OTHER_PARTNERS if name == "Other partners" else house[code]
               for code, name in drawn.items()}
    ylabels = [
        f"{ds.actor_name(c)} (focus)" if c == rec.focus else ds.actor_name(c) for c in countries
    ]
    left = pd.Series(0.0, index=countries)
    for segment in segments:
        vals = (
            st[st["partner"].map(drawn) == segment]
            .groupby("country")["initiatives"].sum()
            .reindex(countries)
            .fillna(0)
        )
        ax.barh(
            ylabels,
            vals.values,
            left=left.values,
            color=colours[segment],
            label=segment,
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
    if segments:
        style.legend_outside(ax, title_="Partner")
    return ax


def check_label(row) -> str:
    """How one robustness check reads on an axis: 'without the stated strengths', 'Counterparts ×0.5'."""
    if row.check == "as given":
        return "as given"
    if row.check == CHECKS[0]:
        return "without the stated strengths"
    if row.check == CHECKS[1]:
        return f"without: {COMPONENT_LABELS[row.component]}"
    if row.check == CHECKS[2]:
        return f"without {section_label(row.section)}"
    return f"{COMPONENT_LABELS[row.component]} ×{row.factor:g}"


def plot_sensitivity(rec: Recommendation, n: int = 5, ax: Axes | None = None) -> Axes:
    """Heatmap: the rank of the ``n`` best entry points under each robustness check (one row each)."""
    import matplotlib.pyplot as plt
    import numpy as np

    checks = robustness(rec)
    codes = rec.entry_points["code"].head(n).tolist()
    labels_y = [check_label(r) for r in checks.itertuples()]
    grid = np.array([[r.get(c, np.nan) for c in codes] for r in checks["ranks"]], dtype=float)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8.5, 0.3 * len(checks) + 1.8))
    cmap = plt.get_cmap("Blues_r")
    vmax = max(n + 2, int(np.nanmax(grid)) if grid.size else 1)
    ax.imshow(np.minimum(np.nan_to_num(grid, nan=vmax), vmax), cmap=cmap, vmin=1, vmax=vmax * 1.4, aspect="auto")
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid[i, j]
            ax.text(
                j,
                i,
                "–" if np.isnan(v) else str(int(v)),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if not np.isnan(v) and v <= 2 else style.INK,
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
