"""Entities analysts can count: countries as ISO codes, people with roles, organisations, events.

Importing this package registers the spaCy factories `newsnlp_countries`, `newsnlp_people`,
`newsnlp_orgs` and `newsnlp_events` and the Span extensions `canonical`, `country`, `role`,
`event_type`, `event_date` and `score`.
"""

from __future__ import annotations

from ._extensions import SPAN_ATTRIBUTES, set_extensions
from .countries import REGION_LABEL, CountryResolver, resolve_place
from .events import CAMEO, KAIROS, EventFinder, resolve_date
from .linking import link_mentions
from .orgs import OrgResolver
from .people import PersonResolver

set_extensions()

__all__ = [
    "CAMEO",
    "KAIROS",
    "REGION_LABEL",
    "SPAN_ATTRIBUTES",
    "CountryResolver",
    "EventFinder",
    "OrgResolver",
    "PersonResolver",
    "link_mentions",
    "resolve_date",
    "resolve_place",
]
