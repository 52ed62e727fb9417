"""Do the top entry points hold when each weight moves? One rerun of :func:`rank` per weight and factor."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indopac.analysis.recommend import (
    Recommendation,
    rank,
    which_tables,
)
from indopac.params import check_non_negative

# --- sensitivity -------------------------------------------------------------------------------


def sensitivity(
    rec: Recommendation,
    factors: Sequence[float] = (0.5, 1.5),
    which: str = "entry_points",
    n: int = 3,
) -> pd.DataFrame:
    """Re-rank with each weight multiplied by each factor in turn (the others unchanged).

    One row per (weight, factor), after a first row for the weights as given:
    ``weight``, ``factor``, ``top1``, ``top_n`` (codes, best first, ";"-joined),
    ``same_top1`` and ``same_top_n`` (the same set as with the weights as given),
    and ``ranks``: a dict of every candidate's rank.
    """
    for f in factors:
        check_non_negative("factors", f)
    _table, long, order = which_tables(rec, which)
    base = rank(long, rec.weights, order)
    base_top = base["code"].head(n).tolist()

    def row(weight, factor, ranked):
        top = ranked["code"].head(n).tolist()
        return {
            "weight": weight,
            "factor": factor,
            "top1": top[0] if top else "",
            "top_n": ";".join(top),
            "same_top1": (top[:1] == base_top[:1]),
            "same_top_n": set(top) == set(base_top),
            "ranks": dict(zip(ranked["code"], ranked["rank"])),
        }

    rows = [row("(as given)", 1.0, base)]
    for name in order:
        for f in factors:
            w = dict(rec.weights)
            w[name] = w[name] * f
            rows.append(row(name, float(f), rank(long, w, order)))
    return pd.DataFrame(rows)
