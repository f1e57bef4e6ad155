"""Linking the short forms of a name in one item to the full name they stand for.

An item writes a person's full name once and then a surname ("Aliyev"), an initial and a
surname ("K. Mammadov") or a given name ("Garik"); counting people needs the full name for all
of them. These functions compare the words of names, not spans, so the component (`people`)
and the span repair (`person_spans`) share one reading of what a name's words are.
"""

from __future__ import annotations

from spacy.tokens import Span

from .names import is_initial


def clean_words(span: Span) -> tuple[str, ...]:
    """The words of a name: its tokens without possessive marks or whitespace tokens.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("Lavrov's visit")
        >>> clean_words(doc[0:2])
        ('Lavrov',)
    """
    words = [t.text for t in span if t.text not in ("'s", "’s", "'", "’") and not t.is_space]
    return tuple(words)


def name_text(span: Span) -> str:
    """A person's name as the text writes it: whitespace normalised, no possessive.

    Taken from the text, not rebuilt from tokens: "Kim Dong-kwan" stays "Kim Dong-kwan".

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("Kim Dong-kwan's team")
        >>> name_text(doc[0:5])
        'Kim Dong-kwan'
    """
    text = " ".join(span.text.split())
    for tail in ("'s", "’s", "'", "’"):
        if text.endswith(tail) and len(text) > len(tail):
            return text[: -len(tail)].rstrip()
    return text


def fullest(words: tuple[str, ...], full: set[tuple[str, ...]]) -> tuple[str, ...]:
    """The one full name of the item a mention stands for, or the mention itself.

    "Aliyev" -> "Ilham Aliyev" (the surname); "K. Mammadov" -> "Kamran Mammadov" (initial and
    surname); "Garik" -> "Garik Martirosyan" (a given name, once the full name was written).
    A surname or given name shared by two full names stays as it is: picking one would depend
    on set order, not on the text.

    Examples:
        >>> full = {("Ilham", "Aliyev"), ("Kamran", "Mammadov")}
        >>> fullest(("Aliyev",), full), fullest(("K.", "Mammadov"), full)
        (('Ilham', 'Aliyev'), ('Kamran', 'Mammadov'))
        >>> fullest(("Lavrov",), full)
        ('Lavrov',)
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
