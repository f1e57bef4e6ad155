"""Countries an item is about: dissolved states, capitals over namesakes, headline capitals,
organisations named after places, national institutions, and passing mentions."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import spacy
from spacy.language import Language

from newsnlp.entities.countries import Gazetteer, item_countries, lead_end

from ._support import run_on_ents


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_countries")
    return nlp


def _run(nlp: Language, text: str, ents: list[tuple[int, int, str]],
         published: datetime | None = None) -> list[tuple[str, str, str | None]]:
    doc = run_on_ents(nlp, text, ents, published)
    return [(e.text, e.label_, e._.country) for e in doc.ents]


def test_item_countries_dissolved_states_have_their_iso_3166_3_codes(blank: Language) -> None:
    found = _run(blank, "Grain for the Soviet Union and Yugoslav mills", [(2, 5, "GPE")])
    assert found == [("the Soviet Union", "GPE", "SUN"), ("Yugoslav", "NORP", "YUG")]


@pytest.mark.parametrize(("published", "code"), [
    (datetime(1987, 3, 2), "SUN"), (datetime(2024, 3, 2), "RUS"), (None, "RUS")])
def test_item_countries_a_place_has_the_state_it_lay_in_on_the_items_day(
        blank: Language, published: datetime | None, code: str) -> None:
    assert _run(blank, "Traders in Moscow said", [(2, 3, "GPE")], published) == [
        ("Moscow", "GPE", code)]


def test_item_countries_state_on_leaves_states_that_did_not_dissolve() -> None:
    gazetteer = Gazetteer.default()
    assert gazetteer.state_on("SVK", date(1990, 1, 1)) == "CSK"
    assert gazetteer.state_on("SVK", date(1994, 1, 1)) == "SVK"
    assert gazetteer.state_on("FRA", date(1950, 1, 1)) == "FRA"


def test_item_countries_a_capital_is_not_read_as_a_small_namesake_of_a_named_country(
        blank: Language) -> None:
    # The U.S. is named, and the U.S. has small towns called Moscow and Paris; the capitals win.
    found = _run(blank, "U.S. officials flew to Moscow and then to Paris",
                 [(0, 1, "GPE"), (4, 5, "GPE"), (8, 9, "GPE")])
    assert [code for _, _, code in found] == ["USA", "RUS", "FRA"]


def test_item_countries_a_context_country_still_picks_a_namesake_of_its_size() -> None:
    gazetteer = Gazetteer()
    gazetteer.add("Victoria", "SYC", "capital")
    gazetteer.add("Victoria", "CAN", "city", 290_000)
    gazetteer.add("Victoria", "SYC", "city", 22_000)
    assert gazetteer.lookup("Victoria", {"CAN"}).country == "CAN"  # type: ignore[union-attr]
    gazetteer.add("Mexico", "MEX", "country", 112_000_000)
    gazetteer.add("Mexico", "PHL", "city", 20_000)
    assert gazetteer.lookup("Mexico", {"PHL"}).country == "MEX"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # a headline's capitals read as one ORG: the leading country is the place
    ("U.S. FARM EXPORTS SLIP IN MAY", [(0, 4, "ORG")], [("U.S.", "GPE", "USA")]),
    ("KENYAN TEA OUTPUT RISES", [(0, 3, "ORG")], [("KENYAN", "NORP", "KEN")]),
    # an organisation's own name stays whole
    ("JAPAN AIRLINES PROFIT UP", [(0, 2, "ORG")], [("JAPAN AIRLINES", "ORG", None)]),
    # lower case: not a headline, left to the NER
    ("Kenyan Tea Growers met", [(0, 3, "ORG")], [("Kenyan Tea Growers", "ORG", None)]),
])
def test_item_countries_a_country_leading_an_all_caps_entity_is_split_off(
        blank: Language, text: str, ents: list[tuple[int, int, str]],
        expected: list[tuple[str, str, str | None]]) -> None:
    assert _run(blank, text, ents) == expected


def test_item_countries_an_organisation_named_after_a_province_keeps_its_short_name(
        blank: Language) -> None:
    text = "Dorset Mining Ltd said output rose . Dorset shares fell in Lyon ."
    found = _run(blank, text, [(0, 3, "ORG"), (7, 8, "GPE"), (11, 12, "GPE")])
    gazetteer = Gazetteer.default()
    assert gazetteer.readings("Dorset")  # a UK county in ISO 3166-2: a place by name alone
    assert ("Dorset", "ORG", None) in found
    assert ("Lyon", "GPE", "FRA") in found  # a city that heads no organisation stays a place


def test_item_countries_a_country_heading_an_organisation_stays_a_country(
        blank: Language) -> None:
    found = _run(blank, "Japan Tobacco Inc said Japan would buy", [(0, 3, "ORG"), (4, 5, "GPE")])
    assert ("Japan", "GPE", "JPN") in found


@pytest.mark.parametrize(("name", "code"), [("Bundesbank", "DEU"), ("Federal Reserve", "USA")])
def test_item_countries_a_national_institution_names_its_country(
        blank: Language, name: str, code: str) -> None:
    text = f"The {name} said"
    found = _run(blank, text, [(0, len(name.split()) + 1, "ORG")])
    assert found[0][1:] == ("ORG", code)


def test_item_countries_lead_is_the_first_paragraph() -> None:
    assert lead_end("Oil rose.\n    Traders in Oslo said.") == len("Oil rose.")
    assert lead_end("Oil rose,\ntraders said.\n\nLater:") == len("Oil rose,\ntraders said.")


def test_item_countries_a_country_named_once_after_the_lead_is_a_passing_mention() -> None:
    text = ("Kenya lifted its tea tax.\n\nBuyers in Britain and Norway said the "
            "Kenyan move helps Norway.")
    places = [("KEN", "body", 0, 5), ("GBR", "body", 37, 44), ("NOR", "body", 49, 55),
              ("KEN", "body", 65, 71), ("NOR", "body", 83, 89), ("IND", "title", 0, 5)]
    assert [text[a:b] for _, part, a, b in places if part == "body"] == [
        "Kenya", "Britain", "Norway", "Kenyan", "Norway"]
    assert item_countries(places, text, "India buys") == ["IND", "KEN", "NOR"]
    assert item_countries(places, text, "India buys", dateline_country="GBR") == [
        "GBR", "IND", "KEN", "NOR"]
    assert item_countries([], "") == []


@pytest.mark.parametrize("text", [
    "The bank issued 100 mln Canadian dlrs of notes.",
    "Ministers praised the Lisbon accord on fishing.",
    "Talks of the Doha round resumed.",
])
def test_item_countries_a_currency_or_agreement_named_after_a_place_is_no_country(
        text: str) -> None:
    word = next(w for w in ("Canadian", "Lisbon", "Doha") if w in text)
    start = text.index(word)
    assert item_countries([("XXX", "body", start, start + len(word))], text) == []
    assert item_countries([("XXX", "body", start, start + len(word))], text + " " + word) == []


def test_item_countries_the_tagger_keeps_passing_mentions_in_mentions_only() -> None:
    from newsnlp import Tagger, TagOptions
    from newsnlp.items import Item

    text = ("Kenya raised its tea export tax on Monday, the ministry said.\n\n"
            "Growers said the tax would cut sales. Buyers in Pakistan were not available.")
    item = Item(text=text, start=0, end=len(text), item_id="tea")
    salient = Tagger(topic_model=None).tag([item])
    assert salient.items["countries"].iloc[0] == ["KEN"]
    assert "PAK" in set(salient.mentions["country"].dropna())
    named = Tagger(TagOptions(topic_model=None, countries="named")).tag([item])
    assert named.items["countries"].iloc[0] == ["KEN", "PAK"]


def test_item_countries_option_is_checked() -> None:
    from newsnlp import TagOptions
    from newsnlp.errors import InputError

    with pytest.raises(InputError, match="E009"):
        TagOptions(countries="all")


@pytest.mark.parametrize(("text", "ents", "expected"), [
    # a ticker in angle brackets is a code, not the country it spells
    ("ACME CORP <UK> SELLS NOTES", [(0, 2, "ORG"), (3, 4, "GPE")],
     [("ACME CORP", "ORG", None), ("UK", "ORG", None)]),
    # a province before a company word heads the company's name
    ("DORSET BANK ISSUES BOND", [(0, 1, "GPE")], [("DORSET", "ORG", None)]),
    # a country or a big city before a company word stays a place
    ("Kenya Airways said", [(0, 1, "GPE")], [("Kenya", "GPE", "KEN")]),
    ("Bremen Bank said", [(0, 1, "GPE")], [("Bremen", "GPE", "DEU")]),
    # a province before another word stays a place
    ("DORSET FARMERS PROTEST", [(0, 1, "GPE")], [("DORSET", "GPE", "GBR")]),
])
def test_item_countries_tickers_and_companies_named_after_provinces_are_no_places(
        blank: Language, text: str, ents: list[tuple[int, int, str]],
        expected: list[tuple[str, str, str | None]]) -> None:
    assert _run(blank, text, ents) == expected
