"""The dataset's schema, read from ``data/datapackage.json``.

The Frictionless descriptor is the single home of every column, type and
closed vocabulary (kind, status, level, framework, year_basis); a source's sections are
listed in sources.csv (its ``sections`` column) and checked per source.
This module turns it into pandera schemas that check the raw CSV text, so the
published descriptor and the loader cannot drift apart. Open vocabularies
(actors, domains, sources) live in their own tables and are checked in
:mod:`indopac.data` as references.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

LIST_SEPARATOR = ";"
TABLES = ("initiatives", "actors", "domains", "sources")


@dataclass(frozen=True)
class Field:
    """One column of a table, as the descriptor declares it."""

    name: str
    type: str
    description: str
    required: bool
    unique: bool
    enum: tuple[str, ...] | None
    pattern: str | None
    minimum: int | None
    maximum: int | None
    example: object = None


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: str

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _field(spec: dict) -> Field:
    c = spec.get("constraints", {})
    return Field(
        name=spec["name"],
        type=spec["type"],
        description=spec.get("description", ""),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(c["enum"]) if "enum" in c else None,
        pattern=c.get("pattern"),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        example=spec.get("example"),
    )


@cache
def _read_descriptor(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def forget_descriptors() -> None:
    """Drop the parsed descriptors, after a ``datapackage.json`` was rewritten."""
    _read_descriptor.cache_clear()


def descriptor(data_dir: Path) -> dict:
    """The parsed ``datapackage.json`` of a data folder."""
    return _read_descriptor(Path(data_dir).resolve() / "datapackage.json")


def tables(data_dir: Path) -> dict[str, Table]:
    """Every table the descriptor declares, by name."""
    out = {}
    for res in descriptor(data_dir)["resources"]:
        schema = res["schema"]
        out[res["name"]] = Table(
            name=res["name"],
            path=res["path"],
            fields=tuple(_field(f) for f in schema["fields"]),
            primary_key=schema["primaryKey"][0],
        )
    return out


def vocabulary(column: str, table: str = "initiatives", data_dir: Path | None = None) -> tuple[str, ...]:
    """The allowed values of a closed-vocabulary column, in their declared order."""
    from indopac.layout import DATA_DIR

    values = tables(data_dir or DATA_DIR)[table].field(column).enum
    if values is None:
        raise KeyError(f"{table}.{column} has no closed vocabulary")
    return values


# --- raw-text checks -------------------------------------------------------
# Each check carries, as its name, the end of the sentence a reader sees after
# the offending value: "initiatives.csv:17: kind: 'treaty' is not one of: ...".

_INT = r"-?[0-9]+"


def by_distinct_value(test):
    """Run an element-wise ``test`` on each distinct value of a column once, not on every cell.

    String tests (regular expressions, parsing) cost a Python call per cell; columns like
    year, kind or a party list repeat a few hundred values over a million rows, so this makes
    validation scale with the number of distinct values. Same result as ``test(s)``.
    """

    def run(s: pd.Series) -> pd.Series:
        if len(s) < 1000:  # not worth a factorize
            return test(s)
        codes, uniques = pd.factorize(s)
        if len(uniques) * 2 > len(s):
            return test(s)
        ok = test(pd.Series(uniques, dtype=s.dtype)).to_numpy(dtype=bool)
        return pd.Series(ok[codes], index=s.index)

    return run


def _checks(field: Field) -> list[pa.Check]:
    checks: list[pa.Check] = []
    def on_present(test, name):
        # Empty cells are judged by the 'required' check alone.
        test = by_distinct_value(test)
        return pa.Check(lambda s: s.eq("") | test(s), name=name)

    if field.required:
        checks.append(pa.Check(lambda s: s.ne(""), name="is empty, but a value is required"))
    if field.type == "integer":
        checks.append(on_present(lambda s: s.str.fullmatch(_INT), "is not a whole number"))
        lo, hi = field.minimum, field.maximum
        if lo is not None or hi is not None:
            rng = f"{lo if lo is not None else ''}..{hi if hi is not None else ''}"

            def in_range(s, lo=lo, hi=hi):
                n = pd.to_numeric(s.where(s.str.fullmatch(_INT), None), errors="coerce")
                ok = n.isna()
                ok |= (n >= (lo if lo is not None else -(10**12))) & (n <= (hi if hi is not None else 10**12))
                return ok

            checks.append(on_present(in_range, f"is out of range ({rng})"))
    elif field.type == "boolean":
        checks.append(on_present(lambda s: s.isin(["true", "false"]), "is not 'true' or 'false'"))
    if field.enum is not None:
        allowed = list(field.enum)
        checks.append(on_present(lambda s, a=allowed: s.isin(a), "is not one of: " + ", ".join(allowed)))
    if field.pattern is not None:
        if field.type == "list":
            name = (
                f"is not a list of codes separated by '{LIST_SEPARATOR}' "
                "(no spaces, commas or empty items)"
            )
        else:
            name = f"does not match the pattern {field.pattern}"
        checks.append(on_present(lambda s, p=field.pattern: s.str.fullmatch(p), name))
    if field.unique:
        checks.append(pa.Check(lambda s: s.eq("") | ~s.duplicated(keep="first"), name="is a duplicate"))
    return checks


def raw_schema(table: Table) -> pa.DataFrameSchema:
    """A pandera schema for a table read as text (every cell a string, '' if empty).

    The columns declare no dtype: the reader reads every cell as text, so pandera's
    element-by-element type check could never fail, and took a third of validation's time.
    """
    return pa.DataFrameSchema(
        {f.name: pa.Column(checks=_checks(f), nullable=False) for f in table.fields},
        strict=False,
        ordered=False,
    )
