"""Co-occurrence: which entities appear together in the same items, as edges and as a graph;
and, on the `events` table, which countries take part in the same events (`event_network`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..errors import Errors, InputError, check_positive
from ._tables import (
    entity_name,
    need,
    period_bounds,
    published_of,
    require,
    table_kind,
)

#: Entities a network is drawn between by default: people, organisations and countries/places.
DEFAULT_LABELS = ("PERSON", "ORG", "GPE")

EDGE_COLUMNS = ("source", "target", "weight", "source_label", "target_label")


def cooccurrence(
    frame: pd.DataFrame,
    *,
    labels: Iterable[str] | None = DEFAULT_LABELS,
    min_weight: int = 1,
    period: str | tuple[object, object] | None = None,
    n: int | None = None,
    items: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A weighted edge table of the entities that appear in the same items.

    Entities are named by `canonical` (else the text as written), so "Aliyev" and "Ilham
    Aliyev" are one node; an item counts once per pair however often it names them.

    On an `events` table this is `event_network(frame, min_weight=..., period=..., n=...)`:
    countries that take part in the same events (`labels` is not used there).

    Args:
        frame: A `mentions` table (or an `items` table with `mentions=`), or an `events` table.
        labels: Mention labels to keep; None keeps all.
        min_weight: Keep pairs that share at least this many items.
        period: Only items published in it: "2024-09", "2024-W36"-style strings pandas reads as
            a period, or a (start, end) pair (end excluded). Needs `items` for the dates.
        n: Keep only edges between the `n` entities named in most items; None keeps all.
        items: The `items` table (for `period`).
        mentions: The `mentions` table, when `frame` is `items`.

    Returns:
        Columns source, target (source < target), weight (number of items naming both) and
        source_label, target_label (each entity's most frequent label), by weight, largest first.

    Examples:
        >>> m = pd.DataFrame({"item_id": ["a", "a", "b", "b", "b"],
        ...     "text": ["Aliyev", "Putin", "Putin", "Aliyev", "Baku"],
        ...     "label": ["PERSON", "PERSON", "PERSON", "PERSON", "GPE"]})
        >>> cooccurrence(m, labels=["PERSON"])
           source target  weight source_label target_label
        0  Aliyev  Putin       2       PERSON       PERSON
    """
    check_positive("min_weight", min_weight)
    check_positive("n", n)
    kind = table_kind(frame)
    if kind == "events":
        return event_network(frame, min_weight=min_weight, period=period, n=n)
    if kind == "items":
        items, mentions = frame, need(mentions, "mentions", "cooccurrence", kind)
    else:
        mentions = frame
    assert mentions is not None
    require(mentions, ("item_id", "text", "label"), "cooccurrence", "mentions")
    rows = mentions if labels is None else mentions[mentions["label"].isin(list(labels))]
    nodes = pd.DataFrame({"item_id": rows["item_id"].astype("string").to_numpy(),
                          "name": entity_name(rows).to_numpy(),
                          "label": rows["label"].astype("string").to_numpy()})
    if period is not None:
        start, end = period_bounds(period)
        published = published_of("mentions", items, mentions, "cooccurrence")
        when = nodes["item_id"].map(published)
        nodes = nodes[(when >= start) & (when < end)]
    label_of = _label_of(nodes)
    edges = _pair_edges(nodes[["item_id", "name"]], "item_id", n, min_weight)
    edges["source_label"] = edges["source"].map(label_of).astype("string")
    edges["target_label"] = edges["target"].map(label_of).astype("string")
    return edges[list(EDGE_COLUMNS)]


def event_network(
    events: pd.DataFrame,
    *,
    min_weight: int = 1,
    period: str | tuple[object, object] | None = None,
    n: int | None = None,
) -> pd.DataFrame:
    """Country-to-country event network: which countries take part in the same events.

    An event's participants are the countries of its `actors` and `targets`
    (`actor_countries`, `target_countries`); every pair of them is an edge, so "Armenia met
    Azerbaijan" and "Armenia and Azerbaijan signed" both link ARM and AZE. The place where it
    happened is no participant (talks in Geneva do not involve Switzerland). An event counts
    once per pair; reports of one story in several items count once each (use
    `events.drop_duplicates("event_cluster")` to count stories instead).

    Args:
        events: An `events` table.
        min_weight: Keep pairs that share at least this many events.
        period: Only events whose `event_date` falls in it ("2024-09", or a (start, end) pair).
        n: Keep only edges between the `n` countries in most events; None keeps all.

    Returns:
        The edge table of `cooccurrence` (source < target, weight = number of events; labels
        "country"), ready for `to_networkx` and `plot_network`.

    Examples:
        >>> e = pd.DataFrame({"event_id": ["a#0", "b#0", "c#0"], "item_id": ["a", "b", "c"],
        ...     "actor_countries": [["ARM"], ["ARM", "AZE"], ["RUS"]],
        ...     "target_countries": [["AZE"], [], []]})
        >>> event_network(e)
          source target  weight source_label target_label
        0    ARM    AZE       2      country      country
    """
    check_positive("min_weight", min_weight)
    check_positive("n", n)
    if table_kind(events) != "events":
        raise InputError(Errors.E092.format(method="event_network", needed="events",
                                            kind=table_kind(events)))
    columns = ("event_id", "actor_countries", "target_countries")
    require(events, (*columns, *(("event_date",) if period is not None else ())),
            "event_network", "events")
    rows = events
    if period is not None:
        start, end = period_bounds(period)
        when = pd.to_datetime(events["event_date"])
        rows = events[(when >= start) & (when < end)]
    nodes = pd.concat(
        [pd.DataFrame({"event_id": rows["event_id"].astype("string"), "name": rows[column]})
         .explode("name") for column in columns[1:]], ignore_index=True)
    nodes = nodes[nodes["name"].notna()].astype({"name": "string"})
    edges = _pair_edges(nodes, "event_id", n, min_weight)
    edges["source_label"] = pd.array(["country"] * len(edges), dtype="string")
    edges["target_label"] = pd.array(["country"] * len(edges), dtype="string")
    return edges[list(EDGE_COLUMNS)]


def _pair_edges(nodes: pd.DataFrame, key: str, n: int | None, min_weight: int) -> pd.DataFrame:
    """Weighted edges between the names that share a `key` (an item or an event): each pair
    once per key, among the `n` most frequent names, heaviest first, ties by name."""
    nodes = nodes.drop_duplicates([key, "name"])
    if n is not None:
        keep = nodes["name"].value_counts(sort=False)
        ranked = sorted(keep.index, key=lambda name: (-int(keep[name]), str(name)))[:n]
        nodes = nodes[nodes["name"].isin(ranked)]
    pairs = nodes.merge(nodes, on=key, suffixes=("_s", "_t"))
    pairs = pairs[pairs["name_s"] < pairs["name_t"]]
    edges = (pairs.groupby(["name_s", "name_t"], observed=True).size().rename("weight")
             .reset_index().rename(columns={"name_s": "source", "name_t": "target"}))
    edges = edges[edges["weight"] >= min_weight]
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)
    edges["weight"] = edges["weight"].astype("int64")
    return edges


def to_networkx(edges: pd.DataFrame) -> Any:
    """An undirected `networkx.Graph` of an edge table from `cooccurrence`.

    (Typed `Any`: networkx ships no type information, and is imported only when called.)

    Edges carry `weight`; nodes carry `label` and `weight` (the sum of their edges' weights).

    Examples:
        >>> edges = pd.DataFrame({"source": ["Aliyev"], "target": ["Putin"], "weight": [2]})
        >>> graph = to_networkx(edges)
        >>> graph["Aliyev"]["Putin"]["weight"], graph.nodes["Putin"]["weight"]
        (2, 2)
    """
    nx = import_optional("networkx", "to_networkx")
    require(edges, ("source", "target", "weight"), "to_networkx", "mentions")
    graph = nx.Graph()
    for row in edges.itertuples(index=False):
        source, target, weight = str(row.source), str(row.target), int(row.weight)  # type: ignore[arg-type]
        graph.add_edge(source, target, weight=weight)
        for node, column in ((source, "source_label"), (target, "target_label")):
            data = graph.nodes[node]
            data["weight"] = data.get("weight", 0) + weight
            if column in edges.columns and "label" not in data:
                data["label"] = str(getattr(row, column))
    return graph


def _label_of(nodes: pd.DataFrame) -> dict[str, str]:
    # An entity's most frequent label; ties go to the first label in alphabetical order.
    counts = nodes.groupby(["name", "label"], observed=True).size().rename("k").reset_index()
    counts = counts.sort_values(["name", "k", "label"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("name").set_index("name")["label"])


def import_optional(package: str, feature: str) -> Any:
    """Import an optional dependency, or [E096] saying how to install it."""
    import importlib

    try:
        return importlib.import_module(package)
    except ImportError as err:
        raise InputError(Errors.E096.format(feature=feature, package=package)) from err
