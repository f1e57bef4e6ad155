"""Fitting time of `TopicClassifier` with its topics fitted in parallel processes (`n_jobs`).

    python benchmarks/bench_topic_fit.py [--data ../shared/data] [--jobs -1] [--repeat 1]
        [--reuters-docs 7770] [--char-ngrams]
    python benchmarks/bench_topic_fit.py --sizes 250,500,1000,2000,4000,8000 [--repeat 3]

`--sizes` measures where parallel fitting starts to pay (the crossover behind
`newsnlp.topics.classifier.PARALLEL_MIN_PAIRS`): `TopicClassifier()` with its default options
(and `min_examples=1`, as a small sample has topics seen once),
as a user's `TopicClassifier(n_jobs=-1).fit(texts, labels)` runs it, on seeded samples of N
texts of the default model's training set, fitted with `n_jobs=1`, with `n_jobs=--jobs` forced
to start its workers whatever the size, and with `n_jobs=--jobs` as shipped (parallel only at or
past the crossover). The work is counted in (text, topic) pairs: what each topic's fit costs
grows with its rows, and there is one fit per topic.

Two workloads, each fitted with `n_jobs=1` and with `n_jobs=--jobs`, alternately, `--repeat`
times (wall-clock seconds, best of the repeats; the speed-up is a ratio of the two, measured in
the same run):
- the shipped default model: `scripts/train_default_topics.py`'s training set, unlabelled texts
  and hyper-parameters (25 IPTC topics, word vectors);
- Reuters-21578 ModApte train (research-only; only read here): 90 topics, C=100 with relevance
  weights, the options `benchmarks/evaluate_topics.py` searches (`--char-ngrams`: with
  character 3-5-grams too, about 10x slower).
Also checks that both fits give the same weights (the model does not depend on `n_jobs`).
Not a timed test.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from joblib.externals.loky import get_reusable_executor

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from evaluate_topics import REUTERS_COMMON, reuters_data  # noqa: E402
from train_default_topics import PARAMS, build_training_set, unlabelled_texts  # noqa: E402

from newsnlp.topics import TopicClassifier, classifier  # noqa: E402

Fit = Callable[[int], TopicClassifier]


def default_model(data: Path) -> Fit:
    examples = build_training_set(data)
    texts = [text for text, _, _ in examples]
    labels = [labels for _, labels, _ in examples]
    unlabelled = unlabelled_texts(data, examples)
    return lambda n_jobs: TopicClassifier(**PARAMS, n_jobs=n_jobs).fit(
        texts, labels, unlabelled=unlabelled
    )


def reuters(data: Path, n_docs: int, char_ngrams: bool) -> Fit:
    texts, labels, *_ = reuters_data(data)
    texts, labels = texts[:n_docs], labels[:n_docs]
    params = {**REUTERS_COMMON, "C": 100.0, "relevance_weights": True}
    if char_ngrams:
        params["char_ngrams"] = (3, 5)
    return lambda n_jobs: TopicClassifier(**{**params, "n_jobs": n_jobs}).fit(texts, labels)


def compare(name: str, fit: Fit, jobs: int, repeat: int) -> None:
    best = {1: float("inf"), jobs: float("inf")}
    models: dict[int, TopicClassifier] = {}
    for _ in range(repeat):
        for n_jobs in (1, jobs):
            start = time.perf_counter()
            models[n_jobs] = fit(n_jobs)
            best[n_jobs] = min(best[n_jobs], time.perf_counter() - start)
    same = all(
        np.array_equal(getattr(models[1], a), getattr(models[jobs], a))
        for a in ("coef_", "intercept_", "calibration_", "embedding_coef_", "thresholds_")
    )
    print(
        f"| {name} | {len(models[1].classes_)} | {best[1]:.1f} | {best[jobs]:.1f} | "
        f"{best[1] / best[jobs]:.2f}x | {'yes' if same else 'NO'} |",
        flush=True,
    )


def crossover(data: Path, sizes: list[int], jobs: int, repeat: int) -> None:
    examples = build_training_set(data)
    random.Random(0).shuffle(examples)
    shipped = classifier.PARALLEL_MIN_PAIRS
    print(f"| texts | topics | pairs | n_jobs=1 (s) | n_jobs={jobs}, forced (s) | speed-up | "
          f"n_jobs={jobs}, shipped (s) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        texts = [text for text, _, _ in examples[:size]]
        labels = [labels for _, labels, _ in examples[:size]]
        best = {"1": float("inf"), "forced": float("inf"), "shipped": float("inf")}
        n_topics = 0
        for _ in range(repeat):  # alternately, so that a drift of the machine hits all alike
            for name, n_jobs, gate in (("1", 1, shipped), ("forced", jobs, 0),
                                       ("shipped", jobs, shipped)):
                classifier.PARALLEL_MIN_PAIRS = gate
                # Cold workers, as a script that fits once meets them: joblib keeps its worker
                # processes for the next call, which would hide their start-up from all but the
                # first measurement.
                get_reusable_executor().shutdown(wait=True)
                start = time.perf_counter()
                clf = TopicClassifier(n_jobs=n_jobs, min_examples=1).fit(texts, labels)
                best[name] = min(best[name], time.perf_counter() - start)
                n_topics = len(clf.classes_)
        classifier.PARALLEL_MIN_PAIRS = shipped
        print(f"| {size:,} | {n_topics} | {size * n_topics:,} | {best['1']:.2f} | "
              f"{best['forced']:.2f} | {best['1'] / best['forced']:.2f}x | "
              f"{best['shipped']:.2f} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="TopicClassifier fitting time by n_jobs.")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--jobs", type=int, default=-1, help="n_jobs of the parallel fit")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--reuters-docs", type=int, default=7770, help="ModApte train docs")
    parser.add_argument("--char-ngrams", action="store_true", help="Reuters with char 3-5-grams")
    parser.add_argument("--sizes", help="comma-separated sample sizes: measure the crossover")
    args = parser.parse_args(argv)
    if args.sizes:
        crossover(args.data, [int(n) for n in args.sizes.split(",")], args.jobs, args.repeat)
        return 0
    print(f"| workload | topics | n_jobs=1 (s) | n_jobs={args.jobs} (s) | speed-up | same model |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    compare("default model (37k texts, word vectors)", default_model(args.data), args.jobs,
            args.repeat)
    features = "words + chars + rf" if args.char_ngrams else "words + rf"
    compare(f"Reuters ModApte train ({args.reuters_docs:,} docs, {features}, C=100)",
            reuters(args.data, args.reuters_docs, args.char_ngrams), args.jobs, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
