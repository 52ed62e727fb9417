"""Finished figures of notebook 04 (partner network): one recipe per figure, each one call in the notebook.

Each recipe takes the notebook's :class:`~indopac.notebook.Setup` (and the graph it draws):
table (analysis) -> drawing (plots) -> title (findings) -> :func:`~indopac.figures.steps.finish`,
which also saves the plotted numbers as ``<name>.csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indopac.analysis import network
from indopac.figures.steps import finish
from indopac.findings import network as words
from indopac.plots import network as drawings

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from matplotlib.figure import Figure

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
                  figures_dir=nb.figures_dir, data=table.reset_index())

