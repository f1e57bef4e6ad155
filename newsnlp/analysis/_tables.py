"""What the analysis functions share: which table is which, the columns each question needs,
and the (item, entity) pairs that every count, timeline and network is built from.

A question names *what* to look at ("person", "country", "topic", ...). Each `what` is read off
one table: people, organisations, places and events off `mentions`; topics, sources and
categories off `items`; countries off either (the `countries` list of `items` counts items that
name a country or carry its dateline; `mentions` counts the place mentions themselves).

The third table, `events` (one row per event in an item), has its own whats (`EVENT_WHATS`):
"event_type", "cameo", "modality", the participants ("actor", "target") and their countries
("actor_country", "target_country", "place_country", and "country" for any of the three). Its
pairs carry the event's id and `event_date`, so that events, not items, are counted and dated.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd

from ..entities.countries import PLACE_LABELS as _PLACE_LABELS
from ..errors import Errors, InputError

Kind = Literal["items", "mentions", "events"]

#: Columns that tell the tables apart: only `mentions` has `label`, only `events` (and not
#: `mentions`) the first, only `items` the second.
_EVENTS_MARKERS = ("event_id", "event_type", "event_date", "cameo", "actor_countries",
                   "target_countries", "event_cluster")
_ITEMS_MARKERS = ("published", "countries", "topic", "position", "title", "n_mentions")

#: Labels whose mentions are places; their `country` is the country they name.
PLACE_LABELS = tuple(sorted(_PLACE_LABELS))

#: what -> (table it is read from, how it is read). "country" is listed under both.
MENTION_WHATS = {
    "person": ("PERSON",),
    "org": ("ORG",),
    "place": ("GPE", "LOC", "FAC", "REGION"),
    "event": ("EVENT",),
    "country": PLACE_LABELS,
    "label": (),
}
ITEM_WHATS = ("topic", "topic_l1", "country", "source", "category", "dateline")
#: what -> the columns of `events` it is read from (list columns give one pair per element).
EVENT_WHATS = {
    "event_type": ("event_type",),
    "cameo": ("cameo",),
    "modality": ("modality",),
    "actor": ("actors",),
    "target": ("targets",),
    "actor_country": ("actor_countries",),
    "target_country": ("target_countries",),
    "place_country": ("place_country",),
    # Any country the event involves: who acted, who was acted on, where it happened.
    "country": ("actor_countries", "target_countries", "place_country"),
}
WHATS = tuple(sorted({*MENTION_WHATS, *ITEM_WHATS, *EVENT_WHATS}))

#: Period aliases pandas accepts for date ranges but not for periods.
_PERIOD_ALIASES = {"ME": "M", "MS": "M", "QE": "Q", "QS": "Q", "YE": "Y", "YS": "Y", "A": "Y"}


def table_kind(frame: pd.DataFrame) -> Kind:
    """Which newsnlp table `frame` is: "mentions" if it has a `label`, "events" if it has the
    columns only events have (`event_id`, `cameo`, ...), "items" if it has those of items.

    Raises:
        InputError: [E090] none of the three.

    Examples:
        >>> table_kind(pd.DataFrame(columns=["item_id", "label", "text"]))
        'mentions'
        >>> table_kind(pd.DataFrame(columns=["item_id", "published", "text"]))
        'items'
        >>> table_kind(pd.DataFrame(columns=["event_id", "item_id", "event_type"]))
        'events'
    """
    if "label" in frame.columns:
        return "mentions"
    if any(column in frame.columns for column in _EVENTS_MARKERS):
        return "events"
    if any(column in frame.columns for column in _ITEMS_MARKERS):
        return "items"
    raise InputError(Errors.E090.format(columns=_names(frame.columns)))


def require(frame: pd.DataFrame, columns: Iterable[str], method: str, kind: Kind) -> None:
    """Raise [E091] naming the columns of `columns` that `frame` lacks."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise InputError(Errors.E091.format(method=method, missing=_names(missing), kind=kind,
                                            columns=_names(frame.columns)))


def need(frame: pd.DataFrame | None, needed: Kind, method: str, kind: Kind) -> pd.DataFrame:
    """The other table, or [E092] saying how to pass it."""
    if frame is None:
        raise InputError(Errors.E092.format(method=method, needed=needed, kind=kind))
    if table_kind(frame) != needed:
        raise InputError(Errors.E092.format(method=method, needed=needed, kind=kind))
    return frame


def check_what(what: str) -> str:
    if what not in WHATS:
        raise InputError(Errors.E093.format(name="what", value=what, choices=_names(WHATS)))
    return what


def period_freq(freq: str) -> str:
    """`freq` as a pandas period frequency ("ME" -> "M"), or [E094].

    Examples:
        >>> period_freq("W"), period_freq("ME")
        ('W', 'M')
    """
    freq = _PERIOD_ALIASES.get(freq, freq) if isinstance(freq, str) else freq
    try:
        pd.Period("2000-01-01", freq=freq)
    except (ValueError, TypeError) as err:
        raise InputError(Errors.E094.format(freq=freq)) from err
    return freq


def period_bounds(period: str | tuple[object, object]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """[start, end) of a period given as "2024-09" or as a (start, end) pair of dates.

    Examples:
        >>> period_bounds("2024-09")
        (Timestamp('2024-09-01 00:00:00'), Timestamp('2024-10-01 00:00:00'))
    """
    try:
        if isinstance(period, str):
            span = pd.Period(period)
            return span.start_time, (span + 1).start_time
        start, end = period
        return pd.Timestamp(start), pd.Timestamp(end)  # type: ignore[arg-type]
    except (ValueError, TypeError) as err:
        raise InputError(Errors.E095.format(period=period)) from err


def entity_name(mentions: pd.DataFrame) -> pd.Series:
    """The name a mention counts under: its canonical form, else the text as written."""
    if "canonical" not in mentions.columns:
        return mentions["text"].astype("string")
    return mentions["canonical"].astype("string").fillna(mentions["text"].astype("string"))


def mention_pairs(mentions: pd.DataFrame, what: str, method: str) -> pd.DataFrame:
    """One row per mention of `what`: item_id, key (the name it counts under), label.

    Examples:
        >>> m = pd.DataFrame({"item_id": ["a", "a"], "text": ["Aliyev", "Baku"],
        ...                   "label": ["PERSON", "GPE"], "canonical": ["Ilham Aliyev", None]})
        >>> mention_pairs(m, "person", "top")["key"].tolist()
        ['Ilham Aliyev']
    """
    labels = MENTION_WHATS[what]
    if what == "country":
        require(mentions, ("item_id", "label", "country"), method, "mentions")
        rows = mentions[mentions["label"].isin(labels) & mentions["country"].notna()]
        key = rows["country"]
    elif what == "event":
        require(mentions, ("item_id", "label", "event_type"), method, "mentions")
        rows = mentions[(mentions["label"] == "EVENT") & mentions["event_type"].notna()]
        key = rows["event_type"]
    elif what == "label":
        require(mentions, ("item_id", "label"), method, "mentions")
        rows, key = mentions, mentions["label"]
    else:
        require(mentions, ("item_id", "label", "text"), method, "mentions")
        rows = mentions[mentions["label"].isin(labels)]
        key = entity_name(rows)
    return pd.DataFrame({"item_id": rows["item_id"].astype("string"),
                         "key": key.astype("string"),
                         "label": rows["label"].astype("string")}).reset_index(drop=True)


def item_pairs(items: pd.DataFrame, what: str, method: str) -> pd.DataFrame:
    """One row per item and value of `what` (items naming several countries give several)."""
    column = "countries" if what == "country" else what
    require(items, ("item_id", column), method, "items")
    pairs = items[["item_id", column]].rename(columns={column: "key"})
    if what == "country":
        pairs = pairs.explode("key")
    pairs = pairs[pairs["key"].notna()]
    return pd.DataFrame({"item_id": pairs["item_id"].astype("string"),
                         "key": pairs["key"].astype("string")}).reset_index(drop=True)


def event_pairs(events: pd.DataFrame, what: str, method: str) -> pd.DataFrame:
    """One row per event and value of `what`: item_id, key, event_id, event_date (an event
    whose actors are two countries gives two rows; one naming a country twice, one).

    Examples:
        >>> e = pd.DataFrame({"event_id": ["a#0", "a#1"], "item_id": ["a", "a"],
        ...     "event_date": pd.to_datetime(["2024-09-02"] * 2),
        ...     "actor_countries": [["ARM", "AZE"], ["AZE"]], "target_countries": [[], ["ARM"]],
        ...     "place_country": ["CHE", None]})
        >>> event_pairs(e, "country", "top")["key"].tolist()
        ['ARM', 'AZE', 'CHE', 'AZE', 'ARM']
    """
    columns = EVENT_WHATS[what]
    require(events, ("event_id", "item_id", *columns), method, "events")
    dates = (pd.to_datetime(events["event_date"]) if "event_date" in events.columns
             else pd.Series(pd.NaT, index=events.index, dtype="datetime64[ns]"))
    parts = []
    for order, column in enumerate(columns):
        part = pd.DataFrame({"event_id": events["event_id"].astype("string"),
                             "item_id": events["item_id"].astype("string"),
                             "event_date": dates, "key": events[column], "_row": range(len(events)),
                             "_order": order})
        if events[column].dtype == object:
            part = part.explode("key")
        parts.append(part)
    pairs = pd.concat(parts, ignore_index=True)
    pairs = pairs[pairs["key"].notna()]
    pairs = pairs.assign(key=pairs["key"].astype("string"))
    # Row by row, in the order of the columns, one pair per distinct value of an event.
    pairs = pairs.sort_values(["_row", "_order"], kind="stable").drop_duplicates(["_row", "key"])
    return pairs[["item_id", "key", "event_id", "event_date"]].reset_index(drop=True)


def pairs_for(
    what: str, kind: Kind, items: pd.DataFrame | None, mentions: pd.DataFrame | None, method: str,
    events: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, bool]:
    """The (item, key) pairs of `what`, and whether they are mentions (True) or items.

    `what` is read off the table the accessor is on when that table has it (so "country" on
    items counts items, on mentions counts mentions, on events counts events), else off the
    other table. On `events` only `EVENT_WHATS` are asked ([E093] otherwise), and each event
    counts, as each mention does (True).
    """
    if kind == "events":
        if what not in EVENT_WHATS:
            raise InputError(Errors.E093.format(name="what", value=what,
                                                choices=_names(EVENT_WHATS) + " (on events)"))
        assert events is not None
        return event_pairs(events, what, method), True
    if what not in MENTION_WHATS and what not in ITEM_WHATS:  # an events what, asked elsewhere
        choices = _names(sorted({*MENTION_WHATS, *ITEM_WHATS}))
        raise InputError(Errors.E093.format(
            name="what", value=what,
            choices=f"{choices} (on {kind}; {what!r} is counted on result.events)"))
    from_mentions = what in MENTION_WHATS and (kind == "mentions" or what not in ITEM_WHATS)
    if from_mentions:
        table = mentions if kind == "mentions" else need(mentions, "mentions", method, kind)
        assert table is not None
        return mention_pairs(table, what, method), True
    table = items if kind == "items" else need(items, "items", method, kind)
    assert table is not None
    return item_pairs(table, what, method), False


def published_of(
    kind: Kind, items: pd.DataFrame | None, mentions: pd.DataFrame | None, method: str
) -> pd.Series:
    """`published` by item_id: from the items table, or from mentions that carry it."""
    source: pd.DataFrame | None
    if kind == "mentions" and items is None and mentions is not None \
            and "published" in mentions.columns:
        source = mentions
    else:
        source = items if kind == "items" else need(items, "items", method, kind)
    assert source is not None
    require(source, ("item_id", "published"), method, table_kind(source))
    dates = source[["item_id", "published"]].drop_duplicates("item_id")
    return pd.Series(pd.to_datetime(dates["published"]).to_numpy(),
                     index=dates["item_id"].astype("string"), name="published")


def _names(columns: Iterable[object]) -> str:
    return ", ".join(repr(str(column)) for column in columns) or "none"
