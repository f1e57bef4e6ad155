"""The `newsnlp` command: a thin layer over the library.

    newsnlp tag FILE... [-o OUT.parquet|.csv|.jsonl]   tag bulletins: print a summary or write
    newsnlp tag PATH... -o DIR/                       tag an archive into a Parquet dataset
    newsnlp segment FILE [--json]                     print the items of a bulletin
    newsnlp train DATA -o MODEL                       train a topic model on your own labels

`tag` writes an archive run (`newsnlp.tag_archive`: files, folders, globs, .jsonl/.csv/.parquet,
.gz/.zip; resumable; DIR/items, DIR/mentions, DIR/errors) when OUT is a directory, ends with
a slash or has no suffix.

Exit codes (a numbered newsnlp error is printed on stderr for 1, 3 and 5; `exit_code` maps
each error to its code):

    0    success
    1    bad input: a file that is not text, a value out of range, an unknown output format
    2    bad command line (usage printed by argparse)
    3    no usable model: no spaCy pipeline, or a topic model that is missing, of another
         version or damaged (E003-E005, E032-E034)
    4    an archive run finished but recorded errors in DIR/errors (the summary says how many;
         the rest of the archive was tagged)
    5    a file or folder cannot be read or written (E002, E074, E075, E102), or the archive
         output cannot be written: disk full, read-only, no permission (E086)
    130  interrupted (Ctrl-C); an archive run resumes where it stopped
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .archive import tag_archive
from .archive.run import PART_SIZE
from .errors import Errors, InputError, ModelError, NewsnlpError
from .items import Item
from .segment import iter_segment_file
from .tagger import Tagger, TagOptions, TagResult
from .topics import train_from_file

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_MODEL, EXIT_ERRORS = 0, 1, 2, 3, 4
EXIT_IO, EXIT_INTERRUPTED = 5, 130
#: Numbered errors whose exit code is not their class's (InputError 1, ModelError 3).
EXIT_CODES: dict[str, int] = {"E002": EXIT_IO, "E074": EXIT_IO, "E075": EXIT_IO, "E102": EXIT_IO,
                              "E086": EXIT_IO}

#: Entity labels shown in each column of the summary.
_SUMMARY_GROUPS = {"people": ("PERSON",), "orgs": ("ORG",), "events": ("EVENT",)}
_WRITERS = {".parquet", ".csv", ".jsonl"}
# JSON keeps these raw with ensure_ascii=False, but str.splitlines() and many JSON-lines readers
# end a line at them: escaped, every record is one line for any reader.
_LINE_SEPARATORS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (testable without running anything)."""
    parser = argparse.ArgumentParser(prog="newsnlp", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser("tag", help="tag bulletin files or an archive: items, entities")
    tag.add_argument("files", nargs="+", type=Path, metavar="PATH",
                     help="bulletin files; with -o DIR/ also folders, glob patterns, "
                          ".jsonl/.csv/.parquet tables and .gz/.zip archives")
    tag.add_argument("-o", "--output", metavar="OUT",
                     help="write the items table to OUT (.parquet, .csv or .jsonl) and the "
                          "mentions table beside it as <OUT stem>.mentions<suffix>; or, when "
                          "OUT is a directory (or has no suffix), a resumable archive run's "
                          "Parquet datasets OUT/items, OUT/mentions and OUT/errors")
    tag.add_argument("--model", help="spaCy pipeline name or path (default: en_core_web_sm)")
    tag.add_argument("--topic-model", default="default", metavar="MODEL",
                     help="a topic model directory written by `newsnlp train`, 'default' for "
                          "the shipped IPTC model, or 'none' for no topics")
    tag.add_argument("--labels", metavar="LABELS",
                     help="comma-separated mention labels to keep, e.g. PERSON,GPE,ORG,EVENT, "
                          "or 'all' (default: the entity labels; no dates or numbers)")
    tag.add_argument("--languages", metavar="CODES",
                     help="comma-separated ISO 639-1 codes the pipeline reads (default: en); "
                          "items in other languages are kept and flagged, without mentions "
                          "or topics; 'all' runs every item through the whole pipeline")
    tag.add_argument("--batch-size", type=int, default=TagOptions.batch_size,
                     help="items per nlp.pipe batch: drives peak memory, not speed")
    tag.add_argument("--n-process", type=int, default=None,
                     help="worker processes (default: 1; for an archive run one per CPU)")
    archive = tag.add_argument_group("archive runs (-o DIR/)")
    archive.add_argument("--force", action="store_true",
                         help="redo everything instead of resuming what DIR holds")
    archive.add_argument("--quiet", action="store_true",
                         help="no progress bar or progress lines, only the final summary")
    archive.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="local processes, or a dask.distributed cluster")
    archive.add_argument("--scheduler", metavar="ADDRESS",
                         help="with --engine dask: the scheduler of an existing cluster, e.g. "
                              "tcp://10.0.0.5:8786 (default: a local cluster for the run)")
    archive.add_argument("--part-size", type=int, default=PART_SIZE,
                         help="items per output part (the unit of work and of resume)")
    archive.add_argument("--text-col", default="text",
                         help="the column holding the item text in .jsonl/.csv/.parquet inputs")

    seg = commands.add_parser("segment", help="print the items of a bulletin")
    seg.add_argument("file", type=Path, metavar="FILE")
    seg.add_argument("--json", action="store_true", help="one JSON object per item, per line")

    train = commands.add_parser("train", help="train a topic classifier on your own labels")
    train.add_argument("data", type=Path, metavar="DATA",
                       help=".csv, .jsonl/.json or .parquet; several labels as 'a|b' or a list")
    train.add_argument("--text-col", default="text")
    train.add_argument("--label-col", default="label")
    train.add_argument("-o", "--output", type=Path, required=True, metavar="MODEL",
                       help="the model directory to write")
    train.add_argument("--threshold", default="0.5", help="a score in 0..1, or 'cv' for one "
                       "threshold per topic chosen by cross-validation")
    train.add_argument("--max-labels", type=int, default=3, help="most topics per text")
    train.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="processes fitting topics in parallel (-1: every core)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parse_args(argv)
    try:
        if args.command == "segment":
            return _segment(args)
        if args.command == "train":
            return _train(args)
        return _tag(args)
    except NewsnlpError as err:
        print(f"newsnlp: {err}", file=sys.stderr)
        return exit_code(err)
    except KeyboardInterrupt:
        print("newsnlp: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def exit_code(err: NewsnlpError) -> int:
    """The documented exit code of a numbered error (see the module docstring).

    Examples:
        >>> exit_code(InputError(Errors.E002.format(path="a.txt", reason="No such file")))
        5
        >>> exit_code(ModelError(Errors.E003.format(names="en_core_web_sm")))
        3
    """
    if err.code in EXIT_CODES:
        return EXIT_CODES[err.code]
    return EXIT_MODEL if isinstance(err, ModelError) else EXIT_INPUT


def _segment(args: argparse.Namespace) -> int:
    items = iter_segment_file(args.file, origin=str(args.file))  # printed as they are cut
    for position, item in enumerate(items):
        if args.json:
            record = {"position": position, "item_id": item.item_id, "start": item.start,
                      "end": item.end, "published": _iso(item),
                      "precision": item.precision, "title": item.title,
                      "dateline": item.dateline, "source": item.source,
                      "category": item.category, "text": item.text}
            print(json.dumps(record, ensure_ascii=False).translate(_LINE_SEPARATORS))
        else:
            head = " | ".join(str(v) for v in (_iso(item), item.dateline, item.source,
                                                 item.category) if v)
            print(f"[{position}] {head}")
            if item.title:
                print(f"    {item.title}")
            print(f"    {_shorten(item.text, 200)}\n")
    return EXIT_OK


def is_archive_output(output: str) -> bool:
    """Whether `-o OUT` asks for an archive run: a directory, a trailing slash, no suffix.

    Examples:
        >>> [is_archive_output(o) for o in ("out/", "out", "out.parquet", "out.xlsx")]
        [True, True, False, False]
    """
    return output.endswith(("/", os.sep)) or Path(output).is_dir() or not Path(output).suffix


def _tag(args: argparse.Namespace) -> int:
    if args.output is not None and is_archive_output(args.output):
        return _tag_archive(args)
    output = None if args.output is None else Path(args.output)
    if output is not None and output.suffix not in _WRITERS:
        raise InputError(Errors.E008.format(path=output, suffix=output.suffix))
    tagger = Tagger(model=args.model, batch_size=args.batch_size,
                    n_process=args.n_process or TagOptions.n_process,
                    topic_model=_topic_model(args.topic_model), **_set_options(args))
    result = tagger.tag_files(args.files)
    if output is None:
        print(summary(result))
        return EXIT_OK
    mentions_path = output.with_name(f"{output.stem}.mentions{output.suffix}")
    _write(result.items, output)
    _write(result.mentions, mentions_path)
    print(f"wrote {len(result.items)} items to {output} and {len(result.mentions)} "
          f"mentions to {mentions_path}", file=sys.stderr)
    return EXIT_OK


def _tag_archive(args: argparse.Namespace) -> int:
    # Log lines (progress off a terminal, warnings) go to stderr as plain one-line records.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("newsnlp: %(asctime)s %(message)s", "%H:%M:%S"))
    log = logging.getLogger("newsnlp.archive")
    log.addHandler(handler)
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    log.propagate = False
    try:
        result = tag_archive(args.files, args.output, model=args.model,
                             batch_size=args.batch_size, n_process=args.n_process,
                             topic_model=_topic_model(args.topic_model),
                             engine=args.engine, client=args.scheduler,
                             part_size=args.part_size, text_col=args.text_col,
                             force=args.force, progress=False if args.quiet else None,
                             **_set_options(args))
    finally:
        log.removeHandler(handler)
    print(result)
    if result.n_errors:
        print(f"newsnlp: {result.n_errors:,} inputs, rows or items could not be tagged; see "
              f"{Path(args.output) / 'errors'}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _train(args: argparse.Namespace) -> int:
    threshold: float | str = args.threshold
    if threshold != "cv":
        try:
            threshold = float(threshold)
        except ValueError:
            raise InputError(Errors.E009.format(name="--threshold", value=args.threshold,
                                                reason="a number in 0..1 or 'cv'")) from None
    classifier = train_from_file(args.data, args.text_col, args.label_col, out=args.output,
                                 threshold=threshold, max_labels=args.max_labels,
                                 n_jobs=args.jobs)
    print(f"trained {len(classifier.classes_)} topics -> {args.output}", file=sys.stderr)
    return EXIT_OK


def _topic_model(value: str) -> str | None:
    return None if value.lower() == "none" else value


def _set_options(args: argparse.Namespace) -> dict[str, Any]:
    """--labels and --languages as `TagOptions` fields; 'all' is None (no filter)."""
    options: dict[str, Any] = {}
    for name, normalise in (("labels", str.upper), ("languages", str.lower)):
        value = getattr(args, name)
        if value is not None:
            codes = frozenset(normalise(code.strip()) for code in value.split(",") if code.strip())
            options[name] = None if codes == {normalise("all")} else codes
    return options


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".parquet":
            frame.to_parquet(path, index=False)
        elif path.suffix == ".csv":
            frame.to_csv(path, index=False)
        else:
            lines = frame.to_json(orient="records", lines=True, date_format="iso",
                                  force_ascii=False)
            path.write_text(lines.translate(_LINE_SEPARATORS), encoding="utf-8")
    except OSError as err:  # a read-only folder, a full disk, a path through a file
        raise InputError(Errors.E102.format(path=path, reason=err.strerror or err)) from err


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
