"""Organisations and cross-item linking."""

from __future__ import annotations

import pandas as pd
import pytest
import spacy
from spacy.tokens import Span

from newsnlp.entities import link_mentions
from newsnlp.entities.orgs import canonical_org, initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [("the Election Observation Alliance", "Election Observation Alliance"), ("NATO's", "NATO")],
)
def test_orgs_canonical_drops_article_and_possessive(name: str, expected: str) -> None:
    assert canonical_org(name) == expected


@pytest.mark.parametrize(
    ("name", "acronym"),
    [("Election Observation Alliance", "EOA"),
     ("Organization for Security and Co-operation in Europe", "OSCE")],
)
def test_orgs_initials(name: str, acronym: str) -> None:
    assert initials(name) == acronym


def test_orgs_acronym_in_item_takes_the_expansion() -> None:
    nlp = spacy.blank("en")
    orgs = nlp.add_pipe("newsnlp_orgs")
    doc = nlp.make_doc("the Election Observation Alliance ( EOA ) said . EOA left")
    doc.ents = [Span(doc, 0, 4, "ORG")]
    assert [e._.canonical for e in orgs(doc).ents] == ["Election Observation Alliance"] * 3


def _mentions(rows: list[tuple[str, str, str, str | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["item_id", "label", "text", "canonical", "country"])


def test_orgs_link_mentions_joins_across_items_without_mutating() -> None:
    eoa = "Election Observation Alliance"
    frame = _mentions([("a", "ORG", eoa, eoa, None),
                       ("b", "ORG", "EOA", "EOA", None),
                       ("a", "PERSON", "Sergei Lavrov", "Sergei Lavrov", "RUS"),
                       ("b", "PERSON", "Lavrov", "Lavrov", None)])
    before = frame.copy()
    linked = link_mentions(frame)
    assert linked["canonical"].tolist()[1] == "Election Observation Alliance"
    assert linked.loc[3, ["canonical", "country"]].tolist() == ["Sergei Lavrov", "RUS"]
    pd.testing.assert_frame_equal(frame, before)


def test_orgs_link_mentions_leaves_ambiguous_surnames() -> None:
    frame = _mentions([("a", "PERSON", "Ilham Aliyev", "Ilham Aliyev", "AZE"),
                       ("b", "PERSON", "Heydar Aliyev", "Heydar Aliyev", "AZE"),
                       ("c", "PERSON", "Aliyev", "Aliyev", None)])
    assert link_mentions(frame).loc[2, "canonical"] == "Aliyev"
