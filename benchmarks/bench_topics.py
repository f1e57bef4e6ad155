"""Predict throughput of the shipped topic model, beside the spaCy budget.

    python benchmarks/bench_topics.py [--data ../shared/data] [--repeat 3]

Times `topic_frame(load_default(), texts)` (what the Tagger calls once per batch) in batches of
256 on two kinds of text: AG News items (title + one-sentence description) and BBC News
articles (full texts, ~380 words). Prints items/s and words/s and the classifier's share of
end-to-end tagging time, taking spaCy NER alone at 8,300 words/s (DESIGN.md, same machines).
Research-only texts are only read here, never stored. Not a timed test.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from newsnlp.topics import load_default, topic_frame

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
NER_WORDS_PER_S = 8_300
BATCH = 256


def ag_texts(data: Path) -> list[str]:
    with (data / "ag-news-test" / "test.csv").open(encoding="utf-8", newline="") as fh:
        return [f"{title}. {desc}" for _, title, desc in csv.reader(fh)]


def bbc_texts(data: Path) -> list[str]:
    lines = (data / "bbc-news" / "bbc.jsonl").open(encoding="utf-8")
    return [json.loads(line)["text"] for line in lines]


def bench(texts: list[str], repeat: int) -> tuple[float, float]:
    """Best-of-`repeat` seconds for all texts, and the word count."""
    clf = load_default()
    topic_frame(clf, texts[:BATCH])  # warm up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for i in range(0, len(texts), BATCH):
            topic_frame(clf, texts[i : i + BATCH])
        best = min(best, time.perf_counter() - start)
    return best, float(sum(len(t.split()) for t in texts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Topic classifier throughput.")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    load_default()
    print(f"load_default(): {time.perf_counter() - start:.2f} s (first call)\n")
    print("| texts | n | words/text | items/s | words/s | share of tagging time* |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, texts in (("AG News", ag_texts(args.data)), ("BBC News", bbc_texts(args.data))):
        seconds, words = bench(texts, args.repeat)
        wps = words / seconds
        share = (1 / wps) / (1 / wps + 1 / NER_WORDS_PER_S)
        print(
            f"| {name} | {len(texts):,} | {words / len(texts):.0f} | {len(texts) / seconds:,.0f} "
            f"| {wps:,.0f} | {share:.1%} |"
        )
    print(f"\n* classifier time / (classifier + spaCy NER at {NER_WORDS_PER_S:,} words/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
