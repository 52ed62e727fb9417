"""Build benchmarks: ``indopac build`` against a plain papermill loop, no-op and incremental rebuilds.

Everything runs in a scratch copy of the project (``data/``, ``notebooks/``,
``constraints.txt``) under ``benchmarks/.scratch/``, selected with
``INDOPAC_ROOT``, so the committed figures and reports are never touched.

1. **Floor.** A kernel start (``jupyter_client``, until the kernel answers), the
   imports a run needs inside it (indopac, its analysis, plotting, network and
   recommend modules, the data loaded), and ``papermill`` on a one-cell notebook
   (process start + papermill + kernel start and stop): no run can be faster.
2. **Full build vs. loop.** ``indopac build --force --no-site`` against a loop
   of ``papermill`` CLI calls, one after another, over the same expanded matrix
   (``indopac runs --json``: same notebooks, same parameters), alternating
   (A B, B A, A B, ...) so that a busy moment hits both alike. Medians.
3. **No-op.** ``indopac build`` (site included, as a user runs it) with nothing
   changed, wall time of the whole command.
4. **Incremental.** After editing one markdown cell of one notebook: the time of
   ``indopac build`` and which runs ran (they must be exactly that notebook's).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCRATCH = HERE / ".scratch"
BIN = Path(sys.executable).parent

_IMPORTS = (
    "import time as _t; _s = _t.perf_counter()\n"
    "import indopac, indopac.analysis, indopac.plots, indopac.analysis.network, indopac.analysis.recommend, indopac.findings, indopac.figures\n"
    "_ds = indopac.load()\n"
    "print(_t.perf_counter() - _s)"
)


def _env(root: Path) -> dict[str, str]:
    # The scratch copy's own snapshot of the library comes first on the path: run keys hash the
    # library source, and the live tree may change (other work) while the benchmark runs.
    path = os.pathsep.join(p for p in (str(root / "src"), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, INDOPAC_ROOT=str(root), MPLBACKEND="Agg", PYTHONHASHSEED="0", PYTHONPATH=path)
    env.pop("JPY_PARENT_PID", None)
    return env


def make_project(name: str, commit: str = "HEAD") -> Path:
    """A fresh scratch copy of the project's inputs (data, notebooks, library) as committed.

    The committed state, not the working tree: other work may be half-way through an edit,
    and the results name the commit they measure.
    """
    root = SCRATCH / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "data", "notebooks", "src/indopac",
                              "constraints.txt"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    for folder in ("figures", "reports"):
        (root / folder).mkdir(exist_ok=True)
    return root


def _run(cmd: list[str], root: Path, check: bool = True) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    res = subprocess.run(cmd, check=False, cwd=root, env=_env(root), capture_output=True, text=True)
    wall = time.perf_counter() - t
    if check and res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return wall, res


def matrix(root: Path, only: list[str] | None) -> list[dict]:
    cmd = [str(BIN / "indopac"), "runs", "--json", *_only(only)]
    _, res = _run(cmd, root)
    return json.loads(res.stdout)


# --- 1. the floor -------------------------------------------------------------------------


def floor(root: Path, samples: int) -> dict:
    from jupyter_client.manager import start_new_kernel

    starts, imports = [], []
    env = _env(root)
    for _ in range(samples):
        t = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(root))
        starts.append(time.perf_counter() - t)
        try:
            text: list[str] = []

            def hook(msg, text=text):
                if msg["msg_type"] == "stream":
                    text.append(msg["content"].get("text", ""))

            kc.execute_interactive(_IMPORTS, output_hook=hook, timeout=300)
            imports.append(float("".join(text).strip().splitlines()[-1]))
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("pass", id="only")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (root / "floor.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    trivial = []
    for _ in range(samples):
        wall, _ = _run([str(BIN / "papermill"), "floor.ipynb", "floor-out.ipynb", "--no-progress-bar",
                        "--log-level", "ERROR"], root)
        trivial.append(wall)
    med = statistics.median
    return {
        "kernel_start_s": {"median": med(starts), "all": starts},
        "imports_in_kernel_s": {"median": med(imports), "all": imports},
        "papermill_trivial_s": {"median": med(trivial), "all": trivial},
    }


# --- 2. full build vs a papermill loop -----------------------------------------------------------


def papermill_loop(root: Path, runs: list[dict]) -> float:
    out = root / "loop"
    shutil.rmtree(out, ignore_errors=True)
    (out / "reports").mkdir(parents=True)
    t = time.perf_counter()
    for r in runs:
        params = dict(r["parameters"], data_dir=str(root / "data"), figures_dir=str(out / "figures" / r["name"]),
                      reports_dir=str(out / "reports"))
        _run([str(BIN / "papermill"), r["notebook"], str(out / "reports" / f"{r['name']}.ipynb"),
              "-y", json.dumps(params), "--no-progress-bar", "--log-level", "ERROR"], root)
    return time.perf_counter() - t


def build_force(root: Path, only: list[str] | None, jobs: int | None = None) -> float:
    cmd = [str(BIN / "indopac"), "build", "--force", "--no-site", "-q", *_only(only)]
    if jobs:
        cmd += ["-j", str(jobs)]
    wall, _ = _run(cmd, root)
    return wall


def full_vs_loop(root: Path, runs: list[dict], only: list[str] | None, pairs: int) -> dict:
    build_t, loop_t = [], []
    for i in range(pairs):
        order = ("build", "loop") if i % 2 == 0 else ("loop", "build")
        for which in order:
            if which == "build":
                build_t.append(build_force(root, only))
            else:
                loop_t.append(papermill_loop(root, runs))
    med = statistics.median
    return {
        "runs": len(runs),
        "pairs": pairs,
        "jobs": os.cpu_count(),
        "build_force_s": {"median": med(build_t), "all": build_t},
        "papermill_loop_s": {"median": med(loop_t), "all": loop_t},
        "speedup": med(loop_t) / med(build_t),
        "speedup_per_pair": [b and lo / b for b, lo in zip(build_t, loop_t)],
    }


# --- 3 and 4. no-op and incremental -----------------------------------------------------------------


def _statuses(stdout: str) -> dict[str, str]:
    out = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] in ("ran", "cached", "failed"):
            out[parts[0]] = parts[1]
    return out


def _only(only: list[str] | None) -> list[str]:
    return [arg for pattern in only or [] for arg in ("--only", pattern)]


def noop(root: Path, samples: int, only: list[str] | None = None) -> dict:
    cmd = [str(BIN / "indopac"), "build", *_only(only)]
    _run(cmd, root)  # brings the site up to date after --no-site builds
    walls, statuses = [], {}
    for _ in range(samples):
        wall, res = _run(cmd, root)
        walls.append(wall)
        statuses = _statuses(res.stdout)
    return {
        "noop_build_s": {"median": statistics.median(walls), "all": walls},
        "all_cached": bool(statuses) and all(s == "cached" for s in statuses.values()),
        "runs": len(statuses),
    }


def _edit_markdown(path: Path) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source = cell.source.rstrip("\n") + "\n\n(benchmark edit)"
    nbformat.write(nb, path)


def incremental(root: Path, notebooks: list[str], only: list[str] | None = None) -> list[dict]:
    runs = matrix(root, only)
    results = []
    for nb in notebooks:
        expected = sorted(r["name"] for r in runs if Path(r["notebook"]).name == nb)
        if not expected:
            continue
        _edit_markdown(root / "notebooks" / nb)  # left edited: the scratch copy is thrown away
        wall, res = _run([str(BIN / "indopac"), "build", *_only(only)], root)
        st = _statuses(res.stdout)
        ran = sorted(n for n, s in st.items() if s == "ran")
        results.append({
            "notebook": nb,
            "build_s": wall,
            "ran": ran,
            "expected": expected,
            "only_its_runs": ran == expected and all(st[n] == "cached" for n in st if n not in expected),
        })
    return results


def measure(only: list[str] | None = None, pairs: int = 3, samples: int = 5,
            incremental_notebooks: tuple[str, ...] = ("02-trends.ipynb", "05-country-profile.ipynb"),
            log=lambda msg: print(msg, file=sys.stderr)) -> dict:
    root = make_project("project")
    runs = matrix(root, only)
    _, res = _run([sys.executable, "-c", "import indopac; print(indopac.__file__)"], root)
    if not res.stdout.strip().startswith(str(root)):
        raise RuntimeError(f"the scratch project imports indopac from {res.stdout.strip()}, not its own copy")
    log(f"  build: {len(runs)} runs; floor ...")
    out = {"floor": floor(root, samples)}
    log("  build: warm-up (one run) ...")
    _run([str(BIN / "indopac"), "build", "--no-site", "-q", "--only", runs[0]["name"]], root)
    log(f"  build: {pairs} alternating pairs of build --force / papermill loop ...")
    out["full"] = full_vs_loop(root, runs, only, pairs)
    log("  build: no-op ...")
    out["noop"] = noop(root, samples, only)
    log("  build: incremental ...")
    out["incremental"] = incremental(root, list(incremental_notebooks), only)
    out["selection"] = only
    shutil.rmtree(root / "loop", ignore_errors=True)
    return out


if __name__ == "__main__":
    json.dump(measure(only=sys.argv[1:] or None, pairs=1, samples=2), sys.stdout, indent=2)
