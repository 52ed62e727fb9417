"""A recommendation in words: figure titles and the Markdown narrative (facts first, then one method per section)."""

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
from indopac.analysis.sensitivity import sensitivity
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


def _label(rec: Recommendation, code: str) -> str:
    return text.running_name(dict(zip(rec.dataset.actors["code"], rec.dataset.actors["label"])), code)


def window_note(rec: Recommendation) -> str | None:
    if rec.years is None:
        return None
    return text.undated_note(rec.n_undated_left_out) + " (a year window is set)"


def standing_title(rec: Recommendation) -> str:
    """The finding of the standing chart: the focus's initiatives against its peers'."""
    st = standing(rec)
    totals = st.attrs["totals"]
    name = _label(rec, rec.focus)
    k = totals[rec.focus]
    active = [c for c in rec.peers if totals[c]]
    if not rec.peers:
        return text.capitalise(f"{name} takes part in {text.plural(k, 'initiative')} with Indo-Pacific partners")
    best = max(rec.peers, key=lambda c: (totals[c], -rec.peers.index(c))) if rec.peers else None
    if k == 0:
        return text.capitalise(
            f"{name} has no initiative with an Indo-Pacific partner yet; {len(active)} of its "
            f"{len(rec.peers)} peers have at least one"
        )
    more = sum(totals[c] > k for c in rec.peers)
    if more == 0:
        return text.capitalise(
            f"{name} takes part in {text.plural(k, 'initiative')}, as many as or more than any of its peers"
        )
    return text.capitalise(
        f"{name} takes part in {text.plural(k, 'initiative')}; {more} of its {len(rec.peers)} peers have "
        f"more, {_label(rec, best)} the most ({totals[best]})"
    )


def components_title(rec: Recommendation, which: str = "entry_points") -> str:
    """The finding of a components chart: who comes first and by how much."""
    table = which_tables(rec, which)[0]
    name = _label(rec, rec.focus)
    if table.empty:
        return f"No candidate to rank for {name}"
    first = table.iloc[0]
    lab = text.capitalise(_label(rec, first["code"])) if which == "entry_points" else first["label"]
    if len(table) == 1:
        return f"{lab} is the only candidate for {name}"
    second = table.iloc[1]
    lab2 = _label(rec, second["code"]) if which == "entry_points" else second["label"].lower()
    what = "entry point" if which == "entry_points" else "domain"
    return (
        f"{lab} is the best {what} for {name}, scoring {first['score']:.2f} against "
        f"{second['score']:.2f} for {lab2}"
    )


def sensitivity_title(rec: Recommendation, factors: Sequence[float] = (0.5, 1.5)) -> str:
    """The finding of the sensitivity check: does the top entry point survive each weight change?"""
    sens = sensitivity(rec, factors).iloc[1:]
    if rec.entry_points.empty:
        return "Nothing to rank"
    top = text.capitalise(_label(rec, rec.entry_points["code"].iloc[0]))
    k = int(sens["same_top1"].sum())
    if k == len(sens):
        return f"{top} stays first under every one of the {len(sens)} single-weight changes"
    others = sorted(set(sens.loc[~sens["same_top1"], "top1"]))
    return (
        f"{top} stays first under {k} of {len(sens)} single-weight changes; "
        f"{text.join_names([_label(rec, c) for c in others])} can take over"
    )


class _Narrative:
    """Renders a Recommendation as Markdown. Every sentence carries something from the data."""

    MAX_CITES = 4

    def __init__(self, rec: Recommendation):
        self.rec = rec
        self.ds = rec.dataset
        self.labels = dict(zip(self.ds.actors["code"], self.ds.actors["label"]))
        self.name = self.n(rec.focus)
        self.n_total = len(self.ds.initiatives)
        p = self.ds.initiative_parties
        self.parties = p.assign(actor=p["actor"].astype(str), side=p["side"].astype(str))
        self.focus_ids = sorted(
            set(self.parties.loc[self.parties["actor"] == rec.focus, "initiative_id"])
        )
        self.peer_ids = sorted(
            set(self.parties.loc[self.parties["actor"].isin(list(rec.peers)), "initiative_id"])
        )
        self.dom_label = dict(zip(self.ds.domains["code"], self.ds.domains["label"]))
        self.multi_source = self.ds.initiatives["source_id"].nunique() > 1
        self.ec = rec.entry_components.set_index(["code", "component"])
        self.dc = rec.domain_components.set_index(["code", "component"])

    # -- small pieces

    def n(self, code):
        """A party's short name as it reads in running prose ("the Philippines")."""
        return text.running_name(self.labels, code)

    def raw(self, code, comp):
        table = self.dc if comp.startswith("domain_") else self.ec
        return table.loc[(code, comp), "raw"]

    def ids(self, code, comp):
        table = self.dc if comp.startswith("domain_") else self.ec
        return list(table.loc[(code, comp), "initiative_ids"])

    def cite(self, ids: Iterable[str], limit: int | None = None) -> str:
        rows = initiative_rows(self.ds, ids)
        limit = self.MAX_CITES if limit is None else limit
        parts = []
        for r in rows.head(limit).itertuples():
            year = "undated" if pd.isna(r.year) else str(int(r.year))
            where = text.section_label(r.source_section)
            if self.multi_source:
                where = f"{r.source_id} {where}"
            parts.append(f"*{r.title}* ({year}, {where})")
        more = len(rows) - len(parts)
        prose = "; ".join(parts)
        if more > 0:
            prose += f"; and {text.plural(more, 'more initiative')}"
        return prose

    def domains_phrase(self, codes) -> str:
        return text.join_names(
            [self.dom_label[c].lower() if c not in ("cyber",) else "cyber security" for c in codes]
        )

    def strength_counts(self, code) -> str:
        """'11 in cyber security and 1 in countering disinformation' for an entry point."""
        d = self.ds.initiative_domains
        ids = set(self.ids(code, "initiatives"))
        parts = []
        zero = []
        for s in self.rec.strengths:
            k = int(d[(d["initiative_id"].isin(ids)) & (d["domain"] == s)].shape[0])
            (parts if k else zero).append(
                f"{k} in {self.dom_label[s].lower()}" if k else self.dom_label[s].lower()
            )
        return text.join_names(parts) + (f" (none in {text.join_names(zero)})" if zero and parts else "")

    def kinds_with(self, ids) -> str:
        rows = initiative_rows(self.ds, ids)
        counts = rows.groupby(rows["kind"].astype(str), sort=False).size()
        parts = []
        for kind, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            one, many = _KIND_WORDS.get(
                kind, (kind.replace("_", " "), kind.replace("_", " ") + "s")
            )
            parts.append(
                f"{'a' if k == 1 and one[0] not in 'aeiou' else 'an' if k == 1 else k} "
                f"{one if k == 1 else many}"
            )
        return text.join_names(parts)

    def co_partners(self, code) -> list[str]:
        """Other Indo-Pacific states that share initiatives with a partner."""
        ids = set(self.ids(code, "initiatives"))
        p = self.parties
        others = p[
            (p["initiative_id"].isin(ids)) & (p["side"] == "indo_pacific") & (p["actor"] != code)
        ]
        states = set(self.ds.actors.loc[self.ds.actors["kind"] == "state", "code"])
        return sorted({a for a in others["actor"] if a in states}, key=lambda c: self.n(c))

    # -- sections

    def header(self) -> list[str]:
        rec, ds = self.rec, self.ds
        yr = ds.year_range()
        span = f"{yr[0]}–{yr[1]}" if yr else "no dated initiative"
        strengths = self.domains_phrase(rec.strengths)
        peers = (
            text.join_names([self.n(c) for c in sorted(rec.peers, key=lambda c: self.labels.get(c, c))])
            or "none"
        )
        lines = [f"# Recommendations for {self.name}", ""]
        window = ""
        if rec.years is not None:
            lo, hi = rec.years
            if lo is not None and hi is not None:
                window = f", limited to those that start in {lo}–{hi}"
            elif lo is not None:
                window = f", limited to those that start in {lo} or later"
            else:
                window = f", limited to those that start in {hi} or earlier"
        lines.append(
            f"*Derived from the indopac dataset v{ds.version} ({text.plural(self.n_total, 'initiative')}, {span}"
            f"{window}) for {self.name}, with {strengths} as its strengths and {peers} as its peer{'' if len(rec.peers) == 1 else 's'} "
            f"({rec.peer_rule}).*"
        )
        if rec.n_undated_left_out:
            lines[-1] += (
                f" *The year window leaves out {text.plural(rec.n_undated_left_out, 'undated initiative')}, "
                f"which the study gives no year for.*"
            )
        lines.append("")
        return lines

    def where_it_stands(self) -> list[str]:
        rec = self.rec
        k = len(self.focus_ids)
        if k:
            partners = self.parties[
                (self.parties["initiative_id"].isin(self.focus_ids))
                & (self.parties["side"] == "indo_pacific")
            ]["actor"]
            partner_names = text.join_names(sorted({self.n(c) for c in partners}))
            prose = (
                f"**Where {self.name} stands.** {self.name} takes part in {k} of the {self.n_total} "
                f"initiatives, with {partner_names}: {self.cite(self.focus_ids)}."
            )
        else:
            prose = (
                f"**Where {self.name} stands.** {self.name} takes part in none of the {self.n_total} "
                f"initiatives, so every recommendation below starts a channel rather than extending one."
            )
        if rec.peers:
            kp = len(self.peer_ids)
            active = [
                c
                for c in rec.peers
                if c
                in set(self.parties.loc[self.parties["initiative_id"].isin(self.peer_ids), "actor"])
            ]
            if kp and len(rec.peers) == 1:
                prose += (
                    f" Its peer {self.n(rec.peers[0])} takes part in {text.plural(kp, 'initiative')}."
                )
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

    def entry_point(self, number: int, code: str, lead: bool) -> str:
        rec = self.rec
        ep = rec.entry_points.set_index("code")
        row = ep.loc[code]
        n_ini = int(row["n_initiatives"])
        reach = int(self.raw(code, "reach"))
        label = self.n(code)
        typ = row["type"]
        partners = rec.entry_points[rec.entry_points["type"] == row["type"]]
        others = partners[partners["code"] != code]
        strength_k = len(self.ids(code, "strengths"))
        sentences = []
        if typ == "partner":
            head = f"**{'Enter through' if lead else 'Add'} {label}.**"
            cmp = ""
            if not others.empty:
                # "the most of any partner" compares initiative counts, whatever the score order
                busiest = others.sort_values(["n_initiatives", "code"], ascending=[False, True], kind="stable")
                nxt = busiest.iloc[0]
                cmp = (
                    f", the most of any partner (next: {nxt['label']}, {int(nxt['n_initiatives'])})"
                    if n_ini > int(nxt["n_initiatives"])
                    else ""
                )
            sentences.append(
                f"{head} {label} takes part in {n_ini} of the {self.n_total} initiatives{cmp}, with "
                f"{text.plural(reach, 'European counterpart')}, and ranks {int(row['rank'])} of "
                f"{len(rec.entry_points)} entry points for {self.name} (score {row['score']:.2f})."
            )
        else:
            member = self.ec.loc[(code, "channel"), "fixed"]
            reached = text.join_names([self.n(c) for c in self._counterparts(code)])
            membership = ""
            if member is not None and not (isinstance(member, float) and math.isnan(member)):
                since = int(self.ds.actors.set_index("code").at[rec.focus, MEMBERSHIP[code][0]])
                membership = f" As a member since {since}, {self.name} can use it:"
            head = (
                f"**{'Enter through' if lead else 'Work through'} {label} as well.**"
                if not lead
                else f"**Enter through {label}.**"
            )
            sentences.append(
                f"{head}{membership} {label} has {text.plural(n_ini, 'initiative')} with {reached}, and ranks "
                f"{int(row['rank'])} of {len(rec.entry_points)} entry points for {self.name} "
                f"(score {row['score']:.2f})."
            )
        if strength_k:
            sentences.append(
                f"Of its initiatives, {self.strength_counts(code)} match {self.name}'s strengths: "
                f"{self.cite(self.ids(code, 'strengths'))}."
            )
        else:
            sentences.append(
                f"None of its initiatives is in {self.domains_phrase(rec.strengths)}, so {self.name}'s offer "
                f"there would be new to {label}."
            )
        if typ == "partner":
            shared = self.ids(code, "channel")
            peer = self.ids(code, "peers")
            if shared:
                sentences.append(
                    f"{self.name} already has {self.kinds_with(shared)} with {label} "
                    f"({self.cite(shared)}) and can build on {'it' if len(shared) == 1 else 'them'}."
                )
            elif peer:
                peer_names = text.join_names([self.n(c) for c in self._peers_in(peer)])
                sentences.append(
                    f"{self.name} has no initiative with {label} yet, but its peer"
                    f"{'s' if len(self._peers_in(peer)) > 1 else ''} {peer_names} "
                    f"{'do' if len(self._peers_in(peer)) > 1 else 'does'}: {self.cite(peer)}."
                )
            else:
                sentences.append(
                    f"Neither {self.name} nor its peers have an initiative with {label} yet; its "
                    f"{text.plural(reach, 'European counterpart')} show{'s' if reach == 1 else ''} it is open to "
                    f"new ones."
                )
            if lead:
                bridge = self.co_partners(code)
                central = self.ec.loc[(code, "centrality"), "value"]
                if bridge and central >= 1.0:
                    sentences.append(
                        f"{label} is also the strongest bridge in the partner network, a way for {self.name} "
                        f"to reach {text.join_names([self.n(c) for c in bridge])}, who take part in its initiatives too."
                    )
        return f"{number}. " + " ".join(sentences)

    def _counterparts(self, code) -> list[str]:
        ids = set(self.ids(code, "initiatives"))
        p = self.parties
        ip = p[(p["initiative_id"].isin(ids)) & (p["side"] == "indo_pacific")]["actor"]
        return sorted(set(ip), key=lambda c: self.n(c))

    def _peers_in(self, ids) -> list[str]:
        p = self.parties
        return sorted(
            set(
                p.loc[
                    (p["initiative_id"].isin(set(ids))) & (p["actor"].isin(list(self.rec.peers))),
                    "actor",
                ]
            ),
            key=lambda c: self.labels.get(c, c),
        )

    def _european_parties(self, ids) -> list[str]:
        p = self.parties
        root = root_map(self.ds)
        eu = p.loc[(p["initiative_id"].isin(set(ids))) & (p["side"] == "european"), "actor"].map(
            root
        )
        return sorted(set(eu), key=self.n)

    def domain(self, number: int, code: str, why: str = "score") -> str:
        rec = self.rec
        row = rec.domains.set_index("code").loc[code]
        label = self.dom_label[code]
        lower = "cyber security" if code == "cyber" else label.lower()
        ids = self.ids(code, "domain_demand")
        ranking = f"ranks {int(row['rank'])} of {len(rec.domains)} domains for {self.name} (score {row['score']:.2f})"
        is_strength = code in rec.strengths
        if not ids:
            return (
                f"{number}. **{label}: an offer without a track record.** {self.name} names {lower} as a "
                f"strength, but none of the {self.n_total} initiatives covers it, so it {ranking} on the "
                f"strength alone and would open a new field rather than join an existing one."
            )
        p = self.parties
        partner_codes = set(rec.entry_points.loc[rec.entry_points["type"] == "partner", "code"])
        ip_partners = sorted(
            {
                a
                for a in p.loc[
                    (p["initiative_id"].isin(ids)) & (p["side"] == "indo_pacific"), "actor"
                ]
                if a in partner_codes
            },
            key=self.n,
        )
        n_pairs = int(self.raw(code, "domain_demand"))
        own = self.ids(code, "domain_existing")
        peer = self.ids(code, "domain_peers")
        peer_names = [self.n(c) for c in self._peers_in(peer)]
        if is_strength:
            head = f"**Offer {lower}.**"
        elif why == "peers":
            who = text.join_names(peer_names) if len(peer_names) <= 3 else f"{len(peer_names)} of its peers"
            head = f"**Follow {who} into {lower}.**"
        else:
            head = f"**Consider {lower}.**"
        verb = "covers" if len(ids) == 1 else "cover"
        first = (
            f"{number}. {head} It {ranking}: {text.plural(len(ids), 'initiative')} {verb} it, in "
            f"{text.plural(n_pairs, 'European–Indo-Pacific partnership')}, with "
            f"{text.join_names([self.n(c) for c in ip_partners]) or 'no Indo-Pacific state'}."
        )
        s = [first]
        top = rec.entry_points["code"].iloc[0] if len(rec.entry_points) else None
        if top is not None:
            k_top = len(set(self.ids(top, "initiatives")) & set(ids))
            if k_top and len(ids) == 1:
                s.append(f"{self.n(top)}, the top entry point for {self.name}, is a party to it.")
            elif k_top:
                s.append(
                    f"{self.n(top)}, the top entry point for {self.name}, is in {k_top} of them."
                )
            else:
                s.append(
                    f"{self.n(top)}, the top entry point for {self.name}, is in none of them, so this is a "
                    f"second track."
                )
        if own:
            s.append(f"{self.name} already has {self.kinds_with(own)} here: {self.cite(own)}.")
        elif peer:
            many = len(peer_names) > 1
            s.append(
                f"{self.name} has none here yet; its peer{'s' if many else ''} {text.join_names(peer_names)} "
                f"{'have' if many else 'has'} {text.plural(len(peer), 'initiative')}: {self.cite(peer)}."
            )
        else:
            s.append(
                f"Neither {self.name} nor its peers work on it yet; examples to learn from: {self.cite(ids, 3)}."
            )
        if not is_strength:
            europeans = [c for c in self._european_parties(ids) if c != rec.focus]
            s.append(
                f"It is not among {self.name}'s stated strengths, so it is worth pursuing where "
                f"{self.name} has capabilities of its own to offer; "
                f"{text.plural(len(europeans), 'European party already works', 'European parties already work')} "
                f"on it ({text.join_names([self.n(c) for c in europeans])})."
            )
        return " ".join(s)

    def others(self, number: int, codes: Sequence[str]) -> str:
        rec = self.rec
        parts = []
        for code in codes:
            row = rec.entry_points.set_index("code").loc[code]
            shared = self.ids(code, "channel") if row["type"] == "partner" else []
            bit = f"{self.n(code)} (rank {int(row['rank'])}, {text.plural(int(row['n_initiatives']), 'initiative')}"
            member = self.ec.loc[(code, "channel"), "fixed"]
            if row["type"] == "channel" and code in MEMBERSHIP and member == 1.0:
                since = int(self.ds.actors.set_index("code").at[rec.focus, MEMBERSHIP[code][0]])
                bit += f", open to {self.name} as a member since {since}"
            if shared:
                bit += f"; {self.name} already has {self.kinds_with(shared)} with it: {self.cite(shared, 2)}"
            elif self.ids(code, "strengths"):
                bit += f"; {self.strength_counts(code)}"
            parts.append(bit + ")")
        return (
            f"{number}. **Widen from there.** After the first two, the next entry points for {self.name} are "
            f"{text.join_names(parts)}."
        )

    def closed(self) -> list[str]:
        rec = self.rec
        if rec.closed_channels.empty:
            return []
        bits = [
            f"{self.n(r.code)} ({text.plural(int(r.n_initiatives), 'initiative')}): {r.reason}"
            for r in rec.closed_channels.itertuples()
        ]
        return [f"*Not scored for {self.name}, a channel it cannot use: {'; '.join(bits)}.*", ""]

    def method(self) -> list[str]:
        rec = self.rec
        sens = sensitivity(rec)
        moved = sens.iloc[1:]
        top = rec.entry_points["code"].iloc[0] if len(rec.entry_points) else None
        lines = []
        if top is not None:
            k1 = int(moved["same_top1"].sum())
            k3 = int(moved["same_top_n"].sum())
            changed = moved.loc[~moved["same_top1"], ["weight", "factor", "top1"]]
            prose = (
                f"*How robust this is: {self.n(top)} stays the top entry point for {self.name} in {k1} of the "
                f"{len(moved)} checks that move one weight by ±50%, and the top three stay the same set in {k3}"
            )
            if len(changed):
                alt = "; ".join(
                    f"{COMPONENT_LABELS[r.weight].lower()} ×{r.factor:g} puts {self.n(r.top1)} first"
                    for r in changed.itertuples()
                )
                prose += f" ({alt})"
            prose += (
                f". The scores weigh {len(ENTRY_COMPONENTS)} components of each of the "
                f"{len(rec.entry_points)} entry points open to {self.name} and {len(DOMAIN_COMPONENTS)} of each "
                f"of {len(rec.domains)} domains; the formula and the weights are in the notebook and in "
                f"`indopac.recommend`.*"
            )
            lines += [prose, ""]
        src = self.ds.sources.iloc[0]
        lines.append(
            f"Sections (§) refer to {src['author'].split(',')[0]} ({src['year']}), *{src['title']}*, "
            f"from which the indopac dataset v{self.ds.version} is coded; every initiative cited above "
            f"is one behind a score for {self.name}."
        )
        return lines

    def render(self) -> str:
        rec = self.rec
        out = self.header() + self.where_it_stands()
        items = []
        eps = rec.entry_points
        if eps.empty:
            out.append(
                f"No Indo-Pacific partner or channel takes part in the initiatives selected for {self.name}."
            )
            out.append("")
        else:
            first = eps.iloc[0]
            items.append(lambda k, c=first["code"]: self.entry_point(k, c, lead=True))
            other_type = "channel" if first["type"] == "partner" else "partner"
            second = eps[eps["type"] == other_type]
            mentioned = [first["code"]]
            if not second.empty:
                items.append(lambda k, c=second.iloc[0]["code"]: self.entry_point(k, c, lead=False))
                mentioned.append(second.iloc[0]["code"])
        strengths = [c for c in rec.domains["code"] if c in rec.strengths]
        for code in strengths:
            items.append(lambda k, c=code: self.domain(k, c))
        non = [c for c in rec.domains["code"] if c not in rec.strengths][:2]
        for code in non:
            items.append(lambda k, c=code: self.domain(k, c))
        # where countries like the focus have gone: the best-scoring domain with peer activity not yet covered
        dc = rec.domain_components
        peer_active = set(dc.loc[(dc["component"] == "domain_peers") & (dc["raw"] > 0), "code"])
        extra = [
            c
            for c in rec.domains["code"]
            if c in peer_active and c not in rec.strengths and c not in non
        ][:1]
        for code in extra:
            items.append(lambda k, c=code: self.domain(k, c, why="peers"))
        if not eps.empty:
            rest = [c for c in eps["code"] if c not in mentioned][:3]
            if rest:
                items.append(lambda k, r=tuple(rest): self.others(k, r))
        for k, make in enumerate(items, start=1):
            out.append(make(k))
        out.append("")
        out += self.closed()
        out += self.method()
        prose = "\n".join(out).rstrip() + "\n"
        # a name with an article that opens a sentence: "the Philippines takes part" -> "The Philippines ..."
        return re.sub(
            r"((?:^|[.!?]\**)\s*(?:\d+\. )?(?:\*\*)?)the ", r"\1The ", prose, flags=re.MULTILINE
        )


def to_markdown(rec: Recommendation) -> str:
    """The narrative: numbered recommendations with reasons, computed numbers and citations."""
    return _Narrative(rec).render()


def write_markdown(rec: Recommendation, path: Path | str) -> Path:
    """Write :func:`to_markdown` to ``path`` (UTF-8, ``\\n`` line ends), atomically; return the path."""
    return write_text_atomic(path, to_markdown(rec))
