"""People: one canonical name per person in an item, with role and country.

The spaCy component `newsnlp_people`; each step lives in its own module, in the order it runs:

1. Which spans are people (`person_spans`): PERSON spans repaired by the text around them,
   names the NER missed, and label propagation ("Sergei Lavrov" ... "Lavrov").
2. Canonical name (`full_names`): the fullest PERSON form in the item that the mention stands
   for ("Aliyev", "President Aliyev" -> "Ilham Aliyev").
3. Role and country from the text (`offices`): titles before the name, appositives, rosters,
   relative clauses, offices of a country's organisations, offices named in a later sentence.
4. Otherwise role and country from the Phoenix leaders dictionary (`leaders`), when the item's
   date falls in the person's term ("government" or "political elite" and the country); and an
   office holder in an item whose places all lie in one country holds that country's office.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc, Span

from ._extensions import set_extensions
from .countries import Gazetteer
from .full_names import clean_words, fullest, name_text
from .leaders import Leaders
from .offices import OfficeReader, load_role_words
from .person_spans import SpanRepair, propagated

__all__ = ["Leaders", "PersonResolver", "make_person_resolver"]


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
        self.role_words = load_role_words()
        self.leaders = Leaders.default() if use_leaders else Leaders()
        self.gazetteer = Gazetteer.default()
        self.spans = SpanRepair(self.gazetteer, self.role_words)
        self.offices = OfficeReader(self.gazetteer, self.role_words)

    def __call__(self, doc: Doc) -> Doc:
        # doc.ents builds new Spans on every read: read it once.
        ents = list(doc.ents)
        # Start token of a name -> (role, country) the repair read off its shape: a title word
        # cut from it, or its place in a roster ("the foreign ministers of Spain A, Latvia B").
        hints: dict[int, tuple[str | None, str | None]] = {}
        # The token texts, read once: indexing or iterating a Doc builds a Token each time.
        token_texts = [token.text for token in doc]
        if self.repair:
            repaired = self.spans.repaired(doc, ents, hints, token_texts)
            if repaired != ents:
                doc.ents = ents = repaired
        if self.propagate:
            relabelled = propagated(doc, ents, token_texts)
            if relabelled != ents:
                doc.ents = ents = relabelled
        people = [(e, clean_words(e)) for e in ents if e.label_ == "PERSON"]
        texts = {words: name_text(e) for e, words in people}
        full = {words for _, words in people if len(words) > 1}
        published = doc._.published if Doc.has_extension("published") else None
        when = published.date() if isinstance(published, datetime) else published
        found: dict[str, tuple[str | None, str | None]] = {}
        canonicals: list[str] = []
        for ent, words in people:
            canonical = texts[fullest(words, full)]
            canonicals.append(canonical)
            role, country = self.offices.context_role(ent, ents)
            hint_role, hint_country = hints.get(ent.start, (None, None))
            role = role or hint_role
            # Not `country or hint_country`: with no hint, that would turn NO_STATE ("", an
            # office of an international body) into None, and the leaders dictionary would
            # then give the person a country.
            country = hint_country if not country and hint_country else country
            if role or country:
                previous = found.get(canonical, (None, None))
                found[canonical] = (previous[0] or role, previous[1] or country)
        if self.repair:
            self.offices.offices_named_later(doc, ents, people, canonicals, found,
                                             token_texts)
        item_country = _single_country(ents)
        for (ent, _), canonical in zip(people, canonicals, strict=True):
            role, country = found.get(canonical, (None, None))
            if self.use_leaders and (role is None or country is None):
                # The dictionary is the fallback: not for an office the text gives as one of
                # an international organisation (country NO_STATE).
                term = self.leaders.term(canonical, when)
                if term is not None:
                    role = role or term.role
                    country = term.country if country is None else country
            country = country or None
            if country is None and role is not None and item_country is not None:
                # An office holder in an item whose places all lie in one country (a polling
                # station's commission member, a district judge) holds that country's office.
                country = item_country
            underscore = ent._
            underscore.canonical, underscore.role, underscore.country = canonical, role, country
        return doc

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
