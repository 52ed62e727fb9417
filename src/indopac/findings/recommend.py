"""A recommendation in words: figure titles and the Markdown narrative (facts first, then one method per section).

Rules the narrative keeps (each is tested):

- stated strengths are an input: the header names their source, and every domain
  item gives its rank both with the stated strengths and from the data alone;
- advice fits the position: a partner the focus already works with is to be
  deepened and widened (in the domains it has nothing with it yet), never "entered";
  "a way to reach X" names only partners the focus has no initiative with, and
  rests on the partner's initiatives that include X (cited);
- an initiative is counted once, and per partner "k of n", never "with A, B, C and D"
  for rows that do not each include all of them;
- items follow the ranking, whatever their kind, and state the rank they have;
- every data-derived string (titles, names, labels) is escaped for Markdown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from indopac import text
from indopac.analysis.recommend import (
    COMPONENT_LABELS,
    DOMAIN_COMPONENTS,
    ENTRY_COMPONENTS,
    MEMBERSHIP,
    Recommendation,
    initiative_rows,
    root_map,
    standing,
    which_tables,
)
from indopac.analysis.sensitivity import CHECKS, robustness, sensitivity
from indopac.files import write_text_atomic

#: how the kind of an initiative reads in a sentence ("an existing ... with Japan")
_KIND_WORDS = {
    "agreement": ("agreement", "agreements"),
    "declaration": ("declaration", "declarations"),
    "dialogue": ("dialogue", "dialogues"),
    "ministerial_meeting": ("ministerial meeting", "ministerial meetings"),
    "summit": ("summit", "summits"),
    "conference": ("conference", "conferences"),
    "exercise": ("exercise", "exercises"),
    "deployment": ("deployment", "deployments"),
    "operation": ("operation", "operations"),
    "facility": ("facility", "facilities"),
    "industrial_project": ("industrial project", "industrial projects"),
    "procurement": ("procurement relationship", "procurement relationships"),
    "assistance": ("assistance programme", "assistance programmes"),
}

#: how many entry points and domains the narrative takes up one by one
N_ITEMS = 3


def _label(rec: Recommendation, code: str) -> str:
    return text.running_name(dict(zip(rec.dataset.actors["code"], rec.dataset.actors["label"])), code)


def _domain_name(rec: Recommendation, code: str) -> str:
    return str(dict(zip(rec.dataset.domains["code"], rec.dataset.domains["label"])).get(code, code)).lower()


def _name(rec: Recommendation, which: str, code: str, start: bool = False) -> str:
    name = _domain_name(rec, code) if which.startswith("domains") else _label(rec, code)
    return text.capitalise(name) if start else name


def _leaders(table: pd.DataFrame) -> pd.DataFrame:
    """The rows that share the top score (one row unless there is a tie)."""
    if table.empty:
        return table
    return table[table["score"].round(9) == round(float(table["score"].iloc[0]), 9)]


def window_note(rec: Recommendation) -> str | None:
    if rec.years is None:
        return None
    return text.undated_note(rec.n_undated_left_out) + " (a year window is set)"


def strengths_phrase(rec: Recommendation, escape=lambda s: s) -> str:
    """'cyber security and countering disinformation (stated by the study, Concluding notes)', or ''."""
    by_source: dict[tuple[str, str | None], list[str]] = {}
    for e in rec.stated:
        by_source.setdefault((e["source"], e["section"]), []).append(escape(_domain_name(rec, e["domain"])))
    parts = []
    for (source, section), names in by_source.items():
        who = f"stated by the study, {text.section_label(section)}" if source == "study" else "stated by the user"
        parts.append(f"{text.join_names(names)} ({who})")
    return text.join_names(parts)


def standing_title(rec: Recommendation) -> str:
    """The finding of the standing chart: the focus's initiatives against its peers'."""
    st = standing(rec)
    totals = st.attrs["totals"]
    name = _label(rec, rec.focus)
    k = totals[rec.focus]
    active = [c for c in rec.peers if totals[c]]
    if not rec.peers:
        return text.capitalise(f"{name} takes part in {text.plural(k, 'initiative')} with Indo-Pacific partners")
    top = max(totals[c] for c in rec.peers)
    best = [c for c in rec.peers if totals[c] == top]
    if k == 0:
        return text.capitalise(
            f"{name} has no initiative with an Indo-Pacific partner yet; {len(active)} of its "
            f"{len(rec.peers)} peers {text.verb_for(len(active), 'has')} at least one"
        )
    more = sum(totals[c] > k for c in rec.peers)
    if more == 0:
        return text.capitalise(
            f"{name} takes part in {text.plural(k, 'initiative')}, as many as or more than any of its peers"
        )
    most = text.join_names([_label(rec, c) for c in best])
    return text.capitalise(
        f"{name} takes part in {text.plural(k, 'initiative')}; {more} of its {len(rec.peers)} peers "
        f"{text.verb_for(more, 'has')} more, {most} the most ({top}{' each' if len(best) > 1 else ''})"
    )


def _first(rec: Recommendation, which: str) -> str:
    """'Japan' or 'Japan and South Korea (tied)': the top of one ranking."""
    lead = _leaders(which_tables(rec, which)[0])
    names = text.join_names([_name(rec, which, c) for c in lead["code"]])
    return names + (" (tied)" if len(lead) > 1 else "")


def components_title(rec: Recommendation, which: str = "entry_points") -> str:
    """The finding of a components chart, saying what is input and what is data."""
    table = which_tables(rec, which)[0]
    name = _label(rec, rec.focus)
    what = "entry point" if which.startswith("entry") else "domain"
    if table.empty:
        return f"No {what} to rank for {name}"
    data_which = which if which.endswith("_data") else f"{which}_data"
    data_first = _first(rec, data_which)
    if not rec.strengths:
        return f"From the data alone (no strengths stated), {data_first} ranks first of {len(table)} {what}s for {name}"
    with_first = _first(rec, which.removesuffix("_data"))
    same = data_first == with_first
    return (
        f"From the data alone, {data_first} ranks first of {len(table)} {what}s for {name}; with its "
        f"stated strengths (an input), {'so does ' + with_first if same else with_first + ' does'}"
    )


def robustness_counts(rec: Recommendation) -> tuple[int, int, pd.DataFrame]:
    """(checks the top entry point survives, checks, the checks table without the 'as given' row)."""
    checks = robustness(rec).iloc[1:]
    return int(checks["same_top1"].sum()), len(checks), checks


def sensitivity_title(rec: Recommendation) -> str:
    """The finding of the robustness chart: in how many checks the top entry point stays first."""
    if rec.entry_points.empty:
        return "Nothing to rank"
    k, n, checks = robustness_counts(rec)
    top = text.capitalise(_first(rec, "entry_points"))
    head = f"{top} stays first for {_label(rec, rec.focus)} in {k} of {n} checks"
    if k == n:
        return head
    others = sorted(set(checks.loc[~checks["same_top1"], "top1"]))
    return head + f"; {text.join_names([_label(rec, c) for c in others])} can take over"


class _Narrative:
    """Renders a Recommendation as Markdown. Every sentence carries something from the data."""

    MAX_CITES = 4

    def __init__(self, rec: Recommendation):
        self.rec = rec
        self.ds = rec.dataset
        esc = text.escape_markdown
        self.labels = {c: esc(lab) for c, lab in zip(self.ds.actors["code"], self.ds.actors["label"])}
        self.dom_label = {c: esc(lab) for c, lab in zip(self.ds.domains["code"], self.ds.domains["label"])}
        self.kind = dict(zip(self.ds.actors["code"], self.ds.actors["kind"].astype(str)))
        self.name = self.n(rec.focus)
        self.n_total = len(self.ds.initiatives)
        p = self.ds.initiative_parties
        self.parties = p.assign(actor=p["actor"].astype(str), side=p["side"].astype(str))
        self.focus_ids = self.ids_of([rec.focus])
        self.peer_ids = self.ids_of(rec.peers)
        self.domains_of = (
            self.ds.initiative_domains.assign(domain=lambda f: f["domain"].astype(str))
            .groupby("initiative_id")["domain"].apply(set).to_dict()
        )
        self.multi_source = self.ds.initiatives["source_id"].nunique() > 1
        self.ec = rec.entry_components.set_index(["code", "component"])
        self.dc = rec.domain_components.set_index(["code", "component"])
        self.ep = rec.entry_points.set_index("code")
        self.ep_data = rec.entry_points_data.set_index("code")
        self.dm = rec.domains.set_index("code")
        self.dm_data = rec.domains_data.set_index("code")
        # the focus's partners: Indo-Pacific parties it already shares an initiative with
        self.worked_with = set(self.ip_parties(self.focus_ids))

    # -- small pieces

    def n(self, code):
        """A party's short name as it reads in running prose ("the Philippines"), escaped."""
        return text.running_name(self.labels, code)

    def d(self, code):
        """A domain's name in running prose ("cyber security"), escaped."""
        return self.dom_label.get(code, code).lower()

    def ids_of(self, actors) -> list[str]:
        p = self.parties
        return sorted(set(p.loc[p["actor"].isin(list(actors)), "initiative_id"]))

    def ip_parties(self, ids) -> list[str]:
        p = self.parties
        return sorted(set(p.loc[p["initiative_id"].isin(set(ids)) & (p["side"] == "indo_pacific"), "actor"]))

    def raw(self, code, comp):
        table = self.dc if comp.startswith("domain_") else self.ec
        return table.loc[(code, comp), "raw"]

    def ids(self, code, comp):
        table = self.dc if comp.startswith("domain_") else self.ec
        return list(table.loc[(code, comp), "initiative_ids"])

    def cite(self, ids: Iterable[str], limit: int | None = None, more: bool = True) -> str:
        rows = initiative_rows(self.ds, ids)
        status = dict(zip(self.ds.initiatives["initiative_id"], self.ds.initiatives["status"].astype(str)))
        limit = self.MAX_CITES if limit is None else limit
        parts = []
        for r in rows.head(limit).itertuples():
            year = "undated" if pd.isna(r.year) else str(int(r.year))
            where = text.section_label(r.source_section)
            if self.multi_source:
                where = f"{text.escape_markdown(r.source_id)} {where}"
            if status.get(r.initiative_id) == "under_discussion":
                where += ", under discussion"
            parts.append(f"*{text.escape_markdown(r.title)}* ({year}, {where})")
        prose = "; ".join(parts)
        if more and len(rows) > len(parts):
            prose += f"; and {text.plural(len(rows) - len(parts), 'more initiative')}"
        return prose

    def kinds_with(self, ids) -> str:
        rows = initiative_rows(self.ds, ids)
        counts = rows.groupby(rows["kind"].astype(str), sort=False).size()
        parts = []
        for kind, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            one, many = _KIND_WORDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ") + "s"))
            article = "an" if one[0] in "aeiou" else "a"
            parts.append(f"{article if k == 1 else k} {one if k == 1 else many}")
        return text.join_names(parts)

    def per_party(self, ids, side: str = "indo_pacific", exclude=()) -> str:
        """'Japan in all 7; Australia, New Zealand and South Korea in 2 each' (each initiative once per party)."""
        p = self.parties
        rows = p[p["initiative_id"].isin(set(ids)) & (p["side"] == side) & ~p["actor"].isin(list(exclude))]
        if side == "european":
            rows = rows.assign(actor=rows["actor"].map(root_map(self.ds)))
        counts = rows.drop_duplicates(["initiative_id", "actor"]).groupby("actor").size()
        order = sorted(counts.items(), key=lambda kv: (-kv[1], self.labels.get(kv[0], kv[0])))
        return text.counts_each([(self.n(c), int(k)) for c, k in order], len(set(ids)))

    def strength_counts(self, ids) -> str:
        """'11 in cyber security and 1 in countering disinformation (initiatives coded with each)'."""
        ids = set(ids)
        parts, zero = [], []
        for s in self.rec.strengths:
            k = sum(1 for i in ids if s in self.domains_of.get(i, ()))
            (parts if k else zero).append(f"{k} in {self.d(s)}" if k else self.d(s))
        return text.join_names(parts) + (f" (none in {text.join_names(zero)})" if zero and parts else "")

    def rank_of(self, which: str, code: str) -> str:
        table = {"entry_points": self.ep, "entry_points_data": self.ep_data,
                 "domains": self.dm, "domains_data": self.dm_data}[which]
        return str(int(table.at[code, "rank"]))

    def ranks(self, code: str, domain: bool) -> str:
        """'rank 1 of 16 domains with the stated strengths, 5 from the data alone; score 3.20'."""
        which = "domains" if domain else "entry_points"
        table = self.dm if domain else self.ep
        what = "domains" if domain else "entry points"
        score = f"score {table.at[code, 'score']:.2f}"
        if not self.rec.strengths:
            return f"rank {self.rank_of(which, code)} of {len(table)} {what}, from the data alone; {score}"
        return (
            f"rank {self.rank_of(which, code)} of {len(table)} {what} with the stated strengths, "
            f"{self.rank_of(which + '_data', code)} from the data alone; {score}"
        )

    def _peers_in(self, ids) -> list[str]:
        p = self.parties
        found = set(p.loc[p["initiative_id"].isin(set(ids)) & p["actor"].isin(list(self.rec.peers)), "actor"])
        return sorted(found, key=lambda c: self.labels.get(c, c))

    # -- sections

    def header(self) -> list[str]:
        rec, ds = self.rec, self.ds
        yr = ds.year_range()
        span = f"{yr[0]}–{yr[1]}" if yr else "no dated initiative"
        peers = text.join_names([self.n(c) for c in sorted(rec.peers, key=lambda c: self.labels.get(c, c))]) or "none"
        window = f", limited to those that start in {text.years_text(rec.years)}" if rec.years is not None else ""
        lines = [f"# Recommendations for {self.name}", ""]
        lines.append(
            f"*Derived from the indopac dataset v{text.escape_markdown(ds.version)} "
            f"({text.plural(self.n_total, 'initiative')}, {span}{window}) for {self.name}, with {peers} as its "
            f"peer{'' if len(rec.peers) == 1 else 's'} ({rec.peer_rule}).*"
        )
        if rec.n_undated_left_out:
            lines[-1] += (
                f" *The year window leaves out {text.plural(rec.n_undated_left_out, 'undated initiative')}, "
                f"which the study gives no year for.*"
            )
        lines.append("")
        if rec.strengths:
            lines.append(
                f"**Stated strengths, an input and not a finding of the data:** "
                f"{strengths_phrase(rec, text.escape_markdown)}. They raise the domains named and the entry "
                f"points active in them, so each ranking below is given both with them and from the data alone."
            )
        else:
            lines.append(
                f"**Stated strengths:** none stated for {self.name}, so the domain ranking comes from the data "
                f"alone. To state some, pass `strengths` (domain codes) or add {self.name} to the strengths table "
                f"in `notebooks/runs.yaml`."
            )
        lines.append("")
        return lines

    def where_it_stands(self) -> list[str]:
        rec = self.rec
        k = len(self.focus_ids)
        if k:
            partners = text.join_names(sorted((self.n(c) for c in self.worked_with), key=str.lower))
            prose = (
                f"**Where {self.name} stands.** {self.name} takes part in {k} of the {self.n_total} "
                f"initiatives, with {partners or 'no Indo-Pacific party'}: {self.cite(self.focus_ids)}."
            )
        else:
            prose = (
                f"**Where {self.name} stands.** {self.name} takes part in none of the {self.n_total} "
                f"initiatives, so every recommendation below starts a channel rather than extending one."
            )
        if rec.peers:
            kp = len(self.peer_ids)
            active = self._peers_in(self.peer_ids)
            if kp and len(rec.peers) == 1:
                prose += f" Its peer {self.n(rec.peers[0])} takes part in {text.plural(kp, 'initiative')}."
            elif kp:
                idle = len(rec.peers) - len(active)
                prose += (
                    f" Its peers take part in {text.plural(kp, 'initiative')} between them "
                    f"({text.join_names([self.n(c) for c in active])} active"
                    + (f"; {text.plural(idle, 'peer')} with none)." if idle else ").")
                )
            else:
                prose += f" None of its {text.plural(len(rec.peers), 'peer')} takes part in any initiative either."
        return [prose, ""]

    # -- entry points

    def _membership(self, code) -> int | None:
        member = self.ec.loc[(code, "channel"), "fixed"]
        if member is None or (isinstance(member, float) and math.isnan(member)) or code not in MEMBERSHIP:
            return None
        return int(self.ds.actors.set_index("code").at[self.rec.focus, MEMBERSHIP[code][0]])

    def _gaps(self, code, shared) -> list[str]:
        """Ranked domains of a partner's initiatives that none of the focus's initiatives with it covers."""
        theirs = set().union(*(self.domains_of.get(i, set()) for i in self.ids(code, "initiatives")))
        ours = set().union(*(self.domains_of.get(i, set()) for i in shared))
        return [c for c in self.rec.domains["code"] if c in theirs - ours]

    def _widen(self, code, label, shared) -> str:
        gaps = self._gaps(code, shared)
        if not gaps:
            return (
                f"{self.name}'s initiatives with {label} already cover every domain that {label} works on with "
                f"European parties, so the way forward is to deepen them."
            )
        theirs = self.ids(code, "initiatives")
        bits = []
        for g in gaps[:N_ITEMS]:
            ids = [i for i in theirs if g in self.domains_of.get(i, ())]
            example = "" if len(ids) == 1 else ", such as "
            bits.append(f"{self.d(g)} ({text.plural(len(ids), 'initiative')}{example or ': '}{self.cite(ids, 1, more=False)})")
        more = len(gaps) - N_ITEMS
        tail = f", and {text.plural(more, 'more domain')}" if more > 0 else ""
        return (
            f"To widen it: {label} works with other European parties in domains where {self.name} has nothing "
            f"with it yet, in rank order {'; '.join(bits)}{tail}."
        )

    def _reach(self, code, label) -> str | None:
        """'A way to reach X': other Indo-Pacific states in the partner's initiatives that the focus lacks."""
        ids = self.ids(code, "initiatives")
        others = [c for c in self.ip_parties(ids)
                  if c != code and self.kind.get(c) == "state" and c not in self.worked_with]
        if not others:
            return None
        with_them = sorted(set(self.ids_of(others)) & set(ids))
        names = text.join_names(sorted((self.n(c) for c in others), key=str.lower))
        one = len(others) == 1
        return (
            f"{text.capitalise(label)} also works with {'a partner' if one else 'partners'} {self.name} has no "
            f"initiative with yet: {names} {'takes' if one else 'take'} part in {len(with_them)} of its "
            f"initiatives ({self.per_party(with_them, exclude=[code, *self.worked_with])}), a possible way to "
            f"reach {'it' if one else 'them'} ({self.cite(with_them, 2)})."
        )

    def entry_point(self, code: str) -> str:
        rec = self.rec
        row = self.ep.loc[code]
        n_ini = int(row["n_initiatives"])
        label = self.n(code)
        shared = self.ids(code, "channel") if self._membership(code) is None else []
        since = self._membership(code)
        s = []
        if since is not None:
            head = f"**Work through {label}** ({self.ranks(code, False)})."
            ip = self.ip_parties(self.ids(code, "initiatives"))
            s.append(
                f"{head} As a member since {since}, {self.name} can use {label}'s "
                f"{text.plural(n_ini, 'initiative')} with Indo-Pacific parties{', each counted once' if n_ini > 1 else ''}: "
                + (f"{text.join_names([self.n(c) for c in ip])} take{'s' if len(ip) == 1 else ''} part in it."
                   if n_ini == 1 else f"{self.per_party(self.ids(code, 'initiatives'))}.")
            )
            mine = sorted(set(self.focus_ids) & set(self.ids(code, "initiatives")))
            if mine:
                s.append(f"{self.name} is a party to {len(mine)} of them itself: {self.cite(mine)}.")
        else:
            verb = "Deepen and widen the work with" if shared else "Start working with"
            head = f"**{verb} {label}** ({self.ranks(code, False)})."
            reach = int(self.raw(code, "reach"))
            # the network's European nodes: European parties of initiatives with an Indo-Pacific party
            p = self.parties
            linked = set(p.loc[p["side"] == "indo_pacific", "initiative_id"])
            n_eu = len(set(p.loc[(p["side"] == "european") & p["initiative_id"].isin(linked), "actor"]))
            partners = rec.entry_points[(rec.entry_points["type"] == "partner") & (rec.entry_points["code"] != code)]
            cmp = ""
            if not partners.empty:
                nxt = int(partners["n_initiatives"].max())
                names = partners.loc[partners["n_initiatives"] == nxt, "code"]
                if n_ini > nxt:
                    cmp = f", more than any other partner (next: {text.join_names([self.n(c) for c in names])}, {nxt})"
            s.append(
                f"{head} {text.capitalise(label)} takes part in {n_ini} of the {self.n_total} initiatives{cmp}, "
                f"with {reach} of the {n_eu} European parties in the partner network (states and organisations, "
                f"as the network notebook counts them)."
            )
            if shared:
                s.append(
                    f"{self.name} already has {text.plural(len(shared), 'initiative')} with {label}: "
                    f"{self.kinds_with(shared)} ({self.cite(shared)})."
                )
                s.append(self._widen(code, label, shared))
            else:
                peer = self.ids(code, "peers")
                who = self._peers_in(peer)
                if peer:
                    s.append(
                        f"{self.name} has no initiative with {label} yet, but "
                        f"{'its peer' if len(who) == 1 else 'its peers'} {text.join_names([self.n(c) for c in who])} "
                        f"{'has' if len(who) == 1 else 'have'} {text.plural(len(peer), 'initiative')} with it: "
                        f"{self.cite(peer)}."
                    )
                else:
                    s.append(f"Neither {self.name} nor its peers have an initiative with {label} yet.")
        if rec.strengths:
            hits = self.ids(code, "strengths")
            if hits:
                s.append(
                    f"Of its initiatives, {self.strength_counts(hits)} {'is' if len(hits) == 1 else 'are'} coded "
                    f"with the stated strengths: {self.cite(hits)}."
                )
            else:
                s.append("None of its initiatives is coded with the stated strengths.")
        if since is None:
            reach_line = self._reach(code, label)
            if reach_line:
                s.append(reach_line)
        return " ".join(s)

    def next_entry_points(self, codes: Sequence[str]) -> str:
        parts = []
        for code in codes:
            row = self.ep.loc[code]
            bit = f"{self.n(code)} (rank {int(row['rank'])}, {text.plural(int(row['n_initiatives']), 'initiative')}"
            since = self._membership(code)
            shared = self.ids(code, "channel") if since is None else []
            if since is not None:
                bit += f", open to {self.name} as a member since {since}"
            elif shared:
                bit += f"; {self.name} already has {text.plural(len(shared), 'initiative')} with it"
            else:
                bit += f"; none yet with {self.name}"
            parts.append(bit + ")")
        return f"Next in rank order: {text.join_names(parts)}."

    def data_alone_entry(self) -> str | None:
        if not self.rec.strengths:
            return None
        top = self.rec.entry_points_data.head(N_ITEMS)
        same = top["code"].tolist() == self.rec.entry_points["code"].head(N_ITEMS).tolist()
        names = text.join_names([f"{self.n(c)} (rank {r})" for c, r in zip(top["code"], top["rank"])])
        return (
            f"From the data alone, without the stated strengths, the first {len(top)} entry points are {names}"
            + (": the same order." if same else ".")
        )

    # -- domains

    def domain(self, code: str) -> str:
        rec = self.rec
        label = self.d(code)
        ids = self.ids(code, "domain_demand")
        own = self.ids(code, "domain_existing")
        is_strength = code in rec.strengths
        if is_strength:
            head = f"**Offer {label}, a stated strength**"
        elif own:
            head = f"**Build on {label}**"
        else:
            head = f"**Consider {label}**"
        head += f" ({self.ranks(code, True)})."
        if not ids:
            return (
                f"{head} None of the {self.n_total} initiatives is coded with it, so its rank comes from the "
                f"stated strength alone: it would open a new field rather than join an existing one."
            )
        counted = ", each counted once" if len(ids) > 1 else ""
        s = [
            (
                f"{head} Of the {self.n_total} initiatives, {len(ids)} {'is' if len(ids) == 1 else 'are'} coded "
                f"with it{counted}; by Indo-Pacific party: {self.per_party(ids) or 'none'}."
            )
        ]
        peer = self.ids(code, "domain_peers")
        if own:
            s.append(f"{self.name} already has {self.kinds_with(own)} here: {self.cite(own)}.")
        elif peer:
            who = self._peers_in(peer)
            s.append(
                f"{self.name} has none here yet; {'its peer' if len(who) == 1 else 'its peers'} "
                f"{text.join_names([self.n(c) for c in who])} {'has' if len(who) == 1 else 'have'} "
                f"{text.plural(len(peer), 'initiative')} coded with it: {self.cite(peer)}."
            )
        else:
            s.append(f"Neither {self.name} nor its peers work on it yet; examples: {self.cite(ids, 3)}.")
        if not is_strength:
            europeans = self.per_party(ids, side="european", exclude=[rec.focus])
            caveat = (
                f"It is not among {self.name}'s stated strengths: worth pursuing where {self.name} has "
                f"capabilities of its own to offer. "
                if rec.strengths
                else ""
            )
            s.append(f"{caveat}Other European parties in it: {europeans or 'none'}.")
        return " ".join(s)

    def domain_lead(self) -> str:
        rec = self.rec
        top = rec.domains_data.head(N_ITEMS)
        data = text.join_names([f"{self.d(c)} ({r})" for c, r in zip(top["code"], top["rank"])])
        if not rec.strengths:
            return f"**What to offer.** From the data alone, the first {len(top)} domains are {data}."
        top_s = rec.domains.head(N_ITEMS)
        stated = text.join_names([f"{self.d(c)} ({r})" for c, r in zip(top_s["code"], top_s["rank"])])
        same = top["code"].tolist() == top_s["code"].tolist()
        return (
            f"**What to offer.** From the data alone, the first {len(top)} domains are {data}. With the stated "
            f"strengths (an input), they are {'the same' if same else stated}. The items below follow the "
            f"ranking with the stated strengths and give both ranks."
        )

    # -- the rest

    def closed(self) -> list[str]:
        rec = self.rec
        if rec.closed_channels.empty:
            return []
        bits = [
            f"{self.n(r.code)} ({text.plural(int(r.n_initiatives), 'initiative')}): {text.escape_markdown(r.reason)}"
            for r in rec.closed_channels.itertuples()
        ]
        return [f"*Not scored for {self.name}, a channel it cannot use: {'; '.join(bits)}.*", ""]

    def method(self) -> list[str]:
        rec = self.rec
        lines = []
        if not rec.entry_points.empty:
            k, n, checks = robustness_counts(rec)
            k3 = int(checks["same_top_n"].sum())
            groups = checks.groupby("check", sort=False).size()
            kinds = {
                CHECKS[0]: "without the stated strengths",
                CHECKS[1]: f"{text.plural(int(groups.get(CHECKS[1], 0)), 'component')} left out in turn",
                CHECKS[2]: f"{text.plural(int(groups.get(CHECKS[2], 0)), 'study section')} left out in turn",
                CHECKS[3]: f"{text.plural(int(groups.get(CHECKS[3], 0)), 'single-weight change')} of ±50%",
            }
            what = text.join_names([kinds[c] for c in CHECKS if c in groups.index])
            first = text.escape_markdown(_first(rec, "entry_points"))  # _first also feeds plain-text titles
            prose = (
                f"*How robust this is: {first} stays the top entry point for {self.name} in {k} of {n} checks "
                f"({what}), and the top three stay the same set in {k3}"
            )
            changed = checks[~checks["same_top1"]]
            if len(changed):
                alt = "; ".join(f"{self._change(r)} puts {self.n(r.top1)} first" for r in changed.itertuples())
                prose += f" ({alt})"
            prose += (
                f". The scores weigh {len(ENTRY_COMPONENTS)} components of each of the {len(rec.entry_points)} "
                f"entry points open to {self.name} and {len(DOMAIN_COMPONENTS)} of each of {len(rec.domains)} "
                f"domains; the formula and the weights are in the notebook and in `indopac.analysis.recommend`.*"
            )
            lines += [prose, ""]
        src = self.ds.sources.iloc[0]
        lines.append(
            f"Sections (§) refer to {text.escape_markdown(str(src['author']).split(',')[0])} ({src['year']}), "
            f"*{text.escape_markdown(src['title'])}*, from which the indopac dataset "
            f"v{text.escape_markdown(self.ds.version)} is coded; every initiative cited above is one behind a "
            f"score for {self.name}."
        )
        return lines

    @staticmethod
    def _change(r) -> str:
        if r.check == CHECKS[1]:
            return f"leaving out {COMPONENT_LABELS[r.component].lower()}"
        if r.check == CHECKS[2]:
            return f"leaving out {text.section_label(r.section)}"
        if r.check == CHECKS[3]:
            return f"{COMPONENT_LABELS[r.component].lower()} ×{r.factor:g}"
        return str(r.change)

    def render(self) -> str:
        rec = self.rec
        out = self.header() + self.where_it_stands()
        eps = rec.entry_points
        if eps.empty:
            out += [f"No Indo-Pacific partner or channel takes part in the initiatives selected for {self.name}.", ""]
        else:
            out.append(f"**Where to engage**, in rank order ({text.plural(len(eps), 'entry point')} scored):")
            out.append("")
            first = eps["code"].head(N_ITEMS).tolist()
            out += [f"{k}. {self.entry_point(c)}" for k, c in enumerate(first, start=1)]
            out.append("")
            rest = eps["code"].iloc[N_ITEMS : 2 * N_ITEMS].tolist()
            tail = [x for x in (self.next_entry_points(rest) if rest else None, self.data_alone_entry()) if x]
            if tail:
                out += [" ".join(tail), ""]
        if not rec.domains.empty:
            out += [self.domain_lead(), ""]
            chosen = set(rec.domains["code"].head(N_ITEMS)) | set(rec.domains_data["code"].head(N_ITEMS))
            chosen |= set(rec.strengths)
            codes = [c for c in rec.domains["code"] if c in chosen]
            out += [f"{k}. {self.domain(c)}" for k, c in enumerate(codes, start=1)]
            out.append("")
        out += self.closed()
        out += self.method()
        prose = "\n".join(out).rstrip() + "\n"
        # a name with an article that opens a sentence: "the Philippines takes part" -> "The Philippines ..."
        return re.sub(r"((?:^|[.!?]\**)\s*(?:\d+\. )?(?:\*\*)?)the ", r"\1The ", prose, flags=re.MULTILINE)


def to_markdown(rec: Recommendation) -> str:
    """The narrative: ranked recommendations with reasons, computed numbers and citations."""
    return _Narrative(rec).render()


def write_markdown(rec: Recommendation, path: Path | str) -> Path:
    """Write :func:`to_markdown` to ``path`` (UTF-8, ``\\n`` line ends), atomically; return the path."""
    return write_text_atomic(path, to_markdown(rec))


__all__ = [
    "components_title",
    "robustness_counts",
    "sensitivity",
    "sensitivity_title",
    "standing_title",
    "strengths_phrase",
    "to_markdown",
    "window_note",
    "write_markdown",
]
