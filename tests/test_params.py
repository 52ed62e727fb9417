"""Parameter checks: a bad value is one line naming the valid values and the closest one; names work as codes."""

from __future__ import annotations

import pytest

from indopac import params
from indopac.params import ParameterError


@pytest.fixture(scope="module")
def ds(shipped):
    return shipped


@pytest.mark.parametrize("given", ["POL", "pol", "Poland", "poland", " Poland "])
def test_a_country_may_be_a_code_in_any_case_or_a_name(ds, given):
    assert params.check_country(ds, given) == "POL"
    assert params.check_focus(ds, given) == "POL"


def test_a_european_nato_state_with_no_initiative_is_a_valid_country(ds):
    silent = [c for c in ds.european_nato_states() if c not in set(ds.parties())]
    assert silent, "the shipped data has a European NATO state with no initiative (Latvia)"
    assert params.check_country(ds, silent[0]) == silent[0]


def test_a_misspelt_country_suggests_the_close_code_and_lists_the_valid_ones(ds):
    with pytest.raises(ParameterError) as info:
        params.check_country(ds, "Polnad")
    message = str(info.value)
    assert "\n" not in message
    assert "did you mean 'POL'?" in message and "valid: " in message and "LTU" in message


def test_a_known_actor_that_is_not_valid_gets_no_look_alike_suggestion(ds):
    with pytest.raises(ParameterError) as info:
        params.check_focus(ds, "Japan")
    assert "not a European NATO state" in str(info.value) and "did you mean" not in str(info.value)


def test_a_domain_written_as_words_suggests_its_code(ds):
    with pytest.raises(ParameterError, match=r"'cyber security' not a domain \(did you mean 'cyber'\?\)"):
        params.check_domains(ds, ["cyber security"])


def test_check_params_returns_the_normalised_values(ds):
    assert params.check_params(ds, country="poland", focus="ltu") == {"country": "POL", "focus": "LTU"}


def test_notebook_parameters_are_checked_by_name_with_their_context(ds):
    checked = params.check_notebook_params(ds, {"grouping": "kind", "country": "pol"}, {"grouping": "framework"})
    assert checked == {"grouping": "kind", "country": "POL"}
    with pytest.raises(ParameterError, match="did you mean 'kind'"):
        params.check_notebook_params(ds, {"grouping": "kinds"})
    with pytest.raises(ParameterError, match="reversed|inverted"):
        params.check_notebook_params(ds, {"year_start": 2020}, {"year_start": None, "year_end": 2010})
    with pytest.raises(ParameterError, match="not a weight name"):
        params.check_notebook_params(ds, {"weights": {"nonsense": 1}}, default_weights={"channel": 1.0})
