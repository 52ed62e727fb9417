"""The explorer: the selection on hand-made data, the widgets driven from Python, and its notebook under papermill."""

from __future__ import annotations

import json

import nbformat
import pytest

from indopac import explorer, load
from indopac.analysis.selection import Criteria, select
from indopac.layout import NOTEBOOKS_DIR, REPORTS_DIR
from indopac.params import ParameterError

ROWS = [
    "a,France-Japan talks,dialogue,2012,,stated,false,,ongoing,ministerial,FOIP,FRA,JPN,,maritime;cyber,eesc-2023,2.2,Talks.",
    "b,Germany-Korea exercise,exercise,2019,,stated,false,,concluded,military,NATO,DEU,KOR,,maritime,eesc-2023,3.1,Drill.",
    "c,France-Korea space deal,agreement,2021,,stated,false,,ongoing,ministerial,bilateral_other,FRA,KOR,,space,eesc-2023,4,Space.",
    "d,Undated France-Japan visit,dialogue,,,unknown,false,,ongoing,officials,FOIP,FRA,JPN,,maritime,eesc-2023,3.1,No date.",
    "e,Hostile <b>*row*</b>,dialogue,2005,,stated,false,,ongoing,officials,FOIP,GBR,JPN,,cyber,eesc-2023,2.2,x <i>y</i>",
]


@pytest.fixture(scope="module")
def ds(make_shared_data):
    """The hand-made dataset of ROWS, loaded once for the module (a Dataset never changes; the
    explorer's controls change its selection, not its data)."""
    return load(make_shared_data(*ROWS))


def _ids(selection):
    return sorted(selection.dataset.initiatives["initiative_id"])


# --- the selection -------------------------------------------------------------------------


def test_no_control_selects_everything_and_leaves_nothing_out(ds):
    sel = select(ds)
    assert _ids(sel) == ["a", "b", "c", "d", "e"] and sel.n_selected == 5 == sel.n_total
    assert (sel.n_outside_years, sel.n_undated_excluded, sel.n_undated_included) == (0, 0, 1)


def test_values_within_a_control_are_alternatives_and_controls_all_hold(ds):
    assert _ids(select(ds, Criteria(european=("FRA", "DEU")))) == ["a", "b", "c", "d"]
    assert _ids(select(ds, Criteria(european=("FRA",), indo_pacific=("KOR",)))) == ["c"]
    assert _ids(select(ds, Criteria(domains=("maritime",), kinds=("dialogue",)))) == ["a", "d"]
    assert _ids(select(ds, Criteria(frameworks=("FOIP",), european=("GBR",)))) == ["e"]


def test_a_side_is_a_side(ds):
    # Japan is on the Indo-Pacific side: choosing it as European is an error naming the valid codes.
    with pytest.raises(ParameterError, match=r"european: 'JPN' not valid; valid: DEU, FRA, GBR"):
        select(ds, Criteria(european=("JPN",)))


def test_the_year_range_bounds_dated_initiatives_and_counts_what_it_leaves_out(ds):
    sel = select(ds, Criteria(european=("FRA",), years=(2015, 2023)))
    assert _ids(sel) == ["c", "d"]  # 2012 is outside; the undated visit is kept
    assert (sel.n_matching, sel.n_outside_years, sel.n_undated_included, sel.n_undated_excluded) == (3, 1, 1, 0)
    off = select(ds, Criteria(european=("FRA",), years=(2015, 2023), include_undated=False))
    assert _ids(off) == ["c"] and (off.n_outside_years, off.n_undated_excluded) == (1, 1)


def test_the_table_has_notes_and_sections_one_row_per_initiative(ds):
    sel = select(ds, Criteria(european=("FRA",)))
    assert list(sel.table["id"]) == ["a", "c", "d"]  # by year, undated last
    assert list(sel.table["notes"]) == ["Talks.", "Space.", "No date."]
    assert list(sel.table["section"]) == ["2.2", "4", "3.1"]


def test_the_description_says_what_is_matched_and_left_out(ds):
    sel = select(ds, Criteria(european=("FRA", "DEU"), years=(2015, 2023), include_undated=False))
    words = explorer.describe(sel, ds)
    assert words.startswith("**2 of 5 initiatives** match the selection (European side any of France and Germany; "
                            "started 2015–2023).")
    assert "1 dated initiative that otherwise match" in words or "1 dated initiative that otherwise matches" in words
    assert "1 undated initiative that otherwise matches (undated initiatives are switched off)" in words
    assert "It leaves out nothing" in explorer.describe(select(ds), ds)


def test_markup_in_the_data_is_escaped_in_the_description_and_the_table(ds):
    sel = select(ds, Criteria(european=("GBR",)))
    bundle = explorer.table_bundle(explorer.reader_table(sel))
    for html in (bundle["text/html"], bundle[explorer.STATIC_HTML_MIME]):
        assert "<b>" not in html and "&lt;b&gt;*row*&lt;/b&gt;" in html
    assert "<i>" not in bundle[explorer.STATIC_HTML_MIME]


# --- the widgets, driven from Python ---------------------------------------------------------


def test_setting_controls_updates_the_selection_the_table_and_the_charts(ds, tmp_path):
    ex = explorer.Explorer(ds, figures_dir=tmp_path)
    assert len(ex.table) == 5 and set(ex.figures) == set(explorer.CHARTS)
    saved = {p.name for p in tmp_path.iterdir()}
    assert {f"{n}.{ext}" for n in explorer.CHARTS for ext in ("png", "svg", "csv")} <= saved
    names = dict(ex.controls.european.options)
    assert names["France"] == "FRA"  # countries are chosen by name

    ex.controls.european.value = ("FRA",)
    ex.controls.years.value = (2015, 2023)
    ex.controls.include_undated.value = False
    assert list(ex.table["title"]) == ["France-Korea space deal"]
    assert ex.table.columns[-2:].tolist() == ["section", "notes"] and ex.table["section"].tolist() == ["§4"]
    assert "1 undated initiative" in ex.summary
    assert list(ex.data["selection-partners"]["label"]) == ["South Korea"]
    assert list(ex.data["selection-domains"]["domain"]) == ["space"]
    per_year = ex.data["selection-per-year"]
    assert per_year["count"].sum() == 1 and per_year["year"].between(2015, 2023).all()
    alt = explorer.figures.display_metadata(ex.figures["selection-per-year"])["alt"]
    assert alt.startswith("The selection: 1 dated initiative by start year")
    assert {p.name for p in tmp_path.iterdir()} == saved  # exploring does not overwrite the saved defaults


def test_a_selection_of_nothing_still_draws(ds):
    ex = explorer.Explorer(ds)
    ex.controls.european.value = ("GBR",)
    ex.controls.domains.value = ("space",)
    assert ex.table.empty and ex.summary.startswith("**0 of 5 initiatives** match")
    assert set(ex.figures) == set(explorer.CHARTS)


# --- the notebook ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_notebook_runs_headless_with_the_default_controls(tmp_path, execute_notebook):
    out = tmp_path / "explorer.ipynb"
    figures = tmp_path / "figures"
    execute_notebook(NOTEBOOKS_DIR / "07-explorer.ipynb", out,
                               parameters={"figures_dir": str(figures), "reports_dir": str(tmp_path / "reports")},
                               cwd=str(tmp_path), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)  # the controls
    tables = [o for o in outputs if explorer.STATIC_HTML_MIME in o.get("data", {}) and o["data"][explorer.STATIC_HTML_MIME]]
    assert len(tables) == 1 and explorer.TABLE_ID in tables[0]["data"]["text/html"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert [o["metadata"]["image/png"]["indopac_figure"] for o in images] == list(explorer.CHARTS)
    assert all(o["metadata"]["image/png"]["alt"] for o in images)
    assert {p.stem for p in figures.iterdir()} == set(explorer.CHARTS)
    # The code cells are calls: no loops or string formatting in the notebook.
    source = nbformat.read(NOTEBOOKS_DIR / "07-explorer.ipynb", as_version=4)
    code = [c.source for c in source.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    assert not any(word in s for s in code for word in ("for ", "f\"", "if "))
    # The same run gives the same bytes (fixed table id, no timestamps in the outputs): this run's
    # table is the one the build's run made, in another process at another time, and committed
    # (tests/test_published_outputs.py holds the committed run to the current notebook and library).
    assert json.dumps(tables[0]["data"], sort_keys=True) == json.dumps(_committed_table(), sort_keys=True)


def _committed_table() -> dict:
    nb = nbformat.read(REPORTS_DIR / "explorer.ipynb", as_version=4)
    return next(o["data"] for c in nb.cells for o in c.get("outputs", [])
                if o.get("data", {}).get(explorer.STATIC_HTML_MIME))
