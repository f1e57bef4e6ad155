"""The output directory: one Parquet dataset per table, written in parts, and the manifest.

Layout of `DIR`:

    items/part-000000.parquet ...      the `items` table (ITEMS_SCHEMA + duplicate_of, meta)
    mentions/part-000000.parquet ...   the `mentions` table (MENTIONS_SCHEMA)
    errors/part-000000.parquet ...     the `errors` table (ERRORS_SCHEMA)
    _manifest.jsonl                    one line per part: its units (with the size and digest
                                       of what was read) and its files' sizes and digests
    _lock                              the pid of the run writing DIR (an `flock` is held on it)

One run at a time: a run holds an exclusive `fcntl.flock` on `_lock` from start to end, so a
second run into the same directory is refused ([E080], naming the holder's pid) instead of
numbering parts from its own idea of the manifest. The kernel drops the lock when its holder
dies, however it dies, so a lock file left by a killed run is simply taken over.

Crash safety: a part's files (one per table) are written under hidden temporary names (which Parquet
readers ignore), flushed to disk and renamed; only then is the part's manifest line appended and
flushed. A SIGKILL at any point therefore leaves each part either in the manifest with all its
files, or not in the manifest at all; part files that are not in the manifest are deleted when
the next run starts, and the units of such parts are done again. A part whose files no longer
match the sizes and digests its manifest line records (deleted, truncated, rewritten) is
dropped the same way, and so are duplicated or incomplete manifest lines.

Nothing else is ever deleted: only files named as this module names parts (`part-NNNNNN.parquet`
and their hidden temporaries) inside the table folders, and the manifest. A directory
holding anything else there is refused ([E075]) before anything is touched, `force` or not.

Adding a table: put its schema in `TABLES`; parts, digests, verification and totals follow.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Errors, InputError

try:  # POSIX; elsewhere runs into one directory are not kept apart (docs/SECURITY.md)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]
from ..frames import Schema
from ..items import EVENTS_SCHEMA, ITEMS_SCHEMA, MENTIONS_SCHEMA
from .inputs import file_digest

#: The archive's `items` table: the documented schema plus two columns of its own.
ARCHIVE_ITEMS_SCHEMA: Schema = ITEMS_SCHEMA | {
    "duplicate_of": ("string", "item_id of the first item of the run with the same text "
                               "(case and white space ignored), or null for a first"),
    "meta": ("string", "other columns of a table input's row, as a JSON object"),
}

ERRORS_SCHEMA: Schema = {
    "origin": ("string", "the file (or zip member: archive.zip::member) the error is in"),
    "position": ("Int64", "row of a table, or position of the item in its bulletin"),
    "item_id": ("string", "the item, when the error is about one item"),
    "code": ("string", "the numbered error, e.g. E001 (see newsnlp.errors)"),
    "message": ("string", "the full message"),
}

TABLES: dict[str, Schema] = {"items": ARCHIVE_ITEMS_SCHEMA, "mentions": MENTIONS_SCHEMA,
                             "errors": ERRORS_SCHEMA, "events": EVENTS_SCHEMA}
MANIFEST = "_manifest.jsonl"
LOCK = "_lock"
FORMAT = 1
#: The only files this module writes in a table folder: parts and their temporaries.
_PART_FILE = re.compile(r"part-\d{6}\.parquet|\.part-\d{6}\.parquet\.tmp")
_UNIT_KEYS = {"key", "origin", "index", "last", "size", "digest"}
_OWN_FILES = {MANIFEST, f".{MANIFEST}.tmp", LOCK}

_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "Int64": pa.int64(),
    "Float64": pa.float64(), "datetime64[ns]": pa.timestamp("ns"),
    # int32 indices: a part may hold more than 127 categories, and every part must agree.
    "category": pa.dictionary(pa.int32(), pa.string()), "object": pa.list_(pa.string()),
    "boolean": pa.bool_(),
}


def arrow_schema(schema: Schema) -> pa.Schema:
    """The fixed Arrow schema of a table, so that every part of a dataset has the same one.

    Examples:
        >>> arrow_schema(ERRORS_SCHEMA).field("position").type
        DataType(int64)
    """
    return pa.schema([pa.field(column, _ARROW_TYPES[dtype]) for column, (dtype, _) in
                      schema.items()])


_ARROW_SCHEMAS = {name: arrow_schema(schema) for name, schema in TABLES.items()}


@dataclass
class PartRecord:
    """A manifest line: a part's name, its units, rows and files (size, digest) per table."""

    name: str
    units: list[dict[str, Any]]
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)


class Store:
    """The output directory of one archive run, locked for the run's lifetime.

    Args:
        out: The directory; created if missing.
        fingerprint: The options that shape the output; a manifest written with others is
            refused ([E078]) unless `force`.
        force: Delete the parts and manifest an earlier run wrote and start again.

    Raises:
        InputError: [E075] `out` is a file or holds files this module did not write;
            [E078] other options; [E080] another run holds `out`; [E086] `out` cannot be
            written.

    Examples:
        >>> import tempfile
        >>> with Store(Path(tempfile.mkdtemp()) / "out", {}) as store:
        ...     store.totals()
        {'items': 0, 'mentions': 0, 'errors': 0, 'events': 0}
    """

    def __init__(self, out: str | os.PathLike[str], fingerprint: Mapping[str, Any],
                 force: bool = False) -> None:
        self.out = Path(out)
        self.fingerprint = dict(fingerprint)
        self.parts: list[PartRecord] = []
        if self.out.exists() and not self.out.is_dir():
            raise InputError(Errors.E075.format(path=self.out, reason="it is a file"))
        _guard_write(self.out, lambda: self.out.mkdir(parents=True, exist_ok=True))
        fresh = not (self.out / LOCK).exists()
        self._lock_fd: int | None = _lock(self.out / LOCK)
        try:
            self._check_strangers()
            header = self._header()
            if force:
                self._clear()
            elif header is not None and header.get("options") != self.fingerprint:
                raise InputError(Errors.E078.format(path=self.out, found=header.get("options"),
                                                    expected=self.fingerprint))
            for table in TABLES:
                _guard_write(self.out, lambda t=table: (self.out / t).mkdir(exist_ok=True))
            self.parts = self._read_manifest()
        except BaseException:
            if fresh and not (self.out / MANIFEST).exists():
                # Refused before writing anything: leave the directory as it was found.
                (self.out / LOCK).unlink(missing_ok=True)
            self.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def lock_fd(self) -> int | None:
        """The lock's file descriptor: a forked worker must close it (see `run`)."""
        return self._lock_fd

    def close(self) -> None:
        """Release the directory's lock (closing the descriptor drops the flock)."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _check_strangers(self) -> None:
        """Refuse, before anything is deleted, a directory holding files not written here."""
        has_manifest = (self.out / MANIFEST).is_file()
        strangers = []
        for path in sorted(self.out.iterdir()):
            if path.name in TABLES:
                if not path.is_dir() or path.is_symlink():
                    strangers.append(path.name)
                    continue
                strangers += [f"{path.name}/{p.name}" for p in sorted(path.iterdir())
                              if not (_PART_FILE.fullmatch(p.name) and p.is_file()
                                      and not p.is_symlink())]
            elif path.name not in _OWN_FILES and not has_manifest:
                # Beside a manifest, other files are the user's and never touched; without
                # one the directory is not an archive output at all.
                strangers.append(path.name)
        if strangers:
            raise InputError(Errors.E075.format(
                path=self.out, reason=f"it holds files tag_archive did not write "
                                      f"({', '.join(strangers[:3])}), which it will not delete "
                                      f"or mix into its tables"))

    def _header(self) -> dict[str, Any] | None:
        path = self.out / MANIFEST
        if not path.exists():
            return None
        with open(path, "rb") as handle:
            first = handle.readline(1 << 20)
        header = _parse(first.decode("utf-8", "replace"))
        if header is None or header.get("newsnlp_archive") != FORMAT:
            raise InputError(Errors.E075.format(path=self.out,
                                                reason=f"{MANIFEST} is not a newsnlp manifest"))
        return header

    def _own_part_files(self) -> Iterator[Path]:
        for table in TABLES:
            folder = self.out / table
            if folder.is_dir():
                yield from (p for p in folder.iterdir() if _PART_FILE.fullmatch(p.name))

    def _clear(self) -> None:
        def clear() -> None:
            for path in list(self._own_part_files()):
                path.unlink()
            (self.out / MANIFEST).unlink(missing_ok=True)

        _guard_write(self.out, clear)

    def _read_manifest(self) -> list[PartRecord]:
        path = self.out / MANIFEST
        if not path.exists():
            self._write_manifest([])
            return []
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        parts: list[PartRecord] = []
        names: set[str] = set()
        keys: set[str] = set()
        for line in lines[1:]:
            record = _part_record(line)
            # A line cut short by a crash, or missing a key, is not a part; a line repeated,
            # or a part claiming units another part holds, would count rows twice: the first
            # one stands and the units of the others are simply done again.
            if record is None or record.name in names:
                continue
            unit_keys = {unit["key"] for unit in record.units}
            if unit_keys & keys:
                continue
            names.add(record.name)
            keys |= unit_keys
            parts.append(record)
        return parts

    def _write_manifest(self, parts: list[PartRecord]) -> None:
        lines = [json.dumps({"newsnlp_archive": FORMAT, "options": self.fingerprint})]
        lines += [_manifest_line(part) for part in parts]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        _guard_write(self.out, lambda: _write_atomic(self.out / MANIFEST, data))

    def earlier_names(self, paths: list[str]) -> dict[str, str]:
        """The name the kept parts gave each of `paths` that is a file they hold under another.

        The rows of a file carry its name as `origin`, and the manifest knows a source by it:
        the same file named another way ("/data/a.txt" for "a.txt", or "a.txt" run from
        another folder) would be a new source, refused as one of "other inputs" (E081), or its
        rows would be there twice under two names. So a rerun keeps the first run's names.

        Examples:
            >>> import tempfile
            >>> Store(tempfile.mkdtemp(), {}).earlier_names(["a.txt"])
            {}
        """
        earlier: dict[str, str] = {}
        for unit in (unit for part in self.parts for unit in part.units):
            name = unit["origin"].split("::")[0]  # a zip member is named after its zip
            # `file`, the resolved path, holds wherever the run was started; older manifests
            # lack it, and their names are resolved from here.
            earlier.setdefault(unit.get("file") or os.path.realpath(name), name)
        names = {path: earlier.get(os.path.realpath(path)) for path in paths}
        return {path: name for path, name in names.items() if name not in (None, path)}

    def keep_valid(self, current: Mapping[str, tuple[int, str]]) -> int:
        """Keep the parts whose files are intact and whose units' sources are unchanged.

        `current` maps each source of this run to its (size, digest). A part is dropped, and its
        units done again, when a file of it is missing or differs from the size and digest
        its manifest line records, or when a unit's source changed. Part files that the
        manifest does not hold (a crash between writing a part and recording it) are deleted.
        Returns how many parts were dropped.

        Raises:
            InputError: [E081] the kept parts hold sources that are not among this run's
                inputs: the run is over other inputs than the one that wrote `out`.
        """
        missing = sorted({unit["origin"] for part in self.parts for unit in part.units}
                         - set(current))
        if missing:
            raise InputError(Errors.E081.format(path=self.out, n=len(missing),
                                                examples=", ".join(missing[:3])))
        valid = [part for part in self.parts if all(
            tuple(current.get(unit["origin"], ())) == (unit["size"], unit["digest"])
            for unit in part.units) and self._intact(part)]
        dropped = len(self.parts) - len(valid)
        if dropped:
            self._write_manifest(valid)
        self.parts = valid
        names = {f"{part.name}.parquet" for part in valid}

        def delete() -> None:
            for path in list(self._own_part_files()):
                if path.name not in names:
                    path.unlink()

        _guard_write(self.out, delete)
        return dropped

    def _intact(self, part: PartRecord) -> bool:
        for table in TABLES:
            path = self.out / table / f"{part.name}.parquet"
            expected = part.files.get(table)
            try:
                if expected is None:  # a manifest written before files were recorded
                    pq.read_metadata(path)
                elif file_digest(path) != (expected["size"], expected["digest"]):
                    return False
            except (OSError, ValueError, KeyError, TypeError):
                return False
        return True

    def done_units(self) -> dict[str, tuple[int, str]]:
        """Key -> (size, digest) of every unit the kept parts hold."""
        return {unit["key"]: (unit["size"], unit["digest"]) for part in self.parts
                for unit in part.units}

    def complete_sources(self) -> set[str]:
        """Sources whose every unit, up to the last one, is in a kept part."""
        indexes: dict[str, set[int]] = {}
        last: dict[str, int] = {}
        for part in self.parts:
            for unit in part.units:
                indexes.setdefault(unit["origin"], set()).add(unit["index"])
                if unit["last"]:
                    last[unit["origin"]] = unit["index"]
        return {origin for origin, end in last.items()
                if indexes[origin] >= set(range(end + 1))}

    def next_name(self) -> str:
        numbers = [int(part.name.rsplit("-", 1)[1]) for part in self.parts]
        return f"part-{max(numbers, default=-1) + 1:06d}"

    def write_part(self, frames: Mapping[str, pd.DataFrame], units: list[dict[str, Any]]
                   ) -> PartRecord:
        """Write one part of every table, then record it in the manifest (see module doc).

        Raises:
            InputError: [E086] a file cannot be written (disk full, read-only, no permission);
                what was staged for the part is removed.
        """
        name = self.next_name()
        staged: list[tuple[Path, Path]] = []
        files: dict[str, dict[str, Any]] = {}

        def write() -> None:
            for table, frame in frames.items():
                final = self.out / table / f"{name}.parquet"
                temp = final.with_name(f".{final.name}.tmp")
                arrow = pa.Table.from_pandas(frame, schema=_ARROW_SCHEMAS[table],
                                             preserve_index=False)
                staged.append((temp, final))
                with open(temp, "wb") as handle:
                    pq.write_table(arrow, handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                size, digest = file_digest(temp)
                files[table] = {"size": size, "digest": digest}
            for temp, final in staged:
                os.replace(temp, final)
            for table in frames:
                _fsync_dir(self.out / table)

        try:
            _guard_write(self.out, write)
        except InputError:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            raise
        part = PartRecord(name, units, {table: len(frame) for table, frame in frames.items()},
                          files)

        def record() -> None:
            with open(self.out / MANIFEST, "a", encoding="utf-8") as handle:
                handle.write(_manifest_line(part) + "\n")
                handle.flush()
                os.fsync(handle.fileno())

        _guard_write(self.out, record)
        self.parts.append(part)
        return part

    def totals(self) -> dict[str, int]:
        """Rows of each table over all kept parts."""
        return {table: sum(part.counts.get(table, 0) for part in self.parts) for table in TABLES}

    def iter_items(self, columns: list[str]) -> Iterator[pd.DataFrame]:
        """The kept parts' `items`, one part at a time, in the order they were written."""
        return self.iter_table("items", columns)

    def iter_table(self, table: str, columns: list[str]) -> Iterator[pd.DataFrame]:
        """The kept parts' rows of one table, one part at a time, in the order they were written."""
        for part in self.parts:
            path = self.out / table / f"{part.name}.parquet"
            if path.exists():  # a part of a run from before the table existed has none
                yield pd.read_parquet(path, columns=columns)


def _lock(path: Path) -> int | None:
    """Take the exclusive lock of an output directory; returns its descriptor.

    The lock is an `flock` on `path`, which holds the holder's pid for the message of a run
    that finds it taken. A lock file whose holder died is no obstacle: the kernel released
    the lock with the holder's last descriptor, so this run takes it over and writes its pid.
    """
    if fcntl is None:  # pragma: no cover
        return None
    fd: int = _guard_write(path.parent, lambda: os.open(path, os.O_RDWR | os.O_CREAT, 0o644))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            os.close(fd)
            raise InputError(Errors.E086.format(path=path, reason=err.strerror or err)) from err
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise InputError(Errors.E080.format(path=path.parent, pid=holder)) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


def _guard_write(out: Path, action: Any) -> Any:
    """Run a file operation on the output; an OS refusal becomes [E086] (exit 5)."""
    try:
        return action()
    except OSError as err:
        reason = err.strerror or str(err)
        if err.errno == errno.ENOSPC:
            reason = f"{reason} (the disk is full)"
        elif err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            reason = f"{reason} (the directory is read-only or not yours)"
        raise InputError(Errors.E086.format(path=getattr(err, "filename", None) or out,
                                            reason=reason)) from err


def _part_record(line: str) -> PartRecord | None:
    record = _parse(line)
    if record is None:
        return None
    try:
        name, units, counts = record["part"], record["units"], record["counts"]
        files = record.get("files", {})
        if not (isinstance(name, str) and re.fullmatch(r"part-\d{6}", name)
                and isinstance(counts, dict) and isinstance(files, dict)):
            return None
        if not all(isinstance(unit, dict) and unit.keys() >= _UNIT_KEYS for unit in units):
            return None
    except (KeyError, TypeError):
        return None
    return PartRecord(name, units, counts, files)


def _manifest_line(part: PartRecord) -> str:
    # ASCII escapes: an origin from an undecodable file name holds lone surrogates, which
    # JSON escapes round-trip exactly and UTF-8 cannot hold.
    return json.dumps({"part": part.name, "units": part.units, "counts": part.counts,
                       "files": part.files})


def _parse(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    # The rename is durable only once the directory entry is; not every platform allows it.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
