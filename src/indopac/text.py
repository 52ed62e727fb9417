"""The one home of wording rules: every computed sentence, title and note is built from these.

Pure string functions with no dependency on the rest of the library (a year window or a
dataset is read through its public attributes only), so any layer may use them. One rule
each, used everywhere:

- **Number agreement**: :func:`plural` ("1 initiative", "3 European parties"),
  :func:`verb_for` ("1 of them involves", "3 of them involve"), by the regular English
  rules plus a table of the exceptions (:data:`IRREGULAR_PLURALS`, :data:`IRREGULAR_VERBS`).
  The vocabulary is the library's own (initiative, party, state, domain…), so a dozen lines
  cover it; ``inflect``, used before, cost 2–4 s of CPU to import in every kernel (its
  ``typeguard`` decorators recompile the module), more than the rest of a trends run.
- **Lists**: :func:`join_names` prints every name, "A, B and C" (never cut
  short), and for an empty list the caller's word for none (``empty=``, default ``""``).
- **"the" before names**: by actor code, from one table (:data:`WITH_ARTICLE`):
  :func:`running_name` ("the Netherlands", "Japan"); possessives by :func:`possessive`
  ("the Netherlands'", "France's"), never "the Netherlands's".
- **Small numbers in words**: :func:`number_word` ("five-way tie"), digits from 13.
- **Percentages**: :func:`percent` is a whole number ("21%") and ``"n/a"`` for a zero
  base; a share in a finding goes through :func:`share`, which always gives the count and
  the base ("7 of 33 (21%)") and, below :data:`MIN_BASE`, counts only ("1 of 2").
- **Ties**: :func:`ties_phrase` names every tied leader ("maritime security and political
  dialogue (tied, 14 of 43 each)").
- **Windows**: :func:`span` names a window ("2013–22"); :func:`windows_phrase` compares two
  equal windows and names both ("31 in 2013–22 against 9 in 2003–12, equal 10-year windows").
- **Tests**: :func:`tested` names a test with its p ("Fisher's exact test, p = 0.7"), and
  :func:`difference_phrase` calls a difference clear only when the test says so.
- **Undated bounds**: :func:`undated_range` ("between 48% (all undated early) and 82% (all
  undated late)").
- **Undated notes**: all built on :func:`undated_words` ("3 undated initiatives are"):
  :func:`undated_note` for charts that leave them out ("… not shown (the study gives no
  year)"), :func:`undated_shown_note` for charts with a 'no date' column.
- **Section labels**: :func:`section_label` ("§2.1") in citations, :func:`section_title`
  ("§2.1 The Indo-Pacific and FOIP") where the section is named in full.
- **Escaping**: :func:`escape_markdown` and :func:`escape_html` for data text placed in
  Markdown or HTML, so markup in the data shows as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

#: Smallest base for which a percentage is shown; below it a share is "k of n" only. The
#: same value as :data:`indopac.analysis.stats.MIN_BASE`, which gives the reasons (a test
#: keeps the two equal; the wording layer sits below the analysis layer, so it cannot import it).
MIN_BASE = 5


#: nouns whose plural the regular rules get wrong (the last word of a phrase is looked up)
IRREGULAR_PLURALS = {"child": "children", "person": "people", "analysis": "analyses", "criterion": "criteria",
                     "series": "series", "crisis": "crises", "basis": "bases"}
#: third-person singular verbs whose plural the regular rules get wrong
IRREGULAR_VERBS = {"is": "are", "has": "have", "was": "were", "does": "do", "goes": "go"}
_VOWELS = frozenset("aeiou")


def _plural_word(word: str) -> str:
    """The plural of one lower-case English noun: party -> parties, match -> matches, state -> states."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _plural_noun(phrase: str) -> str:
    """The plural of a noun phrase: its last word takes the plural ("European party" -> "European parties")."""
    head, sep, last = phrase.rpartition(" ")
    plural = _plural_word(last.lower())
    if last[:1].isupper():
        plural = last[0] + plural[1:]
    return head + sep + plural


def _plural_verb(verb: str) -> str:
    """The plural of a third-person singular verb: involves -> involve, matches -> match, applies -> apply."""
    if verb in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[verb]
    if verb.endswith("ies") and len(verb) > 3:
        return verb[:-3] + "y"
    if verb.endswith(("sses", "xes", "zes", "ches", "shes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb[:-1]
    return verb


# --- numbers and agreement ------------------------------------------------------------------


def noun(n: int, word: str, plural: str | None = None) -> str:
    """The form of ``word`` that agrees with ``n``: ``noun(2, "party") == "parties"``."""
    if n == 1:
        return word
    return plural or _plural_noun(word)


def plural(n: int, word: str, plural: str | None = None) -> str:
    """``"1 initiative"``, ``"3 initiatives"``, ``"2 European parties"``; ``plural`` overrides the rules."""
    return f"{n} {noun(n, word, plural)}"


def verb_for(n: int, verb: str) -> str:
    """The verb agreeing with a count: ``verb_for(1, "takes") == "takes"``, ``verb_for(3, "takes") == "take"``.

    ``verb`` is the third-person singular form ("is", "has", "spans").
    """
    return verb if n == 1 else _plural_verb(verb)


def count_words(n: int, word: str) -> str:
    """The same as :func:`plural` (kept for the claims ledger's callers)."""
    return plural(n, word)


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve")


def number_word(n: int) -> str:
    """``"five"`` for 5: a small count in words (zero to twelve, as style guides spell them); digits beyond."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def percent(part: float, whole: float) -> str:
    """``part`` as a whole-number percentage of ``whole``: ``"21%"``; ``"n/a"`` when ``whole`` is 0."""
    return f"{(100 * part / whole):.0f}%" if whole else "n/a"


def share(count: int, base: int, what: str = "", *, inside: bool = False) -> str:
    """A share with its count and base: ``"7 of 33 (21%)"``; below :data:`MIN_BASE`, counts only: ``"1 of 2"``.

    ``what`` names the base: ``share(7, 33, "initiatives") == "7 of 33 initiatives (21%)"``. ``inside``
    is for a share already in brackets: ``"7 of 33, 21%"`` (never nested brackets).
    """
    counts = f"{count} of {base}" + (f" {what}" if what else "")
    if base < MIN_BASE:
        return counts
    return f"{counts}, {percent(count, base)}" if inside else f"{counts} ({percent(count, base)})"


def share_words(count: int, base: int, *, min_base: int = MIN_BASE) -> str:
    """:func:`share` (kept for the claims ledger's callers; ``min_base`` must be :data:`MIN_BASE`)."""
    if min_base != MIN_BASE:
        raise ValueError(f"min_base: {min_base} is not valid; valid: {MIN_BASE} (text.MIN_BASE, the one rule)")
    return share(count, base)


# --- lists and names --------------------------------------------------------------------------


def join_names(names: Iterable[str], empty: str = "") -> str:
    """``"A, B and C"``: every name, no serial comma; ``empty`` (default ``""``) for no names.

    A list in a finding is evidence, so it is never cut short.
    """
    names = [str(n) for n in names]
    if len(names) <= 1:
        return names[0] if names else empty
    return ", ".join(names[:-1]) + " and " + names[-1]


#: actor codes whose name takes "the" in running text (the one table for articles)
WITH_ARTICLE = frozenset({"GBR", "NLD", "PHL", "USA", "EU", "UN", "EEAS", "CCDCOE"})


def running_name(labels: Mapping[str, str] | Callable[[str], str], code: str, *, start: bool = False) -> str:
    """An actor's name in running text, by code: ``"the Netherlands"``, ``"Japan"``; ``start`` capitalises.

    ``labels`` maps codes to names, or is a function doing so (``ds.actor_name``).
    """
    name = str(labels(code) if callable(labels) else labels.get(code, code))
    if code in WITH_ARTICLE:
        return ("The " if start else "the ") + name
    return name


def possessive(name: str) -> str:
    """``"France's"``, ``"the Netherlands'"``, ``"the Philippines'"``: a name ending in s takes an apostrophe only."""
    return name + ("'" if name.endswith("s") else "'s")


def capitalise(text: str) -> str:
    """The first letter upper-cased, the rest untouched ("the EU ..." -> "The EU ...")."""
    return text[:1].upper() + text[1:]


# --- ties ------------------------------------------------------------------------------------


def ties_phrase(names: Sequence[str], value: str) -> str:
    """Every leader with the value it leads on, a tie named as one.

    ``ties_phrase(["maritime security"], "14 of 43") == "maritime security (14 of 43)"``;
    two or more: ``"maritime security and political dialogue (tied, 14 of 43 each)"``.
    """
    if not names:
        return ""
    value = _unbracket(value)
    if len(names) == 1:
        return f"{names[0]} ({value})"
    return f"{join_names(names)} (tied, {value} each)"


def _unbracket(value: str) -> str:
    """``"10 of 28 (36%)"`` -> ``"10 of 28, 36%"``, for a value that goes inside brackets."""
    if value.endswith(")") and " (" in value:
        head, _, inner = value[:-1].rpartition(" (")
        return f"{head}, {inner}"
    return value


# --- windows, tests, undated bounds -----------------------------------------------------------


def span(window: Sequence[int]) -> str:
    """A window of years: ``"2013–22"``, ``"1995–2004"``, ``"2016"`` (a single year)."""
    lo, hi = int(window[0]), int(window[1])
    if lo == hi:
        return str(lo)
    end = f"{hi % 100:02d}" if lo // 100 == hi // 100 else str(hi)
    return f"{lo}–{end}"


def windows_phrase(recent_count: int, recent: Sequence[int], earlier_count: int, earlier: Sequence[int],
                   what: str = "") -> str:
    """Two equal windows compared, both named: ``"31 in 2013–22 against 9 in 2003–12 (equal 10-year windows)"``.

    ``what`` follows the first count: ``what="initiatives started"`` gives ``"31 initiatives started in 2013–22 …"``.
    Windows of different lengths are refused: a rate comparison is like for like.
    """
    n = int(recent[1]) - int(recent[0]) + 1
    if n != int(earlier[1]) - int(earlier[0]) + 1:
        raise ValueError(f"windows must have the same length (got {span(recent)} and {span(earlier)})")
    first = f"{recent_count} {what}" if what else str(recent_count)
    return f"{first} in {span(recent)} against {earlier_count} in {span(earlier)} (equal {n}-year windows)"


def ratio_words(ratio: float | None) -> str:
    """A rate ratio in words: ``"3.4 times as many"``, ``"as many"``, ``"none before"`` (None: nothing to divide by)."""
    if ratio is None:
        return "none before"
    if round(ratio, 1) == 1.0:
        return "as many"
    return f"{ratio:.1f} times as many"


def p_words(p: float) -> str:
    """A p-value as text: ``"p = 0.03"``, ``"p < 0.001"``."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.2g}"


def tested(name: str, p: float) -> str:
    """A named exact test and its p-value: ``"binomial test, p = 0.03"``."""
    return f"{name}, {p_words(p)}"


def difference_phrase(name: str, p: float, significant: bool) -> str:
    """``"a clear difference (Fisher's exact test, p = 0.01)"`` or ``"no clear difference (…, p = 0.7)"``.

    ``significant`` comes from the statistical rules (:mod:`indopac.analysis.stats`), never from here.
    """
    return f"{'a clear' if significant else 'no clear'} difference ({tested(name, p)})"


def undated_range(early: tuple[int, int], late: tuple[int, int]) -> str:
    """Where the undated rows could put a share: ``"between 48% (all undated early) and 82% (all undated late)"``.

    ``early`` and ``late`` are ``(count, base)`` with every undated row placed early or late;
    the smaller share comes first. Below :data:`MIN_BASE` the bounds are counts ("3 of 4").
    """
    def words(cb: tuple[int, int]) -> str:
        c, b = cb
        return percent(c, b) if b >= MIN_BASE else f"{c} of {b}"

    parts = [(early[0] / early[1] if early[1] else 0, words(early), "all undated early"),
             (late[0] / late[1] if late[1] else 0, words(late), "all undated late")]
    if parts[0][1] == parts[1][1]:
        return f"{parts[0][1]} wherever the undated ones started"
    (_, a, wa), (_, b, wb) = sorted(parts, key=lambda t: t[0])
    return f"between {a} ({wa}) and {b} ({wb})"


# --- sections of the study ------------------------------------------------------------------

#: the study's section names (its headings, shortened)
SECTION_NAMES = {
    "summary": "Summary",
    "1": "Early partnerships",
    "2.1": "The Indo-Pacific and FOIP",
    "2.2": "France and the UK with Japan",
    "2.3": "Expanding geography",
    "3.1": "Maritime security",
    "3.2": "Emerging domains",
    "3.3": "Defence equipment",
    "4": "Other bilateral partnerships",
    "concluding": "Concluding notes",
}

_UNNUMBERED = ("summary", "concluding")


def section_label(value: Any) -> str:
    """A section of the study in a citation: ``"§2.1"``, ``"Summary"``, ``"Concluding notes"``."""
    value = str(value)
    if value in _UNNUMBERED:
        return SECTION_NAMES[value]
    return f"§{value}"


def section_title(value: Any) -> str:
    """A section named in full: ``"§2.1 The Indo-Pacific and FOIP"``, ``"Summary"``."""
    value = str(value)
    if value in _UNNUMBERED or value not in SECTION_NAMES:
        return SECTION_NAMES.get(value, section_label(value))
    return f"{section_label(value)} {SECTION_NAMES[value]}"


#: section code -> :func:`section_title` (for mapping a column)
SECTION_TITLES = {k: section_title(k) for k in SECTION_NAMES}


# --- years, undated initiatives, the partial year -----------------------------------------------


def years_text(years: Sequence[int | None] | None) -> str:
    """A year range in words: ``"2015–2023"``, ``"2015 or later"``, ``"2010 or earlier"``."""
    if years is None:
        return ""
    start, end = years
    if start is not None and end is not None:
        return f"{start}–{end}"
    if start is not None:
        return f"{start} or later"
    return f"{end} or earlier"


def undated_words(n: int) -> str:
    """``"3 undated initiatives are"`` (the start of a sentence that says where they went)."""
    return f"{plural(n, 'undated initiative')} {verb_for(n, 'is')}"


def undated_shown_note(n_undated: int) -> str:
    """The note of a chart that keeps undated initiatives in a 'no date' column."""
    if not n_undated:
        return "Every initiative shown has a start year"
    return f"{undated_words(n_undated)} shown under 'no date'"


def partial_year_note(ds: Any) -> str:
    """The note for time axes whose last year is covered only in part (``ds.partial_year``), else "".

    The partial year is the latest year the data covers when a source the rows cite was
    written in it: nothing about a fixed "study year", so a row from a later source moves it.
    """
    year = ds.partial_year
    if year is None:
        return ""
    return f"{year} is covered only in part (the latest source cited was written that year)"


def undated_note(n_undated: int) -> str:
    """The standard note for time charts: how many undated initiatives they leave out."""
    if n_undated == 0:
        return "Every initiative shown has a start year"
    return f"{undated_words(n_undated)} not shown (the study gives no year)"


def time_note(ds: Any, n_undated: int, *, partial: bool = True, n_outside: int = 0,
              window: tuple[int | None, int | None] | None = None) -> str:
    """Undated count plus the partial-year caveat (and what a year window leaves out), as one note.

    ``n_outside`` dated initiatives fall outside ``window`` (start, end; either may be None).
    """
    parts = [undated_note(n_undated)]
    lo, hi = window if window is not None else (None, None)
    if n_outside > 0 and (lo is not None or hi is not None):
        where = f"{lo}–{hi}" if lo is not None and hi is not None else (f"from {lo}" if lo is not None else f"to {hi}")
        parts.append(f"{plural(n_outside, 'dated initiative')} outside the years chosen ({where}) "
                     f"{verb_for(n_outside, 'is')} not shown")
    if partial and partial_year_note(ds):
        parts.append(partial_year_note(ds))
    return "; ".join(parts) + "."


def window_note(window: Any, *, partial: bool = True) -> str:
    """:func:`time_note` for an :class:`indopac.analysis.counts.YearWindow`."""
    return time_note(window.dataset, window.n_undated, partial=partial, n_outside=window.n_outside,
                     window=(window.start, window.end))


def with_extra(note: str, extra: str) -> str:
    """A note that ends in a full stop, with ``extra`` ("; 3 earlier ...") put before the stop."""
    return note.rstrip(".") + extra + "." if extra else note.rstrip(".") + "."


def notes(*parts: str | None) -> str:
    """Notes joined into one: empty parts dropped, each without its own full stop, ``"; "`` between, one stop."""
    kept = [p.strip().rstrip(".") for p in parts if p and p.strip()]
    return "; ".join(kept) + "." if kept else ""


# --- escaping data-derived text -------------------------------------------------------------
#
# Titles, notes and names come from the data, which anyone may extend: they are text, never
# markup. Escape them for the format they go into, at the point where they are put into it.

#: characters that CommonMark (as rendered by JupyterLab and nbconvert) may read as markup
#: anywhere in a line, plus "<" and "&" so that no raw HTML or entity reaches the page
_MARKDOWN_INLINE = set("\\`*_[]<>&|~")
#: what starts a heading, list item or quote when it opens a line (a string may be put there)
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def escape_markdown(text: object) -> str:
    """``text`` as literal Markdown: every character that could be markup is backslash-escaped.

    ``"Czech <img src=x onerror=...> *talks*"`` renders as those characters, with no image,
    script, link or emphasis, wherever it is put in a line, inside emphasis too. Characters
    that are markup only at the start of a line (``#``, ``-``, ``1.``) are escaped only
    there, so ordinary text such as "Shangri-La" or "v1.1.0" stays readable in the raw file.
    """
    escaped = "".join("\\" + c if c in _MARKDOWN_INLINE else c for c in str(text))
    escaped = escaped.replace("\n", " ")  # a newline could start a block of its own
    match = _MARKDOWN_LINE_START.match(escaped)
    if match:
        lead, mark = match.groups()
        if mark.isdigit():
            cut = len(lead) + len(mark)
            return escaped[:cut] + "\\" + escaped[cut:]
        return lead + "\\" + escaped[len(lead):]
    return escaped


def escape_html(text: object) -> str:
    """``text`` as literal HTML (``&``, ``<``, ``>``, quotes escaped): for pages and attributes."""
    import html

    return html.escape(str(text), quote=True)


# --- counts per name (each item counted once per name that takes part) --------------------------


def counts_each(counts: Iterable[tuple[str, int]], total: int) -> str:
    """How many of ``total`` items each name is in, largest first, equal counts grouped:
    ``"Japan in all 7; Australia, New Zealand and South Korea in 2 each; Brunei in 1"``.

    Names are kept in the order given within a group. Each item counts once per name, so
    the counts may add up to more than ``total``; no name is said to be in all of them unless it is.
    """
    groups: dict[int, list[str]] = {}
    for name, k in counts:
        if k > 0:
            groups.setdefault(int(k), []).append(name)
    parts = []
    for k in sorted(groups, reverse=True):
        names = groups[k]
        amount = ("both" if total == 2 else f"all {k}") if k == total and total > 1 else str(k)
        each = " each" if len(names) > 1 and amount == str(k) else ""
        parts.append(f"{join_names(names)} in {amount}{each}")
    return "; ".join(parts)
