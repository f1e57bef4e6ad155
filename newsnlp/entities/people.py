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
_APPOSITIVE_END = frozenset({",", ".", ";", ":", "(", ")", "\"", "“", "”", "who", "which",
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
                               "chancellor", "premier", "emir", "sultan", "pope", "patriarch"}


def _clean(span: Span) -> tuple[str, ...]:
    words = [t.text for t in span if t.text not in ("'s", "’s", "'", "’")]
    return tuple(words)


class PersonResolver:
    """spaCy component: canonical names, roles and countries for PERSON entities."""

    def __init__(self, nlp: Language, name: str = "newsnlp_people", *,
                 propagate: bool = True, use_leaders: bool = True) -> None:
        set_extensions()
        self.name = name
        self.propagate = propagate
        self.use_leaders = use_leaders
        self.role_words = _role_words()
        self.leaders = Leaders.default() if use_leaders else Leaders()

    def __call__(self, doc: Doc) -> Doc:
        # doc.ents builds new Spans on every read: read it once.
        ents = list(doc.ents)
        if self.propagate:
            propagated = self._propagated(doc, ents)
            if propagated != ents:
                doc.ents = ents = propagated
        people = [(e, _clean(e)) for e in ents if e.label_ == "PERSON"]
        full = {words for _, words in people if len(words) > 1}
        published = doc._.published if Doc.has_extension("published") else None
        when = published.date() if isinstance(published, datetime) else published
        found: dict[str, tuple[str | None, str | None]] = {}
        canonicals: list[str] = []
        for ent, words in people:
            # A surname shared by two full names of the item ("Baker" of Howard and James
            # Baker) stays as it is: picking one would depend on set order, not on the text.
            longer = {f for f in full if f[-len(words):] == words and f != words}
            canonical = " ".join(longer.pop() if len(longer) == 1 else words)
            canonicals.append(canonical)
            role, country = self._context_role(ent, ents)
            if role or country:
                previous = found.get(canonical, (None, None))
                found[canonical] = (role or previous[0], country or previous[1])
        for (ent, _), canonical in zip(people, canonicals, strict=True):
            role, country = found.get(canonical, (None, None))
            if self.use_leaders and (role is None or country is None):
                term = self.leaders.term(canonical, when)
                if term is not None:
                    role = role or term.role
                    country = country or term.country
            underscore = ent._
            underscore.canonical, underscore.role, underscore.country = canonical, role, country
        return doc

    def _propagated(self, doc: Doc, ents: list[Span]) -> list[Span]:
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
        texts = [token.text for token in doc]  # one pass: indexing a Doc builds a Token each time
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
        """Role and country from the words before the name or from an appositive after it."""
        doc = ent.doc
        i = ent.start - 1
        role_tokens: list[Token] = []
        country = None
        while i >= 0 and len(role_tokens) < 6:
            token = doc[i]
            if token.ent_type_:
                break
            if (not token.is_alpha and token.text != "-") or token.lower_ in _ROLE_STOP:
                break
            role_tokens.append(token)
            i -= 1
        role_tokens.reverse()
        # The office ends in a role noun; words before the office that are not titles go.
        while role_tokens and role_tokens[-1].lower_ not in self.role_words:
            role_tokens.pop()
        while role_tokens and role_tokens[0].lower_ not in self.role_words and \
                role_tokens[0].lower_ not in _ROLE_PREFIX and not role_tokens[0].is_lower:
            role_tokens.pop(0)
        role = " ".join(t.text for t in role_tokens) or None
        before = doc[i] if i >= 0 else None
        if role and before is not None and before.ent_type_:
            for other in ents:
                if other.start <= before.i < other.end and other._.country:
                    country = other._.country
                    break
        elif before is not None and before.lower_ in ("'s", "’s") and before.i > 0:
            for other in ents:
                if other.end == before.i and other._.country:
                    country = other._.country
        if role is None:
            role = self._appositive(ent)
        return role, country

    def _appositive(self, ent: Span) -> str | None:
        """Role from an appositive: "X, a member of the board," -> "member of the board"."""
        doc = ent.doc
        j = ent.end
        if j + 2 >= len(doc) or doc[j].text != "," or doc[j + 1].lower_ not in ("a", "an", "the"):
            return None
        words: list[str] = []
        has_role = False
        for token in doc[j + 2 : j + 10]:
            if token.lower_ in _APPOSITIVE_END or token.ent_type_ == "PERSON":
                break
            words.append(token.text)
            has_role = has_role or token.lower_ in self.role_words
        return " ".join(words) if has_role and words else None

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs (no state is kept between Docs)."""
        for doc in stream:
            yield self(doc)


@Language.factory(
    "newsnlp_people",
    default_config={"propagate": True, "use_leaders": True},
    assigns=["doc.ents", "span._.canonical", "span._.role", "span._.country"],
    requires=["doc.ents"],
)
def make_person_resolver(nlp: Language, name: str, propagate: bool, use_leaders: bool
                         ) -> PersonResolver:
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
    return PersonResolver(nlp, name, propagate=propagate, use_leaders=use_leaders)
