"""Shared fixtures: the shipped dataset loaded once, hand-made datasets, copies a test may corrupt, a tiny build.

A :class:`~indopac.data.Dataset` never changes once loaded (no function changes its input),
so tests that only read one share it: ``shipped`` is validated once per session and
``make_shared_data`` writes a hand-made folder once per module. Tests that corrupt or
replace files take the function-scoped ``data_copy`` and ``make_data``, a fresh folder each.

``built`` is a tiny project after its first build, shared by tests/test_build.py and
tests/test_site.py; a test that changes it works on a copy (``buildkit.copy_project``).

Under pytest-xdist (``make test`` runs ``-n auto --dist loadgroup``) a session or module fixture
is made once per worker that needs it. The dear ones (a build, a site, every figure, every
recommendation) are listed in :data:`SHARED`: every test that uses one is put in that
fixture's ``xdist_group``, so it is made once, on one worker.
"""

from __future__ import annotations

import gc
import json
import shutil
import tempfile
from pathlib import Path

import pytest

import indopac
from indopac.build.nbimport import import_nbformat
from indopac.layout import DATA_DIR

import_nbformat()  # as the indopac command does: the test processes skip jsonschema's unused IRI checks

#: fixture -> xdist group: fixtures too dear for two workers to both make (a test using one runs
#: on the worker that holds it; the other worker meanwhile takes the ungrouped tests)
SHARED = {
    "built": "tiny-build",  # conftest: a tiny project built once (test_build, test_site)
    "site": "browser-site",  # test_browser: a site built from the real notebooks
    "hostile_site": "browser-hostile",  # test_browser: the same from a copy of the data with markup
    "saved": "figures",  # test_figures: every recipe run on the shipped data
    "recommendation": "recommendations",  # test_recommend: recommend() for every focus it reads
    "probed": "kernel-probes",  # test_kernels: a probe build, forked kernels ...
    "probed_unforked": "kernel-probes",  # ... and usual ones (one group: tests compare the two)
}


def _group(item: pytest.Item) -> str | None:
    return "+".join(sorted({SHARED[name] for name in getattr(item, "fixturenames", ()) if name in SHARED})) or None


# --- running on several workers: ``-n auto --dist loadgroup`` (make test, make test-fast) ----------
#
# Each test that uses a SHARED fixture gets that fixture's xdist_group mark. xdist 3.8 tells the
# scheduler a test's group by appending "@group" to its node id, which pytest 9.2's structured
# node ids no longer take (pytest-xdist issue 1386), so the groups would be silently ignored.
# Until a release fixes that, each worker also writes {node id: group} to a file the controller
# passes it, and the scheduler below reads the groups from there.


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    groups = {}
    for item in items:
        group = _group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
            groups[item.nodeid] = group
    out = getattr(config, "workerinput", {}).get("indopac_groups")
    if out:  # an xdist worker: every worker collects the same tests, so any one file will do
        Path(out, f"{config.workerinput['workerid']}.json").write_text(json.dumps(groups), encoding="utf-8")


_GROUPS_DIR = pytest.StashKey[Path]()


def _groups_dir(config: pytest.Config) -> Path:
    if _GROUPS_DIR not in config.stash:
        config.stash[_GROUPS_DIR] = Path(tempfile.mkdtemp(prefix="indopac-xdist-groups-"))
    return config.stash[_GROUPS_DIR]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """The controller tells each worker where to write its groups."""
    node.workerinput["indopac_groups"] = str(_groups_dir(node.config))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedFixtureScheduling(LoadGroupScheduling):
        """loadgroup, with the groups the workers wrote (for node ids that do not carry "@group")."""

        _groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):  # an xdist that names the group in the node id
                return super()._split_scope(nodeid)
            if self._groups is None:
                files = sorted(_groups_dir(config).glob("*.json"))
                self._groups = json.loads(files[0].read_text(encoding="utf-8")) if files else {}
            return self._groups.get(nodeid, nodeid)

    return SharedFixtureScheduling(config, log)


# --- the cyclic garbage collector ---------------------------------------------------------------
#
# The imports (pandas, matplotlib, scipy, IPython) and the collected tests live until the
# session ends, yet every full collection walked them all again: about 7% of a test process's time.
# The collector is off while the tests are collected (and the library imported), then what was
# made is frozen: left out of every later collection and of the one at exit.


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session):
    gc.disable()
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()
        gc.enable()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _GROUPS_DIR in config.stash:
        shutil.rmtree(config.stash[_GROUPS_DIR], ignore_errors=True)
    gc.freeze()  # what the tests left behind too: the interpreter's exit need not walk it


INITIATIVES_HEADER = (
    "initiative_id,title,kind,year,month,year_basis,recurring,end_year,status,level,framework,"
    "european_parties,indo_pacific_parties,other_parties,domains,source_id,source_section,notes"
)


def write_data(target: Path, *rows: str) -> Path:
    """A data folder at ``target`` whose initiatives.csv holds ``rows`` (CSV lines, no header).

    The reference tables (actors, domains, sources) and the schema are the shipped ones.
    """
    target.mkdir(parents=True)
    for f in ("datapackage.json", "actors.csv", "domains.csv", "sources.csv"):
        shutil.copy(DATA_DIR / f, target / f)
    (target / "initiatives.csv").write_text("\n".join([INITIATIVES_HEADER, *rows]) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def shipped():
    """The shipped dataset, loaded and validated once for the whole session (read only)."""
    return indopac.load()


@pytest.fixture(scope="session")
def kernels(tmp_path_factory):
    """Kernels for the tests that execute notebooks, as the build gets them (indopac.build.kernels).

    Each notebook still runs in a fresh kernel of its own, forked from one server per test
    process that has imported pandas, matplotlib and the library once, instead of paying
    ~2.5 s of start-up and imports per notebook. ``tests/test_kernels.py`` checks that forked
    and usual kernels give the same bytes; tests that run papermill's own kernel start stay
    (``test_cli``, ``test_build``).
    """
    from indopac.build.kernels import KernelPool

    base = tmp_path_factory.mktemp("kernels")
    pool = KernelPool("python3", base / "cwd", fork=True, log=base / "kernels.log")
    yield pool
    pool.close()


@pytest.fixture
def execute_notebook(kernels):
    """``papermill.execute_notebook`` on a fresh kernel from :func:`kernels`: same arguments, same errors."""
    import papermill

    from indopac.build.kernels import move_to

    def run(notebook, output, **kwargs):
        kwargs.pop("kernel_name", None)
        km = kernels.take()
        try:
            move_to(km, Path(kwargs.get("cwd") or Path.cwd()))
            return papermill.execute_notebook(str(notebook), str(output), km=km, **kwargs)
        finally:
            kernels.release(km)

    return run


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    return target


@pytest.fixture
def make_data(tmp_path: Path):
    """Write a data folder whose initiatives.csv holds the given rows (CSV lines, no header): a fresh one per test."""

    def make(*rows: str, name: str = "small") -> Path:
        return write_data(tmp_path / name, *rows)

    return make


@pytest.fixture(scope="module")
def make_shared_data(tmp_path_factory: pytest.TempPathFactory):
    """:func:`make_data` for module-scoped fixtures: a hand-made folder that the module's tests only read."""

    def make(*rows: str, name: str = "small") -> Path:
        return write_data(tmp_path_factory.mktemp(name) / "data", *rows)

    return make


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A tiny project after its first build (3 runs, 2 jobs, with its site), with a library copy that
    cannot change under it: (root, library, report, printed summary). Read only: copy it to change it."""
    import io

    from buildkit import frozen_library, tiny_project

    from indopac.build import engine
    from indopac.layout import Project

    base = tmp_path_factory.mktemp("built")
    root = tiny_project(base / "project")
    library = frozen_library(base)
    out = io.StringIO()
    report = engine.build(Project(root, library=library), jobs=2, site=True, progress=False, out=out)
    assert report.exit_code == 0, out.getvalue()
    return root, library, report, out.getvalue()
