"""Typed event mentions: elections, meetings, visits, conflict, protests... with the date they name.

spaCy's EVENT label finds few events (F1 0.41 on OntoNotes), so events are found from trigger
words and written to `doc.spans["events"]`, each with `span._.event_type` and, when the text
states one ("on September 1", "on Monday"), `span._.event_date` resolved against the item's
published date. EVENT entities the NER does find get a type too when one of their words is a
trigger ("the Olympic Games" -> sports).

The type set, with the closest WikiEvents (KAIROS) type and CAMEO root code (None: no fit):

| type | KAIROS | CAMEO root |
|---|---|---|
| election | Personnel.StartPosition.Unspecified (the outcome of one) | None |
| meeting | Contact.Contact.Meet | 04 Consult |
| visit | Movement.Transportation.Unspecified | 04 Consult (042/043 visits) |
| summit | Contact.Contact.Meet | 04 Consult |
| agreement | Contact.Contact.Unspecified | 05 Diplomatic cooperation (057 sign agreement) |
| conflict | Conflict.Attack.Unspecified | 19 Fight (18 Assault) |
| attack | Conflict.Attack.DetonateExplode | 18 Assault |
| protest | Conflict.Demonstrate.Unspecified | 14 Protest |
| arrest | Justice.ArrestJailDetain.Unspecified | 17 Coerce (173 arrest) |
| trial | Justice.TrialHearing.Unspecified | None |
| disaster | Disaster.FireExplosion.Unspecified / Disaster.Crash.Unspecified | None |
| sports | None | None |
| cultural | None | None |
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..dates import parse_timestamp, with_year
from ._extensions import set_extensions

#: Event type -> (trigger nouns, trigger verbs). Nouns take their modifiers into the span.
TRIGGERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "election": (frozenset({"election", "elections", "referendum", "ballot", "by-election",
                            "vote", "voting", "polls", "runoff", "primaries"}),
                 frozenset({"elected", "re-elected", "voted"})),
    "meeting": (frozenset({"meeting", "meetings", "talks", "negotiations", "consultations",
                           "discussions", "session", "dialogue"}),
                frozenset({"met", "meet", "meets", "negotiated", "discussed", "received"})),
    "visit": (frozenset({"visit", "visits", "trip", "tour"}),
              frozenset({"visited", "visiting", "arrived", "traveled", "travelled"})),
    "summit": (frozenset({"summit", "summits", "conference", "forum", "congress"}), frozenset()),
    "agreement": (frozenset({"agreement", "agreements", "treaty", "accord", "deal",
                             "memorandum", "ceasefire", "truce", "pact"}),
                  frozenset({"signed", "agreed"})),
    "conflict": (frozenset({"war", "fighting", "clashes", "clash", "conflict", "crisis",
                            "offensive", "hostilities", "shelling", "airstrike", "airstrikes",
                            "invasion", "battle", "assault", "attack", "attacks", "shooting",
                            "massacre", "ambush"}),
                 frozenset({"attacked", "shelled", "invaded", "fought", "shot", "stabbed",
                            "raided"})),
    "attack": (frozenset({"bombing", "bombings", "explosion", "explosions", "blast", "blasts",
                          "bomb", "detonation", "suicide bombing", "car bomb"}),
               frozenset({"exploded", "detonated", "bombed", "blew"})),
    "protest": (frozenset({"protest", "protests", "demonstration", "demonstrations", "rally",
                           "rallies", "riot", "riots", "strike", "strikes", "sit-in"}),
                frozenset({"protested", "demonstrated", "marched", "rallied"})),
    "arrest": (frozenset({"arrest", "arrests", "detention", "custody", "raid"}),
               frozenset({"arrested", "detained", "jailed", "imprisoned", "captured"})),
    "trial": (frozenset({"trial", "hearing", "verdict", "sentence", "indictment", "conviction"}),
              frozenset({"sentenced", "convicted", "charged", "indicted", "acquitted", "tried"})),
    "disaster": (frozenset({"earthquake", "flood", "floods", "flooding", "hurricane", "typhoon",
                            "storm", "wildfire", "wildfires", "fire", "crash", "outbreak",
                            "epidemic", "pandemic", "tsunami", "landslide", "drought",
                            "eruption", "derailment"}),
                 frozenset({"crashed", "erupted", "collapsed"})),
    "sports": (frozenset({"match", "tournament", "championship", "championships", "olympics",
                          "cup", "league", "final", "grand prix", "marathon"}), frozenset()),
    "cultural": (frozenset({"festival", "exhibition", "concert", "premiere", "biennale",
                            "ceremony", "awards"}), frozenset()),
}

#: Our type -> the closest KAIROS type (None: none fits). Documented in the module docstring.
KAIROS: dict[str, str | None] = {
    "election": "Personnel.StartPosition.Unspecified", "meeting": "Contact.Contact.Meet",
    "visit": "Movement.Transportation.Unspecified", "summit": "Contact.Contact.Meet",
    "agreement": "Contact.Contact.Unspecified", "conflict": "Conflict.Attack.Unspecified",
    "attack": "Conflict.Attack.DetonateExplode", "protest": "Conflict.Demonstrate.Unspecified",
    "arrest": "Justice.ArrestJailDetain.Unspecified", "trial": "Justice.TrialHearing.Unspecified",
    "disaster": "Disaster.FireExplosion.Unspecified", "sports": None, "cultural": None,
}

#: Our type -> CAMEO root code (None: CAMEO codes no such event).
CAMEO: dict[str, str | None] = {
    "election": None, "meeting": "04", "visit": "04", "summit": "04", "agreement": "05",
    "conflict": "19", "attack": "18", "protest": "14", "arrest": "17", "trial": None,
    "disaster": None, "sports": None, "cultural": None,
}

_MODIFIER_STOP = frozenset({"and", "or", "of", "to", "in", "on", "for", "by", "with", "at",
                            "from", "as", "is", "was", "were", "are", "be", "been", "that",
                            "which", "said", "says", "not", "did", "do", "has", "have", "had",
                            # verbs and prepositions that often stand before an event noun
                            "held", "hold", "holds", "holding", "began", "begin", "started",
                            "after", "before", "during", "amid", "following", "since", "until",
                            "over", "under", "about", "called", "announced", "into"})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


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


def _type_of(word: str) -> tuple[str, bool] | None:
    for event_type, (nouns, verbs) in TRIGGERS.items():
        if word in nouns:
            return event_type, True
        if word in verbs:
            return event_type, False
    return None


class EventFinder:
    """spaCy component: typed event mentions in `doc.spans["events"]`."""

    def __init__(self, nlp: Language, name: str = "newsnlp_events", *,
                 spans_key: str = "events", verbs: bool = True) -> None:
        set_extensions()
        self.name = name
        self.spans_key = spans_key
        self.verbs = verbs
        self._index: dict[str, tuple[str, bool]] = {}
        for event_type, (nouns, verb_words) in TRIGGERS.items():
            for word in nouns:
                self._index.setdefault(word, (event_type, True))
            for word in verb_words:
                self._index.setdefault(word, (event_type, False))
        # The hashes of the trigger words, to find them among a Doc's lower-case forms (read as
        # one array) rather than by building a Token for every word.
        self._hashes = frozenset(get_string_id(word) for word in self._index)

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published if Doc.has_extension("published") else None
        when = published.date() if isinstance(published, datetime) else published
        spans: list[Span] = []
        ents = list(doc.ents)  # doc.ents builds new Spans on every read: read it once
        dates = [ent for ent in ents if ent.label_ == "DATE"]
        lowers = doc.to_array(LOWER).tolist()
        for token in [doc[i] for i, lower in enumerate(lowers) if lower in self._hashes]:
            found = self._index.get(token.lower_)
            if found is None or token.ent_type_ in ("PERSON", "GPE", "ORG", "NORP"):
                continue
            event_type, is_noun = found
            if not is_noun and not self.verbs:
                continue
            start, end = token.i, token.i + 1
            if is_noun:
                start, end = self._extend(doc, token.i, ents)
            span = Span(doc, start, end, label=event_type)
            span._.event_type = event_type
            span._.event_date = self._date(doc, end, when, dates)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        for ent in ents:
            if ent.label_ == "EVENT":
                typed = next((self._index[t.lower_] for t in ent if t.lower_ in self._index), None)
                ent._.event_type = typed[0] if typed else "other"
        return doc

    @staticmethod
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

    @staticmethod
    def _date(doc: Doc, end: int, when: date | None, dates: list[Span]) -> date | None:
        """The DATE entity the event is attached to ("on September 1"), within the span or next."""
        for ent in dates:
            inside = ent.end == end
            after = ent.start in (end, end + 1) and (ent.start == end or doc[end].lower_ in
                                                      ("on", "in", "of", "last", "this"))
            if inside or after:
                return resolve_date(ent.text, when)
        return None

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs (no state is kept between Docs)."""
        for doc in stream:
            yield self(doc)


@Language.factory(
    "newsnlp_events",
    default_config={"spans_key": "events", "verbs": True},
    assigns=["doc.spans", "span._.event_type", "span._.event_date"],
    requires=["doc.ents"],
)
def make_event_finder(nlp: Language, name: str, spans_key: str, verbs: bool) -> EventFinder:
    """Factory of the `newsnlp_events` component (see `EventFinder`).

    Examples:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> finder = nlp.add_pipe("newsnlp_events")
        >>> doc = nlp("The early parliamentary elections were held.")
        >>> [(s.text, s._.event_type) for s in doc.spans["events"]]
        [('The early parliamentary elections', 'election')]
    """
    return EventFinder(nlp, name, spans_key=spans_key, verbs=verbs)
