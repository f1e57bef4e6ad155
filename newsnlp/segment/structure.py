"""The record structure a page repeats, inferred from the whole page, and runs cut by it.

Real pages are pasted as one block per line: a listing prints "title / lead" pairs, a
news-in-brief column untitled paragraphs, a headline page a list of titles, a current-events
page bullets under section headings. Pass 2 (`lines._refine`) reads each line with its close
neighbours only; here the whole page votes on its shape first (`_ShapeCount`, summed over every
window in order, so a streamed file decides as the whole text does), and then each run of body
lines is cut into records by that shape (`_Records`):

- a hard-wrapped page (sentences go on in lower case on the next line) is left to the wire
  rules: its lines are not blocks;
- a *titled* page repeats "short headline-shaped line, then a paragraph": each such short line
  is a title and starts a record;
- a *title list* is mostly short headline-shaped lines one under another: each is a
  title-only record;
- an *untitled* page repeats paragraphs: each paragraph (split at blank lines, or at line breaks
  when the page has no blank lines between paragraphs) is a record, a short line between two is
  a section label (the category of the records under it), a bulleted list entry is one record;
- on every page, what comes before the first record (site name, menus, the bulletin's title,
  bylines, intros) is the header, and a date printed there dates every record that prints none.

Every rule reads layout only (lengths, case, punctuation, bullets, blank lines, repetition),
never words of a particular site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from ..dates import MONTH_PATTERN, Stamp, parse_timestamp
from .credits import end_credit, title_credit
from .lines import (
    _BLANK,
    _BODY,
    _BOILER,
    _CAT,
    _HEADER,
    _PATTERN_CAP,
    _SEP,
    _SRC,
    _TITLE,
    _TS,
    _bracketed,
    _is_intro,
    _Line,
)
from .pagedate import update_stamp

# A sentence that ends inside a line: a word in lower case (or a number), its full stop, then a
# capital.
_SENTENCE_INSIDE_RE: Final = re.compile(r"[a-z0-9]{2}[.!?][\"”’]?\s+[A-Z(“\"]")  # "93. (BBC)"
# A number in front of a list entry: "1. ", "2) ".
_NUMBER_RE: Final = re.compile(r"\d{1,3}[.)]\s+")
# A link glued to the end of a cut lead.
_GLUED_LINK_RE: Final = re.compile(r"\s(?i:continue\s+reading|read\s+more)\W*$")
# A list marker in front of a line: a bullet, or a number "1." / "2)".
_MARK_RE: Final = re.compile(r"(?:[-–—•·*▪►]{1,3}|\d{1,3}[.)])\s+")  # "** " nests
# Markdown's strong emphasis around a heading, as a page converted to text keeps it:
# "**Weather**", or "**Weather" when the closing marks fell in the next element.
_STRONG_RE: Final = re.compile(r"(\*\*|__)(?P<inner>[^\s*_](?:[^*_]{0,150}[^\s*_])?)(?:\1)?")
_WORD_RE: Final = re.compile(r"\w+")
# A paragraph ends on sentence punctuation (or on the ellipsis a listing cuts a lead with).
_SENTENCE_END: Final = tuple('.!?…"”’»)')
# A full date inside a header line: "Midday Express of 2012-09-28", "All News 13:04 December
# 28, 2017", "March 31, Friday, 2023 (1:30 p.m.) Newsline ...".
_DATE_IN_LINE_RE: Final = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?i:{MONTH_PATTERN})\.?[ \t]+\d{{1,2}}(?:,[ \t]*[A-Za-z]+)?,?[ \t]+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}[ \t]+(?i:{MONTH_PATTERN})\.?,?[ \t]+(?:19|20)\d{{2}}"
    r"|\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}"
)
# Shares of the page that decide its shape.
_WRAPPED_SHARE: Final = 0.2  # body lines that go on a sentence in lower case: hard-wrapped
_TITLE_LIST_SHARE: Final = 0.7
_MIN_TITLE_LIST: Final = 5  # headlines one under another, at least, for a list of titles
_CREDITED_SHARE: Final = 0.6  # paragraphs ending "(Outlet)": story summaries, not leads
_LISTED_SHARE: Final = 0.6  # paragraphs that are list entries: the page is a list
# More short lines than this one under another, on a titled page, are a table or list inside
# an item's text, not titles (a title stands over its paragraph; a teaser or two above it).
_MAX_SHORTS: Final = 3
# At most this many paragraphs above the first title are a page's captions and intro.
_MAX_INTROS: Final = 2  # short lines among the body lines: a list of titles


def _marked(text: str) -> bool:
    return bool(_MARK_RE.match(text))


def _unmarked(text: str) -> str:
    match = _MARK_RE.match(text)
    if match:
        return text[match.end() :]
    strong = _STRONG_RE.fullmatch(text)
    return strong["inner"] if strong else text


def _is_short(line: _Line, dotted: bool = True) -> bool:
    """Headline-shaped: short, capitalised, not a finished sentence (a title may end on "." when
    it is a few words, as radio scripts print them, unless `dotted` is False: the page's own
    headlines end on none, see `_Census.plan`)."""
    s = _unmarked(line.text)
    if line.dateline is not None or not s or len(s) > 200 or line.cut_off:
        return False  # a line the input ends inside is a lead cut short, not a headline
    words = len(s.split())
    if words > 28 or not any(c.isalpha() for c in s):
        return False
    first = s[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘«([<>‹›"):
        return False
    if _bracketed(s):
        return False  # a stage cue or an aside in brackets
    if s.endswith("..") or s.endswith("…"):
        return False  # a lead cut by the listing
    if s[-1] in ",;:":
        return False
    if _SENTENCE_INSIDE_RE.search(s):
        return False  # a sentence ends inside it: "... the border town. (Daily Wire)"
    if end_credit(s) is not None:
        return False  # a sentence and its credit ("... the town. — Daily Wire")
    # A final full stop (inside closing quotes too) only on a few words, no other sentence.
    bare = s.rstrip("\"”’»'")
    return not (bare[-1:] in ".!?" and bare[-1:] != s[-1:]) and not (
        bare[-1:] == "." and (not dotted or words > 8 or bare[:-1].count(". ") > 0)
    )


_JOINERS: Final = frozenset({"and", "&", "of", "the", "in", "for"})


def _uncut(line: _Line) -> _Line:
    """The line as if the input went on after it (see `_Line.cut_off`)."""
    return replace(line, cut_off=False) if line.cut_off else line


def _is_label(line: _Line) -> bool:
    """One to three capitalised words: a section or source label ("Politics", "Local news."),
    not a headline, which says what happened in more words."""
    s = _unmarked(line.text).rstrip(".")
    # Joining words do not count: "Armed conflicts and attacks" is a three-word label.
    words = [w for w in s.split() if w not in _JOINERS]
    return (
        1 <= len(words) <= 3
        and len(s) <= 40
        and not any(c.isdigit() for c in s)
        and s[:1].isupper()
        and s[-1:].isalpha()
    )


def _is_long(line: _Line) -> bool:
    return line.kind == _BODY and not _is_short(line)


@dataclass(slots=True)
class _ShapeCount:
    """Counts over the page's lines, in order, that decide its shape (`shape`)."""

    body: int = 0  # body lines
    short: int = 0  # headline-shaped body lines
    wrapped: int = 0  # body lines that go on the sentence of the line above, in lower case
    titles: int = 0  # lines pass 2 found to be titles
    short_then_long: int = 0  # a short line, then (blank lines between or not) a paragraph
    short_then_short: int = 0  # a short line right under a short line
    label_then_long: int = 0  # a one-to-three-word line, then a paragraph
    long_after_blank: int = 0  # a paragraph under a paragraph, a blank line between
    long_after_long: int = 0  # a paragraph right under a paragraph
    stamps: int = 0  # timestamp lines
    clocks: int = 0  # timestamp lines that print a clock time: one record's each
    marked_long: int = 0  # paragraphs with a bullet or a number in front: list entries
    credited: int = 0  # paragraphs that end on an outlet in brackets: "... people. (Reuters)"
    numbered: int = 0  # body lines with a number in front: "1. ", "2) "
    datelined: int = 0  # paragraphs that open with a dateline
    longs: int = 0  # paragraphs
    first_datelined: bool = False  # the first paragraph opens with a dateline
    delimiters: int = 0  # separator, timestamp and source lines: records the page delimits
    two_heads: int = 0  # exactly two short lines (a headline, its standfirst), then a paragraph
    one_head: int = 0  # one short line, or three or more, then a paragraph
    _shorts: int = 0  # short lines since the last other line
    _paragraph_seen: bool = False  # a body line that is no short line came before
    _prev: str = ""  # the kind of shape of the last non-blank line: "S", "L", "T", "" (other)
    _prev_text: str = ""
    _blank_since: bool = False
    _hugs_above: bool = False  # the last line sits under a paragraph, no blank line between
    _block_long: bool = False  # the block of lines without a blank line so far holds a paragraph
    _real_blank: bool = False  # a blank line (not only a link line) since the last line
    rules_as_breaks: bool = False  # count separator lines as paragraph breaks (`_RuleCount`)
    dotted: bool = True  # a few words ending on "." may be a headline (see `_is_short`)

    def add(self, lines: list[_Line]) -> None:
        for line in lines:
            if line.kind in (_BLANK, _BOILER) or (self.rules_as_breaks and line.kind == _SEP):
                # A link line between paragraphs parts them too.
                self._blank_since = True
                self._real_blank = self._real_blank or line.kind == _BLANK
                self._block_long = self._block_long and line.kind != _BLANK
                continue
            now = ""
            if line.kind == _TITLE:
                self.titles += 1
                now = "T"
            elif line.stamp is not None and line.kind != _BODY:
                self.stamps += 1
                self.clocks += line.stamp.has_time
                # A time stamps one record; a date alone may head a day of them.
                self.delimiters += line.stamp.has_time
                if self._prev == "S":
                    continue  # "headline / date / lead": the date does not part them
            elif line.kind in (_SEP, _SRC):
                self.delimiters += 1
            elif line.kind == _BODY and _is_short(line, self.dotted) and _is_label(line):
                # A section or source label parts what is above from what is below; one right
                # over a paragraph may be its (short) title.
                self._hugs_above = self._block_long
                self._prev, self._blank_since, self._block_long = "label", False, False
                self._real_blank = False
                continue
            elif line.kind == _BODY and line.cut_off:
                # Where the input stops, mid-sentence: neither a headline nor a paragraph of
                # the page's shape; the shape is what the page shows before it.
                continue
            elif line.kind == _BODY and len(line.text) > _PATTERN_CAP:
                # Longer than any listing entry: the paragraph of an article, no evidence of
                # records (and, as everywhere, no pattern reads it whole).
                self.body += 1
            elif line.kind == _BODY:
                self.body += 1
                now = "S" if _is_short(line, self.dotted) else "L"
                if (
                    self._prev in ("S", "L")
                    and not self._blank_since
                    and line.text[0].islower()
                    and not self._prev_text.endswith(_SENTENCE_END)
                ):
                    self.wrapped += 1
                if now == "L" and _marked(line.text):
                    self.marked_long += 1
                if _NUMBER_RE.match(line.text):
                    self.numbered += 1
                if now == "L" and line.text.endswith(")") and _entry_credit(line.text):
                    self.credited += 1
                if line.dateline is not None:
                    self.datelined += 1
                    self.first_datelined = self.first_datelined or self.longs == 0
                self.longs += now == "L"
                if now == "S":
                    self.short += 1
                    if self._prev == "S" and not self._blank_since:
                        self.short_then_short += 1
                elif self._prev == "label" and not (self._hugs_above and self._real_blank):
                    self.label_then_long += 1
                elif self._prev == "S" and not _marked(line.text):
                    # A short line right under a paragraph with a blank line below it closes
                    # that paragraph (a sign-off, a credit); a title is set apart above or
                    # hugs its paragraph below.
                    if not (self._hugs_above and self._real_blank):
                        self.short_then_long += 1
                    elif self._prev_text.endswith(_SENTENCE_END):
                        # The short sentence ended the paragraph above: this is the next one.
                        self.long_after_blank += 1
                elif self._prev == "L":
                    if self._blank_since:
                        self.long_after_blank += 1
                    else:
                        self.long_after_long += 1
            if line.kind == _BODY and now != "S" and self._shorts and self._paragraph_seen:
                # (Over the first paragraph, the page's name and menu lines stand above the
                # record's heads: no count of them.)
                if self._shorts == 2:
                    self.two_heads += 1
                else:
                    self.one_head += 1
            self._shorts = self._shorts + 1 if now == "S" else 0
            self._paragraph_seen = self._paragraph_seen or (line.kind == _BODY and now != "S")
            self._hugs_above = self._block_long
            self._block_long = self._block_long or now == "L"
            self._prev, self._prev_text, self._blank_since = now, line.text, False
            self._real_blank = False

    def shape(self) -> _Shape:
        shape = self._shape()
        led = self.datelined >= 2 and self.datelined >= 0.6 * (self.short_then_long + self.titles)
        # A page that prints a single headline over three or more records cut by their own
        # dates or datelines: the headline is the page's (a live blog's, a briefs column's),
        # since a page gives all its records the same shape.
        lone = self.titles + self.short_then_long <= 1 and max(self.stamps, self.datelined) >= 3
        labelled = self.label_then_long >= 2  # the page heads its paragraphs with labels
        return _Shape(
            shape.kind,
            shape.paragraphs,
            self.stamps >= 2,
            led,
            lone,
            labelled=labelled,
            clocked=self.clocks >= 2,
            listed=self.marked_long >= 3 and self.marked_long >= _LISTED_SHARE * self.longs,
            # Three or more paragraphs open with a dateline, and at least half of them: those
            # are the records, and a paragraph without one goes on with the record above.
            follow_on=self.datelined >= 3 and 2 * self.datelined >= self.longs,
            dotted=self.dotted,
            heads=self.short_then_long + self.titles,
            wrapped=self.body > 0 and self.wrapped > _WRAPPED_SHARE * self.body,
            # Two short lines over a paragraph, again and again and more often than one: the
            # page prints a headline and its standfirst over each lead (a list of title-only
            # teasers puts many over one, a titled page one over each).
            standfirsts=self.two_heads >= 2 and self.two_heads > self.one_head,
        )

    def _shape(self) -> _Shape:
        if self.body == 0 or self.wrapped > _WRAPPED_SHARE * self.body:
            return _Shape("none", False)
        if (
            self.short + self.titles >= _MIN_TITLE_LIST  # a headline pass 2 titled counts too
            and self.body - self.short <= self.short // 10
            and self.short_then_short >= _TITLE_LIST_SHARE * self.short
        ):
            return _Shape("title-list", self.long_after_blank > 0)
        if self.numbered >= 3 and 2 * self.numbered >= self.body:
            # Most lines are numbered: a numbered list, each entry a record however short.
            return _Shape("untitled", False)
        if self.marked_long >= 3 and self.marked_long >= 2 * self.short_then_long:
            # Paragraphs that are list entries: a list, whatever short lines (headings, topic
            # links) stand between them.
            return _Shape("untitled", False)
        if self.credited >= 3 and self.credited >= _CREDITED_SHARE * self.longs:
            # Most paragraphs end on their outlet in brackets: one-sentence story summaries (a
            # current-events day), each a record; the short lines between are section labels.
            return _Shape("untitled", False)
        heads = self.short_then_long + self.label_then_long
        if (
            self.short_then_long >= 2
            or (self.titles >= 2 and self.short_then_long >= 1)
            # A headline pass 2 found and one over its text: two titled records, when no
            # paragraph stands right under another.
            or (self.titles >= 1 and self.short_then_long >= 1 and self.long_after_long == 0)
            or (heads >= 2 and self.long_after_long <= self.label_then_long)
        ):
            return _Shape("titled", self.long_after_blank > 0)
        if self.titles >= 2:
            return _Shape("titled", self.long_after_blank > 0)
        if max(self.long_after_blank, self.long_after_long, self.marked_long) <= self.delimiters:
            # Separators or timestamps already stand between the paragraphs: the runs they
            # delimit are the records, and paragraphs one under another belong together.
            return _Shape("none", False)
        if self.datelined == 1 and self.first_datelined:
            return _Shape("none", False)  # an article: one dateline, over its first paragraph
        if self.clocks >= 2:
            # Untitled records that print their clock times (a feed's pubDates, a live blog's
            # entries) are cut by them: a time stamps one record, so the paragraphs between two
            # times are one record's, however many blank lines part them.
            return _Shape("none", False)
        if max(self.long_after_blank, self.long_after_long, self.marked_long) < 2:
            return _Shape("none", False)  # two paragraphs are one text, not a list
        return _Shape("untitled", self.long_after_blank > self.long_after_long)


@dataclass(slots=True)
class _RuleCount:
    """Whether the page's separator lines part records or only the paragraphs inside them.

    A briefing may draw a rule line between every two paragraphs and start each story with a
    heading: "HEADING / - / paragraph / - / paragraph / HEADING / - / paragraph". Counted over the
    page: headings right over a rule line, and rule lines between two paragraphs. When at least
    two headings stand over rules and the rules between paragraphs are as many, the rules are
    paragraph breaks and the headings start the records.
    """

    heading_over_rule: int = 0  # a short line, a rule line, a paragraph
    rule_between: int = 0  # a paragraph, a rule line, a paragraph
    _last: tuple[str, str] = ("", "")

    def add(self, lines: list[_Line]) -> None:
        for line in lines:
            if line.kind == _BLANK:
                continue
            if line.kind == _SEP:
                now = "rule"
            elif line.kind == _BODY:
                now = "S" if _is_short(line) and not _marked(line.text) else "L"
            elif line.kind == _TITLE:
                now = "S"
            else:
                now = "other"
            if now == "L" and self._last[1] == "rule":
                if self._last[0] == "S":
                    self.heading_over_rule += 1
                elif self._last[0] == "L":
                    self.rule_between += 1
            self._last = (self._last[1], now)

    def inside(self) -> bool:
        return self.heading_over_rule >= 2 and self.rule_between >= self.heading_over_rule


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a page repeats.

    Attributes:
        kind: "titled", "untitled", "title-list", "none" (leave the runs as pass 3 made them,
            but for the header), or "off" (a house layout describes the records).
        paragraphs: Records are split at blank lines (True) or at line breaks (False).
    """

    kind: str
    paragraphs: bool
    dated: bool = False  # the records print timestamps of their own
    dateline_led: bool = False  # the records' paragraphs open with a dateline
    lone_headline: bool = False  # one headline over many dated or datelined records
    rules_inside: bool = False  # separator lines part paragraphs inside records (`_RuleCount`)
    labelled: bool = False  # section labels head the page's paragraphs, again and again
    clocked: bool = False  # the records print clock times of their own
    listed: bool = False  # most paragraphs are list entries (a bullet or a number in front)
    follow_on: bool = False  # the records open with datelines; other paragraphs continue them
    dotted: bool = True  # a few words ending on "." may be a headline on this page
    heads: int = 0  # headlines over their text on the page
    wrapped: bool = False  # hard-wrapped: sentences go on in lower case on the next line
    standfirsts: bool = False  # each headline has a standfirst line between it and its lead


# A header line dates the page when it is a heading or an intro ("Newsline of March 31,
# 2023", "Here are the top stories for Monday, 3 March 2025."); a longer paragraph above the
# first record is a photo caption or a lead, and a date in it is what its text tells.
_MAX_DATING_WORDS: Final = 20


def _dates_page(line: _Line) -> bool:
    return _is_intro(line) or len(line.text.split()) <= _MAX_DATING_WORDS


def _date_in(text: str) -> Stamp | None:
    match = _DATE_IN_LINE_RE.search(text)
    if match is None or update_stamp(text):  # "Archived 2 Mar 2025" dates no item
        return None
    stamp = parse_timestamp(match.group())
    return stamp if stamp is not None and stamp.has_date and stamp.has_year else None


class _Records:
    """Cuts runs into records by the page's shape, run after run, in page order.

    `cut` returns, for one run, pairs (meta, body): the lines that become metadata above a
    record (titles, section labels, header lines, all with their new kinds) and the record's
    body lines. A body may be empty: metadata left at the end of the run for the next record.
    """

    def __init__(self, shape: _Shape) -> None:
        self.shape = shape
        self.started = False  # a record has been cut: the header is over
        self.date: Stamp | None = None  # the bulletin's or section's date, from a header line
        self.intro = False  # a paragraph above the first title was taken as the intro
        self.intros = 0  # how many
        self.loose: _Line | None = None  # a label ending the last run: category or short title
        self.bodied = False  # a record with a body has been cut (`started` may be set before)

    def _short(self, line: _Line) -> bool:
        return _is_short(line, self.shape.dotted)

    def cut(
        self, run: list[_Line], titled_above: bool, title_above: bool = False
    ) -> list[tuple[list[_Line], list[_Line]]]:
        """The run's records; `titled_above`: a title or timestamp stands above the run;
        `title_above`: a title does."""
        date = self.date
        records = self._cut(run, titled_above, title_above)
        for meta, body in records:
            # A day heading inside the run dates the records below it only, not the
            # records of the run above it (the date above each record, in page order).
            for line in meta:
                if line.kind == _HEADER and (stamp := _date_in(line.text)) is not None:
                    date = stamp
            if body:
                body[0].date_above = date
                self.bodied = True
        return records

    def _cut(
        self, run: list[_Line], titled_above: bool, title_above: bool
    ) -> list[tuple[list[_Line], list[_Line]]]:
        kind = self.shape.kind
        if kind == "off":  # a house layout describes the records: runs are records
            self.started = True
            return [([], run)]
        self.started = self.started or titled_above
        loose, self.loose = self.loose, None
        first = next((line for line in run if line.kind == _BODY), None)
        if loose is not None and not title_above and first is not None and not self._short(first):
            loose.kind, loose.value = _TITLE, loose.text  # a short title over its paragraph
        if kind == "none":
            bodies = _bodies(run)
            if not self.bodied and bodies and all(_furniture(x) for x in bodies):
                for line in bodies:  # a byline under the bulletin's name: no record
                    line.kind = _BOILER
                return [(run, [])]
            if self.shape.wrapped and (headed := _caps_headed(run)) is not None:
                self.started = True
                return headed
            if self.shape.wrapped and (split := self._set_apart_title(run)) is not None:
                return split
            if self.started or self.shape.paragraphs:
                self.started = True
                return [([], run)]
            return self._untitled(self._paragraphs(run), labels_ok=False)
        paragraphs = self._paragraphs(run)
        if kind == "title-list":
            return self._title_list(paragraphs)
        if kind == "titled":
            return self._titled(paragraphs, owed=title_above)
        return self._untitled(paragraphs)

    def _set_apart_title(self, run: list[_Line]) -> list[tuple[list[_Line], list[_Line]]] | None:
        """On a hard-wrapped page that shows two or more headlines over their text, a headline
        set apart by a blank line at the end of a run (a dateline opens the next run) is the
        next record's title; a run of that headline alone, above the first record, is the
        first record's."""
        if self.shape.heads < 2:
            return None
        bodies = _bodies(run)
        if not bodies:
            return None
        last = bodies[-1]
        at = run.index(last)
        if not self._short(last) or _furniture(last) or at + 1 != len(run):
            return None
        if len(bodies) == 1:
            if self.bodied:
                return None
            last.kind, last.value = _TITLE, last.text
            return [(run, [])]
        if at == 0 or run[at - 1].kind != _BLANK:
            return None  # not set apart: the last line of the text above
        last.kind, last.value = _TITLE, last.text
        self.started = True
        return [([], run[:at]), ([last], [])]

    def scan_header(self, gap: list[_Line], run: list[_Line] | None = None) -> None:
        """Above the first record: a headline-shaped line printing a full date is the bulletin's
        title ("All News 13:04 December 28, 2017"), and on a page whose records print no
        timestamps, a timestamp there is the bulletin's date; both date the records. `run`:
        the run under `gap`."""
        if self.started:
            return
        first_body = next((line for line in run or () if line.kind == _BODY), None)
        if self.shape.lone_headline and _TITLE in (kinds := [line.kind for line in gap]):
            # ... when the first record opens as the others do, with its date or its dateline:
            # the headline stands above that, not over an undated lead it titles.
            below = kinds[kinds.index(_TITLE) + 1 :]
            if _TS in below or (first_body is not None and first_body.dateline is not None):
                self._header([line for line in gap if line.kind == _TITLE])
        if self.shape.kind == "none" and self.shape.dated:
            self._page_heading(gap)
            return
        first = next((line for line in run or () if line.kind == _BODY), None)
        intro = (
            self.shape.dateline_led
            and not self.shape.dated
            and len(_bodies(run or [])) <= 2  # an intro is a sentence or two
            and first is not None
            and first.dateline is None
            and not self._short(first)
        )
        for line in gap:
            if intro and line.kind == _TITLE:
                # The records of this page open with datelines: a paragraph without one under
                # the first title-shaped line is the bulletin's intro, under its name.
                self._header([line])
                continue
            if line.kind == _TITLE and (stamp := _date_in(line.text)) is not None:
                line.kind, self.date = _HEADER, stamp
            elif (
                line.kind == _TS
                and not self.shape.dated
                and line.stamp is not None
                and line.stamp.has_date
                and line.stamp.has_year
                and (not line.stamp.has_time or _under_a_name(gap, line))
                and not update_stamp(line.text)  # "Last updated: ..." dates no item
            ):
                line.kind, self.date = _HEADER, line.stamp
                above = gap[: gap.index(line)]
                heads = [h for h in above if h.kind not in (_BLANK, _BOILER)]
                headed = _headed_below(gap, line, run or [], self.shape.dotted)
                if heads and heads[-1].kind == _TITLE and headed:
                    # The bulletin's date under the bulletin's name ("NOON BRIEFING / FRIDAY,
                    # 16 SEPTEMBER 2022"), set apart from a first record with a heading of its
                    # own: the name is header, not that record's title.
                    heads[-1].kind = _HEADER

    def _page_heading(self, gap: list[_Line]) -> None:
        """On a page whose records are cut by their clock times (a live blog, a radio script),
        a headline over a date without a time, over the first clock time, is the page's heading
        and its date: the date of every update, not the first update's title."""
        kinds = [line.kind for line in gap]
        if _TITLE not in kinds and _HEADER not in kinds:
            return
        at = kinds.index(_TITLE if _TITLE in kinds else _HEADER)
        stamps = [line for line in gap[at + 1 :] if line.kind == _TS and line.stamp is not None]
        if len(stamps) < 2:
            return
        day, clock = stamps[0].stamp, stamps[-1].stamp
        assert day is not None
        assert clock is not None
        # The page's date, with or without the time it was last updated ("Updated 3 December
        # 2026, 23:40"), over entries stamped with clock times only.
        a_day = day.has_date and day.has_year
        if a_day and clock.has_time and not clock.has_date:
            if day.has_time:  # when the page was updated is no entry's time: its date only
                midnight = day.value.replace(hour=0, minute=0, second=0, microsecond=0)
                day = replace(day, value=midnight, has_time=False)
                stamps[0].stamp = day
            gap[at].kind, stamps[0].kind, self.date = _HEADER, _HEADER, day

    def _paragraphs(self, run: list[_Line]) -> list[list[_Line]]:
        """The run's lines, one list per block (split at blank and boilerplate lines, which stay
        at the end of the block above) or per line, as the page separates its records."""
        blocks: list[list[_Line]] = [[]]
        for line in run:
            if line.kind != _BODY:
                blocks[-1].append(line)
            elif blocks[-1] and (
                any(x.kind != _BODY for x in blocks[-1])
                or not self.shape.paragraphs
                or self._new_line_record(line)
            ):
                blocks.append([line])
            else:
                blocks[-1].append(line)
        return [b for b in blocks if b]

    def _new_line_record(self, line: _Line) -> bool:
        """Inside a block: a list entry or a headline starts a new block of its own."""
        return _marked(line.text) or (self.shape.kind != "untitled" and self._short(line))

    def _header(self, lines: list[_Line]) -> list[_Line]:
        for line in lines:
            if line.kind in (_BODY, _TITLE):
                stamp = _date_in(line.text) if _dates_page(line) else None
                if stamp is not None:
                    self.date = stamp
                line.kind = _HEADER
        return lines

    def _title_list(self, paragraphs: list[list[_Line]]) -> list[tuple[list[_Line], list[_Line]]]:
        out: list[tuple[list[_Line], list[_Line]]] = []
        for block in paragraphs:
            for line in block:
                if line.kind != _BODY:
                    out.append(([line], []))
                elif self._short(_uncut(line)) and not _furniture(line):
                    # (In a list of titles the last line is a title too, cut short or not:
                    # headlines end on no sentence end, so nothing tells a cut one.)
                    line.title_only, line.value = True, _unmarked(line.text)
                    self.started = True
                    out.append(([], [line]))
                elif not self.started:
                    out.append((self._header([line]), []))
                else:
                    out.append(([], [line]))
        return out

    def _titled(
        self, paragraphs: list[list[_Line]], owed: bool = False
    ) -> list[tuple[list[_Line], list[_Line]]]:
        """`owed`: a title stands right above the run, so its first block is that title's
        text, however short ("Explode it, he said.")."""
        out: list[tuple[list[_Line], list[_Line]]] = []
        pending: list[_Line] = []  # short lines not yet known to be titles
        carry: list[_Line] = []  # a standfirst, the first lines of the next record's text
        body: list[_Line] = []

        def close() -> None:
            nonlocal body
            if body:
                out.append(([], body))
                body = []

        def title_last(pending: list[_Line], shorts: list[_Line]) -> None:
            # The last short line is the title of the record below it; shorter lines above it
            # are the header before the first record, else title-only teasers, but a sentence
            # right under a record goes on with it.
            title = shorts[-1]
            before = pending[: pending.index(title)]
            while body and before and _goes_on(before[0]):
                body.append(before.pop(0))
            close()
            for line in before:
                if line.kind != _BODY:
                    out.append(([line], []))
                elif self.started:
                    line.title_only, line.value = True, _unmarked(line.text)
                    out.append(([], [line]))
                else:
                    out.append((self._header([line]), []))
            title.kind, title.value = _TITLE, _unmarked(title.text)
            out.append((pending[pending.index(title) :], []))

        for block in paragraphs:
            head = block[0]
            if owed and head.kind == _BODY and head.text.endswith(tuple('.!?"”')):
                owed, body, self.started = False, list(block), True
                continue
            owed = False
            if head.kind == _BODY and self._short(head) and len(_bodies(block)) == 1:
                shown = [x for x in pending if x.kind == _BODY]
                if shown and shown[-1].text == head.text:
                    head.kind = _BOILER  # a headline printed twice (heading, then link)
                pending.append(head)
                if len(block) > 1:
                    pending += block[1:]
                continue
            if pending and self.started and sum(x.kind == _BODY for x in pending) > _MAX_SHORTS:
                # Titles come one at a time, each over its paragraph: short lines one under
                # another inside a record are a table or a list in its text, labels and all.
                body += pending + block
                pending = []
                continue
            if not self.bodied and not out and len(_bodies(block)) == 1 and _is_intro(head):
                # The formula that announces the list ("The following is ..."), under the
                # bulletin's name: header, both.
                out.append((self._header(pending), []))
                out.append((self._header(block), []))
                self.intro, pending = True, []
                continue
            if pending:
                self._relabel(pending)
                if not self.started:
                    for line in pending:  # a dated headline above the first record: the title
                        if line.kind == _BODY and _date_in(line.text) is not None:
                            self._header([line])  # of the bulletin, and its date
                shorts = [x for x in pending if x.kind == _BODY]
                if not shorts and not self.started and not self.intro and head.dateline is None:
                    self.intro = True
                    out.append((pending, []))
                    out.append((self._header(block), []))  # the intro under the bulletin title
                    pending = []
                    continue
                if len(shorts) > _MAX_SHORTS and self.started:
                    # Titles come one at a time, each over its paragraph: short lines one
                    # under another inside a record are a table or a list in its text.
                    body += pending + block
                    pending = []
                    continue
                if not shorts:
                    close()  # labels and link lines: the metadata of the record below
                    out.append((pending, []))
                elif not self.started and self.shape.dateline_led and head.dateline is None:
                    # The records of this page open with a dateline: a first paragraph without
                    # one, under the bulletin's title, is the page's intro.
                    out.append((self._header(pending), []))
                    out.append((self._header(block), []))
                    self.intro, pending = True, []
                    continue
                elif not _marked(head.text):
                    if self.shape.standfirsts and len(shorts) >= 2:
                        # Headline, standfirst, lead: the standfirst opens the record's text
                        # (over the first record, the lines above its headline are the header).
                        carry = pending[pending.index(shorts[-1]) :]
                        pending = pending[: pending.index(shorts[-1])]
                        shorts = shorts[:-1]
                    title_last(pending, shorts)  # the last short line titles this paragraph
                    self.started = True
                else:
                    body += pending
                pending = []
            elif (
                not self.started
                and head.dateline is None
                and head.kind == _BODY
                and self.intros < _MAX_INTROS
                and all(len(x.text) <= _PATTERN_CAP for x in _bodies(block))
            ):
                # A caption or intro above the first title: a few sentences, not an article
                # (a paragraph a short line heads is no intro when a line of it runs long).
                self.intro, self.intros = True, self.intros + 1
                out.append((self._header(block), []))
                continue
            elif body and head.kind == _BODY and head.dateline is None:
                body += block  # a further paragraph of the record
                continue
            close()
            body, carry = carry + list(block), []
            self.started = True
        if pending:
            self._relabel_end(pending)
            while body and pending and _goes_on(pending[0]):
                body.append(pending.pop(0))  # sentences under a record, at the end of its run
            shorts = [x for x in pending if x.kind == _BODY]
            if not pending:
                pass
            elif sum(x.kind in (_BODY, _CAT) for x in pending) > _MAX_SHORTS and self.started:
                for line in pending:
                    if line.kind == _CAT:  # a row of the table, not a label
                        line.kind, line.value = _BODY, None
                self.loose = None
                body += pending
            elif (
                not self.started
                and not body
                and not self.intro
                and len(shorts) == 1
                and self.shape.heads < 2
            ):
                # A page title above dated records; on a page that shows two or more headlines
                # over their text, this one is the first of them.
                out.append((self._header(pending), []))
                return out
            elif shorts:
                # Short lines at the end of the run: the last is the title of the record below
                # (a dateline opens a new run).
                title_last(pending, shorts)
                return out
            else:
                close()
                out.append((pending, []))
                return out
        close()
        return out

    def _relabel_end(self, pending: list[_Line]) -> None:
        """`_relabel` at the end of a run: a label there is the category of the record below,
        or its short title if that record opens with its paragraph (decided in `cut`)."""
        for line in pending:
            if line.kind == _BODY and _is_label(line) and self.started:
                line.kind, line.value = _CAT, _unmarked(line.text).rstrip(".")
                self.loose = line
        self._relabel(pending)

    def _relabel(self, pending: list[_Line]) -> None:
        """Bylines become furniture, and one-to-three-word labels the category of what
        follows, among the short lines waiting above a paragraph."""
        heads = [x for x in pending if x.kind == _BODY and not _furniture(x) and not _is_label(x)]
        for line in pending:
            if line.kind == _BODY and _furniture(line):
                line.kind = _BOILER
            elif (
                line.kind == _BODY
                and _is_label(line)
                and self.started
                and heads
                and pending.index(line) < pending.index(heads[-1])
            ):
                # A label above a headline is a section label; right above a paragraph, with
                # no headline between, it is the paragraph's own short title.
                line.kind, line.value = _CAT, _unmarked(line.text).rstrip(".")

    def _untitled(
        self, paragraphs: list[list[_Line]], labels_ok: bool = True
    ) -> list[tuple[list[_Line], list[_Line]]]:
        if not labels_ok:  # the header only: the rest of the run is one record
            for n, block in enumerate(paragraphs):
                bodies = _bodies(block)
                if not (len(bodies) == 1 and (_heading(bodies[0]) or _is_intro(bodies[0]))):
                    self.started = True
                    heads: list[tuple[list[_Line], list[_Line]]] = [
                        (self._header(b), []) for b in paragraphs[:n]
                    ]
                    return [*heads, ([], [x for b in paragraphs[n:] for x in b])]
            return [(self._header(b), []) for b in paragraphs]
        out: list[tuple[list[_Line], list[_Line]]] = []
        labels: list[_Line] = []
        for block in paragraphs:
            bodies = _bodies(block)
            # A short sentence ("Polls closed.") above any record is the first record.
            sentence_first = not self.started and bodies and not _heading(bodies[0])
            # A numbered line is a list entry, however short (a lead cut by the page's end).
            numbered = bool(bodies) and bool(_NUMBER_RE.match(bodies[0].text))
            if not self.started and len(bodies) == 1 and _is_intro(bodies[0]):
                out.append((self._header(block), []))  # the intro formula above the list
                continue
            if (
                not self.started
                and self.shape.listed
                and bodies
                and not _marked(block[0].text)
                and not _heading(bodies[0])
            ):
                # The page's records are list entries: sentences above the first entry are the
                # bulletin's intro and notes, not records (headings above it are labels).
                out.append((self._header(block), []))
                continue
            if len(bodies) == 1 and self._short(bodies[0]) and not sentence_first and not numbered:
                line = bodies[0]
                first_label = not self.started and self.shape.labelled and _is_label(line)
                if first_label and not _furniture(line):
                    # On a page that heads its records with section labels, the label right
                    # above the first record is its section too; one above that is header.
                    if labels:
                        out.append((self._header(labels), []))
                    line.kind, line.value = _CAT, _unmarked(line.text)
                    labels = list(block)
                elif not self.started or _furniture(line):
                    out.append((self._header(block), []))
                else:
                    stamp = _date_in(line.text)
                    if stamp is not None:  # a day heading: the date of the records under it
                        self.date = stamp
                        line.kind = _HEADER
                    else:
                        line.kind, line.value = _CAT, _unmarked(line.text)
                    labels += block
                continue
            if (
                self.shape.follow_on
                and not labels
                and out
                and out[-1][1]
                and bodies
                and bodies[0].dateline is None
                and not _marked(block[0].text)
            ):
                # The page's records open with their datelines: a paragraph without one goes
                # on with the record above ("The House is expected to vote ...").
                out[-1][1].extend(block)
                continue
            if labels:
                out.append((labels, []))
                labels = []
            self.started = True
            if _marked(block[0].text) or bodies[-1].text.endswith(")"):
                credit = _entry_credit(bodies[-1].text)
                if credit is not None:
                    block[0].credit = credit
            out.append(([], block))
        if labels:
            out.append((labels, []))
        return out


def _entry_credit(text: str) -> str | None:
    """The outlet credited at the end of a list entry, after its last sentence ("... kills 21
    people. (Reuters)", `credits.end_credit`) or straight after its last word (`title_credit`)."""
    return end_credit(text) or title_credit(text)


def _under_a_name(gap: list[_Line], date: _Line) -> bool:
    """A line stands above the date. A bulletin prints its date and time under its
    name ("News Summary / 2017/09/26 16:40"); a date and time alone atop a page, over records
    printing none, is when the page was made or updated, not the records' day."""
    return any(line.kind not in (_BLANK, _BOILER) for line in gap[: gap.index(date)])


def _caps_line(line: _Line) -> bool:
    """An all-capitals line of a few words: a heading in hard-wrapped copy."""
    s = line.text
    if line.kind != _BODY or line.dateline is not None or len(s) > 160 or _marked(s):
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _caps_headed(run: list[_Line]) -> list[tuple[list[_Line], list[_Line]]] | None:
    """A hard-wrapped run cut at its all-capitals headings, or None when it has fewer than two.

    Hard-wrapped copy (a briefing, an old wire) sets each story's heading in capitals on lines
    of their own, after a line that ends a sentence: the records start there. A heading wrapped
    onto several lines is one title (its last line's record holds the lines above it as body
    lines of its metadata, their text in the title).
    """
    heads: list[tuple[int, int]] = []  # (first, last) line of each heading
    first: int | None = None
    after_sentence = True  # the line above ends a sentence (or there is none)
    for i, line in enumerate(run):
        if line.kind != _BODY:
            continue
        if _caps_line(line):
            if first is None and after_sentence:
                first = i
            nxt = next((x for x in run[i + 1 :] if x.kind == _BODY), None)
            if first is not None and nxt is not None and not _caps_line(nxt):
                heads.append((first, i))
                first = None
        else:
            first = None
        after_sentence = line.text.endswith(_SENTENCE_END)
    if len(heads) < 2:
        return None
    out: list[tuple[list[_Line], list[_Line]]] = []
    if heads[0][0] > 0:
        out.append(([], run[: heads[0][0]]))
    for n, (top, last) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(run)
        title = run[last]
        title.kind = _TITLE
        title.value = " ".join(x.text for x in run[top : last + 1] if x.kind in (_BODY, _TITLE))
        out.append((run[top : last + 1], run[last + 1 : end]))
    return out


def _headed_below(gap: list[_Line], date: _Line, run: list[_Line], dotted: bool) -> bool:
    """A blank line sets the date line apart, and the first record under it has a heading."""
    below = [*gap[gap.index(date) + 1 :], *run]
    if not below or below[0].kind != _BLANK:
        return False
    nxt = next((line for line in below if line.kind not in (_BLANK, _BOILER)), None)
    return nxt is not None and (
        nxt.kind == _TITLE or (nxt.kind == _BODY and _is_short(nxt, dotted))
    )


def _heading(line: _Line) -> bool:
    """Short and not a sentence: a page's name, menu or heading, not a short news item."""
    return _is_short(line) and not line.text.endswith(".")


def _goes_on(line: _Line) -> bool:
    """A blank line, a short sentence, or a line cut by a link glued to its end ("... decided
    Continue reading"): under a record, it goes on with the record's text."""
    if line.kind == _BLANK:
        return True
    return line.kind == _BODY and (
        line.text.endswith(".") or bool(_GLUED_LINK_RE.search(line.text))
    )


def _bodies(block: list[_Line]) -> list[_Line]:
    return [line for line in block if line.kind == _BODY]


# Page furniture recognisable by shape: a "Label: value" heading of a listing ("Tag: X",
# "Author: Y"), a byline that ends on a dash ("Newsroom -").
_FURNITURE_RE: Final = re.compile(
    r"(?i:tags?|topics?|category|categories|author|authors|section|filed under)\s*:.*"
    # A photo's caption credit: "Photo: City council", "Image credit: AFP / handout".
    r"|(?i:photos?|images?|pictures?|illustration|caption|video)(?i:\s+credit)?\s*:.{0,80}"
    r"|[^.!?]{1,40}\s[-–—]"
    r"|[<>«»‹›]\s.{0,80}"  # a breadcrumb or back link: "< Portal:Current events"
    # A byline on its own line: "By Staff Writer", "Written by A. Name and B. Name", "Edited and
    # translated by A. Name".
    r"|(?i:[a-z]+ed(?:\s+and\s+[a-z]+ed)?\s+)?(?i:by)\s+"
    r"[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|and|&|de|van|von|al|el|bin)){0,5}"
    r"(?:,\s*[^,.!?]{1,80})?"  # the byline's role: "By A. Name, Staff Writer"
)


def _furniture(line: _Line) -> bool:
    return bool(_FURNITURE_RE.fullmatch(line.text))
