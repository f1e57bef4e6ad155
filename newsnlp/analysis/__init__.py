"""Analysis of the `items`, `mentions` and `events` tables: counts, timelines, co-occurrence
networks, keyword-in-context lookups, plots and Jupyter display.

Most users reach these through the `df.news` accessor (see `newsnlp.frames.NewsAccessor`); the
functions here take the tables as their first argument and do the same.

Examples:
    >>> import pandas as pd
    >>> m = pd.DataFrame({"item_id": ["a", "b"], "text": ["Baku", "Baku"], "label": ["GPE"] * 2})
    >>> top(m, "place")["items"].to_dict()
    {'Baku': 2}
"""

from .counts import timeline, top
from .display import ItemView, item_view, render_item, result_html
from .lookup import kwic, mentioning
from .network import cooccurrence, event_network, to_networkx
from .plots import country_name, plot_network, plot_timeline, plot_top

__all__ = [
    "ItemView",
    "cooccurrence",
    "country_name",
    "event_network",
    "item_view",
    "kwic",
    "mentioning",
    "plot_network",
    "plot_timeline",
    "plot_top",
    "render_item",
    "result_html",
    "timeline",
    "to_networkx",
    "top",
]
