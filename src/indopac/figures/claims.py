"""The claims ledger's figure (notebook 00): each claim's verdict under every counting rule, finished and saved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import ListedColormap

from indopac import text
from indopac.analysis import claims as cl
from indopac.figures import steps
from indopac.findings import claims as fc
from indopac.plots import style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from indopac.data import Dataset

#: one colour per verdict (Paul Tol's muted scheme, colour-blind safe; used for no other meaning
#: in the project's figures) and a mark in each cell, so that colour is never the only cue
VERDICT_COLOURS = {cl.SUPPORTED: "#117733", cl.PARTLY: "#DDCC77", cl.NOT_SUPPORTED: "#CC6677", cl.CANNOT: "#DDDDDD"}
VERDICT_MARKS = {cl.SUPPORTED: "S", cl.PARTLY: "P", cl.NOT_SUPPORTED: "N", cl.CANNOT: "–"}


def robustness_data(ds: Dataset) -> pd.DataFrame:
    """The plotted numbers, long: claim, section, rule, rule label, verdict, whether it differs from as coded."""
    grid = cl.verdict_grid(ds)
    long = grid.reset_index().melt(id_vars="claim", var_name="rule", value_name="verdict")
    long["section"] = long["claim"].map({c.id: c.section for c in cl.CLAIMS.values()})
    long["rule_label"] = long["rule"].map(fc.rule_label)
    long["differs"] = long["verdict"] != long["claim"].map(grid["as_coded"])
    return long[["claim", "section", "rule", "rule_label", "verdict", "differs"]]


def _draw(grid: pd.DataFrame, ax) -> None:
    codes = {v: i for i, v in enumerate(cl.VERDICTS)}
    values = grid.apply(lambda col: col.map(codes)).to_numpy(dtype=float)
    ax.imshow(values, cmap=ListedColormap([VERDICT_COLOURS[v] for v in cl.VERDICTS]), vmin=-0.5,
              vmax=len(cl.VERDICTS) - 0.5, aspect="auto")
    base = grid["as_coded"].to_numpy()
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid.iat[i, j]
            changed = j > 0 and v != base[i]
            ax.text(j, i, VERDICT_MARKS[v], ha="center", va="center", fontsize=8,
                    color="white" if v == cl.SUPPORTED else style.INK, fontweight="bold" if changed else "normal")
    ax.axvline(0.5, color="white", linewidth=3)
    sections = {c.id: c.section for c in cl.CLAIMS.values()}
    ax.set_yticks(range(grid.shape[0]), [f"{cid} ({text.section_label(sections[cid])})" for cid in grid.index])
    ax.set_xticks(range(grid.shape[1]), [fc.rule_label(r) for r in grid.columns], rotation=40, ha="left",
                  rotation_mode="anchor")
    ax.tick_params(axis="x", labeltop=True, labelbottom=False, length=0)
    ax.tick_params(axis="y", length=0, labelsize=8.5)
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)
    handles = style.color_handles(VERDICT_COLOURS)
    ax.legend(handles, [f"{VERDICT_MARKS[v]}  {v}" for v in cl.VERDICTS], loc="upper left",
              bbox_to_anchor=(1.01, 1), title="Verdict")


def figure_robustness(ds: Dataset, figures_dir: Path | str | None = None, name: str = "robustness") -> Figure:
    """Claims × counting rules, coloured by verdict; titled with what holds, saved with its data."""
    grid = cl.verdict_grid(ds)
    fig, ax = plt.subplots(figsize=(11, 0.27 * len(grid) + 2.6))
    _draw(grid, ax)
    fig.tight_layout()
    note = ("Each column reruns every claim's test on the data counted another way; bold marks a verdict that differs "
            "from the first column (as coded). " + fc.MEASURES)
    return steps.finish(fig, ds, fc.headline_robustness(ds),
                        "Verdict of each claim as coded and under each alternative counting rule",
                        note=note, name=name, figures_dir=figures_dir, data=robustness_data(ds))
