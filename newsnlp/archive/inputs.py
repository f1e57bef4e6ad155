"""Archive inputs: files, folders and globs -> sources -> units of records, streamed.

A *source* is one thing with its own size and fingerprint: a file, or a member of a zip. A
*unit* is what the manifest records as done: a whole bulletin file (`.txt`, any encoding), or
`rows_per_unit` consecutive rows of a table (`.jsonl`, `.csv`, `.parquet`) or items of a bulletin
file over `STREAM_BYTES`, so that a crash in a huge file redoes at most one part's items, and
neither the file nor all its items are ever in memory. `.gz` holds one such file; `.zip` holds
any number (each member is a source). Nothing is read before it is needed: sources are listed
from file names and zip directories, units are read one at a time.

A source that cannot be read (binary, undecodable, truncated, encrypted, over a size limit,
or failing in a way nobody foresaw) becomes a unit with an error and no records, and a row that
cannot be used becomes an error of its own, so that the run goes on and the error lands in the
`errors` table.

Resume trusts what was read, not what was listed: each unit records the size and digest of the
bytes it was read from (a whole file's, or for a file read in several units, the last unit's
records the digest of everything read), so a file that changed while it was read is redone on
the next run; a unit whose reading failed records the file as it is after the failure, so it is
retried once the file changes (or reappears).

Limits (docs/SECURITY.md): a bulletin in a `.gz` or `.zip` over `STREAM_BYTES` is copied to a
temporary file (up to `MAX_SPOOL_BYTES`) and streamed from there in units like a plain file;
what must be held in memory whole (a smaller bulletin, a Parquet file in a `.gz` or `.zip`) is
read up to `MAX_WHOLE_BYTES`, a JSONL line or CSV cell up to `MAX_RECORD_BYTES`; more is an
[E084] error, never a `MemoryError`.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import functools
import glob
import gzip
import hashlib
import io
import json
import os
import re
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

#: The most bytes held in memory whole: a bulletin read whole (decompressed), a Parquet file in
#: a .gz or .zip. A plain bulletin file over `STREAM_BYTES` is streamed and has no limit.
MAX_WHOLE_BYTES = 256 << 20
#: A bulletin in a .gz or .zip over `STREAM_BYTES` (decompressed) is copied to a temporary
#: file and streamed from there like a plain file; this is the most that is copied.
MAX_SPOOL_BYTES = 4 << 30
#: The longest JSONL line or CSV record.
MAX_RECORD_BYTES = 64 << 20

#: Zip compression methods Python's zipfile reads (Deflate64, PPMd... are not among them).
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
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
    path: str | None = None  # the file on disk, as the OS names it; None for a zip member
    file: str = ""  # the file on disk (the zip, for a member), resolved: the same however named


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
    read: tuple[int, str] | None = None  # size and digest of what was read, if not the source's

    @property
    def origin(self) -> str:
        return self.source.origin

    @property
    def fingerprint(self) -> tuple[int, str]:
        """The (size, digest) the manifest records for this unit."""
        return self.read or (self.source.size, self.source.digest)


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
            matches = [m for m in sorted(_glob(name)) if Path(m).is_file()]
        else:
            matches = []
        if not matches:
            raise InputError(Errors.E074.format(path=name))
        found.update(dict.fromkeys(matches))
    return list(found)


def _glob(pattern: str) -> Iterator[str]:
    """`glob.glob(pattern, recursive=True)`, except that `**` never enters a symlinked folder.

    Python's glob follows links under `**`, so one `up -> ..` link lists every file once per
    trip round the loop, and two never end. The folder walk does not follow links either.
    Hidden names match only a pattern component that spells their dot, as in glob.
    """
    if "**" not in pattern:
        yield from glob.glob(pattern)
        return
    parts = pattern.split(os.sep)
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = os.sep.join(parts[:fixed])
    if not root and pattern.startswith(os.sep):
        root = os.sep
    wanted = tuple(parts[fixed:])
    for folder, dirs, files in os.walk(root or os.curdir, followlinks=False):
        dirs.sort()
        relative = os.path.relpath(folder, root or os.curdir)
        prefix = () if relative == os.curdir else tuple(relative.split(os.sep))
        for name in sorted(files):
            if _glob_match(wanted, (*prefix, name)):
                yield os.path.join(root, *prefix, name) if root else os.path.join(*prefix, name)


def _glob_match(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Whether path components match pattern components, `**` standing for any number.

    Examples:
        >>> _glob_match(("**", "*.txt"), ("a", "b", "c.txt")), _glob_match(("*.txt",), (".h.txt",))
        (True, False)
    """
    @functools.cache
    def match(i: int, j: int) -> bool:
        if i == len(pattern):
            return j == len(path)
        if pattern[i] == "**":
            return match(i + 1, j) or (j < len(path) and not path[j].startswith(".")
                                       and match(i, j + 1))
        if j == len(path) or (path[j].startswith(".") and not pattern[i].startswith(".")):
            return False
        return fnmatch.fnmatchcase(path[j], pattern[i]) and match(i + 1, j + 1)

    return match(0, 0)


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


def sources(path: str, origin: str | None = None) -> Iterator[Source]:
    """The sources in one file: itself, or each member of a zip, named after `origin` (by
    default `path`).

    A file that cannot be read, a zip whose directory is damaged, or a member Python cannot
    decompress (encrypted, Deflate64) is one source that carries its error (E002, E070, E082),
    so that it is recorded once and redone only if it changes. A file name that is not valid
    UTF-8 is shown with `\\xNN` escapes in `origin` (the file is still read by its own name).

    Args:
        path: The file to read.
        origin: The name its rows carry; an earlier run's name for the same file keeps a
            rerun's rows under it (`Store.earlier_names`).

    Examples:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
        >>> with open(path, "w") as handle:
        ...     _ = handle.write("Talks resume.")
        >>> [(s.origin, s.kind, s.size) for s in sources(path, "in/a.txt")]
        [('in/a.txt', 'text', 13)]
        >>> next(sources(path)).file == os.path.realpath(path)
        True
    """
    origin = display_name(origin or path)
    file = os.path.realpath(path)
    try:
        size, digest = file_digest(path)
    except OSError as err:
        error = ReadError(origin, None, "E002",
                          Errors.E002.format(path=origin, reason=err.strerror or err))
        yield Source(origin, "text", -1, "unreadable", _no_opener, error=error, path=path,
                     file=file)
        return
    if path.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                infos = sorted(archive.infolist(), key=lambda i: i.filename)
        except Exception as err:  # any damage: the zip is one error and the run goes on
            code = "E070" if isinstance(err, _READ_ERRORS) else "E083"
            error = ReadError(origin, None, code,
                              getattr(Errors, code).format(path=origin, reason=_reason(err)))
            yield Source(origin, "text", size, digest, _no_opener, error=error, path=path,
                         file=file)
            return
        for info in infos:
            name = info.filename
            if info.is_dir() or not _wanted(Path(name)) or name.lower().endswith(".zip"):
                continue

            def opener(info: zipfile.ZipInfo = info) -> AbstractContextManager[IO[bytes]]:
                return _ZipMember(path, info)

            member = f"{origin}::{display_name(name)}"
            # The central directory's CRC-32 and size fingerprint a member without reading it.
            fingerprint = f"crc32:{info.CRC:08x}"
            refused = _unsupported(info)
            refusal = None if refused is None else ReadError(
                member, None, "E082", Errors.E082.format(path=member, reason=refused))
            yield Source(member, _kind(name) or "text", info.file_size, fingerprint, opener,
                         gzipped=name.lower().endswith(".gz"), error=refusal, file=file)
        return
    yield Source(origin, _kind(path) or "text", size, digest, lambda: open(path, "rb"),  # noqa: SIM115
                 gzipped=path.lower().endswith(".gz"), path=path, file=file)


def display_name(name: str) -> str:
    """A path as text that any Unicode encoding can hold: undecodable bytes of a file name
    (which Python keeps as lone surrogates) become `\\xNN` escapes.

    Examples:
        >>> display_name("e\\udcff.txt"), display_name("Bakı.txt")
        ('e\\\\xff.txt', 'Bakı.txt')
    """
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _unsupported(info: zipfile.ZipInfo) -> str | None:
    if info.flag_bits & 0x1:
        return "the member is encrypted"
    if info.compress_type not in _ZIP_METHODS:
        method = {9: "Deflate64", 98: "PPMd", 99: "AES"}.get(info.compress_type,
                                                             f"method {info.compress_type}")
        return f"the member is compressed with {method}"
    return None


def _reason(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


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


def file_digest(path: str | os.PathLike[str]) -> tuple[int, str]:
    """The size and BLAKE2b digest of a file's bytes, read in 1 MiB blocks (never whole)."""
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
    `nbytes` is each unit's share of the source's size, for progress; `read` the size and
    digest of what was read where they may differ from the source's (see the module doc).
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
    if source.size > STREAM_BYTES and not source.gzipped and source.path is not None:
        yield from _row_units(source, _bulletin_rows(source, layout), rows_per_unit, skip)
        return
    if _unpacked_size(source) > STREAM_BYTES:
        yield from _row_units(source, _spooled_rows(source, layout), rows_per_unit, skip)
        return
    if skip(key):
        yield Unit(key, source, 0, [], [], True, source.size, skipped=True)
        return
    errors: list[ReadError] = []
    records: list[Record] = []
    read: tuple[int, str] | None = None
    try:
        with _open(source) as handle:
            data = _read_whole(handle, source)
            read = _read_fingerprint(handle, source)
        records.append(Record(0, _decode(data, source.origin), bulletin=True))
    except NewsnlpError as err:
        errors.append(_error(source.origin, None, err))
    except _READ_ERRORS as err:
        errors.append(ReadError(source.origin, None, "E070",
                                Errors.E070.format(path=source.origin, reason=err)))
    except Exception as err:  # one input must never stop the run
        errors.append(ReadError(source.origin, None, "E083",
                                Errors.E083.format(path=source.origin, reason=_reason(err))))
    if errors:
        read = _after_failure(source)
    yield Unit(key, source, 0, records, errors, True, source.size, read=read)


def _read_whole(handle: IO[bytes], source: Source) -> bytes:
    """The bytes of a text read whole, a chunk at a time, refusing what is over the limit
    and what turns out to be binary as soon as a chunk shows it."""
    from ..reading import looks_binary

    chunks: list[bytes] = []
    size = 0
    while chunk := handle.read(1 << 20):
        size += len(chunk)
        if size > MAX_WHOLE_BYTES:
            raise InputError(Errors.E084.format(
                path=source.origin, what="the text (decompressed, read so far)", size=size,
                limit=MAX_WHOLE_BYTES, kept=""))
        if len(chunks) > 0 and looks_binary(chunk):  # the first chunk: decode_bytes judges it
            raise InputError(Errors.E001.format(path=source.origin))
        chunks.append(chunk)
    return b"".join(chunks)


def _read_fingerprint(handle: IO[bytes], source: Source) -> tuple[int, str] | None:
    """What was read of a file on disk (None for a zip member: zipfile checks its CRC-32)."""
    raw = getattr(handle, "raw_reader", None) or handle
    return raw.fingerprint() if isinstance(raw, _HashingReader) else None


def _after_failure(source: Source) -> tuple[int, str] | None:
    """The file as it is now: a unit whose reading failed is retried when this changes."""
    if source.path is None:
        return None
    try:
        return file_digest(source.path)
    except OSError:
        return (-1, "unreadable")


class _HashingReader(io.RawIOBase):
    """A file read front to back, hashing every byte that goes through."""

    def __init__(self, path: str) -> None:
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115  (closed by close())
        self._digest = hashlib.blake2b(digest_size=16)
        self._size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._file.readinto(buffer)
        if n:
            self._digest.update(memoryview(buffer)[:n])
            self._size += n
        return n or 0

    def fingerprint(self) -> tuple[int, str]:
        return self._size, f"blake2b:{self._digest.hexdigest()}"

    def close(self) -> None:
        self._file.close()
        super().close()


class _Hashed(AbstractContextManager[IO[bytes]]):
    """Open a file on disk through a `_HashingReader` (buffered, so lines read fast)."""

    def __init__(self, path: str) -> None:
        self._raw = _HashingReader(path)
        self._buffered = io.BufferedReader(self._raw, 1 << 16)
        self._buffered.raw_reader = self._raw  # type: ignore[attr-defined]

    def __enter__(self) -> IO[bytes]:
        return self._buffered

    def __exit__(self, *exc: object) -> None:
        self._buffered.close()


def _table_rows(source: Source, text_col: str) -> Iterator[Record | ReadError | _Read]:
    with _open(source) as handle:
        yield from _rows(source, handle, text_col)
        read = _read_fingerprint(handle, source)
    if source.kind == ".parquet" and source.path is not None:
        read = _after_failure(source)  # read at random: the file as it is after reading
    yield _Read(read)


def _bulletin_rows(source: Source, layout: Layout | None
                   ) -> Iterator[Record | ReadError | _Read]:
    # The items are those `segment` finds in the whole text (ids and offsets included).
    assert source.path is not None
    found = iter_segment_file(source.path, layout, origin=source.origin)
    for position, item in enumerate(found):
        yield Record(position, item.text, bulletin=False, item=item)
    yield _Read(_after_failure(source))  # read twice by the segmenter: the file after that


def _unpacked_size(source: Source) -> int:
    """A compressed bulletin's size once decompressed (a zip says; a gzip's trailer holds it
    modulo 4 GiB, which is enough to tell a large one); a plain file's own size."""
    if source.path is None or not source.gzipped:
        return source.size if source.path is None else 0
    try:
        with open(source.path, "rb") as handle:
            handle.seek(-4, os.SEEK_END)
            return int.from_bytes(handle.read(4), "little")
    except OSError:
        return 0


def _spooled_rows(source: Source, layout: Layout | None
                  ) -> Iterator[Record | ReadError | _Read]:
    """The items of a large bulletin in a .gz or .zip: copied to a temporary file (at most
    MAX_SPOOL_BYTES), then segmented as it is streamed, like a plain file."""
    import tempfile

    from ..reading import looks_binary

    with tempfile.TemporaryDirectory(prefix="newsnlp-") as folder:
        spool = Path(folder) / "bulletin.txt"
        size, wide = 0, False
        with _open(source) as handle, open(spool, "wb") as out:
            while chunk := handle.read(1 << 20):
                if size == 0:
                    wide = chunk.startswith(_WIDE_BOMS)  # UTF-16/32: full of NULs, not binary
                if not wide and looks_binary(chunk):  # do not copy a gigabyte of NULs first
                    raise InputError(Errors.E001.format(path=source.origin))
                size += len(chunk)
                if size > MAX_SPOOL_BYTES:
                    raise InputError(Errors.E084.format(
                        path=source.origin, what="the text (decompressed, read so far)",
                        size=size, limit=MAX_SPOOL_BYTES, kept=" (the items before it were "
                        "not read either)"))
                out.write(chunk)
            read = _read_fingerprint(handle, source)
        for position, item in enumerate(iter_segment_file(spool, layout, origin=source.origin)):
            yield Record(position, item.text, bulletin=False, item=item)
    yield _Read(read)


@dataclass(frozen=True, slots=True)
class _Read:
    """The end of a source's rows: the fingerprint of what was read."""

    fingerprint: tuple[int, str] | None


def _row_units(source: Source, rows: Iterator[Record | ReadError | _Read], rows_per_unit: int,
               skip: Callable[[str], bool]) -> Iterator[Unit]:
    """Units of `rows_per_unit` rows (or items) of one source, keyed `origin#index`."""
    index, start, done_bytes, chars = 0, 0, 0, 0
    records: list[Record] = []
    errors: list[ReadError] = []
    read: tuple[int, str] | None = None
    try:
        position = -1
        for row in rows:
            if isinstance(row, _Read):
                read = row.fingerprint
                break
            position += 1
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
    except Exception as err:  # one input must never stop the run
        errors.append(ReadError(source.origin, None, "E083",
                                Errors.E083.format(path=source.origin, reason=_reason(err))))
    if read is None and any(e.position is None for e in errors):
        read = _after_failure(source)
    key = f"{source.origin}#{index}"
    skipped = skip(key)
    yield Unit(key, source, index, [] if skipped else records, [] if skipped else errors, True,
               max(0, source.size - done_bytes), skipped, read=None if skipped else read)


def _open(source: Source) -> AbstractContextManager[IO[bytes]]:
    # A file on disk is read through a hash of what was read (see the module doc).
    handle = _Hashed(source.path) if source.path is not None else source.opener()
    if not source.gzipped:
        return handle
    return _Gunzip(handle)


class _Gunzip(AbstractContextManager[IO[bytes]]):
    def __init__(self, raw: AbstractContextManager[IO[bytes]]) -> None:
        self._raw = raw

    def __enter__(self) -> IO[bytes]:
        raw = self._raw.__enter__()
        unzipped = gzip.GzipFile(fileobj=raw, mode="rb")
        unzipped.raw_reader = getattr(raw, "raw_reader", None)  # type: ignore[attr-defined]
        return unzipped  # type: ignore[return-value]

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
        yield from _jsonl_rows(source, handle, text_col)
    elif source.kind == ".csv":
        yield from _csv_rows(source, handle, text_col)
    else:
        yield from _parquet_rows(source, handle, text_col)


def _row_error(source: Source, position: int, reason: str) -> ReadError:
    return ReadError(source.origin, position, "E073",
                     Errors.E073.format(position=position, path=source.origin, reason=reason))


def _jsonl_rows(source: Source, handle: IO[bytes], text_col: str
                ) -> Iterator[Record | ReadError]:
    position = -1
    while True:
        # A line at most MAX_RECORD_BYTES long is held; the rest of a longer one is skipped.
        line = handle.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        position += 1
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            size = len(line)
            while (more := handle.readline(1 << 20)) and not more.endswith(b"\n"):
                size += len(more)
            size += len(more)
            yield ReadError(source.origin, position, "E084", Errors.E084.format(
                path=source.origin, what=f"line {position}", size=size, limit=MAX_RECORD_BYTES,
                kept=" (only that line; the rest of the file was read)"))
            continue
        if not line.strip():
            yield _row_error(source, position, "the line is empty")
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as err:  # RecursionError: nested too deep
            yield _row_error(source, position, f"not valid JSON ({_reason(err)})")
            continue
        if not isinstance(row, dict):
            yield _row_error(source, position, "not a JSON object")
            continue
        yield _safe_record(row, position, source, text_col)


def _csv_rows(source: Source, handle: IO[bytes], text_col: str) -> Iterator[Record | ReadError]:
    # Everything as str: a CSV says nothing about types, and the text must stay as written.
    # Bytes that are not UTF-8 are kept as escapes, so that only the rows holding them are
    # refused, and a long cell is a long article: the limit is MAX_RECORD_BYTES, not 128 KB.
    if csv.field_size_limit() < MAX_RECORD_BYTES:
        csv.field_size_limit(MAX_RECORD_BYTES)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape",
                            newline="")
    try:
        reader = csv.DictReader(text)
        if reader.fieldnames is not None and text_col not in reader.fieldnames:
            raise InputError(Errors.E071.format(path=source.origin, column=text_col,
                                                columns=reader.fieldnames))
        for position, row in enumerate(reader):
            extra = row.pop(None, None)
            if extra is not None:
                yield _row_error(source, position, f"it has {len(extra)} field(s) more than "
                                                   f"the header's {len(reader.fieldnames or [])}")
                continue
            bad = next((value for value in row.values()
                        if isinstance(value, str) and _has_escapes(value)), None)
            if bad is not None:
                yield _row_error(source, position, "it holds bytes that are not UTF-8 "
                                                   "(convert the file to UTF-8)")
                continue
            # List columns written by `newsnlp tag -o OUT.csv` are JSON arrays: lists again.
            yield _safe_record(decode_list_cells(row), position, source, text_col)
    finally:
        text.detach()  # the handle is closed by its owner


_ESCAPED = re.compile("[\udc80-\udcff]")


def _has_escapes(value: str) -> bool:
    return _ESCAPED.search(value) is not None


def _safe_record(row: dict[str, Any], position: int, source: Source, text_col: str
                 ) -> Record | ReadError:
    try:
        return row_record(row, position, source.origin, text_col)
    except (ValueError, TypeError, RecursionError, AttributeError) as err:
        return _row_error(source, position, f"its columns cannot be read ({_reason(err)})")


def _parquet_rows(source: Source, handle: IO[bytes], text_col: str
                  ) -> Iterator[Record | ReadError]:

    # Parquet needs random access: a gzip or zip member stream is read into memory first,
    # up to the limit; a file on disk is opened by name.
    if source.path is not None and not source.gzipped:
        handle = open(source.path, "rb")  # noqa: SIM115  (closed below)
    else:
        data = handle.read(MAX_WHOLE_BYTES + 1)
        if len(data) > MAX_WHOLE_BYTES:
            raise InputError(Errors.E084.format(
                path=source.origin, what="the Parquet data (decompressed, read so far)",
                size=len(data), limit=MAX_WHOLE_BYTES, kept=""))
        handle = io.BytesIO(data)
    with handle:
        yield from _parquet_batches(source, handle, text_col)


def _parquet_batches(source: Source, handle: IO[bytes], text_col: str
                     ) -> Iterator[Record | ReadError]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(handle)
    if text_col not in parquet.schema_arrow.names:
        raise InputError(Errors.E071.format(path=source.origin, column=text_col,
                                            columns=parquet.schema_arrow.names))
    position = 0
    for batch in parquet.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            yield _safe_record(row, position, source, text_col)
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
        target = ITEM_COLUMNS.get(column.lower()) if isinstance(column, str) else None
        if target is not None and target not in fields and not _missing(value):
            fields[target] = value
        else:
            meta[column] = value
    return Record(position, text, bulletin=False, fields=fields, meta=_meta_json(meta))


def _meta_json(meta: dict[str, Any]) -> str | None:
    """The other columns as JSON: as written, or with ASCII escapes when a value holds lone
    surrogates (which Parquet, as UTF-8, cannot store; the escapes read back the same).

    Examples:
        >>> _meta_json({"a": "é"}), _meta_json({"a": "\\ud800"})
        ('{"a": "é"}', '{"a": "\\\\ud800"}')
    """
    if not meta:
        return None
    text = json.dumps(meta, ensure_ascii=False, default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(meta, default=str)
    return text


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
