"""The `newsnlp_events` component: event mentions with type, participants, place, date, modality.

Trigger words of the event vocabulary (`newsnlp.events.vocabulary`: types with their CAMEO root
codes and KAIROS types) are found on every Doc from the `ner` output alone
(`newsnlp.events.triggers`); only the sentences that hold one are then parsed with the same
model's dependency parser (`newsnlp.events.syntax`), which drops wrong parts of speech and reads
who did what to whom, where, when, and whether it happened (negated, future, hypothetical).

Each surviving mention is written to `doc.spans["events"]` (with `span._.event_type` and
`span._.event_date`, for the `mentions` table) and, with its participants, to
`doc._.event_mentions` as plain dicts (they cross process boundaries), from which
`newsnlp.events.table` builds one row per event. EVENT entities the NER finds get a type too when
one of their words is a trigger ("the Olympic Games" -> sports).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..dates import parse_timestamp, with_year
from ..events.syntax import Participant, Reading, load_parser, parse_windows, read, sentence_window
from ..events.triggers import Candidate, TriggerLexicon
from ..events.vocabulary import CAMEO, EVENT_TYPES, KAIROS
from ._extensions import set_extensions

__all__ = ["CAMEO", "KAIROS", "TRIGGERS", "EventFinder", "resolve_date", "resolve_event_date"]

#: Event type -> (trigger nouns, trigger verbs), from the vocabulary.
TRIGGERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    t.name: (t.nouns, t.verbs) for t in EVENT_TYPES}

_MODIFIER_STOP = frozenset({"and", "or", "of", "to", "in", "on", "for", "by", "with", "at",
                            "from", "as", "is", "was", "were", "are", "be", "been", "that",
                            "which", "said", "says", "not", "did", "do", "has", "have", "had",
                            # verbs and prepositions that often stand before an event noun
                            "held", "hold", "holds", "holding", "began", "begin", "started",
                            "after", "before", "during", "amid", "following", "since", "until",
                            "over", "under", "about", "called", "announced", "into"})
#: Generic attack words that take the type of a bombing named within `_NEAR_TOKENS` tokens.
_GENERIC_ATTACK = frozenset({"attack", "attacks", "attacked", "assault"})
_NEAR_TOKENS = 40
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")


def resolve_date(text: str, published: date | None) -> date | None:
    """The date a phrase such as "September 1", "Monday" or "yesterday" refers to.

    Weekdays and "yesterday" count back from the published date; a day and month without a year
    take the year that puts them nearest the published date (as the segmenter does), and with no
    published date they have no date: no year is made up.

    Examples:
        >>> resolve_date("September 1", date(2024, 9, 2))
        datetime.date(2024, 9, 1)
        >>> resolve_date("Monday", date(2024, 9, 4))
        datetime.date(2024, 9, 2)
        >>> resolve_date("next year", date(2024, 9, 4)) is None
        True
        >>> resolve_date("December 30", date(2025, 1, 2)), resolve_date("2 Sep", None)
        (datetime.date(2024, 12, 30), None)
    """
    lowered = text.lower().strip()
    if published is not None:
        if lowered in ("today", "tonight", "this morning", "this afternoon", "this evening"):
            return published
        if lowered == "yesterday":
            return published - timedelta(days=1)
        if lowered.startswith("last "):
            lowered = lowered[5:]
        if lowered in _WEEKDAYS:
            back = (published.weekday() - _WEEKDAYS.index(lowered)) % 7
            return published - timedelta(days=back)
    if not re.search(r"\d", lowered):
        return None
    stamp = parse_timestamp(re.sub(r"^(?:on|the)\s+", "", text.strip(), flags=re.I))
    if stamp is None or not stamp.has_date:
        return None  # "2023" or "the 1990s" name no day
    if stamp.has_year:
        return stamp.value.date()
    if published is None:
        return None
    return with_year(stamp.value, datetime.combine(published, datetime.min.time())).date()


def resolve_event_date(text: str, published: date | None) -> tuple[date | None, str | None]:
    """The date a DATE phrase gives an event, with its precision: "day", "month" or "year".

    A day comes from `resolve_date`; "in September" / "last month" give the month's first day,
    "2023" / "next year" the year's first day (precision says so). Nothing gives (None, None).

    Examples:
        >>> resolve_event_date("September 1", date(2024, 9, 2))
        (datetime.date(2024, 9, 1), 'day')
        >>> resolve_event_date("next year", date(2024, 9, 4))
        (datetime.date(2025, 1, 1), 'year')
        >>> resolve_event_date("last month", date(2024, 9, 4))
        (datetime.date(2024, 8, 1), 'month')
    """
    day = resolve_date(text, published)
    if day is not None:
        return day, "day"
    lowered = re.sub(r"^(?:in|on|the|of|since|until|by)\s+", "", text.lower().strip())
    relative = {"last": -1, "next": 1, "this": 0, "past": -1, "coming": 1}
    match = re.fullmatch(r"(last|next|this|past|coming) (year|month|week)", lowered)
    if match and published is not None:
        step = relative[match.group(1)]
        if match.group(2) == "year":
            return date(published.year + step, 1, 1), "year"
        if match.group(2) == "week":
            return published + timedelta(days=7 * step), "week"
        month = published.month - 1 + step
        return date(published.year + month // 12, month % 12 + 1, 1), "month"
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", lowered)
    month_name = next((n for n, m in enumerate(_MONTH_NAMES, 1)
                       if re.search(rf"\b{m[:3]}", lowered)), None)
    if month_name is not None and not re.search(r"\d{1,2}(?:st|nd|rd|th)?\b(?! *\d{4})",
                                                re.sub(r"\b\d{4}\b", "", lowered)):
        if year is not None:
            return date(int(year.group(1)), month_name, 1), "month"
        if published is not None:  # the month nearest the published date
            candidate = with_year(datetime(published.year, month_name, 1),
                                  datetime.combine(published, datetime.min.time()))
            return candidate.date(), "month"
    if year is not None and month_name is None:
        return date(int(year.group(1)), 1, 1), "year"
    return None, None


class EventFinder:
    """spaCy component: event mentions in `doc.spans["events"]` and `doc._.event_mentions`.

    Args:
        nlp: The pipeline the component is added to.
        name: Component name.
        spans_key: The span group the mentions go to.
        verbs: Whether verbs trigger events too (nouns always do).
        parser: The spaCy pipeline whose tagger and parser read the candidate sentences:
            "auto" (the pipeline's own model, else newsnlp's default model) or "" to skip the
            parse (lexical triggers only, no participants).
    """

    def __init__(self, nlp: Language, name: str = "newsnlp_events", *,
                 spans_key: str = "events", verbs: bool = True, parser: str = "auto") -> None:
        set_extensions()
        Doc.set_extension("event_mentions", default=None, force=True)
        self.name = name
        self.spans_key = spans_key
        self.verbs = verbs
        self.lexicon = TriggerLexicon()
        self._parser_name = _parser_name(nlp, parser)
        self._parser: Language | None = None

    def parser(self) -> Language | None:
        """The tagger + parser pipeline (loaded on first use), or None when parsing is off."""
        if self._parser is None and self._parser_name:
            self._parser = load_parser(self._parser_name)
        return self._parser

    def __call__(self, doc: Doc) -> Doc:
        return self._process([doc])[0]

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs; the candidate sentences of a batch are parsed together."""
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._process(batch)
                batch = []
        if batch:
            yield from self._process(batch)

    def _process(self, docs: list[Doc]) -> list[Doc]:
        found = [[c for c in self.lexicon.candidates(doc) if c.is_noun or self.verbs]
                 for doc in docs]
        readings: list[list[Reading | None]] = [[None] * len(c) for c in found]
        parser = self.parser() if any(found) else None
        if parser is not None:
            windows: list[tuple[int, tuple[int, int]]] = []  # (doc index, window)
            where: dict[tuple[int, tuple[int, int]], int] = {}
            for n, (doc, candidates) in enumerate(zip(docs, found, strict=True)):
                for c in candidates:
                    if c.speaker is not None:
                        continue
                    key = (n, sentence_window(doc, c.i))
                    if key not in where:
                        where[key] = len(windows)
                        windows.append(key)
            with parser.memory_zone():
                parsed = parse_windows(parser, docs, windows)
                for n, (doc, candidates) in enumerate(zip(docs, found, strict=True)):
                    for k, c in enumerate(candidates):
                        if c.speaker is not None:
                            continue
                        a, _ = window = sentence_window(doc, c.i)
                        sentence = parsed[where[(n, window)]]
                        readings[n][k] = read(sentence, a, c.i - a, doc, c.event_type)
        for candidates, doc_readings in zip(found, readings, strict=True):
            for k, c in enumerate(candidates):
                if c.speaker is not None:
                    doc_readings[k] = Reading(participants=[Participant("actor", *c.speaker)])
        for doc, candidates, doc_readings in zip(docs, found, readings, strict=True):
            self._write(doc, candidates, doc_readings)
        return docs

    def _write(self, doc: Doc, candidates: list[Candidate],
               readings: list[Reading | None]) -> None:
        published = doc._.published if Doc.has_extension("published") else None
        when = published.date() if isinstance(published, datetime) else published
        ents = list(doc.ents)  # doc.ents builds new Spans on every read: read it once
        dates = [ent for ent in ents if ent.label_ == "DATE"]
        spans: list[Span] = []
        records: list[dict[str, Any]] = []
        bombings = [c.i for c in candidates if c.event_type == "bombing"]
        for candidate, reading in zip(candidates, readings, strict=True):
            if reading is not None and not reading.keep:
                continue
            if doc[candidate.i].lower_ in _GENERIC_ATTACK and any(
                    abs(b - candidate.i) <= _NEAR_TOKENS for b in bombings):
                # "the attack" near "the explosion" is that bombing, not another kind of attack
                candidate = replace(candidate, event_type="bombing")
            start, end = candidate.i, candidate.i + 1
            if candidate.is_noun:
                start, end = _extend(doc, candidate.i, ents)
            date_ent = None
            if reading is not None and reading.date_token is not None:
                date_ent = next((e for e in dates if e.start <= reading.date_token < e.end), None)
            if date_ent is None:
                date_ent = _adjacent_date(doc, end, dates)
            on, precision = resolve_event_date(date_ent.text, when) if date_ent else (None, None)
            modality = reading.modality if reading is not None else "asserted"
            if modality == "asserted" and on is not None and when is not None and on > when \
                    and precision == "day":
                modality = "future"  # a day after the item was published has not happened yet
            span = Span(doc, start, end, label=candidate.event_type)
            span._.event_type = candidate.event_type
            span._.event_date = on
            spans.append(span)
            token = doc[candidate.i]
            records.append({
                "start": span.start_char, "end": span.end_char, "text": span.text,
                "head_start": token.idx, "head_end": token.idx + len(token.text),
                "event_type": candidate.event_type, "is_noun": candidate.is_noun,
                "parsed": reading is not None, "modality": modality,
                "date": on.isoformat() if on else None, "date_precision": precision,
                "arguments": [_argument(doc, p.role, p.start, p.end)
                              for p in (reading.participants if reading else [])],
            })
        doc.spans[self.spans_key] = spans
        doc._.event_mentions = records
        index = self.lexicon.index
        for ent in ents:
            if ent.label_ == "EVENT":
                typed = next((index[t.lower_] for t in ent if t.lower_ in index), None)
                ent._.event_type = typed[0] if typed else "other"


def _argument(doc: Doc, role: str, start: int, end: int) -> dict[str, Any]:
    """An argument as plain values: text, offsets, entity label, canonical name, countries.

    A name has its entity's canonical form and country; a common noun phrase has the countries
    of the nationalities in it ("Armenian and Azerbaijani delegations": ARM, AZE).
    """
    span = doc[start:end]
    label = span.root.ent_type_ or None
    canonical = None
    countries: list[str] = []
    for ent in span.ents:
        if label is not None and ent.start == start and ent.end == end:
            canonical = ent._.get("canonical")
        if (label is not None or ent.label_ == "NORP") and ent._.get("country"):
            countries.append(ent._.get("country"))
    return {"role": role, "text": span.text, "start": span.start_char, "end": span.end_char,
            "label": label, "canonical": canonical, "country": countries[0] if countries else None,
            "countries": countries}


def _parser_name(nlp: Language, parser: str) -> str:
    if parser != "auto":
        return parser
    import importlib.util

    own = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}"
    if importlib.util.find_spec(own) is not None:
        return own
    from ..nlp import resolve_model  # the default model (imported late: nlp imports entities)

    return resolve_model()


def _extend(doc: Doc, i: int, ents: list[Span]) -> tuple[int, int]:
    """The trigger noun with its modifiers: "the early parliamentary elections"."""
    start = i
    while start > 0 and i - start < 3:
        before = doc[start - 1]
        if not before.is_alpha or before.lower_ in _MODIFIER_STOP or (before.ent_type_ \
                and before.ent_type_ not in ("NORP", "ORDINAL")):
            break
        if before.lower_ in ("the", "a", "an"):
            start -= 1
            break
        if before.is_stop:
            break
        start -= 1
    end = i + 1
    # "the elections for the Milli Mejlis", "the crisis in Nagorno-Karabakh"
    if end + 1 < len(doc) and doc[end].lower_ in ("for", "in", "on", "of"):
        for nxt in doc[end + 1 : end + 3]:
            if nxt.ent_iob_ == "B":
                end = next(e.end for e in ents if e.start == nxt.i)
                break
            if nxt.lower_ != "the":
                break
    return start, end


def _adjacent_date(doc: Doc, end: int, dates: list[Span]) -> Span | None:
    """The DATE entity right after the mention ("on September 1"), or inside its end."""
    for ent in dates:
        inside = ent.end == end
        after = ent.start in (end, end + 1) and (ent.start == end or doc[end].lower_ in
                                                  ("on", "in", "of", "last", "this"))
        if inside or after:
            return ent
    return None


@Language.factory(
    "newsnlp_events",
    default_config={"spans_key": "events", "verbs": True, "parser": "auto"},
    assigns=["doc.spans", "doc._.event_mentions", "span._.event_type", "span._.event_date"],
    requires=["doc.ents"],
)
def make_event_finder(nlp: Language, name: str, spans_key: str, verbs: bool,
                      parser: str) -> EventFinder:
    """Factory of the `newsnlp_events` component (see `EventFinder`).

    Examples:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> finder = nlp.add_pipe("newsnlp_events", config={"parser": ""})
        >>> doc = nlp("The early parliamentary elections were held.")
        >>> [(s.text, s._.event_type) for s in doc.spans["events"]]
        [('The early parliamentary elections', 'election')]
    """
    return EventFinder(nlp, name, spans_key=spans_key, verbs=verbs, parser=parser)
