"""Kernels started ahead of need (indopac.build.kernels): every run still gets a fresh kernel no other run touched.

The build's workers start the next run's kernel, with the common imports loaded, while the
current run executes; by default the kernel is forked from a server that imported them once
(indopac.build.forkserver). These tests run a probe notebook several times through one
worker and check what each run can see: its kernel's process id, its namespace, its
execution counter, its working folder, the libraries' kernel defaults; and that forked and
usual kernels give the same bytes. The pool's own behaviour (hand over, prepare the next,
shut down) is checked on its own, with a real kernel.
"""

from __future__ import annotations

import io
import json

import pytest
from buildkit import frozen_library, tiny_notebook, tiny_project

from indopac.build import engine
from indopac.build.kernels import WARM_MODULES, KernelPool, move_to, shutdown
from indopac.layout import Project

#: the probe's load cell: what the run sees before it has imported anything itself
PROBE = """
import json as _json, os as _os
Path(figures_dir, 'probe.json').write_text(_json.dumps({
    'pid': _os.getpid(),
    'leaked': 'leak' in globals(),
    'names': sorted(k for k in globals() if not k.startswith('_')),
    'cwd': '/'.join(Path(_os.getcwd()).parts[-2:]),  # no machine path in an output
    'max_columns': __import__('pandas').get_option('display.max_columns'),
    'frozen': __import__('gc').get_freeze_count(),  # objects the garbage collector leaves alone
    # what started this kernel: the fork server's command line, or the build worker's
    'parent': (Path('/proc', str(_os.getppid()), 'cmdline').read_bytes().replace(b'\\0', b' ').decode()
               if Path('/proc', str(_os.getppid()), 'cmdline').exists() else None),
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


def _probe_build(base, fork: bool, runs: tuple[int, ...] = (1, 2, 3)):
    """Build ``runs`` of the probe project with one worker, its kernels forked (the default) or started the usual way."""
    import os

    root = tiny_project(base / "project", runs=RUNS, notebooks={"probe": {"title": "Probe", "extra": PROBE}})
    out = io.StringIO()
    saved = os.environ.get("INDOPAC_BUILD_FORK")
    os.environ["INDOPAC_BUILD_FORK"] = "1" if fork else "0"  # read by the worker, which inherits it
    try:
        report = engine.build(Project(root, library=frozen_library(base)), jobs=1, site=False, progress=False,
                              out=out, only=[f"probe-{n}" for n in runs])
    finally:
        if saved is None:
            del os.environ["INDOPAC_BUILD_FORK"]
        else:
            os.environ["INDOPAC_BUILD_FORK"] = saved
    assert report.exit_code == 0, out.getvalue()
    probes = {n: json.loads((root / "figures" / f"probe-{n}" / "probe.json").read_text()) for n in runs}
    return root, report, probes


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    return _probe_build(tmp_path_factory.mktemp("forked"), fork=True)


@pytest.fixture(scope="module")
def probed_unforked(tmp_path_factory):
    # one run: a usual kernel pays its start and imports in full, and the forked build has
    # already shown that runs do not see each other
    return _probe_build(tmp_path_factory.mktemp("unforked"), fork=False, runs=(1,))


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
def test_a_forked_kernel_has_the_defaults_a_kernel_has_not_a_terminals(probed, probed_unforked):
    # pandas picks display.max_columns when imported: 20 in a kernel, "fit the terminal" outside;
    # the fork server imports pandas before any kernel exists, and must get the kernel's value
    assert {p["max_columns"] for p in probed[2].values()} == {20}
    assert {p["max_columns"] for p in probed_unforked[2].values()} == {20}


@pytest.mark.slow
def test_a_kernel_starts_with_what_was_loaded_before_it_out_of_the_garbage_collectors_way(probed, probed_unforked):
    # the fork server (forked kernels) and the warm-up (usual ones) freeze the libraries they
    # imported, as the gc docs advise before fork(): a run's collections leave them alone (and
    # their pages shared). A cold kernel freezes nothing.
    for probe in [*probed[2].values(), *probed_unforked[2].values()]:
        assert probe["frozen"] > 100_000, probe["frozen"]


@pytest.mark.slow
def test_forked_and_usual_kernels_give_the_same_bytes(probed, probed_unforked):
    def outputs(root):
        files = {}
        for sub in ("figures", "reports"):
            for path in sorted((root / sub).rglob("*")):
                rel = path.relative_to(root).as_posix()
                if path.is_file() and not rel.endswith((".build-cache.json", "probe.json")):
                    files[rel] = path.read_bytes()
        return files

    forked, usual = outputs(probed[0]), outputs(probed_unforked[0])
    assert {rel for rel in forked if "probe-1" in rel} == usual.keys() and len(usual) >= 3
    assert [rel for rel in usual if forked[rel] != usual[rel]] == []
    # what the run saw, but for its kernel's process id, is the same both ways (and the number of
    # objects frozen, which counts the kernel's own start-up objects too)
    for n in probed_unforked[2]:
        forked_probe, usual_probe = dict(probed[2][n]), dict(probed_unforked[2][n])
        assert forked_probe.pop("pid") != usual_probe.pop("pid")
        for varies in ("parent", "frozen"):
            forked_probe.pop(varies), usual_probe.pop(varies)
        assert forked_probe == usual_probe


@pytest.mark.slow
def test_a_first_build_in_a_new_project_forks_its_kernels_and_says_so(probed, probed_unforked):
    # Once, the fork server's log folder did not exist yet in a new project: the server failed
    # to start and every kernel quietly started the usual way (and paid the imports again).
    for (root, _, probes), how in ((probed, "forked"), (probed_unforked, "started")):
        timings = json.loads((root / ".indopac-build" / "timings.json").read_text())
        assert {run["kernel"] for run in timings["runs"].values()} == {how}
        parents = {p["parent"] for p in probes.values()}
        if parents != {None}:  # where /proc shows the kernel's parent
            assert all(("indopac.build.forkserver" in parent) == (how == "forked") for parent in parents), parents


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


@pytest.mark.slow
def test_runs_leave_no_kernel_client_running_in_the_process(tmp_path):
    # nbclient leaves the client it made running when it was given the kernel manager (as the
    # build and the tests give it): its heartbeat thread, zmq context and event loop stayed,
    # one set per run, until a test process ran out of file descriptors. shutdown() stops them.
    import threading

    import papermill

    from indopac.layout import DATA_DIR

    notebook = tiny_notebook(tmp_path / "tiny.ipynb")
    before = set(threading.enumerate())
    pool = KernelPool("python3", tmp_path / "cwd", fork=True, log=tmp_path / "kernels.log")
    try:
        for i in range(2):
            km = pool.take(more=i == 0)
            move_to(km, tmp_path)
            (tmp_path / f"figures-{i}").mkdir()
            papermill.execute_notebook(str(notebook), str(tmp_path / f"out-{i}.ipynb"), km=km, progress_bar=False,
                                       parameters={"data_dir": str(DATA_DIR), "figures_dir": str(tmp_path / f"figures-{i}"),
                                                   "reports_dir": str(tmp_path)})
            shutdown(km)
    finally:
        pool.close()
    left = [t.name for t in threading.enumerate() if t not in before and t.is_alive()]
    assert left == []
