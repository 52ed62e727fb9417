"""The benchmark data generator writes datasets that the loader accepts and that look like the real one."""

from __future__ import annotations

import importlib.util
import sys

import pytest

import indopac
from indopac.layout import ROOT


@pytest.fixture(scope="module")
def synthetic():
    spec = importlib.util.spec_from_file_location("bench_synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(synthetic, tmp_path_factory):
    out = synthetic.generate(2_000, tmp_path_factory.mktemp("syn") / "data", seed=1)
    return indopac.load(out)


def test_generated_dataset_passes_validation_with_the_requested_size_and_unique_ids(generated):
    assert len(generated) == 2_000
    assert generated.initiatives["initiative_id"].is_unique


def test_reference_tables_are_the_shipped_ones(generated, shipped):
    for table in ("actors", "domains", "sources"):
        assert getattr(generated, table).equals(getattr(shipped, table))


def test_same_seed_same_bytes_and_another_seed_other_rows(synthetic, tmp_path):
    a = synthetic.generate(300, tmp_path / "a", seed=7)
    b = synthetic.generate(300, tmp_path / "b", seed=7)
    c = synthetic.generate(300, tmp_path / "c", seed=8)
    assert (a / "initiatives.csv").read_bytes() == (b / "initiatives.csv").read_bytes()
    assert (a / "initiatives.csv").read_bytes() != (c / "initiatives.csv").read_bytes()


def test_undated_share_and_year_range_follow_the_shipped_data(generated, shipped):
    share = generated.initiatives["year"].isna().mean()
    expected = shipped.initiatives["year"].isna().mean()
    assert abs(share - expected) < 0.05  # 2000 draws: the standard error is about 0.011
    lo, hi = generated.year_range()
    slo, shi = shipped.year_range()
    assert slo - 3 <= lo and hi <= shi  # templates shifted by at most 3 years, never past the source year


def test_every_row_has_a_party_on_both_sides_and_no_party_twice(generated):
    ini = generated.initiatives
    assert ini["european_parties"].map(len).ge(1).all()
    assert ini["indo_pacific_parties"].map(len).ge(1).all()
    everyone = ini["european_parties"] + ini["indo_pacific_parties"] + ini["other_parties"]
    assert everyone.map(lambda t: len(t) == len(set(t))).all()


def test_party_and_domain_counts_and_kinds_mirror_the_shipped_distribution(generated, shipped):
    for column in ("european_parties", "indo_pacific_parties", "domains"):
        real = shipped.initiatives[column].map(len).value_counts(normalize=True)
        syn = generated.initiatives[column].map(len).value_counts(normalize=True)
        assert set(syn.index) <= set(real.index)
        assert (syn.reindex(real.index, fill_value=0) - real).abs().max() < 0.06
    real_kinds = set(shipped.initiatives["kind"].astype(str))
    assert set(generated.initiatives["kind"].astype(str)) <= real_kinds
    # The most active parties stay the most active: Japan leads, as in the study.
    assert generated.parties()[0] == shipped.parties()[0] == "JPN"


def test_rejects_an_empty_request(synthetic, tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        synthetic.generate(0, tmp_path / "none")
