"""`indopac runs` and `indopac build`: the run matrix, cache keys, and what a build does to the files.

Fast tests cover the matrix and the cache keys without executing anything. Tests
marked ``slow`` execute tiny notebooks (tests/buildkit.py) in tiny projects: one
project is built once per session (``built``, in conftest.py, with 2 jobs) and copied
for each test, so that each test starts from a finished build. Their own builds run
one job: they are about what a build does to the files, and a second worker process
(and the kernel it starts ahead) would only cost time.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from buildkit import copy_project, frozen_library, snapshot, tiny_notebook, tiny_project

from indopac.build import engine as b
from indopac.build.runs import (
    Run,
    RunsError,
    check_notebooks,
    expand,
    load_runs,
    read_spec,
    select,
)
from indopac.layout import Project

PRT_ROW = (
    "prt-jpn-test-dialogue-2020,Portugal–Japan test dialogue,dialogue,2020,,stated,false,,concluded,ministerial,"
    "bilateral_other,PRT,JPN,,political_dialogue,eesc-2023,4,A row added by the build tests."
)


def _build(project: Project, **kw) -> tuple[b.BuildReport, str]:
    out = io.StringIO()
    kw.setdefault("progress", False)
    kw.setdefault("site", False)
    kw.setdefault("jobs", 1)
    report = b.build(project, out=out, **kw)
    return report, out.getvalue()


def _statuses(report: b.BuildReport) -> dict[str, str]:
    return {r.name: r.status for r in report.results}


# --- the real matrix ----------------------------------------------------------------------


def test_matrix_lists_every_notebook_and_expands_over_the_data(shipped):
    ds = shipped
    project = Project.default()
    runs = load_runs(project, ds)
    names = [r.name for r in runs]
    states = set(ds.actors.loc[ds.actors["kind"] == "state", "code"])
    european_states = sorted(c for c in ds.parties(side="european") if c in states)
    nato_present = sorted(c for c in ds.european_nato_states() if c in set(ds.parties()))
    assert names[:5] == ["claims", "overview", "trends", "domains", "network"]
    assert names[5:] == [f"country-profile-{c}" for c in european_states] + [
        f"recommendations-{c}" for c in nato_present
    ] + ["explorer"]
    assert len(european_states) >= 10 and "LTU" in nato_present
    by_name = {r.name: r for r in runs}
    assert by_name["country-profile-FRA"].parameters == {"country": "FRA"}
    assert by_name["recommendations-LTU"].parameters == {"focus": "LTU"}
    assert {Path(r.notebook).name for r in runs} == {
        "00-claims.ipynb", "01-overview.ipynb", "02-trends.ipynb", "03-domains.ipynb", "04-network.ipynb",
        "05-country-profile.ipynb", "06-recommendations.ipynb", "07-explorer.ipynb",
    }
    assert by_name["recommendations-LTU"].as_dict(project) == {
        "name": "recommendations-LTU",
        "notebook": "notebooks/06-recommendations.ipynb",
        "parameters": {"focus": "LTU"},
        "figures_dir": "figures/recommendations-LTU",
        "report": "reports/recommendations-LTU.ipynb",
        "reports_dir": "reports",
    }


def test_adding_a_country_to_the_data_adds_its_runs(tmp_path):
    root = tiny_project(tmp_path / "p", runs=(Project.default().runs_file).read_text(encoding="utf-8"))
    with open(root / "data" / "initiatives.csv", "a", encoding="utf-8") as f:
        f.write(PRT_ROW + "\n")
    names = [r.name for r in load_runs(Project(root))]
    assert "country-profile-PRT" in names and "recommendations-PRT" in names


# --- expansion rules --------------------------------------------------------------------------


def _expand(spec, tmp_path):
    return expand(spec, Project(tmp_path), dataset=lambda: pytest.fail("the dataset is not needed"))


def test_expansion_over_a_written_list_fills_the_name_placeholder(tmp_path):
    runs = _expand([{"name": "rec-{focus}", "notebook": "r.ipynb",
                     "parameters": {"focus": {"each": ["LTU", "POL"]}, "strengths": ["cyber"]}}], tmp_path)
    assert [(r.name, r.parameters) for r in runs] == [
        ("rec-LTU", {"focus": "LTU", "strengths": ["cyber"]}),
        ("rec-POL", {"focus": "POL", "strengths": ["cyber"]}),
    ]
    assert runs[0].notebook == (tmp_path / "notebooks" / "r.ipynb").resolve()


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"name": "x-{c}", "notebook": "x.ipynb", "parameters": {"c": {"each": "no_such_list"}}}, "unknown list"),
        ({"name": "x", "notebook": "x.ipynb", "parameters": {"c": {"each": ["A", "B"]}}}, "one {placeholder}"),
        ({"name": "x", "notebook": "x.ipynb", "parameters": {"figures_dir": "elsewhere"}}, "set by the build"),
        ({"name": "x", "notebook": "x.py"}, "'notebook' must name an .ipynb"),
        ({"name": "x", "notebook": "x.ipynb", "params": {}}, "unknown key(s) params"),
        ({"name": "a b", "notebook": "x.ipynb"}, "not a valid file name"),
        ({"notebook": "x.ipynb"}, "'name' is required"),
    ],
)
def test_a_wrong_matrix_entry_is_reported_with_its_position(tmp_path, entry, message):
    with pytest.raises(RunsError) as err:
        _expand([{"name": "ok", "notebook": "ok.ipynb"}, entry], tmp_path)
    assert len(err.value.problems) == 1
    assert err.value.problems[0].startswith("runs.yaml: run 2")
    assert message in err.value.problems[0]


def test_duplicate_run_names_are_refused(tmp_path):
    with pytest.raises(RunsError, match="'a' occurs 2 times"):
        _expand([{"name": "a", "notebook": "x.ipynb"}, {"name": "a", "notebook": "y.ipynb"}], tmp_path)


def test_a_missing_notebook_names_the_notebook_and_its_runs(tmp_path):
    project = Project(tmp_path)
    runs = [Run("p-A", tmp_path / "notebooks" / "p.ipynb"), Run("p-B", tmp_path / "notebooks" / "p.ipynb")]
    with pytest.raises(RunsError, match=r"notebook notebooks/p.ipynb does not exist \(needed by 2 runs: p-A … p-B\)"):
        check_notebooks(runs, project)


def test_only_selects_runs_by_fnmatch_pattern():
    runs = [Run(n, Path("/x.ipynb")) for n in ("overview", "country-profile-FRA", "country-profile-DEU", "trends")]
    assert [r.name for r in select(runs, ["country-profile-*"])] == ["country-profile-FRA", "country-profile-DEU"]
    assert [r.name for r in select(runs, ["trends", "*-DEU"])] == ["country-profile-DEU", "trends"]
    assert select(runs, None) == runs
    with pytest.raises(RunsError, match="matches no run"):
        select(runs, ["nothing-*"])


# --- cache keys (no execution) -------------------------------------------------------------------


@pytest.fixture
def keyed(tmp_path):
    """A tiny project and a function giving every run's current key."""
    root = tiny_project(tmp_path / "p")
    project = Project(root, library=frozen_library(tmp_path))

    def keys() -> dict[str, str]:
        inputs = b.Inputs.of(project)
        runs = expand(read_spec(project), project)
        return {r.name: b.run_key(r, inputs) for r in runs}

    return project, keys


def test_editing_a_data_row_changes_every_key(keyed):
    project, keys = keyed
    before = keys()
    path = project.data_dir / "initiatives.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Joint naval exercise", "A joint naval exercise"),
                    encoding="utf-8")
    after = keys()
    assert all(after[n] != before[n] for n in before)


def test_editing_a_notebook_changes_only_its_runs_keys(keyed):
    project, keys = keyed
    before = keys()
    tiny_notebook(project.notebooks_dir / "beta.ipynb", title="Beta chart", extra="n = n + 1\n")
    after = keys()
    assert after["alpha"] == before["alpha"]
    assert after["beta-x"] != before["beta-x"] and after["beta-y"] != before["beta-y"]


def test_outputs_saved_into_a_source_notebook_do_not_change_its_key(keyed):
    project, keys = keyed
    before = keys()
    path = project.notebooks_dir / "alpha.ipynb"
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = i + 1
        cell.outputs = [nbformat.v4.new_output("stream", text="stray\n")]
    nbformat.write(nb, path)
    assert keys() == before


def test_library_pins_and_parameters_are_in_the_key(keyed, tmp_path):
    project, keys = keyed
    before = keys()
    (project.library / "extra.py").write_text("X = 1\n", encoding="utf-8")
    lib = keys()
    assert all(lib[n] != before[n] for n in before)
    with open(project.constraints_file, "a", encoding="utf-8") as f:
        f.write("# a new pin\n")
    pins = keys()
    assert all(pins[n] != lib[n] for n in lib)
    (project.library / "build" / "site.py").write_text("# the HTML site cannot change a run's outputs\n", encoding="utf-8")
    assert keys() == pins
    run = Run("r", project.notebooks_dir / "alpha.ipynb", {"n": 1})
    inputs = b.Inputs.of(project)
    assert b.run_key(run, inputs) != b.run_key(Run("r", run.notebook, {"n": 2}), inputs)


# --- normalisation ------------------------------------------------------------------------


def test_normalising_an_executed_notebook_removes_every_volatile_detail(tmp_path):
    root, tmp = "/home/someone/indopac", "/home/someone/indopac/.indopac-build/tmp/trends"
    executed = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python", "version": "3.11.7", "file_extension": ".py"},
            "papermill": {"start_time": "2026-12-01T08:00:00", "duration": 3.2, "input_path": f"{root}/nb.ipynb"},
        },
        "cells": [
            {"cell_type": "code", "id": "4f2a9c", "metadata": {"tags": ["injected-parameters"],
             "papermill": {"duration": 0.1}}, "execution_count": 2, "outputs": [],
             "source": [f'data_dir = "{root}/data"\n', f'figures_dir = "{tmp}/figures"\n',
                        f'reports_dir = "{tmp}/reports"\n']},
            {"cell_type": "code", "id": "chart", "metadata": {"tags": [], "execution": {"iopub.status.busy": "x"},
             "papermill": {"start_time": "t"}}, "execution_count": 3, "source": "fig",
             "outputs": [{"output_type": "execute_result", "execution_count": 3, "metadata": {},
                          "data": {"text/plain": "<Axes at 0x7f3a2b1c9d00>", "image/png": "iVBOR"}},
                         {"output_type": "stream", "name": "stderr",
                          "text": f"{root}/.venv/lib/python3.11/site-packages/x.py:1: Warning\n"}]},
        ],
    }
    job = {"root": root, "tmp": tmp, "figures_rel": "figures/trends", "reports_rel": "reports"}
    nb = b.normalize_notebook(executed, run="trends", notebook="notebooks/02-trends.ipynb",
                              parameters={"grouping": "kind"}, replacements=b._path_replacements(job))
    text = b.dump_notebook(nb).decode()
    assert root not in text and "someone" not in text
    for volatile in ("start_time", "duration", "iopub", "3.11.7", "0x7f3a", '"papermill"'):
        assert volatile not in text
    injected, chart = nb["cells"]
    assert injected["id"] == "injected-parameters"
    assert injected["source"] == ['data_dir = "data"\n', 'figures_dir = "figures/trends"\n',
                                  'reports_dir = "reports"\n']
    assert chart["id"] == "chart" and chart["metadata"] == {} and chart["execution_count"] == 3
    assert chart["outputs"][0]["data"] == {"text/plain": "<Axes at 0x0>", "image/png": "iVBOR"}
    assert chart["outputs"][1]["text"] == ".venv/lib/python3.11/site-packages/x.py:1: Warning\n"
    assert nb["metadata"]["indopac"] == {"run": "trends", "notebook": "notebooks/02-trends.ipynb",
                                         "parameters": {"grouping": "kind"}}
    assert nb["metadata"]["language_info"] == {"name": "python", "file_extension": ".py"}


def test_widgets_in_an_executed_notebook_get_fixed_ids_and_no_saved_state():
    """ipywidgets name their models with random ids; two runs of the explorer must give the same bytes."""
    def executed(model_id: str) -> dict:
        view = {"model_id": model_id, "version_major": 2, "version_minor": 0}
        return {
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {model_id: {}}}}},
            "cells": [{"cell_type": "code", "id": "controls", "metadata": {}, "execution_count": 1, "source": "x",
                       "outputs": [{"output_type": "display_data", "metadata": {},
                                    "data": {"text/plain": "VBox()",
                                             "application/vnd.jupyter.widget-view+json": view}}]}],
        }

    first, second = (b.normalize_notebook(executed(m), run="explorer", notebook="notebooks/07-explorer.ipynb",
                                          parameters={}) for m in ("a85824d8", "2d5e7e96"))
    assert b.dump_notebook(first) == b.dump_notebook(second)
    assert "widgets" not in first["metadata"]
    view = first["cells"][0]["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == "controls-widget-1"


# --- builds that write nothing ---------------------------------------------------------------------


def test_a_dataset_problem_prints_the_validators_lines_and_writes_nothing(tmp_path):
    root = tiny_project(tmp_path / "p")
    path = root / "data" / "initiatives.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2021,", ",20x1,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    report, out = _build(Project(root), site=True)
    assert report.exit_code == 1 and report.results == []
    assert "initiatives.csv:2: year:" in out
    assert "nothing was built" in out
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_a_missing_notebook_stops_the_build_before_anything_runs(tmp_path):
    root = tiny_project(tmp_path / "p")
    (root / "notebooks" / "beta.ipynb").unlink()
    report, out = _build(Project(root))
    assert report.exit_code == 1 and report.results == []
    assert "notebook notebooks/beta.ipynb does not exist (needed by 2 runs: beta-x … beta-y)" in out
    assert not (root / "reports").exists() and not (root / "figures").exists()


def test_indopac_runs_json_gives_names_notebooks_parameters_and_outputs(tmp_path, monkeypatch, capsys):
    root = tiny_project(tmp_path / "p")
    env = {**os.environ, "INDOPAC_ROOT": str(root)}
    # as a process (the one test of ``python -m indopac``), then in process for the table
    done = subprocess.run([sys.executable, "-m", "indopac", "runs", "--json"], env=env, capture_output=True,
                          text=True, check=True)
    runs = json.loads(done.stdout)
    assert [r["name"] for r in runs] == ["alpha", "beta-x", "beta-y"]
    assert runs[1] == {"name": "beta-x", "notebook": "notebooks/beta.ipynb", "parameters": {"n": 5, "label": "x"},
                       "figures_dir": "figures/beta-x", "report": "reports/beta-x.ipynb", "reports_dir": "reports"}
    from indopac import layout
    from indopac.build.cli import main

    monkeypatch.setattr(layout, "ROOT", root.resolve())  # what INDOPAC_ROOT sets when indopac is imported
    assert main(["runs", "--only", "beta-*"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines() == ["beta-x  notebooks/beta.ipynb  n=5 label=x", "beta-y  notebooks/beta.ipynb  n=5 label=y"]


# --- builds that execute (slow) ----------------------------------------------------------------------


@pytest.fixture
def project(built, tmp_path):
    """A fresh copy of the built project for one test to change."""
    root, library, _, _ = built
    return Project(copy_project(root, tmp_path / "project"), library=library)


@pytest.mark.slow
def test_first_build_runs_every_run_and_writes_its_outputs(built):
    root, _, report, out = built
    assert _statuses(report) == {"alpha": "ran", "beta-x": "ran", "beta-y": "ran"}
    for run in ("alpha", "beta-x", "beta-y"):
        assert (root / "figures" / run / "bars.png").is_file() and (root / "figures" / run / "bars.svg").is_file()
        text = (root / "reports" / f"{run}.ipynb").read_text(encoding="utf-8")
        assert str(root) not in text and "/tmp" not in text and "start_time" not in text
        nb = json.loads(text)
        assert nb["metadata"]["indopac"]["run"] == run
        injected = next(c for c in nb["cells"] if c["id"] == "injected-parameters")
        assert f'figures_dir = "figures/{run}"\n' in injected["source"]
        assert [c["id"] for c in nb["cells"]] == ["intro", "parameters", "injected-parameters", "load", "chart",
                                                   "text"]
    cache = json.loads((root / "reports" / ".build-cache.json").read_text(encoding="utf-8"))
    assert sorted(cache["runs"]["beta-y"]["outputs"]) == [
        "figures/beta-y/bars.png", "figures/beta-y/bars.svg", "reports/beta-y.ipynb"]
    assert not (root / ".indopac-build" / "tmp").exists()
    header, _rule, *rows = out.splitlines()[:5]
    assert header.split() == ["run", "status", "seconds", "outputs"]
    assert rows[0].split()[:2] == ["alpha", "ran"]
    assert "3 runs: 3 ran, 0 cached, 0 failed" in out


@pytest.mark.slow
def test_a_rebuild_with_no_change_executes_no_run_and_touches_no_file(project):
    # How fast the no-op build is belongs to benchmarks/buildbench.py, not to a test.
    before = snapshot(project.root)
    report, out = _build(project, site=True)
    assert _statuses(report) == {"alpha": "cached", "beta-x": "cached", "beta-y": "cached"}
    assert not any(r.status == "ran" for r in report.results)
    assert snapshot(project.root) == before  # same bytes and same mtimes
    assert "3 runs: 0 ran, 3 cached, 0 failed" in out


@pytest.mark.slow
def test_force_reruns_everything_and_reproduces_the_same_bytes(project):
    before = snapshot(project.root)
    report, _ = _build(project, force=True)
    assert set(_statuses(report).values()) == {"ran"}
    # identical bytes, and files whose bytes did not change were not rewritten
    assert snapshot(project.root) == before


@pytest.mark.slow
def test_editing_a_data_row_reruns_every_run_that_reads_the_data(project, shipped):
    path = project.data_dir / "initiatives.csv"
    with open(path, "a", encoding="utf-8") as f:
        f.write(PRT_ROW + "\n")
    report, _ = _build(project)
    assert _statuses(report) == {"alpha": "ran", "beta-x": "ran", "beta-y": "ran"}
    assert f"x: {len(shipped) + 1} rows" in (project.reports_dir / "alpha.ipynb").read_text(encoding="utf-8")
    again, _ = _build(project)
    assert set(_statuses(again).values()) == {"cached"}


@pytest.mark.slow
def test_editing_one_notebook_reruns_only_its_runs(project):
    alpha_before = snapshot(project.root)
    tiny_notebook(project.notebooks_dir / "beta.ipynb", title="Beta chart", extra="n = n * 10\n")
    report, _ = _build(project)
    assert _statuses(report) == {"alpha": "cached", "beta-x": "ran", "beta-y": "ran"}
    after = snapshot(project.root)
    assert {k: v for k, v in after.items() if "alpha" in k} == {k: v for k, v in alpha_before.items() if "alpha" in k}
    assert "n = 50" in (project.reports_dir / "beta-x.ipynb").read_text(encoding="utf-8")


@pytest.mark.slow
def test_only_reruns_the_selected_runs_and_keeps_the_others_cache(project):
    cache_before = json.loads(project.cache_file.read_text(encoding="utf-8"))
    report, _ = _build(project, only=["beta-y"], force=True)
    assert _statuses(report) == {"beta-y": "ran"}
    assert json.loads(project.cache_file.read_text(encoding="utf-8")) == cache_before


@pytest.mark.slow
def test_a_failing_notebook_keeps_the_previous_outputs_and_the_build_goes_on(project):
    before = snapshot(project.root)
    tiny_notebook(project.notebooks_dir / "beta.ipynb", title="Beta chart", fail="the chart has no data")
    tiny_notebook(project.notebooks_dir / "alpha.ipynb", title="Alpha chart, edited")
    report, out = _build(project)
    assert report.exit_code == 1
    assert _statuses(report) == {"alpha": "ran", "beta-x": "failed", "beta-y": "failed"}
    after = snapshot(project.root)
    for rel in before:
        if "beta" in rel:
            assert after[rel] == before[rel], f"{rel} changed although its run failed"
    assert "Alpha chart, edited" in (project.reports_dir / "alpha.ipynb").read_text(encoding="utf-8")
    assert ("FAILED beta-x: notebooks/beta.ipynb cell 6 (id 'boom'): ValueError: the chart has no data; "
            "executed notebook: reports/failed/beta-x.ipynb") in out
    failed = json.loads((project.failed_dir / "beta-x.ipynb").read_text(encoding="utf-8"))
    assert any("papermill-error-cell-tag" in c["metadata"].get("tags", []) for c in failed["cells"])
    # the failed runs stay out of date: the next build tries them again
    again, _ = _build(project)
    assert _statuses(again) == {"alpha": "cached", "beta-x": "failed", "beta-y": "failed"}
    # fixed back to what made the kept outputs: those are up to date again, the failed notebooks go
    tiny_notebook(project.notebooks_dir / "beta.ipynb", title="Beta chart")
    fixed, _ = _build(project)
    assert _statuses(fixed) == {"alpha": "cached", "beta-x": "cached", "beta-y": "cached"}
    assert not project.failed_dir.exists()
    assert {k: v[0] for k, v in snapshot(project.root).items() if "beta" in k} == {
        k: v[0] for k, v in before.items() if "beta" in k}


@pytest.mark.slow
def test_a_bad_parameter_fails_in_the_injected_cell_or_the_check_and_says_so(project):
    spec = project.runs_file.read_text(encoding="utf-8").replace("n: 5", "n: {oops: 1}")
    project.runs_file.write_text(spec, encoding="utf-8")
    nb = nbformat.read(project.notebooks_dir / "beta.ipynb", as_version=4)
    nb.cells[2].source = "if not isinstance(n, int):\n    raise ValueError(f'n: {n!r} is not a whole number')\n" + \
        nb.cells[2].source
    nbformat.write(nb, project.notebooks_dir / "beta.ipynb")
    report, out = _build(project, only=["beta-x"])
    assert report.exit_code == 1
    assert "FAILED beta-x: notebooks/beta.ipynb cell 3 (id 'load'): ValueError: n: {'oops': 1} is not a whole number" \
        in out


@pytest.mark.slow
def test_outputs_written_to_reports_dir_are_kept_and_machine_paths_refused(project, shipped):
    good = "Path(reports_dir, label + '-note.md').write_text(f'{rows} rows\\n')\n"
    bad = "Path(reports_dir, 'bad.md').write_text(str(Path(data_dir).resolve()))\n"
    tiny_notebook(project.notebooks_dir / "beta.ipynb", title="Beta chart", extra=good)
    tiny_notebook(project.notebooks_dir / "alpha.ipynb", title="Alpha chart", extra=bad)
    report, out = _build(project)
    assert _statuses(report) == {"alpha": "failed", "beta-x": "ran", "beta-y": "ran"}
    assert (project.reports_dir / "x-note.md").read_text() == f"{len(shipped)} rows\n"
    cache = json.loads(project.cache_file.read_text(encoding="utf-8"))
    assert "reports/y-note.md" in cache["runs"]["beta-y"]["outputs"]
    assert "reports/bad.md contains a machine path" in out
    assert not (project.reports_dir / "bad.md").exists()


@pytest.mark.slow
def test_a_run_that_leaves_the_matrix_takes_its_outputs_with_it(project):
    spec = project.runs_file.read_text(encoding="utf-8").replace("[x, y]", "[x]")
    project.runs_file.write_text(spec, encoding="utf-8")
    report, out = _build(project)
    assert _statuses(report) == {"alpha": "cached", "beta-x": "cached"}
    assert "removed the outputs of beta-y" in out
    assert not (project.figures_dir / "beta-y").exists() and not (project.reports_dir / "beta-y.ipynb").exists()
    assert "beta-y" not in json.loads(project.cache_file.read_text(encoding="utf-8"))["runs"]


@pytest.mark.slow
def test_a_kernel_that_fails_to_start_is_retried(project, monkeypatch):
    import papermill

    real = papermill.execute_notebook
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    for name in ("PYTHONHASHSEED", "TZ", "INDOPAC_ROOT", "JUPYTER_DATA_DIR", "JUPYTER_PLATFORM_DIRS",
                 "PYDEVD_DISABLE_FILE_VALIDATION", "MPLBACKEND"):  # execute_job sets them: restore afterwards
        monkeypatch.setenv(name, os.environ.get(name, ""))
    run = next(r for r in load_runs(project) if r.name == "alpha")
    job = b._job(run, project, project.build_dir / "tmp", None)
    result = b.execute_job(job)
    assert result["error"] is None and result["attempts"] == 2
    assert (Path(job["tmp"]) / "report.ipynb").is_file()
