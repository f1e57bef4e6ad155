"""How far the segmenter's rules and constants are fitted to the 50 development pages.

    python benchmarks/segment_generalisation.py            # both reports (about a minute)
    python benchmarks/segment_generalisation.py --lopo     # only the constants report
    python benchmarks/segment_generalisation.py --audit    # only the rules report

The segmenter learns nothing, but a few of its constants (shares and counts that decide a page's
shape) were set while looking at the development pages, and each of its rules was written for
some page. Two honest checks follow from that:

1. **Leave one publisher out, constant by constant.** For each constant, a small grid of values
   is scored on every page by the shared scorer (`../shared/tools/eval_real_bulletins.py`, run as
   it is in a subprocess, with the constant set in that process). For every publisher, the value
   that scores best on the *other* publishers' pages is chosen and that publisher's pages are
   scored with it; the counts are summed over publishers. When the table shows the same F1 as the
   plain run, the constant was not fitted to any one publisher; a lower figure says by how much
   it was.
2. **Rules fitted to one page.** Every line of the segmenter's code is traced while each page is
   segmented, and the branches (the lines inside an `if`, `elif` or `else`) run on only one
   development page are listed: a rule that only one page needs is the first suspect of over-
   fitting. The rendered bulletins and the unit tests exercise more; the list is a reading list,
   not a verdict.

The data is research-only and read from ../shared/data; nothing of it is shipped or printed
beyond the scorer's counts.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "data" / "real-bulletins"
REAL_SCORER = SHARED / "tools" / "eval_real_bulletins.py"
SEGMENT = ROOT / "newsnlp" / "segment"

# The constants that decide boundaries, with their default and the values tried.
GRID: dict[str, tuple[object, ...]] = {
    "structure._WRAPPED_SHARE": (0.1, 0.2, 0.3, 0.5),
    "structure._TITLE_LIST_SHARE": (0.5, 0.6, 0.7, 0.8, 0.9),
    "structure._MIN_TITLE_LIST": (3, 4, 5, 6, 8),
    "structure._CREDITED_SHARE": (0.4, 0.6, 0.8),
    "structure._LISTED_SHARE": (0.4, 0.6, 0.8),
    "lines._MIN_DASH_LEAD_WORDS": (2, 4, 6),
    "structure._MAX_SHORTS": (2, 3, 4, 6),
    "structure._MAX_INTROS": (1, 2, 3),
    "lines._MENU_PARTS": (3, 4, 5),
    "lines._MIN_LEAD_WORDS": (4, 6, 8, 12),
    "lines._MIN_RUN": (2, 3, 4),
}
_ROW_RE = re.compile(r"^(?P<name>\S.{0,27}?)\s+1\s+(?P<gold>\d+)\s+(?P<pred>\d+)\s+(?P<tp>\d+)\s")

_RUN_WITH = """
import importlib, runpy, sys
module, name, value = sys.argv[1], sys.argv[2], {value}
setattr(importlib.import_module("newsnlp.segment." + module), name, value)
sys.argv = [sys.argv[3]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def publisher(gold: dict[str, object]) -> str:
    """The publisher a page counts under (as `evaluate_segment.publisher`)."""
    name = str(gold.get("publisher", "?")).split(" (")[0].strip()
    return "Xinhua" if name.lower().startswith("unidentified") else name


def pages() -> dict[str, str]:
    """Page name -> publisher."""
    out = {}
    for path in sorted(REAL.glob("*.gold.json")):
        out[path.name.removesuffix(".gold.json")] = publisher(json.loads(path.read_text("utf-8")))
    return out


def scored(constant: str | None, value: object = None) -> dict[str, tuple[int, int, int]]:
    """(gold, pred, tp) per page from the shared scorer, with `constant` set to `value`."""
    if constant is None:
        cmd = [sys.executable, str(REAL_SCORER)]
    else:
        module, name = constant.split(".")
        code = _RUN_WITH.format(value=repr(value))
        cmd = [sys.executable, "-c", code, module, name, str(REAL_SCORER)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode not in (0, 1):
        raise SystemExit(f"the scorer failed:\n{done.stderr}")
    table = done.stdout.split("per bulletin", 1)[1]
    rows: dict[str, tuple[int, int, int]] = {}
    names = pages()
    for line in table.splitlines():
        match = _ROW_RE.match(line)
        if match is None:
            continue
        short = match.group("name").strip()
        full = next(n for n in names if n[:28].rstrip() == short or n.startswith(short))
        rows[full] = (int(match.group("gold")), int(match.group("pred")), int(match.group("tp")))
    return rows


def f1(counts: tuple[int, int, int]) -> float:
    gold, pred, tp = counts
    return 2 * tp / (gold + pred) if gold + pred else 0.0


def total(rows: dict[str, tuple[int, int, int]], keep: set[str]) -> tuple[int, int, int]:
    picked = [c for name, c in rows.items() if name in keep]
    return (sum(c[0] for c in picked), sum(c[1] for c in picked), sum(c[2] for c in picked))


def lopo_report() -> None:
    by_page = pages()
    by_publisher: dict[str, set[str]] = defaultdict(set)
    for name, pub in by_page.items():
        by_publisher[pub].add(name)
    plain = scored(None)
    base = total(plain, set(by_page))
    print(f"== Leave one publisher out, constant by constant ({len(by_publisher)} publishers)")
    print(f"plain run (every constant at its default): item F1 {f1(base):.3f}")
    print(
        f"{'constant':<30} {'default':>8} {'best on all':>12} {'LOPO F1':>8}  values chosen"
        "  (F1 of each value on all pages)"
    )
    for constant, values in GRID.items():
        module, name = constant.split(".")
        default = getattr(__import__(f"newsnlp.segment.{module}", fromlist=[name]), name)
        runs = {value: (plain if value == default else scored(constant, value)) for value in values}
        best_all = max(values, key=lambda v: (f1(total(runs[v], set(by_page))), v == default))
        summed = [0, 0, 0]
        chosen: dict[object, int] = defaultdict(int)
        for _pub, own in sorted(by_publisher.items()):
            others = set(by_page) - own
            # Ties go to the default: a value is only chosen when it scores better.
            pick = max(values, key=lambda v: (f1(total(runs[v], others)), v == default))
            chosen[pick] += 1
            for i, n in enumerate(total(runs[pick], own)):
                summed[i] += n
        picks = ", ".join(f"{v}: {n}" for v, n in sorted(chosen.items(), key=lambda x: str(x[0])))
        lopo = f1((summed[0], summed[1], summed[2]))
        each = " ".join(f"{v}={f1(total(runs[v], set(by_page))):.3f}" for v in values)
        print(f"{constant:<30} {default!s:>8} {best_all!s:>12} {lopo:>8.3f}  {picks}  ({each})")
    print(
        "A LOPO F1 equal to the plain run's means the default is what every fold chooses (or ties"
        "\nwith it): that constant was not fitted to one publisher."
    )


def _branch_lines(path: Path) -> dict[int, str]:
    """The first line of every branch body in a source file -> what the branch is."""
    source = path.read_text("utf-8")
    lines = source.splitlines()
    out: dict[int, str] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.If):
            continue
        cond = lines[node.lineno - 1].strip()
        out[node.body[0].lineno] = cond
        orelse = node.orelse
        if orelse and not (len(orelse) == 1 and isinstance(orelse[0], ast.If)):  # not an elif
            out[orelse[0].lineno] = f"else of: {cond}"
    return out


def _shapes() -> list[str]:
    """The hand-written pages of tests/test_segment_families.py (one per layout variant)."""
    sys.path.insert(0, str(ROOT))
    from tests import test_segment_families as families

    return [v for k, v in vars(families).items() if k.isupper() and isinstance(v, str)]


def audit_report() -> None:
    from newsnlp import read_text, segment

    files = {str(p): _branch_lines(p) for p in sorted(SEGMENT.glob("*.py"))}
    hits: dict[tuple[str, int], set[str]] = defaultdict(set)
    current = ""

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        name = frame.f_code.co_filename
        if name not in files:
            return None
        if event == "line" and frame.f_lineno in files[name]:
            hits[(name, frame.f_lineno)].add(current)
        return tracer

    names = pages()
    texts = [(pub, read_text(REAL / f"{page}.txt")) for page, pub in names.items()]
    texts += [(f"shape {n}", text) for n, text in enumerate(_shapes())]
    for label, text in texts:
        current = label
        sys.settrace(tracer)
        try:
            segment(text)
        finally:
            sys.settrace(None)
    branches = [(f, n, cond) for f, rows in files.items() for n, cond in rows.items()]

    def publishers(f: str, n: int) -> set[str]:
        return {h for h in hits.get((f, n), ()) if not h.startswith("shape ")}

    def shapes(f: str, n: int) -> int:
        return sum(h.startswith("shape ") for h in hits.get((f, n), ()))

    once = [(f, n, c) for f, n, c in branches if len(publishers(f, n)) == 1]
    never = [(f, n, c) for f, n, c in branches if not publishers(f, n)]
    print(f"\n== Rules fitted to one publisher: {len(branches)} branches in newsnlp/segment")
    print(f"run on no development page: {len(never)} (the rendered bulletins, house layouts,")
    print("  streaming and the unit tests need them)")
    print(
        f"run on the pages of exactly one publisher: {len(once)}; 'shapes' counts the hand-"
        "\nwritten pages of other layouts (tests/test_segment_families.py) that run them too:"
        "\na rule one publisher needs and no other shape does is the first suspect."
    )
    print(f"  {'where':<18} {'branch':<62} {'shapes':>6}  publisher")
    for f, n, cond in sorted(once, key=lambda x: (shapes(x[0], x[1]), x[0], x[1])):
        (pub,) = publishers(f, n)
        print(f"  {Path(f).name + ':' + str(n):<18} {cond[:62]:<62} {shapes(f, n):>6}  {pub[:30]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lopo", action="store_true", help="only the constants report")
    parser.add_argument("--audit", action="store_true", help="only the rules report")
    args = parser.parse_args()
    if not REAL.is_dir() or not REAL_SCORER.is_file():
        raise SystemExit(f"the shared data is not there: {REAL}")
    if not args.audit:
        lopo_report()
    if not args.lopo:
        audit_report()


if __name__ == "__main__":
    main()
