"""Finished figures of notebook 03 (domains): the selection, then one recipe per figure.

:func:`selection` turns the notebook's setup into what every domain figure works on (the
initiatives covering the chosen domains, inside the year window; the domains shown; the
notes). Each recipe computes its table, draws it with :mod:`indopac.plots`, takes its title
from :mod:`indopac.findings.domains` and finishes it through
:func:`~indopac.figures.steps.finish`, saving the plotted numbers as ``<name>.csv`` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from indopac import analysis, text
from indopac.analysis.counts import YearWindow
from indopac.analysis.domains import domain_by_framework
from indopac.analysis.stats import MIN_BASE
from indopac.figures import steps
from indopac.findings import domains as words
from indopac.labels import label, labels
from indopac.plots import charts, style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from indopac.data import Dataset
    from indopac.notebook import Setup

#: years of domain groups shown before the study's last decade (unless a year window is chosen)
GROUP_YEARS_BEFORE = 10


@dataclass(frozen=True)
class Selection:
    """What the domain figures show: the initiatives, the domains shown, the window and where to save."""

    ds: Dataset
    shown: list[str]
    window: YearWindow
    figures_dir: object
    chosen_domains: list[str] | None

    @property
    def note(self) -> str | None:
        """The note of charts that are not time charts: they keep undated initiatives unless a year range is given."""
        return text.window_note(self.window, partial=False) if self.window.chosen else None

    @property
    def time_note(self) -> str:
        return text.window_note(self.window)


def selection(nb: Setup) -> Selection:
    """The initiatives covering ``domains`` (all when None), inside the year window."""
    chosen = nb.params.get("domains")
    ds = nb.full.filter(domains=chosen) if chosen is not None else nb.full
    window = analysis.year_window(ds, nb.params.get("year_start"), nb.params.get("year_end"))
    shown = list(chosen) if chosen is not None else ds.domains["code"].tolist()
    return Selection(window.dataset, shown, window, nb.figures_dir, list(chosen) if chosen is not None else None)


def domain_shares(sel: Selection) -> Figure:
    """Initiatives covering each domain, coloured by domain group."""
    ds = sel.ds
    table = analysis.domain_shares(ds)
    table = table[table["domain"].isin(sel.shown)]
    ax = charts.bar(table, "domain", labels_="label", colors=style.domain_colors(ds), total=len(ds))
    groups = {g: c for g, c in style.group_colors(ds).items() if g in set(table["group"])}
    names = [label("group", g) for g in groups]
    style.legend_outside(ax, style.color_handles(groups, names), names, title_="Domain group")
    pct = "" if len(ds) >= MIN_BASE else f"; fewer than {MIN_BASE} initiatives, so counts only"
    return steps.finish(ax, ds, words.headline_domain_shares(ds, sel.shown),
                        f"Initiatives covering each domain (n = {len(ds)}; an initiative may cover several{pct})",
                        note=sel.note, name="domain-shares", figures_dir=sel.figures_dir, data=table)


def _by_party(sel: Selection, side: str, name: str) -> Figure:
    ds = sel.ds
    long = analysis.domain_by_party(ds, side)
    order = [p for p in ds.parties(side) if p in set(long["actor"])]
    wide = analysis.matrix(long, "domain", "actor", index_order=sel.shown, column_order=order)
    ax = charts.heatmap(wide, row_labels=labels("domain", wide.index, ds), col_labels=labels("actor", wide.columns, ds))
    # The cells as drawn, one row each (zeros included), in the heatmap's row and column order.
    cells = wide.reset_index().melt(id_vars="domain", var_name="actor", value_name="count")
    data = steps.with_labels(steps.with_labels(cells, "domain", ds), "actor", ds)
    return steps.finish(ax, ds, words.headline_domains_by_party(ds, side, sel.chosen_domains),
                        f"Initiatives per domain and {label('side', side)} party", note=sel.note, name=name,
                        figures_dir=sel.figures_dir, data=data)


def domains_by_european_party(sel: Selection) -> Figure:
    """Which European parties cooperate in which domains (counts)."""
    return _by_party(sel, "european", "domains-by-european-party")


def domains_by_indo_pacific_party(sel: Selection) -> Figure:
    """Which Indo-Pacific parties cooperate in which domains (counts)."""
    return _by_party(sel, "indo_pacific", "domains-by-indo-pacific-party")


def domain_groups_by_year(sel: Selection) -> Figure:
    """Initiatives started per year touching each domain group; the title tests the emerging share."""
    ds = sel.ds
    table = analysis.domain_groups_by_year(ds)
    extra = ""
    if not sel.window.chosen and len(table):
        first = analysis.last_decade_start(ds) - GROUP_YEARS_BEFORE
        earlier = int(analysis.counts_by_year(ds).query("year < @first")["count"].sum())
        table = table[table["year"] >= first]
        extra = (f"{text.plural(earlier, 'earlier initiative')} {text.verb_for(earlier, 'is')} outside the years shown"
                 if earlier else "")
    _fig, ax = style.new_figure(10, 4.6)
    charts.stacked_bars(table, hue="group", ax=ax, partial=ds.partial_year,
                        ylabel="Initiatives started (counted once per group)")
    return steps.finish(ax, ds, words.headline_domain_groups(ds),
                        "Initiatives started per year touching each group of domains (an initiative counts once per group)",
                        note=text.notes(sel.time_note, extra), name="domain-groups-by-year",
                        figures_dir=sel.figures_dir, data=steps.with_labels(table, "group", ds))


def domain_first_years(sel: Selection) -> Figure:
    """The first dated initiative of each domain shown; the dot's label is how many initiatives cover it."""
    ds = sel.ds
    table = analysis.domain_first_years(ds)
    table = table[table["domain"].isin(sel.shown) & table["initiatives"].gt(0)]
    ax = charts.first_year_dots(table, ds)
    return steps.finish(ax, ds, words.headline_domain_firsts(ds, sel.chosen_domains),
                        "Year of the first dated initiative covering each domain (the number: initiatives covering it)",
                        note=text.notes(words.firsts_note(ds, sel.shown), sel.time_note), name="domain-first-years",
                        figures_dir=sel.figures_dir, data=table)


def domains_by_framework(sel: Selection) -> Figure:
    """Share of each framework's initiatives covering each domain; frameworks with a tiny base as counts, in grey."""
    ds = sel.ds
    long = domain_by_framework(ds, sel.shown)
    frameworks = list(dict.fromkeys(long["framework"]))
    pct = long.assign(value=(long["share"] * 100).round().astype(int))
    wide = pct.pivot(index="domain", columns="framework", values="value").reindex(index=sel.shown, columns=frameworks)
    counts = long.pivot(index="domain", columns="framework", values="count").reindex(index=sel.shown, columns=frameworks)
    base = long.drop_duplicates("framework").set_index("framework")
    small = [f for f in frameworks if not base.at[f, "reportable"]]
    annot = pd.DataFrame({f: [("" if c == 0 else str(c)) if f in small else ("" if v == 0 else f"{v}%")
                              for v, c in zip(wide[f], counts[f])] for f in frameworks}, index=wide.index)
    cols = [f"{f if f.isupper() else label('framework', f)} (n={base.at[f, 'base']})" for f in frameworks]
    ax = charts.heatmap(wide, annot=annot, small_columns=small, cbar_label="% of the framework's initiatives",
                        row_labels=labels("domain", wide.index, ds), col_labels=cols)
    return steps.finish(ax, ds, words.headline_domains_by_framework(ds),
                        f"Share of each framework's initiatives covering each domain (%); grey columns: fewer than "
                        f"{MIN_BASE} initiatives, counts", note=text.notes(words.small_base_note(ds), sel.note),
                        name="domains-by-framework", figures_dir=sel.figures_dir,
                        data=steps.with_labels(steps.with_labels(long, "domain", ds), "framework", ds))
