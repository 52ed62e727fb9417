"""Specifications of the statistical rules (indopac.stats)."""

from __future__ import annotations

import pandas as pd
import pytest

from indopac.analysis import stats as st


def test_leaders_names_every_tied_code():
    lead = st.leaders(pd.Series({"maritime": 14, "political_dialogue": 14, "cyber": 3}))
    assert lead.codes == ("maritime", "political_dialogue")
    assert lead.is_tie and lead.sole is None
    assert lead.value == 14 and lead.runner_up == 3


def test_leaders_single_winner_and_empty():
    lead = st.leaders(pd.Series({"a": 2, "b": 1}))
    assert lead.sole == "a" and not lead.is_tie
    assert st.leaders(pd.Series({"a": 0, "b": 0})).codes == ()
    assert st.leaders(pd.Series(dtype=int)).sole is None


def test_five_way_tie_of_single_initiatives():
    # Belgium's profile: one initiative, five domains, each 1 of 2
    lead = st.leaders(pd.Series({d: 1 for d in "abcde"}))
    assert len(lead.codes) == 5 and lead.is_tie


def test_min_base_and_its_justification():
    assert st.MIN_BASE == 5
    assert not st.share(1, 1).reportable  # EU n=1 is never "100%"
    assert not st.share(2, 4).reportable
    assert st.share(2, 5).reportable
    # no exact test on fewer than MIN_BASE trials can reach p < 0.05; six can
    assert not st.binomial(4, 4).significant
    assert not st.binomial(5, 5).significant
    assert st.binomial(6, 6).significant


def test_share_refuses_impossible_counts():
    with pytest.raises(ValueError):
        st.share(3, 2)
    assert st.share(0, 0).value is None


def test_fisher_on_the_domain_group_example_is_not_a_difference():
    t = st.fisher_2x2(7, 33, 2, 15)
    assert t.name == "Fisher's exact test"
    assert t.p == pytest.approx(0.70, abs=0.02)
    assert not t.significant


def test_fisher_sees_a_real_difference():
    assert st.fisher_2x2(20, 30, 2, 30).significant


def test_binomial_and_more_than():
    assert st.binomial(0, 0).p == 1.0
    assert st.more_than(29, 8).significant
    assert not st.more_than(27, 21).significant


def test_window_rates_equal_windows_only():
    years = pd.Series([2003, 2005, 2013, 2014, 2020, 2022, 2023, None], dtype="Int64")
    wr = st.window_rates(years, (2013, 2022), (2003, 2012))
    assert (wr.recent_count, wr.earlier_count) == (4, 2)
    assert wr.ratio == 2.0 and wr.years == 10
    # default earlier window: the same length, just before
    assert st.window_rates(years, (2013, 2022)).earlier == (2003, 2012)
    with pytest.raises(ValueError):
        st.window_rates(years, (2013, 2023), (1954, 2012))


def test_window_ratio_none_without_earlier_rows():
    wr = st.window_rates(pd.Series([2015, 2016]), (2013, 2022))
    assert wr.ratio is None


def test_undated_bounds():
    years = pd.Series([2015, 2016, 2000, None, None], dtype="Int64")
    b = st.undated_bounds(years, (2013, 2023), early=1990, late=2023)
    assert (b.dated.count, b.dated.base) == (2, 3)
    assert (b.low.count, b.high.count, b.low.base) == (2, 4, 5)
    assert b.range == (0.4, 0.8)
    # both placements outside the window: the bounds coincide
    b2 = st.undated_bounds(years, (2013, 2020), early=1990, late=2023)
    assert b2.low == b2.high


def test_bootstrap_is_seeded():
    values = [0, 1, 1, 0, 1, 1, 1, 0, 1, 1]
    a = st.bootstrap_interval(values, seed=1)
    assert a == st.bootstrap_interval(values, seed=1)
    assert a[0] <= 0.7 <= a[1]
    d = st.bootstrap_share_difference(7, 33, 2, 15, seed=3)
    assert d == st.bootstrap_share_difference(7, 33, 2, 15, seed=3)
    assert d[0] < 0 < d[1]  # the interval includes no difference
    with pytest.raises(ValueError):
        st.bootstrap_interval([])


def test_shipped_data_rates_and_bounds(shipped):
    """On the shipped data (whatever its version): equal windows, and bounds that bracket the dated share."""
    ds = shipped
    y = ds.initiatives["year"]
    wr = st.window_rates(y, (2013, 2022), (2003, 2012))
    dated = y.dropna()
    assert wr.recent_count == int(dated.between(2013, 2022).sum())
    assert wr.earlier_count == int(dated.between(2003, 2012).sum())
    assert wr.years == 10
    b = st.undated_bounds(y, (2013, 2023), early=int(dated.min()), late=ds.coverage_end)
    assert b.undated == int(y.isna().sum())
    assert b.low.base == b.high.base == len(y)
    assert b.low.count == b.dated.count and b.high.count == b.dated.count + b.undated
    assert b.low.value <= b.dated.value <= b.high.value
