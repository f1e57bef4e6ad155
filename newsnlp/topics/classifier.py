"""`TopicClassifier`: TF-IDF features and one logistic regression per topic, multi-label.

The classifier is a scikit-learn estimator over raw texts. Each class gets its own binary
logistic regression, so a text can have several topics and every topic gets an independent
score in [0, 1]. When the labels are IPTC Media Topics (names or codes) and `hierarchy=True`,
training follows the taxonomy: a text labelled "election" is also a positive example of
"politics", and a text labelled just "politics" is not used as a negative example of
"election" (it may be about one), so data labelled at level 1 and data labelled at level 2 can
be mixed. Prediction keeps the scores consistent (a topic never scores above its parent).

With `embedding_dims`, word vectors learnt without labels (from the training texts and any
unlabelled texts passed to `fit`) give each text a dense document vector, and a second logistic
regression per topic on it is averaged into the score: words that never occur in a labelled
text (e.g. the vocabulary of full articles, for a model trained on headlines) then count too.

Features are built in `features`, the class tree in `hierarchy`, scores calibrated in
`calibration`; `tables` turns predictions into rows of the `items` table.

A fitted model is a linear function of a fixed vocabulary, so it is saved as plain arrays
(`.npz`, read with `allow_pickle=False`) and JSON: loading a model never runs code from the file.
"""

from __future__ import annotations

import hashlib
import json
import math
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]  # scipy ships no stubs
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ..errors import Errors, InputError, ModelError
from .calibration import best_f1_threshold, platt, sigmoid
from .features import (
    EMBEDDING_MIN_COUNT,
    NEWS_STYLE_WORDS,
    TOKEN_PATTERN,
    VECTOR_SCALE,
    Features,
    FloatArray,
    count_terms,
    ppmi_svd_vectors,
    relevance_frequency,
    restored,
    tfidf_rows,
)
from .hierarchy import (
    Tree,
    best_class,
    class_tree,
    parent_indices,
    path_to,
    topological_order,
    with_ancestors,
)
from .validation import check_finite, check_npz, check_params, check_parents

#: The on-disk format: bump FORMAT_VERSION whenever the layout or meaning of the files changes.
#: Character n-grams added optional fields only (`char_ngrams` in the params, `char_vocabulary`,
#: `char_idf`), written only by a model that uses them: a word-only model is saved as before.
#: Word vectors did the same (`embedding_dims`/`embedding_weight`, `embedding_vocabulary`,
#: `_EMBEDDING_ARRAYS`).
FORMAT_NAME = "newsnlp-topic-classifier"
FORMAT_VERSION = 3
_META_FILE = "model.json"
#: The arrays only a model with `embedding_dims` has (optional fields, like the char ones).
_EMBEDDING_ARRAYS = (
    "word_vectors",
    "embedding_idf",
    "embedding_coef",
    "embedding_intercept",
    "embedding_calibration",
)
_ARRAYS_FILE = "arrays.npz"

#: With threshold="cv", a topic's own threshold counts as much as 0.5 once it has this many
#: positive examples (fewer: closer to 0.5; more: closer to its cross-validated best).
_THRESHOLD_PRIOR = 10.0

#: Fewer (text, topic) pairs than this are fitted in this process whatever `n_jobs` says:
#: starting worker processes and sending them the features costs more than the fit saves.
#: Measured on 2 cores by `benchmarks/bench_topic_fit.py --sizes`: see the model card.
PARALLEL_MIN_PAIRS = 500_000

#: One text's labels: a single label or several.
Labels = str | Sequence[str]


def check_texts(texts: Any, name: str) -> list[str]:
    """Return `texts` as a list of str, rejecting a bare str and non-str items.

    Examples:
        >>> check_texts(("a", "b"), "fit")
        ['a', 'b']
        >>> check_texts("one text", "fit")
        Traceback (most recent call last):
        ...
        newsnlp.errors.InputError: [E030] fit expects an iterable of texts, ...
    """
    if isinstance(texts, str | bytes):
        raise InputError(Errors.E030.format(name=name, preview=texts[:40]))
    if not isinstance(texts, Iterable):
        raise InputError(
            Errors.E031.format(
                name=name, index=0, type_name=type(texts).__name__, preview=repr(texts)[:40]
            )
        )
    out = list(texts)
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise InputError(
                Errors.E031.format(
                    name=name, index=i, type_name=type(text).__name__, preview=repr(text)[:40]
                )
            )
    return out


def _label_sets(y: Any, n_texts: int) -> list[list[Any]]:
    """One list of labels per text, from str labels or list-like label collections."""
    if isinstance(y, str):
        raise InputError(Errors.E037.format(n_texts=n_texts, n_labels="a single str"))
    if getattr(y, "ndim", 1) > 1:
        raise InputError(Errors.E042.format(shape=y.shape))
    rows = list(y)
    if len(rows) != n_texts:
        raise InputError(Errors.E037.format(n_texts=n_texts, n_labels=len(rows)))
    out: list[list[Any]] = []
    for i, row in enumerate(rows):
        if isinstance(row, list | tuple | set | frozenset | np.ndarray):
            labels = [lab.item() if isinstance(lab, np.generic) else lab for lab in row]
        else:
            labels = [row.item() if isinstance(row, np.generic) else row]
        labels = list(dict.fromkeys(labels))
        if not labels or any(lab is None or lab == "" for lab in labels):
            raise InputError(Errors.E041.format(index=i, value=row))
        if any(isinstance(lab, float) and math.isnan(lab) for lab in labels):
            raise InputError(Errors.E041.format(index=i, value=row))
        out.append(labels)
    return out


class TopicClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Multi-label topic classifier over raw texts (TF-IDF + one logistic regression per topic).

    Each topic's score is a calibrated probability in [0, 1] (Platt scaling fitted on
    cross-validated decision values of the training data); a text's scores need not sum to 1,
    as with scikit-learn's multi-label estimators. A text gets every topic scoring at least its
    threshold (at least `min_labels`, at most `max_labels` of them).

    Args:
        ngram_range: Word n-gram range of the TF-IDF features.
        char_ngrams: Also use TF-IDF features of character n-grams of these lengths, taken
            within words (`analyzer="char_wb"`), e.g. (3, 5). They match inflections and parts
            of compounds that whole words miss (Reuters ModApte, 3-fold CV on train: micro-F1
            0.903 -> 0.908, macro 0.576 -> 0.589), at the cost of about 3x the terms, 10x the
            fitting time and 8x the prediction time. None (the default): word n-grams only.
        min_df: Ignore terms in fewer than this many training texts.
        max_features: Keep at most this many terms (the most frequent); bounds the model size.
        sublinear_tf: Use 1 + log(tf) instead of raw term counts.
        stop_words: "news" (the default) drops scikit-learn's English stop words and
            `NEWS_STYLE_WORDS` (function words, reporting verbs and dates carry style, not
            topic, and would tie topics to the style of their training source); "english" drops
            the English stop words only; None keeps every word.
        C: Inverse L2 regularisation strength of each logistic regression.
        relevance_weights: Scale each topic's TF-IDF features by the term's relevance
            frequency for that topic, rf = log2(2 + a / max(1, c)), where a and c count the
            topic's positive and negative training texts containing the term (Lan, Tan, Su &
            Lu 2009, "Supervised and traditional term weighting methods for automatic text
            categorization"): terms concentrated in a topic's texts weigh more in its model.
            Learnt from the texts each model is fitted on (so also per calibration fold) and
            folded into the weights: prediction costs the same and the model is saved in the
            same format. Reuters ModApte, 3-fold CV on train, C=30: micro-F1 0.903 -> 0.907,
            macro 0.576 -> 0.607; with `char_ngrams` (3, 5), C=100: 0.908 -> 0.911, macro
            0.591 -> 0.612. False (the default): the same TF-IDF features for every topic.
        class_weight: "balanced" (the default) weights each topic's positives and negatives by
            inverse frequency, so rare topics are still predicted; None weights texts equally.
        threshold: Score at or above which a topic is predicted (`predict_labels`,
            `topic_frame`'s `topics`), or "cv": one threshold per topic, the one that maximises
            that topic's F1 on the cross-validated training scores, shrunk towards 0.5 for
            topics with few examples.
        calibration: "sigmoid" (the default): map each topic's margin to a probability with
            Platt scaling fitted on `cv`-fold out-of-fold margins of the training data; None:
            the logistic regression's own probability (skewed by `class_weight`), no extra fits.
        cv: Number of cross-validation folds for `calibration` and `threshold="cv"` (fewer for
            a topic with fewer examples; a topic with a single example is not calibrated).
        min_labels: 1 (the default) gives every text with a known word its best topic even if
            it scores below the threshold; 0 allows texts with no topic.
        max_labels: At most this many top-level topics per text (each with the subtopics
            under it that pass their threshold); None for no limit.
        min_examples: Fewer training texts than this for a label is an error (E043).
        hierarchy: Treat labels that are IPTC Media Topics as a hierarchy (see the module
            docstring). Has no effect on other labels.
        embedding_dims: Also learn word vectors of this many dimensions, without labels, from
            the training texts plus `fit`'s `unlabelled` texts (PPMI of words within 5 words of
            each other, reduced by truncated SVD), and a second logistic regression per topic
            on a text's document vector (the IDF-weighted mean of its words' vectors). A word
            that never occurs in a labelled text still counts through its vector. None (the
            default): TF-IDF features only.
        embedding_weight: With `embedding_dims`, the share of the document-vector model in
            each topic's score (the calibrated probabilities of the two models are averaged
            with weights 1 - w and w).
        n_jobs: Processes that fit topics in parallel (joblib's convention: None is one
            unless inside a `joblib.parallel_backend` context, -1 is every core). The model is
            the same for any value; it is not saved with the model.

    Examples:
        >>> texts = ["the team won the cup final", "parliament passed the budget",
        ...          "the striker scored twice", "voters elected a new parliament"]
        >>> clf = TopicClassifier(min_df=1, min_examples=1, calibration=None).fit(
        ...     texts, ["sport", "politics", "sport", "election"])
        >>> list(clf.classes_)
        ['election', 'politics', 'sport']
        >>> clf.predict(["the cup final"]).tolist()
        ['sport']
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] | None = None,
        min_df: int = 2,
        max_features: int | None = 100_000,
        sublinear_tf: bool = True,
        stop_words: str | None = "news",
        C: float = 10.0,
        relevance_weights: bool = False,
        class_weight: str | None = "balanced",
        threshold: float | str = 0.5,
        calibration: str | None = "sigmoid",
        cv: int = 5,
        min_labels: int = 1,
        max_labels: int | None = 3,
        min_examples: int = 2,
        hierarchy: bool = True,
        embedding_dims: int | None = None,
        embedding_weight: float = 0.7,
        n_jobs: int | None = None,
    ) -> None:
        self.ngram_range = ngram_range
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words
        self.C = C
        self.relevance_weights = relevance_weights
        self.class_weight = class_weight
        self.threshold = threshold
        self.calibration = calibration
        self.cv = cv
        self.min_labels = min_labels
        self.max_labels = max_labels
        self.min_examples = min_examples
        self.hierarchy = hierarchy
        self.embedding_dims = embedding_dims
        self.embedding_weight = embedding_weight
        self.n_jobs = n_jobs

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.classifier_tags.multi_label = False  # y is a list of label lists, not a matrix
        return tags

    # -- fitting -----------------------------------------------------------------------------

    def _check_params(self) -> None:
        def bad(name: str, reason: str) -> InputError:
            value = getattr(self, name)
            return InputError(Errors.E009.format(name=name, value=value, reason=reason))

        if self.threshold != "cv" and not (
            isinstance(self.threshold, int | float) and 0.0 <= float(self.threshold) <= 1.0
        ):
            raise bad("threshold", "use a number in 0..1 or 'cv'")
        if self.char_ngrams is not None and not (
            isinstance(self.char_ngrams, tuple | list)
            and len(self.char_ngrams) == 2
            and all(isinstance(n, int) for n in self.char_ngrams)
            and 1 <= self.char_ngrams[0] <= self.char_ngrams[1]
        ):
            raise bad("char_ngrams", "use None or (min_n, max_n) with 1 <= min_n <= max_n")
        if not float(self.C) > 0.0:
            raise bad("C", "must be > 0")
        if not isinstance(self.relevance_weights, bool):
            raise bad("relevance_weights", "use True or False")
        if self.stop_words not in (None, "english", "news"):
            raise bad("stop_words", "use 'news', 'english' or None")
        if self.class_weight not in (None, "balanced"):
            raise bad("class_weight", "use None or 'balanced'")
        if self.calibration not in (None, "sigmoid"):
            raise bad("calibration", "use 'sigmoid' or None")
        if not (isinstance(self.cv, int) and self.cv >= 2):
            raise bad("cv", "use an int >= 2")
        if self.min_labels not in (0, 1):
            raise bad("min_labels", "use 0 or 1")
        if self.max_labels is not None and not (
            isinstance(self.max_labels, int) and self.max_labels >= 1
        ):
            raise bad("max_labels", "use an int >= 1 or None")
        if not (isinstance(self.min_examples, int) and self.min_examples >= 1):
            raise bad("min_examples", "use an int >= 1")
        if self.embedding_dims is not None and not (
            isinstance(self.embedding_dims, int)
            and not isinstance(self.embedding_dims, bool)
            and self.embedding_dims >= 1
        ):
            raise bad("embedding_dims", "use None or an int >= 1")
        if not (
            isinstance(self.embedding_weight, int | float) and 0.0 <= self.embedding_weight <= 1.0
        ):
            raise bad("embedding_weight", "use a number in 0..1")
        if self.n_jobs is not None and (
            not isinstance(self.n_jobs, int) or isinstance(self.n_jobs, bool) or self.n_jobs == 0
        ):
            raise bad("n_jobs", "use None, a positive int, or a negative int (-1: every core)")

    def _make_vectorizer(self, vocabulary: list[str] | None = None) -> TfidfVectorizer:
        stop_words: str | list[str] | None = self.stop_words
        if stop_words == "news":
            stop_words = sorted(ENGLISH_STOP_WORDS | NEWS_STYLE_WORDS)
        return self._tfidf(vocabulary, ngram_range=tuple(self.ngram_range),
                           stop_words=stop_words, token_pattern=TOKEN_PATTERN)

    def _make_char_vectorizer(self, vocabulary: list[str] | None = None) -> TfidfVectorizer:
        # No stop words: they are words, and the n-grams inside topic words are what counts.
        assert self.char_ngrams is not None
        return self._tfidf(vocabulary, analyzer="char_wb", ngram_range=tuple(self.char_ngrams))

    def _tfidf(self, vocabulary: list[str] | None, **specific: Any) -> TfidfVectorizer:
        # What word and character features share; a saved vocabulary is used as it is.
        return TfidfVectorizer(
            lowercase=True,
            strip_accents="unicode",
            min_df=1 if vocabulary is not None else self.min_df,
            max_features=None if vocabulary is not None else self.max_features,
            sublinear_tf=self.sublinear_tf,
            vocabulary=vocabulary,
            dtype=np.float32,
            **specific,
        )

    def fit(
        self, X: Iterable[str], y: Iterable[Labels], unlabelled: Iterable[str] | None = None
    ) -> TopicClassifier:
        """Learn topics from texts and their labels.

        Args:
            X: The texts (an iterable of str, not a single str).
            y: One entry per text: a label, or a list of labels for a text with several topics.
            unlabelled: More texts, without labels, to learn word vectors from (with X) when
                `embedding_dims` is set; ignored otherwise.

        Returns:
            self, fitted.

        Raises:
            InputError: [E037] not one label entry per text, [E038] fewer than two classes,
                [E041] an empty label, [E042] an indicator matrix, [E043] a label with fewer
                than `min_examples` texts, [E044] empty texts, [E045] no usable words,
                [E009] `embedding_dims` not below the number of words with a vector.

        Examples:
            >>> clf = TopicClassifier(min_df=1, min_examples=1).fit(
            ...     ["a goal", "a vote", "a goal and a vote"],
            ...     ["sport", "politics", ["sport", "politics"]])
            >>> clf.classes_.tolist()
            ['politics', 'sport']
        """
        self._check_params()
        texts = check_texts(X, "TopicClassifier.fit")
        extra = [] if unlabelled is None else check_texts(unlabelled, "TopicClassifier.fit")
        label_sets = _label_sets(y, len(texts))
        empty = [i for i, text in enumerate(texts) if not text.strip()]
        if empty:
            raise InputError(
                Errors.E044.format(n_empty=len(empty), n_texts=len(texts), rows=empty[:5])
            )
        counts: dict[Any, int] = {}
        for labels in label_sets:
            for lab in labels:
                counts[lab] = counts.get(lab, 0) + 1
        rare = sorted((lab for lab, n in counts.items() if n < self.min_examples), key=_sort_key)
        if rare and len(counts) >= 2:
            raise InputError(
                Errors.E043.format(
                    n_rare=len(rare),
                    labels=", ".join(f"{lab!r} ({counts[lab]})" for lab in rare[:5]),
                    min_examples=self.min_examples,
                )
            )
        if self.hierarchy:
            label_sets = [with_ancestors(labels) for labels in label_sets]
        classes = sorted({lab for labels in label_sets for lab in labels}, key=_sort_key)
        if len(classes) < 2:
            raise InputError(
                Errors.E038.format(n_classes=len(classes), classes=", ".join(map(str, classes)))
            )
        self.classes_ = np.asarray(classes, dtype=_label_dtype(classes))
        parents = parent_indices(classes) if self.hierarchy else [-1] * len(classes)
        self.parents_ = np.asarray(parents, dtype=np.int64)

        # One BLAS thread here and in `_fit_topic`, in a worker or not: the order of BLAS's
        # sums, and so the model, then does not depend on the number of cores or of jobs (with
        # two threads the word vectors' SVD came out with other signs, and lbfgs stopped at
        # other weights). It costs little: BLAS only works on a few hundred dense columns.
        with threadpool_limits(1):
            self._fit_models(texts, extra, label_sets, classes)
        return self

    def _fit_models(
        self, texts: list[str], extra: list[str], label_sets: list[list[Any]], classes: list[Any]
    ) -> None:
        """The features, word vectors and every topic's models (`fit` once the labels pass)."""
        index = {lab: i for i, lab in enumerate(classes)}
        self.vectorizer_ = self._make_vectorizer()
        self.char_vectorizer_ = None if self.char_ngrams is None else self._make_char_vectorizer()
        try:
            features = self.vectorizer_.fit_transform(texts)
            if self.char_vectorizer_ is not None:
                # Each block is L2-normalised on its own, so words and characters weigh alike.
                chars = self.char_vectorizer_.fit_transform(texts)
                features = sp.hstack([features, chars], format="csr", dtype=np.float32)
        except ValueError as err:  # "empty vocabulary": only stop words, numbers or rare words
            raise InputError(Errors.E045.format(n_texts=len(texts), reason=err)) from err
        self.embedding_vectorizer_: TfidfVectorizer | None = None
        self.word_vectors_: FloatArray | None = None
        docs = None
        if self.embedding_dims is not None:
            embedding = self._fit_word_vectors(texts + extra)
            docs = self._doc_vectors(embedding.transform(texts))
        Y = np.zeros((len(texts), len(classes)), dtype=bool)
        for row, labels in enumerate(label_sets):
            Y[row, [index[lab] for lab in labels]] = True

        n_classes = len(classes)
        coef = np.zeros((n_classes, features.shape[1]), dtype=np.float32)
        intercept = np.zeros(n_classes, dtype=np.float32)
        calibration = np.tile(np.array([1.0, 0.0]), (n_classes, 1))
        n_dims = 0 if docs is None else docs.shape[1]
        emb_coef = np.zeros((n_classes, n_dims), dtype=np.float32)
        emb_intercept = np.zeros(n_classes, dtype=np.float32)
        emb_calibration = calibration.copy()
        fixed = float(self.threshold) if self.threshold != "cv" else 0.5
        thresholds = np.full(n_classes, fixed)
        need_oof = self.calibration is not None or self.threshold == "cv"
        tasks = []
        for k in range(n_classes):
            rows = self._training_rows(Y, k)
            tasks.append((rows, Y[rows, k]))
        # Each topic's fits are independent. Processes, not threads: liblinear shuffles with
        # one global random generator, so threads would make the models irreproducible. Only
        # the parameters travel with the task (an unfitted clone), not the vectorisers.
        fitter = clone(self)
        fitted = Parallel(n_jobs=self._n_jobs_for(len(texts) * n_classes))(
            delayed(fitter._fit_topic)(features, docs, rows, target, need_oof)
            for rows, target in tasks
        )
        for k, ((_, target), topic) in enumerate(zip(tasks, fitted, strict=True)):
            if topic is None:  # nothing to separate: a constant score
                intercept[k] = emb_intercept[k] = 10.0 if target.all() else -10.0
                continue
            (coef[k], intercept[k], oof), (emb_coef[k], emb_intercept[k], emb_oof) = topic
            if oof is None:  # too few examples to hold any out (or not needed)
                continue
            if self.calibration == "sigmoid":
                calibration[k] = platt(oof, target)
            held_scores = sigmoid(oof, calibration[k])
            if emb_oof is not None:  # the same folds as the words' model
                if self.calibration == "sigmoid":
                    emb_calibration[k] = platt(emb_oof, target)
                w = float(self.embedding_weight)
                held_scores = (1.0 - w) * held_scores + w * sigmoid(emb_oof, emb_calibration[k])
            if self.threshold == "cv":
                best = best_f1_threshold(held_scores, target)
                # A topic's best held-out threshold is noisy when it has few examples (on
                # Reuters the raw per-topic optimum lost 3 points of micro-F1 to 0.5 in CV):
                # shrink it towards 0.5 as if `_THRESHOLD_PRIOR` more examples agreed with 0.5.
                n_pos = float(target.sum())
                thresholds[k] = (n_pos * best + _THRESHOLD_PRIOR * 0.5) / (n_pos + _THRESHOLD_PRIOR)
        self.coef_ = np.asfortranarray(coef)  # see _margins_of
        self.intercept_ = intercept
        self.calibration_ = calibration
        self.thresholds_ = thresholds
        self.embedding_coef_ = emb_coef
        self.embedding_intercept_ = emb_intercept
        self.embedding_calibration_ = emb_calibration

    def _n_jobs_for(self, pairs: int) -> int | None:
        """`n_jobs`, or 1 when the fit is too small for worker processes to pay for themselves
        (`PARALLEL_MIN_PAIRS`); None (joblib's context decides) is left to joblib."""
        if self.n_jobs is None or self.n_jobs == 1 or pairs >= PARALLEL_MIN_PAIRS:
            return self.n_jobs
        return 1

    def _fit_topic(
        self,
        features: Any,
        docs: FloatArray | None,
        rows: npt.NDArray[np.bool_],
        target: npt.NDArray[np.bool_],
        need_oof: bool,
    ) -> tuple[tuple[Any, float, FloatArray | None], tuple[Any, float, FloatArray | None]] | None:
        """One topic's words model and document-vector model; None if `target` is one class.

        Each model is (weights, intercept, out-of-fold margins or None); without
        `embedding_dims` the document-vector model is (0.0, 0.0, None).
        """
        if target.all() or not target.any():
            return None
        with threadpool_limits(1):  # see fit (here too: in a worker process)
            words = self._fit_binary(
                features[rows], target, need_oof, self._binary_model, self.relevance_weights
            )
            vectors: tuple[Any, float, FloatArray | None] = (0.0, 0.0, None)
            if docs is not None:
                vectors = self._fit_binary(docs[rows], target, need_oof, self._dense_model)
        return words, vectors

    def _fit_binary(
        self,
        x: Any,
        target: npt.NDArray[np.bool_],
        need_oof: bool,
        make: Any,
        relevance: bool = False,
    ) -> tuple[Any, float, FloatArray | None]:
        """One topic's weights and intercept, and its out-of-fold margins if `need_oof`.

        With `relevance`, every model (also each fold's) learns the relevance frequencies of
        `relevance_weights` from its own training rows, so no held-out label shapes a margin.
        """
        coef, intercept = self._fit_one(x, target, make, relevance)
        oof = self._out_of_fold_margins(x, target, make, relevance) if need_oof else None
        return coef, intercept, oof

    def _fit_one(
        self, x: Any, target: npt.NDArray[np.bool_], make: Any, relevance: bool
    ) -> tuple[Any, float]:
        """One binary model's weights over x's columns, and its intercept."""
        model = make(x.shape)
        if not relevance:
            model.fit(x, target)
            return model.coef_[0], float(model.intercept_[0])
        # Fitting on x * rf and predicting with coef * rf give the same margins.
        rf = relevance_frequency(x, target).astype(np.float32)
        model.fit(x @ sp.diags(rf), target)
        return model.coef_[0] * rf, float(model.intercept_[0])

    def _dense_model(self, shape: tuple[int, int]) -> LogisticRegression:
        # A few hundred dense columns: lbfgs in the primal is fast where liblinear's dual
        # solver (one variable per text) took minutes.
        return LogisticRegression(
            C=self.C, solver="lbfgs", class_weight=self.class_weight, max_iter=1000
        )

    # -- word vectors ------------------------------------------------------------------------

    def _fit_word_vectors(self, texts: list[str]) -> TfidfVectorizer:
        """Learn word vectors from `texts` (no labels) and the IDF that weighs them (returned)."""
        assert self.embedding_dims is not None
        # The words, in order (unigrams: the word-feature analyser would append its bigrams).
        analyse = self._make_embedding_vectorizer(None).build_analyzer()
        docs = [analyse(text) for text in texts]
        counts: dict[str, int] = {}
        for words in docs:
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        vocabulary = sorted(w for w, n in counts.items() if n >= EMBEDDING_MIN_COUNT)
        if self.embedding_dims >= len(vocabulary):
            raise InputError(
                Errors.E009.format(
                    name="embedding_dims",
                    value=self.embedding_dims,
                    reason=f"must be below the {len(vocabulary)} words seen at least "
                    f"{EMBEDDING_MIN_COUNT} times in the texts",
                )
            )
        self.word_vectors_ = ppmi_svd_vectors(docs, vocabulary, self.embedding_dims)
        self.embedding_vectorizer_ = self._make_embedding_vectorizer(vocabulary).fit(texts)
        return self.embedding_vectorizer_

    def _make_embedding_vectorizer(self, vocabulary: list[str] | None) -> TfidfVectorizer:
        # Unnormalised IDF-weighted counts: `_doc_vectors` normalises the sum itself.
        vectorizer = self._make_vectorizer(vocabulary)
        vectorizer.set_params(ngram_range=(1, 1), norm=None)
        return vectorizer

    def _doc_vectors(self, weighted: Any) -> FloatArray:
        """Each text's document vector: the L2-normalised sum of its IDF-weighted word vectors.

        `weighted` is the texts' IDF-weighted word counts over the word-vector vocabulary.
        """
        assert self.word_vectors_ is not None
        # word_vectors_ is kept row-major: scipy's sparse @ dense copies a column-major matrix
        # on every call (7.6 ms for one text, against 0.01 ms).
        docs = np.asarray(weighted @ self.word_vectors_)
        norms = np.linalg.norm(docs, axis=1, keepdims=True)
        out: FloatArray = np.divide(docs, norms, out=np.zeros_like(docs), where=norms > 0)
        return out

    def _binary_model(self, shape: tuple[int, int]) -> LogisticRegression:
        return LogisticRegression(
            C=self.C,
            solver="liblinear",
            # The dual problem has one variable per text: 5-15x faster when there are more
            # terms than texts (the usual case), and the same solution.
            dual=shape[1] > shape[0],
            class_weight=self.class_weight,
            max_iter=1000,
            random_state=0,  # liblinear shuffles; fixed for reproducible models
        )

    def _out_of_fold_margins(
        self, x: Any, target: npt.NDArray[np.bool_], make: Any, relevance: bool = False
    ) -> FloatArray | None:
        """Each training text's margin from a model fitted on the other folds (None: too few).

        The folds reuse the vectoriser fitted on all the texts: refitting it per fold would
        multiply the cost for a negligible change in the held-out margins' distribution.
        """
        n_splits = min(self.cv, int(target.sum()), int((~target).sum()))
        if n_splits < 2:
            return None
        oof = np.zeros(target.shape[0])
        folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
        for train, held in folds.split(np.zeros(target.shape[0]), target):
            coef, intercept = self._fit_one(x[train], target[train], make, relevance)
            oof[held] = x[held] @ coef + intercept
        return oof

    def _training_rows(self, Y: npt.NDArray[np.bool_], k: int) -> npt.NDArray[np.bool_]:
        """Rows that are a positive or a known negative example of class k.

        A text labelled with an ancestor of k but with none of that ancestor's child classes
        (e.g. just "politics", for k = "election" or any topic below it) says nothing about k.
        """
        unknown = np.zeros(Y.shape[0], dtype=bool)
        parent = int(self.parents_[k])
        while parent >= 0:
            children = np.flatnonzero(self.parents_ == parent)
            unknown |= Y[:, parent] & ~Y[:, children].any(axis=1)
            parent = int(self.parents_[parent])
        return ~unknown

    # -- prediction --------------------------------------------------------------------------

    def decision_function(self, X: Iterable[str]) -> FloatArray:
        """Raw margins, one column per class (one column of class 1 vs 0 for two classes).

        Examples:
            >>> clf = TopicClassifier(min_df=1, min_examples=1).fit(
            ...     ["a goal", "a vote"], ["sport", "politics"])
            >>> bool(clf.decision_function(["a goal"])[0] > 0)  # classes_[1] is "sport"
            True
        """
        features = self._features(X, "TopicClassifier.decision_function")
        if features.docs is not None:  # two models: the log-odds of their averaged scores
            p = np.clip(self._blend(features), 1e-12, 1.0 - 1e-12)
            margins: FloatArray = np.log(p) - np.log1p(-p)
        else:
            margins = self._margins_of(features.words)
        if len(self.classes_) == 2:
            return margins[:, 1] - margins[:, 0]
        return margins

    def _features(self, X: Iterable[str], name: str) -> Features:
        check_is_fitted(self, ["coef_", "vectorizer_"])
        texts = check_texts(X, name)
        # Each text is tokenised once for both the TF-IDF terms and the word vectors, without
        # scikit-learn's per-call input checks (together 2 of the 4 ms of classifying one short
        # text through two `transform` calls); `tfidf_rows` gives the same values.
        embedding = getattr(self, "embedding_vectorizer_", None)
        counts, embedding_counts = count_terms(texts, self.vectorizer_, embedding)
        features = tfidf_rows(counts, self.vectorizer_.idf_, self.sublinear_tf, normalise=True)
        chars = getattr(self, "char_vectorizer_", None)
        if chars is not None:
            features = sp.hstack([features, chars.transform(texts)], format="csr", dtype=np.float32)
        docs = None
        if embedding is not None:
            weighted = tfidf_rows(embedding_counts, embedding.idf_, self.sublinear_tf)
            docs = self._doc_vectors(weighted)
        return Features(features, docs)

    def _margins_of(self, features: Any) -> FloatArray:
        # coef_ is column-major, so coef_.T is C-contiguous: scipy's sparse @ dense would
        # otherwise copy the whole (n_terms, n_classes) matrix on every call (most of the
        # cost of classifying one short text).
        margins = features @ self.coef_.T
        return np.asarray(margins, dtype=np.float64) + self.intercept_.astype(np.float64)

    def _blend(self, features: Features) -> FloatArray:
        """Each topic's calibrated score before the hierarchy: words, and document vectors."""
        scores: FloatArray = sigmoid(self._margins_of(features.words), self.calibration_.T)
        if features.docs is not None:
            margins = features.docs @ self.embedding_coef_.T.astype(np.float64)
            margins += self.embedding_intercept_.astype(np.float64)
            w = float(self.embedding_weight)
            scores = (1.0 - w) * scores + w * sigmoid(margins, self.embedding_calibration_.T)
        return scores

    def _scores_of(self, features: Features) -> FloatArray:
        scores = self._blend(features)
        for k in topological_order(self.parents_):
            parent = int(self.parents_[k])
            if parent >= 0:
                np.minimum(scores[:, k], scores[:, parent], out=scores[:, k])
        return scores

    def predict_proba(self, X: Iterable[str]) -> FloatArray:
        """Calibrated probability of each topic, shape (n_texts, n_classes), in [0, 1].

        Multi-label: each column is that topic's own probability, so a row need not sum to 1
        (as `OneVsRestClassifier` returns for multi-label data). With `hierarchy=True` a topic
        never scores above its parent topic.

        Examples:
            >>> clf = TopicClassifier(min_df=1, min_examples=1).fit(
            ...     ["a goal", "a vote"], ["sport", "politics"])
            >>> proba = clf.predict_proba(["a goal"])
            >>> proba.shape, bool(proba[0, 1] > proba[0, 0])  # classes_[1] is "sport"
            ((1, 2), True)
        """
        return self._scores_of(self._features(X, "TopicClassifier.predict_proba"))

    def predict_scores(self, X: Iterable[str]) -> FloatArray:
        """The same as `predict_proba` (kept for code written before it).

        Examples:
            >>> clf = TopicClassifier(min_df=1, min_examples=1).fit(
            ...     ["a goal", "a vote"], ["sport", "politics"])
            >>> clf.predict_scores(["a goal"]).shape
            (1, 2)
        """
        return self._scores_of(self._features(X, "TopicClassifier.predict_scores"))

    def predict(self, X: Iterable[str]) -> npt.NDArray[Any]:
        """The single best label of each text (the most specific one under `hierarchy`).

        Examples:
            >>> clf = TopicClassifier(min_df=1, min_examples=1).fit(
            ...     ["a goal", "a vote"], ["sport", "politics"])
            >>> clf.predict(["a vote", "a goal"]).tolist()
            ['politics', 'sport']
        """
        scores = self.predict_scores(X)
        tree = class_tree(self.parents_)
        return self.classes_[[best_class(row, tree, self.thresholds_) for row in scores]]

    def predict_labels(self, X: Iterable[str]) -> list[list[Any]]:
        """Each text's labels, best first: those scoring at least their threshold.

        At least `min_labels` and at most `max_labels` top-level topics (with their subtopics)
        per text; a subtopic is kept only with its parent topic.

        Examples:
            >>> clf = TopicClassifier(min_df=1, min_examples=1).fit(
            ...     ["a goal", "a vote"], ["sport", "politics"])
            >>> clf.predict_labels(["a goal"])
            [['sport']]
        """
        scores = self.predict_scores(X)
        classes = self.classes_.tolist()
        tree = class_tree(self.parents_)
        return [[classes[k] for k in self._pick(row, tree)[1]] for row in scores]

    def _pick(self, row: FloatArray, tree: Tree) -> tuple[int, list[int]]:
        """The best class of one row of scores and all the classes picked, best first."""
        best = best_class(row, tree, self.thresholds_)
        passed = row >= self.thresholds_
        order = np.lexsort((tree[2], -row))  # best first; a parent before a child it ties
        picked: list[int] = []
        roots: list[int] = []
        for k in order[passed[order]].tolist():
            root, parent = k, int(self.parents_[k])
            ok = True
            while parent >= 0:  # a subtopic counts only under a picked parent
                ok = ok and bool(passed[parent])
                root, parent = parent, int(self.parents_[parent])
            if not ok:
                continue
            if root not in roots:
                if self.max_labels is not None and len(roots) >= self.max_labels:
                    continue
                roots.append(root)
            picked.append(k)
        if not picked and self.min_labels:
            picked = path_to(best, self.parents_)
        return best, picked

    # -- persistence -------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the fitted model to the directory `path` (created if needed): JSON + `.npz`.

        The weights are stored as 16-bit floats, which halves the size and moves scores by
        less than 0.001.

        Returns:
            The directory written.

        Examples:
            >>> import tempfile
            >>> clf = TopicClassifier(min_df=1, min_examples=1).fit(
            ...     ["a goal", "a vote"], ["sport", "politics"])
            >>> sorted(p.name for p in clf.save(tempfile.mkdtemp()).iterdir())
            ['arrays.npz', 'model.json']
        """
        check_is_fitted(self, ["coef_", "vectorizer_"])
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        arrays = out / _ARRAYS_FILE
        chars = getattr(self, "char_vectorizer_", None)
        saved: dict[str, Any] = {
            "coef": np.ascontiguousarray(self.coef_, dtype=np.float16),  # the saved layout
            "intercept": self.intercept_,
            "idf": np.asarray(self.vectorizer_.idf_, dtype=np.float64),
            "parents": self.parents_,
            "calibration": self.calibration_,
            "thresholds": self.thresholds_,
        }
        if chars is not None:
            saved["char_idf"] = np.asarray(chars.idf_, dtype=np.float64)
        embedding = getattr(self, "embedding_vectorizer_", None)
        if embedding is not None:
            assert self.word_vectors_ is not None
            saved["word_vectors"] = np.round(self.word_vectors_ * VECTOR_SCALE).astype(np.int8)
            saved["embedding_idf"] = np.asarray(embedding.idf_, dtype=np.float64)
            saved["embedding_coef"] = self.embedding_coef_
            saved["embedding_intercept"] = self.embedding_intercept_
            saved["embedding_calibration"] = self.embedding_calibration_
        with arrays.open("wb") as fh:
            np.savez_compressed(fh, **saved)
        params = self.get_params()
        del params["n_jobs"]  # how the model was fitted, not what it is
        params["ngram_range"] = list(params["ngram_range"])
        char_ngrams = params.pop("char_ngrams")  # absent from word-only models (FORMAT_VERSION)
        if params["embedding_dims"] is None:  # the same: absent from models without vectors
            del params["embedding_dims"], params["embedding_weight"]
        if not params["relevance_weights"]:  # a fitting option only: absent unless used
            del params["relevance_weights"]
        meta = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "params": params,
            "classes": self.classes_.tolist(),
            "vocabulary": self.vectorizer_.get_feature_names_out().tolist(),
        }
        if chars is not None:
            params["char_ngrams"] = list(char_ngrams)
            meta["char_vocabulary"] = chars.get_feature_names_out().tolist()
        if embedding is not None:
            meta["embedding_vocabulary"] = embedding.get_feature_names_out().tolist()
        meta["sha256"] = model_digest(meta, arrays.read_bytes())
        (out / _META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return out

    @classmethod
    def load(cls, path: str | Path) -> TopicClassifier:
        """Read a model written by `save`. Runs no code from the files (no pickle).

        Raises:
            ModelError: [E032] unreadable, [E033] another format version, [E034] damaged or
                changed files; [E050]-[E054] files that pass the checksum but hold an invalid
                model (a cycle or bad index in the hierarchy, a non-numeric or oversized array,
                NaN or infinite weights, an n-gram range out of bounds): see `validation`.

        Examples:
            >>> import tempfile
            >>> clf = TopicClassifier(min_df=1, min_examples=1).fit(
            ...     ["a goal", "a vote"], ["sport", "politics"])
            >>> TopicClassifier.load(clf.save(tempfile.mkdtemp())).predict(["a goal"]).tolist()
            ['sport']
        """
        src = Path(path)
        try:
            meta = json.loads((src / _META_FILE).read_text(encoding="utf-8"))
            blob = (src / _ARRAYS_FILE).read_bytes()
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
            # RecursionError: a deeply nested JSON document is damage too, not a crash.
            raise ModelError(Errors.E032.format(path=src, reason=err)) from err
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
            raise ModelError(Errors.E032.format(path=src, reason="not a newsnlp topic model"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise ModelError(
                Errors.E033.format(
                    path=src, found=meta.get("format_version"), expected=FORMAT_VERSION
                )
            )
        if model_digest(meta, blob) != meta.get("sha256"):
            raise ModelError(Errors.E034.format(path=src, reason="checksum"))
        # The checksum catches accidents, not edits: check what the files hold (E050-E054).
        check_npz(src / _ARRAYS_FILE, src)
        if isinstance(meta.get("params"), dict):
            check_params(src, meta["params"])
        try:
            params = {**meta["params"], "ngram_range": tuple(meta["params"]["ngram_range"])}
            if params.get("char_ngrams") is not None:
                params["char_ngrams"] = tuple(params["char_ngrams"])
            clf = cls(**params)
            char_vocabulary = meta["char_vocabulary"] if clf.char_ngrams else None
            with np.load(src / _ARRAYS_FILE, allow_pickle=False) as npz:
                coef, intercept = npz["coef"], npz["intercept"]
                idf, parents = npz["idf"], npz["parents"]
                calibration, thresholds = npz["calibration"], npz["thresholds"]
                char_idf = npz["char_idf"] if clf.char_ngrams else None
                embedding = None
                if clf.embedding_dims is not None:
                    embedding = {name: npz[name] for name in _EMBEDDING_ARRAYS}
            classes, vocabulary = meta["classes"], meta["vocabulary"]
            n_classes, n_terms = len(classes), len(vocabulary)
            n_chars = 0 if char_vocabulary is None else len(char_vocabulary)
            if coef.shape != (n_classes, n_terms + n_chars) or idf.shape != (n_terms,):
                raise ValueError(f"coef {coef.shape} / idf {idf.shape} do not fit the vocabulary")
            if char_idf is not None and char_idf.shape != (n_chars,):
                raise ValueError(f"char_idf {char_idf.shape} does not fit the char vocabulary")
            if intercept.shape != (n_classes,) or parents.shape != (n_classes,):
                raise ValueError("intercept/parents do not fit the classes")
            if calibration.shape != (n_classes, 2) or thresholds.shape != (n_classes,):
                raise ValueError("calibration/thresholds do not fit the classes")
            if not all(isinstance(word, str) for word in vocabulary):
                raise ValueError("the vocabulary holds something other than strings")
            check_finite(src, {"coef": coef, "intercept": intercept, "idf": idf,
                               "calibration": calibration, "thresholds": thresholds,
                               "char_idf": char_idf, **(embedding or {})})
            if parents.dtype.kind not in "iu":
                raise ModelError(Errors.E052.format(path=src, name="parents",
                                                    found=f"of dtype {parents.dtype}",
                                                    expected="an integer array"))
            check_parents(src, parents)
            vectorizer = restored(clf._make_vectorizer(vocabulary), idf)
            char_vectorizer = None
            if char_vocabulary is not None and char_idf is not None:
                char_vectorizer = restored(clf._make_char_vectorizer(char_vocabulary), char_idf)
            if embedding is not None:
                clf._set_embedding(meta["embedding_vocabulary"], embedding, n_classes)
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, OSError, EOFError, zipfile.BadZipFile) as err:
            raise ModelError(Errors.E034.format(path=src, reason=err)) from err
        clf.classes_ = np.asarray(classes, dtype=_label_dtype(classes))
        clf.parents_ = parents.astype(np.int64)
        clf.coef_ = np.asfortranarray(coef, dtype=np.float32)  # see _margins_of
        clf.intercept_ = intercept.astype(np.float32)
        clf.calibration_ = calibration.astype(np.float64)
        clf.thresholds_ = thresholds.astype(np.float64)
        clf.vectorizer_ = vectorizer
        clf.char_vectorizer_ = char_vectorizer
        return clf

    def _set_embedding(self, vocabulary: list[str], arrays: dict[str, Any], n_classes: int) -> None:
        """Restore the word vectors and document-vector model from saved arrays."""
        n_words = len(vocabulary)
        vectors, idf = arrays["word_vectors"], arrays["embedding_idf"]
        if vectors.shape != (n_words, self.embedding_dims) or idf.shape != (n_words,):
            raise ValueError(f"word vectors {vectors.shape} do not fit the embedding vocabulary")
        coef, intercept = arrays["embedding_coef"], arrays["embedding_intercept"]
        calibration = arrays["embedding_calibration"]
        if coef.shape != (n_classes, self.embedding_dims) or intercept.shape != (n_classes,):
            raise ValueError("embedding coef/intercept do not fit the classes")
        if calibration.shape != (n_classes, 2):
            raise ValueError("embedding calibration does not fit the classes")
        self.word_vectors_ = np.ascontiguousarray(vectors / VECTOR_SCALE, dtype=np.float32)
        self.embedding_vectorizer_ = restored(self._make_embedding_vectorizer(vocabulary), idf)
        self.embedding_coef_ = coef.astype(np.float32)
        self.embedding_intercept_ = intercept.astype(np.float32)
        self.embedding_calibration_ = calibration.astype(np.float64)


# -- helpers -----------------------------------------------------------------------------------


def model_digest(meta: dict[str, Any], arrays: bytes) -> str:
    """The checksum of a saved model: its arrays and every other field of its JSON.

    Covering the JSON too means a reordered vocabulary or class list (which would silently
    change every prediction) is caught like a damaged array file.
    """
    digest = hashlib.sha256(arrays)
    fields = {key: value for key, value in meta.items() if key != "sha256"}
    digest.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _sort_key(label: Any) -> tuple[str, Any]:
    return (type(label).__name__, label)


def _label_dtype(classes: Sequence[Any]) -> Any:
    return object if any(isinstance(c, str) for c in classes) else None
