"""The `newsnlp` command: a thin layer over the library.

    newsnlp tag FILE... [-o OUT.parquet|.csv|.jsonl]   tag bulletins: print a summary, or write
                                                      OUT, OUT.mentions.* and OUT.events.*
    newsnlp tag PATH... -o DIR/                       tag an archive into a Parquet dataset
    newsnlp segment FILE [--json]                     print the items of a bulletin
    newsnlp train DATA -o MODEL                       train a topic model on your own labels

`tag` writes an archive run (`newsnlp.tag_archive`: files, folders, globs, .jsonl/.csv/.parquet,
.gz/.zip; resumable; DIR/items, DIR/mentions, DIR/errors) when OUT is a directory, ends with
a slash or has no suffix. The summary printed without `-o` fits the terminal (`--width`);
CSV output writes list columns as JSON arrays (`newsnlp.frames.write_csv`).

Paths and options are checked before spaCy or scikit-learn is imported, so that a mistake is
reported at once: a folder or glob without `-o DIR/` (E020), an input that matches no file
(E021), an unknown label or language (E022, E023), a missing file (E024), an output file that
cannot be written (E102), a Dask scheduler that does not answer (E025). Warnings are printed
as their message alone, `newsnlp: [W0xx] ...`.

Exit codes (a numbered newsnlp error is printed on stderr for 1, 3 and 5; `exit_code` maps
each error to its code):

    0    success
    1    bad input: a file that is not text, a value out of range, an unknown output format,
         label or language (E022, E023), a folder without -o DIR/ (E020), a Dask scheduler
         that does not answer (E025)
    2    bad command line (usage printed by argparse)
    3    no usable model: no spaCy pipeline, or a topic model that is missing, of another
         version or damaged (E003-E005, E032-E034)
    4    an archive run finished but recorded errors in DIR/errors (the summary says how many;
         the rest of the archive was tagged)
    5    a file or folder cannot be read or written (E002, E021, E024, E026, E074, E075, E102), or
         the archive output cannot be written: disk full, read-only, no permission (E086)
    130  interrupted (Ctrl-C); an archive run resumes where it stopped
"""

from __future__ import annotations

import argparse
import glob
import json
import logging
import os
import shlex
import shutil
import socket
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import __version__
from .errors import (
    Errors,
    InputError,
    ModelError,
    NewsnlpError,
    NewsnlpWarning,
    Warnings,
    check_positive,
)
from .frames import write_csv
from .items import Item
from .reading import no_items_reason
from .segment import iter_segment_file

# spaCy and scikit-learn (about 2 s to import) come in with the tagger, the archive run and the
# topic trainer: they are imported in the function that needs them, after the arguments, paths
# and options are checked, so that a mistake on the command line is reported at once.
if TYPE_CHECKING:
    from .archive import ArchiveSummary
    from .tagger import TagResult

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_MODEL, EXIT_ERRORS = 0, 1, 2, 3, 4
EXIT_IO, EXIT_INTERRUPTED = 5, 130
#: Numbered errors whose exit code is not their class's (InputError 1, ModelError 3).
EXIT_CODES: dict[str, int] = {"E002": EXIT_IO, "E074": EXIT_IO, "E075": EXIT_IO, "E102": EXIT_IO,
                              "E021": EXIT_IO, "E024": EXIT_IO, "E026": EXIT_IO, "E086": EXIT_IO}
_EXIT_HELP = """exit codes:
  0    success
  1    bad input: a file that is not text, an unknown label or language, a value out of
       range, a folder or glob without -o DIR/, a Dask scheduler that does not answer
  2    bad command line (usage printed)
  3    no usable model: no spaCy pipeline, or a damaged or missing topic model
  4    an archive run finished but recorded errors in DIR/errors (the rest was tagged)
  5    a file or folder cannot be read or written
  130  interrupted (Ctrl-C); an archive run resumes where it stopped"""

#: Entity labels shown in each column of the summary.
_SUMMARY_GROUPS = {"people": ("PERSON",), "orgs": ("ORG",), "events": ("EVENT",)}
#: Summary columns left out, first to last, when a terminal cannot show every column readably.
_SPARE_COLUMNS = ("events", "orgs", "dateline")
_READABLE_CELL = 12
_WRITERS = {".parquet", ".csv", ".jsonl"}
# JSON keeps these raw with ensure_ascii=False, but str.splitlines() and many JSON-lines readers
# end a line at them: escaped, every record is one line for any reader.
_LINE_SEPARATORS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})

# Defaults of the library, written out so that `--help` needs no spaCy import; a test checks
# each against the value it copies.
_BATCH_SIZE = 64  # TagOptions.batch_size
_PART_SIZE = 1000  # newsnlp.archive.run.PART_SIZE
#: Labels the default pipeline (en_core_web_sm: the OntoNotes 5 entity types) and newsnlp's
#: components give: what `--labels` may name without `--model`.
PIPELINE_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
     "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "REGION"})
#: Labels newsnlp's own components give whatever the spaCy pipeline's NER knows: people and
#: organisations (newsnlp_people, newsnlp_orgs), places, demonyms and regions
#: (newsnlp_countries, `newsnlp.entities.REGION_LABEL`) and events (newsnlp_events). With
#: `--model`, `--labels` may name these and the labels of that pipeline's NER.
COMPONENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "REGION", "EVENT"})
#: Every code the language detector (py3langid's shipped model) can give: what `--languages`
#: may name. Written out because loading the model takes 2 s; a test checks it against the model.
DETECTOR_LANGUAGES = frozenset(str.split("""
    ace af am an ar ary arz as az ba bcl be bg bn br bs ca crh cs cy da de dz el en eo es et eu
    ext fa fi fo fr fuv fy ga gcf gcr gd gl gom grc gu gug guw ha hbo he hi hr ht hu hy id ig is
    it ja jv ka kab kik kk km kn ko ku ky la lb lg lij ln lo lt ltg lv mg mk ml mn mr ms mt my ne
    nl nn no nso oc om or pa pcm pl ps pt qu ro ru rw sa sdh se si sk sl sn so sq sr st sv sw ta
    te tg th tk tl tr tt ug uk ur uz uzs vec vi vo wa wuu xh yo yue zh zu zxx"""))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (testable without running anything)."""
    parser = argparse.ArgumentParser(prog="newsnlp", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser("tag", help="tag bulletin files or an archive: items, entities",
                              epilog=_EXIT_HELP,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    tag.add_argument("files", nargs="+", type=Path, metavar="PATH",
                     help="bulletin files; with -o DIR/ also folders, glob patterns, "
                          ".jsonl/.csv/.parquet tables and .gz/.zip archives")
    tag.add_argument("-o", "--output", metavar="OUT",
                     help="write the items table to OUT (.parquet, .csv or .jsonl) and the "
                          "mentions and events tables beside it as <OUT stem>.mentions<suffix> "
                          "and <OUT stem>.events<suffix>; or, when OUT is a directory (or has "
                          "no suffix), a resumable archive run's Parquet datasets OUT/items, "
                          "OUT/mentions, OUT/events and OUT/errors")
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
    tag.add_argument("--batch-size", type=int, default=_BATCH_SIZE,
                     help="items per nlp.pipe batch: drives peak memory, not speed "
                          "(default: %(default)s)")
    tag.add_argument("--n-process", type=int, default=None,
                     help="worker processes (default: 1; for an archive run one per CPU)")
    tag.add_argument("--width", type=int, default=None, metavar="COLUMNS",
                     help="width of the printed summary; cells are cut to fit (default: the "
                          "terminal's width on a terminal, no limit otherwise; 0: no limit)")
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
    archive.add_argument("--part-size", type=int, default=_PART_SIZE,
                         help="items per output part, the unit of work and of resume "
                              "(default: %(default)s)")
    archive.add_argument("--text-col", default="text",
                         help="the column holding the item text in .jsonl/.csv/.parquet inputs "
                              "(default: %(default)s)")

    seg = commands.add_parser("segment", help="print the items of a bulletin")
    seg.add_argument("file", type=Path, metavar="FILE")
    seg.add_argument("--json", action="store_true", help="one JSON object per item, per line")

    train = commands.add_parser("train", help="train a topic classifier on your own labels")
    train.add_argument("data", type=Path, metavar="DATA",
                       help=".csv, .jsonl/.json or .parquet; several labels as 'a|b' or a list")
    train.add_argument("--text-col", default="text", metavar="COLUMN",
                       help="the column holding each example's text (default: %(default)s)")
    train.add_argument("--label-col", default="label", metavar="COLUMN",
                       help="the column holding each example's label or labels "
                            "(default: %(default)s)")
    train.add_argument("-o", "--output", type=Path, required=True, metavar="MODEL",
                       help="the model directory to write")
    train.add_argument("--threshold", default="0.5", help="a score in 0..1, or 'cv' for one "
                       "threshold per topic chosen by cross-validation (default: %(default)s)")
    train.add_argument("--max-labels", type=int, default=3,
                       help="most topics per text (default: %(default)s)")
    train.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="processes fitting topics in parallel (-1: every core; used only "
                            "past the training size where it pays; default: %(default)s)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parse_args(argv)
    with warnings.catch_warnings():
        # A warning is for the person at the terminal: its message, not Python's source line.
        warnings.showwarning = _show_warning
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


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    print(f"newsnlp: {message}", file=sys.stderr if file is None else file)


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


def plural(n: int, noun: str) -> str:
    """`n` and the noun, in the plural unless `n` is 1.

    Examples:
        >>> plural(1, "item"), plural(0, "item"), plural(1234, "mention")
        ('1 item', '0 items', '1,234 mentions')
    """
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


# ---- checks that run before any model is imported -----------------------------------------------

def check_bulletin_paths(paths: Iterable[Path]) -> None:
    """Refuse what `tag` without `-o DIR/` cannot read, before anything is loaded.

    Raises:
        InputError: [E020] a folder or glob pattern (archive runs need `-o DIR/`); [E024] a
            path that does not exist.

    Examples:
        >>> check_bulletin_paths([Path(__file__)])
        >>> check_bulletin_paths([Path("news/*.txt")])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        newsnlp.errors.InputError: [E020] 'news/*.txt' is a glob pattern: folders and glob ...
    """
    for path in paths:
        # Quoted as a shell needs it, so that the example command in E020 can be pasted as it is
        # (unquoted, the shell would expand the pattern itself).
        if path.is_dir():
            raise InputError(Errors.E020.format(path=shlex.quote(str(path)), kind="folder"))
        if not path.exists():
            if glob.has_magic(str(path)):
                raise InputError(Errors.E020.format(path=shlex.quote(str(path)),
                                                    kind="glob pattern"))
            raise InputError(Errors.E024.format(path=path, cwd=Path.cwd()))


def check_writable(path: Path) -> None:
    """Refuse an output file that cannot be written, before any tagging is done.

    Its nearest existing folder must be a folder (not a file on the way) that this process
    may write in; the folders below it are made when the tables are written.

    Raises:
        InputError: [E102] with the reason (exit code 5).

    Examples:
        >>> check_writable(Path(__file__).parent / "x.csv")
        >>> check_writable(Path(__file__) / "x.csv")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        newsnlp.errors.InputError: [E102] Cannot write .../cli.py/x.csv: .../cli.py is a file, ...
    """
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.is_dir():
        reason = f"{path} is a folder"
    elif not folder.is_dir():
        reason = f"{folder} is a file, not a folder"
    elif not os.access(folder, os.W_OK | os.X_OK) or (path.exists()
                                                      and not os.access(path, os.W_OK)):
        reason = f"{path if path.exists() else folder} is not writable"
    else:
        return
    raise InputError(Errors.E102.format(path=path, reason=reason))


def check_scheduler(address: str, timeout: float = 5.0) -> None:
    """Refuse a `tcp://HOST:PORT` scheduler address that nothing answers on, in seconds.

    Without the check, dask.distributed tries for 30 s and ends in a traceback. Only a TCP
    address with a port is tried (others, e.g. tls://, are left to dask.distributed).

    Raises:
        InputError: [E025] with the reason.

    Examples:
        >>> check_scheduler("tcp://127.0.0.1:1", timeout=1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        newsnlp.errors.InputError: [E025] Cannot reach the Dask scheduler at tcp://127.0.0.1:1: ...
    """
    if not address.startswith("tcp://"):
        return
    host, _, port = address.removeprefix("tcp://").rstrip("/").rpartition(":")
    if not host or not port.isdigit():  # no port: dask.distributed's own default applies
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            return
    except OSError as err:
        reason = str(err.strerror or err)
    raise InputError(Errors.E025.format(address=address, reason=reason))


def check_archive_inputs(paths: Iterable[Path]) -> None:
    """Refuse an archive input that names no file (a typo, an unquoted or wrong pattern).

    Raises:
        InputError: [E021] with the kinds of file that count as input.
    """
    for path in paths:
        name = str(path)
        if path.exists() or (glob.has_magic(name) and any(
                Path(match).is_file() for match in glob.iglob(name, recursive=True))):
            continue
        raise InputError(Errors.E021.format(path=name))


def parse_labels(value: str, known: Iterable[str] | None = PIPELINE_LABELS
                 ) -> frozenset[str] | None:
    """`--labels` as a set of upper-case labels, or None for 'all'.

    Raises:
        InputError: [E022] a label that is not in `known` (None: any label).

    Examples:
        >>> sorted(parse_labels("person, gpe"))
        ['GPE', 'PERSON']
        >>> parse_labels("all") is None
        True
        >>> parse_labels("PERSN")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        newsnlp.errors.InputError: [E022] --labels names 'PERSN', which the pipeline never ...
    """
    codes = _split(value, str.upper)
    if codes is not None and known is not None:
        _refuse_unknown(codes, frozenset(known), Errors.E022)
    return codes


def parse_languages(value: str) -> frozenset[str] | None:
    """`--languages` as a set of lower-case codes, or None for 'all'.

    Raises:
        InputError: [E023] a code the language detector never gives.

    Examples:
        >>> sorted(parse_languages("DE, fr"))
        ['de', 'fr']
        >>> parse_languages("english")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        newsnlp.errors.InputError: [E023] --languages names 'english', which the language ...
    """
    codes = _split(value, str.lower)
    if codes is not None:
        _refuse_unknown(codes, DETECTOR_LANGUAGES, Errors.E023)
    return codes


def _split(value: str, normalise: Callable[[str], str]) -> frozenset[str] | None:
    codes = frozenset(normalise(code.strip()) for code in value.split(",") if code.strip())
    return None if codes == {normalise("all")} else codes


def _refuse_unknown(codes: frozenset[str], known: frozenset[str], message: str) -> None:
    unknown = sorted(codes - known)
    if unknown or not codes:
        raise InputError(message.format(unknown=", ".join(map(repr, unknown)) or "nothing",
                                        known=", ".join(sorted(known))))


def _set_options(args: argparse.Namespace) -> dict[str, Any]:
    """--labels and --languages as `TagOptions` fields, checked; 'all' is None (no filter).

    Without `--model` the labels are checked against the default pipeline's; with one, against
    that pipeline's own once it is loaded.
    """
    options: dict[str, Any] = {}
    if args.labels is not None:
        options["labels"] = parse_labels(args.labels, None if args.model else PIPELINE_LABELS)
    if args.languages is not None:
        options["languages"] = parse_languages(args.languages)
    return options


def _check_options(args: argparse.Namespace) -> None:
    check_positive("--batch-size", args.batch_size)
    check_positive("--n-process", args.n_process)
    if args.command == "tag" and args.width is not None and args.width < 0:
        raise InputError(Errors.E009.format(name="--width", value=args.width,
                                            reason="must be >= 0 (0: no limit)"))


def _check_topic_model(value: str) -> str | None:
    if value.lower() == "none":
        return None
    if value != "default" and not Path(value).exists():
        raise ModelError(Errors.E032.format(path=value, reason="no such directory"))
    return value


# ---- the commands ------------------------------------------------------------------------------

def _segment(args: argparse.Namespace) -> int:
    if args.file.is_dir():  # reading it would say only "Is a directory"
        raise InputError(Errors.E026.format(path=shlex.quote(str(args.file))))
    items = iter_segment_file(args.file, origin=str(args.file))  # printed as they are cut
    n_items = 0
    for position, item in enumerate(items):
        n_items += 1
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
    if not n_items:
        _warn_no_items(args.file)
    return EXIT_OK


def is_archive_output(output: str) -> bool:
    """Whether `-o OUT` asks for an archive run: a directory, a trailing slash, no suffix.

    Examples:
        >>> [is_archive_output(o) for o in ("out/", "out", "out.parquet", "out.xlsx")]
        [True, True, False, False]
    """
    return output.endswith(("/", os.sep)) or Path(output).is_dir() or not Path(output).suffix


def _tag(args: argparse.Namespace) -> int:
    _check_options(args)
    options = _set_options(args)
    topic_model = _check_topic_model(args.topic_model)
    if args.output is not None and is_archive_output(args.output):
        check_archive_inputs(args.files)
        if args.engine == "dask" and args.scheduler:
            check_scheduler(args.scheduler)
        return _tag_archive(args, topic_model, options)
    check_bulletin_paths(args.files)
    output = None if args.output is None else Path(args.output)
    if output is not None:
        if output.suffix not in _WRITERS:
            raise InputError(Errors.E008.format(path=output, suffix=output.suffix))
        check_writable(output)

    from .tagger import Tagger, TagOptions

    tagger = Tagger(model=args.model, batch_size=args.batch_size,
                    n_process=args.n_process or TagOptions.n_process,
                    topic_model=topic_model, **options)
    if args.model and args.labels:
        ner = tagger.nlp.get_pipe("ner") if tagger.nlp.has_pipe("ner") else None
        if ner is not None:
            parse_labels(args.labels, COMPONENT_LABELS | set(getattr(ner, "labels", ())))
    result = tagger.tag_files(args.files)
    origins = set(result.items["origin"].dropna())
    for path in args.files:
        if str(path) not in origins:
            _warn_no_items(path)
    if output is None:
        print(summary(result, width=_table_width(args.width)))
        return EXIT_OK
    mentions_path, events_path = (output.with_name(f"{output.stem}.{table}{output.suffix}")
                                  for table in ("mentions", "events"))
    _write(result.items, output)
    _write(result.mentions, mentions_path)
    _write(result.events, events_path)
    print(f"wrote {plural(len(result.items), 'item')} to {output}, "
          f"{plural(len(result.mentions), 'mention')} to {mentions_path} and "
          f"{plural(len(result.events), 'event')} to {events_path}", file=sys.stderr)
    return EXIT_OK


def _warn_no_items(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
    except OSError:  # pragma: no cover - it was just read
        return
    warnings.warn(Warnings.W020.format(path=path, reason=no_items_reason(head)), NewsnlpWarning,
                  stacklevel=2)


def _tag_archive(args: argparse.Namespace, topic_model: str | None,
                 options: dict[str, Any]) -> int:
    from .archive import ArchiveSummary, tag_archive

    # Log lines (progress off a terminal, warnings) go to stderr as plain one-line records; the
    # final summary is printed on stdout below, so its log record is left out here.
    handler = _BarSafeHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("newsnlp: %(asctime)s %(message)s", "%H:%M:%S"))
    handler.addFilter(lambda record: not (isinstance(record.args, tuple) and record.args
                                          and isinstance(record.args[0], ArchiveSummary)))
    log = logging.getLogger("newsnlp.archive")
    log.addHandler(handler)
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    log.propagate = False
    try:
        result = tag_archive(args.files, args.output, model=args.model,
                             batch_size=args.batch_size, n_process=args.n_process,
                             topic_model=topic_model,
                             engine=args.engine, client=args.scheduler,
                             part_size=args.part_size, text_col=args.text_col,
                             force=args.force, progress=False if args.quiet else None,
                             **options)
    finally:
        log.removeHandler(handler)
    print(archive_summary(result))
    if result.n_errors:
        print(f"newsnlp: {plural(result.n_errors, 'error')} recorded (inputs, rows or items "
              f"that could not be tagged); see {Path(args.output) / 'errors'}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


class _BarSafeHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Log lines that do not run into the progress bar: on a terminal, through `tqdm.write`,
    which clears the bar, prints the line and draws the bar again below it."""

    def emit(self, record: logging.LogRecord) -> None:
        if not self.stream.isatty():
            super().emit(record)
            return
        from tqdm import tqdm  # type: ignore[import-untyped]

        try:
            tqdm.write(self.format(record), file=self.stream)
        except Exception:  # pragma: no cover - logging must never raise
            self.handleError(record)


def archive_summary(result: ArchiveSummary) -> str:
    """One line on an archive run: what DIR holds, and what this run did."""
    rate = result.n_tagged / result.seconds if result.seconds > 0 else 0.0
    return (f"{plural(result.n_items, 'item')}, {plural(result.n_mentions, 'mention')}, "
            f"{plural(result.n_errors, 'error')}, {plural(result.n_duplicates, 'duplicate')} "
            f"in {result.out} ({plural(result.n_tagged, 'item')} tagged in "
            f"{result.seconds:,.1f} s, "
            f"{rate:,.1f} items/s; {plural(result.n_reused_units, 'unit')} kept from an "
            f"earlier run)")


def _train(args: argparse.Namespace) -> int:
    threshold: float | str = args.threshold
    if threshold != "cv":
        try:
            threshold = float(threshold)
        except ValueError:
            raise InputError(Errors.E009.format(name="--threshold", value=args.threshold,
                                                reason="a number in 0..1 or 'cv'")) from None
    check_positive("--max-labels", args.max_labels)
    if not args.data.exists():
        raise InputError(Errors.E024.format(path=args.data, cwd=Path.cwd()))

    from .topics import train_from_file

    classifier = train_from_file(args.data, args.text_col, args.label_col, out=args.output,
                                 threshold=threshold, max_labels=args.max_labels,
                                 n_jobs=args.jobs)
    print(f"trained {plural(len(classifier.classes_), 'topic')} -> {args.output}",
          file=sys.stderr)
    return EXIT_OK


# ---- the summary table -------------------------------------------------------------------------

def _table_width(option: int | None) -> int | None:
    """The summary's width: --width, else the terminal's on a terminal; None: no limit."""
    if option is not None:
        return option or None
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None  # a file or a pipe keeps every cell as the library gives it


def summary(result: TagResult, width: int | None = None, cell: int = 38) -> str:
    """A readable table: one line per item with its date, headline and entities.

    Headlines and entity lists are cut to `cell` characters; with `width`, the widest columns
    are then cut further until every line fits in `width` characters, and a last line says how
    to see everything.
    """
    items, mentions = result.items, result.mentions
    columns = {
        "published": [_when(value, precision) for value, precision in
                      zip(items["published"], items["precision"], strict=True)],
        "dateline": items["dateline"].fillna("").tolist(),
        "headline": [_shorten(title if pd.notna(title) else text, cell)
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
        columns[column] = [_shorten(names.get(item_id, ""), cell) for item_id in items["item_id"]]
    header = (f"{plural(len(items), 'item')}, {plural(len(mentions), 'mention')}, "
              f"{plural(len(result.events), 'event')}")
    if not len(items):
        return header
    # Left-aligned text columns read better than pandas' right-aligned default.
    widths = {name: max(len(name), *map(len, values)) for name, values in columns.items()}
    fitted = dict(widths)
    left_out: list[str] = []
    while width is not None:
        fitted = _fit_table(widths, width)
        # Cells cut below a readable width help nobody: give up whole columns first, the
        # least asked-for last.
        cramped = any(fitted[n] < min(widths[n], _READABLE_CELL) for n in fitted)
        spare = [name for name in _SPARE_COLUMNS if name in widths]
        if not cramped or not spare:
            break
        del widths[spare[0]], columns[spare[0]]
        left_out.append(spare[0])
    rows = [list(columns), *zip(*columns.values(), strict=True)]
    lines = ["  ".join(_cut(v, w).ljust(w) for v, w in zip(row, fitted.values(), strict=True))
             for row in rows]
    table = [header, *(line.rstrip() for line in lines)]
    if fitted != widths or left_out:
        what = f"columns {', '.join(left_out)} left out and cells" if left_out else "cells"
        note = (f"({what} cut to fit {width} columns: --width 0 prints everything in full, "
                "-o items.csv writes every column of the items, mentions and events tables)")
        table.extend(textwrap.wrap(note, max(width or 0, 40)))
    return "\n".join(table)


def _fit_table(widths: dict[str, int], width: int) -> dict[str, int]:
    """Widths that fit `width`: headers stay whole while they can, then give way too."""
    values = list(widths.values())
    fitted = fit_widths(fit_widths(values, width, keep=(0,), least=list(map(len, widths))),
                        width, keep=(0,))
    return dict(zip(widths, fitted, strict=True))


def fit_widths(widths: Sequence[int], total: int, keep: Sequence[int] = (), gap: int = 2,
               least: Sequence[int] | int = 3) -> list[int]:
    """Column widths that fit in `total` characters: the widest columns give way first.

    Columns in `keep` are never cut (the date); no column goes below its `least` (the header's
    width), so a very narrow terminal still gets lines longer than it.

    Examples:
        >>> fit_widths([16, 8, 38, 41], 80)
        [16, 8, 25, 25]
        >>> fit_widths([10, 20], 80)
        [10, 20]
        >>> fit_widths([10, 50, 50], 40, keep=[0], least=[5, 20, 5])
        [10, 20, 6]
    """
    fitted = list(widths)
    floor = [least] * len(fitted) if isinstance(least, int) else list(least)
    excess = sum(fitted) + gap * (len(fitted) - 1) - total
    while excess > 0:
        cuttable = [i for i in range(len(fitted)) if i not in keep and fitted[i] > floor[i]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda i: (fitted[i], i))
        fitted[widest] -= 1
        excess -= 1
    return fitted


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
            write_csv(frame, path)
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


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
