"""Statistical rules for computed findings: ties, small bases, exact tests, equal windows, undated bounds.

Pure functions on counts and pandas Series. Nothing here writes a sentence: the wording
layer turns these results into text, and it may only say what they allow:

- a *tie* is named as a tie (:func:`leaders` returns every code sharing the maximum);
- a *share* carries its count and base, and below :data:`MIN_BASE` is shown as counts only
  (:class:`Share`, ``reportable``);
- a *rate comparison* uses two windows of equal length, named by their years
  (:func:`window_rates`), with an exact conditional binomial test;
- a *difference between groups* is called one only when an exact test supports it at
  :data:`ALPHA` (:func:`fisher_2x2`, :func:`binomial`), or a seeded bootstrap interval
  excludes zero (:func:`bootstrap_interval`);
- a share that the undated initiatives could change gives its bounds (:func:`undated_bounds`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# scipy.stats is imported by the two tests that use it, when first used: importing it takes about
# 0.9 s of CPU (it loads most of scipy), and of the 32 runs only the claims, trends and domains
# notebooks run a test; the other kernels, and any process that never tests, skip it.

#: Smallest base for which a percentage is shown. Below it, show "k of n", never "x%".
#:
#: Why 5: with n < 5 one initiative moves a share by more than 20 points (1 of 4 is 25%,
#: 2 of 4 is 50%), so a percentage suggests a precision the count does not have; and no
#: two-sided exact test on fewer than 5 trials can reach p < 0.05 (the binomial test on
#: 4 of 4 at p = 0.5 gives p = 0.125; 5 of 5 gives 0.0625, 6 of 6 the first value below
#: 0.05). A base of 5 is also the usual rule of thumb for an expected cell count. In this
#: dataset it keeps EU (n=1), FPDA (2), UN (3) and most single countries as counts.
MIN_BASE = 5

#: Significance level for every exact test in the findings.
ALPHA = 0.05


# --- ties ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaders:
    """Every code that shares the maximum of a count series."""

    codes: tuple[str, ...]
    value: float
    runner_up: float | None  # the largest value below the maximum, None if there is none

    @property
    def is_tie(self) -> bool:
        return len(self.codes) > 1

    @property
    def sole(self) -> str | None:
        """The one leader, or None when there is a tie (or no positive count)."""
        return self.codes[0] if len(self.codes) == 1 else None


def leaders(series: pd.Series) -> Leaders:
    """All index labels sharing the maximum value (sorted), with that maximum.

    Zero and missing counts never lead: an all-zero series gives no leaders.
    """
    s = pd.Series(series).dropna()
    s = s[s > 0]
    if s.empty:
        return Leaders((), 0, None)
    top = s.max()
    codes = tuple(sorted(str(c) for c in s.index[s == top]))
    rest = s[s < top]
    return Leaders(codes, top.item() if hasattr(top, "item") else top, (rest.max().item() if len(rest) else None))


# --- shares -------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    count: int
    base: int

    @property
    def value(self) -> float | None:
        return self.count / self.base if self.base else None

    @property
    def reportable(self) -> bool:
        """Whether a percentage may be shown (base at least :data:`MIN_BASE`)."""
        return self.base >= MIN_BASE


def share(count: int, base: int) -> Share:
    if count < 0 or base < 0 or count > base:
        raise ValueError(f"a share needs 0 <= count <= base (got {count} of {base})")
    return Share(int(count), int(base))


# --- exact tests --------------------------------------------------------------------


@dataclass(frozen=True)
class Test:
    """The result of a named exact test."""

    name: str
    statistic: float | None
    p: float

    @property
    def significant(self) -> bool:
        return self.p < ALPHA


def fisher_2x2(a1: int, n1: int, a2: int, n2: int, alternative: str = "two-sided") -> Test:
    """Fisher's exact test: is the share of A in group 1 (``a1 of n1``) different from group 2 (``a2 of n2``)?

    ``alternative='greater'`` tests whether group 1's share is larger. The statistic is
    scipy's (conditional maximum-likelihood free) sample odds ratio.
    """
    for a, n in ((a1, n1), (a2, n2)):
        if not 0 <= a <= n:
            raise ValueError(f"need 0 <= count <= base (got {a} of {n})")
    from scipy.stats import fisher_exact

    table = [[a1, n1 - a1], [a2, n2 - a2]]
    res = fisher_exact(table, alternative=alternative)
    odds = float(res.statistic) if np.isfinite(res.statistic) else None
    return Test("Fisher's exact test", odds, float(res.pvalue))


def binomial(k: int, n: int, p: float = 0.5, alternative: str = "two-sided") -> Test:
    """Exact binomial test of ``k`` successes in ``n`` trials against probability ``p``.

    With ``n == 0`` there is nothing to test: p is 1.
    """
    if n == 0:
        return Test("binomial test", None, 1.0)
    from scipy.stats import binomtest

    res = binomtest(int(k), int(n), p, alternative=alternative)
    return Test("binomial test", k / n, float(res.pvalue))


def more_than(a: int, b: int) -> Test:
    """Is count ``a`` larger than count ``b``? Exact conditional binomial test (two-sided).

    For two Poisson counts (or, for paired binary codes, the discordant cases only), given
    their total, ``a`` is Binomial(a+b, 1/2) when the two rates are equal.
    """
    return binomial(a, a + b, 0.5)


def bootstrap_interval(
    values: Sequence[float] | np.ndarray,
    statistic: Callable[[np.ndarray], float] = np.mean,
    *,
    n_resamples: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over ``values``: seeded, so deterministic."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("no values to resample")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, x.size, size=(n_resamples, x.size))
    draws = np.array([statistic(x[row]) for row in idx])
    lo, hi = np.quantile(draws, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


def bootstrap_share_difference(
    a1: int, n1: int, a2: int, n2: int, *, n_resamples: int = 2000, level: float = 0.95, seed: int = 0
) -> tuple[float, float]:
    """Seeded percentile bootstrap interval of ``a1/n1 - a2/n2`` (groups resampled separately)."""
    if n1 == 0 or n2 == 0:
        raise ValueError("both groups need a base")
    rng = np.random.default_rng(seed)
    d = rng.binomial(n1, a1 / n1, n_resamples) / n1 - rng.binomial(n2, a2 / n2, n_resamples) / n2
    lo, hi = np.quantile(d, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


# --- rates on equal windows -----------------------------------------------------------


@dataclass(frozen=True)
class WindowRates:
    recent: tuple[int, int]
    earlier: tuple[int, int]
    recent_count: int
    earlier_count: int
    test: Test

    @property
    def years(self) -> int:
        return self.recent[1] - self.recent[0] + 1

    @property
    def ratio(self) -> float | None:
        """Recent rate over earlier rate (equal windows, so the count ratio); None if earlier is 0."""
        return self.recent_count / self.earlier_count if self.earlier_count else None


def window_length(window: tuple[int, int]) -> int:
    return window[1] - window[0] + 1


def count_in(years: pd.Series, window: tuple[int, int]) -> int:
    y = pd.Series(years).dropna()
    return int(((y >= window[0]) & (y <= window[1])).sum())


def window_rates(years: pd.Series, recent: tuple[int, int], earlier: tuple[int, int] | None = None) -> WindowRates:
    """Counts of ``years`` in two inclusive windows of equal length, their ratio and an exact test.

    ``earlier`` defaults to the window of the same length just before ``recent``. Windows of
    different lengths are refused: a rate comparison is like for like or not at all.
    Missing years (undated rows) are in neither window.
    """
    if earlier is None:
        n = window_length(recent)
        earlier = (recent[0] - n, recent[0] - 1)
    if window_length(recent) != window_length(earlier) or window_length(recent) < 1:
        raise ValueError(f"windows must have the same positive length (got {recent} and {earlier})")
    r, e = count_in(years, recent), count_in(years, earlier)
    return WindowRates(tuple(recent), tuple(earlier), r, e, more_than(r, e))


# --- undated bounds -------------------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """A share computed on dated rows only, and with every undated row placed early or late."""

    dated: Share  # share among dated rows
    low: Share  # over all rows, undated counted the way that gives the smaller share
    high: Share  # over all rows, undated counted the way that gives the larger share
    undated: int

    @property
    def range(self) -> tuple[float | None, float | None]:
        return self.low.value, self.high.value


def undated_bounds(years: pd.Series, window: tuple[int, int], early: int, late: int) -> Bounds:
    """Share of rows starting inside ``window``, with the undated rows all at ``early`` or all at ``late``.

    ``early`` and ``late`` are the earliest and latest plausible years. The bounds are the
    smaller and the larger of the two placements (a placement inside the window counts
    every undated row in; one outside counts none).
    """
    y = pd.Series(years)
    undated = int(y.isna().sum())
    dated = y.dropna()
    inside = count_in(dated, window)
    total = len(y)

    def placed(year: int) -> int:
        return inside + (undated if window[0] <= year <= window[1] else 0)

    a, b = sorted((placed(early), placed(late)))
    return Bounds(share(inside, len(dated)), share(a, total), share(b, total), undated)
