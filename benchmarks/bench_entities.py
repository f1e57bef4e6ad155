"""Speed: what newsnlp's entity components add to spaCy's own NER, as a ratio in one run.

    python benchmarks/bench_entities.py [--n 800]

Times `ner` alone and `ner` + the newsnlp components over the same Reuters-21578 bodies (after
one warm-up pass), and the components' load time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsnlp.nlp import OWN_COMPONENTS, load_pipeline

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
    timings = {}
    for label, names in (("ner", ["ner"]), ("ner+newsnlp", ["ner", *OWN_COMPONENTS])):
        with nlp.select_pipes(enable=names):
            list(nlp.pipe(texts[:50]))  # warm-up
            started = time.process_time()
            list(nlp.pipe(texts, batch_size=64))
            timings[label] = time.process_time() - started
    ratio = timings["ner+newsnlp"] / timings["ner"]
    print(f"{len(texts)} texts, {words:,} words; pipeline load {load:.1f} s")
    print(f"ner alone {timings['ner']:.2f} s CPU; ner + {', '.join(OWN_COMPONENTS)} "
          f"{timings['ner+newsnlp']:.2f} s CPU; ratio {ratio:.3f} (+{(ratio - 1) * 100:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
