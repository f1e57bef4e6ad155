"""Batch-tag archives: streaming, parallel, resumable, a Parquet dataset per table out.

    >>> from newsnlp import tag_archive                                     # doctest: +SKIP
    >>> tag_archive(["bulletins/", "dump.jsonl.gz"], "out/")                # doctest: +SKIP
    >>> pd.read_parquet("out/items"), pd.read_parquet("out/mentions")       # doctest: +SKIP

Modules, in the order the data flows:

- `inputs`: files, folders, globs, `.gz` and `.zip` -> sources -> units of records (a bulletin
  file, or a range of table rows or of a large bulletin file's items), read one at a time.
- `run`: the driver loop (units -> parts of about 1,000 items -> workers -> parts written in
  order), duplicates, progress, and the local engine (this process or forked workers).
- `store`: the output directory: Parquet parts written atomically and the manifest that makes a
  rerun resume.
- `dask_engine`: the same run on a `dask.distributed` cluster, and `tag_dask_frame`.

Resume granularity: a unit is a whole bulletin file, or `part_size` rows of a table or items of
a bulletin file over 8 MB (so a crash in a huge JSONL or text file redoes at most one part's
items, and the file is never in memory whole); a part is whole units. After a SIGKILL the same
call redoes only the units of parts that were not recorded in the manifest.

Duplicates: the first item with a text (case and white space ignored) is the one met first in
input order (inputs as listed, folders and zips in sorted name order); later ones point to it in
`duplicate_of`. Parts are finished in that order whatever the engine or number of workers, and a
resumed run rebuilds the index from the parts it keeps, so the flags are the same as an
uninterrupted run's. When a changed input is redone, flags in parts kept from the earlier run are
not revised: run with `force=True` for flags that are exact after inputs changed.
"""

from .dask_engine import tag_dask_frame
from .run import ArchiveSummary, tag_archive
from .store import ARCHIVE_ITEMS_SCHEMA, ERRORS_SCHEMA

__all__ = ["ARCHIVE_ITEMS_SCHEMA", "ERRORS_SCHEMA", "ArchiveSummary", "tag_archive",
           "tag_dask_frame"]
