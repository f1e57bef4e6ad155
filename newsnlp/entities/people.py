"""People: one canonical name per person in an item, with role and country.

- Canonical name: the fullest PERSON form in the item that ends with the mention ("Aliyev",
  "President Aliyev" -> "Ilham Aliyev").
- Label consistency: once "Sergei Lavrov" is a PERSON, a later "Lavrov" the NER called ORG or
  missed is that person too (document-level label propagation, which lifts PER recall on
  CoNLL-2003 where surnames recur).
- Role and country from the text: the title words right before the name, with the country
  adjective or name before them ("Russian Foreign Minister Sergei Lavrov" -> "Foreign Minister",
  RUS), or an appositive after it ("Rahida Rahimova, a member of the electoral commission").
  A title ends in one of the agent nouns of the Phoenix agents dictionary (PETRARCH2, MIT).
  Also "X, who is the foreign minister of Y," (a relative clause), "Title of <country or
  organisation> X" ("President of Azerbaijan X", "Speaker of the Milli Mejlis X"), and an
  organisation's country for its office ("Azerbaijan's State Oil Company president X", "X,
  head of the Kazakh Senate"); a nationality appositive ("X, a Georgian journalist") makes
  a name the NER called a place a person.
- Role and country from a later sentence: "The president said" (a definite office that opens
  its sentence or is followed by a reporting verb) goes to the one person named before it in the
  item who can hold it; among several, no guess.
- Otherwise role and country from the Phoenix leaders dictionary, when the item's date falls in
  the person's term ("government" or "political elite" and the country).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ._extensions import set_extensions
from .countries import Gazetteer, Place, label_for
from .names import (
    HEAD_NOUNS,
    extend_right,
    is_initial,
    is_name_word,
    name_pieces,
    strip_leading,
)

DATA_DIR = Path(__file__).parent / "data"

#: What the Phoenix role codes mean, in words an analyst reads.
PHOENIX_ROLES = {
    "GOV": "government", "ELI": "political elite", "MIL": "military", "OPP": "opposition",
    "LEG": "legislature", "JUD": "judiciary", "SPY": "intelligence", "REB": "rebel",
    "BUS": "government (economy)", "AGR": "government (agriculture)",
    "MED": "government (media)", "EDU": "government (education)",
    "HLH": "government (health)", "DEV": "government (development)",
    "LAB": "government (labour)", "ENV": "government (environment)",
    "HRI": "government (human rights)", "REL": "government (religion)",
    "COP": "government (police)", "REF": "government (refugees)",
}

# Words that end a role phrase walking left from a name: they are not part of an office.
_ROLE_STOP = frozenset({"the", "a", "an", "and", "or", "by", "with", "of", "to", "for", "said",
                        "says", "told", "that", "his", "her", "their", "its", "former", "new"})
# Prefixes that belong to the office itself.
_ROLE_PREFIX = frozenset({"deputy", "vice", "acting", "interim", "chief", "senior", "first",
                          "foreign", "prime", "defense", "defence", "interior", "general"})
# Offices a later sentence names without a name ("The president said ..."): heads of state,
# government, ministries, parliaments and missions, which one person of a story holds.
_OFFICE_NOUNS = frozenset({"president", "minister", "premier", "chancellor", "ambassador",
                           "envoy", "king", "queen", "emir", "sultan", "speaker", "governor",
                           "mayor", "chairman", "chairwoman", "chairperson", "spokesman",
                           "spokeswoman", "spokesperson", "ombudsman", "prosecutor", "senator",
                           "secretary", "commissioner", "patriarch", "pope"})
_REPORTING = frozenset({"said", "says", "added", "adds", "noted", "notes", "stressed",
                        "stated", "told", "emphasized", "emphasised", "explained", "recalled",
                        "wrote", "announced", "underlined", "pointed", "warned", "urged",
                        "declared", "insisted", "believes", "thinks", "argued", "asked"})
# State honours named "of" the country that awards them ("People's Artist of Azerbaijan X",
# "National Hero of Armenia X"): the titles of the Soviet successor states.
_HONOURS = frozenset({"artist", "hero", "worker", "teacher", "doctor"})
# Words that link the parts of an office that opens a sentence before a name in commas.
_FRONT_LINKS = frozenset({"the", "a", "an", "'s", "’s", "of", "for", "to", "and", "-"})
# Verbs of a relative clause that names an office: "X, who is the foreign minister of Y".
_RELATIVE_VERBS = frozenset({"is", "was", "has", "had", "been", "serves", "served", "as",
                             "currently", "also", "now", "then"})
# Offices an appositive may name without an article ("X, head of the Senate,").
_OFFICES = frozenset({"head", "chairman", "chairwoman", "chairperson", "speaker", "president",
                      "director", "spokesman", "spokeswoman", "spokesperson", "leader", "chief",
                      "secretary", "minister", "ambassador", "governor", "mayor", "founder",
                      "rector", "editor", "member", "deputy", "commander", "envoy"})
_APPOSITIVE_END = frozenset({"since", "until", "during", "amid", "because",
                             ",", ".", ";", ":", "(", ")", "\"", "“", "”", "who", "which",
                             "with", "representing", "said", "told", "says", "and", "on"})


@dataclass(frozen=True, slots=True)
class Term:
    """One term of office from the Phoenix leaders dictionary."""

    name: str
    country: str
    role_code: str
    start: date | None
    end: date | None

    def covers(self, when: date | None) -> bool:
        """Whether the term includes `when` (an unknown date matches open-ended terms only)."""
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    @property
    def role(self) -> str:
        code = self.role_code
        return PHOENIX_ROLES.get(code[3:] or code[:3], PHOENIX_ROLES.get(code[:3], "government"))


class Leaders:
    """Leaders and their terms, by upper-case name and alias.

    Examples:
        >>> leaders = Leaders.default()
        >>> term = leaders.term("Ilham Aliyev", date(2024, 9, 1))
        >>> (term.country, term.role)
        ('AZE', 'government')
    """

    def __init__(self, terms: Iterable[Term] = (), aliases: dict[str, str] | None = None) -> None:
        self.terms: dict[str, list[Term]] = {}
        for term in terms:
            self.terms.setdefault(term.name, []).append(term)
        self.aliases = aliases or {}

    def term(self, name: str, when: date | None) -> Term | None:
        """The term of `name` that covers `when`, preferring a government office."""
        key = " ".join(name.upper().split())
        key = self.aliases.get(key, key)
        found = [t for t in self.terms.get(key, []) if t.covers(when)]
        if not found:
            return None
        return min(found, key=lambda t: (not t.role_code.startswith("GOV"), len(t.role_code)))

    @classmethod
    def default(cls) -> Leaders:
        """The leaders extracted from Phoenix into `data/phoenix_leaders.tsv` (loaded once)."""
        global _leaders
        if _leaders is None:
            terms: list[Term] = []
            aliases: dict[str, str] = {}
            with (DATA_DIR / "phoenix_leaders.tsv").open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    terms.append(Term(row["name"], row["country"], row["role_code"],
                                      _date(row["start"]), _date(row["end"])))
                    for alias in filter(None, row["aliases"].split("|")):
                        # Only aliases that are names ("SERGEI LAVROV"), not titled forms.
                        if len(alias.split()) <= 3 and alias.split()[-1] == row["name"].split()[-1]:
                            aliases.setdefault(alias, row["name"])
            _leaders = cls(terms, aliases)
        return _leaders


_leaders: Leaders | None = None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _role_words() -> frozenset[str]:
    words = (DATA_DIR / "phoenix_roles.txt").read_text(encoding="utf-8").split()
    # Phoenix lists plurals and job nouns; these few title nouns of news style are not agents.
    return frozenset(words) | {"spokesperson", "spokeswoman", "ombudsman", "envoy", "speaker",
                               "chancellor", "premier", "emir", "sultan", "pope", "patriarch",
                               # people of culture and sport, whom news names by what they do
                               # and a nationality ("Azerbaijani wrestler X"); Phoenix lists
                               # agents of politics only
                               "artist", "poet", "composer", "singer", "actress", "painter",
                               "pianist", "wrestler", "boxer", "champion", "hero"}


def _clean(span: Span) -> tuple[str, ...]:
    words = [t.text for t in span if t.text not in ("'s", "’s", "'", "’") and not t.is_space]
    return tuple(words)


def name_text(span: Span) -> str:
    """A person's name as the text writes it: whitespace normalised, no possessive.

    Taken from the text, not rebuilt from tokens: "Kim Dong-kwan" stays "Kim Dong-kwan".
    """
    text = " ".join(span.text.split())
    for tail in ("'s", "’s", "'", "’"):
        if text.endswith(tail) and len(text) > len(tail):
            return text[: -len(tail)].rstrip()
    return text


#: Titles that stand right before a name ("President X", "Victim X"). Phoenix's agent nouns
#: are wider ("army", "bank", "for"): they end a role phrase but do not announce a name.
TITLES = frozenset({
    "president", "vice-president", "minister", "premier", "chancellor", "ambassador", "envoy",
    "king", "queen", "prince", "princess", "emir", "sultan", "sheikh", "general", "colonel",
    "captain", "senator", "governor", "mayor", "judge", "prosecutor", "chairman",
    "chairwoman", "chairperson", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "director", "commissioner", "speaker", "deputy", "lawmaker", "pope", "patriarch", "bishop",
    "archbishop", "cardinal", "imam", "ayatollah", "rabbi", "professor", "lieutenant",
    "major", "admiral", "marshal", "sergeant", "coach", "ceo", "leader", "candidate",
    "adviser", "advisor", "aide", "ombudsman", "victim", "accused", "defendant", "suspect",
    "witness", "journalist", "correspondent", "reporter", "economist", "analyst",
})

# Words that are a place to the gazetteer and lead a name: countries, demonyms, capitals.
_LEADING_PLACE_KINDS = frozenset({"country", "demonym", "territory", "capital", "region"})
# Words that end a role phrase walking left, besides `_ROLE_STOP`: prepositions and verbs of
# reporting put the title word after them in another phrase ("days after President X").
_ROLE_BREAK = frozenset({"from", "after", "at", "in", "on", "as", "against", "about", "like",
                         "between", "over", "under", "into", "named", "called", "is", "was",
                         "met", "when", "while", "urged", "thanked", "than", "also", "then"})


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


def _fullest(words: tuple[str, ...], full: set[tuple[str, ...]]) -> tuple[str, ...]:
    """The one full name of the item a mention stands for, or the mention itself.

    "Aliyev" -> "Ilham Aliyev" (the surname); "K. Mammadov" -> "Kamran Mammadov" (initial and
    surname); "Garik" -> "Garik Martirosyan" (a given name, once the full name was written).
    A surname or given name shared by two full names stays as it is: picking one would depend
    on set order, not on the text.
    """
    if len(words) > 1 and not is_initial(words[0]):
        longer = {f for f in full if f[-len(words):] == words and f != words}
        return longer.pop() if len(longer) == 1 else words
    if len(words) > 1:
        surname = tuple(w for w in words if not is_initial(w))
        initial = words[0][0]
        matches = {f for f in full if surname and f[-len(surname):] == surname and f != words
                   and f[0][:1] == initial and not is_initial(f[0])}
        return matches.pop() if len(matches) == 1 else words
    by_surname = {f for f in full if f[-1:] == words}
    if by_surname:
        return by_surname.pop() if len(by_surname) == 1 else words
    by_given = {f for f in full if f[:1] == words}
    return by_given.pop() if len(by_given) == 1 else words


def _single_country(ents: list[Span]) -> str | None:
    """The country code when every place of the item that has one names the same country."""
    codes = {e._.country for e in ents if e.label_ != "PERSON" and e._.country}
    return codes.pop() if len(codes) == 1 else None


class PersonResolver:
    """spaCy component: repaired PERSON spans, canonical names, roles and countries."""

    def __init__(self, nlp: Language, name: str = "newsnlp_people", *,
                 propagate: bool = True, use_leaders: bool = True, repair: bool = True) -> None:
        set_extensions()
        self.name = name
        self.propagate = propagate
        self.use_leaders = use_leaders
        self.repair = repair
        self.role_words = _role_words()
        self.leaders = Leaders.default() if use_leaders else Leaders()
        self.gazetteer = Gazetteer.default()

    def __call__(self, doc: Doc) -> Doc:
        # doc.ents builds new Spans on every read: read it once.
        ents = list(doc.ents)
        # Start token of a name -> (role, country) the repair read off its shape: a title word
        # cut from it, or its place in a roster ("the foreign ministers of Spain A, Latvia B").
        hints: dict[int, tuple[str | None, str | None]] = {}
        # The token texts, read once: indexing or iterating a Doc builds a Token each time.
        token_texts = [token.text for token in doc]
        if self.repair:
            repaired = self._repaired(doc, ents, hints, token_texts)
            if repaired != ents:
                doc.ents = ents = repaired
        if self.propagate:
            propagated = self._propagated(doc, ents, token_texts)
            if propagated != ents:
                doc.ents = ents = propagated
        people = [(e, _clean(e)) for e in ents if e.label_ == "PERSON"]
        texts = {words: name_text(e) for e, words in people}
        full = {words for _, words in people if len(words) > 1}
        published = doc._.published if Doc.has_extension("published") else None
        when = published.date() if isinstance(published, datetime) else published
        found: dict[str, tuple[str | None, str | None]] = {}
        canonicals: list[str] = []
        for ent, words in people:
            canonical = texts[_fullest(words, full)]
            canonicals.append(canonical)
            role, country = self._context_role(ent, ents)
            hint_role, hint_country = hints.get(ent.start, (None, None))
            role, country = role or hint_role, country or hint_country
            if role or country:
                previous = found.get(canonical, (None, None))
                found[canonical] = (previous[0] or role, previous[1] or country)
        if self.repair:
            self._offices_named_later(doc, ents, people, canonicals, found,
                                      token_texts)
        item_country = _single_country(ents)
        for (ent, _), canonical in zip(people, canonicals, strict=True):
            role, country = found.get(canonical, (None, None))
            if self.use_leaders and (role is None or country is None):
                term = self.leaders.term(canonical, when)
                if term is not None:
                    role = role or term.role
                    country = country or term.country
            if country is None and role is not None and item_country is not None:
                # An office holder in an item whose places all lie in one country (a polling
                # station's commission member, a district judge) holds that country's office.
                country = item_country
            underscore = ent._
            underscore.canonical, underscore.role, underscore.country = canonical, role, country
        return doc

    def _is_leading_place(self, text: str) -> bool:
        if not text[:1].isupper():
            return False
        place = self.gazetteer.lookup(text)
        return place is not None and place.kind in _LEADING_PLACE_KINDS and \
            self.gazetteer.is_strong(text)

    def _repaired(self, doc: Doc, ents: list[Span],
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
        if before.lower_ != "of" or not any(t.lower_ in TITLES or t.lower_ in _OFFICES
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
            while j >= 0 and (doc[j].lower_ in _ROLE_PREFIX or doc[j].text[:1].isupper()) and \
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

    def _propagated(self, doc: Doc, ents: list[Span], texts: list[str]) -> list[Span]:
        """Entities with each PERSON's surname and full name labelled PERSON wherever they recur."""
        names: set[tuple[str, ...]] = set()
        for ent in ents:
            words = _clean(ent)
            if ent.label_ == "PERSON" and len(words) > 1 and all(w[:1].isupper() for w in words):
                names.add(words)
                names.add(words[-1:])
        if not names:
            return ents
        relabelled: list[Span] = []
        for ent in ents:
            if ent.label_ in ("ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART") and \
                    _clean(ent) in names and not (ent._.country and ent.label_ == "GPE"):
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

    def _context_role(self, ent: Span, ents: list[Span]) -> tuple[str | None, str | None]:
        """Role and country from the words before the name or from an appositive after it.

        "Armenian Foreign Minister X", "the Kazakh President X", "Azerbaijan's President X",
        "U.S. Ambassador to Türkiye X" (the office's country is the one before the title, the
        place after "to" is part of the office), "Azerbaijani wrestler X" (a demonym right
        before the title or the name); else "X, the foreign minister of Armenia," and
        "X, Armenia's foreign minister,".
        """
        starts = {e.start: e for e in ents}
        by_token = {i: e for e in ents for i in range(e.start, e.end)}
        role, country = self._before_name(ent, ent.start, by_token)
        if role is None and self._fronted(ent, by_token):
            # "Russia's foreign minister, Sergei Orlov, said": the office opens the sentence
            # and the name stands in commas after it.
            role, country = self._before_name(ent, ent.start - 1, by_token)
        if role is None or country is None:
            appositive, where = self._appositive(ent, starts, by_token)
            role = role or appositive
            country = country or where
        return role, country

    def _fronted(self, ent: Span, by_token: dict[int, Span]) -> bool:
        """Whether the name is an appositive in commas after a sentence-opening office.

        Every word from the sentence start to the comma is an article, a linking preposition,
        an office word or part of a place or organisation ("The spokesman for the Ministry of
        Foreign Affairs of Azerbaijan, X,"): no verb ("After meeting the president, X,").
        """
        doc = ent.doc
        comma = ent.start - 1
        if comma < 1 or doc[comma].text != "," or ent.end >= len(doc) or \
                doc[ent.end].text not in (",", "."):
            return False
        i = comma - 1
        has_role = False
        while i >= 0:
            token = doc[i]
            if token.text in (".", "!", "?", "\"", "“", ":") or "\n" in token.whitespace_:
                break
            lower = token.lower_
            office = lower in self.role_words and not lower.endswith("s")
            if comma - i > 12 or not (i in by_token or lower in _FRONT_LINKS or
                                      lower in _ROLE_PREFIX or office):
                return False
            has_role = has_role or (office and i not in by_token)
            i -= 1
        return has_role

    def _before_name(self, ent: Span, first: int, by_token: dict[int, Span]
                     ) -> tuple[str | None, str | None]:
        """Role and country from the words before token `first` (the name or its comma)."""
        doc = ent.doc
        titled = self._title_of(ent, by_token, first)
        if titled is not None:
            return titled
        i = first - 1
        role_tokens: list[Token] = []
        country = None
        while i >= 0 and len(role_tokens) < 6:
            token = doc[i]
            if token.ent_type_:
                other = by_token.get(i)
                # "Ambassador to Türkiye": a place after "to" and a title word stays in the office.
                if other is not None and other.start >= 2 and doc[other.start - 1].lower_ == "to" \
                        and doc[other.start - 2].lower_ in self.role_words and other._.country:
                    role_tokens.extend(reversed(list(doc[other.start - 2 : other.end])))
                    i = other.start - 3
                    continue
                break
            if (not token.is_alpha and token.text != "-") or token.lower_ in _ROLE_STOP or \
                    token.lower_ in _ROLE_BREAK:
                break
            role_tokens.append(token)
            i -= 1
        role_tokens.reverse()
        # The office ends in a role noun (or "to <place>" after one).
        while role_tokens and role_tokens[-1].lower_ not in self.role_words and not (
                role_tokens[-1].ent_type_ and len(role_tokens) > 2):
            role_tokens.pop()
        role_tokens = self._office(role_tokens)
        role = " ".join(t.text for t in role_tokens) or None
        before = doc[i] if i >= 0 else None
        if before is not None and before.ent_type_:
            other = by_token.get(before.i)
            if other is not None and other._.country and (role or other.label_ == "NORP"):
                country = other._.country
            elif other is not None and role and other.label_ == "ORG":
                # "Azerbaijan's State Oil Company president X", "the Kazakh Senate chairman X":
                # the office belongs to an organisation, the organisation to its country.
                country = self._org_country(other, by_token)
        elif before is not None and before.lower_ in ("'s", "’s") and before.i > 0:
            other = by_token.get(before.i - 1)
            if other is not None and other._.country and other.label_ != "PERSON":
                country = other._.country
        return role, country

    def _offices_named_later(self, doc: Doc, ents: list[Span],
                             people: list[tuple[Span, tuple[str, ...]]], canonicals: list[str],
                             found: dict[str, tuple[str | None, str | None]],
                             texts: list[str]) -> None:
        """An office the item names without a name goes to the one person who can hold it.

        "Ilham Aliyev received the delegation. The president said ..." -> Aliyev is
        "president"; "the Armenian minister added" also gives ARM. Only a definite office
        that is the subject of its sentence (it opens the sentence, or a reporting verb
        follows it) refers back; and only when exactly one person named before it in the item
        can hold it (no role yet or the same office, no other country): among several, no
        guess. The person keeps a role or country the text gave by the name.
        """
        if not people:
            return
        by_token = {i: e for e in ents for i in range(e.start, e.end)}
        n = len(doc)
        for i, text in enumerate(texts):
            if text.lower() not in _OFFICE_NOUNS:
                continue
            token = doc[i]
            if token.ent_type_:
                continue
            words = [token.lower_]
            country = None
            j = i - 1
            while j >= 0 and doc[j].lower_ in _ROLE_PREFIX and len(words) < 3:
                words.insert(0, doc[j].lower_)
                j -= 1
            other = by_token.get(j) if j >= 0 else None
            if other is not None and other.label_ in ("NORP", "GPE") and other._.country:
                country = str(other._.country)  # "the Armenian president", "the Iranian FM"
                # The span may hold the article ("The Russian").
                j = other.start if doc[other.start].lower_ == "the" else other.start - 1
            if j < 0 or doc[j].lower_ != "the":
                continue
            nxt = doc[i + 1] if i + 1 < n else None
            if nxt is not None and (is_name_word(nxt) or nxt.ent_type_ or nxt.text == "-"):
                continue  # a title before a name or a compound ("the president Aliyev")
            if nxt is not None and nxt.lower_ == "of":
                place = by_token.get(i + 2) if i + 2 < n else None
                if place is None or place.label_ not in ("GPE", "NORP") or not place._.country:
                    continue  # "the head of the commission": another office, maybe another man
                country = country or str(place._.country)
                after = place.end
            else:
                after = i + 1
            opens = j == 0 or doc[j - 1].text in (".", "!", "?", "\"", "“", "”", ":") or \
                "\n" in doc[j - 1].whitespace_
            reported = after < n and doc[after].lower_ in _REPORTING
            if not (opens or reported):
                continue  # "Aliyev met the president": the office is someone else's
            head = words[-1]
            holders: set[str] = set()
            for (ent, _), canonical in zip(people, canonicals, strict=True):
                if ent.start >= j:
                    break
                role, where = found.get(canonical, (None, None))
                if (role is None or role.split()[-1].lower() == head) and (
                        where is None or country is None or where == country):
                    holders.add(canonical)
            if len(holders) != 1:
                continue
            holder = holders.pop()
            role, where = found.get(holder, (None, None))
            found[holder] = (role or " ".join(words), where or country)

    def _title_of(self, ent: Span, by_token: dict[int, Span], first: int
                  ) -> tuple[str, str] | None:
        """Role and country of "Title of <country or organisation> Name".

        "President of Azerbaijan Ilham Aliyev" -> ("President", "AZE"); "Minister of Foreign
        Affairs of Armenia Ararat Mirzoyan" -> ("Minister of Foreign Affairs", "ARM"); "Speaker
        of the Milli Mejlis Sahiba Gafarova" -> ("Speaker of the Milli Mejlis", "AZE"). The
        office ends in "of" and a place or organisation whose country the text or the
        gazetteers give, right before the name; the words before "of" hold a person's title.
        """
        doc = ent.doc
        other = by_token.get(first - 1)
        if other is None or other.label_ == "PERSON" or other.start < 2:
            return None
        of = other.start - 1
        if doc[of].lower_ == "the" and of > 1:
            of -= 1
        if doc[of].lower_ != "of":
            return None
        country = self._org_country(other, by_token) if other.label_ == "ORG" else \
            (str(other._.country) if other._.country else None)
        if country is None:
            return None
        org = by_token.get(of - 1)
        heads = TITLES | _OFFICES | _HONOURS
        if org is not None and org[-1].lower_ in heads:
            # "People's Artist" read as an ORG: a title, not an organisation.
            start = org.start + (org[0].lower_ in ("the", "a", "an"))
            return " ".join(doc[start : org.end].text.split()), country
        if org is not None and org.label_ == "ORG" and org.start >= 2:
            # "Governor of the Central Bank of Armenia X": the office is of an organisation,
            # itself "of" the country.
            inner = org.start - 1
            if doc[inner].lower_ == "the" and inner > 1:
                inner -= 1
            if doc[inner].lower_ not in ("of", "for"):
                return None  # "spokesman for the Ministry of Foreign Affairs of Azerbaijan"
            of = inner
        j = of - 1
        words: list[Token] = []
        while j >= 0 and len(words) < 6 and not doc[j].ent_type_ and \
                doc[j].lower_ not in _ROLE_STOP - {"of"} and (
                doc[j].lower_ in self.role_words or doc[j].lower_ in _ROLE_PREFIX or
                (doc[j].is_alpha and doc[j].text[:1].isupper()) or
                (doc[j].lower_ == "of" and words)):
            words.insert(0, doc[j])
            j -= 1
        while words and words[0].lower_ == "of":
            words.pop(0)
        if not any(w.lower_ in heads for w in words):
            return None
        role = " ".join(w.text for w in words)
        if any(doc[k].ent_type_ == "ORG" for k in range(of, other.end)):
            # An organisation stays in the office ("Speaker of the Milli Mejlis"); a country
            # after "of" is the office's country, not its name ("President of Azerbaijan").
            last = other.end if other.label_ == "ORG" else other.start - 1
            role += " " + " ".join(doc[of:last].text.split())
        return role, country

    def _org_country(self, org: Span, by_token: dict[int, Span]) -> str | None:
        """The country an organisation belongs to, when its name or the words before say it.

        "the Kazakh Senate", "Azerbaijan State Oil Company" (a country word leads the name);
        "Azerbaijan 's State Oil Company", "Armenian Ministry of Defence" (a country or
        demonym right before it). An organisation's name says nothing else of its country.
        """
        if org._.country:
            return str(org._.country)
        doc = org.doc
        start = org.start
        while start < org.end - 1 and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        for size in (3, 2, 1):
            if start + size >= org.end:
                continue
            words = doc[start : start + size].text
            place = self.gazetteer.lookup(words)
            if place is not None and place.country and place.kind in ("country", "demonym") \
                    and self.gazetteer.is_strong(words):
                return place.country
        # "Central Bank of Armenia", "Ministry of Foreign Affairs of Azerbaijan".
        of = max((t.i for t in org if t.lower_ == "of"), default=None)
        if of is not None and of + 1 < org.end:
            tail = doc[of + 1 : org.end].text
            if tail.lower().startswith("the "):
                tail = tail[4:]
            place = self.gazetteer.lookup(tail)
            if place is not None and place.country and place.kind == "country":
                return place.country
        i = org.start - 1
        if i > 0 and doc[i].lower_ in ("'s", "’s"):
            i -= 1
        other = by_token.get(i) if i >= 0 else None
        if other is not None and other.label_ in ("GPE", "NORP") and other._.country:
            return str(other._.country)
        return None

    def _office(self, tokens: list[Token]) -> list[Token]:
        """The office within the words before a name that end in a title noun.

        A capitalised title keeps its capitalised words and office prefixes ("Vice Chairman",
        "Prosecutor General"); a lower-case one keeps one modifier before it ("independent
        candidate", "public prosecutor"), not the rest of the sentence.
        """
        if not tokens:
            return tokens
        head = next((n for n in range(len(tokens) - 1, -1, -1)
                     if tokens[n].lower_ in self.role_words), len(tokens) - 1)
        start = head
        capital = tokens[head].text[:1].isupper()
        modifiers = 0
        while start > 0:
            token = tokens[start - 1]
            if token.lower_ in self.role_words or token.lower_ in _ROLE_PREFIX or (
                    capital and token.text[:1].isupper()):
                start -= 1
            elif not capital and token.is_lower and modifiers == 0 and token.text != "-":
                start -= 1
                modifiers += 1
            elif token.text == "-" and start > 1:
                start -= 1
            else:
                break
        while start < head and tokens[start].text == "-":
            start += 1
        return tokens[start:]

    def _appositive(self, ent: Span, starts: dict[int, Span], by_token: dict[int, Span]
                    ) -> tuple[str | None, str | None]:
        """Role and country from an appositive.

        "X, a member of the board," -> "member of the board"; "X, the foreign minister of
        Armenia," -> ("foreign minister", "ARM"); "X, Armenia's foreign minister," -> ARM.
        """
        doc = ent.doc
        j = ent.end
        if j + 2 >= len(doc) or doc[j].text != ",":
            return None, None
        k = j + 1
        country = None
        # "X, who is the foreign minister of Y,": a relative clause that names the office reads
        # as the appositive it paraphrases.
        if doc[k].lower_ == "who":
            k += 1
            while k < len(doc) and doc[k].lower_ in _RELATIVE_VERBS:
                k += 1
            if k == j + 2 or k >= len(doc):
                return None, None
        first = by_token.get(k)
        if first is not None and first.start == k and first._.country and \
                first.label_ != "PERSON" and first.end < len(doc) and \
                doc[first.end].lower_ in ("'s", "’s", "'"):
            country = first._.country
            k = first.end + 1
        elif doc[k].lower_ in ("a", "an", "the"):
            k += 1
            other = starts.get(k)
            if other is not None and other.label_ == "NORP" and other._.country:
                country = other._.country
                k = other.end
        elif not (doc[k].lower_ in _OFFICES or (
                doc[k].text[:1].isupper() and (doc[k].lower_ in self.role_words or
                                               doc[k].lower_ in _ROLE_PREFIX))):
            # ", Vice Chairman of Hanwha", ", head of the Senate": an office needs no article.
            return None, None
        words: list[str] = []
        has_role = False
        for token in doc[k : k + 8]:
            if token.lower_ in _APPOSITIVE_END or token.ent_type_ == "PERSON" or \
                    token.lower_ in _ROLE_BREAK:
                break
            if token.ent_type_ and words and has_role and (words[-1].lower() == "of" or (
                    len(words) > 1 and words[-1].lower() == "the" and
                    words[-2].lower() == "of")):
                other = by_token.get(token.i)
                where = None
                if other is not None:
                    where = other._.country if other.label_ != "ORG" else \
                        self._org_country(other, by_token)
                if where is not None:
                    # "of Armenia" is the office's country; "of the Kazakh Senate" stays in
                    # the office ("head of the Kazakh Senate") and gives its country.
                    country = country or where
                    if other is not None and other.label_ == "ORG":
                        words.append(" ".join(other.text.split()))
                    else:
                        words.pop()
                        if words and words[-1].lower() == "of":
                            words.pop()
                    break
            words.append(token.text)
            has_role = has_role or token.lower_ in self.role_words
        if not has_role:
            return None, None
        return " ".join(words) or None, country

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs (no state is kept between Docs)."""
        for doc in stream:
            yield self(doc)


@Language.factory(
    "newsnlp_people",
    default_config={"propagate": True, "use_leaders": True, "repair": True},
    assigns=["doc.ents", "span._.canonical", "span._.role", "span._.country"],
    requires=["doc.ents"],
)
def make_person_resolver(nlp: Language, name: str, propagate: bool, use_leaders: bool,
                         repair: bool) -> PersonResolver:
    """Factory of the `newsnlp_people` component (see `PersonResolver`).

    Examples:
        >>> import spacy
        >>> from spacy.tokens import Span
        >>> nlp = spacy.blank("en")
        >>> component = nlp.add_pipe("newsnlp_people")
        >>> doc = nlp.make_doc("Minister Sergei Lavrov spoke. Lavrov left.")
        >>> doc.ents = [Span(doc, 1, 3, "PERSON")]
        >>> doc = component(doc)
        >>> [(e.text, e._.canonical, e._.role) for e in doc.ents]
        [('Sergei Lavrov', 'Sergei Lavrov', 'Minister'), ('Lavrov', 'Sergei Lavrov', 'Minister')]
    """
    return PersonResolver(nlp, name, propagate=propagate, use_leaders=use_leaders,
                          repair=repair)
