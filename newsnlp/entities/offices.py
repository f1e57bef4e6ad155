"""Role and country of a person from the words of the text around the name.

- The title words right before the name, with the country adjective or name before them
  ("Russian Foreign Minister Sergei Lavrov" -> "Foreign Minister", RUS), "Title of <country or
  organisation> X" ("President of Azerbaijan X", "Speaker of the Milli Mejlis X"), and an
  office that opens the sentence before the name in commas ("Russia's foreign minister, X,").
- An appositive after the name ("X, a member of the electoral commission"), also as a relative
  clause ("X, who is the foreign minister of Y,").
- An organisation's country for its office ("Azerbaijan's State Oil Company president X",
  "X, head of the Kazakh Senate").
- An office named in a later sentence ("The president said") for the one person named before
  it who can hold it.

A title ends in one of the agent nouns of the Phoenix agents dictionary (PETRARCH2, MIT),
`data/phoenix_roles.txt`. The word lists that the span repair also reads (`TITLES`, `OFFICES`,
`ROLE_PREFIX`, `load_role_words`) are public; the rest stay here.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from .countries import Gazetteer
from .names import is_name_word

_DATA_DIR = Path(__file__).parent / "data"
#: The country `context_role` gives when the text names an office of an organisation that
#: belongs to no one state: the person's country is not to be looked up elsewhere.
NO_STATE = ""
_POSSESSIVE_GAP = re.compile(r"\s+(['’]s)\b")
# People of a country: "citizens of Armenia, including X", "Kenyan nationals X and Y".
_CITIZENS = frozenset({"citizen", "citizens", "national", "nationals", "subject", "subjects"})
# Words an office does not end in.
_DANGLING = frozenset({"of", "for", "the", "and", "in", "to", "at", "on", "a", "an", "'s", "’s"})

# Words that end a role phrase walking left from a name: they are not part of an office.
_ROLE_STOP = frozenset({"the", "a", "an", "and", "or", "by", "with", "of", "to", "for", "said",
                        "says", "told", "that", "his", "her", "their", "its", "former", "new"})
# Prefixes that belong to the office itself.
ROLE_PREFIX = frozenset({"deputy", "vice", "acting", "interim", "chief", "senior", "first",
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
OFFICES = frozenset({"head", "chairman", "chairwoman", "chairperson", "speaker", "president",
                      "director", "spokesman", "spokeswoman", "spokesperson", "leader", "chief",
                      "secretary", "minister", "ambassador", "governor", "mayor", "founder",
                      "rector", "editor", "member", "deputy", "commander", "envoy"})
_APPOSITIVE_END = frozenset({"since", "until", "during", "amid", "because",
                             ",", ".", ";", ":", "(", ")", "\"", "“", "”", "who", "which",
                             "with", "representing", "said", "told", "says", "and", "on"})


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

# Words that end a role phrase walking left, besides `_ROLE_STOP`: prepositions and verbs of
# reporting put the title word after them in another phrase ("days after President X").
_ROLE_BREAK = frozenset({"from", "after", "at", "in", "on", "as", "against", "about", "like",
                         "between", "over", "under", "into", "named", "called", "is", "was",
                         "met", "when", "while", "urged", "thanked", "than", "also", "then"})


def load_role_words() -> frozenset[str]:
    """The words that end an office: Phoenix's agent nouns and a few title nouns of news style.

    Read from `data/phoenix_roles.txt` on every call; the component keeps one copy.

    Examples:
        >>> words = load_role_words()
        >>> "minister" in words, "spokesperson" in words
        (True, True)
    """
    words = (_DATA_DIR / "phoenix_roles.txt").read_text(encoding="utf-8").split()
    # Phoenix lists plurals and job nouns; these few title nouns of news style are not agents.
    return frozenset(words) | {"spokesperson", "spokeswoman", "ombudsman", "envoy", "speaker",
                               "chancellor", "premier", "emir", "sultan", "pope", "patriarch",
                               # people of culture and sport, whom news names by what they do
                               # and a nationality ("Azerbaijani wrestler X"); Phoenix lists
                               # agents of politics only
                               "artist", "poet", "composer", "singer", "actress", "painter",
                               "pianist", "wrestler", "boxer", "champion", "hero"}


class OfficeReader:
    """Reads a person's role and country off the words around the name.

    Holds what every reading needs: the gazetteer (places and organisations to countries) and
    the role words (`load_role_words`). `PersonResolver` makes one and calls `context_role`
    for each PERSON span and `offices_named_later` once per Doc.
    """

    def __init__(self, gazetteer: Gazetteer, role_words: frozenset[str]) -> None:
        self.gazetteer = gazetteer
        self.role_words = role_words

    def context_role(self, ent: Span, ents: list[Span]) -> tuple[str | None, str | None]:
        """Role and country from the words before the name or from an appositive after it.

        "Armenian Foreign Minister X", "the Kazakh President X", "Azerbaijan's President X",
        "U.S. Ambassador to Türkiye X" (the office's country is the one before the title, the
        place after "to" is part of the office), "Azerbaijani wrestler X" (a demonym right
        before the title or the name); else "X, the foreign minister of Armenia," and
        "X, Armenia's foreign minister,".
        """
        starts = {e.start: e for e in ents}
        by_token = {i: e for e in ents for i in range(e.start, e.end)}
        role, country = self._plural_title(ent, by_token)
        if role is None:
            role, country = self._before_name(ent, ent.start, by_token)
        if role is None and self._fronted(ent, by_token):
            # "Russia's foreign minister, Sergei Orlov, said": the office opens the sentence
            # and the name stands in commas after it.
            role, country = self._before_name(ent, ent.start - 1, by_token)
        if role is None or country is None:
            appositive, where = self._appositive(ent, starts, by_token)
            role = role or appositive
            country = country or where
        if country is None:
            country = self._citizen_of(ent, by_token)
        return role, country

    @staticmethod
    def _list_start(ent: Span, by_token: dict[int, Span]) -> int:
        """The first token of the list of names that `ent` ends ("A, B and C")."""
        doc = ent.doc
        first = ent.start
        while first >= 2 and doc[first - 1].lower_ in (",", "and"):
            other = by_token.get(first - 2)
            if other is None or other.label_ != "PERSON":
                break
            first = other.start
        return first

    def _citizen_of(self, ent: Span, by_token: dict[int, Span]) -> str | None:
        """The country of a person the text introduces as its citizen or national.

        "citizens of the Republic of Armenia, including A, B and C", "Kenyan nationals A and
        B": every name of the list is of that country.
        """
        doc = ent.doc
        i = self._list_start(ent, by_token) - 1
        while i >= 0 and (doc[i].is_space or doc[i].lower_ in (",", ":", "including", "such",
                                                                  "as", "namely")):
            i -= 1
        if i < 0 or doc[i].lower_ not in _CITIZENS:
            other = by_token.get(i) if i >= 0 else None
            if other is None or other.label_ == "PERSON" or not other._.country:
                return None
            k = other.start - 1
            if doc[other.start].lower_ != "the" and k >= 0 and doc[k].lower_ == "the":
                k -= 1  # "of the Republic of Armenia" when "the" is outside the entity
            if k < 1 or doc[k].lower_ != "of" or doc[k - 1].lower_ not in _CITIZENS:
                return None
            return str(other._.country)  # "citizens of the Republic of Armenia, including X"
        other = by_token.get(i - 1) if i >= 1 else None
        if other is not None and other.label_ in ("NORP", "GPE") and other._.country:
            return str(other._.country)  # "Kenyan nationals A and B"
        return None

    def _plural_title(self, ent: Span, by_token: dict[int, Span]
                      ) -> tuple[str | None, str | None]:
        """A plural title before a list of names holds for each ("Judges A and B", "the
        Baltic Foreign Ministers A, B and C" -> "Judge", "Foreign Minister").

        Walks left over the names before this one that the list joins with commas and "and",
        then reads the office before the first name as `_before_name` does, in the singular.
        """
        doc = ent.doc
        first = self._list_start(ent, by_token)
        if first < 1:
            return None, None
        plural = doc[first - 1]
        lower = plural.lower_
        if not lower.endswith("s"):
            return None, None
        ies = lower.endswith("ies")  # "Secretaries" -> "Secretary"
        if (lower[:-3] + "y" if ies else lower[:-1]) not in self.role_words:
            return None, None
        words = [plural.text[: -3 if ies else -1] + ("y" if ies else "")]
        j = first - 2
        while j >= 0 and not doc[j].ent_type_ and len(words) < 4 and (
                doc[j].lower_ in ROLE_PREFIX or doc[j].lower_ in self.role_words):
            words.insert(0, doc[j].text)  # "Foreign Ministers", "Deputy Prime Ministers"
            j -= 1
        country = None
        other = by_token.get(j) if j >= 0 else None
        if other is not None and other.label_ in ("NORP", "GPE") and other._.country:
            country = str(other._.country)  # "the Estonian Foreign Ministers"
        return " ".join(words), country

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
                                      lower in ROLE_PREFIX or office):
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
            if token.is_space:
                # A hard line break inside the phrase ("French\nPresident X"): wrapped text.
                i -= 1
                continue
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

    def offices_named_later(self, doc: Doc, ents: list[Span],
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
            while j >= 0 and doc[j].lower_ in ROLE_PREFIX and len(words) < 3:
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
        posting = ""
        if doc[of].lower_ == "to" and other._.country:
            # "Ambassador of Japan to Azerbaijan X": the country the envoy is posted to is part
            # of the office; the one after "of" is the envoy's.
            posting = " " + " ".join(doc[of : other.end].text.split())
            other = by_token.get(of - 1)
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
        heads = TITLES | OFFICES | _HONOURS
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
                doc[j].lower_ in self.role_words or doc[j].lower_ in ROLE_PREFIX or
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
        return role + posting, country

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
            if token.lower_ in self.role_words or token.lower_ in ROLE_PREFIX or (
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
        elif not (doc[k].lower_ in OFFICES or (
                doc[k].text[:1].isupper() and (doc[k].lower_ in self.role_words or
                                               doc[k].lower_ in ROLE_PREFIX))):
            # ", Vice Chairman of Hanwha", ", head of the Senate": an office needs no article.
            return None, None
        words: list[str] = []
        has_role = False
        for token in doc[k : k + 8]:
            if token.is_space:
                continue  # a hard line break of wrapped text
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
                if where is None and other is not None and other.label_ == "ORG":
                    # "X, President of the European Commission": an office of an organisation
                    # of no one country. NO_STATE says so, and keeps the leaders dictionary's
                    # (other, national) offices of the same name from giving a country.
                    country = country or NO_STATE
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
        while words and words[-1].lower() in _DANGLING:
            words.pop()  # the appositive was cut after a linking word ("Office for")
        if not has_role:
            return None, None
        # As written: "ICESCO's Regional Office", not the tokens "ICESCO 's Regional Office".
        return _POSSESSIVE_GAP.sub(r"\1", " ".join(words)) or None, country
