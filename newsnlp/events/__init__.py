"""Events an analyst can count: who did what to whom, where and when, one row per event.

`vocabulary` holds the event types (with CAMEO root codes and KAIROS types) and their trigger
words; `triggers` finds candidate trigger words on the fast `ner` output; `syntax` parses only the
sentences that hold one and reads participants, place, date and modality; the `newsnlp_events`
component (`newsnlp.entities.events`) puts the mentions on each Doc, and `table` groups them into
one row per event in an item (`EVENTS_SCHEMA`).
"""

from __future__ import annotations

from .vocabulary import BY_NAME, CAMEO, EVENT_TYPES, KAIROS, EventType

__all__ = ["BY_NAME", "CAMEO", "EVENT_TYPES", "KAIROS", "EventType"]
