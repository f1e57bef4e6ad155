"""Plots with matplotlib: topics or countries over time, top-N bars, co-occurrence networks.

Each function draws on `ax` (or a new figure), labels the axes, titles the chart and returns the
Axes; save it with `ax.figure.savefig("chart.png", dpi=150, bbox_inches="tight")`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from .network import import_optional, to_networkx

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_FREQ_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year", "h": "hour"}
_WHAT_NAMES = {"person": "people", "org": "organisations", "place": "places", "event": "events",
               "country": "countries", "topic": "topics", "topic_l1": "top-level topics",
               "source": "sources", "category": "categories", "dateline": "datelines",
               "label": "entity types", "event_type": "event types", "actor": "actors",
               "target": "targets", "actor_country": "actors' countries",
               "target_country": "targets' countries", "place_country": "countries of the place"}
#: Colour-blind-safe (Okabe-Ito) colours for the entity labels of a network drawing.
LABEL_COLOURS = {"PERSON": "#0072B2", "ORG": "#E69F00", "GPE": "#009E73", "LOC": "#56B4E9",
                 "NORP": "#CC79A7", "FAC": "#F0E442", "REGION": "#D55E00", "EVENT": "#999999",
                 "country": "#009E73"}  # the nodes of an event network (`event_network`)


def plot_timeline(
    table: pd.DataFrame,
    *,
    kind: str = "line",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a `timeline` table: one line (or stacked area, `kind="area"`) per column.

    Examples:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> table = pd.DataFrame({"sport": [2, 0], "war": [1, 3]},
        ...                      index=pd.to_datetime(["2024-09-02", "2024-09-09"]))
        >>> ax = plot_timeline(table, title="Topics")
        >>> ax.get_title(), ax.get_ylabel()
        ('Topics', 'items per period')
        >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    plt = _pyplot()
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    ax = ax or plt.subplots(figsize=(9, 4.5), layout="constrained")[1]
    freq, by, count = (table.attrs.get(key) for key in ("freq", "by", "count"))
    names = [_display_name(str(c), by) for c in table.columns]
    x = table.index.to_pydatetime() if isinstance(table.index, pd.DatetimeIndex) else table.index
    if kind == "area":
        ax.stackplot(x, *(table[c].to_numpy() for c in table.columns), labels=names, alpha=0.85)
    else:
        for column, name in zip(table.columns, names, strict=True):
            ax.plot(x, table[column].to_numpy(), marker="o" if len(table) < 30 else None,
                    markersize=3, linewidth=1.6, label=name)
    if isinstance(table.index, pd.DatetimeIndex):
        locator = AutoDateLocator()  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    per = _FREQ_NAMES.get(str(freq), "period") if freq else "period"
    ax.set_ylabel(f"{count or 'items'} per {per}")
    ax.set_xlabel(str(table.attrs.get("dated", "published")))
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", alpha=0.3)
    if len(table.columns) > 1:
        ax.legend(title=_WHAT_NAMES.get(str(by), by), frameon=False, fontsize=8,
                  loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(title or (f"{(count or 'items').capitalize()} per {per}"
                           + (f" by {by}" if by else "")))
    return ax


def plot_top(
    counts: pd.DataFrame | pd.Series,
    *,
    column: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A horizontal bar chart of a `top` table, largest at the top, each bar labelled.

    `column` is the count drawn; None draws the table's first ("items", or "events" on events).

    Examples:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> counts = pd.DataFrame({"items": [3, 1]}, index=pd.Index(["AZE", "RUS"], name="country"))
        >>> ax = plot_top(counts)
        >>> [t.get_text() for t in ax.get_yticklabels()][::-1]  # top to bottom
        ['Azerbaijan', 'Russia']
        >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    plt = _pyplot()
    if column is None:
        column = str(counts.columns[0]) if isinstance(counts, pd.DataFrame) else "items"
    values = counts[column] if isinstance(counts, pd.DataFrame) else counts
    what = str(values.index.name or "")
    names = [_display_name(str(key), what) for key in values.index]
    ax = ax or plt.subplots(figsize=(7, 0.35 * len(values) + 1.2), layout="constrained")[1]
    from matplotlib.ticker import MaxNLocator

    bars = ax.barh(names[::-1], values.to_numpy()[::-1], color="#0072B2")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no "2.5 items"
    ax.bar_label(bars, padding=3, fontsize=8)
    ax.set_xlabel(f"number of {column}")
    ax.set_ylabel("")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.1)
    ax.set_title(title or f"Top {_WHAT_NAMES.get(what, what or 'values')} by {column}")
    return ax


def plot_network(
    edges: pd.DataFrame | Any,
    *,
    seed: int = 0,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a co-occurrence network: node size by weight, colour by label, edge width by weight.

    The layout is `networkx.spring_layout` with a fixed `seed`, so the same edges give the same
    picture.

    Examples:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> edges = pd.DataFrame({"source": ["Aliyev"], "target": ["Putin"], "weight": [2],
        ...                       "source_label": ["PERSON"], "target_label": ["PERSON"]})
        >>> ax = plot_network(edges)
        >>> ax.get_title()
        'Who appears with whom (2 entities, 1 pairs)'
        >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    plt = _pyplot()
    nx = import_optional("networkx", "plot_network")
    graph = to_networkx(edges) if isinstance(edges, pd.DataFrame) else edges
    ax = ax or plt.subplots(figsize=(9, 7), layout="constrained")[1]
    if graph.number_of_nodes():
        position = nx.spring_layout(graph, seed=seed, weight="weight",
                                    k=2.5 / max(graph.number_of_nodes(), 1) ** 0.5)
        node_weight = [graph.nodes[n].get("weight", 1) for n in graph]
        biggest = max(node_weight)
        labels = [graph.nodes[n].get("label", "") for n in graph]
        edge_weight = [graph.edges[e].get("weight", 1) for e in graph.edges]
        heaviest = max(edge_weight, default=1)
        nx.draw_networkx_edges(graph, position, ax=ax, alpha=0.35, edge_color="#555555",
                               width=[0.5 + 3.5 * w / heaviest for w in edge_weight])
        nx.draw_networkx_nodes(graph, position, ax=ax, linewidths=0.5, edgecolors="white",
                               node_size=[80 + 900 * w / biggest for w in node_weight],
                               node_color=[LABEL_COLOURS.get(lab, "#BBBBBB") for lab in labels])
        # Names just above their nodes, on a light box, so they stay readable over edges.
        nx.draw_networkx_labels(graph, {n: (x, y + 0.035) for n, (x, y) in position.items()},
                                ax=ax, font_size=8, verticalalignment="bottom",
                                bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                      "ec": "none", "alpha": 0.7})
        ax.margins(0.08)
        for label in sorted(set(labels) - {""}):
            ax.scatter([], [], color=LABEL_COLOURS.get(label, "#BBBBBB"), label=label)
        if any(labels):
            ax.legend(frameon=False, fontsize=8, loc="best", title="label")
    ax.set_axis_off()
    ax.set_title(title or (f"Who appears with whom ({graph.number_of_nodes()} entities, "
                           f"{graph.number_of_edges()} pairs)"))
    return ax


def _pyplot() -> Any:
    import_optional("matplotlib", "plotting")
    import matplotlib.pyplot as plt

    return plt


def _display_name(key: str, what: str | None) -> str:
    # Countries are alpha-3 codes in the tables; charts show their names.
    return country_name(key) if what is not None and what.endswith("country") else key


#: Names people use where ISO's differ and pycountry has no common name.
_SHORT_NAMES = {"RUS": "Russia", "MDA": "Moldova", "VEN": "Venezuela", "BOL": "Bolivia",
                "TZA": "Tanzania", "PRK": "North Korea", "LAO": "Laos", "VNM": "Vietnam"}


@cache
def country_name(code: str) -> str:
    """The English name of an ISO 3166-1 alpha-3 code (the code itself if unknown).

    Examples:
        >>> country_name("AZE"), country_name("XYZ")
        ('Azerbaijan', 'XYZ')
    """
    import pycountry

    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code
