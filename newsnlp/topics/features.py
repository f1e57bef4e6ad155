"""Texts as the topic classifier sees them: tokens, TF-IDF rows, relevance weights, word vectors.

`count_terms` and `tfidf_rows` compute what `TfidfVectorizer.transform` does, tokenising each
text once for both the TF-IDF terms and the word-vector words and skipping scikit-learn's per-call
input checks, which cost more than classifying a short text.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]  # scipy ships no stubs
from scipy.sparse.linalg import svds  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer

#: Words that say how news is written, not what it is about: reporting verbs and the calendar.
#: Without them a topic learnt mostly from one source (e.g. articles vs headlines) would be
#: predicted for any text written in that source's style.
NEWS_STYLE_WORDS = frozenset(
    [
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tells",
        "according",
        "reported",
        "reports",
        "reportedly",
        "added",
        "announced",
        "statement",
        "spokesman",
        "spokeswoman",
        "quoted",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "today",
        "yesterday",
        "tomorrow",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "day",
        "days",
        "time",
        "times",
        "ago",
        "earlier",
        "later",
        "mr",
        "mrs",
        "ms",
    ]
)
#: Tokens: runs of two or more letters (numbers carry no topic and vary by source).
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"
#: Word vectors (`embedding_dims`): words seen fewer times than this in the texts they are
#: learnt from get no vector, and a word's context is this many words either side.
EMBEDDING_MIN_COUNT = 3
_EMBEDDING_WINDOW = 5
#: Word vectors (unit length, so every component is in [-1, 1]) are saved as int8 multiples of
#: 1 / VECTOR_SCALE: 27k words x 100 dimensions take 2.0 MB compressed instead of 5.0 MB as
#: float16.
VECTOR_SCALE = 127.0

FloatArray = npt.NDArray[np.float64]


class Features(NamedTuple):
    """A batch of texts as the classifier sees them."""

    words: Any  #: sparse TF-IDF rows (words, then character n-grams if any)
    docs: FloatArray | None  #: document vectors, with `embedding_dims`

    def known(self) -> npt.NDArray[np.bool_]:
        """Texts with at least one word the model knows (a TF-IDF term or a word vector)."""
        known: npt.NDArray[np.bool_] = np.asarray(self.words.getnnz(axis=1)) > 0
        if self.docs is not None:
            known |= np.any(self.docs != 0.0, axis=1)
        return known


def ppmi_svd_vectors(docs: list[list[str]], vocabulary: list[str], dims: int) -> FloatArray:
    """L2-normalised word vectors: truncated SVD of the words' positive PMI matrix.

    Two words co-occur when at most `_EMBEDDING_WINDOW` words apart (stop words already out).
    Context counts are smoothed to the power 0.75 (Levy, Goldberg & Dagan 2015), which keeps
    rare context words from dominating the PMI; each vector is U * sqrt(S).
    """
    index = {word: i for i, word in enumerate(vocabulary)}
    rows, cols = [], []
    for words in docs:
        ids = np.array([index[w] for w in words if w in index], dtype=np.int64)
        for offset in range(1, _EMBEDDING_WINDOW + 1):
            if ids.size > offset:
                rows.append(ids[:-offset])
                cols.append(ids[offset:])
    n = len(vocabulary)
    left = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    right = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    pairs = np.ones(2 * left.size)
    counts = sp.coo_matrix((pairs, (np.r_[left, right], np.r_[right, left])), shape=(n, n))
    counts = counts.tocsr().tocoo()  # sums duplicate pairs
    total = max(float(counts.sum()), 1.0)
    word_p = np.asarray(counts.sum(axis=1)).ravel() / total
    context = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    context_p = context / max(float(context.sum()), 1e-300)
    pmi = np.log(counts.data / total) - np.log(word_p[counts.row]) - np.log(context_p[counts.col])
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (counts.row[keep], counts.col[keep])), shape=(n, n))
    # A fixed start vector makes the SVD, and so the model, reproducible.
    u, sigma, _ = svds(ppmi, k=dims, v0=np.full(n, 1.0 / math.sqrt(n)))
    order = np.argsort(-sigma)
    vectors = u[:, order] * np.sqrt(sigma[order])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    out: FloatArray = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    # Kept at the precision they are saved with (`VECTOR_SCALE`), so a saved model scores
    # as the fitted one; row-major, see TopicClassifier._doc_vectors.
    return np.ascontiguousarray(np.round(out * VECTOR_SCALE) / VECTOR_SCALE, dtype=np.float32)


def restored(vectorizer: TfidfVectorizer, idf: FloatArray) -> TfidfVectorizer:
    """A vectoriser made with a saved vocabulary, given its fitted state (no text to fit on)."""
    vectorizer.vocabulary_ = {term: i for i, term in enumerate(vectorizer.vocabulary)}
    vectorizer.idf_ = idf
    return vectorizer


def count_terms(
    texts: list[str], words: TfidfVectorizer, embedding: TfidfVectorizer | None
) -> tuple[Any, Any]:
    """Counts of `words`' terms and of `embedding`'s words in each text, tokenising it once.

    Both vectorisers share the preprocessing, tokens and stop words (see
    `TopicClassifier._make_vectorizer`); the n-grams are those of scikit-learn's word analyser
    (each n from the shortest, in order).
    """
    preprocess, tokenize = words.build_preprocessor(), words.build_tokenizer()
    stop = words.get_stop_words() or frozenset()
    min_n, max_n = words.ngram_range
    vocabulary = words.vocabulary_
    word_vocabulary = None if embedding is None else embedding.vocabulary_
    counts, word_counts = _SparseRows(), _SparseRows()
    for text in texts:
        tokens = [token for token in tokenize(preprocess(text)) if token not in stop]
        grams = list(tokens) if min_n == 1 else []
        for n in range(max(min_n, 2), max_n + 1):
            grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        counts.add(Counter(k for gram in grams if (k := vocabulary.get(gram)) is not None))
        if word_vocabulary is not None:
            word_counts.add(
                Counter(k for token in tokens if (k := word_vocabulary.get(token)) is not None)
            )
    return (
        counts.matrix(len(vocabulary)),
        None if word_vocabulary is None else word_counts.matrix(len(word_vocabulary)),
    )


class _SparseRows:
    """A CSR matrix of counts built one row (a `Counter` of column indices) at a time."""

    def __init__(self) -> None:
        self.indptr: list[int] = [0]
        self.indices: list[int] = []
        self.data: list[int] = []

    def add(self, row: Counter[int]) -> None:
        self.indices += row.keys()
        self.data += row.values()
        self.indptr.append(len(self.indices))

    def matrix(self, n_columns: int) -> Any:
        out = sp.csr_matrix(
            (
                np.asarray(self.data, dtype=np.float64),
                np.asarray(self.indices, dtype=np.int32),
                np.asarray(self.indptr, dtype=np.int32),
            ),
            shape=(len(self.indptr) - 1, n_columns),
        )
        out.sort_indices()
        return out


def tfidf_rows(counts: Any, idf: FloatArray, sublinear: bool, normalise: bool = False) -> Any:
    """TF-IDF weights of `counts` as `TfidfVectorizer.transform` computes them (float32)."""
    data = counts.data.copy()
    if sublinear:
        data = np.log(data) + 1.0
    data *= idf[counts.indices]
    if normalise:  # L2 norm per row: every stored weight is > 0, so a stored row has a norm
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        data /= np.sqrt(np.bincount(rows, weights=data * data, minlength=counts.shape[0]))[rows]
    return sp.csr_matrix(
        (data.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape
    )


def relevance_frequency(x: Any, target: npt.NDArray[np.bool_]) -> FloatArray:
    """Each column's relevance frequency for one topic: log2(2 + a / max(1, c)).

    a and c are the numbers of positive and negative rows of the sparse x in which the column
    is non-zero: 1 for a term never seen in a positive text, growing as the term concentrates
    in the topic's texts (Lan et al. 2009; unlike idf, it uses the labels).

    Examples:
        >>> x = sp.csr_matrix([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
        >>> relevance_frequency(x, np.array([True, True, False])).round(3).tolist()
        [2.0, 1.585, 1.0]
    """
    x = sp.csr_matrix(x)
    a = np.bincount(x[target].indices, minlength=x.shape[1])
    c = np.bincount(x[~target].indices, minlength=x.shape[1])
    rf: FloatArray = np.log2(2.0 + a / np.maximum(1.0, c))
    return rf
