"""Participants, place, date and modality of trigger candidates, from a dependency parse.

The default pipeline runs `ner` alone (fast). Who did what to whom needs the sentence's
structure, so the dependency parser (tok2vec + tagger + parser of the same spaCy model, loaded
once) runs here only on the sentences that hold a trigger candidate, as short Docs of their own.
Sentence ends are found by punctuation (the fast pipeline has no sentence splitter), and a
sentence is capped at `MAX_SENTENCE_TOKENS` around the trigger so that a run-on list never costs
a parse of hundreds of words.

What the parse decides, each for a reason that holds in any news text:

- the part of speech: a noun trigger read as a verb ("he talks", "hearing bangs", "to combat the
  symptoms") is dropped unless the verb names the same event ("they attacked", "protesters
  rally"), and so is an adjective reading ("offensive remarks");
- a noun trigger that only modifies another noun names a kind of thing, not an event: "war
  games", "protest movement", "arrest warrants", "the concert bombing" (the bombing is the
  event);
- what the verb is done to: "dismissed" is a dismissal only of a person ("dismissed the
  rumours" is not), "collapsed" a disaster only of a structure ("the ceasefire collapsed" is
  not);
- participants: subject -> actors (not a device: "the IED killed" names the weapon, not who
  used it) ("X met Y"), object and passive subject -> targets ("Y was
  arrested"), "by X" -> actors, conjuncts share their role ("X and Y signed"), "between X and Y"
  -> actors, "with Y" / "on Y" / "against Y" -> targets, a possessive or a NORP/ORG modifier of a
  noun -> actors ("Russia's offensive", "Taliban attack"); a noun trigger that is the object of a
  verb takes the verb's subject ("X held talks with Y");
- place: the object of "in"/"at"/"near" that is a place entity;
- modality: a negation ("did not meet") -> "negated"; "will"/"shall"/"to be held"/"upcoming"/
  "next" -> "future"; "would"/"could"/"might"/"may"/"if" -> "hypothetical"; else "asserted".
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import Errors, ModelError
from .vocabulary import trigger_index

#: Longest sentence window parsed around a trigger, in tokens (5/8 before it, 3/8 after).
MAX_SENTENCE_TOKENS = 40

#: Entity labels that can be an actor or a target as a name.
PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "REGION"})
#: Entity labels that can be the place of an event.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "REGION"})

_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "into"})
#: Prepositions that give a noun trigger its target: "an attack on X", "the arrest of X" for
#: events done to someone; for the others "talks on X" is a topic and "a meeting of X" an actor.
HARM_TYPES = frozenset({"attack", "bombing", "fighting", "killing", "injury", "arrest", "trial",
                        "release", "damage", "sanction", "threat", "investigation", "protest",
                        "violation"})
_HARM_PREPS = frozenset({"on", "against", "of"})
_BOTH_PREPS = frozenset({"between", "among"})
_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "if", "unless"})
_FUTURE_MODIFIERS = frozenset({"upcoming", "next", "planned", "forthcoming", "future",
                               "scheduled", "proposed", "possible", "potential"})
#: Verbs whose infinitive is a promise, not a deed ("agreed to meet again", "vowed to attack").
_INTENT_VERBS = frozenset({"agreed", "agree", "agrees", "decided", "promised", "pledged",
                           "vowed", "threatened", "threatens", "intend", "intended", "aims",
                           "aimed", "hopes", "hoped", "wants", "wanted", "offered", "proposed",
                           "prepared", "preparing", "ready", "seeks", "sought", "asked",
                           "urged", "called"})
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_PRONOUNS = frozenset({"PRON"})
#: Verbs whose subject undergoes the event ("X died") or is the device ("the bomb exploded").
_UNDERGOER_SUBJECT = frozenset({"died", "die", "dies", "dying"})
_DEVICE_SUBJECT = frozenset({"exploded", "explode", "explodes", "crashed", "collapsed",
                             "erupted"})
#: Verbs through which a noun trigger that is their subject harms their object ("the explosion
#: killed 12 people", "the blast targeted a bakery").
_HARM_VERBS = frozenset({"killed", "kills", "injured", "wounded", "hit", "hits", "destroyed",
                         "damaged", "targeted", "struck", "rocked", "left"})
#: Common nouns that name a place ("at the bus station", "in the village"), from general usage.
PLACE_NOUNS = frozenset({
    "city", "town", "village", "capital", "province", "district", "region", "area", "county",
    "state", "country", "border", "street", "road", "highway", "square", "market", "station",
    "airport", "port", "harbour", "harbor", "base", "camp", "checkpoint", "building", "hotel",
    "mosque", "church", "temple", "synagogue", "school", "university", "hospital", "embassy",
    "consulate", "office", "headquarters", "parliament", "palace", "prison", "jail", "court",
    "courthouse", "bakery", "shop", "restaurant", "cafe", "mall", "stadium", "bridge", "park",
    "neighbourhood", "neighborhood", "suburb", "compound", "barracks", "outpost", "mine",
    "factory", "plant", "refinery", "pipeline", "convoy", "bus", "train", "club", "bar",
    "theatre", "theater", "museum", "venue", "line", "scene", "site", "territory", "zone",
    "house", "houses", "home", "homes", "apartment", "residence", "premises", "areas",
    "centre", "center", "streets", "roads", "post", "posts", "republic", "island", "coast"})
#: Verbs that name a meeting only with a person as object ("received the minister", not
#: "received a letter").
_PERSON_OBJECT = frozenset({"received", "receives", "hosted", "hosts"})
_HOST_LABELS = frozenset({"PERSON", "ORG", "NORP"})  # the small NER reads some names as ORG
#: Verbs that name a release only of people ("released the hostages", not "released photos").
_RELEASE = frozenset({"released", "freed"})
#: Trigger words that are adjectives and still name the event ("12 dead in the blast").
_ADJECTIVE_TRIGGERS = frozenset({"dead"})
_OFFICES = frozenset({"minister", "ministers", "governor", "governors", "director", "chief",
                      "head", "commander", "coach", "manager", "official", "officials", "staff",
                      "employees", "ambassador", "mayor", "general", "president", "chairman",
                      "editor", "judge", "prosecutor", "officer", "officers"})
_PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "we", "us"})
#: Pronouns that are an argument as they stand ("she was arrested", "they killed 23 soldiers",
#: "Chávez, who died"): KAIROS marks them so; the `events` table keeps names only.
ARG_PRONOUNS = _PERSONAL_PRONOUNS | frozenset({"who", "whom", "i", "me", "you"})
#: Common nouns for groups that act: the subject of "held talks" or "launched attacks".
ACTOR_NOUNS = frozenset({
    "terrorists", "terrorist", "gunmen", "gunman", "insurgents", "insurgent", "rebels",
    "rebel", "troops", "forces", "police", "army", "military", "bomber", "bombers",
    "attackers", "attacker", "assailants", "assailant", "militants", "militant", "militia",
    "militias", "organisation", "organization", "group", "government", "authorities",
    "officials", "leadership", "prosecutors", "court", "jury", "ministry", "protesters",
    "demonstrators", "opposition", "delegation", "delegations", "sides", "parties",
    "agency", "spokesman", "spokeswoman", "spokesperson", "company", "board"})
#: Verbs whose subject comments on, suffers or watches an event named by their object: it is
#: not the event's actor ("they condemned the attack", "the city saw clashes").
_COMMENT_VERBS = frozenset({
    "condemned", "condemns", "condemn", "denounced", "denounces", "deplored", "deplores",
    "criticised", "criticized", "mourned", "mourns", "blamed", "blames", "welcomed",
    "welcomes", "praised", "investigated", "investigates", "reported", "reports", "witnessed",
    "saw", "sees", "seen", "suffered", "suffers", "faced", "faces", "face", "survived",
    "survives", "feared", "fears", "denied", "denies", "described", "describes", "recalled",
    "remembered", "marked", "marks", "commemorated", "covered", "watched", "followed",
    "opposed", "opposes", "protested", "boycotted", "boycotting", "monitored", "observed"})
#: Nouns of events done to someone, whose possessive is that someone ("her trial").
_UNDERGONE_NOUNS = frozenset({"trial", "trials", "arrest", "arrests", "detention", "release",
                              "death", "killing", "murder", "assassination", "conviction",
                              "indictment", "sentence", "injuries", "injury", "slaying"})
_ELECTIONS = frozenset({"election", "elections", "by-election", "runoff", "referendum"})
#: Types whose victims may be counted with a bare number ("wounded 71", "496 had been killed").
_COUNTED_TYPES = frozenset({"killing", "injury", "arrest", "attack", "bombing", "release"})
#: Types whose "with" phrase is the charge ("charged with treason").
_CHARGE_TYPES = frozenset({"trial", "arrest", "investigation"})
#: Common nouns for people, from general usage (a released, arrested or killed "who").
PEOPLE_NOUNS = frozenset({
    "prisoner", "prisoners", "hostage", "hostages", "detainee", "detainees", "captive",
    "captives", "people", "person", "persons", "man", "men", "woman", "women", "child",
    "children", "journalist", "journalists", "activist", "activists", "soldier", "soldiers",
    "civilian", "civilians", "suspect", "suspects", "protester", "protesters", "student",
    "students", "opposition", "leader", "leaders", "member", "members", "citizen", "citizens",
    "national", "nationals", "worker", "workers", "fighters", "militants", "who"})
#: Verbs whose negation says an event with the trigger noun as subject did not happen ("the
#: talks did not take place"); other verbs say something else of it ("the elections did not
#: offer voters a choice").
_HAPPEN_VERBS = frozenset({"take", "took", "taken", "happen", "happened", "occur", "occurred",
                           "begin", "began", "begun", "start", "started", "go", "went", "held",
                           "resume", "resumed", "proceed", "proceeded"})
_SENTENCE_ENDS = frozenset({".", "!", "?"})

#: Noun triggers whose verb reading names the same event ("they attacked", "protesters rally").
_VERB_SENSES = frozenset({
    "attack", "attacks", "assault", "assaults", "ambush", "raid", "raids", "murder", "murders",
    "protest", "protests", "rally", "rallies", "riot", "riots", "clash", "clashes", "visit",
    "visits", "appeal", "appeals", "demands", "arrest", "arrests", "release", "damage",
    "shelling", "bombing", "killing", "shooting", "fighting", "flooding", "slaying", "meet",
    "massacre", "bombings", "killings", "shootings", "meeting", "warning", "demonstrating"})
#: Nouns that a trigger noun modifies while still naming its event: "the bombing suspect", "the
#: assassination attempt", "the death toll", "shooting incidents", "the explosion site".
_EVENT_HEADS = frozenset({"attempt", "attempts", "incident", "incidents", "outrage", "outrages",
                          "toll", "area", "site", "scene", "victim", "victims", "survivors",
                          "aftermath", "suspect", "suspects", "anniversary", "plot", "plots",
                          "spree", "wave", "series", "investigation", "probe", "inquiry",
                          "casualties", "day", "results", "result", "outcome", "hearing"})
#: Objects that make "dismissed" a dismissal: people and offices ("dismissed the minister").
_DISMISS_VERBS = frozenset({"dismissed", "sacked", "ousted"})
#: What can collapse in a disaster: structures ("the building collapsed"), not talks or a truce.
_STRUCTURES = frozenset({"roof", "ceiling", "wall", "walls", "tower", "dam", "tunnel", "house",
                         "houses", "buildings", "block", "floor", "floors", "structure",
                         "stand", "crane", "scaffolding", "balcony", "stage"})
#: Weapons and devices: the subject of "killed" or "injured" that is the means, not the actor.
DEVICES = frozenset({"bomb", "bombs", "device", "devices", "ied", "ieds", "explosion",
                     "explosions", "blast", "blasts", "mine", "mines", "grenade", "grenades",
                     "missile", "missiles", "rocket", "rockets", "shell", "shells", "mortar",
                     "explosive", "explosives", "car", "vehicle", "truck", "fire", "attack",
                     "attacks", "bombing", "bombings", "strike", "strikes", "airstrike",
                     "airstrikes", "shelling", "gunfire", "drone", "drones", "bullet", "bullets",
                     "landmine", "shrapnel", "shot", "shots", "knife", "knives", "gun", "guns",
                     "rifle", "rifles", "van", "vans"})
_TRIGGERS = trigger_index()

_NOUN_POS = frozenset({"NOUN", "PROPN"})
_VERB_POS = frozenset({"VERB", "AUX"})


@dataclass(slots=True)
class Participant:
    """An argument of an event: a span of the item Doc (token offsets) and its role."""

    role: str  # "actor", "target" or "place"
    start: int
    end: int


@dataclass(slots=True)
class Reading:
    """What the parse says about one trigger candidate."""

    keep: bool = True
    modality: str = "asserted"
    participants: list[Participant] = field(default_factory=list)
    date_token: int | None = None  # a token of the DATE entity the trigger governs, if any


_parsers: dict[str, Language] = {}
_lock = threading.Lock()


def load_parser(name: str) -> Language:
    """The tagger and dependency parser of the spaCy pipeline `name` (loaded once per process).

    Raises:
        ModelError: [E140] when `name` cannot be loaded or has no parser.
    """
    with _lock:
        if name not in _parsers:
            try:
                nlp = spacy.load(name, exclude=["ner", "lemmatizer", "senter"])
            except (OSError, ImportError, ValueError) as err:
                raise ModelError(Errors.E140.format(name=name, reason=err)) from err
            if "parser" not in nlp.pipe_names:
                raise ModelError(Errors.E140.format(
                    name=name, reason=f"it has no 'parser' (it has {nlp.pipe_names})"))
            _parsers[name] = nlp
        return _parsers[name]


def sentence_window(doc: Doc, i: int) -> tuple[int, int]:
    """Token range of the sentence around token `i`, by punctuation, capped in length.

    Examples:
        >>> doc = spacy.blank("en")("It rained. Troops attacked the town. Nobody knew.")
        >>> doc[slice(*sentence_window(doc, 4))].text
        'Troops attacked the town.'
    """
    # More room before the trigger than after: a subject with its apposition ("X, leader of Y,
    # and a former minister, called for") stands before the verb; objects and places are short.
    reach_before = MAX_SENTENCE_TOKENS * 5 // 8
    reach_after = MAX_SENTENCE_TOKENS - reach_before
    start = i
    while start > 0 and i - start < reach_before:
        before = doc[start - 1]
        if before.text in _SENTENCE_ENDS or "\n" in before.whitespace_ + before.text:
            break
        start -= 1
    end = i + 1
    while end < len(doc) and end - i < reach_after:
        token = doc[end]
        end += 1
        if token.text in _SENTENCE_ENDS or "\n" in token.whitespace_:
            break
    return start, end


def parse_windows(parser: Language, docs: Sequence[Doc],
                  windows: Sequence[tuple[int, tuple[int, int]]]) -> list[Doc]:
    """Parse token windows (Doc index, (start, end)) as Docs of their own: same words, spaces."""
    sentences = [Doc(parser.vocab, words=[t.text for t in docs[n][a:b]],
                     spaces=[bool(t.whitespace_) for t in docs[n][a:b]])
                 for n, (a, b) in windows]
    return list(parser.pipe(sentences, batch_size=256))


def read(parsed: Doc, offset: int, j: int, doc: Doc, event_type: str) -> Reading:
    """Read the parse of the trigger at `parsed[j]` (token `offset + j` of the item `doc`)."""
    token = parsed[j]
    reading = Reading()
    # A word both noun and verb ("killing", "attacks") keeps its event either way; an adjective,
    # adverb or preposition reading ("offensive remarks") is no event.
    as_verb = token.pos_ in _VERB_POS or token.tag_ in ("VBN", "VBD", "VBG")
    if not as_verb and token.pos_ not in _NOUN_POS and token.lower_ not in _ADJECTIVE_TRIGGERS:
        reading.keep = False
        return reading
    is_noun = _TRIGGERS.get(token.lower_, ("", False))[1]
    if is_noun and token.pos_ == "VERB" and token.lower_ not in _VERB_SENSES:
        reading.keep = False  # "he talks", "hearing bangs", "to combat the symptoms"
        return reading
    if is_noun and token.dep_ == "compound" and token.head.pos_ in _NOUN_POS and (
            token.head.lower_ not in _EVENT_HEADS):
        reading.keep = False  # "war games", "protest movement", "the concert bombing"
        return reading
    if token.lower_ in _DISMISS_VERBS and not any(
            c.dep_ in ("dobj", "nsubjpass") and _is_person(c, doc[offset + c.i])
            for c in token.children):
        reading.keep = False  # "dismissed the rumours", "courts dismissed the cases"
        return reading
    if token.lower_ in ("collapsed", "collapse", "collapses") and not any(
            c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in _STRUCTURES or c.lower_ in
                                                  PLACE_NOUNS)
            for c in token.children):
        reading.keep = False  # "the ceasefire collapsed", "talks collapsed"
        return reading
    if token.lower_ in _PERSON_OBJECT and not any(
            c.dep_ == "dobj" and doc[offset + c.i].ent_type_ in _HOST_LABELS
            for c in token.children):
        reading.keep = False
        return reading
    if token.lower_ in _RELEASE and not any(
            c.dep_ in ("dobj", "nsubjpass") and (doc[offset + c.i].ent_type_ == "PERSON"
                                                 or c.lower_ in PEOPLE_NOUNS
                                                 or c.lower_ in _PERSONAL_PRONOUNS)
            for c in token.children):
        reading.keep = False  # "released photos", "freed funds": not people set free
        return reading
    reading.modality = _modality(token)
    if token.lower_ in _ADJECTIVE_TRIGGERS and token.head.pos_ in _VERB_POS and not as_verb:
        actors, targets, places = _adjective_arguments(token)
    elif as_verb:
        actors, targets, places = _verb_arguments(token)
    else:
        actors, targets, places = _noun_arguments(token, event_type in HARM_TYPES, doc, offset)
    name = _name_before(doc, offset + j) if is_noun else None
    if name is not None and name >= offset and parsed[name - offset] not in actors:
        # "IS attacks", "Taliban attack", "Russian airstrikes": a name or nationality just
        # before the noun is who did it, whatever the small parser made of it
        actors.append(parsed[name - offset])
    # A weapon is the means, not who used it ("the IED killed", "killed by a bomb").
    actors = [a for a in actors if a.lower_ not in DEVICES]
    if event_type in _CHARGE_TYPES:
        # "charged with treason": what "with" names is the charge, not someone charged
        targets = [t for t in targets if not (t.dep_ == "pobj" and t.head.lower_ == "with")]
    if event_type not in HARM_TYPES and event_type not in ("damage", "killing", "injury"):
        # "ordered the departure", "requested delivery": a request, meeting or statement is
        # addressed to someone; a thing is its topic
        targets = [t for t in targets if _can_participate(t, doc[offset + t.i])]
    for role, tokens in (("actor", actors), ("target", targets), ("place", places)):
        seen: set[tuple[int, int]] = set()
        for arg in tokens:
            span = _argument_span(doc, offset + arg.i, arg, place=role == "place",
                                  count=role == "target" and event_type in _COUNTED_TYPES)
            if span is not None and span not in seen and not (span[0] <= offset + j < span[1]):
                seen.add(span)
                reading.participants.append(Participant(role, *span))
                larger = _place_apposition(doc, span[1]) if role == "place" else None
                if larger is not None and larger not in seen:
                    seen.add(larger)  # "in Helmand Province, Afghanistan": both are its place
                    reading.participants.append(Participant(role, *larger))
    if not any(p.role == "place" for p in reading.participants):
        # The small parser often hangs "in Z" on another word of the clause; the sentence's
        # place phrase nearest the trigger is the best guess at where it happened.
        nearest = _nearest_place(parsed, offset, j, doc)
        if nearest is not None:
            reading.participants.append(Participant("place", *nearest))
    reading.date_token = _date_token(token, doc, offset)
    return reading


def _acronym(doc: Doc, i: int) -> bool:
    """An upper-case word among words that are not ("IS attacks"; not a headline in capitals)."""
    token = doc[i]
    if not (token.is_upper and token.is_alpha and len(token) >= 2):
        return False
    neighbours = [doc[j] for j in (i - 1, i + 1) if 0 <= j < len(doc) and doc[j].is_alpha]
    return bool(neighbours) and not any(t.is_upper for t in neighbours)


def _name_before(doc: Doc, i: int) -> int | None:
    """The last token of an organisation, group or nationality name ending right before `i`."""
    if i == 0:
        return None
    before = doc[i - 1]
    if before.ent_type_ in ("ORG", "NORP") and not (i < len(doc) and doc[i].ent_iob_ == "I"):
        return i - 1
    if not before.ent_type_ and _acronym(doc, i - 1) and before.lower_ not in DEVICES:
        return i - 1  # an acronym the NER left untagged: "IS attacks", "PKK attacks"
    return None


def _adjective_arguments(token: Token) -> tuple[list[Token], list[Token], list[Token]]:
    """"nine people were dead": the subject died; "shot dead by police": the verb's arguments."""
    head = token.head
    if head.lower_ in ("was", "were", "is", "are", "be", "been", "being"):
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return [], _with_conjuncts(subjects), _with_conjuncts(_prep_objects(head, _PLACE_PREPS))
    return _verb_arguments(head)


def _can_participate(token: Token, item_token: Token) -> bool:
    """A name, a pronoun for people, or a noun for people or a body of them."""
    return bool(item_token.ent_type_ in PARTICIPANT_LABELS or token.lower_ in ARG_PRONOUNS
                or token.lower_ in PEOPLE_NOUNS or token.lower_ in _OFFICES
                or token.lower_ in ACTOR_NOUNS)


def _is_person(token: Token, item_token: Token) -> bool:
    """A person or an office holder: a PERSON entity, a personal pronoun or a people noun."""
    return (item_token.ent_type_ == "PERSON" or token.lower_ in _PERSONAL_PRONOUNS
            or token.lower_ in PEOPLE_NOUNS or token.lower_ in _OFFICES)


def _nearest_place(parsed: Doc, offset: int, j: int, doc: Doc) -> tuple[int, int] | None:
    """The place phrase ("in Kabul", "at the bus station") of the trigger's clause nearest it."""
    best: tuple[int, tuple[int, int]] | None = None
    trigger = parsed[j]
    # the trigger's clause: its verb (or itself) and that verb's heads up to the sentence root
    clause = {trigger.i, *(a.i for a in trigger.ancestors)}
    for prep in parsed:
        if prep.lower_ not in _PLACE_PREPS or prep.i == j:
            continue
        if prep.head.i not in clause and trigger not in prep.ancestors:
            continue  # "in Z" of another clause is where something else happened
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            span = _argument_span(doc, offset + obj.i, obj, place=True)
            if span is not None and (best is None or abs(obj.i - j) < best[0]):
                best = (abs(obj.i - j), span)
    return best[1] if best is not None else None


def _modality(token: Token) -> str:
    # The trigger's own auxiliaries, and for a noun those of the verb it depends on ("did not
    # hold talks", "will hold elections"), and its modifiers ("the upcoming elections").
    heads = [token]
    if (token.pos_ in _NOUN_POS and token.dep_ in ("dobj", "nsubjpass")) or (
            token.dep_ == "nsubj" and token.head.lower_ in _HAPPEN_VERBS):
        heads.append(token.head)
    for head in heads:
        words = {c.lower_ for c in head.children if c.dep_ in ("neg", "aux", "auxpass", "mark",
                                                               "det", "amod", "advmod")}
        if words & _NEGATIONS:
            return "negated"
        if words & _FUTURE or words & _FUTURE_MODIFIERS:
            return "future"
        if words & _HYPOTHETICAL:
            return "hypothetical"
        # "is to be held", "plans to hold", "is expected to meet"
        if head.dep_ == "xcomp" and head.head.lower_ in _INTENT_VERBS:
            return "future"
        if head.dep_ == "xcomp" and head.head.lower_ in ("plans", "plan", "planned", "expected",
                                                          "scheduled", "due", "set", "going",
                                                          "intends", "wants", "hopes", "is"):
            return "future"
    # Inside a condition: "if the Armenian authorities have a desire for direct negotiations"
    # (the mark "if" hangs on the verb of the trigger's own clause; "to resolve the crisis"
    # inside that condition is a clause of its own, whose crisis is no less real).
    for ancestor in token.ancestors:
        if ancestor.pos_ in _VERB_POS:
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in ancestor.children):
                return "hypothetical"
            break
    return "asserted"


def _on_places(token: Token) -> list[Token]:
    """"on a busy street", "on the border": "on" names a place only with a place noun."""
    return [t for t in _prep_objects(token, frozenset({"on"})) if t.lower_ in PLACE_NOUNS]


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(t for t in token.conjuncts if t.i > token.i)
    return out


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    return [obj for prep in token.children if prep.dep_ == "prep" and prep.lower_ in preps
            for obj in prep.children if obj.dep_ == "pobj"]


def _verb_arguments(token: Token) -> tuple[list[Token], list[Token], list[Token]]:
    actors: list[Token] = []
    targets: list[Token] = []
    for child in token.children:
        if child.dep_ in ("nsubj", "csubj"):
            # "X died": X is the victim; "the bomb exploded": a device, not an attacker
            if token.lower_ in _UNDERGOER_SUBJECT:
                targets.append(child)
            elif token.lower_ not in _DEVICE_SUBJECT and child.lower_ not in DEVICES:
                actors.append(child)
        elif child.dep_ in ("nsubjpass", "dobj"):
            targets.append(child)
        elif child.dep_ == "agent":
            actors.extend(c for c in child.children if c.dep_ == "pobj")
    if not actors and not any(c.dep_ == "nsubjpass" for c in token.children):
        # A conjoined verb shares the first verb's subject ("X met Y and signed ..."); a
        # participle modifying a noun takes the noun ("people killed in ..." -> target).
        if token.dep_ == "conj" and token.head.pos_ in _VERB_POS:
            # "X met Y and signed", "the leadership was taken aback and issued a statement"
            subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
            passive = [c for c in token.head.children if c.dep_ == "nsubjpass"]
            if token.tag_ == "VBN" and passive:
                targets.extend(passive)  # "she was arrested and charged": charged too
            else:
                actors.extend(subjects or passive)
        elif token.dep_ == "acl" and token.tag_ == "VBN":
            targets.append(token.head)
        elif token.dep_ == "relcl":
            # "Chávez, who died in 2013": the one who died; "the group that attacked": who did
            # (a reduced passive, "the soldiers killed in the attack", is done to the noun)
            undergoer = token.lower_ in _UNDERGOER_SUBJECT or (
                token.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "dobj") for c in
                                                token.children))
            (targets if undergoer else actors).append(token.head)
        elif token.dep_ in ("xcomp", "advcl"):
            actors.extend(c for c in token.head.children if c.dep_ == "nsubj")
    actors += _prep_objects(token, _BOTH_PREPS)
    targets += _prep_objects(token, frozenset({"with", "against"}))
    places = _prep_objects(token, _PLACE_PREPS) + _on_places(token)
    return _with_conjuncts(actors), _with_conjuncts(targets), _with_conjuncts(places)


def _noun_arguments(token: Token, harm: bool, doc: Doc, offset: int
                    ) -> tuple[list[Token], list[Token], list[Token]]:
    actors: list[Token] = []
    targets: list[Token] = []
    named_places: list[Token] = []
    for child in token.children:
        # A capitalised modifier is a name or a nationality ("Taliban attack", "Russian
        # airstrikes"); a lower-case one is a kind ("suicide bombing").
        if child.dep_ in ("compound", "nmod") and doc[offset + child.i].ent_type_ in (
                "GPE", "LOC", "FAC"):
            named_places.append(child)  # "the Manchester bombing": where, not who
            continue
        if child.dep_ == "poss" and token.lower_ in _UNDERGONE_NOUNS:
            targets.append(child)  # "her trial", "his arrest": the one tried or arrested
        elif child.dep_ == "poss" or (child.dep_ in ("compound", "amod", "nmod") and (
                child.pos_ == "PROPN" or (child.is_title and child.i > 0) or (
                    child.is_upper and not token.is_upper))):
            # (a capital at the sentence start, "Pay talks", or in a headline in capitals,
            # "AVIATION RECESSES MEETING", says nothing)
            actors.append(child)
    by = _prep_objects(token, frozenset({"by"}))
    actors += by + _prep_objects(token, _BOTH_PREPS)
    harmed = _prep_objects(token, frozenset({"with"}) | (_HARM_PREPS if harm else frozenset()))
    # "the bombing of the city", "the shelling of Kharkiv": a place attacked is where it was
    of_places = [t for t in harmed if t.head.lower_ == "of" and (
        doc[offset + t.i].ent_type_ in ("GPE", "LOC") or t.lower_ in PLACE_NOUNS)]
    targets += [t for t in harmed if t not in of_places]
    if not harm:
        actors += _prep_objects(token, frozenset({"of"}))
    places = _prep_objects(token, _PLACE_PREPS | (frozenset() if harm else frozenset({"to"})))
    places += of_places + _on_places(token)
    if token.lower_ in _ELECTIONS:
        # "the elections for the Milli Mejlis", "elections to the State Duma": what is elected
        targets += [t for t in _prep_objects(token, frozenset({"for", "to"}))
                    if doc[offset + t.i].ent_type_ in ("ORG", "GPE", "NORP")]
    if not harm:
        # "an interview to the BBC", "a visit to the president": addressed to someone
        targets += [t for t in _prep_objects(token, frozenset({"to"}))
                    if doc[offset + t.i].ent_type_ in ("PERSON", "ORG", "NORP")]
    head = token.head
    inherited: list[Token] = []
    if token.dep_ in ("dobj", "nsubjpass") and head.pos_ in _VERB_POS:
        # "X held talks with Y in Z", "X carried out an attack on Y"
        # (names only: "the elections were accompanied by violations" has no actor)
        # (not through a verb that comments on or undergoes it: "they deplored the slaughter",
        # "Dagestan sees frequent attacks")
        if head.lower_ not in _COMMENT_VERBS:
            inherited += [c for c in head.children if c.dep_ == "nsubj"]
            inherited += [o for a in head.children if a.dep_ == "agent" for o in a.children
                          if o.dep_ == "pobj"]
        actors += [t for t in inherited if t.pos_ == "PROPN" or t.is_title
                   or t.lower_ in ACTOR_NOUNS or t.lower_ in ARG_PRONOUNS]
        targets += _prep_objects(head, frozenset({"with", "on", "against"}))
        places += _prep_objects(head, _PLACE_PREPS)
    elif token.dep_ == "pobj" and head.lower_ == "for" and head.head.lower_ in (
            "responsibility", "responsible", "blame", "credit"):
        # "X claimed responsibility for the attack", "X was responsible for the bombings"
        claim = head.head
        verb = claim.head if claim.dep_ in ("dobj", "acomp", "attr") else claim
        if verb.dep_ == "xcomp" and not any(c.dep_ == "nsubj" for c in verb.children):
            verb = verb.head  # "the organisation had to admit responsibility for attacks"
        actors += [c for c in verb.children if c.dep_ == "nsubj"]
    elif token.dep_ == "nsubj" and head.pos_ in _VERB_POS:
        # "The explosion killed 12 people in Kabul", "talks took place in Baku"
        if head.lower_ in _HARM_VERBS:
            targets += [c for c in head.children if c.dep_ == "dobj"]
        places += _prep_objects(head, _PLACE_PREPS)
    places += named_places
    return _with_conjuncts(actors), _with_conjuncts(targets), _with_conjuncts(places)


def _argument_span(doc: Doc, i: int, token: Token, *, place: bool, count: bool = False
                   ) -> tuple[int, int] | None:
    """The item-Doc span an argument token stands for: its entity, or its noun phrase.

    A pronoun for people stands for itself ("she was arrested"); with `count`, so does a bare
    number ("injured 71"), the count of the victims.
    """
    item_token = doc[i]
    if item_token.ent_type_:
        label = item_token.ent_type_
        if count and label == "CARDINAL" and token.dep_ in ("dobj", "nsubjpass", "nsubj"):
            ent = _entity_at(doc, i)
            return (ent.start, ent.end) if ent is not None else (i, i + 1)
        if label not in (PLACE_LABELS if place else PARTICIPANT_LABELS):
            return None
        ent = _entity_at(doc, i)
        return (ent.start, ent.end) if ent is not None else None
    if not place and token.lower_ in ARG_PRONOUNS:
        return i, i + 1
    if not place and _acronym(doc, i) and token.lower_ not in DEVICES:
        return i, i + 1  # an acronym the NER left untagged ("IS", "PKK")
    if count and token.pos_ == "NUM" and token.dep_ in ("dobj", "nsubjpass", "nsubj"):
        return i, i + 1
    if token.pos_ in _PRONOUNS or token.pos_ not in _NOUN_POS or (
            place and token.lower_ not in PLACE_NOUNS):
        return None
    if place:
        # "the city of Lyon", "the village of Kizlyar": the name is the place
        nxt = i + 1
        if nxt + 1 < len(doc) and doc[nxt].lower_ == "of" and doc[nxt + 1].ent_type_ in (
                PLACE_LABELS):
            ent = _entity_at(doc, nxt + 1)
            if ent is not None:
                left = min([c.i for c in token.lefts if c.dep_ in ("compound", "amod")] or
                           [token.i])
                return i - (token.i - left), ent.end
    # A common noun ("12 soldiers", "the protesters"): its left modifiers in the Doc.
    left = min([c.i for c in token.lefts if c.dep_ in ("compound", "amod", "nummod")] or
               [token.i])
    return i - (token.i - left), i + 1


def _place_apposition(doc: Doc, end: int) -> tuple[int, int] | None:
    """The larger place after a place's comma or "in": "Helmand Province, Afghanistan", "the
    Christmas market in Strasbourg"."""
    if end + 1 < len(doc) and doc[end].lower_ in (",", "in") and doc[end + 1].ent_iob_ == "B" and (
            doc[end + 1].ent_type_ in ("GPE", "LOC")):
        after = _entity_at(doc, end + 1)
        if after is not None:
            return after.start, after.end
    return None


def _entity_at(doc: Doc, i: int) -> Span | None:
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    for ent in doc[start:end].ents:
        if ent.start <= i < ent.end:
            return ent
    return None


def _date_token(token: Token, doc: Doc, offset: int) -> int | None:
    """A DATE entity token the trigger (or its verb) governs: "met on Monday", "polls on 1 May"."""
    heads = [token, token.head] if token.pos_ in _NOUN_POS else [token]
    for head in heads:
        for sub in head.subtree:
            if doc[offset + sub.i].ent_type_ == "DATE" and (
                    sub.head == head or sub.head.head == head):
                return offset + sub.i
    return None
