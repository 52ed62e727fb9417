"""Finished figures of notebook 02 (trends and geography): one recipe per figure.

Each recipe takes the notebook's :class:`~indopac.notebook.Setup`, computes its table, draws it
with :mod:`indopac.plots`, takes its title from :mod:`indopac.findings.trends` and finishes it
through :func:`~indopac.figures.steps.finish`, which saves ``<name>.png``/``.svg`` and the
plotted numbers as ``<name>.csv``. A recipe's figure is named after it (``per_year`` ->
``per-year``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indopac import analysis, text
from indopac.figures import steps
from indopac.findings import trends as words
from indopac.labels import label
from indopac.plots import charts, style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from indopac.notebook import Setup


def _note(nb: Setup) -> str:
    return text.window_note(nb.window)


def per_year(nb: Setup, grouping: str = "framework") -> Figure:
    """Initiatives started per year, stacked by ``grouping``; the title compares equal windows."""
    ds = nb.ds
    table = analysis.counts_by_year(ds, grouping)
    _fig, ax = style.new_figure(10, 4.8)
    charts.stacked_bars(table, hue=grouping, ax=ax, partial=ds.partial_year)
    rule = f" ({words.foip_rule(ds)})" if grouping == "framework" else ""
    return steps.finish(ax, ds, words.headline_per_year(ds, nb.years), f"Initiatives started per year, by {label('column', grouping).lower()}{rule}",
                        note=words.per_year_note(ds, _note(nb)), name="per-year", figures_dir=nb.figures_dir,
                        data=steps.with_labels(table, grouping, ds))


def cumulative(nb: Setup) -> Figure:
    """Running totals: FOIP as coded against all other frameworks together."""
    ds = nb.ds
    table = analysis.counts_by_year(ds, "foip")
    _fig, ax = style.new_figure(9, 4.6)
    charts.lines(table, hue="foip", ax=ax, partial=ds.partial_year)
    return steps.finish(ax, ds, words.headline_cumulative(ds),
                        "Initiatives started, running total: FOIP against all other frameworks combined",
                        note=_note(nb), name="cumulative", figures_dir=nb.figures_dir, data=table)


def decades(nb: Setup) -> Figure:
    """Initiatives per decade of their start year, FOIP as coded against the rest; the partial decade marked."""
    ds = nb.ds
    table = analysis.counts_by_decade(ds, "foip")
    _fig, ax = style.new_figure(9, 4.4)
    partial = table.loc[table["partial"], "label"].iloc[0] if table["partial"].any() else None
    charts.stacked_bars(table, x="label", hue="foip", ax=ax, xlabel="Decade of the start year", partial=partial)
    return steps.finish(ax, ds, words.headline_decades(ds), f"Initiatives started per decade ({words.foip_rule(ds)})",
                        note=_note(nb), name="decades", figures_dir=nb.figures_dir, data=table)


def new_entrants(nb: Setup) -> Figure:
    """European states appearing with an Indo-Pacific partner for the first time, per year."""
    ds = nb.ds
    table = analysis.entrants_by_year(ds, states_only=True)
    _fig, ax = style.new_figure(10, 4.4)
    charts.entrants_chart(table, ax=ax, partial=ds.partial_year)
    return steps.finish(ax, ds, words.headline_entrants(ds),
                        "European states appearing with an Indo-Pacific partner for the first time, per year",
                        note=_note(nb), name="new-entrants", figures_dir=nb.figures_dir, data=table)


def first_contacts(nb: Setup) -> Figure:
    """Each European party's first dated contact with each Indo-Pacific partner."""
    ds = nb.ds
    table = analysis.first_contacts(ds)
    _fig, ax = style.new_figure(10, 6)
    charts.entry_timeline(table, ds, ax=ax)
    return steps.finish(ax, ds, words.headline_first_contacts(ds),
                        "First dated contact of each European party with each Indo-Pacific partner",
                        note=_note(nb), name="first-contacts", figures_dir=nb.figures_dir,
                        data=steps.with_labels(steps.with_labels(table, "european", ds, "actor"), "indo_pacific", ds, "actor"))
