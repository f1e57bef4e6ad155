"""Archive benchmark: `tag_archive` end to end against bare spaCy ner-only, same texts, same run.

    python benchmarks/bench_archive.py                 # >= 20,000 Reuters items (minutes)
    python benchmarks/bench_archive.py --items 1000    # a quick look

The corpus is Reuters-21578 from ../shared/data rendered as digest bulletins of 50 items
(`_corpus.py`), in a temporary folder. Each measurement runs in its own process, with the model
loaded before the clock starts:

- baseline: en_core_web_sm with only `ner` (it carries its own embedding layer and needs neither
  tok2vec nor the parser), `nlp.pipe(texts, batch_size=64)` over the item texts that the
  segmenter finds in the bulletins; run before and again after the one-process `tag_archive`
  run, which is compared with the mean of the two, because this machine's speed drifts by
  10-15% over minutes;
- `tag_archive(folder, out)`: read, hash, segment, entities, topics, Parquet, manifest, with
  n_process=1 and n_process=2;
- peak memory (the process's RSS high-water mark) of `tag_archive` with n_process=1 over the
  first tenth of the corpus and over all of it.

Goals (issue 7): newsnlp >= 0.85 x bare ner-only items/s with one process, >= 1.7 x its own
one-process speed with two, peak memory of the two sizes within 10% of each other. The
one-process ratio is also given by CPU time, which other load on a shared machine moves less.
Minor page faults per item show how often fresh memory had to be mapped and zeroed
(`newsnlp/archive/allocator.py`).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus


def _minor_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _cpu_seconds() -> float:
    # This process and its finished workers: on a shared machine CPU time is steadier than the
    # clock, so the one-process ratio is also given by CPU time.
    own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                        resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _child_baseline(folder: Path, batch_size: int) -> dict[str, float]:
    import spacy

    from newsnlp import segment
    from newsnlp.nlp import resolve_model

    texts = [item.text for path in sorted(folder.glob("*.txt"))
             for item in segment(path.read_text(encoding="utf-8"))]
    model = resolve_model()
    nlp = spacy.load(model, exclude=[p for p in spacy.load(model).pipe_names if p != "ner"])
    list(nlp.pipe(texts[:64]))  # warm up
    start, cpu, faults = time.perf_counter(), _cpu_seconds(), _minor_faults()
    with nlp.memory_zone():
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu_seconds": _cpu_seconds() - cpu, "items": len(texts),
            "faults": _minor_faults() - faults,
            "words": sum(len(t.split()) for t in texts),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child_archive(folder: Path, n_process: int, batch_size: int) -> dict[str, float]:
    from newsnlp import Tagger, tag_archive

    Tagger(batch_size=batch_size)  # loads the pipeline and topic model: not timed
    with tempfile.TemporaryDirectory() as out:
        start, cpu, faults = time.perf_counter(), _cpu_seconds(), _minor_faults()
        summary = tag_archive(folder, Path(out) / "run", n_process=n_process, progress=False,
                              batch_size=batch_size)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu_seconds": _cpu_seconds() - cpu, "items": summary.n_items,
            "faults": _minor_faults() - faults,
            "errors": summary.n_errors,
            "duplicates": summary.n_duplicates,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "children_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _measure(*args: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    result: dict[str, float] = json.loads(proc.stdout.splitlines()[-1])
    # Each figure as soon as it is measured, so a long run that fails later still tells.
    print(f"{' '.join(args[:1] + args[2:3])}: {json.dumps(result)}", file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Stories, not items: the segmenter merges about 0.5% of them, so 20,200 give >= 20,000 items.
    parser.add_argument("--items", type=int, default=20_200)
    parser.add_argument("--per-file", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder, n_process = args.child
        result = (_child_baseline(Path(folder), args.batch_size) if kind == "baseline" else
                  _child_archive(Path(folder), int(n_process), args.batch_size))
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as tmp:
        full, small = Path(tmp) / "full", Path(tmp) / "small"
        _corpus.build(full, args.items, args.per_file)
        _corpus.build(small, args.items // 10, args.per_file)
        bs = ("--batch-size", str(args.batch_size))
        before = _measure("baseline", str(full), "1", *bs)
        one = _measure("archive", str(full), "1", *bs)
        after = _measure("baseline", str(full), "1", *bs)
        two = _measure("archive", str(full), "2", *bs)
        tenth = _measure("archive", str(small), "1", *bs)

    base = {key: (before[key] + after[key]) / 2 for key in before}
    words = base["words"]
    print(f"corpus: {base['items']:,.0f} items ({words:,.0f} words) in "
          f"{-(-args.items // args.per_file):,} bulletins of {args.per_file} Reuters items; "
          f"batch size {args.batch_size}")
    print(f"{'run':32} {'seconds':>8} {'CPU s':>8} {'items/s':>8} {'words/s':>8} "
          f"{'peak RSS MB':>12} {'faults/item':>12}")
    rows = [("spaCy ner-only nlp.pipe, before", before), ("tag_archive n_process=1", one),
            ("spaCy ner-only nlp.pipe, after", after), ("tag_archive n_process=2", two)]
    for name, r in rows:
        rss = r["rss_mb"] + r.get("children_rss_mb", 0) if name.endswith("=2") else r["rss_mb"]
        # A parent's page faults do not count its workers'.
        faults = "" if name.endswith("=2") else f"{r['faults'] / r['items']:12.0f}"
        print(f"{name:32} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} "
              f"{r['items'] / r['seconds']:8.1f} "
              f"{words / r['seconds']:8.0f} {rss:12.0f} {faults}")
    print(f"tag_archive found {one['items']:,.0f} items, {one['duplicates']:,.0f} duplicates, "
          f"{one['errors']:,.0f} errors")
    ratio = (one["items"] / one["seconds"]) / (base["items"] / base["seconds"])
    speedup = one["seconds"] / two["seconds"]
    memory = one["rss_mb"] / tenth["rss_mb"]
    cpu_ratio = (one["items"] / one["cpu_seconds"]) / (base["items"] / base["cpu_seconds"])
    print(f"newsnlp / bare ner-only (mean of before and after), 1 process: {ratio:.3f}  "
          f"(goal >= 0.85; by CPU time {cpu_ratio:.3f})")
    print(f"newsnlp 2 processes / 1 process:    {speedup:.3f}  (goal >= 1.7)")
    print(f"peak RSS {tenth['items']:,.0f} items: {tenth['rss_mb']:.0f} MB; "
          f"{one['items']:,.0f} items: {one['rss_mb']:.0f} MB; ratio {memory:.3f}  "
          f"(goal within 10%)")


if __name__ == "__main__":
    main()
