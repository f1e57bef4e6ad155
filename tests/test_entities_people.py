"""People: canonical names, label consistency, roles and countries."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsnlp.entities.people import Leaders


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_countries", config={"add_missing": False})
    nlp.add_pipe("newsnlp_people")
    return nlp


def _run(nlp: Language, text: str, ents: list[tuple[int, int, str]],
         published: datetime | None = None) -> Doc:
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, start, end, label) for start, end, label in ents]
    doc._.published = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Russian Foreign Minister Sergei Lavrov spoke .",
         [(0, 1, "NORP"), (3, 5, "PERSON")], ("Sergei Lavrov", "Foreign Minister", "RUS")),
        ("Azerbaijan 's President Ilham Aliyev spoke .",
         [(0, 1, "GPE"), (3, 5, "PERSON")], ("Ilham Aliyev", "President", "AZE")),
        ("Rahida Rahimova , a member of the electoral commission , said .",
         [(0, 2, "PERSON")], ("Rahida Rahimova", "member of the electoral commission", None)),
        ("representing the independent candidate Eldar Ismayilov .",
         [(4, 6, "PERSON")], ("Eldar Ismayilov", "independent candidate", None)),
    ],
)
def test_people_role_and_country_come_from_the_text(
    blank: Language, text: str, ents: list[tuple[int, int, str]],
    expected: tuple[str, str, str | None],
) -> None:
    person = next(e for e in _run(blank, text, ents).ents if e.label_ == "PERSON")
    assert (person._.canonical, person._.role, person._.country) == expected


@pytest.mark.parametrize(
    ("label", "relabelled"), [("ORG", "PERSON"), ("GPE", "PERSON"), (None, "PERSON")]
)
def test_people_surname_joins_the_full_name_in_the_item(
    blank: Language, label: str | None, relabelled: str
) -> None:
    ents = [(0, 2, "PERSON")] + ([(5, 6, label)] if label else [])
    doc = _run(blank, "Sergei Lavrov arrived . Later Lavrov left .", ents)
    surname = next(e for e in doc.ents if e.text == "Lavrov")
    assert (surname.label_, surname._.canonical) == (relabelled, "Sergei Lavrov")


def test_people_a_surname_two_full_names_share_stays_a_surname(blank: Language) -> None:
    # Which of the two a bare "Baker" meant is not in the text; the answer once depended on the
    # order of a set, so two runs could disagree.
    text = "Howard Baker met James Baker . Baker said no ."
    doc = _run(blank, text, [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON")])
    assert [e._.canonical for e in doc.ents] == ["Howard Baker", "James Baker", "Baker"]


@pytest.mark.parametrize(
    ("published", "country", "role"),
    [(datetime(2024, 9, 1), "AZE", "government"), (datetime(1990, 1, 1), "AZE", "political elite")],
)
def test_people_leaders_fill_role_and_country_by_the_item_date(
    blank: Language, published: datetime, country: str, role: str
) -> None:
    doc = _run(blank, "Ilham Aliyev spoke .", [(0, 2, "PERSON")], published)
    assert (doc.ents[0]._.country, doc.ents[0]._.role) == (country, role)


def test_people_leader_terms_respect_their_dates() -> None:
    leaders = Leaders.default()
    assert leaders.term("Heydar Aliyev", date(2024, 1, 1)) is None
    term = leaders.term("Sergei Lavrov", date(2010, 1, 1))  # an alias of SERGEY LAVROV
    assert term is not None
    assert term.country == "RUS"
