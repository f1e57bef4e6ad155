"""Lookups: the items that mention something, with each mention in its context."""

from __future__ import annotations

import re

import pandas as pd

from ..errors import check_positive
from ._tables import PLACE_LABELS, entity_name, need, require, table_kind

KWIC_COLUMNS = ("item_id", "published", "left", "match", "right", "label", "canonical")


def kwic(
    frame: pd.DataFrame,
    query: str,
    *,
    width: int = 40,
    items: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every mention of `query`, with the text around it.

    On a `mentions` table (with `items=` for the texts), `query` matches a mention's canonical
    name, its text or its country code, ignoring case: "Ilham Aliyev" finds "Aliyev" too once
    linked. On an `items` table alone, `query` is searched as plain text in the item texts.

    Args:
        frame: A `mentions` or `items` table.
        query: A name ("Sergei Lavrov"), a country code ("AZE") or, on items, any text.
        width: Characters of context on each side.
        items: The `items` table, when `frame` is `mentions`.
        mentions: The `mentions` table, to search mentions from an `items` table.

    Returns:
        Columns item_id, published, left (right-aligned), match, right, label, canonical; in
        order of publication, then of position in the item.

    Examples:
        >>> items = pd.DataFrame({"item_id": ["a"], "published": [pd.Timestamp("2024-09-02")],
        ...                       "text": ["Lavrov met Aliyev in Baku on Monday."]})
        >>> kwic(items, "aliyev", width=11)[["left", "match", "right"]].values.tolist()
        [['Lavrov met ', 'Aliyev', ' in Baku on']]
    """
    check_positive("width", width)
    kind = table_kind(frame)
    if kind == "mentions" or mentions is not None:
        mentions = frame if kind == "mentions" else need(mentions, "mentions", "kwic", kind)
        items = frame if kind == "items" else need(items, "items", "kwic", kind)
        assert mentions is not None
        assert items is not None
        hits = _mention_hits(mentions, query)
    else:
        items = frame
        require(items, ("item_id", "text"), "kwic", "items")
        hits = _text_hits(items, query)
    require(items, ("item_id", "text"), "kwic", "items")
    texts = dict(zip(items["item_id"].astype(str), items["text"].astype(str), strict=True))
    dates = (dict(zip(items["item_id"].astype(str), items["published"], strict=True))
             if "published" in items.columns else {})
    rows = []
    for hit in hits.itertuples(index=False):
        text = texts.get(str(hit.item_id))
        if text is None:
            continue
        start, end = int(hit.start), int(hit.end)  # type: ignore[arg-type]
        left = _flat(text[max(0, start - width) : start]).rjust(width)
        right = _flat(text[end : end + width])
        rows.append((str(hit.item_id), dates.get(str(hit.item_id)), left,
                     _flat(text[start:end]), right, hit.label, hit.canonical))
    table = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    table["published"] = pd.to_datetime(table["published"]).astype("datetime64[ns]")
    for column in ("item_id", "left", "match", "right", "label", "canonical"):
        table[column] = table[column].astype("string")
    table["_start"] = [int(s) for i, s in zip(hits["item_id"], hits["start"], strict=True)
                       if str(i) in texts]
    table = table.sort_values(["published", "item_id", "_start"], kind="stable")
    return table.drop(columns="_start").reset_index(drop=True)


def mentioning(
    frame: pd.DataFrame,
    query: str,
    *,
    items: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The rows of the `items` table that mention `query` (matched as in `kwic`).

    Examples:
        >>> items = pd.DataFrame({"item_id": ["a", "b"], "published": [None, None],
        ...                       "text": ["Lavrov spoke.", "Aliyev spoke."]})
        >>> mentioning(items, "Aliyev")["item_id"].tolist()
        ['b']
    """
    found = kwic(frame, query, width=1, items=items, mentions=mentions)
    table = frame if table_kind(frame) == "items" else items
    assert table is not None
    return table[table["item_id"].astype(str).isin(set(found["item_id"].astype(str)))]


def _mention_hits(mentions: pd.DataFrame, query: str) -> pd.DataFrame:
    require(mentions, ("item_id", "start", "end", "text", "label"), "kwic", "mentions")
    wanted = query.casefold()
    names = entity_name(mentions).str.casefold()
    match = (names == wanted) | (mentions["text"].astype("string").str.casefold() == wanted)
    if "country" in mentions.columns:
        # A country code finds the places in that country, not the people who are its citizens.
        codes = mentions["country"].astype("string").str.casefold()
        match |= (codes == wanted) & mentions["label"].isin(PLACE_LABELS)
    hits = mentions[match.fillna(False).astype(bool)]
    return pd.DataFrame({"item_id": hits["item_id"], "start": hits["start"], "end": hits["end"],
                         "label": hits["label"].astype("string"),
                         "canonical": entity_name(hits)})


def _text_hits(items: pd.DataFrame, query: str) -> pd.DataFrame:
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    rows = [(item_id, m.start(), m.end())
            for item_id, text in zip(items["item_id"], items["text"], strict=True)
            if isinstance(text, str) for m in pattern.finditer(text)]
    hits = pd.DataFrame(rows, columns=["item_id", "start", "end"])
    hits["label"] = pd.NA
    hits["canonical"] = pd.NA
    return hits


def _flat(text: str) -> str:
    return " ".join(text.split()) if "\n" in text or "\t" in text else text
