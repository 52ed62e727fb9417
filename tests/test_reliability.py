"""Specifications of indopac.reliability: agreement between two codings, computed from the files.

The codings here are hand-made; the real second coding is not read by these tests.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest

from indopac.analysis import reliability as rel

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # the shipped first coding (read only)

HEADER = list(rel.COLUMNS)

# A first coding: every compared field takes more than one value, so every alpha is defined
# (except source_id and end_year, kept constant / mostly empty on purpose).
FIRST = [
    # id, title, kind, year, month, year_basis, recurring, end_year, status, level, framework, eu, ip, other, domains, source_id, section, notes
    ["fra-jpn-roadmap-2019", "France–Japan maritime cooperation roadmap", "agreement", "2019", "", "stated", "false", "", "ongoing", "ministerial", "FOIP", "FRA", "JPN", "", "maritime;exercises_interoperability", "eesc-2023", "2.2", "n1"],
    ["gbr-jpn-declaration-2017", "UK–Japan joint declaration on security cooperation", "declaration", "2017", "8", "stated", "false", "", "concluded", "leaders", "FOIP", "GBR", "JPN", "", "political_dialogue", "eesc-2023", "2.1", "n2"],
    ["deu-aus-exercise-pitch-black", "Exercise Pitch Black", "exercise", "2022", "", "inferred", "true", "", "ongoing", "military", "bilateral_other", "DEU", "AUS", "", "exercises_interoperability", "eesc-2023", "3.1", "n3"],
    ["nld-kor-dialogue", "Netherlands–Korea defence dialogue", "dialogue", "", "", "unknown", "true", "", "ongoing", "officials", "NATO", "NLD", "KOR", "USA", "political_dialogue;military_exchanges", "eesc-2023", "3.2", "n4"],
    ["ita-jpn-gcap", "Global Combat Air Programme", "industrial_project", "2022", "12", "stated", "false", "", "ongoing", "industry", "bilateral_other", "GBR;ITA", "JPN", "", "defence_industry", "eesc-2023", "4", "n5"],
    ["gbr-sgp-fpda", "Five Power Defence Arrangements", "agreement", "1971", "", "stated", "false", "", "ongoing", "ministerial", "FPDA", "GBR", "MYS;SGP", "AUS;NZL", "access_logistics;exercises_interoperability", "eesc-2023", "1", "n6"],
    ["bel-vnm-agreement-2002", "Belgium–Vietnam defence cooperation agreement", "agreement", "2002", "", "stated", "false", "", "concluded", "unspecified", "bilateral_other", "BEL", "VNM", "", "peacekeeping;military_exchanges", "eesc-2023", "4", "n7"],
    ["fra-ind-varuna", "Varuna naval exercise", "exercise", "2023", "", "stated", "true", "", "ongoing", "military", "bilateral_other", "FRA", "IND", "", "maritime;exercises_interoperability", "eesc-2023", "2.3", "n8"],
]
IDX = {row[0]: i for i, row in enumerate(FIRST)}
COL = {c: i for i, c in enumerate(HEADER)}


def write(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def renamed(rows, suffix="-b"):
    """The same coding, with the second coder's own slugs."""
    out = [list(r) for r in rows]
    for r in out:
        r[0] = "x-" + r[0] + suffix
    return out


def edit(rows, initiative_id, column, value):
    out = [list(r) for r in rows]
    out[[r[0] for r in out].index(initiative_id)][COL[column]] = value
    return out


@pytest.fixture
def first(tmp_path):
    return write(tmp_path / "first.csv", FIRST)


def field_row(result, field):
    return result.fields.set_index("field").loc[field]


# --- reading ---------------------------------------------------------------------


def test_read_coding_types(first):
    c = rel.read_coding(first)
    assert list(c.columns[: len(HEADER)]) == HEADER
    assert c.loc[IDX["gbr-sgp-fpda"], "indo_pacific_parties"] == frozenset({"MYS", "SGP"})
    assert c.loc[IDX["fra-jpn-roadmap-2019"], "other_parties"] == frozenset()
    assert all(isinstance(v, frozenset) for col in rel.LIST_COLUMNS for v in c[col])
    assert str(c["year"].dtype) == "Int64"
    assert c["year"].isna().sum() == 1
    assert c.loc[IDX["nld-kor-dialogue"], "recurring"]
    assert list(c["line"]) == list(range(2, 2 + len(FIRST)))


def test_columns_are_those_of_initiatives_csv():
    with open(DATA_DIR / "initiatives.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == HEADER


def test_read_coding_accepts_codes_outside_the_schema(tmp_path):
    rows = edit(FIRST, "fra-ind-varuna", "kind", "naval_exercise")
    rows = edit(rows, "fra-ind-varuna", "indo_pacific_parties", "IND ; XIN")
    c = rel.read_coding(write(tmp_path / "second.csv", rows))
    row = c.loc[IDX["fra-ind-varuna"]]
    assert row["kind"] == "naval_exercise"
    assert row["indo_pacific_parties"] == frozenset({"IND", "XIN"})


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda rows: edit(rows, "gbr-sgp-fpda", "year", "197l"), "second.csv:7: year: '197l' is not an integer"),
        (lambda rows: edit(rows, "fra-ind-varuna", "recurring", "often"), "second.csv:9: recurring: 'often' is not true or false"),
        (lambda rows: edit(rows, "fra-ind-varuna", "initiative_id", "gbr-sgp-fpda"), "second.csv:9: initiative_id: 'gbr-sgp-fpda' repeats line 7"),
        (lambda rows: edit(rows, "nld-kor-dialogue", "initiative_id", ""), "second.csv:5: initiative_id: is empty"),
        (lambda rows: rows[:3] + [rows[3][:-2]] + rows[4:], "second.csv:5: row has 16 cells, the header has 18"),
    ],
)
def test_read_coding_errors_name_file_line_and_column(tmp_path, mutate, expected):
    path = write(tmp_path / "second.csv", mutate(FIRST))
    with pytest.raises(rel.CodingError) as err:
        rel.read_coding(path)
    assert expected in str(err.value)


def test_read_coding_errors_on_missing_column_and_bad_encoding(tmp_path):
    header = [h for h in HEADER if h != "domains"]
    rows = [[v for h, v in zip(HEADER, r) if h != "domains"] for r in FIRST]
    with pytest.raises(rel.CodingError, match=r"second.csv:1: domains: column is missing"):
        rel.read_coding(write(tmp_path / "second.csv", rows, header))
    bad = tmp_path / "latin1.csv"
    bad.write_bytes((",".join(HEADER) + "\n").encode() + "Fran\u00e7e".encode("latin-1"))
    with pytest.raises(rel.CodingError, match=r"latin1.csv:2: byte 0xe7 is not UTF-8"):
        rel.read_coding(bad)
    with pytest.raises(rel.CodingError, match="file is missing"):
        rel.read_coding(tmp_path / "nowhere.csv")


def test_read_coding_reads_the_first_coding():
    c = rel.read_coding(DATA_DIR / "initiatives.csv")
    assert len(c) > 0 and c["initiative_id"].is_unique


# --- set distance ------------------------------------------------------------------


@pytest.mark.parametrize("metric", ["masi", "jaccard"])
def test_set_distance_bounds(metric):
    a, b = frozenset({"FRA", "JPN"}), frozenset({"GBR", "KOR"})
    assert rel.set_distance(a, a, metric) == 0
    assert rel.set_distance(a, b, metric) == 1
    assert rel.set_distance(frozenset(), frozenset(), metric) == 0
    assert rel.set_distance(frozenset(), a, metric) == 1
    assert rel.set_distance(a, b, metric) == rel.set_distance(b, a, metric)


def test_set_distance_values():
    a, sub, over = frozenset("ab"), frozenset("a"), frozenset("bc")
    assert rel.set_distance(a, sub, "jaccard") == pytest.approx(0.5)
    assert rel.set_distance(a, sub, "masi") == pytest.approx(1 - 0.5 * 2 / 3)
    assert rel.set_distance(a, over, "jaccard") == pytest.approx(2 / 3)
    assert rel.set_distance(a, over, "masi") == pytest.approx(1 - (1 / 3) * (1 / 3))
    with pytest.raises(ValueError):
        rel.set_distance(a, sub, "cosine")


# --- alpha ---------------------------------------------------------------------------


def test_alpha_nominal_equals_krippendorff_on_reliability_data():
    a = ["a", "a", "b", "b", "c", "a", None, "c"]
    b = ["a", "b", "b", "b", "c", "c", "a", None]
    data = [[np.nan if v is None else "abc".index(v) for v in coder] for coder in (a, b)]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert rel.alpha(list(zip(a, b)), "nominal") == pytest.approx(expected)


def test_alpha_interval_equals_krippendorff():
    a = [2019, 2017, 2022, None, 2022, 1971]
    b = [2019, 2018, 2022, 2020, 2021, 1971]
    data = [[np.nan if v is None else v for v in coder] for coder in (a, b)]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
    assert rel.alpha(list(zip(a, b)), "interval") == pytest.approx(expected)


@pytest.mark.parametrize("metric", ["nominal", "masi", "jaccard"])
def test_closed_form_used_by_bootstrap_equals_package(metric):
    rng = np.random.default_rng(3)
    sets = [frozenset(s) for s in ("a", "ab", "b", "bc", "abc", "")]
    pairs = [(sets[rng.integers(6)], sets[rng.integers(6)]) for _ in range(40)]
    pairs += [(s, s) for s in sets]  # some agreement
    if metric == "nominal":
        pairs = [("".join(sorted(x)), "".join(sorted(y))) for x, y in pairs]
    codes, dist = rel._encode(pairs, metric)
    assert rel._alpha_closed_form(codes, dist) == pytest.approx(rel.alpha(pairs, metric), abs=1e-12)


def test_alpha_perfect_chance_and_undefined():
    assert rel.alpha([("a", "a"), ("b", "b"), ("c", "c")]) == pytest.approx(1)
    assert rel.alpha([("a", "b"), ("b", "a")]) < 0
    assert math.isnan(rel.alpha([("a", "a"), ("a", "a")]))  # one value: D_e = 0
    assert math.isnan(rel.alpha([("a", None), (None, "b")]))  # nothing pairable


def test_bootstrap_is_seeded_and_brackets_alpha():
    pairs = [("a", "a")] * 10 + [("b", "b")] * 10 + [("a", "b")] * 4 + [("c", "c")] * 6
    ci = rel.bootstrap_alpha(pairs, n_boot=500, seed=7)
    assert ci == rel.bootstrap_alpha(pairs, n_boot=500, seed=7)
    assert ci != rel.bootstrap_alpha(pairs, n_boot=500, seed=8)
    assert ci[0] <= rel.alpha(pairs) <= ci[1] < 1


# --- matching -------------------------------------------------------------------------


def test_exact_ids_match_by_id(first):
    m = rel.match_rows(first, first)
    assert list(m.table["first_id"]) == sorted(IDX)
    assert (m.table["first_id"] == m.table["second_id"]).all()
    assert (m.table["method"] == "id").all()
    assert m.unmatched_first == m.unmatched_second == []


def test_rows_with_other_ids_match_by_content(first, tmp_path):
    second = write(tmp_path / "second.csv", renamed(FIRST)[::-1])
    m = rel.match_rows(first, second)
    assert dict(zip(m.table["first_id"], m.table["second_id"])) == {i: f"x-{i}-b" for i in IDX}
    assert (m.table["similarity"] == 1).all()
    assert (m.table["method"] == "similarity").all()


def test_matching_is_deterministic_and_ignores_row_order(first, tmp_path):
    rows = renamed(FIRST)
    rows = edit(rows, "x-fra-ind-varuna-b", "kind", "deployment")
    rows = edit(rows, "x-gbr-sgp-fpda-b", "source_section", "4")
    a = rel.match_rows(first, write(tmp_path / "a.csv", rows)).table
    b = rel.match_rows(first, write(tmp_path / "b.csv", rows[::-1])).table
    c = rel.match_rows(first, write(tmp_path / "c.csv", rows[3:] + rows[:3])).table
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)


def test_exact_id_wins_over_a_more_similar_row(first, tmp_path):
    # The second coder's "fra-ind-varuna" is a different row (a France–Japan roadmap copy);
    # its content is identical to first's fra-jpn-roadmap-2019, yet the id match wins.
    rows = renamed(FIRST)
    roadmap = list(FIRST[IDX["fra-jpn-roadmap-2019"]])
    roadmap[0] = "fra-ind-varuna"
    rows = [r for r in rows if r[0] != "x-fra-jpn-roadmap-2019-b"] + [roadmap]
    m = rel.match_rows(first, write(tmp_path / "second.csv", rows))
    pairs = dict(zip(m.table["first_id"], m.table["second_id"]))
    assert pairs["fra-ind-varuna"] == "fra-ind-varuna"
    assert m.table.set_index("first_id").loc["fra-ind-varuna", "method"] == "id"
    assert "fra-jpn-roadmap-2019" not in pairs  # its twin is taken; nothing else is similar enough
    assert m.unmatched_first == ["fra-jpn-roadmap-2019"]
    assert "x-fra-ind-varuna-b" in m.unmatched_second


def test_rows_with_no_common_party_never_match(first, tmp_path):
    lone = list(FIRST[IDX["fra-ind-varuna"]])
    lone[0], lone[COL["european_parties"]], lone[COL["indo_pacific_parties"]] = "esp-phl-varuna", "ESP", "PHL"
    m = rel.match_rows(first, write(tmp_path / "second.csv", [lone]))
    assert m.table.empty
    assert m.unmatched_second == ["esp-phl-varuna"]


def test_similarity_threshold(first, tmp_path):
    # Same parties and section, nothing else shared: 0.35 (parties) + 0.15 (section) = 0.5,
    # below the default threshold (0.55) and matched only when the threshold is lowered to 0.5.
    other = ["x-fra-ind-talks", "Talks on a submarine", "dialogue", "2001", "", "stated", "false", "", "concluded", "officials", "UN", "FRA", "IND", "", "defence_industry", "eesc-2023", "2.3", ""]
    second = write(tmp_path / "second.csv", [other])
    assert rel.match_rows(first, second).table.empty
    assert rel.similarity(rel.read_coding(first).loc[IDX["fra-ind-varuna"]], rel.read_coding(second).loc[0]) == 0.5
    assert len(rel.match_rows(first, second, min_similarity=0.5).table) == 1


# --- agreement -------------------------------------------------------------------------


def test_identical_codings_agree_perfectly(first, tmp_path):
    second = write(tmp_path / "second.csv", renamed(FIRST))
    result = rel.agreement(first, second, n_boot=200)
    assert result.initiative_counts() == {"both": len(FIRST), "first only": 0, "second only": 0}
    f = result.fields.set_index("field")
    assert (f["percent_agreement"] == 1).all()
    defined = f.drop(index=["source_id", "end_year"])  # one value / no value: alpha undefined
    assert (defined["alpha"] == 1).all()
    assert (defined["ci_low"] == 1).all() and (defined["ci_high"] == 1).all()
    assert f.loc[["source_id", "end_year"], "alpha"].isna().all()
    assert rel.disagreements(result).empty


def test_per_field_table_columns(first):
    result = rel.agreement(first, first, n_boot=50)
    assert list(result.fields.columns) == [
        "field", "metric", "n", "n_pairable", "alpha", "ci_low", "ci_high", "percent_agreement"
    ]
    assert list(result.fields["field"]) == [s.name for s in rel.FIELDS]
    f = result.fields.set_index("field")
    assert f.loc["kind", "metric"] == "nominal" and f.loc["domains", "metric"] == "masi"
    assert f.loc["year", "metric"] == "interval" and f.loc["year", "n_pairable"] == len(FIRST) - 1
    jac = rel.agreement(first, first, n_boot=50, set_metric="jaccard").fields.set_index("field")
    assert jac.loc["parties", "metric"] == "jaccard"


@pytest.mark.parametrize(
    "column, value, first_value",
    [
        ("kind", "deployment", "exercise"),
        ("framework", "FOIP", "bilateral_other"),
        ("level", "ministerial", "military"),
        ("status", "concluded", "ongoing"),
        ("year_basis", "inferred", "stated"),
        ("source_section", "3.1", "2.3"),
        ("year", "2022", "2023"),
        ("indo_pacific_parties", "IND;JPN", "IND"),
        ("domains", "maritime", "exercises_interoperability;maritime"),
    ],
)
def test_editing_one_field_lowers_its_agreement_and_adds_one_disagreement(first, tmp_path, column, value, first_value):
    base = renamed(FIRST)
    before = rel.agreement(first, write(tmp_path / "same.csv", base), n_boot=100)
    changed = write(tmp_path / "changed.csv", edit(base, "x-fra-ind-varuna-b", column, value))
    after = rel.agreement(first, changed, n_boot=100)

    assert after.initiative_counts() == before.initiative_counts()  # still matched
    field = column
    assert field_row(after, field)["alpha"] < field_row(before, field)["alpha"] == 1
    assert field_row(after, field)["percent_agreement"] == pytest.approx(1 - 1 / len(FIRST))
    if column.endswith("_parties"):  # the union of parties moves with the party lists
        assert field_row(after, "parties")["alpha"] < 1
    untouched = [s.name for s in rel.FIELDS if s.name not in (field, "parties")]
    pd.testing.assert_frame_equal(
        after.fields.set_index("field").loc[untouched], before.fields.set_index("field").loc[untouched]
    )

    d = rel.disagreements(after)
    assert d.to_dict("records") == [
        {
            "first_id": "fra-ind-varuna",
            "second_id": "x-fra-ind-varuna-b",
            "field": column,
            "first_value": first_value,
            "second_value": ";".join(sorted(value.split(";"))),
            "kind": "value",
        }
    ]


def test_a_missing_value_is_a_disagreement(first, tmp_path):
    second = write(tmp_path / "second.csv", edit(renamed(FIRST), "x-gbr-jpn-declaration-2017-b", "month", ""))
    result = rel.agreement(first, second, n_boot=50)
    assert field_row(result, "month")["percent_agreement"] < 1
    assert rel.disagreements(result)[["field", "first_value", "second_value"]].values.tolist() == [["month", "8", ""]]


def test_unmatched_rows_are_reported(first, tmp_path):
    rows = [r for r in renamed(FIRST) if r[0] != "x-bel-vnm-agreement-2002-b"]
    rows.append(["cze-twn-drones", "Czech–Taiwan drone cooperation", "industrial_project", "2024", "", "stated", "false", "", "planned", "industry", "bilateral_other", "CZE", "TWN", "", "defence_industry", "eesc-2023", "4", ""])
    result = rel.agreement(first, write(tmp_path / "second.csv", rows), n_boot=50)
    assert result.initiative_counts() == {"both": len(FIRST) - 1, "first only": 1, "second only": 1}
    assert result.first_only == ["bel-vnm-agreement-2002"]
    assert result.second_only == ["cze-twn-drones"]
    units = result.units.set_index("found")
    assert units.loc["first only", "first_id"] == "bel-vnm-agreement-2002"
    assert units.loc["second only", "second_id"] == "cze-twn-drones"
    assert (result.fields["n"] == len(FIRST) - 1).all()

    d = rel.disagreements(result)
    assert d[["first_id", "second_id", "kind"]].values.tolist() == [
        ["bel-vnm-agreement-2002", "", "found by first only"],
        ["", "cze-twn-drones", "found by second only"],
    ]


def test_every_difference_has_exactly_one_disagreement_row(first, tmp_path):
    rows = renamed(FIRST)
    rows = edit(rows, "x-fra-ind-varuna-b", "kind", "deployment")
    rows = edit(rows, "x-fra-ind-varuna-b", "domains", "maritime")
    rows = edit(rows, "x-nld-kor-dialogue-b", "other_parties", "")
    rows = edit(rows, "x-gbr-sgp-fpda-b", "recurring", "true")
    result = rel.agreement(first, write(tmp_path / "second.csv", rows), n_boot=50)
    d = rel.disagreements(result)
    assert sorted(map(tuple, d[["first_id", "field"]].values.tolist())) == [
        ("fra-ind-varuna", "domains"),
        ("fra-ind-varuna", "kind"),
        ("gbr-sgp-fpda", "recurring"),
        ("nld-kor-dialogue", "other_parties"),
    ]
    assert "parties" not in set(d["field"])  # derived, not a separate disagreement
    assert d.set_index("field").loc["recurring", ["first_value", "second_value"]].tolist() == ["false", "true"]


def test_agreement_is_deterministic(first, tmp_path):
    rows = edit(renamed(FIRST), "x-fra-ind-varuna-b", "kind", "deployment")
    second = write(tmp_path / "second.csv", rows)
    a, b = rel.agreement(first, second, n_boot=200), rel.agreement(first, second, n_boot=200)
    pd.testing.assert_frame_equal(a.fields, b.fields)
    pd.testing.assert_frame_equal(rel.disagreements(a), rel.disagreements(b))


def test_agreement_accepts_frames(first, tmp_path):
    second = write(tmp_path / "second.csv", renamed(FIRST))
    from_frames = rel.agreement(rel.read_coding(first), rel.read_coding(second), n_boot=50)
    pd.testing.assert_frame_equal(from_frames.fields, rel.agreement(first, second, n_boot=50).fields)


def test_shipped_first_coding_against_itself_with_new_ids(tmp_path):
    """On the real first coding, renamed and shuffled, every row finds its own twin."""
    c = rel.read_coding(DATA_DIR / "initiatives.csv")
    twin = c.sample(frac=1, random_state=12).assign(initiative_id=lambda f: [f"s{i}" for i in range(len(f))])
    truth = dict(zip(twin["initiative_id"], c.loc[twin.index, "initiative_id"]))
    result = rel.agreement(c, twin, n_boot=50)
    m = result.matches
    assert len(m) == len(c)
    assert (m["second_id"].map(truth) == m["first_id"]).all()
    assert rel.disagreements(result).empty


def test_report_markdown(first, tmp_path):
    rows = [r for r in renamed(FIRST) if r[0] != "x-bel-vnm-agreement-2002-b"]
    text = rel.report_markdown(rel.agreement(first, write(tmp_path / "s.csv", rows), n_boot=50))
    assert "| first only | 1 |" in text
    assert "| kind | nominal | 7 | 7 | 1.00 | 1.00 | 1.00 | 100% |" in text
    assert "| source_id | nominal | 7 | 7 |  |  |  | 100% |" in text
