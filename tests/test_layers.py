"""The layer contract of pyproject.toml ([tool.importlinter]) holds, and no module reaches into another's privates."""

from __future__ import annotations

import ast

from importlinter.cli import lint_imports

from indopac.layout import ROOT

PACKAGE = ROOT / "src" / "indopac"


def test_import_linter_contracts_are_kept(capsys, monkeypatch):
    """Layers (data -> analysis -> findings | plots -> figures -> notebook -> build) and no matplotlib below plots."""
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_no_module_imports_another_modules_underscored_names():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("indopac"):
                offenders += [f"{path.relative_to(PACKAGE)}: {node.module}.{a.name}"
                              for a in node.names if a.name.startswith("_") and a.name != "__version__"]
    assert not offenders, "\n".join(offenders)
