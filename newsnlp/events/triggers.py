"""Trigger candidates: the words of the vocabulary that name an event here, found without a parse.

This pass runs on every Doc, so it reads only what `ner` gives: the lower-case forms (one array)
and the entities. It drops the readings a word list gets wrong most often, each for a reason that
holds in any news text:

- a word inside a name is no event ("the Election Observation Alliance", "Ministry of Emergency
  Situations", "the Peace Treaty Hotel"): inside a PERSON/ORG/GPE/FAC/LAW/WORK_OF_ART/PRODUCT
  entity, or a capitalised word between capitalised words the NER left untagged;
- idioms: "under fire", "war of words", "price war", "heart attack", "a great deal", "strike a
  deal", "storm of criticism", "death penalty";
- words whose event sense needs a neighbour: "opened" names an attack only in "opened fire",
  "strike" is an attack after "air"/"drone"/"missile";
- a natural death is no killing: "died of cancer", "deaths from the disease";
- the attribution of a quotation ('"...," said Macron', '"...," Maduro said') is the reporter
  naming a source, not a statement event: quoted witnesses and officials are how news is
  written, and one speaker's several quotes would each count as a statement.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .vocabulary import trigger_index

#: Entity labels a trigger word cannot be part of: it is then a name, not an event.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LAW", "WORK_OF_ART",
                         "PRODUCT", "LOC", "LANGUAGE"})

#: (word, the word before) and (word, the word after) pairs that make a trigger an idiom.
IDIOM_BEFORE: dict[str, frozenset[str]] = {
    "fire": frozenset({"under", "open", "opened", "opening", "cease", "cross", "friendly"}),
    "war": frozenset({"price", "trade", "tariff", "bidding", "culture", "cold", "world",
                      "civil-rights", "turf", "media", "words"}),
    "attack": frozenset({"heart", "panic", "asthma"}),
    "attacks": frozenset({"heart", "panic", "asthma"}),
    "deal": frozenset({"great", "good", "big"}),
    "crash": frozenset({"market", "stock", "price", "computer", "system"}),
    "battle": frozenset({"legal", "uphill", "court", "custody", "political"}),
    "offensive": frozenset({"charm", "diplomatic", "media"}),
    "storm": frozenset({"political", "media", "brain"}),
    "final": frozenset({"the"}),  # "the final" is as often "the final decision"
    # an election campaign's rally and a market's rally are no protest
    "rally": frozenset({"campaign", "election", "electoral", "market", "stock", "price",
                        "relief", "bond", "equity", "year-end"}),
    "rallies": frozenset({"campaign", "election", "electoral"}),
    # a forecast or advisory, not a threat: "travel warning", "profit warning"
    "warning": frozenset({"travel", "weather", "storm", "flood", "profit", "profits", "health",
                          "tsunami", "early", "gale", "heat", "earnings", "safety"}),
    "warnings": frozenset({"travel", "weather", "storm", "flood", "profit", "profits", "health",
                           "tsunami", "early", "gale", "heat", "earnings", "safety"}),
    "threatening": frozenset({"life", "-"}),  # "life-threatening injuries"
}
IDIOM_AFTER: dict[str, frozenset[str]] = {
    "war": frozenset({"crimes", "criminal", "criminals", "chest"}),
    "storm": frozenset({"of"}),
    "deal": frozenset({"with"}),
    "death": frozenset({"penalty", "sentence", "sentences", "row", "threats", "spiral", "knell",
                        "wish"}),
    "strike": frozenset({"a", "an", "the", "deal", "deals", "agreement", "balance"}),
    "fire": frozenset({"brigade", "department", "fighters", "safety", "service", "alarm"}),
    "final": frozenset({"decision", "say", "word", "stage", "version", "day", "report"}),
    "match": frozenset({"the", "that", "those", "their"}),
    "conflict": frozenset({"of"}),  # "conflict of interest"
    "shot": frozenset({"up", "higher", "past", "at"}),  # "prices shot up", "a shot at the title"
}

#: Objects that make "meet" mean satisfy ("meet demand", "met the criteria").
_MEET_OBJECTS = frozenset({"demand", "demands", "requirements", "requirement", "targets",
                           "target", "obligations", "costs", "expectations", "needs", "deadline",
                           "criteria", "conditions", "standards", "payments", "debts",
                           "forecasts", "estimates", "goals", "goal", "terms", "quota",
                           "quotas", "commitments", "specifications", "rules"})

#: Weapons before "fire" that make it shooting, not a blaze.
_WEAPONS = frozenset({"mortar", "gun", "artillery", "rocket", "sniper", "machine-gun",
                      "machinegun", "tank", "small-arms", "automatic", "heavy", "enemy"})

#: Verbs that are a meeting only with a name after them ("received Marko Djuric").
_PERSON_NEXT = frozenset({"received", "receives", "hosted", "hosts"})
_HOST_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

#: Modifiers that make a "crisis" something other than an armed conflict.
_CRISIS_KINDS = frozenset({"economic", "financial", "debt", "political", "energy", "housing",
                           "banking", "humanitarian", "health", "fiscal", "currency", "credit",
                           "government", "constitutional", "migrant", "refugee", "climate",
                           "food", "water", "cost-of-living", "liquidity", "hostage"})

#: Reporting verbs that are a statement event when a named person or organisation says them.
REPORTING = frozenset({"said", "says", "stated", "reported", "confirmed", "claimed"})
_SPEAKER_LABELS = frozenset({"PERSON", "ORG"})
_SENTENCE_PUNCT = frozenset({".", "!", "?", ";", ":"})
_SPEAKER_PRONOUNS = frozenset({"he", "she", "they"})

#: What a natural death is "of" or "from": "died of cancer", "deaths from the disease".
_NATURAL_CAUSES = frozenset({"causes", "cause", "disease", "diseases", "illness", "illnesses",
                             "cancer", "complications", "virus", "infection", "infections",
                             "old", "natural", "age", "heart", "stroke", "pneumonia", "covid",
                             "covid-19", "malaria", "cholera", "ebola", "aids", "hunger",
                             "starvation", "fever", "sickness", "overdose"})
_DEATH_WORDS = frozenset({"died", "dies", "die", "dying", "death", "deaths", "dead"})
#: Quotation marks, as tokens: a reporting verb next to one attributes a quotation.
_QUOTES = frozenset({'"', "“", "”", "''", "``", "'"})

#: Verbs that name an event only with the particle after them: "called for a ceasefire",
#: "called on Muslims to", "blew himself up", "the bombs had gone off", "asked them to leave"
#: (word -> particles,
#: how many tokens on the particle may be, the type).
PHRASAL: dict[str, tuple[frozenset[str], int, str]] = {
    **dict.fromkeys(("called", "calls", "call", "calling"), (frozenset({"for", "on"}), 1,
                                                            "appeal")),
    **dict.fromkeys(("blew", "blown", "blow", "blowing", "blows"), (frozenset({"up"}), 3,
                                                                    "bombing")),
    **dict.fromkeys(("went", "gone", "goes", "go", "going"), (frozenset({"off"}), 1,
                                                              "bombing")),
    # "asking citizens to take to the streets", "begged voters to stay home": a request
    **dict.fromkeys(("asked", "asks", "ask", "asking", "begged", "begging", "begs"),
                    (frozenset({"to"}), 4, "appeal")),
}
#: "issued a statement", "issued an appeal": the verb of issuing is the event (as KAIROS marks
#: it), of the type of what was issued; the noun is then no mention of its own.
ISSUE_VERBS = frozenset({"issued", "issues", "issue", "issuing"})
ISSUED: dict[str, str] = {
    **dict.fromkeys(("statement", "statements", "declaration", "communique", "communiqué"),
                    "statement"),
    **dict.fromkeys(("appeal", "appeals", "call", "order", "orders", "ban", "decree",
                     "instructions", "directive"), "appeal"),
    **dict.fromkeys(("warning", "warnings", "ultimatum", "threat", "threats"), "threat"),
}

#: What must stand before "went off" for it to be a bombing (not an alarm or a trip).
_GO_OFF_SUBJECTS = frozenset({"bomb", "bombs", "device", "devices", "explosive", "explosives",
                              "ied", "mine", "grenade", "charge", "charges", "shell"})

#: Words before "strike(s)" that make it an attack, not a walk-out.
_STRIKE_ATTACK = frozenset({"air", "drone", "missile", "rocket", "military", "artillery",
                            "precision", "pre-emptive", "preemptive", "nuclear"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger word: token index in the Doc, the event type, and whether it is a noun."""

    i: int
    event_type: str
    is_noun: bool
    #: For a reporting verb next to a named speaker ("Lavrov said"): the speaker's token span.
    #: Such a candidate needs no parse (its speaker is its actor), which keeps "said" -- in most
    #: news sentences -- from sending every sentence to the parser.
    speaker: tuple[int, int] | None = None


class TriggerLexicon:
    """The vocabulary's trigger words, matched against a Doc's lower-case forms.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("Troops opened fire after the talks, under fire at home.")
        >>> [(doc[c.i].text, c.event_type) for c in TriggerLexicon().candidates(doc)]
        [('opened', 'attack'), ('talks', 'meeting')]
    """

    def __init__(self) -> None:
        self.index = trigger_index()
        # Hashes of the trigger words, to find them among a Doc's lower-case forms (read as one
        # array) rather than by building a Token for every word.
        self._hashes = frozenset(get_string_id(word) for word in self.index)
        self._reporting = frozenset(get_string_id(word) for word in REPORTING)
        self._crisis = get_string_id("crisis")
        self._phrasal = frozenset(get_string_id(word) for word in PHRASAL)
        self._issue = frozenset(get_string_id(word) for word in ISSUE_VERBS)

    def candidates(self, doc: Doc) -> list[Candidate]:
        """The trigger words of `doc` that survive the name and idiom checks, in text order."""
        lowers = doc.to_array(LOWER).tolist()
        found = []
        issued: set[int] = set()  # nouns taken by "issued a ...": their verb is the mention
        for i, lower in enumerate(lowers):
            if i in issued:
                continue
            if lower in self._issue:
                what = _issued(doc, i)
                if what is not None:
                    issued.add(what[0])
                    found.append(Candidate(i, what[1], False))
                continue
            if lower == self._crisis:
                if _conflict_crisis(doc, i):
                    found.append(Candidate(i, "fighting", True))
                continue
            if lower in self._reporting:
                speaker = _speaker(doc, i)
                if speaker is not None and not _attributes_quote(doc, i, speaker):
                    found.append(Candidate(i, "statement", False, speaker))
                continue
            if lower in self._phrasal:
                phrasal = _phrasal(doc, i)
                if phrasal is not None:
                    found.append(Candidate(i, phrasal, False))
                continue
            if lower not in self._hashes:
                continue
            token = doc[i]
            event_type, is_noun = self.index[token.lower_]
            if token.ent_type_ in NAME_LABELS or _in_name(doc, i):
                continue
            before = doc[i - 1].lower_ if i > 0 else ""
            after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if before in IDIOM_BEFORE.get(token.lower_, ()) or (
                    after in IDIOM_AFTER.get(token.lower_, ())):
                continue
            if token.lower_ in ("meet", "meets", "met") and any(
                    t.lower_ in _MEET_OBJECTS for t in doc[i + 1 : i + 5]):
                continue  # "met the criteria", "meet certain conditions": satisfied, not met
            if token.lower_ == "war" and after == "of" and i + 2 < len(doc) and (
                    doc[i + 2].lower_ in ("words", "nerves")):
                continue  # "a war of words" (but "a war of attrition" is a war)
            if token.lower_ in _DEATH_WORDS and _natural_death(doc, i):
                continue
            if token.lower_ == "opened" and after != "fire":
                continue
            if token.lower_ in _PERSON_NEXT and not _entity_within(doc, i + 1, 4):
                continue  # "received a letter": a meeting only with someone received
            if token.lower_ == "statement" and _in_reporting(doc, i):
                continue  # "said in a statement": the reporting verb is that statement
            if (token.lower_ in ("strike", "strikes") and before in _STRIKE_ATTACK) or (
                    token.lower_ == "fire" and before in _WEAPONS):
                event_type = "attack"  # "air strikes", "mortar fire"
            found.append(Candidate(i, event_type, is_noun))
        return _bombing_is_the_attack(doc, found)


def _in_name(doc: Doc, i: int) -> bool:
    """A capitalised word between capitalised words: part of a name the NER did not tag."""
    token = doc[i]
    if not token.is_title or token.is_sent_start or i == 0:
        return False

    def titled(j: int) -> bool:
        if j < 0 or j >= len(doc):
            return False
        other = doc[j]
        return other.is_title and not (j == 0 or (doc[j - 1].is_punct and
                                       doc[j - 1].text in ".!?\"“"))

    # "Election Observation Alliance", "Ministry of Emergency Situations": a titled word before
    # (sentence starts excluded) or after, skipping one "of"/"for".
    prev = i - 2 if i >= 2 and doc[i - 1].lower_ in ("of", "for", "and") else i - 1
    nxt = i + 2 if i + 2 < len(doc) and doc[i + 1].lower_ in ("of", "for") else i + 1
    return titled(prev) or titled(nxt)


def _speaker(doc: Doc, i: int) -> tuple[int, int] | None:
    """The named speaker right before ("Lavrov said") or after (", said Lavrov") a verb, or
    before an apposition ("Zabiullah Mujahid, the spokesperson for the Taliban, claimed"), or a
    personal pronoun right before it ("he said").

    Examples:
        >>> import spacy
        >>> from spacy.tokens import Span
        >>> doc = spacy.blank("en")("Ann Lee , a former ombudsman , said so .")
        >>> doc.ents = [Span(doc, 0, 2, "PERSON")]
        >>> _speaker(doc, 7)
        (0, 2)
    """
    if i >= 2 and doc[i - 1].text == ",":
        # "X , <apposition of at most 10 words> , said": the name just before the first comma
        for j in range(i - 2, max(-1, i - 12), -1):
            if doc[j].text in _SENTENCE_PUNCT or doc[j].text in _QUOTES:
                break
            if doc[j].text == "," and j > 0 and doc[j - 1].ent_type_ in _SPEAKER_LABELS:
                end = j
                start = j - 1
                while start > 0 and doc[start].ent_iob_ == "I":
                    start -= 1
                return start, end
    # A name after the verb speaks only in an inversion (', said Lavrov', '" said Lavrov'):
    # in "He said McVeigh used a false name" the name belongs to what was said.
    inverted = i > 0 and (doc[i - 1].text == "," or doc[i - 1].text in _QUOTES)
    for j in ((i - 1, i + 1) if inverted else (i - 1,)):
        if 0 <= j < len(doc) and doc[j].ent_type_ in _SPEAKER_LABELS:
            start = end = j
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            end = j + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            return start, end
    if i > 0 and doc[i - 1].lower_ in _SPEAKER_PRONOUNS:
        return i - 1, i  # "he said": the pronoun is the argument; the table keeps names only
    return None


def _issued(doc: Doc, i: int) -> tuple[int, str] | None:
    """The noun "issued" takes ("issued a joint statement") and its type, or None.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("Police issued an appeal. The bank issued bonds.")
        >>> _issued(doc, 1), _issued(doc, 7)
        ((3, 'appeal'), None)
    """
    for j in range(i + 1, min(i + 5, len(doc))):
        word = doc[j].lower_
        if word in ISSUED:
            before = doc[j - 1].lower_
            if before in IDIOM_BEFORE.get(word, ()):
                return None  # "issued a travel warning"
            return j, ISSUED[word]
        if doc[j].is_punct or (doc[j].pos_ == "VERB"):
            return None
    return None


#: Words for an attack of no particular kind, and for attacks of a kind other than a bombing.
_GENERIC_ATTACK = frozenset({"attack", "attacks", "attacked", "assault"})
_OTHER_ATTACKS = frozenset({"shooting", "shootings", "stabbed", "shelling", "shelled", "raid",
                            "raids", "raided", "ambush", "ambushed", "airstrike", "airstrikes",
                            "assassination", "assassinations", "assassinated", "gunfire",
                            "gunfight", "gunbattle", "massacre", "shot", "stabbing"})


def _bombing_is_the_attack(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """In an item that reports a bombing and no other kind of attack, "the attack" is it."""
    if not any(c.event_type == "bombing" for c in found) or any(
            doc[c.i].lower_ in _OTHER_ATTACKS for c in found):
        return found
    return [Candidate(c.i, "bombing", c.is_noun, c.speaker)
            if c.event_type == "attack" and doc[c.i].lower_ in _GENERIC_ATTACK else c
            for c in found]


def _phrasal(doc: Doc, i: int) -> str | None:
    """The type of a phrasal trigger at `i` ("called for", "blew up"), or None without its particle.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("He called for calm, then called her. A bomb went off.")
        >>> _phrasal(doc, 1), _phrasal(doc, 6), _phrasal(doc, 11)
        ('appeal', None, 'bombing')
    """
    particles, reach, event_type = PHRASAL[doc[i].lower_]
    if not any(t.lower_ in particles for t in doc[i + 1 : i + 1 + reach]):
        return None
    if event_type == "bombing" and "off" in particles and not any(
            t.lower_ in _GO_OFF_SUBJECTS for t in doc[max(0, i - 4) : i]):
        return None  # "the alarm went off", "went off to war"
    return event_type


def _attributes_quote(doc: Doc, i: int, speaker: tuple[int, int]) -> bool:
    """'" ... ," said Macron' or '" ... ," Maduro said': a quote mark just before verb and speaker.

    Examples:
        >>> import spacy
        >>> from spacy.tokens import Span
        >>> doc = spacy.blank("en")('"We will win," Maduro said. Maduro said the vote was fair.')
        >>> doc.ents = [Span(doc, 6, 7, "PERSON"), Span(doc, 9, 10, "PERSON")]
        >>> _attributes_quote(doc, 7, (6, 7)), _attributes_quote(doc, 10, (9, 10))
        (True, False)
    """
    first = min(i, speaker[0])
    # a comma may stand between the quote and the attribution ('win", said X'), and "el" or a
    # title the NER left out of the name ('" el Aissami said')
    before = [t.text for t in doc[max(0, first - 3) : first]]
    return any(t in _QUOTES for t in before[-2:]) or (
        len(before) == 3 and before[0] in _QUOTES and before[1] == ",")


def _natural_death(doc: Doc, i: int) -> bool:
    """"died of cancer", "deaths from complications": a death by illness or age, no killing."""
    after = [t.lower_ for t in doc[i + 1 : i + 6]]
    if not after or after[0] not in ("of", "from"):
        return False
    return any(w in _NATURAL_CAUSES for w in after[1:])


def _entity_within(doc: Doc, start: int, n: int) -> bool:
    """Whether a name (person, organisation, nationality, country) starts in the next n tokens."""
    return any(doc[j].ent_iob_ == "B" and doc[j].ent_type_ in _HOST_LABELS
               for j in range(start, min(start + n, len(doc))))


def _in_reporting(doc: Doc, i: int) -> bool:
    """"said in a statement", "told reporters in a statement": the noun after a reporting verb."""
    window = [t.lower_ for t in doc[max(0, i - 6) : i]]
    # "in a statement", "in a joint statement"
    after_in = "in" in window[-3:-1]
    return after_in and any(w in REPORTING or w in ("told", "announced") for w in window)


def _conflict_crisis(doc: Doc, i: int) -> bool:
    """"the crisis in Nagorno-Karabakh": a crisis in a named place, of no other kind, is a conflict.

    Examples:
        >>> import spacy
        >>> from spacy.tokens import Span
        >>> doc = spacy.blank("en")("the crisis in Karabakh and the debt crisis in Greece")
        >>> doc.ents = [Span(doc, 3, 4, "GPE"), Span(doc, 9, 10, "GPE")]
        >>> _conflict_crisis(doc, 1), _conflict_crisis(doc, 7)
        (True, False)
    """
    if i > 0 and doc[i - 1].lower_ in _CRISIS_KINDS:
        return False
    after = doc[i + 1 : i + 4]
    return len(after) >= 2 and after[0].lower_ in ("in", "over") and any(
        t.ent_iob_ == "B" and t.ent_type_ in ("GPE", "LOC") for t in after[1:])
