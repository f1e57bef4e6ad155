"""DataFrame builders: records -> the `items` and `mentions` tables of `items.py`'s schema.

Tables are built once from lists of row tuples (never by concatenating inside a loop, which
costs ~40% of NER time at scale) and cast column by column to the documented dtypes.

Importing this module registers the `df.news` accessor (`NewsAccessor`) on every DataFrame.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from . import analysis
from .analysis._tables import need, table_kind
from .analysis.network import DEFAULT_LABELS
from .items import EVENTS_SCHEMA, ITEMS_SCHEMA, MENTIONS_SCHEMA

Schema = dict[str, tuple[str, str]]


def build_frame(rows: Iterable[tuple[Any, ...]], schema: Schema) -> pd.DataFrame:
    """A DataFrame with exactly the schema's columns, in order, with the schema's dtypes.

    Examples:
        >>> df = build_frame([("a1", "x")], {"item_id": ("string", ""), "text": ("string", "")})
        >>> list(df.columns), str(df.dtypes["text"])
        (['item_id', 'text'], 'string')
    """
    frame = pd.DataFrame.from_records(list(rows), columns=list(schema))
    return frame.astype({column: dtype for column, (dtype, _) in schema.items()})


def empty_items() -> pd.DataFrame:
    """An `items` table with no rows and the documented columns."""
    return build_frame([], ITEMS_SCHEMA)


def empty_mentions() -> pd.DataFrame:
    """A `mentions` table with no rows and the documented columns."""
    return build_frame([], MENTIONS_SCHEMA)


def empty_events() -> pd.DataFrame:
    """An `events` table with no rows and the documented columns.

    Examples:
        >>> list(empty_events().columns)[:3]
        ['event_id', 'item_id', 'event_type']
    """
    return build_frame([], EVENTS_SCHEMA)


def build_events(rows: Iterable[tuple[Any, ...]]) -> pd.DataFrame:
    """The `events` table (EVENTS_SCHEMA) from the rows of `newsnlp.events.table.event_rows`."""
    return build_frame(rows, EVENTS_SCHEMA)


def check_schema(frame: pd.DataFrame, schema: Schema) -> list[str]:
    """Where `frame` departs from `schema`: missing columns and wrong dtypes (empty if none).

    Examples:
        >>> check_schema(empty_items(), ITEMS_SCHEMA)
        []
        >>> schema = {"item_id": ("string", ""), "x": ("int32", "")}
        >>> check_schema(pd.DataFrame({"item_id": [1]}), schema)
        ["column 'item_id' has dtype int64, expected string", "missing column 'x'"]
    """
    problems = []
    for column, (dtype, _) in schema.items():
        if column not in frame.columns:
            problems.append(f"missing column {column!r}")
        elif str(frame[column].dtype) != dtype:
            problems.append(f"column {column!r} has dtype {frame[column].dtype}, expected {dtype}")
    return problems


@pd.api.extensions.register_dataframe_accessor("news")
class NewsAccessor:
    """`df.news`: the questions of news analysis as one-liners on the `items` and `mentions`
    tables (registered when newsnlp is imported).

    The accessor works on either table and tells them apart by their columns; each method checks
    the columns it needs and names the missing ones ([E091]). Questions that need both tables
    (mentions over time need the items' dates; keyword in context needs their texts) take the
    other table in one of two spellings, which do the same thing:

    - bind it once: `result.mentions.news(result.items).timeline("W", by="country")`
      (`df.news(result)` binds the other table of a `TagResult`);
    - or pass it: `result.mentions.news.timeline("W", by="country", items=result.items)`.

    What there is to count (`what`, `by`): "person", "org", "place", "event" (by type) and "label"
    come from mentions; "topic", "topic_l1", "source", "category" and "dateline" from items;
    "country" from the table the accessor is on (items: items naming the country or datelined
    there; mentions: the place mentions of it). People and organisations count under their
    canonical name.

    Methods: `top`, `timeline`, `cooccurrence`, `network`, `kwic`, `mentioning`, `show`, and the
    plots `plot_top`, `plot_timeline`, `plot_network` (matplotlib Axes; `.figure.savefig(...)`).

    Examples:
        >>> import newsnlp
        >>> items = pd.DataFrame({"item_id": ["a", "b", "c"],
        ...     "published": pd.to_datetime(["2024-09-02", "2024-09-03", "2024-09-10"]),
        ...     "countries": [["AZE", "RUS"], ["AZE"], ["ARM"]], "topic": ["war", "war", "sport"]})
        >>> items.news.top("country")["items"].to_dict()
        {'AZE': 2, 'ARM': 1, 'RUS': 1}
        >>> items.news.timeline("W", by="topic")
        topic       war  sport
        period
        2024-09-02    2      0
        2024-09-09    0      1
        >>> pd.DataFrame({"x": [1]}).news.kind
        Traceback (most recent call last):
        ...
        newsnlp.errors.InputError: [E090] df.news needs an `items` or a `mentions` table, ...
    """

    def __init__(self, frame: pd.DataFrame, other: pd.DataFrame | None = None) -> None:
        self._frame = frame
        self._other = other

    def __call__(self, other: Any) -> NewsAccessor:
        """This table's accessor bound to the other table (a DataFrame, or a `TagResult`)."""
        if not isinstance(other, pd.DataFrame):
            other = other.mentions if self.kind == "items" else other.items
        return NewsAccessor(self._frame, other)

    @property
    def kind(self) -> str:
        """"items" or "mentions": which newsnlp table this is ([E090] if neither)."""
        return table_kind(self._frame)

    def _both(self, items: pd.DataFrame | None, mentions: pd.DataFrame | None) -> dict[str, Any]:
        if self.kind == "items":
            return {"mentions": mentions if mentions is not None else self._other}
        return {"items": items if items is not None else self._other}

    def top(self, what: str, n: int | None = 10, *, freq: str | None = None,
            items: pd.DataFrame | None = None,
            mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """The `n` most frequent `what`, optionally per period. See `newsnlp.analysis.top`."""
        return analysis.top(self._frame, what, n, freq=freq, **self._both(items, mentions))

    def timeline(self, freq: str = "W", by: str | None = None, *, n: int | None = 10,
                 count: str = "items", items: pd.DataFrame | None = None,
                 mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """Counts per period, one column per value of `by`. See `newsnlp.analysis.timeline`."""
        return analysis.timeline(self._frame, freq, by, n=n, count=count,
                                 **self._both(items, mentions))

    def cooccurrence(self, *, labels: Iterable[str] | None = DEFAULT_LABELS, min_weight: int = 1,
                     period: str | tuple[object, object] | None = None, n: int | None = None,
                     items: pd.DataFrame | None = None,
                     mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """Edge table (source, target, weight) of entities named in the same items.
        See `newsnlp.analysis.cooccurrence`."""
        return analysis.cooccurrence(self._frame, labels=labels, min_weight=min_weight,
                                     period=period, n=n, **self._both(items, mentions))

    def network(self, **options: Any) -> Any:
        """The `cooccurrence` edges (same options) as a `networkx.Graph`."""
        return analysis.to_networkx(self.cooccurrence(**options))

    def kwic(self, query: str, *, width: int = 40, items: pd.DataFrame | None = None,
             mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """Every mention of `query` in its context. See `newsnlp.analysis.kwic`."""
        return analysis.kwic(self._frame, query, width=width, **self._both(items, mentions))

    def mentioning(self, query: str, *, items: pd.DataFrame | None = None,
                   mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """The items that mention `query`. See `newsnlp.analysis.mentioning`."""
        return analysis.mentioning(self._frame, query, **self._both(items, mentions))

    def show(self, item: str | int = 0, *, items: pd.DataFrame | None = None,
             mentions: pd.DataFrame | None = None) -> analysis.ItemView:
        """One item (by `item_id` or row position) with its entities highlighted, for Jupyter."""
        both = self._both(items, mentions)
        if self.kind == "items":
            return analysis.item_view(self._frame, item, both["mentions"])
        return analysis.item_view(need(both["items"], "items", "show", "mentions"), item,
                                  self._frame)

    def plot_top(self, what: str, n: int | None = 10, *, freq: str | None = None,
                 title: str | None = None, ax: Any = None, **tables: Any) -> Any:
        """A bar chart of `top(what, n)`; returns the matplotlib Axes."""
        counts = self.top(what, n, freq=freq, **tables)
        return analysis.plot_top(counts, title=title, ax=ax)

    def plot_timeline(self, freq: str = "W", by: str | None = None, *, n: int | None = 8,
                      count: str = "items", kind: str = "line", title: str | None = None,
                      ax: Any = None, **tables: Any) -> Any:
        """A line (or stacked area) chart of `timeline(...)`; returns the matplotlib Axes."""
        table = self.timeline(freq, by, n=n, count=count, **tables)
        return analysis.plot_timeline(table, kind=kind, title=title, ax=ax)

    def plot_network(self, *, seed: int = 0, title: str | None = None, ax: Any = None,
                     **options: Any) -> Any:
        """A drawing of `cooccurrence(**options)` with a seeded layout; returns the Axes."""
        return analysis.plot_network(self.cooccurrence(**options), seed=seed, title=title, ax=ax)
