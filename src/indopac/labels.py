"""Readable labels for codes and vocabulary values, for figures and text.

Pure text, no plotting library: :mod:`indopac.analysis` uses these without
pulling in matplotlib, and :mod:`indopac.plots` re-exports them (so
``plots.label`` keeps working).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset

__all__ = ["label", "labels"]

_LABELS = {
    "framework": {
        "FOIP": "FOIP",
        "NATO": "NATO",
        "EU": "EU",
        "FPDA": "Five Power Defence Arrangements",
        "UN": "UN",
        "bilateral_other": "Bilateral, outside FOIP",
        "historical": "Historical ties",
    },
    "side": {"european": "European", "indo_pacific": "Indo-Pacific", "other": "Other"},
    "level": {"vice_ministerial": "Vice-ministerial"},
}


def label(column: str, value: object, ds: Dataset | None = None) -> str:
    """A readable name for a code: actor labels, domain labels, vocabulary words."""
    value = str(value)
    if column in ("actor", "country", "party", "partner") and ds is not None:
        return ds.actor_name(value)
    if column == "domain" and ds is not None:
        names = dict(zip(ds.domains["code"], ds.domains["label"]))
        return str(names.get(value, value))
    special = _LABELS.get(column, {})
    if value in special:
        return special[value]
    if value.isupper():
        return value
    return value.replace("_", " ").capitalize()


def labels(column: str, values: Iterable[object], ds: Dataset | None = None) -> list[str]:
    """:func:`label` for many values."""
    return [label(column, v, ds) for v in values]
