"""Domains: shares, domains by party and framework, first years, domain groups over time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indopac.analysis import stats
from indopac.analysis.base import dated, labels_for, year_span
from indopac.analysis.counts import last_decade_start
from indopac.params import check_choice

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


# --- domains ----------------------------------------------------------------------------------


def domain_frame(ds: Dataset) -> pd.DataFrame:
    d = ds.domains[["code", "label", "group"]].rename(columns={"code": "domain"})
    return d.assign(group=d["group"].astype(str))


def domain_shares(ds: Dataset) -> pd.DataFrame:
    """How many initiatives cover each domain (an initiative may cover several).

    Columns: ``domain``, ``label``, ``group``, ``count``, ``share`` (of all initiatives; shares
    add up to more than 1 because initiatives have several domains). Every domain of
    domains.csv appears, most covered first.
    """
    counts = ds.initiative_domains.groupby("domain", observed=False)["initiative_id"].nunique()
    out = domain_frame(ds).merge(counts.rename("count").reset_index().assign(domain=lambda f: f["domain"].astype(str)),
                                  on="domain", how="left")
    out["count"] = out["count"].fillna(0).astype("int64")
    total = len(ds.initiatives)
    out["share"] = out["count"] / total if total else 0.0
    order = {c: i for i, c in enumerate(ds.domains["code"])}
    out["_o"] = out["domain"].map(order)
    return out.sort_values(["count", "_o"], ascending=[False, True], kind="stable").drop(columns="_o").reset_index(drop=True)


def domain_group_shares(ds: Dataset) -> pd.DataFrame:
    """Initiatives covering at least one domain of each group (traditional, emerging, industrial, other).

    Columns: ``group``, ``count``, ``share`` (of all initiatives).
    """
    d = ds.initiative_domains
    groups = list(ds.domains["group"].cat.categories)
    counts = d.drop_duplicates(["initiative_id", "group"]).groupby("group", observed=False).size().reindex(groups, fill_value=0)
    out = counts.rename("count").rename_axis("group").reset_index()
    out["group"] = out["group"].astype(str)
    total = len(ds.initiatives)
    out["share"] = out["count"] / total if total else 0.0
    return out.astype({"count": "int64"})


def domain_by_party(ds: Dataset, side: str = "european", *, states_only: bool = False,
                    parties: Iterable[str] | None = None) -> pd.DataFrame:
    """Initiatives per (party, domain) for one side, long and tidy (only non-zero cells).

    Columns: ``actor``, ``label``, ``domain``, ``domain_label``, ``group``, ``count``, ``share``
    (of that party's initiatives). ``parties`` restricts to given codes.
    """

    check_choice("side", side, ("european", "indo_pacific", "other"))
    p = ds.initiative_parties
    p = p.loc[p["side"] == side, ["initiative_id", "actor"]].assign(actor=lambda f: f["actor"].astype(str))
    if states_only:
        kinds = ds.actors.set_index("code")["kind"].astype(str)
        p = p[p["actor"].map(kinds).eq("state")]
    if parties is not None:
        p = p[p["actor"].isin(list(parties))]
    totals = p.groupby("actor")["initiative_id"].nunique()
    d = ds.initiative_domains[["initiative_id", "domain", "group"]]
    m = p.merge(d, on="initiative_id")
    out = m.groupby(["actor", "domain"], observed=True)["initiative_id"].nunique().rename("count").reset_index()
    out["domain"] = out["domain"].astype(str)
    dom = domain_frame(ds).rename(columns={"label": "domain_label"})
    out = out.merge(dom, on="domain", how="left")
    out.insert(1, "label", labels_for(ds, out["actor"]))
    out["share"] = out["count"] / out["actor"].map(totals)
    return out[["actor", "label", "domain", "domain_label", "group", "count", "share"]].astype({"count": "int64"})


def matrix(long: pd.DataFrame, index: str, columns: str, values: str = "count", *,
           index_order: Sequence[str] | None = None, column_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Pivot a long frame into a table (zeros for missing cells), rows and columns in the given order."""
    wide = long.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0, observed=True)
    if index_order is not None:
        wide = wide.reindex([i for i in index_order], fill_value=0)
    if column_order is not None:
        wide = wide.reindex(columns=[c for c in column_order], fill_value=0)
    wide.columns.name = columns
    wide.index.name = index
    return wide


def domain_first_years(ds: Dataset) -> pd.DataFrame:
    """When each domain first appears: its earliest dated initiative.

    Columns: ``domain``, ``label``, ``group``, ``first_year`` (NA if it occurs only undated or not
    at all), ``first_initiative``, ``initiatives`` (all), ``dated``. Sorted by first year.
    """
    d = ds.initiative_domains
    month = ds.initiatives.set_index("initiative_id")["month"]
    dated = d[d["year"].notna()].assign(month=lambda f: f["initiative_id"].map(month).fillna(13))
    dated = dated.sort_values(["year", "month", "initiative_id"], kind="stable").drop_duplicates("domain")
    first = dated.assign(domain=dated["domain"].astype(str)).set_index("domain")[["year", "initiative_id"]]
    n_all = d.groupby("domain", observed=False)["initiative_id"].nunique()
    n_dated = d[d["year"].notna()].groupby("domain", observed=False)["initiative_id"].nunique()
    out = domain_frame(ds).set_index("domain")
    out["first_year"] = first["year"].astype("Int64")
    out["first_initiative"] = first["initiative_id"]
    out["initiatives"] = n_all.rename(index=str).reindex(out.index, fill_value=0).astype("int64")
    out["dated"] = n_dated.rename(index=str).reindex(out.index, fill_value=0).astype("int64")
    out = out.reset_index()
    order = {c: i for i, c in enumerate(ds.domains["code"])}
    out["_o"] = out["domain"].map(order)
    out = out.sort_values(["first_year", "_o"], na_position="last", kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def domain_groups_by_year(ds: Dataset, *, years: tuple[int | None, int | None] | None = None) -> pd.DataFrame:
    """Initiatives started per year that cover each domain group (an initiative counts once per group).

    Columns: ``year``, ``group``, ``count``, ``cumulative``; every year and group of the range.
    """
    span = year_span(ds, years)
    groups = [g for g in ds.domains["group"].cat.categories]
    if span is None:
        return pd.DataFrame(columns=["year", "group", "count", "cumulative"])
    lo, hi = span
    d = dated(ds.initiative_domains.drop_duplicates(["initiative_id", "group"]))
    d = d[(d["year"] >= lo) & (d["year"] <= hi)]
    idx = pd.MultiIndex.from_product([pd.RangeIndex(lo, hi + 1), groups], names=["year", "group"])
    out = d.groupby(["year", "group"], observed=True).size().reindex(idx, fill_value=0).rename("count").reset_index()
    out["group"] = pd.Categorical(out["group"], categories=groups)
    out["cumulative"] = out.groupby("group", observed=False)["count"].cumsum()
    return out.astype({"year": "int64", "count": "int64", "cumulative": "int64"})


def domain_groups_by_period(ds: Dataset, split_year: int | None = None) -> pd.DataFrame:
    """Domain-group coverage before and from ``split_year``: count and share of the period's initiatives.

    Columns: ``period``, ``group``, ``count``, ``initiatives`` (dated initiatives in the period),
    ``share``.
    """
    split = last_decade_start(ds) if split_year is None else int(split_year)
    hi = ds.coverage_end
    labels_ = [f"before {split}", f"{split}–{max(hi, split)}"]
    ini = dated(ds.initiatives)
    period_of = pd.Series(np.where(ini["year"] < split, labels_[0], labels_[1]), index=ini["initiative_id"].to_numpy())
    d = ds.initiative_domains.drop_duplicates(["initiative_id", "group"])
    d = d[d["initiative_id"].isin(period_of.index)]
    d = d.assign(period=pd.Categorical(d["initiative_id"].map(period_of), categories=labels_))
    groups = list(ds.domains["group"].cat.categories)
    idx = pd.MultiIndex.from_product([labels_, groups], names=["period", "group"])
    out = d.groupby(["period", "group"], observed=True).size().reindex(idx, fill_value=0).rename("count").reset_index()
    per = pd.Series(period_of.to_numpy()).value_counts().reindex(labels_, fill_value=0)
    out["initiatives"] = out["period"].map(per).astype("int64")
    out["share"] = np.where(out["initiatives"] > 0, out["count"] / out["initiatives"].where(out["initiatives"] > 0, 1), 0.0)
    return out.astype({"count": "int64"})


def domain_by(ds: Dataset, column: str = "framework") -> pd.DataFrame:
    """Initiatives per (value of ``column``, domain): long, only non-zero cells.

    Columns: ``column``, ``domain``, ``domain_label``, ``group``, ``count``, ``share`` (of the
    initiatives with that value of ``column``).
    """

    check_choice("column", column, ("framework", "kind", "level", "year_basis"))
    d = ds.initiative_domains
    out = d.groupby([column, "domain"], observed=True)["initiative_id"].nunique().rename("count").reset_index()
    totals = ds.initiatives.groupby(column, observed=True).size()
    out[column] = out[column].astype(str)
    out["domain"] = out["domain"].astype(str)
    out = out.merge(domain_frame(ds).rename(columns={"label": "domain_label"}), on="domain", how="left")
    out["share"] = out["count"] / out[column].map(totals.rename(index=str)).astype(float)
    return out[[column, "domain", "domain_label", "group", "count", "share"]].astype({"count": "int64"})


# --- comparisons that findings may state ----------------------------------------------------


@dataclass(frozen=True)
class GroupComparison:
    """The share of initiatives touching one domain group, before and from a split year, with Fisher's exact test."""

    group: str
    before: str  # period labels, as in :func:`domain_groups_by_period`
    recent: str
    before_count: int
    before_base: int
    recent_count: int
    recent_base: int
    test: stats.Test | None  # None when a period has no dated initiative


def domain_group_comparison(ds: Dataset, group: str = "emerging", split_year: int | None = None) -> GroupComparison:
    """:class:`GroupComparison` for ``group`` (dated initiatives only; Fisher's exact test, two-sided)."""
    groups = [str(g) for g in ds.domains["group"].cat.categories]
    check_choice("group", group, groups)
    p = domain_groups_by_period(ds, split_year)
    g = p[p["group"].astype(str) == group].reset_index(drop=True)
    before, recent = g.iloc[0], g.iloc[1]
    bc, bn, rc, rn = int(before["count"]), int(before["initiatives"]), int(recent["count"]), int(recent["initiatives"])
    test = stats.fisher_2x2(rc, rn, bc, bn) if bn and rn else None
    return GroupComparison(group, str(before["period"]), str(recent["period"]), bc, bn, rc, rn, test)


def domain_by_framework(ds: Dataset, domains: Sequence[str] | None = None) -> pd.DataFrame:
    """Every (framework, domain) cell: count, the framework's base, the share, and whether the base allows a share.

    Columns: ``framework``, ``domain``, ``count``, ``base`` (the framework's initiatives), ``share``
    (count / base), ``reportable`` (base >= :data:`~indopac.analysis.stats.MIN_BASE`). Frameworks in
    vocabulary order (those with no initiative left out), domains in ``domains`` order (default:
    domains.csv order); zero cells included.
    """
    frameworks = [str(f) for f in ds.initiatives["framework"].cat.categories]
    base = ds.initiatives["framework"].astype(str).value_counts()
    frameworks = [f for f in frameworks if base.get(f, 0) > 0]
    codes = list(domains) if domains is not None else ds.domains["code"].tolist()
    long = domain_by(ds, "framework")
    idx = pd.MultiIndex.from_product([frameworks, codes], names=["framework", "domain"])
    out = long.set_index(["framework", "domain"])["count"].reindex(idx, fill_value=0).reset_index()
    out["base"] = out["framework"].map(base).astype("int64")
    out["share"] = out["count"] / out["base"]
    out["reportable"] = out["base"] >= stats.MIN_BASE
    return out.astype({"count": "int64"})


def framework_leaders(ds: Dataset, framework: str = "FOIP") -> tuple[stats.Leaders, int]:
    """The domains a framework's initiatives cover most often (every tied one), and the framework's base."""
    t = domain_by_framework(ds)
    t = t[t["framework"] == framework]
    base = int(t["base"].iloc[0]) if len(t) else 0
    return stats.leaders(t.set_index("domain")["count"]), base
