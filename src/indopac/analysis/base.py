"""Small shared steps of the analysis modules: dated rows, year spans, labels, sides."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


SIDE_OF_REGION = {"europe": "european", "indo_pacific": "indo_pacific", "other": "other"}


def dated(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[frame["year"].notna()].copy()
    out["year"] = out["year"].astype("int64")
    return out


def year_span(ds: Dataset, years: tuple[int | None, int | None] | None) -> tuple[int, int] | None:
    full = ds.year_range()
    if full is None:
        return None
    lo, hi = full
    if years is not None:
        lo = years[0] if years[0] is not None else lo
        hi = years[1] if years[1] is not None else hi
    return lo, hi


def labels_for(ds: Dataset, codes: pd.Series) -> pd.Series:
    names = ds.actors.set_index("code")["label"]
    return codes.astype(str).map(names).fillna(codes.astype(str))


def side_of(ds: Dataset, code: str) -> str:
    region = ds.actors.set_index("code")["region"].astype(str)
    if code not in region.index:
        raise KeyError(f"{code!r} is not an actor code")
    return SIDE_OF_REGION[region[code]]


def other_side(side: str) -> str:
    return {"european": "indo_pacific", "indo_pacific": "european"}.get(side, "indo_pacific")
