"""Who people are, when the text wraps lines, gives one title to a list or names their state."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from ._support import roles_of as _who
from ._support import run_on_ents as _run


def test_roles_a_line_break_inside_the_title_is_wrapped_text(people_nlp: Language) -> None:
    doc = _run(people_nlp, "talks with French\nPresident Paul Girard went on", [(5, 7, "PERSON")])
    assert doc[3].is_space  # the break is a token of its own
    assert _who(doc)["Paul Girard"] == ("President", "FRA")


def test_roles_an_appositive_is_read_as_written(people_nlp: Language) -> None:
    doc = _run(people_nlp,
               "Amina Diallo , the Director of the Museum 's Regional Office\nfor Arts , "
               "spoke", [(0, 2, "PERSON")])
    assert _who(doc)["Amina Diallo"][0] == "Director of the Museum's Regional Office"


@pytest.mark.parametrize(("text", "ents", "expected"), [
    ("chaired by Judges Anna Berg and Lars Holm today",
     [(3, 5, "PERSON"), (6, 8, "PERSON")], ("Judge", None)),
    ("with Estonian Deputy Ministers Kaja Tamm , Mart Kask and Lauri Saar",
     [(4, 6, "PERSON"), (7, 9, "PERSON"), (10, 12, "PERSON")], ("Deputy Minister", "EST")),
    ("the Secretaries Ann Lee and Bo Wu", [(2, 4, "PERSON"), (5, 7, "PERSON")],
     ("Secretary", None)),
])
def test_roles_a_plural_title_holds_for_every_name_of_its_list(
        people_nlp: Language, text: str, ents: list[tuple[int, int, str]],
        expected: tuple[str, str | None]) -> None:
    who = _who(_run(people_nlp, text, ents))
    assert len(who) == len(ents)
    assert set(who.values()) == {expected}


def test_roles_a_plural_word_that_is_no_title_gives_no_role(people_nlp: Language) -> None:
    who = _who(_run(people_nlp, "with friends Anna Berg and Lars Holm", [(2, 4, "PERSON"),
                                                                   (5, 7, "PERSON")]))
    assert set(who.values()) == {(None, None)}


@pytest.mark.parametrize(("text", "ents"), [
    ("Three nationals of the Republic of Armenia , including Aram Petrosyan , Davit Sargsyan "
     "and Levon Hakobyan , were charged", [(9, 11, "PERSON"), (12, 14, "PERSON"),
                                           (15, 17, "PERSON")]),
    ("police detained Armenian nationals Aram Petrosyan and Davit Sargsyan",
     [(4, 6, "PERSON"), (7, 9, "PERSON")]),
])
def test_roles_citizens_of_a_country_are_of_that_country(
        people_nlp: Language, text: str, ents: list[tuple[int, int, str]]) -> None:
    who = _who(_run(people_nlp, text, ents))
    assert {country for _, country in who.values()} == {"ARM"}


def test_roles_a_list_after_other_words_takes_no_country(people_nlp: Language) -> None:
    who = _who(_run(people_nlp, "visitors from Armenia met Aram Petrosyan and Davit Sargsyan",
                    [(4, 6, "PERSON"), (7, 9, "PERSON")]))
    assert {country for _, country in who.values()} == {None}


def test_roles_an_envoy_of_a_country_posted_to_another_is_of_the_first(
        people_nlp: Language) -> None:
    doc = _run(people_nlp, "Ambassador of Japan to Azerbaijan Kenji Mori visited Ganja",
               [(2, 3, "GPE"), (4, 5, "GPE"), (5, 7, "PERSON")])
    assert _who(doc)["Kenji Mori"] == ("Ambassador to Azerbaijan", "JPN")


def test_roles_an_office_of_an_international_body_takes_no_country_from_the_leaders() -> None:
    from datetime import date

    from newsnlp.entities.leaders import Leaders, Term
    from newsnlp.entities.people import PersonResolver

    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_countries")
    people = PersonResolver(nlp, use_leaders=True)
    # A made-up former national minister, now at an international body.
    people.leaders = Leaders([Term("ANNA BERG", "SWE", "GOV", date(2001, 1, 1), None)])
    text = "Anna Berg , President of the Nordic Council , said"
    doc = _run(nlp, text, [(0, 2, "PERSON"), (5, 8, "ORG")])
    assert _who(people(doc))["Anna Berg"] == ("President of the Nordic Council", None)
    # With no office in the text, the dictionary is the fallback.
    doc = _run(nlp, "Anna Berg said", [(0, 2, "PERSON")])
    assert _who(people(doc))["Anna Berg"] == ("government", "SWE")
