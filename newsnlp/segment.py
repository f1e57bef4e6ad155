"""Bulletin segmenter: bulletin text -> Items (placeholder until the segmenter lands)."""

from __future__ import annotations

from .items import Item, make_item_id


def segment(text: str, *, origin: str | None = None) -> list[Item]:
    """Split a bulletin into items (placeholder: the whole text is one item)."""
    body = text.strip()
    if not body:
        return []
    return [Item(text=body, start=0, end=len(text), item_id=make_item_id(text, 0, origin))]
