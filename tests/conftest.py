"""Shared fixtures: copies of the shipped data that a test may corrupt or replace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indopac.layout import DATA_DIR

INITIATIVES_HEADER = (
    "initiative_id,title,kind,year,month,year_basis,recurring,end_year,status,level,framework,"
    "european_parties,indo_pacific_parties,other_parties,domains,source_id,source_section,notes"
)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    return target


@pytest.fixture
def make_data(tmp_path: Path):
    """Write a data folder whose initiatives.csv holds the given rows (CSV lines, no header).

    The reference tables (actors, domains, sources) and the schema are the shipped ones.
    """

    def make(*rows: str, name: str = "small") -> Path:
        target = tmp_path / name
        target.mkdir()
        for f in ("datapackage.json", "actors.csv", "domains.csv", "sources.csv"):
            shutil.copy(DATA_DIR / f, target / f)
        (target / "initiatives.csv").write_text("\n".join([INITIATIVES_HEADER, *rows]) + "\n", encoding="utf-8")
        return target

    return make
