"""The build layer: the run matrix, the build engine, the HTML site and the command line.

- :mod:`~indopac.build.runs`: ``notebooks/runs.yaml`` expanded into runs;
- :mod:`~indopac.build.engine`: ``indopac build`` (incremental, atomic, deterministic);
- :mod:`~indopac.build.site`: the static HTML pages of ``reports/``;
- :mod:`~indopac.build.cli`: the ``indopac`` command.

The project layout (:mod:`indopac.layout`) and atomic file writing (:mod:`indopac.files`)
sit at the bottom of the library, because the figures and the data use them too.
"""

from __future__ import annotations

from indopac.build.engine import BuildReport, DataInvalid, Inputs, build

__all__ = ["BuildReport", "DataInvalid", "Inputs", "build"]
