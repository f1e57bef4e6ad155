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

A `Layout` can describe a house layout with regular expressions; each pattern given replaces
the automatic detection of that kind of line. Auto-detection is the default and knows nothing
about any particular source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Final

from .dates import MONTH_PATTERN, Stamp, parse_timestamp, with_year
from .errors import Errors, InputError
from .items import Item, Precision, make_item_id

__all__ = ["Dropped", "Layout", "Segmentation", "segment", "segment_report"]


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


@dataclass(slots=True)
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


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for match in _NEWLINE_RE.finditer(text):
        lines.append(_make_line(text, pos, match.start()))
        pos = match.end()
    if pos < len(text):
        lines.append(_make_line(text, pos, len(text)))
    return lines


def _make_line(text: str, start: int, end: int) -> _Line:
    raw = text[start:end]
    stripped = raw.strip()
    indent = len(raw) - len(raw.lstrip()) if stripped else 0
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


def _mark_header(lines: list[_Line]) -> None:
    """A dated first line set apart by a blank line dates the bulletin, not its first item."""
    first = next((i for i, ln in enumerate(lines) if ln.kind != _BLANK), None)
    if first is None or lines[first].kind != _TS or lines[first].stamp is None:
        return
    if first + 1 >= len(lines) or lines[first + 1].kind not in (_BLANK, _SEP):
        return
    line = lines[first]
    others = sum(1 for ln in lines[first + 1 :] if ln.stamp is not None or ln.dateline)
    if line.category or line.source or others >= 2:
        line.kind = _HEADER


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


def _mark_signoffs(lines: list[_Line], runs: list[list[int]], has_pattern: bool) -> None:
    if has_pattern:
        return
    last_texts: dict[str, int] = {}
    for run in runs:
        text = lines[run[-1]].text
        if len(run) > 1 and len(text) <= 20 and len(text.split()) <= 2:
            last_texts[text.lower()] = last_texts.get(text.lower(), 0) + 1
    for run in runs:
        if len(run) < 2:
            continue
        text = lines[run[-1]].text.lower()
        repeated = last_texts.get(text, 0) >= max(2, len(runs) // 2)
        if text in _KNOWN_SIGNOFFS or repeated:
            lines[run[-1]].kind = _SIGNOFF
            run.pop()
            while run and lines[run[-1]].kind != _BODY:
                run.pop()


def _lead_start(
    gap: list[int], lines: list[_Line], prev_stamped: bool, convention: str | None
) -> tuple[int, str | None]:
    """Where, in the metadata lines between two bodies, the next item's lines begin.

    Returns the index into `gap` and, when a timestamp decided it unambiguously, which way
    ("lead" or "trail") it went, so the rest of the bulletin can follow the same convention.
    """
    kinds = [lines[i].kind for i in gap]
    lead = next((j for j, k in enumerate(kinds) if k == _TITLE), len(gap))
    while lead > 0 and kinds[lead - 1] in (_SRC, _CAT) and (lead - 2 < 0 or kinds[lead - 2] != _TS):
        lead -= 1  # the label right above a title goes with it
    head = kinds[:lead]
    seps = [j for j, k in enumerate(head) if k == _SEP]
    if seps:
        cut = seps[-1] + 1
        if _TS in head[cut:] and lead < len(gap) and not prev_stamped:
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
    touches_next = _BLANK not in head[t + 1 :] and lead == len(gap)
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
    lines: list[int]  # all lines of the block, in order
    body: list[int]
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


def _resolve_dates(drafts: list[_Draft], header: Stamp | None) -> None:
    """Fill in years and dates the items do not print, from the header and their neighbours."""
    known: list[datetime | None] = []
    for d in drafts:
        s = d.stamp
        known.append(s.value if s is not None and s.has_date and s.has_year else None)
    context = header.value if header is not None and header.has_date and header.has_year else None
    for i, d in enumerate(drafts):
        s = d.stamp
        if s is None:
            continue
        if s.has_date and s.has_year:
            d.published, context = s.value, s.value
        else:
            ref = context
            if ref is None:
                ref = next((k for k in known[i + 1 :] if k is not None), None)
            if ref is None:
                continue  # no year anywhere: better no date than an invented one
            if s.has_date:
                d.published = with_year(s.value, ref)
            else:
                d.published = datetime.combine(ref.date(), s.value.time())
            context = d.published
        d.precision = "time" if s.has_time else "date"


def _join_body(lines: list[_Line], body: list[int], first_offset: int) -> str:
    uses_indent = any(lines[i].indent for i in body[1:] if lines[i].kind == _BODY)
    parts: list[str] = []
    prev: _Line | None = None
    gap = False
    for n, i in enumerate(body):
        line = lines[i]
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
    return _segment(text, layout, origin)[2]


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
    lines, drafts, items = _segment(text, layout, origin)
    return Segmentation(items, _dropped(lines, drafts, items))


def _segment(
    text: str, layout: Layout | None, origin: str | None
) -> tuple[list[_Line], list[_Draft], list[Item]]:
    if not isinstance(text, str):
        raise InputError(Errors.E006.format(type_name=type(text).__name__))
    if not text.strip():
        return [], [], []
    layout = layout or _DEFAULT_LAYOUT
    patterns = _compile_layout(layout)
    lines = _split_lines(text)
    for line in lines:
        _classify(line, patterns, layout.dayfirst)
    _refine(lines, patterns)
    _mark_header(lines)
    runs = _runs(lines)
    _mark_signoffs(lines, runs, "signoff" in patterns)
    runs = [r for r in runs if r]
    if not runs:
        # Nothing but metadata: keep it as one item rather than drop what the user gave.
        kept = [i for i, ln in enumerate(lines) if ln.kind not in (_BLANK, _SEP, _BOILER)]
        for i in kept:
            lines[i].kind = _BODY
        runs = [kept] if kept else []
        if not runs:
            return lines, [], []
    drafts = _assemble(lines, runs)
    header = next((ln.stamp for ln in lines if ln.kind == _HEADER), None)
    _resolve_dates(drafts, header)
    return lines, drafts, [_to_item(text, lines, d, origin) for d in drafts]


_DROPPED_KINDS: Final = {
    _SEP: "separator",
    _BOILER: "boilerplate",
    _SIGNOFF: "signoff",
    _HEADER: "header",
    _TS: "timestamp",
    _SRC: "source",
    _CAT: "category",
}


def _dropped(lines: list[_Line], drafts: list[_Draft], items: list[Item]) -> list[Dropped]:
    # Mirrors what `_to_item` keeps: body lines, every title (the first is the title, the others
    # open the text), the source and category lines whose value the item took, and the
    # timestamps its `published` was made from.
    kept: set[int] = set()
    for draft, item in zip(drafts, items, strict=True):
        for i in draft.lines:
            line = lines[i]
            if (
                line.kind in (_BODY, _TITLE)
                or (line.kind == _SRC and line.value == item.source)
                or (line.kind == _CAT and line.value == item.category)
                or (
                    line.kind == _TS
                    and item.published is not None
                    and any(line.stamp is used for used in draft.used)
                )
            ):
                kept.add(i)
    return [
        Dropped(line.start, line.end, line.text, _DROPPED_KINDS.get(line.kind, "other"))
        for i, line in enumerate(lines)
        if line.kind != _BLANK and i not in kept
    ]


_DEFAULT_LAYOUT: Final = Layout()


def _assemble(lines: list[_Line], runs: list[list[int]]) -> list[_Draft]:
    gaps: list[list[int]] = []
    prev_end = 0
    for run in runs:
        gaps.append([i for i in range(prev_end, run[0]) if lines[i].kind != _HEADER])
        prev_end = run[-1] + 1
    tail = [i for i in range(prev_end, len(lines)) if lines[i].kind != _HEADER]

    # First the gaps a timestamp decides by itself; their majority settles the others.
    votes = {"lead": 0, "trail": 0}
    for k in range(1, len(runs)):
        _, decided = _lead_start(gaps[k], lines, False, None)
        if decided:
            votes[decided] += 1
    if lines and any(lines[i].kind == _TS for i in gaps[0]):
        votes["lead"] += 1
    if any(lines[i].kind == _TS for i in tail):
        votes["trail"] += 1
    convention = None if votes["lead"] == votes["trail"] else max(votes, key=votes.__getitem__)

    drafts: list[_Draft] = []
    lead = gaps[0]
    for k, run in enumerate(runs):
        if k + 1 < len(runs):
            gap = gaps[k + 1]
            prev_stamped = any(lines[i].kind == _TS for i in lead)
            cut, _ = _lead_start(gap, lines, prev_stamped, convention)
            trail, next_lead = gap[:cut], gap[cut:]
        else:
            trail, next_lead = tail, []
        block = lead + run + trail
        meta = lead + trail
        stamps = [st for i in meta if (st := lines[i].stamp) is not None]
        dateline = lines[run[0]].dateline
        if dateline is not None and dateline.stamp is not None:
            stamps.append(dateline.stamp)
        stamp, used = _pick_stamp(stamps)
        drafts.append(_Draft(lines=block, body=run, stamp=stamp, used=used))
        lead = next_lead
    return drafts


def _to_item(text: str, lines: list[_Line], d: _Draft, origin: str | None) -> Item:
    body_set = set(d.body)
    meta = [lines[i] for i in d.lines if i not in body_set]
    titles = [ln for ln in meta if ln.kind == _TITLE]
    first = lines[d.body[0]]
    dateline = first.dateline
    body = _join_body(lines, d.body, dateline.body_offset if dateline else 0)
    if len(titles) > 1:  # a second title-shaped line is kept as text, not dropped
        body = "\n".join([*(t.text for t in titles[1:]), body])
    source = next((ln.value for ln in meta if ln.kind == _SRC), None)
    source = source or next((ln.source for ln in meta if ln.source), None)
    if source is None and dateline is not None:
        source = dateline.agency
    category = next((ln.value for ln in meta if ln.kind == _CAT), None)
    category = category or next((ln.category for ln in meta if ln.category), None)
    edges = [lines[i] for i in d.lines if lines[i].kind not in (_BLANK, _SEP)]
    start, end = edges[0].start, edges[-1].end
    return Item(
        text=body,
        start=start,
        end=end,
        item_id=make_item_id(text[start:end], start, origin),
        title=titles[0].value if titles else None,
        published=d.published,
        precision=d.precision if d.published is not None else None,
        dateline=dateline.place if dateline else None,
        source=source,
        category=category,
    )
