from __future__ import annotations

import pytest

from newsnlp.errors import InputError
from newsnlp.topics import load_taxonomy


def test_topics_taxonomy_has_the_17_level1_topics() -> None:
    names = {t.name for t in load_taxonomy().level(1)}
    assert len(names) == 17
    assert {"politics", "sport", "conflict, war and peace", "weather"} <= names


def test_topics_taxonomy_holds_only_active_codes_with_unique_names() -> None:
    tax = load_taxonomy()
    topics = list(tax)
    assert len(topics) == len(tax) == 1099
    assert len({t.name for t in topics}) == len(topics)
    assert all(t.code.startswith("medtop:") for t in topics)


@pytest.mark.parametrize("key", ["medtop:20000574", "election"])
def test_topics_taxonomy_looks_up_by_code_or_name(key: str) -> None:
    topic = load_taxonomy()[key]
    assert (topic.code, topic.name, topic.level) == ("medtop:20000574", "election", 2)
    assert topic.definition.startswith("The selection of representatives")


@pytest.mark.parametrize(
    ("key", "level1"),
    [
        ("armed conflict", "conflict, war and peace"),
        ("international relations", "politics"),
        ("referenda", "politics"),
        ("sport", "sport"),
    ],
)
def test_topics_taxonomy_rolls_up_to_level1(key: str, level1: str) -> None:
    assert load_taxonomy().level1(key).name == level1


def test_topics_taxonomy_parents_exist_and_levels_increase() -> None:
    tax = load_taxonomy()
    for topic in tax:
        if topic.parent is None:
            assert topic.level == 1
        else:
            assert tax[topic.parent].level == topic.level - 1


def test_topics_taxonomy_children_and_descendants_agree() -> None:
    tax = load_taxonomy()
    children = tax.children("politics")
    assert {t.name for t in children} >= {"election", "international relations", "government"}
    descendants = tax.descendants("politics")
    assert set(children) < set(descendants)
    assert all(tax.level1(t.code).name == "politics" for t in descendants)


def test_topics_taxonomy_at_level_returns_none_above_that_level() -> None:
    tax = load_taxonomy()
    assert tax.at_level("politics", 2) is None
    at2 = tax.at_level("referenda", 2)
    assert at2 is not None
    assert at2.name == "election"


def test_topics_taxonomy_unknown_key_is_a_numbered_error() -> None:
    tax = load_taxonomy()
    assert tax.get("fishing trip") is None
    assert "fishing trip" not in tax
    with pytest.raises(InputError, match=r"\[E039\].*'fishing trip'") as info:
        tax["fishing trip"]
    assert info.value.code == "E039"


def test_topics_taxonomy_ships_its_attribution() -> None:
    tax = load_taxonomy()
    assert "CC BY 4.0" in tax.attribution
    assert "IPTC" in tax.attribution


def test_topics_taxonomy_is_loaded_once() -> None:
    assert load_taxonomy() is load_taxonomy()
