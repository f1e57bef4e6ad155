"""A bulletin corpus for the archive benchmark, built from Reuters-21578 in ../shared/data.

Reuters stories (research-only data: read from ../shared/data, written to a temporary folder,
never into the package) are rendered as digest bulletins of `per_file` items each, in the
layout of ../shared/data/bulletins ("N. Title (hh:mm)" above each body).
"""

from __future__ import annotations

import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
REUTERS = SHARED / "reuters-21578" / "reuters21578.jsonl"


def stories(n_items: int) -> list[tuple[str, str]]:
    """The first `n_items` Reuters stories with a body, as (title, one-paragraph body)."""
    found = []
    with open(REUTERS, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            body = " ".join((row.get("body") or "").split())
            if not body:
                continue
            title = " ".join((row.get("title") or "").split()).capitalize()
            found.append((title or " ".join(body.split()[:8]), body))
            if len(found) == n_items:
                break
    if len(found) < n_items:
        raise SystemExit(f"Reuters has only {len(found)} stories with a body, not {n_items}")
    return found


def build(folder: Path, n_items: int, per_file: int = 50) -> list[Path]:
    """Write `n_items` stories as bulletins of `per_file` items into `folder`; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    found = stories(n_items)
    paths = []
    for start in range(0, len(found), per_file):
        lines = ["NEWS DIGEST | 13 March 1987", ""]
        for number, (title, body) in enumerate(found[start : start + per_file], 1):
            lines += [f"{number}. {title} ({number // 60 % 24:02d}:{number % 60:02d})", body, ""]
        path = folder / f"digest-{start // per_file:04d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths
