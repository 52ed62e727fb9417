"""Parties: European x Indo-Pacific pairs, the parties table, first contacts and new entrants."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indopac.analysis.base import labels_for, year_span

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


# --- parties and pairs ----------------------------------------------------------------------


def side_mask(p: pd.DataFrame, side: str) -> np.ndarray:
    """Rows of the long party view on ``side``, compared on the categorical codes."""
    sides = p["side"]
    return (sides.cat.codes == sides.cat.categories.get_loc(side)).to_numpy()


def pair_rows(ds: Dataset) -> pd.DataFrame:
    """The one European x Indo-Pacific self-merge of the project, on integers.

    One row per (initiative, European party, Indo-Pacific party): ``row`` (position of the
    initiative in ``ds.initiatives``), ``european`` and ``indo_pacific`` (categorical actor
    codes). Sorted by row, then the two actors in actors.csv order. :func:`pairs` is its public,
    readable view; :mod:`indopac.network` builds its graph and tables from it directly.
    Cost: one merge of two integer frames and one sort; no loop over initiatives.
    """
    p = ds.initiative_parties
    row = pd.Index(ds.initiatives["initiative_id"]).get_indexer(p["initiative_id"])
    actor = p["actor"]
    eu_mask, ip_mask = side_mask(p, "european"), side_mask(p, "indo_pacific")
    eu = pd.DataFrame({"row": row[eu_mask], "european": actor.array[eu_mask]})
    ip = pd.DataFrame({"row": row[ip_mask], "indo_pacific": actor.array[ip_mask]})
    links = eu.merge(ip, on="row", how="inner", sort=False)
    order = np.lexsort((links["indo_pacific"].cat.codes, links["european"].cat.codes, links["row"]))
    return links.iloc[order].reset_index(drop=True)


def id_rank(ds: Dataset) -> np.ndarray:
    """Position of each initiative of ``ds.initiatives`` in sorted id order."""
    ids = ds.initiatives["initiative_id"]
    if ids.is_monotonic_increasing:
        return np.arange(len(ids))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(ids.to_numpy(dtype=str), kind="stable")] = np.arange(len(ids))
    return rank


def pairs(ds: Dataset) -> pd.DataFrame:
    """One row per (initiative, European party, Indo-Pacific party) that meet in an initiative.

    Columns: ``initiative_id``, ``european``, ``indo_pacific`` (actor codes), ``year`` (Int64, NA
    when undated), ``framework``, ``kind``. In the order of ``ds.initiatives``, then the two
    actors in actors.csv order.
    """
    links = pair_rows(ds)
    rows = links["row"].to_numpy()
    ini = ds.initiatives
    out = pd.DataFrame({"initiative_id": ini["initiative_id"].take(rows).reset_index(drop=True)})
    out["european"] = links["european"].astype(str)
    out["indo_pacific"] = links["indo_pacific"].astype(str)
    for column in ("year", "framework", "kind"):
        out[column] = ini[column].take(rows).reset_index(drop=True)
    return out


def parties_table(ds: Dataset, side: str | None = None) -> pd.DataFrame:
    """Every party with how much it takes part: most active first.

    Columns: ``actor``, ``label``, ``side``, ``actor_kind`` (state | organisation | grouping),
    ``initiatives``, ``share`` (of all initiatives), ``foip`` (how many under FOIP),
    ``partners`` (distinct parties met on the other side), ``first_year``, ``last_year``
    (among dated initiatives; NA if none is dated), ``undated``.
    """
    p = ds.initiative_parties
    if side is not None:
        from indopac.params import check_choice

        check_choice("side", side, ("european", "indo_pacific", "other"))
        p = p[p["side"] == side]
    p = p.assign(actor=p["actor"].astype(str), is_foip=p["framework"].astype(str).eq("FOIP"),
                 is_undated=p["year"].isna())
    g = p.groupby(["actor", "side"], observed=True)
    out = g.agg(
        initiatives=("initiative_id", "nunique"),
        foip=("is_foip", "sum"),
        first_year=("year", "min"),
        last_year=("year", "max"),
        undated=("is_undated", "sum"),
    ).reset_index()
    pr = pairs(ds)
    partners = pd.concat(
        [
            pr.groupby("european")["indo_pacific"].nunique().rename_axis("actor").rename("partners").reset_index()
            .assign(side="european"),
            pr.groupby("indo_pacific")["european"].nunique().rename_axis("actor").rename("partners").reset_index()
            .assign(side="indo_pacific"),
        ]
    )
    out["side"] = out["side"].astype(str)
    out = out.merge(partners, on=["actor", "side"], how="left")
    out["partners"] = out["partners"].fillna(0).astype("int64")
    kinds = ds.actors.set_index("code")["kind"].astype(str)
    out.insert(1, "label", labels_for(ds, out["actor"]))
    out.insert(3, "actor_kind", out["actor"].map(kinds))
    total = len(ds.initiatives)
    out.insert(5, "share", out["initiatives"] / total if total else 0.0)
    out = out.astype({"initiatives": "int64", "foip": "int64", "undated": "int64"})
    out["first_year"] = out["first_year"].astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    cols = ["actor", "label", "side", "actor_kind", "initiatives", "share", "foip", "partners",
            "first_year", "last_year", "undated"]
    return out[cols].sort_values(["initiatives", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


def initiatives_table(ds: Dataset) -> pd.DataFrame:
    """A readable table of every initiative: year, title, parties by name, framework, kind, domains.

    Sorted by year (undated last), then title; list columns joined with ", ".
    """
    ini = ds.initiatives
    names = ds.actors.set_index("code")["label"].to_dict()
    dom = ds.domains.set_index("code")["label"].to_dict()

    def join(col: str, mapping: dict) -> pd.Series:
        # One str.join per tuple: far faster than a groupby-join over the exploded codes.
        return ini[col].map(lambda codes: ", ".join(mapping.get(c, c) for c in codes))

    def named(col: str) -> pd.Series:
        values = ini[col].astype(str)
        return values.map({v: _label(col, v) for v in values.unique()})

    from indopac.labels import label as _label

    out = pd.DataFrame(
        {
            "year": ini["year"],
            "title": ini["title"],
            "European parties": join("european_parties", names),
            "Indo-Pacific parties": join("indo_pacific_parties", names),
            "framework": named("framework"),
            "kind": named("kind"),
            "domains": join("domains", dom),
            "date": ini["year_basis"].astype(str),
            "section": ini["source_section"].astype(str),
            "id": ini["initiative_id"],
        }
    )
    return out.sort_values(["year", "title"], na_position="last", kind="stable").reset_index(drop=True)


# --- first contacts and the expanding geography -----------------------------------------------


def first_contacts(ds: Dataset) -> pd.DataFrame:
    """For each (European party, Indo-Pacific partner) pair: when they first appear together.

    Columns: ``european``, ``indo_pacific``, ``initiatives`` (all shared initiatives, dated
    or not), ``first_year`` (earliest start year, NA if every shared initiative is undated),
    ``first_initiative`` (its id; ties broken by month, then id), ``entry`` (True when this is
    the European party's first year with any partner). Sorted by first year, then codes.
    """
    return first_contacts_of(ds, pair_rows(ds))


def first_contacts_of(ds: Dataset, links: pd.DataFrame) -> pd.DataFrame:
    """:func:`first_contacts` from ``links`` = :func:`pair_rows` of ``ds``.

    Vectorised: every initiative's rank in start order (year, month, id), then one groupby of the
    pair rows on the two actor codes. :mod:`indopac.network` calls it with pair rows it already has.
    """
    ini = ds.initiatives
    # Every initiative's place in start order: year, month (unknown last), id; undated last.
    year = ini["year"].to_numpy(dtype="float64", na_value=np.inf)
    month = ini["month"].to_numpy(dtype="float64", na_value=13.0)
    by_start = np.lexsort((id_rank(ds), month, year))
    start_rank = np.empty(len(ini), dtype=np.int64)
    start_rank[by_start] = np.arange(len(ini))
    frame = pd.DataFrame(
        {
            "european": links["european"],
            "indo_pacific": links["indo_pacific"],
            "rank": start_rank[links["row"].to_numpy()],
        }
    )
    g = frame.groupby(["european", "indo_pacific"], observed=True, sort=False)["rank"]
    out = g.agg(initiatives="size", first="min").reset_index()
    first_row = by_start[out["first"].to_numpy()]
    first_year = ini["year"].take(first_row).reset_index(drop=True)
    first_initiative = ini["initiative_id"].take(first_row).reset_index(drop=True)
    out = pd.DataFrame(
        {
            "european": out["european"].astype(str),
            "indo_pacific": out["indo_pacific"].astype(str),
            "initiatives": out["initiatives"].astype("int64"),
            "first_year": first_year.astype("Int64"),
            "first_initiative": first_initiative.where(first_year.notna()),
        }
    )
    entry_year = out.groupby("european")["first_year"].transform("min")
    out["entry"] = out["first_year"].eq(entry_year).fillna(False).astype(bool)
    out = out.sort_values(["first_year", "european", "indo_pacific"], na_position="last", kind="stable")
    return out.reset_index(drop=True)


def new_entrants(ds: Dataset, *, states_only: bool = False) -> pd.DataFrame:
    """Each European party's entry: the first year it appears with any Indo-Pacific partner.

    Columns: ``actor``, ``label``, ``actor_kind``, ``first_year`` (NA if it appears only
    in undated initiatives), ``first_partners`` (codes met in that year, ``;``-joined),
    ``partners`` (distinct partners ever), ``partner_codes`` (``;``-joined, in order of first
    contact), ``initiatives``. Sorted by entry year.
    """
    fc = first_contacts(ds)
    kinds = ds.actors.set_index("code")["kind"].astype(str)
    if states_only:
        fc = fc[fc["european"].map(kinds).eq("state")]
    pr = pairs(ds)
    n_ini = pr.groupby("european")["initiative_id"].nunique().rename("initiatives")
    g = fc.groupby("european", sort=False)
    out = pd.DataFrame(
        {
            "first_year": g["first_year"].min(),
            "partners": g["indo_pacific"].nunique(),
            "partner_codes": g["indo_pacific"].agg(";".join),
            "first_partners": fc[fc["entry"]].groupby("european")["indo_pacific"].agg(";".join),
        }
    )
    out["first_partners"] = out["first_partners"].fillna("")
    out = out.join(n_ini).rename_axis("actor").reset_index()
    out.insert(1, "label", labels_for(ds, out["actor"]))
    out.insert(2, "actor_kind", out["actor"].map(kinds))
    out["first_year"] = out["first_year"].astype("Int64")
    out = out.sort_values(["first_year", "actor"], na_position="last", kind="stable").reset_index(drop=True)
    return out[["actor", "label", "actor_kind", "first_year", "first_partners", "partners", "partner_codes",
                "initiatives"]].astype({"partners": "int64", "initiatives": "int64"})


def entrants_by_year(ds: Dataset, *, states_only: bool = False,
                     years: tuple[int | None, int | None] | None = None) -> pd.DataFrame:
    """New European parties per year (every year of the range) and the running total.

    Columns: ``year``, ``new``, ``cumulative``, ``names`` (labels of the new entrants, ", "-joined).
    Parties seen only in undated initiatives are not counted; the cumulative total
    includes parties that entered before ``years[0]``.
    """
    ent = new_entrants(ds, states_only=states_only)
    ent = ent[ent["first_year"].notna()]
    span = year_span(ds, years)
    if span is None:
        return pd.DataFrame({"year": [], "new": [], "cumulative": [], "names": []})
    lo, hi = span
    yr = ent["first_year"].astype("int64")
    all_years = pd.RangeIndex(lo, hi + 1, name="year")
    new = ent.groupby(yr)["actor"].size().reindex(all_years, fill_value=0)
    names = ent.groupby(yr)["label"].agg(", ".join).reindex(all_years, fill_value="")
    before = int((yr < lo).sum())
    out = pd.DataFrame({"new": new, "names": names}).reset_index()
    out["cumulative"] = out["new"].cumsum() + before
    return out[["year", "new", "cumulative", "names"]].astype({"year": "int64", "new": "int64", "cumulative": "int64"})
