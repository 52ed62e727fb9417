"""Inter-coder agreement between two codings of the study (first and blind second coding).

A *coding* is a CSV file with the columns of ``initiatives.csv``. Two codings of
the same study are compared in three steps:

1. **Reading** (:func:`read_coding`). The file is read leniently: values outside
   the project's vocabularies (an unknown party code, a new ``kind``) are kept as
   they are, because a second coder may use slightly different ids and codes and
   that is itself a disagreement to measure. What cannot be read at all (not
   UTF-8, a row with the wrong number of cells, a missing column, a year that is
   not an integer, a duplicate or empty ``initiative_id``) raises one
   :class:`CodingError` that lists every problem as ``file:line: column: message``.

2. **Matching rows** (:func:`match_rows`). Each coder makes their own slugs, so
   rows are paired by content; the rule is documented on :func:`match_rows`.

3. **Agreement** (:func:`agreement`). At the initiative level: found by both, by
   the first coder only, by the second only. Per field, on matched rows:
   Krippendorff's alpha (the ``krippendorff`` package) with a distance that fits
   the field, percent agreement, and a seeded bootstrap confidence interval.
   :func:`disagreements` lists every disagreement, one row each, to drive an
   adjudication log.

Krippendorff's alpha, for two coders
------------------------------------
A unit is *pairable* when both coders gave it a value (an empty cell of a scalar
field is a missing value; an empty party or domain list is the value "the empty
set"). With ``n`` pairable units, the ``2n`` pairable values ``v_1..v_2n`` and a
distance ``d``::

    D_o = (1 / n) * sum_u d(first_u, second_u)                  (observed disagreement)
    D_e = sum_{i != j} d(v_i, v_j) / (2n * (2n - 1))            (expected by chance)
    alpha = 1 - D_o / D_e

which is the coincidence-matrix form of Krippendorff (2004, ch. 11) for two
coders. ``alpha`` is 1 for perfect agreement, 0 for agreement at chance level.
It is undefined (NaN) when no unit is pairable or when every pairable value is
the same (``D_e = 0``); percent agreement is still reported then.

Distances: nominal fields use ``d = 0`` if equal else 1; ``year``, ``month`` and
``end_year`` use the interval distance ``(a - b) ** 2`` (``year`` also reports
exact agreement as its percent agreement); set-valued fields (party lists, the
union of all parties, domains) use MASI (Passonneau 2006) by default, or Jaccard
(``set_metric="jaccard"``), see :func:`set_distance`.

The point estimate comes from :func:`krippendorff.alpha` (``value_counts`` with a
callable distance over the observed values); the bootstrap uses the closed form
above (the two agree to rounding; the tests check it). Bootstrap: ``n_boot``
resamples of the matched units with replacement from ``numpy.random.default_rng(seed)``;
the interval is the 2.5 and 97.5 percentiles of the resampled alphas, ignoring
resamples where alpha is undefined.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from indopac.data.validation import Problem  # the same file:line: column: message as the loader

__all__ = [
    "COLUMNS",
    "FIELDS",
    "LIST_COLUMNS",
    "MATCH_WEIGHTS",
    "MIN_SIMILARITY",
    "Agreement",
    "CodingError",
    "FieldSpec",
    "Matching",
    "agreement",
    "alpha",
    "bootstrap_alpha",
    "disagreements",
    "match_rows",
    "read_coding",
    "report_markdown",
    "set_distance",
    "similarity",
]

#: the columns of a coding file: those of initiatives.csv, in order
COLUMNS = (
    "initiative_id", "title", "kind", "year", "month", "year_basis", "recurring", "end_year",
    "status", "level", "framework", "european_parties", "indo_pacific_parties", "other_parties",
    "domains", "source_id", "source_section", "notes",
)  # fmt: skip
#: ';'-separated list columns, read as frozensets
LIST_COLUMNS = ("european_parties", "indo_pacific_parties", "other_parties", "domains")
PARTY_COLUMNS = ("european_parties", "indo_pacific_parties", "other_parties")
INT_COLUMNS = ("year", "month", "end_year")
LIST_SEPARATOR = ";"
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


# --- reading -------------------------------------------------------------------


class CodingError(ValueError):
    """A coding file cannot be read; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message))
        n = len(self.problems)
        super().__init__("\n".join([f"{n} problem{'s' if n != 1 else ''}:", *map(str, self.problems)]))


def _parse_list(value: str) -> frozenset[str]:
    return frozenset(p.strip() for p in value.split(LIST_SEPARATOR) if p.strip())


def read_coding(path: str | Path) -> pd.DataFrame:
    """Read a coding CSV (the columns of initiatives.csv) into a typed frame.

    - list columns (``european_parties``, ``indo_pacific_parties``, ``other_parties``,
      ``domains``) become frozensets (pieces stripped of spaces, empty pieces dropped);
    - ``year``, ``month``, ``end_year`` become nullable ``Int64``;
    - ``recurring`` becomes nullable ``boolean`` (true/false, yes/no, 1/0; empty is missing);
    - every other column is a stripped string, ``""`` when empty.

    Codes and vocabularies are *not* checked against the project schema. Columns
    beyond :data:`COLUMNS` are kept. The frame is indexed 0..n-1 in file order and
    has a ``line`` column (the file line where each row starts).

    Raises :class:`CodingError` (``file:line: column: message`` for every problem)
    when the file is missing, not UTF-8, not CSV, lacks a column, has a row with
    the wrong number of cells, an integer or boolean cell that does not parse, or
    an empty or repeated ``initiative_id``.
    """
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise CodingError([Problem(name, None, None, "file is missing")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise CodingError(
            [Problem(name, line, None, f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8")]
        ) from None
    if not text.strip():
        raise CodingError([Problem(name, None, None, "file is empty; it needs at least a header line")])

    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        rows: list[list[str]] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for cells in reader:
            if not any(c.strip() for c in cells):  # blank line
                start = reader.line_num + 1
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(name, start, None, f"row has {len(cells)} cells, the header has {len(header)}")
                )
            else:
                rows.append([c.strip() for c in cells])
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as err:
        raise CodingError([Problem(name, reader.line_num, None, f"is not valid CSV: {err}")]) from None

    missing = [c for c in COLUMNS if c not in header]
    problems += [Problem(name, 1, c, "column is missing from the header") for c in missing]
    dupes = sorted({h for h in header if header.count(h) > 1})
    problems += [Problem(name, 1, c, "column appears more than once in the header") for c in dupes]
    if problems:
        raise CodingError(problems)

    frame = pd.DataFrame(rows, columns=header, dtype=object)
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in header})
    out: dict[str, pd.Series] = {}
    for column in header:
        values = frame[column]
        if column in LIST_COLUMNS:
            out[column] = values.map(_parse_list)
        elif column in INT_COLUMNS:
            parsed = []
            for i, v in values.items():
                if v == "":
                    parsed.append(pd.NA)
                elif re.fullmatch(r"[+-]?\d+(\.0*)?", v):
                    parsed.append(int(float(v)))
                else:
                    problems.append(Problem(name, lines[i], column, f"{v!r} is not an integer"))
                    parsed.append(pd.NA)
            out[column] = pd.array(parsed, dtype="Int64")
        elif column == "recurring":
            parsed = []
            for i, v in values.items():
                low = v.lower()
                if low == "":
                    parsed.append(pd.NA)
                elif low in _TRUE or low in _FALSE:
                    parsed.append(low in _TRUE)
                else:
                    problems.append(Problem(name, lines[i], column, f"{v!r} is not true or false"))
                    parsed.append(pd.NA)
            out[column] = pd.array(parsed, dtype="boolean")
        else:
            out[column] = values.astype(object)
    ids = frame["initiative_id"]
    for i, v in ids.items():
        if v == "":
            problems.append(Problem(name, lines[i], "initiative_id", "is empty"))
    seen: dict[str, int] = {}
    for i, v in ids.items():
        if v and v in seen:
            problems.append(Problem(name, lines[i], "initiative_id", f"{v!r} repeats line {seen[v]}"))
        seen.setdefault(v, lines[i])
    if problems:
        raise CodingError(problems)
    typed = pd.DataFrame(out, index=frame.index)
    typed["line"] = pd.array(lines, dtype="Int64")
    return typed


def _as_coding(coding: str | Path | pd.DataFrame) -> pd.DataFrame:
    return coding.reset_index(drop=True) if isinstance(coding, pd.DataFrame) else read_coding(coding)


def _all_parties(row) -> frozenset[str]:
    return frozenset().union(*(row[c] for c in PARTY_COLUMNS))


# --- set distances -------------------------------------------------------------


def jaccard(a: frozenset, b: frozenset) -> float:
    """|a & b| / |a | b|; two empty sets are identical (1)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def set_distance(a: frozenset, b: frozenset, metric: str = "masi") -> float:
    """Distance between two sets, 0 (identical) to 1 (disjoint).

    ``"jaccard"``: ``1 - |a & b| / |a | b|``.
    ``"masi"`` (Passonneau 2006): ``1 - J * M`` with ``J`` the Jaccard index and
    ``M`` = 1 if the sets are equal, 2/3 if one contains the other, 1/3 if they
    overlap otherwise, 0 if disjoint. Two empty sets are at distance 0; an empty
    and a non-empty set at distance 1.
    """
    a, b = frozenset(a), frozenset(b)
    j = jaccard(a, b)
    if metric == "jaccard":
        return 1.0 - j
    if metric != "masi":
        raise ValueError(f"unknown set metric {metric!r}; use 'masi' or 'jaccard'")
    if a == b:
        m = 1.0
    elif a <= b or b <= a:
        m = 2 / 3
    elif a & b:
        m = 1 / 3
    else:
        m = 0.0
    return 1.0 - j * m


# --- fields ----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One compared field: its name, the alpha distance and how to get its value from a row."""

    name: str
    metric: str  # "nominal", "interval", "masi", "jaccard"
    derived: bool = False  # computed from other columns (e.g. all parties); not in disagreements


#: fields compared on matched rows, in report order. ``parties`` is the union of the three party
#: lists. ``initiative_id``, ``title`` and ``notes`` are each coder's own words and are not compared.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "nominal"),
    FieldSpec("framework", "nominal"),
    FieldSpec("level", "nominal"),
    FieldSpec("status", "nominal"),
    FieldSpec("year_basis", "nominal"),
    FieldSpec("source_section", "nominal"),
    FieldSpec("source_id", "nominal"),
    FieldSpec("recurring", "nominal"),
    FieldSpec("year", "interval"),
    FieldSpec("month", "interval"),
    FieldSpec("end_year", "interval"),
    FieldSpec("european_parties", "set"),
    FieldSpec("indo_pacific_parties", "set"),
    FieldSpec("other_parties", "set"),
    FieldSpec("parties", "set", derived=True),
    FieldSpec("domains", "set"),
)


def _value(row: pd.Series, field: str):
    """A field's value, or None when the cell is empty (sets are never missing)."""
    if field == "parties":
        return _all_parties(row)
    v = row[field]
    if isinstance(v, frozenset):
        return v
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or v == "":
        return None
    if isinstance(v, (np.integer, int)) and not isinstance(v, (bool, np.bool_)):
        return int(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    return v


def _distance_fn(metric: str) -> Callable[[object, object], float]:
    if metric == "nominal":
        return lambda a, b: 0.0 if a == b else 1.0
    if metric == "interval":
        return lambda a, b: float((a - b) ** 2)
    if metric in ("masi", "jaccard"):
        return lambda a, b: set_distance(a, b, metric)
    raise ValueError(f"unknown metric {metric!r}")


def _encode(pairs: Sequence[tuple[object, object]], metric: str):
    """Pairable units as value codes (n, 2) and the distance matrix over the distinct values."""
    pairable = [(a, b) for a, b in pairs if a is not None and b is not None]
    values: list = []
    index: dict = {}
    codes = np.empty((len(pairable), 2), dtype=np.int64)
    for u, pair in enumerate(pairable):
        for c, v in enumerate(pair):
            key = (type(v).__name__, v)
            if key not in index:
                index[key] = len(values)
                values.append(v)
            codes[u, c] = index[key]
    d = _distance_fn(metric)
    dist = np.array([[d(a, b) for b in values] for a in values], dtype=float).reshape(len(values), len(values))
    return codes, dist


def _alpha_closed_form(codes: np.ndarray, dist: np.ndarray) -> float:
    n = len(codes)
    if n == 0:
        return float("nan")
    d_o = dist[codes[:, 0], codes[:, 1]].mean()
    counts = np.bincount(codes.ravel(), minlength=len(dist)).astype(float)
    d_e = (counts @ dist @ counts) / (2 * n * (2 * n - 1))  # dist has a zero diagonal
    if d_e <= 0:
        return float("nan")
    return float(1.0 - d_o / d_e)


def alpha(pairs: Sequence[tuple[object, object]], metric: str = "nominal") -> float:
    """Krippendorff's alpha of two coders over units ``(first_value, second_value)``.

    ``None`` is a missing value (the unit is not pairable). ``metric`` is
    ``"nominal"``, ``"interval"``, ``"masi"`` or ``"jaccard"``. Computed by
    :func:`krippendorff.alpha` from value counts with a callable distance over the
    observed values; NaN when undefined (no pairable unit, or one value only).
    """
    codes, dist = _encode(pairs, metric)
    if len(codes) == 0 or not (dist > 0).any():
        return float("nan")
    counts = np.zeros((len(codes), len(dist)), dtype=np.int64)
    np.add.at(counts, (np.repeat(np.arange(len(codes)), 2), codes.ravel()), 1)

    def metric_fn(v1, v2, i1, i2, n_v, dtype=np.float64):
        return dist[i1, i2].astype(dtype)

    return float(
        krippendorff.alpha(value_counts=counts, value_domain=np.arange(len(dist)), level_of_measurement=metric_fn)
    )


def bootstrap_alpha(
    pairs: Sequence[tuple[object, object]],
    metric: str = "nominal",
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`alpha`, resampling units with replacement.

    Deterministic for a given ``seed``. Resamples where alpha is undefined are
    ignored; ``(nan, nan)`` when alpha itself is undefined. Units that are not
    pairable are resampled too (they carry no pairable value), so the number of
    pairable units varies between resamples as it would between samples.
    """
    codes_all, dist = _encode(pairs, metric)
    if len(codes_all) == 0 or not (dist > 0).any():
        return float("nan"), float("nan")
    pairable = np.array([a is not None and b is not None for a, b in pairs])
    # Row u of `unit_codes` holds unit u's codes, or -1 for a unit that is not pairable.
    unit_codes = np.full((len(pairs), 2), -1, dtype=np.int64)
    unit_codes[pairable] = codes_all
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(pairs), size=(n_boot, len(pairs)))
    alphas = np.empty(n_boot)
    for b, sample in enumerate(draws):
        c = unit_codes[sample]
        alphas[b] = _alpha_closed_form(c[c[:, 0] >= 0], dist)
    alphas = alphas[~np.isnan(alphas)]
    if len(alphas) == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(alphas, [tail, 100 - tail])
    return float(lo), float(hi)


# --- matching rows ---------------------------------------------------------------

#: weights of the similarity components (they sum to 1); see :func:`similarity`
MATCH_WEIGHTS = {
    "parties": 0.35,
    "title": 0.20,
    "source_section": 0.15,
    "year": 0.10,
    "kind": 0.10,
    "domains": 0.10,
}
#: pairs less similar than this are not matched. The same parties in the same section score
#: 0.50 and do not suffice alone: one more shared attribute (year, kind, title words or domains)
#: is needed. On the first coding, renamed and perturbed at random (a party added, kind,
#: section, year or domains changed in 15% of rows each, half the title words replaced), 0.55
#: recovered 99.6% of true pairs; 0.5 recovered 99.8% but paired every dropped row with a
#: same-dyad, same-section neighbour when one was present (0.55: about half; 0.6: a tenth,
#: at 99.2% recall). Review matches near the threshold when adjudicating.
MIN_SIMILARITY = 0.55

_STOPWORDS = frozenset(
    ["a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "at", "by", "from", "between", "its", "their", "as"]
)


def _title_tokens(title: str) -> frozenset[str]:
    return frozenset(t for t in re.findall(r"[^\W_]+", str(title).lower()) if t not in _STOPWORDS)


def _year_similarity(a, b) -> float:
    if a is None and b is None:
        return 1.0
    if a is None or b is None:
        return 0.0
    gap = abs(a - b)
    return 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0


def _match_features(coding: pd.DataFrame) -> list[dict]:
    feats = []
    for _, row in coding.iterrows():
        feats.append(
            {
                "parties": _all_parties(row),
                "domains": row["domains"],
                "title": _title_tokens(row["title"]),
                "source_section": row["source_section"],
                "kind": row["kind"],
                "year": _value(row, "year"),
            }
        )
    return feats


def _similarity(f: dict, s: dict) -> float:
    parties = jaccard(f["parties"], s["parties"])
    if parties == 0:
        return 0.0
    parts = {
        "parties": parties,
        "title": jaccard(f["title"], s["title"]),
        "source_section": float(f["source_section"] == s["source_section"]),
        "year": _year_similarity(f["year"], s["year"]),
        "kind": float(f["kind"] == s["kind"]),
        "domains": jaccard(f["domains"], s["domains"]),
    }
    return round(sum(MATCH_WEIGHTS[k] * v for k, v in parts.items()), 12)


def similarity(first_row: pd.Series, second_row: pd.Series) -> float:
    """Similarity of two coded rows, 0 to 1, as :func:`match_rows` uses it.

    ``0.35 * parties + 0.20 * title + 0.15 * section + 0.10 * year + 0.10 * kind
    + 0.10 * domains`` (:data:`MATCH_WEIGHTS`), where *parties* is the Jaccard index
    of all parties (the three party lists together), *title* the Jaccard index of
    the lower-cased title words without common English stopwords, *section* 1 if
    ``source_section`` is equal, *year* 1 if equal (or both empty), 0.5 if one
    year apart, else 0, *kind* 1 if equal, *domains* the Jaccard index of the
    domains. Rows with no party in common have similarity 0.
    """
    one = _match_features(pd.DataFrame([first_row]))[0]
    two = _match_features(pd.DataFrame([second_row]))[0]
    return _similarity(one, two)


@dataclass(frozen=True)
class Matching:
    """Row pairs of two codings, and the rows of each that found no partner.

    ``table`` has columns first_id, second_id, similarity, method (``"id"`` for
    an exact id match, ``"similarity"`` for a pair made by the assignment), sorted
    by first_id. ``unmatched_first`` / ``unmatched_second`` are sorted id lists.
    """

    table: pd.DataFrame
    unmatched_first: list[str]
    unmatched_second: list[str]


def match_rows(
    first: str | Path | pd.DataFrame,
    second: str | Path | pd.DataFrame,
    min_similarity: float = MIN_SIMILARITY,
) -> Matching:
    """Pair the rows of two codings, one to one.

    The rule:

    1. Rows with the same ``initiative_id`` in both codings are paired, always,
       whatever their similarity.
    2. The remaining rows are paired by content: :func:`similarity` for every
       (first, second) pair, then the assignment that maximises the total
       similarity (``scipy.optimize.linear_sum_assignment``), where pairs below
       ``min_similarity`` (default :data:`MIN_SIMILARITY` = 0.55) count as 0 and
       are never kept. A row left without a partner is *unmatched*: found by one
       coder only.
    3. Deterministic: both sides are sorted by ``initiative_id`` before the
       assignment, so the result does not depend on row order; ties go to the
       pairing the solver finds first in that order.
    """
    one, two = _as_coding(first), _as_coding(second)
    ids1, ids2 = list(one["initiative_id"]), list(two["initiative_id"])
    feats1 = dict(zip(ids1, _match_features(one)))
    feats2 = dict(zip(ids2, _match_features(two)))

    rows = []
    shared = sorted(set(ids1) & set(ids2))
    for i in shared:
        rows.append((i, i, _similarity(feats1[i], feats2[i]), "id"))

    rest1 = sorted(set(ids1) - set(shared))
    rest2 = sorted(set(ids2) - set(shared))
    matched1, matched2 = set(), set()
    if rest1 and rest2:
        sim = np.array([[_similarity(feats1[a], feats2[b]) for b in rest2] for a in rest1])
        gain = np.where(sim >= min_similarity, sim, 0.0)
        r, c = linear_sum_assignment(gain, maximize=True)
        for i, j in zip(r, c):
            if sim[i, j] >= min_similarity:
                rows.append((rest1[i], rest2[j], float(sim[i, j]), "similarity"))
                matched1.add(rest1[i])
                matched2.add(rest2[j])
    table = (
        pd.DataFrame(rows, columns=["first_id", "second_id", "similarity", "method"])
        .sort_values("first_id", kind="stable")
        .reset_index(drop=True)
    )
    return Matching(
        table=table,
        unmatched_first=[i for i in rest1 if i not in matched1],
        unmatched_second=[i for i in rest2 if i not in matched2],
    )


# --- agreement -------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """Agreement between two codings.

    - ``matching``: the :class:`Matching` (``matches`` is its table);
    - ``units``: one row per initiative found by either coder: first_id,
      second_id (``None`` on the missing side), found (``"both"``, ``"first only"``,
      ``"second only"``), similarity, method;
    - ``fields``: one row per compared field: field, metric, n (matched units),
      n_pairable (units both coders gave a value, the basis of alpha), alpha,
      ci_low, ci_high, percent_agreement (share of matched units with equal
      values, two empty cells counting as equal);
    - ``first`` / ``second``: the two codings as :func:`read_coding` returns them.
    """

    matching: Matching
    units: pd.DataFrame
    fields: pd.DataFrame
    first: pd.DataFrame
    second: pd.DataFrame
    set_metric: str = "masi"

    @property
    def matches(self) -> pd.DataFrame:
        return self.matching.table

    @property
    def found_by_both(self) -> int:
        return len(self.matching.table)

    @property
    def first_only(self) -> list[str]:
        return self.matching.unmatched_first

    @property
    def second_only(self) -> list[str]:
        return self.matching.unmatched_second

    def initiative_counts(self) -> dict[str, int]:
        """Initiatives found by both coders, by the first only, by the second only."""
        return {"both": self.found_by_both, "first only": len(self.first_only), "second only": len(self.second_only)}


def _matched_rows(one: pd.DataFrame, two: pd.DataFrame, table: pd.DataFrame):
    by1 = one.set_index("initiative_id", drop=False)
    by2 = two.set_index("initiative_id", drop=False)
    return [(by1.loc[a], by2.loc[b]) for a, b in zip(table["first_id"], table["second_id"])]


def agreement(
    first_path: str | Path | pd.DataFrame,
    second_path: str | Path | pd.DataFrame,
    *,
    min_similarity: float = MIN_SIMILARITY,
    set_metric: str = "masi",
    n_boot: int = 1000,
    seed: int = 0,
) -> Agreement:
    """Agreement between the first and the second coding (paths or frames from :func:`read_coding`).

    Rows are matched by :func:`match_rows`; every field of :data:`FIELDS` is
    compared on matched rows (see the module docstring for alpha and its interval).
    ``set_metric`` (``"masi"`` or ``"jaccard"``) is the distance of set-valued fields.
    """
    one, two = _as_coding(first_path), _as_coding(second_path)
    matching = match_rows(one, two, min_similarity=min_similarity)
    table = matching.table

    units = pd.concat(
        [
            table.assign(found="both"),
            pd.DataFrame({"first_id": matching.unmatched_first, "second_id": None, "found": "first only"}),
            pd.DataFrame({"first_id": None, "second_id": matching.unmatched_second, "found": "second only"}),
        ],
        ignore_index=True,
    )[["first_id", "second_id", "found", "similarity", "method"]]

    pairs_of_rows = _matched_rows(one, two, table)
    records = []
    for spec in FIELDS:
        metric = set_metric if spec.metric == "set" else spec.metric
        pairs = [(_value(r1, spec.name), _value(r2, spec.name)) for r1, r2 in pairs_of_rows]
        n = len(pairs)
        n_pairable = sum(a is not None and b is not None for a, b in pairs)
        a = alpha(pairs, metric) if n else float("nan")
        lo, hi = bootstrap_alpha(pairs, metric, n_boot=n_boot, seed=seed) if n else (float("nan"),) * 2
        pct = sum(x == y for x, y in pairs) / n if n else float("nan")
        records.append(
            {
                "field": spec.name,
                "metric": metric,
                "n": n,
                "n_pairable": n_pairable,
                "alpha": a,
                "ci_low": lo,
                "ci_high": hi,
                "percent_agreement": pct,
            }
        )
    return Agreement(
        matching=matching,
        units=units,
        fields=pd.DataFrame(records),
        first=one,
        second=two,
        set_metric=set_metric,
    )


def _text(v) -> str:
    """A value as a coding file writes it: sets sorted and ';'-joined, missing as ''."""
    if v is None:
        return ""
    if isinstance(v, frozenset):
        return LIST_SEPARATOR.join(sorted(v))
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def disagreements(result: Agreement) -> pd.DataFrame:
    """Every disagreement, one row each: the rows an adjudication log must cover.

    Columns: first_id, second_id, field, first_value, second_value, kind.

    - For each matched pair and each stored field of :data:`FIELDS` (the derived
      ``parties`` is left out, its differences are those of the three party lists)
      whose values differ: kind ``"value"``, values written as in a coding file
      (sets sorted and ';'-joined, an empty cell as ``""``).
    - For each unmatched row: field ``"initiative_id"``, kind ``"found by first
      only"`` (second_id and second_value empty) or ``"found by second only"``.

    Order: matched pairs by first_id and field order, then first-only, then
    second-only rows by id.
    """
    rows = []
    for r1, r2 in _matched_rows(result.first, result.second, result.matching.table):
        for spec in FIELDS:
            if spec.derived:
                continue
            a, b = _value(r1, spec.name), _value(r2, spec.name)
            if a != b:
                rows.append(
                    (r1["initiative_id"], r2["initiative_id"], spec.name, _text(a), _text(b), "value")
                )
    for i in result.first_only:
        rows.append((i, "", "initiative_id", i, "", "found by first only"))
    for i in result.second_only:
        rows.append(("", i, "initiative_id", "", i, "found by second only"))
    return pd.DataFrame(rows, columns=["first_id", "second_id", "field", "first_value", "second_value", "kind"])


def _fmt(x: float, digits: int = 2) -> str:
    return "" if pd.isna(x) else f"{x:.{digits}f}"


def report_markdown(result: Agreement) -> str:
    """The initiative counts and the per-field table as Markdown."""
    counts = result.initiative_counts()
    lines = [
        "| found | initiatives |",
        "|---|---:|",
        *(f"| {k} | {v} |" for k, v in counts.items()),
        "",
        "| field | metric | n | n_pairable | alpha | ci_low | ci_high | percent_agreement |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result.fields.itertuples(index=False):
        pct = "" if pd.isna(r.percent_agreement) else f"{r.percent_agreement:.0%}"
        lines.append(
            f"| {r.field} | {r.metric} | {r.n} | {r.n_pairable} | {_fmt(r.alpha)} | {_fmt(r.ci_low)} | "
            f"{_fmt(r.ci_high)} | {pct} |"
        )
    return "\n".join(lines) + "\n"


# --- the files of a data folder, and what the adjudication changed (notebook 01) ---------------

#: the reliability files of a data folder, under ``<data>/reliability/``
FIRST_CODING = "first-coding-v1.0.0.csv"
SECOND_CODING = "second-coding.csv"
ADJUDICATION = "adjudication.csv"


def reliability_files(data_dir: str | Path) -> dict[str, Path] | None:
    """The first and second coding and the adjudication log of a data folder, or None if any is missing."""
    folder = Path(data_dir) / "reliability"
    files = {"first": folder / FIRST_CODING, "second": folder / SECOND_CODING, "adjudication": folder / ADJUDICATION}
    return files if all(p.is_file() for p in files.values()) else None


def adjudication_summary(path: str | Path) -> pd.DataFrame:
    """Decisions of an adjudication log by origin and outcome: one row per (origin, outcome), with ``decisions``.

    ``outcome`` for a coder disagreement: ``first kept`` (the decision is the first coder's
    value), ``second adopted`` (the second coder's), ``other`` (neither); for any other origin
    (the expert review): ``reviewed``. ``changed`` counts the decisions whose ``change`` is not
    ``none`` (a change to ``initiatives.csv``). Origins in order of first appearance.
    """
    log = pd.read_csv(path, dtype=str, keep_default_na=False)
    def outcome(r) -> str:
        if r["origin"] != "coder_disagreement":
            return "reviewed"
        if r["decision"] == r["first_value"]:
            return "first kept"
        if r["decision"] == r["second_value"]:
            return "second adopted"
        return "other"
    log = log.assign(outcome=log.apply(outcome, axis=1),
                     changed=log["change"].str.strip().str.lower().ne("none") & log["change"].str.strip().ne(""))
    out = log.groupby(["origin", "outcome"], sort=False).agg(decisions=("item", "size"), changed=("changed", "sum"))
    return out.reset_index().astype({"decisions": "int64", "changed": "int64"})


def row_changes(before: str | Path | pd.DataFrame, after: str | Path | pd.DataFrame) -> dict[str, list[str]]:
    """Rows removed, added and changed between two versions of a coding (by ``initiative_id``), sorted ids.

    A row is *changed* when any column of :data:`COLUMNS` differs (notes included).
    """
    one, two = _as_coding(before), _as_coding(after)
    a, b = one.set_index("initiative_id"), two.set_index("initiative_id")
    shared = sorted(set(a.index) & set(b.index))
    cols = [c for c in COLUMNS if c != "initiative_id"]
    changed = [i for i in shared if any(_text(a.at[i, c]) != _text(b.at[i, c]) for c in cols)]
    return {"removed": sorted(set(a.index) - set(b.index)), "added": sorted(set(b.index) - set(a.index)),
            "changed": changed}


def folder_agreement(data_dir: str | Path, **kwargs) -> Agreement | None:
    """:func:`agreement` of the first and second coding in ``<data_dir>/reliability/``, or None without them."""
    files = reliability_files(data_dir)
    return None if files is None else agreement(files["first"], files["second"], **kwargs)


#: Krippendorff's usual thresholds: reliable from 0.8, tentative conclusions only from 0.667
RELIABLE = 0.8
TENTATIVE = 0.667


def field_verdicts(result: Agreement) -> pd.DataFrame:
    """:attr:`Agreement.fields` with ``verdict``: ``reliable`` (α ≥ :data:`RELIABLE`), ``tentative``
    (≥ :data:`TENTATIVE`), ``not reliable``, or ``undefined`` (α is NaN), and ``low_below_reliable``
    (the interval's lower bound is below :data:`RELIABLE`)."""
    f = result.fields.copy()
    a = f["alpha"]
    f["verdict"] = np.select([a.isna(), a >= RELIABLE, a >= TENTATIVE], ["undefined", "reliable", "tentative"],
                             "not reliable")
    f["low_below_reliable"] = f["ci_low"].lt(RELIABLE) & f["alpha"].ge(RELIABLE)
    return f
