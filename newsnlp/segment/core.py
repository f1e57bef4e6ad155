"""The entry points: `segment`, `segment_report` and `iter_segment_file`.

They check their arguments, pick the window size and the layout, and run the passes: over a text
held in memory (`segment`, `segment_report`), or over a file read twice in windows so that it is
never in memory whole (`iter_segment_file`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from ..errors import Errors, InputError, check_positive
from ..items import Item
from ..reading import iter_text, read_text
from .layout import _DEFAULT_LAYOUT, Layout
from .passes import _cut_items, _guess_items, _iter_items
from .report import Dropped, Segmentation
from .windows import _pieces, _windows


def segment(text: str, layout: Layout | None = None, *, origin: str | None = None) -> list[Item]:
    """Split the text of a bulletin into news items.

    Args:
        text: One bulletin: an agency listing page, a wire, a numbered digest, or any text.
        layout: A description of the house layout; None (the default) detects it.
        origin: Where the text came from (e.g. a file name); it goes into `Item.item_id`.

    Returns:
        The items in the order printed. Empty or blank text gives []; text with no structure
        the segmenter recognises gives one item. `start`/`end` index the original `text`.

    Raises:
        InputError: [E006] when `text` is not a str.

    Examples:
        >>> items = segment(
        ...     "president.az\\n"
        ...     "Aliyev receives Serbian minister\\n"
        ...     "President Ilham Aliyev received Marko Djuric.\\n"
        ...     "-\\n"
        ...     "- 1 September 2024 14:18\\n"
        ...     "Politics\\n"
        ...     "-\\n"
        ...     "- 2 September 2024, 16:05\\n"
        ...     "Observers said the vote was efficiently prepared.\\n"
        ... )
        >>> [(i.source, i.title, str(i.published), i.category) for i in items]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('president.az', 'Aliyev receives Serbian minister', '2024-09-01 14:18:00', 'Politics'),
         (None, None, '2024-09-02 16:05:00', None)]
        >>> segment("BAKU, 2 September 2024 – Voting ended.")[0].dateline
        'BAKU'
        >>> segment("   ")
        []
    """
    return _segment(text, layout, origin, None)


def segment_report(
    text: str, layout: Layout | None = None, *, origin: str | None = None
) -> Segmentation:
    """Segment like `segment`, and also report every non-blank line no item keeps.

    Every non-blank line of `text` ends up in exactly one of three places: an item's `text`, an
    item's metadata (`title`, `published`, `dateline`, `source`, `category`), or `dropped`.
    Nothing vanishes unaccounted.

    Args:
        text: One bulletin, as for `segment`.
        layout: A house layout; None detects it.
        origin: Where the text came from; it goes into `Item.item_id`.

    Returns:
        A `Segmentation`: `items` exactly as `segment` returns them, and `dropped` in input order.

    Raises:
        InputError: [E006] when `text` is not a str.

    Examples:
        >>> report = segment_report(
        ...     "Polls closed.\\nShare\\nTurnout was high.\\n* * *\\nMarkets rose.")
        >>> [item.text for item in report.items]
        ['Polls closed.\\nTurnout was high.', 'Markets rose.']
        >>> [(d.text, d.kind, d.start) for d in report.dropped]
        [('Share', 'boilerplate', 14), ('* * *', 'separator', 38)]
    """
    dropped: list[Dropped] = []
    items = _segment(text, layout, origin, dropped)
    return Segmentation(items, dropped)


#: Characters segmented at a time (see `windows`): a window's line records take about 25
#: times its size at the peak, so 256 K characters cost some 8 MB, however long the text.
_WINDOW_CHARS: Final = 1 << 18


def _segment(
    text: str,
    layout: Layout | None,
    origin: str | None,
    dropped: list[Dropped] | None,
    window_chars: int = 0,
) -> list[Item]:
    """`segment`, adding the left-out lines to `dropped` unless it is None.

    A text longer than `window_chars` (default `_WINDOW_CHARS`) is segmented a window at a time.
    """
    if not isinstance(text, str):
        raise InputError(Errors.E006.format(type_name=type(text).__name__))
    size = window_chars or _WINDOW_CHARS
    layout = layout or _DEFAULT_LAYOUT
    items, plan = _guess_items(_windows(_pieces(text, size), layout, size), layout, origin, dropped)
    if items is not None:
        return items
    if plan is None:
        return []  # no lines at all
    return list(_cut_items(plan, _windows(_pieces(text, size), layout, size), origin, dropped))


def iter_segment_file(
    path: str | Path,
    layout: Layout | None = None,
    *,
    origin: str | None = None,
    window_chars: int = _WINDOW_CHARS,
) -> Iterator[Item]:
    """Segment a bulletin file of any size, yielding its items one by one.

    The items are exactly those of `segment(read_text(path), layout, origin=origin)`, offsets
    into the whole decoded text included, but the file is never held in memory: it is read
    twice, a window of about `window_chars` characters at a time. The first reading learns the
    few things that depend on the whole bulletin (which short last lines are sign-offs, whether
    the bulletin puts timestamps above or below its items, whether the first line is a
    header); the second cuts the items. Memory stays flat as the file grows, except for a file
    that is not UTF-8 (its encoding is detected on the whole file, as `read_text` does) and
    for the items that wait, at the top of a bulletin, for the first date that prints a year.

    Args:
        path: A bulletin file, in any encoding `read_text` reads.
        layout: A house layout; None detects it.
        origin: Where the text came from; it goes into `Item.item_id`.
        window_chars: About how many characters are segmented at a time.

    Raises:
        InputError: [E001] the file is not text; [E002] it cannot be read (both raised here,
            before the first item); [E009] `window_chars` is not a whole number >= 1.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = Path(tmp) / "wire.txt"
        ...     _ = path.write_text("Polls closed.\\n* * *\\nMarkets rose.\\n", encoding="utf-8")
        ...     [item.text for item in iter_segment_file(path)]
        ['Polls closed.', 'Markets rose.']
    """
    check_positive("window_chars", window_chars)
    first = iter_text(path, window_chars)  # the file's errors now, not at the first next()
    return _file_items(path, first, layout or _DEFAULT_LAYOUT, origin, window_chars)


def _file_items(
    path: str | Path, first: Iterator[str], layout: Layout, origin: str | None, size: int
) -> Iterator[Item]:
    readings = [first]

    def read() -> Iterable[str]:
        return readings.pop() if readings else iter_text(path, size)

    started = False
    try:
        for item in _iter_items(read, layout, origin, size):
            started = True
            yield item
    except UnicodeDecodeError:
        if started:
            raise  # the file changed between the two readings
        # Not UTF-8: the encoding is detected on the whole file, as `read_text` does.
        text = read_text(path)
        yield from _iter_items(lambda: _pieces(text, size), layout, origin, size)
