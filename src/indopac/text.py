"""The one home of wording rules: every computed sentence, title and note is built from these.

Pure string functions with no dependency on the rest of the library (a year window
or a dataset is read through its public attributes only), so any layer may use them:
number agreement (:func:`plural`, :func:`are`), list joining (:func:`join_names`),
articles before country names (:func:`the`, :func:`running_name`), percentages
(:func:`percent`), section labels (:data:`SECTION_TITLES`, :func:`section_label`),
year spans (:func:`years_text`) and the notes about undated initiatives and the
partial last year (:func:`undated_note`, :func:`time_note`, :func:`window_note`, ...).

Known disagreements, kept byte-for-byte by the layers refactor and to be settled in
their own commits (with rebuilt outputs):

- **Percentages of nothing.** :func:`percent` prints ``"0%"`` for a zero base in the
  overview and domain findings, ``"n/a"`` in the network findings (``empty=``).
- **Lists.** The overview/domain findings say ``"none"`` for an empty list and cut a
  long one after six names (``"… and 3 more"``); the network and recommendation
  prose print every name and nothing for an empty list (``limit=`` / ``empty=``).
- **"the" before names.** :func:`the` matches label prefixes (and lists "Czech
  Republic", whose label is "Czechia", and not "Netherlands"-type possessives:
  "the Netherlands's"); :func:`running_name` goes by actor code. One rule should win.
- **Number agreement.** :func:`plural` pluralises the noun only; several findings
  build their verbs by hand, which gives "1 of them involve Japan". ``inflect``
  (a pinned dependency) should take over nouns and verbs when wording is fixed.
- **Undated notes.** Time charts say "… not shown (the study gives no year)"
  (:func:`undated_note`); the network says "… left out" (:func:`undated_words`);
  the country timeline says "… shown under 'no date'" (:func:`undated_shown_note`).
- **Section labels.** The overview uses :data:`SECTION_TITLES` ("2.1 The
  Indo-Pacific and FOIP"); the recommendation citations use :func:`section_label`
  ("§2.1").
- **Ties.** Headlines name one winner where several share the top count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# --- numbers ------------------------------------------------------------------------------


def plural(n: int, word: str, plural: str | None = None) -> str:
    """``"1 initiative"``, ``"3 initiatives"``; ``plural`` for irregular nouns."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def percent(part: float, whole: float, empty: str = "0%") -> str:
    """``part`` as a whole-number percentage of ``whole``; ``empty`` when ``whole`` is 0."""
    return f"{(100 * part / whole):.0f}%" if whole else empty


# --- lists and names --------------------------------------------------------------------------


def join_names(names: Iterable[str], limit: int | None = None, empty: str = "") -> str:
    """``"A, B and C"``; past ``limit`` names, ``"A, …, F and 3 more"``; ``empty`` for no names."""
    names = list(names)
    if not names:
        return empty
    if limit is not None and len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


#: labels that English gives "the" (matched as prefixes of the label)
THE_NAMES = ("United Kingdom", "United States", "Netherlands", "Philippines", "Czech Republic")

#: actor codes whose running name takes "the"
WITH_ARTICLE = {"GBR", "NLD", "PHL", "USA", "EU", "UN", "EEAS"}


def the(name: str, start: bool = False) -> str:
    """'the United Kingdom', 'the Netherlands': the article English gives some country names."""
    if name.startswith(THE_NAMES):
        return ("The " if start else "the ") + name
    return name


def running_name(labels: Mapping[str, str], code: str) -> str:
    """An actor's name in running text: ``"the Netherlands"``, ``"Japan"`` (by code)."""
    name = str(labels.get(code, code))
    return f"the {name}" if code in WITH_ARTICLE else name


def capitalise(text: str) -> str:
    """The first letter upper-cased, the rest untouched ("the EU ..." -> "The EU ...")."""
    return text[:1].upper() + text[1:]


# --- sections of the study ------------------------------------------------------------------

SECTION_TITLES = {
    "summary": "Summary",
    "1": "1 Early partnerships",
    "2.1": "2.1 The Indo-Pacific and FOIP",
    "2.2": "2.2 France and the UK with Japan",
    "2.3": "2.3 Expanding geography",
    "3.1": "3.1 Maritime security",
    "3.2": "3.2 Emerging domains",
    "3.3": "3.3 Defence equipment",
    "4": "4 Other bilateral partnerships",
    "concluding": "Concluding notes",
}


def section_label(value: Any) -> str:
    """A section of the study in a citation: ``"§2.1"``, ``"Summary"``, ``"Concluding notes"``."""
    value = str(value)
    if value == "summary":
        return "Summary"
    if value == "concluding":
        return "Concluding notes"
    return f"§{value}"


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
    return f"{n} undated initiative{'s are' if n != 1 else ' is'}"


def undated_shown_note(n_undated: int) -> str:
    """The note of a chart that keeps undated initiatives in a 'no date' column."""
    if not n_undated:
        return "Every initiative shown has a start year"
    return f"{undated_words(n_undated)} shown under 'no date'"


def partial_year_note(ds: Any) -> str:
    """The standard note for time axes: the study's own year is only partly covered."""
    return f"{ds.study_year} is a partial year (the study was written in {ds.study_year})"


def undated_note(n_undated: int) -> str:
    """The standard note for time charts: how many undated initiatives they leave out."""
    if n_undated == 0:
        return "Every initiative shown has a start year"
    s = "" if n_undated == 1 else "s"
    verb = "is" if n_undated == 1 else "are"
    return f"{n_undated} undated initiative{s} {verb} not shown (the study gives no year)"


def time_note(ds: Any, n_undated: int, *, partial: bool = True, n_outside: int = 0,
              window: tuple[int | None, int | None] | None = None) -> str:
    """Undated count plus the partial-year caveat (and what a year window leaves out), as one note.

    ``n_outside`` dated initiatives fall outside ``window`` (start, end; either may be None).
    """
    parts = [undated_note(n_undated)]
    lo, hi = window if window is not None else (None, None)
    if n_outside > 0 and (lo is not None or hi is not None):
        span = f"{lo}–{hi}" if lo is not None and hi is not None else (f"from {lo}" if lo is not None else f"to {hi}")
        s = "" if n_outside == 1 else "s"
        parts.append(f"{n_outside} dated initiative{s} outside the years chosen ({span}) {'is' if n_outside == 1 else 'are'} not shown")
    if partial:
        parts.append(partial_year_note(ds))
    return "; ".join(parts) + "."


def window_note(window: Any, *, partial: bool = True) -> str:
    """:func:`time_note` for an :class:`indopac.analysis.counts.YearWindow`."""
    return time_note(window.dataset, window.n_undated, partial=partial, n_outside=window.n_outside,
                     window=(window.start, window.end))


def with_extra(note: str, extra: str) -> str:
    """A note that ends in a full stop, with ``extra`` ("; 3 earlier ...") put before the stop."""
    return note.rstrip(".") + extra + "." if extra else note.rstrip(".") + "."


# --- escaping data-derived text -------------------------------------------------------------
#
# Titles, notes and names come from the data, which anyone may extend: they are text, never
# markup. Escape them for the format they go into, at the point where they are put into it.

#: characters that Markdown (CommonMark, as rendered by JupyterLab and nbconvert) may read as
#: markup, plus "<" and "&" so that no raw HTML or entity reaches the page
_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~&")


def escape_markdown(text: object) -> str:
    """``text`` as literal Markdown: every character that could be markup is backslash-escaped.

    ``"Czech <img src=x onerror=...> *talks*"`` renders as those characters, with no image,
    script or emphasis. Safe inside emphasis (``*...*``) and link text.
    """
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in str(text))


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
