"""Speed: what newsnlp adds to spaCy's own NER per item, stage by stage, as ratios in one run.

    python benchmarks/bench_entities.py [--n 800]

Times (CPU) `ner` alone over Reuters-21578 bodies (after one warm-up pass), then each newsnlp
component on the same Docs, language detection and the default topic model on the same texts:
where the time of `tag_archive` beyond NER goes (`bench_archive.py` measures the whole).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsnlp.lang import detect_language, load_detector
from newsnlp.nlp import OWN_COMPONENTS, load_pipeline
from newsnlp.topics import load_default, topic_frame

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=800)
    args = parser.parse_args(argv)
    lines = (DATA / "reuters-21578" / "reuters21578.jsonl").open(encoding="utf-8")
    texts = [json.loads(line)["body"] for _, line in zip(range(args.n), lines, strict=False)]
    started = time.perf_counter()
    nlp = load_pipeline()
    load = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:50]))  # warm-up
    # The same Docs go through ner and then through each newsnlp component, each timed on its
    # own: on a shared machine two separate passes differ by more than the components cost.
    with nlp.select_pipes(enable=["ner"]):
        started = time.process_time()
        docs = list(nlp.pipe(texts, batch_size=64))
        ner = time.process_time() - started
    own = {}
    for name in OWN_COMPONENTS:
        component = nlp.get_pipe(name)
        started = time.process_time()
        docs = list(component.pipe(docs))
        own[name] = time.process_time() - started
    load_detector()
    started = time.process_time()
    for text in texts:
        detect_language(text)
    own["language"] = time.process_time() - started
    topics = load_default()
    started = time.process_time()
    topic_frame(topics, texts)
    own["topics"] = time.process_time() - started
    added = sum(own.values())
    print(f"{len(texts)} texts, {words:,} words; pipeline load {load:.1f} s")
    print(f"{'stage':20} {'CPU s':>7} {'ms/item':>8} {'% of ner':>9}")
    for name, seconds in {"ner": ner, **own}.items():
        print(f"{name:20} {seconds:7.2f} {1000 * seconds / len(texts):8.2f} "
              f"{100 * seconds / ner:8.1f}%")
    # The two budgets are separate: entity components (countries, people, orgs; scores on
    # top) within 12% of ner (20% with scores), and the events stage within 25% on its own.
    events = own.get("newsnlp_events", 0.0)
    scores = own.get("newsnlp_scores", 0.0)
    entity = sum(seconds for name, seconds in own.items() if name in OWN_COMPONENTS)
    unscored = entity - scores - events
    print(f"entity components / ner: +{unscored / ner * 100:.1f}% without scores (goal 12%), "
          f"+{(unscored + scores) / ner * 100:.1f}% with scores (goal 20%)")
    print(f"events / ner: +{events / ner * 100:.1f}% (goal 25%)")
    print(f"ratio (ner + newsnlp) / ner = {(ner + added) / ner:.3f} (+{added / ner * 100:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
