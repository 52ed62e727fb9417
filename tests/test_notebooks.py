"""Every notebook runs under papermill (on a fresh kernel of its own, see conftest.kernels), writes its figures where it is told, and stops a bad
parameter in its first code cell with a one-line message naming the valid values.

With its default parameters every notebook is already run by the build, whose executed
notebooks and figures are committed and held to the current notebooks, data and library by
``tests/test_published_outputs.py``; those runs are read here, not made again. The other
parameter sets are executed here, into temporary folders.

The expected figures of a notebook are read from its own source (each literal name passed to
``plots.save_figure``, or the recipe called alone in a cell, ``trends.per_year(nb);`` saving
``per-year``), so a notebook that stops saving a figure fails here.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

from indopac.layout import NOTEBOOKS_DIR, ROOT

papermill = pytest.importorskip("papermill")

pytestmark = pytest.mark.slow

# Parameter sets per notebook: the defaults ({}), at least one other set, and one bad set with the
# words the message must contain. A notebook that is missing fails.
CASES = {
    "01-overview": {
        "other": [{"data_dir": "SMALL"}],
        "bad": ({"data_dir": "MISSING"}, ["datapackage.json", "not found"]),
    },
    "02-trends": {
        "other": [{"year_start": 2010, "year_end": 2022, "grouping": "kind"}],
        "bad": ({"grouping": "colour"}, ["grouping: 'colour' is not valid", "valid: framework, kind, level"]),
    },
    "03-domains": {
        "other": [{"domains": ["maritime", "cyber", "space"], "year_start": 2012}],
        "bad": ({"domains": ["cyberspace"]}, ["'cyberspace' not a domain", "valid: maritime"]),
    },
    "04-network": {
        "other": [{"min_edge_weight": 2, "year_start": 2010}],
        "bad": ({"min_edge_weight": 0}, ["min_edge_weight: 0 is not valid", "valid: a whole number >= 1"]),
    },
    "05-country-profile": {
        "other": [{"country": "LTU"}, {"country": "JPN"}, {"country": "BRN"}, {"country": "LVA"},
                  {"country": "Poland"}],  # a name, as `-p country Poland` gives it
        "bad": ({"country": "XYZ"}, ["country: 'XYZ' is not a state", "valid: "]),
    },
    "06-recommendations": {
        # a code in lower case or a name: tests/test_params.py, and test_a_country_given_by_name below
        "other": [{"focus": "EST", "strengths": ["cyber"], "year_start": 2010}],
        "bad": ({"focus": "JPN"}, ["focus: 'JPN' is not a European NATO state", "valid: "]),
    },
}

# Figures a run has nothing to draw for, by (notebook, country or data_dir): a European NATO state
# with no initiative has no timeline, domains or partners (its profile says so and still compares it
# with its peers); a data folder without reliability files has no agreement chart.
WITHOUT = {("05-country-profile", "LVA"): {"timeline", "domains", "partners"},
           ("01-overview", "SMALL"): {"reliability"}}

SMALL_ROWS = [
    "s1,Small one,agreement,2012,,stated,false,,ongoing,ministerial,FOIP,GBR,JPN,,maritime;cyber,eesc-2023,2.2,n",
    "s2,Small two,dialogue,2019,,stated,true,,ongoing,officials,bilateral_other,FRA,IDN,,defence_industry,eesc-2023,4,n",
    "s3,Small three,exercise,,,unknown,false,,concluded,military,NATO,NATO,JPN,,exercises_interoperability,eesc-2023,3.1,n",
]


def _existing(name: str) -> Path:
    path = NOTEBOOKS_DIR / f"{name}.ipynb"
    assert path.is_file(), f"{path.name} is missing: every notebook the tests name must exist"
    return path


def _expected_figures(path: Path) -> set[str]:
    nb = nbformat.read(path, as_version=4)
    names = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            names |= set(re.findall(r"save_figure\([^,]+,\s*\"([^\"]+)\"", cell.source))
            # A figure cell that is one recipe call (``trends.per_year(nb, grouping);``) saves the
            # figure named after the recipe, with hyphens (``per-year``).
            recipe = re.fullmatch(r"\s*\w+\.(\w+)\([^\n]*\);\s*", cell.source)
            if recipe:
                names.add(recipe.group(1).replace("_", "-"))
    return names


def _params(raw: dict, tmp_path: Path, make_data) -> dict:
    params = dict(raw)
    if params.get("data_dir") == "SMALL":
        params["data_dir"] = str(make_data(*SMALL_ROWS, name="small-data"))
    elif params.get("data_dir") == "MISSING":
        params["data_dir"] = str(tmp_path / "no-such-folder")
    params.setdefault("figures_dir", str(tmp_path / "figures"))
    params.setdefault("reports_dir", str(tmp_path / "reports"))
    return params


def _run(execute_notebook, path: Path, params: dict, tmp_path: Path) -> Path:
    out = tmp_path / "out.ipynb"
    execute_notebook(path, out, parameters=params, cwd=str(tmp_path), progress_bar=False)
    return out


def _good_cases():
    for name, spec in CASES.items():
        for i, other in enumerate(spec["other"]):
            yield pytest.param(name, other, id=f"{name}-other{i + 1}")


def _check_run(path: Path, executed: Path, figures: Path, raw: dict, *machine_paths: Path | str) -> None:
    """``executed`` (the run of notebook ``path``) has no error and shows no machine path; ``figures`` has its figures."""
    name = path.stem
    expected = _expected_figures(path) - WITHOUT.get((name, raw.get("country", raw.get("data_dir"))), set())
    assert expected, f"{path.name} saves no figure through plots.save_figure"
    written = {p.name for p in figures.iterdir()}
    for stem in expected:
        assert {f"{stem}.png", f"{stem}.svg"} <= written, f"{path.name} did not write {stem}.png and .svg"
    assert not [n for n in written if n.endswith(".tmp")], "a temporary file was left behind"

    nb = nbformat.read(executed, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    # Outputs never show machine paths (the run folder, or the project folder).
    text = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])
    for folder in machine_paths:
        assert str(folder) not in text


@pytest.mark.parametrize(("name", "raw"), list(_good_cases()))
def test_notebook_runs_and_writes_its_figures(name, raw, tmp_path, make_data, execute_notebook):
    path = _existing(name)
    params = _params(raw, tmp_path, make_data)
    out = _run(execute_notebook, path, params, tmp_path)
    _check_run(path, out, Path(params["figures_dir"]), raw, tmp_path, ROOT)


@pytest.mark.parametrize("name", list(CASES))
def test_the_build_runs_each_notebook_with_its_defaults_and_commits_what_it_made(name, shipped):
    from indopac.build.engine import read_cache
    from indopac.build.runs import load_runs
    from indopac.layout import Project

    path = _existing(name)
    project = Project.default()
    defaults = {k: ast.literal_eval(v["default"]) for k, v in papermill.inspect_notebook(str(path)).items()}
    runs = [r for r in load_runs(project, shipped) if Path(r.notebook).name == path.name
            and all(defaults.get(k) == v for k, v in r.parameters.items())]
    assert len(runs) == 1, f"the run matrix should run {path.name} once with its defaults: {[r.name for r in runs]}"
    run = runs[0]
    entry = read_cache(project).get(run.name)
    assert entry, f"{run.name} was never built: run `make figures`"
    figures = project.figures_dir / run.name
    assert {f"figures/{run.name}/{p.name}" for p in figures.iterdir()} <= set(entry["outputs"])
    # the build ran it in .indopac-build/tmp/<run>, maybe on another machine: no trace of either
    _check_run(path, project.reports_dir / f"{run.name}.ipynb", figures, run.parameters, ROOT, ".indopac-build")


@pytest.mark.parametrize("name", list(CASES))
def test_bad_parameter_stops_in_the_first_code_cell_with_a_clear_message(name, tmp_path, make_data, execute_notebook):
    path = _existing(name)
    raw, words = CASES[name]["bad"]
    params = _params(raw, tmp_path, make_data)
    with pytest.raises(papermill.PapermillExecutionError) as info:
        _run(execute_notebook, path, params, tmp_path)
    err = info.value
    message = f"{err.ename}: {err.evalue}"
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    # It stopped where the data is loaded and the parameters checked: the first code cell after `parameters`.
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    first_after = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])) + 1
    assert err.exec_count == first_after + 1 + 1  # papermill injects one cell; counts start at 1
    assert not Path(params["figures_dir"]).exists() or not any(Path(params["figures_dir"]).iterdir())


def test_a_country_given_by_name_is_used_as_its_code(tmp_path, make_data, execute_notebook):
    """``-p focus Poland`` runs the recommendations for POL: the report is named by the code, not the name."""
    params = _params({"focus": "Poland"}, tmp_path, make_data)
    _run(execute_notebook, _existing("06-recommendations"), params, tmp_path)
    assert sorted(p.name for p in Path(params["reports_dir"]).iterdir()) == ["recommendations-POL.md"]
