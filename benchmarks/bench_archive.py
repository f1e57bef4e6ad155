"""Archive benchmark: `tag_archive` end to end against bare spaCy ner-only, same texts, same run.

    python benchmarks/bench_archive.py                 # >= 20,000 Reuters items (about 20 min)
    python benchmarks/bench_archive.py --items 1000    # a quick look

The corpus is Reuters-21578 from ../shared/data rendered as digest bulletins of 50 items
(`_corpus.py`), in a temporary folder. Each measurement runs in its own process, with its models
loaded before the clock starts:

- one process, side by side: bare en_core_web_sm with only `ner` (it carries its own embedding
  layer and needs neither tok2vec nor the parser), `nlp.pipe(texts, batch_size=64)` over the
  item texts that the segmenter finds in the bulletins, runs on one core while
  `tag_archive(folder, out, n_process=1)` (read, hash, segment, entities, topics, Parquet,
  manifest) runs on the other, started together; the baseline goes round the texts again until
  `tag_archive` is done, and both rates are taken over that same window. This machine's speed
  drifts by 10-15% over minutes, and when the two ran one after the other the same code gave
  ratios from 0.82 to 0.95; side by side, a drift slows both;
- `tag_archive` with n_process=2, alone, before and after the side-by-side run (compared with
  the mean of the two); like the side-by-side pair, it keeps both cores busy;
- peak memory (the process's RSS high-water mark) of `tag_archive` with n_process=1 over the
  first tenth of the corpus and over all of it.

Goals (issue 7): newsnlp >= 0.85 x bare ner-only items/s with one process, >= 1.7 x its own
one-process speed with two, peak memory of the two sizes within 10% of each other. The
one-process ratio is also given by CPU time. Minor page faults per item show how often fresh
memory had to be mapped and zeroed (`newsnlp/archive/allocator.py`).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
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


def _wait_for_start() -> None:
    # The parent starts the clocks of side-by-side runs together, once both have loaded.
    print("ready", flush=True)
    sys.stdin.readline()


def _child_baseline(folder: Path, batch_size: int) -> dict[str, float]:
    """Bare ner-only `nlp.pipe` over the texts, round and round until the parent says stop."""
    import spacy

    from newsnlp import segment
    from newsnlp.nlp import resolve_model

    texts = [item.text for path in sorted(folder.glob("*.txt"))
             for item in segment(path.read_text(encoding="utf-8"))]
    model = resolve_model()
    nlp = spacy.load(model, exclude=[p for p in spacy.load(model).pipe_names if p != "ner"])
    list(nlp.pipe(texts[:64]))  # warm up
    _wait_for_start()
    stop = threading.Event()

    def wait_for_stop() -> None:
        sys.stdin.readline()
        stop.set()

    threading.Thread(target=wait_for_stop, daemon=True).start()
    start, cpu, faults = time.perf_counter(), _cpu_seconds(), _minor_faults()
    items = words = 0
    while not stop.is_set():
        with nlp.memory_zone():  # one pass, as `tag_archive` holds one part in a zone
            for first in range(0, len(texts), batch_size):
                batch = texts[first : first + batch_size]
                for _ in nlp.pipe(batch, batch_size=batch_size):
                    pass
                items += len(batch)
                words += sum(len(t.split()) for t in batch)
                if stop.is_set():
                    break
    return {"seconds": time.perf_counter() - start, "cpu_seconds": _cpu_seconds() - cpu,
            "items": items, "words": words, "faults": _minor_faults() - faults,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child_archive(folder: Path, n_process: int, batch_size: int) -> dict[str, float]:
    from newsnlp import Tagger, tag_archive

    Tagger(batch_size=batch_size)  # loads the pipeline and topic model: not timed
    with tempfile.TemporaryDirectory() as out:
        _wait_for_start()
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


def _start(*args: str) -> subprocess.Popen[str]:
    """A measuring child, its models loaded, waiting for the word to start."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit(f"{args[0]} child failed (exit status {proc.wait()})")
    return proc


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def _result(proc: subprocess.Popen[str], name: str) -> dict[str, float]:
    out, _ = proc.communicate("stop\n")
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed (exit status {proc.returncode})")
    result: dict[str, float] = json.loads(out.splitlines()[-1])
    # Each figure as soon as it is measured, so a long run that fails later still tells.
    print(f"{name}: {json.dumps(result)}", file=sys.stderr)
    return result


def _alone(name: str, *args: str) -> dict[str, float]:
    proc = _start(*args)
    _go(proc)
    return _result(proc, name)


def _side_by_side(folder: str, bs: tuple[str, str]) -> tuple[dict[str, float], dict[str, float]]:
    """tag_archive n_process=1 and bare ner over the same window, each on its own core."""
    archive, baseline = _start("archive", folder, "1", *bs), _start("baseline", folder, "1", *bs)
    _go(archive)
    _go(baseline)
    one = _result(archive, "tag_archive n_process=1")
    return one, _result(baseline, "bare ner-only")


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
        two_before = _alone("tag_archive n_process=2, before", "archive", str(full), "2", *bs)
        one, base = _side_by_side(str(full), bs)
        two_after = _alone("tag_archive n_process=2, after", "archive", str(full), "2", *bs)
        tenth = _alone("tag_archive n_process=1, a tenth", "archive", str(small), "1", *bs)

    print(f"corpus: {one['items']:,.0f} items in {-(-args.items // args.per_file):,} bulletins "
          f"of {args.per_file} Reuters items; batch size {args.batch_size}")
    print(f"{'run':34} {'seconds':>8} {'CPU s':>8} {'items':>7} {'items/s':>8} "
          f"{'peak RSS MB':>12} {'faults/item':>12}")
    rows = [("tag_archive n_process=2, before", two_before),
            ("side by side: bare ner-only", base), ("side by side: tag_archive n=1", one),
            ("tag_archive n_process=2, after", two_after)]
    for name, r in rows:
        two = "n_process=2" in name
        rss = r["rss_mb"] + r.get("children_rss_mb", 0) if two else r["rss_mb"]
        # A parent's page faults do not count its workers'.
        faults = "" if two else f"{r['faults'] / r['items']:12.0f}"
        print(f"{name:34} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} {r['items']:7,.0f} "
              f"{r['items'] / r['seconds']:8.1f} {rss:12.0f} {faults}")
    print(f"tag_archive found {one['items']:,.0f} items, {one['duplicates']:,.0f} duplicates, "
          f"{one['errors']:,.0f} errors")
    ratio = (one["items"] / one["seconds"]) / (base["items"] / base["seconds"])
    cpu_ratio = (one["items"] / one["cpu_seconds"]) / (base["items"] / base["cpu_seconds"])
    two_seconds = (two_before["seconds"] + two_after["seconds"]) / 2
    speedup = one["seconds"] / two_seconds
    memory = one["rss_mb"] / tenth["rss_mb"]
    print(f"newsnlp / bare ner-only, 1 process, side by side: {ratio:.3f}  "
          f"(goal >= 0.85; by CPU time {cpu_ratio:.3f})")
    print(f"newsnlp 2 processes (mean of before and after) / 1 process: {speedup:.3f}  "
          f"(goal >= 1.7)")
    print(f"peak RSS {tenth['items']:,.0f} items: {tenth['rss_mb']:.0f} MB; "
          f"{one['items']:,.0f} items: {one['rss_mb']:.0f} MB; ratio {memory:.3f}  "
          f"(goal within 10%)")


if __name__ == "__main__":
    main()
