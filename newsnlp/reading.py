"""From bytes to text: reading bulletin files in whatever encoding they were saved in.

UTF-8 is tried first because almost everything is UTF-8 and a strict decode is the cheapest
proof; anything else is decoded by detection (charset-normalizer) with a warning, so the user
knows the text may be off. Data that is not text at all is refused with a numbered error rather
than turned into mojibake items.

Binary is judged by proportion, window by window, as the data is read: a window of 64 KiB
(the whole data when shorter) in which more than `BINARY_SHARE` of the bytes are control bytes
that never occur in text (NUL among them) is not text. One stray NUL in a scraped article does
not make it binary; text followed by megabytes of NULs is caught where the NULs start, also
when the file is read in pieces (`iter_text`).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import Errors, InputError, Warnings, warn

# Byte-order marks say the encoding outright; UTF-16/32 text is full of NUL bytes, so the BOM
# must be honoured before the NUL check below would call it binary.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC excluded).
_BINARY_BYTES = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})

#: A window with more than this share of such bytes is binary (PDFs, images and archives are
#: far above it; scraped text with a few stray control bytes far below).
BINARY_SHARE = 0.05
#: The window over which the share is judged.
WINDOW_BYTES = 65536


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode the bytes of a bulletin; `name` is only used in messages.

    Raises:
        InputError: [E001] when the bytes are not text.

    Examples:
        >>> decode_bytes("Bakı, 2 September".encode("utf-8"))
        'Bakı, 2 September'
        >>> decode_bytes(codecs.BOM_UTF16_LE + "Baku".encode("utf-16-le"))
        'Baku'
    """
    encoding = _bom_encoding(data)
    if encoding is not None:
        return data.decode(encoding)
    if looks_binary(data):
        raise InputError(Errors.E001.format(path=name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(Errors.E001.format(path=name))
    warn(Warnings.W001.format(path=name, encoding=best.encoding))
    return str(best)


def read_text(path: str | Path) -> str:
    """Read a bulletin file as text, detecting its encoding when it is not UTF-8.

    Raises:
        InputError: [E001] the file is not text; [E002] it cannot be read.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    return decode_bytes(data, str(path))


def iter_text(path: str | Path, chunk_bytes: int = 1 << 20) -> Iterator[str]:
    """The text of a bulletin file in pieces, decoded as `read_text` decodes it, read a chunk at
    a time so that neither the bytes nor the text of the whole file are ever in memory.

    The file is opened, and its start checked, when this is called; the pieces come as it is
    iterated. Only UTF-8 and the encodings a byte-order mark names are decoded piece by piece:
    guessing any other encoding needs the whole file, which `read_text` does.

    Raises:
        InputError: [E001] the file is not text; [E002] it cannot be read.
        UnicodeDecodeError: while iterating, when the file is not in the encoding above.
        InputError: [E001] while iterating, when binary data follows the text.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = Path(tmp) / "b.txt"
        ...     _ = path.write_bytes("Bakı\\r\\nBaku".encode("utf-8"))
        ...     "".join(iter_text(path, chunk_bytes=3)) == read_text(path)
        True
    """
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(max(chunk_bytes, _SAMPLE_BYTES))
    except OSError as err:
        raise InputError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    encoding = _bom_encoding(head)
    if encoding is None:
        if looks_binary(head):
            raise InputError(Errors.E001.format(path=path))
        encoding = "utf-8"
    return _decode_pieces(path, head, encoding, chunk_bytes)


def _decode_pieces(path: str | Path, head: bytes, encoding: str, chunk_bytes: int) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)()  # strict, as bytes.decode
    if text := decoder.decode(head):
        yield text
    try:
        with Path(path).open("rb") as fh:
            fh.seek(len(head))
            while data := fh.read(chunk_bytes):
                # Binary after text: stop where it starts (UTF-16/32 are full of NULs).
                if encoding.startswith("utf-8") and looks_binary(data):
                    raise InputError(Errors.E001.format(path=path))
                if text := decoder.decode(data):
                    yield text
    except OSError as err:
        raise InputError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    if text := decoder.decode(b"", final=True):
        yield text


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


# How much of a file `iter_text` reads before it yields anything.
_SAMPLE_BYTES = 65536


def no_items_reason(head: bytes | str) -> str:
    """Why a bulletin gave no items, from its first bytes or its text.

    Examples:
        >>> no_items_reason(b""), no_items_reason(" \\n"), no_items_reason("Share | Print")
        ('the file is empty', 'it holds only white space', 'the segmenter found no item text in it')
    """
    if not head:
        return "the file is empty"
    if not head.strip():
        return "it holds only white space"
    return "the segmenter found no item text in it"


def looks_binary(data: bytes) -> bool:
    """Whether any window of `data` is binary (see the module doc).

    Examples:
        >>> looks_binary(b"Polls closed." * 1000 + b"\\x00"), looks_binary(b"%PDF\\x00\\x01\\x02")
        (False, True)
    """
    starts = list(range(0, max(len(data) - WINDOW_BYTES, 0) + 1, WINDOW_BYTES))
    if len(data) > WINDOW_BYTES and starts[-1] + WINDOW_BYTES < len(data):
        starts.append(len(data) - WINDOW_BYTES)  # the tail, as a full window
    for start in starts:
        window = data[start : start + WINDOW_BYTES]
        n_control = len(window) - len(window.translate(None, _BINARY_BYTES))
        if n_control > BINARY_SHARE * len(window):
            return True
    return False
