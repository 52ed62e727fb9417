"""Every figure recipe saves the numbers it plots as ``<name>.csv`` beside its PNG and SVG (issue 14).

The recipes run once on the shipped data into a temporary folder; each saved figure is then
checked: its CSV exists, is non-empty, has the plotted columns (codes with their readable
names), and is written the byte-stable way (no index column, ``\\n`` line ends, UTF-8).

Here the figures are drawn (bars, labels, titles, the source line), but their titles and source
lines are not placed and no PNG or SVG is rendered: measuring every label and drawing 27 PNGs
and SVGs took most of this module's time, and none of its checks reads a position or a pixel.
A recipe's own ``tight_layout()`` still runs (skipping it saved no time that could be measured).
The layout and the rendering are checked by ``tests/test_plots.py`` (placement, crop, bytes
across processes) and by every notebook the slow tests and the build execute.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from indopac.analysis import network, recommend, year_window
from indopac.figures import claims, country, domains, overview, recommendations, trends
from indopac.figures import network as network_figures
from indopac.findings import reliability
from indopac.notebook import Setup

#: the columns each figure's CSV must carry: what the chart draws, codes beside their names
PLOTTED = {
    "claims/robustness": ["claim", "rule", "rule_label", "verdict"],
    "overview/composition": ["column", "value", "label", "count"],
    "overview/sections": ["source_section", "label", "count"],
    "overview/parties": ["actor", "label", "side", "initiatives"],
    "overview/dates": ["year_basis", "label", "count"],
    "overview/reliability": ["field", "label", "alpha", "ci_low", "ci_high"],
    "trends/per-year": ["year", "framework", "framework_label", "count"],
    "trends/cumulative": ["year", "foip", "cumulative"],
    "trends/decades": ["decade", "label", "foip", "count", "partial"],
    "trends/new-entrants": ["year", "new", "cumulative", "names"],
    "trends/first-contacts": ["european", "european_label", "indo_pacific", "indo_pacific_label", "first_year"],
    "domains/domain-shares": ["domain", "label", "group", "count"],
    "domains/domains-by-european-party": ["domain", "domain_label", "actor", "actor_label", "count"],
    "domains/domains-by-indo-pacific-party": ["domain", "domain_label", "actor", "actor_label", "count"],
    "domains/domain-groups-by-year": ["year", "group", "group_label", "count"],
    "domains/domain-first-years": ["domain", "label", "first_year", "initiatives"],
    "domains/domains-by-framework": ["framework", "framework_label", "domain", "domain_label", "share", "count"],
    "network/partner-network": ["european", "european_label", "indo_pacific", "indo_pacific_label", "weight"],
    "network/foip-channels": ["actor", "actor_label", "framework", "framework_label", "initiatives"],
    "country/timeline": ["initiative_id", "year", "framework", "partner", "partner_label"],
    "country/domains": ["domain", "label", "count"],
    "country/partners": ["partner", "label", "initiatives"],
    "country/peers": ["actor", "label", "initiatives"],
    "recommendations/standing": ["country", "country_label", "partner", "partner_label", "segment", "initiatives"],
    "recommendations/entry-points": ["code", "label", "score", "ranking"],
    "recommendations/domains": ["code", "label", "score", "ranking"],
    "recommendations/sensitivity": ["check", "label", "top1"],
}


def _setup(ds, folder: Path, **params) -> Setup:
    """A notebook's setup on ``ds`` (all years), writing into ``folder``."""
    return Setup(full=ds, ds=ds, window=year_window(ds), figures_dir=folder, reports_dir=folder / "reports",
                 params=params)


def _bar_total(fig) -> float:
    """The sum of the bar lengths drawn in a figure (widths of horizontal bars, heights of vertical ones)."""
    total = 0.0
    for ax in fig.axes:
        for bars in ax.containers:
            if isinstance(bars, matplotlib.container.BarContainer):
                sizes = [p.get_width() if bars.orientation == "horizontal" else p.get_height() for p in bars]
                total += sum(sizes)
    return total


def _bar_colours(fig) -> dict[str, str]:
    """Each bar series' legend name -> its colour (lower-case hex)."""
    return {bars.get_label(): matplotlib.colors.to_hex(bars[0].get_facecolor())
            for ax in fig.axes for bars in ax.containers if len(bars)}


def _save_every_recipe(shipped, tmp_path_factory) -> tuple[Path, dict]:
    """Run every recipe once on the shipped data: the output folder, and what each figure drew, by name.

    What was drawn is read off the figure (bar lengths, bar colours) before it is closed.
    """
    import matplotlib.pyplot as plt

    root = tmp_path_factory.mktemp("figures")
    drawn = {}

    def keep(group: str, fig) -> None:
        drawn[f"{group}/{fig._indopac_name}"] = {"bars": _bar_total(fig), "colours": _bar_colours(fig)}
        plt.close(fig)

    nb = _setup(shipped, root / "overview")
    for f in (overview.composition, overview.sections, overview.parties, overview.dates):
        keep("overview", f(nb))
    keep("overview", overview.reliability(nb, reliability.agreement(shipped)))
    nb = _setup(shipped, root / "trends")
    for f in (trends.per_year, trends.cumulative, trends.decades, trends.new_entrants, trends.first_contacts):
        keep("trends", f(nb))
    sel = domains.selection(_setup(shipped, root / "domains", domains=None))
    for f in (domains.domain_shares, domains.domains_by_european_party, domains.domains_by_indo_pacific_party,
              domains.domain_groups_by_year, domains.domain_first_years, domains.domains_by_framework):
        keep("domains", f(sel))
    nb = _setup(shipped, root / "network")
    keep("network", network_figures.partner_network(nb, network.partner_network(shipped)))
    keep("network", network_figures.foip_channels(nb))
    nb = _setup(shipped, root / "country", country="FRA")
    for f in (country.timeline, country.domains, country.partners, country.peers):
        keep("country", f(nb, "FRA"))
    keep("claims", claims.figure_robustness(shipped, root / "claims"))
    rec = recommend.recommend(shipped, focus="LTU")
    out = root / "recommendations"
    keep("recommendations", recommendations.figure_standing(rec, name="standing", figures_dir=out))
    keep("recommendations", recommendations.figure_entry_points(rec, name="entry-points", figures_dir=out))
    keep("recommendations", recommendations.figure_domains(rec, name="domains", figures_dir=out))
    keep("recommendations", recommendations.figure_sensitivity(rec, name="sensitivity", figures_dir=out))
    return root, drawn


@pytest.fixture(scope="module")
def saved(shipped, tmp_path_factory) -> tuple[Path, dict]:
    """:func:`_save_every_recipe`, unplaced, with each PNG and SVG written as a placeholder (see the module's docstring)."""
    from indopac.figures import steps

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(steps, "place_footer", lambda fig: None)
        patch.setattr(steps, "_tight_box", lambda fig: None)
        patch.setattr(steps, "_render", lambda fig, **kwargs: f"not rendered: {kwargs['format']}".encode())
        return _save_every_recipe(shipped, tmp_path_factory)


def test_every_recipe_is_checked_here(saved):
    root, _ = saved
    assert sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.png")) == sorted(PLOTTED)


@pytest.mark.parametrize("figure", sorted(PLOTTED))
def test_every_saved_figure_has_its_csv_with_the_plotted_columns(saved, figure):
    root, _ = saved
    png = root / f"{figure}.png"
    assert png.is_file() and png.with_suffix(".svg").is_file()
    raw = png.with_suffix(".csv").read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    header = next(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert header[0] and not header[0].startswith("Unnamed")  # no index column
    table = pd.read_csv(io.BytesIO(raw), keep_default_na=False)
    assert len(table) > 0
    assert set(PLOTTED[figure]) <= set(table.columns)
    for column in (c for c in table.columns if c.endswith("_label")):
        assert (table[column].astype(str) != "").any(), column  # names, not blanks


@pytest.mark.parametrize("figure, column", [
    ("trends/per-year", "count"),
    ("network/foip-channels", "initiatives"),
    ("recommendations/standing", "initiatives"),
    ("overview/composition", "count"),
])
def test_the_csv_holds_the_numbers_the_bars_draw(saved, figure, column):
    root, drawn = saved
    table = pd.read_csv(root / f"{figure}.csv")
    assert drawn[figure]["bars"] == pytest.approx(table[column].sum())


def test_the_standing_chart_gives_each_colour_to_one_partner_and_no_framework_colour(saved, shipped):
    from indopac.plots import style

    colours = saved[1]["recommendations/standing"]["colours"]
    assert len(set(colours.values())) == len(colours)
    assert not set(colours.values()) & {c.lower() for c in style.framework_colors(shipped).values()}
    house = {code: c.lower() for code, c in style.palette("actor", shipped).items()}
    names = {shipped.actor_name(c): c for c in shipped.actors["code"]}
    for name, colour in colours.items():
        if name != "Other partners":
            assert colour == house[names[name]]


def test_a_figure_csv_is_the_same_bytes_on_a_second_save(saved, shipped, tmp_path):
    root, _ = saved
    trends.per_year(_setup(shipped, tmp_path))
    assert (tmp_path / "per-year.csv").read_bytes() == (root / "trends" / "per-year.csv").read_bytes()
