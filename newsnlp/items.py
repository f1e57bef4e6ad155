"""Record types that flow between the stages, and the one documented schema of the tables.

`segment` makes `Item`s, the tagger makes `Mention`s, `frames` turns both into DataFrames whose
columns and dtypes are exactly `ITEMS_SCHEMA` and `MENTIONS_SCHEMA` below.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

#: How much of `Item.published` the text actually gave: a date alone, or a date and a time.
Precision = Literal["date", "time"]


@dataclass(frozen=True, slots=True)
class Item:
    """One news item cut out of a bulletin.

    Attributes:
        text: The clean body: no title, timestamp, dateline prefix or page boilerplate.
        start: Offset of the first character of the item's whole block in the input.
        end: Offset just past the item's whole block (metadata lines included).
        item_id: Stable id: the same input gives the same id on every run.
        title: The headline, if the bulletin prints one.
        published: When the item was published, as printed (local wall-clock time, no time
            zone); midnight with `precision == "date"` when only the date is known.
        precision: "date" or "time": how much of `published` the text gave; None if no date.
        dateline: The place that opens the body, as printed ("BAKU", "NEW YORK").
        source: The agency or website the bulletin credits ("reuters.com", "AZERTAC").
        category: The section the bulletin files the item under ("Politics").
    """

    text: str
    start: int
    end: int
    item_id: str
    title: str | None = None
    published: datetime | None = None
    precision: Precision | None = None
    dateline: str | None = None
    source: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention in an item.

    `start`/`end` are offsets into `Item.text`, or into `Item.title` when `part` is "title".
    """

    item_id: str
    start: int
    end: int
    text: str
    label: str
    canonical: str | None = None
    country: str | None = None
    role: str | None = None
    event_type: str | None = None
    event_date: datetime | None = None
    score: float | None = None
    part: str = "body"


def make_item_id(block: str, start: int, origin: str | None = None) -> str:
    """A short id that depends only on where the item stands and what its block says.

    Examples:
        >>> make_item_id("Hello", 0) == make_item_id("Hello", 0)
        True
        >>> make_item_id("Hello", 0) != make_item_id("Hello", 10)
        True
    """
    key = f"{origin or ''}\0{start}\0{block}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(key, digest_size=8).hexdigest()


# The schema of the tables: column -> (pandas dtype, meaning). Tests check frames against it,
# and `scripts/make_tables_doc.py` writes docs/tables.md from it (a test checks the doc is
# current). A column of dtype "object" holds a list of str: in CSV it is a JSON array.
ITEMS_SCHEMA: dict[str, tuple[str, str]] = {
    "item_id": ("string", "stable id of the item; key of the join with `mentions`"),
    "origin": ("string", "the file the item came from, when it came from a file"),
    "position": ("int32", "0-based position of the item in its bulletin"),
    "published": ("datetime64[ns]", "publication time as printed (local, no time zone)"),
    "precision": ("category", "'date' or 'time': how much of `published` the text gave"),
    "title": ("string", "headline, if printed"),
    "dateline": ("string", "place that opens the body, as printed"),
    "dateline_country": ("string", "ISO 3166-1 alpha-3 code of the dateline's country"),
    "source": ("string", "agency or website credited"),
    "category": ("category", "section the bulletin files the item under"),
    "text": ("string", "clean body text"),
    "lang": ("category", "ISO 639-1 code of the text's language (py3langid); null when the text "
                         "is too short to tell; items not in `TagOptions.languages` have no "
                         "mentions or topics"),
    "start": ("int64", "offset of the item's block in the bulletin text"),
    "end": ("int64", "offset just past the item's block"),
    "n_mentions": ("int32", "number of rows in `mentions` for this item"),
    "countries": ("object", "sorted list of the alpha-3 codes of the countries the item is "
                  "about: named by its dateline, headline or lead paragraph, or twice in its "
                  "body (TagOptions.countries='named': every place the item names)"),
    "topic": ("string", "best IPTC Media Topic: the most specific one above threshold"),
    "topics": ("object", "list of all IPTC topic names at or above threshold, best first"),
    "topic_score": ("Float64", "score of `topic` in [0, 1]"),
    "topic_l1": ("string", "level-1 IPTC topic that `topic` rolls up to"),
    "topics_l1": ("object", "list of the level-1 IPTC topics that `topics` roll up to"),
    "duplicate_of": ("string", "in an archive run, the `item_id` of the run's first item with "
                               "the same text (case and white space ignored); null for a first "
                               "and in tables made in memory, which are not de-duplicated"),
    "meta": ("string", "the other columns of a table input's row (.jsonl, .csv, .parquet in "
                       "an archive run), as a JSON object; null for bulletin text"),
}

#: The `items` columns that the topic classifier fills.
TOPIC_COLUMNS = ("topic", "topics", "topic_score", "topic_l1", "topics_l1")

MENTIONS_SCHEMA: dict[str, tuple[str, str]] = {
    "item_id": ("string", "the item the mention is in"),
    "start": ("int32", "offset of the mention in the item's `text`"),
    "end": ("int32", "offset just past the mention in the item's `text`"),
    "text": ("string", "the mention as written"),
    "label": ("category", "entity type: PERSON, GPE, ORG, NORP, LOC, EVENT, DATE, ..."),
    "canonical": ("string", "normalised name the mention refers to"),
    "country": ("string", "ISO 3166-1 alpha-3 code, where one applies"),
    "role": ("string", "a person's role or office, where the text gives one"),
    "event_type": ("category", "typed event, for event mentions"),
    "event_date": ("datetime64[ns]", "the date an event mention refers to"),
    "score": ("Float64", "calibrated probability that span and label are right (entities; "
                         "see newsnlp.entities.scores)"),
    "part": ("category", "'body' or 'title': the field the mention is in; `start`/`end` are "
                         "offsets into that field"),
}

#: One row per event in an item (newsnlp.events.table): several mentions of one event in an item
#: are one row. `event_type` is the vocabulary of newsnlp/events/vocabulary.py (with its CAMEO
#: root code and KAIROS map).
EVENTS_SCHEMA: dict[str, tuple[str, str]] = {
    "event_id": ("string", "id of the event: the item's id and the event's number in it"),
    "item_id": ("string", "the item the event is reported in; key of the join with `items`"),
    "event_type": ("category", "meeting, visit, agreement, statement, election, protest, attack, "
                               "bombing, fighting, killing, arrest, trial, ... (the vocabulary)"),
    "cameo": ("string", "CAMEO root code of the type ('04' Consult, '14' Protest, ...), where "
                        "CAMEO codes such an event"),
    "trigger": ("string", "the event's best mention as written"),
    "trigger_start": ("int32", "offset of that mention in the item's `text`"),
    "trigger_end": ("int32", "offset just past that mention"),
    "modality": ("category", "'asserted', 'negated' ('did not meet'), 'future' ('will hold "
                             "elections') or 'hypothetical' ('could attack')"),
    "future": ("boolean", "True when the event is not asserted as having happened"),
    "event_date": ("datetime64[ns]", "the date the text gives the event, resolved against the "
                                     "item's published date; else the published date"),
    "date_precision": ("category", "'day', 'week', 'month', 'year', or 'published' (the text "
                                   "gives no date: the item's date stands in)"),
    "actors": ("object", "list of who acts (canonical people, organisations, countries; common "
                         "nouns as written)"),
    "actor_countries": ("object", "sorted list of the actors' ISO 3166-1 alpha-3 codes"),
    "targets": ("object", "list of who or what is acted on or met"),
    "target_countries": ("object", "sorted list of the targets' alpha-3 codes"),
    "place": ("string", "where it happened, as named"),
    "place_country": ("string", "alpha-3 code of the place's country"),
    "score": ("Float64", "calibrated confidence that this is a real event of this type "
                         "(newsnlp/events/score.py)"),
    "mention_spans": ("object", "sorted list of 'start:end' offsets of the EVENT rows of "
                                "`mentions` (same item) this event groups"),
    "n_event_mentions": ("int32", "number of mentions grouped"),
    "event_cluster": ("string", "the same event reported by several items: the `event_id` of its "
                                "first report (newsnlp/events/clusters.py); within one `tag` "
                                "call, or across a whole archive run"),
}
