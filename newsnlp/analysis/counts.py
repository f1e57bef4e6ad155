"""Counts and timelines: who and what is in the news, and how that changes over time.

On the `events` table both count events (and the items reporting them) and date them by
`event_date`, the date the text gives the event, not the date of the report.
"""

from __future__ import annotations

import pandas as pd

from ..errors import check_positive
from ._tables import (
    Kind,
    check_what,
    pairs_for,
    period_freq,
    published_of,
    require,
    table_kind,
)


def top(
    frame: pd.DataFrame,
    what: str,
    n: int | None = 10,
    *,
    freq: str | None = None,
    items: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The `n` most frequent people, countries, organisations, events, topics, ...

    Args:
        frame: An `items`, `mentions` or `events` table.
        what: "person", "org", "place", "event" (by `event_type`), "label" (off mentions);
            "topic", "topic_l1", "source", "category", "dateline" (off items); "country" off
            either (items: items naming it; mentions: place mentions of it). On `events`:
            "event_type", "cameo", "modality", "actor", "target", "actor_country",
            "target_country", "place_country", "country" (any of the three).
        n: How many to keep (per period with `freq`); None keeps all.
        freq: A pandas period ("D", "W", "M", ...) to count per period; needs `published`.
        items: The `items` table, when `frame` is `mentions` and the count needs it.
        mentions: The `mentions` table, when `frame` is `items` and the count needs it.

    Returns:
        Indexed by `what`: `items` (number of items) and, for mention counts, `mentions`,
        sorted by items, then mentions, then name; on `events`: `events` then `items`, sorted
        by events. With `freq`: a long table with the columns period, `what` and the counts,
        the top `n` of each period (on `events`, periods of `event_date`).

    Examples:
        >>> m = pd.DataFrame({"item_id": ["a", "a", "b"], "text": ["Aliyev", "Aliyev", "Putin"],
        ...                   "label": ["PERSON"] * 3, "canonical": ["Ilham Aliyev"] * 2 + [None]})
        >>> top(m, "person")
                      items  mentions
        person
        Ilham Aliyev      1         2
        Putin             1         1
        >>> events = pd.DataFrame({"event_id": ["a#0", "a#1", "b#0"], "item_id": ["a", "a", "b"],
        ...     "event_type": ["meeting", "statement", "meeting"]})
        >>> top(events, "event_type")
                    events  items
        event_type
        meeting          2      2
        statement        1      1
    """
    check_what(what)
    check_positive("n", n)
    kind = table_kind(frame)
    items, mentions = _pair(frame, kind, items, mentions)
    pairs, of_mentions = pairs_for(what, kind, items, mentions, "top", events=frame)
    keys = ["key"]
    if freq is not None:
        pairs["period"] = _periods(_dates(pairs, kind, items, mentions, "top"), period_freq(freq))
        pairs = pairs[pairs["period"].notna()]
        keys = ["period", "key"]
    grouped = pairs.groupby(keys, observed=True, sort=False)
    counts = (["events", "items"] if kind == "events" else
              ["items", *(["mentions"] if of_mentions else [])])
    table = pd.DataFrame(index=grouped.size().index)
    for column in counts:
        table[column] = (grouped["event_id"].nunique() if column == "events" else
                         grouped["item_id"].nunique() if column == "items" else grouped.size())
    table = table.astype("int64").reset_index()
    order = [*keys[:-1], *counts, "key"]
    ascending = [True] * (len(keys) - 1) + [False] * (len(order) - len(keys)) + [True]
    table = table.sort_values(order, ascending=ascending, kind="stable")
    if n is not None:
        table = table.groupby(keys[:-1], sort=False).head(n) if freq else table.head(n)
    table = table.rename(columns={"key": what})
    return table.reset_index(drop=True) if freq else table.set_index(what)


def timeline(
    frame: pd.DataFrame,
    freq: str = "W",
    by: str | None = None,
    *,
    n: int | None = 10,
    count: str | None = None,
    items: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Items (or mentions, or events) per day, week, month, ..., overall or per country, person,
    topic, event type.

    Args:
        frame: An `items`, `mentions` or `events` table.
        freq: A pandas period: "D", "W" (weeks from Monday), "M", "Q", "Y".
        by: None for one column of totals, or a `what` of `top` ("country", "person", "topic";
            on events "event_type", "country", ...).
        n: Keep the `n` columns with the largest totals; None keeps all.
        count: "items" (items per period) or "mentions" (mentions per period); on `events`
            "events" (events per period) or "items". None: "events" on `events`, else "items".
        items: The `items` table, when `frame` is `mentions` (it has the dates).
        mentions: The `mentions` table, when `frame` is `items` and `by` needs it.

    Returns:
        One row per period (a DatetimeIndex of period starts, every period from the first to
        the last, zero where nothing was published), one column per value of `by` ordered by
        total, largest first: ready for `.plot()`. Items without a date are left out. Events
        are dated by `event_date` (future events included: filter on `future` to leave them
        out).

    Examples:
        >>> items = pd.DataFrame({"item_id": ["a", "b", "c"], "topic": ["sport", "sport", "war"],
        ...     "published": pd.to_datetime(["2024-09-02", "2024-09-20", "2024-09-03"])})
        >>> timeline(items, freq="M", by="topic")
        topic       sport  war
        period
        2024-09-01      2    1
    """
    from ..errors import Errors, InputError, check_positive

    kind = table_kind(frame)
    allowed = ("events", "items") if kind == "events" else ("items", "mentions")
    count = allowed[0] if kind == "events" and count is None else count or "items"
    if count not in allowed:
        raise InputError(Errors.E093.format(name="count", value=count,
                                            choices=", ".join(map(repr, allowed))))
    check_positive("n", n)
    freq = period_freq(freq)
    items, mentions = _pair(frame, kind, items, mentions)
    if kind == "events":
        require(frame, ("event_id", "item_id", "event_date"), "timeline", kind)
        dates = pd.Series(pd.to_datetime(frame["event_date"]).to_numpy())
    else:
        published = published_of(kind, items, mentions, "timeline")
        dates = published.dropna()
    if by is None and kind == "events":
        pairs = pd.DataFrame({"item_id": frame["item_id"].astype("string").to_numpy(),
                              "event_id": frame["event_id"].astype("string").to_numpy(),
                              "event_date": dates.to_numpy(), "key": count})
    elif by is None:
        ids = (mentions if count == "mentions" and mentions is not None else
               published.index.to_frame(index=False))
        pairs = pd.DataFrame({"item_id": ids["item_id"].astype("string").to_numpy(),
                              "key": count})
    else:
        pairs, _ = pairs_for(check_what(by), kind, items, mentions, "timeline", events=frame)
    pairs["period"] = _periods(_dates(pairs, kind, items, mentions, "timeline"), freq)
    pairs = pairs[pairs["period"].notna()]
    grouped = pairs.groupby(["period", "key"], observed=True)
    counts = (grouped["event_id"].nunique() if count == "events" else
              grouped["item_id"].nunique() if count == "items" else grouped.size())
    wide = counts.unstack("key", fill_value=0)
    totals = wide.sum().sort_values(ascending=False, kind="stable")
    columns = sorted(totals.index, key=lambda key: (-int(totals[key]), str(key)))
    wide = wide[columns[:n] if n is not None else columns]
    dates = dates.dropna()
    if len(dates):
        span = pd.period_range(dates.min(), dates.max(), freq=freq).start_time
        wide = wide.reindex(span.as_unit("ns"), fill_value=0)
    wide.index = pd.DatetimeIndex(wide.index, name="period")
    wide.columns = pd.Index([str(c) for c in wide.columns], name=by or "")
    wide = wide.astype("int64")
    wide.attrs.update({"freq": freq, "by": by, "count": count,
                       "dated": "event date" if kind == "events" else "published"})
    return wide


def _pair(
    frame: pd.DataFrame, kind: Kind, items: pd.DataFrame | None, mentions: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    if kind == "events":
        return items, mentions
    return (frame, mentions) if kind == "items" else (items, frame)


def _dates(pairs: pd.DataFrame, kind: Kind, items: pd.DataFrame | None,
           mentions: pd.DataFrame | None, method: str) -> pd.Series:
    # Event pairs carry their own date; item and mention pairs take their item's.
    if kind == "events":
        return pairs["event_date"]
    return pairs["item_id"].map(published_of(kind, items, mentions, method))


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    dates = pd.to_datetime(dates)
    return dates.dt.to_period(freq).dt.start_time.astype("datetime64[ns]")
