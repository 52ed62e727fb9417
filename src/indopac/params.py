"""Every parameter check of the project, and its one exception type, :class:`ParameterError`.

Notebooks, the analysis functions, ``Dataset.filter`` and the recommendation model all
check their arguments here, so every bad value fails the same way.

Each notebook's first code cell calls :func:`check_params` with the parameters
it received. A bad value stops the run there with one line that names the
valid values, e.g. ``country: 'XYZ' is not a party in the data; valid: DEU, FRA, ...``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from indopac.memo import per_dataset

if TYPE_CHECKING:
    from indopac.data import Dataset


class ParameterError(ValueError):
    """A notebook or library parameter is not one of the valid values."""


def _codes(values: Iterable[str]) -> str:
    values = list(values)
    return ", ".join(values) if len(values) <= 40 else ", ".join(values[:40]) + f", … ({len(values)} in all)"


def close_match(value, valid: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The valid value ``value`` most likely means (case, spacing and spelling forgiven), or None.

    ``aliases`` maps other spellings (an actor's name, say) to the valid value they stand for.
    """
    import difflib

    if not isinstance(value, str):
        return None
    valid = [str(v) for v in valid]
    keys = {v.casefold(): v for v in valid}
    keys.update({str(a).casefold(): v for a, v in (aliases or {}).items() if v in keys.values()})
    probe = value.strip().casefold()
    if probe in keys:
        return keys[probe]
    if probe in {str(a).casefold() for a in (aliases or {})}:
        return None  # a known name of something that is not valid here: no look-alike to offer
    squashed = {k.replace(" ", "_").replace("-", "_"): v for k, v in keys.items()}
    probe_sq = probe.replace(" ", "_").replace("-", "_")
    if probe_sq in squashed:
        return squashed[probe_sq]
    # "cyber security" -> "cyber": a valid value that is a whole word of the value
    words = [w for w in probe_sq.split("_") if w]
    hits = sorted({squashed[w] for w in words if w in squashed})
    if len(hits) == 1:
        return hits[0]
    near = difflib.get_close_matches(probe_sq, list(squashed), n=1, cutoff=0.75)
    return squashed[near[0]] if near else None


def not_valid(name: str, value, why: str, valid: Iterable[str], aliases: Mapping[str, str] | None = None) -> ParameterError:
    """The one-line error for a bad value: what is wrong, the close match if any, the valid values."""
    valid = [str(v) for v in valid]
    hint = close_match(value, valid, aliases)
    did = f" (did you mean {hint!r}?)" if hint is not None and hint != value else ""
    return ParameterError(f"{name}: {value!r} {why}{did}; valid: {_codes(valid)}")


@per_dataset(copy=dict)  # every parameter check and every re-ranking asks for it
def actor_aliases(ds: Dataset) -> dict[str, str]:
    """Every other way to write an actor code: its code in any case, its name and its label."""
    a = ds.actors
    out: dict[str, str] = {}
    for column in ("name", "label", "code"):
        out.update({str(k).casefold(): c for k, c in zip(a[column], a["code"]) if isinstance(k, str)})
    return out


def normalise_actor(ds: Dataset, value) -> str | None:
    """The actor code ``value`` stands for (a code in any case, or a name), or None."""
    if not isinstance(value, str):
        return None
    return actor_aliases(ds).get(value.strip().casefold())


def check_country(ds: Dataset, country: str, name: str = "country") -> str:
    """A state that takes part in an initiative (either side), or a European NATO state, as its code.

    A code in any case or the state's name (``pol``, ``Poland``) gives the code (``POL``).
    A European NATO state with no initiative (Latvia, say) is a valid query: its answer is "none".
    """
    parties = ds.initiative_parties
    states = set(ds.actors.loc[ds.actors["kind"] == "state", "code"])
    taking_part = {c for c in parties.loc[parties["side"] != "other", "actor"].astype(str).unique() if c in states}
    valid = sorted(taking_part | set(ds.european_nato_states()))
    code = normalise_actor(ds, country)
    if code not in valid:
        raise not_valid(name, country, "is not a state that takes part in the data, nor a European NATO state",
                        valid, actor_aliases(ds))
    return code


def check_focus(ds: Dataset, focus: str, name: str = "focus") -> str:
    """A European NATO member state (it need not appear in any initiative yet), as its code.

    A code in any case or the state's name (``ltu``, ``Lithuania``) gives the code (``LTU``).
    """
    valid = ds.european_nato_states()
    code = normalise_actor(ds, focus)
    if code not in valid:
        why = "is not a European NATO state" if code is not None else "is not a known actor code"
        raise not_valid(name, focus, why, sorted(valid), actor_aliases(ds))
    return code


def check_domains(ds: Dataset, domains: Iterable[str] | None, name: str = "domains") -> list[str] | None:
    """Domain codes from domains.csv (None means all); one code may be given as a string."""
    if domains is None:
        return None
    if isinstance(domains, str):
        domains = [domains]
    domains = list(domains)
    valid = ds.domains["code"].tolist()
    for d in domains:
        if d not in valid:
            raise not_valid(name, d, "not a domain", valid, dict(zip(ds.domains["label"], ds.domains["code"])))
    if not domains:
        raise ParameterError(f"{name}: give at least one domain, or None for all; valid: {_codes(valid)}")
    return domains


def check_years(ds: Dataset, year_start: int | None, year_end: int | None) -> tuple[int | None, int | None]:
    """An inclusive year range within the dataset's coverage; either end may be None."""
    lo, hi = ds.year_range() or (None, None)
    for name, value in (("year_start", year_start), ("year_end", year_end)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ParameterError(f"{name}: {value!r} is not a year; give a whole number such as {hi} or None")
    if year_start is not None and year_end is not None and year_start > year_end:
        raise ParameterError(
            f"year_start..year_end: {year_start}..{year_end} is inverted; the data covers {lo}..{hi}"
        )
    if year_start is not None and hi is not None and year_start > hi:
        raise ParameterError(f"year_start: {year_start} is after the last year in the data; valid: {lo}..{hi}")
    if year_end is not None and lo is not None and year_end < lo:
        raise ParameterError(f"year_end: {year_end} is before the first year in the data; valid: {lo}..{hi}")
    return year_start, year_end


def check_choice(name: str, value, valid: Iterable) -> object:
    """A value from a fixed list."""
    valid = list(valid)
    if value not in valid:
        raise ParameterError(f"{name}: {value!r} is not valid; valid: {_codes(map(str, valid))}")
    return value


def check_non_negative(name: str, value) -> float:
    """A number >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ParameterError(f"{name}: {value!r} is not valid; valid: a number >= 0")
    return value


def check_params(ds: Dataset, **params) -> dict:
    """Check the usual notebook parameters by name; return them normalised (``Poland`` -> ``POL``).

    Known names: ``country`` (a participating state), ``focus`` (a European NATO
    state), ``domains`` and ``strengths`` (domain codes), ``year_start`` and
    ``year_end`` (checked together), ``min_edge_weight`` (a whole number >= 1).
    Unknown names are rejected so that a typo in a notebook is caught too.
    """
    checked = dict(params)
    for name, value in params.items():
        if name == "country":
            checked[name] = check_country(ds, value)
        elif name == "focus":
            checked[name] = check_focus(ds, value)
        elif name in ("domains", "strengths"):
            if name == "strengths" and not _plain_codes(value):
                continue  # stated strengths with their source: checked by check_stated_strengths
            check_domains(ds, value, name)
        elif name in ("year_start", "year_end"):
            continue
        elif name == "min_edge_weight":
            check_min_weight(value, "min_edge_weight")
        else:
            known = "country, focus, domains, strengths, year_start, year_end, min_edge_weight"
            raise ParameterError(f"{name}: not a parameter check_params knows; known: {known}")
    if "year_start" in params or "year_end" in params:
        check_years(ds, params.get("year_start"), params.get("year_end"))
    return checked


def _plain_codes(value) -> bool:
    return value is None or isinstance(value, str) or (
        isinstance(value, Iterable) and not isinstance(value, Mapping) and all(isinstance(v, str) for v in value))


#: how the trends notebook may stack its yearly counts
GROUPINGS = ("framework", "kind", "level")
#: folders a notebook takes (None: the project's data/, or the scratch folder for outputs)
FOLDER_PARAMETERS = ("data_dir", "figures_dir", "reports_dir")


def check_notebook_params(ds: Dataset, params: Mapping, defaults: Mapping | None = None, *,
                          default_weights: Mapping[str, float] | None = None) -> dict:
    """Every parameter a notebook takes, checked by name before any kernel starts; normalised.

    ``params`` are the values given; ``defaults`` the notebook's own (its parameters cell),
    which give the context of a check (the focus that ``peers`` must leave out, say).
    ``default_weights`` are the recommendation model's weights, which ``weights`` updates.
    A name with no check here is passed through.
    """
    context = {**dict(defaults or {}), **dict(params)}
    out = dict(params)
    for name, value in params.items():
        if name in FOLDER_PARAMETERS:
            if value is not None and not isinstance(value, str):
                raise ParameterError(f"{name}: {value!r} is not valid; valid: a folder path, or None")
        elif name == "grouping":
            if value not in GROUPINGS:
                raise not_valid(name, value, "is not a grouping", GROUPINGS)
        elif name == "weights" and default_weights is not None:
            check_weights(value, default_weights)
        elif name == "peers":
            out[name] = check_peers(ds, check_focus(ds, context.get("focus")), value) if value is not None else None
        elif name in ("country", "focus", "domains", "strengths", "min_edge_weight"):
            out.update(check_params(ds, **{name: value}))
    if "year_start" in params or "year_end" in params:
        check_years(ds, context.get("year_start"), context.get("year_end"))
    return out


def check_min_weight(min_weight, name: str = "min_weight") -> int:
    """A whole number >= 1 (a network threshold)."""
    if (
        isinstance(min_weight, bool)
        or not isinstance(min_weight, int) and not hasattr(min_weight, "__index__")
        or min_weight < 1
    ):
        raise ParameterError(f"{name}: {min_weight!r} is not valid; valid: a whole number >= 1")
    return int(min_weight)


# --- the recommendation model -----------------------------------------------------------------


def check_weights(weights: Mapping[str, float] | None, defaults: Mapping[str, float]) -> dict[str, float]:
    """``defaults`` (a model's weights) updated with ``weights``; unknown names and negative values are errors."""
    merged = dict(defaults)
    if weights is None:
        return merged
    if not isinstance(weights, Mapping):
        raise ParameterError(
            f"weights: {weights!r} is not valid; valid: None or a mapping of weight names to numbers >= 0 "
            f"(names: {', '.join(defaults)})"
        )
    unknown = [k for k in weights if k not in defaults]
    if unknown:
        raise ParameterError(
            f"weights: {', '.join(map(repr, unknown))} not a weight name; valid: {', '.join(defaults)}"
        )
    for name, value in weights.items():
        merged[name] = float(check_non_negative(f"weights[{name!r}]", value))
    return merged


def check_peers(ds: Dataset, focus: str, peers: Iterable[str] | None) -> tuple[str, ...] | None:
    """A user list of peers: European NATO states other than the focus (None: derive them)."""
    if peers is None:
        return None
    if isinstance(peers, str):
        peers = [peers]
    peers = list(dict.fromkeys(check_focus(ds, p, name="peers") for p in peers))
    if focus in peers:
        raise ParameterError(
            f"peers: {focus!r} is the focus itself; valid: other European NATO states"
        )
    return tuple(peers)


def check_window(ds: Dataset, years) -> tuple[int | None, int | None] | None:
    """A ``(start, end)`` year window (either may be None), or None for all initiatives, undated included."""
    if years is None:
        return None
    if isinstance(years, (str, bytes)) or not isinstance(years, Sequence) or len(years) != 2:
        raise ParameterError(
            f"years: {years!r} is not valid; valid: None or (year_start, year_end)"
        )
    start, end = check_years(ds, years[0], years[1])
    return None if start is None and end is None else (start, end)


# --- stated strengths (an input of the recommendation model) ------------------------------------

#: where a stated strength comes from: the study (with its section) or the user
STRENGTH_SOURCES = ("study", "user")


def check_stated_strengths(ds: Dataset, entries, where: str = "strengths") -> tuple[dict, ...]:
    """Stated strengths as ``({"domain", "source", "section"}, ...)``; an empty list means none stated.

    An entry is a domain code (source ``user``) or a mapping with ``domain``, ``source``
    (``study`` or ``user``) and, for ``study``, the study ``section`` that states it.
    Duplicates are dropped, order kept. A bad entry raises :class:`ParameterError` naming
    the valid values.
    """
    valid = ds.domains["code"].tolist()
    col = ds.initiatives["source_section"]
    sections = [str(s) for s in (col.cat.categories if hasattr(col, "cat") else sorted(set(col.astype(str))))]
    if entries is None:
        return ()
    if isinstance(entries, (str, Mapping)):
        entries = [entries]
    if not isinstance(entries, Iterable):
        raise ParameterError(f"{where}: {entries!r} is not valid; valid: a list of domain codes ({_codes(valid)})")
    out: dict[str, dict] = {}
    for entry in entries:
        if isinstance(entry, str):
            entry = {"domain": entry, "source": "user"}
        if not isinstance(entry, Mapping):
            raise ParameterError(f"{where}: {entry!r} is not valid; valid: a domain code or a mapping "
                                 "with domain, source and (for source study) section")
        unknown = sorted(set(entry) - {"domain", "source", "section"})
        if unknown:
            raise ParameterError(f"{where}: {', '.join(map(repr, unknown))} not a field; valid: domain, source, section")
        domain, source, section = entry.get("domain"), entry.get("source", "user"), entry.get("section")
        if domain not in valid:
            raise ParameterError(f"{where}: {domain!r} not a domain; valid: {_codes(valid)}")
        if source not in STRENGTH_SOURCES:
            raise ParameterError(f"{where}: source {source!r} is not valid; valid: {', '.join(STRENGTH_SOURCES)}")
        if source == "study" and str(section) not in sections:
            raise ParameterError(f"{where}: section {section!r} of a study-stated strength is not valid; "
                                 f"valid: {', '.join(sections)}")
        out.setdefault(domain, {"domain": domain, "source": source,
                                "section": str(section) if source == "study" else None})
    return tuple(out.values())


def check_strengths_table(ds: Dataset, table, where: str = "runs.yaml strengths") -> dict[str, tuple[dict, ...]]:
    """A table of stated strengths by country: ``{ISO3: [entry, ...]}`` (see :func:`check_stated_strengths`)."""
    if table is None:
        return {}
    if not isinstance(table, Mapping):
        raise ParameterError(f"{where}: {table!r} is not valid; valid: a mapping of country codes to lists of strengths")
    return {check_focus(ds, code, name=where): check_stated_strengths(ds, entries, f"{where}[{code}]")
            for code, entries in table.items()}


def check_recommend_inputs(ds: Dataset, focus, peers=None, years=None, weights=None, *,
                           default_weights: Mapping[str, float]) -> dict:
    """Every :func:`indopac.analysis.recommend.recommend` input but the strengths (see :func:`check_stated_strengths`),
    normalised; a bad one raises :class:`ParameterError`."""
    focus = check_focus(ds, focus)
    return {
        "focus": focus,
        "peers": check_peers(ds, focus, peers),
        "years": check_window(ds, years),
        "weights": check_weights(weights, default_weights),
    }
