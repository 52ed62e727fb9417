"""Validation of a data folder: every problem at once, as ``file:line: column: message``."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.errors

from indopac.data import schema
from indopac.params import close_match

SIDES = ("european", "indo_pacific", "other")


#: the list column of initiatives.csv that holds each side's parties, and the region its codes must have
SIDE_COLUMNS = {
    "european": ("european_parties", "europe"),
    "indo_pacific": ("indo_pacific_parties", "indo_pacific"),
    "other": ("other_parties", "other"),
}


_LIST_COLUMNS = ("european_parties", "indo_pacific_parties", "other_parties", "domains")


_EARLIEST_YEAR = 1945
_REQUIRED_EMPTY = "is empty, but a value is required"


# --- problems ----------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as a spreadsheet shows it."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class DatasetError(ValueError):
    """The data folder has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: Iterable[Problem], data_dir: Path | None = None):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message))
        self.data_dir = data_dir
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {data_dir or 'the dataset'}:"
        super().__init__("\n".join([head, *map(str, self.problems)]))


def _line(index: int) -> int:
    # Row 0 of a table sits on line 2, below the header, as a spreadsheet numbers it.
    return int(index) + 2


# --- reading -------------------------------------------------------------------


def _read_text(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """A table as strings ('' for empty cells), or None after recording why not."""
    name = path.name
    if not path.is_file():
        problems.append(Problem(name, None, None, f"file is missing (expected at {path})"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, None, f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8")
        )
        return None
    empty = not text.removeprefix("\ufeff").strip()  # a byte-order mark alone is still an empty file
    del text  # parse the bytes: a StringIO copy of the text took 4 bytes a character (0.9 GB at 1M rows)
    if empty:
        problems.append(Problem(name, None, None, "file is empty; it needs at least a header line"))
        return None
    try:
        frame = pd.read_csv(
            io.BytesIO(raw),
            encoding="utf-8-sig",  # drops a leading byte-order mark, as before
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skipinitialspace=False,
        )
    except pd.errors.ParserError:
        # A row with too many fields: read record by record, so each bad row is named once.
        return _read_records(raw, name, problems)
    except (pd.errors.EmptyDataError, csv.Error) as err:
        problems.append(Problem(name, None, None, f"is not valid CSV: {err}"))
        return None
    return frame


def _records(raw: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and every record with the line it starts on (the slow path: the csv module)."""
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    header = next(reader, [])
    out, start = [], reader.line_num + 1
    for record in reader:
        if record:  # a blank line is no record, as pandas reads it
            out.append((start, record))
        start = reader.line_num + 1
    return header, out


def _read_records(raw: bytes, name: str, problems: list[Problem]) -> pd.DataFrame:
    """The table from the csv module, leaving out (and reporting once) each row of the wrong width."""
    header, records = _records(raw)
    good, index = [], []
    for ordinal, (line, record) in enumerate(records):
        if len(record) != len(header):
            problems.append(Problem(name, line, None, f"{len(record)} fields, expected {len(header)} (as in the header)"))
        else:
            good.append(record)
            index.append(ordinal)
    return pd.DataFrame(good, columns=header, index=index, dtype=str)


def _short_rows(raw: bytes, frame: pd.DataFrame, name: str, problems: list[Problem]) -> pd.DataFrame:
    """``frame`` without the rows that have too few fields (pandas pads them with empty cells), each reported once."""
    header, records = _records(raw)
    short = [(i, line, len(r)) for i, (line, r) in enumerate(records) if len(r) != len(header)]
    for _i, line, n in short:
        problems.append(Problem(name, line, None, f"{n} fields, expected {len(header)} (as in the header)"))
    return frame.drop(index=[i for i, _, _ in short if i in frame.index])


def _check_columns(table: schema.Table, frame: pd.DataFrame, problems: list[Problem]) -> bool:
    expected, found = table.columns, list(frame.columns)
    missing = [c for c in expected if c not in found]
    unknown = [c for c in found if c not in expected]
    for c in missing:
        problems.append(Problem(table.path, 1, c, "column is missing from the header"))
    for c in unknown:
        hint = " (a column name may not be empty)" if c.startswith("Unnamed") else ""
        problems.append(
            Problem(table.path, 1, c, f"is not a column of {table.name}{hint}; expected: {', '.join(expected)}")
        )
    return not missing and not unknown


def _check_cells(table: schema.Table, frame: pd.DataFrame, problems: list[Problem]) -> None:
    try:
        schema.raw_schema(table).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errs:
        cases = errs.failure_cases
        cases = cases[cases["index"].notna()]
        for row in cases.itertuples(index=False):
            message = f"{row.failure_case!r} {row.check}"
            if row.check == "is a duplicate":
                first = frame.index[frame[row.column].eq(row.failure_case)][0]
                message = f"{row.failure_case!r} is a duplicate of line {_line(first)}"
            problems.append(Problem(table.path, _line(row.index), row.column, message))


# --- typing ----------------------------------------------------------------------


def _as_int(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("", None), errors="raise").astype("Int64")


def _as_bool(s: pd.Series) -> pd.Series:
    return s.eq("true")


def _as_list(s: pd.Series) -> pd.Series:
    # Split each distinct value once; rows that repeat a list share its (immutable) tuple.
    codes, uniques = pd.factorize(s)
    tuples = np.empty(len(uniques), dtype=object)
    for i, v in enumerate(uniques):
        tuples[i] = tuple(v.split(schema.LIST_SEPARATOR)) if v else ()
    return pd.Series(tuples[codes], index=s.index, name=s.name)


def typed_table(table: schema.Table, frame: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for f in table.fields:
        col = frame[f.name]
        if f.type == "integer":
            out[f.name] = _as_int(col)
        elif f.type == "boolean":
            out[f.name] = _as_bool(col)
        elif f.type == "list":
            out[f.name] = _as_list(col)
        elif f.enum is not None:
            out[f.name] = pd.Categorical(col, categories=list(f.enum), ordered=f.name == "source_section")
        else:
            out[f.name] = col.replace("", None) if not f.required else col
    return pd.DataFrame(out, index=frame.index)


# --- cross-table checks ------------------------------------------------------------


def _explode(frame: pd.DataFrame, column: str) -> pd.Series:
    """One row per item of a ';' list, indexed like ``frame``."""
    s = frame[column]
    s = s[s.ne("")]
    # Split each distinct list once, then repeat the pieces row by row (same result, order
    # and index as s.str.split(';').explode(), at the cost of the distinct values only).
    codes, uniques = pd.factorize(s)
    pieces = [v.split(schema.LIST_SEPARATOR) for v in uniques]
    sizes = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    flat = np.array([c for p in pieces for c in p], dtype=object)
    starts = np.cumsum(sizes) - sizes
    per_row = sizes[codes]
    first = np.repeat(starts[codes], per_row)
    within = np.arange(per_row.sum()) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return pd.Series(flat[first + within], index=s.index.repeat(per_row), name=column)


def _check_references(raw: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    ini, actors, domains, sources = (raw[t] for t in schema.TABLES)
    path = "initiatives.csv"
    region_of = dict(zip(actors["code"], actors["region"]))
    known_regions = sorted(set(region_of.values()))

    exploded = {column: _explode(ini, column) for column, _region in SIDE_COLUMNS.values()}
    for column, region in SIDE_COLUMNS.values():
        codes = exploded[column]
        where = codes.map(region_of)
        for idx, code in codes[where.isna()].items():
            problems.append(Problem(path, _line(idx), column,
                                    f"{code!r} is not a code in actors.csv{_did_you_mean(code, actors)}"))
        wrong = where.notna() & where.ne(region)
        for idx, code in codes[wrong].items():
            problems.append(
                Problem(
                    path,
                    _line(idx),
                    column,
                    f"{code!r} is a party of region '{region_of[code]}', but {column} takes only region "
                    f"'{region}' (regions: {', '.join(known_regions)}); move it to the right column",
                )
            )
    # A party listed twice, or on two sides, is a coding slip.
    # (Vectorised: a per-row groupby.apply here took 70 s at 100k initiatives.)
    all_codes = pd.concat(list(exploded.values()))
    pairs = pd.DataFrame({"row": all_codes.index, "code": all_codes.to_numpy()})
    repeated = pairs[pairs.duplicated()].drop_duplicates()
    for idx, codes in repeated.groupby("row", sort=True)["code"]:
        problems.append(Problem(path, _line(idx), "parties", f"{', '.join(sorted(codes))} listed more than once"))

    domain_codes = set(domains["code"])
    dom = _explode(ini, "domains")
    domain_labels = dict(zip(domains["label"], domains["code"]))
    for idx, code in dom[~dom.isin(domain_codes)].items():
        hint = close_match(code, domains["code"], domain_labels)
        did = f" (did you mean {hint!r}?)" if hint else ""
        problems.append(
            Problem(path, _line(idx), "domains", f"{code!r} is not a domain{did}; allowed: {', '.join(domains['code'])}")
        )

    source_year = dict(zip(sources["source_id"], pd.to_numeric(sources["year"], errors="coerce")))
    bad_source = ~ini["source_id"].isin(list(source_year)) & ini["source_id"].ne("")
    for idx, sid in ini.loc[bad_source, "source_id"].items():
        problems.append(
            Problem(path, _line(idx), "source_id", f"{sid!r} is not in sources.csv; known: {', '.join(source_year)}")
        )

    _check_sections(ini, sources, problems)

    parent_ok = actors["parent"].eq("") | actors["parent"].isin(set(actors["code"]))
    for idx, code in actors.loc[~parent_ok, "parent"].items():
        problems.append(Problem("actors.csv", _line(idx), "parent", f"{code!r} is not a code in actors.csv"))


def _did_you_mean(code: str, actors: pd.DataFrame) -> str:
    """' (did you mean 'JPN'?)' for a name or a miscased code where an actor code belongs ('' if none is close)."""
    aliases = {str(k): c for column in ("name", "label") for k, c in zip(actors[column], actors["code"])}
    hint = close_match(code, actors["code"], aliases)
    return f" (did you mean {hint!r}?)" if hint and hint != code else ""


def source_sections(sources: pd.DataFrame) -> dict[str, list[str]]:
    """Each source's sections, as sources.csv lists them (an empty list: the source has no sections)."""
    return {sid: [x for x in str(sec).split(schema.LIST_SEPARATOR) if x]
            for sid, sec in zip(sources["source_id"], sources["sections"].fillna(""))}


def _check_sections(ini: pd.DataFrame, sources: pd.DataFrame, problems: list[Problem]) -> None:
    """``source_section`` is one of the sections of the row's own source, or empty if that source has none."""
    path = "initiatives.csv"
    sections = source_sections(sources)
    for idx, sid, sec in zip(ini.index, ini["source_id"], ini["source_section"]):
        if sid not in sections:
            continue  # an unknown source is reported for source_id
        valid = sections[sid]
        if not valid and sec:
            problems.append(Problem(path, _line(idx), "source_section",
                                    f"{sec!r} is given, but source {sid} has no sections in sources.csv; "
                                    "leave it empty, or list the source's sections there"))
        elif valid and not sec:
            problems.append(Problem(path, _line(idx), "source_section",
                                    f"is empty; source {sid} has sections: {', '.join(valid)}"))
        elif valid and sec not in valid:
            hint = close_match(sec, valid)
            did = f" (did you mean {hint!r}?)" if hint and hint != sec else ""
            problems.append(Problem(path, _line(idx), "source_section",
                                    f"{sec!r} is not a section of source {sid}{did}; valid: {', '.join(valid)}"))


def _hint_malformed_codes(problems: list[Problem], raw: dict[str, pd.DataFrame]) -> list[Problem]:
    """A malformed party list that holds names (``Japan``) says which codes they mean."""
    ini, actors = raw["initiatives"], raw["actors"]
    columns = {c for c, _r in SIDE_COLUMNS.values()}
    out = []
    for pr in problems:
        if pr.file == "initiatives.csv" and pr.column in columns and pr.line is not None and "list of codes" in pr.message:
            value = ini.at[pr.line - 2, pr.column] if (pr.line - 2) in ini.index else ""
            items = [x.strip() for x in re.split(r"[;,]", value) if x.strip()]
            hints = [close_match(x, actors["code"], {str(k): c for col in ("name", "label")
                                                     for k, c in zip(actors[col], actors["code"])}) for x in items]
            if items and all(hints):
                pr = Problem(pr.file, pr.line, pr.column, f"{pr.message} (did you mean {';'.join(hints)!r}?)")
        out.append(pr)
    return out


def _check_dates(raw: pd.DataFrame, sources: pd.DataFrame, problems: list[Problem]) -> None:
    path = "initiatives.csv"
    whole = schema.by_distinct_value(lambda s: s.str.fullmatch(r"-?[0-9]+"))
    num = {c: pd.to_numeric(raw[c].where(whole(raw[c]), None)) for c in ("year", "month", "end_year")}
    year, month, end = num["year"], num["month"], num["end_year"]
    years_of = dict(zip(sources["source_id"], pd.to_numeric(sources["year"], errors="coerce")))
    src_year = raw["source_id"].map(years_of)
    # A row whose source is unknown (reported for source_id) is still held to the latest source's year.
    latest = pd.Series(list(years_of.values()), dtype="float").max()
    known = src_year.notna()
    bound = src_year.where(known, latest)

    late = year.notna() & bound.notna() & ((year > bound) | (year < _EARLIEST_YEAR))
    for idx in raw.index[late]:
        whose = (f"the year of its source {raw.at[idx, 'source_id']}" if known[idx]
                 else "the year of the latest source in sources.csv")
        problems.append(
            Problem(
                path,
                _line(idx),
                "year",
                f"{int(year[idx])} is not a plausible year ({_EARLIEST_YEAR}..{int(bound[idx])}, {whose})",
            )
        )
    late_end = end.notna() & src_year.notna() & (end > src_year)
    for idx in raw.index[late_end]:
        problems.append(
            Problem(path, _line(idx), "end_year", f"{int(end[idx])} is after its source's year ({int(src_year[idx])})")
        )
    before = year.notna() & end.notna() & (end < year)
    for idx in raw.index[before]:
        problems.append(
            Problem(path, _line(idx), "end_year", f"{int(end[idx])} is before the start year {int(year[idx])}")
        )
    unknown = raw["year_basis"].eq("unknown")
    for idx in raw.index[unknown & raw["year"].ne("")]:
        problems.append(
            Problem(path, _line(idx), "year", f"{raw.at[idx, 'year']!r} is given, but year_basis is 'unknown'; "
                    "either empty the year or set year_basis to 'stated' or 'inferred'")
        )
    dated_basis = raw["year_basis"].isin(["stated", "inferred"])
    for idx in raw.index[dated_basis & raw["year"].eq("")]:
        problems.append(
            Problem(path, _line(idx), "year", f"is empty, but year_basis is {raw.at[idx, 'year_basis']!r}; "
                    "give the year or set year_basis to 'unknown'")
        )
    for idx in raw.index[month.notna() & raw["year"].eq("")]:
        problems.append(Problem(path, _line(idx), "month", "is given without a year"))


def _check_duplicate_rows(table: schema.Table, frame: pd.DataFrame, problems: list[Problem]) -> None:
    # The same content under two ids is one initiative coded twice.
    content = [c for c in frame.columns if c not in (table.primary_key, "notes")]
    dup = frame.duplicated(subset=content, keep="first")
    if dup.any():
        first = frame[content].reset_index().groupby(content, sort=False, observed=True)["index"].transform("first")
        for idx in frame.index[dup]:
            problems.append(
                Problem(table.path, _line(idx), None, f"duplicates line {_line(first[idx])} (same values in every column but "
                        f"{table.primary_key} and notes)")
            )


def validate(data_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Check a data folder; return its tables as text, or raise :class:`DatasetError`."""
    from indopac.layout import DATA_DIR

    data_dir = Path(data_dir or DATA_DIR).resolve()
    if not (data_dir / "datapackage.json").is_file():
        raise DatasetError([Problem("datapackage.json", None, None, f"not found in {data_dir}")], data_dir)
    tables = schema.tables(data_dir)
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame] = {}
    for name in schema.TABLES:
        table = tables[name]
        frame = _read_text(data_dir / table.path, problems)
        if frame is None or not _check_columns(table, frame, problems):
            continue
        if name == "initiatives" and frame.empty:
            problems.append(Problem(table.path, None, None, "no initiatives: the file has a header but no rows"))
            continue
        cells: list[Problem] = []
        _check_cells(table, frame, cells)
        if any(p.message.endswith(_REQUIRED_EMPTY) for p in cells):
            # pandas pads a short row with empty cells: report its width once, not each empty cell
            width: list[Problem] = []
            frame = _short_rows((data_dir / table.path).read_bytes(), frame, table.path, width)
            if width:
                problems += width
                cells = []
                _check_cells(table, frame, cells)
        problems += cells
        raw[name] = frame
    if len(raw) == len(schema.TABLES):
        # A cell that is malformed is reported once, for its form, not again for what it refers to.
        malformed = {(p.file, p.line, p.column) for p in problems}
        related: list[Problem] = []
        _check_references(raw, related)
        _check_dates(raw["initiatives"], raw["sources"], related)
        _check_duplicate_rows(tables["initiatives"], raw["initiatives"], related)
        problems += [p for p in related if (p.file, p.line, p.column) not in malformed]
        problems = _hint_malformed_codes(problems, raw)
    if problems:
        raise DatasetError(problems, data_dir)
    return raw
