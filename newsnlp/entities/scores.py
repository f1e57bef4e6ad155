"""A calibrated confidence for every entity mention: the probability that span and label are right.

The small English model gives no usable per-entity probability without a beam parser (which costs
more than the NER itself), so the score is a logistic model over signals every run has offline:

- the label, and whether newsnlp's rules kept the NER's span and label, relabelled it, or added
  the span (a gazetteer match, a name shape, a propagated surname);
- agreement with the gazetteers: a place label on a name the gazetteer knows (and how strongly:
  ISO and curated names vs. loose aliases), a PERSON on a name that is also a place, a country
  code found, a person in the leaders dictionary;
- the span's shape: number of words, ALL CAPS, Title Case, digits, a leading article;
- the line it stands on: the share of number tokens and of ALL-CAPS words (sports tables and
  headlines, where the small model errs most);
- repetition: how often the same text is an entity in the item.

The coefficients were fitted on CoNLL-2003 train (`benchmarks/fit_entity_scores.py`): a mention
is right when its span and mapped type equal a gold entity's. Only the coefficients are shipped
(`data/mention_scores.json`, with its provenance); no text or vocabulary of CoNLL is. Measured on
CoNLL-2003 test by `python benchmarks/evaluate_entities.py scores` (reliability table, ECE).
Numeric labels (DATE, CARDINAL, ...) are not entities CoNLL annotates, so they get no score.
Event spans (`doc.spans["events"]`) get the precision measured for their type on WikiEvents dev.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ._extensions import set_extensions
from .countries import Gazetteer
from .leaders import Leaders

DATA_DIR = Path(__file__).parent / "data"
SCORES_FILE = DATA_DIR / "mention_scores.json"

#: Labels a score is given to (the entity labels; numeric values are not scored).
SCORED_LABELS = ("PERSON", "GPE", "LOC", "FAC", "REGION", "ORG", "NORP", "EVENT", "PRODUCT",
                 "WORK_OF_ART", "LAW", "LANGUAGE")
_PLACE = frozenset({"GPE", "LOC", "FAC", "REGION"})


def feature_names() -> list[str]:
    """The names of the features, in the order `features` returns them.

    Examples:
        >>> "label=PERSON" in feature_names()
        True
    """
    names = [f"label={label}" for label in SCORED_LABELS]
    names += ["kept", "relabelled", "added", "gazetteer", "gazetteer_strong",
              "place_label_and_gazetteer", "person_and_place", "person_leader", "has_country",
              "words=1", "words=2", "words=3", "words>=4", "all_caps", "title_case", "digit",
              "lower_word", "article", "line_numbers", "line_caps", "repeated", "repeated>=3",
              "person_words=1"]
    return names


def features(span: Span, ner: dict[tuple[int, int], str], repeats: Counter[str],
             lines: list[tuple[float, float]], line_of: list[int],
             gazetteer: Gazetteer, leaders: Leaders) -> list[float]:
    """The feature vector of one entity (see the module docstring).

    Args:
        span: The entity.
        ner: (start, end) token offsets -> label of the NER's own entities.
        repeats: Entity texts of the Doc and how often each occurs.
        lines: Per line of the Doc: (share of number tokens, share of ALL-CAPS words).
        line_of: Line index of each token.
        gazetteer: The place gazetteer.
        leaders: The leaders dictionary.
    """
    label = span.label_
    text = span.text
    words = [t for t in span if not t.is_space and not t.is_punct]
    n = len(words)
    alpha = [t.text for t in words if t.is_alpha]
    readings = gazetteer.readings(text)
    strong = bool(readings) and gazetteer.is_strong(text)
    original = ner.get((span.start, span.end))
    numbers, caps = lines[line_of[span.start]] if lines else (0.0, 0.0)
    count = repeats[text]
    canonical = span._.canonical or text
    row = [float(label == name) for name in SCORED_LABELS]
    row += [
        float(original == label), float(original is not None and original != label),
        float(original is None), float(bool(readings)), float(strong),
        float(label in _PLACE and bool(readings)),
        float(label == "PERSON" and bool(readings)),
        float(label == "PERSON" and bool(leaders.terms.get(canonical.upper()))),
        float(span._.country is not None),
        float(n <= 1), float(n == 2), float(n == 3), float(n >= 4),
        float(bool(alpha) and all(w.isupper() for w in alpha)),
        float(bool(alpha) and all(w[:1].isupper() for w in alpha)),
        float(any(c.isdigit() for c in text)),
        float(any(w.islower() for w in alpha)),
        float(text[:4].lower() == "the "),
        numbers, caps, float(count >= 2), float(count >= 3),
        float(label == "PERSON" and n <= 1),
    ]
    return row


def line_stats(doc: Doc) -> tuple[list[tuple[float, float]], list[int]]:
    """Per line: share of number tokens and of ALL-CAPS words; and each token's line."""
    line_of: list[int] = []
    stats: list[tuple[float, float]] = []
    numbers = caps = words = 0
    line = 0
    for token in doc:
        line_of.append(line)
        if not token.is_space and not token.is_punct:
            words += 1
            numbers += token.like_num
            caps += token.is_alpha and token.is_upper and len(token) > 1
        if "\n" in token.text or "\n" in token.whitespace_:
            stats.append((numbers / words if words else 0.0, caps / words if words else 0.0))
            numbers = caps = words = 0
            line += 1
    stats.append((numbers / words if words else 0.0, caps / words if words else 0.0))
    return stats, line_of


@lru_cache(maxsize=1)
def load_coefficients(path: str = str(SCORES_FILE)) -> tuple[tuple[float, ...], float]:
    """The shipped coefficients and intercept (checked against `feature_names`)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data["features"] != feature_names():
        from ..errors import Errors, ModelError

        raise ModelError(Errors.E130.format(path=path))
    return tuple(float(c) for c in data["coef"]), float(data["intercept"])


@lru_cache(maxsize=1)
def load_event_precision(path: str = str(SCORES_FILE)) -> tuple[dict[str, float], float]:
    """Per event type, the measured share of right event spans; and the share over all."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return dict(data.get("event_precision", {})), float(data.get("event_prior", 0.5))


def probability(row: list[float], coef: tuple[float, ...], intercept: float) -> float:
    """The logistic model's probability for one feature row."""
    z = intercept + sum(c * x for c, x in zip(coef, row, strict=True))
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


class MentionScorer:
    """spaCy component: `span._.score`, a calibrated confidence, on every entity."""

    def __init__(self, nlp: Language, name: str = "newsnlp_scores") -> None:
        set_extensions()
        self.name = name
        self.gazetteer = Gazetteer.default()
        self.leaders = Leaders.default()

    def rows(self, doc: Doc) -> Iterator[tuple[Span, list[float]]]:
        """Each scored entity of `doc` with its feature row."""
        ents = [e for e in doc.ents if e.label_ in SCORED_LABELS]
        if not ents:
            return
        original = doc._.ner_ents
        ner = ({(s, e): label for s, e, label in original} if original is not None
               else {(e.start, e.end): e.label_ for e in ents})
        repeats = Counter(e.text for e in ents)
        lines, line_of = line_stats(doc)
        for ent in ents:
            yield ent, features(ent, ner, repeats, lines, line_of, self.gazetteer, self.leaders)

    def __call__(self, doc: Doc) -> Doc:
        coef, intercept = load_coefficients()  # read once per process (cached)
        for ent, row in self.rows(doc):
            ent._.score = round(probability(row, coef, intercept), 4)
        events = doc.spans.get("events") if "events" in doc.spans else None
        if events:
            # Event spans (newsnlp_events) have no features of their own here: each gets the
            # precision measured for its type, unless the event finder gave it a score.
            shares, prior = load_event_precision()
            for span in events:
                if span._.score is None:
                    span._.score = shares.get(span._.event_type or span.label_, prior)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs (no state is kept between Docs)."""
        for doc in stream:
            yield self(doc)


@Language.factory("newsnlp_scores", assigns=["span._.score"], requires=["doc.ents"])
def make_mention_scorer(nlp: Language, name: str) -> MentionScorer:
    """Factory of the `newsnlp_scores` component (see `MentionScorer`).

    Examples:
        >>> import spacy
        >>> from spacy.tokens import Span
        >>> nlp = spacy.blank("en")
        >>> scorer = nlp.add_pipe("newsnlp_scores")
        >>> doc = nlp.make_doc("Talks in Baku .")
        >>> doc.ents = [Span(doc, 2, 3, "GPE")]
        >>> 0.0 <= scorer(doc).ents[0]._.score <= 1.0
        True
    """
    return MentionScorer(nlp, name)
