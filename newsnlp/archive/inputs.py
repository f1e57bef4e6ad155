"""Archive inputs: files, folders and globs -> sources -> units of records, streamed.

A *source* is one thing with its own size and fingerprint: a file, or a member of a zip. A
*unit* is what the manifest records as done: a whole bulletin file (`.txt`, any encoding), or
`rows_per_unit` consecutive rows of a table (`.jsonl`, `.csv`, `.parquet`) or items of a bulletin
file over `STREAM_BYTES`, so that a crash in a huge file redoes at most one part's items, and
neither the file nor all its items are ever in memory. `.gz` holds one such file; `.zip` holds
any number (each member is a source). Nothing is read before it is needed: sources are listed
from file names and zip directories, units are read one at a time.

A source that cannot be read (binary, undecodable, truncated) becomes a unit with an error and no
records, so that the run goes on and the error lands in the `errors` table.
"""

from __future__ import annotations

import csv
import glob
import gzip
import hashlib
import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd

from ..dates import parse_timestamp
from ..errors import Errors, InputError, NewsnlpError
from ..frames import decode_list_cells
from ..items import Item
from ..segment import Layout, iter_segment_file

#: Suffixes of bulletin text and of tables of items; anything else named on the command line is
#: read as bulletin text, but a folder contributes only files with these suffixes.
TEXT_SUFFIXES = frozenset({".txt", ".text"})
TABLE_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".parquet"})
ARCHIVE_SUFFIXES = frozenset({".gz", ".zip"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES | ARCHIVE_SUFFIXES

#: Table columns read into the `Item` fields of the same name; aliases map to them. Every other
#: column (but the text) is kept as JSON in the `meta` column of `items`.
ITEM_COLUMNS = {"title": "title", "headline": "title", "published": "published",
                "date": "published", "dateline": "dateline", "source": "source",
                "category": "category"}

#: A bulletin file on disk larger than this is segmented as it is read, `rows_per_unit` items to
#: a unit; a smaller one (or one in a .gz or .zip) is read whole and is one unit.
STREAM_BYTES = 8 << 20

_READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, gzip.BadGzipFile)
_Opener = Callable[[], AbstractContextManager[IO[bytes]]]


@dataclass(slots=True)
class ReadError:
    """A source, or one of its rows, that could not be used: the `errors` table's row."""

    origin: str
    position: int | None
    code: str
    message: str
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One input with its own fingerprint: a file, or a member of a zip."""

    origin: str
    kind: str  # "text" or one of TABLE_SUFFIXES
    size: int
    digest: str
    opener: _Opener = field(repr=False, compare=False)
    gzipped: bool = False
    error: ReadError | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One thing to tag: a bulletin (to segment), a table row (one item, with metadata), or an
    item already cut from a streamed bulletin file."""

    position: int
    text: str
    bulletin: bool
    fields: dict[str, Any] | None = None
    meta: str | None = None
    item: Item | None = None


@dataclass(slots=True)
class Unit:
    """What the manifest records as done: `key` with the source's size and digest.

    A unit the manifest already holds comes with `skipped=True` and no records.
    """

    key: str
    source: Source
    index: int
    records: list[Record]
    errors: list[ReadError]
    last: bool
    nbytes: int
    skipped: bool = False

    @property
    def origin(self) -> str:
        return self.source.origin


def expand(inputs: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files named by `inputs` (files, folders, glob patterns), in a stable order.

    Folders are walked recursively in sorted order, taking files with a known suffix and
    leaving hidden files out; the order of `inputs` is kept and a file is listed once.

    Raises:
        InputError: [E074] an input matches no file.

    Examples:
        >>> expand([__file__]) == [__file__]
        True
    """
    found: dict[str, None] = {}
    for entry in inputs:
        name = os.fspath(entry)
        path = Path(name)
        if path.is_dir():
            matches = [str(p) for p in sorted(path.rglob("*"))
                       if p.is_file() and _wanted(p.relative_to(path))]
        elif path.is_file():
            matches = [name]
        elif glob.has_magic(name):
            matches = [m for m in sorted(glob.glob(name, recursive=True)) if Path(m).is_file()]
        else:
            matches = []
        if not matches:
            raise InputError(Errors.E074.format(path=name))
        found.update(dict.fromkeys(matches))
    return list(found)


def _wanted(relative: Path) -> bool:
    return (not any(part.startswith((".", "_")) for part in relative.parts)
            and _kind(relative.name) is not None)


def _kind(name: str) -> str | None:
    """'text', a table suffix, 'zip', or None for a file a folder walk leaves out."""
    suffix = Path(name).suffix.lower()
    if suffix == ".zip":
        return "zip"
    if suffix == ".gz":
        suffix = Path(name[: -len(".gz")]).suffix.lower()
        return suffix if suffix in TABLE_SUFFIXES else "text"
    if suffix in TABLE_SUFFIXES:
        return suffix
    return "text" if suffix in TEXT_SUFFIXES else None


def sources(path: str) -> Iterator[Source]:
    """The sources in one file: itself, or each member of a zip.

    A file that cannot be read, or a zip whose directory is damaged, is one source that
    carries its error (E002, E070), so that it is recorded once and redone only if it changes.
    """
    try:
        size, digest = _file_digest(path)
    except OSError as err:
        error = ReadError(path, None, "E002",
                          Errors.E002.format(path=path, reason=err.strerror or err))
        yield Source(path, "text", -1, "unreadable", _no_opener, error=error)
        return
    if path.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                infos = sorted(archive.infolist(), key=lambda i: i.filename)
        except _READ_ERRORS as err:
            error = ReadError(path, None, "E070", Errors.E070.format(path=path, reason=err))
            yield Source(path, "text", size, digest, _no_opener, error=error)
            return
        for info in infos:
            name = info.filename
            if info.is_dir() or not _wanted(Path(name)) or name.lower().endswith(".zip"):
                continue

            def opener(info: zipfile.ZipInfo = info) -> AbstractContextManager[IO[bytes]]:
                return _ZipMember(path, info)

            # The central directory's CRC-32 and size fingerprint a member without reading it.
            yield Source(f"{path}::{name}", _kind(name) or "text", info.file_size,
                         f"crc32:{info.CRC:08x}", opener, gzipped=name.lower().endswith(".gz"))
        return
    yield Source(path, _kind(path) or "text", size, digest, lambda: open(path, "rb"),  # noqa: SIM115
                 gzipped=path.lower().endswith(".gz"))


def _no_opener() -> AbstractContextManager[IO[bytes]]:  # pragma: no cover
    raise OSError("this source cannot be opened")


class _ZipMember(AbstractContextManager[IO[bytes]]):
    """Open a zip member, closing the zip with it (a Source must not hold a file open)."""

    def __init__(self, path: str, info: zipfile.ZipInfo) -> None:
        self._zip = zipfile.ZipFile(path)
        self._info = info

    def __enter__(self) -> IO[bytes]:
        return self._zip.open(self._info)

    def __exit__(self, *exc: object) -> None:
        self._zip.close()


def _file_digest(path: str) -> tuple[int, str]:
    digest = hashlib.blake2b(digest_size=16)
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return size, f"blake2b:{digest.hexdigest()}"


def units(source: Source, rows_per_unit: int, text_col: str,
          skip: Callable[[str], bool] = lambda key: False,
          layout: Layout | None = None) -> Iterator[Unit]:
    """Read a source as units of records; a unit whose key `skip` accepts is not read.

    Units come in order with `index` 0, 1, ... and the last one has `last=True`; damage found
    while reading ends the source with a unit holding the error (after the units read so far).
    `nbytes` is each unit's share of the source's size, for progress.
    """
    key = source.origin
    if source.error is not None:
        skipped = skip(key)
        yield Unit(key, source, 0, [], [] if skipped else [source.error], True,
                   max(source.size, 0), skipped)
        return
    if source.kind != "text":
        yield from _row_units(source, _table_rows(source, text_col), rows_per_unit, skip)
        return
    if source.size > STREAM_BYTES and not source.gzipped and os.path.isfile(source.origin):
        yield from _row_units(source, _bulletin_rows(source, layout), rows_per_unit, skip)
        return
    if skip(key):
        yield Unit(key, source, 0, [], [], True, source.size, skipped=True)
        return
    errors: list[ReadError] = []
    records: list[Record] = []
    try:
        with _open(source) as handle:
            data = handle.read()
        records.append(Record(0, _decode(data, source.origin), bulletin=True))
    except NewsnlpError as err:
        errors.append(_error(source.origin, None, err))
    except _READ_ERRORS as err:
        errors.append(ReadError(source.origin, None, "E070",
                                Errors.E070.format(path=source.origin, reason=err)))
    yield Unit(key, source, 0, records, errors, True, source.size)


def _table_rows(source: Source, text_col: str) -> Iterator[Record | ReadError]:
    with _open(source) as handle:
        yield from _rows(source, handle, text_col)


def _bulletin_rows(source: Source, layout: Layout | None) -> Iterator[Record]:
    # The items are those `segment` finds in the whole text (ids and offsets included).
    found = iter_segment_file(source.origin, layout, origin=source.origin)
    for position, item in enumerate(found):
        yield Record(position, item.text, bulletin=False, item=item)


def _row_units(source: Source, rows: Iterator[Record | ReadError], rows_per_unit: int,
               skip: Callable[[str], bool]) -> Iterator[Unit]:
    """Units of `rows_per_unit` rows (or items) of one source, keyed `origin#index`."""
    index, start, done_bytes, chars = 0, 0, 0, 0
    records: list[Record] = []
    errors: list[ReadError] = []
    try:
        for position, row in enumerate(rows):
            if isinstance(row, ReadError):
                errors.append(row)
            else:
                records.append(row)
                chars += len(row.text)
            if position + 1 - start == rows_per_unit:
                # The last unit is only known at the end, so a full unit is never `last`; its
                # progress share is a guess (its texts' characters), the rest comes at the end.
                nbytes = min(source.size - done_bytes, chars)
                key = f"{source.origin}#{index}"
                skipped = skip(key)
                yield Unit(key, source, index, [] if skipped else records,
                           [] if skipped else errors, False, nbytes, skipped)
                index, start, done_bytes = index + 1, position + 1, done_bytes + nbytes
                records, errors, chars = [], [], 0
    except NewsnlpError as err:
        errors.append(_error(source.origin, None, err))
    except (*_READ_ERRORS, ValueError, csv.Error) as err:
        # pyarrow and pandas raise ValueError subclasses (ArrowInvalid, ParserError) on damage,
        # and a CSV that is not UTF-8 raises UnicodeDecodeError, a ValueError too.
        errors.append(ReadError(source.origin, None, "E070",
                                Errors.E070.format(path=source.origin, reason=err)))
    key = f"{source.origin}#{index}"
    skipped = skip(key)
    yield Unit(key, source, index, [] if skipped else records, [] if skipped else errors, True,
               max(0, source.size - done_bytes), skipped)


def _open(source: Source) -> AbstractContextManager[IO[bytes]]:
    handle = source.opener()
    if not source.gzipped:
        return handle
    return _Gunzip(handle)


class _Gunzip(AbstractContextManager[IO[bytes]]):
    def __init__(self, raw: AbstractContextManager[IO[bytes]]) -> None:
        self._raw = raw

    def __enter__(self) -> IO[bytes]:
        return gzip.GzipFile(fileobj=self._raw.__enter__(), mode="rb")  # type: ignore[return-value]

    def __exit__(self, *exc: object) -> None:
        self._raw.__exit__(None, None, None)


def _decode(data: bytes, name: str) -> str:
    # Imported here: reading warns (W001) on a guessed encoding, and the archive records such
    # warnings as log lines, not as warnings in the middle of a progress bar.
    import warnings

    from ..reading import decode_bytes

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = decode_bytes(data, name)
    for warning in caught:
        import logging

        logging.getLogger("newsnlp.archive").warning("%s", warning.message)
    return text


def _error(origin: str, position: int | None, err: NewsnlpError) -> ReadError:
    return ReadError(origin, position, getattr(err, "code", "") or "E000", str(err))


def _rows(source: Source, handle: IO[bytes], text_col: str) -> Iterator[Record | ReadError]:
    if source.kind in {".jsonl", ".ndjson"}:
        for position, line in enumerate(handle):
            if not line.strip():
                yield ReadError(source.origin, position, "E073", Errors.E073.format(
                    position=position, path=source.origin, reason="the line is empty"))
                continue
            try:
                row = json.loads(line)
            except ValueError as err:
                yield ReadError(source.origin, position, "E073", Errors.E073.format(
                    position=position, path=source.origin, reason=f"not valid JSON ({err})"))
                continue
            if not isinstance(row, dict):
                yield ReadError(source.origin, position, "E073", Errors.E073.format(
                    position=position, path=source.origin, reason="not a JSON object"))
                continue
            yield row_record(row, position, source.origin, text_col)
    elif source.kind == ".csv":
        # Everything as str: a CSV says nothing about types, and the text must stay as written.
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            reader = csv.DictReader(text)
            if reader.fieldnames is not None and text_col not in reader.fieldnames:
                raise InputError(Errors.E071.format(path=source.origin, column=text_col,
                                                    columns=reader.fieldnames))
            for position, row in enumerate(reader):
                # List columns written by `newsnlp tag -o OUT.csv` are JSON arrays: lists again.
                yield row_record(decode_list_cells(row), position, source.origin, text_col)
        finally:
            text.detach()  # the handle is closed by its owner
    else:
        yield from _parquet_rows(source, handle, text_col)


def _parquet_rows(source: Source, handle: IO[bytes], text_col: str
                  ) -> Iterator[Record | ReadError]:
    import pyarrow.parquet as pq

    # Parquet needs random access: a gzip or zip member stream is read into memory first.
    if not handle.seekable() or source.gzipped:
        handle = io.BytesIO(handle.read())
    parquet = pq.ParquetFile(handle)
    if text_col not in parquet.schema_arrow.names:
        raise InputError(Errors.E071.format(path=source.origin, column=text_col,
                                            columns=parquet.schema_arrow.names))
    position = 0
    for batch in parquet.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            yield row_record(row, position, source.origin, text_col)
            position += 1


def row_record(row: dict[str, Any], position: int, origin: str, text_col: str
               ) -> Record | ReadError:
    """One table row as a record: the text, the `Item` fields, the other columns as JSON.

    Examples:
        >>> record = row_record({"text": "Polls closed.", "title": "Vote", "lang": "en"}, 3,
        ...                     "a.jsonl", "text")
        >>> record.position, record.fields, record.meta
        (3, {'title': 'Vote'}, '{"lang": "en"}')
    """
    text = row.get(text_col)
    if not isinstance(text, str):
        reason = (f"it has no column {text_col!r}" if text_col not in row
                  else f"its {text_col!r} is {type(text).__name__}, not str")
        return ReadError(origin, position, "E073",
                         Errors.E073.format(position=position, path=origin, reason=reason))
    fields: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    for column, value in row.items():
        if column == text_col:
            continue
        target = ITEM_COLUMNS.get(column.lower())
        if target is not None and target not in fields and not _missing(value):
            fields[target] = value
        else:
            meta[column] = value
    return Record(position, text, bulletin=False, fields=fields,
                  meta=json.dumps(meta, ensure_ascii=False, default=str) if meta else None)


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def parse_published(value: Any) -> tuple[datetime | None, str | None]:
    """A table's date value as (datetime, precision); (None, None) when it is not a full date.

    Strings go through the segmenter's own parser (`dates.parse_timestamp`: day first, and
    a date without a year or day is no date), so a table and a bulletin read dates alike; a
    value pandas cannot hold is no date either, rather than a reason to drop the item.

    Examples:
        >>> parse_published("2024-09-02")
        (datetime.datetime(2024, 9, 2, 0, 0), 'date')
        >>> parse_published("2 Sep 2024 14:05")[1], parse_published("soon")
        ('time', (None, None))
        >>> parse_published("02/09/2024")[0].month, parse_published("Sep 2")
        (9, (None, None))
    """
    if value is None or value is pd.NaT:
        return None, None
    if isinstance(value, datetime):
        stamp: datetime = value.replace(tzinfo=None)  # wall-clock time as printed
        precision = "time"
    elif isinstance(value, date):
        stamp, precision = datetime(value.year, value.month, value.day), "date"
    else:
        parsed = parse_timestamp(str(value)) if isinstance(value, str) else None
        if parsed is None or not (parsed.has_date and parsed.has_year):
            return None, None
        stamp, precision = parsed.value, parsed.precision
    if not pd.Timestamp.min.year < stamp.year < pd.Timestamp.max.year:
        return None, None
    return stamp, precision
