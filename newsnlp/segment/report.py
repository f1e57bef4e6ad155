"""`Dropped` and `Segmentation`: the account of every non-blank line that no item keeps.

`segment_report` promises that each non-blank line of the input is in an item's text, in its
metadata, or reported here as dropped, with the reason; `_kept` says which lines of a draft its
item keeps, and `_drop` records the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ..items import Item
from .assemble import _Draft
from .lines import _BODY, _BOILER, _CAT, _HEADER, _SEP, _SIGNOFF, _SRC, _TITLE, _TS, _Line


@dataclass(frozen=True, slots=True)
class Dropped:
    """A non-blank line of the input that is in no item's text or metadata.

    Attributes:
        start: Offset of the line's first non-space character in the input.
        end: Offset just past its last non-space character.
        text: The line, stripped.
        kind: Why it was left out: "separator", "boilerplate" (page furniture), "signoff",
            "header" (the bulletin's own date line, used to date the items), "timestamp" (a
            second timestamp of an item, or one that could not be given a year), "source" or
            "category" (a second label of an item).
        reason: For boilerplate found by its shape on the page (`boilerplate`), which signal:
            "repeated line", "link label", "byline", "counter", "no words"; else None.
    """

    start: int
    end: int
    text: str
    kind: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Segmentation:
    """What `segment_report` found: the items, and every non-blank line left out of them."""

    items: list[Item]
    dropped: list[Dropped]


_DROPPED_KINDS: Final = {
    _SEP: "separator",
    _BOILER: "boilerplate",
    _SIGNOFF: "signoff",
    _HEADER: "header",
    _TS: "timestamp",
    _SRC: "source",
    _CAT: "category",
}


def _drop(line: _Line) -> Dropped:
    kind = _DROPPED_KINDS.get(line.kind, "other")
    reason = line.reason if kind == "boilerplate" else None
    return Dropped(line.start, line.end, line.text, kind, reason)


def _kept(draft: _Draft, item: Item) -> set[_Line]:
    """The lines of a draft its item keeps: body lines, every title (the first is the title, the
    others open the text), the source and category lines whose value it took, and the
    timestamps its `published` was made from."""
    return {
        line
        for line in draft.lines
        if line.kind in (_BODY, _TITLE)
        or (line.kind == _SRC and line.value == item.source)
        or (line.kind == _CAT and line.value == item.category)
        or (
            line.kind == _TS
            and item.published is not None
            and any(line.stamp is used for used in draft.used)
        )
    }
