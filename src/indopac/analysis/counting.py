"""Counting rules: alternative ways to count the same initiatives, each a function Dataset -> Dataset.

The shipped coding is one set of choices (see data/README.md). A finding that holds only
under one of them must say so. Each rule here changes one choice, rebuilds the long views
from the changed wide table (:func:`rebuild`) and returns a new, consistent Dataset. The
input is never modified.

Rules (the decisions, and why):

``foip_from_2016``
    Japan announced "Free and Open Indo-Pacific" in 2016. The codebook files the earlier
    France–Japan and UK–Japan formats under FOIP as its roots (the 1997 dialogue, the 2012
    memorandum, the 2014 and 2015 2+2 formats...). This rule recodes every FOIP row that
    *starts* before 2016 as ``bilateral_other``, the codebook's only framework for
    cooperation outside any umbrella. All such rows in the shipped data are bilateral with
    Japan; a multilateral one would be recoded the same way, for lack of another
    category. A recurring series is judged by its start year, although later sessions
    may fall after 2016. Undated FOIP rows stay FOIP: nothing says they are older.

``fold_recurring_series``
    Rule 2 of the codebook gives each *session* of a series its own row when the study
    describes sessions (the 1st and 2nd Comprehensive Maritime Dialogue, the sixth 2+2).
    This rule folds them back into one row per series. A series is the set of rows of
    kind ``dialogue`` or ``ministerial_meeting`` with the same European and Indo-Pacific
    parties whose ids agree once the start year and a session ordinal (``1st``, ``2nd``,
    ``sixth``...) are removed: ``fra-jpn-2plus2-2014`` and ``fra-jpn-2plus2-sixth`` form
    one series, the two ``fra-jpn-comprehensive-maritime-dialogue-*`` rows another.
    Agreements signed at a session (the 2017 space situational awareness arrangement)
    are distinct acts and are not folded; nor are rows whose parties differ (the German
    and the Franco-British sanctions monitoring). The folded row keeps the earliest
    dated member's id, year, framework and section, becomes ``recurring``, and takes
    the union of the members' domains and parties.

``undated_early`` / ``undated_late``
    The study dates 25 of 73 initiatives; the rest are never guessed. For bounds only,
    these rules place every undated row at the earliest dated year in the data
    (1954 in the shipped data) or at the study's year (2023). These are extremes, not
    estimates. The placed rows get ``year_basis = 'inferred'`` and ``year_imputed = True``.

``without_section(s)``
    Drops the initiatives whose ``source_section`` is ``s``: does a finding rest on one
    section's examples? :func:`variants` makes one rule per section present.

``multilateral_once`` / ``per_pair``
    The shipped data count a multilateral initiative once (``multilateral_once`` is the
    identity). ``per_pair`` counts it once per European–Indo-Pacific pair: a row with
    parties BEL;FRA and JPN becomes two rows, BEL–JPN and FRA–JPN, with ids
    ``<id>~BEL~JPN``. Other parties (the US, the UN) stay on every pair row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from indopac.data import Dataset
from indopac.memo import per_dataset

#: side -> wide list column (as in indopac.data)
SIDE_COLUMNS = {"european": "european_parties", "indo_pacific": "indo_pacific_parties", "other": "other_parties"}
_CONTEXT = ["year", "year_basis", "framework", "kind", "level", "recurring"]

#: the year Japan announced the Free and Open Indo-Pacific
FOIP_ANNOUNCED = 2016
SERIES_KINDS = ("dialogue", "ministerial_meeting")
_ORDINAL = re.compile(
    r"-(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?=-|$)"
)
_YEAR = re.compile(r"-\d{4}$")


# --- consistency ---------------------------------------------------------------------


def rebuild(ds: Dataset, initiatives: pd.DataFrame) -> Dataset:
    """A Dataset whose long views are rebuilt from ``initiatives`` (exploded as indopac.data does)."""
    ini = initiatives.reset_index(drop=True)
    parts = []
    for side, column in SIDE_COLUMNS.items():
        exploded = ini[["initiative_id", column, *_CONTEXT]].explode(column).dropna(subset=[column])
        exploded = exploded.rename(columns={column: "actor"})
        exploded.insert(2, "side", side)
        parts.append(exploded)
    parties = pd.concat(parts, ignore_index=True)
    parties["actor"] = pd.Categorical(parties["actor"], categories=ds.actors["code"].tolist())
    parties["side"] = pd.Categorical(parties["side"], categories=list(SIDE_COLUMNS))
    parties = parties.sort_values(["initiative_id", "side", "actor"], kind="stable").reset_index(drop=True)

    dom = ini[["initiative_id", "domains", *_CONTEXT]].explode("domains").dropna(subset=["domains"])
    dom = dom.rename(columns={"domains": "domain"}).reset_index(drop=True)
    group_of = dict(zip(ds.domains["code"], ds.domains["group"]))
    groups = ds.domains["group"]
    cats = groups.cat.categories if hasattr(groups, "cat") else sorted(set(groups))
    dom.insert(2, "group", pd.Categorical(dom["domain"].map(group_of), categories=cats))
    dom["domain"] = pd.Categorical(dom["domain"], categories=ds.domains["code"].tolist())
    return replace(ds, initiatives=ini, initiative_parties=parties, initiative_domains=dom)


# --- the rules ------------------------------------------------------------------------


def multilateral_once(ds: Dataset) -> Dataset:
    """The shipped rule: each initiative counts once, whatever its number of parties."""
    return ds


def foip_from_2016(ds: Dataset, year: int = FOIP_ANNOUNCED) -> Dataset:
    """FOIP rows starting before ``year`` recoded as ``bilateral_other``; undated FOIP rows stay FOIP."""
    ini = ds.initiatives.copy()
    early = (ini["framework"] == "FOIP") & ini["year"].notna() & (ini["year"] < year)
    ini.loc[early.fillna(False).astype(bool), "framework"] = "bilateral_other"
    return rebuild(ds, ini)


def series_key(initiative_id: str) -> str:
    """The id of a session with its start year and session ordinal removed."""
    return _ORDINAL.sub("", _YEAR.sub("", initiative_id))


def series(ds: Dataset) -> dict[str, list[str]]:
    """Series with more than one row: key -> member ids (earliest dated first, undated last)."""
    ini = ds.initiatives
    cand = ini[ini["kind"].isin(SERIES_KINDS)].copy()
    cand["_key"] = [
        (series_key(i), tuple(sorted(e)), tuple(sorted(p)))
        for i, e, p in zip(cand["initiative_id"], cand["european_parties"], cand["indo_pacific_parties"])
    ]
    cand["_order"] = cand["year"].astype("Float64").fillna(float("inf"))
    out = {}
    for key, g in cand.sort_values(["_order", "initiative_id"]).groupby("_key", sort=False):
        if len(g) > 1:
            out[key[0]] = g["initiative_id"].tolist()
    return out


def _union(values) -> tuple:
    seen: dict = {}
    for v in values:
        for c in v:
            seen.setdefault(c, None)
    return tuple(seen)


def fold_recurring_series(ds: Dataset) -> Dataset:
    """Sessions of one series folded into a single recurring row (see the module docstring)."""
    groups = series(ds)
    if not groups:
        return ds
    ini = ds.initiatives.set_index("initiative_id", drop=False)
    drop = []
    for members in groups.values():
        keep, rest = members[0], members[1:]
        rows = ini.loc[members]
        for col in ("european_parties", "indo_pacific_parties", "other_parties", "domains"):
            ini.at[keep, col] = _union(rows[col])
        ini.at[keep, "recurring"] = True
        drop.extend(rest)
    ini = ini.drop(index=drop).reset_index(drop=True)
    return rebuild(ds, ini)


def _place_undated(ds: Dataset, year: int) -> Dataset:
    ini = ds.initiatives.copy()
    missing = ini["year"].isna()
    ini["year_imputed"] = missing.to_numpy()
    ini.loc[missing, "year"] = year
    ini.loc[missing, "year_basis"] = "inferred"
    return rebuild(ds, ini)


def earliest_year(ds: Dataset) -> int:
    y = ds.initiatives["year"].dropna()
    return int(y.min()) if len(y) else ds.coverage_end


def undated_early(ds: Dataset) -> Dataset:
    """Every undated row placed at the earliest dated year in the data."""
    return _place_undated(ds, earliest_year(ds))


def undated_late(ds: Dataset) -> Dataset:
    """Every undated row placed at the study's year (the latest any initiative may start)."""
    return _place_undated(ds, ds.coverage_end)


@per_dataset()  # a Dataset: nothing to copy
def without_section(ds: Dataset, section: str) -> Dataset:
    """The initiatives of every study section except ``section`` (one copy per dataset and section)."""
    ini = ds.initiatives
    return rebuild(ds, ini[ini["source_section"].astype(str) != str(section)])


def per_pair(ds: Dataset) -> Dataset:
    """One row per (European party, Indo-Pacific party) pair of each initiative."""
    rows = []
    for rec in ds.initiatives.to_dict("records"):
        eu, ip = rec["european_parties"], rec["indo_pacific_parties"]
        if len(eu) == 1 and len(ip) == 1:
            rows.append(rec)
            continue
        for e in eu:
            for p in ip:
                r = dict(rec)
                r["initiative_id"] = f"{rec['initiative_id']}~{e}~{p}"
                r["european_parties"], r["indo_pacific_parties"] = (e,), (p,)
                rows.append(r)
    ini = pd.DataFrame(rows, columns=ds.initiatives.columns)
    for col in ds.initiatives.columns:
        try:
            ini[col] = ini[col].astype(ds.initiatives[col].dtype)
        except (TypeError, ValueError):  # pragma: no cover - object columns
            pass
    return rebuild(ds, ini)


# --- the registry ---------------------------------------------------------------------

#: fixed rules, by name
RULES: dict[str, Callable[[Dataset], Dataset]] = {
    "foip_from_2016": foip_from_2016,
    "fold_recurring_series": fold_recurring_series,
    "undated_early": undated_early,
    "undated_late": undated_late,
    "multilateral_once": multilateral_once,
    "per_pair": per_pair,
}

RULE_DESCRIPTIONS = {
    "foip_from_2016": "FOIP counted only from its 2016 announcement (earlier FOIP rows as bilateral_other)",
    "fold_recurring_series": "sessions of a recurring series folded into one row",
    "undated_early": "every undated initiative placed at the earliest dated year",
    "undated_late": "every undated initiative placed at the study's year",
    "multilateral_once": "each multilateral initiative counted once (the shipped rule)",
    "per_pair": "each multilateral initiative counted once per European–Indo-Pacific pair",
}


def sections(ds: Dataset) -> list[str]:
    """Study sections that hold at least one initiative, in the study's order."""
    s = ds.initiatives["source_section"]
    order = list(s.cat.categories) if hasattr(s, "cat") else sorted(set(s.astype(str)))
    present = set(s.astype(str))
    return [str(c) for c in order if str(c) in present]


@per_dataset(copy=dict)
def variants(ds: Dataset) -> dict[str, Dataset]:
    """Every counting-rule variant of ``ds``: the fixed rules, then ``without_section:<s>`` per section.

    Made once per dataset, so the verdicts computed on each variant are too (see :mod:`indopac.memo`).
    """
    out = {name: rule(ds) for name, rule in RULES.items()}
    for s in sections(ds):
        out[f"without_section:{s}"] = without_section(ds, s)
    return out


# --- another coding of the same study ------------------------------------------------------

_VERSION_IN_NAME = re.compile(r"-v(\d+(?:\.\d+)*)$")


def from_coding(ds: Dataset, path, version: str | None = None) -> Dataset:
    """``ds`` with its initiatives replaced by those of another coding file (same columns as initiatives.csv).

    For comparing verdicts between dataset versions: ``data/reliability/first-coding-v1.0.0.csv``
    keeps v1.0.0 frozen. The reference tables and schema stay those of ``ds``; the file is
    read as the loader reads ``initiatives.csv`` but not validated again (it was valid when it
    was frozen). ``version`` defaults to the ``-v<version>`` suffix of the file name.
    """
    from pathlib import Path

    from indopac.data import schema
    from indopac.data.validation import typed_table

    path = Path(path)
    if ds.data_dir is None:
        raise ValueError("from_coding needs a Dataset loaded from a folder (its schema is read from there)")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    ini = typed_table(schema.tables(ds.data_dir)["initiatives"], raw)
    if version is None:
        found = _VERSION_IN_NAME.search(path.stem)
        version = found.group(1) if found else path.stem
    return replace(rebuild(ds, ini), version=version)


def earlier_version(ds: Dataset, coding: str | None) -> Dataset | None:
    """The Dataset of an earlier coding kept in ``ds``'s data folder (``coding`` relative to it), or None for none.

    A named file that does not exist is a parameter error naming the codings that do exist.
    """
    if coding is None:
        return None
    from indopac.params import not_valid

    folder = ds.data_dir
    path = folder / coding if folder is not None else None
    if path is None or not path.is_file():
        found = sorted(str(p.relative_to(folder)) for p in folder.rglob("*coding*.csv")) if folder is not None else []
        raise not_valid("earlier_coding", coding, "is not a file in the data folder", found or ["None"])
    return from_coding(ds, path)
