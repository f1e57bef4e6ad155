"""The output directory: one Parquet dataset per table, written in parts, and the manifest.

Layout of `DIR`:

    items/part-000000.parquet ...      the `items` table (ITEMS_SCHEMA + duplicate_of, meta)
    mentions/part-000000.parquet ...   the `mentions` table (MENTIONS_SCHEMA)
    errors/part-000000.parquet ...     the `errors` table (ERRORS_SCHEMA)
    _manifest.jsonl                    one line per part: its units, with size and digest

Crash safety: a part's three files are written under hidden temporary names (which Parquet
readers ignore), flushed to disk and renamed; only then is the part's manifest line appended and
flushed. A SIGKILL at any point therefore leaves each part either in the manifest with all its
files, or not in the manifest at all; files of parts that are not in the manifest are deleted
when the next run starts, and the units of such parts are done again.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Errors, InputError
from ..frames import Schema
from ..items import EVENTS_SCHEMA, ITEMS_SCHEMA, MENTIONS_SCHEMA

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
FORMAT = 1

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
    """A manifest line: a part's name, its units and how many rows each table got."""

    name: str
    units: list[dict[str, Any]]
    counts: dict[str, int] = field(default_factory=dict)


class Store:
    """The output directory of one archive run.

    Args:
        out: The directory; created if missing.
        fingerprint: The options that shape the output; a manifest written with others is
            refused ([E078]) unless `force`.
        force: Delete what an earlier run wrote and start again.
    """

    def __init__(self, out: str | os.PathLike[str], fingerprint: Mapping[str, Any],
                 force: bool = False) -> None:
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise InputError(Errors.E075.format(path=self.out, reason="it is a file"))
        self.fingerprint = dict(fingerprint)
        if force:
            self._clear()
        if self.out.is_dir() and not (self.out / MANIFEST).exists():
            strangers = sorted(p.name for p in self.out.iterdir() if p.name not in TABLES)
            if strangers:
                raise InputError(Errors.E075.format(
                    path=self.out, reason=f"it holds files tag_archive did not write "
                                          f"({', '.join(strangers[:3])})"))
        for table in TABLES:
            (self.out / table).mkdir(parents=True, exist_ok=True)
        self.parts = self._read_manifest()

    def _clear(self) -> None:
        for table in TABLES:
            shutil.rmtree(self.out / table, ignore_errors=True)
        (self.out / MANIFEST).unlink(missing_ok=True)

    def _read_manifest(self) -> list[PartRecord]:
        path = self.out / MANIFEST
        if not path.exists():
            self._write_manifest([])
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        header = _parse(lines[0]) if lines else None
        if header is None or header.get("newsnlp_archive") != FORMAT:
            raise InputError(Errors.E075.format(path=self.out,
                                                reason=f"{MANIFEST} is not a newsnlp manifest"))
        if header.get("options") != self.fingerprint:
            raise InputError(Errors.E078.format(path=self.out, found=header.get("options"),
                                                expected=self.fingerprint))
        parts = []
        for line in lines[1:]:
            record = _parse(line)
            # A line cut short by a crash is not a part: its units are simply done again.
            if record is not None and "part" in record:
                parts.append(PartRecord(record["part"], record["units"], record["counts"]))
        return parts

    def _write_manifest(self, parts: list[PartRecord]) -> None:
        lines = [json.dumps({"newsnlp_archive": FORMAT, "options": self.fingerprint})]
        lines += [_manifest_line(part) for part in parts]
        _write_atomic(self.out / MANIFEST, ("\n".join(lines) + "\n").encode("utf-8"))

    def keep_valid(self, current: Mapping[str, tuple[int, str]]) -> int:
        """Keep the parts whose every unit's source is in `current` unchanged; delete the rest.

        `current` maps each source of this run to its (size, digest). Files of parts that the
        manifest does not hold (a crash between writing a part and recording it) are deleted
        too. Returns how many parts were dropped.
        """
        valid = [part for part in self.parts if all(
            tuple(current.get(unit["origin"], ())) == (unit["size"], unit["digest"])
            for unit in part.units)]
        dropped = len(self.parts) - len(valid)
        if dropped:
            self._write_manifest(valid)
        self.parts = valid
        names = {f"{part.name}.parquet" for part in valid}
        for table in TABLES:
            for path in (self.out / table).iterdir():
                if path.name not in names:
                    path.unlink()
        return dropped

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
        """Write one part of every table, then record it in the manifest (see module doc)."""
        name = self.next_name()
        staged = []
        for table, frame in frames.items():
            final = self.out / table / f"{name}.parquet"
            temp = final.with_name(f".{final.name}.tmp")
            arrow = pa.Table.from_pandas(frame, schema=_ARROW_SCHEMAS[table],
                                         preserve_index=False)
            with open(temp, "wb") as handle:
                pq.write_table(arrow, handle)
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((temp, final))
        for temp, final in staged:
            os.replace(temp, final)
        for table in frames:
            _fsync_dir(self.out / table)
        part = PartRecord(name, units, {table: len(frame) for table, frame in frames.items()})
        with open(self.out / MANIFEST, "a", encoding="utf-8") as handle:
            handle.write(_manifest_line(part) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.parts.append(part)
        return part

    def totals(self) -> dict[str, int]:
        """Rows of each table over all kept parts."""
        return {table: sum(part.counts.get(table, 0) for part in self.parts) for table in TABLES}

    def iter_items(self, columns: list[str]) -> Iterator[pd.DataFrame]:
        """The kept parts' `items`, one part at a time, in the order they were written."""
        for part in self.parts:
            yield pd.read_parquet(self.out / "items" / f"{part.name}.parquet", columns=columns)


def _manifest_line(part: PartRecord) -> str:
    return json.dumps({"part": part.name, "units": part.units, "counts": part.counts},
                      ensure_ascii=False)


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
