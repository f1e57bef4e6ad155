"""The `newsnlp` command: a thin layer over the library.

    newsnlp tag FILE... [-o OUT.parquet|.csv|.jsonl]   tag bulletins: print a summary or write
    newsnlp segment FILE [--json]                     print the items of a bulletin

Exit codes: 0 success; 1 bad input (a numbered newsnlp error is printed); 2 bad command line;
3 no usable spaCy pipeline.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .errors import Errors, InputError, ModelError, NewsnlpError
from .items import Item
from .reading import read_text
from .segment import segment
from .tagger import Tagger, TagOptions, TagResult

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_MODEL = 0, 1, 2, 3

#: Entity labels shown in each column of the summary.
_SUMMARY_GROUPS = {"people": ("PERSON",), "orgs": ("ORG",), "events": ("EVENT",)}
_WRITERS = {".parquet", ".csv", ".jsonl"}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (testable without running anything)."""
    parser = argparse.ArgumentParser(prog="newsnlp", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser("tag", help="tag bulletin files: items, entities")
    tag.add_argument("files", nargs="+", type=Path, metavar="FILE")
    tag.add_argument("-o", "--output", type=Path, metavar="OUT",
                     help="write the items table to OUT (.parquet, .csv or .jsonl) and the "
                          "mentions table beside it as <OUT stem>.mentions<suffix>")
    tag.add_argument("--model", help="spaCy pipeline name or path (default: en_core_web_sm)")
    tag.add_argument("--batch-size", type=int, default=TagOptions.batch_size)
    tag.add_argument("--n-process", type=int, default=TagOptions.n_process)

    seg = commands.add_parser("segment", help="print the items of a bulletin")
    seg.add_argument("file", type=Path, metavar="FILE")
    seg.add_argument("--json", action="store_true", help="one JSON object per item, per line")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parse_args(argv)
    try:
        if args.command == "segment":
            return _segment(args)
        return _tag(args)
    except ModelError as err:
        print(f"newsnlp: {err}", file=sys.stderr)
        return EXIT_MODEL
    except NewsnlpError as err:
        print(f"newsnlp: {err}", file=sys.stderr)
        return EXIT_INPUT


def _segment(args: argparse.Namespace) -> int:
    items = segment(read_text(args.file), origin=str(args.file))
    for position, item in enumerate(items):
        if args.json:
            record = {"position": position, "item_id": item.item_id, "start": item.start,
                      "end": item.end, "published": _iso(item),
                      "precision": item.precision, "title": item.title,
                      "dateline": item.dateline, "source": item.source,
                      "category": item.category, "text": item.text}
            print(json.dumps(record, ensure_ascii=False))
        else:
            head = " | ".join(str(v) for v in (_iso(item), item.dateline, item.source,
                                                 item.category) if v)
            print(f"[{position}] {head}")
            if item.title:
                print(f"    {item.title}")
            print(f"    {_shorten(item.text, 200)}\n")
    return EXIT_OK


def _tag(args: argparse.Namespace) -> int:
    if args.output is not None and args.output.suffix not in _WRITERS:
        raise InputError(Errors.E008.format(path=args.output, suffix=args.output.suffix))
    tagger = Tagger(model=args.model, batch_size=args.batch_size, n_process=args.n_process)
    result = tagger.tag_files(args.files)
    if args.output is None:
        print(summary(result))
        return EXIT_OK
    mentions_path = args.output.with_name(f"{args.output.stem}.mentions{args.output.suffix}")
    _write(result.items, args.output)
    _write(result.mentions, mentions_path)
    print(f"wrote {len(result.items)} items to {args.output} and {len(result.mentions)} "
          f"mentions to {mentions_path}", file=sys.stderr)
    return EXIT_OK


def summary(result: TagResult, width: int = 38) -> str:
    """A readable table: one line per item with its date, headline and entities."""
    items, mentions = result.items, result.mentions
    columns = {
        "published": [_when(value, precision) for value, precision in
                      zip(items["published"], items["precision"], strict=True)],
        "dateline": items["dateline"].fillna("").tolist(),
        "headline": [_shorten(title if pd.notna(title) else text, width)
                     for title, text in zip(items["title"], items["text"], strict=True)],
        "topic": items["topic"].fillna("").tolist(),
        "countries": [" ".join(codes) for codes in items["countries"]],
    }
    for column, labels in _SUMMARY_GROUPS.items():
        # Canonical names, so "Aliyev" and "Ilham Aliyev" are one person; events by type.
        found = mentions[mentions["label"].isin(labels)]
        names = (found.assign(name=found["event_type"].astype("string")
                              .fillna(found["canonical"]).fillna(found["text"]))
                 .groupby("item_id", observed=True)["name"]
                 .agg(lambda texts: ", ".join(dict.fromkeys(texts))))
        columns[column] = [_shorten(names.get(item_id, ""), width) for item_id in items["item_id"]]
    header = f"{len(items)} items, {len(mentions)} mentions"
    if not len(items):
        return header
    # Left-aligned text columns read better than pandas' right-aligned default.
    widths = [max(len(name), *map(len, values)) for name, values in columns.items()]
    rows = [list(columns), *zip(*columns.values(), strict=True)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join([header, *(line.rstrip() for line in lines)])


def _when(value: object, precision: object) -> str:
    if not isinstance(value, pd.Timestamp) or pd.isna(value):
        return ""
    return value.strftime("%Y-%m-%d %H:%M" if precision == "time" else "%Y-%m-%d")


def _write(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif path.suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)


def _iso(item: Item) -> str | None:
    """The publication time as ISO 8601, to the precision the bulletin gave."""
    if item.published is None:
        return None
    return (item.published.date() if item.precision == "date" else item.published).isoformat()


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
