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


# The schema of the tables: column -> (pandas dtype, meaning). Tests check frames against it.
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
    "countries": ("object", "sorted list of the alpha-3 codes of the places the item names"),
    "topic": ("string", "best IPTC Media Topic: the most specific one above threshold"),
    "topics": ("object", "list of all IPTC topic names at or above threshold, best first"),
    "topic_score": ("Float64", "score of `topic` in [0, 1]"),
    "topic_l1": ("string", "level-1 IPTC topic that `topic` rolls up to"),
    "topics_l1": ("object", "list of the level-1 IPTC topics that `topics` roll up to"),
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
