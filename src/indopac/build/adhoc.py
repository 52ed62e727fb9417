"""``indopac run``: one notebook, its parameters checked before a kernel starts, outputs in scratch/.

Papermill alone accepts any ``-p`` name (it warns and runs the default) and any value (the
notebook fails later, with a traceback). Here every name is checked against the notebook's
``parameters`` cell (:func:`indopac.build.runs.notebook_parameters`) and every value against the
data (:func:`indopac.params.check_notebook_params`), so that a mistake is one line, exit code 2.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from indopac.build.runs import BUILD_PARAMETERS, notebook_parameters
from indopac.layout import NOTEBOOKS_DIR, ROOT
from indopac.params import FOLDER_PARAMETERS, ParameterError


class RunError(Exception):
    """A run that cannot start (exit code 2) or whose notebook failed (exit code 1)."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def find_notebook(name: str) -> Path:
    """A notebook by path, or by its name in notebooks/ with or without number and suffix."""
    path = Path(name)
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    known = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    stem = path.name.removesuffix(".ipynb")
    for nb in known:
        if stem in (nb.stem, re.sub(r"^\d+-", "", nb.stem)):
            return nb
    names = [nb.stem for nb in known]
    close = difflib.get_close_matches(stem, names + [re.sub(r"^\d+-", "", n) for n in names], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise RunError(f"{name}: no such notebook{hint}; notebooks: {', '.join(names)}")


def parse_value(text: str, default: Any) -> Any:
    """A ``-p`` value, typed after the parameter's default: text for text, YAML for lists, mappings, numbers."""
    import yaml

    if text in ("None", "null", "~"):
        return None
    if isinstance(default, str):
        return text  # YAML would read NO as False
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def run_name(notebook: Path, given: dict[str, Any]) -> str:
    """``country-profile-POL``: the notebook's name without its number, then the values given."""
    parts = [re.sub(r"^\d+-", "", notebook.stem)]
    parts += [str(v) for k, v in given.items() if k not in FOLDER_PARAMETERS and isinstance(v, (str, int))]
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(parts)).strip("-")


def check(notebook: Path, pairs: list[tuple[str, str]], data_dir: Path | None = None) -> dict[str, Any]:
    """The parameters given as ``(name, text)`` pairs, typed, checked and normalised; RunError if not valid."""
    from indopac.analysis.recommend import DEFAULT_WEIGHTS
    from indopac.data import DatasetError, load
    from indopac.params import check_notebook_params, close_match

    defaults = notebook_parameters(notebook)
    given: dict[str, Any] = {}
    for name, text in pairs:
        if name not in defaults:
            hint = close_match(name, list(defaults))
            did = f" (did you mean {hint!r}?)" if hint else ""
            raise RunError(f"-p {name}: not a parameter of {notebook.name}{did}; parameters: {', '.join(defaults)}")
        given[name] = parse_value(text, defaults[name])
    try:
        ds = load(data_dir)
    except DatasetError as err:
        raise RunError(str(err), exit_code=1) from None
    try:
        return check_notebook_params(ds, given, defaults, default_weights=DEFAULT_WEIGHTS)
    except ParameterError as err:
        raise RunError(str(err)) from None


def run_notebook(notebook: str, pairs: list[tuple[str, str]], out_dir: Path | None = None,
                 data_dir: Path | None = None) -> str:
    """Check, then execute with papermill into ``out_dir`` (default ``scratch/<run>/``); a one-line summary."""
    import papermill

    from indopac.build.engine import KERNEL_NAME

    path = find_notebook(notebook)
    params = check(path, pairs, data_dir)
    out = Path(out_dir) if out_dir is not None else ROOT / "scratch" / run_name(path, params)
    out = out.resolve()
    folders = {"figures_dir": str(out / "figures"), "reports_dir": str(out / "reports")}
    if data_dir is not None:
        folders["data_dir"] = str(Path(data_dir).resolve())
    params = {**{k: v for k, v in folders.items() if k in BUILD_PARAMETERS}, **params}
    out.mkdir(parents=True, exist_ok=True)
    executed = out / path.name
    try:
        papermill.execute_notebook(str(path), str(executed), parameters=params, kernel_name=KERNEL_NAME,
                                   cwd=str(out), progress_bar=False, log_output=False)
    except papermill.PapermillExecutionError as err:
        evalue = " ".join(str(err.evalue).split())
        raise RunError(f"{path.name} failed in cell {err.exec_count}: {err.ename}: {evalue} "
                       f"(executed notebook: {executed})", exit_code=1) from None
    return f"ran {path.name}: notebook {executed}, figures and reports in {out}/"
