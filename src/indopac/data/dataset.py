"""The :class:`Dataset` every other module uses, and :func:`load`, which validates before it builds one.

``load()`` reads the four CSV tables of a data folder, checks them against the
schema in ``datapackage.json`` (via pandera) and against each other, and either
returns a fully typed :class:`Dataset` or raises one :class:`DatasetError` that
lists every problem as ``file:line: column: message``. Nothing is ever partly loaded.

``load()`` also tells whether the data is the published version: ``datapackage.json``
records a fingerprint of the published initiatives (:func:`fingerprint`), and a copy
that differs says how (``indopac dataset v1.1.0 + 1 row from Ministry (2024)``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from indopac.data import schema
from indopac.data.validation import SIDE_COLUMNS, SIDES, source_sections, typed_table, validate
from indopac.memo import per_dataset
from indopac.params import ParameterError, actor_aliases, check_choice, not_valid

#: the key of datapackage.json that records the published initiatives (see :func:`fingerprint`)
PUBLISHED_KEY = "published"

# --- the dataset ---------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """The validated tables, typed, plus long views ready for groupby and seaborn.

    - ``initiatives``: one row per initiative; party and domain columns hold tuples of codes.
    - ``initiative_parties``: one row per (initiative, party, side), with the
      initiative's year, framework, kind and level alongside.
    - ``initiative_domains``: one row per (initiative, domain), with the domain's
      group and the initiative's year, framework and kind.
    - ``actors``, ``domains``, ``sources``: the reference tables.

    **Attributes and methods: one rule.** A single value or a table is an attribute
    (``initiatives``, ``undated``, ``version``, ``last_year``, ``partial_year``,
    ``published``, ``edition``, ``undated_left_out``, ``source_line``). A list or pair
    computed on demand, anything that takes an argument and every verb is a method, with
    parentheses even when it takes none (``year_range()``, ``parties(side=None)``,
    ``european_nato_states()``, ``actor_name(code)``, ``get(id)``, ``filter(...)``,
    ``cite()``, ``to_csv(path)``).

    **Coverage.** ``last_year`` and ``partial_year`` describe the data as loaded and
    stay the same in every selection made from it (``filter``), so that a selection is
    drawn on the same time axis as the whole.
    """

    initiatives: pd.DataFrame
    actors: pd.DataFrame
    domains: pd.DataFrame
    sources: pd.DataFrame
    initiative_parties: pd.DataFrame = field(repr=False)
    initiative_domains: pd.DataFrame = field(repr=False)
    version: str = "unversioned"
    data_dir: Path | None = None
    #: ``indopac dataset v1.1.0``, or how this data differs from the published version
    edition: str = ""
    #: whether the initiatives are exactly the published ones of ``version``
    published: bool = False
    #: undated initiatives that a year filter (``filter(years=...)``) left out of this selection
    undated_left_out: int = 0
    #: (last_year, partial_year) of the data as loaded; None: computed from this selection
    coverage: tuple[int | None, int | None] | None = field(default=None, repr=False)

    # -- reading -------------------------------------------------------------------

    def __repr__(self) -> str:
        years = self.year_range()
        span = f"{years[0]}–{years[1]}" if years else "no dated initiatives"
        left = f"; {self.undated_left_out} undated left out by a year filter" if self.undated_left_out else ""
        return (
            f"<{self.edition or f'indopac.Dataset v{self.version}'}: {len(self.initiatives)} initiatives, "
            f"{self.initiative_parties['actor'].nunique()} parties, {span}{left}>"
        )

    def __len__(self) -> int:
        return len(self.initiatives)

    def __getitem__(self, initiative_id: str) -> pd.Series:
        """``ds["gbr-jpn-..."]`` is :meth:`get`."""
        return self.get(initiative_id)

    def get(self, initiative_id: str) -> pd.Series:
        """One initiative, as a Series indexed by column; KeyError naming the closest ids if unknown."""
        import difflib

        ini = self.initiatives
        hit = ini.index[ini["initiative_id"].eq(initiative_id)]
        if len(hit):
            return ini.loc[hit[0]]
        ids = ini["initiative_id"].tolist()
        close = difflib.get_close_matches(str(initiative_id), ids, n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise KeyError(f"{initiative_id!r} is not an initiative_id of this dataset ({len(ids)} initiatives){hint}")

    def year_range(self) -> tuple[int, int] | None:
        """First and last start year among dated initiatives (None if none is dated)."""
        years = self.initiatives["year"].dropna()
        return (int(years.min()), int(years.max())) if len(years) else None

    @property
    def undated(self) -> pd.DataFrame:
        """Initiatives the study gives no date for (``year_basis == 'unknown'``)."""
        return self.initiatives[self.initiatives["year"].isna()]

    @property
    def last_year(self) -> int | None:
        """The latest start year the data covers (None if nothing is dated)."""
        if self.coverage is not None:
            return self.coverage[0]
        return _coverage(self.initiatives, self.sources)[0]

    @property
    def partial_year(self) -> int | None:
        """``last_year`` when a source the rows cite was written in it, so that it is covered in part; else None."""
        if self.coverage is not None:
            return self.coverage[1]
        return _coverage(self.initiatives, self.sources)[1]

    @property
    def coverage_end(self) -> int:
        """The end of the time axis: :attr:`last_year`, or the latest source's year when nothing is dated.

        There is no fixed "study year": a row from a later source moves the end of every
        time chart, and :attr:`partial_year` says whether that last year is covered only in part.
        """
        return self.last_year if self.last_year is not None else int(self.sources["year"].max())

    def cited_sources(self) -> pd.DataFrame:
        """The rows of sources.csv that the initiatives cite, in sources.csv order."""
        return self.sources[self.sources["source_id"].isin(set(self.initiatives["source_id"]))]

    def cite(self) -> str:
        """How to cite the dataset and every source its initiatives are coded from."""
        refs = [f"{s['author']} ({s['year']}), {s['title']}. " + (f"{s['place']}: " if isinstance(s["place"], str) else "")
                + f"{s['publisher']}." for _, s in self.cited_sources().iterrows()]
        label = self.edition or f"indopac dataset v{self.version}"
        return (
            f"{label}: European NATO–Indo-Pacific security and defence cooperation "
            f"initiatives, coded from {'; and '.join(refs) if refs else 'no source'}"
        ).rstrip(".") + "."

    @property
    def source_line(self) -> str:
        """The one-line credit printed under every figure: the dataset and every source cited.

        It names no version or edition on purpose: a figure changes only when what it shows
        changes, so adding a Polish row rewrites no figure of Belgium's initiatives, and a
        release rewrites only the figures its rows touch. The edition (``v1.1.0``, or how a
        modified copy differs from it) is in :meth:`cite` and the claims ledger's citation.
        """
        credits = [_credit(s) for _, s in self.cited_sources().iterrows()]
        return f"Source: indopac dataset, coded from {'; '.join(credits)}"

    def actor_name(self, code: str) -> str:
        """Short readable name of an actor code, for figures and text (the code itself if unknown)."""
        names = self.actors.set_index("code")["label"]
        return str(names.get(code, code))

    @per_dataset(copy=list)
    def european_nato_states(self) -> list[str]:
        """Codes of European states that are NATO members, in actors.csv order."""
        a = self.actors
        return a.loc[(a["kind"] == "state") & (a["region"] == "europe") & a["nato_member_since"].notna(), "code"].tolist()

    def parties(self, side: str | None = None) -> list[str]:
        """Codes that take part in at least one initiative (on one side, if given), most active first."""
        p = self.initiative_parties
        if side is not None:
            check_choice("side", side, SIDES)
            p = p[p["side"] == side]
        counts = p.groupby("actor", observed=True).size()
        return sorted(counts.index, key=lambda c: (-counts[c], c))

    # -- writing -------------------------------------------------------------------

    def to_csv(self, path: Path | str | None = None) -> str | None:
        """The initiatives as ``initiatives.csv`` holds them: schema column order, ``;``-joined lists.

        Writes to ``path`` (UTF-8, ``\\n`` line ends), or returns the text when ``path`` is None.
        A dataset loaded and written unchanged gives back the rows of the file it came from.
        """
        table = schema.tables(self.data_dir or _default_data_dir())["initiatives"]
        out = {}
        for f in table.fields:
            col = self.initiatives[f.name]
            if f.type == "list":
                out[f.name] = col.map(lambda v: schema.LIST_SEPARATOR.join(v) if isinstance(v, tuple) else "")
            elif f.type == "boolean":
                out[f.name] = col.map({True: "true", False: "false"})
            else:
                out[f.name] = col.astype("string").fillna("")
        text = pd.DataFrame(out).to_csv(index=False, lineterminator="\n")
        if path is None:
            return text
        Path(path).write_text(text, encoding="utf-8")
        return None

    # -- filtering -----------------------------------------------------------------

    def filter(
        self,
        years: tuple[int | None, int | None] | None = None,
        parties: str | Iterable[str] | None = None,
        domains: str | Iterable[str] | None = None,
        frameworks: str | Iterable[str] | None = None,
        kinds: str | Iterable[str] | None = None,
    ) -> Dataset:
        """A new Dataset with only the initiatives that match every given criterion.

        ``years=(start, end)`` keeps initiatives starting in that inclusive range (either end
        may be None) and leaves out the undated ones: the result's ``undated_left_out`` says
        how many (its repr shows it too). ``parties``, ``domains``, ``frameworks`` and ``kinds``
        each take one value or a list, and keep initiatives with at least one of them.

        Every value is checked: an unknown one raises :class:`~indopac.params.ParameterError`
        naming the valid values and the closest. Parties may be written as codes in any case or
        as names (``"jpn"``, ``"Japan"`` -> ``JPN``); domains, frameworks and kinds are codes as
        the codebook writes them (``"cyber security"`` is refused, suggesting ``cyber``).
        """
        ini = self.initiatives
        keep = pd.Series(True, index=ini.index)
        left_out = self.undated_left_out
        if years is not None:
            start, end = _check_year_range(years)
            y = ini["year"]
            keep &= y.notna()
            left_out += int(y.isna().sum())
            if start is not None:
                keep &= y >= start
            if end is not None:
                keep &= y <= end
            keep = keep.fillna(False).astype(bool)
        if parties is not None:
            codes = self._party_codes(parties)
            ids = self.initiative_parties.loc[self.initiative_parties["actor"].isin(codes), "initiative_id"]
            keep &= ini["initiative_id"].isin(ids)
        if domains is not None:
            codes = _check_codes("domains", domains, self.domains["code"].tolist(),
                                 dict(zip(self.domains["label"], self.domains["code"])))
            ids = self.initiative_domains.loc[self.initiative_domains["domain"].isin(codes), "initiative_id"]
            keep &= ini["initiative_id"].isin(ids)
        if frameworks is not None:
            keep &= ini["framework"].isin(_check_codes("frameworks", frameworks, _categories(ini["framework"])))
        if kinds is not None:
            keep &= ini["kind"].isin(_check_codes("kinds", kinds, _categories(ini["kind"])))
        return replace(self._subset(keep), undated_left_out=left_out)

    def _party_codes(self, parties: str | Iterable[str]) -> list[str]:
        values = _as_list("parties", parties)
        aliases = actor_aliases(self)
        valid = self.actors["code"].tolist()
        out = []
        for v in values:
            code = aliases.get(v.strip().casefold()) if isinstance(v, str) else None
            if code is None:
                raise not_valid("parties", v, "is not an actor code or name", valid, aliases)
            out.append(code)
        return out

    def _subset(self, keep: pd.Series) -> Dataset:
        ini = self.initiatives[keep]
        ids = ini["initiative_id"]
        return replace(
            self,
            initiatives=ini,
            initiative_parties=self.initiative_parties[self.initiative_parties["initiative_id"].isin(ids)],
            initiative_domains=self.initiative_domains[self.initiative_domains["initiative_id"].isin(ids)],
            coverage=(self.last_year, self.partial_year),
        )


def _default_data_dir() -> Path:
    from indopac.layout import DATA_DIR

    return DATA_DIR


def _categories(col: pd.Series) -> list[str]:
    return [str(c) for c in col.cat.categories] if hasattr(col, "cat") else sorted(set(col.dropna().astype(str)))


def _as_list(name: str, values) -> list:
    if isinstance(values, str):
        return [values]
    if not isinstance(values, Iterable):
        raise ParameterError(f"{name}: {values!r} is not valid; valid: one value or a list of values")
    values = list(values)
    if not values:
        raise ParameterError(f"{name}: an empty list matches nothing; give at least one value, or None for all")
    return values


def _check_codes(name: str, values, valid: list[str], aliases: dict[str, str] | None = None) -> list[str]:
    values = _as_list(name, values)
    for v in values:
        if v not in valid:
            raise not_valid(name, v, f"is not one of the {name}", valid, aliases)
    return values


def _check_year_range(years) -> tuple[int | None, int | None]:
    """``(start, end)``, whole years or None, start <= end; anything else raises ParameterError."""
    def is_year(v) -> bool:
        return v is None or (isinstance(v, int) and not isinstance(v, bool)) or hasattr(v, "__index__")

    if isinstance(years, (int, str)) or not isinstance(years, (tuple, list)) or len(years) != 2:
        example = f" (for one year: years=({years}, {years}))" if isinstance(years, int) else ""
        raise ParameterError(f"years: {years!r} is not valid; valid: (start, end), whole years or None{example}")
    start, end = years
    if not (is_year(start) and is_year(end)):
        raise ParameterError(f"years: {years!r} is not valid; valid: (start, end), whole years or None")
    start = None if start is None else int(start)
    end = None if end is None else int(end)
    if start is not None and end is not None and start > end:
        raise ParameterError(f"years: ({start}, {end}) is reversed; valid: (start, end) with start <= end, e.g. ({end}, {start})")
    return start, end


def _coverage(ini: pd.DataFrame, sources: pd.DataFrame) -> tuple[int | None, int | None]:
    """(last_year, partial_year): the latest start year, and that year again if a cited source dates from it."""
    years = ini["year"].dropna()
    if not len(years):
        return None, None
    last = int(years.max())
    cited = sources.loc[sources["source_id"].isin(set(ini["source_id"])), "year"].dropna().astype(int)
    return last, (last if last in set(cited) else None)


def _credit(src: pd.Series) -> str:
    """``Family (2023), EESC``: the short credit of one source (its publisher's acronym if it gives one)."""
    import re

    family = str(src["author"]).split(",")[0]
    acronym = re.search(r"\(([^()]+)\)\s*$", str(src["publisher"]))
    publisher = acronym.group(1) if acronym else str(src["publisher"])
    return f"{family} ({src['year']}), {publisher}"


# --- is this the published version? -------------------------------------------------------


def fingerprint(raw: pd.DataFrame) -> str:
    """sha256 of initiatives as text, in schema column order, sorted by id: row order and quoting do not count."""
    rows = raw.sort_values("initiative_id", kind="stable").astype(str).to_numpy().tolist()
    return hashlib.sha256(json.dumps([list(raw.columns), rows], ensure_ascii=False).encode()).hexdigest()


def _edition(raw: pd.DataFrame, sources: pd.DataFrame, data_dir: Path, version: str) -> tuple[str, bool]:
    """(label, published): ``indopac dataset v1.1.0``, or how this copy differs from it."""
    label = f"indopac dataset v{version}"
    record = schema.descriptor(data_dir).get(PUBLISHED_KEY)
    if not isinstance(record, dict):
        return f"{label} (unpublished)", False  # datapackage.json records no published version
    base_sources = set(record.get("sources", []))
    from_base = raw["source_id"].isin(base_sources)
    base = raw[from_base]
    intact = len(base) == record.get("initiatives") and fingerprint(base) == record.get("sha256")
    extra = raw.loc[~from_base, "source_id"].value_counts(sort=False)
    credit = {sid: f"{str(author).split(',')[0]} ({year})"
              for sid, author, year in zip(sources["source_id"], sources["author"], sources["year"])}
    added = [f"+ {n} row{'s' if n != 1 else ''} from {credit.get(sid, sid)}" for sid, n in extra.items()]
    if intact and not added:
        return label, True
    return " ".join([label + ("" if intact else " (modified)"), *added]), False


def record_published(data_dir: Path | str | None = None) -> dict:
    """Write the fingerprint of this data folder's initiatives into its datapackage.json, as published.

    For maintainers, after a release's data is final (``indopac validate --record-published``).
    """
    data_dir = Path(data_dir or _default_data_dir()).resolve()
    raw = validate(data_dir)["initiatives"]
    record = {
        "comment": "the initiatives of this version as published: indopac.load() compares a copy with it",
        "initiatives": len(raw),
        "sources": sorted(set(raw["source_id"])),
        "sha256": fingerprint(raw),
    }
    path = data_dir / "datapackage.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc[PUBLISHED_KEY] = record
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    schema.forget_descriptors()
    return record


_CONTEXT = ["year", "year_basis", "framework", "kind", "level", "recurring"]


def _long_views(ini: pd.DataFrame, actors: pd.DataFrame, domains: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    parts = []
    for side, (column, _region) in SIDE_COLUMNS.items():
        exploded = ini[["initiative_id", column, *_CONTEXT]].explode(column).dropna(subset=[column])
        exploded = exploded.rename(columns={column: "actor"})
        exploded.insert(2, "side", side)
        parts.append(exploded)
    parties = pd.concat(parts, ignore_index=True)
    parties["actor"] = pd.Categorical(parties["actor"], categories=actors["code"].tolist())
    parties["side"] = pd.Categorical(parties["side"], categories=list(SIDES))
    parties = parties.sort_values(["initiative_id", "side", "actor"], kind="stable").reset_index(drop=True)

    dom = ini[["initiative_id", "domains", *_CONTEXT]].explode("domains").dropna(subset=["domains"])
    dom = dom.rename(columns={"domains": "domain"}).reset_index(drop=True)
    group_of = dict(zip(domains["code"], domains["group"]))
    dom.insert(2, "group", pd.Categorical(dom["domain"].map(group_of), categories=domains["group"].cat.categories))
    dom["domain"] = pd.Categorical(dom["domain"], categories=domains["code"].tolist())
    return parties, dom


def load(data_dir: Path | str | None = None) -> Dataset:
    """Load and validate a data folder (default: the project's ``data/``).

    Raises :class:`DatasetError` listing every problem; never returns partial data.
    """
    from indopac.layout import DATA_DIR

    data_dir = Path(data_dir or DATA_DIR).resolve()
    raw = validate(data_dir)
    tables = schema.tables(data_dir)
    typed = {name: typed_table(tables[name], raw[name]) for name in schema.TABLES}
    ini = typed["initiatives"]
    # Sections are each source's own (sources.csv): ordered as the sources list them.
    sections = list(dict.fromkeys(s for secs in source_sections(raw["sources"]).values() for s in secs))
    ini["source_section"] = pd.Categorical(ini["source_section"], categories=sections, ordered=True)
    parties, doms = _long_views(ini, typed["actors"], typed["domains"])
    version = str(schema.descriptor(data_dir).get("version", "unversioned"))
    edition, published = _edition(raw["initiatives"], typed["sources"], data_dir, version)
    return Dataset(
        initiatives=ini,
        actors=typed["actors"],
        domains=typed["domains"],
        sources=typed["sources"],
        initiative_parties=parties,
        initiative_domains=doms,
        version=version,
        data_dir=data_dir,
        edition=edition,
        published=published,
        coverage=_coverage(ini, typed["sources"]),
    )
