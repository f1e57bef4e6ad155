"""Events across items: the same event reported by several items gets one `event_cluster` id.

Counting events should not count reports. Two rows are taken as one event when they have the
same type and modality, dates at most `days` apart, and share a participant: a name among their
actors and targets (every word capitalised: "the company" or "Administration officials" in two
items say nothing), or -- when neither names anyone -- a country of their actors and targets.
Rows with neither are left alone, and so are statements (`UNCLUSTERED`) unless reprinted word
for word. Measured on a sample
of Reuters pairs labelled by hand (`python benchmarks/evaluate_events.py clusters`).
Clusters are the connected groups of such pairs; a cluster's id is its first `event_id`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

#: Types whose reports are never joined: a speaker makes many statements in two days, and
#: without comparing what was said two reports of "X said" are not known to be one statement.
UNCLUSTERED = frozenset({"statement"})
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "de", "la", "al", "von", "van"})


def _is_name(text: str) -> bool:
    """"Ilham Aliyev", "U.S. Embassy"; not "the company" or "Administration officials"."""
    words = text.split()
    return bool(words) and all(w[:1].isupper() or w in _FUNCTION_WORDS for w in words)


def _keys(row: Any) -> tuple[set[str], set[str]]:
    # Names only: "the company" or "a letter" in two items are no evidence of one event; and a
    # place is no participant ("North America" or "New York" host many deals and talks).
    names = {n for n in [*row.actors, *row.targets] if _is_name(n)}
    countries = set(row.actor_countries) | set(row.target_countries)
    return names, countries


def _same(a: tuple[set[str], set[str]], b: tuple[set[str], set[str]]) -> bool:
    if a[0] or b[0]:
        return bool(a[0] & b[0])  # a named participant: the names must meet
    return bool(a[1] & b[1])


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
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows: list[Any] = list(events.itertuples(index=False))
    keys = [_keys(row) for row in rows]
    dates = pd.to_datetime(events["event_date"]).tolist() if len(events) else []
    window = pd.Timedelta(days=days)
    groups: dict[tuple[str, str], list[int]] = {}
    for n, row in enumerate(rows):
        if row.event_type not in UNCLUSTERED:
            groups.setdefault((str(row.event_type), str(row.modality)), []).append(n)
    for members in groups.values():
        ordered: Sequence[int] = sorted((n for n in members if not pd.isna(dates[n])),
                                        key=lambda n: dates[n])
        for k, a in enumerate(ordered):
            if not (keys[a][0] or keys[a][1]):
                continue
            for b in ordered[k + 1:]:
                if dates[b] - dates[a] > window:
                    break
                if _same(keys[a], keys[b]):
                    parent[find(b)] = find(a)
    # A report reprinted word for word (the same item twice, in two bulletins or feeds) is one
    # event of any type, statements included: same type, trigger, offset, participants and date.
    reprints: dict[tuple[Any, ...], int] = {}
    for n, row in enumerate(rows):
        key = (row.event_type, row.trigger, row.trigger_start, tuple(row.actors),
               tuple(row.targets), row.event_date)
        if key in reprints:
            parent[find(n)] = find(reprints[key])
        else:
            reprints[key] = n
    ids = events["event_id"].tolist()
    first: dict[int, str] = {}
    for n in range(len(rows)):
        root = find(n)
        first.setdefault(root, ids[n])
    return pd.Series([first[find(n)] for n in range(len(rows))], index=events.index,
                     dtype="string", name="event_cluster")
