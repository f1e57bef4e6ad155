"""glibc malloc settings for the processes that tag archive parts.

spaCy's `ner` allocates and frees arrays of a few hundred KB to a few MB for every batch. glibc
serves blocks above its mmap threshold with fresh `mmap`s and returns the top of the heap to the
system once more than its trim threshold is free, so much of each batch's memory comes back as
new pages that the kernel must fault in and zero. Fixing both thresholds at sizes above a batch's
arrays keeps that memory in the heap, to be reused by the next batch. `bench_archive.py` prints
minor page faults per item: 282 for bare spaCy ner and 212 for `tag_archive` with these
settings, which also runs newsnlp's own components (2026-11-30, 20,088 Reuters items).

Setting either threshold also turns off glibc's own adjustment of the other, so both are set
together. The settings hold for the rest of the process: it then keeps up to `TRIM_THRESHOLD`
of freed memory instead of returning it at once. Elsewhere than glibc nothing is changed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import platform

logger = logging.getLogger("newsnlp.archive")

# mallopt parameters, from glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

#: Blocks above this come from mmap: 32 MB, the most glibc's own adjustment would reach.
MMAP_THRESHOLD = 32 * 2**20
#: Free memory at the top of the heap is returned to the system only above this.
TRIM_THRESHOLD = 64 * 2**20

_tuned = False


def tune_for_batches() -> bool:
    """Keep batch-sized blocks in the heap (see the module doc); once per process.

    Returns whether the settings are in force (False where the C library is not glibc).
    """
    global _tuned
    if _tuned:
        return True
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _tuned = bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
            libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError) as err:  # no C library to load, or no mallopt in it
        logger.debug("malloc settings left alone: %s", err)
    return _tuned
