"""The published coding: its reliability is computed from the files, every disagreement was settled
in the open, and the codebook's rules hold in the data."""

from __future__ import annotations

import csv
import re

import pytest

from indopac.analysis import reliability
from indopac.layout import DATA_DIR

RELIABILITY = DATA_DIR / "reliability"
FIRST = RELIABILITY / "first-coding-v1.0.0.csv"
SECOND = RELIABILITY / "second-coding.csv"
LOG = RELIABILITY / "adjudication.csv"


@pytest.fixture(scope="module")
def ds(shipped):
    """The shipped dataset (a Dataset never changes: conftest's, shared by the session)."""
    return shipped


@pytest.fixture(scope="module")
def agreement():
    return reliability.agreement(FIRST, SECOND)


@pytest.fixture(scope="module")
def log_rows() -> list[dict[str, str]]:
    with LOG.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_agreement_is_computed_from_the_two_files(agreement, tmp_path):
    """Editing one field of a copy of the second coding lowers that field's agreement."""
    before = agreement.fields.set_index("field")
    rows = list(csv.DictReader(SECOND.open(encoding="utf-8", newline="")))
    kinds = sorted({r["kind"] for r in rows})
    for row in rows[:10]:  # change the kind of ten rows to another valid kind
        row["kind"] = next(k for k in kinds if k != row["kind"])
    edited = tmp_path / "second.csv"
    with edited.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    after = reliability.agreement(FIRST, edited).fields.set_index("field")
    assert after.loc["kind", "alpha"] < before.loc["kind", "alpha"]
    assert after.loc["kind", "percent_agreement"] < before.loc["kind", "percent_agreement"]
    assert after.loc["framework", "alpha"] == pytest.approx(before.loc["framework", "alpha"])


def test_every_disagreement_has_a_row_in_the_adjudication_log(agreement, log_rows):
    logged = {(r["first_id"], r["second_id"], r["field"]) for r in log_rows if r["origin"] == "coder_disagreement"}
    missing = []
    for d in reliability.disagreements(agreement).itertuples():
        key = (d.first_id or "", d.second_id or "", d.field)
        if key not in logged:
            missing.append(key)
    assert not missing, f"disagreements with no decision in {LOG.name}: {missing}"


def test_every_log_row_has_a_decision_a_reason_a_section_and_a_change(log_rows):
    study = next(r for r in csv.DictReader((DATA_DIR / "sources.csv").open(encoding="utf-8")) if r["source_id"] == "eesc-2023")
    sections = set(study["sections"].split(";"))
    for row in log_rows:
        assert row["origin"] in {"coder_disagreement", "expert_review"}, row["item"]
        assert row["decision"].strip() and row["reason"].strip() and row["change"].strip(), row["item"]
        assert row["section"] in sections, f"{row['item']}: section {row['section']!r}"
        assert re.search(r"§\s?[0-9a-z.]+", row["reason"]), f"{row['item']}: the reason cites no section"


def test_the_expert_reviews_disputed_rows_are_all_decided(log_rows):
    disputed = {
        "deu-jpn-eurofighter-deployment-2022", "deu-jpn-frigate-bayern-deployment-2021",
        "swe-jpn-fighter-programme-accession-talks", "gbr-kor-framework-closer-cooperation-2022",
        "gbr-jpn-joint-declaration-security-2017", "jpn-nato-country-partnership-cooperation-plan",
        "gbr-mys-bases", "gbr-sgp-bases", "fra-jpn-2plus2-sixth",
        "fra-jpn-comprehensive-maritime-dialogue-2nd-2023",
    }
    reviewed = {r["first_id"] for r in log_rows if r["origin"] == "expert_review"}
    assert disputed <= reviewed, f"no expert-review decision for {sorted(disputed - reviewed)}"


def test_changelog_lists_every_changed_row():
    import pandas as pd

    first = pd.read_csv(FIRST, dtype=str, keep_default_na=False).set_index("initiative_id")
    now = pd.read_csv(DATA_DIR / "initiatives.csv", dtype=str, keep_default_na=False).set_index("initiative_id")
    changed = set(first.index) ^ set(now.index)
    common = first.index.intersection(now.index)
    changed |= {i for i in common if not first.loc[i].equals(now.loc[i, first.columns])}
    log = (DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    unlisted = sorted(i for i in changed if f"`{i}`" not in log)
    assert not unlisted, f"rows changed since v1.0.0 but not in CHANGELOG.md: {unlisted}"


def test_the_dataset_version_moved_with_the_changes(ds):
    assert ds.version == "1.1.0"
    assert "## 1.1.0" in (DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")


# --- the codebook's rules hold in the data ----------------------------------------------------------


def test_foip_is_japan_led_and_starts_in_2016(ds):
    """FOIP: Japan's framework, announced in 2016 (§2.1); earlier roots are bilateral_other."""
    foip = ds.initiatives[ds.initiatives["framework"] == "FOIP"]
    assert len(foip)
    early = foip[foip["year"].notna() & (foip["year"] < 2016)]
    assert early.empty, f"FOIP rows dated before 2016: {early['initiative_id'].tolist()}"
    without_japan = foip[~foip["indo_pacific_parties"].map(lambda parties: "JPN" in parties)]
    assert without_japan.empty, f"FOIP rows without Japan: {without_japan['initiative_id'].tolist()}"


def test_no_deployment_without_a_named_partner_is_coded(ds):
    """A deployment is an initiative only when the study names the partner (codebook rule 9)."""
    ids = set(ds.initiatives["initiative_id"])
    assert not ids & {"deu-jpn-eurofighter-deployment-2022", "deu-jpn-frigate-bayern-deployment-2021"}


def test_one_announcement_naming_several_partners_is_one_row(ds):
    idn_2011 = ds.initiatives[(ds.initiatives["year"] == 2011)
                              & ds.initiatives["indo_pacific_parties"].map(lambda p: "IDN" in p)]
    assert len(idn_2011) == 1
    assert set(idn_2011.iloc[0]["european_parties"]) == {"DEU", "ESP", "FRA"}


def test_a_series_and_its_sessions_are_not_both_rows(ds):
    """The sixth France–Japan 2+2 folds into the 2+2 series row (codebook rule 2)."""
    ini = ds.initiatives
    series = ini[ini["title"].str.contains("2+2", regex=False) & ini["european_parties"].map(lambda p: "FRA" in p)]
    assert len(series) == 1 and bool(series.iloc[0]["recurring"])


def test_exercise_domain_is_not_coded_for_a_dialogue_agenda_item(ds):
    ini = ds.initiatives.set_index("initiative_id")
    assert "exercises_interoperability" not in ini.loc["fra-jpn-comprehensive-maritime-dialogue-2nd-2023", "domains"]
