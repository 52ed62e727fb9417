"""The run matrix: which notebook runs with which parameters under which name.

``notebooks/runs.yaml`` lists runs. A run names a notebook, an output name and
parameters; a parameter written as ``{each: SOURCE}`` expands the run into one
run per value, and the name's ``{placeholder}`` tells the runs apart::

    runs:
      - name: trends
        notebook: 02-trends.ipynb
      - name: country-profile-{country}
        notebook: 05-country-profile.ipynb
        parameters:
          country: {each: european_party_states}

``SOURCE`` is either a list written in the file (``{each: [LTU, POL]}``) or the
name of a list computed from the data (see :data:`SOURCES`), so that adding a
country to the data adds its runs without editing the matrix.

Run ``R`` writes its figures to ``figures/R/``, its executed notebook to
``reports/R.ipynb`` and any other file it puts in ``reports_dir`` to ``reports/``.
The notebook parameters ``data_dir``, ``figures_dir`` and ``reports_dir`` are set
by the build (as absolute paths) and must not appear in the matrix.

This module imports only the standard library and PyYAML; the dataset is loaded
only when a run expands over a list computed from it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indopac.layout import Project

if TYPE_CHECKING:
    from indopac.data import Dataset

#: parameters the build passes to every notebook; a run may not set them
BUILD_PARAMETERS = ("data_dir", "figures_dir", "reports_dir")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_RUN_KEYS = {"name", "notebook", "parameters"}
#: names the build keeps for itself inside reports/
RESERVED_REPORT_NAMES = (".build-cache.json", "failed", "html")


class RunsError(ValueError):
    """The run matrix is wrong; ``problems`` lists every reason, one line each."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# --- runs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One execution of one notebook with fixed parameters."""

    name: str
    notebook: Path  # absolute
    parameters: dict[str, Any] = field(default_factory=dict)

    def figures_dir(self, project: Project) -> Path:
        return project.figures_dir / self.name

    def report(self, project: Project) -> Path:
        return project.reports_dir / f"{self.name}.ipynb"

    def as_dict(self, project: Project) -> dict[str, Any]:
        """The run for scripts: name, notebook, parameters and where its outputs go (project-relative)."""
        return {
            "name": self.name,
            "notebook": project.relative(self.notebook),
            "parameters": dict(self.parameters),
            "figures_dir": project.relative(self.figures_dir(project)),
            "report": project.relative(self.report(project)),
            "reports_dir": project.relative(project.reports_dir),
        }


def _states(ds: Dataset, side: str | None) -> list[str]:
    states = set(ds.actors.loc[ds.actors["kind"] == "state", "code"])
    return sorted(c for c in ds.parties(side=side) if c in states)


def european_party_states(ds: Dataset) -> list[str]:
    """European states that take part in at least one initiative."""
    return _states(ds, "european")


def european_nato_states(ds: Dataset) -> list[str]:
    """European NATO member states that take part in at least one initiative."""
    present = set(ds.parties())
    return sorted(c for c in ds.european_nato_states() if c in present)


def indo_pacific_party_states(ds: Dataset) -> list[str]:
    """Indo-Pacific states that take part in at least one initiative."""
    return _states(ds, "indo_pacific")


def party_states(ds: Dataset) -> list[str]:
    """Every state that takes part in at least one initiative, European or Indo-Pacific."""
    return sorted(set(european_party_states(ds)) | set(indo_pacific_party_states(ds)))


#: lists a run may expand over (``{each: NAME}``), computed from the dataset, sorted by code
SOURCES: dict[str, Callable[[Dataset], list[str]]] = {
    "european_party_states": european_party_states,
    "european_nato_states": european_nato_states,
    "indo_pacific_party_states": indo_pacific_party_states,
    "party_states": party_states,
}


# --- reading and expanding the matrix ------------------------------------------------------


def read_spec(project: Project) -> list[dict[str, Any]]:
    """The run entries of ``runs.yaml`` as written (before expansion)."""
    import yaml

    path = project.runs_file
    where = project.relative(path) if path.is_relative_to(project.root) else str(path)
    if not path.is_file():
        raise RunsError([f"{where}: file is missing"])
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise RunsError([f"{where}: not valid YAML: {err}"]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("runs"), list):
        raise RunsError([f"{where}: expected a mapping with a 'runs' list"])
    return doc["runs"]


def expand(
    spec: list[dict[str, Any]],
    project: Project,
    dataset: Dataset | Callable[[], Dataset] | None = None,
    where: str = "runs.yaml",
) -> list[Run]:
    """Expand run entries into runs. ``dataset`` (or a function returning it) feeds named sources.

    Raises :class:`RunsError` listing every problem: unknown keys or sources, a
    name without a placeholder for an expanded parameter, duplicate names, a
    parameter the build sets itself. Whether notebooks exist is checked by
    :func:`check_notebooks`, so that a partial matrix can still be listed.
    """
    problems: list[str] = []
    runs: list[Run] = []
    cached: list[Dataset] = []

    def data() -> Dataset:
        if not cached:
            if dataset is None:
                from indopac.data import load

                cached.append(load(project.data_dir))
            else:
                cached.append(dataset() if callable(dataset) else dataset)
        return cached[0]

    for i, entry in enumerate(spec, start=1):
        label = f"{where}: run {i}"
        if not isinstance(entry, dict):
            problems.append(f"{label}: expected a mapping with name, notebook and parameters")
            continue
        label = f"{where}: run {i} ({entry.get('name', '?')})"
        unknown = set(entry) - _RUN_KEYS
        if unknown:
            problems.append(f"{label}: unknown key(s) {', '.join(sorted(unknown))}; valid: name, notebook, parameters")
        name, notebook = entry.get("name"), entry.get("notebook")
        params = entry.get("parameters") or {}
        if not isinstance(name, str) or not name:
            problems.append(f"{label}: 'name' is required")
            continue
        if not isinstance(notebook, str) or not notebook.endswith(".ipynb"):
            problems.append(f"{label}: 'notebook' must name an .ipynb file in notebooks/")
            continue
        if not isinstance(params, dict):
            problems.append(f"{label}: 'parameters' must be a mapping")
            continue
        reserved = [p for p in params if p in BUILD_PARAMETERS]
        if reserved:
            problems.append(f"{label}: {', '.join(reserved)} is set by the build; remove it from the matrix")
        fixed = {k: v for k, v in params.items() if not _is_each(v)}
        axes: dict[str, list[Any]] = {}
        for key, value in params.items():
            if not _is_each(value):
                continue
            source = value["each"]
            if isinstance(source, list):
                axes[key] = list(source)
            elif isinstance(source, str) and source in SOURCES:
                axes[key] = SOURCES[source](data())
            else:
                problems.append(
                    f"{label}: parameter {key}: unknown list {source!r}; "
                    f"valid: a YAML list or one of {', '.join(SOURCES)}"
                )
                axes[key] = []
        placeholders = set(_PLACEHOLDER.findall(name))
        if placeholders != set(axes):
            problems.append(
                f"{label}: the name must contain one {{placeholder}} per expanded parameter "
                f"(expanded: {', '.join(sorted(axes)) or 'none'}; in name: {', '.join(sorted(placeholders)) or 'none'})"
            )
            continue
        keys = list(axes)
        for combo in itertools.product(*(axes[k] for k in keys)):
            values = dict(zip(keys, combo))
            run_name = _PLACEHOLDER.sub(lambda m, values=values: str(values[m.group(1)]), name)
            if not _NAME.match(run_name) or run_name in RESERVED_REPORT_NAMES:
                problems.append(f"{label}: run name {run_name!r} is not a valid file name (letters, digits, . _ -)")
                continue
            ordered = {k: (values[k] if k in values else fixed[k]) for k in params}
            runs.append(Run(run_name, (project.notebooks_dir / notebook).resolve(), ordered))
    seen: dict[str, int] = {}
    for run in runs:
        seen[run.name] = seen.get(run.name, 0) + 1
    problems += [f"{where}: run name {n!r} occurs {c} times" for n, c in seen.items() if c > 1]
    if problems:
        raise RunsError(problems)
    return runs


def _is_each(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"each"}


def check_notebooks(runs: Iterable[Run], project: Project) -> None:
    """Raise :class:`RunsError` naming every missing notebook and the runs that need it."""
    missing: dict[Path, list[str]] = {}
    for r in runs:
        if not r.notebook.is_file():
            missing.setdefault(r.notebook, []).append(r.name)
    if missing:
        problems = []
        for notebook, names in missing.items():
            which = names[0] if len(names) == 1 else f"{len(names)} runs: {names[0]} … {names[-1]}"
            problems.append(
                f"notebook {project.relative(notebook)} does not exist (needed by {which}); "
                "write it, or select other runs with --only"
            )
        raise RunsError(problems)


def load_runs(project: Project | None = None, dataset: Dataset | None = None) -> list[Run]:
    """The expanded matrix of ``project`` (default: this project), without checking notebooks."""
    project = project or Project.default()
    return expand(read_spec(project), project, dataset, where=project.relative(project.runs_file))


def select(runs: list[Run], patterns: Iterable[str] | None) -> list[Run]:
    """Runs whose name matches any of the fnmatch ``patterns`` (all runs if none given)."""
    import fnmatch

    patterns = list(patterns or [])
    if not patterns:
        return list(runs)
    chosen = [r for r in runs if any(fnmatch.fnmatchcase(r.name, p) for p in patterns)]
    if not chosen:
        raise RunsError([f"--only {' '.join(patterns)}: matches no run; runs: {', '.join(r.name for r in runs)}"])
    return chosen


# --- a notebook's own parameters ------------------------------------------------------------


def notebook_parameters(path: Path) -> dict[str, Any]:
    """The names and default values of a notebook's ``parameters`` cell, in order.

    Read with :mod:`ast`, without running anything: each ``name = literal`` line gives a
    name and its default (a default that is not a literal is given as None).
    """
    import ast
    import json

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cell = next((c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return {}
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    out: dict[str, Any] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                out[node.targets[0].id] = None
    return out
