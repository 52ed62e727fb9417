"""indopac.plots: one house style, stable colours, a source line on every figure, deterministic files."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import matplotlib
import pytest

from indopac import figures, plots, text
from indopac.data.schema import vocabulary


@pytest.fixture(scope="module")
def ds(shipped):
    return shipped


def _bar_figure(ds, years=range(2015, 2024)):
    fig, ax = plots.new_figure()
    ax.bar(list(years), [1 + (y % 3) for y in years], color=plots.ACCENT)
    plots.mark_partial_year(ax, ds.coverage_end)
    figures.title(ax, "A finding-stating title", subtitle="A subtitle")
    figures.add_source(fig, ds, text.time_note(ds, 3))
    return fig


# --- style ------------------------------------------------------------------------------


def test_importing_plots_applies_a_deterministic_non_interactive_style():
    assert matplotlib.get_backend().lower() in ("agg", "module://matplotlib_inline.backend_inline")
    assert matplotlib.rcParams["svg.hashsalt"] == plots.SVG_HASHSALT
    assert matplotlib.rcParams["svg.fonttype"] == "none"
    assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"


def test_use_style_restores_the_house_style_after_someone_changes_it():
    matplotlib.rcParams["svg.hashsalt"] = None
    matplotlib.rcParams["font.size"] = 30
    plots.use_style()
    assert matplotlib.rcParams["svg.hashsalt"] == plots.SVG_HASHSALT
    assert matplotlib.rcParams["font.size"] == plots.RC["font.size"]


# --- colours ----------------------------------------------------------------------------


def test_framework_colours_cover_the_vocabulary_in_order_and_are_distinct(ds):
    colours = plots.framework_colors(ds)
    assert list(colours) == list(vocabulary("framework"))
    assert len(set(colours.values())) == len(colours)


def test_colours_do_not_depend_on_what_a_filtered_dataset_contains(ds):
    few = ds.filter(frameworks=["NATO"], years=(2019, 2023))
    assert plots.framework_colors(few) == plots.framework_colors(ds)
    assert plots.domain_colors(few) == plots.domain_colors(ds)
    assert plots.country_colors(few) == plots.country_colors(ds)
    assert plots.palette("kind", few) == plots.palette("kind", ds)


def test_every_domain_gets_a_shade_of_its_groups_colour_and_no_two_domains_share_one(ds):
    colours = plots.domain_colors(ds)
    assert list(colours) == ds.domains["code"].tolist()
    groups = plots.group_colors(ds)
    first_of_group = ds.domains.drop_duplicates("group")
    for code, group in zip(first_of_group["code"], first_of_group["group"]):
        assert colours[code].lower() == groups[group].lower()  # the group's first domain has the full colour
    assert len(set(colours.values())) == len(colours)


def test_country_colours_cover_every_actor_and_separate_the_regions(ds):
    colours = plots.country_colors(ds)
    assert set(colours) == set(ds.actors["code"])
    europe = {colours[c] for c in ds.actors.loc[ds.actors["region"] == "europe", "code"]}
    asia = {colours[c] for c in ds.actors.loc[ds.actors["region"] == "indo_pacific", "code"]}
    assert not europe & asia


def test_palette_restricts_to_given_values_and_greys_unknown_ones(ds):
    got = plots.palette("framework", ds, values=["NATO", "FOIP", "nonsense"])
    assert list(got) == ["NATO", "FOIP", "nonsense"]
    assert got["FOIP"] == plots.framework_colors(ds)["FOIP"]
    assert got["nonsense"] == plots.OKABE_ITO["grey"]
    with pytest.raises(ValueError, match="valid: framework"):
        plots.palette("flavour", ds)


def test_labels_are_readable(ds):
    assert plots.label("framework", "bilateral_other") == "Bilateral, outside FOIP"
    assert plots.label("actor", "KOR", ds) == "South Korea"
    assert plots.label("domain", "cyber", ds) == "Cyber security"
    assert plots.label("kind", "ministerial_meeting") == "Ministerial meeting"
    assert plots.label("framework", "FOIP") == "FOIP"


# --- notes and source line ------------------------------------------------------------------


def test_undated_note_counts_correctly():
    assert text.undated_note(1) == "1 undated initiative is not shown (the study gives no year)"
    assert text.undated_note(25).startswith("25 undated initiatives are not shown")
    assert text.undated_note(0) == "Every initiative shown has a start year"


def test_source_line_sits_below_every_axes_and_is_replaced_not_duplicated(ds):
    fig = _bar_figure(ds)
    figures.add_source(fig, ds, "second note")
    sources = [t for t in fig.texts if ds.source_line in t.get_text()]
    assert len(sources) == 1 and sources[0].get_text().startswith("second note")
    renderer = fig.canvas.get_renderer()
    figures.place_footer(fig)
    src_top = sources[0].get_window_extent(renderer).y1
    assert all(src_top <= ax.get_tightbbox(renderer).y0 + 1 for ax in fig.axes)
    matplotlib.pyplot.close(fig)


def test_a_figure_level_title_sits_above_every_axes_and_the_source_line_below_them(ds, tmp_path):
    fig, axes = matplotlib.pyplot.subplots(1, 2, figsize=(8, 3))
    for ax in axes:
        ax.bar(["a", "b"], [3, 1])
        ax.set_title("A panel title\nover two lines")  # taller than the room the subtitle is given
    figures.title(fig, "A figure-level finding", subtitle="A subtitle under it")
    figures.add_source(fig, ds, "a note")
    figures.save_figure(fig, "two-panels", tmp_path)  # the save places both, from one measurement of the Axes
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes]
    subtitle = fig._indopac_subtitle.get_window_extent(renderer)
    source = fig._indopac_source.get_window_extent(renderer)
    assert subtitle.y0 >= max(b.y1 for b in boxes) - 1
    assert fig._suptitle.get_window_extent(renderer).y1 > subtitle.y1  # the title's blank last line holds it
    assert source.y1 <= min(b.y0 for b in boxes) + 1
    matplotlib.pyplot.close(fig)


def test_partial_year_bar_is_hatched_and_labelled(ds):
    fig = _bar_figure(ds)
    ax = fig.axes[0]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1 and abs(hatched[0].get_x() + hatched[0].get_width() / 2 - ds.coverage_end) < 0.01
    assert any(t.get_text().startswith(f"{ds.coverage_end}:") for t in ax.texts)
    matplotlib.pyplot.close(fig)


# --- saving -------------------------------------------------------------------------------------


def test_save_figure_writes_png_and_svg_into_a_new_folder_with_no_leftovers(ds, tmp_path):
    fig = _bar_figure(ds)
    target = tmp_path / "deep" / "run"
    paths = figures.save_figure(fig, "trend", target)
    assert paths == [target / "trend.png", target / "trend.svg"]
    assert sorted(p.name for p in target.iterdir()) == ["trend.png", "trend.svg"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = paths[1].read_text(encoding="utf-8")
    assert "Source: indopac dataset, coded from" in svg  # the source line is real text in the SVG
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in paths[0].read_bytes()
    # The figure is still usable by the caller.
    assert matplotlib.pyplot.fignum_exists(fig.number)
    matplotlib.pyplot.close(fig)


def test_save_figure_is_byte_identical_on_rerun(ds, tmp_path):
    fig = _bar_figure(ds)
    first = [p.read_bytes() for p in figures.save_figure(fig, "f", tmp_path / "a")]
    second = [p.read_bytes() for p in figures.save_figure(fig, "f", tmp_path / "b")]
    assert first == second
    fig2 = _bar_figure(ds)  # a fresh figure with the same content: same bytes again
    third = [p.read_bytes() for p in figures.save_figure(fig2, "f", tmp_path / "c")]
    assert first == third
    matplotlib.pyplot.close("all")


def test_save_figure_is_byte_identical_across_processes(tmp_path):
    # One figure saved here, in a test process that has drawn and saved many figures before, and
    # in a fresh Python with another string-hashing seed: the bytes must not depend on either.
    script = (
        "import sys, types; from indopac import figures, plots;"
        "ds = types.SimpleNamespace(source_line='Source: a test');"
        "fig, ax = plots.new_figure(); ax.bar([2021, 2022, 2023], [1, 3, 2]);"
        "plots.mark_partial_year(ax, 2023); figures.title(ax, 'Title'); figures.add_source(fig, ds, 'note');"
        "figures.save_figure(fig, 'x', sys.argv[1])"
    )
    exec(script.replace("sys.argv[1]", repr(str(tmp_path / "here"))), {})  # noqa: S102 -- the same lines, here
    matplotlib.pyplot.close("all")
    # a build sets PYTHONHASHSEED=0 in its environment, and a test running a job in-process may have
    # passed it on to this process: the fresh one takes another seed
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "fresh")], check=True,
                   env={**os.environ, "PYTHONHASHSEED": seed})
    for ext in ("png", "svg"):
        assert (tmp_path / "here" / f"x.{ext}").read_bytes() == (tmp_path / "fresh" / f"x.{ext}").read_bytes()


def test_what_a_kernel_loads_to_draw_needs_neither_seaborn_nor_scipy_stats():
    # Importing them cost about a second of CPU in every kernel, test worker and fresh process; the
    # house style writes out the seaborn theme it used, and the exact tests import scipy.stats when run.
    from indopac.build.kernels import WARM_MODULES

    script = (f"import sys; [__import__(m) for m in {WARM_MODULES!r}]; "
              "print(sorted(m for m in ('seaborn', 'scipy.stats') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("layout", [None, "tight_layout()", "constrained"])
def test_save_figure_crops_where_savefig_would_and_leaves_the_layout_engine_as_it_was(ds, tmp_path, layout):
    # save_figure measures the tight box once and saves both formats with it, skipping the
    # layout pass that tight_layout()'s placeholder engine would cost; the crop must still
    # be savefig's own, and a figure with a real engine (constrained) must still be laid out.
    from PIL import Image

    from indopac.plots.style import PNG_DPI

    fig, ax = plots.new_figure(layout="constrained") if layout == "constrained" else plots.new_figure()
    ax.bar(["a much longer category name", "b"], [3, 1])
    ax.set_ylabel("Initiatives\n(a two-line label)")
    figures.title(ax, "A finding-stating title", subtitle="A subtitle")
    figures.add_source(fig, ds, "note")
    if layout == "tight_layout()":
        fig.tight_layout()
    engine = fig.get_layout_engine()
    png = figures.save_figure(fig, "f", tmp_path)[0]
    assert fig.get_layout_engine() is engine
    own = io.BytesIO()
    fig.savefig(own, format="png", dpi=PNG_DPI, bbox_inches="tight")
    with Image.open(png) as saved, Image.open(own) as expected:
        # savefig measures text at 150 dpi, save_figure at the figure's own 100: glyph
        # hinting differs by a pixel or so per label, never by more than 1% of the image
        assert all(abs(a - b) <= 0.01 * b for a, b in zip(saved.size, expected.size, strict=True)), (
            saved.size, expected.size)
    matplotlib.pyplot.close(fig)


def test_save_figure_rejects_a_name_that_is_a_path(ds, tmp_path):
    fig = _bar_figure(ds)
    with pytest.raises(ValueError, match="plain file stem"):
        figures.save_figure(fig, "../escape", tmp_path)
    matplotlib.pyplot.close(fig)


def test_time_note_mentions_a_year_window_only_when_one_is_chosen(ds):
    plain = text.time_note(ds, 25, n_outside=-25, window=(None, None))
    assert "outside" not in plain and plain.startswith("25 undated initiatives")
    windowed = text.time_note(ds, 25, n_outside=3, window=(2015, None))
    assert "3 dated initiatives outside the years chosen (from 2015) are not shown" in windowed


# --- one meaning per colour, house style by default (issues 10 and 13) ----------------------------------


def test_sides_groups_and_countries_never_wear_a_framework_colour(ds):
    frameworks = {c.upper() for c in plots.framework_colors(ds).values()}
    sides = {c.upper() for c in plots.palette("side").values()}
    groups = {c.upper() for c in plots.group_colors(ds).values()}
    countries = {c.upper() for c in plots.country_colors(ds).values()}
    assert not sides & frameworks
    assert not groups & frameworks
    assert not countries & frameworks
    for kind in ("kind", "year_basis", "level"):
        assert not {c.upper() for c in plots.palette(kind).values()} & frameworks, kind
    assert plots.country_colors(ds)["JPN"] != plots.framework_colors(ds)["UN"]
    assert plots.ACCENT.upper() not in frameworks


def test_stacked_bars_take_house_colours_and_readable_labels_without_being_told(ds):
    from indopac import analysis

    ax = plots.stacked_bars(analysis.counts_by_year(ds, "framework"), hue="framework")
    legend = ax.get_legend()
    names = [t.get_text() for t in legend.get_texts()]
    assert legend.get_title().get_text() == "Framework"
    assert "Bilateral, outside FOIP" in names and "bilateral_other" not in names
    colours = {t.get_text(): matplotlib.colors.to_hex(h.get_facecolor()) for t, h in zip(legend.get_texts(), legend.legend_handles)}
    assert colours["FOIP"].upper() == plots.framework_colors(ds)["FOIP"].upper()
    matplotlib.pyplot.close(ax.figure)


def test_bar_labels_show_percentages_only_from_the_minimum_base():
    import pandas as pd

    data = pd.DataFrame({"k": ["a", "b"], "count": [1, 2]})
    small = plots.bar(data, "k", total=3)
    big = plots.bar(data, "k", total=40)
    assert [t.get_text() for t in small.texts] == ["1", "2"]
    assert [t.get_text() for t in big.texts] == ["1 (2%)", "2 (5%)"]
    matplotlib.pyplot.close("all")


def test_heatmap_draws_small_base_columns_as_grey_counts():
    import pandas as pd

    wide = pd.DataFrame({"FOIP": [36, 0], "EU": [100, 0]}, index=["maritime", "cyber"])
    annot = pd.DataFrame({"FOIP": ["36%", ""], "EU": ["1", ""]}, index=wide.index)
    ax = plots.heatmap(wide, annot=annot, small_columns=["EU"])
    texts = [t.get_text() for t in ax.texts]
    assert "36%" in texts and "1" in texts and "100" not in texts and "100%" not in texts
    greys = [p for p in ax.patches if matplotlib.colors.to_hex(p.get_facecolor()).upper() == plots.style.SMALL_BASE.upper()]
    assert len(greys) == 2  # the EU column's two cells
    matplotlib.pyplot.close(ax.figure)
