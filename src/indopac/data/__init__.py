"""The data layer: the schema, validation and the :class:`Dataset`.

- :mod:`indopac.data.schema`: the tables and vocabularies of ``data/datapackage.json``;
- :mod:`indopac.data.validation`: :func:`validate` (every problem, as ``file:line: column: message``);
- :mod:`indopac.data.dataset`: :class:`Dataset` (tables, long views, ``filter``, lookups, ``cite``)
  and :func:`load`.
"""

from __future__ import annotations

from indopac.data import schema
from indopac.data.dataset import Dataset, load
from indopac.data.validation import SIDE_COLUMNS, SIDES, DatasetError, Problem, validate

__all__ = ["SIDES", "SIDE_COLUMNS", "Dataset", "DatasetError", "Problem", "load", "schema", "validate"]
