"""Trends and geography (notebook 02): figure titles and summaries, computed from the analysis tables.

Facts come from :mod:`indopac.analysis` (equal windows, undated bounds, FOIP as coded, ties),
words from :mod:`indopac.text`. Every sentence that compares rates names both windows and
its test; every FOIP sentence states the coding rule it rests on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indopac import text
from indopac.analysis import stats
from indopac.analysis.counts import (
    busiest_years,
    counts_by_decade,
    counts_by_period,
    foip_facts,
    last_decade_start,
    n_undated,
    trend_rates,
    undated_bounds,
)
from indopac.analysis.parties import first_contacts, new_entrants

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset

NO_DATED = "No dated initiative is in the selection"


# --- small sentences ------------------------------------------------------------------------


def foip_rule(ds: Dataset) -> str:
    """The counting rule every FOIP sentence rests on: ``"FOIP as coded: Japan-party initiatives from 2016"``."""
    return f"FOIP as coded: Japan-party initiatives from {foip_facts(ds).announced}"


def rate_comparison(ds: Dataset, years: tuple[int | None, int | None] | None = None) -> str:
    """``"27 initiatives started in 2013–22 against 5 in 2003–12 (equal 10-year windows): 5.4 times as many
    (binomial test, p < 0.001)"``; "no clear difference" unless the exact test says so."""
    wr = trend_rates(ds, years=years)
    head = text.windows_phrase(wr.recent_count, wr.recent, wr.earlier_count, wr.earlier, "initiatives started")
    if wr.recent_count + wr.earlier_count < stats.MIN_BASE:
        return f"{head}: too few to compare"
    if not wr.test.significant:
        return f"{head}: no clear difference ({text.tested(wr.test.name, wr.test.p)})"
    return f"{head}: {text.ratio_words(wr.ratio)} ({text.tested(wr.test.name, wr.test.p)})"


def busiest(ds: Dataset) -> str:
    """``"the busiest year is 2022 (11)"``; a tie: ``"the busiest years are 2015 and 2019 (tied, 3 each)"``."""
    years, top = busiest_years(ds)
    if not years:
        return "no year has a dated initiative"
    return (f"the busiest {text.noun(len(years), 'year')} {text.verb_for(len(years), 'is')} "
            f"{text.ties_phrase([str(y) for y in years], str(top))}")


def recent_window(ds: Dataset, split_year: int | None = None) -> tuple[int, int]:
    """The study's "last decade" with its partial year: (2013, 2023)."""
    return (last_decade_start(ds) if split_year is None else int(split_year), ds.coverage_end)


def undated_bounds_sentence(ds: Dataset, split_year: int | None = None) -> str:
    """Where the undated initiatives could put the recent share: ``"the 22 undated initiatives would put the share
    started in 2013–23 between 48% (all undated early) and 82% (all undated late)"``; ``""`` when none is undated."""
    b = undated_bounds(ds, recent_window(ds, split_year))
    if not b.undated:
        return ""
    the_undated = "the undated initiative" if b.undated == 1 else f"the {b.undated} undated initiatives"
    return (f"{the_undated} would put the share of all {b.early[1]} started in {text.span(b.window)} "
            f"{text.undated_range(b.early, b.late)}")


def per_year_note(ds: Dataset, window_note: str) -> str:
    """The per-year chart's note: the window note, then the undated bounds of the recent share."""
    return text.notes(window_note, undated_bounds_sentence(ds))


# --- figure titles --------------------------------------------------------------------------


def headline_per_year(ds: Dataset, years: tuple[int | None, int | None] | None = None) -> str:
    """Equal-window rate comparison with its test (windows inside the chosen ``years``), then the busiest year."""
    if not ds.initiatives["year"].notna().any():
        return NO_DATED
    return f"{text.capitalise(rate_comparison(ds, years))}; {busiest(ds)}"


def headline_cumulative(ds: Dataset) -> str:
    """FOIP against every other framework, running totals; "overtook" only if FOIP leads and stays ahead."""
    f = foip_facts(ds)
    if f.last_year is None:
        return NO_DATED
    rule = foip_rule(ds)
    early = (f"; {text.plural(f.before_announced, 'FOIP-coded initiative')} {text.verb_for(f.before_announced, 'starts')} "
             f"before {f.announced}" if f.before_announced else "")
    if f.overtake_year is not None:
        return (f"FOIP initiatives overtook all other frameworks combined in {f.overtake_year}: "
                f"{f.foip} against {f.other} by {f.last_year} ({rule}{early})")
    return (f"FOIP has not overtaken all other frameworks combined: {f.foip} against {f.other} by {f.last_year}; "
            f"from {f.announced}, {f.foip_since} against {f.other_since} ({rule}{early})")


def headline_decades(ds: Dataset) -> str:
    """The full decade(s) with the most starts (ties named), then the partial decade's count so far."""
    d = counts_by_decade(ds)
    if d.empty or d["count"].sum() == 0:
        return NO_DATED
    full = d[~d["partial"]]
    part = d[d["partial"]]
    bits = []
    if len(full) and full["count"].max() > 0:
        top = int(full["count"].max())
        labels = full.loc[full["count"] == top, "label"].tolist()
        bits.append(f"Of the full decades, {text.ties_phrase(['the ' + x for x in labels], str(top))} "
                    f"{text.verb_for(len(labels), 'has')} the most initiatives")
    if len(part):
        p = part.iloc[0]
        years = ds.coverage_end - int(p["decade"]) + 1
        bits.append(f"the {p['label']}, covered only to {ds.coverage_end} ({text.plural(years, 'year')}), "
                    f"already has {int(p['count'])}")
    return text.capitalise("; ".join(bits))


def headline_entrants(ds: Dataset) -> str:
    """How many European states first appear in the last decade, and the year(s) with the most newcomers."""
    ent = new_entrants(ds, states_only=True)
    dated = ent[ent["first_year"].notna()]
    if dated.empty:
        return "No European state appears in a dated initiative in the selection"
    split = last_decade_start(ds)
    recent = int((dated["first_year"] >= split).sum())
    by_year = dated.groupby("first_year").size()
    top = int(by_year.max())
    years = [str(int(y)) for y in by_year.index[by_year == top]]
    return (f"{recent} of the {len(dated)} European states in dated initiatives first appear in {split} or later; "
            f"the most newcomers in one year: {text.ties_phrase(years, str(top))}")


def hub_leaders(ds: Dataset) -> tuple[list[str], int, int]:
    """The Indo-Pacific partner(s) that are the first partner of the most European parties, that count, and the base."""
    fc = first_contacts(ds)
    dated = fc[fc["first_year"].notna()]
    via = dated[dated["entry"]].groupby("indo_pacific")["european"].nunique()
    lead = stats.leaders(via)
    return list(lead.codes), int(lead.value), int(dated["european"].nunique())


def headline_first_contacts(ds: Dataset) -> str:
    codes, k, n = hub_leaders(ds)
    if not codes:
        return "No European party appears in a dated initiative in the selection"
    names = text.join_names([text.running_name(ds.actor_name, c) for c in codes])
    if len(codes) == 1:
        return text.capitalise(f"{names} is the first Indo-Pacific partner of {k} of the {n} European parties "
                               "(first dated contact)")
    return text.capitalise(f"{names} tie as the first Indo-Pacific partner of the most European parties: "
                           f"{k} of the {n} each (first dated contact)")


# --- summaries (Markdown) ---------------------------------------------------------------------


def summary_trends(ds: Dataset, split_year: int | None = None,
                   years: tuple[int | None, int | None] | None = None) -> str:
    """Proliferation: equal windows and their test, FOIP as coded, the busiest year, the undated bounds."""
    per = counts_by_period(ds, split_year)
    total = int(per["count"].sum())
    if total == 0:
        return "No dated initiative is in the selection, so there is no trend to show."
    wr = trend_rates(ds, years=years)
    f = foip_facts(ds)
    foip_recent = int(ds.initiatives["year"].between(*wr.recent).where(ds.initiatives["framework"].astype(str).eq("FOIP"),
                                                                         False).sum())
    b = undated_bounds(ds, recent_window(ds, split_year))
    early = (f"; {f.before_announced} FOIP-coded {text.noun(f.before_announced, 'one')} "
             f"{text.verb_for(f.before_announced, 'starts')} before {f.announced}" if f.before_announced else "")
    parts = [
        f"**{text.capitalise(rate_comparison(ds, years))}**.",
        f"{foip_recent} of the {wr.recent_count} in {text.span(wr.recent)} are FOIP ({foip_rule(ds)}{early}).",
        f"{text.capitalise(busiest(ds))}." + (f" {ds.partial_year} is covered only in part."
                                               if ds.partial_year is not None else ""),
    ]
    u = n_undated(ds)
    if u:
        low = wr.recent_count / (wr.earlier_count + u) if wr.earlier_count + u else None
        high = (wr.recent_count + u) / wr.earlier_count if wr.earlier_count else None
        ratio = (f" Placed all in {text.span(wr.earlier)} they would make the ratio {low:.1f}"
                 + (f", all in {text.span(wr.recent)} {high:.1f}" if high is not None else "") + ".") if low is not None else ""
        parts.append(
            f"{text.capitalise(undated_words_sentence(u))}. Among the dated ones, "
            f"{text.share(*b.dated)} started in {text.span(b.window)}; "
            f"{undated_bounds_sentence(ds, split_year)}.{ratio}"
        )
    return " ".join(parts)


def undated_words_sentence(n: int) -> str:
    """``"22 undated initiatives cannot be placed in time"`` (agreement by :func:`indopac.text.plural`)."""
    return f"{text.plural(n, 'undated initiative')} cannot be placed in time"


def _md_name(ds: Dataset, code: str) -> str:
    """An actor's name in running text, escaped for Markdown (the summaries; figure titles stay plain)."""
    return text.escape_markdown(text.running_name(ds.actor_name, code))


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
    reach = stats.leaders(fc.groupby("indo_pacific")["european"].nunique())
    n_eu = fc["european"].nunique()
    only_one = int(ent["partners"].eq(1).sum())
    names = text.join_names([_md_name(ds, c) for c in recent["actor"]], empty="none")
    top = text.join_names([_md_name(ds, c) for c in reach.codes])
    verb = "is the partner" if len(reach.codes) == 1 else "tie as the partners"
    return (
        f"{text.plural(len(dated), 'European state')} {text.verb_for(len(dated), 'appears')} in dated initiatives. "
        f"The earliest is {_md_name(ds, first['actor'])} ({int(first['first_year'])}); "
        f"**{len(recent)} first {text.verb_for(len(recent), 'appears')} in {split} or later**: {names}. "
        f"{text.capitalise(top)} {verb} most European parties reach ({reach.value} of {n_eu}{' each' if len(reach.codes) > 1 else ''}, "
        f"dated or not), and {text.plural(only_one, 'European state')} {text.verb_for(only_one, 'has')} "
        "a single Indo-Pacific partner so far."
    )
