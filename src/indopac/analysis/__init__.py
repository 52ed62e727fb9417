"""The analysis layer: pure functions of a :class:`~indopac.data.Dataset` that return tidy frames.

No wording and no plotting here (an import-linter contract checks it). The counting,
party, domain and country functions are re-exported, so ``analysis.counts_by_year(ds)``
works; the network and the recommendation model are submodules
(:mod:`indopac.analysis.network`, :mod:`indopac.analysis.recommend`,
:mod:`indopac.analysis.sensitivity`).

Conventions: an initiative is counted once, in its **start year**; time-based results
use dated initiatives only, with a companion count of the undated ones they leave out
(:func:`n_undated`); codes stay codes, and a ``label`` column carries the readable name
where a chart needs one. Every function is vectorised and none changes its input.
"""

from __future__ import annotations

from indopac.analysis.country import (
    country_domains,
    country_partners,
    country_side,
    country_timeline,
    peer_comparison,
    peers,
)
from indopac.analysis.counts import (
    FOIP_LABELS,
    GROUPINGS,
    YearWindow,
    counts_by,
    counts_by_decade,
    counts_by_period,
    counts_by_year,
    date_quality,
    last_decade_start,
    n_undated,
    overtake_year,
    year_window,
)
from indopac.analysis.domains import (
    domain_by,
    domain_by_party,
    domain_first_years,
    domain_group_shares,
    domain_groups_by_period,
    domain_groups_by_year,
    domain_shares,
    matrix,
)
from indopac.analysis.parties import (
    entrants_by_year,
    first_contacts,
    initiatives_table,
    new_entrants,
    pairs,
    parties_table,
)

__all__ = [
    "FOIP_LABELS",
    "GROUPINGS",
    "YearWindow",
    "country_domains",
    "country_partners",
    "country_side",
    "country_timeline",
    "counts_by",
    "counts_by_decade",
    "counts_by_period",
    "counts_by_year",
    "date_quality",
    "domain_by",
    "domain_by_party",
    "domain_first_years",
    "domain_group_shares",
    "domain_groups_by_period",
    "domain_groups_by_year",
    "domain_shares",
    "entrants_by_year",
    "first_contacts",
    "initiatives_table",
    "last_decade_start",
    "matrix",
    "n_undated",
    "new_entrants",
    "overtake_year",
    "pairs",
    "parties_table",
    "peer_comparison",
    "peers",
    "year_window",
]
