"""The calibrated confidence on every mention (`span._.score`, `mentions.score`)."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsnlp.entities.scores import SCORES_FILE, feature_names


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_countries", config={"add_missing": False})
    nlp.add_pipe("newsnlp_people")
    nlp.add_pipe("newsnlp_scores")
    return nlp


def _scored(nlp: Language, text: str, ents: list[tuple[int, int, str]]) -> Doc:
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, start, end, label) for start, end, label in ents]
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def test_scores_shipped_file_states_its_provenance_and_matches_the_features() -> None:
    data = json.loads(SCORES_FILE.read_text(encoding="utf-8"))
    assert "CoNLL-2003 train" in data["provenance"]
    assert data["features"] == feature_names()
    assert len(data["coef"]) == len(data["features"])


def test_scores_every_entity_gets_a_probability(nlp: Language) -> None:
    doc = _scored(nlp, "Ilham Aliyev met Acme Widgets in Baku .",
                  [(0, 2, "PERSON"), (3, 5, "ORG"), (6, 7, "GPE")])
    scores = [e._.score for e in doc.ents]
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores)
    assert len(set(scores)) > 1  # not a constant


def test_scores_agreement_with_the_gazetteer_scores_higher(nlp: Language) -> None:
    # The same sentence shape: a GPE the gazetteer knows, and one it does not.
    known = _scored(nlp, "Talks were held in Azerbaijan today .", [(4, 5, "GPE")]).ents[0]
    unknown = _scored(nlp, "Talks were held in Zorblania today .", [(4, 5, "GPE")]).ents[0]
    assert known._.score > unknown._.score
    # A PERSON that is also a place name disagrees with the gazetteer.
    person = _scored(nlp, "Talks were held by Karimov today .", [(4, 5, "PERSON")]).ents[0]
    place = _scored(nlp, "Talks were held by Surrey today .", [(4, 5, "PERSON")]).ents[0]
    assert person._.score > place._.score


def test_scores_are_stable_across_runs(nlp: Language) -> None:
    def run() -> list[float]:
        doc = _scored(nlp, "Sergei Lavrov visited Yerevan .", [(0, 2, "PERSON"), (3, 4, "GPE")])
        return [e._.score for e in doc.ents]

    assert run() == run()


@pytest.mark.slow
def test_scores_fill_every_mention_row(tagger) -> None:  # type: ignore[no-untyped-def]
    text = "BAKU, 2 September 2024 – President Ilham Aliyev received Marko Djuric in Baku."
    mentions = tagger.tag(text).mentions
    assert len(mentions)
    assert mentions["score"].notna().all()
    assert mentions["score"].between(0, 1).all()
