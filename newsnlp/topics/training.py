"""Training a `TopicClassifier` from a labelled CSV, JSONL or Parquet file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, InputError, Warnings, warn
from .classifier import TopicClassifier


def read_training_file(
    path: str | Path, text_col: str = "text", label_col: str = "label", sep: str = "|"
) -> tuple[list[str], list[list[str]]]:
    """Texts and label lists from a CSV, JSONL/JSON or Parquet file.

    A label cell is either a string, with several labels joined by `sep` ("politics|election"),
    or a list of strings (a JSON array in JSONL, a list column in Parquet). Rows with an empty
    text or label are dropped with a warning (W030).

    Examples:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "train.csv"
        >>> _ = p.write_text("text,label\\nA vote,politics|election\\nA goal,sport\\n")
        >>> read_training_file(p)
        (['A vote', 'A goal'], [['politics', 'election'], ['sport']])
    """
    src = Path(path)
    suffix = src.suffix.lower()
    try:
        if suffix == ".csv":
            df = pd.read_csv(src, dtype={text_col: "string", label_col: "string"})
        elif suffix in (".jsonl", ".json"):
            df = pd.read_json(src, lines=suffix == ".jsonl", dtype=False)
        elif suffix == ".parquet":
            df = pd.read_parquet(src)
        else:
            raise InputError(Errors.E035.format(path=src, suffix=suffix))
    except OSError as err:
        raise InputError(Errors.E002.format(path=src, reason=err)) from err
    except ValueError as err:
        # pandas' parser errors, undecodable bytes and broken Parquet are all ValueErrors.
        reason = f"not valid {suffix} ({err})"
        raise InputError(Errors.E002.format(path=src, reason=reason)) from err
    for column in (text_col, label_col):
        if column not in df.columns:
            raise InputError(
                Errors.E036.format(path=src, column=column, columns=", ".join(map(str, df.columns)))
            )
    texts: list[str] = []
    labels: list[list[str]] = []
    for text, cell in zip(df[text_col].tolist(), df[label_col].tolist(), strict=True):
        if isinstance(cell, str):
            row = [lab.strip() for lab in cell.split(sep)]
        elif isinstance(cell, list | tuple | np.ndarray):
            row = [str(lab).strip() for lab in cell]
        else:
            row = []
        row = [lab for lab in row if lab]
        if isinstance(text, str) and text.strip() and row:
            texts.append(text)
            labels.append(row)
    if len(texts) < len(df):
        warn(Warnings.W030.format(n_rows=len(df) - len(texts), n_total=len(df), path=src))
    return texts, labels


def train_from_file(
    path: str | Path,
    text_col: str = "text",
    label_col: str = "label",
    out: str | Path | None = None,
    **params: Any,
) -> TopicClassifier:
    """Fit a `TopicClassifier` on a labelled file and save it to `out` (if given).

    Args:
        path: A .csv, .jsonl/.json or .parquet file (see `read_training_file` for labels).
        text_col: The column holding the texts.
        label_col: The column holding the labels.
        out: The directory to save the model to; None to only return it.
        **params: `TopicClassifier` hyper-parameters (e.g. `threshold=0.4`).

    Returns:
        The fitted classifier.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "t.csv").write_text("text,label\\nA vote,politics\\nA goal,sport\\n")
        >>> clf = train_from_file(d / "t.csv", out=d / "model", min_df=1, min_examples=1)
        >>> TopicClassifier.load(d / "model").predict(["a goal"]).tolist()
        ['sport']
    """
    texts, labels = read_training_file(path, text_col, label_col)
    clf = TopicClassifier(**params).fit(texts, labels)
    if out is not None:
        clf.save(out)
    return clf
