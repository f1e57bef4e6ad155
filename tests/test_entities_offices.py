"""Who people are, from the rest of the item: offices named later, relative clauses,
organisations of a country and nationality appositives."""

from __future__ import annotations

import pytest
from spacy.language import Language

from ._support import roles_of as _who
from ._support import run_on_ents as _run


def test_offices_a_later_sentence_names_the_one_person(people_nlp: Language) -> None:
    doc = _run(people_nlp,
               "Anar Guliyev opened the plant . The president said it would export gas .",
               [(0, 2, "PERSON")])
    assert _who(doc)["Anar Guliyev"] == ("president", None)
    doc = _run(people_nlp,
               "Sergei Orlov flew to Baku . The Russian minister said the visit mattered .",
               [(0, 2, "PERSON"), (4, 5, "GPE")])
    assert _who(doc)["Sergei Orlov"] == ("minister", "RUS")
    # "..., the minister added": a reporting verb after the office makes it the subject.
    doc = _run(people_nlp,
               "Ruben Vardanyan met reporters , and the minister added that talks go on .",
               [(0, 2, "PERSON")])
    assert _who(doc)["Ruben Vardanyan"] == ("minister", None)


def test_offices_never_guessed_among_several_people(people_nlp: Language) -> None:
    doc = _run(people_nlp,
               "Anar Guliyev met Ruben Hakobyan . The president said the talks were good .",
               [(0, 2, "PERSON"), (3, 5, "PERSON")])
    assert _who(doc) == {"Anar Guliyev": (None, None), "Ruben Hakobyan": (None, None)}
    # A person who holds another office is not the president: the other one is.
    doc = _run(people_nlp, "Foreign Minister Ana Ruiz met Anar Guliyev . The president said so .",
               [(2, 4, "PERSON"), (5, 7, "PERSON")])
    assert _who(doc) == {"Ana Ruiz": ("Foreign Minister", None),
                         "Anar Guliyev": ("president", None)}


def test_offices_an_object_or_another_office_is_someone_else(people_nlp: Language) -> None:
    doc = _run(people_nlp, "Anar Guliyev met the president in Baku .", [(0, 2, "PERSON")])
    assert _who(doc)["Anar Guliyev"] == (None, None)
    doc = _run(people_nlp, "Anar Guliyev spoke . The head of the commission said no .",
               [(0, 2, "PERSON")])
    assert _who(doc)["Anar Guliyev"] == (None, None)
    # An office named before the person does not refer forward.
    doc = _run(people_nlp, "The president said no . Anar Guliyev left .", [(5, 7, "PERSON")])
    assert _who(doc)["Anar Guliyev"] == (None, None)


def test_offices_the_titled_full_name_gives_the_surname_its_office(people_nlp: Language) -> None:
    doc = _run(people_nlp, "President Anar Guliyev spoke . Guliyev said the plant would open .",
               [(1, 3, "PERSON"), (5, 6, "PERSON")])
    roles = [(e.text, e._.canonical, e._.role) for e in doc.ents if e.label_ == "PERSON"]
    assert roles == [("Anar Guliyev", "Anar Guliyev", "President"),
                     ("Guliyev", "Anar Guliyev", "President")]


@pytest.mark.parametrize(
    ("text", "ents", "name", "expected"),
    [
        ("Ruben Hakobyan , who is the foreign minister of Armenia , arrived",
         [(0, 2, "PERSON")], "Ruben Hakobyan", ("foreign minister", "ARM")),
        ("Ruben Hakobyan , who has been the Armenian envoy since May , arrived",
         [(0, 2, "PERSON")], "Ruben Hakobyan", ("envoy", "ARM")),
        # An organisation of a country: its name leads with the country word ...
        ("Maulen Sadykov , head of the Kazakh Senate , spoke",
         [(0, 2, "PERSON"), (5, 8, "ORG")], "Maulen Sadykov", ("head of the Kazakh Senate",
                                                               "KAZ")),
        ("Kazakh Senate Speaker Maulen Sadykov spoke", [(0, 2, "ORG"), (3, 5, "PERSON")],
         "Maulen Sadykov", ("Speaker", "KAZ")),
        # ... the country stands before it, or the name ends in "of <country>".
        ("Azerbaijan 's State Oil Company president Rovshan Najaf visited Rome",
         [(0, 1, "GPE"), (2, 5, "ORG"), (6, 8, "PERSON")], "Rovshan Najaf",
         ("president", "AZE")),
        ("Central Bank of Armenia chairman Martin Galstyan spoke",
         [(0, 4, "ORG"), (5, 7, "PERSON")], "Martin Galstyan", ("chairman", "ARM")),
        ("President of Azerbaijan Anar Guliyev spoke", [(2, 3, "GPE"), (3, 5, "PERSON")],
         "Anar Guliyev", ("President", "AZE")),
        ("Governor of the Central Bank of Armenia Martin Galstyan spoke",
         [(2, 5, "ORG"), (6, 7, "GPE"), (7, 9, "PERSON")], "Martin Galstyan",
         ("Governor of the Central Bank", "ARM")),
        # State honours of a country, also when the NER calls the title an ORG.
        ("Honored Artist of Armenia Anna Mailyan sang", [(3, 4, "GPE"), (4, 6, "PERSON")],
         "Anna Mailyan", ("Honored Artist", "ARM")),
        ("People 's Artist of Azerbaijan Fidan Aliyeva sang",
         [(0, 3, "ORG"), (4, 5, "GPE"), (5, 7, "PERSON")], "Fidan Aliyeva",
         ("People 's Artist", "AZE")),
        # Nationality phrases.
        ("Azerbaijani wrestler Haji Mammadov won", [(2, 4, "PERSON")], "Haji Mammadov",
         ("wrestler", "AZE")),
        ("the Turkish diplomat Mehmet Yilmaz arrived", [(3, 5, "PERSON")], "Mehmet Yilmaz",
         ("diplomat", "TUR")),
        ("Nino Beridze , a Georgian journalist , was detained", [(0, 2, "PERSON")],
         "Nino Beridze", ("journalist", "GEO")),
    ],
)
def test_offices_and_countries_from_the_text(
    people_nlp: Language, text: str, ents: list[tuple[int, int, str]], name: str,
    expected: tuple[str | None, str | None],
) -> None:
    assert _who(_run(people_nlp, text, ents))[name] == expected


def test_offices_an_office_that_opens_the_sentence_before_a_name_in_commas(
        people_nlp: Language) -> None:
    doc = _run(people_nlp, "Russia 's foreign minister , Sergei Orlov , said no .",
               [(0, 1, "GPE"), (5, 7, "PERSON")])
    assert _who(doc)["Sergei Orlov"] == ("foreign minister", "RUS")
    doc = _run(people_nlp,
               "The spokesman for the Ministry of Foreign Affairs of Azerbaijan , Aykhan "
               "Hajizada , said no .", [(3, 8, "ORG"), (9, 10, "GPE"), (11, 13, "PERSON")])
    assert _who(doc)["Aykhan Hajizada"] == ("spokesman for the Ministry of Foreign Affairs",
                                            "AZE")
    # A clause with a verb before the comma: the office is someone else's.
    for text, start in (("After meeting the president , Ruben Vardanyan said no .", 5),
                        ("Speaking to journalists , Ruben Vardanyan said no .", 4)):
        doc = _run(people_nlp, text, [(start, start + 2, "PERSON")])
        assert _who(doc)["Ruben Vardanyan"] == (None, None)


def test_offices_a_legislature_glued_to_the_name_after_an_office(people_nlp: Language) -> None:
    doc = _run(people_nlp,
               "Speaker of the Milli Mejlis Sahiba Gafarova met them .", [(2, 7, "ORG")])
    assert [(e.text, e.label_) for e in doc.ents] == [("the Milli Mejlis", "ORG"),
                                                      ("Sahiba Gafarova", "PERSON")]
    assert _who(doc)["Sahiba Gafarova"] == ("Speaker of the Milli Mejlis", "AZE")
    # Without an office before it, a span stays as the NER read it.
    doc = _run(people_nlp,
               "Reports of the Milli Mejlis Sahiba Gafarova met them .", [(2, 7, "ORG")])
    assert [e.label_ for e in doc.ents] == ["ORG"]


def test_offices_an_organisation_says_no_country_by_itself(people_nlp: Language) -> None:
    doc = _run(people_nlp,
               "Hanwha Ocean president Kim Jun-ho spoke", [(0, 2, "ORG"), (3, 7, "PERSON")])
    assert _who(doc)["Kim Jun-ho"] == ("president", None)


def test_offices_an_appositive_title_makes_a_person(people_nlp: Language) -> None:
    # The NER's place or organisation label yields to an appositive that gives a person's title.
    doc = _run(people_nlp, "Nino Beridze , a Georgian journalist , was detained",
               [(0, 2, "GPE"), (4, 5, "NORP")])
    assert _who(doc)["Nino Beridze"] == ("journalist", "GEO")
    doc = _run(people_nlp, "Gori Valley , a region in the west , flooded", [(0, 2, "LOC")])
    assert [e.label_ for e in doc.ents] == ["LOC"]


@pytest.mark.slow
def test_offices_with_the_real_model(tagger) -> None:  # type: ignore[no-untyped-def]
    text = ("Ilham Aliyev received the delegation in Baku on Monday. The president said the "
            "talks had been useful. Nino Beridze, a Georgian journalist, asked about Ruben "
            "Hakobyan, who is the foreign minister of Armenia.")
    mentions = tagger.tag(text).mentions
    people = mentions[mentions["label"] == "PERSON"].set_index("canonical")
    assert people.loc["Ilham Aliyev", "role"] == "president"
    assert people.loc["Nino Beridze", ["role", "country"]].tolist() == ["journalist", "GEO"]
    assert people.loc["Ruben Hakobyan", ["role", "country"]].tolist() == ["foreign minister",
                                                                           "ARM"]
