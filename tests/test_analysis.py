"""indopac.analysis, specified on a small hand-made dataset whose numbers are worked out by hand.

The seven initiatives (study year 2023, so the "last decade" starts in 2013):

    id  year  framework        kind                 European   Indo-Pacific  domains
    a1  2010  FOIP             agreement            FRA;GBR    JPN           maritime;cyber
    a2  2015  FOIP             dialogue (recurring) FRA        JPN           maritime
    a3  2015  bilateral_other  agreement            GBR        KOR           defence_industry;cyber
    a4  2022  NATO             exercise             DEU        JPN;PHL       maritime;exercises_interoperability
    a5  --    FOIP             dialogue             LTU        JPN           cyber             (undated)
    a6  1971  FPDA             agreement            GBR        SGP           access_logistics
    a7  2023  FOIP             ministerial_meeting  EST        JPN           cyber;disinformation (inferred)
"""

from __future__ import annotations

import pandas as pd
import pytest

import indopac
from indopac import analysis, findings
from indopac.params import ParameterError

ROWS = [
    "a1,A one,agreement,2010,,stated,false,,ongoing,ministerial,FOIP,FRA;GBR,JPN,,maritime;cyber,eesc-2023,2.2,n",
    "a2,A two,dialogue,2015,,stated,true,,ongoing,officials,FOIP,FRA,JPN,,maritime,eesc-2023,2.2,n",
    ("a3,A three,agreement,2015,,stated,false,,ongoing,ministerial,bilateral_other,GBR,KOR,,defence_industry;cyber,"
    "eesc-2023,2.3,n"),
    ("a4,A four,exercise,2022,,stated,false,,concluded,military,NATO,DEU,JPN;PHL,,maritime;exercises_interoperability,"
    "eesc-2023,3.1,n"),
    "a5,A five,dialogue,,,unknown,false,,ongoing,officials,FOIP,LTU,JPN,,cyber,eesc-2023,3.2,n",
    "a6,A six,agreement,1971,,stated,false,,ongoing,ministerial,FPDA,GBR,SGP,,access_logistics,eesc-2023,1,n",
    ("a7,A seven,ministerial_meeting,2023,,inferred,false,,concluded,ministerial,FOIP,EST,JPN,,cyber;disinformation,"
    "eesc-2023,2.3,n"),
]


@pytest.fixture(scope="module")
def ds(make_shared_data):
    """The hand-made dataset of ROWS, loaded once for the module (tests only read it)."""
    return indopac.load(make_shared_data(*ROWS))


def _row(frame: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for col, value in where.items():
        mask &= frame[col].astype(str) == str(value)
    assert mask.sum() == 1, f"expected one row for {where}, got {int(mask.sum())}"
    return frame[mask].iloc[0]


# --- counts by year, period, decade ----------------------------------------------------------


def test_counts_by_year_covers_every_year_and_counts_recurring_series_once_at_the_start(ds):
    c = analysis.counts_by_year(ds)
    assert c["year"].tolist() == list(range(1971, 2024))  # 53 years, gaps included
    assert _row(c, year=2015)["count"] == 2  # a2 (a recurring dialogue, counted once) and a3
    assert _row(c, year=2015)["cumulative"] == 4  # 1971, 2010, 2015, 2015
    assert _row(c, year=1990)["count"] == 0
    assert c["count"].sum() == 6  # a5 is undated and left out
    assert analysis.n_undated(ds) == 1


def test_counts_by_year_within_a_range(ds):
    c = analysis.counts_by_year(ds, years=(2015, 2016))
    assert c[["year", "count", "cumulative"]].values.tolist() == [[2015, 2, 2], [2016, 0, 2]]


def test_counts_by_year_by_framework_keeps_only_frameworks_that_occur_in_vocabulary_order(ds):
    c = analysis.counts_by_year(ds, "framework")
    assert list(c["framework"].cat.categories) == ["FOIP", "NATO", "FPDA", "bilateral_other"]
    assert len(c) == 53 * 4
    assert _row(c, year=2023, framework="FOIP")["cumulative"] == 3  # a1, a2, a7 (a5 undated)


def test_counts_by_year_foip_against_the_rest(ds):
    c = analysis.counts_by_year(ds, "foip")
    last = c[c["year"] == 2023].set_index("foip")["cumulative"]
    assert last.to_dict() == {"FOIP": 3, "Other frameworks": 3}


def test_an_unknown_grouping_names_the_valid_ones(ds):
    with pytest.raises(ParameterError, match="grouping: 'colour' is not valid; valid: framework, foip, kind"):
        analysis.counts_by_year(ds, "colour")


def test_counts_by_period_splits_at_the_last_decade(ds):
    assert analysis.last_decade_start(ds) == 2013
    p = analysis.counts_by_period(ds).set_index("period")
    before, recent = p.loc["before 2013"], p.loc["2013–2023"]
    assert (before["count"], before["first_year"], before["last_year"], before["n_years"]) == (2, 1971, 2012, 42)
    assert before["per_year"] == pytest.approx(2 / 42)
    assert (recent["count"], recent["n_years"]) == (4, 11)
    assert recent["per_year"] == pytest.approx(4 / 11)
    assert recent["share"] == pytest.approx(4 / 6)


def test_counts_by_decade_fills_empty_decades_and_flags_the_partial_one(ds):
    d = analysis.counts_by_decade(ds)
    assert d["label"].tolist() == ["1970s", "1980s", "1990s", "2000s", "2010s", "2020s"]
    assert d["count"].tolist() == [1, 0, 0, 0, 3, 2]
    assert d["partial"].tolist() == [False] * 5 + [True]


def test_counts_by_a_vocabulary_column_lists_every_value_in_declared_order(ds):
    k = analysis.counts_by(ds, "kind")
    assert k["kind"].tolist()[:3] == ["agreement", "declaration", "dialogue"]
    assert len(k) == 13  # every kind of the codebook, zeros included
    assert _row(k, kind="agreement")["count"] == 3
    assert _row(k, kind="agreement")["share"] == pytest.approx(3 / 7)
    assert _row(k, kind="summit")["count"] == 0
    q = analysis.date_quality(ds).set_index("year_basis")["count"]
    assert q.to_dict() == {"stated": 5, "inferred": 1, "unknown": 1}


# --- parties, pairs, first contacts ----------------------------------------------------------------


def test_pairs_cross_european_and_indo_pacific_parties_within_each_initiative(ds):
    p = analysis.pairs(ds)
    assert len(p) == 9  # a1 gives two pairs (FRA-JPN, GBR-JPN), a4 two (DEU-JPN, DEU-PHL), the rest one each
    assert set(p.loc[p["initiative_id"] == "a4", "indo_pacific"]) == {"JPN", "PHL"}


def test_parties_table(ds):
    t = analysis.parties_table(ds)
    assert t.iloc[0]["actor"] == "JPN"
    jpn = _row(t, actor="JPN")
    assert (jpn["initiatives"], jpn["foip"], jpn["partners"], jpn["undated"]) == (5, 4, 5, 1)
    assert (jpn["first_year"], jpn["last_year"]) == (2010, 2023)
    gbr = _row(t, actor="GBR")
    assert (gbr["initiatives"], gbr["partners"], gbr["first_year"], gbr["last_year"]) == (3, 3, 1971, 2015)
    assert gbr["share"] == pytest.approx(3 / 7)
    assert gbr["label"] == "United Kingdom" and gbr["actor_kind"] == "state"
    assert set(analysis.parties_table(ds, "indo_pacific")["actor"]) == {"JPN", "KOR", "PHL", "SGP"}


def test_first_contacts_date_each_pair_and_mark_each_partys_entry(ds):
    fc = analysis.first_contacts(ds)
    fra = _row(fc, european="FRA", indo_pacific="JPN")
    assert (fra["initiatives"], fra["first_year"], fra["first_initiative"], fra["entry"]) == (2, 2010, "a1", True)
    # The UK entered in 1971 with Singapore, so its first contact with Japan (2010) is not its entry.
    assert bool(_row(fc, european="GBR", indo_pacific="SGP")["entry"]) is True
    assert bool(_row(fc, european="GBR", indo_pacific="JPN")["entry"]) is False
    assert bool(_row(fc, european="DEU", indo_pacific="PHL")["entry"]) is True  # both 2022 partners are entries
    ltu = _row(fc, european="LTU", indo_pacific="JPN")
    assert pd.isna(ltu["first_year"]) and not ltu["entry"]
    assert fc["first_year"].isna().tolist()[-1]  # undated pairs sort last


def test_first_contacts_break_same_year_ties_by_month_then_id(make_data):
    tail = "stated,false,,ongoing,ministerial,FOIP,FRA,JPN,,maritime,eesc-2023,2.2,n"
    ds = indopac.load(make_data(
        f"c1,C one,agreement,2015,,{tail}",  # month unknown: after every dated month of 2015
        f"c3,C three,agreement,2015,3,{tail}",
        f"c2,C two,agreement,2015,3,{tail}",  # same month as c3, smaller id: first
        "c0,C zero,agreement,,,unknown,false,,ongoing,ministerial,FOIP,FRA,JPN,,maritime,eesc-2023,2.2,n",
    ))
    fc = analysis.first_contacts(ds)
    assert fc[["european", "indo_pacific", "initiatives", "first_year", "first_initiative", "entry"]].values.tolist() == [
        ["FRA", "JPN", 4, 2015, "c2", True]]


def test_pairs_follow_the_initiatives_then_actor_order(ds):
    p = analysis.pairs(ds)
    assert p["initiative_id"].tolist() == ["a1", "a1", "a2", "a3", "a4", "a4", "a5", "a6", "a7"]
    assert p[["initiative_id", "european", "indo_pacific"]].values.tolist()[:2] == [
        ["a1", "FRA", "JPN"], ["a1", "GBR", "JPN"]]
    assert str(p["year"].dtype) == "Int64" and p["year"].isna().sum() == 1  # a5


def test_new_entrants_in_entry_order(ds):
    e = analysis.new_entrants(ds)
    assert e["actor"].tolist() == ["GBR", "FRA", "DEU", "EST", "LTU"]
    gbr = _row(e, actor="GBR")
    assert (gbr["first_year"], gbr["first_partners"], gbr["partners"], gbr["partner_codes"]) == (
        1971, "SGP", 3, "SGP;JPN;KOR")
    assert _row(e, actor="DEU")["first_partners"] == "JPN;PHL"
    assert pd.isna(_row(e, actor="LTU")["first_year"])


def test_entrants_by_year_counts_from_before_the_window(ds):
    e = analysis.entrants_by_year(ds, states_only=True)
    new = e.set_index("year")["new"]
    assert new[new > 0].to_dict() == {1971: 1, 2010: 1, 2022: 1, 2023: 1}
    assert e["cumulative"].iloc[-1] == 4  # Lithuania appears only undated
    w = analysis.entrants_by_year(ds, states_only=True, years=(2015, 2023))
    assert w["year"].iloc[0] == 2015 and w["cumulative"].iloc[0] == 2  # the UK and France entered earlier
    assert _row(w, year=2022)["names"] == "Germany"


# --- domains ------------------------------------------------------------------------------------------


def test_domain_shares_count_initiatives_not_mentions(ds):
    s = analysis.domain_shares(ds)
    assert s.iloc[0]["domain"] == "cyber"
    assert s.iloc[0]["count"] == 4 and s.iloc[0]["share"] == pytest.approx(4 / 7)  # a1, a3, a5, a7
    assert _row(s, domain="maritime")["count"] == 3
    assert len(s) == len(ds.domains)  # every domain, zeros included
    assert _row(s, domain="space")["count"] == 0


def test_domain_group_shares(ds):
    g = analysis.domain_group_shares(ds).set_index("group")["count"].to_dict()
    assert g == {"traditional": 4, "emerging": 4, "industrial": 1, "other": 0}


def test_domain_by_party_and_matrix(ds):
    m = analysis.domain_by_party(ds, "european")
    fra_mar = _row(m, actor="FRA", domain="maritime")
    assert (fra_mar["count"], fra_mar["share"]) == (2, 1.0)
    assert _row(m, actor="GBR", domain="cyber")["share"] == pytest.approx(2 / 3)
    wide = analysis.matrix(m, "domain", "actor", index_order=["maritime", "space"], column_order=["FRA", "GBR", "XXX"])
    assert wide.loc["maritime"].tolist() == [2, 1, 0]
    assert wide.loc["space"].tolist() == [0, 0, 0]


def test_domain_by_framework_shares_are_of_that_frameworks_initiatives(ds):
    m = analysis.domain_by(ds, "framework")
    foip_cyber = _row(m, framework="FOIP", domain="cyber")
    assert foip_cyber["count"] == 3 and foip_cyber["share"] == pytest.approx(3 / 4)  # a1, a5, a7 of a1 a2 a5 a7


def test_domain_first_years(ds):
    f = analysis.domain_first_years(ds).set_index("domain")
    assert f.loc["access_logistics", "first_year"] == 1971
    assert (f.loc["cyber", "first_year"], f.loc["cyber", "initiatives"], f.loc["cyber", "dated"]) == (2010, 4, 3)
    assert f.loc["disinformation", "first_year"] == 2023
    assert pd.isna(f.loc["space", "first_year"])
    assert analysis.domain_first_years(ds)["domain"].iloc[0] == "access_logistics"


def test_domain_groups_by_year_count_an_initiative_once_per_group(ds):
    g = analysis.domain_groups_by_year(ds)
    assert _row(g, year=2022, group="traditional")["count"] == 1  # a4 has two traditional domains
    assert _row(g, year=2023, group="emerging")["cumulative"] == 3  # a1, a3, a7
    p = analysis.domain_groups_by_period(ds)
    em_before = _row(p, period="before 2013", group="emerging")
    assert (em_before["count"], em_before["initiatives"], em_before["share"]) == (1, 2, 0.5)
    em_recent = _row(p, period="2013–2023", group="emerging")
    assert (em_recent["count"], em_recent["initiatives"]) == (2, 4)


# --- one country ---------------------------------------------------------------------------------------


def test_country_timeline_has_a_row_per_partner(ds):
    t = analysis.country_timeline(ds, "JPN")
    assert len(t) == 6  # a1 twice (France, UK), a2, a4, a5, a7
    assert set(t.loc[t["initiative_id"] == "a1", "partner"]) == {"FRA", "GBR"}
    assert (t.loc[t["initiative_id"] == "a1", "partners_in_initiative"] == 2).all()
    assert pd.isna(t["year"].iloc[-1])  # undated last
    assert analysis.country_side(ds, "JPN") == "indo_pacific"


def test_country_partners(ds):
    p = analysis.country_partners(ds, "JPN")
    assert p["partner"].tolist() == ["FRA", "DEU", "EST", "GBR", "LTU"]  # most first, then by code
    fra = p.iloc[0]
    assert (fra["initiatives"], fra["first_year"], fra["last_year"], fra["foip"]) == (2, 2010, 2015, 2)
    ltu = _row(p, partner="LTU")
    assert ltu["undated"] == 1 and pd.isna(ltu["first_year"])


def test_country_domains_against_all_initiatives(ds):
    d = analysis.country_domains(ds, "FRA").set_index("domain")
    assert d.index.tolist() == ["maritime", "cyber"]
    assert (d.loc["maritime", "count"], d.loc["maritime", "share"]) == (2, 1.0)
    assert d.loc["cyber", "share"] == 0.5
    assert d.loc["maritime", "side_share"] == pytest.approx(3 / 7)


def test_peers_and_comparison_share_ranks_on_ties(ds):
    assert analysis.peers(ds, "JPN") == ["KOR", "PHL", "SGP"]
    c = analysis.peer_comparison(ds, "LTU").set_index("actor")
    assert c["rank"].to_dict() == {"GBR": 1, "FRA": 2, "DEU": 3, "EST": 3, "LTU": 3}
    assert c.loc["GBR", "domains"] == 4  # maritime, cyber, defence_industry, access_logistics
    assert c["is_focus"].sum() == 1 and c.loc["LTU", "is_focus"]


# --- texts ------------------------------------------------------------------------------------------------


def test_headlines_state_computed_findings(ds):
    assert findings.headline_parties(ds) == "Japan is party to 5 of the 7 initiatives; next: the United Kingdom, 3"
    assert findings.headline_country_peers(ds, "LTU") == (
        "Lithuania ranks 3 of 5 European states in the data by number of initiatives (tied with 2 others)")
    assert findings.headline_country_timeline(ds, "LTU") == "Lithuania is party to 1 initiative, with Japan"
    assert findings.headline_dates(ds).startswith("1 of 7 initiatives has no date")


def test_overtake_year_needs_the_leader_to_stay_ahead():
    c = pd.DataFrame({
        "year": [2000, 2000, 2001, 2001, 2002, 2002, 2003, 2003],
        "foip": ["FOIP", "Other frameworks"] * 4,
        "cumulative": [0, 1, 2, 1, 2, 2, 3, 2],  # ahead in 2001, level in 2002, ahead again from 2003
    })
    assert analysis.overtake_year(c, "FOIP", "Other frameworks") == 2003
    c.loc[c.index[-2], "cumulative"] = 2  # level at the end: never clearly ahead
    assert analysis.overtake_year(c, "FOIP", "Other frameworks") is None


def test_summaries_are_computed_from_the_data(ds):
    assert "**7 initiatives**" in findings.summary_overview(ds)
    text = findings.summary_country(ds, "FRA")
    assert text.startswith("**France** is party to 2 initiatives (from 2010 to 2015) with 1 partner: Japan (2).")


def test_functions_handle_an_empty_selection(ds):
    empty = ds.filter(frameworks=["EU"])
    assert len(empty) == 0
    assert analysis.counts_by_year(empty).empty
    assert findings.headline_per_year(empty) == "No dated initiative is in the selection"
    assert findings.headline_cumulative(empty) == "No dated initiative is in the selection"
    assert findings.headline_domain_groups(empty) == "No dated initiative is in the selection"
    assert findings.summary_trends(empty).startswith("No dated initiative")
    assert analysis.domain_shares(empty)["count"].sum() == 0


def test_analysis_never_changes_its_input(ds):
    before = ds.initiatives.copy(), ds.initiative_parties.copy(), ds.initiative_domains.copy()
    findings.summary_overview(ds)
    findings.summary_trends(ds)
    findings.summary_geography(ds)
    findings.summary_domains(ds)
    findings.summary_country(ds, "JPN")
    for old, new in zip(before, (ds.initiatives, ds.initiative_parties, ds.initiative_domains)):
        pd.testing.assert_frame_equal(old, new)


def test_on_the_shipped_data_japan_is_the_first_partner_of_most_european_parties(shipped):
    full = shipped
    fc = analysis.first_contacts(full)
    entries = fc[fc["entry"]]
    via_japan = entries.loc[entries["indo_pacific"] == "JPN", "european"].nunique()
    assert via_japan > entries["european"].nunique() / 2
    assert findings.headline_first_contacts(full).startswith("Japan is the first Indo-Pacific partner of")


def test_year_window_counts_what_it_leaves_out(shipped):
    ds = shipped
    everything = analysis.year_window(ds)
    assert everything.dataset is ds and not everything.chosen and everything.n_outside == 0
    recent = analysis.year_window(ds, 2015, None)
    dated = len(ds) - analysis.n_undated(ds)
    assert recent.chosen and recent.dataset.initiatives["year"].min() >= 2015
    assert recent.n_outside == dated - len(recent.dataset)
    assert recent.n_undated == analysis.n_undated(ds)


# --- trends and domains: honest titles (issue 10) ----------------------------------------------------


def test_rates_are_compared_on_equal_windows_of_full_years(ds):
    assert analysis.counts.rate_windows(ds) == ((2013, 2022), (2003, 2012))
    wr = analysis.counts.trend_rates(ds)
    assert (wr.recent_count, wr.earlier_count) == (3, 1)  # 2015, 2015, 2022 against 2010; 2023 is partial


def test_a_rate_headline_names_both_windows_and_declines_to_compare_too_few(ds):
    assert findings.headline_per_year(ds) == (
        "3 initiatives started in 2013–22 against 1 in 2003–12 (equal 10-year windows): too few to compare; "
        "the busiest year is 2015 (2)")


def test_undated_initiatives_bound_the_recent_share(ds):
    b = analysis.counts.undated_bounds(ds, (2013, 2023))
    assert (b.dated, b.early, b.late, b.undated) == ((4, 6), (4, 7), (5, 7), 1)
    assert "between 57% (all undated early) and 71% (all undated late)" in findings.summary_trends(ds)


def test_the_busiest_year_names_every_tied_year(make_data):
    rows = [r.replace(",2022,", ",2015,") for r in ROWS]  # a4 moves to 2015: 2015 has 3
    rows += [ROWS[5].replace("a6,", f"b{i},").replace(",1971,", ",2019,").replace(",SGP,", f",{p},")
             for i, p in enumerate(["SGP", "MYS", "IDN"])]
    tied = indopac.load(make_data(*rows))
    assert findings.headline_per_year(tied).endswith("the busiest years are 2015 and 2019 (tied, 3 each)")


def test_the_foip_headline_states_the_coding_rule_and_never_claims_an_overtake_that_did_not_happen(ds):
    # FOIP 3 (2010, 2015, 2023) against 3 others by 2023: level, so not overtaken; two FOIP rows predate 2016
    assert findings.headline_cumulative(ds) == (
        "FOIP has not overtaken all other frameworks combined: 3 against 3 by 2023; from 2016, 1 against 1 "
        "(FOIP as coded: Japan-party initiatives from 2016; 2 FOIP-coded initiatives start before 2016)")


def test_the_foip_headline_says_overtook_when_foip_leads_and_stays_ahead(make_data):
    rows = [*ROWS, ROWS[6].replace("a7,", "a8,").replace(",2023,", ",2022,")]
    f = findings.headline_cumulative(indopac.load(make_data(*rows)))
    assert f.startswith("FOIP initiatives overtook all other frameworks combined in 2023: 4 against 3 by 2023")
    assert "FOIP as coded: Japan-party initiatives from 2016" in f


def test_decades_compare_full_decades_and_give_the_partial_one_as_a_floor(ds):
    assert findings.headline_decades(ds) == (
        "Of the full decades, the 2010s (3) has the most initiatives; the 2020s, covered only to 2023 (4 years), "
        "already has 2")


def test_an_insignificant_difference_is_called_none_with_its_test(ds):
    c = analysis.domains.domain_group_comparison(ds, "emerging")
    assert (c.recent_count, c.recent_base, c.before_count, c.before_base) == (2, 4, 1, 2)
    assert findings.headline_domain_groups(ds) == (
        "Emerging domains feature in 2 of 4 initiatives started in 2013–2023, against 1 of 2 before 2013: "
        "no clear difference (Fisher's exact test, p = 1)")


TIE_ROWS = [
    "t1,T one,agreement,2017,,stated,false,,ongoing,ministerial,FOIP,FRA,JPN,,maritime;political_dialogue,eesc-2023,2.2,n",
    "t2,T two,agreement,2018,,stated,false,,ongoing,ministerial,FOIP,GBR,JPN,,maritime,eesc-2023,2.2,n",
    "t3,T three,dialogue,2019,,stated,false,,ongoing,officials,FOIP,DEU,JPN,,political_dialogue,eesc-2023,2.2,n",
    "t4,T four,dialogue,2020,,stated,false,,ongoing,officials,EU,EU,JPN,,cyber,eesc-2023,2.3,n",
]


def test_ties_are_named_as_ties_and_small_bases_as_counts(make_data):
    tie = indopac.load(make_data(*TIE_ROWS))
    assert findings.headline_domains_by_framework(tie) == (
        "FOIP initiatives span 2 domains, most often maritime security and political and strategic dialogue "
        "(tied, 2 of 3 each); FOIP as coded: Japan-party initiatives from 2016")
    assert findings.headline_domain_shares(tie) == (
        "Maritime security and political and strategic dialogue tie as the most covered domains: 2 of 4 initiatives "
        "each, then cyber security (1)")
    assert "%" not in findings.headline_domain_shares(tie)  # a base of 4 is shown as counts


def test_the_domain_by_framework_table_marks_bases_too_small_for_a_share(make_data):
    tie = indopac.load(make_data(*TIE_ROWS))
    t = analysis.domains.domain_by_framework(tie)
    bases = t.drop_duplicates("framework").set_index("framework")
    assert bases.loc["FOIP", "base"] == 3 and not bases.loc["FOIP", "reportable"]
    assert bases.loc["EU", "base"] == 1
    assert findings.domains.small_base_note(tie).startswith("FOIP (n=3) and EU (n=1): fewer than 5")


def test_domain_firsts_in_the_same_year_are_named_together(ds):
    assert findings.headline_domain_firsts(ds) == (
        "First dated appearance: maritime security and cyber security in 2010 (the same year), "
        "countering disinformation in 2023")  # space is covered by no initiative here, so not named


def test_a_chosen_year_window_keeps_both_rate_windows_inside_it_and_equal(ds):
    assert analysis.counts.rate_windows(ds, years=(2010, None)) == ((2017, 2022), (2011, 2016))
    assert analysis.counts.rate_windows(ds, years=(None, 2018)) == ((2009, 2018), (1999, 2008))
