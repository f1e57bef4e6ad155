"""Events across items: the same event reported by several items gets one `event_cluster` id.

Counting events should not count reports. Two rows are taken as one event when they have the
same type and modality, dates at most `days` apart, and share a participant: a name among their
actors and targets (every word capitalised: "the company" or "Administration officials" in two
items say nothing), or -- when neither names anyone -- a country of their actors and targets.
Two more cases, each for a reason of its own:

- an election (or referendum) is known by its country: a country holds one national vote at a
  time, so two reports of one in the same country (of its actors, targets or place) within the
  window are one, whoever else they name;
- a report that names no one and no country is joined to another when their triggers share two
  describing words ("the early parliamentary elections" and "early parliamentary elections").

Rows with none of these are left alone, and so are statements (`UNCLUSTERED`) unless reprinted
word for word. Clusters are the connected groups of such pairs; a cluster's id is its first
`event_id`. Measured on a sample of Reuters pairs labelled by hand
(`python benchmarks/evaluate_events.py clusters`).

Reports of one event share what one of them says: a row whose date is only its item's published
date (`date_precision` "published") takes the day another report of the cluster gives, when that
day is not after its own published date. And a violation (`ATTACHED`: an irregularity is reported
of an event -- an election's, a ceasefire's) with no date or place of its own takes those of the
event reported just before it in its item ("During the elections at polling station 13,
violations occurred").

`ClusterIndex` keeps the rows seen so far, so that an archive run clusters across its parts
(`newsnlp.archive`); `link_events` does one table.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: Types whose reports are never joined: a speaker makes many statements in two days, and
#: without comparing what was said two reports of "X said" are not known to be one statement.
UNCLUSTERED = frozenset({"statement"})
#: Types known by their country: one national vote at a time.
BY_COUNTRY = frozenset({"election"})
#: Types reported of another event, whose date and place they take when they have none.
ATTACHED = frozenset({"violation"})
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "de", "la", "al", "von", "van"})
#: Words of a trigger that describe no particular event.
_PLAIN = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his",
                    "her", "new", "latest", "recent", "last", "first", "second", "on", "in",
                    "of", "for", "at", "and", "two", "three", "several", "many", "some"})


def _is_name(text: str) -> bool:
    """"Ilham Aliyev", "U.S. Embassy"; not "the company" or "Administration officials"."""
    words = text.split()
    return bool(words) and all(w[:1].isupper() or w in _FUNCTION_WORDS for w in words)


@dataclass(frozen=True, slots=True)
class _Key:
    """What one row is compared by."""

    names: frozenset[str]
    countries: frozenset[str]
    places: frozenset[str]
    words: frozenset[str]

    @property
    def empty(self) -> bool:
        return not (self.names or self.countries)


def _key(row: Any) -> _Key:
    # Names only: "the company" or "a letter" in two items are no evidence of one event; and a
    # place is no participant ("North America" or "New York" host many deals and talks).
    names = frozenset(n for n in [*row.actors, *row.targets] if _is_name(n))
    countries = frozenset([*row.actor_countries, *row.target_countries])
    place = getattr(row, "place_country", None)
    places = countries | ({place} if isinstance(place, str) else set())
    trigger = str(row.trigger).lower().split()
    # the describing words of a noun trigger: all but its last word (the noun) and plain words
    words = frozenset(w for w in trigger[:-1] if w.isalpha() and w not in _PLAIN)
    return _Key(names, countries, places, words)


def _same(event_type: str, a: _Key, b: _Key) -> bool:
    if event_type in BY_COUNTRY and a.places & b.places:
        return True
    if a.empty or b.empty:
        # nobody named on one side: only what the triggers say of the event can join them, and
        # one word says too little ("the annual meeting" of two companies)
        return len(a.words & b.words) >= 2
    if a.names or b.names:
        return bool(a.names & b.names)  # a named participant: the names must meet
    return bool(a.countries & b.countries)


def _reprint(row: Any) -> tuple[Any, ...]:
    # A report reprinted word for word (the same item twice, in two bulletins or feeds) is one
    # event of any type, statements included: same type, trigger, offset, participants and date.
    return (row.event_type, row.trigger, row.trigger_start, tuple(row.actors),
            tuple(row.targets), row.event_date)


@dataclass(slots=True, eq=False)
class _Seen:
    """A row of an earlier table, as the index keeps it."""

    seq: int
    date: pd.Timestamp
    key: _Key
    cluster: str


class ClusterIndex:
    """The rows clustered so far, to give later tables' reports of the same events their ids.

    Memory is bounded: at most `max_rows` rows are kept (the oldest go first), which covers a
    window of `days` in any archive whose items come roughly in date order.

    Args:
        days: Longest gap, in days, between the dates of two reports of one event.
        max_rows: Most rows kept for later tables.

    Examples:
        >>> from datetime import datetime
        >>> row = dict(event_type="meeting", modality="asserted", actors=["Ilham Aliyev"],
        ...            targets=[], actor_countries=["AZE"], target_countries=[], place=None,
        ...            place_country=None, trigger="met", date_precision="day")
        >>> index = ClusterIndex()
        >>> first = pd.DataFrame([row | {"event_id": "a:0", "item_id": "a",
        ...                              "event_date": datetime(2024, 9, 2), "trigger_start": 5}])
        >>> later = pd.DataFrame([row | {"event_id": "b:0", "item_id": "b",
        ...                              "event_date": datetime(2024, 9, 3), "trigger_start": 9}])
        >>> index.link(first)["event_cluster"].tolist(), index.link(later)["event_cluster"].tolist()
        (['a:0'], ['a:0'])
    """

    def __init__(self, days: int = 2, max_rows: int = 200_000) -> None:
        self.window = pd.Timedelta(days=days)
        self.max_rows = max_rows
        # (type, modality, day number) -> the rows of that day, so that a row is compared only
        # with rows dated within the window
        self._by_day: dict[tuple[str, str, int], list[_Seen]] = {}
        self._order: deque[tuple[tuple[str, str, int], _Seen]] = deque()
        self._span = days
        self._reprints: dict[tuple[Any, ...], str] = {}
        self._days: dict[str, pd.Timestamp] = {}  # cluster -> a day a report of it gives
        self._seq = 0

    @classmethod
    def from_tables(cls, tables: Iterable[pd.DataFrame], days: int = 2) -> ClusterIndex:
        """An index holding the rows of tables written earlier (an archive run resumed)."""
        index = cls(days)
        for events in tables:
            index._remember(events, events["event_cluster"].astype(str).tolist())
        return index

    def link(self, events: pd.DataFrame) -> pd.DataFrame:
        """A copy of `events` with `event_cluster` set across this and earlier tables, and the
        dates (and an attached event's place) other reports give (see the module docstring)."""
        clusters = self._assign(events)
        linked = events.copy()
        linked["event_cluster"] = pd.Series(clusters, index=events.index, dtype="string")
        if len(linked):
            _share_dates(linked, self._days)
            _attach(linked)
        self._remember(linked, clusters)
        return linked

    def _assign(self, events: pd.DataFrame) -> list[str]:
        rows: list[Any] = list(events.itertuples(index=False))
        n_rows = len(rows)
        parent = list(range(n_rows))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        keys = [_key(row) for row in rows]
        dates = pd.to_datetime(events["event_date"]).tolist() if n_rows else []
        outside: dict[int, tuple[int, str]] = {}  # row -> (seq, cluster) of an earlier table

        def link_outside(n: int, seq: int, cluster: str) -> None:
            if n not in outside or seq < outside[n][0]:
                outside[n] = (seq, cluster)

        groups: dict[tuple[str, str], list[int]] = {}
        for n, row in enumerate(rows):
            if row.event_type not in UNCLUSTERED and not pd.isna(dates[n]):
                groups.setdefault((str(row.event_type), str(row.modality)), []).append(n)
        for group, members in groups.items():
            ordered = sorted(members, key=lambda n: dates[n])
            for k, a in enumerate(ordered):
                for b in ordered[k + 1:]:
                    if dates[b] - dates[a] > self.window:
                        break
                    if _same(group[0], keys[a], keys[b]):
                        parent[find(b)] = find(a)
                day = _day(dates[a])
                for other in range(day - self._span, day + self._span + 1):
                    for seen in self._by_day.get((*group, other), ()):
                        if abs(seen.date - dates[a]) <= self.window and _same(
                                group[0], keys[a], seen.key):
                            link_outside(a, seen.seq, seen.cluster)
        reprints: dict[tuple[Any, ...], int] = {}
        for n, row in enumerate(rows):
            key = _reprint(row)
            if key in self._reprints:
                link_outside(n, -1, self._reprints[key])
            if key in reprints:
                parent[find(n)] = find(reprints[key])
            else:
                reprints[key] = n
        ids = events["event_id"].astype(str).tolist()
        cluster_of: dict[int, tuple[int, str]] = {}
        for n in range(n_rows):
            root = find(n)
            # the earliest earlier cluster any member joins, else the group's first event_id
            mine = outside.get(n, (self._seq + n + 1, ids[n]))
            if root not in cluster_of or mine[0] < cluster_of[root][0]:
                cluster_of[root] = mine
        return [cluster_of[find(n)][1] for n in range(n_rows)]

    def _remember(self, events: pd.DataFrame, clusters: list[str]) -> None:
        dates = pd.to_datetime(events["event_date"]).tolist() if len(events) else []
        precisions = (events["date_precision"].astype(str).tolist()
                      if "date_precision" in events else ["published"] * len(events))
        for n, row in enumerate(events.itertuples(index=False)):
            self._seq += 1
            self._reprints.setdefault(_reprint(row), clusters[n])
            if precisions[n] == "day" and not pd.isna(dates[n]):
                self._days.setdefault(clusters[n], dates[n])
            if row.event_type in UNCLUSTERED or pd.isna(dates[n]):
                continue
            bucket = (str(row.event_type), str(row.modality), _day(dates[n]))
            seen = _Seen(self._seq, dates[n], _key(row), clusters[n])
            self._by_day.setdefault(bucket, []).append(seen)
            self._order.append((bucket, seen))
        while len(self._order) > self.max_rows:
            bucket, seen = self._order.popleft()
            self._by_day[bucket].remove(seen)
            if not self._by_day[bucket]:
                del self._by_day[bucket]
        if len(self._reprints) > 2 * self.max_rows or len(self._days) > 2 * self.max_rows:
            self._reprints.clear()  # a rare reset keeps memory bounded; reprints are adjacent
            self._days.clear()


def _day(date: pd.Timestamp) -> int:
    return int(date.toordinal())


def _share_dates(events: pd.DataFrame, days: dict[str, pd.Timestamp]) -> None:
    """A "published" date gives way to the day another report of the cluster gives."""
    dates = pd.to_datetime(events["event_date"]).tolist()
    precision = [p if isinstance(p, str) else None for p in events["date_precision"].tolist()]
    clusters = events["event_cluster"].astype(str).tolist()
    known = dict(days)
    for cluster, date, prec in zip(clusters, dates, precision, strict=True):
        if prec == "day" and not pd.isna(date):
            known.setdefault(cluster, date)
    changed = False
    for n, (cluster, date, prec) in enumerate(zip(clusters, dates, precision, strict=True)):
        day = known.get(cluster)
        if prec == "published" and day is not None and not pd.isna(date) and day <= date:
            dates[n], precision[n], changed = day, "day", True
    if changed:
        events["event_date"] = pd.Series(dates, index=events.index).astype(
            events["event_date"].dtype)
        events["date_precision"] = pd.Series(precision, index=events.index, dtype="category")


def _attach(events: pd.DataFrame) -> None:
    """A violation with no date or place of its own takes those of the item's event before it."""
    if not events["event_type"].astype(str).isin(ATTACHED).any():
        return
    order = events.sort_values(["item_id", "trigger_start"], kind="stable")
    last: dict[str, Any] = {}  # item -> its latest row that is not a statement or attached
    for label, row in zip(order.index, order.itertuples(index=False), strict=True):
        item = str(row.item_id)
        if str(row.event_type) in ATTACHED:
            host = last.get(item)
            if host is None:
                continue
            if row.date_precision == "published" and isinstance(host.date_precision, str) and (
                    host.date_precision != "published"):
                events.loc[label, "event_date"] = host.event_date
                events["date_precision"] = events["date_precision"].astype(object)
                events.loc[label, "date_precision"] = host.date_precision
                events["date_precision"] = events["date_precision"].astype("category")
            if not isinstance(row.place, str) and isinstance(host.place, str):
                events.loc[label, ["place", "place_country"]] = [host.place, host.place_country]
        elif str(row.event_type) not in UNCLUSTERED:
            last[item] = row


def link_events(events: pd.DataFrame, days: int = 2) -> pd.DataFrame:
    """A copy of an `events` table with `event_cluster` set and dates shared across reports.

    Examples:
        >>> from datetime import datetime
        >>> row = dict(event_type="election", modality="asserted", actors=[], targets=[],
        ...            actor_countries=[], target_countries=[], place=None, place_country=None)
        >>> events = pd.DataFrame([
        ...     row | {"event_id": "a:0", "item_id": "a",
        ...            "trigger": "the early parliamentary elections",
        ...            "trigger_start": 0, "event_date": datetime(2024, 9, 1),
        ...            "date_precision": "day"},
        ...     row | {"event_id": "b:0", "item_id": "b",
        ...            "trigger": "early parliamentary elections",
        ...            "trigger_start": 4, "event_date": datetime(2024, 9, 2),
        ...            "date_precision": "published"}])
        >>> linked = link_events(events)
        >>> linked["event_cluster"].tolist(), [str(d)[:10] for d in linked["event_date"]]
        (['a:0', 'a:0'], ['2024-09-01', '2024-09-01'])
    """
    return ClusterIndex(days).link(events)


def cluster_events(events: pd.DataFrame, days: int = 2) -> pd.Series:
    """The `event_cluster` id of every row of an `events` table (index aligned).

    Examples:
        >>> from datetime import datetime
        >>> row = dict(event_type="meeting", modality="asserted", actors=["Ilham Aliyev"],
        ...            targets=[], actor_countries=["AZE"], target_countries=[], place=None,
        ...            place_country=None, trigger="met")
        >>> events = pd.DataFrame([
        ...     row | {"event_id": "a:0", "event_date": datetime(2024, 9, 2), "trigger_start": 5},
        ...     row | {"event_id": "b:0", "event_date": datetime(2024, 9, 3), "trigger_start": 9},
        ...     row | {"event_id": "c:0", "event_date": datetime(2024, 9, 20), "trigger_start": 5}])
        >>> cluster_events(events).tolist()
        ['a:0', 'a:0', 'c:0']
    """
    clusters = ClusterIndex(days)._assign(events)
    return pd.Series(clusters, index=events.index, dtype="string", name="event_cluster")
