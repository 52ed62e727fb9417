"""A few sentences of Markdown per notebook; every number in them is computed by :mod:`indopac.analysis`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indopac import text
from indopac.analysis.country import *
from indopac.analysis.counts import *
from indopac.analysis.domains import *
from indopac.analysis.parties import *

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset


# --- summaries (Markdown, numbers computed) ---------------------------------------------------------


def summary_overview(ds: Dataset) -> str:
    """What the dataset holds, in three sentences."""
    ini = ds.initiatives
    n = len(ini)
    span = ds.year_range()
    eu = ds.parties("european")
    ip = ds.parties("indo_pacific")
    kinds = counts_by(ds, "kind").sort_values("count", ascending=False, kind="stable")
    fw = counts_by(ds, "framework").sort_values("count", ascending=False, kind="stable")
    q = counts_by(ds, "year_basis").set_index("year_basis")["count"]
    top_k = kinds.iloc[0]
    top_f = fw.iloc[0]
    span_txt = f"start between {span[0]} and {span[1]}" if span else "have no start year"
    return (
        f"The dataset codes **{n} initiatives** from the study; the dated ones {span_txt}. "
        f"They involve {text.plural(len(eu), 'European party', 'European parties')} and "
        f"{text.plural(len(ip), 'Indo-Pacific party', 'Indo-Pacific parties')}. "
        f"The most common kind is *{top_k['label'].lower()}* ({top_k['count']}, {text.percent(top_k['count'], n)}), "
        f"and the most common framework is {top_f['label']} ({top_f['count']}, {text.percent(top_f['count'], n)}). "
        f"Dates: {q.get('stated', 0)} stated in the study, {q.get('inferred', 0)} inferred from a relative date, "
        f"and {q.get('unknown', 0)} undated ({text.percent(q.get('unknown', 0), n)}), which time charts leave out."
    )


def summary_trends(ds: Dataset, split_year: int | None = None) -> str:
    """Proliferation: the last decade against everything before it."""
    per = counts_by_period(ds, split_year)
    if per["count"].sum() == 0:
        return "No dated initiative is in the selection, so there is no trend to show."
    before, recent = per.iloc[0], per.iloc[1]
    foip = counts_by_period(ds, split_year, by="foip")
    foip_recent = int(foip.loc[(foip["period"] == recent["period"]) & (foip["foip"] == "FOIP"), "count"].sum())
    by_year = counts_by_year(ds)
    peak = by_year.sort_values(["count", "year"], ascending=[False, True]).iloc[0]
    ratio = (recent["per_year"] / before["per_year"]) if before["per_year"] else float("inf")
    ratio_txt = f"about {ratio:.0f} times the earlier rate" if np.isfinite(ratio) and ratio >= 1.5 else (
        "a rate similar to before" if np.isfinite(ratio) else "against none before")
    total = int(per["count"].sum())
    return (
        f"Of {total} dated initiatives, **{recent['count']} ({text.percent(recent['count'], total)}) started in "
        f"{recent['period']}**, {recent['per_year']:.1f} a year, against {before['count']} in the "
        f"{before['n_years']} years {before['period']} ({before['per_year']:.2f} a year): {ratio_txt}. "
        f"{foip_recent} of the {recent['count']} recent ones are under FOIP. "
        f"The busiest year is {int(peak['year'])}, with {int(peak['count'])}. "
        f"{text.plural(n_undated(ds), 'undated initiative')} cannot be placed in time and are left out."
    )


def summary_geography(ds: Dataset) -> str:
    """The expanding geography: who entered when, and whom they reach."""
    ent = new_entrants(ds, states_only=True)
    dated = ent[ent["first_year"].notna()]
    if dated.empty:
        return "No European state appears in a dated initiative in the selection."
    split = last_decade_start(ds)
    recent = dated[dated["first_year"] >= split]
    first = dated.iloc[0]
    fc = first_contacts(ds)
    reach = fc.groupby("indo_pacific")["european"].nunique().sort_values(ascending=False, kind="stable")
    top = reach.index[0]
    only_one = int(ent["partners"].eq(1).sum())
    names = text.join_names(recent["label"].tolist(), limit=8, empty='none')
    return (
        f"{text.plural(len(dated), 'European state')} appear{'s' if len(dated) == 1 else ''} in dated initiatives. "
        f"The earliest is {first['label']} ({int(first['first_year'])}); "
        f"**{len(recent)} first appear{'s' if len(recent) == 1 else ''} in {split} or later**: {names}. "
        f"{text.the(ds.actor_name(top), True)} is the partner most European parties reach ({reach.iloc[0]} of {fc['european'].nunique()}), "
        f"and {text.plural(only_one, 'European state')} {'has' if only_one == 1 else 'have'} a single Indo-Pacific partner so far."
    )


def summary_domains(ds: Dataset) -> str:
    """Which domains cooperation covers, and when the emerging ones appear."""
    shares = domain_shares(ds)
    n = len(ds.initiatives)
    if n == 0:
        return "The selection holds no initiative."
    covered = shares[shares["count"] > 0]
    top3 = covered.head(3)
    top_txt = text.join_names([f"{r.label.lower()} ({r.count}, {text.percent(r.count, n)})" for r in top3.itertuples()], limit=6, empty='none')
    groups = domain_group_shares(ds).set_index("group")
    firsts = domain_first_years(ds).set_index("domain")

    def first(code: str) -> str:
        if code not in firsts.index or pd.isna(firsts.at[code, "first_year"]):
            return f"{firsts.at[code, 'label'].lower() if code in firsts.index else code} (no dated initiative)"
        return f"{firsts.at[code, 'label'].lower()} in {int(firsts.at[code, 'first_year'])}"

    seq = [c for c in ("maritime", "cyber", "space", "disinformation") if c in firsts.index]
    return (
        f"The most covered domains are {top_txt}. "
        f"{groups.at['traditional', 'count'] if 'traditional' in groups.index else 0} initiatives touch a traditional "
        f"domain, {groups.at['emerging', 'count'] if 'emerging' in groups.index else 0} an emerging one (cyber, space, "
        f"disinformation, new technologies) and {groups.at['industrial', 'count'] if 'industrial' in groups.index else 0} "
        f"defence industry. First dated appearance: {text.join_names([first(c) for c in seq], limit=6, empty='none')}."
    )


def summary_country(ds: Dataset, country: str) -> str:
    """One country's record: how much, with whom, in which domains, against its peers."""
    name = ds.actor_name(country)
    t = country_timeline(ds, country)
    n = t["initiative_id"].nunique()
    part = country_partners(ds, country, timeline=t)
    dom = country_domains(ds, country)
    comp = peer_comparison(ds, country)
    me = comp[comp["is_focus"]].iloc[0]
    years = t["year"].dropna()
    undated = t.drop_duplicates("initiative_id")["year"].isna().sum()
    side_word = "European" if country_side(ds, country) == "european" else "Indo-Pacific"
    span = (f"from {int(years.min())} to {int(years.max())}" if years.min() != years.max() else f"in {int(years.min())}") if len(years) else "none of them dated"
    top_p = text.join_names([f"{r.label} ({r.initiatives})" for r in part.head(3).itertuples()], limit=6, empty='none') if len(part) else "no partner"
    top_d = text.join_names([f"{r.label.lower()} ({r.count})" for r in dom.head(3).itertuples()], limit=6, empty='none') if len(dom) else "no coded domain"
    ranked = f"ranks {int(me['rank'])} of {len(comp)} {side_word} states by number of initiatives"
    return (
        f"**{text.the(name, True)}** is party to {text.plural(n, 'initiative')} ({span}"
        f"{f'; {undated} undated' if undated and len(years) else ''}) with "
        f"{text.plural(len(part), 'partner')}: {top_p}. Its main domains are {top_d}. "
        f"It {ranked}."
    )
