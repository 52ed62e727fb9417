"""Cold start: ``import indopac`` and ``indopac.load()`` on the shipped data, each in fresh processes.

Every sample is a new interpreter, so nothing is cached in memory (the OS file
cache is warm after the first sample, as it is for a user who runs a command
twice). Reported:

- ``python -c "import indopac"`` wall time (the interpreter's own start,
  ``python -c pass``, alongside, as the floor), and which heavy modules that
  import pulled in (it must pull in none of them);
- in a fresh process: the one-off import of the loader's dependencies (pandas,
  pandera), the first ``indopac.load()`` after them, and later warm calls;
- which heavy modules the analysis path imports (plotting and papermill must
  wait until a figure or a build needs them).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("pandas", "numpy", "pandera", "matplotlib", "seaborn", "networkx", "papermill", "nbformat", "yaml")

_LOAD_PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
import indopac.data   # pandas + pandera: the one-off import cost
t1, c1 = time.perf_counter(), time.process_time()
indopac.load()
t2, c2 = time.perf_counter(), time.process_time()
warm, warm_cpu = [], []
for _ in range(WARM):
    t, c = time.perf_counter(), time.process_time()
    indopac.load()
    warm.append(time.perf_counter() - t); warm_cpu.append(time.process_time() - c)
print(json.dumps({"import_s": t1 - t0, "first_load_s": t2 - t1, "first_load_cpu_s": c2 - c1,
                  "warm_s": warm, "warm_cpu_s": warm_cpu}))
"""

_MODULES_PROBE = r"""
import json, sys
import indopac
after_import = sorted(m for m in HEAVY if m in sys.modules)
indopac.load(); import indopac.analysis
after_analysis = sorted(m for m in HEAVY if m in sys.modules)
print(json.dumps({"import indopac": after_import, "load + analysis": after_analysis}))
"""


def _wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def measure(python: Path, samples: int = 11, warm: int = 10) -> dict:
    py = str(python)
    _wall([py, "-c", "import indopac"])  # warm the file cache and __pycache__
    floor, imp = [], []
    for _ in range(samples):  # interleaved, so a busy moment hits both alike
        floor.append(_wall([py, "-c", "pass"]))
        imp.append(_wall([py, "-c", "import indopac"]))
    loads = []
    for _ in range(max(3, samples // 2)):
        res = subprocess.run([py, "-c", _LOAD_PROBE.replace("WARM", str(warm))], check=True,
                             capture_output=True, text=True)
        loads.append(json.loads(res.stdout))
    mods = subprocess.run([py, "-c", _MODULES_PROBE.replace("HEAVY", repr(HEAVY))], check=True,
                          capture_output=True, text=True)
    med = statistics.median
    return {
        "samples": samples,
        "python_pass_s": {"median": med(floor), "all": floor},
        "import_indopac_s": {"median": med(imp), "all": imp},
        "loader_import_s": {"median": med(r["import_s"] for r in loads), "all": [r["import_s"] for r in loads]},
        "first_load_s": {"median": med(r["first_load_s"] for r in loads),
                         "all": [r["first_load_s"] for r in loads]},
        "first_load_cpu_s": {"median": med(r["first_load_cpu_s"] for r in loads)},
        "warm_load_s": {"median": med(w for r in loads for w in r["warm_s"])},
        "warm_load_cpu_s": {"median": med(w for r in loads for w in r["warm_cpu_s"])},
        "heavy_modules": json.loads(mods.stdout),
    }


if __name__ == "__main__":
    json.dump(measure(Path(sys.executable)), sys.stdout, indent=2)
