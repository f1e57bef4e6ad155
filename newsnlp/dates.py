"""Dates and times as bulletins print them: timestamp lines, dateline dates, years from context.

A bulletin prints time in many shapes ("2 September 2024, 16:05", "16:05 | 02.09.2024",
"Mon, 02 Sep 2024 16:05:00 +0400", "2 SEP, 16:05", "Published: ..."). `parse_timestamp` accepts
a string only when it is essentially nothing but date and time tokens: dateutil's fuzzy parser
would happily read a date into any sentence that holds a number, so a cheap token check guards
it, and dateutil is never called on text that is obviously not a date.

Times are kept as the wall clock printed; a time-zone offset is dropped, not applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from dateutil import parser as _dateutil_parser

__all__ = ["Stamp", "parse_timestamp", "with_year"]

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
# Zone names printed after a clock time. They are dropped, never looked up: dateutil does not
# know most of them (IST, MSK, AZT) and warns on each.
_ZONES = (
    r"z|est|edt|cst|cdt|mst|mdt|pst|pdt|cet|cest|eet|eest|wet|west|msk|bst|azt|amt|get|ist|pkt"
    r"|jst|kst|hkt|sgt|awst|aest|aedt|nzst|nzdt|gst|wib|ict|utc|gmt"
)
# Zone abbreviations nobody can list in full: two to four capitals ending in T ("ET", "WAT",
# "SAST"), case-sensitive so that a word of a sentence never passes for one.
_ZONE_CAPS = r"(?-i:(?!OCT\b|SEPT\b|SAT\b)[A-Z]{1,4}T)"
# Month names in the other languages news pages are most often printed in (Russian, French,
# Spanish, German), full and in the genitive a date uses ("3 марта"), each with its number.
# dateutil knows only English names, so each is rewritten to its English abbreviation first.
_FOREIGN_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            "января январь janvier enero januar jänner",
            "февраля февраль février fevrier febrero februar",
            "марта март mars marzo märz maerz",
            "апреля апрель avril abril",
            "мая май mai mayo",
            "июня июнь juin junio juni",
            "июля июль juillet julio juli",
            "августа август août aout agosto",
            "сентября сентябрь septembre septiembre setiembre",
            "октября октябрь octobre octubre oktober",
            "ноября ноябрь novembre noviembre",
            "декабря декабрь décembre decembre diciembre dezember",
        ),
        start=1,
    )
    for name in names.split()
}
_ENGLISH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Longest first, so "juillet" is never read as "juil..." of something shorter.
_FOREIGN_PATTERN = "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True))
_FOREIGN_RE = re.compile(rf"(?<!\w)(?:{_FOREIGN_PATTERN})(?!\w)", re.IGNORECASE)
# Weekdays in the same languages: tokens of a date line, dropped before dateutil reads it.
_FOREIGN_WEEKDAYS = (
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
)
# Little words of those languages' dates: "3 de marzo de 2024", "le 3 mars à 14:05",
# "3. März 2024 um 14:05", "3 марта 2024 г." ("am", "a" are English words: not here).
_FOREIGN_FILLER = r"de|del|le|à|um|г\.?|года|в"
#: Month names as a regex alternation (case-insensitive), shared with the dateline parser.
MONTH_PATTERN = f"{_FOREIGN_PATTERN}|{_MONTHS}"

# One token of a timestamp. Order matters: the longer numeric shapes are tried first.
_TOKEN = (
    r"(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    # "2017/09/26", "2017.09.26": year first, as East Asian sites print it.
    r"|(?P<ymd>(?:19|20)\d{2}[./]\d{1,2}[./]\d{1,2})"
    r"|(?P<numdate>\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2}))"
    # A clock time, also in brackets as day headings print it: "(1:30 p.m.)".
    r"|(?P<time>\(?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?\)?)"
    r"|(?P<hour>\(?\d{1,2}\s*[ap]\.?m\.?\)?)"
    # "09.56": a clock with a full stop, as British papers print it (only beside a date).
    r"|(?P<dottime>(?:[01]?\d|2[0-3])\.[0-5]\d(?:\s*[ap]\.?m\.?)?)"
    r"|(?P<year>(?:19|20)\d{2})"
    # "3." is the German way to print a day ("3. März"); only before a month ("April 17." is
    # the end of a sentence).
    rf"|(?P<day>\d{{1,2}}(?:st|nd|rd|th|\.(?=[ \t]*(?:{MONTH_PATTERN})))?)"
    rf"|(?P<month>(?:{MONTH_PATTERN})\.?)"
    rf"|(?:\(?(?:{_FOREIGN_WEEKDAYS}|{_WEEKDAYS})\.?\)?)"
    r"|(?P<zone>\(?(?:utc|gmt)(?:[+-]\d{1,2}(?::?\d{2})?)?\)?)"
    r"|(?:[+-]\d{2}:?\d{2})"
    rf"|(?P<zname>\(?(?:{_ZONES})\)?)"
    # Any other zone abbreviation in capitals ("WAT", "ET", "SAST"): a shape, not a list.
    rf"|(?P<zcaps>\(?{_ZONE_CAPS}\)?)"
    # A view counter printed after the clock ("16:01 17426"): checked to follow a time.
    r"|(?P<count>\d{3,9})"
    rf"|(?:at|on|of|the|{_FOREIGN_FILLER})"
    r")"
)
# Separators between tokens. A token never starts or ends with one of these characters, so
# the scanner below reads each character once: no backtracking between tokens and separators.
_SEP_RE = re.compile(r"[\s,|/–—\-·•]*")  # "5 March 2025 • 10:00"
_TOKEN_RE = re.compile(_TOKEN + r"(?!\w)", re.IGNORECASE)

# Labels and bullets a listing page puts in front of a timestamp.
_LABEL_RE = re.compile(
    r"^[\s\-–—•·*|>]*(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|date|time)"
    r"(?:\s+(?:on|at))?\s*:?\s+)?",
    re.IGNORECASE,
)
_ZONE_WORD_RE = re.compile(
    rf"\(?(?<!\w)(?:{_ZONES}|{_ZONE_CAPS})(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?(?!\w)\)?",
    re.IGNORECASE,
)
# A second, labelled stamp after the first: when the page was edited, not published.
_UPDATE_RE = re.compile(
    # After a word, a clock's "AM" or a zone, and behind a slash ("10:05 AM / Updated").
    r"(?<=[\w.)])[\s,|/•·;()\-–—]*(?<![A-Za-z])(?:(?:last\s+)?(?:updated|modified|edited)"
    r"|upd\.)\b.*$",
    re.IGNORECASE,
)
# "15:11 PM": a 24-hour clock with a needless meridiem; dateutil refuses it.
_H24_MERIDIEM_RE = re.compile(r"\b(1[3-9]|2[0-3])(:\d{2}(?::\d{2})?)\s*[ap]\.?m\.?", re.IGNORECASE)
# "[13:06]": a live-blog clock in square brackets.
_BRACKETS_RE = re.compile(r"^\[([^\[\]]{1,40})\]$")
_FILLER_RE = re.compile(
    rf"(?<!\w)(?:at|on|of|the|{_FOREIGN_WEEKDAYS}|{_FOREIGN_FILLER})(?!\w)|[|•·]", re.IGNORECASE
)
# A string cannot be a timestamp without a digit, and timestamps are short: both checks are
# cheap and keep dateutil away from ordinary lines of text.
_MAX_LEN = 80
_DIGIT_RE = re.compile(r"\d")
# A placeholder year that is a leap year, so "29 Feb" without a year still parses.
_DEFAULT = datetime(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class Stamp:
    """A parsed timestamp and which of its parts the text actually gave.

    Attributes:
        value: The date and time. Parts the text did not give are placeholders: the year is
            2000 when `has_year` is False, the date is 2000-01-01 when `has_date` is False, and
            the time is midnight when `has_time` is False.
        has_date: The text gave a day and a month.
        has_year: The text gave a year.
        has_time: The text gave a time of day.
    """

    value: datetime
    has_date: bool
    has_year: bool
    has_time: bool

    @property
    def precision(self) -> str:
        """ "time" when a time of day was given, else "date"."""
        return "time" if self.has_time else "date"


def parse_timestamp(text: str, *, dayfirst: bool = True) -> Stamp | None:
    """Parse a string that is entirely a date and/or time, or return None.

    A leading label ("Published:", "Updated on") or bullet ("- ") is allowed; anything else
    that is not a date or time token makes the string "not a timestamp". A time-zone offset is
    dropped: the wall-clock time printed is kept.

    Args:
        text: The candidate string, e.g. one line of a bulletin.
        dayfirst: Read "02.09.2024" as 2 September (day first), as most non-US sites print it.
            ISO dates ("2024-09-02") are always read year-month-day.

    Returns:
        The parsed `Stamp`, or None when the string is not a timestamp.

    Examples:
        >>> parse_timestamp("2 September 2024, 16:05").value
        datetime.datetime(2024, 9, 2, 16, 5)
        >>> s = parse_timestamp("Mon, 02 Sep 2024 16:05:00 +0400")
        >>> s.value, s.precision
        (datetime.datetime(2024, 9, 2, 16, 5), 'time')
        >>> parse_timestamp("2 SEP, 16:05").has_year
        False
        >>> parse_timestamp("Published: 02.09.2024").precision
        'date'
        >>> parse_timestamp("3 марта 2024, 14:05").value
        datetime.datetime(2024, 3, 3, 14, 5)
        >>> parse_timestamp("3 de marzo de 2024").value
        datetime.datetime(2024, 3, 3, 0, 0)
        >>> parse_timestamp("Oil rose 2 pct on 2 September") is None
        True
    """
    if len(text) > _MAX_LEN + 40 or not _DIGIT_RE.search(text):
        return None
    body = text[_LABEL_RE.match(text).end() :]  # type: ignore[union-attr]  # always matches
    if (update := _UPDATE_RE.search(body)) is not None:
        # "Published 21.01.2025 10:00 | Updated 21.01.2025 12:00": the item was published at
        # the first time; the update is a later edit of the page.
        body = body[: update.start()]
    body = body.strip()
    # Digest-style times are printed in brackets: "(10:34)".
    if body.startswith("(") and body.endswith(")") and body.count("(") == 1:
        body = body[1:-1].strip()
    if bracketed := _BRACKETS_RE.match(body):
        body = bracketed.group(1).strip()
    if not body or len(body) > _MAX_LEN:
        return None
    kinds = _token_kinds(body)
    if kinds is None:
        return None
    if kinds[-1][0] == "count":
        # A counter is furniture printed after the clock ("16:01 17426" views); anywhere else
        # a bare number means the string is not a timestamp.
        if len(kinds) < 2 or kinds[-2][0] != "time":
            return None
        body = body[: body.rindex(kinds[-1][1])]
        kinds = kinds[:-1]
    if any(kind == "count" for kind, _ in kinds):
        return None
    numeric = [i for i, (kind, _) in enumerate(kinds) if kind in ("iso", "ymd", "numdate")]
    if len(numeric) > 1:
        # Two dates on one line ("date 2025-08-29 27.08.2025, 16:01"): a page prints its own
        # stamp first, then the item's; the item's is the last one, the one the clock follows.
        token = kinds[numeric[-1]][1]
        body = body[body.rindex(token) :]
        kinds = kinds[numeric[-1] :]
        if any(kind in ("day", "month", "year") for kind, _ in kinds):
            return None
    has_date = has_year = has_time = False
    has_day = has_month = False
    for kind, token in kinds:
        if kind == "dottime":
            if not any(k in ("month", "iso", "ymd", "numdate") for k, _ in kinds):
                return None  # "10.00" alone is a number, not a time
            has_time = True
            body = body.replace(token, token.replace(".", ":", 1))
        elif kind == "iso":
            has_date = has_year = True
            has_time = has_time or ":" in token
        elif kind in ("numdate", "ymd"):
            has_date = has_year = True
        elif kind in ("time", "hour"):
            has_time = True
        elif kind == "year":
            has_year = True
        elif kind == "day":
            has_day = True
        elif kind == "month":
            has_month = True
    has_date = has_date or (has_day and has_month)
    if not (has_date or has_time):
        return None  # a lone year, weekday or number is not a timestamp
    body = _FOREIGN_RE.sub(lambda m: _ENGLISH_ABBR[_FOREIGN_MONTHS[m.group().lower()] - 1], body)
    cleaned = _FILLER_RE.sub(" ", _ZONE_WORD_RE.sub(" ", body))
    cleaned = _H24_MERIDIEM_RE.sub(r"\1\2", cleaned).replace(",", " ")
    cleaned = cleaned.replace("(", " ").replace(")", " ")
    iso = bool(re.match(r"\s*\d{4}[-./]", cleaned))
    try:
        # ignoretz: a zone is dropped, never looked up (and never warned about).
        value = _dateutil_parser.parse(
            cleaned, default=_DEFAULT, dayfirst=dayfirst and not iso, ignoretz=True
        )
    except (ValueError, OverflowError):
        return None
    return Stamp(value.replace(tzinfo=None), has_date, has_year and has_date, has_time)


def _token_kinds(body: str) -> list[tuple[str | None, str]] | None:
    """The tokens of `body` with their kinds, or None when something else is in it.

    A left-to-right scan: separators, then one token, and so on. Each step is an anchored match
    of bounded length, so the whole scan is linear in the length of `body`.
    """
    tokens: list[tuple[str | None, str]] = []
    pos = _SEP_RE.match(body).end()  # type: ignore[union-attr]  # always matches
    while pos < len(body):
        match = _TOKEN_RE.match(body, pos)
        if match is None or match.end() == pos:
            return None
        tokens.append((match.lastgroup, match.group()))
        pos = _SEP_RE.match(body, match.end()).end()  # type: ignore[union-attr]
    return tokens or None


def with_year(value: datetime, reference: datetime) -> datetime:
    """Give a date printed without a year the year that puts it nearest to `reference`.

    A bulletin dated 2 January that mentions "Dec 31" means the previous year; one dated
    31 December that mentions "Jan 2" means the next.

    Examples:
        >>> with_year(datetime(2000, 3, 16), datetime(1987, 3, 20))
        datetime.datetime(1987, 3, 16, 0, 0)
        >>> with_year(datetime(2000, 12, 31, 9, 30), datetime(2025, 1, 2))
        datetime.datetime(2024, 12, 31, 9, 30)
    """
    best: datetime | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = value.replace(year=year)
        except ValueError:  # 29 February in a year that has none
            continue
        if best is None or abs(candidate - reference) < abs(best - reference):
            best = candidate
    return best if best is not None else value.replace(year=reference.year, day=28)
