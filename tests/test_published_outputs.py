"""The committed outputs say only what the data allow: a scan of every published text for issue 10's error classes.

What is scanned (the files a reader sees without running anything):

- ``reports/*.md`` (recommendations, ``claims.md``) and ``reports/claims.csv``;
- the executed notebooks ``reports/*.ipynb``: their Markdown cells and the Markdown and plain
  text of their outputs (object reprs such as ``<Figure ...>`` are skipped);
- every figure ``figures/**/*.svg``: its title (the bold heading text) and its muted text
  (subtitle, notes, source line). SVG text is kept as text by the house style, so a title
  wrapped over several lines is read back joined.

Each test is one error class and fails listing every offending file and sentence. These tests
read the committed outputs, so they fail until the outputs are rebuilt after the wording fixes:
that is their purpose (the build's outputs are the project's product, and this is its proof-reader).

Where a check needs the data (ties), it uses the dataset version the output names in its
source line: the current ``data/`` when the versions agree, else the frozen coding
``data/reliability/first-coding-v<version>.csv`` when it exists; otherwise the check is
skipped for that output (it cannot be checked), never guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from xml.etree import ElementTree

import pytest

import indopac
from indopac import text
from indopac.analysis import counting
from indopac.analysis import stats as st
from indopac.layout import DATA_DIR, ROOT

REPORTS = ROOT / "reports"
FIGURES = ROOT / "figures"
VERSION = re.compile(r"indopac dataset v(\d+\.\d+\.\d+)")


@dataclass(frozen=True)
class Doc:
    """One published text: where it comes from, what kind it is, its text, and the dataset version it names."""

    where: str
    kind: str  # "markdown", "csv", "notebook", "title", "figure-text"
    text: str
    version: str | None


def _plain(s: str) -> str:
    """Markdown/HTML to plain words: escapes, emphasis, tags and table pipes removed, space normalised."""
    s = re.sub(r"<[^>]+>", " ", s)
    s = re.sub(r"\\(.)", r"\1", s)
    s = s.replace("**", "").replace("|", " ; ")
    return re.sub(r"\s+", " ", s).strip()


def _version_in(s: str) -> str | None:
    found = VERSION.search(s)
    return found.group(1) if found else None


def _notebook_docs(path: Path) -> list[Doc]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    version = _version_in(path.read_text(encoding="utf-8"))
    where = str(path.relative_to(ROOT))
    docs = []
    for cell in nb.get("cells", []):
        if cell["cell_type"] == "markdown":
            docs.append(Doc(where, "notebook", _plain("".join(cell["source"])), version))
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts = [data.get("text/markdown"), out.get("text")]
            plain = data.get("text/plain")
            # a table (it has an HTML form) is data, not prose; an object repr ("<Figure ...>") is neither
            if plain is not None and "text/html" not in data and not "".join(plain).lstrip().startswith("<"):
                parts.append(plain)
            for p in parts:
                if p:
                    docs.append(Doc(where, "notebook", _plain("".join(p)), version))
    return docs


def _svg_docs(path: Path) -> list[Doc]:
    root = ElementTree.parse(path).getroot()
    title, muted = [], []
    for el in root.iter():
        if not el.tag.endswith("}text"):
            continue
        style = el.get("style", "")
        words = "".join(el.itertext()).strip()
        if not words:
            continue
        if "font-weight: 700" in style and "font-size: 13px" in style:
            title.append(words)
        elif "#666666" in style:
            muted.append(words)
    where = str(path.relative_to(ROOT))
    version = _version_in(" ".join(muted))
    return [Doc(where, "title", " ".join(title), version), Doc(where, "figure-text", " ".join(muted), version)]


@lru_cache(maxsize=1)
def published() -> tuple[Doc, ...]:
    docs: list[Doc] = []
    for path in sorted(REPORTS.glob("*.md")):
        s = path.read_text(encoding="utf-8")
        docs.append(Doc(str(path.relative_to(ROOT)), "markdown", _plain(s), _version_in(_plain(s))))
    csv = REPORTS / "claims.csv"
    if csv.exists():
        docs.append(Doc(str(csv.relative_to(ROOT)), "csv", csv.read_text(encoding="utf-8"), None))
    for path in sorted(REPORTS.glob("*.ipynb")):
        docs.extend(_notebook_docs(path))
    for path in sorted(FIGURES.glob("**/*.svg")):
        docs.extend(_svg_docs(path))
    return tuple(d for d in docs if d.text)


def sentences(doc: Doc) -> list[str]:
    """Sentences (and table cells, list items and lines) of a document."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9*])|\n| ; ", doc.text)
    return [p.strip() for p in parts if p.strip()]


def report(problems: list[str]) -> str:
    head = f"{len(problems)} problem(s) in the committed outputs (rebuild after the fix):\n"
    return head + "\n".join(f"  {p}" for p in problems[:60]) + ("\n  ..." if len(problems) > 60 else "")


def scan(pattern: re.Pattern, kinds: tuple[str, ...] | None = None) -> list[str]:
    out = []
    for doc in published():
        if kinds is not None and doc.kind not in kinds:
            continue
        for s in sentences(doc):
            for m in pattern.finditer(s):
                out.append(f"{doc.where}: …{m.group(0)}… in: {s[:160]}")
    return out


@cache
def dataset_of(version: str | None):
    """The Dataset an output was computed from, or None when that version is not available."""
    current = indopac.load()
    if version is None or version == current.version:
        return current
    frozen = DATA_DIR / "reliability" / f"first-coding-v{version}.csv"
    return counting.from_coding(current, frozen) if frozen.exists() else None


@pytest.mark.slow  # fails after any change to the library until the outputs are rebuilt: not for test-fast
def test_the_committed_outputs_are_what_the_build_makes_now():
    # Other tests read the committed outputs (this proof-reader, the browser's site), so they
    # must be current: every run's build key (notebook, data, library, pins, parameters) is the
    # one its outputs were built with. CI also rebuilds them and compares the bytes.
    import io

    from indopac.build import engine

    report = engine.build(dry_run=True, progress=False, out=io.StringIO())
    assert report.exit_code == 0 and report.results
    assert len({r.name for r in report.results}) == len(report.results)  # each run listed once
    stale = [f"{r.name} ({r.status})" for r in report.results if r.status != "cached"]
    assert not stale, (f"{len(stale)} of {len(report.results)} runs are out of date: run `make figures` "
                       f"and commit figures/ and reports/: {', '.join(stale[:5])}")


def test_there_are_outputs_to_scan():
    kinds = {d.kind for d in published()}
    assert {"notebook", "title"} <= kinds, "no executed notebook or figure found to scan"


# --- number agreement ------------------------------------------------------------------------

_NOUNS = ("initiatives|states|parties|countries|domains|partners|counterparts|dialogues|exercises|verdicts|claims"
          "|rows|links|series|frameworks|fields")
AGREEMENT = re.compile(
    rf"(?<![\d.,§–-])\b1 (?:[A-Za-z-]+ ){{0,2}}(?:{_NOUNS})\b"  # "1 initiatives", "1 European states"
    r"|\b1 of (?:them|these|those) (?:involve|are|have|take|start|cover|include)\b"  # "1 of them involve"
    r"|(?<![\d.,§–-])\b1 of \d+ (?:[A-Za-z-]+ ){0,3}(?:initiatives|states|parties) (?:are|involve|have|take|start|cover)\b"
)


def test_numbers_agree_with_their_nouns_and_verbs():
    assert not (found := scan(AGREEMENT)), report(found)


# --- possessives -------------------------------------------------------------------------------

POSSESSIVE = re.compile(r"'s's\b|\b[A-Z][a-z]+s's\b")


def test_names_ending_in_s_take_an_apostrophe_only():
    assert not (found := scan(POSSESSIVE)), report(found)


# --- percentages on small bases ------------------------------------------------------------------

SHARE = re.compile(r"\b(\d+) of (\d+)(?: [A-Za-z' -]{0,40}?)? \((\d+(?:\.\d+)?)%\)|\b(\d+(?:\.\d+)?)% \((\d+) of (\d+)\)")


def test_no_percentage_on_a_base_below_the_minimum():
    assert st.MIN_BASE == text.MIN_BASE
    found = []
    for doc in published():
        for s in sentences(doc):
            for m in SHARE.finditer(s):
                base = int(m.group(2) or m.group(6))
                if base < st.MIN_BASE:
                    found.append(f"{doc.where}: {m.group(0)!r} is a percentage of {base} (< {st.MIN_BASE}) in: {s[:160]}")
    assert not found, report(found)


# --- ties named as one winner ---------------------------------------------------------------------

COUNTRY_TOP = re.compile(r"^(?P<domain>[A-Z][\w ,-]+?) is (?P<country>(?:the )?[A-Z][\w ]+?)(?:'s|') most frequent domain: (?P<k>\d+) of")
FRAMEWORK_TOP = re.compile(r"^(?P<fw>[A-Z]+) initiatives span \d+ domains, most often (?P<domain>[a-z][\w ,-]+?) \((?P<k>\d+) of")
OVERALL_TOP = re.compile(r"^(?P<domain>[A-Z][\w ,-]+?) is the most covered domain: (?P<k>\d+) of")
TIE_WORDS = re.compile(r"\btie|\btied\b|\beach\b")


def _domain_code(ds, label: str) -> str | None:
    for code, lab in zip(ds.domains["code"].astype(str), ds.domains["label"].astype(str)):
        if lab.lower() == label.strip().lower() or code == label.strip().replace(" ", "_"):
            return code
    return None


def _country_code(ds, name: str) -> str | None:
    name = re.sub(r"^the ", "", name.strip(), flags=re.IGNORECASE)
    for code, lab in zip(ds.actors["code"].astype(str), ds.actors["label"].astype(str)):
        if lab == name:
            return code
    return None


def _domain_counts(ds, ids=None):
    d = ds.initiative_domains
    if ids is not None:
        d = d[d["initiative_id"].isin(ids)]
    return d.assign(domain=d["domain"].astype(str)).drop_duplicates(["initiative_id", "domain"]).groupby("domain").size()


def _tie_problem(doc: Doc, s: str) -> str | None:
    if TIE_WORDS.search(s):
        return None
    ds = dataset_of(doc.version)
    if ds is None:
        return None
    for pattern in (COUNTRY_TOP, FRAMEWORK_TOP, OVERALL_TOP):
        m = pattern.search(s)
        if not m:
            continue
        ids = None
        if "country" in m.groupdict():
            code = _country_code(ds, m["country"])
            if code is None:
                return None
            p = ds.initiative_parties
            ids = set(p.loc[p["actor"].astype(str) == code, "initiative_id"])
        if "fw" in m.groupdict():
            ini = ds.initiatives
            ids = set(ini.loc[ini["framework"].astype(str) == m["fw"], "initiative_id"])
        counts = _domain_counts(ds, ids)
        lead = st.leaders(counts)
        if lead.is_tie:
            names = ", ".join(lead.codes)
            return f"{doc.where}: names one winner where {len(lead.codes)} domains tie at {lead.value} ({names}): {s[:140]}"
    return None


def test_a_tie_is_never_reported_as_one_winner():
    found = [p for doc in published() if doc.kind in ("title", "notebook", "markdown")
             for s in sentences(doc) if (p := _tie_problem(doc, s))]
    assert not found, report(found)


# --- rate ratios on equal windows -----------------------------------------------------------------

RATIO = re.compile(r"\b\d+(?:\.\d+)? times\b")
OVER_TIME = re.compile(r"\b(?:19|20)\d\d\b|\b(?:earlier|before|previous|former) (?:rate|years?|decades?|period)|\bthe earlier rate")
SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[–-]\s*(\d{2,4})\b")


def _spans(s: str) -> list[tuple[int, int]]:
    out = []
    for a, b in SPAN.findall(s):
        lo = int(a)
        hi = int(b) if len(b) == 4 else (lo // 100) * 100 + int(b)
        out.append((lo, hi))
    return out


def test_rate_ratios_name_two_equal_windows():
    found = []
    for doc in published():
        for s in sentences(doc):
            if not (RATIO.search(s) and OVER_TIME.search(s)):  # a ratio over time, not between two parties
                continue
            lengths = [hi - lo + 1 for lo, hi in _spans(s)]
            if not any(lengths.count(n) >= 2 for n in lengths):
                found.append(f"{doc.where}: a rate ratio without two named equal windows: {s[:200]}")
    assert not found, report(found)


# --- counting rules of FOIP claims ------------------------------------------------------------------

OVERTAKE = re.compile(r"\bFOIP\b[^;]*\b(?:overt(?:ook|akes|aken)|outnumbers?|more than all other)\b", re.IGNORECASE)
RULE_STATED = re.compile(r"counting rule|counted (?:only )?from|as coded|only from 2016|from its 2016|from 2016", re.IGNORECASE)


def test_foip_overtake_claims_state_their_counting_rule():
    # the ledger's paraphrases are the study's claims under test, not findings: their verdict and
    # evidence (which state the rule) sit beside them
    from indopac.analysis.claims import CLAIMS

    paraphrases = {c.paraphrase for c in CLAIMS.values()}
    found = [f"{doc.where}: {s[:200]}" for doc in published() for s in sentences(doc)
             if OVERTAKE.search(s) and not RULE_STATED.search(s)
             and not any(s.strip() in p or p in s for p in paraphrases)]
    # a title may put the rule in its subtitle or notes: the figure's other text counts too
    notes = {d.where: d.text for d in published() if d.kind == "figure-text"}
    found = [f for f in found if not RULE_STATED.search(notes.get(f.split(":", 1)[0], ""))]
    assert not found, report(found)


# --- the study's year -------------------------------------------------------------------------------

WRITTEN = re.compile(r"the study was written in (\d{4})")


def test_the_study_year_is_the_sources_year():
    found = []
    for doc in published():
        ds = dataset_of(doc.version) or dataset_of(None)
        years = {int(y) for y in ds.sources["year"]}
        for s in sentences(doc):
            for y in WRITTEN.findall(s):
                if int(y) not in years:
                    found.append(f"{doc.where}: says the study was written in {y}; the sources' years are {sorted(years)}")
    assert not found, report(found)


# --- the scanner itself, on text made to fail ---------------------------------------------------------


@pytest.mark.parametrize(("pattern", "bad", "good"), [
    (AGREEMENT, "Belgium has 2 initiatives; 1 of them involve Japan", "1 of them involves Japan"),
    (AGREEMENT, "Lithuania takes part in 1 initiatives", "Lithuania takes part in 1 initiative"),
    (POSSESSIVE, "the Netherlands's partners", "the Netherlands' partners"),
    (RATIO, "about 12 times the earlier rate", "a share of 12"),
    (OVERTAKE, "FOIP initiatives overtook all other frameworks", "FOIP frames 43; dialogues outnumber exercises"),
])
def test_the_scanner_finds_what_it_looks_for(pattern, bad, good):
    assert pattern.search(bad) and not pattern.search(good)


def test_the_scanner_reads_shares_windows_and_overtakes():
    m = SHARE.search("EU: 1 of 1 (100%)")
    assert m and int(m.group(2)) == 1
    assert _spans("29 in 2013–22 against 8 in 2003–12") == [(2013, 2022), (2003, 2012)]
    assert OVERTAKE.search("FOIP initiatives overtook all other frameworks combined in 2022")
    assert RULE_STATED.search("FOIP counted from 2016 never overtakes")
