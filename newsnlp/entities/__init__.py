"""Entities analysts can count: countries as ISO codes, people with roles, organisations, events.

Importing this package registers the spaCy factories `newsnlp_countries`, `newsnlp_people`,
`newsnlp_orgs`, `newsnlp_events` and `newsnlp_scores` and the Span extensions `canonical`,
`country`, `role`, `event_type`, `event_date` and `score`.
"""

from __future__ import annotations

from ._extensions import SPAN_ATTRIBUTES, set_extensions
from .countries import REGION_LABEL, CountryResolver, resolve_place
from .events import CAMEO, KAIROS, EventFinder, resolve_date
from .linking import link_mentions
from .orgs import OrgResolver
from .people import PersonResolver
from .scores import MentionScorer

set_extensions()

__all__ = [
    "CAMEO",
    "KAIROS",
    "REGION_LABEL",
    "SPAN_ATTRIBUTES",
    "CountryResolver",
    "EventFinder",
    "MentionScorer",
    "OrgResolver",
    "PersonResolver",
    "link_mentions",
    "resolve_date",
    "resolve_place",
]
