import codecs
from pathlib import Path

import pytest

from newsnlp import InputError, NewsnlpWarning, read_text
from newsnlp.reading import decode_bytes, iter_text

CYRILLIC = (
    "МОСКВА, 2 сентября. /ТАСС/. Министр иностранных дел России Сергей Лавров заявил в "
    "понедельник, что Москва готова содействовать переговорам между Арменией и Азербайджаном. "
    "По его словам, вопрос делимитации границы должен решаться при участии всех сторон."
)
TEXT = "BAKU, 2 September 2024 – Azərbaycan seçkiləri. Выборы прошли спокойно."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
)
def test_reading_decodes_unicode_encodings_exactly(data: bytes) -> None:
    assert decode_bytes(data) == TEXT


def test_reading_detects_a_legacy_encoding_with_a_warning(tmp_path: Path) -> None:
    text = CYRILLIC
    path = tmp_path / "cyrillic.txt"
    path.write_bytes(text.encode("cp1251"))
    with pytest.warns(NewsnlpWarning, match=r"\[W001\].*cyrillic\.txt"):
        assert read_text(path) == text


@pytest.mark.parametrize("data", [b"\x00\x01\x02PK\x03\x04" * 50, bytes(range(256)) * 4])
def test_reading_refuses_binary_naming_the_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"\[E001\].*photo\.jpg") as info:
        read_text(path)
    assert info.value.code == "E001"


def test_reading_missing_file_is_a_numbered_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\[E002\].*nope\.txt"):
        read_text(tmp_path / "nope.txt")


def test_reading_empty_file_is_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_text(path) == ""


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (b"", "utf-8"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_reading_pieces_join_to_read_text(tmp_path: Path, bom: bytes, encoding: str) -> None:
    # Chunks of 1-7 bytes split characters and "\r\n" once past the 64 KB the head holds.
    padding = "\n" * (66_000 // len("\n".encode(encoding)))  # just past the head
    text = f"{TEXT}\r\n" * 3 + padding + f"{TEXT}\r\n" * 3
    path = tmp_path / "b.txt"
    path.write_bytes(bom + text.encode(encoding))
    for chunk in (1, 3, 7):
        assert "".join(iter_text(path, chunk)) == read_text(path) == text


def test_reading_pieces_of_legacy_encoding_raise_while_iterating(tmp_path: Path) -> None:
    path = tmp_path / "cyrillic.txt"
    path.write_bytes(CYRILLIC.encode("cp1251"))
    pieces = iter_text(path)  # the file opens fine: only its bytes are not UTF-8
    with pytest.raises(UnicodeDecodeError):
        list(pieces)


def test_reading_pieces_refuse_binary_and_missing_files_at_once(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    with pytest.raises(InputError, match=r"\[E001\].*photo\.jpg"):
        iter_text(path)
    with pytest.raises(InputError, match=r"\[E002\].*nope\.txt"):
        iter_text(tmp_path / "nope.txt")


def test_reading_binary_is_judged_by_proportion_not_by_one_byte(tmp_path: Path) -> None:
    from newsnlp.reading import decode_bytes

    text = "Polls closed in Baku. " * 5000
    assert decode_bytes(("\x00" + text).encode()) == "\x00" + text  # a stray NUL is kept
    with pytest.raises(InputError, match=r"\[E001\]"):
        decode_bytes(text.encode() + b"\x00" * 100_000)  # binary after 64 KiB of text
    path = tmp_path / "tail.txt"
    path.write_bytes(text.encode() * 20 + b"\x00" * 3_000_000)
    pieces = iter_text(path)
    with pytest.raises(InputError, match=r"\[E001\]"):
        for _ in pieces:  # caught while reading, before the NULs are all read
            pass
