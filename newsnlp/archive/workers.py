"""Worker processes that never outlive the run that started them.

A forked worker holds copies of the pool's pipe ends, so when the driver dies (SIGKILL, the OOM
killer, a crash) nothing tells the worker to stop: it blocks on its pipe under PID 1, holding a
loaded model, for as long as the machine runs. Two mechanisms end it:

- On Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)`: the kernel kills the worker the moment the
  thread that forked it dies. The pool forks its workers from the thread that first submits
  work, the driver's main thread, which lives as long as the run.
- Everywhere, a daemon thread that checks every `POLL_SECONDS` whether the worker's parent is
  still the driver (`os.getppid()` changes when the parent dies) and exits the process if not.
  It also covers the moment between the fork and the `prctl` call.

The worker also closes the descriptor of the output directory's lock (see `store`), so that only
the driver holds the lock and a dead driver's lock is free at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable

logger = logging.getLogger("newsnlp.archive")

#: How often a worker checks that the driver is alive (the fallback to PR_SET_PDEATHSIG).
POLL_SECONDS = 0.5

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def init_worker(parent: int, close_fds: Iterable[int] = ()) -> None:
    """Run first in every worker: drop inherited descriptors, tie the worker to `parent`."""
    for fd in close_fds:
        with contextlib.suppress(OSError):  # already closed
            os.close(fd)
    die_with_parent(parent)


def die_with_parent(parent: int) -> bool:
    """Make this process exit when `parent` dies; returns whether the kernel signal is set.

    Examples:
        >>> die_with_parent(os.getppid()) in (True, False)
        True
    """
    armed = _set_pdeathsig()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="newsnlp-parent-watch",
                     daemon=True).start()
    return armed


def _set_pdeathsig() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError) as err:  # pragma: no cover  (no prctl in this libc)
        logger.debug("PR_SET_PDEATHSIG not set: %s", err)
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)
