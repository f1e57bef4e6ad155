"""Checking a saved topic model's structure and values before anything uses them.

The SHA-256 in `model.json` catches accidents (a truncated copy, a file from another model),
not edits: whoever can rewrite the files can recompute it. So a loaded model is checked as
untrusted input: every array is a real `.npy` array (no pickle, no object or string dtype) whose
header fits the bytes that hold it (a header claiming 10^6 x 10^6 is refused before anything is
allocated), weights are finite, the topic hierarchy is in range and acyclic (a cycle would make
`predict` loop for ever), and the hyper-parameters that size the work are in sane ranges.
Each failure is a numbered `ModelError` (E050-E054; the CLI exits with 3).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import Errors, ModelError

#: The longest word or character n-gram a model may ask for: every n adds a pass over each
#: text, and no useful model goes past a handful of words.
MAX_NGRAM = 10
#: The kinds of dtype an array may have: floats, signed and unsigned integers, booleans.
_NUMERIC_KINDS = frozenset("fiub")
_HEADER_READERS = {(1, 0): np.lib.format.read_array_header_1_0,
                   (2, 0): np.lib.format.read_array_header_2_0}


def check_npz(path: Path, src: Path) -> None:
    """Refuse an arrays file whose members are not plain numeric `.npy` arrays that fit.

    Read from the zip's directory and each member's header only: nothing is allocated.

    Raises:
        ModelError: [E052] a member is not an array, has a non-numeric dtype, or a header
            that claims more (or fewer) bytes than the member holds.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename.removesuffix(".npy")
                with archive.open(info) as member:
                    try:
                        version = np.lib.format.read_magic(member)
                        read_header = _HEADER_READERS.get(version)
                        if read_header is None:
                            raise ValueError(f".npy format version {version}")
                        shape, _, dtype = read_header(member)
                    except ValueError as err:
                        raise ModelError(Errors.E052.format(
                            path=src, name=name, found=f"not a .npy array ({err})",
                            expected="a numeric array")) from err
                    header = member.tell()
                if dtype.hasobject:  # a pickle inside: refused as before, never unpickled
                    raise ModelError(Errors.E034.format(
                        path=src, reason=f"array {name!r} holds pickled Python objects"))
                if dtype.kind not in _NUMERIC_KINDS:
                    raise ModelError(Errors.E052.format(path=src, name=name,
                                                        found=f"of dtype {dtype}",
                                                        expected="a numeric dtype"))
                claimed = int(np.prod(shape, dtype=np.float64)) * dtype.itemsize
                if claimed != info.file_size - header:
                    raise ModelError(Errors.E052.format(
                        path=src, name=name, found=f"declared {shape} ({claimed:,} bytes) in "
                        f"{info.file_size - header:,} bytes", expected="a header that fits"))
    except (OSError, zipfile.BadZipFile, EOFError) as err:
        raise ModelError(Errors.E034.format(path=src, reason=err)) from err


def check_finite(src: Path, arrays: Mapping[str, npt.NDArray[Any] | None]) -> None:
    """Refuse NaN or infinite weights, which would make every score NaN.

    Raises:
        ModelError: [E053] naming the array.
    """
    for name, array in arrays.items():
        if array is None:
            continue
        n_bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        if n_bad:
            raise ModelError(Errors.E053.format(path=src, name=name, n_bad=n_bad))


def check_parents(src: Path, parents: npt.NDArray[Any]) -> None:
    """Refuse a hierarchy with a parent out of range or a cycle.

    Raises:
        ModelError: [E051] a parent index outside -1..n-1; [E050] a cycle.

    Examples:
        >>> check_parents(Path("m"), np.array([-1, 0, 1]))
        >>> check_parents(Path("m"), np.array([1, 0]))  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        newsnlp.errors.ModelError: [E050] ... a cycle through 0 -> 1 -> 0 ...
    """
    n = len(parents)
    for value in parents.tolist():
        if not (isinstance(value, int) and -1 <= value < n):
            raise ModelError(Errors.E051.format(path=src, name="parents", value=value,
                                                last=n - 1))
    state = [0] * n  # 0 unseen, 1 on the current path, 2 known to reach a root
    for start in range(n):
        path, k = [], start
        while k >= 0 and state[k] == 0:
            state[k] = 1
            path.append(k)
            k = int(parents[k])
        if k >= 0 and state[k] == 1:
            cycle = [*path[path.index(k):], k]
            raise ModelError(Errors.E050.format(path=src, cycle=" -> ".join(map(str, cycle))))
        for visited in path:
            state[visited] = 2


def check_params(src: Path, params: Mapping[str, Any]) -> None:
    """Refuse hyper-parameters that would make predicting unboundedly slow.

    Raises:
        ModelError: [E054] an n-gram range that is not 1 <= min <= max <= MAX_NGRAM.
    """
    for name in ("ngram_range", "char_ngrams"):
        value = params.get(name)
        if name not in params or (value is None and name == "char_ngrams"):
            continue  # a missing key is damage the structural check reports (E034)
        if not (isinstance(value, list | tuple) and len(value) == 2
                and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
                and 1 <= value[0] <= value[1] <= MAX_NGRAM):
            raise ModelError(Errors.E054.format(
                path=src, name=name, value=value,
                reason=f"use (min_n, max_n) with 1 <= min_n <= max_n <= {MAX_NGRAM}"))
