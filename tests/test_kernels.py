"""Kernels started ahead of need (indopac.build.kernels): every run still gets a fresh kernel no other run touched.

The build's workers start the next run's kernel, with the common imports loaded, while the
current run executes. These tests run a probe notebook several times through one worker
and check what each run can see: its kernel's process id, its namespace, its execution
counter. The pool's own behaviour (hand over, prepare the next, shut down) is checked on
its own, with a real kernel.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from buildkit import frozen_library, tiny_project

from indopac.build import engine
from indopac.build.kernels import WARM_MODULES, KernelPool, shutdown
from indopac.layout import Project

#: the probe's load cell: what the run sees before it has imported anything itself
PROBE = """
import json as _json, os as _os
Path(figures_dir, 'probe.json').write_text(_json.dumps({
    'pid': _os.getpid(),
    'leaked': 'leak' in globals(),
    'names': sorted(k for k in globals() if not k.startswith('_')),
    'cwd': '/'.join(Path(_os.getcwd()).parts[-2:]),  # no machine path in an output
}))
leak = True
"""

RUNS = """\
runs:
  - name: probe-{n}
    notebook: probe.ipynb
    parameters:
      n: {each: [1, 2, 3]}
"""


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    base = tmp_path_factory.mktemp("kernels")
    root = tiny_project(base / "project", runs=RUNS, notebooks={"probe": {"title": "Probe", "extra": PROBE}})
    out = io.StringIO()
    report = engine.build(Project(root, library=frozen_library(base)), jobs=1, site=False, progress=False, out=out)
    assert report.exit_code == 0, out.getvalue()
    probes = {n: json.loads((root / "figures" / f"probe-{n}" / "probe.json").read_text()) for n in (1, 2, 3)}
    return root, report, probes


@pytest.mark.slow
def test_each_run_has_a_kernel_of_its_own(probed):
    _, _, probes = probed
    assert len({p["pid"] for p in probes.values()}) == 3


@pytest.mark.slow
def test_no_run_sees_another_runs_names_or_the_warm_up(probed):
    _, _, probes = probed
    for probe in probes.values():
        assert not probe["leaked"]
        # the parameters, the injected ones and the notebook's own imports; IPython's few
        # built-in names; nothing the warm-up imported
        own = {"data_dir", "figures_dir", "reports_dir", "n", "label", "Path", "rows"}
        ipython = {"In", "Out", "get_ipython", "exit", "quit", "open"}
        assert set(probe["names"]) <= own | ipython, probe["names"]
        assert not {m.split(".")[0] for m in WARM_MODULES} & set(probe["names"])


@pytest.mark.slow
def test_a_warmed_kernel_starts_counting_cells_at_one_and_runs_in_the_runs_own_folder(probed):
    root, _, probes = probed
    nb = json.loads((root / "reports" / "probe-1.ipynb").read_text(encoding="utf-8"))
    counts = [c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))
    for n, probe in probes.items():
        assert probe["cwd"] == f"probe-{n}/cwd"


@pytest.mark.slow
def test_the_build_reports_each_runs_cell_time_and_overhead(probed):
    root, report, _ = probed
    timings = json.loads((root / ".indopac-build" / "timings.json").read_text())
    assert set(timings["runs"]) == {"probe-1", "probe-2", "probe-3"}
    for run in timings["runs"].values():
        assert 0 < run["cell_seconds"] <= run["seconds"]
        assert run["overhead"] == pytest.approx(run["seconds"] - run["cell_seconds"], abs=1e-3)
    assert all(r.cell_seconds for r in report.results)


@pytest.mark.slow
def test_the_pool_hands_over_a_started_kernel_and_has_the_next_one_ready(tmp_path):
    pool = KernelPool("python3", tmp_path, warm=False)
    try:
        first = pool.take()
        second = pool.take(more=False)
        assert first is not second
        assert first.has_kernel and second.has_kernel
        assert pool._next is None  # more=False: nothing prepared behind the last run
        for km in (first, second):
            shutdown(km)
            assert not km.has_kernel
    finally:
        pool.close()
