"""The event vocabulary: types, their CAMEO root codes, the KAIROS types they cover, triggers.

Each type names what an analyst counts ("meetings", "arrests") and maps onto the two coding
schemes news-event data uses: the CAMEO root code (the first two digits of a GDELT/Phoenix event
code; None where CAMEO codes no such event) and the KAIROS types of the WikiEvents annotation
(the map `benchmarks/evaluate_events.py` scores against; empty where no KAIROS type fits).

Why the map is as it is: KAIROS splits communication by its mode (Broadcast one-to-many, Meet
face to face, Correspondence at a distance, Unspecified), which a reported "X said" or "talks"
does not tell, so a statement covers all of Contact.Contact and a meeting the face-to-face and
unspecified ones (CAMEO 04 consultations include telephone calls). "violation" is the report of
an irregularity or a crime -- "violations occurred at polling station 13", "electoral fraud",
"war crimes" are accusations, CAMEO 112 -- and covers KAIROS GenericCrime. "killing" covers
Life.Die although a natural death is no killing (those mentions are dropped, see
`newsnlp.events.triggers`). Left out, with reasons: Movement.Transportation beyond travel verbs
(any "drove", "came", "moved" would be an event), Transaction.ExchangeBuySell ("sold", "bought" are
business news, not political events), Medical, Cognitive and Control types (no analyst's
count).

The trigger words were written by hand from general English usage, with verb forms listed out
because the fast pipeline has no lemmatizer; no word list is learned from research-only data.

| type | CAMEO root | KAIROS types (WikiEvents) |
|---|---|---|
| statement | 01 Make public statement | Contact.Contact.* (all four modes) |
| appeal | 02 Appeal (10 Demand) | Contact.RequestCommand.* |
| meeting | 04 Consult | Contact.Contact.Meet, Contact.Contact.Unspecified |
| visit | 04 Consult (042/043 visits) | Movement.Transportation.Unspecified |
| agreement | 05 Diplomatic cooperation (057 sign agreement) | - |
| aid | 07 Provide aid | Transaction.Donation |
| release | 08 Yield (0841 release persons) | Justice.ReleaseParole |
| investigation | 09 Investigate | Justice.InvestigateCrime |
| threat | 13 Threaten | Contact.ThreatenCoerce.* |
| protest | 14 Protest | Conflict.Demonstrate.* |
| sanction | 16 Reduce relations (163 embargo, sanctions) | - |
| arrest | 17 Coerce (173 arrest, detain) | Justice.ArrestJailDetain |
| attack | 18 Assault | Conflict.Attack.Unspecified |
| bombing | 18 Assault (183 bombing) | Conflict.Attack.DetonateExplode |
| killing | 18 Assault (1823 kill by physical assault) | Life.Die |
| injury | 18 Assault | Life.Injure |
| fighting | 19 Fight | Conflict.Attack.Unspecified |
| election | - | - |
| violation | 11 Disapprove (112 accuse, of crime or abuses) | GenericCrime.GenericCrime |
| trial | - | Justice.TrialHearing, ChargeIndict, Convict, Sentence, Acquit |
| appointment | - | Personnel.StartPosition |
| resignation | - | Personnel.EndPosition |
| disaster | - | Disaster.FireExplosion, Crash, DiseaseOutbreak |
| damage | - | ArtifactExistence.DamageDestroyDisableDismantle.* |
| sports | - | - |
| cultural | - | - |
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    """One type of the vocabulary.

    Attributes:
        name: The type, as the `event_type` column holds it.
        cameo: CAMEO root code ("04"), or None where CAMEO codes no such event.
        kairos: The KAIROS types (WikiEvents) this type covers.
        nouns: Trigger nouns; a noun trigger takes its modifiers into its mention.
        verbs: Trigger verb forms.
    """

    name: str
    cameo: str | None
    kairos: tuple[str, ...]
    nouns: frozenset[str]
    verbs: frozenset[str]


def _type(name: str, cameo: str | None, kairos: str, nouns: str, verbs: str) -> EventType:
    # Space-separated word lists keep the table below readable.
    return EventType(name, cameo, tuple(kairos.split()), frozenset(nouns.split()),
                     frozenset(verbs.split()))


#: The vocabulary, in the order `event_type` documents it. A word belongs to one type only
#: (the first that lists it).
EVENT_TYPES: tuple[EventType, ...] = (
    _type("election", None, "",
          "election elections referendum by-election runoff primaries plebiscite",
          "elected re-elected"),
    _type("meeting", "04", "Contact.Contact.Meet Contact.Contact.Unspecified",
          "meeting meetings talks negotiations consultations summit summits",
          "met meet meets negotiated received receives hosted hosts"),
    _type("visit", "04", "Movement.Transportation.Unspecified",
          "visit visits trip",
          "visited visiting arrived arrives traveled travelled flew"),
    _type("agreement", "05", "",
          "agreement agreements treaty accord deal memorandum ceasefire truce pact",
          "signed signs ratified"),
    _type("statement", "01", "Contact.Contact.Broadcast Contact.Contact.Unspecified "
          "Contact.Contact.Meet Contact.Contact.Correspondence",
          "statement statements announcement declaration speech interview",
          "announced"),
    _type("appeal", "02", "Contact.RequestCommand.Unspecified Contact.RequestCommand.Broadcast "
          "Contact.RequestCommand.Meet",
          "appeal appeals demands",
          "urged urges appealed demanded demands requested ordered instructed"),
    _type("threat", "13", "Contact.ThreatenCoerce.Unspecified Contact.ThreatenCoerce.Broadcast",
          "threat threats warning warnings ultimatum",
          "threatened threatens threatening warned warns"),
    _type("protest", "14", "Conflict.Demonstrate.Unspecified "
          "Conflict.Demonstrate.DemonstrateWithViolence",
          "protest protests demonstration demonstrations rally rallies riot riots strike strikes "
          "sit-in",
          "protested protesting demonstrated marched rallied rioted"),
    _type("bombing", "18", "Conflict.Attack.DetonateExplode",
          "bombing bombings explosion explosions blast blasts detonation",
          "exploded explode explodes detonated detonate bombed"),
    _type("attack", "18", "Conflict.Attack.Unspecified",
          "attack attacks assault assaults airstrike airstrikes shooting shootings ambush "
          "massacre assassination assassinations shelling raid raids gunfire gunfight "
          "gunbattle",
          "attacked attacking assaulted shelled stabbed ambushed raided assassinated opened "
          "shot"),
    _type("fighting", "19", "Conflict.Attack.Unspecified",
          "war fighting clashes clash hostilities battle battles offensive combat insurgency "
          "conflict",
          "fought clashed battled"),
    _type("killing", "18", "Life.Die.Unspecified",
          "killing killings death deaths murder murders slaying dead slaughter",
          "killed kill kills died die dies murdered slain"),
    _type("injury", "18", "Life.Injure.Unspecified",
          "injuries injury",
          "injured injuring wounded wounding maimed maiming mutilated"),
    _type("arrest", "17", "Justice.ArrestJailDetain.Unspecified",
          "arrest arrests detention",
          "arrested detained jailed imprisoned"),
    _type("trial", None, "Justice.TrialHearing.Unspecified Justice.ChargeIndict.Unspecified "
          "Justice.Convict.Unspecified Justice.Sentence.Unspecified Justice.Acquit.Unspecified",
          "trial trials hearing verdict indictment conviction sentence sentences",
          "sentenced convicted charged indicted acquitted testified"),
    _type("investigation", "09", "Justice.InvestigateCrime.Unspecified",
          "investigation investigations probe inquiry",
          "investigating investigated"),
    _type("release", "08", "Justice.ReleaseParole.Unspecified",
          "",
          "released freed"),
    _type("aid", "07", "Transaction.Donation.Unspecified",
          "aid donation donations",
          "donated"),
    _type("sanction", "16", "",
          "sanctions embargo",
          "sanctioned"),
    _type("violation", "11", "GenericCrime.GenericCrime.GenericCrime",
          "violation violations irregularity irregularities fraud crime crimes treason "
          "misconduct ballot-stuffing",
          ""),
    _type("appointment", None, "Personnel.StartPosition.Unspecified",
          "appointment inauguration",
          "appointed"),
    _type("resignation", None, "Personnel.EndPosition.Unspecified",
          "resignation dismissal",
          "resigned dismissed sacked ousted"),
    _type("disaster", None, "Disaster.FireExplosion.Unspecified Disaster.Crash.Unspecified "
          "Disaster.DiseaseOutbreak.Unspecified",
          "earthquake flood floods flooding hurricane typhoon storm wildfire wildfires fire crash "
          "outbreak epidemic pandemic tsunami landslide drought eruption derailment",
          "crashed erupted collapsed"),
    _type("damage", None, "ArtifactExistence.DamageDestroyDisableDismantle.Damage "
          "ArtifactExistence.DamageDestroyDisableDismantle.Destroy "
          "ArtifactExistence.DamageDestroyDisableDismantle.Unspecified",
          "damage destruction",
          "damaged destroyed destroying"),
    _type("sports", None, "",
          "match tournament championship championships olympics cup marathon", ""),
    _type("cultural", None, "",
          "festival exhibition concert premiere biennale ceremony awards", ""),
)

#: Type name -> its `EventType`.
BY_NAME: dict[str, EventType] = {t.name: t for t in EVENT_TYPES}

#: Type -> CAMEO root code (None: CAMEO codes no such event).
CAMEO: dict[str, str | None] = {t.name: t.cameo for t in EVENT_TYPES}

#: Type -> the first KAIROS type it covers (None: none fits); `EventType.kairos` has them all.
KAIROS: dict[str, str | None] = {t.name: (t.kairos[0] if t.kairos else None)
                                 for t in EVENT_TYPES}


def trigger_index() -> dict[str, tuple[str, bool]]:
    """Lower-case word -> (event type, is a noun), the first type listing a word winning.

    Examples:
        >>> trigger_index()["talks"], trigger_index()["arrested"]
        (('meeting', True), ('arrest', False))
    """
    index: dict[str, tuple[str, bool]] = {}
    for event_type in EVENT_TYPES:
        for word in event_type.nouns:
            index.setdefault(word, (event_type.name, True))
        for word in event_type.verbs:
            index.setdefault(word, (event_type.name, False))
    return index
