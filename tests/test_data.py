"""The loader and validator: what a clean load gives, and how every kind of bad row is reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import indopac
from indopac.data import DatasetError

ROW = (
    "{id},Test initiative,agreement,{year},,{basis},false,,concluded,ministerial,FOIP,"
    "{eu},{ip},,{domains},eesc-2023,2.2,A test row."
)


def row(id="t-one", year="2015", basis="stated", eu="GBR", ip="JPN", domains="cyber"):
    return ROW.format(id=id, year=year, basis=basis, eu=eu, ip=ip, domains=domains)


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DatasetError) as info:
        indopac.load(data_dir)
    return [str(p) for p in info.value.problems]


def edit_line(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on one line of a file (1-based, as an editor numbers lines)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], f"{old!r} not on line {line}: {lines[line - 1]}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def line_of(path: Path, initiative_id: str) -> int:
    for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if text.startswith(initiative_id + ","):
            return n
    raise AssertionError(initiative_id)


# --- a clean load ------------------------------------------------------------------------


def test_load_gives_typed_tables_and_long_views(shipped):
    ds = shipped
    ini = ds.initiatives
    assert ini["initiative_id"].is_unique
    assert str(ini["year"].dtype) == "Int64"
    assert isinstance(ini["kind"].dtype, pd.CategoricalDtype)
    assert ini["source_section"].cat.ordered
    assert ini["recurring"].dtype == bool
    assert all(isinstance(v, tuple) for v in ini["european_parties"])
    # one long row per (initiative, party): as many as the lists hold
    n_parties = sum(len(ini[c].iloc[i]) for c in ("european_parties", "indo_pacific_parties", "other_parties") for i in range(len(ini)))
    assert len(ds.initiative_parties) == n_parties
    assert set(ds.initiative_parties["side"].unique()) == {"european", "indo_pacific", "other"}
    assert len(ds.initiative_domains) == ini["domains"].map(len).sum()
    assert {"year", "framework", "kind"} <= set(ds.initiative_parties.columns)


def test_load_works_from_any_working_directory(tmp_path, shipped):
    code = "import indopac; ds = indopac.load(); print(len(ds))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert int(out.stdout) == len(shipped)


def test_load_accepts_another_data_folder(make_data):
    ds = indopac.load(make_data(row("a"), row("b", ip="KOR")))
    assert ds.initiatives["initiative_id"].tolist() == ["a", "b"]


def test_dataset_knows_its_version_and_citation(shipped):
    ds = shipped
    assert ds.version == "1.1.0"
    assert "Mačikėnaitė-Ambutavičienė" in ds.cite() and "2023" in ds.cite()
    assert ds.source_line == "Source: indopac dataset, coded from Mačikėnaitė-Ambutavičienė (2023), EESC"


def test_undated_initiatives_have_no_year_and_unknown_basis(shipped):
    ds = shipped
    undated = ds.undated
    assert len(undated) > 0
    assert (undated["year_basis"] == "unknown").all()
    assert ds.initiatives.loc[ds.initiatives["year"].notna(), "year_basis"].isin(["stated", "inferred"]).all()


def test_filter_returns_a_new_dataset_with_matching_long_views(shipped):
    ds = shipped
    recent = ds.filter(years=(2015, 2023))
    assert recent.initiatives["year"].between(2015, 2023).all()
    assert len(recent) < len(ds)
    assert set(recent.initiative_parties["initiative_id"]) == set(recent.initiatives["initiative_id"])
    kor = ds.filter(parties=["KOR"])
    assert all("KOR" in p for p in kor.initiatives["indo_pacific_parties"])
    cyber = ds.filter(domains=["cyber"], frameworks=["NATO"])
    assert all("cyber" in d for d in cyber.initiatives["domains"])
    assert (cyber.initiatives["framework"] == "NATO").all()
    assert len(ds) == len(indopac.load())  # the original is untouched


def test_european_nato_states_excludes_non_members_and_organisations(shipped):
    states = shipped.european_nato_states()
    assert {"LTU", "FIN", "SWE", "TUR", "GBR"} <= set(states)
    assert not {"USA", "NATO", "JPN"} & set(states)
    assert len(states) == 30


# --- each class of problem names file, line and column ----------------------------------


def test_implausible_year_names_file_line_column_and_the_allowed_range(data_copy):
    path = data_copy / "initiatives.csv"
    n = line_of(path, "gbr-jpn-defence-mou-2012")
    edit_line(path, n, ",2012,", ",20222,")
    assert problems_of(data_copy) == [
        f"initiatives.csv:{n}: year: 20222 is not a plausible year (1945..2023, the year of its source eesc-2023)"
    ]


def test_year_after_the_source_is_implausible(make_data):
    assert problems_of(make_data(row(year="2024"))) == [
        "initiatives.csv:2: year: 2024 is not a plausible year (1945..2023, the year of its source eesc-2023)"
    ]


def test_unknown_party_code(make_data):
    assert problems_of(make_data(row(), row("b", ip="JPX"))) == [
        "initiatives.csv:3: indo_pacific_parties: 'JPX' is not a code in actors.csv"
    ]


def test_party_on_the_wrong_side(make_data):
    (msg,) = problems_of(make_data(row(eu="JPN", ip="GBR")))[:1]
    assert msg.startswith("initiatives.csv:2: european_parties: 'JPN' is a party of region 'indo_pacific'")
    assert "takes only region 'europe'" in msg


def test_duplicate_id(make_data):
    assert problems_of(make_data(row("same"), row("same", ip="KOR"))) == [
        "initiatives.csv:3: initiative_id: 'same' is a duplicate of line 2"
    ]


def test_duplicated_row_under_another_id(make_data):
    assert problems_of(make_data(row("a"), row("b"))) == [
        "initiatives.csv:3: duplicates line 2 (same values in every column but initiative_id and notes)"
    ]


def test_missing_column(data_copy):
    path = data_copy / "actors.csv"
    text = path.read_text(encoding="utf-8").split("\n")
    frame = [line.rsplit(",", 1)[0] for line in text if line]
    path.write_text("\n".join(frame) + "\n", encoding="utf-8")
    assert problems_of(data_copy) == ["actors.csv:1: ap4_member: column is missing from the header"]


def test_comma_instead_of_list_separator(make_data):
    # "GBR,FRA" in a quoted cell: a comma where ';' belongs
    bad = row().replace(",GBR,", ',"GBR,FRA",')
    (msg,) = problems_of(make_data(bad))
    assert msg.startswith("initiatives.csv:2: european_parties: 'GBR,FRA' is not a list of codes separated by ';'")


def test_unknown_domain_lists_the_allowed_ones(make_data):
    (msg,) = problems_of(make_data(row(domains="cyber;hacking")))
    assert msg.startswith("initiatives.csv:2: domains: 'hacking' is not a domain; allowed: maritime, ")
    assert "disinformation" in msg


def test_bad_vocabulary_value_lists_the_allowed_ones(make_data):
    (msg,) = problems_of(make_data(row().replace(",agreement,", ",treaty,")))
    assert msg.startswith("initiatives.csv:2: kind: 'treaty' is not one of: agreement, declaration, dialogue")


def test_year_must_be_empty_exactly_when_the_date_is_unknown(make_data):
    assert problems_of(make_data(row("a", year="", basis="stated"), row("b", year="2015", basis="unknown", ip="KOR"))) == [
        "initiatives.csv:2: year: is empty, but year_basis is 'stated'; give the year or set year_basis to 'unknown'",
        (
            "initiatives.csv:3: year: '2015' is given, but year_basis is 'unknown'; "
            "either empty the year or set year_basis to 'stated' or 'inferred'"
        ),
    ]


def test_end_year_before_start(make_data):
    bad = row().replace(",false,,concluded,", ",false,2010,concluded,")
    assert problems_of(make_data(bad)) == ["initiatives.csv:2: end_year: 2010 is before the start year 2015"]


def test_unknown_source_and_section(make_data):
    bad = row().replace(",eesc-2023,2.2,", ",eesc-2031,5.1,")
    msgs = problems_of(make_data(bad))
    assert "initiatives.csv:2: source_id: 'eesc-2031' is not in sources.csv; known: eesc-2023" in msgs
    # the section cannot be judged without its source; the year still is (see test_every_check_reports_every_error)
    assert not any("source_section" in m for m in msgs)


def test_required_value_missing(make_data):
    bad = row().replace(",A test row.", ",")
    assert problems_of(make_data(bad)) == ["initiatives.csv:2: notes: '' is empty, but a value is required"]


def test_empty_file(data_copy):
    (data_copy / "domains.csv").write_text("", encoding="utf-8")
    assert problems_of(data_copy) == ["domains.csv: file is empty; it needs at least a header line"]


def test_non_utf8_bytes_name_the_line(data_copy):
    path = data_copy / "initiatives.csv"
    raw = path.read_bytes().split(b"\n")
    raw[4] = raw[4].replace(b"Japan", "Japón".encode("latin-1"), 1)
    path.write_bytes(b"\n".join(raw))
    assert problems_of(data_copy) == ["initiatives.csv:5: byte 0xf3 is not UTF-8; save the file as UTF-8"]


def test_every_problem_is_reported_at_once(make_data):
    msgs = problems_of(make_data(row("a", year="2024"), row("b", ip="XXX"), row("c").replace(",agreement,", ",treaty,")))
    assert [m.split(":")[1] for m in msgs] == ["2", "3", "4"]


def test_error_message_is_a_readable_list():
    err = DatasetError([indopac.data.Problem("initiatives.csv", 3, "year", "bad")], Path("/x/data"))
    assert str(err) == "1 problem in /x/data:\ninitiatives.csv:3: year: bad"


# --- the command line ----------------------------------------------------------------------


def _cli(capsys, *args) -> tuple[int, str, str]:
    """``indopac ARGS`` called in process, as tests/test_cli.py calls it: (exit code, stdout, stderr).

    (``python -m indopac`` as a process is run by tests/test_build.py; a load from another
    working directory, by test_load_works_from_any_working_directory.)
    """
    from indopac.build.cli import main

    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse: usage errors
        code = stop.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_validate_is_clean_on_the_shipped_data(capsys, shipped):
    code, out, err = _cli(capsys, "validate")
    assert code == 0, out + err
    assert out.startswith(f"ok: {len(shipped)} initiatives ({len(shipped.undated)} undated)")


def test_validate_prints_every_problem_and_exits_1(capsys, make_data, tmp_path, monkeypatch):
    data = make_data(row(year="2024"), row("b", ip="XXX"))
    monkeypatch.chdir(tmp_path)
    code, out, err = _cli(capsys, "validate", str(data))
    assert code == 1
    assert out.splitlines() == [
        "initiatives.csv:2: year: 2024 is not a plausible year (1945..2023, the year of its source eesc-2023)",
        "initiatives.csv:3: indo_pacific_parties: 'XXX' is not a code in actors.csv",
    ]
    assert "Traceback" not in err


def test_validate_on_a_folder_without_data(capsys, tmp_path):
    code, out, _ = _cli(capsys, "validate", str(tmp_path))
    assert code == 1
    assert "datapackage.json: not found in" in out


def test_a_file_with_only_a_byte_order_mark_is_empty(data_copy):
    (data_copy / "sources.csv").write_bytes("\ufeff\n".encode("utf-8"))
    assert problems_of(data_copy) == ["sources.csv: file is empty; it needs at least a header line"]


# --- every error, once, with a way to fix it (issue 13) ---------------------------------------


def test_a_header_only_initiatives_file_has_no_initiatives(make_data):
    assert problems_of(make_data()) == ["initiatives.csv: no initiatives: the file has a header but no rows"]


def test_a_row_with_too_few_fields_says_so_once(make_data):
    short = "t-short,Short row,agreement,2015"
    assert problems_of(make_data(row(), short)) == ["initiatives.csv:3: 4 fields, expected 18 (as in the header)"]


def test_a_row_with_too_many_fields_says_so_once(make_data):
    assert problems_of(make_data(row(), row(id="t-two") + ",extra")) == [
        "initiatives.csv:3: 19 fields, expected 18 (as in the header)"]


def test_a_name_where_a_code_belongs_suggests_the_code(make_data):
    (msg,) = problems_of(make_data(row(ip="Japan")))
    assert msg.startswith("initiatives.csv:2: indo_pacific_parties: 'Japan' is not a list of codes")
    assert msg.endswith("(did you mean 'JPN'?)")


def test_every_check_reports_every_error(make_data):
    bad = row(year="2031").replace(",eesc-2023,", ",nowhere-2020,")
    msgs = problems_of(make_data(bad))
    assert any(m.startswith("initiatives.csv:2: source_id: 'nowhere-2020' is not in sources.csv") for m in msgs)
    assert any(m.startswith("initiatives.csv:2: year: 2031 is not a plausible year") for m in msgs)


def _add_source(data_dir: Path, source_id: str, year: int, sections: str = "") -> None:
    with (data_dir / "sources.csv").open("a", encoding="utf-8") as f:
        f.write(f"{source_id},\"Ministry of Defence, Poland\",Press release,Ministry of Defence,Warsaw,{year},,{sections}\n")


def test_sections_belong_to_their_own_source(make_data):
    press = row(id="t-press", year="2024").replace(",eesc-2023,2.2,", ",mod-2024,,")
    data = make_data(row(), press)
    _add_source(data, "mod-2024", 2024)
    ds = indopac.load(data)  # a press release with no sections claims none of the study's
    assert pd.isna(ds.get("t-press")["source_section"])
    header = (data / "initiatives.csv").read_text(encoding="utf-8").split("\n")[0]
    claimed = row(id="t-press", year="2024").replace(",eesc-2023,2.2,", ",mod-2024,2.2,")
    (data / "initiatives.csv").write_text(f"{header}\n{row()}\n{claimed}\n", encoding="utf-8")
    assert problems_of(data) == [("initiatives.csv:3: source_section: '2.2' is given, but source mod-2024 has no "
                                  "sections in sources.csv; leave it empty, or list the source's sections there")]
    wrong = row().replace(",2.2,", ",2.9,")
    (data / "initiatives.csv").write_text(f"{header}\n{wrong}\n", encoding="utf-8")
    (msg,) = problems_of(data)
    assert msg.startswith("initiatives.csv:2: source_section: '2.9' is not a section of source eesc-2023")


def test_a_later_source_moves_the_coverage_not_the_study(make_data):
    press = row(id="t-press", year="2024", ip="KOR").replace(",eesc-2023,2.2,", ",mod-2024,,")
    data = make_data(row(), press)
    _add_source(data, "mod-2024", 2024)
    ds = indopac.load(data)
    assert (ds.last_year, ds.partial_year) == (2024, 2024)
    assert ds.filter(parties="GBR").last_year == 2024  # a selection keeps the data's time axis
    older = make_data(row(), press.replace(",2024,", ",2016,"), name="older")
    _add_source(older, "mod-2024", 2024)
    assert (indopac.load(older).last_year, indopac.load(older).partial_year) == (2016, None)


def test_time_notes_name_the_partial_year_of_the_data_not_a_study_year(make_data):
    from indopac import text

    press = row(id="t-press", year="2024", ip="KOR").replace(",eesc-2023,2.2,", ",mod-2024,,")
    data = make_data(row(), press)
    _add_source(data, "mod-2024", 2024)
    ds = indopac.load(data)
    assert ds.coverage_end == 2024
    assert text.partial_year_note(ds).startswith("2024 is covered only in part")
    assert "study" not in text.time_note(ds, 0)
    older = make_data(row(), press.replace(",2024,", ",2016,"), name="older")
    _add_source(older, "mod-2024", 2024)
    assert text.partial_year_note(indopac.load(older)) == ""  # 2016 is covered in full


def test_a_copy_with_added_rows_says_how_it_differs_from_the_published_version(data_copy, shipped):
    assert shipped.published and shipped.edition == "indopac dataset v1.1.0"
    press = row(id="t-press", year="2024").replace(",eesc-2023,2.2,", ",mod-2024,,")
    with (data_copy / "initiatives.csv").open("a", encoding="utf-8") as f:
        f.write(press + "\n")
    _add_source(data_copy, "mod-2024", 2024)
    ds = indopac.load(data_copy)
    assert not ds.published
    assert ds.edition == "indopac dataset v1.1.0 + 1 row from Ministry of Defence (2024)"
    assert "Ministry of Defence, Poland (2024), Press release" in ds.cite() and "Mačikėnaitė" in ds.cite()
    # the figures' credit names every source but no edition, so a row added for one country
    # rewrites no figure that does not show it (the edition is in cite())
    assert ds.source_line.startswith("Source: indopac dataset, coded from")
    assert "EESC; Ministry of Defence (2024), Ministry of Defence" in ds.source_line


def test_an_edited_copy_never_claims_to_be_the_published_version(data_copy):
    path = data_copy / "initiatives.csv"
    edit_line(path, 2, "Joint naval exercise", "A joint naval exercise")
    ds = indopac.load(data_copy)
    assert not ds.published and ds.edition == "indopac dataset v1.1.0 (modified)"


# --- the Dataset API refuses what it cannot answer (issue 13) -------------------------------------


def test_filter_takes_one_party_as_a_string_and_names_or_codes_in_any_case(shipped):
    by_code = shipped.filter(parties=["JPN"])
    assert len(by_code) > 0
    for given in ("JPN", "jpn", "Japan", ["japan"]):
        assert shipped.filter(parties=given).initiatives.equals(by_code.initiatives)


@pytest.mark.parametrize("kwargs, hint", [
    ({"parties": ["Japn"]}, "did you mean 'JPN'"),
    ({"domains": ["cyber security"]}, "did you mean 'cyber'"),
    ({"frameworks": "foip"}, "did you mean 'FOIP'"),
    ({"kinds": ["exercises"]}, "did you mean 'exercise'"),
])
def test_filter_refuses_unknown_values_naming_the_closest(shipped, kwargs, hint):
    with pytest.raises(indopac.ParameterError, match=hint) as info:
        shipped.filter(**kwargs)
    assert "valid: " in str(info.value)


@pytest.mark.parametrize("years", [2021, (2023, 2015), ("2015", 2020), (2015,), "2015-2020"])
def test_filter_refuses_a_malformed_or_reversed_year_range(shipped, years):
    with pytest.raises(indopac.ParameterError, match="years: "):
        shipped.filter(years=years)


def test_a_year_filter_says_how_many_undated_initiatives_it_leaves_out(shipped):
    kept = shipped.filter(years=(2015, None))
    assert kept.undated_left_out == len(shipped.undated) > 0
    assert f"{len(shipped.undated)} undated left out" in repr(kept)
    assert shipped.filter(parties="JPN").undated_left_out == 0


def test_get_and_indexing_return_one_initiative_or_name_the_closest_ids(shipped):
    first = shipped.initiatives["initiative_id"].iloc[0]
    assert shipped.get(first)["initiative_id"] == first
    assert shipped[first].equals(shipped.get(first))
    with pytest.raises(KeyError, match="closest: " + first):
        shipped.get(first[:-1])


def test_to_csv_writes_the_file_the_data_came_from(shipped, tmp_path):
    shipped.to_csv(tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == (shipped.data_dir / "initiatives.csv").read_text(
        encoding="utf-8")
    assert "('" not in shipped.filter(parties="JPN").to_csv()
