"""Time the library on one data folder, in a fresh process; print the results as JSON.

``benchmarks/run.py`` starts this once per (size, part) so that each peak memory
figure belongs to one part alone:

- ``load``: ``indopac.load`` (reading + validation + typing + long views);
- ``analysis``: every public function of ``indopac.analysis``;
- ``network``: ``partner_network`` and ``centrality`` (and the other public,
  non-drawing functions of ``indopac.network``);
- ``recommend``: ``indopac.recommend.recommend`` (and ``sensitivity``).

For every function: wall and CPU seconds of each call (the input a call needs,
such as the graph for ``centrality``, is prepared outside the timing), and the
peak resident memory of the process (``ru_maxrss``) after the part and after
importing only (the baseline). Functions this script does not know how to call
are listed under ``skipped`` with the reason, never silently left out.

Usage: ``python benchmarks/scale.py DATA_DIR PART [--repeat N] [--skip NAME ...]``
"""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import json
import resource
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

#: a call that takes longer than this is not repeated (at 1M rows, once is enough)
REPEAT_BUDGET_S = 5.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed(fn: Callable[[], Any], repeat: int) -> tuple[dict[str, Any], Any]:
    walls, cpus, result = [], [], None
    for i in range(repeat):
        result = None
        gc.collect()
        c, t = time.process_time(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        if walls[-1] > REPEAT_BUDGET_S:
            break
    return {"wall": walls, "cpu": cpus}, result


# --- how to call each public function ------------------------------------------------------

COUNTRY = "FRA"  # the most active European state after GBR, in the shipped and synthetic data


def _public_functions(module) -> list[tuple[str, Callable]]:
    return [
        (name, fn)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not name.startswith("_")
    ]


def _arguments(name: str, fn: Callable, ds, env: dict[str, Any]) -> dict[str, Any] | str:
    """Keyword arguments for a call of ``fn``, or the reason it cannot be called here."""
    if name in env.get("recipes", {}):
        return env["recipes"][name]()
    kwargs: dict[str, Any] = {}
    for p in inspect.signature(fn).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty:
            continue
        if p.name in ("ds", "dataset", "full"):
            kwargs[p.name] = ds
        elif p.name in ("G", "graph") and "graph" in env:
            kwargs[p.name] = env["graph"]
        elif p.name in ("rec", "recommendation") and "rec" in env:
            kwargs[p.name] = env["rec"]
        elif p.name in ("country", "focus", "party", "actor"):
            kwargs[p.name] = COUNTRY
        elif p.name == "years":
            kwargs[p.name] = None
        else:
            return f"required parameter {p.name!r} has no benchmark value"
    return kwargs


def calls(module, ds, env: dict[str, Any], only: set[str] | None = None,
          exclude_prefixes: tuple[str, ...] = ()) -> tuple[dict[str, Callable[[], Any]], dict[str, str]]:
    """A no-argument callable per public function of ``module``, and the functions it cannot call."""
    thunks, skipped = {}, {}
    for name, fn in _public_functions(module):
        if (only is not None and name not in only) or name.startswith(exclude_prefixes):
            continue
        args = _arguments(name, fn, ds, env)
        if isinstance(args, str):
            skipped[name] = args
        else:
            thunks[name] = lambda fn=fn, args=args: fn(**args)
    return thunks, skipped


def part_calls(part: str, ds) -> tuple[dict[str, Callable[[], Any]], dict[str, str]]:
    mod = importlib.import_module(MODULES[part])
    if part == "analysis":
        a = mod
        env = {
            "recipes": {
                "matrix": lambda: {"long": a.domain_by_party(ds), "index": "actor", "columns": "domain"},
                "overtake_year": lambda: {
                    "counts": a.counts_by_year(ds, by="foip"),
                    "leader": a.FOIP_LABELS[0],
                    "other": a.FOIP_LABELS[1],
                },
                "domain_by": lambda: {"ds": ds, "column": "framework"},
                "counts_by": lambda: {"ds": ds, "column": "framework"},
            }
        }
        return calls(mod, ds, env)
    if part == "network":
        t1, s1 = calls(mod, ds, {}, {"partner_network"})
        t2, s2 = calls(mod, ds, {"graph": mod.partner_network(ds)}, None,
                       exclude_prefixes=("partner_network", "draw_", "plot_", "figure_"))
        return {**t1, **t2}, {**s1, **s2}
    t1, s1 = calls(mod, ds, {}, {"recommend"})
    t2, s2 = calls(mod, ds, {"rec": mod.recommend(ds)}, {"sensitivity"})
    return {**t1, **t2}, {**s1, **s2}


MODULES = {"analysis": "indopac.analysis", "network": "indopac.analysis.network", "recommend": "indopac.analysis.recommend"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    ap.add_argument("part", choices=["load", "analysis", "network", "recommend"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip", nargs="*", default=[], help="functions not to run (listed as skipped)")
    ap.add_argument("--profile", metavar="NAME", help="run NAME once under pyinstrument; print the profile")
    args = ap.parse_args(argv)

    import indopac
    import indopac.data

    if args.part != "load":
        importlib.import_module(MODULES[args.part])
        # Some functions import indopac.plots (matplotlib) on first call for labels; import it
        # here so a one-off import is not timed as the function (coldstart measures imports).
        importlib.import_module("indopac.plots")
    out: dict[str, Any] = {"part": args.part, "baseline_rss_mb": peak_rss_mb(), "timings": {}, "skipped": {}}

    if args.part == "load":
        thunks = {"load": lambda: indopac.load(args.data_dir)}
        if args.profile:
            return profile(thunks[args.profile])
        out["timings"]["load"], ds = timed(thunks["load"], 1)
        out["peak_rss_mb"] = peak_rss_mb()  # one load: the repeats below must not hold two datasets
        out["rows"] = len(ds)
        del ds
        if args.repeat > 1 and out["timings"]["load"]["wall"][0] <= REPEAT_BUDGET_S:
            more, _ = timed(thunks["load"], args.repeat - 1)
            for k in more:
                out["timings"]["load"][k] += more[k]
    else:
        ds = indopac.load(args.data_dir)
        out["rows"] = len(ds)
        out["after_load_rss_mb"] = peak_rss_mb()
        thunks, skipped = part_calls(args.part, ds)
        if args.profile:
            return profile(thunks[args.profile])
        for name, thunk in thunks.items():
            if name in args.skip:
                skipped[name] = "not run: slower than 5 s at 100k"
                continue
            try:
                out["timings"][name], _ = timed(thunk, args.repeat)
            except Exception as err:  # noqa: BLE001 (a benchmark reports a failure, it does not hide it)
                skipped[name] = f"raised {type(err).__name__}: {err}".splitlines()[0][:300]
                traceback.print_exc(file=sys.stderr)
        out["skipped"] = skipped
        out["peak_rss_mb"] = peak_rss_mb()
    json.dump(out, sys.stdout)
    return 0


def profile(thunk: Callable[[], Any]) -> int:
    from pyinstrument import Profiler

    prof = Profiler(interval=0.001)
    prof.start()
    thunk()
    prof.stop()
    print(prof.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
