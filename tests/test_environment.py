"""The three descriptions of the environment (pyproject, constraints, conda) and of the data agree."""

from __future__ import annotations

import json
import re
import tomllib

import pandas as pd
import yaml

from indopac.data import schema
from indopac.layout import DATA_DIR, ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version
    return pins


def _direct_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [d for group in project["optional-dependencies"].values() for d in group]
    return [_name(d) for d in project["dependencies"] + extras]


def test_every_direct_dependency_is_pinned():
    pins = _pins()
    missing = [d for d in _direct_dependencies() if d not in pins]
    assert not missing, f"add exact versions to constraints.txt for: {missing}"


def test_environment_yml_lists_the_same_packages_and_versions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "==" in dep:
            name, version = dep.split("==")
            conda[_name(name)] = version
    pins = _pins()
    assert conda == {d: pins[d] for d in _direct_dependencies()}
    assert "python=3.11" in env["dependencies"]


def test_the_installed_versions_are_the_pinned_ones():
    from importlib.metadata import version

    pins = _pins()
    wrong = {d: (version(d), pins[d]) for d in _direct_dependencies() if version(d) != pins[d]}
    assert not wrong, f"installed != pinned (run `make setup`): {wrong}"


# --- datapackage.json and the loader ------------------------------------------------------


def test_csv_headers_match_the_datapackage():
    for name, table in schema.tables(DATA_DIR).items():
        header = (DATA_DIR / table.path).read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert header == table.columns, name


def test_loaded_dtypes_follow_the_datapackage_types(shipped):
    ds = shipped
    frames = {"initiatives": ds.initiatives, "actors": ds.actors, "domains": ds.domains, "sources": ds.sources}
    for name, table in schema.tables(DATA_DIR).items():
        frame = frames[name]
        assert list(frame.columns) == table.columns
        for f in table.fields:
            col = frame[f.name]
            if f.type == "integer":
                assert str(col.dtype) == "Int64", f.name
            elif f.type == "boolean":
                assert col.dtype == bool, f.name
            elif f.type == "list":
                assert col.map(lambda v: isinstance(v, tuple)).all(), f.name
            elif f.enum is not None:
                assert isinstance(col.dtype, pd.CategoricalDtype), f.name
                assert list(col.cat.categories) == list(f.enum), f.name


def test_datapackage_is_a_valid_tabular_data_package(shipped):
    dp = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert dp["profile"] == "tabular-data-package" and dp["version"] == shipped.version
    for res in dp["resources"]:
        assert (DATA_DIR / res["path"]).is_file()
        for f in res["schema"]["fields"]:
            assert f["type"] in {"string", "integer", "boolean", "list"}
            assert f["description"], f"{res['name']}.{f['name']} needs a description"


def test_codebook_documents_every_column_and_vocabulary_value(shipped):
    codebook = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name, table in schema.tables(DATA_DIR).items():
        for f in table.fields:
            assert f"`{f.name}`" in codebook, f"data/README.md does not document {name}.{f.name}"
            for value in f.enum or ():
                assert f"`{value}`" in codebook, f"data/README.md does not explain {name}.{f.name} = {value}"
    for code in shipped.domains["code"]:
        assert f"`{code}`" in codebook, f"data/README.md does not list domain {code}"
