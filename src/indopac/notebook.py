"""A notebook's setup in one call: load the data, check the parameters, the year window, the output folders.

Every notebook's first code cell after the parameters is::

    nb = notebook.setup("trends", data_dir, figures_dir, reports_dir,
                        year_start=year_start, year_end=year_end)

which replaces the setup code each notebook used to copy. A bad parameter stops the run
there with one :class:`~indopac.params.ParameterError` line naming the valid values.

Outputs go where the caller says (``figures_dir``, ``reports_dir``), and otherwise to the
git-ignored scratch folder ``scratch/<name>/figures`` and ``scratch/<name>/reports``: only
``indopac build``, which passes its own folders, writes the committed ``figures/`` and
``reports/``. ``setup`` prints where the outputs go, so the notebook says it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indopac.analysis.counts import YearWindow, year_window
from indopac.data import Dataset, load
from indopac.layout import ROOT
from indopac.params import check_choice, check_params


@dataclass(frozen=True)
class Setup:
    """What a notebook works with: the full data, the selection, the window and where outputs go."""

    full: Dataset
    ds: Dataset
    window: YearWindow
    figures_dir: Path
    reports_dir: Path
    params: dict[str, Any]

    @property
    def outputs_note(self) -> str:
        """Where this run writes its figures and reports, project-relative when inside the project."""
        return (f"Outputs of this run: figures in {_shown(self.figures_dir, 'figures_dir')}, "
                f"reports in {_shown(self.reports_dir, 'reports_dir')}.")

    @property
    def years(self) -> tuple[int | None, int | None] | None:
        """``(year_start, year_end)``, or None when neither is set."""
        start, end = self.params.get("year_start"), self.params.get("year_end")
        return None if start is None and end is None else (start, end)


def setup(
    name: str,
    data_dir: Path | str | None = None,
    figures_dir: Path | str | None = None,
    reports_dir: Path | str | None = None,
    *,
    choices: dict[str, tuple[Any, list[Any]]] | None = None,
    window: bool = True,
    **params: Any,
) -> Setup:
    """Load and check. ``name`` names the scratch folder (``scratch/<name>/``) used by default.

    ``params`` go to :func:`indopac.params.check_params` and come back normalised in
    ``Setup.params`` (a country given as ``Poland`` is ``POL`` there); ``choices`` maps a
    parameter name to ``(value, valid values)``. With ``window`` the year window
    (``year_start``/``year_end``) is applied to ``ds``; ``full`` keeps every initiative.
    Prints where the outputs go.
    """
    full = load(data_dir)
    checked = check_params(full, **params)
    for key, (value, valid) in (choices or {}).items():
        check_choice(key, value, valid)
    win = year_window(full, checked.get("year_start"), checked.get("year_end"))
    out = Setup(
        full=full,
        ds=win.dataset if window else full,
        window=win,
        figures_dir=Path(figures_dir) if figures_dir is not None else scratch_dir(name) / "figures",
        reports_dir=Path(reports_dir) if reports_dir is not None else scratch_dir(name) / "reports",
        params=dict(checked, **{k: v for k, (v, _) in (choices or {}).items()}),
    )
    print(out.outputs_note)
    return out


def scratch_dir(name: str) -> Path:
    """The git-ignored folder where a run by hand writes its outputs: ``scratch/<name>/``."""
    return ROOT / "scratch" / name


def _shown(path: Path, name: str) -> str:
    # Project-relative, or the parameter's name: an executed notebook shows no machine path.
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() + "/" if path.is_relative_to(ROOT) else f"the {name} given"
