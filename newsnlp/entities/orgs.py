"""Organisations: canonical names, and acronyms linked to their expansion.

"the Election Observation Alliance (EOA)" defines EOA in the item: every later "EOA" gets the
canonical name "Election Observation Alliance" (and is added as an ORG when the NER missed it).
Across the items of one run, `link_mentions` does the same for acronyms defined in another item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ._extensions import set_extensions

_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]{1,9}$")
_SMALL = frozenset({"of", "for", "the", "and", "in", "on", "to", "de", "la", "&"})


def canonical_org(text: str) -> str:
    """An organisation's name without a leading article or a trailing possessive.

    Examples:
        >>> canonical_org("the Election Observation Alliance's")
        'Election Observation Alliance'
    """
    name = re.sub(r"^(?:the|The)\s+", "", text.strip())
    return re.sub(r"\s*['’]s?$", "", name)


def initials(name: str) -> str:
    """The acronym a name would have: capital initials of its significant words.

    Examples:
        >>> initials("Organization for Security and Co-operation in Europe")
        'OSCE'
    """
    letters = []
    for word in name.split():
        # "Co-operation" gives one letter, as in OSCE.
        if word.lower() not in _SMALL and word[0].isalpha():
            letters.append(word[0].upper())
    return "".join(letters)


def is_acronym(text: str) -> bool:
    """Whether `text` looks like an acronym ("EOA", "OSCE", "NATO")."""
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


class OrgResolver:
    """spaCy component: canonical names for ORG entities, with in-item acronym expansion."""

    def __init__(self, nlp: Language, name: str = "newsnlp_orgs", *, add_acronyms: bool = True
                 ) -> None:
        set_extensions()
        self.name = name
        self.add_acronyms = add_acronyms

    def __call__(self, doc: Doc) -> Doc:
        expansions: dict[str, str] = {}
        ents = list(doc.ents)  # doc.ents builds new Spans on every read: read it once
        for ent in ents:
            # "Long Name (ACR)": the acronym in parentheses right after the entity.
            if ent.label_ == "ORG" and ent.end + 2 < len(doc) and doc[ent.end].text == "(" \
                    and doc[ent.end + 2].text == ")" and is_acronym(doc[ent.end + 1].text):
                expansions[doc[ent.end + 1].text] = canonical_org(ent.text)
        if expansions and self.add_acronyms:
            covered = {i for e in ents for i in range(e.start, e.end)}
            found = [Span(doc, t.i, t.i + 1, label="ORG") for t in doc
                     if t.text in expansions and t.i not in covered]
            if found:
                doc.ents = ents = filter_spans(ents + found)
        for ent in ents:
            if ent.label_ != "ORG":
                continue
            name = canonical_org(ent.text)
            ent._.canonical = expansions.get(name, name)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs (no state is kept between Docs)."""
        for doc in stream:
            yield self(doc)


@Language.factory(
    "newsnlp_orgs",
    default_config={"add_acronyms": True},
    assigns=["doc.ents", "span._.canonical"],
    requires=["doc.ents"],
)
def make_org_resolver(nlp: Language, name: str, add_acronyms: bool) -> OrgResolver:
    """Factory of the `newsnlp_orgs` component (see `OrgResolver`).

    Examples:
        >>> import spacy
        >>> from spacy.tokens import Span
        >>> nlp = spacy.blank("en")
        >>> orgs = nlp.add_pipe("newsnlp_orgs")
        >>> doc = nlp.make_doc("the Election Observation Alliance ( EOA ) said . EOA left")
        >>> doc.ents = [Span(doc, 0, 4, "ORG")]
        >>> [(e.text, e._.canonical) for e in orgs(doc).ents]
        [('the Election Observation Alliance', 'Election Observation Alliance'), \
('EOA', 'Election Observation Alliance'), ('EOA', 'Election Observation Alliance')]
    """
    return OrgResolver(nlp, name, add_acronyms=add_acronyms)
