"""The :class:`Dataset` every other module uses, and :func:`load`, which validates before it builds one.

``load()`` reads the four CSV tables of a data folder, checks them against the
schema in ``datapackage.json`` (via pandera) and against each other, and either
returns a fully typed :class:`Dataset` or raises one :class:`DatasetError` that
lists every problem as ``file:line: column: message``. Nothing is ever partly loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from indopac.data import schema
from indopac.data.validation import SIDE_COLUMNS, SIDES, typed_table, validate
from indopac.params import check_choice

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
    """

    initiatives: pd.DataFrame
    actors: pd.DataFrame
    domains: pd.DataFrame
    sources: pd.DataFrame
    initiative_parties: pd.DataFrame = field(repr=False)
    initiative_domains: pd.DataFrame = field(repr=False)
    version: str = "unversioned"
    data_dir: Path | None = None

    # -- reading -------------------------------------------------------------------

    def __repr__(self) -> str:
        years = self.year_range()
        span = f"{years[0]}–{years[1]}" if years else "no dated initiatives"
        return (
            f"<indopac.Dataset v{self.version}: {len(self.initiatives)} initiatives, "
            f"{self.initiative_parties['actor'].nunique()} parties, {span}>"
        )

    def __len__(self) -> int:
        return len(self.initiatives)

    def year_range(self) -> tuple[int, int] | None:
        """First and last start year among dated initiatives (None if none is dated)."""
        years = self.initiatives["year"].dropna()
        return (int(years.min()), int(years.max())) if len(years) else None

    @property
    def undated(self) -> pd.DataFrame:
        """Initiatives the study gives no date for (``year_basis == 'unknown'``)."""
        return self.initiatives[self.initiatives["year"].isna()]

    @property
    def study_year(self) -> int:
        """The latest publication year among the sources: the last, partial year of coverage."""
        return int(self.sources["year"].max())

    def cite(self) -> str:
        """How to cite the dataset and the source it is coded from."""
        src = self.sources.iloc[0]
        return (
            f"indopac dataset v{self.version}: European NATO–Indo-Pacific security and defence cooperation "
            f"initiatives, coded from {src['author']} ({src['year']}), {src['title']}. "
            f"{src['place']}: {src['publisher']}."
        )

    @property
    def source_line(self) -> str:
        """The one-line credit printed under every figure."""
        src = self.sources.iloc[0]
        family = src["author"].split(",")[0]
        return f"Source: indopac dataset v{self.version}, coded from {family} ({src['year']}), EESC"

    def actor_name(self, code: str) -> str:
        """Short readable name of an actor code, for figures and text (the code itself if unknown)."""
        names = self.actors.set_index("code")["label"]
        return str(names.get(code, code))

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

    # -- filtering -----------------------------------------------------------------

    def filter(
        self,
        years: tuple[int | None, int | None] | None = None,
        parties: Iterable[str] | None = None,
        domains: Iterable[str] | None = None,
        frameworks: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> Dataset:
        """A new Dataset with only the initiatives that match every given criterion.

        ``years=(start, end)`` keeps initiatives starting in that inclusive range
        (either end may be None) and drops undated ones. ``parties``, ``domains``,
        ``frameworks`` and ``kinds`` keep initiatives with at least one of the values.
        """
        ini = self.initiatives
        keep = pd.Series(True, index=ini.index)
        if years is not None:
            start, end = years
            y = ini["year"]
            keep &= y.notna()
            if start is not None:
                keep &= y >= start
            if end is not None:
                keep &= y <= end
            keep = keep.fillna(False).astype(bool)
        if parties is not None:
            ids = self.initiative_parties.loc[self.initiative_parties["actor"].isin(list(parties)), "initiative_id"]
            keep &= ini["initiative_id"].isin(ids)
        if domains is not None:
            ids = self.initiative_domains.loc[self.initiative_domains["domain"].isin(list(domains)), "initiative_id"]
            keep &= ini["initiative_id"].isin(ids)
        if frameworks is not None:
            keep &= ini["framework"].isin(list(frameworks))
        if kinds is not None:
            keep &= ini["kind"].isin(list(kinds))
        return self._subset(keep)

    def _subset(self, keep: pd.Series) -> Dataset:
        ini = self.initiatives[keep]
        ids = ini["initiative_id"]
        return replace(
            self,
            initiatives=ini,
            initiative_parties=self.initiative_parties[self.initiative_parties["initiative_id"].isin(ids)],
            initiative_domains=self.initiative_domains[self.initiative_domains["initiative_id"].isin(ids)],
        )


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
    parties, doms = _long_views(ini, typed["actors"], typed["domains"])
    return Dataset(
        initiatives=ini,
        actors=typed["actors"],
        domains=typed["domains"],
        sources=typed["sources"],
        initiative_parties=parties,
        initiative_domains=doms,
        version=str(schema.descriptor(data_dir).get("version", "unversioned")),
        data_dir=data_dir,
    )
