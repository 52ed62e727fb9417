"""Finished figures of notebook 04 (partner network): one recipe per figure, each one call in the notebook.

Each recipe takes the notebook's :class:`~indopac.notebook.Setup` (and the graph it draws):
table (analysis) -> drawing (plots) -> title (findings) -> :func:`~indopac.figures.steps.finish`,
which also saves the plotted numbers as ``<name>.csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indopac.analysis import network
from indopac.figures.steps import finish, with_labels
from indopac.findings import network as words
from indopac.plots import network as drawings

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from matplotlib.figure import Figure

    from indopac.data import Dataset
    from indopac.notebook import Setup


def partner_network(nb: Setup, G: nx.Graph) -> Figure:
    """The two-column network drawing: European parties left, Indo-Pacific right, lines by shared initiatives."""
    ax = drawings.draw_network(G, nb.ds)
    table = network.edge_table(G).assign(initiatives=lambda t: t["initiatives"].map(";".join))
    return finish(ax, nb.ds, words.network_title(G), words.network_subtitle(G),
                  note=words.selection_caption(nb.full, nb.ds, nb.years), name="partner-network",
                  figures_dir=nb.figures_dir, data=table)


def foip_channels(nb: Setup) -> Figure:
    """Each Indo-Pacific party's initiatives with European parties, by framework."""
    table = network.channels(nb.ds)
    ax = drawings.draw_channels(table, nb.ds)
    return finish(ax, nb.ds, words.channel_title(nb.ds), "Initiatives with at least one European party, by framework",
                  note=words.selection_caption(nb.full, nb.ds, nb.years), name="foip-channels",
                  figures_dir=nb.figures_dir, data=channels_data(nb.ds, table))


def channels_data(ds: Dataset, table: pd.DataFrame) -> pd.DataFrame:
    """The channel bars as drawn, one row per (partner, framework) segment with a total and the FOIP share."""
    frameworks = [f for f in ds.initiatives["framework"].cat.categories if f in table]
    long = table.reset_index().melt(id_vars=["actor", "label", "total", "foip_share"], value_vars=frameworks,
                                    var_name="framework", value_name="initiatives")
    order = {a: i for i, a in enumerate(table.index)}  # the bars' order, then frameworks in vocabulary order
    long = long.sort_values("actor", key=lambda c: c.map(order), kind="stable", ignore_index=True)
    long = long.rename(columns={"label": "actor_label"})
    long = with_labels(long, "framework", ds)
    return long[["actor", "actor_label", "framework", "framework_label", "initiatives", "total", "foip_share"]]

