"""From bytes to text: reading bulletin files in whatever encoding they were saved in.

UTF-8 is tried first because almost everything is UTF-8 and a strict decode is the cheapest
proof; anything else is decoded by detection (charset-normalizer) with a warning, so the user
knows the text may be off. Data that is not text at all is refused with a numbered error rather
than turned into mojibake items.
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
    if _looks_binary(data):
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
        if _looks_binary(head):
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
                if text := decoder.decode(data):
                    yield text
    except OSError as err:
        raise InputError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    if text := decoder.decode(b"", final=True):
        yield text


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


# The start of a file that decides whether it is text.
_SAMPLE_BYTES = 65536


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE_BYTES]
    if b"\x00" in sample:
        return True
    # A few stray control bytes happen in scraped text; a file full of them is not text.
    return len(sample) > 0 and len(sample.translate(None, _BINARY_BYTES)) < 0.95 * len(sample)
