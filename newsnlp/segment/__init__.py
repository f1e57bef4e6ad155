"""Bulletin segmenter: the text of a bulletin page, wire or digest -> one `Item` per news item.

How it works, in four passes over the lines of the input:

1. Each line gets a kind from its own shape: blank, separator ("-", "* * *"), boilerplate
   ("Photo sessions", "Share", "Read more"), timestamp (a line that parses entirely as a date
   and/or time), source (a domain such as "president.az", or "Source: ..."), body.
2. Context refines body lines: a short line without a final period that opens a block and is
   followed by text is a title ("1. Title (10:34)" in digests); a one-to-three-word capitalised
   line next to a timestamp is a category; an all-caps word above a title is a source.
3. Body lines form runs (blank and boilerplate lines inside a run are paragraph breaks); a line
   that opens with a dateline ("BAKU, 2 September 2024 – ") starts a new run. Each run is one
   item. The metadata lines between two runs are split between the item before (trailing
   metadata: "body / - timestamp / Category") and the item after (leading metadata:
   "- timestamp / body", "source / title / body"): titles always lead, the last separator line
   closes the previous item, and a timestamp otherwise goes to the body it touches (no blank
   line in between), or, when that is ambiguous, the way the rest of the bulletin does it.
4. Dates without a year (wire datelines "March 16", "2 SEP, 16:05") and times without a date
   (digest "(10:34)") take the missing part from context: a header date or neighbouring items.

Line records cost many times the text, so a long text is segmented a window at a time, cut where
no item can straddle; the few decisions that depend on the whole bulletin (sign-offs, where
ambiguous timestamps go, the header) are counted over all windows, and `iter_segment_file`
streams a file in flat memory with the same items as `segment(read_text(path))`.

Pages pasted from a browser rarely mark their items; between passes 3 and 4 the page's own shape
decides (`structure`): which short lines are titles, whether untitled paragraphs or lines are
items, where the header ends, and which dates date the items under them. No pattern reads more
than the first 1,000 characters of a line (datelines: 200), so the work per line is bounded and
segmenting is linear in the text.

A `Layout` can describe a house layout with regular expressions; each pattern given replaces
the automatic detection of that kind of line (a title or separator pattern also turns the
structure inference off: the layout then describes the records). Auto-detection is the default
and knows nothing about any particular source.

The modules follow the data, each using only those above it:

- `layout`: `Layout` and its compiled patterns.
- `credits`: outlet credits outside the dateline ("(Reuters)", "Via X", "By A | X", "... (X)").
- `lines`: passes 1 and 2, the line records and their kinds.
- `boilerplate`: site furniture told by shape (repeated template lines, echoed titles, link
  labels and rows, counters, bylines, contact lines), marked as each line is read and, for what
  only the whole page shows, from pass one's count.
- `assemble`: passes 3 and 4, lines -> runs -> drafts -> dated `Item`s.
- `structure`: the record structure a page repeats (titled, untitled, a list of titles), counted
  over the whole page, and the runs cut into records by it: header, titles, labels, list entries.
- `pagedate`: the page's own date, printed once in its header or foot, for the items that
  print none.
- `report`: `Dropped` and `Segmentation`, the account of the lines no item keeps.
- `windows`: the input cut into windows at lines no item can straddle.
- `passes`: the two readings of the windows, for the whole-bulletin decisions, then the items.
- `core`: the entry points `segment`, `segment_report` and `iter_segment_file`.
"""

from .core import iter_segment_file, segment, segment_report
from .layout import Layout
from .report import Dropped, Segmentation

__all__ = [
    "Dropped",
    "Layout",
    "Segmentation",
    "iter_segment_file",
    "segment",
    "segment_report",
]
