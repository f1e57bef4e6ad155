"""Places the gazetteers know: subdivisions, multi-word countries, demonyms, institutions."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from newsnlp.entities.countries import Gazetteer

from ._support import run_on_ents as _run


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_countries")
    return nlp


@pytest.mark.parametrize(("name", "code"), [("Aghdam", "AZE"), ("Lachin", "AZE"),
                                            ("Khojaly", "AZE"), ("Zangilan", "AZE"),
                                            ("Ağdam", "AZE"), ("Surrey", "GBR")])
def test_places_iso_subdivisions_in_their_english_spelling(name: str, code: str) -> None:
    readings = Gazetteer.default().readings(name)
    assert any(p.kind == "subdivision" and p.country == code for p in readings)


def test_places_plural_demonyms_and_curated_names_are_strong() -> None:
    gazetteer = Gazetteer.default()
    assert gazetteer.lookup("Azerbaijanis").country == "AZE"  # type: ignore[union-attr]
    assert gazetteer.is_strong("Türkiye")
    assert gazetteer.is_strong("Kazakh")
    # Phoenix's loose aliases (a lake's name) are not strong: they may be people's names.
    assert not gazetteer.is_strong("Nasser")


def test_places_district_named_as_a_person_becomes_a_place_or_its_side(
        blank: Language) -> None:
    # After a place word it is the place; as the actor of a sentence, the side or council
    # named after it (an organisation of that country); without its country, a person still.
    doc = _run(blank, "Azerbaijan rebuilt homes in Aghdam .", [(0, 1, "GPE"), (4, 5, "PERSON")])
    assert [(e.text, e.label_, e._.country) for e in doc.ents][1] == ("Aghdam", "GPE", "AZE")
    doc = _run(blank, "In England , Surrey beat them .", [(1, 2, "GPE"), (3, 4, "PERSON")])
    assert [(e.text, e.label_, e._.country) for e in doc.ents][1] == ("Surrey", "ORG", "GBR")
    doc = _run(blank, "Tovuz spoke .", [(0, 1, "PERSON")])
    assert doc.ents[0].label_ == "PERSON"


def test_places_generic_subdivision_names_are_left_out() -> None:
    gazetteer = Gazetteer.default()
    assert not any(p.kind == "subdivision" for p in gazetteer.readings("West"))
    assert not any(p.kind == "subdivision" for p in gazetteer.readings("Saint George"))


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Trinidad and Tobago won", [(0, 1, "GPE"), (2, 3, "PERSON")],
         [("Trinidad and Tobago", "TTO")]),
        ("Bosnia and Herzegovina voted", [(0, 1, "GPE"), (2, 3, "GPE")],
         [("Bosnia and Herzegovina", "BIH")]),
        ("LATVIA AND LITHUANIA SIGN DEAL", [], [("LATVIA", "LVA"), ("LITHUANIA", "LTU")]),
    ],
)
def test_places_multi_word_country_is_one_mention(
    blank: Language, text: str, ents: list[tuple[int, int, str]],
    expected: list[tuple[str, str]],
) -> None:
    doc = _run(blank, text, ents)
    assert [(e.text, e._.country) for e in doc.ents] == expected


def test_places_national_legislature_names_its_country(blank: Language) -> None:
    doc = _run(blank, "Elections to the Milli Mejlis were held .", [(2, 5, "ORG")])
    assert [(e.label_, e._.country) for e in doc.ents] == [("ORG", "AZE")]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # The place after a comma says which namesake it is.
        ("Ranchers met in Paris , Texas .", [(3, 4, "GPE"), (5, 6, "GPE")], "USA"),
        ("Talks in Victoria , Australia ended .", [(2, 3, "GPE"), (4, 5, "GPE")], "AUS"),
        # Without one, a namesake in a country the item names wins.
        ("In Canada , Victoria voted .", [(1, 2, "GPE"), (3, 4, "GPE")], "CAN"),
    ],
)
def test_places_namesakes(blank: Language, text: str, ents: list[tuple[int, int, str]],
                          expected: str) -> None:
    doc = _run(blank, text, ents)
    namesake = next(e for e in doc.ents if e.text in ("Paris", "Victoria"))
    assert namesake._.country == expected
