"""Shared fixtures: the shipped dataset loaded once, hand-made datasets, copies a test may corrupt, a tiny build.

A :class:`~indopac.data.Dataset` never changes once loaded (no function changes its input),
so tests that only read one share it: ``shipped`` is validated once per session and
``make_shared_data`` writes a hand-made folder once per module. Tests that corrupt or
replace files take the function-scoped ``data_copy`` and ``make_data``, a fresh folder each.

``built`` is a tiny project after its first build, shared by tests/test_build.py and
tests/test_site.py; a test that changes it works on a copy (``buildkit.copy_project``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import indopac
from indopac.layout import DATA_DIR

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
