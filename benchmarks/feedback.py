"""How fast a contributor gets feedback (issue 15): cell time, saving a figure, the build's overhead, churn, tests.

    .venv/bin/python benchmarks/feedback.py                    # every part (~30 min on 2 cores)
    .venv/bin/python benchmarks/feedback.py --only cells,churn # some parts

Writes ``results/feedback.json`` (merged part by part: raw samples, wall and CPU times, the
commits measured, the load average). ``benchmarks/README.md`` quotes it. Parts:

- ``cells``: CPU time of every code cell of a run, executed in-process in an IPython shell
  with the inline backend (as a kernel runs it), cold (imports in the cells) and warm (after
  :data:`indopac.build.kernels.WARM_CODE`, as ``indopac build`` runs it). Runs: trends,
  recommendations-LTU, country-profile-FRA.
  With them, the CPU time of each :func:`indopac.figures.steps.save_figure` call (PNG + SVG),
  figure by figure.
- ``build``: ``indopac build --force --no-site`` against a sequential loop of ``papermill``
  CLI calls over the same 32 runs, alternating, and each run's overhead (its time in the
  worker beyond its own cells, from ``.indopac-build/timings.json``).
- ``churn``: the files under ``figures/`` and ``reports/`` that one added row (a copy of a
  Polish row with a new id) changes, at the commit before this work and now. The committed
  outputs of each commit are the baseline, so one build per commit suffices.
- ``tests``: the test suite of commit 20401de (as its README ran it: ``pytest``) and today's
  (``make test``'s command, and ``make test-fast``'s), in fresh clones, alternating over
  ``--pairs`` pairs (ABBA): this machine's speed drifts by a fifth over minutes, so the ratio
  is the median of the pairs' ratios.
- The churn baseline (the commit before this work) is measured once and kept: it needs
  packages the environment no longer has.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "feedback.json"
SCRATCH = HERE / ".scratch"
BIN = Path(sys.executable).parent
PARTS = ("cells", "build", "churn", "tests")
RUNS = {  # run name -> (notebook, parameters)
    "trends": ("02-trends.ipynb", {}),
    "recommendations-LTU": ("06-recommendations.ipynb", {"focus": "LTU"}),
    "country-profile-FRA": ("05-country-profile.ipynb", {"focus": "FRA"}),
}
#: the state before this work (the churn baseline) and the test suite the issue measured
BEFORE = "2369124"
TESTS_BEFORE = "20401de"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


# --- cells and save: one run in-process ---------------------------------------------------------


def _cells_worker(run: str, warm: bool) -> dict:
    """In a fresh process: execute ``run``'s code cells in an IPython shell; CPU per cell and per save."""
    notebook, params = RUNS[run]
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    import matplotlib

    backend = "module://matplotlib_inline.backend_inline"
    matplotlib.use(backend)
    from matplotlib_inline.backend_inline import configure_inline_support

    configure_inline_support(shell, backend)
    shell.display_pub.publish = lambda data, metadata=None, **kw: None  # rendered, not printed
    warm_cpu = 0.0
    if warm:
        from indopac.build.kernels import WARM_CODE

        c = time.process_time()
        shell.run_cell(WARM_CODE, silent=True, store_history=False)
        warm_cpu = time.process_time() - c
    saves: list[dict] = []
    timed_save = None

    def time_saves() -> None:
        """Once the run has imported the figures (cold: in its setup cell), time every save."""
        nonlocal timed_save
        if timed_save is None and "indopac.figures.steps" in sys.modules:
            from indopac import figures
            from indopac.figures import steps

            real = steps.save_figure

            def timed_save(fig, name, figures_dir=None, *, data=None):
                c, w = time.process_time(), time.perf_counter()
                out = real(fig, name, figures_dir, data=data)
                saves.append({"figure": name, "cpu_s": time.process_time() - c, "wall_s": time.perf_counter() - w})
                return out

            steps.save_figure = figures.save_figure = timed_save
        if timed_save is not None and "save_figure" in shell.user_ns:
            shell.user_ns["save_figure"] = timed_save  # a notebook that imported it by name

    nb = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    out = Path(tempfile.mkdtemp())
    params = dict(params, figures_dir=str(out / "figures"), reports_dir=str(out / "reports"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        if "parameters" in cell["metadata"].get("tags", []):
            src += "\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
        time_saves()
        c, w = time.process_time(), time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            result = shell.run_cell(src)
        time_saves()
        cells.append({"cell": src.splitlines()[0][:60], "cpu_s": time.process_time() - c,
                      "wall_s": time.perf_counter() - w})
        if not result.success:
            raise RuntimeError(f"{run}: cell failed: {src[:80]}")
    shutil.rmtree(out, ignore_errors=True)
    return {"run": run, "warm": warm, "warm_up_cpu_s": warm_cpu, "cells_cpu_s": sum(c["cpu_s"] for c in cells),
            "cells": cells, "saves": saves}


def cells_and_saves(samples: int) -> dict:
    out: dict = {"runs": {}}
    for run in RUNS:
        per = {}
        for warm in (False, True):
            res = []
            for _ in range(samples):
                proc = subprocess.run([sys.executable, __file__, "--worker", run, "warm" if warm else "cold"],
                                      capture_output=True, text=True, check=True, cwd=ROOT)
                res.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            best = min(res, key=lambda r: r["cells_cpu_s"])
            per["warm" if warm else "cold"] = {
                "cells_cpu_s": {"median": statistics.median(r["cells_cpu_s"] for r in res),
                                "all": [r["cells_cpu_s"] for r in res]},
                "warm_up_cpu_s": statistics.median(r["warm_up_cpu_s"] for r in res),
                "cells": best["cells"],
                "saves": [{"figure": s["figure"],
                           "cpu_s": statistics.median(r["saves"][i]["cpu_s"] for r in res)}
                          for i, s in enumerate(best["saves"])],
            }
        out["runs"][run] = per
    return out


# --- build: build --force vs the papermill loop, and the per-run overhead -------------------------


def build_part(pairs: int) -> dict:
    sys.path.insert(0, str(HERE))
    import buildbench

    root = buildbench.make_project("feedback-build")
    runs = buildbench.matrix(root, None)
    buildbench._run([str(BIN / "indopac"), "build", "--no-site", "-q", "--only", runs[0]["name"]], root)
    builds, loops, overheads = [], [], []
    for i in range(pairs):
        for which in (("build", "loop") if i % 2 == 0 else ("loop", "build")):
            log(f"  build: pair {i + 1}: {which} ...")
            if which == "build":
                wall = buildbench.build_force(root, None)
                timings = json.loads((root / ".indopac-build" / "timings.json").read_text())
                per = timings["runs"].values()
                cells = sum(r["cell_seconds"] for r in per)
                builds.append(wall)
                overheads.append({
                    "wall_s": wall, "jobs": timings["jobs"], "cells_s": cells,
                    "per_run_overhead_s": {"median": statistics.median(r["overhead"] for r in per),
                                           "mean": statistics.fmean(r["overhead"] for r in per),
                                           "max": max(r["overhead"] for r in per),
                                           "all": {n: r["overhead"] for n, r in timings["runs"].items()}},
                    "kernel_wait_s": {"median": statistics.median(r["kernel_wait"] for r in per),
                                      "max": max(r["kernel_wait"] for r in per)},
                    # everything the build spends beyond cells, spread over its runs: wall x workers - cells
                    "aggregate_overhead_per_run_s": (wall * timings["jobs"] - cells) / len(timings["runs"]),
                })
            else:
                loops.append(buildbench.papermill_loop(root, runs))
    shutil.rmtree(root / "loop", ignore_errors=True)
    return {"runs": len(runs), "build_force_s": builds, "papermill_loop_s": loops,
            "speedup": statistics.median(loops) / statistics.median(builds),
            "speedup_per_pair": [lo / b for b, lo in zip(builds, loops)], "builds": overheads}


# --- churn: files one added row rewrites -----------------------------------------------------------


def _digests(root: Path) -> dict[str, str]:
    out = {}
    for folder in ("figures", "reports"):
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and not rel.startswith(("reports/html/", "reports/failed/")):
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _add_polish_row(data: Path) -> str:
    import csv

    path = data / "initiatives.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    party_cols = [c for c in header if c.endswith("_parties")]

    def codes(row: dict) -> set[str]:
        return {code for c in party_cols for code in (row[c] or "").split(";")}

    # a Polish row without Belgium: no figure of Belgium's initiatives has a reason to change
    polish = next(r for r in rows if "POL" in codes(r) and "BEL" not in codes(r))
    id_column = header[0]
    new = dict(polish, **{id_column: polish[id_column] + "-copy", "title": polish["title"] + " (a second one)"})
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=header, lineterminator="\n").writerow(new)
    path.write_text(text.rstrip("\n") + "\n" + buffer.getvalue(), encoding="utf-8")
    return new[id_column]


def churn_at(commit: str, label: str) -> dict:
    sys.path.insert(0, str(HERE))
    import buildbench

    root = buildbench.make_project(f"churn-{label}", commit)
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "figures", "reports", "notebooks/runs.yaml"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    before = _digests(root)
    row = _add_polish_row(root / "data")
    wall, _ = buildbench._run([str(BIN / "indopac"), "build", "--no-site", "-q"], root)
    after = _digests(root)
    changed = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])
    added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
    # what the change adds to the repository: git stores each new version of a file as a
    # zlib-compressed blob (packing may delta it further, so this is an upper bound)
    new_versions = [root / p for p in changed + added]
    raw = sum(p.stat().st_size for p in new_versions)
    packed = sum(len(zlib.compress(p.read_bytes(), 6)) for p in new_versions)
    figures_changed = [p for p in changed if p.startswith("figures/")]
    belgium = [p for p in figures_changed if "-BEL/" in p]
    return {"commit": git("rev-parse", "--short", commit), "row_added": row, "build_s": wall,
            "files": len(before), "changed": len(changed), "added": len(added), "removed": len(removed),
            "figures_changed": len(figures_changed), "figure_files": sum(p.startswith("figures/") for p in before),
            "reports_changed": len(changed) - len(figures_changed), "belgium_figures_changed": belgium,
            "new_bytes": raw, "new_bytes_zlib": packed,
            "outputs_bytes": sum((root / p).stat().st_size for p in after),
            "changed_files": changed}


# --- tests: 20401de's suite against today's, side by side ---------------------------------------------


def _clone(commit: str, label: str) -> Path:
    base = SCRATCH / f"tests-{label}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(base / "main")], check=True)
    subprocess.run(["git", "checkout", "-q", commit], cwd=base / "main", check=True)
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (base / "shared").symlink_to(shared)
    # the CLI test runs papermill from the project's .venv, as the README says
    (base / "main" / ".venv").symlink_to(ROOT / ".venv")
    return base / "main"


def _pytest(root: Path, args: list[str]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(root / "src"), INDOPAC_ROOT=str(root))
    env.pop("INDOPAC_REQUIRE_BROWSER", None)
    t, c0 = time.perf_counter(), os.times()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=root,
                          env=env, capture_output=True, text=True, check=False)  # a failure is a result
    c1 = os.times()
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-300:]
    return {"args": args, "wall_s": time.perf_counter() - t, "exit": proc.returncode, "summary": summary,
            "children_cpu_s": (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)}


def _make_args(root: Path, target: str) -> list[str]:
    """The pytest arguments of ``make <target>`` in that clone's Makefile (``-m "not slow"`` unquoted)."""
    import shlex

    current = None
    for line in (root / "Makefile").read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#") and ":" in line:
            current = line.split(":", 1)[0].strip()
        elif current == target and "-m pytest" in line:
            return shlex.split(line.split("-m pytest", 1)[1])
    raise RuntimeError(f"no pytest command under 'make {target}' in {root / 'Makefile'}")


def tests_part(pairs: int) -> dict:
    """20401de's suite and today's, alternating (ABBA...) so that a slow spell of the machine
    weighs on both; today's ``make test-fast`` before each of today's full runs."""
    before, now = _clone(TESTS_BEFORE, "before"), _clone("HEAD", "now")
    out = {"before_commit": TESTS_BEFORE, "now_commit": git("rev-parse", "--short", "HEAD"),
           "before_full": [], "now_full": [], "now_fast": []}
    for i in range(pairs):
        for which in (("before", "now") if i % 2 == 0 else ("now", "before")):
            if which == "before":
                log(f"  tests: pair {i + 1}: {TESTS_BEFORE}'s suite (pytest) ...")
                out["before_full"].append(_pytest(before, []))
            else:
                log(f"  tests: pair {i + 1}: today's make test-fast, then make test ...")
                out["now_fast"].append(_pytest(now, _make_args(now, "test-fast")))
                out["now_full"].append(_pytest(now, _make_args(now, "test")))
    out["ratio"] = statistics.median(n["wall_s"] / b["wall_s"] for n, b in zip(out["now_full"], out["before_full"]))
    return out


# --- main ---------------------------------------------------------------------------------------------


def speed_index() -> float:
    """Seconds for a fixed piece of pure-Python work (best of 3): how fast one core is just now.

    The machine's speed drifts by up to 1.7x over minutes with no load of its own to show for
    it, so the absolute times (a run's cells, a save, make test-fast) are quoted with this index
    taken before and after their part. It is a hint only: it has read the same while the two-core
    test suite ran a fifth slower. A ratio measured side by side does not need it.
    """
    def once() -> float:
        t = time.process_time()
        total = 0
        for i in range(8_000_000):
            total += i % 7
        return time.process_time() - t

    return round(min(once() for _ in range(3)), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts of {', '.join(PARTS)}")
    parser.add_argument("--pairs", type=int, default=1,
                        help="build/loop pairs, and before/now test-suite pairs (default 1)")
    parser.add_argument("--samples", type=int, default=3, help="samples per cells/save measurement (default 3)")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(_cells_worker(args.worker[0], args.worker[1] == "warm")))
        return
    parts = [p for p in args.only.split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"--only: {', '.join(sorted(unknown))} not valid; valid: {', '.join(PARTS)}")
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results["commit"] = git("rev-parse", "--short", "HEAD")
    for part in parts:
        log(f"--- {part}")
        load, speed = list(os.getloadavg()), speed_index()
        t = time.perf_counter()
        if part == "cells":
            results["cells"] = cells_and_saves(args.samples)
        elif part == "build":
            results["build"] = build_part(args.pairs)
        elif part == "churn":
            # the baseline is a fixed commit: measured once, kept (it needs packages since dropped, inflect)
            before = results.get("churn", {}).get("before") or churn_at(BEFORE, "before")
            results["churn"] = {"before": before, "now": churn_at("HEAD", "now")}
        elif part == "tests":
            results["tests"] = tests_part(args.pairs)
        results.setdefault("load_average", {})[part] = load
        results.setdefault("speed_index_s", {})[part] = [speed, speed_index()]  # before and after the part
        results.setdefault("measured_at", {})[part] = git("rev-parse", "--short", "HEAD")
        log(f"    {time.perf_counter() - t:.0f} s")
        results["measured"] = time.strftime("%Y-%m-%d")
        RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    write_readme(results)


# --- the README section --------------------------------------------------------------------------------


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.0f} s"


def render(results: dict) -> str:
    """The Markdown of README.md's feedback section, from ``results/feedback.json``."""
    lines = ["| target (issue 15) | measured | met? |", "|---|---|---|"]

    def row(what: str, value: str, ok: bool | None) -> None:
        lines.append(f"| {what} | {value} | {'yes' if ok else '**no**' if ok is not None else '–'} |")

    build = results.get("build")
    if build:
        b, lo = statistics.median(build["build_force_s"]), statistics.median(build["papermill_loop_s"])
        row(f"`indopac build --force` ≥ 3× faster than a sequential papermill loop ({build['runs']} runs, 2 cores)",
            f"{_fmt(b)} vs {_fmt(lo)}: {build['speedup']:.2f}×", build["speedup"] >= 3)
        per = [x["per_run_overhead_s"] for x in build["builds"]]
        med = statistics.median(p["median"] for p in per)
        mean = statistics.median(p["mean"] for p in per)
        agg = statistics.median(x["aggregate_overhead_per_run_s"] for x in build["builds"])
        row("per-run overhead (a run's time in its worker beyond its own cells) < 0.5 s",
            f"median {med:.2f} s, mean {mean:.2f} s; whole build: {agg:.2f} s per run (wall × 2 − cells) / runs",
            med < 0.5)
    cells = results.get("cells", {}).get("runs", {})
    if "trends" in cells:
        t = cells["trends"]
        row("the trends run: ≤ 5 s of CPU", f"{t['cold']['cells_cpu_s']['median']:.2f} s in a fresh kernel "
            f"(its imports included), {t['warm']['cells_cpu_s']['median']:.2f} s with them loaded (as the build runs it)",
            t["cold"]["cells_cpu_s"]["median"] <= 5)
        saves = [s["cpu_s"] for r in cells.values() for s in r["warm"]["saves"]]
        if saves:
            over = sum(s > 0.3 for s in saves)
            row("saving one figure (PNG + SVG) ≤ 0.3 s of CPU",
                f"median {statistics.median(saves):.2f} s, max {max(saves):.2f} s over {len(saves)} figures of 3 runs; "
                f"{over} over 0.3 s", max(saves) <= 0.3)
    tests = results.get("tests")
    if tests:
        def runs(key: str) -> list[dict]:
            return tests[key] if isinstance(tests[key], list) else [tests[key]]  # one run, before --pairs

        def walls(key: str) -> str:
            return ", ".join(_fmt(r["wall_s"]) for r in runs(key))

        now_full, before_full, fast = runs("now_full"), runs("before_full"), runs("now_fast")
        row(f"`make test` ≤ 40% of {tests['before_commit']}'s suite, side by side",
            f"{tests['ratio']:.0%}, the median of {len(now_full)} alternating pairs: {walls('now_full')} vs "
            f"{walls('before_full')} ({now_full[-1]['summary'].strip('= ')}; then: "
            f"{before_full[-1]['summary'].strip('= ')})", tests["ratio"] <= 0.4)
        fast_median = statistics.median(r["wall_s"] for r in fast)
        row("`make test-fast` ≤ 30 s", f"median {_fmt(fast_median)} of {walls('now_fast')} "
            f"({fast[-1]['summary'].strip('= ')})", fast_median <= 30)
    churn = results.get("churn")
    if churn:
        before, now = churn["before"], churn["now"]
        row("files rewritten by one added row (a Polish row, no Belgium)",
            f"{now['changed'] + now['added']} of {now['files']} now ({now['figures_changed']} of "
            f"{now['figure_files']} figure files), against {before['changed'] + before['added']} of {before['files']} "
            f"at `{before['commit']}`", now["changed"] < before["changed"])
        row("a figure of Belgium's initiatives is not rewritten",
            ", ".join(p.split("/")[-1] for p in now["belgium_figures_changed"]) or "none rewritten",
            not any(p.endswith(("timeline.png", "partners.png")) for p in now["belgium_figures_changed"]))
        row("repository growth of that edit (new file versions, zlib as git stores them)",
            f"{now['new_bytes_zlib'] / 1e6:.1f} MB now against {before['new_bytes_zlib'] / 1e6:.1f} MB at "
            f"`{before['commit']}`", None)
    at = results.get("measured_at", {})
    commit = results.get("commit", "")
    older = [f"{part} at `{c}`" for part, c in at.items() if c != commit]
    head = [f"Measured {results.get('measured', '')} at commit `{commit}`"
            + (f" ({', '.join(older)})" if older else "")
            + " (load average before each part: " + ", ".join(f"{k} {v[0]:.1f}" for k, v in
                                                              results.get("load_average", {}).items()) + ")."]
    speed = results.get("speed_index_s", {})
    if speed:
        head.append("A fixed piece of single-threaded work (`speed_index()`) took "
                    + ", ".join(f"{_fmt(a)} → {_fmt(b)} over {k}" for k, (a, b) in speed.items())
                    + ": a hint of one core's speed at the time, not of every slow spell (see below).")
    head.append("")
    return "\n".join(head + lines)


def write_readme(results: dict) -> None:
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- feedback:start -->", "<!-- feedback:end -->"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        readme.write_text(f"{before}{start}\n{render(results)}\n{end}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
