"""indopac.text, the wording rules: one rule each, stated here as behaviour.

Every computed sentence, title and note is built from these functions, so a rule changed here
changes every output the same way.
"""

from __future__ import annotations

import pytest

from indopac import text
from indopac.analysis import stats

# --- number agreement -------------------------------------------------------------------------


def test_nouns_agree_with_their_count():
    assert text.plural(1, "initiative") == "1 initiative"
    assert text.plural(3, "initiative") == "3 initiatives"
    assert text.plural(2, "European party") == "2 European parties"
    assert text.plural(0, "series") == "0 series"
    assert text.plural(2, "person", "people") == "2 people"


# Every noun and verb the library pluralises, with the form inflect 7.6 gave when it did the
# job (checked word by word when it was replaced): the library's wording did not change.
LIBRARY_NOUNS = {
    "initiative": "initiatives", "undated initiative": "undated initiatives", "European state": "European states",
    "row": "rows", "domain": "domains", "year": "years", "peer": "peers", "other": "others", "verdict": "verdicts",
    "undated one": "undated ones", "partner": "partners", "entry point": "entry points", "dialogue": "dialogues",
    "decision": "decisions", "date": "dates", "claim": "claims", "Indo-Pacific party": "Indo-Pacific parties",
    "FOIP-coded initiative": "FOIP-coded initiatives", "party": "parties", "country": "countries",
    "match": "matches", "analysis": "analyses", "series": "series", "ally": "allies", "day": "days",
    "box": "boxes", "bush": "bushes",
}
LIBRARY_VERBS = {
    "is": "are", "has": "have", "does": "do", "starts": "start", "appears": "appear", "takes": "take",
    "matches": "match", "involves": "involve", "covers": "cover", "reaches": "reach", "puts": "put",
    "links": "link", "includes": "include", "frames": "frame", "spans": "span", "applies": "apply",
    "goes": "go", "passes": "pass", "fixes": "fix", "stays": "stay",
}


@pytest.mark.parametrize("word, plural_form", LIBRARY_NOUNS.items())
def test_every_library_noun_takes_its_english_plural(word, plural_form):
    assert text.noun(1, word) == word
    assert text.noun(2, word) == plural_form


@pytest.mark.parametrize("verb, plural_form", LIBRARY_VERBS.items())
def test_every_library_verb_agrees_in_the_plural(verb, plural_form):
    assert text.verb_for(1, verb) == verb
    assert text.verb_for(4, verb) == plural_form


def test_small_numbers_are_words_and_larger_ones_digits():
    assert [text.number_word(n) for n in (2, 5, 12, 13)] == ["two", "five", "twelve", "13"]


def test_verbs_agree_with_their_count():
    assert text.verb_for(1, "involves") == "involves"
    assert text.verb_for(3, "involves") == "involve"
    assert text.verb_for(2, "is") == "are"
    assert text.verb_for(0, "has") == "have"


# --- lists and names ----------------------------------------------------------------------------


def test_lists_name_every_item_without_a_serial_comma():
    assert text.join_names(["France", "Japan", "Italy"]) == "France, Japan and Italy"
    assert text.join_names(["France", "Japan"]) == "France and Japan"
    assert text.join_names(["France"]) == "France"
    many = [f"c{i}" for i in range(12)]
    assert text.join_names(many).count(",") == 10  # never cut short


def test_an_empty_list_says_what_the_caller_means_by_none():
    assert text.join_names([]) == ""
    assert text.join_names([], empty="none") == "none"


def test_items_holding_commas_are_still_joined_with_commas():
    assert text.join_names(["maritime (10 of 28, 36%)", "cyber"]) == "maritime (10 of 28, 36%) and cyber"


def test_the_article_goes_by_actor_code_from_one_table():
    labels = {"NLD": "Netherlands", "PHL": "Philippines", "GBR": "United Kingdom", "JPN": "Japan", "CZE": "Czechia"}
    assert text.running_name(labels, "NLD") == "the Netherlands"
    assert text.running_name(labels, "GBR", start=True) == "The United Kingdom"
    assert text.running_name(labels, "JPN") == "Japan"
    assert text.running_name(labels, "CZE") == "Czechia"
    assert text.running_name(labels.get, "PHL") == "the Philippines"  # a lookup function works too


def test_possessives_never_read_the_netherlandss():
    assert text.possessive("the Netherlands") == "the Netherlands'"
    assert text.possessive("the Philippines") == "the Philippines'"
    assert text.possessive("France") == "France's"


# --- percentages and shares ----------------------------------------------------------------------


def test_a_percentage_of_nothing_is_not_a_number():
    assert text.percent(7, 33) == "21%"
    assert text.percent(0, 0) == "n/a"


def test_the_smallest_base_for_a_percentage_is_the_statistical_rule():
    assert text.MIN_BASE == stats.MIN_BASE


def test_a_share_gives_count_and_base_and_a_percentage_only_from_the_minimum_base():
    assert text.share(7, 33) == "7 of 33 (21%)"
    assert text.share(7, 33, "initiatives") == "7 of 33 initiatives (21%)"
    assert text.share(7, 33, inside=True) == "7 of 33, 21%"
    assert text.share(1, 2) == "1 of 2"
    assert text.share(4, 4) == "4 of 4"
    assert text.share(5, 5) == "5 of 5 (100%)"


# --- ties, windows, tests, undated bounds ----------------------------------------------------------


def test_a_tie_names_every_leader():
    assert text.ties_phrase(["maritime security"], "14 of 43") == "maritime security (14 of 43)"
    assert text.ties_phrase(["maritime security", "political dialogue"], "14 of 43") == (
        "maritime security and political dialogue (tied, 14 of 43 each)")
    # a value with its own brackets is not bracketed twice
    assert text.ties_phrase(["maritime security"], "10 of 28 (36%)") == "maritime security (10 of 28, 36%)"


def test_windows_are_named_and_must_have_equal_length():
    assert text.span((2013, 2022)) == "2013–22"
    assert text.span((1995, 2004)) == "1995–2004"
    assert text.span((2016, 2016)) == "2016"
    assert text.windows_phrase(31, (2013, 2022), 9, (2003, 2012), "initiatives started") == (
        "31 initiatives started in 2013–22 against 9 in 2003–12 (equal 10-year windows)")
    with pytest.raises(ValueError, match="same length"):
        text.windows_phrase(31, (2013, 2023), 12, (1954, 2012))


def test_a_test_is_named_with_its_p_and_a_difference_is_clear_only_when_the_test_says_so():
    assert text.tested("Fisher's exact test", 0.7) == "Fisher's exact test, p = 0.7"
    assert text.p_words(0.0001) == "p < 0.001"
    assert text.difference_phrase("Fisher's exact test", 0.7, False) == (
        "no clear difference (Fisher's exact test, p = 0.7)")
    assert text.difference_phrase("binomial test", 0.01, True).startswith("a clear difference")


def test_undated_bounds_give_both_placements_smaller_first():
    assert text.undated_range((31, 65), (53, 65)) == "between 48% (all undated early) and 82% (all undated late)"
    assert text.undated_range((3, 4), (1, 4)) == "between 1 of 4 (all undated late) and 3 of 4 (all undated early)"
    assert text.undated_range((2, 9), (2, 9)) == "22% wherever the undated ones started"


def test_rate_ratios_in_words():
    assert text.ratio_words(3.6) == "3.6 times as many"
    assert text.ratio_words(1.02) == "as many"
    assert text.ratio_words(None) == "none before"


# --- notes and sections -----------------------------------------------------------------------------


def test_undated_notes_share_one_agreement_rule():
    assert text.undated_words(1) == "1 undated initiative is"
    assert text.undated_note(25) == "25 undated initiatives are not shown (the study gives no year)"
    assert text.undated_shown_note(2) == "2 undated initiatives are shown under 'no date'"
    assert text.undated_note(0) == text.undated_shown_note(0) == "Every initiative shown has a start year"


def test_notes_join_into_one_sentence_with_one_full_stop():
    assert text.notes("A note.", None, "", "another") == "A note; another."
    assert text.notes() == ""


def test_sections_are_labelled_one_way():
    assert text.section_label("2.1") == "§2.1"
    assert text.section_label("summary") == "Summary"
    assert text.section_title("2.1") == "§2.1 The Indo-Pacific and FOIP"
    assert text.section_title("concluding") == "Concluding notes"
    assert text.SECTION_TITLES["3.1"] == "§3.1 Maritime security"
