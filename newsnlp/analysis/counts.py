"""Counts and timelines: who and what is in the news, and how that changes over time."""

from __future__ import annotations

import pandas as pd

from ..errors import check_positive
from ._tables import (
    Kind,
    check_what,
    pairs_for,
    period_freq,
    published_of,
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
        frame: An `items` or `mentions` table.
        what: "person", "org", "place", "event" (by `event_type`), "label" (off mentions);
            "topic", "topic_l1", "source", "category", "dateline" (off items); "country" off
            either (items: items naming it; mentions: place mentions of it).
        n: How many to keep (per period with `freq`); None keeps all.
        freq: A pandas period ("D", "W", "M", ...) to count per period; needs `published`.
        items: The `items` table, when `frame` is `mentions` and the count needs it.
        mentions: The `mentions` table, when `frame` is `items` and the count needs it.

    Returns:
        Indexed by `what`: `items` (number of items) and, for mention counts, `mentions`,
        sorted by items, then mentions, then name. With `freq`: a long table with the columns
        period, `what`, items[, mentions], the top `n` of each period.

    Examples:
        >>> m = pd.DataFrame({"item_id": ["a", "a", "b"], "text": ["Aliyev", "Aliyev", "Putin"],
        ...                   "label": ["PERSON"] * 3, "canonical": ["Ilham Aliyev"] * 2 + [None]})
        >>> top(m, "person")
                      items  mentions
        person
        Ilham Aliyev      1         2
        Putin             1         1
    """
    check_what(what)
    check_positive("n", n)
    kind = table_kind(frame)
    items, mentions = _pair(frame, kind, items, mentions)
    pairs, of_mentions = pairs_for(what, kind, items, mentions, "top")
    keys = ["key"]
    if freq is not None:
        published = published_of(kind, items, mentions, "top")
        pairs["period"] = _periods(pairs["item_id"].map(published), period_freq(freq))
        pairs = pairs[pairs["period"].notna()]
        keys = ["period", "key"]
    grouped = pairs.groupby(keys, observed=True, sort=False)["item_id"]
    table = grouped.nunique().rename("items").to_frame()
    if of_mentions:
        table["mentions"] = grouped.size()
    table = table.astype("int64").reset_index()
    order = [*keys[:-1], "items", *(["mentions"] if of_mentions else []), "key"]
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
    count: str = "items",
    items: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Items (or mentions) per day, week, month, ..., overall or per country, person, topic.

    Args:
        frame: An `items` or `mentions` table.
        freq: A pandas period: "D", "W" (weeks from Monday), "M", "Q", "Y".
        by: None for one column of totals, or a `what` of `top` ("country", "person", "topic").
        n: Keep the `n` columns with the largest totals; None keeps all.
        count: "items" (items per period) or "mentions" (mentions per period).
        items: The `items` table, when `frame` is `mentions` (it has the dates).
        mentions: The `mentions` table, when `frame` is `items` and `by` needs it.

    Returns:
        One row per period (a DatetimeIndex of period starts, every period from the first to
        the last, zero where nothing was published), one column per value of `by` ordered by
        total, largest first: ready for `.plot()`. Items without a date are left out.

    Examples:
        >>> items = pd.DataFrame({"item_id": ["a", "b", "c"], "topic": ["sport", "sport", "war"],
        ...     "published": pd.to_datetime(["2024-09-02", "2024-09-20", "2024-09-03"])})
        >>> timeline(items, freq="M", by="topic")
        topic       sport  war
        period
        2024-09-01      2    1
    """
    from ..errors import Errors, InputError, check_positive

    if count not in ("items", "mentions"):
        raise InputError(Errors.E093.format(name="count", value=count,
                                            choices="'items', 'mentions'"))
    check_positive("n", n)
    freq = period_freq(freq)
    kind = table_kind(frame)
    items, mentions = _pair(frame, kind, items, mentions)
    published = published_of(kind, items, mentions, "timeline")
    if by is None:
        ids = (mentions if count == "mentions" and mentions is not None else
               published.index.to_frame(index=False))
        pairs = pd.DataFrame({"item_id": ids["item_id"].astype("string").to_numpy(),
                              "key": count})
    else:
        pairs, _ = pairs_for(check_what(by), kind, items, mentions, "timeline")
    pairs["period"] = _periods(pairs["item_id"].map(published), freq)
    pairs = pairs[pairs["period"].notna()]
    grouped = pairs.groupby(["period", "key"], observed=True)["item_id"]
    counts = grouped.nunique() if count == "items" else grouped.size()
    wide = counts.unstack("key", fill_value=0)
    totals = wide.sum().sort_values(ascending=False, kind="stable")
    columns = sorted(totals.index, key=lambda key: (-int(totals[key]), str(key)))
    wide = wide[columns[:n] if n is not None else columns]
    dates = published.dropna()
    if len(dates):
        span = pd.period_range(dates.min(), dates.max(), freq=freq).start_time
        wide = wide.reindex(span.as_unit("ns"), fill_value=0)
    wide.index = pd.DatetimeIndex(wide.index, name="period")
    wide.columns = pd.Index([str(c) for c in wide.columns], name=by or "")
    wide = wide.astype("int64")
    wide.attrs.update({"freq": freq, "by": by, "count": count})
    return wide


def _pair(
    frame: pd.DataFrame, kind: Kind, items: pd.DataFrame | None, mentions: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    return (frame, mentions) if kind == "items" else (items, frame)


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    dates = pd.to_datetime(dates)
    return dates.dt.to_period(freq).dt.start_time.astype("datetime64[ns]")
