"""Write synthetic indopac datasets of any size, shaped like the shipped data.

The benchmarks need datasets of 1k to 1M initiatives that ``indopac.load``
accepts and that look like the real one to the code under test. Each synthetic
initiative is drawn like this:

- a *template* row is picked at random from the shipped ``initiatives.csv``;
  it fixes the joint shape: kind, framework, level, status, year_basis,
  recurring, source_section, how many parties are on each side, how many
  domains, whether a month and an end year are given, and whether the row
  is dated at all (so the undated share matches: 25 of 73);
- the start year is the template's year shifted by a few years at random
  (kept within 1945..the source's year), so the spread follows the data;
- the parties of each side are drawn without replacement, weighted by how
  often each actor takes part in the shipped data (states that never appear
  get a small weight, so the network has the breadth of a growing dataset);
  domains likewise.

Titles and ids carry the row number, so no two rows are duplicates. The
actors, domains and sources tables and ``datapackage.json`` are copied from
the shipped data unchanged, so the vocabularies are the real ones.

Usage::

    .venv/bin/python benchmarks/synthetic.py --rows 10000 --out /tmp/indopac-10k
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from indopac.data import SIDE_COLUMNS, load
from indopac.layout import DATA_DIR

COPIED = ("actors.csv", "domains.csv", "sources.csv", "datapackage.json")
CHUNK = 100_000
#: how far (in years, either way) a synthetic start year may stray from its template's
YEAR_JITTER = 3
#: weight of a state (or domain) that the shipped data never uses, relative to one use
UNSEEN_WEIGHT = 0.5


def _weights(codes: list[str], counts: pd.Series, eligible: set[str]) -> np.ndarray:
    w = np.array([float(counts.get(c, 0)) or (UNSEEN_WEIGHT if c in eligible else 0.0) for c in codes])
    return w / w.sum()


def _draw(rng: np.random.Generator, codes: list[str], weights: np.ndarray, sizes: np.ndarray) -> list[str]:
    """For each row, ``sizes[i]`` distinct codes drawn by weight, joined with ';' (in code order)."""
    n, k = len(sizes), len(codes)
    if sizes.max(initial=0) > (weights > 0).sum():
        raise ValueError(f"cannot draw {sizes.max()} distinct codes from {(weights > 0).sum()}")
    # Gumbel top-k: the k largest of log(w) + Gumbel noise are a weighted draw without replacement.
    with np.errstate(divide="ignore"):
        keys = np.log(weights)[None, :] + rng.gumbel(size=(n, k))
    order = np.argsort(-keys, axis=1)
    taken = np.zeros((n, k), dtype=bool)
    rows = np.repeat(np.arange(n), sizes)
    ranks = np.concatenate([np.arange(s) for s in sizes]) if n else np.array([], dtype=int)
    taken[rows, order[rows, ranks]] = True
    arr = np.array(codes, dtype=object)
    return [";".join(arr[r]) for r in taken]


class Generator:
    """Draws synthetic initiatives shaped like the ones in ``source_dir``."""

    def __init__(self, source_dir: Path | str | None = None, seed: int = 0):
        self.source_dir = Path(source_dir or DATA_DIR)
        self.ds = load(self.source_dir)
        self.rng = np.random.default_rng(seed)
        ini = self.ds.initiatives
        self.template = pd.DataFrame(
            {
                "kind": ini["kind"].astype(str),
                "year": ini["year"],
                "month": ini["month"],
                "year_basis": ini["year_basis"].astype(str),
                "recurring": ini["recurring"],
                "end_offset": ini["end_year"] - ini["year"],
                "status": ini["status"].astype(str),
                "level": ini["level"].astype(str),
                "framework": ini["framework"].astype(str),
                "source_id": ini["source_id"],
                "source_section": ini["source_section"].astype(str),
                "n_domains": ini["domains"].map(len),
                **{f"n_{side}": ini[col].map(len) for side, (col, _r) in SIDE_COLUMNS.items()},
            }
        ).reset_index(drop=True)
        actors = self.ds.actors
        used = self.ds.initiative_parties["actor"].astype(str).value_counts()
        self.side_codes: dict[str, tuple[list[str], np.ndarray]] = {}
        for side, (_col, region) in SIDE_COLUMNS.items():
            mine = actors[actors["region"] == region]
            codes = mine["code"].tolist()
            states = set(mine.loc[mine["kind"] == "state", "code"])
            self.side_codes[side] = (codes, _weights(codes, used, states))
        dom_codes = self.ds.domains["code"].tolist()
        dom_used = self.ds.initiative_domains["domain"].astype(str).value_counts()
        self.domains = (dom_codes, _weights(dom_codes, dom_used, set(dom_codes)))
        src_year = dict(zip(self.ds.sources["source_id"], self.ds.sources["year"]))
        self.latest = self.template["source_id"].map(src_year).astype("Int64")

    def rows(self, start: int, n: int) -> pd.DataFrame:
        """Synthetic rows numbered ``start`` .. ``start + n - 1``, as the text of initiatives.csv."""
        rng = self.rng
        pick = rng.integers(0, len(self.template), size=n)
        t = self.template.iloc[pick].reset_index(drop=True)
        latest = self.latest.iloc[pick].reset_index(drop=True).to_numpy(dtype=float)
        number = np.arange(start, start + n)

        dated = t["year"].notna().to_numpy()
        year = t["year"].to_numpy(dtype=float, na_value=np.nan) + rng.integers(-YEAR_JITTER, YEAR_JITTER + 1, size=n)
        year = np.clip(year, 1945, latest)
        end = np.clip(year + t["end_offset"].to_numpy(dtype=float, na_value=np.nan), year, latest)

        def text(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
            out = np.full(n, "", dtype=object)
            out[keep] = values[keep].astype(int).astype(str)
            return out

        out = {
            "initiative_id": [f"syn-{i:07d}" for i in number],
            "title": [f"Synthetic {k.replace('_', ' ')} {i}" for k, i in zip(t["kind"], number)],
            "kind": t["kind"],
            "year": text(year, dated),
            "month": text(t["month"].to_numpy(dtype=float, na_value=np.nan), dated & t["month"].notna().to_numpy()),
            "year_basis": t["year_basis"],
            "recurring": np.where(t["recurring"].to_numpy(), "true", "false"),
            "end_year": text(end, dated & t["end_offset"].notna().to_numpy()),
            "status": t["status"],
            "level": t["level"],
            "framework": t["framework"],
        }
        for side, (col, _region) in SIDE_COLUMNS.items():
            codes, weights = self.side_codes[side]
            out[col] = _draw(rng, codes, weights, t[f"n_{side}"].to_numpy())
        out["domains"] = _draw(rng, *self.domains, t["n_domains"].to_numpy())
        out["source_id"] = t["source_id"]
        out["source_section"] = t["source_section"]
        out["notes"] = [f"Synthetic initiative {i}, generated for benchmarks; not a real event." for i in number]
        return pd.DataFrame(out)


def generate(rows: int, out_dir: Path | str, seed: int = 0, source_dir: Path | str | None = None) -> Path:
    """Write a data folder with ``rows`` synthetic initiatives; return its path.

    The folder is written next to its final place and renamed into it, so a
    half-written dataset is never left under ``out_dir``.
    """
    if rows < 1:
        raise ValueError(f"rows must be at least 1 (got {rows})")
    out_dir = Path(out_dir)
    gen = Generator(source_dir, seed=seed)
    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in COPIED:
        shutil.copyfile(gen.source_dir / name, tmp / name)
    with open(tmp / "initiatives.csv", "w", encoding="utf-8", newline="") as fh:
        for start in range(0, rows, CHUNK):
            chunk = gen.rows(start, min(CHUNK, rows - start))
            chunk.to_csv(fh, index=False, header=start == 0, lineterminator="\n")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, required=True, help="number of initiatives")
    p.add_argument("--out", type=Path, required=True, help="data folder to write (replaced if it exists)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--source", type=Path, default=None, help="data folder to take shapes from (default: data/)")
    args = p.parse_args(argv)
    out = generate(args.rows, args.out, seed=args.seed, source_dir=args.source)
    print(f"wrote {args.rows} synthetic initiatives to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
