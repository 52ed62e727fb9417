"""Finished figures of notebook 05 (country profile): one recipe per figure, each one call in the notebook.

Each recipe takes the notebook's :class:`~indopac.notebook.Setup` and the country code:
table (analysis) -> chart (plots) -> title (findings) -> :func:`~indopac.figures.steps.finish`,
which also saves the plotted numbers as ``<name>.csv``. Below
:data:`~indopac.analysis.stats.MIN_BASE` initiatives the charts show counts, not shares,
and the timeline lists each initiative by name. For a state with no initiative the three
charts of its own record return ``None`` (nothing to draw; the summary says so).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from indopac import text
from indopac.analysis import country as acountry
from indopac.figures.steps import finish
from indopac.findings import country as words
from indopac.plots import charts, style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from indopac.notebook import Setup


def timeline(nb: Setup, country: str) -> Figure | None:
    """When, and with whom: one lane per partner; with few initiatives, one lane per initiative, named."""
    ds = nb.ds
    n = acountry.country_initiative_count(ds, country)
    if n == 0:
        return None
    if words.small_base(ds, country):
        rows = acountry.country_timeline_rows(ds, country)
        lanes = [f"{textwrap.shorten(t, 60, placeholder='…')}\n(with {text.join_names(p) or 'no partner'})"
                 for t, p in zip(rows["title"], rows["partners"])]
        data = rows.assign(lane=lanes)
        fig = charts.swimlane(data, ds, lane="lane", lane_order=lanes)
        plotted = rows.assign(partners=rows["partners"].map("; ".join))
    else:
        data = acountry.country_timeline(ds, country)
        partners = acountry.country_partners(ds, country, timeline=data)
        fig = charts.swimlane(data, ds, lane_order=partners["partner"].tolist())
        plotted = data
    undated = int(data.drop_duplicates("initiative_id")["year"].isna().sum())
    note = text.notes(text.undated_shown_note(undated), text.partial_year_note(ds))
    return finish(fig, ds, words.headline_country_timeline(ds, country), words.subtitle_country_timeline(ds, country),
                  note=note, name="timeline", figures_dir=nb.figures_dir, data=plotted)


def domains(nb: Setup, country: str) -> Figure | None:
    """Which domains: shares against all initiatives of its side, or counts below the smallest base."""
    ds = nb.ds
    if acountry.country_initiative_count(ds, country) == 0:
        return None
    d = acountry.country_domains(ds, country)
    if words.small_base(ds, country):
        ax = charts.bar(d, "domain", "count", labels_="label", colors=style.domain_colors(ds))
        ax.figure.set_size_inches(8, max(2.2, 0.34 * len(d) + 1.3))
    else:
        ax = charts.share_comparison(d.assign(label=words.domain_labels(ds, country)),
                                     colors=style.domain_colors(ds),
                                     reference_label=f"All initiatives with a {words.SIDE_WORDS.get(acountry.country_side(ds, country), '')} party")
    return finish(ax, ds, words.headline_country_domains(ds, country), words.subtitle_country_domains(ds, country),
                  name="domains", figures_dir=nb.figures_dir, data=d)


def partners(nb: Setup, country: str) -> Figure | None:
    """Which partners: initiatives shared with each, with the share of the country's initiatives from the smallest base on."""
    ds = nb.ds
    n = acountry.country_initiative_count(ds, country)
    if n == 0:
        return None
    part = acountry.country_partners(ds, country)
    side = acountry.country_side(ds, country)
    colour = style.palette("side")["indo_pacific" if side == "european" else "european"]
    ax = charts.bar(part, "partner", "initiatives", labels_="label", colors=colour,
                    total=None if words.small_base(ds, country) else n)
    ax.figure.set_size_inches(8, max(2.2, 0.34 * len(part) + 1.3))
    return finish(ax, ds, words.headline_country_partners(ds, country), words.subtitle_country_partners(ds, country),
                  name="partners", figures_dir=nb.figures_dir, data=part)


def peers(nb: Setup, country: str) -> Figure:
    """Compared with its peers: initiatives per state on the same side, the country highlighted (also at 0)."""
    ds = nb.ds
    comparison = acountry.peer_comparison(ds, country)
    ax = charts.bar(comparison, "actor", "initiatives", labels_="label", highlight=[country])
    return finish(ax, ds, words.headline_country_peers(ds, country), words.subtitle_country_peers(ds, country),
                  name="peers", figures_dir=nb.figures_dir, data=comparison)


def peers_table(nb: Setup, country: str):
    """The peer comparison as a readable table."""
    comparison = acountry.peer_comparison(nb.ds, country)
    return comparison.drop(columns=["is_focus"]).rename(
        columns={"label": "state", "foip": "under FOIP", "first_year": "first year"}).reset_index(drop=True)

