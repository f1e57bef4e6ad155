"""Predict throughput of the shipped topic model, beside the spaCy budget.

    python benchmarks/bench_topics.py [--data ../shared/data] [--repeat 3] [--baseline DIR]

Times `topic_rows(load_default(), texts)` (what the Tagger calls once per batch) in batches of
256 on two kinds of text: AG News items (title + one-sentence description) and BBC News
articles (full texts, ~380 words). Prints items/s and words/s, and the classifier's share of
end-to-end tagging time: `Tagger().tag(...)` over the first `--tag-sample` texts of each kind,
measured in the same run, against `topic_rows` on the same texts. With `--baseline DIR` (e.g. a
previous model written by `TopicClassifier.save`), that model's items/s is measured in the same
run too, with the shipped model's speed as a ratio of it. Last, the classifier's features
(TF-IDF rows and document vectors, each text tokenised once) against the same features from
scikit-learn's fitted `TfidfVectorizer.transform` (one pass per vectoriser), in batches of 256
and of one text: CPU seconds, best of `--repeat`. Research-only texts are only read here, never
stored. Not a timed test.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from newsnlp import Tagger
from newsnlp.topics import TopicClassifier, load_default, topic_rows

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
BATCH = 256


def ag_texts(data: Path) -> list[str]:
    with (data / "ag-news-test" / "test.csv").open(encoding="utf-8", newline="") as fh:
        return [f"{title}. {desc}" for _, title, desc in csv.reader(fh)]


def bbc_texts(data: Path) -> list[str]:
    lines = (data / "bbc-news" / "bbc.jsonl").open(encoding="utf-8")
    return [json.loads(line)["text"] for line in lines]


def bench(clf: TopicClassifier, texts: list[str], repeat: int) -> tuple[float, float]:
    """Best-of-`repeat` seconds for all texts, and the word count."""
    topic_rows(clf, texts[:BATCH])  # warm up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for i in range(0, len(texts), BATCH):
            topic_rows(clf, texts[i : i + BATCH])
        best = min(best, time.perf_counter() - start)
    return best, float(sum(len(t.split()) for t in texts))


def tagging_share(texts: list[str]) -> tuple[float, float]:
    """Seconds to tag `texts` end to end (one item each), and the classifier's share of it."""
    tagger = Tagger()
    tagger.tag("\n\n".join(texts[:5]))  # warm up: loads spaCy and the gazetteers
    start = time.perf_counter()
    for text in texts:
        tagger.tag(text)
    total = time.perf_counter() - start
    clf = load_default()
    start = time.perf_counter()
    for text in texts:
        topic_rows(clf, [text])
    return total, (time.perf_counter() - start) / total


def feature_seconds(
    clf: TopicClassifier, texts: list[str], batch: int, repeat: int
) -> tuple[float, float]:
    """Best CPU seconds for the classifier's features of `texts`, and for scikit-learn's."""

    def ours(part: list[str]) -> None:
        clf._features(part, "bench")

    def sklearn(part: list[str]) -> None:
        clf.vectorizer_.transform(part)
        if clf.embedding_vectorizer_ is not None:
            clf._doc_vectors(clf.embedding_vectorizer_.transform(part))

    best = {ours: float("inf"), sklearn: float("inf")}
    for _ in range(repeat):  # alternated, so a slower spell of the machine hits both
        for run in best:
            start = time.process_time()
            for i in range(0, len(texts), batch):
                run(texts[i : i + batch])
            best[run] = min(best[run], time.process_time() - start)
    return best[ours], best[sklearn]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Topic classifier throughput.")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, default=None, help="a model dir to compare")
    parser.add_argument("--tag-sample", type=int, default=200, help="texts tagged end to end")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    load_default()
    print(f"load_default(): {time.perf_counter() - start:.2f} s (first call)\n")
    corpora = (("AG News", ag_texts(args.data)), ("BBC News", bbc_texts(args.data)))
    baseline = TopicClassifier.load(args.baseline) if args.baseline else None
    print("| texts | n | words/text | items/s | words/s | baseline items/s | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, texts in corpora:
        seconds, words = bench(load_default(), texts, args.repeat)
        versus = "| - | -"
        if baseline is not None:
            base_seconds, _ = bench(baseline, texts, args.repeat)
            versus = f"| {len(texts) / base_seconds:,.0f} | {base_seconds / seconds:.2f}x"
        print(
            f"| {name} | {len(texts):,} | {words / len(texts):.0f} | {len(texts) / seconds:,.0f} "
            f"| {words / seconds:,.0f} {versus} |"
        )
    print("\n| texts | n tagged | Tagger items/s | classifier share of tagging time |")
    print("| --- | ---: | ---: | ---: |")
    for name, texts in corpora:
        sample = texts[: args.tag_sample]
        total, share = tagging_share(sample)
        print(f"| {name} | {len(sample):,} | {len(sample) / total:,.1f} | {share:.1%} |")
    print("\nshare: topic_rows one text at a time (as in a 1-item tag call) / Tagger().tag time")

    print("\n| features of | batch | items/s | scikit-learn's transform, items/s | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    clf = load_default()
    for name, texts in corpora:
        for batch, sample in ((BATCH, texts), (1, texts[:1000])):
            ours, sklearn = feature_seconds(clf, sample, batch, args.repeat)
            print(
                f"| {name} | {batch} | {len(sample) / ours:,.0f} | {len(sample) / sklearn:,.0f} "
                f"| {sklearn / ours:.2f}x |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
