"""Events: typed event mentions with the date they refer to."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from newsnlp.entities import CAMEO, KAIROS, resolve_date
from newsnlp.entities.events import TRIGGERS


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_events")
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The early parliamentary elections were held",
         [("The early parliamentary elections", "election")]),
        ("They held direct negotiations", [("direct negotiations", "meeting")]),
        ("A car bombing and protests followed",
         [("A car bombing", "attack"), ("protests", "protest")]),
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
