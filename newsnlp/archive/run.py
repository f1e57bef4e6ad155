"""The archive run: sources -> units -> parts -> tagged frames -> Parquet parts + manifest.

One driver loop serves every engine. It reads units in input order, segments them into items,
groups whole units into parts of about `part_size` items and hands each part to an executor:
in this process (n_process=1), to worker processes (n_process>1) or to Dask workers. Each
worker holds one `Tagger` for the whole run and tags a part with `Tagger.tag_located` (one
`nlp.pipe` in one `nlp.memory_zone()`); only tables come back. The driver takes the results in
submission order, flags duplicates, writes the part and records it in the manifest, so the
output does not depend on the engine or on how many workers there are.

Memory: the driver holds the parts in flight (at most two per worker) and a 16-byte digest per
distinct item text for the duplicate check; nothing grows with the archive but that index.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import multiprocessing
import os
import pickle
import sys
import time
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

import pandas as pd

from ..errors import Errors, InputError, Warnings, check_positive, warn
from ..events.clusters import ClusterIndex
from ..frames import build_frame
from ..items import EVENTS_SCHEMA, ITEMS_SCHEMA, MENTIONS_SCHEMA, Item, make_item_id
from ..reading import no_items_reason
from ..segment import segment
from ..tagger import Tagger, TagOptions, TagResult
from .allocator import tune_for_batches
from .inputs import (
    ReadError,
    Record,
    Source,
    Unit,
    expand,
    parse_published,
    sources,
    units,
)
from .store import ARCHIVE_ITEMS_SCHEMA, ERRORS_SCHEMA, Store
from .workers import init_worker

logger = logging.getLogger("newsnlp.archive")

Engine = Literal["local", "dask"]
Located = tuple[Item, str | None, int]

#: Items per part: a part is the unit of work of a worker and of the Parquet output. Memory per
#: worker grows with it (the rows of a part, plus a batch of Docs), speed hardly does; small
#: enough that two workers get several parts even from a few thousand items.
PART_SIZE = 1000
#: The `events` columns the run's `ClusterIndex` is rebuilt from when a run is resumed.
CLUSTER_COLUMNS = ["event_id", "item_id", "event_type", "modality", "event_date",
                   "date_precision", "actors", "targets", "actor_countries", "target_countries",
                   "place", "place_country", "trigger", "trigger_start", "event_cluster"]


@dataclass(frozen=True)
class ArchiveSummary:
    """What a `tag_archive` run left in `out`: totals over every part, old and new.

    Attributes:
        out: The output directory (`items/`, `mentions/`, `errors/`, `_manifest.jsonl`).
        n_items: Rows of `items`.
        n_mentions: Rows of `mentions`.
        n_errors: Rows of `errors`: inputs, rows and items that could not be tagged.
        n_duplicates: Items whose `duplicate_of` is set.
        n_tagged: Items tagged by this run (the rest were kept from an earlier run).
        n_reused_units: Units (files, or row ranges of tables) kept from an earlier run.
        seconds: Wall-clock time of this run.
    """

    out: Path
    n_items: int
    n_mentions: int
    n_errors: int
    n_duplicates: int
    n_tagged: int
    n_reused_units: int
    seconds: float

    def __str__(self) -> str:
        rate = self.n_tagged / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.n_items:,} items, {self.n_mentions:,} mentions, {self.n_errors:,} errors, "
                f"{self.n_duplicates:,} duplicates in {self.out} ({self.n_tagged:,} items tagged "
                f"in {self.seconds:,.1f} s, {rate:,.1f} items/s; {self.n_reused_units:,} units "
                f"kept from an earlier run)")


def tag_archive(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    options: TagOptions | None = None,
    text_col: str = "text",
    engine: Engine = "local",
    n_process: int | None = None,
    client: Any = None,
    part_size: int = PART_SIZE,
    force: bool = False,
    progress: bool | None = None,
    **overrides: Any,
) -> ArchiveSummary:
    """Tag an archive into a Parquet dataset per table, resumably, in parallel.

    Inputs are files, folders (walked recursively) and glob patterns of `.txt` bulletins (any
    encoding), `.jsonl`/`.csv`/`.parquet` tables with a text column (one item per row; columns
    title, published/date, dateline, source and category fill those fields, the others are kept
    as JSON in `meta`), and `.gz`/`.zip` files holding those. Each item records its `origin`
    (`archive.zip::member` for a zip member) and its `position` (in its bulletin, or its row).

    Run the same call again after a crash and it does only what is missing: the manifest
    records each unit (a bulletin file, or `part_size` rows of a table or items of a bulletin
    file over 8 MB, which is segmented as it is read) with its source's size and digest; a
    changed source is redone, `force=True` redoes everything. Inputs that cannot be read and
    items on which a component raises go to `errors/`; the run goes on. An item whose text
    (case and white space ignored) was seen before in the run gets the first one's id in
    `duplicate_of`.

    Args:
        inputs: A path, glob pattern or folder, or an iterable of those.
        out: Output directory, read back with `pandas.read_parquet(out / "items")`.
        options: `TagOptions` for the taggers; `**overrides` set single fields.
        text_col: The column holding the item text in table inputs.
        engine: "local" (this machine) or "dask" (a `dask.distributed` cluster).
        n_process: Local worker processes; None uses one per available CPU. With
            engine="dask", the number of workers of the local cluster started when `client`
            is None.
        client: For engine="dask": a `distributed.Client`, a scheduler address such as
            "tcp://10.0.0.5:8786", or None to start a local cluster for the run.
        part_size: Items per part (the unit of work, of output files and of resume).
        force: Delete the parts and manifest an earlier run wrote to `out` (nothing else) and
            start again; needed to reuse `out` for other inputs ([E081]).
        progress: A progress bar (True), log lines every 10 s (False), or None: a bar on a
            terminal, log lines otherwise.

    Returns:
        The totals of the dataset in `out`.

    Raises:
        InputError: [E074] an input matches no file; [E075] `out` holds files tag_archive
            did not write (nothing is deleted); [E076] unknown engine; [E077] Dask missing;
            [E078] `out` was written with other options; [E080] another run is writing
            `out`; [E081] `out` holds a run over other inputs; [E086] `out` cannot be
            written (disk full, read-only); [E009] a number out of range.

    Examples:
        >>> import tempfile, pandas as pd
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("BAKU, 2 September 2024 – Polls closed.")
        >>> summary = tag_archive(folder, folder / "out", n_process=1, progress=False)
        >>> summary.n_items, summary.n_errors
        (1, 0)
        >>> pd.read_parquet(folder / "out" / "items")["dateline"].tolist()
        ['BAKU']
    """
    started = time.perf_counter()
    options = (options or TagOptions()).with_overrides(**overrides)
    if engine not in ("local", "dask"):
        raise InputError(Errors.E076.format(engine=engine))
    check_positive("part_size", part_size)
    check_positive("n_process", n_process)
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    paths = expand(inputs)
    with Store(out, _fingerprint(options, text_col, part_size), force=force) as store:
        # Every source is listed (and hashed) first: parts of an earlier run are kept only if
        # all their sources are unchanged, and their digests are what the manifest records.
        names = store.earlier_names(paths)
        found = [source for path in paths for source in sources(path, names.get(path))]
        store.keep_valid({s.origin: (s.size, s.digest) for s in found})
        n_reused = sum(len(part.units) for part in store.parts)
        dedup = _Dedup.from_store(store)
        # The same event's reports get one event_cluster over the whole run, not one part.
        clusters = ClusterIndex.from_tables(store.iter_table("events", CLUSTER_COLUMNS))
        worker_options = replace(options, n_process=1)
        key = options_key(worker_options)
        executor = _executor(engine, key, worker_options, n_process, client, store.lock_fd)
        bar = _Progress(sum(s.size for s in found), progress)
        n_tagged = 0
        try:
            pending: deque[tuple[Any, _Part]] = deque()
            for part in _parts(found, store, options, text_col, part_size, bar):
                if not part.units:
                    continue
                pending.append((_submit(executor, part), part))
                # In submission order, so that duplicates and part numbers do not depend on
                # which worker finishes first; at most two parts per worker wait.
                while len(pending) > 2 * executor.workers:
                    n_tagged += _finish_next(pending, executor, store, dedup, clusters, bar)
            while pending:
                n_tagged += _finish_next(pending, executor, store, dedup, clusters, bar)
        finally:
            executor.close()
            bar.close()
        totals = store.totals()
    summary = ArchiveSummary(Path(out), totals["items"], totals["mentions"], totals["errors"],
                             dedup.n_duplicates, n_tagged, n_reused,
                             time.perf_counter() - started)
    logger.info("%s", summary)
    return summary


@dataclass
class _Part:
    """Whole units and their items, ready for a worker."""

    items: list[Located] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    errors: list[ReadError] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    nbytes: int = 0


def _parts(found: list[Source], store: Store, options: TagOptions, text_col: str,
           part_size: int, bar: _Progress) -> Iterator[_Part]:
    done, complete = store.done_units(), store.complete_sources()
    part = _Part()
    for source in found:
        if source.origin in complete:
            bar.advance(source.size, 0)
            continue

        def skip(key: str, source: Source = source) -> bool:
            return done.get(key) == (source.size, source.digest)

        for unit in units(source, part_size, text_col, skip, options.layout):
            if unit.skipped:
                bar.advance(unit.nbytes, 0)
                continue
            _add_unit(part, unit, options)
            if len(part.items) >= part_size or len(part.units) >= 10 * part_size:
                yield part
                part = _Part()
    yield part


def _add_unit(part: _Part, unit: Unit, options: TagOptions) -> None:
    part.errors.extend(unit.errors)
    for record in unit.records:
        try:
            found = _record_items(record, unit.origin, options)
        except Exception as err:  # a bug in segmenting one input must not stop the run
            part.errors.append(ReadError(unit.origin, record.position, "E072", Errors.E072.format(
                position=record.position, path=unit.origin, reason=_reason(err))))
            continue
        if record.bulletin and not found:
            part.errors.append(ReadError(unit.origin, None, "E087", Errors.E087.format(
                path=unit.origin, reason=no_items_reason(record.text))))
        part.items.extend(found)
        if record.meta is not None:
            part.meta[found[0][0].item_id] = record.meta
    # What was read, not what was listed: a file that changed while read is redone next time.
    size, digest = unit.fingerprint
    part.units.append({"key": unit.key, "origin": unit.origin, "index": unit.index,
                       "last": unit.last, "size": size, "digest": digest,
                       "file": unit.source.file})
    part.nbytes += unit.nbytes


def _record_items(record: Record, origin: str, options: TagOptions) -> list[Located]:
    if record.item is not None:
        return [(record.item, origin, record.position)]
    if record.bulletin:
        found = segment(record.text, options.layout, origin=origin)
        return [(item, origin, position) for position, item in enumerate(found)]
    return [(row_item(record, origin), origin, record.position)]


def row_item(record: Record, origin: str | None) -> Item:
    """The `Item` of a table row: its text is the body, its columns fill the fields."""
    fields = record.fields or {}
    published, precision = parse_published(fields["published"]) if "published" in fields \
        else (None, None)

    def text(name: str) -> str | None:
        value = fields.get(name)
        return None if value is None else str(value)

    return Item(text=record.text, start=0, end=len(record.text),
                item_id=make_item_id(record.text, record.position, origin),
                title=text("title"), published=published,
                precision=precision,  # type: ignore[arg-type]
                dateline=text("dateline"), source=text("source"), category=text("category"))


def _submit(executor: _Executor, part: _Part) -> Any:
    try:
        return executor.submit(part.items)
    except BrokenProcessPool:  # a worker died since the last result was taken
        executor.restart()
        return executor.submit(part.items)


def _finish_next(pending: deque[tuple[Any, _Part]], executor: _Executor, store: Store,
                 dedup: _Dedup, clusters: ClusterIndex, bar: _Progress) -> int:
    """Write the oldest part in flight; if its worker died, redo what the pool lost.

    A dead worker (killed by the OOM killer, say) breaks the whole pool, and every part in
    flight is lost with it. The parts are redone one at a time on a new pool, so that a part
    that kills its worker again is known: its items become [E085] error rows, and its units are
    recorded as unfinished, so that a rerun tries them again.
    """
    future, part = pending.popleft()
    try:
        return _finish(future.result(), part, store, dedup, clusters, bar)
    except BrokenProcessPool:
        pass
    lost = [part] + [p for _, p in pending]
    pending.clear()
    logger.warning("a worker process died; redoing %d part(s) one at a time", len(lost))
    n_tagged = 0
    for part in lost:
        executor.restart()
        try:
            outcome = executor.submit(part.items).result()
        except BrokenProcessPool as err:
            executor.restart()
            outcome = _lost(part, err)
        n_tagged += _finish(outcome, part, store, dedup, clusters, bar)
    return n_tagged


def _lost(part: _Part, err: BaseException) -> tuple[TagResult, list[ReadError]]:
    errors = [ReadError(origin or "", position, "E085", Errors.E085.format(
        position=position, path=origin, reason=_reason(err)), item.item_id)
        for item, origin, position in part.items]
    part.units = [unit | {"digest": f"unfinished:{unit['digest']}"} for unit in part.units]
    empty = TagResult(build_frame([], dict(ITEMS_SCHEMA)), build_frame([], dict(MENTIONS_SCHEMA)))
    return empty, errors


def _finish(outcome: tuple[TagResult, list[ReadError]], part: _Part, store: Store,
            dedup: _Dedup, clusters: ClusterIndex, bar: _Progress) -> int:
    result, tag_errors = outcome
    items = result.items
    items["duplicate_of"] = pd.array(dedup.assign(items["item_id"], items["text"]),
                                     dtype="string")
    items["meta"] = pd.array([part.meta.get(i) for i in items["item_id"]], dtype="string")
    errors = build_frame(((e.origin, e.position, e.item_id, e.code, e.message)
                          for e in [*part.errors, *tag_errors]), ERRORS_SCHEMA)
    store.write_part({"items": items[list(ARCHIVE_ITEMS_SCHEMA)], "mentions": result.mentions,
                      "errors": errors, "events": clusters.link(result.events)}, part.units)
    bar.advance(part.nbytes, len(items))
    return len(items)


# ---- workers ---------------------------------------------------------------------------------

_TAGGERS: dict[str, Tagger] = {}


def _worker_tagger(key: str, options: TagOptions) -> Tagger:
    """The process's Tagger for these options, created once (per worker process or Dask worker)."""
    if key not in _TAGGERS:
        tune_for_batches()
        _TAGGERS[key] = Tagger(options)
    return _TAGGERS[key]


def tag_part(key: str, options: TagOptions, items: list[Located]
             ) -> tuple[TagResult, list[ReadError]]:
    """Tag one part's items; an item on which the pipeline raises becomes an [E072] error.

    The whole part runs as one batch; only when it raises is it split in halves, again and
    again, down to the items that fail, so that a rare bad item costs a few extra batches.
    """
    tagger = _worker_tagger(key, options)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results, errors = _isolate(tagger, items)
    for warning in caught:
        logger.warning("%s", warning.message)
    if len(results) == 1:
        return results[0], errors
    return TagResult(_concat([r.items for r in results], ITEMS_SCHEMA),
                     _concat([r.mentions for r in results], MENTIONS_SCHEMA),
                     _concat([r.events for r in results], EVENTS_SCHEMA)), errors


def _isolate(tagger: Tagger, items: list[Located]) -> tuple[list[TagResult], list[ReadError]]:
    try:
        return [tagger.tag_located(items)], []
    except Exception as err:  # any component's failure on any item: isolate it, go on
        if len(items) <= 1:
            if not items:
                return [], []
            item, origin, position = items[0]
            message = Errors.E072.format(position=position, path=origin, reason=_reason(err))
            return [], [ReadError(origin or "", position, "E072", message, item.item_id)]
    middle = len(items) // 2
    first, first_errors = _isolate(tagger, items[:middle])
    second, second_errors = _isolate(tagger, items[middle:])
    return first + second, first_errors + second_errors


def _concat(frames: list[pd.DataFrame], schema: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    # Only on the rare path where a part was split; categories of the pieces may differ.
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return build_frame([], dict(schema))
    joined = pd.concat(frames, ignore_index=True)
    return joined.astype({column: dtype for column, (dtype, _) in schema.items()})


def _reason(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


class _Executor(Protocol):
    workers: int

    def submit(self, items: list[Located]) -> Any: ...

    def restart(self) -> None: ...

    def close(self) -> None: ...


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class _Inline:
    """Tag in this process (n_process=1)."""

    workers = 1

    def __init__(self, key: str, options: TagOptions) -> None:
        self.key, self.options = key, options
        _worker_tagger(key, options)

    def submit(self, items: list[Located]) -> Any:
        return _Done(tag_part(self.key, self.options, items))

    def restart(self) -> None:  # pragma: no cover  (nothing here can break)
        pass

    def close(self) -> None:
        pass


class _Processes:
    """Worker processes forked after the model is loaded, so none loads it again.

    Each worker dies with the driver and does not hold the output's lock (see `workers`).
    """

    def __init__(self, key: str, options: TagOptions, n_process: int,
                 lock_fd: int | None = None) -> None:
        self.key, self.options, self.workers = key, options, n_process
        self.close_fds = () if lock_fd is None else (lock_fd,)
        _worker_tagger(key, options)
        self.pool = self._pool()

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        return concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("fork"),
            initializer=init_worker, initargs=(os.getpid(), self.close_fds))

    def submit(self, items: list[Located]) -> Any:
        return self.pool.submit(tag_part, self.key, self.options, items)

    def restart(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._pool()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def default_n_process() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover  (not on Linux)
        return max(1, os.cpu_count() or 1)


def _executor(engine: Engine, key: str, options: TagOptions, n_process: int | None,
              client: Any, lock_fd: int | None = None) -> _Executor:
    if engine == "dask":
        from .dask_engine import DaskExecutor

        return DaskExecutor(key, options, client, n_process)
    n_process = n_process or default_n_process()
    if n_process > 1:
        try:
            return _Processes(key, options, n_process, lock_fd)
        except (ValueError, OSError) as err:  # no fork on this platform, or no processes
            warn(Warnings.W070.format(n_process=n_process, reason=err))
    return _Inline(key, options)


def _fingerprint(options: TagOptions, text_col: str, part_size: int) -> dict[str, Any]:
    """What shapes the output: a manifest written with other values is not resumed."""
    model = options.topic_model
    return {"model": None if options.model is None else str(options.model),
            "labels": None if options.labels is None else sorted(options.labels),
            "topic_model": model if model is None or isinstance(model, str) else str(model)
            if isinstance(model, Path) else type(model).__name__,
            "languages": None if options.languages is None else sorted(options.languages),
            "layout": repr(options.layout), "max_piece_chars": options.max_piece_chars,
            "text_col": text_col, "rows_per_unit": part_size}


def options_key(options: TagOptions) -> str:
    """The key of a worker's cached Tagger: equal options share one."""
    return hashlib.blake2b(pickle.dumps(options), digest_size=8).hexdigest()


# ---- duplicates ------------------------------------------------------------------------------


class _Dedup:
    """First item id per normalised text, in the order the parts are written."""

    def __init__(self) -> None:
        self.first: dict[bytes, str] = {}
        self.n_duplicates = 0

    @classmethod
    def from_store(cls, store: Store) -> _Dedup:
        dedup = cls()
        for items in store.iter_items(["item_id", "text", "duplicate_of"]):
            for item_id, text, duplicate_of in items.itertuples(index=False):
                if pd.isna(duplicate_of):
                    dedup.first.setdefault(_text_key(text), item_id)
                else:
                    dedup.n_duplicates += 1
        return dedup

    def assign(self, item_ids: Iterable[str], texts: Iterable[str]) -> list[str | None]:
        flags: list[str | None] = []
        for item_id, text in zip(item_ids, texts, strict=True):
            if not text or not text.strip():
                flags.append(None)
                continue
            first = self.first.setdefault(_text_key(text), item_id)
            flags.append(None if first == item_id else first)
            self.n_duplicates += int(first != item_id)
        return flags


def _text_key(text: str) -> bytes:
    """The duplicate key of an item text: case and runs of white space do not matter.

    Examples:
        >>> _text_key("Polls  closed.\\n") == _text_key("polls closed.")
        True
    """
    normal = " ".join(text.casefold().split())
    return hashlib.blake2b(normal.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# ---- progress --------------------------------------------------------------------------------


class _Progress:
    """A tqdm bar on a terminal (bytes of input, with items and items/s), else log lines."""

    every = 10.0

    def __init__(self, total_bytes: int, enabled: bool | None) -> None:
        self.total, self.done, self.items = total_bytes, 0, 0
        self.started = self.last_log = time.perf_counter()
        use_bar = sys.stderr.isatty() if enabled is None else enabled
        self.log = enabled is None and not use_bar
        self.bar: Any = None
        if use_bar:
            from tqdm import tqdm  # type: ignore[import-untyped]

            self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, desc="newsnlp",
                            file=sys.stderr, dynamic_ncols=True)

    def advance(self, nbytes: int, items: int) -> None:
        self.done += nbytes
        self.items += items
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        if self.bar is not None:
            self.bar.update(nbytes)
            self.bar.set_postfix_str(f"{self.items:,} items, {self.items / elapsed:,.1f} items/s",
                                     refresh=False)
        elif self.log and time.perf_counter() - self.last_log >= self.every:
            self.last_log = time.perf_counter()
            share = self.done / self.total if self.total else 1.0
            eta = elapsed * (1 - share) / share if share > 0 else float("nan")
            logger.info("%s items tagged, %.1f items/s, %.0f%% of input, ETA %.0f s",
                        f"{self.items:,}", self.items / elapsed, 100 * share, eta)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
