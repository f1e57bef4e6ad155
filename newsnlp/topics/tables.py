"""The shipped default model, and topics as rows of the `items` table."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from ..items import ITEMS_SCHEMA, TOPIC_COLUMNS
from .classifier import TopicClassifier, check_texts
from .hierarchy import class_tree
from .taxonomy import load_taxonomy

#: One text's topics: `topic`, `topics`, `topic_score`, `topic_l1`, `topics_l1`.
TopicRow = tuple[str | None, list[str], float | None, str | None, list[str]]

#: The columns `topic_frame` returns: the topic columns of the `items` table's one schema.
TOPICS_SCHEMA: dict[str, tuple[str, str]] = {
    column: ITEMS_SCHEMA[column] for column in TOPIC_COLUMNS
}


@cache
def load_default() -> TopicClassifier:
    """The shipped default model (IPTC level 1 and selected level-2 topics), loaded once.

    It is read from the package (no network, no code run from the files). See
    `newsnlp/topics/model/MODEL_CARD.md` for its training data, licences and scores.

    Examples:
        >>> clf = load_default()
        >>> clf.predict(["The striker scored twice as United won the derby."]).tolist()
        ['sport']
    """
    with resources.as_file(resources.files("newsnlp.topics").joinpath("model")) as path:
        return TopicClassifier.load(path)


def _display_name(label: Any) -> str:
    """An IPTC code becomes its name; any other label stays as written."""
    taxonomy = load_taxonomy()
    if isinstance(label, str) and label.startswith("medtop:") and label in taxonomy:
        return taxonomy[label].name
    return str(label)


def _level1_name(label: Any) -> str | None:
    taxonomy = load_taxonomy()
    if isinstance(label, str) and label in taxonomy:
        return taxonomy.level1(label).name
    return None


def topic_frame(clf: TopicClassifier, texts: Sequence[str]) -> pd.DataFrame:
    """One row of topics per text, in order; columns and dtypes as in `TOPICS_SCHEMA`.

    `topic` is the best top-level topic, refined to its best subtopic while that scores at
    least its threshold; `topics` lists the topics `clf.predict_labels` gives (those at or above
    their threshold, at least `clf.min_labels` and at most `clf.max_labels` top-level topics with
    their subtopics), best first; `topic_score` is the calibrated probability of `topic`. A text
    with no word the model knows (e.g. empty) gets `<NA>` and empty lists. Labels that are not IPTC
    topics (a custom model) are shown as they are, with `<NA>` level-1 roll-ups.

    Examples:
        >>> df = topic_frame(load_default(), ["Voters elected a new parliament on Sunday.", ""])
        >>> list(df.columns)
        ['topic', 'topics', 'topic_score', 'topic_l1', 'topics_l1']
        >>> df["topic_l1"].tolist()
        ['politics', <NA>]
    """
    rows = topic_rows(clf, check_texts(texts, "topic_frame"))
    # Typed columns built directly: DataFrame(rows).astype(...) cost more than classifying.
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(TOPICS_SCHEMA)
    return pd.DataFrame(
        {
            name: pd.Series(list(values), dtype=dtype)
            for (name, (dtype, _)), values in zip(TOPICS_SCHEMA.items(), columns, strict=True)
        }
    )


def topic_rows(clf: TopicClassifier, texts: Sequence[str]) -> list[TopicRow]:
    """One tuple per text, in order: its `topic_frame` row (`TOPICS_SCHEMA` order), None for NA.

    What the Tagger uses: building a frame costs as much as classifying a short text.

    Examples:
        >>> topic_rows(load_default(), ["Voters elected a new parliament on Sunday.", ""])[1]
        (None, [], None, None, [])
    """
    features = clf._features(texts, "topic_rows")
    scores = clf._scores_of(features)
    known = features.known()
    names = [_display_name(c) for c in clf.classes_.tolist()]
    level1 = [_level1_name(c) for c in clf.classes_.tolist()]
    tree = class_tree(clf.parents_)
    rows: list[TopicRow] = []
    for row, has_words in zip(scores, known, strict=True):
        if not has_words:
            rows.append((None, [], None, None, []))
            continue
        best, picked = clf._pick(row, tree)
        rows.append(
            (
                names[best],
                [names[k] for k in picked],
                float(row[best]),
                level1[best],
                list(dict.fromkeys(lv for k in picked if (lv := level1[k]) is not None)),
            )
        )
    return rows
