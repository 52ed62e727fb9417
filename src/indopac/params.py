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

if TYPE_CHECKING:
    from indopac.data import Dataset


class ParameterError(ValueError):
    """A notebook or library parameter is not one of the valid values."""


def _codes(values: Iterable[str]) -> str:
    values = list(values)
    return ", ".join(values) if len(values) <= 40 else ", ".join(values[:40]) + f", … ({len(values)} in all)"


def check_country(ds: Dataset, country: str, name: str = "country") -> str:
    """A state that takes part in at least one initiative (either side)."""
    parties = ds.initiative_parties
    states = set(ds.actors.loc[ds.actors["kind"] == "state", "code"])
    valid = sorted(c for c in parties.loc[parties["side"] != "other", "actor"].astype(str).unique() if c in states)
    if not isinstance(country, str) or country not in valid:
        raise ParameterError(f"{name}: {country!r} is not a state that takes part in the data; valid: {_codes(valid)}")
    return country


def check_focus(ds: Dataset, focus: str, name: str = "focus") -> str:
    """A European NATO member state (it need not appear in any initiative yet)."""
    valid = ds.european_nato_states()
    if not isinstance(focus, str) or focus not in valid:
        known = set(ds.actors["code"])
        why = "is not a European NATO state" if focus in known else "is not a known actor code"
        raise ParameterError(f"{name}: {focus!r} {why}; valid: {_codes(sorted(valid))}")
    return focus


def check_domains(ds: Dataset, domains: Iterable[str] | None, name: str = "domains") -> list[str] | None:
    """Domain codes from domains.csv (None means all)."""
    if domains is None:
        return None
    if isinstance(domains, str):
        domains = [domains]
    valid = ds.domains["code"].tolist()
    bad = [d for d in domains if d not in valid]
    if bad:
        raise ParameterError(f"{name}: {', '.join(map(repr, bad))} not a domain; valid: {_codes(valid)}")
    if not list(domains):
        raise ParameterError(f"{name}: give at least one domain, or None for all; valid: {_codes(valid)}")
    return list(domains)


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
    """Check the usual notebook parameters by name; return them unchanged.

    Known names: ``country`` (a participating state), ``focus`` (a European NATO
    state), ``domains`` and ``strengths`` (domain codes), ``year_start`` and
    ``year_end`` (checked together), ``min_edge_weight`` (a whole number >= 1).
    Unknown names are rejected so that a typo in a notebook is caught too.
    """
    checked = dict(params)
    for name, value in params.items():
        if name == "country":
            check_country(ds, value)
        elif name == "focus":
            check_focus(ds, value)
        elif name in ("domains", "strengths"):
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


def check_strengths(ds: Dataset, strengths: Iterable[str] | None) -> tuple[str, ...]:
    """Strength domains: at least one code from domains.csv, duplicates dropped, order kept."""
    valid = ds.domains["code"].tolist()
    if strengths is None or (not isinstance(strengths, str) and not list(strengths)):
        raise ParameterError(f"strengths: give at least one domain code; valid: {', '.join(valid)}")
    checked = check_domains(ds, strengths, "strengths") or []
    return tuple(dict.fromkeys(checked))


def check_peers(ds: Dataset, focus: str, peers: Iterable[str] | None) -> tuple[str, ...] | None:
    """A user list of peers: European NATO states other than the focus (None: derive them)."""
    if peers is None:
        return None
    if isinstance(peers, str):
        peers = [peers]
    peers = list(dict.fromkeys(peers))
    for p in peers:
        check_focus(ds, p, name="peers")
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


def check_recommend_params(
    ds: Dataset,
    focus="LTU",
    strengths=("cyber", "disinformation"),
    peers=None,
    years=None,
    weights=None,
    *,
    default_weights: Mapping[str, float],
) -> dict:
    """Validate every :func:`indopac.analysis.recommend.recommend` input; return them normalised. Raises :class:`ParameterError`."""
    focus = check_focus(ds, focus)
    return {
        "focus": focus,
        "strengths": check_strengths(ds, strengths),
        "peers": check_peers(ds, focus, peers),
        "years": check_window(ds, years),
        "weights": check_weights(weights, default_weights),
    }
