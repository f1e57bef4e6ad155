"""Site furniture told from text, by signals that hold on any page (jusText-style).

A page pasted from a browser keeps its template: the same line printed after every entry
("illustration of page of paper" under each release), link labels ("Contracts |"), counters
("Comments 0"), bylines ("By A. Writer"), rows of symbols, a title echoed as a link under its
lead. None of them is an item, and none is found by a list of a site's words: this module reads
only shape, the way jusText classifies paragraphs (Pomikálek 2011: length, stopword density,
link density, then context) and trafilatura prunes its template blocks:

- a line's own shape (`line_reason`): no letters or digits at all; a short label glued to a
  separator ("News |", "| Share", "Home ›"); a byline ("By Jane Doe and Ann Lee");
- its place in the page, read backward only (`_Furniture`, fed the windows in order, so a
  streamed file is marked as the whole text is): a line that repeats one of the few lines just
  above it is an echo, a link to the record it follows;
- the whole page (`_PageCount`, counted in pass one): a line printed three or more times is
  the template's, not a record's; several short "words + number" lines are counters.

Section labels ("Politics", one to three capitalised words) are kept even when repeated: they
are the category of the records under them. A furniture line becomes a boilerplate line with a
`reason`, so `segment_report` says why it was dropped ("boilerplate: repeated line").

Each signal can be switched off, for an ablation that measures what it is worth
(`benchmarks/evaluate_boilerplate.py`): `with ablation(Signals(off=frozenset({ECHO}))): ...`.

The stopword list is NLTK's English list (the 127 words of `nltk.corpus.stopwords`, public,
Apache 2.0), written out here: it is general English, learnt from no page of any set.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Final

from ..dates import MONTH_PATTERN
from .lines import _BLANK, _BODY, _BOILER, _DIGIT_RE, _TITLE, _Line

#: NLTK's English stopwords (nltk_data corpora/stopwords/english, the 127-word list).
STOPWORDS: Final = frozenset({
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
    "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
    "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be",
    "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
    "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by",
    "for", "with", "about", "against", "between", "into", "through", "during", "before",
    "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over",
    "under", "again", "further", "then", "once", "here", "there", "when", "where", "why",
    "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no",
    "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will",
    "just", "don", "should", "now"
})

# The reasons a furniture line is dropped, as `segment_report` prints them after "boilerplate: ".
# An echo of a line just above is reported as a repetition too: one reason for the reader.
REPEATED: Final = "repeated line"
LINK_LABEL: Final = "link label"
BYLINE: Final = "byline"
NO_WORDS: Final = "no words"
COUNTER: Final = "counter"
LINK_LIST: Final = "link list"
CONTACT: Final = "contact"
# The two signals that are no line's own shape: an echo of a line just above (`_Furniture`)
# and the whole page's template (`_PageCount`); both give `REPEATED` (or `COUNTER`).
ECHO: Final = "echo"
PAGE: Final = "page"
#: Every signal `Signals.off` can name: the page, the echo and the line shapes.
SIGNALS: Final = (PAGE, ECHO, LINK_LABEL, BYLINE, NO_WORDS, COUNTER, LINK_LIST, CONTACT)


@dataclass(frozen=True, slots=True)
class Signals:
    """Which furniture signals are on: all of them by default, as `segment` uses them.

    Attributes:
        off: The signals switched off, named as in `SIGNALS`: `PAGE`, `ECHO`, or a reason
            `line_reason` gives (a line of that shape is then no furniture at all). Names
            not in `SIGNALS` switch nothing off.

    Examples:
        >>> Signals().off, ECHO in Signals(off=frozenset({ECHO})).off
        (frozenset(), True)
    """

    off: frozenset[str] = frozenset()


_active = Signals()  # what `ablation` switched off; all on outside it


@contextmanager
def ablation(signals: Signals) -> Iterator[None]:
    """Segment with `signals` inside the block, for measuring what each signal is worth.

    The switch is the module's, not one call's: segmenting in another thread meanwhile sees
    it too, so use it in a benchmark, never in a library or a server.

    Examples:
        >>> with ablation(Signals(off=frozenset({BYLINE}))):
        ...     line_reason("By Jane Doe") is None
        True
        >>> line_reason("By Jane Doe")
        'byline'
    """
    global _active
    before, _active = _active, signals
    try:
        yield
    finally:
        _active = before

_WORD_RE: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A separator glued to a short label: "News |", "Release |", "| Share", "Home ›", "« Back".
_LABEL_SEP_RE: Final = re.compile(r"(?:[|›»>/]\s*$)|(?:^\s*[|‹«<]\s)")
# "By Jane Doe", "By Lo Tien-pin and Jonathan Chin", "By JANE DOE, Staff Writer".
_BYLINE_RE: Final = re.compile(
    # "Edited and translated by ...", "Posted by ...", "Reporting by ...": the credit's verbs.
    r"(?:(?i:(?:posted|written|edited|translated|compiled|reported|reporting|photos?|text|story)"
    r"(?:\s+(?:and|&)\s+(?:edited|translated|compiled|photos?))?)\s+)?"
    r"(?i:by)\s+[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|and|&|de|van|von|al|bin|la|,))"
    r"{0,8}(?:,\s*[A-Z][\w.'’\- ]{0,40})?"
)
_BYLINE_WORD_RE: Final = re.compile(r"(?i:\bby\s)")
_COUNT_FIRST_RE: Final = re.compile(r"\d{1,3}\s+[a-z]{2,12}\s+[a-z]{2,12}")
# A counter: a few words and a bare count ("Comments 0", "Views 355").
_COUNTER_RE: Final = re.compile(r"(?P<words>[^\W\d_][^\d.!?:;,]{0,60}?)\s+\d{1,6}")
# A labelled time ("Time: 0:28s", "[Running: 01:13s]", "Clip: [005 – 00:27]") or a
# clock with its zone alone ("07:07 UTC"). A title with its time ("2. Talks resume (10:02)")
# is neither: the label comes first, with its colon, or there is no word at all.
_NUMBER_FIELD_RE: Final = re.compile(
    r"(?=.*(?:\d:\d\d|\ds\b))"  # a clock or seconds: a time, not a score or a price
    r"\[?[^\W\d_]{2,20}:\s*\[?[\d:.,\s–\-]*\d[\d:.,\s–\-]*[^\W\d_]{0,3}\]?\]?"
    r"|\d{1,2}:\d{2}(?::\d{2})?\s*[A-Z]{2,4}"
)
_MONTH_RE: Final = re.compile(rf"\b(?i:{MONTH_PATTERN})\b")
# Parts of a row of links: "Photos | Videos | Podcasts", "About • Careers • Press".
_ROW_SPLIT_RE: Final = re.compile(r"\s+[|•·]\s+")
# A telephone number or an e-mail address: a contact line, with at most a few words of label.
_CONTACT_RE: Final = re.compile(
    r"(?<![\d\-])(?:\+\d{1,3}[\s.\-]?)?\(?\d{2,4}\)?[\s.\-]\d{3,4}[\s.\-]\d{3,4}(?![\d\-])"
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"
)
# The characters some test needs to see in a line before it is run.
_ALNUM_RE: Final = re.compile(r"[^\W_]")
_MARKS: Final = frozenset("|›»>/‹«<:[@•·")
_ROW_MARKS: Final = frozenset("|•·")
# A menu on one line: this many words or more, only words, "&" and hyphens, few stopwords.
_MENU_WORDS: Final = 12
_MENU_STOPWORDS: Final = 0.1
_MENU_RE: Final = re.compile(r"[\w&'’\- ]+")
# Lines longer than this are never template lines: the page's own text.
_MAX_FURNITURE: Final = 120
# How many non-blank lines back an echo of a line is looked for.
_ECHO_SPAN: Final = 4
# A line printed this many times on a page is the template's.
_REPEATS: Final = 3
# At most this many distinct lines are counted for repetition (memory stays flat on huge inputs).
_MAX_COUNTED: Final = 50_000


def key(text: str) -> str:
    """A line's text as repetition compares it: case and spacing folded.

    Examples:
        >>> key("  Read  the  Report ")
        'read the report'
    """
    return " ".join(text.lower().split())


def stopword_density(text: str) -> float:
    """The share of a text's words that are English stopwords (jusText's main signal).

    Examples:
        >>> round(stopword_density("The council approved the budget on Monday."), 2)
        0.43
        >>> stopword_density("Fisheries 0")
        0.0
    """
    words = _WORD_RE.findall(text.lower())
    return sum(w in STOPWORDS for w in words) / len(words) if words else 0.0


def _label_shaped(text: str) -> bool:
    """One to three capitalised words: a section label, which a page repeats on purpose."""
    words = text.rstrip(".").split()
    return (
        1 <= len(words) <= 3
        and len(text) <= 30
        and text[:1].isupper()
        and not any(c.isdigit() for c in text)
        and text.rstrip(".")[-1:].isalpha()
    )


def _sentence(text: str) -> bool:
    """A finished sentence of some words: text, even when a page prints it again (a wire's
    standard paragraph), never a template's label or link."""
    return len(text.split()) >= 4 and text.rstrip('"”’)»').endswith((".", "!", "?"))


def _counter_shaped(text: str) -> bool:
    """A few words and a bare count, no stopword ("Comments 0", "Fisheries endangered species
    0"), or a count and two lower-case words ("3 min read", "12 new photos")."""
    if text[:1].isdigit():
        return _COUNT_FIRST_RE.fullmatch(text) is not None
    if not text[-1:].isdigit():
        return False
    match = _COUNTER_RE.fullmatch(text)
    if match is None or _MONTH_RE.search(text):
        return False  # "Record April 8" is a date
    words = match.group("words").split()
    return len(words) <= 4 and stopword_density(text) == 0.0


def line_reason(text: str) -> str | None:
    """Why a line is site furniture by its own shape, or None.

    Examples:
        >>> line_reason("Contracts |"), line_reason("// // //"), line_reason("By Jane Doe")
        ('link label', 'no words', 'byline')
        >>> line_reason("Council approves budget |  new taxes rejected") is None
        True
    """
    reason = _shape_reason(text)
    return None if reason in _active.off else reason


def _shape_reason(text: str) -> str | None:
    if len(text) > _MAX_FURNITURE:
        return None
    if _ALNUM_RE.search(text) is None:
        return NO_WORDS
    # Each test behind a cheap look at the characters it needs: most lines pass none of them.
    marks = _MARKS.intersection(text)
    digit = _DIGIT_RE.search(text) is not None
    if (
        marks
        and len(text.split()) <= 5
        and _LABEL_SEP_RE.search(text)
        and len(_WORD_RE.findall(text)) <= 4
    ):
        return LINK_LABEL
    if _BYLINE_WORD_RE.search(text[:40]) and _BYLINE_RE.fullmatch(text) and text[-1:] != ".":
        return BYLINE
    if digit and (":" in marks or "[" in marks) and _number_label(text):
        return COUNTER
    if marks & _ROW_MARKS and _link_row(text):
        return LINK_LIST
    if _menu_line(text):
        return LINK_LIST
    if ("@" in marks or (digit and len(_DIGIT_RE.findall(text)) >= 7)) and _contact(text):
        return CONTACT
    return None


def _menu_line(text: str) -> bool:
    """A dozen capitalised words or more, without punctuation and nearly without stopwords: a
    menu or a carousel's buttons run together ("Home Issues & Press Travel & Business ..."). A
    headline that long says what happened: it has its "of", "to" and "in", or its commas."""
    words = text.split()
    if len(words) < _MENU_WORDS or not _MENU_RE.fullmatch(text) or text.isupper():
        return False
    if not all(w[0].isupper() or w == "&" or w[0].isdigit() for w in words):
        return False
    return stopword_density(text) <= _MENU_STOPWORDS


def _contact(text: str) -> bool:
    """A telephone number or an e-mail address with a few words of label at most."""
    return _CONTACT_RE.search(text) is not None and (
        len(_WORD_RE.findall(_CONTACT_RE.sub(" ", text))) <= 6
    )


def _link_row(text: str) -> bool:
    """Three or more short parts between bars or dots, none with a number or a sentence: a row
    of menu links ("Photos | Videos | Podcasts"), not a "source | title | date" line."""
    parts = [p.strip() for p in _ROW_SPLIT_RE.split(text)]
    return (
        len(parts) >= 3
        and all(p and len(p.split()) <= 4 for p in parts)
        and not any(c.isdigit() for c in text)
        and not any(p.endswith((".", "!", "?")) for p in parts)
    )


def _number_label(text: str) -> bool:
    """A field of numbers under its label, or a clock with its zone ("Time: 0:28s",
    "07:07 UTC"): what a page prints about a record, never a record (a headline says what
    happened, in words). A number alone may be a table's cell or a wrapped sentence's end."""
    return _NUMBER_FIELD_RE.fullmatch(text) is not None


@dataclass(slots=True)
class _PageCount:
    """Pass one: how often each short line is printed on the whole page, and the counters."""

    seen: Counter[str] = field(default_factory=Counter)
    counters: int = 0
    bodies: int = 0  # body lines of any length

    def add(self, lines: list[_Line]) -> None:
        for line in lines:
            if line.kind not in (_BODY, _TITLE) and line.reason != REPEATED:
                continue  # an echo found on the way counts: the line it repeats is template too
            self.bodies += 1
            if len(line.text) > _MAX_FURNITURE:
                continue
            k = key(line.text)
            if k in self.seen or len(self.seen) < _MAX_COUNTED:
                self.seen[k] += 1
            self.counters += _counter_shaped(line.text)

    def furniture(self) -> _PageFurniture:
        # A repeated line with a digit may hold the date of each record ("Read more 9/26"):
        # it is the record's delimiter, left to the rules that read dates.
        repeated = frozenset(
            k
            for k, n in self.seen.items()
            if n >= _REPEATS
            and not _label_shaped(k.capitalize())
            and not any(c.isdigit() for c in k)
            and not _sentence(k)
        )
        counters = self.counters >= 2
        template = sum(self.seen[k] for k in repeated) + (self.counters if counters else 0)
        if template >= self.bodies:
            return _PageFurniture()  # a page of nothing but its template: then it is the text
        return _PageFurniture(repeated, counters)


@dataclass(frozen=True, slots=True)
class _PageFurniture:
    """What the whole page says is its template: lines repeated, and whether it prints counters."""

    repeated: frozenset[str] = frozenset()
    counters: bool = False

    def reason(self, line: _Line) -> str | None:
        if len(line.text) > _MAX_FURNITURE or PAGE in _active.off:
            return None
        if self.repeated and key(line.text) in self.repeated and not _label_shaped(line.text):
            return REPEATED
        if self.counters and _counter_shaped(line.text):
            return COUNTER
        return None


@dataclass(slots=True)
class _Furniture:
    """The furniture of lines read in page order, each as pass 1 has classified it: by its own
    shape, and as an echo of the lines just above. It reads backward only and marks a line
    before the windows decide where they may end, so the windows' sizes never change what it
    marks."""

    recent: deque[str] = field(default_factory=lambda: deque(maxlen=_ECHO_SPAN))

    def mark(self, line: _Line) -> None:
        if line.kind == _BOILER and line.reason is None:
            # Furniture the line pass knew by its words ("views 355", a menu row): its shape
            # still says what kind it is, for `segment_report`.
            line.reason = line_reason(line.text) or (
                COUNTER if _counter_shaped(line.text) else None)
        if line.kind != _BODY:
            if line.kind != _BLANK:
                self.recent.append("")  # other lines count as distance, never as echoes
            return
        if len(line.text) > _MAX_FURNITURE:
            self.recent.append("")  # the page's own text: no furniture, and echoes no title
            return
        k = key(line.text)
        reason = line_reason(line.text)
        if line.dateline is not None and not (
            reason == LINK_LIST and len(_ROW_SPLIT_RE.split(line.text)) > 3
        ):
            # "OSLO | Xinhua | Danish ..." opens a record; four links and more never do.
            reason = None
        if reason is None and k in self.recent and ECHO not in _active.off and _echo_shaped(k):
            reason = REPEATED  # an echo: a title printed again as the link under its lead
        self.recent.append(k)
        if reason is not None:
            _mark(line, reason)


def _echo_shaped(k: str) -> bool:
    """A headline-long line that is no sentence and prints no number (a date, a read time)."""
    return (
        len(k) <= _MAX_FURNITURE
        and len(k.split()) >= 3
        and not _sentence(k)
        and not any(c.isdigit() for c in k)
    )


def _mark(line: _Line, reason: str) -> None:
    line.kind, line.value, line.reason, line.dateline = _BOILER, None, reason, None


def mark_page_furniture(lines: list[_Line], page: _PageFurniture) -> None:
    """The lines the whole page shows to be its template become boilerplate (pass two).

    Only plain body lines (no title, no dateline): a window never ends before one, so a line
    turned into boilerplate here joins the runs around it as it would in the whole text.

    Examples:
        >>> page = _PageFurniture(repeated=frozenset({"icon of a folded newspaper"}))
        >>> lines = [_Line(0, 26, "Icon of a folded newspaper", 0), _Line(27, 40, "Talks.", 0)]
        >>> mark_page_furniture(lines, page)
        >>> [(line.kind == _BOILER, line.reason) for line in lines]
        [(True, 'repeated line'), (False, None)]
    """
    if not page.repeated and not page.counters:
        return
    for line in lines:
        if line.kind == _BODY and line.dateline is None and (reason := page.reason(line)):
            _mark(line, reason)

