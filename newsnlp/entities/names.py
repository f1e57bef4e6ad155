"""The shape of a person's name: repairing PERSON spans the small NER cuts or glues wrongly.

Each rule rests on how names are written in English news, not on any one article:

- A name is capitalised words, initials ("K.", "Sh.") and name particles ("von der", "al-",
  "bin", and the Turkic patronymic markers "oglu", "gizi"); a number, a bracket, a quote or a
  lowercase word that is no particle ends it ("J. Adams 123", "Gillespie st Kaluwitharana").
- A possessive ("Reagan 's") is not part of the name.
- A name does not run across a paragraph break, nor across a line break where the writing
  changes shape (a Title-case name, then an ALL-CAPS dateline on the next line); a hard-wrapped
  line inside a sentence does not end a name.
- A leading country or demonym ("Türkiye Tom Barrack", "Sri Lanka - Arjuna Ranatunga") and a
  leading title word ("Victim Orkhan Najafov") are not part of the name.
- A span whose last word is the head noun of a place or an organisation ("Zangazur
  Corridor", "Hanwha Philly Shipyard") is that kind of entity, not a person.
- A name that ends in a particle ("Ursula von der") continues with the capitalised words after
  it; a name followed by a patronymic marker and a surname ("Shakir Avaz" + "oglu Baghirov")
  takes them in.
- An initial and a capitalised word ("K. Mammadov", "J. Pooley") is a name where the NER
  missed it; so is a run of two or three capitalised words followed by a country in brackets
  ("Pete Sampras ( U.S. )"), the wires' way of giving an athlete's or delegate's nationality.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

#: Lower-case words that belong inside a name ("Ursula von der Leyen", "Shakir Avaz oglu
#: Baghirov", "Osama bin Laden", "Leonardo da Vinci").
PARTICLES = frozenset({
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
    "al", "el", "bin", "ibn", "bint", "abu", "ben", "ter", "ten", "zu", "y", "e",
    "oglu", "oğlu", "ogly", "ogli", "gizi", "qizi", "qızı", "kyzy", "uulu",
})
#: Particles that come between a given name and a surname as patronymic markers (Turkic).
PATRONYMIC_MARKERS = frozenset({"oglu", "oğlu", "ogly", "ogli", "gizi", "qizi", "qızı", "kyzy",
                                "uulu"})
#: Head nouns that end names of places and organisations, never a person's name ("Zangazur
#: Corridor", "Hanwha Philly Shipyard"): the label such a span takes instead.
HEAD_NOUNS = {
    **dict.fromkeys(("corridor", "river", "lake", "mountain", "mountains", "valley", "sea",
                     "bay", "gulf", "island", "islands", "district", "region", "province",
                     "village", "peninsula", "desert", "strait", "canal"), "LOC"),
    **dict.fromkeys(("street", "avenue", "square", "bridge", "airport", "port", "station",
                     "highway", "road", "stadium", "park", "shipyard", "plant", "bazaar",
                     "bazar", "palace", "hall", "tower", "dam", "pipeline", "mosque",
                     "cathedral", "church"), "FAC"),
    **dict.fromkeys(("university", "school", "hospital", "museum", "theater", "theatre",
                     "company", "group", "bank", "ministry", "council", "committee", "agency",
                     "forum", "festival", "union", "party", "office", "corporation", "inc",
                     "ltd", "institute", "foundation", "association", "federation", "club",
                     "fund", "court", "parliament", "army", "navy", "police", "news", "times",
                     "post", "daily", "agency"), "ORG"),
}
_INITIAL = re.compile(r"^(?:[A-Z]|[A-Z][hgz])\.$")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*$")


def is_initial(text: str) -> bool:
    """Whether a token is an initial: "K.", "Sh.", "Kh.".

    Examples:
        >>> is_initial("K."), is_initial("Sh."), is_initial("Dr."), is_initial("U.S.")
        (True, True, False, False)
    """
    return bool(_INITIAL.match(text))


def is_name_word(token: Token) -> bool:
    """A capitalised word that can be part of a name ("Dong-kwan", "O'Neill", "Türkiye")."""
    text = token.text
    return text[:1].isupper() and bool(_NAME_WORD.match(text))


def _inside(token: Token) -> bool:
    lower = token.lower_
    return (is_name_word(token) or is_initial(token.text) or lower in PARTICLES
            or (lower.startswith(("al-", "el-")) and len(lower) > 3))


def _breaks_between(left: Token, right: Token) -> bool:
    """Whether the line break between two words of a name ends the name before `right`.

    A paragraph break does; so does a change of shape (a Title-case word on one line and an
    ALL-CAPS one on the next: a dateline or header). A hard-wrapped line does not.
    """
    doc = left.doc
    between = left.whitespace_ + "".join(t.text_with_ws for t in doc[left.i + 1 : right.i])
    if "\n" not in between:
        return False
    if between.count("\n") >= 2:
        return True
    return left.is_alpha and right.is_alpha and left.text.isupper() != right.text.isupper()


def name_pieces(span: Span) -> list[tuple[int, int]]:
    """Token ranges of `span` that can be names, cut where the name's shape is broken.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("J. Adams 123 , K. Bailey")
        >>> name_pieces(doc[0:6])
        [(0, 2), (4, 6)]
    """
    pieces: list[tuple[int, int]] = []
    start: int | None = None
    last: Token | None = None  # the last word of the name being read
    doc = span.doc

    def close() -> None:
        nonlocal start
        if start is not None and last is not None:
            pieces.append((start, last.i + 1))  # never a trailing space token
        start = None

    # A break ends the name, and what follows it has no evidence of being a name (the NER
    # took a dateline or the next paragraph in): it is dropped.
    for token in span:
        if token.is_space:
            if token.text.count("\n") >= 2 and start is not None:
                break
            continue
        # "Chester-le-Street", "Dong-kwan": a word glued by a hyphen to the name goes with it.
        glued = start is not None and not doc[token.i - 1].whitespace_ and (
            token.text == "-" or (doc[token.i - 1].text == "-" and token.is_alpha))
        if (_inside(token) or glued) and token.text not in ("'s", "’s"):
            if start is not None and last is not None and _breaks_between(last, token):
                break
            if start is None:
                start = token.i
            last = token
        else:
            close()
    close()
    out = []
    for a, b in pieces:
        # Particles and initials alone, or at the end, are not a name ("von der", "A.").
        while b > a and (doc[b - 1].lower_ in PARTICLES or is_initial(doc[b - 1].text)):
            b -= 1
        while a < b and doc[a].lower_ in PARTICLES:
            a += 1
        if b > a and any(is_name_word(t) and t.lower_ not in PARTICLES for t in doc[a:b]):
            out.append((a, b))
    return out


def strip_leading(doc: Doc, start: int, end: int,
                  is_prefix: Callable[[str], bool], max_words: int = 3) -> int:
    """The new start of a name once leading words `is_prefix` accepts are cut (one word kept).

    "Sri Lanka - Arjuna Ranatunga" with a country test cuts "Sri Lanka -".
    """
    best = start
    for size in range(min(max_words, end - start - 1), 0, -1):
        if is_prefix(doc[start : start + size].text):
            best = start + size
            break
    while best < end - 1 and doc[best].text in ("-", "–", ":", "—"):
        best += 1
    return best if best < end else start


def extend_right(doc: Doc, start: int, end: int) -> int:
    """Where a name ends once a dangling particle or a patronymic marker takes its surname.

    "Ursula von der" + "Leyen"; "Shakir Avaz" + "oglu Baghirov".
    """
    j = end
    if doc[end - 1].lower_ in PARTICLES or (j < len(doc) and doc[j].lower_ in PATRONYMIC_MARKERS):
        while j < len(doc) and doc[j].lower_ in PARTICLES:
            j += 1
        k = j
        while k < len(doc) and is_name_word(doc[k]) and k - j < 2 and not (
                k > j and _breaks_between(doc[k - 1], doc[k])):
            k += 1
        if k > j:
            return k
    return end
