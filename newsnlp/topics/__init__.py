"""Topics: IPTC Media Topic labels with scores for news texts (scikit-learn classifier).

- `load_default()`: the shipped model (see `model/MODEL_CARD.md`).
- `topic_frame(clf, texts)`: one row of topics per text (columns in `TOPICS_SCHEMA`);
  `topic_rows(clf, texts)` gives the same rows as tuples, without building a frame.
- `TopicClassifier`: the estimator; `fit`, `predict`, `predict_proba` (calibrated per-topic
  probabilities), `decision_function`, `predict_labels`, `save`, `load`.
- `train_from_file(path, text_col, label_col, out)`: train your own from CSV/JSONL/Parquet.
- `load_taxonomy()`: the IPTC vocabulary (CC BY 4.0, attribution in the data file).
"""

from .classifier import TopicClassifier
from .tables import TOPICS_SCHEMA, load_default, topic_frame, topic_rows
from .taxonomy import Taxonomy, Topic, load_taxonomy
from .training import read_training_file, train_from_file

__all__ = [
    "TOPICS_SCHEMA",
    "Taxonomy",
    "Topic",
    "TopicClassifier",
    "load_default",
    "load_taxonomy",
    "read_training_file",
    "topic_frame",
    "topic_rows",
    "train_from_file",
]
