"""Where the project's folders are, independent of the working directory.

The package lives in ``src/indopac`` of the project (an editable install), so the
project root is two levels above this file. ``INDOPAC_ROOT`` overrides it, for a
copy of the data and notebooks kept elsewhere.
"""

from __future__ import annotations

import os
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
