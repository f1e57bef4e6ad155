"""Speed: segmenting as a share of end-to-end tagging, and linear in the text, as ratios in one run.

    python benchmarks/bench_segment.py [--repeat 3]

1. Share of tagging: the rendered bulletins of ../shared/data/bulletins are tagged end to end with
   `Tagger().tag` (segmenting included), and segmented alone with `segment`; the report is the
   ratio of the two CPU times (the goal: under 5%).
2. Linear: the same bulletins joined into one text 1, 4 and 16 times as long; the time per
   character should stay flat (a ratio near 1; quadratic work would make it 4 and 16).

Times are CPU seconds of this process (the machine is shared: report ratios, not absolutes);
each figure is the least of `--repeat` runs. The model loads before any timing starts.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsnlp import Tagger
from newsnlp.segment import segment

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bulletins"


def _best(repeat: int, run: object) -> float:
    assert callable(run)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no bulletins in {DATA}")
    chars = sum(map(len, texts))
    tagger = Tagger()
    tagger.tag(texts[0])  # warm-up: first-call costs are not the steady state

    seg = _best(args.repeat, lambda: [segment(t) for t in texts])
    tag = _best(1, lambda: [tagger.tag(t) for t in texts])
    print(f"{len(texts)} bulletins, {chars:,} characters")
    print(f"segment alone      {seg:8.3f} s CPU")
    print(f"tag end to end     {tag:8.3f} s CPU")
    print(f"segment / tagging  {seg / tag:8.2%}  (goal: under 5%)")

    joined = "\n\n".join(texts)
    base = None
    print("\nlinear: time per character relative to the 1x text")
    for factor in (1, 4, 16):
        text = "\n\n".join([joined] * factor)
        per_char = _best(args.repeat, lambda text=text: segment(text)) / len(text)
        base = base or per_char
        print(f"  {factor:>2}x  {len(text):>10,} chars  per-char ratio {per_char / base:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
