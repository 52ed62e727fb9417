"""``indopac build``: execute the run matrix, incrementally, atomically, reproducibly.

Reads top to bottom as the build does:

1. **inputs** — digest the data files, the library source (``src/indopac/**/*.py``),
   ``constraints.txt`` and ``runs.yaml``. When a local memo says these exact inputs
   were validated before, reuse its expanded matrix; otherwise validate the dataset
   (on a problem: print the validator's lines, write nothing, exit 1) and expand
   ``runs.yaml``.
2. **keys** — each run's key hashes its notebook's cells (sources, types, ids and
   tags; never outputs), its parameters and the digests above (the library digest
   leaves out the modules that cannot change a run's outputs: :data:`NOT_IN_KEY`). A run whose key and
   output hashes match ``reports/.build-cache.json`` is *cached*: not executed, no
   file touched.
3. **execute** — stale runs go to a pool of worker processes (``-j``); each worker
   runs papermill with a fresh kernel of its own per run, absolute paths as parameters,
   into ``.indopac-build/tmp/<run>/``, retrying a kernel that fails to start. Each worker
   starts its next kernel, with the common imports loaded, while the current run executes
   (:mod:`indopac.build.kernels`), so a run starts without waiting for either; the kernels
   are forked from a server that imported those modules once (:mod:`indopac.build.forkserver`;
   ``INDOPAC_BUILD_FORK=0`` starts each the usual way, with the same outputs).
4. **normalise** — the executed notebook loses everything volatile (papermill and
   timing metadata, the Python patch version, memory addresses, machine paths; the
   injected parameters cell gets a fixed id and project-relative paths).
5. **commit** — on success the run's outputs replace the previous ones file by file
   (write-then-rename, and only where the bytes differ; files the run no longer
   makes are removed). On failure the previous outputs stay, the failed notebook
   goes to ``reports/failed/<run>.ipynb`` and the other runs go on.
6. **summary** — a table (run, status, seconds, outputs), the failures with notebook,
   cell and error, exit code 1 if any run failed; then the HTML site is refreshed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from indopac.build.runs import BUILD_PARAMETERS, RESERVED_REPORT_NAMES, Run, RunsError
from indopac.files import write_atomic
from indopac.layout import Project

#: bump when the key recipe or the normalisation changes, so every run reruns once
FORMAT = 1
KERNEL_NAME = "python3"
#: a kernel that fails to start is retried this many times
KERNEL_RETRIES = 2
#: suffixes of outputs checked for machine paths (the executed notebook is rewritten instead)
_TEXT_SUFFIXES = {".md", ".svg", ".csv", ".json", ".txt", ".html", ".tex", ".yaml", ".yml"}
_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{4,}\b")
_INJECTED_TAG = "injected-parameters"
_ERROR_TAG = "papermill-error-cell-tag"
_LANGUAGE_INFO_KEEP = ("codemirror_mode", "file_extension", "mimetype", "name", "nbconvert_exporter", "pygments_lexer")


# --- 1. inputs ---------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes ('' when it does not exist)."""
    try:
        return _sha(Path(path).read_bytes())
    except FileNotFoundError:
        return ""


#: library modules that cannot change what a run writes (the command line, the HTML site):
#: editing them does not rerun the notebooks
NOT_IN_KEY = ("__main__.py", "build/cli.py", "build/adhoc.py", "build/site.py")


def tree_digest(folder: Path, pattern: str = "*", exclude: Iterable[str] = ()) -> str:
    """One digest for every file matching ``pattern`` under ``folder`` (names and contents)."""
    folder = Path(folder)
    exclude = set(exclude)
    h = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        rel = path.relative_to(folder)
        if not path.is_file() or "__pycache__" in rel.parts or any(p.startswith(".") for p in rel.parts):
            continue
        if rel.as_posix() in exclude:
            continue
        h.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def notebook_digest(path: Path) -> str:
    """Digest of what a source notebook contributes to its executed copy.

    Cell types, ids, tags and sources, and the kernelspec; not outputs, execution
    counts or other metadata (a stray save from Jupyter does not rerun anything).
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [
        {
            "type": c.get("cell_type"),
            "id": c.get("id"),
            "tags": sorted(c.get("metadata", {}).get("tags", [])),
            "source": "".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", ""),
        }
        for c in nb.get("cells", [])
    ]
    kernelspec = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return _sha(json.dumps({"cells": cells, "kernelspec": kernelspec}, sort_keys=True).encode())


@dataclass(frozen=True)
class Inputs:
    """Digests of everything, other than a run's notebook and parameters, that can change its outputs."""

    data: str
    library: str
    constraints: str
    runs_file: str

    @classmethod
    def of(cls, project: Project) -> Inputs:
        return cls(
            data=tree_digest(project.data_dir),
            library=tree_digest(project.library_dir, "*.py", exclude=NOT_IN_KEY),
            constraints=file_digest(project.constraints_file),
            runs_file=file_digest(project.runs_file),
        )

    @property
    def matrix_key(self) -> str:
        """What the expanded matrix (and the data's validity) depends on."""
        return _sha(f"{FORMAT}:{self.data}:{self.library}:{self.constraints}:{self.runs_file}".encode())


def run_key(run: Run, inputs: Inputs, notebook_digests: dict[Path, str] | None = None) -> str:
    """The cache key of a run: its notebook's cells, its parameters, the data, the library, the pins."""
    digests = notebook_digests if notebook_digests is not None else {}
    if run.notebook not in digests:
        digests[run.notebook] = notebook_digest(run.notebook)
    recipe = {
        "format": FORMAT,
        "notebook": digests[run.notebook],
        "parameters": run.parameters,
        "data": inputs.data,
        "library": inputs.library,
        "constraints": inputs.constraints,
    }
    return _sha(json.dumps(recipe, sort_keys=True, default=str).encode())


class DataInvalid(Exception):
    """The dataset did not validate; ``lines`` are the validator's problems."""

    def __init__(self, lines: list[str], where: str):
        self.lines, self.where = lines, where
        super().__init__("\n".join(lines))


def run_matrix(project: Project, inputs: Inputs, memo: bool = True) -> list[Run]:
    """The expanded matrix, from the local memo when these exact inputs were validated before."""
    from indopac.build.runs import expand, read_spec

    memo_path = project.build_dir / "matrix.json"
    try:
        saved = json.loads(memo_path.read_text(encoding="utf-8"))
        if saved.get("key") == inputs.matrix_key:
            return [Run(r["name"], project.source_root / r["notebook"], dict(r["parameters"])) for r in saved["runs"]]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        pass
    from indopac.data import DatasetError, load

    try:
        ds = load(project.data_dir)
    except DatasetError as err:
        raise DataInvalid([str(p) for p in err.problems], project.relative(project.data_dir)) from None
    spec = read_spec(project)
    runs = expand(spec, project, ds, where=project.relative(project.runs_file))
    memo_doc = {
        "key": inputs.matrix_key,
        "runs": [  # parameters as pairs: the order written in runs.yaml is the order papermill injects them
            {"name": r.name, "notebook": project.relative(r.notebook), "parameters": list(r.parameters.items())}
            for r in runs
        ],
    }
    if memo:
        write_atomic(memo_path, (json.dumps(memo_doc, indent=1, sort_keys=True) + "\n").encode())
    return runs


# --- the cache file (committed) ------------------------------------------------------------


def read_cache(project: Project) -> dict[str, dict[str, Any]]:
    """``{run: {"key", "notebook", "parameters", "outputs": {path: sha256}}}`` from the cache file."""
    try:
        doc = json.loads(project.cache_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return {}
    return dict(doc.get("runs", {}))


def _cache_bytes(entries: dict[str, dict[str, Any]]) -> bytes:
    doc = {
        "comment": "written by `indopac build`: the inputs key and output hashes of every run; do not edit",
        "format": FORMAT,
        "runs": {name: entries[name] for name in sorted(entries)},
    }
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _outputs_intact(project: Project, outputs: dict[str, str]) -> bool:
    return bool(outputs) and all(file_digest(project.root / rel) == sha for rel, sha in outputs.items())


# --- 3. execute (in a worker process) ---------------------------------------------------------


def _kernel_environment(project_root: str, build_dir: str) -> None:
    """Make the kernel's environment the same on every machine and every run."""
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["TZ"] = "UTC"
    os.environ["INDOPAC_ROOT"] = project_root
    os.environ.pop("MPLBACKEND", None)  # the kernel's inline backend, whatever the caller's shell says
    # Only the environment's own kernelspec: a user's ~/.local/share/jupyter/kernels/python3
    # could point at another Python.
    os.environ["JUPYTER_DATA_DIR"] = str(Path(build_dir) / "jupyter")
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"


#: this worker process's kernels (set by :func:`_start_worker`; None when a job runs in-process)
_KERNELS = None


def _start_worker(source_root: str, build_dir: str, start_timeout: float) -> None:
    """A build worker's initializer: the kernels' environment, and its first kernel on its way."""
    import gc
    from multiprocessing.util import Finalize

    gc.disable()  # what the worker imports lives as long as it does: nothing for the collector to find
    from indopac.build.kernels import KernelPool
    from indopac.build.nbimport import import_nbformat

    global _KERNELS
    import_nbformat()  # papermill's nbformat, without the ~1 s that jsonschema's IRI checks cost
    _kernel_environment(source_root, build_dir)
    pid = os.getpid()
    # Forked kernels by default on Linux (where CI and the benchmarks run); macOS forbids forking
    # a process once some system libraries are loaded. INDOPAC_BUILD_FORK=0 or 1 decides instead.
    fork = os.environ.get("INDOPAC_BUILD_FORK", "1" if sys.platform.startswith("linux") else "0") != "0"
    _KERNELS = KernelPool(KERNEL_NAME, Path(build_dir) / "kernels" / str(pid), timeout=start_timeout,
                          log=Path(build_dir) / "logs" / f"kernels-{pid}.log", fork=fork)
    _KERNELS.prepare()
    import papermill  # noqa: F401 -- while the first kernel starts, not in the first run's time

    gc.collect()
    gc.freeze()  # and the runs' collections skip it
    gc.enable()
    # multiprocessing runs registered finalizers when the worker exits (atexit does not run there)
    Finalize(_KERNELS, _KERNELS.close, exitpriority=10)


def execute_job(job: dict[str, Any]) -> dict[str, Any]:
    """Execute one run into its temporary folder; return a plain dict (it crosses processes).

    ``job``: name, notebook, parameters (with absolute data/figures/reports dirs), tmp,
    root, build_dir, report (project-relative path of the executed notebook),
    notebook_rel, figures_rel, retries, start_timeout, timeout.

    In a build worker the kernel comes from the worker's :class:`~indopac.build.kernels.KernelPool`;
    called directly (in-process), the job starts a pool of its own and closes it afterwards.
    """
    _kernel_environment(job.get("source_root", job["root"]), job["build_dir"])
    own_pool = _KERNELS is None
    if own_pool:
        from indopac.build.kernels import KernelPool

        kernels = KernelPool(KERNEL_NAME, Path(job["build_dir"]) / "kernels" / str(os.getpid()),
                             timeout=job.get("start_timeout", 120),
                             log=Path(job["build_dir"]) / "logs" / f"{job['name']}.log")
        job = dict(job, more=False)  # one run: no kernel to prepare for a next one
    else:
        kernels = _KERNELS
    try:
        return _execute_logged(job, kernels)
    finally:
        if own_pool:
            kernels.close()


def _execute_logged(job: dict[str, Any], kernels: Any) -> dict[str, Any]:
    tmp = Path(job["tmp"])
    executed = tmp / "executed.ipynb"
    started = time.perf_counter()
    # papermill's and nbclient's chatter during the run goes to the run's log, not the terminal
    # (the kernels' own goes to the pool's log).
    log = Path(job["build_dir"]) / "logs" / f"{job['name']}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved_stderr = os.dup(2)
    with open(log, "wb") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            result = _execute(job, tmp, executed, started, kernels)
        finally:
            sys.stderr.flush()
            os.dup2(saved_stderr, 2)
            os.close(saved_stderr)
    return result


def _execute(job: dict[str, Any], tmp: Path, executed: Path, started: float, kernels: Any) -> dict[str, Any]:
    import shutil

    import papermill

    from indopac.build.kernels import move_to

    error: dict[str, Any] | None = None
    attempts = 0
    waited = 0.0
    forked = None
    for attempt in range(job.get("retries", KERNEL_RETRIES) + 1):
        attempts = attempt + 1
        shutil.rmtree(tmp, ignore_errors=True)
        for sub in ("figures", "reports", "cwd"):
            (tmp / sub).mkdir(parents=True, exist_ok=True)
        km = None
        try:
            wait_from = time.perf_counter()
            km = kernels.take(more=job.get("more", True))  # a fresh kernel, used for this run only
            forked = getattr(km, "indopac_forked", False)
            move_to(km, tmp / "cwd")
            waited += time.perf_counter() - wait_from
            papermill.execute_notebook(
                job["notebook"],
                str(executed),
                parameters=job["parameters"],
                km=km,
                cwd=str(tmp / "cwd"),
                # written once at the end (or at the failing cell), not twice per cell: that
                # rewrote the whole notebook, images and all, ~30 times a run
                request_save_on_cell_execute=False,
                progress_bar=False,
                log_output=False,
                start_timeout=job.get("start_timeout", 120),
                execution_timeout=job.get("timeout"),
            )
            error = None
            break
        except papermill.PapermillExecutionError as err:
            error = {"ename": err.ename, "evalue": err.evalue, "exec_count": err.exec_count}
            break
        except Exception as err:  # noqa: BLE001 -- the kernel did not start, or died: try a fresh one
            error = {"ename": type(err).__name__, "evalue": str(err), "kernel": True}
        finally:
            if km is not None:
                kernels.release(km)
    result: dict[str, Any] = {"name": job["name"], "attempts": attempts, "error": error,
                              "kernel_wait": round(waited, 3), "forked": forked}
    if executed.is_file():
        nb = json.loads(executed.read_text(encoding="utf-8"))
        result["cell_seconds"] = round(cell_seconds(nb), 3)
        if error is not None:
            error.update(_failing_cell(nb, job["notebook"]))
        replacements = _path_replacements(job)
        normal = normalize_notebook(nb, run=job["name"], notebook=job["notebook_rel"], parameters=job["run_parameters"],
                                    replacements=replacements)
        (tmp / "report.ipynb").write_bytes(dump_notebook(normal))
        if error is not None:
            error["evalue"] = _replace_all(error.get("evalue") or "", replacements)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def cell_seconds(nb: dict[str, Any]) -> float:
    """The time a run's cells took, from nbclient's per-cell timestamps (before normalisation drops them).

    Per cell: from the kernel starting to execute it (``iopub.execute_input``) to its reply
    (``shell.execute_reply``). What a run costs beyond this is the build's overhead.
    """
    from datetime import datetime

    total = 0.0
    for cell in nb.get("cells", []):
        timing = cell.get("metadata", {}).get("execution", {})
        begin, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if begin and end:
            total += (datetime.fromisoformat(end) - datetime.fromisoformat(begin)).total_seconds()
    return total


def _failing_cell(nb: dict[str, Any], source_path: str) -> dict[str, Any]:
    """Locate the cell that raised: its 1-based position and id in the source notebook."""
    source = json.loads(Path(source_path).read_text(encoding="utf-8"))
    source_ids = [c.get("id") for c in source.get("cells", [])]
    for cell in nb.get("cells", []):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            tags = cell.get("metadata", {}).get("tags", [])
            if _INJECTED_TAG in tags:
                return {"cell": None, "cell_id": _INJECTED_TAG}
            cid = cell.get("id")
            number = source_ids.index(cid) + 1 if cid in source_ids else None
            return {"cell": number, "cell_id": cid}
    return {"cell": None, "cell_id": None}


# --- 4. normalise -------------------------------------------------------------------------


def _path_replacements(job: dict[str, Any]) -> list[tuple[str, str]]:
    """Machine paths -> project-relative ones, longest first."""
    root = str(Path(job["root"]).resolve())
    tmp = str(Path(job["tmp"]).resolve())
    pairs = [
        (str(Path(tmp) / "figures"), job["figures_rel"]),
        (str(Path(tmp) / "reports"), job["reports_rel"]),
        (str(Path(tmp) / "cwd"), "."),
        (tmp, "."),
        (root + os.sep, ""),
        (root, "."),
    ]
    if Path(tmp).is_relative_to(root):  # notebook.setup prints its folders project-relative
        rel = Path(tmp).relative_to(root).as_posix()
        pairs += [(f"{rel}/figures/", job["figures_rel"] + "/"), (f"{rel}/reports/", job["reports_rel"] + "/")]
    prefix = str(Path(sys.prefix).resolve())
    if not prefix.startswith(root):
        pairs.append((prefix, "<python>"))
    home = str(Path.home())
    if len(home) > 1 and not root.startswith(home):
        pairs.append((home + os.sep, "~/"))
    return sorted(pairs, key=lambda p: -len(p[0]))


def _replace_all(text: str, replacements: Sequence[tuple[str, str]]) -> str:
    for old, new in replacements:
        if old in text:
            text = text.replace(old, new)
    return _ADDRESS.sub("at 0x0", text)


def _scrub(value: Any, replacements: Sequence[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        return _replace_all(value, replacements)
    if isinstance(value, list):
        return [_scrub(v, replacements) for v in value]
    if isinstance(value, dict):
        return {
            k: (v if k.startswith("image/") and k != "image/svg+xml" else _scrub(v, replacements))
            for k, v in value.items()
        }
    return value


_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _fixed_widget_ids(outputs: list[Any], cell_id: str) -> list[Any]:
    """Replace the random ``model_id`` of each widget view with one made from the cell id and its place."""
    fixed = []
    for number, output in enumerate(outputs, start=1):
        view = output.get("data", {}).get(_WIDGET_MIME) if isinstance(output, dict) else None
        if isinstance(view, dict) and "model_id" in view:
            output = {**output, "data": {**output["data"], _WIDGET_MIME: {**view, "model_id": f"{cell_id}-widget-{number}"}}}
        fixed.append(output)
    return fixed


def normalize_notebook(
    nb: dict[str, Any],
    *,
    run: str,
    notebook: str,
    parameters: dict[str, Any],
    replacements: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """An executed notebook without anything that differs between two executions of the same inputs.

    Drops papermill's and nbclient's metadata (timestamps, durations, input/output
    paths), the Python patch version and memory addresses (``at 0x7f…``); gives the
    injected parameters cell and papermill's error cells fixed ids; rewrites machine
    paths with ``replacements``; records the run, notebook and parameters under
    ``metadata.indopac`` (the site's index reads them). Widgets get fixed model ids and
    lose their saved state, whose keys are random: a headless run has no kernel to drive
    them, and the notebook says how to open it live.
    """
    meta = {k: v for k, v in nb.get("metadata", {}).items() if k not in ("papermill", "indopac", "widgets")}
    if isinstance(meta.get("language_info"), dict):
        meta["language_info"] = {k: v for k, v in meta["language_info"].items() if k in _LANGUAGE_INFO_KEEP}
    meta["indopac"] = {"run": run, "notebook": notebook, "parameters": parameters}
    cells, seen, errors = [], set(), 0
    for index, cell in enumerate(nb.get("cells", [])):
        cell = dict(cell)
        cmeta = {k: v for k, v in cell.get("metadata", {}).items() if k not in ("papermill", "execution")}
        tags = cmeta.get("tags", [])
        if not tags:  # papermill adds empty tag lists; the source notebook has none
            cmeta.pop("tags", None)
        cell["metadata"] = cmeta
        if _INJECTED_TAG in tags:
            cell["id"] = _INJECTED_TAG
        elif _ERROR_TAG in tags:
            errors += 1
            cell["id"] = f"papermill-error-{errors}"
        if not cell.get("id") or cell["id"] in seen:
            cell["id"] = f"cell-{index}"
        seen.add(cell["id"])
        if "source" in cell:
            cell["source"] = _scrub(cell["source"], replacements)
        if "outputs" in cell:
            cell["outputs"] = _fixed_widget_ids(_scrub(cell["outputs"], replacements), cell["id"])
        cells.append(cell)
    out = {k: v for k, v in nb.items() if k not in ("cells", "metadata")}
    out["cells"] = cells
    out["metadata"] = meta
    return out


def dump_notebook(nb: dict[str, Any]) -> bytes:
    """A notebook as nbformat writes it (sorted keys, one-space indent, trailing newline)."""
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


# --- 5. commit -----------------------------------------------------------------------------


def _remove(path: Path, stop: Path) -> None:
    """Delete a file, then its parent folders up to ``stop`` while they are empty."""
    Path(path).unlink(missing_ok=True)
    folder = Path(path).parent
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


class OutputError(Exception):
    """A run produced outputs that cannot be committed."""


def _collect(run: Run, project: Project, tmp: Path, claimed: dict[str, str]) -> dict[str, bytes]:
    """The run's outputs as {project-relative path: bytes}, checked before anything is written."""
    outputs: dict[str, bytes] = {}
    problems = []
    for sub, target in (("figures", run.figures_dir(project)), ("reports", project.reports_dir)):
        base = tmp / sub
        for path in sorted(base.rglob("*")):
            if not path.is_file():
                continue
            rel_in = path.relative_to(base)
            rel = project.relative(target / rel_in)
            if sub == "reports" and (rel_in.parts[0] in RESERVED_REPORT_NAMES or rel_in.suffix == ".ipynb"):
                problems.append(f"wrote {rel} into reports_dir: that name belongs to the build")
                continue
            if claimed.get(rel, run.name) != run.name:
                problems.append(f"wrote {rel}, which belongs to run {claimed[rel]!r}")
                continue
            data = path.read_bytes()
            if path.suffix.lower() in _TEXT_SUFFIXES:
                text = data.decode("utf-8", errors="replace")
                for machine in (str(tmp), str(project.root)):
                    if machine in text:
                        problems.append(f"{rel} contains a machine path ({machine}); write project-relative paths")
                        break
            outputs[rel] = data
    report = tmp / "report.ipynb"
    outputs[project.relative(run.report(project))] = report.read_bytes()
    if problems:
        raise OutputError("; ".join(problems))
    return outputs


def _commit(run: Run, project: Project, outputs: dict[str, bytes], previous: Iterable[str]) -> dict[str, str]:
    """Replace the run's previous outputs with ``outputs``; return {path: sha256}."""
    for rel, data in outputs.items():
        write_atomic(project.root / rel, data)
    stale = set(previous) - set(outputs)
    own = run.figures_dir(project)
    if own.is_dir():  # the run's figures folder is all its own
        stale |= {project.relative(p) for p in own.rglob("*") if p.is_file()} - set(outputs)
    for rel in sorted(stale):
        _remove(project.root / rel, project.root)
    _remove(project.failed_dir / f"{run.name}.ipynb", project.reports_dir)
    return {rel: _sha(data) for rel, data in sorted(outputs.items())}


# --- 6. results and summary ------------------------------------------------------------------


@dataclass
class RunResult:
    name: str
    notebook: str
    status: str  # ran | cached | failed
    seconds: float = 0.0  # in the worker: from taking the job to its normalised notebook
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    cell: int | None = None
    cell_id: str | None = None
    failed_notebook: str | None = None
    cell_seconds: float | None = None  # the run's own cell time (see cell_seconds)
    kernel_wait: float | None = None  # time spent waiting for the kernel it ran on
    forked: bool | None = None  # whether that kernel was forked from the worker's fork server

    def where(self) -> str:
        if self.cell is not None:
            return f"{self.notebook} cell {self.cell} (id {self.cell_id!r})"
        if self.cell_id == _INJECTED_TAG:
            return f"{self.notebook} injected parameters cell"
        return self.notebook


@dataclass
class BuildReport:
    results: list[RunResult] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # dataset or matrix problems: nothing was built
    seconds: float = 0.0
    site_error: str | None = None

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.problems or self.failed or self.site_error else 0

    def status(self, name: str) -> str:
        return next(r.status for r in self.results if r.name == name)


def _describe_outputs(paths: list[str]) -> str:
    figures = [p for p in paths if p.startswith("figures/")]
    others = [p for p in paths if not p.startswith("figures/")]
    parts = []
    if figures:
        folder = "/".join(figures[0].split("/")[:2]) + "/"
        parts.append(f"{folder} ({len(figures)} file{'s' if len(figures) != 1 else ''})")
    return ", ".join(parts + others) or "-"


def summary(report: BuildReport) -> str:
    """The table printed after a build, then one line per failure and a total."""
    rows = [
        (r.name, r.status, f"{r.seconds:.1f}",
         ("kept: " if r.status == "failed" and r.outputs else "") + _describe_outputs(r.outputs))
        for r in report.results
    ]
    header = ("run", "status", "seconds", "outputs")
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(header)]

    def line(cols: Sequence[str]) -> str:
        return f"{cols[0]:<{widths[0]}}  {cols[1]:<{widths[1]}}  {cols[2]:>{widths[2]}}  {cols[3]}".rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    for name in report.removed:
        out.append(f"removed the outputs of {name} (no longer in the matrix)")
    for r in report.failed:
        kept = f"; executed notebook: {r.failed_notebook}" if r.failed_notebook else ""
        out.append(f"FAILED {r.name}: {r.where()}: {r.error}{kept}")
    counts = {s: sum(r.status == s for r in report.results) for s in ("ran", "cached", "failed")}
    out.append(
        f"{len(report.results)} runs: {counts['ran']} ran, {counts['cached']} cached, "
        f"{counts['failed']} failed in {report.seconds:.1f} s"
    )
    return "\n".join(out)


def _error_line(error: dict[str, Any]) -> str:
    evalue = " ".join(str(error.get("evalue") or "").split())
    if len(evalue) > 300:
        evalue = evalue[:297] + "..."
    prefix = "kernel failed: " if error.get("kernel") else ""
    return f"{prefix}{error.get('ename')}: {evalue}" if evalue else f"{prefix}{error.get('ename')}"


# --- the build ---------------------------------------------------------------------------------


def build(
    project: Project | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    only: Sequence[str] | None = None,
    site: bool = True,
    show_code: bool = False,
    progress: bool = True,
    out: TextIO | None = None,
    timeout: int | None = None,
    dry_run: bool = False,
) -> BuildReport:
    """Build every run of the matrix that is out of date (all of them with ``force``).

    ``only``: fnmatch patterns of run names. ``site``: refresh reports/html afterwards.
    ``dry_run``: print what would run and why (:func:`why_stale`), run and write nothing.
    Prints the summary to ``out`` (default stdout) and returns a :class:`BuildReport`;
    its ``exit_code`` is 1 when the data or matrix is invalid or any run failed.
    """
    from indopac.build.runs import check_notebooks, select

    out = out or sys.stdout
    project = project or Project.default()
    started = time.perf_counter()
    report = BuildReport()
    inputs = Inputs.of(project)
    try:
        matrix = run_matrix(project, inputs, memo=not dry_run)
        chosen = select(matrix, only)
        check_notebooks(chosen, project)
    except DataInvalid as err:
        report.problems = err.lines
        print("\n".join(err.lines), file=out)
        n = len(err.lines)
        print(f"{n} problem{'s' if n != 1 else ''} in {err.where}: nothing was built (indopac validate)", file=out)
        return report
    except RunsError as err:
        report.problems = err.problems
        print("\n".join(err.problems), file=out)
        return report

    cache = read_cache(project)
    digests: dict[Path, str] = {}
    keys = {r.name: run_key(r, inputs, digests) for r in chosen}
    stale = []
    for run in chosen:
        entry = cache.get(run.name, {})
        if not force and entry.get("key") == keys[run.name] and _outputs_intact(project, entry.get("outputs", {})):
            report.results.append(RunResult(run.name, project.relative(run.notebook), "cached",
                                            outputs=sorted(entry["outputs"])))
            failed = project.failed_dir / f"{run.name}.ipynb"
            if failed.exists() and not dry_run:  # an earlier failure, since fixed: the outputs are up to date again
                _remove(failed, project.reports_dir)
        else:
            stale.append(run)
    if dry_run:
        report.results = []  # one line per run, cached ones included
        for run in chosen:
            reason = why_stale(run, cache.get(run.name), keys[run.name], project, force) if run in stale else "cached"
            report.results.append(RunResult(run.name, project.relative(run.notebook), reason))
        width = max((len(r.name) for r in report.results), default=0)
        for r in report.results:
            print(f"{r.name:<{width}}  {r.status}", file=out)
        print(f"{len(stale)} of {len(chosen)} runs would run (dry run: nothing was executed or written)", file=out)
        return report

    new_cache = dict(cache)
    try:
        if stale:
            _execute_all(stale, project, keys, cache, new_cache, report, jobs, progress, timeout)
        if not only:  # a full build forgets runs that left the matrix, and their outputs
            names = {r.name for r in matrix}
            for name in sorted(set(new_cache) - names):
                for rel in new_cache[name].get("outputs", {}):
                    _remove(project.root / rel, project.root)
                _remove(project.failed_dir / f"{name}.ipynb", project.reports_dir)
                del new_cache[name]
                report.removed.append(name)
    finally:
        if new_cache != cache or (new_cache and not project.cache_file.is_file()):
            write_atomic(project.cache_file, _cache_bytes(new_cache))
    order = {r.name: i for i, r in enumerate(matrix)}
    report.results.sort(key=lambda r: order[r.name])
    report.seconds = time.perf_counter() - started
    if stale:
        _write_timings(project, report, jobs)
    print(summary(report), file=out)
    if site:
        from indopac.build.site import build_site

        try:
            pages = build_site(project, show_code=show_code, progress=progress)
        except Exception as err:  # noqa: BLE001 -- the runs are committed; say what broke the site, fail
            report.site_error = f"{type(err).__name__}: {err}"
            print(f"site: FAILED to render reports/html: {report.site_error}", file=out)
        else:
            if pages.rendered or pages.removed:
                print(f"site: {pages.describe()}", file=out)
    return report


def _write_timings(project: Project, report: BuildReport, jobs: int | None) -> None:
    """``.indopac-build/timings.json``: where the last build's time went, run by run (not committed).

    Per run that ran: ``seconds`` in its worker, ``cell_seconds`` (its cells), ``kernel_wait``
    (waiting for its kernel), ``overhead`` (the rest: papermill, the kernel client,
    normalising) and ``kernel``: ``forked`` from the worker's fork server, or ``started`` the
    usual way (the pool's log in ``logs/kernels-<pid>.log`` says why). ``benchmarks/buildbench.py``
    reads it.
    """
    ran = [r for r in report.results if r.status != "cached"]
    runs = {r.name: {"status": r.status, "seconds": r.seconds, "cell_seconds": r.cell_seconds,
                     "kernel_wait": r.kernel_wait,
                     "kernel": None if r.forked is None else ("forked" if r.forked else "started"),
                     "overhead": None if r.cell_seconds is None else round(r.seconds - r.cell_seconds, 3)}
            for r in ran}
    data = {"wall_seconds": round(report.seconds, 3), "jobs": jobs or os.cpu_count() or 1, "runs": runs}
    write_atomic(project.build_dir / "timings.json", (json.dumps(data, indent=1) + "\n").encode())


def why_stale(run: Run, entry: dict[str, Any] | None, key: str, project: Project, force: bool) -> str:
    """Why a run would run: ``forced``, ``new`` (never built), or ``stale: <what changed>``."""
    if force:
        return "forced"
    if not entry:
        return "new (never built)"
    if entry.get("key") != key:
        if entry.get("parameters") != run.parameters:
            return "stale: its parameters changed"
        if entry.get("notebook") != project.relative(run.notebook):
            return "stale: its notebook moved"
        return "stale: its notebook, the data, the library or constraints.txt changed"
    return "stale: its outputs were changed or removed"


def _execute_all(
    stale: list[Run],
    project: Project,
    keys: dict[str, str],
    cache: dict[str, dict[str, Any]],
    new_cache: dict[str, dict[str, Any]],
    report: BuildReport,
    jobs: int | None,
    progress: bool,
    timeout: int | None,
) -> None:
    import multiprocessing
    import shutil
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from tqdm import tqdm

    claimed = {rel: name for name, entry in cache.items() for rel in entry.get("outputs", {})}
    tmp_root = project.build_dir / "tmp"
    by_name = {r.name: r for r in stale}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
    bar = tqdm(total=len(stale), desc="indopac build", unit="run", file=sys.stderr, disable=not progress,
               dynamic_ncols=True)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker,
                               initargs=(str(project.source_root), str(project.build_dir), 120))
    try:
        futures = {}
        for i, run in enumerate(stale):
            job = _job(run, project, tmp_root, timeout)
            job["more"] = i < len(stale) - 1  # workers take jobs in this order: after the last, none follows
            futures[pool.submit(execute_job, job)] = run.name
        for future in as_completed(futures):
            run = by_name[futures[future]]
            notebook = project.relative(run.notebook)
            tmp = tmp_root / run.name
            try:
                res = future.result()
            except Exception as err:  # noqa: BLE001 -- the worker process itself died
                res = {"error": {"ename": type(err).__name__, "evalue": str(err)}, "seconds": 0.0}
            result = RunResult(run.name, notebook, "ran", seconds=res.get("seconds", 0.0),
                               cell_seconds=res.get("cell_seconds"), kernel_wait=res.get("kernel_wait"),
                               forked=res.get("forked"))
            error = res.get("error")
            if error is None:
                try:
                    outputs = _collect(run, project, tmp, claimed)
                except OutputError as err:
                    error = {"ename": "OutputError", "evalue": str(err)}
                else:
                    hashes = _commit(run, project, outputs, cache.get(run.name, {}).get("outputs", {}))
                    new_cache[run.name] = {
                        "key": keys[run.name],
                        "notebook": notebook,
                        "parameters": run.parameters,
                        "outputs": hashes,
                    }
                    for rel in hashes:
                        claimed[rel] = run.name
                    result.outputs = sorted(hashes)
            if error is not None:
                result.status = "failed"
                result.error = _error_line(error)
                result.cell, result.cell_id = error.get("cell"), error.get("cell_id")
                failed = tmp / "report.ipynb"
                if failed.is_file():
                    target = project.failed_dir / f"{run.name}.ipynb"
                    write_atomic(target, failed.read_bytes())
                    result.failed_notebook = project.relative(target)
                result.outputs = sorted(cache.get(run.name, {}).get("outputs", {}))
            shutil.rmtree(tmp, ignore_errors=True)
            report.results.append(result)
            bar.set_postfix_str(f"{run.name} {result.status}", refresh=False)
            bar.update()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        bar.close()
        pool.shutdown(wait=True)
        try:
            tmp_root.rmdir()
        except OSError:
            pass


def _job(run: Run, project: Project, tmp_root: Path, timeout: int | None) -> dict[str, Any]:
    tmp = tmp_root / run.name
    params = dict(run.parameters)
    params.update(
        data_dir=str(project.data_dir),
        figures_dir=str(tmp / "figures"),
        reports_dir=str(tmp / "reports"),
    )
    assert set(BUILD_PARAMETERS) <= set(params)
    return {
        "name": run.name,
        "notebook": str(run.notebook),
        "notebook_rel": project.relative(run.notebook),
        "parameters": params,
        "run_parameters": run.parameters,
        "tmp": str(tmp),
        "root": str(project.root),
        "source_root": str(project.source_root),
        "build_dir": str(project.build_dir),
        "figures_rel": project.relative(run.figures_dir(project)),
        "reports_rel": project.relative(project.reports_dir),
        "retries": KERNEL_RETRIES,
        "timeout": timeout,
    }
