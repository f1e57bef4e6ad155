"""Which spans are people: PERSON spans repaired by the text around them, and names the NER missed.

`names` cuts a span to the shape of a name; this module uses the words around it: a title
word glued to the name ("Victim Orkhan Najafov"), a country or legislature the NER read with
the name as one span ("Speaker of the Milli Mejlis Sahiba Gafarova"), an appositive that calls
a place a person ("Nino Beridze, a Georgian journalist,"), initials, "Name ( Country )", lists
and rosters of people. Then label consistency: once "Sergei Lavrov" is a PERSON, a later
"Lavrov" the NER called ORG or missed is that person too (document-level label propagation,
which lifts PER recall on CoNLL-2003 where surnames recur).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .countries import Gazetteer, Place, label_for
from .full_names import clean_words
from .names import (
    HEAD_NOUNS,
    extend_right,
    is_initial,
    is_name_word,
    name_pieces,
    strip_leading,
)
from .offices import OFFICES, ROLE_PREFIX, TITLES

# Words that are a place to the gazetteer and lead a name: countries, demonyms, capitals.
_LEADING_PLACE_KINDS = frozenset({"country", "demonym", "territory", "capital", "region"})


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """Whether token `i` is a hyphen inside a word ("Kassym-Jomart")."""
    return doc[i].text == "-" and i + 1 < len(doc) and not doc[i - 1].whitespace_ and \
        not doc[i].whitespace_ and is_name_word(doc[i + 1])


def _whole(taken: list[str], start: int, end: int) -> bool:
    """Whether tokens start..end cut no entity in two at their edges."""
    left = start == 0 or not taken[start] or taken[start - 1] != taken[start]
    right = end >= len(taken) or not taken[end - 1] or taken[end] != taken[end - 1]
    return left and right


def _place_span(doc: Doc, start: int, end: int, place: Place) -> Span:
    span = Span(doc, start, end, label=label_for(place))
    span._.canonical = place.name
    span._.country = place.country
    return span


class SpanRepair:
    """Repairs the PERSON spans of a Doc and adds the names the NER missed.

    Holds the gazetteer (a place is not a name) and the role words (`offices.load_role_words`);
    `PersonResolver` makes one and calls `repaired` once per Doc.
    """

    def __init__(self, gazetteer: Gazetteer, role_words: frozenset[str]) -> None:
        self.gazetteer = gazetteer
        self.role_words = role_words

    def _is_leading_place(self, text: str) -> bool:
        if not text[:1].isupper():
            return False
        place = self.gazetteer.lookup(text)
        return place is not None and place.kind in _LEADING_PLACE_KINDS and \
            self.gazetteer.is_strong(text)

    def repaired(self, doc: Doc, ents: list[Span],
                 hints: dict[int, tuple[str | None, str | None]], texts: list[str]
                 ) -> list[Span]:
        """PERSON spans cut to the shape of a name (see `names`), and names the NER missed."""
        out: list[Span] = []
        changed = False
        for ent in ents:
            if ent.label_ != "PERSON" and self._titled(doc, ent):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
                changed = True
            if ent.label_ != "PERSON":
                glued = self._glued_name(doc, ent)
                if glued:
                    out.extend(glued)
                    changed = True
                else:
                    out.append(ent)
                continue
            end = extend_right(doc, ent.start, ent.end)
            pieces = name_pieces(doc[ent.start : end])
            if pieces == [(ent.start, ent.end)]:
                start = strip_leading(doc, ent.start, ent.end, self._is_leading_place)
                if start == ent.start and not self._title_word(doc[start]) and (
                        len(ent) == 1 or ent[-1].lower_ not in HEAD_NOUNS):
                    out.append(ent)
                    continue
            changed = True
            for a, b in pieces:
                start = strip_leading(doc, a, b, self._is_leading_place)
                if start > a and b - start < 2 and doc[start - 1].is_alpha:
                    # "Chad Ogea", "Jordan Henderson": a country name before one more word is a
                    # given name; "Türkiye Tom Barrack", "Sri Lanka - Arjuna" are not.
                    start = a
                if start > a:
                    place = self.gazetteer.lookup(doc[a:start].text.rstrip(" -–—:"))
                    head = start
                    while head > a and not doc[head - 1].is_alpha:
                        head -= 1
                    if place is not None:
                        out.append(_place_span(doc, a, head, place))
                if self._title_word(doc[start]) and b - start > 2:
                    # "Victim Orkhan Najafov"; but "Dean Jones" is a name (two words left).
                    hints[start + 1] = (doc[start].text, None)
                    start += 1
                whole = self.gazetteer.lookup(doc[start:b].text)
                other = HEAD_NOUNS.get(doc[b - 1].lower_) if b - start > 1 else None
                if whole is not None and whole.kind in _LEADING_PLACE_KINDS and \
                        self.gazetteer.is_strong(doc[start:b].text):
                    out.append(_place_span(doc, start, b, whole))
                elif other is not None:
                    out.append(Span(doc, start, b, label=other))  # "Zangazur Corridor": LOC
                else:
                    out.append(Span(doc, start, b, label="PERSON"))
        added = list(self._missed_names(doc, out, texts))
        added += self._roster(doc, out + added, hints, texts)
        if not changed and not added:
            return ents
        if added:
            # The shape of a name outranks the NER's other labels over the same words.
            claimed = {i for span in added for i in range(span.start, span.end)}
            out = [e for e in out if e.label_ == "PERSON" or not claimed & set(range(e.start,
                                                                                      e.end))]
        return filter_spans(out + added)

    def _glued_name(self, doc: Doc, ent: Span) -> list[Span]:
        """A country or legislature and the name after it, read by the NER as one span.

        "Speaker of the Milli Mejlis Sahiba Gafarova" (one ORG) -> the legislature and the
        person: the span starts with a name the gazetteer knows as a country or a national
        legislature, ends in two or three name words it does not know, and follows an office
        ("Speaker of", "President of"), which names a person next. Empty when it is not so.
        """
        if ent.label_ not in ("ORG", "GPE", "FAC", "NORP") or len(ent) < 3 or ent.start < 2:
            return []
        before = doc[ent.start - 1]
        if before.lower_ != "of" or not any(t.lower_ in TITLES or t.lower_ in OFFICES
                                            for t in doc[max(0, ent.start - 4) : ent.start - 1]):
            return []
        first = ent.start + (ent[0].lower_ == "the")
        for k in range(ent.end - 2, max(first, ent.end - 4), -1):
            place = self.gazetteer.lookup(doc[first:k].text)
            rest = doc[k : ent.end]
            if place is None or place.kind not in ("institution", "country") or \
                    not all(is_name_word(t) for t in rest) or "\n" in doc[k - 1].whitespace_ \
                    or rest[-1].lower_ in HEAD_NOUNS or self.gazetteer.lookup(rest.text) or \
                    any(self.gazetteer.is_strong(t.text) for t in rest):
                continue
            return [_place_span(doc, ent.start, k, place), Span(doc, k, ent.end, label="PERSON")]
        return []

    def _titled(self, doc: Doc, ent: Span) -> bool:
        """Whether a non-person span is a name that an appositive calls a person.

        "Nino Beridze, a Georgian journalist," (the NER said GPE): two or three name words that
        no gazetteer knows, then a comma, an article, an optional nationality and a title noun
        of a person. Places and organisations take other appositives ("Baku, the capital").
        """
        if ent.label_ not in ("GPE", "ORG", "NORP", "LOC", "FAC") or ent._.country or \
                not 2 <= len(ent) <= 3 or not all(is_name_word(t) for t in ent):
            return False
        k = ent.end
        if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ not in ("a", "an",
                                                                                 "the"):
            return False
        k += 2
        while k < len(doc) and k < ent.end + 5 and doc[k].ent_type_ == "NORP":
            k += 1
        if k >= len(doc) or doc[k].lower_ not in TITLES or doc[k].ent_type_:
            return False
        return self.gazetteer.lookup(ent.text) is None and not any(
            self.gazetteer.is_strong(t.text) for t in ent)

    def _title_word(self, token: Token) -> bool:
        """A capitalised title noun at the head of a span ("Victim", "Accused", "King")."""
        return token.text[:1].isupper() and token.lower_ in TITLES

    def _missed_names(self, doc: Doc, ents: list[Span], texts: list[str]) -> Iterator[Span]:
        """Names the NER missed or mislabelled, by the shape of the text around them.

        - An initial and a surname ("K. Mammadov", "H. Morris"), unless the word is a place
          ("N. Ireland");
        - "Name Surname ( Country )": the wires' way of giving a competitor's nationality;
        - lists are lists of like things: in "A , B , C and D" with at least two people, the
          other items of two or three capitalised words are people too.
        """
        taken = [""] * len(doc)
        for ent in ents:
            taken[ent.start : ent.end] = [ent.label_] * (ent.end - ent.start)
        n = len(texts)
        i = 0
        while i < n:
            if taken[i] != "PERSON" and is_initial(texts[i]):
                j = i + 1
                while j < n and is_initial(texts[j]):
                    j += 1
                k = j
                while k < n and k - j < 3 and taken[k] != "PERSON" and is_name_word(doc[k]) \
                        and "\n" not in doc[k - 1].whitespace_:
                    k += 1
                if k > j and not self.gazetteer.is_strong(doc[j:k].text):
                    yield Span(doc, i, k, label="PERSON")
                    i = k
                    continue
            i += 1
        for i in range(2, n - 2):
            if texts[i] != "(" or (texts[i + 2] != ")" and not (
                    i + 3 < n and texts[i + 3] == ")")):
                continue
            close = i + 2 if texts[i + 2] == ")" else i + 3
            inside = self.gazetteer.lookup(doc[i + 1 : close].text)
            if inside is None or inside.kind not in ("country", "territory"):
                continue
            start = self._name_run(doc, taken, i)
            if start is not None:
                yield Span(doc, start, i, label="PERSON")
        # "President Kassym-Jomart Tokayev": a capitalised title, then two or three name words.
        for i in range(n - 2):
            if taken[i] or not (texts[i][:1].isupper() and doc[i].lower_ in TITLES):
                continue
            end = i + 1
            while end < n and end - i <= 5 and taken[end] in ("", "ORG") and "\n" not in doc[
                    end - 1].whitespace_ and (is_name_word(doc[end]) or _glued_hyphen(doc, end)):
                end += 1
            words = sum(is_name_word(t) for t in doc[i + 1 : end])
            if 2 <= words <= 3 and (end == n or not is_name_word(doc[end])) and \
                    _whole(taken, i + 1, end) and not any(
                    self.gazetteer.lookup(t.text) or t.lower_ in self.role_words
                    for t in doc[i + 1 : end]):
                yield Span(doc, i + 1, end, label="PERSON")
        yield from self._listed(doc, taken)

    def _roster(self, doc: Doc, ents: list[Span],
                hints: dict[int, tuple[str | None, str | None]], texts: list[str]
                ) -> list[Span]:
        """People of a roster: "the foreign ministers of Spain A, Latvia B and Poland C".

        After a plural title noun and "of", each country is followed by its office holder's
        name; the name takes the title (singular) and the country, and is added as PERSON
        when the NER missed it.
        """
        out: list[Span] = []
        places = {e.start: e for e in ents if e._.country and e.label_ in ("GPE", "NORP")}
        people = {e.start: e for e in ents if e.label_ == "PERSON"}
        for i in range(len(texts) - 2):
            lower = texts[i].lower()
            if not (lower.endswith("s") and lower[:-1] in self.role_words and
                    texts[i + 1].lower() == "of" and i + 2 in places):
                continue
            title = [doc[i].text[:-1]]
            j = i - 1
            while j >= 0 and (doc[j].lower_ in ROLE_PREFIX or doc[j].text[:1].isupper()) and \
                    not doc[j].ent_type_ and len(title) < 3:
                title.insert(0, doc[j].text)
                j -= 1
            role = " ".join(title)
            k = i + 2
            while k in places:
                place = places[k]
                end = place.end
                person = people.get(end)
                if person is None:
                    stop = end
                    while stop < len(doc) and stop - end < 3 and is_name_word(doc[stop]) and \
                            stop not in places:
                        stop += 1
                    if stop - end < 2:
                        break
                    person = Span(doc, end, stop, label="PERSON")
                    out.append(person)
                hints[person.start] = (role, place._.country)
                k = person.end
                if k < len(doc) and doc[k].text in (",", "and"):
                    k += 1
                if k < len(doc) and doc[k].text == "and":
                    k += 1
        return out

    def _name_run(self, doc: Doc, taken: list[str], end: int) -> int | None:
        """The start of two or three name words ending at `end`, not a person or place yet."""
        start = end
        while start > 0 and end - start < 3 and is_name_word(doc[start - 1]) \
                and "\n" not in doc[start - 1].whitespace_ and taken[start - 1] != "PERSON":
            start -= 1
        if end - start < 2 or self.gazetteer.lookup(doc[start:end].text) is not None:
            return None
        if any(self.gazetteer.is_strong(t.text) for t in doc[start:end]):
            return None
        return start if _whole(taken, start, end) else None

    def _listed(self, doc: Doc, taken: list[str]) -> Iterator[Span]:
        """Items of a list of people that the NER missed (see `_missed_names`)."""
        n = len(doc)
        i = 0
        while i < n:
            if doc[i].text not in (",", "and"):
                i += 1
                continue
            # Collect the items of one list: runs of name words between commas and "and".
            items: list[tuple[int, int]] = []
            j = i
            start = i
            while start > 0 and is_name_word(doc[start - 1]) and i - start < 3:
                start -= 1
            if start < i:
                items.append((start, i))
            while j < n and doc[j].text in (",", "and") and len(items) < 40:
                k = j + 1
                while k < n and k - j <= 3 and is_name_word(doc[k]):
                    k += 1
                if k == j + 1:
                    break
                items.append((j + 1, k))
                j = k
            i = max(j, i + 1)
            people = sum(all(t == "PERSON" for t in taken[a:b]) for a, b in items)
            if len(items) < 3 or people < 2:
                continue
            for a, b in items:
                if b - a >= 2 and all(t == "" for t in taken[a:b]) and not any(
                        self.gazetteer.is_strong(t.text) or self.gazetteer.lookup(t.text)
                        for t in doc[a:b]):
                    yield Span(doc, a, b, label="PERSON")


def propagated(doc: Doc, ents: list[Span], texts: list[str]) -> list[Span]:
    """Entities with each PERSON's surname and full name labelled PERSON wherever they recur.

    `texts` are the token texts of `doc`, read once by the caller.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("Sergei Lavrov spoke. Lavrov left.")
        >>> ents = [Span(doc, 0, 2, "PERSON")]
        >>> [(e.text, e.label_) for e in propagated(doc, ents, [t.text for t in doc])]
        [('Sergei Lavrov', 'PERSON'), ('Lavrov', 'PERSON')]
    """
    names: set[tuple[str, ...]] = set()
    for ent in ents:
        words = clean_words(ent)
        if ent.label_ == "PERSON" and len(words) > 1 and all(w[:1].isupper() for w in words):
            names.add(words)
            names.add(words[-1:])
    if not names:
        return ents
    relabelled: list[Span] = []
    for ent in ents:
        if ent.label_ in ("ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART") and \
                clean_words(ent) in names and not (ent._.country and ent.label_ == "GPE"):
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        relabelled.append(ent)
    covered = {i for e in ents for i in range(e.start, e.end)}
    longest = max(len(n) for n in names)
    added: list[Span] = []
    i = 0
    while i < len(texts):
        if i in covered or not texts[i][:1].isupper():
            i += 1
            continue
        for size in range(longest, 0, -1):
            if i + size <= len(texts) and tuple(texts[i:i + size]) in names \
                    and not covered & set(range(i, i + size)):
                added.append(Span(doc, i, i + size, label="PERSON"))
                i += size - 1
                break
        i += 1
    return filter_spans(relabelled + added) if added else relabelled
