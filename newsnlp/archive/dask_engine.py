"""Dask: the archive run on a `dask.distributed` cluster, and tagging a `dask.dataframe`.

`tag_archive(..., engine="dask")` keeps the driver loop of the local engine (reading, the
manifest, duplicates and the Parquet parts stay on the machine that runs it) and sends each
part's items to the cluster; each worker builds one `Tagger` on its first task and keeps it.
Workers need newsnlp and the spaCy model installed, and nothing else: they read no files and
write none, so no shared file system is needed.

To use an existing cluster, start a scheduler and workers (`dask scheduler`, then
`dask worker tcp://SCHEDULER:8786 --nthreads 1` on each machine: one thread per worker process,
as spaCy holds the GIL) and pass its address or a `Client`:

    tag_archive("archive/", "out/", engine="dask", client="tcp://10.0.0.5:8786")

or on the command line `newsnlp tag archive/ -o out/ --engine dask --scheduler
tcp://10.0.0.5:8786`. Without an address, a `LocalCluster` of `n_process` single-threaded
worker processes is started for the run and closed after it.
"""

from __future__ import annotations

import numbers
import operator
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import Errors, InputError
from ..frames import build_frame
from ..items import EVENTS_SCHEMA, ITEMS_SCHEMA, MENTIONS_SCHEMA
from ..tagger import TagOptions
from .inputs import ReadError, row_record
from .run import Located, default_n_process, options_key, row_item, tag_part
from .store import ARCHIVE_ITEMS_SCHEMA, ERRORS_SCHEMA

if TYPE_CHECKING:
    import dask.dataframe as dd


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as err:
        raise InputError(Errors.E077.format(reason=err)) from err
    return distributed


class DaskExecutor:
    """Sends parts to a cluster; `workers` is how many parts run at a time."""

    def __init__(self, key: str, options: TagOptions, client: Any, n_process: int | None
                 ) -> None:
        distributed = _distributed()
        self.key, self.options = key, options
        self._own: list[Any] = []
        if client is None:
            cluster = distributed.LocalCluster(n_workers=n_process or default_n_process(),
                                               threads_per_worker=1, processes=True,
                                               dashboard_address=None)
            client = distributed.Client(cluster)
            self._own = [client, cluster]
        elif isinstance(client, str):
            client = distributed.Client(client)
            self._own = [client]
        self.client = client
        info = client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info["workers"].values()))

    def submit(self, items: list[Located]) -> Any:
        return self.client.submit(tag_part, self.key, self.options, items, pure=False)

    def restart(self) -> None:  # pragma: no cover  (Dask reschedules lost tasks itself)
        pass

    def close(self) -> None:
        for resource in self._own:
            resource.close()


def tag_dask_frame(
    ddf: dd.DataFrame,
    text_col: str = "text",
    *,
    origin_col: str | None = None,
    options: TagOptions | None = None,
    **overrides: Any,
) -> tuple[dd.DataFrame, dd.DataFrame, dd.DataFrame, dd.DataFrame]:
    """Tag a dask DataFrame of item texts, one row per item: lazy items, mentions, errors and
    events (the archive's four tables, in the order of its datasets).

    Each partition is tagged by a worker's cached `Tagger`; other columns are read as in
    `tag_archive` (title, published/date, dateline, source, category; the rest into `meta`).
    An item's `origin` is its `origin_col` value (None without one) and its `position` the
    row's index label, so ids are unique when the index is. Compute the four frames together
    (`dask.compute(items, mentions, errors, events)`) to tag each partition once. Duplicates
    are not flagged here (`duplicate_of` is null): that needs the order of the whole run; nor
    are the same event's reports clustered across partitions (`event_cluster` is within one;
    `tag_archive` clusters across its whole run).

    Examples:
        >>> import dask.dataframe as dd
        >>> frame = pd.DataFrame({"text": ["Ilham Aliyev visited Paris.", "Polls closed."]})
        >>> items, mentions, errors, events = tag_dask_frame(
        ...     dd.from_pandas(frame, npartitions=1), topic_model=None)
        >>> items.compute(scheduler="sync")["text"].tolist()
        ['Ilham Aliyev visited Paris.', 'Polls closed.']
    """
    import dask
    import dask.dataframe as dd
    from dask.delayed import delayed

    options = (options or TagOptions()).with_overrides(**{**overrides, "n_process": 1})
    key = options_key(options)
    tagged = [delayed(_tag_partition)(part, text_col, origin_col, key, options)
              for part in ddf.to_delayed()]  # type: ignore[no-untyped-call]
    tables = []
    # Dask would turn the object columns (the lists `countries`, `topics`) into strings.
    with dask.config.set({"dataframe.convert-string": False}):
        for index, schema in enumerate((ARCHIVE_ITEMS_SCHEMA, MENTIONS_SCHEMA, ERRORS_SCHEMA,
                                        EVENTS_SCHEMA)):
            pieces = [delayed(operator.itemgetter(index))(t) for t in tagged]
            tables.append(dd.from_delayed(pieces, meta=build_frame([], schema),
                                          verify_meta=False))
    return tables[0], tables[1], tables[2], tables[3]


def _tag_partition(
    frame: pd.DataFrame, text_col: str, origin_col: str | None, key: str, options: TagOptions
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    located: list[Located] = []
    metas: dict[str, str] = {}
    errors: list[ReadError] = []
    if text_col not in frame.columns:
        raise InputError(Errors.E071.format(path="the dask DataFrame", column=text_col,
                                            columns=list(frame.columns)))
    rows: list[dict[str, Any]] = frame.to_dict(orient="records")  # type: ignore[assignment]
    for label, row in zip(frame.index, rows, strict=True):
        origin = None if origin_col is None else row.pop(origin_col, None)
        origin = None if origin is None or pd.isna(origin) else str(origin)
        position = int(label) if isinstance(label, numbers.Integral) else len(located) + len(errors)
        record = row_record(row, position, origin or "", text_col)
        if isinstance(record, ReadError):
            errors.append(record)
            continue
        item = row_item(record, origin)
        located.append((item, origin, position))
        if record.meta is not None:
            metas[item.item_id] = record.meta
    result, tag_errors = tag_part(key, options, located) if located else (None, [])
    items = build_frame([], ITEMS_SCHEMA) if result is None else result.items
    mentions = build_frame([], MENTIONS_SCHEMA) if result is None else result.mentions
    events = build_frame([], EVENTS_SCHEMA) if result is None else result.events
    items["duplicate_of"] = pd.array([None] * len(items), dtype="string")
    items["meta"] = pd.array([metas.get(i) for i in items["item_id"]], dtype="string")
    error_frame = build_frame(((e.origin, e.position, e.item_id, e.code, e.message)
                               for e in [*errors, *tag_errors]), ERRORS_SCHEMA)
    return items[list(ARCHIVE_ITEMS_SCHEMA)], mentions, error_frame, events
