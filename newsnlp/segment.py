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

A `Layout` can describe a house layout with regular expressions; each pattern given replaces
the automatic detection of that kind of line. Auto-detection is the default and knows nothing
about any particular source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Final

from .dates import MONTH_PATTERN, Stamp, parse_timestamp, with_year
from .errors import Errors, InputError, check_positive
from .items import Item, Precision, make_item_id
from .reading import iter_text, read_text

__all__ = [
    "Dropped",
    "Layout",
    "Segmentation",
    "iter_segment_file",
    "segment",
    "segment_report",
]


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


# ---------------------------------------------------------------------------------------------
# Line shapes. All regexes are compiled once here: the segmenter runs over millions of items.

_NEWLINE_RE: Final = re.compile(r"\r\n|\r|\n")
_DIGIT_RE: Final = re.compile(r"\d")
# A timestamp line, even "Category | source | date", is short; body lines are not parsed.
_MAX_STAMP_LINE: Final = 160
_SEPARATOR_RE: Final = re.compile(r"(?:[-–—=_*~#•·+]\s*){1,}")
_BULLET_RE: Final = re.compile(r"^[-–—•·*>|]+\s+")
# Well-known page furniture; matched against the line without its bullet, case-insensitively.
_BOILERPLATE_RE: Final = re.compile(
    r"(?:photo\s*sessions?|photos?|videos?|gallery|share(?:\s+this(?:\s+article)?)?"
    r"|share\s+on\s+\w+|read\s+more|read\s+also|also\s+read|more\s+news|related(?:\s+news)?"
    r"|print|e-?mail|tweet|comments?(?:\s*\(\d+\))?|advertisement|subscribe(?:\s+.{0,40})?"
    r"|follow\s+us(?:\s+on\s+.{1,40})?|see\s+also|back\s+to\s+top|top\s+news)[\s.:!»>…]*",
    re.IGNORECASE,
)
_DOMAIN_RE: Final = re.compile(
    r"(?:https?://)?(?:www\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}/?"
)
_SOURCE_LABEL_RE: Final = re.compile(r"(?:source|via)\s*:\s*(?P<value>\S.{0,80})", re.IGNORECASE)
_CATEGORY_LABEL_RE: Final = re.compile(
    r"(?:category|section|rubric|topic)\s*:\s*(?P<value>\S.{0,60})", re.IGNORECASE
)
_NUMBERED_RE: Final = re.compile(
    r"(?P<num>\d{1,3})[.)]\s+(?P<title>\S.*?)(?:\s*\((?P<stamp>[^()]{3,40})\))?"
)
# Parts of a line such as "REUTERS NEWS WIRE | Monday, 16 March 1987".
_PART_SPLIT_RE: Final = re.compile(r"\s+[|•·]\s+")
_ALLCAPS_WORD_RE: Final = re.compile(r"[A-Z][A-Z0-9&.\-]{1,15}")

_CITY_WORD: Final = r"[A-Z][A-Za-z'’.\-]*"
_PLACE: Final = rf"(?P<place>{_CITY_WORD}(?:[ \t]+(?:{_CITY_WORD}|de|la|el|al|of|upon)){{0,3}})"
_CAPS_PLACE: Final = r"(?P<place>[A-Z][A-Z'’.\-]{2,}(?:[ \t]+[A-Z][A-Z'’.\-]+){0,3})"
# "FORT WAYNE, Ind., March 6 - ", "Vancouver, British Columbia, March 31 - ": a region.
_REGION: Final = (
    rf"(?:,[ \t]*(?!(?i:{MONTH_PATTERN})\b)[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*){{0,2}})?"
)
_DL_DATE: Final = (
    rf"(?P<date>\d{{1,2}}[ \t]+(?i:{MONTH_PATTERN})\.?(?:[ \t]+\d{{4}})?"
    rf"|(?i:{MONTH_PATTERN})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ \t]+\d{{4}})?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
)
_AGENCY: Final = r"[A-Z][A-Za-z\-]*(?:[ \t]+[A-Z][A-Za-z\-]*)?"
# "BAKU, 2 September 2024 – ", "SALVADOR, Feb 26 - ", "MOSCOW, September 2. /TASS/. ",
# "Baku, September 2, AZERTAC".
_DATELINE_DATED_RE: Final = re.compile(
    rf"{_PLACE}{_REGION},[ \t]*{_DL_DATE}"
    rf"(?:[ \t]*[-–—]+[ \t]*"
    rf"|\.?[ \t]*/(?P<agency>[A-Za-z][\w\-]*(?:[ \t]+[\w\-]+){{0,2}})/\.?[ \t]*"
    rf"|,[ \t]*(?P<agency2>{_AGENCY})(?:[ \t]*[.:–—-][ \t]*|[ \t]*$))"
)
# "LONDON (Reuters) - "
_DATELINE_AGENCY_RE: Final = re.compile(
    rf"{_PLACE}{_REGION}[ \t]*\((?P<agency>[A-Za-z][\w .\-]{{0,20}})\)[ \t]*[-–—]+[ \t]*"
)
# "WASHINGTON — "
_DATELINE_CAPS_RE: Final = re.compile(rf"{_CAPS_PLACE}{_REGION}[ \t]*[-–—]+[ \t]+")

_SENTENCE_END: Final = tuple('.!?"”’»)')
_KNOWN_SIGNOFFS: Final = frozenset(
    {"reuter", "reuters", "ap", "afp", "end", "(end)", "ends", "-0-", "###", "xxx"}
)
_SMALL_WORDS: Final = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "de",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "vs",
        "with",
        "over",
        "after",
        "up",
    }
)

# Line kinds.
_BLANK, _SEP, _BOILER, _TS, _SRC, _CAT, _TITLE, _HEADER, _BODY, _SIGNOFF = (
    "blank",
    "sep",
    "boiler",
    "ts",
    "src",
    "cat",
    "title",
    "header",
    "body",
    "signoff",
)
_BOUNDARY: Final = frozenset({_BLANK, _SEP, _BOILER, _TS, _SRC, _CAT, _HEADER})


# Identity, not value, equality: drafts and reports hold the line records themselves, and two
# blank lines are still two lines.
@dataclass(slots=True, eq=False)
class _Line:
    start: int
    end: int
    text: str  # stripped
    indent: int
    kind: str = _BODY
    value: str | None = None  # title / source / category text
    stamp: Stamp | None = None
    source: str | None = None  # from a "source | timestamp" line or a dateline agency
    category: str | None = None
    dateline: _Dateline | None = None


@dataclass(frozen=True, slots=True)
class _Dateline:
    place: str
    stamp: Stamp | None
    agency: str | None
    body_offset: int  # where the body starts in the stripped line


def _make_line(text: str, start: int, end: int, base: int) -> _Line:
    """The line text[start:end]; `base` is the offset of `text` in the whole input."""
    raw = text[start:end]
    stripped = raw.strip()
    indent = len(raw) - len(raw.lstrip()) if stripped else 0
    start += base
    return _Line(start=start + indent, end=start + len(raw.rstrip()), text=stripped, indent=indent)


# ---------------------------------------------------------------------------------------------
# Pass 1: line shapes.


def _value(match: re.Match[str]) -> str:
    return (match.groupdict().get("value") or match.group()).strip()


def _classify(line: _Line, patterns: dict[str, re.Pattern[str]], dayfirst: bool) -> None:
    s = line.text
    if not s:
        line.kind = _BLANK
        return
    for kind, name in (
        (_SEP, "separator"),
        (_BOILER, "boilerplate"),
        (_SIGNOFF, "signoff"),
        (_TS, "timestamp"),
        (_SRC, "source"),
        (_CAT, "category"),
        (_TITLE, "title"),
    ):
        pattern = patterns.get(name)
        if pattern is None:
            continue
        match = pattern.fullmatch(s)
        if match is None:
            continue
        line.kind = kind
        if kind == _TS:
            line.stamp = parse_timestamp(_value(match), dayfirst=dayfirst)
        elif kind in (_SRC, _CAT, _TITLE):
            line.value = _value(match)
        return
    if "separator" not in patterns and _SEPARATOR_RE.fullmatch(s):
        line.kind = _SEP
        return
    unbulleted = _BULLET_RE.sub("", s)
    if (
        "boilerplate" not in patterns
        and not unbulleted[0].islower()  # "share." opening a wrapped line is text
        and _BOILERPLATE_RE.fullmatch(unbulleted)
    ):
        line.kind = _BOILER
        return
    if "timestamp" not in patterns and _classify_timestamp(line, dayfirst):
        return
    if "source" not in patterns:
        if _DOMAIN_RE.fullmatch(unbulleted) and any(c.islower() for c in unbulleted[:1] + s):
            line.kind, line.value = _SRC, unbulleted
            return
        if match := _SOURCE_LABEL_RE.fullmatch(unbulleted):
            line.kind, line.value = _SRC, match.group("value").strip()
            return
    if "category" not in patterns and (match := _CATEGORY_LABEL_RE.fullmatch(unbulleted)):
        line.kind, line.value = _CAT, match.group("value").strip()
        return
    if line.indent == 0 and s[0].isupper():
        line.dateline = _parse_dateline(s, dayfirst)


def _classify_timestamp(line: _Line, dayfirst: bool) -> bool:
    s = line.text
    if len(s) > _MAX_STAMP_LINE or not _DIGIT_RE.search(s):
        return False  # the cheap tests that keep dateutil away from ordinary text
    stamp = parse_timestamp(s, dayfirst=dayfirst)
    if stamp is not None:
        line.kind, line.stamp = _TS, stamp
        return True
    # "Politics | 2 September 2024, 16:05", "REUTERS NEWS WIRE | Monday, 16 March 1987"
    parts = _PART_SPLIT_RE.split(s)
    if len(parts) < 2 or len(parts) > 4:
        return False
    stamps = [parse_timestamp(p, dayfirst=dayfirst) for p in parts]
    dated = [i for i, st in enumerate(stamps) if st is not None]
    if len(dated) != 1:
        return False
    others = [p.strip() for i, p in enumerate(parts) if i != dated[0]]
    if any(len(p.split()) > 6 for p in others):
        return False
    line.kind, line.stamp = _TS, stamps[dated[0]]
    for part in others:
        if _DOMAIN_RE.fullmatch(part) or _ALLCAPS_WORD_RE.fullmatch(part):
            line.source = line.source or part
        else:
            line.category = line.category or part
    return True


def _parse_dateline(s: str, dayfirst: bool) -> _Dateline | None:
    head = s[:80]
    if (
        "," not in head
        and "(" not in head
        and "-" not in head
        and "–" not in head
        and "—" not in head
    ):
        return None
    match = _DATELINE_DATED_RE.match(s)
    if match:
        stamp = parse_timestamp(match.group("date"), dayfirst=dayfirst)
        if stamp is not None and stamp.has_date:
            agency = match.group("agency") or match.group("agency2")
            return _Dateline(match.group("place"), stamp, agency, match.end())
    for regex in (_DATELINE_AGENCY_RE, _DATELINE_CAPS_RE):
        match = regex.match(s)
        if match and match.end() < len(s):
            agency = match.groupdict().get("agency")
            return _Dateline(match.group("place"), None, agency, match.end())
    return None


# ---------------------------------------------------------------------------------------------
# Pass 2: context.


def _title_shaped(line: _Line) -> bool:
    s = line.text
    if line.indent or line.dateline is not None or len(s) > 200 or len(s) < 3:
        return False
    if s[-1] in ".,;:" and not s.endswith(".."):
        return False
    first = s[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘<«("):
        return False
    return len(s.split()) <= 25 and any(c.isalpha() for c in s)


def _headline_case(s: str) -> bool:
    """ALL CAPS or Title Case: the shape of a headline even without a block structure."""
    letters = [c for c in s if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", s) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def _category_shaped(s: str) -> bool:
    words = s.split()
    if not 1 <= len(words) <= 3 or len(s) > 30 or s[-1] in ".,;:!?":
        return False
    return all(w[0].isupper() or w in ("&", "and", "of") for w in words) and not any(
        c.isdigit() for c in s
    )


def _refine(lines: list[_Line], patterns: dict[str, re.Pattern[str]]) -> None:
    n = len(lines)

    def kind(i: int) -> str | None:
        return lines[i].kind if 0 <= i < n else None

    _mark_numbered_titles(lines, "title" in patterns)
    if "category" not in patterns:
        # A short capitalised line touching a timestamp is the section the item is filed under.
        for i, line in enumerate(lines):
            if line.kind != _BODY or line.dateline is not None or not _category_shaped(line.text):
                continue
            # Under a timestamp it is a category unless it is the headline of the body below
            # it; above a timestamp, only when the headline is elsewhere.
            if kind(i - 1) == _TS:
                is_category = kind(i + 1) != _BODY or _heads_body(lines, i + 1)
            elif kind(i + 1) == _TS:
                is_category = _heads_body(lines, i + 2) or (
                    kind(i - 1) == _BODY and _title_shaped(lines[i - 1])
                )
            else:
                continue
            if is_category:
                line.kind, line.value = _CAT, line.text
    if "title" not in patterns:
        for i, line in enumerate(lines):
            if line.kind != _BODY or not _title_shaped(line):
                continue
            prev = kind(i - 1)
            if prev is not None and prev not in _BOUNDARY:
                continue
            nxt = lines[i + 1] if i + 1 < n else None
            if nxt is None or nxt.kind not in (_BODY, _TS):
                continue
            if nxt.kind == _BODY and not _has_text_after(lines, i):
                continue  # a title needs a body; "HEADLINE / Reuter" is not one
            if nxt.kind == _BODY and nxt.text[0].islower():
                continue  # the next line goes on with the same sentence
            if (
                nxt.kind == _BODY
                and _category_shaped(line.text)
                and _title_shaped(nxt)
                and (i + 2 < n and lines[i + 2].kind in (_BODY, _TS))
                and not (lines[i + 2].kind == _BODY and lines[i + 2].text[0].islower())
            ):
                # "Politics / Title / body" or "AZERTAC / Title / body": a label above a title.
                is_source = bool(_ALLCAPS_WORD_RE.fullmatch(line.text))
                if ("source" if is_source else "category") not in patterns:
                    line.kind, line.value = (_SRC if is_source else _CAT), line.text
                    continue
            if (
                nxt.kind == _BODY
                and nxt.dateline is None
                and prev in (None, _BLANK)
                and not _headline_case(line.text)
            ):
                continue  # only blank lines around: a paragraph could look like this
            line.kind, line.value = _TITLE, line.text


def _heads_body(lines: list[_Line], i: int) -> bool:
    """Line `i` could be a title: title-shaped and followed by a body line."""
    return (
        0 <= i < len(lines) - 1
        and lines[i].kind == _BODY
        and _title_shaped(lines[i])
        and lines[i + 1].kind == _BODY
    )


def _has_text_after(lines: list[_Line], i: int) -> bool:
    nxt = lines[i + 1]
    if nxt.dateline is not None or len(nxt.text.split()) > 2:
        return True
    return i + 2 < len(lines) and lines[i + 2].kind == _BODY


def _mark_numbered_titles(lines: list[_Line], disabled: bool) -> None:
    if disabled:
        return
    candidates: list[int] = []
    for i, line in enumerate(lines):
        if line.kind != _BODY or line.indent:
            continue
        match = _NUMBERED_RE.fullmatch(line.text)
        if match is None:
            continue
        title = match.group("title")
        if title[-1] in ".,;:" or len(title) > 200 or len(title.split()) > 25:
            continue
        candidates.append(i)
    chosen = set(candidates)
    for i in candidates:
        # Numbered lines one under another are a list inside a body, not digest titles.
        if i - 1 in chosen or i + 1 in chosen:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or nxt.kind not in (_BODY, _TS):
            continue
        line = lines[i]
        match = _NUMBERED_RE.fullmatch(line.text)
        assert match is not None
        line.kind, line.value = _TITLE, match.group("title").strip()
        if match.group("stamp"):
            line.stamp = parse_timestamp(match.group("stamp"))
            if line.stamp is None:
                line.value = line.text[match.start("title") :]


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
    touches_prev = _BLANK not in head[:t]
    touches_next = _BLANK not in head[t + 1 :] and lead == len(kinds)
    end_of_stamp = t + 1
    while end_of_stamp < len(head) and head[end_of_stamp] == _CAT:
        end_of_stamp += 1
    if touches_prev and not touches_next:
        cut = max((j + 1 for j, k in enumerate(head) if k == _BLANK), default=end_of_stamp)
        return max(cut, end_of_stamp), "trail"
    if touches_next and not touches_prev:
        start = t
        while start > 0 and head[start - 1] == _CAT:
            start -= 1
        return start, "lead"
    # Blank lines on both sides, or none: follow the bulletin's habit, else fill the gap the
    # previous item has.
    way = convention or ("lead" if prev_stamped else "trail")
    if way == "lead":
        start = t
        while start > 0 and head[start - 1] == _CAT:
            start -= 1
        return start, None
    return end_of_stamp, None


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


def _draft(lead: list[_Line], run: list[_Line], trail: list[_Line]) -> _Draft:
    stamps = [st for line in (*lead, *trail) if (st := line.stamp) is not None]
    dateline = run[0].dateline
    if dateline is not None and dateline.stamp is not None:
        stamps.append(dateline.stamp)
    stamp, used = _pick_stamp(stamps)
    return _Draft(lines=lead + run + trail, body=run, stamp=stamp, used=used)


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
    dateline = d.body[0].dateline
    body = _join_body(d.body, dateline.body_offset if dateline else 0)
    if len(titles) > 1:  # a second title-shaped line is kept as text, not dropped
        body = "\n".join([*(t.text for t in titles[1:]), body])
    source = next((line.value for line in meta if line.kind == _SRC), None)
    source = source or next((line.source for line in meta if line.source), None)
    if source is None and dateline is not None:
        source = dateline.agency
    category = next((line.value for line in meta if line.kind == _CAT), None)
    category = category or next((line.category for line in meta if line.category), None)
    edges = [line for line in d.lines if line.kind not in (_BLANK, _SEP)]
    start, end = edges[0].start, edges[-1].end
    return Item(
        text=body,
        start=start,
        end=end,
        item_id=make_item_id(text[start - base : end - base], start, origin),
        title=titles[0].value if titles else None,
        published=d.published,
        precision=d.precision if d.published is not None else None,
        dateline=dateline.place if dateline else None,
        source=source,
        category=category,
    )


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
    """

    start: int
    end: int
    text: str
    kind: str


@dataclass(frozen=True, slots=True)
class Segmentation:
    """What `segment_report` found: the items, and every non-blank line left out of them."""

    items: list[Item]
    dropped: list[Dropped]


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


_DEFAULT_LAYOUT: Final = Layout()
#: Characters segmented at a time (see "Windows" below): a window's line records take about 25
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


def _pieces(text: str, size: int) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start : start + size]


# ---------------------------------------------------------------------------------------------
# Windows. Items depend on their neighbouring lines, and a few decisions on the whole bulletin;
# the line records cost several times the text, so only a window of them is alive at a time.
# Pass one (`_Census`) reads every window for the whole-bulletin decisions; pass two
# (`_Assembler`) reads them again and cuts the items. One window serves both passes.

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
            yield line
        if final and rel < len(text):
            pos = at + len(text)
            yield _make_line(text, rel, len(text), at)

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
        yield cut(len(lines), base + len(buf))


def _raw(line: _Line) -> int:
    """Where the line starts in the input, its indent included."""
    return line.start - line.indent


def _may_end_before(line: _Line, after_blanks: bool) -> bool:
    """A window may end before `line` (or before the blank lines above it): see _CUT_KINDS."""
    if line.kind in _CUT_KINDS:
        return True
    return after_blanks and (line.kind == _TS or (line.kind == _BODY and line.dateline is not None))


@dataclass(frozen=True, slots=True)
class _Plan:
    """What pass one learnt about the whole bulletin."""

    header: _Line | None  # the first line, when it dates the bulletin rather than an item
    convention: str | None  # where ambiguous timestamps go: "lead", "trail" or no habit
    signoffs: _SignoffCount | None  # None: the layout's pattern finds the sign-offs
    has_runs: bool  # False: the input is all metadata


class _Census:
    """Pass one: the decisions of `_mark_signoffs`, `_assemble` and the header on the whole input.

    Which gap between two runs votes which way depends on whether the run above it loses a
    sign-off, which only the whole count of last lines can tell; so a gap under a run that may
    end on one votes both ways, kept under that line until the count is known.
    """

    def __init__(self, signoffs: bool) -> None:
        self.signoffs = signoffs
        self.count = _SignoffCount()
        self.votes: Counter[str] = Counter()
        self.votes_if: dict[str, tuple[Counter[str], Counter[str]]] = {}  # sign-off, or not
        self.gap: list[str] = []  # kinds of the lines since the last run
        # The last run: the line it may lose as a sign-off (None: it cannot), and the kinds of
        # the lines the gap below it would then start with.
        self.prev: tuple[str | None, list[str]] | None = None
        self.gap0_stamps = 0  # timestamps above the first run
        self.first: _Line | None = None  # the first non-blank line
        self.first_kind = _BLANK  # its kind then (pass two may have marked it a header since)
        self.after_first: str | None = None  # the kind of the line under it
        self.awaiting = False
        self.others = 0  # lines below the first one with a date or a dateline

    def feed(self, lines: list[_Line]) -> None:
        self._header_facts(lines)
        runs = _runs(lines)
        self.count.add(lines, runs)
        end = 0
        for run in runs:
            self.gap += [line.kind for line in lines[end : run[0]]]
            self._close_gap()
            self.prev = self._signoff_options(lines, run)
            end = run[-1] + 1
        self.gap += [line.kind for line in lines[end:]]

    def _header_facts(self, lines: list[_Line]) -> None:
        for line in lines:
            if self.first is None:
                if line.kind != _BLANK:
                    self.first, self.first_kind, self.awaiting = line, line.kind, True
                continue
            if self.awaiting:
                self.after_first, self.awaiting = line.kind, False
            if line.stamp is not None or line.dateline is not None:
                self.others += 1

    def _signoff_options(self, lines: list[_Line], run: list[int]) -> tuple[str | None, list[str]]:
        key = _signoff_key(lines, run) if self.signoffs else None
        if key is None or (key not in _KNOWN_SIGNOFFS and len(key.split()) > 2):
            return None, []  # more than two words: never counted, so never repeated
        taken = run[len(run) - _popped(lines, run) : -1]
        return key, [*(lines[i].kind for i in taken), _SIGNOFF]

    def _close_gap(self) -> None:
        if self.prev is None:
            self.gap0_stamps = self.gap.count(_TS)
        else:
            key, taken = self.prev
            kept = _lead_start(self.gap, False, None)[1]
            lost = _lead_start(taken + self.gap, False, None)[1] if key is not None else None
            if key is None:
                self.votes.update([kept] if kept else [])
            elif key in _KNOWN_SIGNOFFS:
                self.votes.update([lost] if lost else [])
            else:
                if_signoff, if_not = self.votes_if.setdefault(key, (Counter(), Counter()))
                if_signoff.update([lost] if lost else [])
                if_not.update([kept] if kept else [])
        self.gap = []

    def plan(self) -> _Plan:
        header = self._header()
        votes = self.votes.copy()
        for key, (if_signoff, if_not) in self.votes_if.items():
            votes.update(if_signoff if self.count.repeated(key) else if_not)
        if self.gap0_stamps > (header is not None):  # the header is no item's timestamp
            votes["lead"] += 1
        if _TS in self.gap:  # below the last run
            votes["trail"] += 1
        lead, trail = votes["lead"], votes["trail"]
        convention = None if lead == trail else "lead" if lead > trail else "trail"
        count = _SignoffCount(self.count.runs, self.count.last_texts.copy())
        return _Plan(header, convention, count if self.signoffs else None, self.prev is not None)

    def _header(self) -> _Line | None:
        """A dated first line set apart by a blank line dates the bulletin, not its first item."""
        line = self.first
        if line is None or self.first_kind != _TS or line.stamp is None:
            return None
        if self.after_first not in (_BLANK, _SEP):
            return None
        return line if line.category or line.source or self.others >= 2 else None


class _Assembler:
    """Pass two: the items, in order, each as soon as the lines below it are known."""

    def __init__(self, plan: _Plan, origin: str | None, dropped: list[Dropped] | None) -> None:
        self.plan, self.origin, self.dropped = plan, origin, dropped
        self.text, self.base = "", 0  # the input from the first line still held
        self.lead: list[_Line] = []  # the lines above the pending run that go with it
        self.run: list[_Line] | None = None  # the last run; its item waits for its trail
        self.gap: list[_Line] = []  # the lines since that run
        self.header_seen = plan.header is None
        self.context = _full_date(plan.header.stamp) if plan.header else None
        self.waiting: list[tuple[_Draft, Item]] = []  # items waiting for a year printed below
        self.asked: set[str] = set()  # the short last lines whose count decided a sign-off
        self.fits: set[str | None] = {None, "lead", "trail"}  # conventions that cut the same

    def feed(self, window: _Window) -> Iterator[Item]:
        held = self.lead or self.run or self.gap
        keep = held[0].start if held else window.base
        self.text, self.base = self.text[keep - self.base :] + window.text, keep
        lines = window.lines
        self._mark_header(lines)
        runs = _runs(lines)
        if self.plan.signoffs is not None:
            _mark_signoffs(lines, runs, self.plan.signoffs, self.asked)
        end = 0
        for run in runs:
            if not run:
                continue
            self.gap += [line for line in lines[end : run[0]] if line.kind != _HEADER]
            yield from self._next_run([lines[i] for i in run])
            end = run[-1] + 1
        self.gap += [line for line in lines[end:] if line.kind != _HEADER]

    def finish(self) -> Iterator[Item]:
        if self.run is not None:
            yield from self._emit(self.lead, self.run, self.gap)
        yield from self._release(None)

    def _mark_header(self, lines: list[_Line]) -> None:
        header = self.plan.header
        if self.header_seen or header is None:
            return
        for line in lines:
            if line.kind == _BLANK:
                continue
            self.header_seen = True
            if line.start == header.start:
                line.kind = _HEADER
                if self.dropped is not None:
                    self.dropped.append(_drop(line))
            return

    def _next_run(self, run: list[_Line]) -> Iterator[Item]:
        if self.run is None:  # everything above the first run goes with it
            self.lead, self.gap = self.gap, []
        else:
            prev_stamped = any(line.kind == _TS for line in self.lead)
            kinds = [line.kind for line in self.gap]
            cut = self._lead_cut(kinds, prev_stamped)
            yield from self._emit(self.lead, self.run, self.gap[:cut])
            self.lead, self.gap = self.gap[cut:], []
        self.run = run

    def _lead_cut(self, kinds: list[str], prev_stamped: bool) -> int:
        """`_lead_start` under the plan's convention; `fits` keeps the conventions that agree."""
        cuts = {way: _lead_start(kinds, prev_stamped, way)[0] for way in ("lead", "trail")}
        default = "lead" if prev_stamped else "trail"
        cut = cuts[self.plan.convention or default]
        if cuts["lead"] != cuts["trail"]:
            self.fits = {c for c in self.fits if cuts[c or default] == cut}
        return cut

    def _emit(self, lead: list[_Line], run: list[_Line], trail: list[_Line]) -> Iterator[Item]:
        draft = _draft(lead, run, trail)
        item = _to_item(self.text, self.base, draft, self.origin)
        stamp = draft.stamp
        full = _full_date(stamp)
        if not self.waiting and (stamp is None or full is not None or self.context is not None):
            self.context = _date_drafts([draft], self.context, None)
            yield self._finished(draft, item)
            return
        # A date without a year and nothing above to take it from: the first full date below.
        self.waiting.append((draft, item))
        if full is not None:
            yield from self._release(full)

    def _release(self, ahead: datetime | None) -> Iterator[Item]:
        self.context = _date_drafts([d for d, _ in self.waiting], self.context, ahead)
        for draft, item in self.waiting:
            yield self._finished(draft, item)
        self.waiting = []

    def _finished(self, draft: _Draft, item: Item) -> Item:
        if draft.published is not None:
            item = replace(item, published=draft.published, precision=draft.precision)
        if self.dropped is not None:
            kept = _kept(draft, item)
            self.dropped += [
                _drop(line) for line in draft.lines if line.kind != _BLANK and line not in kept
            ]
        return item


def _iter_items(
    read: Callable[[], Iterable[str]], layout: Layout, origin: str | None, size: int
) -> Iterator[Item]:
    """Both passes over the input, which `read` gives in pieces (once per pass)."""
    plan, only = _survey(_windows(read(), layout, size), _signoffs_counted(layout))
    if plan is not None:
        second = [only] if only is not None else _windows(read(), layout, size)
        yield from _cut_items(plan, second, origin, None)


def _signoffs_counted(layout: Layout) -> bool:
    return "signoff" not in _compile_layout(layout)


def _survey(windows: Iterator[_Window], signoffs: bool) -> tuple[_Plan | None, _Window | None]:
    """Pass one; when the input is a single window, it is kept for pass two, not read again."""
    only = next(windows, None)
    if only is None:
        return None, None
    census = _Census(signoffs)
    census.feed(only.lines)
    for window in windows:
        only = None
        census.feed(window.lines)
    return census.plan(), only


def _cut_items(
    plan: _Plan, windows: Iterable[_Window], origin: str | None, dropped: list[Dropped] | None
) -> Iterator[Item]:
    """Pass two."""
    if not plan.has_runs:
        yield from _metadata_only(list(windows), origin, dropped)
        return
    assembler = _Assembler(plan, origin, dropped)
    for window in windows:
        yield from assembler.feed(window)
    yield from assembler.finish()


def _guess_items(
    windows: Iterator[_Window], layout: Layout, origin: str | None, dropped: list[Dropped] | None
) -> tuple[list[Item] | None, _Plan | None]:
    """Both passes at once, cutting with what the first window suggests of the whole bulletin.

    When the text is held anyway and the items are returned as a list, reading it twice is
    needless most of the time: the first window nearly always decides as the whole does. The
    items are kept only if every whole-bulletin decision they used turned out the same;
    otherwise (None, the plan of the whole) says to cut them again.
    """
    census = _Census(_signoffs_counted(layout))
    assembler: _Assembler | None = None
    guess: _Plan | None = None
    items: list[Item] = []
    left_out: list[Dropped] | None = None if dropped is None else []
    for window in windows:
        census.feed(window.lines)  # before the assembler marks headers and sign-offs
        if assembler is None:
            guess = census.plan()
            assembler = _Assembler(guess, origin, left_out)
        items += assembler.feed(window)
    if assembler is None or guess is None:
        return None, None
    items += assembler.finish()
    plan = census.plan()
    if not plan.has_runs or not _same_decisions(guess, plan, assembler):
        return None, plan
    if dropped is not None and left_out is not None:
        dropped += left_out
    return items, plan


def _same_decisions(guess: _Plan, plan: _Plan, used: _Assembler) -> bool:
    """Whether the items cut with `guess` are those `plan` cuts."""
    if guess.header is not plan.header or plan.convention not in used.fits:
        return False
    if guess.signoffs is None or plan.signoffs is None:
        return guess.signoffs is plan.signoffs
    return all(guess.signoffs.repeated(k) == plan.signoffs.repeated(k) for k in used.asked)


def _metadata_only(
    windows: list[_Window], origin: str | None, dropped: list[Dropped] | None
) -> list[Item]:
    """No body line anywhere: keep the metadata as one item rather than drop what was given."""
    lines = [line for window in windows for line in window.lines]
    kept = [line for line in lines if line.kind not in (_BLANK, _SEP, _BOILER)]
    items: list[Item] = []
    keep: set[_Line] = set()
    if kept:
        for line in kept:
            line.kind = _BODY
        first, last = lines.index(kept[0]), lines.index(kept[-1])
        draft = _draft(lines[:first], kept, lines[last + 1 :])
        _date_drafts([draft], None, None)
        text = "".join(window.text for window in windows)
        items.append(_to_item(text, windows[0].base, draft, origin))
        keep = _kept(draft, items[0])
    if dropped is not None:
        dropped += [_drop(line) for line in lines if line.kind != _BLANK and line not in keep]
    return items


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
    return Dropped(line.start, line.end, line.text, _DROPPED_KINDS.get(line.kind, "other"))


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
