"""Fit the mention-score coefficients (entities/data/mention_scores.json) on CoNLL-2003 train.

    python benchmarks/fit_entity_scores.py [--limit N]

Runs the default pipeline (ner and newsnlp's components, without the scorer) over CoNLL-2003
train, labels each entity right (span and mapped type equal a gold entity's) or wrong, and fits
a logistic regression on the features of `newsnlp.entities.scores`. Only the coefficients are
written; CoNLL-2003 is research-only and none of its text is shipped. Test is never read here:
`python benchmarks/evaluate_entities.py scores` measures the calibration on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).parent))
from evaluate_entities import CONLL_MAP, DATA, KAIROS_TO_OURS, conll_docs

from newsnlp.entities.scores import SCORES_FILE, MentionScorer, feature_names
from newsnlp.nlp import load_pipeline


def labelled_rows(split: str, limit: int | None) -> tuple[list[list[float]], list[int]]:
    """Feature rows and right/wrong labels of every scored entity of a CoNLL split."""
    nlp = load_pipeline()
    scorer = nlp.get_pipe("newsnlp_scores")
    assert isinstance(scorer, MentionScorer)
    docs = conll_docs(limit, split)
    names = [n for n in nlp.pipe_names if n != "newsnlp_scores"]
    rows: list[list[float]] = []
    labels: list[int] = []
    with nlp.select_pipes(enable=names):
        for (_, gold), doc in zip(docs, nlp.pipe((nlp.make_doc(t) for t, _ in docs),
                                                 batch_size=64), strict=True):
            for ent, row in scorer.rows(doc):
                kind = CONLL_MAP.get(ent.label_)
                rows.append(row)
                labels.append(int((ent.start_char, ent.end_char, kind) in gold))
    return rows, labels


def event_precision(limit: int | None) -> tuple[dict[str, float], float]:
    """Share of newsnlp's event spans of each type that hold a gold trigger of that type.

    Measured on WikiEvents dev (never test); types WikiEvents does not annotate get the share
    over all measured types.
    """
    nlp = load_pipeline()
    names = [n for n in nlp.pipe_names if n != "newsnlp_scores"]
    records = [json.loads(line) for line in
               (DATA / "wikievents-news-events" / "dev.jsonl").open(encoding="utf-8")][:limit]
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    measured = set(KAIROS_TO_OURS.values())
    with nlp.select_pipes(enable=names):
        for record in records:
            starts, offset = [], 0
            for token in record["tokens"]:
                starts.append(offset)
                offset += len(token) + 1
            doc = nlp(" ".join(record["tokens"]))
            gold = [(starts[m["trigger"]["start"]], KAIROS_TO_OURS.get(m["event_type"]))
                    for m in record["event_mentions"]]
            for span in doc.spans.get("events", ()):
                kind = span._.event_type
                if kind not in measured:
                    continue
                total[kind] += 1
                right[kind] += any(span.start_char <= g < span.end_char and t == kind
                                   for g, t in gold)
    prior = sum(right.values()) / max(1, sum(total.values()))
    # Types seen fewer than 20 times lean on the prior (add-20 smoothing towards it).
    shares = {k: round((right[k] + 20 * prior) / (total[k] + 20), 4) for k in sorted(total)}
    return shares, round(prior, 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    rows, labels = labelled_rows("train", args.limit)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(rows, labels)
    shares, prior = event_precision(args.limit)
    data = {
        "provenance": (
            "Logistic regression fitted by benchmarks/fit_entity_scores.py on the entities "
            "newsnlp's default pipeline (en_core_web_sm 3.8 + newsnlp components) finds in "
            "CoNLL-2003 train (eng.train, 14,041 sentences; research-only data: only these "
            "coefficients are shipped, no text). Target: span and mapped type equal a gold "
            f"entity's. {len(labels)} entities, {sum(labels)} right. Event spans: the share "
            "of each type's spans that hold a gold trigger of that type in WikiEvents dev "
            "(research-only; only the shares are shipped), smoothed towards the overall "
            f"share. Fitted {date.today()}."
        ),
        "event_precision": shares,
        "event_prior": prior,
        "features": feature_names(),
        "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
    }
    SCORES_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{len(labels)} entities, {sum(labels)} right; wrote {SCORES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
