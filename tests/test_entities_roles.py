"""Who people are: role and country from the text, the run, and the leaders dictionary."""

from __future__ import annotations

import pandas as pd
import pytest
from spacy.language import Language

from newsnlp.entities import link_mentions

from ._support import roles_of as _who
from ._support import run_on_ents as _run


@pytest.mark.parametrize(
    ("text", "ents", "name", "expected"),
    [
        ("the Kazakh President Erlan Sadykov spoke", [(3, 5, "PERSON")], "Erlan Sadykov",
         ("President", "KAZ")),
        ("Ruben Hakobyan , the foreign minister of Armenia , arrived", [(0, 2, "PERSON")],
         "Ruben Hakobyan", ("foreign minister", "ARM")),
        ("Ruben Hakobyan , Armenia 's foreign minister , arrived", [(0, 2, "PERSON")],
         "Ruben Hakobyan", ("foreign minister", "ARM")),
        ("U.S. Ambassador to Türkiye Tom Barkley said",
         [(0, 1, "GPE"), (3, 4, "GPE"), (4, 6, "PERSON")], "Tom Barkley",
         ("Ambassador to Türkiye", "USA")),
        # Words before the title that are not part of the office stay out of the role.
        ("The remarks come days after President Anar Guliyev spoke", [(6, 8, "PERSON")],
         "Anar Guliyev", ("President", None)),
        ("questions from public prosecutor Nigar Hasanova followed", [(4, 6, "PERSON")],
         "Nigar Hasanova", ("public prosecutor", None)),
        ("talks with Lee Jun-ho , Vice Chairman of Hanwha , ended", [(2, 6, "PERSON")],
         "Lee Jun-ho", ("Vice Chairman of Hanwha", None)),
    ],
)
def test_roles_and_countries_from_the_words_around_the_name(
    people_nlp: Language, text: str, ents: list[tuple[int, int, str]], name: str,
    expected: tuple[str | None, str | None],
) -> None:
    assert _who(_run(people_nlp, text, ents))[name] == expected


def test_roles_roster_of_office_holders(people_nlp: Language) -> None:
    doc = _run(people_nlp, "the foreign ministers of Spain Ana Ruiz , Latvia Ilze Ozola and Poland "
               "Jan Nowak met", [(4, 5, "GPE"), (5, 7, "PERSON"), (8, 9, "GPE"), (12, 13, "GPE")])
    who = _who(doc)
    assert who["Ana Ruiz"] == ("foreign minister", "ESP")
    assert who["Ilze Ozola"] == ("foreign minister", "LVA")
    assert who["Jan Nowak"] == ("foreign minister", "POL")


def test_roles_office_holder_of_a_one_country_item(people_nlp: Language) -> None:
    doc = _run(people_nlp, "At the polls for the Milli Mejlis , Leyla Karimli , a member of the "
               "commission , spoke .", [(5, 7, "ORG"), (8, 10, "PERSON")])
    assert _who(doc)["Leyla Karimli"] == ("member of the commission", "AZE")
    # Two countries in the item: no guess.
    doc = _run(people_nlp,
               "Leyla Karimli , a member of the commission , spoke in Baku and Tbilisi .",
               [(0, 2, "PERSON"), (12, 13, "GPE"), (14, 15, "GPE")])
    assert _who(doc)["Leyla Karimli"] == ("member of the commission", None)


def test_roles_a_later_item_names_the_same_person() -> None:
    rows = pd.DataFrame({
        "item_id": ["a", "b"], "label": ["PERSON", "PERSON"],
        "text": ["Foreign Minister Ana Ruiz", "Ana Ruiz"],
        "canonical": ["Ana Ruiz", "Ana Ruiz"], "role": ["Foreign Minister", None],
        "country": ["ESP", None]})
    linked = link_mentions(rows)
    assert linked.loc[1, ["role", "country"]].tolist() == ["Foreign Minister", "ESP"]


@pytest.mark.slow
def test_roles_with_the_real_model(tagger) -> None:  # type: ignore[no-untyped-def]
    text = ("Armenian Foreign Minister Ararat Mirzoyan met Kazakh President Kassym-Jomart "
            "Tokayev in Astana on Monday.")
    mentions = tagger.tag(text).mentions
    people = mentions[mentions["label"] == "PERSON"].set_index("canonical")
    assert people.loc["Ararat Mirzoyan", ["role", "country"]].tolist() == ["Foreign Minister",
                                                                            "ARM"]
    assert people.loc["Kassym-Jomart Tokayev", "country"] == "KAZ"
