"""Specifications of the counting-rule variants (indopac.counting)."""

from __future__ import annotations

import indopac
from indopac.analysis import counting


def row(id, year="", *, framework="FOIP", eu="FRA", ip="JPN", other="", domains="maritime",
        kind="dialogue", section="2.2", recurring="false", level="unspecified"):
    basis = "stated" if year else "unknown"
    return (f"{id},{id},{kind},{year},,{basis},{recurring},,ongoing,{level},{framework},"
            f"{eu},{ip},{other},{domains},eesc-2023,{section},note")


def ids(ds):
    return set(ds.initiatives["initiative_id"])


def consistent(ds):
    """Long views hold exactly the wide table's parties and domains."""
    ini = ds.initiatives
    n_parties = sum(len(e) + len(p) + len(o) for e, p, o in
                    zip(ini["european_parties"], ini["indo_pacific_parties"], ini["other_parties"]))
    assert len(ds.initiative_parties) == n_parties
    assert len(ds.initiative_domains) == sum(map(len, ini["domains"]))
    assert set(ds.initiative_parties["initiative_id"]) <= ids(ds)
    merged = ds.initiative_parties.merge(ini[["initiative_id", "framework", "year"]], on="initiative_id")
    assert (merged["framework_x"].astype(str) == merged["framework_y"].astype(str)).all()
    assert ini["initiative_id"].is_unique


def test_foip_from_2016(make_data):
    ds = indopac.load(make_data(
        row("fra-jpn-old-2012", 2012), row("fra-jpn-new-2018", 2018), row("fra-jpn-undated"),
        row("fra-phl-other-2010", 2010, framework="bilateral_other", ip="PHL"),
    ))
    out = counting.foip_from_2016(ds)
    fw = dict(zip(out.initiatives["initiative_id"], out.initiatives["framework"].astype(str)))
    assert fw == {"fra-jpn-old-2012": "bilateral_other", "fra-jpn-new-2018": "FOIP",
                  "fra-jpn-undated": "FOIP", "fra-phl-other-2010": "bilateral_other"}
    consistent(out)
    assert (ds.initiatives["framework"].astype(str) == "FOIP").sum() == 3  # input untouched


def test_fold_recurring_series(make_data):
    ds = indopac.load(make_data(
        row("fra-jpn-2plus2-2014", 2014, kind="ministerial_meeting", recurring="true", domains="political_dialogue"),
        row("fra-jpn-2plus2-sixth", kind="ministerial_meeting", domains="political_dialogue;maritime"),
        row("fra-jpn-maritime-dialogue-1st-2019", 2019),
        row("fra-jpn-maritime-dialogue-2nd-2023", 2023, domains="organised_crime"),
        # not sessions: an agreement, and a dialogue with other parties
        row("fra-jpn-space-dialogue-2015", 2015, domains="space", recurring="true"),
        row("fra-jpn-space-arrangement-2017", 2017, domains="space", kind="agreement"),
        row("gbr-jpn-maritime-dialogue-1st-2019", 2019, eu="GBR"),
    ))
    assert counting.series(ds) == {
        "fra-jpn-2plus2": ["fra-jpn-2plus2-2014", "fra-jpn-2plus2-sixth"],
        "fra-jpn-maritime-dialogue": ["fra-jpn-maritime-dialogue-1st-2019", "fra-jpn-maritime-dialogue-2nd-2023"],
    }
    out = counting.fold_recurring_series(ds)
    assert len(out.initiatives) == 5
    kept = out.initiatives.set_index("initiative_id")
    assert kept.at["fra-jpn-2plus2-2014", "domains"] == ("political_dialogue", "maritime")
    assert kept.at["fra-jpn-maritime-dialogue-1st-2019", "year"] == 2019
    assert bool(kept.at["fra-jpn-maritime-dialogue-1st-2019", "recurring"])
    assert "fra-jpn-space-arrangement-2017" in kept.index and "gbr-jpn-maritime-dialogue-1st-2019" in kept.index
    consistent(out)


def test_series_key():
    assert counting.series_key("fra-jpn-comprehensive-maritime-dialogue-2nd-2023") == "fra-jpn-comprehensive-maritime-dialogue"
    assert counting.series_key("fra-jpn-2plus2-sixth") == "fra-jpn-2plus2"
    assert counting.series_key("gbr-jpn-2plus2-2015") == "gbr-jpn-2plus2"


def test_undated_early_and_late(make_data):
    ds = indopac.load(make_data(row("a-1990", 1990), row("b-2020", 2020), row("c-undated")))
    early, late = counting.undated_early(ds), counting.undated_late(ds)
    y = lambda d: dict(zip(d.initiatives["initiative_id"], d.initiatives["year"]))
    assert y(early)["c-undated"] == 1990 and y(late)["c-undated"] == ds.coverage_end
    assert early.initiatives["year"].notna().all()
    assert early.initiatives["year_imputed"].tolist() == [False, False, True]
    assert ds.initiatives["year"].isna().sum() == 1  # input untouched
    consistent(late)
    assert late.initiative_parties["year"].notna().all()


def test_without_section(make_data):
    ds = indopac.load(make_data(row("a-2020", 2020, section="2.2"), row("b-2020", 2020, section="4", eu="ESP", ip="IDN")))
    assert counting.sections(ds) == ["2.2", "4"]
    out = counting.without_section(ds, "4")
    assert ids(out) == {"a-2020"}
    consistent(out)
    assert set(counting.variants(ds)) == {*counting.RULES, "without_section:2.2", "without_section:4"}


def test_per_pair_and_once(make_data):
    ds = indopac.load(make_data(
        row("bel-fra-jpn-aus-exercise-2021", 2021, eu="BEL;FRA", ip="JPN;AUS", other="USA", kind="exercise"),
        row("gbr-jpn-2020", 2020, eu="GBR"),
    ))
    assert counting.multilateral_once(ds) is ds
    out = counting.per_pair(ds)
    assert len(out.initiatives) == 5
    assert "bel-fra-jpn-aus-exercise-2021~FRA~AUS" in ids(out)
    pairs = out.initiatives[out.initiatives["initiative_id"].str.contains("~")]
    assert pairs["european_parties"].map(len).eq(1).all() and all(o == ("USA",) for o in pairs["other_parties"])
    consistent(out)


def test_shipped_variants_are_consistent(shipped):
    """Every variant of the shipped data is a consistent Dataset, and each rule changes what it says it changes."""
    ds = shipped
    for v in counting.variants(ds).values():
        consistent(v)
    folded = sum(len(members) - 1 for members in counting.series(ds).values())
    assert len(counting.fold_recurring_series(ds).initiatives) == len(ds.initiatives) - folded
    ini = ds.initiatives
    foip = ini["framework"].astype(str) == "FOIP"
    early = int((foip & (ini["year"].astype("Float64") < counting.FOIP_ANNOUNCED).fillna(False)).sum())
    fo = counting.foip_from_2016(ds).initiatives
    assert int((fo["framework"].astype(str) == "FOIP").sum()) == int(foip.sum()) - early


def test_foip_from_2016_is_a_no_op_when_foip_is_coded_from_2016(make_data):
    # the codebook of v1.1.0 codes FOIP only from 2016: the rule then changes nothing, but stays for user data
    ds = indopac.load(make_data(row("fra-jpn-new-2018", 2018), row("fra-jpn-old-2012", 2012, framework="bilateral_other")))
    out = counting.foip_from_2016(ds)
    assert out.initiatives["framework"].astype(str).tolist() == ds.initiatives["framework"].astype(str).tolist()


def test_from_coding_reads_an_earlier_coding(make_data, tmp_path):
    ds = indopac.load(make_data(row("fra-jpn-new-2018", 2018)))
    frozen = tmp_path / "first-coding-v0.9.0.csv"
    header = (ds.data_dir / "initiatives.csv").read_text(encoding="utf-8").splitlines()[0]
    frozen.write_text("\n".join([header, row("fra-jpn-a-2010", 2010), row("gbr-jpn-b-2012", 2012, eu="GBR")]) + "\n",
                      encoding="utf-8")
    old = counting.from_coding(ds, frozen)
    assert old.version == "0.9.0"
    assert ids(old) == {"fra-jpn-a-2010", "gbr-jpn-b-2012"}
    consistent(old)
    assert ids(ds) == {"fra-jpn-new-2018"}  # input untouched


def test_earlier_version_names_the_codings_that_exist(make_data):
    import pytest

    from indopac.params import ParameterError

    ds = indopac.load(make_data(row("fra-jpn-new-2018", 2018)))
    assert counting.earlier_version(ds, None) is None
    with pytest.raises(ParameterError, match="earlier_coding: 'reliability/nothing.csv' is not a file"):
        counting.earlier_version(ds, "reliability/nothing.csv")
