"""The JupyterLab explorer: ipywidgets controls over the selection, three house-style charts and a searchable table.

In a notebook::

    from indopac import explorer
    ex = explorer.Explorer(ds, figures_dir=figures_dir)
    ex.show()

``show()`` displays the controls (countries by name on either side, domains, frameworks,
kinds, a year range, whether undated initiatives count), a line saying what the
selection matches and leaves out, the charts and an interactive table (itables, offline:
the DataTables bundle is embedded in the notebook, nothing is fetched). Changing a
control updates them in place. The selection itself is
:func:`indopac.analysis.selection.select`, a pure function; this module only wires it to
widgets and draws. Under papermill the cells run with the default controls, so the
executed notebook (and its page on the site) shows the static defaults; the site shows
a plain HTML table in place of the interactive one (see :data:`STATIC_HTML_MIME`).

Driven from Python (as the tests do): set ``ex.controls.european.value = ("FRA",)`` and
read ``ex.selection``, ``ex.table``, ``ex.summary`` and ``ex.figures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from indopac import figures, plots, text
from indopac.analysis import counts_by_year
from indopac.analysis.selection import Criteria, Selection, select
from indopac.data import Dataset
from indopac.labels import label

STATIC_HTML_MIME = "application/vnd.indopac.static+html"  # = indopac.build.site.STATIC_HTML_MIME
TABLE_ID = "indopac-explorer-table"  # fixed, so that the executed notebook is the same bytes on every run
TABLE_COLUMNS = ["year", "title", "European parties", "Indo-Pacific parties", "framework", "kind", "domains",
                 "section", "notes"]
CHARTS = ("selection-per-year", "selection-domains", "selection-partners")


# --- the words ---------------------------------------------------------------------------


def _names(ds: Dataset, column: str, codes: tuple[str, ...]) -> str:
    if column == "actor":
        names = [ds.actor_name(c) for c in codes]
    elif column == "domain":
        lookup = ds.domains.set_index("code")["label"]
        names = [str(lookup.get(c, c)) for c in codes]
    else:
        names = [label(column, c) for c in codes]
    names = [text.escape_markdown(n) for n in names]
    return names[0] if len(names) == 1 else f"any of {text.join_names(names)}"


def describe(sel: Selection, ds: Dataset) -> str:
    """Markdown: how many initiatives match, under which controls, and what the selection leaves out."""
    c = sel.criteria
    controls = []
    for what, column, codes in (("European side", "actor", c.european), ("Indo-Pacific side", "actor", c.indo_pacific),
                                ("domain", "domain", c.domains), ("framework", "framework", c.frameworks),
                                ("kind", "kind", c.kinds)):
        if codes:
            controls.append(f"{what} {_names(ds, column, codes)}")
    if c.years is not None and sel.year_span is not None and tuple(c.years) != tuple(sel.year_span):
        controls.append(f"started {text.years_text(c.years)}")
    head = (f"**{sel.n_selected} of {text.plural(sel.n_total, 'initiative')}** "
            f"{text.verb_for(sel.n_selected, 'matches')} the selection")
    head += f" ({'; '.join(controls)})." if controls else " (every initiative: no control is set)."
    left = []
    if sel.n_outside_years:
        left.append(f"{text.plural(sel.n_outside_years, 'dated initiative')} that otherwise match but started "
                    f"outside {text.years_text(c.years)}")
    if sel.n_undated_excluded:
        left.append(f"{text.plural(sel.n_undated_excluded, 'undated initiative')} that otherwise "
                    f"{text.verb_for(sel.n_undated_excluded, 'matches')} (undated initiatives are switched off)")
    if left:
        tail = f" It leaves out {text.join_names(left)}."
    else:
        tail = " It leaves out nothing that matches the other controls."
    if sel.n_undated_included:
        tail += (f" {text.capitalise(text.undated_words(sel.n_undated_included))} included; they appear in the "
                 "table but not in the chart by start year.")
    return head + tail


# --- the charts --------------------------------------------------------------------------


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=plots.MUTED)
    ax.set_xticks([])
    ax.set_yticks([])


def chart_per_year(sel: Selection, ds: Dataset):
    """Initiatives of the selection per start year, stacked by framework."""
    chosen = sel.dataset
    years = sel.criteria.years or sel.year_span
    per_year = counts_by_year(chosen, "framework", years=years) if len(chosen.initiatives["year"].dropna()) else None
    fig, ax = plots.new_figure(9, 4.2)
    n_dated = int(chosen.initiatives["year"].notna().sum())
    if per_year is None or per_year.empty:
        _empty(ax, "No dated initiative in the selection")
    else:
        plots.stacked_bars(per_year, hue="framework", ax=ax, colors=plots.palette("framework", ds),
                           partial=ds.partial_year if years and years[1] and ds.partial_year and years[1] >= ds.partial_year else None,
                           legend_title="Framework")
    undated = int(chosen.initiatives["year"].isna().sum())
    note = text.undated_note(undated) if undated else None
    return figures.finish(fig, ds, f"The selection: {text.plural(n_dated, 'dated initiative')} by start year",
                          "Initiatives started per year, by framework", note=note), per_year


def _count_rows(long: pd.DataFrame, key: str, names: dict[str, str]) -> pd.DataFrame:
    counts = long.groupby(key, observed=True)["initiative_id"].nunique().rename("count").reset_index()
    counts = counts[counts["count"] > 0]
    counts["label"] = counts[key].astype(str).map(lambda c: names.get(c, c))
    return counts.sort_values(["count", "label"], ascending=[False, True], kind="stable").reset_index(drop=True)


def chart_domains(sel: Selection, ds: Dataset):
    """Initiatives of the selection per domain (an initiative counts once in each of its domains)."""
    names = ds.domains.set_index("code")["label"].astype(str).to_dict()
    data = _count_rows(sel.dataset.initiative_domains, "domain", names)
    fig, ax = plots.new_figure(8, max(2.2, 0.3 * len(data) + 1.3))
    if data.empty:
        _empty(ax, "No initiative in the selection")
    else:
        plots.bar(data, y="domain", labels_="label", colors=plots.palette("domain", ds), ax=ax,
                  total=sel.n_selected)
    return figures.finish(fig, ds, f"Domains of the {text.plural(sel.n_selected, 'selected initiative')}",
                          "Initiatives per domain; an initiative counts once in each of its domains"), data


def chart_partners(sel: Selection, ds: Dataset):
    """Initiatives of the selection per Indo-Pacific party."""
    p = sel.dataset.initiative_parties
    names = ds.actors.set_index("code")["label"].astype(str).to_dict()
    data = _count_rows(p[p["side"] == "indo_pacific"], "actor", names).rename(columns={"actor": "party"})
    fig, ax = plots.new_figure(8, max(2.2, 0.3 * len(data) + 1.3))
    if data.empty:
        _empty(ax, "No initiative in the selection")
    else:
        plots.bar(data, y="party", labels_="label", ax=ax, total=sel.n_selected)
    return figures.finish(fig, ds, f"Indo-Pacific partners in the {text.plural(sel.n_selected, 'selected initiative')}",
                          "Initiatives per Indo-Pacific party; an initiative counts once for each party"), data


def _detach(fig) -> None:
    """Take a figure out of pyplot (so the inline backend does not show it a second time), keeping it drawable."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plt.close(fig)
    FigureCanvasAgg(fig)


# --- the table ---------------------------------------------------------------------------


def reader_table(sel: Selection) -> pd.DataFrame:
    """The selection's table as the explorer shows it: readable years and sections, notes last."""
    out = sel.table.copy()
    out["year"] = out["year"].map(lambda y: "no date" if pd.isna(y) else str(int(y)))
    out["section"] = out["section"].map(text.section_label)
    return out[TABLE_COLUMNS].reset_index(drop=True)


def table_bundle(frame: pd.DataFrame) -> dict[str, str]:
    """The table as a display bundle: an interactive itables table (offline) and a static HTML stand-in.

    Both escape every cell (itables' default, pandas' ``escape=True``): a title with markup shows as text.
    """
    from itables import to_html_datatable

    static = frame.to_html(index=False, escape=True, classes="dataframe indopac-explorer", border=0)
    interactive = to_html_datatable(frame, connected=False, table_id=TABLE_ID, display_logo_when_loading=False,
                                    maxBytes=0, classes="display compact", showIndex=False, pageLength=15)
    return {"text/html": interactive, STATIC_HTML_MIME: static,
            "text/plain": f"{len(frame)} initiatives (an interactive table in JupyterLab)"}


# --- the widgets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Controls:
    """The explorer's widgets, one per control."""

    european: Any
    indo_pacific: Any
    domains: Any
    frameworks: Any
    kinds: Any
    years: Any
    include_undated: Any

    def all(self) -> list[Any]:
        return [self.european, self.indo_pacific, self.domains, self.frameworks, self.kinds, self.years,
                self.include_undated]


def _side_options(ds: Dataset, side: str) -> list[tuple[str, str]]:
    p = ds.initiative_parties
    codes = p.loc[p["side"] == side, "actor"].astype(str).unique()
    return sorted(((ds.actor_name(c), c) for c in codes), key=lambda t: t[0].casefold())


def make_controls(ds: Dataset, criteria: Criteria | None = None) -> Controls:
    """The widgets for ``ds``, set to ``criteria`` (default: everything selected, undated included)."""
    import ipywidgets as w

    criteria = criteria or Criteria()
    span = ds.year_range() or (ds.coverage_end, ds.coverage_end)
    years = criteria.years or span
    layout = w.Layout(width="auto", height="9em")

    def many(description: str, options: list[tuple[str, str]], value: tuple[str, ...]) -> Any:
        return w.SelectMultiple(options=options, value=value, description=description, rows=7, layout=layout,
                                style={"description_width": "initial"})

    domains = sorted(((str(r.label), str(r.code)) for r in ds.domains.itertuples()), key=lambda t: t[0].casefold())
    frameworks = [(label("framework", v), v) for v in sorted(ds.initiatives["framework"].astype(str).unique())]
    kinds = [(label("kind", v), v) for v in sorted(ds.initiatives["kind"].astype(str).unique())]
    return Controls(
        european=many("European side", _side_options(ds, "european"), criteria.european),
        indo_pacific=many("Indo-Pacific side", _side_options(ds, "indo_pacific"), criteria.indo_pacific),
        domains=many("Domains", domains, criteria.domains),
        frameworks=many("Frameworks", frameworks, criteria.frameworks),
        kinds=many("Kinds", kinds, criteria.kinds),
        years=w.IntRangeSlider(value=(years[0] if years[0] is not None else span[0],
                                      years[1] if years[1] is not None else span[1]),
                               min=span[0], max=span[1], step=1, description="Start years",
                               continuous_update=False, layout=w.Layout(width="32em"),
                               style={"description_width": "initial"}),
        include_undated=w.Checkbox(value=criteria.include_undated, description="Include undated initiatives",
                                   indent=False),
    )


def criteria_of(controls: Controls) -> Criteria:
    """The control values as :class:`Criteria`."""
    return Criteria(
        european=tuple(controls.european.value), indo_pacific=tuple(controls.indo_pacific.value),
        domains=tuple(controls.domains.value), frameworks=tuple(controls.frameworks.value),
        kinds=tuple(controls.kinds.value), years=tuple(controls.years.value),
        include_undated=bool(controls.include_undated.value),
    )


class Explorer:
    """Controls, the selection they make, its description, charts and table, kept in step.

    ``figures_dir`` saves the charts of the first (default) selection there, with the CSV of
    their numbers; later selections are exploration and are not saved.
    """

    def __init__(self, ds: Dataset, criteria: Criteria | None = None, *, figures_dir: Path | str | None = None):
        self.ds = ds
        self.controls = make_controls(ds, criteria)
        self.selection: Selection
        self.summary: str = ""
        self.table: pd.DataFrame = pd.DataFrame()
        self.figures: dict[str, Any] = {}
        self.data: dict[str, pd.DataFrame | None] = {}
        self._handles: dict[str, Any] = {}
        self.refresh()
        if figures_dir is not None:
            for name in CHARTS:
                figures.save_figure(self.figures[name], name, figures_dir, data=self.data[name])
        for widget in self.controls.all():
            widget.observe(self.refresh, names="value")

    def refresh(self, _change: Any = None) -> None:
        """Select again from the controls; update whatever is on screen."""
        self.selection = select(self.ds, criteria_of(self.controls))
        self.summary = describe(self.selection, self.ds)
        self.table = reader_table(self.selection)
        drawn = {name: chart(self.selection, self.ds) for name, chart in
                 zip(CHARTS, (chart_per_year, chart_domains, chart_partners))}
        self.figures = {name: fig for name, (fig, _) in drawn.items()}
        self.data = {name: data for name, (_, data) in drawn.items()}
        for fig in self.figures.values():
            _detach(fig)
        if self._handles:
            self._update()

    # -- display --------------------------------------------------------------------------

    def _bundles(self) -> dict[str, Any]:
        from IPython.display import Markdown

        return {"summary": Markdown(self.summary), **self.figures, "table": table_bundle(self.table)}

    def _update(self) -> None:
        for key, obj in self._bundles().items():
            handle = self._handles.get(key)
            if handle is not None:
                handle.update(obj, raw=True) if key == "table" else handle.update(obj)

    def controls_box(self) -> Any:
        import ipywidgets as w

        c = self.controls
        return w.VBox([w.HBox([c.european, c.indo_pacific]), w.HBox([c.domains, c.frameworks, c.kinds]),
                       w.HBox([c.years, c.include_undated])])

    def _show(self, key: str) -> None:
        from IPython.display import display

        obj = self._bundles()[key]
        self._handles[key] = display(obj, raw=key == "table", display_id=True)

    def show_controls(self) -> None:
        """Display the controls (with the table library they need, embedded for offline use)."""
        from IPython.display import display

        load_table_library()
        display(self.controls_box())

    def show_summary(self) -> None:
        """Display the line saying what the selection matches and leaves out."""
        self._show("summary")

    def show_charts(self) -> None:
        """Display the charts of the selection."""
        for name in CHARTS:
            self._show(name)

    def show_table(self) -> None:
        """Display the sortable, searchable table of the selected initiatives, with notes and sections."""
        self._show("table")

    def show(self) -> None:
        """Display the controls, the description, the charts and the table (updated as the controls change)."""
        self.show_controls()
        self.show_summary()
        self.show_charts()
        self.show_table()


def load_table_library() -> None:
    """Embed itables' DataTables bundle (offline mode) once; the static site drops it (it is script)."""
    from IPython.display import display
    from IPython.utils.capture import capture_output
    from itables import init_notebook_mode

    with capture_output(stdout=False, stderr=False, display=True) as captured:
        init_notebook_mode(all_interactive=False, connected=False)
    for output in captured.outputs:
        display({**output.data, STATIC_HTML_MIME: ""}, raw=True)


def explore(ds: Dataset, criteria: Criteria | None = None, *, figures_dir: Path | str | None = None) -> Explorer:
    """An :class:`Explorer` of ``ds``, displayed: the one call a notebook makes."""
    ex = Explorer(ds, criteria, figures_dir=figures_dir)
    ex.show()
    return ex
