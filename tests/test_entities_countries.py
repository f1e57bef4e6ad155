"""Countries: places, demonyms, datelines and regions to ISO 3166-1 alpha-3."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsnlp.entities import REGION_LABEL, resolve_place
from newsnlp.entities.countries import CountryResolver, Gazetteer


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_countries")
    return nlp


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Azerbaijan", "AZE"), ("Azerbaijan's", "AZE"), ("Azerbaijani", "AZE"), ("BAKU", "AZE"),
        ("Serbian", "SRB"), ("Armenian", "ARM"), ("Yerevan", "ARM"), ("Russian Federation", "RUS"),
        ("Nagorno-Karabakh", "AZE"), ("NEW YORK", "USA"), ("FORT WAYNE", "USA"),
        ("DURHAM, N.C.", "USA"), ("LOUISVILLE, Ky.", "USA"), ("TORONTO, March 3 -", "CAN"),
        ("Salvador", "BRA"), ("U.S.", "USA"), ("Britain", "GBR"), ("Kiev", "UKR"),
    ],
)
def test_countries_resolve_place_gives_alpha3(name: str, code: str) -> None:
    assert resolve_place(name) == code


@pytest.mark.parametrize("name", ["the Balkans", "South Caucasus", "Europe", "Gondor", "", "of"])
def test_countries_resolve_place_regions_and_unknowns_have_no_country(name: str) -> None:
    assert resolve_place(name) is None


def test_countries_ambiguous_city_prefers_a_country_of_the_item() -> None:
    gazetteer = Gazetteer()
    gazetteer.add("Springfield", "USA", "city", 150_000)
    gazetteer.add("Springfield", "AUS", "city", 20_000)
    assert gazetteer.lookup("Springfield").country == "USA"  # type: ignore[union-attr]
    assert gazetteer.lookup("Springfield", {"AUS"}).country == "AUS"  # type: ignore[union-attr]


def _doc(nlp: Language, text: str, ents: list[tuple[int, int, str]]) -> Doc:
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, start, end, label) for start, end, label in ents]
    return doc


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # NER labels kept, country and canonical set
        ("Azerbaijani officials", [(0, 1, "NORP")], [("Azerbaijani", "NORP", "AZE", "Azerbaijan")]),
        # a region becomes REGION with no country
        ("the Balkans", [(1, 2, "LOC")], [("Balkans", REGION_LABEL, None, "Balkans")]),
        # an all-caps country the NER called ORG is a place
        ("JAPAN WIN", [(0, 1, "ORG")], [("JAPAN", "GPE", "JPN", "Japan")]),
        # a city the NER called ORG stays ORG: it is a club
        ("Leeds won", [(0, 1, "ORG")], [("Leeds", "ORG", None, None)]),
        # a missed country is added
        ("talks with Serbia", [], [("Serbia", "GPE", "SRB", "Serbia")]),
        # a missed city needs a place word before it
        ("Nice weather", [], []),
        ("talks in Nice", [], [("Nice", "GPE", "FRA", "Nice")]),
    ],
)
def test_countries_component_sets_country_and_label(
    blank: Language, text: str, ents: list[tuple[int, int, str]],
    expected: list[tuple[str, str, str | None, str | None]],
) -> None:
    doc = blank.get_pipe("newsnlp_countries")(_doc(blank, text, ents))
    assert [(e.text, e.label_, e._.country, e._.canonical) for e in doc.ents] == expected


@pytest.mark.parametrize(("dateline", "code"), [("BAKU", "AZE"), ("NEW YORK", "USA"), (None, None)])
def test_countries_component_sets_dateline_country(
    blank: Language, dateline: str | None, code: str | None
) -> None:
    doc = blank.make_doc("Text.")
    doc._.dateline = dateline
    assert blank.get_pipe("newsnlp_countries")(doc)._.dateline_country == code


def test_countries_component_round_trips_taught_places(blank: Language, tmp_path) -> None:  # type: ignore[no-untyped-def]
    component = blank.get_pipe("newsnlp_countries")
    assert isinstance(component, CountryResolver)
    component.add_place("Zangezur", "ARM")
    component.to_disk(tmp_path)
    fresh = CountryResolver(blank).from_disk(tmp_path)
    assert fresh.extra_places == {"Zangezur": "ARM"}
    doc = fresh(_doc(blank, "in Zangezur", [(1, 2, "LOC")]))
    assert doc.ents[0]._.country == "ARM"


@pytest.mark.slow
def test_countries_real_model_seed_sentence() -> None:
    from newsnlp.nlp import load_pipeline

    doc = load_pipeline()("Russian Foreign Minister Sergei Lavrov spoke about Nagorno-Karabakh "
                          "and cooperation in the Balkans.")
    found = {(e.text, e._.country) for e in doc.ents if e.label_ != "PERSON"}
    assert {("Russian", "RUS"), ("Nagorno-Karabakh", "AZE"), ("Balkans", None)} <= found
