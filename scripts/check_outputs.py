"""Check that rebuilt executed notebooks differ from the committed ones only in code-cell sources.

Usage: python check_outputs.py [REV]   (REV defaults to HEAD). Exit 1 on any other difference.
"""
import json
import subprocess
import sys
from pathlib import Path

rev = sys.argv[1] if len(sys.argv) > 1 else "HEAD"
bad = 0
for path in sorted(Path("reports").glob("*.ipynb")):
    old = json.loads(subprocess.run(["git", "show", f"{rev}:{path}"], capture_output=True, check=True).stdout)
    new = json.loads(path.read_text(encoding="utf-8"))
    def strip(nb):
        nb = dict(nb)
        nb["cells"] = [{k: v for k, v in c.items() if not (k == "source" and c["cell_type"] == "code")} for c in nb["cells"]]
        return nb
    if strip(old) != strip(new):
        bad += 1
        for i, (a, b) in enumerate(zip(strip(old)["cells"], strip(new)["cells"])):
            if a != b:
                print(f"{path}: cell {i} differs beyond its source")
        if len(old["cells"]) != len(new["cells"]) or old["metadata"] != new["metadata"]:
            print(f"{path}: cell count or metadata differs")
print(f"{bad} notebook(s) differ beyond code-cell sources")
sys.exit(1 if bad else 0)
