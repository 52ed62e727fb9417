"""The one project layout: where the data, notebooks, figures, reports and build files are.

:data:`ROOT`, :data:`DATA_DIR`, ... are this project's folders; :class:`Project` is the
same layout for any root (the build and the tests use it for copies of the project).

The package lives in ``src/indopac`` of the project (an editable install), so the
project root is two levels above this file. ``INDOPAC_ROOT`` overrides it, for a
copy of the data and notebooks kept elsewhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def project_root() -> Path:
    """The folder that holds ``data/``, ``notebooks/``, ``figures/`` and ``reports/``."""
    override = os.environ.get("INDOPAC_ROOT")
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve().parents[2]
    if (here / "data" / "datapackage.json").is_file():
        return here
    # Installed non-editable: fall back to the nearest enclosing project of the cwd.
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "data" / "datapackage.json").is_file():
            return folder
    raise FileNotFoundError(
        "cannot find the indopac project folder (data/datapackage.json); "
        "set INDOPAC_ROOT to the folder that contains data/"
    )


ROOT = project_root()
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
REPORTS_DIR = ROOT / "reports"


# --- where things are ------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    """The folders a build reads and writes. ``Project.default()`` is this project."""

    root: Path
    #: the package source hashed into every run's key (default: the indopac package itself)
    library: Path | None = None
    #: a data folder elsewhere (``indopac build --data DIR --out ROOT``); default: ``root/data``
    data: Path | None = None
    #: the notebooks and runs.yaml, when they are not under ``root`` (a build into another folder)
    notebooks: Path | None = None

    @classmethod
    def default(cls) -> Project:
        return cls(ROOT)

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())
        for name in ("data", "notebooks"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, Path(getattr(self, name)).resolve())

    @property
    def data_dir(self) -> Path:
        return self.data or self.root / "data"

    @property
    def notebooks_dir(self) -> Path:
        return self.notebooks or self.root / "notebooks"

    @property
    def source_root(self) -> Path:
        """The project the notebooks belong to (the kernels' ``INDOPAC_ROOT``)."""
        return self.notebooks_dir.parent

    @property
    def runs_file(self) -> Path:
        return self.notebooks_dir / "runs.yaml"

    @property
    def figures_dir(self) -> Path:
        return self.root / "figures"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def html_dir(self) -> Path:
        return self.reports_dir / "html"

    @property
    def failed_dir(self) -> Path:
        return self.reports_dir / "failed"

    @property
    def cache_file(self) -> Path:
        """Build keys and output hashes of every run: committed with the outputs."""
        return self.reports_dir / ".build-cache.json"

    @property
    def build_dir(self) -> Path:
        """Scratch space (temporary run folders, local memos); git-ignored."""
        return self.root / ".indopac-build"

    @property
    def constraints_file(self) -> Path:
        return self.root / "constraints.txt"

    @property
    def library_dir(self) -> Path:
        """The indopac package source that the notebooks import."""
        return Path(self.library).resolve() if self.library else Path(__file__).resolve().parent

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root (or to the notebooks' project), in POSIX form."""
        path = Path(path).resolve()
        for base in (self.root, self.source_root):
            if path.is_relative_to(base):
                return path.relative_to(base).as_posix()
        return path.as_posix()
