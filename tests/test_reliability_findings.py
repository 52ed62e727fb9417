"""Notebook 01's reliability section is computed from the files in data/reliability/, never typed.

Each test works on a copy of the shipped data folder (``data_copy``), edits a file, and sees
the sentences move with it.
"""

from __future__ import annotations

import csv

import pytest

import indopac
from indopac.analysis import reliability as rel
from indopac.findings import reliability as words


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture(scope="module")
def shipped_agreement(shipped):
    return words.agreement(shipped)


def test_initiative_counts_come_from_the_two_codings(shipped, shipped_agreement):
    c = shipped_agreement.initiative_counts()
    n1 = len(_rows(shipped.data_dir / "reliability" / rel.FIRST_CODING))
    assert c["both"] + c["first only"] == n1
    text = words.summary_found(shipped_agreement)
    assert f"**{c['both']} initiatives were found by both coders**" in text
    assert f"{c['first only']} by the first coder only" in text


def test_the_table_has_every_field_with_alpha_interval_and_agreement(shipped_agreement):
    table = words.fields_table(shipped_agreement)
    assert len(table) == len(shipped_agreement.fields)
    assert {"α", "95% CI", "agreement", "reading"} <= set(table.columns)
    assert set(table["reading"]) <= {"reliable", "tentative", "not reliable", "undefined"}


def test_agreement_falls_when_the_second_coding_disagrees_more(data_copy):
    before = words.agreement(indopac.load(data_copy))
    path = data_copy / "reliability" / rel.SECOND_CODING
    rows = _rows(path)
    for r in rows:  # every kind becomes 'other': kind agreement collapses
        r["kind"] = "other"
    _write(path, rows)
    after = words.agreement(indopac.load(data_copy))
    kind = lambda a: a.fields.set_index("field").at["kind", "alpha"]
    assert kind(after) < kind(before)
    assert "kind" in words.headline_reliability(after)
    assert "kind" not in words.headline_reliability(before)


def test_changes_are_counted_from_the_log_and_the_two_versions(shipped):
    files = rel.reliability_files(shipped.data_dir)
    log = _rows(files["adjudication"])
    summary = rel.adjudication_summary(files["adjudication"])
    assert summary["decisions"].sum() == len(log)
    changes = rel.row_changes(files["first"], shipped.data_dir / "initiatives.csv")
    first_ids = {r["initiative_id"] for r in _rows(files["first"])}
    now_ids = set(shipped.initiatives["initiative_id"])
    assert changes["removed"] == sorted(first_ids - now_ids)
    assert changes["added"] == sorted(now_ids - first_ids)
    text = words.summary_changes(shipped)
    assert f"records {len(log)} decisions" in text
    assert f"{len(changes['removed'])} rows removed, {len(changes['added'])} added" in text
    assert f"({len(shipped)} rows now)" in text


def test_a_row_edited_after_the_first_coding_counts_as_changed(data_copy, shipped):
    path = data_copy / "initiatives.csv"
    rows = _rows(path)
    rows[0]["notes"] = rows[0]["notes"] + " Edited."
    _write(path, rows)
    before = rel.row_changes(data_copy / "reliability" / rel.FIRST_CODING, shipped.data_dir / "initiatives.csv")
    after = rel.row_changes(data_copy / "reliability" / rel.FIRST_CODING, path)
    assert rows[0]["initiative_id"] in after["changed"]
    assert len(after["changed"]) >= len(before["changed"])


def test_a_data_folder_without_reliability_files_says_so(make_data):
    ds = indopac.load(make_data(
        "s1,Small one,agreement,2012,,stated,false,,ongoing,ministerial,bilateral_other,GBR,JPN,,maritime,eesc-2023,2.2,n"))
    assert words.agreement(ds) is None
    assert words.summary_found(None) == words.NO_FILES
    assert words.summary_changes(ds) == ""
