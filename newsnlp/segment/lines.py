"""Passes 1 and 2: the input as line records, each given a kind.

Pass 1 reads a line's own shape (blank, separator, boilerplate, timestamp, source, or body with
perhaps a dateline); pass 2 reads its neighbours to find titles, categories and source labels
among the body lines. The line records, and the kinds as named constants, are what every later
stage reads. All regexes are compiled once here: the segmenter runs over millions of items.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from ..dates import MONTH_PATTERN, Stamp, parse_timestamp
from .credits import byline_outlet, credit_line

_DIGIT_RE: Final = re.compile(r"\d")
# No pattern ever sees more of a line than this: a longer line is body text (only the linear
# separator test reads it whole), and a dateline is looked for in its first `_HEAD` characters.
# This bounds the work of every pattern, a house layout's included, whatever a line holds.
_PATTERN_CAP: Final = 1000
_HEAD: Final = 200
# Numbered digest titles are short; the numbered-title pattern reads no longer line.
_NUMBERED_CAP: Final = 300
# A timestamp line, even "Category | source | date", is short; body lines are not parsed.
_MAX_STAMP_LINE: Final = 160
_SEPARATOR_RE: Final = re.compile(r"(?:[-–—=_*~#•·+|]\s*){1,}")
_BULLET_RE: Final = re.compile(r"^[-–—•·*>|]+\s+")
# Well-known page furniture; matched against the line without its bullet, case-insensitively.
_BOILERPLATE_RE: Final = re.compile(
    r"(?:photo\s*sessions?|photos?|videos?|gallery|share(?:\s+this(?:\s+article)?)?"
    r"|share\s+on\s+\w+|read\s+more|read\s+also|also\s+read|more\s+news|related(?:\s+news)?"
    r"|print|e-?mail|tweet|comments?(?:\s*\(\d+\))?|advertisement|subscribe(?:\s+.{0,40})?"
    r"|follow\s+us(?:\s+on\s+.{1,40})?|see\s+also|back\s+to\s+top|top\s+news"
    # Link lines, even behind a stray token of the page's markup ("W140 Full Story").
    r"|(?:\S{1,6}\s+)?(?:full\s+story|continue\s+reading|read\s+more|read\s+full\s+story)"
    r"|save\s+story|no\s+comments?|post\s+a\s+comment|copy\s+link"
    # A site's menu above the page: navigation words on lines of their own.
    r"|skip\s+to\s+(?:main\s+)?content|menu|search|home(?:\s*page)?|log\s*in|sign\s+in|log\s*out"
    r"|register|listen(?:\s+to\s+(?:this\s+)?article)?|watch(?:\s+(?:live|video|now))?"
    r"|loading|close|next|previous|prev|back)[\s.:!»>…]*",
    re.IGNORECASE,
)
# A page's counter on a line of its own: "views 355", "1,204 views", "Comments: 12", "👁 1.2K".
_COUNTER_RE: Final = re.compile(
    r"(?:views?|reads?|likes?|shares?|comments?|👁)\s*:?\s*\d[\d.,]*\s*[KkMm]?"
    r"|\d[\d.,]*\s*[KkMm]?\s+(?:views?|reads?|likes?|shares?|comments?)",
    re.IGNORECASE,
)
# Relative times ("2 hours ago", "Yesterday"): furniture, and a date only against the date the
# page prints (the moment it was read is not in the text). Months and years ago are too coarse.
_RELATIVE_RE: Final = re.compile(
    r"(?:(?:(?P<n>\d{1,3})\s*|(?P<one>about\s+an?|an?)\s+)"
    # "3h ago", "3 hrs ago" too (an hour is "h" on compact listings).
    r"(?P<unit>sec(?:ond)?|min(?:ute)?|h(?:ou)?r|h|day|week|month|year)s?\s+ago"
    r"|(?P<now>just\s+now)|(?P<yesterday>yesterday|вчера)|(?P<today>today|сегодня))"
    # "Today, 14:05", "Yesterday at 18:30": the day relative, the clock as printed.
    r"(?:[ \t]*,?[ \t]*(?:at[ \t]+|в[ \t]+)?\d{1,2}:\d{2}(?:[ \t]*[ap]\.?m\.?)?)?[\s.:!»>…]*",
    re.IGNORECASE,
)
_UNIT_HOURS: Final = {"sec": 0.0, "min": 0.0, "h": 1.0, "day": 24.0, "week": 168.0}
# A site's footer under the last item: copyright and rights lines, contact and newsletter
# lines, the legal links. They are printed by every site's template, never by a story; a
# footer link is matched whole, and a row of them ("Terms of Use | Privacy Policy") part by part.
_COPYRIGHT_RE: Final = re.compile(
    # "Copyright" alone opens headlines too ("Copyright row ..."): a year, "by" or © must follow.
    r"©.{0,200}|(?:copyright|\(c\))\s*(?:©\s*)?(?:(?:19|20)\d{2}\b|by\b).{0,200}"
    r"|.{0,200}\ball\s+rights\s+reserved\b.{0,80}",
    re.IGNORECASE,
)
_FOOTER_LINK_RE: Final = re.compile(
    r"(?:contact(?:\s+us)?(?:\s*:\s*\S.{0,80})?|about(?:\s+us)?|imprint|impressum|sitemap"
    r"|terms(?:\s+of\s+(?:use|service)|\s+(?:and|&)\s+conditions)?|privacy(?:\s+(?:policy|notice))"
    r"|cookies?(?:\s+(?:policy|settings|preferences))|advertise(?:\s+with\s+us)?"
    r"|(?:sign\s+up|subscribe)\s+(?:for|to)\s+.{0,40}newsletters?.{0,20}|newsletters?"
    r"|careers|accessibility|rss(?:\s+feeds?)?|faqs?|help"
    # A newsletter's footer: the links every mailing template prints under the last story.
    r"|unsubscribe(?:\s+here)?|manage\s+(?:your\s+)?(?:preferences|subscriptions?)"
    r"|update\s+your\s+preferences|view\s+(?:this\s+(?:email|newsletter)\s+)?in\s+(?:your\s+)?browser"
    r"|forward\s+(?:this\s+)?to\s+a\s+friend)[\s.:!]*",
    re.IGNORECASE,
)
# A cookie or consent notice: a site's banner, not a story. Short, and names cookies together
# with what the reader is asked to do about them.
_COOKIE_RE: Final = re.compile(
    r"(?=.{0,240}$).*\bcookies?\b.*\b(?:use|uses|using|accept|agree|consent|settings|policy"
    r"|experience|browsing|continu\w*)\b.*"
    r"|.*\b(?:use|uses|using|accept|agree|consent)\b.*\bcookies?\b.*",
    re.IGNORECASE,
)
# A row of a site's menu: four or more links of one to three words each, set apart by bars or
# dots ("Home | World | Business | Sport"). No part holds a digit or sentence punctuation, so a
# "Politics | 2 September 2024" stamp line or a sentence with a bar in it is not one.
_MENU_PARTS: Final = 4  # three parts is as often "PLACE | Agency | lead" or "Section | Source"
_MENU_PART_RE: Final = re.compile(r"[^\W\d_][\w&'’\-]*(?:\s+[\w&'’\-]+){0,2}")
# A bare link with a path ("https://example.org/news/a-story"); a bare domain is a source line.
_URL_LINE_RE: Final = re.compile(r"(?:https?://|www\.)[^\s/]{1,253}/\S{1,1000}", re.IGNORECASE)
# A place on a line of its own: "NAIROBI", "NEW DELHI,", "SAO PAULO -".
_CAPS_PLACE_LINE_RE: Final = re.compile(r"[A-Z][A-Z'’.\-]{2,}(?: [A-Z][A-Z'’.\-]+){0,2}[ ,:\-–—]*")
# A bulletin's intro ("Here are the top stories at this hour:", "The following is the latest
# list of news summaries by ..."): the formula that announces a list, not one of its items.
_INTRO_RE: Final = re.compile(
    r"(?:here\s+(?:are|is)|(?:the\s+)?following\s+(?:is|are)|below\s+(?:are|is)|this\s+is)\s+"
    r"(?:[\w'’,-]+\s+){0,12}?"
    r"(?:news|stories|headlines|summar(?:y|ies)|highlights|developments|items|updates|digest"
    r"|briefs?|round-?up|bulletin)\b.{0,160}",
    re.IGNORECASE,
)
_SENTENCE_END_RE: Final = re.compile(r"[.!?]\s+")
_FOOTER_SPLIT_RE: Final = re.compile(r"\s*[|•·]\s*")
_DOMAIN_RE: Final = re.compile(
    r"(?:https?://)?(?:www\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}/?"
)
_CREDIT_LINE_RE: Final = re.compile(
    r"\(\s*(?:source|via)\s*:?\s*(?P<value>[^()]{1,80}?)\s*\)", re.IGNORECASE
)
_VIA_RE: Final = re.compile(r"(?:via|source\s*:)\s+(?P<value>\S.{0,60})", re.IGNORECASE)
_SOURCE_LABEL_RE: Final = re.compile(r"(?:source|via)\s*:\s*(?P<value>\S.{0,80})", re.IGNORECASE)
_CATEGORY_LABEL_RE: Final = re.compile(
    r"(?:category|section|rubric|topic)\s*:\s*(?P<value>\S.{0,60})", re.IGNORECASE
)
_NUMBERED_RE: Final = re.compile(
    r"(?P<num>\d{1,3})[.)]\s+(?P<title>\S.*?)(?:\s*\((?P<stamp>[^()]{3,40})\))?"
)
# A byline after a timestamp: "Apr 25, 2023 11:21 AM (IST) Posted by A. Writer".
_BYLINE_TAIL_RE: Final = re.compile(
    # The name is optional: a bare "by" whose name the copy lost ("Posted on 2021-05-09 by").
    r"\s+(?:(?:posted|updated|written|edited|reported)\s+)?by(?:\s+[^\d]{1,60})?$",
    re.IGNORECASE,
)
# A byline before the date: "by A. Writer on December 4, 2023 at 3:45 pm".
_BYLINE_HEAD_RE: Final = re.compile(
    r"[-–—•·*\s]*(?:(?:posted|written|reported)\s+)?by\s+[^\d]{1,120}?"
    r"(?:\s+on|\s+at|\s*[,|·•–—])\s+(?P<date>\S.*)",
    re.IGNORECASE,
)
# A link glued to the date of the next or last record ("Read more9/26/2025",
# "12 May 2024 | Continue reading"): the furniture part is a link line, the rest a date.
_GLUED_HEAD_RE: Final = re.compile(r"(?P<link>[^\d]{2,40}?)[\s|:·•–—-]*(?P<date>\d.*)")
_GLUED_TAIL_RE: Final = re.compile(r"(?P<date>.*\d.*?)[\s|·•–—-]+(?P<link>[^\d]{2,40})")
# A sentence, then an ellipsis: a listing's teaser of a lead, never a headline.
_SENTENCE_THEN_ELLIPSIS_RE: Final = re.compile(r"\w[.!?][\"”’]?\s+(?:\.{3}|…)$")
# A paragraph that opens on its full date, glued to its first sentence ("Monday,
# October 1, 2007 The council ..."), as article leads copied from a wiki or an archive print it.
_LEAD_DATE_RE: Final = re.compile(
    r"(?P<date>(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:(?:{MONTH_PATTERN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_PATTERN})\.?,?)\s+(?:19|20)\d{{2}})"
    r"\s+(?=(?-i:[A-Z\"“‘]))",
    re.IGNORECASE,
)
# Parts of a line such as "REUTERS NEWS WIRE | Monday, 16 March 1987": each is a label of a
# few words (more when the date ends the line: bylines of several authors, a headline).
_PART_WORDS: Final = 6
_PART_WORDS_AT_END: Final = 12
_PART_SPLIT_RE: Final = re.compile(r"\s+[|•·]\s+")
_ALLCAPS_WORD_RE: Final = re.compile(r"[A-Z][A-Z0-9&.\-]{1,15}")

# Capitals and letters with accents and in Cyrillic too ("BOGOTÁ", "São Paulo",
# "МОСКВА"): places are printed in their own spelling.
_UP: Final = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_LETTER: Final = "A-Za-zÀ-ÖØ-öø-ÿА-Яа-яЁё"
# "GENEVA/BRUSSELS", "Tokyo/Seoul": two places of one dateline.
_CITY_WORD: Final = rf"[{_UP}][{_LETTER}'’.\-]*(?:/[{_UP}][{_LETTER}'’.\-]*)?"
# A region in brackets after the place, as South Asian wires print it: "Varanasi (Uttar
# Pradesh) [India], December 24 (ANI): ", "New Delhi [India], March 3 (ANI): ".
_BRACKETED_REGION: Final = (
    r"(?:[ \t]*\([A-Z][\w .]{1,30}\))?(?:[ \t]*\[[A-Z][\w .]{1,30}\])?"
)
_PLACE: Final = rf"(?P<place>{_CITY_WORD}(?:[ \t]+(?:{_CITY_WORD}|de|la|el|al|of|upon)){{0,3}})"
_CAPS_PLACE: Final = (
    rf"(?P<place>[{_UP}][{_UP}'’.\-/]{{2,}}(?:[ \t]+[{_UP}][{_UP}'’.\-/]+){{0,3}})"
)
# "FORT WAYNE, Ind., March 6 - ", "Vancouver, British Columbia, March 31 - ": a region.
_REGION: Final = (
    rf"(?:,[ \t]*(?!(?i:{MONTH_PATTERN})\b)[{_UP}][{_LETTER}.]*"
    rf"(?:[ \t]+[{_UP}][{_LETTER}.]*){{0,2}})?"
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
    rf"{_PLACE}{_BRACKETED_REGION}{_REGION}[,.][ \t]*{_DL_DATE}"
    rf"(?:[ \t]*[-–—]+[ \t]*"
    rf"|\.?[ \t]*/[ \t]*(?P<agency>[{_LETTER}][\w\-]*(?:[ \t]+[\w\-]+){{0,2}})[ \t]*/[.:]?[ \t]*"
    # "ALMATY. March 3. KAZINFORM - " as well as "Baku, September 2, AZERTAC".
    rf"|[,.][ \t]*(?P<agency2>{_AGENCY})(?:[ \t]*[.:–—-][ \t]*|[ \t]*$)"
    # "KYIV. Nov 24 (Interfax-Ukraine) – ", "New Delhi, Jul 14 (PTI) ", "Baku, 3 Dec (Trend) "
    rf"|\.?[ \t]*\((?P<agency3>[A-Za-z][\w .&\-]{{0,30}})\)[ \t]*(?:[-–—:]+[ \t]*)?"
    # "Brussels, 28 September 2012: "
    r"|:[ \t]+"
    # "BAKU, Azerbaijan, March 3. The ...": the date closed by a full stop.
    r"|\.[ \t]+(?=[A-Z\"“‘]))"
)
# "LOS ANGELES | Xinhua | ", "Vatican | VATICAN NEWS | "
_DATELINE_PIPE_RE: Final = re.compile(
    rf"{_PLACE}[ \t]*\|[ \t]*(?P<agency>[A-Za-z][\w.&\-]*(?:[ \t]+[\w.&\-]+){{0,3}})[ \t]*\|[ \t]*"
)
# "LONDON (Reuters) - "
# "WASHINGTON (AP) _ ": the underscore that stands for a dash in AP's archive text.
_DATELINE_AGENCY_RE: Final = re.compile(
    rf"{_PLACE}{_REGION}[ \t]*\((?P<agency>[A-Za-z][\w .\-]{{0,20}})\)[ \t]*(?:[-–—]+|_)[ \t]*"
)
# "ASTANA. KAZINFORM – ": the place, a full stop, the agency in capitals, a dash.
_DATELINE_DOT_AGENCY_RE: Final = re.compile(
    r"(?P<place>[A-Z][A-Z'’\-/]{2,}(?:[ \t]+[A-Z][A-Z'’\-/]+){0,2})\.[ \t]+"
    r"(?P<agency>[A-Z][A-Z\-]{1,20}(?:[ \t]+[A-Z][A-Z\-]+)?)[ \t]*[-–—]+[ \t]+"
)
# "WASHINGTON — "
_DATELINE_CAPS_RE: Final = re.compile(rf"{_CAPS_PLACE}{_REGION}[ \t]*(?:[-–—]+|_)[ \t]+")
# "Jerusalem — ", "Abuja, Nigeria – ": a place in title case, then a long dash (a
# hyphen joins words) and a capitalised sentence. Headlines print dashes too ("Ukraine — The
# Interview"), so it counts only on a paragraph (`_TITLE_DASH_WORDS` words after it).
_DATELINE_TITLE_DASH_RE: Final = re.compile(
    rf"{_PLACE}{_REGION}[ \t]+(?:—|–|--)[ \t]+(?=[A-Z\"“‘])"
)
_TITLE_DASH_WORDS: Final = 12
# "Varanasi (Uttar Pradesh) | December 24, 2025 9:19 AM": a place with its region in
# brackets beside an item's date is its dateline, not a category.
_PLACE_REGION_RE: Final = re.compile(rf"{_PLACE}[ \t]*\([A-Z][\w .]{{1,30}}\)")
# "NEW DELHI: The government ...", as South Asian and Gulf papers print it. A caps word before a
# colon is as often a rubric ("BREAKING: ", "UPDATE: "), so those are not places; the lead after
# the colon must be a capitalised sentence.
_MIN_LEAD_WORDS: Final = 8
_MIN_DASH_LEAD_WORDS: Final = 4
_DATELINE_COLON_RE: Final = re.compile(
    r"(?!(?:BREAKING|UPDATE[SD]?|WATCH|LIVE|VIDEO|PHOTOS?|EXCLUSIVE|OPINION|ANALYSIS|EDITORIAL"
    r"|EXPLAINER|REVIEW|INTERVIEW|CORRECTION|NOTE|FACT[ \t]+CHECK|ALERT|URGENT|FLASH|READ|ALSO"
    r"|LISTEN|QUOTE|Q|A)\b)"
    rf"{_CAPS_PLACE}:[ \t]+(?=[A-Z\"“‘][a-z\"“‘ ])"
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
    title_only: bool = False  # a headline with no text of its own: a title-only record
    credit: str | None = None  # an outlet credited in brackets at the end of a list entry
    date_above: Stamp | None = None  # the bulletin's or section's date when the record was cut
    ago: timedelta | None = None  # a relative time ("2 hours ago"), back from the page date
    element: str | None = None  # the feed element this line is the text of ("title", "pubdate")
    place: str | None = None  # the place printed beside a date ("Place (Region) | date")
    reason: str | None = None  # why a boilerplate line is furniture (`boilerplate`), if known
    cut_off: bool = False  # the input ends inside this line, mid-sentence (`windows._mark_cut`)


@dataclass(frozen=True, slots=True)
class _Dateline:
    place: str
    stamp: Stamp | None
    agency: str | None
    body_offset: int  # where the body starts in the stripped line


# A feed (RSS or Atom) pasted as text: its elements, each read as the line it would be on a
# page. Values are bounded, so a line full of unclosed tags costs linear time.
_FEED_HINT_RE: Final = re.compile(r"</title>", re.IGNORECASE)
_FEED_RE: Final = re.compile(
    r"<(?P<tag>[A-Za-z][\w:.-]{0,30})\b[^<>]{0,300}>"
    r"(?:<!\[CDATA\[(?P<cdata>.{0,20000}?)\]\]>|(?P<value>[^<]{0,20000}))</(?P=tag)>"
    r"|<[^<>]{1,300}>",
    re.IGNORECASE | re.DOTALL,
)
_TAG_RE: Final = re.compile(r"<[^<>]{1,300}>")
_ITEM_TAG_RE: Final = re.compile(r"<(?:item|entry)\b[^<>]{0,300}>", re.IGNORECASE)
_FEED_TEXT: Final = frozenset({"title", "description", "summary", "content", "content:encoded"})
_FEED_DATE: Final = frozenset({"pubdate", "dc:date", "published", "updated", "date"})
_FEED_LABEL: Final = {"category": "cat", "source": "src", "dc:creator": "", "author": ""}


def _feed_lines(line: _Line) -> list[_Line]:
    """A line holding feed markup as the lines of its elements (itself when it holds none).

    Every character of the line is in one of the lines returned: an element's text becomes a
    line of its kind, and the markup between (`<item>`, `<link>...`) a furniture line, so the
    report still accounts for all of it. An item opens at each `<item>` or `<entry>`.
    """
    s = line.text
    if "<" not in s or not _FEED_HINT_RE.search(s) or s.lower().count("<title") < 2:
        return [line]  # one title is a page with a stray tag; a feed repeats them
    out: list[_Line] = []
    pos = 0

    def add(start: int, end: int, text: str, element: str) -> None:
        out.append(
            _Line(
                start=line.start + start,
                end=line.start + end,
                text=text,
                indent=0,
                element=element,
            )
        )

    # Elements above the first item describe the feed (its title, link, description): header.
    in_items = _ITEM_TAG_RE.search(s) is None
    for match in _FEED_RE.finditer(s):
        if s[pos : match.start()].strip():
            gap = s[pos : match.start()]
            lead = len(gap) - len(gap.lstrip())
            add(pos + lead, pos + len(gap.rstrip()), gap.strip(), "markup")
        pos = match.end()
        tag = (match.group("tag") or "").lower()
        if match.group("tag") is None and _ITEM_TAG_RE.fullmatch(match.group()):
            in_items = True
            add(match.start(), match.end(), match.group(), "item")  # an item opens here
            continue
        raw = match.group("cdata") if match.group("cdata") is not None else match.group("value")
        value = " ".join(html.unescape(_TAG_RE.sub(" ", raw or "")).split())
        if (tag in _FEED_TEXT or tag in _FEED_DATE or tag in _FEED_LABEL) and value:
            add(match.start(), match.end(), value, tag if in_items else "channel")
            continue
        add(match.start(), match.end(), match.group(), "markup")
    if s[pos:].strip():
        add(pos, len(s), s[pos:].strip(), "markup")
    return out


# "1) Council approves ... 2) Bridge reopens ...": list entries run together on one line.
_RUN_MARKER_RE: Final = re.compile(r"(?:^|(?<=\s))(?P<num>\d{1,2})[.)]\s+(?=[A-Z\"“‘'(«])")
# A run of at least this many consecutive numbers; fewer is a sentence that counts ("1) ...").
_MIN_RUN: Final = 3


# A link glued in front of the next headline when a page is copied ("Read More »Title"): the
# link is furniture, the rest of the line the headline.
_LINK_PREFIX_RE: Final = re.compile(
    r"(?i:read\s+more|continue\s+reading|read\s+full\s+story|full\s+story)\s*[»›>]+\s*(?=\S)"
)


# An agency credit of a dateline ("/ Kabar /", "/TASS/", "(Xinhua)"), the evidence that a
# dateline may sit inside a line whose start is a headline glued to it (`_glued_headline`).
_CREDIT_MARK_RE: Final = re.compile(
    r"\s/\s?[A-Z][\w\-]*(?:\s[\w\-]+){0,2}\s?/|\([A-Z][\w .&\-]{1,30}\)"
)
_WORD_START_RE: Final = re.compile(r"(?<=\s)[A-Z]")
# A clock time opening a live blog's or a radio log's entry on the entry's own line: "[22:40] The
# last ...", "14:05 – The council ...", "2:45 p.m. | Ferries ...". The time becomes a line of
# its own, as most live blogs print it.
_CLOCK_PREFIX_RE: Final = re.compile(
    r"(?:\[\d{1,2}[:.]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?(?:\s[A-Z]{2,4})?\]"
    r"|\d{1,2}[:.]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?(?:\s[A-Z]{2,4})?\s?[-–—|])"
    r"\s+(?=[\"“‘'(A-Z])"
)
_GLUE_SPAN: Final = 300  # how far into a line a glued dateline is looked for


def _glued_headline(s: str) -> int | None:
    """Where a dated, credited dateline starts inside the line, after a headline glued to it.

    A feed or a page flattened to text glues an item's title to its lead: "Jewelry exhibition
    opens Bishkek, Jan. 19, 2018 / Kabar /. An exhibition ...". The dateline must print a date
    and an agency credit; the text before it must be headline-shaped: three or more words, no
    sentence ending inside or at its end.
    """
    head = s[:_GLUE_SPAN]
    credit = _CREDIT_MARK_RE.search(head)
    if credit is None:
        return None
    # From the credit leftwards: the nearest place is the dateline's (in a title-case headline
    # every word is capitalised, so the leftmost capital would swallow the headline).
    starts = [word.start() for word in _WORD_START_RE.finditer(head, 0, credit.start())]
    for at in reversed(starts):
        before = s[:at].rstrip()
        if len(before.split()) < 3 or before[-1:] in ".!?:;,\"”" or ". " in before:
            continue
        match = _DATELINE_DATED_RE.match(s, at)
        if match is None:
            continue
        if match.group("agency") or match.group("agency2") or match.group("agency3"):
            return at
    return None


def _split_line(line: _Line) -> list[_Line]:
    """A physical line as the lines it holds: a feed's elements, numbered entries run together,
    or a link glued in front of a headline.

    Entries run together are split only when the line opens with the first number and the
    numbers go on one by one (1, 2, 3 ...), at least three of them, each entry a few words: a
    sentence that mentions "2." once is never split.
    """
    if "<" in line.text:
        return _feed_lines(line)
    s = line.text
    if len(s) > 60 and (at := _glued_headline(s)) is not None:
        title = s[:at].rstrip()
        return [
            _Line(start=line.start, end=line.start + len(title), text=title, indent=0),
            _Line(start=line.start + at, end=line.end, text=s[at:], indent=0),
        ]
    clock = _CLOCK_PREFIX_RE.match(s) if s[:1] in "[0123456789" else None
    if clock is not None and len(s[clock.end() :].split()) >= 3:
        stamp = s[: clock.end()].rstrip(" \t-–—|")
        return [
            _Line(start=line.start, end=line.start + len(stamp), text=stamp, indent=0),
            _Line(start=line.start + clock.end(), end=line.end, text=s[clock.end() :], indent=0),
        ]
    if (glued := _LINK_PREFIX_RE.match(s)) is not None:
        cut = glued.end()
        link = s[:cut].rstrip()
        return [
            _Line(start=line.start, end=line.start + len(link), text=link, indent=0),
            _Line(start=line.start + cut, end=line.end, text=s[cut:], indent=0),
        ]
    if len(s) > 100 * _PATTERN_CAP:
        return [line]
    # The run may follow the list's announcement on the same line: "Morning headlines: 1) ...".
    intro = 0 if s[:1].isdigit() else _run_intro(s)
    if intro is None:
        return [line]
    starts: list[int] = []
    expected: int | None = None
    for match in _RUN_MARKER_RE.finditer(s, intro):
        num = int(match.group("num"))
        if not starts:
            if match.start() != intro:
                return [line]
            starts, expected = [intro], num + 1
        elif num == expected:
            starts.append(match.start())
            expected += 1
    if len(starts) < _MIN_RUN:
        return [line]
    ends = [*starts[1:], len(s)]
    pieces = [(a, a + len(s[a:b].rstrip())) for a, b in zip(starts, ends, strict=True)]
    if any(len(s[a:b].split()) < 4 for a, b in pieces):
        return [line]
    if intro:
        pieces.insert(0, (0, len(s[:intro].rstrip())))
    return [
        _Line(start=line.start + a, end=line.start + b, text=s[a:b], indent=0) for a, b in pieces
    ]


# A short announcement ending on a colon, right before a numbered run on the same line.
_RUN_INTRO_RE: Final = re.compile(r"[^\d:\n]{3,80}:\s+(?=1[.)]\s)")


def _run_intro(s: str) -> int | None:
    """Where a numbered run starts after its announcement ("Top stories: 1) ..."), or None."""
    match = _RUN_INTRO_RE.match(s)
    return match.end() if match else None


def _classify_element(line: _Line, dayfirst: bool) -> None:
    """The kind of a feed element's line: its tag says it (see `_feed_lines`)."""
    tag = line.element or ""
    if tag == "item":
        line.kind = _SEP  # the record separator of a feed
    elif tag == "channel":
        # The feed's own title and description, above its items: furniture of the feed (a
        # header line is only what the header pass marks, and it reports them itself).
        line.kind = _BOILER
    elif tag in _FEED_DATE:
        line.stamp = parse_timestamp(line.text, dayfirst=dayfirst)
        line.kind = _TS if line.stamp is not None else _BOILER
    elif tag == "title":
        line.kind, line.value = _TITLE, line.text
    elif tag in _FEED_TEXT:
        line.kind = _BODY
    elif _FEED_LABEL.get(tag):
        line.kind = _CAT if _FEED_LABEL[tag] == "cat" else _SRC
        line.value = line.text
    else:
        line.kind = _BOILER  # links, ids, the channel's markup


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
    if line.element is not None:
        _classify_element(line, dayfirst)
        return
    if not s:
        line.kind = _BLANK
        return
    if len(s) > _PATTERN_CAP:
        if "separator" not in patterns and _SEPARATOR_RE.fullmatch(s):
            line.kind = _SEP
        elif line.indent == 0 and s[0].isupper():
            line.dateline = _parse_dateline(s, dayfirst)
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
    if "boilerplate" not in patterns and _COUNTER_RE.fullmatch(unbulleted):
        line.kind = _BOILER  # "views 355": a page's counter, in lower case or not
        return
    if (
        "boilerplate" not in patterns
        and not unbulleted[0].islower()  # "share." opening a wrapped line is text
        and _BOILERPLATE_RE.fullmatch(unbulleted)
    ):
        line.kind = _BOILER
        return
    if (
        "boilerplate" not in patterns
        and not unbulleted[0].islower()
        and (relative := _RELATIVE_RE.fullmatch(unbulleted))
    ):
        line.kind, line.ago = _BOILER, _ago(relative)
        return
    if "boilerplate" not in patterns and _footer(unbulleted):
        line.kind = _BOILER
        return
    if "boilerplate" not in patterns and _URL_LINE_RE.fullmatch(unbulleted):
        line.kind = _BOILER  # a link to the story (a feed's <link> as text): a link line
        return
    if "timestamp" not in patterns and _classify_timestamp(line, dayfirst):
        return
    if "source" not in patterns:
        if _DOMAIN_RE.fullmatch(unbulleted) and any(c.islower() for c in unbulleted[:1] + s):
            line.kind, line.value = _SRC, unbulleted
            return
        if match := _CREDIT_LINE_RE.fullmatch(unbulleted):
            # "(Source: ANI)" under a paragraph: an aside of the text above, which takes it as
            # its source; the line itself is furniture.
            line.kind, line.credit = _BOILER, match.group("value").strip()
            return
        if (outlet := credit_line(unbulleted)) is not None:
            # "(Reuters)", "Via X", "By A | X" on a line of its own: furniture whose
            # outlet is the item's source, as "(Source: X)" above (see credits).
            line.kind, line.credit = _BOILER, outlet
            return
        if match := _SOURCE_LABEL_RE.fullmatch(unbulleted):
            line.kind, line.value = _SRC, match.group("value").strip()
            return
    if "category" not in patterns and (match := _CATEGORY_LABEL_RE.fullmatch(unbulleted)):
        line.kind, line.value = _CAT, match.group("value").strip()
        return
    if line.indent == 0 and s[0].isupper():
        line.dateline = _parse_dateline(s, dayfirst)


def _ago(match: re.Match[str]) -> timedelta | None:
    """How far back a relative time reaches, or None when it is too coarse to date a record."""
    if match.group("yesterday"):
        return timedelta(days=1)
    if match.group("now") or match.group("today"):
        return timedelta(0)
    unit = match.group("unit").lower()
    hours = next((h for name, h in _UNIT_HOURS.items() if unit.startswith(name)), None)
    if hours is None:  # months or years ago
        return None
    count = int(match.group("n")) if match.group("n") else 1
    if unit.startswith("sec"):
        return timedelta(seconds=count)
    if unit.startswith("min"):
        return timedelta(minutes=count)
    return timedelta(hours=hours * count)


def _is_intro(line: _Line) -> bool:
    """The line is a bulletin's intro formula ("Here are the top stories at this hour:"), or a
    short line that ends on a colon: it announces what follows ("Top stories this morning:")."""
    if line.kind != _BODY or len(line.text) > 240:
        return False
    if line.text.endswith(":") and line.dateline is None and len(line.text.split()) <= 12:
        return True
    # The formula may follow the bulletin's dateline: "TOKYO - The following is ...", or a
    # greeting: "Good morning. Here are the stories ...".
    text = line.text[line.dateline.body_offset :] if line.dateline else line.text
    if _INTRO_RE.fullmatch(text):
        return True
    greeting = _SENTENCE_END_RE.search(text, 0, 40)
    return greeting is not None and bool(_INTRO_RE.fullmatch(text, greeting.end()))


def _footer(s: str) -> bool:
    """A line of a site's furniture: a copyright line, a row of footer links, a menu row or a
    cookie notice."""
    if len(s) > 300:
        return False  # a footer line is short; a paragraph that cites a copyright is text
    low = s.lower()
    if "cookie" in low and len(s) <= 240 and _COOKIE_RE.fullmatch(s):
        return True
    if ("licensed under" in low or "licenced under" in low or "creative commons" in low) and len(
        s
    ) <= 240:
        return True  # a licence line: "The text is licensed under Creative Commons ..."
    if ("|" in s or "•" in s or "·" in s) and len(s) <= 160:
        parts = [p for p in _FOOTER_SPLIT_RE.split(s) if p]
        if len(parts) >= _MENU_PARTS and all(_MENU_PART_RE.fullmatch(p) for p in parts):
            return True
    if "©" in s or "copyright" in low or "(c)" in low or "rights reserved" in low:
        return bool(_COPYRIGHT_RE.fullmatch(s))
    if len(s) > 120 or not _FOOTER_LINK_RE.match(s):
        return False  # the cheap tests: most lines fail on their first word
    parts = [p for p in _FOOTER_SPLIT_RE.split(s) if p]
    return bool(parts) and all(_FOOTER_LINK_RE.fullmatch(p) for p in parts)


def _classify_timestamp(line: _Line, dayfirst: bool) -> bool:
    s = line.text
    if len(s) > _MAX_STAMP_LINE or not _DIGIT_RE.search(s):
        return False  # the cheap tests that keep dateutil away from ordinary text
    stamp = parse_timestamp(s, dayfirst=dayfirst)
    if stamp is None and (byline := _BYLINE_TAIL_RE.search(s)) is not None:
        stamp = parse_timestamp(s[: byline.start()], dayfirst=dayfirst)  # "... Posted by X"
    if stamp is None and (byline := _BYLINE_HEAD_RE.fullmatch(s)) is not None:
        stamp = parse_timestamp(byline.group("date"), dayfirst=dayfirst)  # "by X on D"
    if stamp is None:
        stamp = _glued_stamp(s, dayfirst)
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
    # A date closing (or opening) the line may follow a longer byline of several
    # authors ("A. Writer, B. Writer, C. Writer, Outlet | Headline | June 9, 2017").
    most = _PART_WORDS_AT_END if dated[0] in (0, len(parts) - 1) else _PART_WORDS
    if any(len(p.split()) > most for p in others):
        return False
    line.kind, line.stamp = _TS, stamps[dated[0]]
    if len(parts) >= 3 and dated[0] != 0 and (outlet := byline_outlet(others[0])) is not None:
        # "A. Writer, The Outlet | Headline | date": a link digest's credit line;
        # the byline's last name is the outlet, the byline is no category.
        line.source = outlet
        others = others[1:]
    for part in others:
        if via := _VIA_RE.fullmatch(part):  # "May 1, 2018 | Via The Outlet"
            line.source = line.source or via.group("value")
        elif _DOMAIN_RE.fullmatch(part) or _ALLCAPS_WORD_RE.fullmatch(part):
            line.source = line.source or part
        elif _PLACE_REGION_RE.fullmatch(part):
            line.place = line.place or part
        else:
            line.category = line.category or part
    return True


def _glued_stamp(s: str, dayfirst: bool) -> Stamp | None:
    """The date of a line that is a link line with a date before or after it, glued
    or set apart by a bar ("Read more9/26/2025"); None when the rest is not a link line."""
    for pattern in (_GLUED_HEAD_RE, _GLUED_TAIL_RE):
        match = pattern.fullmatch(s)
        if match is not None and _BOILERPLATE_RE.fullmatch(_BULLET_RE.sub("", match["link"])):
            stamp = parse_timestamp(match["date"], dayfirst=dayfirst)
            if stamp is not None:
                return stamp
    return None


def _parse_dateline(line_text: str, dayfirst: bool) -> _Dateline | None:
    s = line_text[:_HEAD]
    if (lead := _LEAD_DATE_RE.match(s)) is not None:
        # A paragraph opening on its full date, no place: the date is its dateline's.
        stamp = parse_timestamp(lead.group("date"), dayfirst=dayfirst)
        if stamp is not None and stamp.has_date and stamp.has_year:
            return _Dateline("", stamp, None, lead.end())
    head = s[:80]
    if (
        "," not in head
        and "(" not in head
        and "-" not in head
        and "–" not in head
        and "—" not in head
        and "|" not in head
        and "." not in head
        and ":" not in head
    ):
        return None
    match = _DATELINE_DATED_RE.match(s)
    if match:
        stamp = parse_timestamp(match.group("date"), dayfirst=dayfirst)
        if stamp is not None and stamp.has_date:
            agency = match.group("agency") or match.group("agency2") or match.group("agency3")
            return _Dateline(match.group("place"), stamp, agency, match.end())
    for regex in (
        _DATELINE_AGENCY_RE,
        _DATELINE_PIPE_RE,
        _DATELINE_DOT_AGENCY_RE,
        _DATELINE_CAPS_RE,
        _DATELINE_COLON_RE,
    ):
        match = regex.match(s)
        if match and regex in (_DATELINE_COLON_RE, _DATELINE_CAPS_RE):
            # "YEAR-ENDER: Tuning in to ..." is a headline with its rubric, "WEEKLY ROUNDUP -
            # Issue 48" a heading: an undated dateline opens a lead, a sentence of some length
            # (a colon, as often a rubric's, needs a longer one).
            need = _MIN_LEAD_WORDS if regex is _DATELINE_COLON_RE else _MIN_DASH_LEAD_WORDS
            if len(line_text[match.end() : match.end() + 200].split()) < need:
                continue
        if match and match.end() < len(line_text):
            agency = match.groupdict().get("agency")
            return _Dateline(match.group("place"), None, agency, match.end())
    match = _DATELINE_TITLE_DASH_RE.match(s)
    if (
        match
        and any(c.islower() for c in match.group("place"))  # capitals are the rule above
        and len(line_text[match.end() :].split()) >= _TITLE_DASH_WORDS
        and line_text.rstrip("\"”’)").endswith((".", "!", "?"))  # a paragraph, no headline
    ):
        return _Dateline(match.group("place"), None, None, match.end())
    return None


# ---------------------------------------------------------------------------------------------
# Pass 2: context.


def _bracketed(s: str) -> bool:
    """The whole line is in brackets: a stage cue ("(SOUND OF SIRENS)"), a credit or an aside,
    never a headline, which says what happened in the open."""
    return len(s) >= 3 and (s[0], s[-1]) in (("(", ")"), ("[", "]"))


def _title_shaped(line: _Line) -> bool:
    s = line.text
    if line.indent or line.dateline is not None or len(s) > 200 or len(s) < 3 or line.cut_off:
        return False
    if _bracketed(s):
        return False
    if s[-1] in ".,;:" and not s.endswith(".."):
        return False
    if _SENTENCE_THEN_ELLIPSIS_RE.search(s):
        return False  # a lead the listing cut after its sentence ("... Works. ...")
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
    _mark_byline_datelines(lines)
    _mark_place_labels(lines)
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


# "BY A. WRITER ADDIS ABABA – ": a byline in capitals run into the dateline, one dash after both.
_CAPS_BYLINE_DASH_RE: Final = re.compile(
    rf"BY[ \t]+(?P<run>[{_UP}][{_UP}'’.\-]*(?:[ \t]+[{_UP}][{_UP}'’.\-]*){{1,7}})"
    rf"[ \t]*[–—-]+[ \t]+(?=[{_UP}\"“‘])"
)
_MAX_PLACE_WORDS: Final = 3


def _mark_byline_datelines(lines: list[_Line]) -> None:
    """The place in "BY NAME PLACE – " leads, read from what the page repeats.

    Nothing in one such lead tells where the writer's name ends and the place begins; but a
    paper's writers file from its home city, so the same last words close the run of capitals on
    two or more leads while the names before them vary: those words are the place.
    """
    found: list[tuple[_Line, re.Match[str], list[str]]] = []
    for line in lines:
        if line.kind != _BODY or line.dateline is not None:
            continue
        if (match := _CAPS_BYLINE_DASH_RE.match(line.text)) is not None:
            found.append((line, match, match["run"].split()))
    lasts = [words[-1] for _, _, words in found]
    if not lasts:
        return
    last = max(set(lasts), key=lambda w: (lasts.count(w), w))
    runs = [words for _, _, words in found if words[-1] == last]
    if len(runs) < 2:
        return
    size = 1
    while size < _MAX_PLACE_WORDS and all(
        len(w) > size + 1 and w[-size - 1] == runs[0][-size - 1] for w in runs
    ):
        size += 1
    place = runs[0][-size:]
    for line, match, words in found:
        if len(words) > size and words[-size:] == place:
            line.dateline = _Dateline(" ".join(place), None, None, match.end())


def _mark_place_labels(lines: list[_Line]) -> None:
    """A place printed on a line of its own, between a headline and its lead, is the dateline.

    Pages that set the dateline in its own element ("NAIROBI" over "The council approved ...")
    lose the dash when copied. The line is an ALL CAPS name of one to three words, right under a
    headline-shaped line and right over a capitalised lead that has no dateline of its own. A
    caps heading set apart by a blank line (a briefing's "SUDAN") is a section, not this.
    """
    for i in range(1, len(lines) - 1):
        line, above, below = lines[i], lines[i - 1], lines[i + 1]
        if line.kind != _BODY or line.dateline is not None or line.indent:
            continue
        if not _CAPS_PLACE_LINE_RE.fullmatch(line.text):
            continue
        headline = above.kind == _TITLE or (above.kind == _BODY and _title_shaped(above))
        if not headline:
            continue
        if below.kind != _BODY or below.dateline is not None or not below.text[0].isupper():
            continue
        if len(below.text.split()) < 6:
            continue  # a lead is a sentence; a short line under the place is another label
        line.dateline = _Dateline(line.text.rstrip(" ,.:-–—"), None, None, len(line.text))


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
        if line.kind != _BODY or line.indent or len(line.text) > _NUMBERED_CAP:
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
