"""What each furniture signal of `newsnlp.segment.boilerplate` is worth, on both real-page sets.

    python benchmarks/evaluate_boilerplate.py [FOLDER ...]

Scores `segment` with the real-bulletin scorer (../shared/tools/eval_real_bulletins.py, loaded
from there, never copied) on each folder (default: ../shared/data/real-bulletins and
/work/dev2-bulletins when present), first with every signal, then with all of them off, then with
one signal off at a time (an ablation). A signal earns its place only if turning it off lowers
item F1 on one set without raising it on another: one that helps a set and hurts the other is
fitted to that set. The thresholds are set by hand from what the signals mean (three copies of a
line, an echo within four lines, five words for a label), not fitted to these pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import newsnlp
from newsnlp.segment import boilerplate

ROOT = Path(__file__).resolve().parents[1].parent
SCORER = ROOT / "shared" / "tools" / "eval_real_bulletins.py"
DEFAULT_SETS = [ROOT / "shared" / "data" / "real-bulletins", Path("/work/dev2-bulletins")]


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_real_bulletins", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _f1(scorer: ModuleType, folder: Path) -> float:
    names = sorted(p.name[: -len(".gold.json")] for p in folder.glob("*.gold.json"))
    results = [scorer.score_bulletin(str(folder), name, newsnlp) for name in names]
    f1: float = scorer.row("TOTAL", results)[1]
    return f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args(argv)
    folders = [f for f in (args.folders or DEFAULT_SETS) if f.is_dir()]
    if not SCORER.is_file() or not folders:
        print(f"needs {SCORER} and at least one labelled folder")
        return 2
    scorer = _scorer()
    runs: list[tuple[str, set[str]]] = [
        ("all signals", set()),
        ("none (before)", set(boilerplate.SIGNALS)),
        *((f"without {name}", {name}) for name in boilerplate.SIGNALS),
    ]
    print(f"{'item F1':28}" + "".join(f"{os.path.basename(f)[:18]:>20}" for f in folders))
    score: Callable[[Path], float] = lambda folder: _f1(scorer, folder)  # noqa: E731
    for label, off in runs:
        with boilerplate.ablation(boilerplate.Signals(off=frozenset(off))):
            print(f"{label:28}" + "".join(f"{score(f):20.3f}" for f in folders))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
