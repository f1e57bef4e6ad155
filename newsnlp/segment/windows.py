"""The input cut into windows of lines, at lines that no item can straddle.

Line records cost many times the text, so a long text is split into lines, classified and
refined a window at a time, and only a window of line records is alive at once. A window ends
only before a line that closes any run of body lines and that the context rules of pass 2 read
as they read the end of the text, so every line gets the kind it would get in the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Final

from .boilerplate import _Furniture
from .layout import Layout, _compile_layout
from .lines import (
    _BLANK,
    _BODY,
    _BOILER,
    _CAT,
    _SEP,
    _SIGNOFF,
    _SRC,
    _TITLE,
    _TS,
    _classify,
    _Line,
    _make_line,
    _refine,
    _split_line,
)

_NEWLINE_RE: Final = re.compile(r"\r\n|\r|\n")


# A window may end just before a line of these kinds: it closes any run of body lines, and the
# context rules of `_refine` read a line of a kind other than body or timestamp exactly as they
# read the end of the text. Blank and boilerplate lines may sit inside a run, so a window may
# end before them only when what follows them cannot continue a run either.
_CUT_KINDS: Final = frozenset({_SEP, _SRC, _CAT, _TITLE, _SIGNOFF})
# How many lines below a line `_refine` may read to decide it, with margin: the title rules read
# two lines down, the category rule three, and those lines' own decisions a few more.
_LOOKAHEAD: Final = 8


@dataclass(slots=True)
class _Window:
    text: str  # the input from offset `base` to where the next window starts
    base: int
    lines: list[_Line]  # classified and refined


def _windows(chunks: Iterable[str], layout: Layout, size: int) -> Iterator[_Window]:
    """The input, given in pieces, as windows of at least `size` characters (but the last)."""
    patterns = _compile_layout(layout)
    buf, base = "", 0  # the input not yet in a window, from offset `base`
    pos = 0  # offset of the next line not yet split off
    seen = 0  # no line break from `pos` up to this offset: a long line is not scanned again
    lines: list[_Line] = []  # the lines of `buf` split off so far
    blank_from: int | None = None  # where the blank/boilerplate lines ending `lines` begin
    # A blank line to end the window before, and the body line under the blank lines that decides.
    maybe: tuple[int, int] | None = None
    furniture = _Furniture() if "boilerplate" not in patterns else None  # reads lines in order

    def split(final: bool) -> Iterator[_Line]:
        nonlocal pos, seen
        text, at = buf, base  # `cut` replaces `buf` while these lines are read
        rel = pos - at
        seen, scan_from = at + len(text), max(rel, seen - at)
        for match in _NEWLINE_RE.finditer(text, scan_from):
            if not final and match.end() == len(text) and match.group() == "\r":
                seen = at + match.start()
                break  # perhaps the first half of a "\r\n" split between two pieces
            line = _make_line(text, rel, match.start(), at)
            rel = match.end()
            pos = at + rel
            yield from _split_line(line)
        if final and rel < len(text):
            pos = at + len(text)
            yield from _split_line(_make_line(text, rel, len(text), at))

    def cut(n: int, end: int) -> _Window:
        nonlocal buf, base, lines, blank_from
        window = _Window(buf[: end - base], base, lines[:n])
        buf, base, lines = buf[end - base :], end, lines[n:]
        blank_from = None if blank_from is None else blank_from - n
        _refine(window.lines, patterns)
        return window

    def add(new: Iterable[_Line]) -> Iterator[_Window]:
        nonlocal blank_from, maybe
        for line in new:
            _classify(line, patterns, layout.dayfirst)
            if furniture is not None:  # site furniture by shape and echo
                furniture.mark(line)
            if maybe is not None and len(lines) - maybe[1] > _LOOKAHEAD:
                yield from settle()
            if line.kind in (_BLANK, _BOILER):
                if blank_from is None:
                    blank_from = len(lines)
            else:
                at = blank_from if blank_from is not None else len(lines)
                end = _raw(lines[at]) if at < len(lines) else _raw(line)
                if at and end - base >= size:
                    if _may_end_before(line, blank_from is not None):
                        maybe = None
                        yield cut(at, end)
                    elif blank_from is not None and maybe is None and line.kind == _BODY:
                        maybe = (at, len(lines))
                blank_from = None
            lines.append(line)

    def settle() -> Iterator[_Window]:
        # A body line under blank lines ends the run above it only if `_refine` makes it a
        # title or a label, which depends on a few lines below it: try it on copies.
        nonlocal maybe
        assert maybe is not None
        at, first = maybe
        maybe = None
        sample = [replace(line) for line in lines[at : first + _LOOKAHEAD + 1]]
        _refine(sample, patterns)
        if sample[first - at].kind != _BODY:
            yield cut(at, _raw(lines[at]))

    for chunk in chunks:
        buf += chunk
        yield from add(split(final=False))
    yield from add(split(final=True))
    if maybe is not None:
        yield from settle()
    if lines:
        _mark_cut(lines, buf)
        yield cut(len(lines), base + len(buf))


# How a line that finishes what it says ends; a line the input stops inside ends otherwise.
_FINISHED: Final = tuple('.!?…:;"”’»)]')


def _mark_cut(lines: list[_Line], tail: str) -> None:
    """Mark the last line when the input stops inside it: no line break after it and no
    sentence end. A page copied or stored up to a size limit ends mid-item ("... on Tuesday of
    ope"); that last line is a lead cut short, however short it is, not a headline."""
    if not tail or tail.endswith(("\n", "\r")):
        return
    last = lines[-1]
    if last.kind == _BODY and last.text and not last.text.endswith(_FINISHED):
        last.cut_off = True


def _raw(line: _Line) -> int:
    """Where the line starts in the input, its indent included."""
    return line.start - line.indent


def _may_end_before(line: _Line, after_blanks: bool) -> bool:
    """A window may end before `line` (or before the blank lines above it): see _CUT_KINDS."""
    if line.kind in _CUT_KINDS:
        return True
    return after_blanks and (line.kind == _TS or (line.kind == _BODY and line.dateline is not None))


def _pieces(text: str, size: int) -> Iterator[str]:
    """A text held in memory, in pieces as `_windows` reads them from a file."""
    for start in range(0, len(text), size):
        yield text[start : start + size]
