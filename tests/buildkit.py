"""Tiny projects for the build and site tests: real data, small fast notebooks, a run matrix.

Not a test module: ``tests/test_build.py``, ``test_site.py`` and ``test_browser.py`` import it.
"""

from __future__ import annotations

import csv
import shutil
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import nbformat

from indopac.layout import DATA_DIR, ROOT

CHART = """\
import matplotlib
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(4, 2.5))
ax.bar(["a", "b", "c"], [rows % 7, n, 2])
ax.set_title(f"{rows} initiatives, n = {n}")
try:
    from indopac.figures import save_figure
except ImportError:  # the plotting module is not written yet: save as it would
    def save_figure(fig, name, figures_dir):
        for ext in ("png", "svg"):
            meta = {"Software": None} if ext == "png" else {"Date": None, "Creator": None}
            fig.savefig(Path(figures_dir) / f"{name}.{ext}", metadata=meta)
save_figure(fig, "bars", figures_dir)
plt.show()
"""


def tiny_notebook(path: Path, *, title: str = "Tiny chart", fail: str | None = None, extra: str = "") -> Path:
    """A notebook that reads the data, draws and saves one figure, prints a line, and may fail.

    Cells: 1 markdown title, 2 parameters, 3 load, 4 chart, 5 text[, 6 boom] — ``fail`` is the
    message of a ValueError raised in cell 6.
    """
    cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\nA notebook for testing the build.", id="intro"),
        nbformat.v4.new_code_cell(
            "data_dir = None\nfigures_dir = None\nreports_dir = None\nn = 3\nlabel = 'x'",
            id="parameters",
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell(
            "from pathlib import Path\n"
            "rows = (Path(data_dir) / 'initiatives.csv').read_text(encoding='utf-8').count('\\n') - 1\n"
            "Path(figures_dir).mkdir(parents=True, exist_ok=True)\n" + extra,
            id="load",
        ),
        nbformat.v4.new_code_cell(CHART, id="chart"),
        nbformat.v4.new_code_cell("print(f'{label}: {rows} rows, n = {n}')\nobject()", id="text"),
    ]
    if fail:
        cells.append(nbformat.v4.new_code_cell(f"raise ValueError({fail!r})", id="boom"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


RUNS = """\
runs:
  - name: alpha
    notebook: alpha.ipynb
  - name: beta-{label}
    notebook: beta.ipynb
    parameters:
      n: 5
      label: {each: [x, y]}
"""


def tiny_project(root: Path, runs: str = RUNS, notebooks: dict[str, dict] | None = None) -> Path:
    """A project folder: a copy of the data, constraints.txt, runs.yaml and tiny notebooks."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DATA_DIR, root / "data", ignore=shutil.ignore_patterns("README.md"))
    shutil.copy(ROOT / "constraints.txt", root / "constraints.txt")
    (root / "notebooks").mkdir(exist_ok=True)
    (root / "notebooks" / "runs.yaml").write_text(textwrap.dedent(runs), encoding="utf-8")
    for name, kwargs in (notebooks or {"alpha": {"title": "Alpha chart"}, "beta": {"title": "Beta chart"}}).items():
        tiny_notebook(root / "notebooks" / f"{name}.ipynb", **kwargs)
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under figures/ and reports/ (but not reports/html): bytes and mtime."""
    files = {}
    for sub in ("figures", "reports"):
        for path in sorted((root / sub).rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and not rel.startswith("reports/html/"):
                files[rel] = (path.read_bytes(), path.stat().st_mtime_ns)
    return files


def frozen_library(folder: Path) -> Path:
    """A copy of the package source, so that its digest cannot change while a test runs.

    (The kernels still import the real package; only the cache key reads this copy.)
    """
    import indopac

    target = folder / "indopac-src"
    shutil.copytree(Path(indopac.__file__).parent, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def copy_project(template: Path, target: Path) -> Path:
    """A copy of a built project (mtimes kept); every path the build records is project-relative."""
    shutil.copytree(template, target, symlinks=True)
    return target


def data_with_text(target: Path, fields: Mapping[str, Sequence[str]], change: Callable[[str, str], str]) -> Path:
    """A copy of the shipped data in ``target`` whose text ``fields`` ({table: columns}) go through
    ``change(value, column)``: the markup-safety and browser tests put a payload in every text field."""
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    for table, columns in fields.items():
        path = target / table
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header, rows = reader.fieldnames, list(reader)
        for row in rows:
            for column in columns:
                row[column] = change(row[column], column)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return target
