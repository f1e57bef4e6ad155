"""Huge inputs: peak memory of reading and segmenting a 50 MB bulletin file, and tagging one
2-million-character item, each against a baseline measured in the same run.

    python benchmarks/bench_huge_input.py              # 50 MB file, 2 M-character item
    python benchmarks/bench_huge_input.py --mb 10 --flat-mb 2   # a quicker look

The bulletin file is the real bulletins of ../shared/data/bulletins repeated (with their own
layouts: digests, agency pages, wires) to the size asked, written to a temporary folder. Each
measurement runs in its own process, so that one's peak does not hide another's:

- peak RSS (the process's high-water mark) minus the RSS after imports, as a ratio to the
  file's size, for: reading the bytes alone (the floor any reader pays), `read_text`,
  `read_text` + `segment`, `list(iter_segment_file(path))` (the items without the text), and
  iterating `iter_segment_file` keeping no item; the archive's reading stage (`units` of
  1,000 items, one kept at a time, as `tag_archive` reads a bulletin file over
  `archive.inputs.STREAM_BYTES`); and the Python heap peak (tracemalloc) of `segment` alone;
- the streaming path again on a smaller file (`--flat-mb`, 10 MB): its peak should not grow
  with the file;
- the 2-million-character item: the seconds and peak memory of `Tagger.tag` on it against
  the same text tagged as 400 items of 5,000 characters (the same words, cut up).
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

from newsnlp import TagOptions

ROOT = Path(__file__).resolve().parents[1]
BULLETINS = ROOT.parent / "shared" / "data" / "bulletins"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def make_file(path: Path, megabytes: float) -> int:
    parts = [p.read_text(encoding="utf-8") for p in sorted(BULLETINS.glob("*.txt"))]
    if not parts:
        sys.exit(f"no bulletins in {BULLETINS}")
    target = int(megabytes * 2**20)
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            for part in parts:
                fh.write(part + "\n\n* * *\n\n")
                written += len((part + "\n\n* * *\n\n").encode("utf-8"))
                if written >= target:
                    break
    return path.stat().st_size


# --- the measurements, each run in a child process --------------------------------------------


def _child(stage: str, path: str) -> dict[str, float]:
    import tracemalloc

    from newsnlp import read_text
    from newsnlp.segment import iter_segment_file, segment

    before = _current_rss_mb()
    started = time.perf_counter()
    result: dict[str, float] = {}
    if stage == "bytes":
        data = Path(path).read_bytes()
        result["n"] = len(data)
    elif stage == "read_text":
        text = read_text(path)
        result["n"] = len(text)
    elif stage == "segment":
        text = read_text(path)
        items = segment(text)
        result["n"] = len(items)
    elif stage == "stream_list":
        items = list(iter_segment_file(path))
        result["n"] = len(items)
    elif stage == "stream":
        result["n"] = sum(1 for _ in iter_segment_file(path))
    elif stage == "archive_units":
        from newsnlp.archive.inputs import sources, units

        [source] = sources(path)
        result["n"] = sum(len(unit.records) for unit in units(source, 1000, "text"))
    elif stage == "segment_heap":
        text = read_text(path)
        tracemalloc.start()
        items = segment(text)
        result["heap_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        result["n"] = len(items)
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = _rss_mb() - before
    return result


def _child_tag(stage: str, chars: int, piece: int) -> dict[str, float]:
    from newsnlp import Tagger
    from newsnlp.segment import segment

    tagger = Tagger(topic_model=None, max_piece_chars=piece)
    tagger.tag("Ilham Aliyev met Vladimir Putin in Moscow on Monday.")  # load everything
    sentence = ("Ilham Aliyev met Vladimir Putin in Moscow on Monday, and the ministers of "
                "both countries signed agreements on energy, transport and trade. ")
    text = (sentence * (chars // len(sentence) + 1))[:chars]
    if stage == "one_item":
        items = segment(text)
    else:  # the same text as items of 5,000 characters
        items = [item for start in range(0, len(text), 5000)
                 for item in segment(text[start : start + 5000])]
    before = _current_rss_mb()
    started = time.perf_counter()
    result = tagger.tag(items)
    return {"seconds": time.perf_counter() - started, "peak_mb": _rss_mb() - before,
            "items": len(items), "mentions": len(result.mentions),
            "words": len(text.split())}


def _print_stage(label: str, r: dict[str, float], size_mb: float) -> None:
    peak = r.get("heap_mb", r["peak_mb"])
    items = f"{int(r['n']):,}" if "items" in label or "segment" in label else ""
    print(f"{label:<40}{r['seconds']:>9.1f}{size_mb / r['seconds']:>8.1f}{peak:>10.0f}"
          f"{peak / size_mb:>8.1f}{items:>10}")


def _run(*args: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the bulletin file")
    parser.add_argument("--flat-mb", type=float, default=10.0,
                        help="a smaller file, to show that the streaming peak does not grow")
    parser.add_argument("--chars", type=int, default=2_000_000, help="length of the one item")
    parser.add_argument("--pieces", type=int, nargs="*", default=[100_000],
                        help="other max_piece_chars to compare with the default")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stage, value, piece = args.child
        out = (_child_tag(stage, int(value), int(piece)) if stage in ("one_item", "cut_up")
               else _child(stage, value))
        print(json.dumps(out))
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "huge-bulletin.txt"
        size = make_file(path, args.mb)
        size_mb = size / 2**20
        print(f"bulletin file: {size_mb:.1f} MB ({size:,} bytes) of real bulletins repeated\n")
        print(f"{'stage':<40}{'seconds':>9}{'MB/s':>8}{'peak MB':>10}{'x file':>8}{'items':>10}")
        for stage, label in (("bytes", "read bytes (baseline)"),
                             ("read_text", "read_text"),
                             ("segment", "read_text + segment"),
                             ("stream_list", "list(iter_segment_file)"),
                             ("stream", "iter_segment_file, items not kept"),
                             ("archive_units", "tag_archive's units of 1,000 items"),
                             ("segment_heap", "segment, Python heap (tracemalloc)")):
            _print_stage(label, _run(stage, str(path), "0"), size_mb)
        small = Path(tmp) / "smaller-bulletin.txt"
        small_mb = make_file(small, args.flat_mb) / 2**20
        print(f"\nthe same on {small_mb:.1f} MB: the streaming peak does not grow with the file")
        for stage, label in (("bytes", "read bytes (baseline)"),
                             ("segment", "read_text + segment"),
                             ("stream", "iter_segment_file, items not kept"),
                             ("archive_units", "tag_archive's units of 1,000 items")):
            _print_stage(label, _run(stage, str(small), "0"), small_mb)

    print(f"\none item of {args.chars:,} characters vs the same text as 5,000-character items")
    print(f"{'input':<42}{'seconds':>9}{'words/s':>9}{'peak MB':>10}{'mentions':>10}")
    default = TagOptions.max_piece_chars
    runs = [("cut_up", default, "items of 5,000 chars (baseline)"),
            ("one_item", default, f"one item, pieces <= {default:,} (default)")]
    runs += [("one_item", piece, f"one item, pieces <= {piece:,}")
             for piece in args.pieces if piece != default]
    base = None
    for stage, piece, label in runs:
        r = _run(stage, str(args.chars), str(piece))
        base = base or r
        print(f"{label:<42}{r['seconds']:>9.1f}{r['words'] / r['seconds']:>9,.0f}"
              f"{r['peak_mb']:>10.0f}{int(r['mentions']):>10,}"
              f"   {r['seconds'] / base['seconds']:.2f} x time, "
              f"{r['peak_mb'] / max(base['peak_mb'], 1):.1f} x memory")


if __name__ == "__main__":
    main()
