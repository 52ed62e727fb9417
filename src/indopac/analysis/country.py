"""One country: its side, timeline, partners, domains and peers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from indopac.analysis.base import labels_for, other_side, side_of
from indopac.analysis.domains import domain_frame
from indopac.analysis.parties import parties_table

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


# --- one country --------------------------------------------------------------------------------


def country_side(ds: Dataset, country: str) -> str:
    """'european' or 'indo_pacific': the side a country's region puts it on."""
    return side_of(ds, country)


def country_timeline(ds: Dataset, country: str) -> pd.DataFrame:
    """One row per (initiative of ``country``, partner on the other side): a swimlane timeline.

    Columns: ``initiative_id``, ``title``, ``year`` (Int64, NA when undated), ``framework``,
    ``kind``, ``partner``, ``partner_label``, ``partners_in_initiative`` (how many partners the
    initiative has on the other side). Sorted by year (undated last), partner.
    """
    side = side_of(ds, country)
    other = other_side(side)
    p = ds.initiative_parties
    mine = p.loc[(p["actor"] == country) & (p["side"] == side), "initiative_id"]
    part = p.loc[p["initiative_id"].isin(mine) & (p["side"] == other), ["initiative_id", "actor"]]
    part = part.assign(partner=part["actor"].astype(str)).drop(columns="actor")
    ini = ds.initiatives.loc[ds.initiatives["initiative_id"].isin(mine), ["initiative_id", "title", "year", "framework", "kind"]]
    out = ini.merge(part, on="initiative_id", how="left")
    out["partner"] = out["partner"].fillna("")
    out["partner_label"] = labels_for(ds, out["partner"]).where(out["partner"].ne(""), "")
    out["partners_in_initiative"] = out["partner"].ne("").groupby(out["initiative_id"]).transform("sum").astype("int64")
    out = out.sort_values(["year", "partner", "initiative_id"], na_position="last", kind="stable")
    return out.reset_index(drop=True)


def country_partners(ds: Dataset, country: str, *, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """The parties ``country`` meets on the other side, most frequent first.

    Columns: ``partner``, ``label``, ``actor_kind``, ``initiatives``, ``first_year``, ``last_year``,
    ``foip`` (shared initiatives under FOIP), ``undated``. ``timeline`` is
    ``country_timeline(ds, country)`` when the caller already has it (not modified).
    """
    t = country_timeline(ds, country) if timeline is None else timeline
    t = t[t["partner"].ne("")]
    g = t.assign(is_foip=t["framework"].astype(str).eq("FOIP"), is_undated=t["year"].isna()).groupby("partner")
    out = g.agg(
        initiatives=("initiative_id", "nunique"),
        first_year=("year", "min"),
        last_year=("year", "max"),
        foip=("is_foip", "sum"),
        undated=("is_undated", "sum"),
    ).reset_index()
    kinds = ds.actors.set_index("code")["kind"].astype(str)
    out.insert(1, "label", labels_for(ds, out["partner"]))
    out.insert(2, "actor_kind", out["partner"].map(kinds))
    out["first_year"] = out["first_year"].astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    out = out.astype({"initiatives": "int64", "foip": "int64", "undated": "int64"})
    return out.sort_values(["initiatives", "partner"], ascending=[False, True], kind="stable").reset_index(drop=True)


def country_domains(ds: Dataset, country: str) -> pd.DataFrame:
    """Domains of ``country``'s initiatives, against all initiatives of its side.

    Columns: ``domain``, ``label``, ``group``, ``count``, ``share`` (of the country's
    initiatives), ``side_share`` (share of all initiatives with a party on that side).
    Only domains the country covers; most covered first.
    """
    side = side_of(ds, country)
    p = ds.initiative_parties
    mine = p.loc[p["actor"] == country, "initiative_id"].unique()
    d = ds.initiative_domains
    counts = d[d["initiative_id"].isin(mine)].groupby("domain", observed=True)["initiative_id"].nunique()
    side_ids = p.loc[p["side"] == side, "initiative_id"].unique()
    side_counts = d[d["initiative_id"].isin(side_ids)].groupby("domain", observed=True)["initiative_id"].nunique()
    out = domain_frame(ds).set_index("domain")
    out["count"] = counts.rename(index=str).reindex(out.index, fill_value=0)
    out["share"] = out["count"] / len(mine) if len(mine) else 0.0
    out["side_share"] = side_counts.rename(index=str).reindex(out.index, fill_value=0) / max(len(side_ids), 1)
    out = out[out["count"] > 0].reset_index()
    order = {c: i for i, c in enumerate(ds.domains["code"])}
    out["_o"] = out["domain"].map(order)
    out = out.sort_values(["count", "_o"], ascending=[False, True], kind="stable").drop(columns="_o")
    return out.astype({"count": "int64"}).reset_index(drop=True)


def peers(ds: Dataset, country: str, n: int | None = None, *, table: pd.DataFrame | None = None) -> list[str]:
    """States on the same side as ``country`` that take part in the data, most active first (country excluded).

    ``n`` keeps the ``n`` most active. ``table`` is ``parties_table(ds, <country's side>)``
    when the caller already has it (not modified).
    """
    side = side_of(ds, country)
    if table is None:
        table = parties_table(ds, side)
    states = table[(table["actor_kind"] == "state") & (table["actor"] != country)]["actor"].tolist()
    return states if n is None else states[:n]


def peer_comparison(ds: Dataset, country: str, peer_codes: Iterable[str] | None = None) -> pd.DataFrame:
    """``country`` against its peers: initiatives, partners, domains, FOIP share, entry year.

    Columns: ``actor``, ``label``, ``initiatives``, ``partners``, ``domains`` (distinct domains
    covered), ``foip``, ``first_year``, ``rank`` (1 = most initiatives; ties share a rank),
    ``is_focus``. Peers default to every state on the same side.
    """
    side = side_of(ds, country)
    table = parties_table(ds, side)
    codes = [country, *(peers(ds, country, table=table) if peer_codes is None else [c for c in peer_codes if c != country])]
    table = table[table["actor"].isin(codes)]
    if country not in set(table["actor"]):
        # A state with no initiative (Latvia) is a valid focus: it ranks with 0.
        label = labels_for(ds, pd.Series([country])).iloc[0]
        zero = {"actor": country, "label": label, "side": side, "actor_kind": "state", "initiatives": 0,
                "share": 0.0, "foip": 0, "partners": 0, "first_year": pd.NA, "last_year": pd.NA, "undated": 0}
        table = pd.concat([table, pd.DataFrame([zero]).astype(table.dtypes.to_dict())], ignore_index=True)
    p = ds.initiative_parties
    p = p.loc[(p["side"] == side), ["initiative_id", "actor"]].assign(actor=lambda f: f["actor"].astype(str))
    p = p[p["actor"].isin(codes)]
    dom = p.merge(ds.initiative_domains[["initiative_id", "domain"]], on="initiative_id")
    n_dom = dom.groupby("actor")["domain"].nunique()
    out = table[["actor", "label", "initiatives", "partners", "foip", "first_year"]].copy()
    out.insert(4, "domains", out["actor"].map(n_dom).fillna(0).astype("int64"))
    out["rank"] = out["initiatives"].rank(method="min", ascending=False).astype("int64")
    out["is_focus"] = out["actor"].eq(country)
    return out.reset_index(drop=True)


def country_initiative_count(ds: Dataset, country: str) -> int:
    """How many initiatives ``country`` takes part in (0 for a state the data never names)."""
    p = ds.initiative_parties
    return int(p.loc[p["actor"].astype(str) == country, "initiative_id"].nunique())


def country_initiatives(ds: Dataset, country: str) -> pd.DataFrame:
    """:func:`indopac.analysis.parties.initiatives_table` of the initiatives ``country`` takes part in
    (no ``id`` column); empty, with the same columns, for a state with none."""
    from indopac.analysis.parties import initiatives_table

    p = ds.initiative_parties
    ids = set(p.loc[p["actor"].astype(str) == country, "initiative_id"])
    table = initiatives_table(ds)
    return table[table["id"].isin(ids)].drop(columns="id").reset_index(drop=True)


def country_timeline_rows(ds: Dataset, country: str) -> pd.DataFrame:
    """One row per initiative of ``country`` (not per partner), for a timeline of few initiatives.

    Columns: ``initiative_id``, ``title``, ``year`` (Int64), ``framework``, ``kind``,
    ``partners`` (labels of its partners on the other side, in :func:`country_timeline` order).
    Same order as :func:`country_timeline`.
    """
    t = country_timeline(ds, country)
    names = t.groupby("initiative_id", sort=False)["partner_label"].agg(lambda s: tuple(x for x in s if x))
    out = t.drop_duplicates("initiative_id")[["initiative_id", "title", "year", "framework", "kind"]]
    out = out.assign(partners=out["initiative_id"].map(names))
    return out.reset_index(drop=True)
