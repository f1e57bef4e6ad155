"""Events: typed event mentions with the date they refer to."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from newsnlp.entities import CAMEO, KAIROS, resolve_date
from newsnlp.entities.events import TRIGGERS, resolve_event_date
from newsnlp.errors import ModelError
from newsnlp.events.vocabulary import EVENT_TYPES
from newsnlp.nlp import load_pipeline


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_events", config={"parser": ""})  # lexical triggers only
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The early parliamentary elections were held",
         [("The early parliamentary elections", "election")]),
        ("They held direct negotiations", [("direct negotiations", "meeting")]),
        ("A car bombing and protests followed",
         [("A car bombing", "bombing"), ("protests", "protest")]),
        ("Nothing happened", []),
    ],
)
def test_events_triggers_give_typed_spans(
    blank: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    doc = blank(text)
    assert [(s.text, s._.event_type) for s in doc.spans["events"]] == expected


def test_events_date_is_resolved_against_the_published_date(blank: Language) -> None:
    doc = blank.make_doc("The elections on September 1 were unfair")
    doc.ents = [Span(doc, 3, 5, "DATE")]
    doc._.published = datetime(2024, 9, 2, 16, 5)
    event = blank.get_pipe("newsnlp_events")(doc).spans["events"][0]
    assert (event.text, event._.event_date) == ("The elections on September 1", date(2024, 9, 1))


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Monday", date(2024, 9, 4), date(2024, 9, 2)),
        ("yesterday", date(2024, 9, 4), date(2024, 9, 3)),
        ("September 1", date(2024, 9, 2), date(2024, 9, 1)),
        ("soon", date(2024, 9, 2), None),
    ],
)
def test_events_resolve_date(text: str, published: date, expected: date | None) -> None:
    assert resolve_date(text, published) == expected


def test_events_every_type_has_its_mappings() -> None:
    assert set(TRIGGERS) == set(KAIROS) == set(CAMEO)


def test_events_every_word_triggers_one_type_and_cameo_codes_are_roots() -> None:
    seen: dict[str, str] = {}
    for event_type in EVENT_TYPES:
        assert event_type.cameo is None or (len(event_type.cameo) == 2
                                            and 1 <= int(event_type.cameo) <= 20)
        for word in event_type.nouns | event_type.verbs:
            assert seen.setdefault(word, event_type.name) == event_type.name, word


@pytest.mark.parametrize(
    "text",
    ["The Election Observation Alliance Said So", "Ministers came under fire at home",
     "It was a war of words", "He had a heart attack", "A great deal of money"],
)
def test_events_names_and_idioms_are_no_events(blank: Language, text: str) -> None:
    assert [s.text for s in blank(text).spans["events"]] == []


def test_events_trigger_inside_an_org_entity_is_no_event(blank: Language) -> None:
    doc = blank.make_doc("The Ministry of Emergency Situations reported a flood")
    doc.ents = [Span(doc, 1, 5, "ORG")]
    found = blank.get_pipe("newsnlp_events")(doc).spans["events"]
    # the ministry's report is a statement (a named speaker); "Emergency" is no disaster
    assert [(s.text, s._.event_type) for s in found] == [("reported", "statement"),
                                                         ("a flood", "disaster")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("September 1", date(2024, 9, 2), (date(2024, 9, 1), "day")),
        ("next year", date(2024, 9, 2), (date(2025, 1, 1), "year")),
        ("in March 2023", date(2024, 9, 2), (date(2023, 3, 1), "month")),
        ("last month", date(2024, 1, 10), (date(2023, 12, 1), "month")),
        ("soon", date(2024, 9, 2), (None, None)),
    ],
)
def test_events_resolve_event_date_with_precision(
    text: str, published: date, expected: tuple[date | None, str | None]
) -> None:
    assert resolve_event_date(text, published) == expected


@pytest.fixture(scope="module")
def parsed() -> Language:
    return load_pipeline()  # ner + newsnlp's components, the parser on candidate sentences


def _events(nlp: Language, text: str) -> list[tuple[str, str, set[tuple[str, str]]]]:
    doc = nlp.make_doc(text)
    doc._.published = datetime(2024, 9, 4)
    doc = nlp(doc)
    return [(m["event_type"], m["modality"], {(a["role"], a["text"]) for a in m["arguments"]})
            for m in doc._.event_mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("President Emmanuel Macron met Chancellor Olaf Scholz in Paris.",
         ("meeting", {("actor", "Emmanuel Macron"), ("target", "Olaf Scholz"),
                      ("place", "Paris")})),
        ("Police said two journalists were arrested in Istanbul.",
         ("arrest", {("target", "two journalists"), ("place", "Istanbul")})),
        ("Talks between Armenia and Azerbaijan resumed.",
         ("meeting", {("actor", "Armenia"), ("actor", "Azerbaijan")})),
    ],
)
def test_events_participants_come_from_the_parse(
    parsed: Language, text: str, expected: tuple[str, set[tuple[str, str]]]
) -> None:
    found = [(t, args) for t, _, args in _events(parsed, text) if t == expected[0]]
    assert found
    assert expected[1] <= found[0][1]


def test_events_conjoined_subjects_are_both_actors(parsed: Language) -> None:
    found = _events(parsed, "Russia and Turkey signed a trade agreement on Monday.")
    actors = {a for _, _, args in found for role, a in args if role == "actor"}
    assert {"Russia", "Turkey"} <= actors


@pytest.mark.parametrize(
    ("text", "event_type", "modality"),
    [
        ("The two leaders did not meet in Geneva.", "meeting", "negated"),
        ("Georgia will hold elections next year.", "election", "future"),
        ("Officials said protesters could attack the building.", "attack", "hypothetical"),
        ("Soldiers attacked the village.", "attack", "asserted"),
        ("If the rebels have a desire for direct negotiations, the army will listen.", "meeting",
         "hypothetical"),
    ],
)
def test_events_modality(parsed: Language, text: str, event_type: str, modality: str) -> None:
    assert (event_type, modality) in {(t, m) for t, m, _ in _events(parsed, text)}


def test_events_received_is_a_meeting_only_with_a_person(parsed: Language) -> None:
    with_person = _events(parsed, "President Ilham Aliyev received Marko Djuric in Baku.")
    with_thing = _events(parsed, "The ministry received a letter from the embassy.")
    assert [t for t, _, _ in with_person] == ["meeting"]
    assert "meeting" not in [t for t, _, _ in with_thing]


def test_events_parser_runs_only_when_a_sentence_holds_a_trigger() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_events", config={"parser": "no_such_pipeline_for_newsnlp"})
    assert len(nlp("It rained in the morning. Markets were quiet.").spans["events"]) == 0
    with pytest.raises(ModelError, match=r"\[E140\]"):
        nlp("Troops attacked the town.")


def test_events_parse_windows_map_back_to_the_item_tokens(parsed: Language) -> None:
    # Only the trigger's sentence is parsed, yet offsets are those of the whole item.
    text = "Markets were quiet. Police arrested two men in Kazan on Friday. It rained."
    mentions = parsed(text)._.event_mentions
    assert [(m["text"], m["modality"]) for m in mentions] == [("arrested", "asserted")]
    spans = {(a["role"], text[a["start"]:a["end"]]) for a in mentions[0]["arguments"]}
    assert {("target", "two men"), ("place", "Kazan")} <= spans


@pytest.mark.parametrize(
    "text",
    [
        '"We will win," Maduro said.',             # a quotation's attribution: sourcing
        "Eight people died of the disease.",       # a natural death is no killing
        "The shares staged a market rally.",       # a market's rally is no protest
        "Officials issued a travel warning.",      # an advisory is no threat
        "The alarm went off at noon.",             # "went off" is a bombing only of a device
    ],
)
def test_events_precision_rules_drop_these_mentions(parsed: Language, text: str) -> None:
    types = {t for t, _, _ in _events(parsed, text)}
    assert not types & {"statement", "killing", "protest", "threat", "bombing"}


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The opposition called for nationwide protests.", "appeal"),
        ("A suicide bomber blew himself up near the gate.", "bombing"),
        ("Two bombs went off in the market.", "bombing"),
        ("Police issued an appeal for witnesses.", "appeal"),
        ("Observers reported serious violations at polling stations.", "violation"),
    ],
)
def test_events_phrasal_and_issued_triggers(parsed: Language, text: str,
                                            event_type: str) -> None:
    assert event_type in {t for t, _, _ in _events(parsed, text)}


@pytest.mark.parametrize(
    ("text", "event_type", "kept"),
    [
        ("The minister dismissed the rumours about his health.", "resignation", False),
        ("The president dismissed the minister on Friday.", "resignation", True),
        ("The ceasefire collapsed after two days.", "disaster", False),
        ("The roof of the school collapsed on Monday.", "disaster", True),
    ],
)
def test_events_what_the_verb_is_done_to_decides(parsed: Language, text: str, event_type: str,
                                                 kept: bool) -> None:
    assert (event_type in {t for t, _, _ in _events(parsed, text)}) == kept


def test_events_noun_triggers_that_modify_a_noun_name_a_kind(parsed: Language) -> None:
    found = _events(parsed, "Emergency services now include drones in their war games.")
    assert "fighting" not in {t for t, _, _ in found}


def test_events_weapons_are_no_actors_and_pronouns_are_arguments(parsed: Language) -> None:
    [(_, _, bomb)] = [e for e in _events(parsed, "A roadside bomb killed three soldiers.")
                      if e[0] == "killing"]
    assert not {a for role, a in bomb if role == "actor"}
    assert ("target", "three soldiers") in bomb
    arrested = [args for t, _, args in _events(parsed, "In May she was arrested in Caracas.")
                if t == "arrest"]
    assert ("target", "she") in arrested[0]


def test_events_places_take_their_name_and_the_larger_place(parsed: Language) -> None:
    found = _events(parsed, "Taliban gunmen attacked a base in Helmand Province, Afghanistan.")
    places = {a for t, _, args in found for role, a in args if role == "place" and t == "attack"}
    assert {"Helmand Province", "Afghanistan"} <= places


def test_events_a_pronoun_speaker_is_the_argument_of_its_statement(parsed: Language) -> None:
    found = _events(parsed, "He said the talks in Geneva were useful.")
    assert ("statement", "asserted", {("actor", "He")}) in found
