"""The findings layer: computed sentences, from analysis tables and the wording rules of :mod:`indopac.text`.

- one module per notebook of figure titles that state a finding (``headline_*``) and a few
  sentences of Markdown (``summary_*``): :mod:`~indopac.findings.overview`,
  :mod:`~indopac.findings.trends`, :mod:`~indopac.findings.domains`, :mod:`~indopac.findings.country`;
- :mod:`~indopac.findings.network`: the network in words;
- :mod:`~indopac.findings.recommend`: a recommendation's titles and narrative.

Findings never import matplotlib (an import-linter contract checks it).
"""

from __future__ import annotations

from indopac.findings.country import (
    headline_country_domains,
    headline_country_partners,
    headline_country_peers,
    headline_country_timeline,
    summary_country,
)
from indopac.findings.domains import (
    headline_domain_firsts,
    headline_domain_groups,
    headline_domain_shares,
    headline_domains_by_framework,
    headline_domains_by_party,
    summary_domains,
)
from indopac.findings.overview import (
    headline_composition,
    headline_dates,
    headline_parties,
    headline_sections,
    summary_overview,
)
from indopac.findings.trends import (
    headline_cumulative,
    headline_decades,
    headline_entrants,
    headline_first_contacts,
    headline_per_year,
    summary_geography,
    summary_trends,
)

__all__ = [
    "headline_composition",
    "headline_country_domains",
    "headline_country_partners",
    "headline_country_peers",
    "headline_country_timeline",
    "headline_cumulative",
    "headline_dates",
    "headline_decades",
    "headline_domain_firsts",
    "headline_domain_groups",
    "headline_domain_shares",
    "headline_domains_by_framework",
    "headline_domains_by_party",
    "headline_entrants",
    "headline_first_contacts",
    "headline_parties",
    "headline_per_year",
    "headline_sections",
    "summary_country",
    "summary_domains",
    "summary_geography",
    "summary_overview",
    "summary_trends",
]
