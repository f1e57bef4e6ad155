"""`Layout`: a house layout described by regular expressions, compiled once per layout.

A pattern given replaces the automatic detection of one kind of line (`lines._classify`); the
compiled patterns are cached, since the same layout segments every bulletin of a source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..errors import Errors, InputError


@dataclass(frozen=True, slots=True)
class Layout:
    """A description of a house layout, as regular expressions matched against whole lines.

    Every pattern is matched with `re.fullmatch` against a line stripped of surrounding white
    space. A pattern given replaces the automatic detection of that kind of line; kinds left as
    None are still detected automatically. Where a pattern has a named group `value`, that
    group is the value kept (the title, source or category text, or the timestamp text parsed
    as a date); otherwise the whole line is.

    Attributes:
        separator: Lines that separate items, e.g. ``r"-{3,}"``.
        timestamp: Timestamp lines, e.g. ``r"Posted (?P<value>.+)"``; the value must parse as
            a date and/or time.
        title: Title lines, e.g. ``r"## (?P<value>.+)"``.
        source: Source lines, e.g. ``r"Source: (?P<value>.+)"``.
        category: Category lines, e.g. ``r"\\[(?P<value>[A-Za-z ]+)\\]"``.
        boilerplate: Page furniture to drop from item text, e.g. ``r"Print|Email"``.
        signoff: A sign-off that ends an item and is not part of its text, e.g. ``r"Reuter"``.
        dayfirst: Read "02.09.2024" as 2 September (True, the default) or 9 February.

    Raises:
        InputError: [E007] when a pattern is not a valid regular expression.

    Examples:
        >>> from newsnlp.segment import segment
        >>> layout = Layout(title=r"## (?P<value>.+)")
        >>> [i.title for i in segment("## Oil rises\\nPrices rose.", layout)]
        ['Oil rises']
    """

    separator: str | None = None
    timestamp: str | None = None
    title: str | None = None
    source: str | None = None
    category: str | None = None
    boilerplate: str | None = None
    signoff: str | None = None
    dayfirst: bool = True

    def __post_init__(self) -> None:
        _compile_layout(self)  # fail at construction, not on the first bulletin


_PATTERN_FIELDS: Final = (
    "separator",
    "timestamp",
    "title",
    "source",
    "category",
    "boilerplate",
    "signoff",
)


@lru_cache(maxsize=64)
def _compile_layout(layout: Layout) -> dict[str, re.Pattern[str]]:
    compiled: dict[str, re.Pattern[str]] = {}
    for name in _PATTERN_FIELDS:
        pattern = getattr(layout, name)
        if pattern is None:
            continue
        try:
            compiled[name] = re.compile(pattern)
        except re.error as err:
            raise InputError(Errors.E007.format(field=name, pattern=pattern, reason=err)) from err
    return compiled


_DEFAULT_LAYOUT: Final = Layout()
