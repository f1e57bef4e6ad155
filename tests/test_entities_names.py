"""The shape of people's names: span repair, canonical names from the text, initials, lists."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsnlp.entities.names import extend_right, is_initial, name_pieces

from ._support import run_on_ents as _run


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_countries", config={"add_missing": False})
    nlp.add_pipe("newsnlp_people")
    return nlp


def _people(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e._.canonical) for e in doc.ents if e.label_ == "PERSON"]


def test_names_pieces_cut_at_numbers_and_lowercase_words() -> None:
    doc = spacy.blank("en")("M. Butcher 70 , G. Kersey 63 st Tim Hale")
    pieces = name_pieces(doc[0 : len(doc)])
    assert [doc[a:b].text for a, b in pieces] == ["M. Butcher", "G. Kersey", "Tim Hale"]


def test_names_particles_stay_inside_and_dangling_ones_take_the_surname() -> None:
    doc = spacy.blank("en")("Ursula von der Leyen and Shakir Avaz oglu Baghirov met .")
    assert extend_right(doc, 0, 3) == 4  # "Ursula von der" -> "... Leyen"
    assert extend_right(doc, 5, 7) == 9  # "Shakir Avaz" -> "... oglu Baghirov"
    assert name_pieces(doc[0:4]) == [(0, 4)]
    assert name_pieces(doc[5:9]) == [(5, 9)]


def test_names_initials() -> None:
    assert [is_initial(t) for t in ("K.", "Sh.", "Kh.", "Dr.", "St.", "U.S.", "K")] == [
        True, True, True, False, False, False, False]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # Trailing numbers of a results table are not part of the name.
        ("Kent 108-3 ( J. Adams 123 ) .", [(4, 7, "PERSON")], [("J. Adams", "J. Adams")]),
        # A leading country and a dash: the team, then the player.
        ("Sri Lanka - Arjuna Ranatunga ( captain )", [(0, 5, "PERSON")],
         [("Arjuna Ranatunga", "Arjuna Ranatunga")]),
        # A possessive is not part of the name.
        ("Ronald Reagan 's tax cut", [(0, 3, "PERSON")], [("Ronald Reagan", "Ronald Reagan")]),
        # A country before two name words is cut; before one word it is a given name.
        ("U.S. Ambassador to Türkiye Tom Barrack said", [(3, 6, "PERSON")],
         [("Tom Barrack", "Tom Barrack")]),
        ("a homer off Chad Ogea in the first", [(3, 5, "PERSON")],
         [("Chad Ogea", "Chad Ogea")]),
        # A leading title word leaves the name (and is its role); "Dean Jones" is a name.
        ("Victim Orkhan Najafov said", [(0, 3, "PERSON")],
         [("Orkhan Najafov", "Orkhan Najafov")]),
        ("captain Dean Jones said", [(1, 3, "PERSON")], [("Dean Jones", "Dean Jones")]),
    ],
)
def test_names_spans_are_repaired_to_the_name(
    blank: Language, text: str, ents: list[tuple[int, int, str]],
    expected: list[tuple[str, str]],
) -> None:
    assert _people(_run(blank, text, ents)) == expected


def test_names_canonical_is_the_text_not_rejoined_tokens(blank: Language) -> None:
    doc = _run(blank, "Vice Chairman Kim Dong-kwan visited . Kim Dong-kwan left .",
               [(2, 6, "PERSON"), (8, 12, "PERSON")])
    assert {e._.canonical for e in doc.ents if e.label_ == "PERSON"} == {"Kim Dong-kwan"}


def test_names_hard_wrap_is_one_name_without_a_line_break(blank: Language) -> None:
    doc = _run(blank, "The court heard Levon Romiki\nBalayan , then left .", [(3, 7, "PERSON")])
    person = next(e for e in doc.ents if e.label_ == "PERSON")
    assert person._.canonical == "Levon Romiki Balayan"


def test_names_header_on_the_next_line_is_cut_off(blank: Language) -> None:
    doc = _run(blank, "By Yuri Kushko\nTAVILDARA , Tajikistan", [(1, 5, "PERSON")])
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Yuri Kushko"]


def test_names_initial_and_given_name_link_to_the_full_name(blank: Language) -> None:
    text = "Kamran Mammadov was beaten . K. Mammadov said . Garik Petrosyan came . Garik left ."
    doc = _run(blank, text, [(0, 2, "PERSON"), (9, 11, "PERSON"), (13, 14, "PERSON")])
    canon = {e.text: e._.canonical for e in doc.ents if e.label_ == "PERSON"}
    assert canon["K. Mammadov"] == "Kamran Mammadov"
    assert canon["Garik"] == "Garik Petrosyan"


def test_names_initial_and_surname_missed_by_the_ner_are_found(blank: Language) -> None:
    doc = _run(blank, "As a result , K. Mammadov suffered injuries , not N. Ireland .",
               [(5, 6, "ORG"), (12, 13, "GPE")])
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["K. Mammadov"]


def test_names_competitor_with_country_in_brackets(blank: Language) -> None:
    doc = _run(blank, "Rodney Eyles ( Australia ) beat Scott Draper ( Canada ) 15-8",
               [(3, 4, "GPE"), (9, 10, "GPE")])
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Rodney Eyles",
                                                                    "Scott Draper"]


def test_names_list_of_people_is_homogeneous(blank: Language) -> None:
    doc = _run(blank, "The squad : Mark Waugh , Glenn McGrath , Muthiah Muralitharan and "
               "Upul Chandana .", [(3, 5, "PERSON"), (6, 8, "PERSON")])
    assert len([e for e in doc.ents if e.label_ == "PERSON"]) == 4


def test_names_places_inside_a_person_span_become_places(blank: Language) -> None:
    doc = _run(blank, "Azerbaijani refugees returned to Yerevan .", [(0, 1, "PERSON"),
                                                                     (4, 5, "PERSON")])
    assert [(e.text, e.label_, e._.country) for e in doc.ents] == [
        ("Azerbaijani", "NORP", "AZE"), ("Yerevan", "GPE", "ARM")]


def test_names_town_that_is_a_surname_stays_a_person(blank: Language) -> None:
    # Clinton and Kennedy are towns in the cities list; without a place word they are people.
    doc = _run(blank, "Clinton met Kennedy . Troops moved in Kennedy .",
               [(0, 1, "PERSON"), (2, 3, "PERSON")])
    assert [e.label_ for e in doc.ents] == ["PERSON", "PERSON"]


@pytest.mark.slow
def test_names_with_the_real_model(tagger) -> None:  # type: ignore[no-untyped-def]
    text = ("European Commission President Ursula von der Leyen met Shakir Avaz oglu Baghirov "
            "and Firangul Mammad gizi Karimova in Baku. As a result, K. Mammadov left.")
    mentions = tagger.tag(text).mentions
    people = set(mentions.loc[mentions["label"] == "PERSON", "canonical"])
    assert {"Ursula von der Leyen", "Shakir Avaz oglu Baghirov",
            "Firangul Mammad gizi Karimova", "K. Mammadov"} <= people


def test_names_place_and_organisation_head_nouns_are_not_people(blank: Language) -> None:
    doc = _run(blank, "the Zangazur Corridor and the Acme Philly Shipyard", [(1, 3, "PERSON"),
                                                                              (5, 8, "PERSON")])
    assert [e.label_ for e in doc.ents] == ["LOC", "FAC"]
