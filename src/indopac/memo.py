"""What is derived from one Dataset alone, computed once for that Dataset.

A :class:`~indopac.data.Dataset` never changes once made (no function changes its input),
so a result computed from it alone holds as long as the object lives. The robustness
checks ask again and again for the same things: a recommendation re-ranks once per study
section, on the same section-less copies whichever country it is for, and each re-ranking
wants that copy's partner network; the claims ledger, its grid and its figure each want the
same verdicts under the same counting rules. :func:`per_dataset` keeps each answer on the
Dataset it came from, so it lives and goes with it (a module-level cache would keep
datasets alive, or hold only the last one and recompute when two alternate).

A cached answer is shared by every caller, so what is handed out must never be changed in
place: a Dataset or a string as it is, a list, dict or table as a copy (``copy=``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: the attribute of a Dataset's ``__dict__`` that holds its answers (a frozen dataclass still has one)
SLOT = "_per_dataset"


def per_dataset(copy: Callable[[Any], Any] | None = None) -> Callable[[F], F]:
    """Decorate ``fn(ds, *args)`` (hashable ``args``) to compute once per Dataset and arguments.

    ``copy`` is applied to the cached answer on every call (``list``, ``dict``,
    ``pd.DataFrame.copy``), so a caller that changes its answer does not change the next one's.
    """

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def cached(ds, *args):
            memo = ds.__dict__.setdefault(SLOT, {})
            key = (fn, args)  # the function itself: two functions of one name never share an answer
            if key not in memo:
                memo[key] = fn(ds, *args)
            value = memo[key]
            return copy(value) if copy is not None else value

        return cached  # type: ignore[return-value]

    return decorate
