"""Answers derived from one Dataset are computed once per Dataset, and each caller gets its own copy."""

from __future__ import annotations

import pandas as pd

from indopac.analysis import claims, counting
from indopac.memo import per_dataset


def _counting_calls():
    calls = []

    @per_dataset(copy=pd.DataFrame.copy)
    def by_kind(ds, column="kind"):
        calls.append(column)
        return ds.initiatives[column].value_counts().rename_axis(column).reset_index()

    return by_kind, calls


def test_a_derived_table_is_computed_once_per_dataset_and_arguments(shipped):
    by_kind, calls = _counting_calls()
    first, second = by_kind(shipped), by_kind(shipped)
    pd.testing.assert_frame_equal(first, second)
    assert calls == ["kind"]
    by_kind(shipped, "level")
    assert calls == ["kind", "level"]


def test_a_caller_that_changes_its_answer_does_not_change_the_next(shipped):
    by_kind, _ = _counting_calls()
    answer = by_kind(shipped)
    answer.loc[:, "count"] = -1
    assert (by_kind(shipped)["count"] > 0).all()
    states = shipped.european_nato_states()
    states.clear()
    assert shipped.european_nato_states()


def test_another_dataset_gets_its_own_answer(shipped):
    by_kind, calls = _counting_calls()
    fewer = counting.without_section(shipped, counting.sections(shipped)[0])
    assert len(fewer.initiatives) < len(shipped.initiatives)
    assert by_kind(fewer)["count"].sum() == len(fewer.initiatives)
    assert by_kind(shipped)["count"].sum() == len(shipped.initiatives)
    assert len(calls) == 2


def test_the_robustness_checks_share_one_copy_per_section_and_its_verdicts(shipped):
    section = counting.sections(shipped)[0]
    assert counting.without_section(shipped, section) is counting.without_section(shipped, section)
    variant = counting.variants(shipped)[f"without_section:{section}"]
    assert variant is counting.without_section(shipped, section)
    first, again = claims.run(variant), claims.run(variant)
    assert first == again and first is not again  # the same verdicts, in a dict of the caller's own
