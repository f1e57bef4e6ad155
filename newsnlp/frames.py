"""DataFrame builders: records -> the `items` and `mentions` tables of `items.py`'s schema.

Tables are built once from lists of row tuples (never by concatenating inside a loop, which
costs ~40% of NER time at scale) and cast column by column to the documented dtypes.

Importing this module registers the `df.news` accessor (`NewsAccessor`) on every DataFrame.

CSV has no list type: `write_csv` writes the list columns (dtype "object" in the schema:
`countries`, `topics`, `topics_l1`) as JSON arrays (`["FIN", "LVA"]`, `[]` for none, an empty
cell for null), which any JSON parser reads and which no topic name's comma can break;
`read_csv` reads such a file back into the schema's dtypes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from .items import EVENTS_SCHEMA, ITEMS_SCHEMA, MENTIONS_SCHEMA

# `newsnlp.analysis` needs the entity modules (spaCy), which `import newsnlp` does not load: the
# accessor's methods import it on first use.
if TYPE_CHECKING:
    from . import analysis

#: `df.news.cooccurrence`'s default labels: `newsnlp.analysis.network.DEFAULT_LABELS`, written
#: out so that registering the accessor does not import the analysis modules (a test checks).
_COOCCURRENCE_LABELS = ("PERSON", "ORG", "GPE")

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


def list_columns(schema: Schema) -> list[str]:
    """The columns of `schema` that hold lists of str (dtype "object").

    Examples:
        >>> list_columns(ITEMS_SCHEMA)
        ['countries', 'topics', 'topics_l1']
    """
    return [column for column, (dtype, _) in schema.items() if dtype == "object"]


def encode_list(value: Any) -> str | None:
    """One list cell as CSV writes it: a JSON array, or None (an empty cell) for null.

    Examples:
        >>> encode_list(["economy, business and finance"]), encode_list([]), encode_list(None)
        ('["economy, business and finance"]', '[]', None)
    """
    if value is None or (not isinstance(value, Iterable) and pd.isna(value)):
        return None
    return json.dumps([str(v) for v in value], ensure_ascii=False)


def decode_list(value: Any) -> Any:
    """A CSV cell written by `encode_list` back as a list; any other value as it is.

    Examples:
        >>> decode_list('["FIN", "LVA"]'), decode_list(""), decode_list("plain text")
        (['FIN', 'LVA'], None, 'plain text')
    """
    if not isinstance(value, str):
        return value
    if not value:
        return None
    if value.startswith("["):
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        if isinstance(decoded, list) and all(isinstance(v, str) for v in decoded):
            return decoded
    return value


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str] | IO[str]) -> None:
    """Write a newsnlp table as CSV, its list columns as JSON arrays (the caller's frame is
    not changed).

    Examples:
        >>> import io
        >>> frame = pd.DataFrame({"item_id": ["a"], "countries": [["FIN", "LVA"]]})
        >>> out = io.StringIO()
        >>> write_csv(frame, out)
        >>> print(out.getvalue().strip())
        item_id,countries
        a,"[""FIN"", ""LVA""]"
    """
    lists = [c for c in frame.columns if c in _LIST_COLUMNS or _holds_lists(frame[c])]
    encoded = frame.copy()
    for column in lists:
        encoded[column] = pd.array([encode_list(v) for v in frame[column]], dtype="string")
    encoded.to_csv(path, index=False)


def read_csv(path: str | os.PathLike[str] | IO[str], schema: Schema = ITEMS_SCHEMA
             ) -> pd.DataFrame:
    """Read a table written by `write_csv` (or `newsnlp tag -o OUT.csv`) back, with the
    schema's dtypes and its list columns as lists; columns the schema does not know are kept
    as strings.

    Examples:
        >>> import io
        >>> frame = pd.DataFrame({"item_id": ["a", "b"], "countries": [["FIN", "LVA"], []]})
        >>> out = io.StringIO()
        >>> write_csv(frame, out)
        >>> back = read_csv(io.StringIO(out.getvalue()))
        >>> back["countries"].tolist(), str(back["item_id"].dtype)
        ([['FIN', 'LVA'], []], 'string')
    """
    lists = list_columns(schema)
    # Everything as str first: CSV says nothing about types, and text must stay as written.
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    dtypes: dict[str, str] = {}
    for column in frame.columns:
        if column in lists:
            frame[column] = [decode_list(value) for value in frame[column]]
            continue
        dtype = schema[column][0] if column in schema else "string"
        values = frame[column].replace("", None)
        if dtype.startswith("datetime64"):
            frame[column] = pd.to_datetime(values).astype(dtype)  # type: ignore[call-overload]
        elif dtype in {"int32", "int64", "Int64", "Float64"}:
            frame[column] = pd.to_numeric(values).astype(dtype)  # type: ignore[call-overload]
        elif dtype == "boolean":  # pandas writes True/False; astype does not read them back
            frame[column] = pd.array([None if pd.isna(v) else _BOOLEANS[v] for v in values],
                                     dtype="boolean")
        else:
            frame[column] = values
            dtypes[column] = dtype
    return frame.astype(dtypes)


_BOOLEANS = {"True": True, "False": False, "true": True, "false": False}
_LIST_COLUMNS = frozenset(list_columns(ITEMS_SCHEMA) + list_columns(MENTIONS_SCHEMA)
                          + list_columns(EVENTS_SCHEMA))


def decode_list_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row with the list columns of newsnlp's tables (`countries`, `topics`, ...) read
    back as lists: how an archive run's CSV input keeps them as lists in `meta`.

    Examples:
        >>> decode_list_cells({"text": "[a]", "countries": '["FIN", "LVA"]'})
        {'text': '[a]', 'countries': ['FIN', 'LVA']}
    """
    return {column: decode_list(value) if column in _LIST_COLUMNS else value
            for column, value in row.items()}


def _holds_lists(column: pd.Series) -> bool:
    return column.dtype == object and any(isinstance(v, list | tuple) for v in column.head(50))


@pd.api.extensions.register_dataframe_accessor("news")
class NewsAccessor:
    """`df.news`: the questions of news analysis as one-liners on the `items`, `mentions` and
    `events` tables (registered when newsnlp is imported).

    The accessor works on any of the three and tells them apart by their columns; each method checks
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
    canonical name. On `events` (one row per event) the whats are the event's: "event_type",
    "cameo", "modality", "actor", "target", "actor_country", "target_country",
    "place_country" and "country" (any of those three); counts are of events, dates are
    `event_date`, and `cooccurrence` is the country-to-country event network
    (`newsnlp.analysis.event_network`). `kwic`, `mentioning` and `show` need items and
    mentions ([E145] on events).

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
        >>> events = pd.DataFrame({"event_id": ["a#0", "b#0", "b#1"], "item_id": ["a", "b", "b"],
        ...     "event_type": ["meeting", "meeting", "statement"],
        ...     "event_date": pd.to_datetime(["2024-09-02", "2024-09-03", "2024-09-10"]),
        ...     "actor_countries": [["ARM"], ["ARM"], ["RUS"]],
        ...     "target_countries": [["AZE"], ["AZE"], []]})
        >>> events.news.top("event_type")["events"].to_dict()
        {'meeting': 2, 'statement': 1}
        >>> events.news.cooccurrence()[["source", "target", "weight"]]
          source target  weight
        0    ARM    AZE       2
        >>> pd.DataFrame({"x": [1]}).news.kind
        Traceback (most recent call last):
        ...
        newsnlp.errors.InputError: [E090] df.news needs an `items`, a `mentions` or an ...
    """

    def __init__(self, frame: pd.DataFrame, other: pd.DataFrame | None = None) -> None:
        self._frame = frame
        self._other = other

    def __call__(self, other: Any) -> NewsAccessor:
        """This table's accessor bound to the other table (a DataFrame, or a `TagResult`: its
        mentions for items, its items for mentions and events)."""
        if not isinstance(other, pd.DataFrame):
            other = other.mentions if self.kind == "items" else other.items
        return NewsAccessor(self._frame, other)

    @property
    def kind(self) -> str:
        """"items", "mentions" or "events": which newsnlp table this is ([E090] if none)."""
        from .analysis._tables import table_kind

        return table_kind(self._frame)

    def _both(self, items: pd.DataFrame | None, mentions: pd.DataFrame | None) -> dict[str, Any]:
        if self.kind == "items":
            return {"mentions": mentions if mentions is not None else self._other}
        if self.kind == "events":
            return {"items": items if items is not None else self._other, "mentions": mentions}
        return {"items": items if items is not None else self._other}

    def _not_on_events(self, method: str) -> None:
        if self.kind == "events":
            from .errors import Errors, InputError

            raise InputError(Errors.E145.format(method=method))

    def top(self, what: str, n: int | None = 10, *, freq: str | None = None,
            items: pd.DataFrame | None = None,
            mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """The `n` most frequent `what`, optionally per period. See `newsnlp.analysis.top`."""
        from . import analysis

        return analysis.top(self._frame, what, n, freq=freq, **self._both(items, mentions))

    def timeline(self, freq: str = "W", by: str | None = None, *, n: int | None = 10,
                 count: str | None = None, items: pd.DataFrame | None = None,
                 mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """Counts per period, one column per value of `by`. See `newsnlp.analysis.timeline`."""
        from . import analysis

        return analysis.timeline(self._frame, freq, by, n=n, count=count,
                                 **self._both(items, mentions))

    def cooccurrence(self, *, labels: Iterable[str] | None = _COOCCURRENCE_LABELS,
                     min_weight: int = 1,
                     period: str | tuple[object, object] | None = None, n: int | None = None,
                     items: pd.DataFrame | None = None,
                     mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """Edge table (source, target, weight) of entities named in the same items; on events,
        of countries taking part in the same events. See `newsnlp.analysis.cooccurrence`."""
        from . import analysis

        return analysis.cooccurrence(self._frame, labels=labels, min_weight=min_weight,
                                     period=period, n=n, **self._both(items, mentions))

    def network(self, **options: Any) -> Any:
        """The `cooccurrence` edges (same options) as a `networkx.Graph`."""
        from . import analysis

        return analysis.to_networkx(self.cooccurrence(**options))

    def kwic(self, query: str, *, width: int = 40, items: pd.DataFrame | None = None,
             mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """Every mention of `query` in its context. See `newsnlp.analysis.kwic`."""
        self._not_on_events("kwic")
        from . import analysis

        return analysis.kwic(self._frame, query, width=width, **self._both(items, mentions))

    def mentioning(self, query: str, *, items: pd.DataFrame | None = None,
                   mentions: pd.DataFrame | None = None) -> pd.DataFrame:
        """The items that mention `query`. See `newsnlp.analysis.mentioning`."""
        self._not_on_events("mentioning")
        from . import analysis

        return analysis.mentioning(self._frame, query, **self._both(items, mentions))

    def show(self, item: str | int = 0, *, items: pd.DataFrame | None = None,
             mentions: pd.DataFrame | None = None) -> analysis.ItemView:
        """One item (by `item_id` or row position) with its entities highlighted, for Jupyter."""
        self._not_on_events("show")
        both = self._both(items, mentions)
        from . import analysis
        from .analysis._tables import need

        if self.kind == "items":
            return analysis.item_view(self._frame, item, both["mentions"])
        return analysis.item_view(need(both["items"], "items", "show", "mentions"), item,
                                  self._frame)

    def plot_top(self, what: str, n: int | None = 10, *, freq: str | None = None,
                 title: str | None = None, ax: Any = None, **tables: Any) -> Any:
        """A bar chart of `top(what, n)`; returns the matplotlib Axes."""
        counts = self.top(what, n, freq=freq, **tables)
        from . import analysis

        return analysis.plot_top(counts, title=title, ax=ax)

    def plot_timeline(self, freq: str = "W", by: str | None = None, *, n: int | None = 8,
                      count: str | None = None, kind: str = "line", title: str | None = None,
                      ax: Any = None, **tables: Any) -> Any:
        """A line (or stacked area) chart of `timeline(...)`; returns the matplotlib Axes."""
        table = self.timeline(freq, by, n=n, count=count, **tables)
        from . import analysis

        return analysis.plot_timeline(table, kind=kind, title=title, ax=ax)

    def plot_network(self, *, seed: int = 0, title: str | None = None, ax: Any = None,
                     **options: Any) -> Any:
        """A drawing of `cooccurrence(**options)` with a seeded layout; returns the Axes."""
        from . import analysis

        return analysis.plot_network(self.cooccurrence(**options), seed=seed, title=title, ax=ax)
