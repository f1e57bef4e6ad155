"""Jupyter display: an item with its entities highlighted (displaCy) and its topics, and a
compact HTML summary of a pair of tables.

Every view also has a plain-text `repr`, so a notebook's text output (what the tests compare)
says the same thing as its HTML.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from ..errors import Errors, InputError
from ._tables import PLACE_LABELS, entity_name, require

#: displaCy colours for the labels newsnlp adds to spaCy's.
EXTRA_COLOURS = {"REGION": "#c7e9c0", "EVENT": "#fdd0a2"}


class ItemView:
    """One item for Jupyter: `_repr_html_` highlights its entities; `repr` is a text summary."""

    def __init__(self, item: pd.Series, mentions: pd.DataFrame | None) -> None:
        self.item = item
        self.mentions = mentions

    def _repr_html_(self) -> str:
        return render_item(self.item, self.mentions)

    def __repr__(self) -> str:
        item = self.item
        head = " · ".join(str(item[c]) for c in ("published", "dateline", "source")
                          if c in item.index and _present(item[c]))
        title = item.get("title") if _present(item.get("title")) else None
        # The id only when nothing else tells the item apart: ids depend on the file path.
        lines = [f"Item ({head})" if head else f"Item {item['item_id']}"]
        if title:
            lines.append(f"  title:  {title}")
        if self.mentions is not None and len(self.mentions):
            spans = _spans(self.mentions)
            lines.append("  entities: " + "; ".join(
                f"{text} [{label}]" for text, label in
                dict.fromkeys((str(item["text"])[s:e], lab) for s, e, lab in spans)))
        topics = _topics(item)
        if topics:
            lines.append("  topics: " + ", ".join(topics))
        return "\n".join(lines)


def item_view(items: pd.DataFrame, key: str | int, mentions: pd.DataFrame | None) -> ItemView:
    """The `ItemView` of the item whose `item_id` is `key` (or at row position `key`).

    Raises:
        InputError: [E097] no such item.

    Examples:
        >>> items = pd.DataFrame({"item_id": ["a"], "text": ["Lavrov spoke."], "topics": [[]]})
        >>> item_view(items, 0, None)
        Item a
    """
    require(items, ("item_id", "text"), "show", "items")
    ids = items["item_id"].astype(str)
    if isinstance(key, str) and (ids == key).any():
        row = items[ids == key].iloc[0]
    elif isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(items):
        row = items.iloc[key]
    else:
        raise InputError(Errors.E097.format(key=key, n_items=len(items), last=len(items) - 1))
    mine = None
    if mentions is not None:
        mine = mentions[mentions["item_id"].astype(str) == str(row["item_id"])]
    return ItemView(row, mine)


def render_item(item: pd.Series, mentions: pd.DataFrame | None) -> str:
    """HTML of one item: a header, the text with entities highlighted by displaCy, its topics.

    Examples:
        >>> item = pd.Series({"item_id": "a", "text": "Lavrov spoke.", "topics": ["politics"]})
        >>> m = pd.DataFrame({"item_id": ["a"], "start": [0], "end": [6], "text": ["Lavrov"],
        ...                   "label": ["PERSON"]})
        >>> "Lavrov" in render_item(item, m) and "politics" in render_item(item, m)
        True
    """
    from spacy import displacy

    spans = _spans(mentions) if mentions is not None else []
    title = item.get("title") if _present(item.get("title")) else None
    doc = {"text": str(item["text"]), "title": None,
           "ents": [{"start": s, "end": e, "label": label} for s, e, label in spans]}
    body = displacy.render(doc, style="ent", manual=True, jupyter=False,
                           options={"colors": EXTRA_COLOURS})
    meta = " · ".join(html.escape(str(item[c])) for c in ("published", "dateline", "source",
                                                         "category")
                      if c in item.index and _present(item[c]))
    topics = "".join(
        f'<span style="background:#eef;border-radius:3px;padding:1px 6px;margin-right:4px">'
        f"{html.escape(t)}</span>" for t in _topics(item))
    return (
        '<div class="newsnlp-item" style="max-width:60em">'
        + (f"<h4 style='margin:0 0 4px 0'>{html.escape(str(title))}</h4>" if title else "")
        + (f"<div style='color:#666;font-size:90%'>{meta}</div>" if meta else "")
        + body
        + (f"<div style='font-size:90%'>topics: {topics}</div>" if topics else "")
        + "</div>"
    )


def result_html(items: pd.DataFrame, mentions: pd.DataFrame) -> str:
    """A compact HTML summary of an `items`/`mentions` pair: sizes, dates, top entities, topics.

    Examples:
        >>> items = pd.DataFrame({"item_id": ["a"], "published": [pd.Timestamp("2024-09-02")],
        ...                       "topic": ["election"]})
        >>> m = pd.DataFrame({"item_id": ["a"], "text": ["Aliyev"], "label": ["PERSON"]})
        >>> "1 items" in result_html(items, m) and "Aliyev" in result_html(items, m)
        True
    """
    rows: list[tuple[str, str]] = []
    if "published" in items.columns and items["published"].notna().any():
        dates = pd.to_datetime(items["published"]).dropna()
        rows.append(("published", f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"))
    if "label" in mentions.columns and len(mentions):
        people = mentions[mentions["label"] == "PERSON"]
        rows.append(("people", _top_names(entity_name(people))))
        if "country" in mentions.columns:
            places = mentions[mentions["label"].isin(PLACE_LABELS)]
            rows.append(("countries", _top_names(places["country"].dropna())))
        rows.append(("labels", _top_names(mentions["label"].astype(str))))
    if "topic" in items.columns:
        rows.append(("topics", _top_names(items["topic"].dropna())))
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
        f"<td style='text-align:left'>{html.escape(v)}</td></tr>" for k, v in rows if v)
    return (f"<div class='newsnlp-result'><b>TagResult</b>: {len(items):,} items, "
            f"{len(mentions):,} mentions<table>{cells}</table></div>")


def _top_names(values: pd.Series, n: int = 5) -> str:
    counts = values.astype(str).value_counts()
    ranked = sorted(counts.index, key=lambda k: (-int(counts[k]), k))[:n]
    return ", ".join(f"{k} ({counts[k]})" for k in ranked)


def _spans(mentions: pd.DataFrame) -> list[tuple[int, int, str]]:
    # displaCy draws non-overlapping spans: named entities win over the event phrases that
    # may contain them, then longer spans over shorter ones.
    rows = sorted(((int(s), int(e), str(lab)) for s, e, lab in
                   zip(mentions["start"], mentions["end"], mentions["label"], strict=True)),
                  key=lambda r: (r[2] == "EVENT", r[0] - r[1], r[0]))
    kept: list[tuple[int, int, str]] = []
    for start, end, label in rows:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, label))
    return sorted(kept)


def _topics(item: pd.Series) -> list[str]:
    topics: Any = item.get("topics")
    if isinstance(topics, list | tuple) or hasattr(topics, "tolist"):
        return [str(t) for t in list(topics)]
    return [str(item["topic"])] if _present(item.get("topic")) else []


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) \
        and value is not pd.NA and value is not pd.NaT
