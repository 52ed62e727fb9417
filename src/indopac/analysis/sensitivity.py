"""Does the top entry point hold? :func:`sensitivity` moves each weight by a factor;
:func:`robustness` adds the checks beyond the weights (without the stated strengths, each component
left out, each study section left out)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indopac.analysis.recommend import (
    Recommendation,
    ranker,
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
    reranked = ranker(long, order)
    base = reranked(rec.weights)
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
            rows.append(row(name, float(f), reranked(w)))
    return pd.DataFrame(rows)


# --- robustness: beyond the weights ---------------------------------------------------------------

#: the kinds of check :func:`robustness` runs, in the order it reports them
CHECKS = ("stated strengths", "component left out", "study section left out", "weight ±50%")


def robustness(rec: Recommendation, factors: Sequence[float] = (0.5, 1.5), n: int = 3) -> pd.DataFrame:
    """Does the top entry point hold? Re-rank under every check of :data:`CHECKS`.

    One row per check, after a first row for the run as given (``check`` "as given"):

    - ``stated strengths``: without them (the ranking from the data alone), when any is stated;
    - ``component left out``: each entry-point component with a weight > 0, its weight set to 0;
    - ``study section left out``: the initiatives of each study section (``source_section``)
      removed and everything recomputed;
    - ``weight ±50%``: each weight multiplied by each of ``factors``.

    Columns: ``check``, ``change`` (what was changed: a component, a section or
    "weight × factor"), ``component``, ``section``, ``factor``, ``top1``, ``top_n`` (codes,
    best first, ";"-joined), ``same_top1``, ``same_top_n`` and ``ranks`` (code -> rank).

    The 29 or so re-rankings take seconds, and a recommendations notebook reads them in
    several places (the narrative, a title, a figure, its table), so the result is kept on
    ``rec`` for these arguments and each caller gets its own copy.
    """
    for f in factors:
        check_non_negative("factors", f)
    memo = rec.__dict__.setdefault("_robustness", {})  # a frozen dataclass still has a __dict__
    key = (tuple(float(f) for f in factors), n)
    if key not in memo:
        memo[key] = _robustness(rec, factors, n)
    return memo[key].copy()


def _robustness(rec: Recommendation, factors: Sequence[float], n: int) -> pd.DataFrame:
    from indopac.analysis import counting
    from indopac.analysis.recommend import entry_ranking

    _table, long, order = which_tables(rec, "entry_points")
    base = rec.entry_points
    base_top = base["code"].head(n).tolist()

    def row(check, change, ranked, component=None, section=None, factor=None):
        top = ranked["code"].head(n).tolist()
        return {
            "check": check,
            "change": change,
            "component": component,
            "section": section,
            "factor": factor,
            "top1": top[0] if top else "",
            "top_n": ";".join(top),
            "same_top1": top[:1] == base_top[:1],
            "same_top_n": set(top) == set(base_top),
            "ranks": dict(zip(ranked["code"], ranked["rank"])),
        }

    rows = [row("as given", "as given", base)]
    if rec.strengths:
        rows.append(row(CHECKS[0], "without the stated strengths", rec.entry_points_data))
    reranked = ranker(long, order)
    for name in order:
        if rec.weights[name] > 0:
            w = dict(rec.weights, **{name: 0.0})
            rows.append(row(CHECKS[1], f"without {name}", reranked(w), component=name))
    for section in counting.sections(rec.dataset):
        sub = counting.without_section(rec.dataset, section)
        again = entry_ranking(sub, rec.focus, strengths=rec.stated, peers=rec.peers, weights=rec.weights)
        rows.append(row(CHECKS[2], f"without section {section}", again, section=section))
    for name in order:
        for f in factors:
            w = dict(rec.weights, **{name: rec.weights[name] * f})
            rows.append(row(CHECKS[3], f"{name} ×{f:g}", reranked(w), component=name, factor=float(f)))
    return pd.DataFrame(rows)
