"""The findings layer: computed sentences, from analysis tables and the wording rules of :mod:`indopac.text`.

- :mod:`~indopac.findings.headlines`: figure titles that state a finding (``headline_*``);
- :mod:`~indopac.findings.summaries`: a few sentences of Markdown per notebook (``summary_*``);
- :mod:`~indopac.findings.network`: the network in words;
- :mod:`~indopac.findings.recommend`: a recommendation's titles and narrative.

Findings never import matplotlib (an import-linter contract checks it).
"""

from __future__ import annotations

from indopac.findings.headlines import (
    headline_composition,
    headline_country_domains,
    headline_country_partners,
    headline_country_peers,
    headline_country_timeline,
    headline_cumulative,
    headline_dates,
    headline_decades,
    headline_domain_firsts,
    headline_domain_groups,
    headline_domain_shares,
    headline_domains_by_framework,
    headline_domains_by_party,
    headline_entrants,
    headline_first_contacts,
    headline_parties,
    headline_per_year,
    headline_sections,
)
from indopac.findings.summaries import (
    summary_country,
    summary_domains,
    summary_geography,
    summary_overview,
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
