"""The page's own date: one date a bulletin prints once, at its top or its foot, for every item.

A press review, a digest, a live blog or a briefing often prints a single date for the whole
page: "FRIDAY, 16 SEPTEMBER 2022" under its name, "Published: 22 Jan 2021, 08:00 AM IST" under
its last update, "- 3 May 2013 12:57" after the last summary. Every item that prints no date of
its own is of that day (as a date only: the page's clock time is not the item's).

Which date is the page's is decided from the whole page (`_PageDates`, fed every line in
order, in pass one, so a streamed file decides as the whole text does):

- the page prints full dates (day, month and year) of one calendar day only, on date lines and
  in datelines: two different days are the items' or the sections' own dates, never one page's;
- that date stands on a line of its own (a timestamp line), not inside a sentence: dates in
  text and captions are what the story says, not when it was printed;
- it stands in the page's header (above its first paragraph, a sentence) or in its foot (the
  last quarter of its lines): a lone date among undated paragraphs mid-page is one item's;
- the page has at least two paragraphs: on a page of one item the date is that item's own.

When that date is the only full date the page prints (`only`), the item it stands beside takes
it as a date only as well: the page's clock time is not that item's either. A clock-only entry
("15:11 PM EDT") takes the page's day.

The page's dates also say things about each other, read from the whole page:

- which way its timestamps go when blank lines set each apart (`direction`: above or below the
  first record's paragraph), and, between two records with datelines, the one whose dateline
  prints the date's day (`dateline_way`);
- a date and time first on the page under no name, and a line saying when the page was updated,
  archived or retrieved, date no record (`date`, `update_stamp`);
- numeric dates are read month first on a page that prints one only that reading allows
  (`monthfirst`, `reread_month_first`).

The rules read the lines' kinds and positions only, never a word of a particular site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from ..dates import Stamp
from .lines import _BLANK, _BODY, _TS, _classify_timestamp, _Line

# The foot of a page: its last quarter of non-blank lines. A page's own date is printed under
# the items (a "Published:" line, the review's date before the sidebar); a date any higher up
# sits among the items and is one of theirs.
_FOOT_SHARE: Final = 0.75
# Paragraphs a page needs before a date may be its own rather than its only item's.
_MIN_BODIES: Final = 2


# A paragraph is a sentence: it ends on sentence punctuation or runs to this many words. The
# short lines above the first one (site name, menus, the bulletin's title) are the header.
_PARAGRAPH_WORDS: Final = 10


# The label of a stamp that says when the page was edited, not when it was published.
# Anywhere on the line: "Last update: ...", "Archived 2 Mar 2025", "This page was retrieved on".
_UPDATE_LABEL_RE: Final = re.compile(
    r"(?<!\w)(?:updated?|modified|edited|refreshed|archived|retrieved|accessed|captured"
    r"|crawled)(?!\w)",
    re.IGNORECASE,
)


# A numeric date, day and month in either order ("9/26/2025", "26.09.2025").
_NUMERIC_DATE_RE: Final = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?!\d)")


def update_stamp(text: str) -> bool:
    """The line says when the page was edited or copied, not when it was published.

    Examples:
        >>> update_stamp("Last updated: 3 May 2025, 10:05"), update_stamp("Archived 3 May 2025")
        (True, True)
        >>> update_stamp("3 May 2025")
        False
    """
    return bool(_UPDATE_LABEL_RE.search(text))


def _paragraph(text: str) -> bool:
    return text.rstrip("\"”’»)").endswith((".", "!", "?")) or len(text.split()) >= _PARAGRAPH_WORDS


def _dateline_date(line: _Line) -> date | None:
    stamp = line.dateline.stamp if line.dateline is not None else None
    return stamp.value.date() if stamp is not None and stamp.has_date and stamp.has_year else None


@dataclass(frozen=True, slots=True)
class PageDate:
    """What the whole page says about its dates, decided in pass one for pass two.

    One value, so two plans' decisions about the page's dates compare with one `!=`.

    Attributes:
        date: The page's own date, for items printing none (`_PageDates.date`).
        only: The same, when no item prints a full date (`_PageDates.only`).
        day: The day clock-only entries take (`_PageDates.day`).
        edited: The page's date is its last edit, so it dates no record.
        monthfirst: The page prints numeric dates month first (`_PageDates.monthfirst`).

    Examples:
        >>> PageDate() == PageDate(None, None, None, False, False)
        True
    """

    date: Stamp | None = None
    only: Stamp | None = None
    day: Stamp | None = None
    edited: bool = False
    monthfirst: bool = False


@dataclass(slots=True)
class _PageDates:
    """Counts over the page's lines, in order, that find the page's own date (`date`)."""

    lines: int = 0  # non-blank lines so far
    bodies: int = 0  # body lines so far
    first_body: int | None = None  # the position of the first paragraph
    stamp: Stamp | None = None  # the first full date printed on a line of its own
    at: int = 0  # its position among the non-blank lines
    days: int = 0  # how many different calendar days the page's full dates name
    count: int = 0  # how many lines print a full date
    datelines: set[date] = field(default_factory=set)  # the days the datelines print
    # The positions of the first two timestamp lines (any stamp, a clock time too).
    stamps_at: list[int] = field(default_factory=list)
    edited: bool = False  # that date is labelled as the page's last edit
    paragraphs_after: int = 0  # paragraphs below that date
    # Numeric dates that can only be read month first ("9/26/2025") or day first.
    month_first: int = 0
    day_first: int = 0
    first_titled: int | None = None  # the first paragraph right under a short line
    _after_short: bool = False  # the last non-blank line is a short body line

    def add(self, lines: list[_Line]) -> None:
        """Count one window's lines (every window of the page, in order)."""
        for line in lines:
            if line.kind == _BLANK:
                continue
            if line.kind == _BODY:
                self.bodies += 1
                paragraph = _paragraph(line.text)
                self.paragraphs_after += paragraph and self.stamp is not None
                if self.first_body is None and paragraph:
                    self.first_body = self.lines
                if self.first_titled is None and paragraph and self._after_short:
                    self.first_titled = self.lines
            self._after_short = line.kind == _BODY and not _paragraph(line.text)
            stamp = line.stamp if line.kind == _TS else None
            if stamp is not None and (numeric := _NUMERIC_DATE_RE.search(line.text)):
                first, second = int(numeric.group(1)), int(numeric.group(2))
                self.month_first += first <= 12 < second
                self.day_first += second <= 12 < first
            if stamp is not None and len(self.stamps_at) < 2:
                self.stamps_at.append(self.lines)
            if stamp is not None and stamp.has_date and stamp.has_year:
                self.count += 1
                if self.stamp is None:
                    self.stamp, self.at, self.days = stamp, self.lines, 1
                    self.edited = update_stamp(line.text)
                elif stamp.value.date() != self.stamp.value.date():
                    self.days += 1
            elif (dated := _dateline_date(line)) is not None:
                # A dateline's date ("HONG KONG, 16 March 1987 – ") is its item's own: it
                # counts as a date printed on the page, never as the page's.
                self.count += 1
                if len(self.datelines) < 2:  # two days already rule out any one page date
                    self.datelines.add(dated)
            self.lines += 1

    def date(self) -> Stamp | None:
        """The page's own date, or None when it prints none (or several days).

        A date with a clock time first on the page, under no name, over records that
        print no date, is when the page was made or last updated ("August 31, 2015 10:59 UTC"
        over a "latest" listing), not the records' own day: it dates none of them (`day` still
        gives its day to clock-only entries). A bulletin prints its date under its name.
        A stamp labelled as an edit ("Last updated: ...") is the page's date all the same
        (relative times count back from it) but dates no record (`edited`).
        """
        day = self.day()
        if day is not None and day.has_time and self.at == 0 and self._foot() > 0:
            return None  # first on the page, under no name (see `structure._under_a_name`)
        return day

    def _foot(self) -> float:
        return _FOOT_SHARE * (self.lines - 1)

    def day(self) -> Stamp | None:
        """The page's day, a stamp with a clock time first on the page too: the day its
        clock-only entries take."""
        if self.stamp is None or self.days != 1 or self.bodies < _MIN_BODIES:
            return None
        if self.datelines - {self.stamp.value.date()}:
            return None  # the items print days of their own
        in_header = self.first_body is None or self.at < self.first_body
        in_foot = self.at >= self._foot()
        return self.stamp if in_header or in_foot else None

    def only(self) -> Stamp | None:
        """The page's date when it is the only full date the page prints: then it is the
        page's alone, not also the own date of the item it stands next to (whose clock time
        the page's is not)."""
        if self.count != 1:
            return None
        day = self.day()  # not `date()`: a stamp atop the page, with its clock, counts too
        if day is not None and self.first_body is not None and self.at > self.first_body:
            # Below the first paragraph and over another one, it stands between two
            # records, not under the page: one of theirs, clock time and all.
            return None if self.paragraphs_after else day
        return day

    def direction(self, header: bool) -> str | None:
        """Which way the page's timestamps go, from where its first one stands.

        Records are printed alike, so the first record shows the page's habit: a first
        timestamp above the first record's paragraph heads that record ("lead"); that
        paragraph above the first timestamp means the records print their dates under them
        ("trail").
        The page's own date (`header`: its first line; or the page's date printed without
        a clock time) is no record's and is skipped. None when the page prints no paragraph
        or no timestamp.
        """
        stamps = self.stamps_at
        # A page's day heading prints a date only; a first record's stamp of that same day
        # (the page's date too, when all are of one day) prints its clock time.
        page = self.date()
        own = page is not None and not page.has_time and stamps[:1] == [self.at]
        if stamps and ((header and stamps[0] == 0) or own):
            stamps = stamps[1:]
        # The first record's paragraph: the first one under a headline (a sentence above any
        # headline is the page's intro or an app banner), else the first paragraph.
        first = self.first_titled if self.first_titled is not None else self.first_body
        if not stamps or first is None:
            return None
        return "lead" if stamps[0] < first else "trail"

    def monthfirst(self) -> bool:
        """The page prints its numeric dates month first: one of them cannot be read
        day first ("9/26/2025") and none cannot be read month first. A page prints all its
        dates one way, so "9/4/2025" on that page is 4 September."""
        return self.month_first > 0 and self.day_first == 0

    def decide(self) -> PageDate:
        """What the lines counted so far say about the page's dates, as one value."""
        return PageDate(self.date(), self.only(), self.day(), self.edited, self.monthfirst())


def dateline_way(gap: list[_Line], above: list[_Line], below: list[_Line]) -> str | None:
    """The record a lone date between two records belongs to, when their datelines
    tell: the one whose dateline prints the date's day ("May 4" under "4 May 2019, 14:00"),
    if the other's prints another day. None when they do not tell.

    Args:
        gap: The lines between the two records, where the lone date stands.
        above: The lines of the record above the gap.
        below: The lines of the record below it.

    Returns:
        "trail" (the record above), "lead" (the record below) or None.

    Examples:
        >>> from newsnlp.dates import parse_timestamp
        >>> from newsnlp.segment.lines import _Dateline
        >>> def record(day: str) -> list[_Line]:
        ...     line = _Line(0, 30, f"OSLO, {day} (City Wire) Talks.", 0)
        ...     line.dateline = _Dateline("OSLO", parse_timestamp(day), "City Wire", 24)
        ...     return [line]
        >>> gap = [_Line(0, 18, "04 May 2019, 14:00", 0, _TS, stamp=parse_timestamp("04 May 2019"))]
        >>> dateline_way(gap, record("May 6"), record("May 4"))
        'lead'
        >>> dateline_way(gap, record("May 4"), record("May 4")) is None
        True
    """
    stamps = [line.stamp for line in gap if line.kind == _TS and line.stamp is not None]
    if len(stamps) != 1 or not stamps[0].has_date:
        return None
    day = (stamps[0].value.month, stamps[0].value.day)

    def days(run: list[_Line]) -> tuple[int, int] | None:
        dateline = run[0].dateline if run else None
        stamp = dateline.stamp if dateline is not None else None
        return (stamp.value.month, stamp.value.day) if stamp and stamp.has_date else None

    up, down = days(above), days(below)
    if up is None or down is None or (up == day) == (down == day):
        return None
    return "trail" if up == day else "lead"


def reread_month_first(lines: list[_Line], page: Stamp | None) -> None:
    """Read the timestamp lines again month first, on a page that prints its numeric
    dates that way (`_PageDates.monthfirst`); `page`, the page's own date line, is kept.

    Examples:
        >>> line = _Line(0, 8, "9/4/2025", 0)
        >>> _classify_timestamp(line, True), line.stamp.value.month
        (True, 4)
        >>> reread_month_first([line], None)
        >>> line.stamp.value.month
        9
    """
    for line in lines:
        if line.kind == _TS and line.stamp not in (None, page):
            _classify_timestamp(line, False)
