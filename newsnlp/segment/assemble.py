"""Passes 3 and 4: classified lines -> runs of body lines -> drafts -> dated `Item`s.

A run of body lines is one item; sign-offs come off the ends of runs; the metadata lines between
two runs are split between the item above and the item below (`_lead_start`); a draft gathers an
item's lines and picks its timestamp; `_date_drafts` fills in the years and dates a bulletin
leaves out from the dates around them; `_to_item` makes the `Item`. These are the rules for one
stretch of lines; `passes` applies them to a whole bulletin, window by window.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from ..dates import Stamp, parse_timestamp, with_year
from ..items import Item, Precision, make_item_id
from .credits import end_credit, title_credit, title_source
from .lines import (
    _BLANK,
    _BODY,
    _BOILER,
    _CAT,
    _HEADER,
    _SEP,
    _SIGNOFF,
    _SRC,
    _TITLE,
    _TS,
    _Line,
)

_SENTENCE_END: Final = tuple('.!?"”’»)')
# A labelled date closing a feed's teaser paragraph ("... Read full story Date: 23
# January, 2026 6:00 pm [...]"): the entry's date, printed inside its excerpt.
_TAIL_DATE_RE: Final = re.compile(
    r"(?<!\w)(?:date|published|posted(?:\s+on)?)\s*:?\s+(?P<date>[^:\[…]{6,60}?(?::\d\d(?:\s*[ap]\.?m\.?)?)?)"
    r"\s*(?:\[…\]|\[\.\.\.\]|…|\.\.\.)?$",
    re.IGNORECASE,
)
_KNOWN_SIGNOFFS: Final = frozenset(
    {"reuter", "reuters", "ap", "afp", "end", "(end)", "ends", "-0-", "###", "xxx"}
)


# ---------------------------------------------------------------------------------------------
# Pass 3: runs of body lines and the metadata between them.


def _runs(lines: list[_Line]) -> list[list[int]]:
    runs: list[list[int]] = []
    current: list[int] = []
    pending: list[int] = []  # blank and boilerplate lines that may sit inside a run
    for i, line in enumerate(lines):
        if line.kind == _BODY:
            if current and line.dateline is None:
                current.extend(pending)
            elif current:
                runs.append(current)
                current = []
            pending = []
            current.append(i)
        elif line.kind in (_BLANK, _BOILER) and current:
            pending.append(i)
        elif current:
            runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return runs


@dataclass(slots=True)
class _SignoffCount:
    """How many runs the whole input has, and how many of them end on each short line."""

    runs: int = 0
    last_texts: Counter[str] = field(default_factory=Counter)

    def add(self, lines: list[_Line], runs: list[list[int]]) -> None:
        for run in runs:
            self.runs += 1
            text = lines[run[-1]].text
            if len(run) > 1 and len(text) <= 20 and len(text.split()) <= 2:
                self.last_texts[text.lower()] += 1

    def repeated(self, key: str) -> bool:
        """A short last line that ends many runs is a sign-off (key: the line, lower-cased)."""
        return self.last_texts.get(key, 0) >= max(2, self.runs // 2)


def _signoff_key(lines: list[_Line], run: list[int]) -> str | None:
    """The lower-cased last line of a run that may end on a sign-off; None if it cannot."""
    return lines[run[-1]].text.lower() if len(run) >= 2 else None


def _popped(lines: list[_Line], run: list[int]) -> int:
    """How many lines a sign-off takes off the end of its run: itself and the blank lines above."""
    n = len(run) - 1
    while n > 0 and lines[run[n - 1]].kind != _BODY:
        n -= 1
    return len(run) - n


def _mark_signoffs(
    lines: list[_Line], runs: list[list[int]], count: _SignoffCount, asked: set[str]
) -> None:
    """Take the sign-offs off the ends of the runs; `asked` gets the lines the count decided."""
    for run in runs:
        key = _signoff_key(lines, run)
        if key is not None and key not in _KNOWN_SIGNOFFS:
            asked.add(key)
        if key is not None and (key in _KNOWN_SIGNOFFS or count.repeated(key)):
            lines[run[-1]].kind = _SIGNOFF
            del run[len(run) - _popped(lines, run) :]


def _lead_start(
    kinds: Sequence[str], prev_stamped: bool, convention: str | None
) -> tuple[int, str | None]:
    """Where, in the metadata lines between two bodies, the next item's lines begin.

    Returns the index into `gap` and, when a timestamp decided it unambiguously, which way
    ("lead" or "trail") it went, so the rest of the bulletin can follow the same convention.
    `kinds` are the kinds of the gap's lines, in order.
    """
    lead = next((j for j, k in enumerate(kinds) if k == _TITLE), len(kinds))
    while lead > 0 and kinds[lead - 1] in (_SRC, _CAT) and (lead - 2 < 0 or kinds[lead - 2] != _TS):
        lead -= 1  # the label right above a title goes with it
    if lead < len(kinds):
        label = lead
        while label > 0 and kinds[label - 1] == _BLANK:
            label -= 1
        if label > 0 and kinds[label - 1] == _CAT and (label < 2 or kinds[label - 2] != _TS):
            lead = label - 1  # a section label set apart by a blank line heads the title too
    head = kinds[:lead]
    seps = [j for j, k in enumerate(head) if k == _SEP]
    if seps:
        cut = seps[-1] + 1
        if _TS in head[cut:] and lead < len(kinds) and not prev_stamped:
            # "- timestamp / Category" after the last separator but above the next item's
            # title: it closes the previous item, which has no date of its own.
            return lead, "trail"
        decided = None
        if _TS in head[:cut]:
            decided = "trail"
        elif _TS in head[cut:]:
            decided = "lead"
        return cut, decided
    stamps = [j for j, k in enumerate(head) if k == _TS]
    if not stamps:
        return len(head), None  # sign-offs, boilerplate: the end of the previous item
    t = stamps[0]
    # A link line ("Read more") closes the item above as a blank line does.
    touches_prev = _BLANK not in head[:t] and _BOILER not in head[:t]
    # A stamp right above the next item's title touches that item as much as the item above:
    # which of the two it dates is then the page's habit, not this gap's (a date that heads
    # the next entry is never the previous one's because no blank line sets it apart).
    touches_next = _BLANK not in head[t + 1 :] and (
        lead == len(kinds) or _BOILER not in head[t + 1 :]
    )
    end_of_stamp = t + 1
    while end_of_stamp < len(head) and head[end_of_stamp] == _CAT:
        end_of_stamp += 1
    if not touches_prev and lead < len(kinds) and touches_next:
        return _with_categories_above(head, t), "lead"  # right above a title: its date
    if touches_prev and not touches_next:
        cut = max((j + 1 for j, k in enumerate(head) if k == _BLANK), default=end_of_stamp)
        return max(cut, end_of_stamp), "trail"
    if touches_next and not touches_prev:
        return _with_categories_above(head, t), "lead"
    # Blank lines on both sides, or none: follow the bulletin's habit, else fill the gap the
    # previous item has.
    way = convention or ("lead" if prev_stamped else "trail")
    if way == "lead":
        return _with_categories_above(head, t), None
    return end_of_stamp, None


def _with_categories_above(kinds: Sequence[str], t: int) -> int:
    """Where the timestamp line `t` starts, with the category lines right above it."""
    start = t
    while start > 0 and kinds[start - 1] == _CAT:
        start -= 1
    return start


# ---------------------------------------------------------------------------------------------
# Pass 4: items.


@dataclass(slots=True)
class _Draft:
    lines: list[_Line]  # all lines of the block, in order
    body: list[_Line]
    stamp: Stamp | None = None
    used: tuple[Stamp, ...] = ()  # the printed stamps that `stamp` was made from
    published: datetime | None = None
    precision: Precision | None = None
    inherited: Stamp | None = None  # the bulletin's or section's date, for a draft printing none
    ago: timedelta | None = None  # a relative time printed with the draft ("2 hours ago")


def _pick_stamp(stamps: Sequence[Stamp]) -> tuple[Stamp | None, tuple[Stamp, ...]]:
    """The item's stamp, and the printed stamps it was made from (the others are dropped)."""
    full = [s for s in stamps if s.has_date and s.has_time]
    if full:
        best = max(full, key=lambda s: s.has_year)
        return best, (best,)
    dated = [s for s in stamps if s.has_date]
    timed = [s for s in stamps if s.has_time]
    if dated:
        date = max(dated, key=lambda s: s.has_year)
        if timed:
            t = timed[0].value
            value = date.value.replace(hour=t.hour, minute=t.minute, second=t.second)
            return Stamp(value, True, date.has_year, True), (date, timed[0])
        return date, (date,)
    return (timed[0], (timed[0],)) if timed else (None, ())


def _last_body(run: list[_Line]) -> _Line | None:
    """The run's last line of text: where a teaser's date or a glued credit is printed."""
    return next((line for line in reversed(run) if line.kind == _BODY), None)


def _draft(
    lead: list[_Line], run: list[_Line], trail: list[_Line], page: Stamp | None = None
) -> _Draft:
    """`page`: the page's own date line, when it is the only full date printed; it dates the
    page (see `pagedate`), so the item next to it takes it as a date only, not as its own."""
    stamps = [st for line in (*lead, *trail) if (st := line.stamp) is not None and st != page]
    dateline = run[0].dateline
    if dateline is not None and dateline.stamp is not None:
        stamps.append(dateline.stamp)
    last = _last_body(run)
    if not stamps and last is not None and (tail := _TAIL_DATE_RE.search(last.text[-90:])):
        printed = parse_timestamp(tail.group("date"))
        if printed is not None and printed.has_date and printed.has_year:
            stamps.append(printed)
    stamp, used = _pick_stamp(stamps)
    ago = next((line.ago for line in (*lead, *trail) if line.ago is not None), None)
    return _Draft(lines=lead + run + trail, body=run, stamp=stamp, used=used, ago=ago)


def _full_date(stamp: Stamp | None) -> datetime | None:
    return stamp.value if stamp is not None and stamp.has_date and stamp.has_year else None


def _date_drafts(
    drafts: Sequence[_Draft], context: datetime | None, ahead: datetime | None
) -> datetime | None:
    """Fill in the years and dates the drafts do not print; returns the context after them.

    `context` is the last full date above the drafts (the header's or an earlier item's);
    `ahead` is the first full date printed below them, used only while there is no context.
    """
    for d in drafts:
        s = d.stamp
        if s is None:
            if d.inherited is not None:  # "as a date only": the bulletin's time is not the item's
                page = d.inherited.value
                if d.ago is not None:
                    # "Yesterday" / "3 hours ago" under a page that prints its date: counted
                    # back from that date (from its time when it prints one), to a date only.
                    page = page - d.ago if d.inherited.has_time else page - timedelta(d.ago.days)
                d.published, d.precision = page.replace(hour=0, minute=0), "date"
                d.published = d.published.replace(second=0, microsecond=0)
            continue
        if s.has_date and s.has_year:
            d.published, context = s.value, s.value
        else:
            ref = context if context is not None else ahead
            if ref is None:
                continue  # no year anywhere: better no date than an invented one
            if s.has_date:
                d.published = with_year(s.value, ref)
            else:
                d.published = datetime.combine(ref.date(), s.value.time())
            context = d.published
        d.precision = "time" if s.has_time else "date"
    return context


def _join_body(body: list[_Line], first_offset: int) -> str:
    uses_indent = any(line.indent for line in body[1:] if line.kind == _BODY)
    parts: list[str] = []
    prev: _Line | None = None
    gap = False
    for n, line in enumerate(body):
        if line.kind != _BODY:
            gap = True
            continue
        s = line.text[first_offset:].strip() if n == 0 else line.text
        if not s:
            continue
        if prev is None or not parts:
            parts.append(s)
        else:
            if uses_indent:
                brk = gap or line.indent > 0
            else:
                brk = gap or parts[-1].endswith(_SENTENCE_END)
            parts.append(("\n" if brk else " ") + s)
        prev, gap = line, False
    return "".join(parts)


def _to_item(text: str, base: int, d: _Draft, origin: str | None) -> Item:
    """The item of a draft; `text` is the input from offset `base` on, covering the block."""
    body_set = set(d.body)
    meta = [line for line in d.lines if line not in body_set]
    titles = [line for line in meta if line.kind == _TITLE]
    if not titles and len(d.body) == 1 and d.body[0].title_only:
        titles = [d.body[0]]
    dateline = d.body[0].dateline
    body = _join_body(d.body, dateline.body_offset if dateline else 0)
    if len(titles) > 1:  # a second title-shaped line is kept as text, not dropped
        body = "\n".join([*(t.text for t in titles[1:]), body])
    source = next((line.value for line in meta if line.kind == _SRC), None)
    source = source or next((line.source for line in meta if line.source), None)
    if source is None and dateline is not None:
        source = dateline.agency
    source = source or next((line.credit for line in d.lines if line.credit), None)
    if source is None and (last := _last_body(d.body)) is not None:
        # "... on Monday. (Reuters)": the credit glued to the end of the last sentence.
        source = end_credit(last.text)
    title = titles[0].value if titles else None
    if title and (labelled := title_source(title)) is not None:
        title = labelled[0]  # "HARBOUR FIRE  Source: City Wire": the slug is the title
        source = source or labelled[1]
    if source is None and title:
        source = title_credit(title)  # "Harbour reopens (City Wire)"
    category = next((line.value for line in meta if line.kind == _CAT), None)
    category = category or next((line.category for line in meta if line.category), None)
    edges = [line for line in d.lines if line.kind not in (_BLANK, _SEP, _HEADER, _BOILER)]
    edges = edges or [line for line in d.lines if line.kind not in (_BLANK, _SEP)]
    start, end = edges[0].start, edges[-1].end
    return Item(
        text=body,
        start=start,
        end=end,
        item_id=make_item_id(text[start - base : end - base], start, origin),
        title=title,
        published=d.published,
        precision=d.precision if d.published is not None else None,
        # A dateline of a date only (place "") names no place.
        dateline=(dateline.place or None)
        if dateline
        else next((x.place for x in meta if x.place), None),
        source=source,
        category=category,
    )
