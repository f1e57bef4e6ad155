"""The bulletin segmenter, on short synthetic bulletins in each layout it must handle."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from newsnlp import read_text
from newsnlp.errors import InputError, NewsnlpWarning
from newsnlp.items import Item, make_item_id
from newsnlp.segment import Dropped, Layout, iter_segment_file, segment, segment_report
from newsnlp.segment.core import _segment
from newsnlp.segment.layout import _DEFAULT_LAYOUT
from newsnlp.segment.windows import _pieces, _windows

BULLETINS = Path(__file__).resolve().parents[2] / "shared/data/bulletins"
SEED = BULLETINS / "seed-turan-2024-09.txt"

BODY_A = "The central bank raised its key rate by half a point to curb inflation."
BODY_B = "Parliament approved the budget after a long debate on Tuesday."


def _offsets_cover_body(text: str, items: list) -> None:  # type: ignore[type-arg]
    last_end = 0
    for item in items:
        assert 0 <= item.start < item.end <= len(text)
        assert item.start >= last_end  # ordered, non-overlapping
        last_end = item.end
        block = text[item.start : item.end]
        for word in item.text.split()[:5] + item.text.split()[-3:]:
            assert word in block
        assert item.item_id == make_item_id(block, item.start, None)


@pytest.mark.parametrize(
    ("stamp_line", "expected"),
    [
        ("2 September 2024, 16:05", datetime(2024, 9, 2, 16, 5)),
        ("1 September 2024 14:18", datetime(2024, 9, 1, 14, 18)),
        ("02.09.2024 16:05", datetime(2024, 9, 2, 16, 5)),
        ("16:05 | 02.09.2024", datetime(2024, 9, 2, 16, 5)),
        ("Mon, 02 Sep 2024 16:05:00 +0400", datetime(2024, 9, 2, 16, 5)),
        ("Published: 2 September 2024, 16:05", datetime(2024, 9, 2, 16, 5)),
        ("- 2 September 2024, 16:05", datetime(2024, 9, 2, 16, 5)),
    ],
)
def test_segment_timestamp_line_formats(stamp_line: str, expected: datetime) -> None:
    text = f"{stamp_line}\n{BODY_A}\n\n{stamp_line}\n{BODY_B}\n"
    items = segment(text)
    assert [i.text for i in items] == [BODY_A, BODY_B]
    assert [i.published for i in items] == [expected, expected]
    assert {i.precision for i in items} == {"time"}
    _offsets_cover_body(text, items)


def test_segment_short_timestamp_takes_year_from_header() -> None:
    text = (
        "DAILY NEWS | 2 September 2024\n\n"
        f"2 SEP, 16:05\nEconomy\nRates rise again\n{BODY_A}\n-\n"
        f"2 SEP, 15:40\nPolitics\nBudget passes\n{BODY_B}\n"
    )
    items = segment(text)
    assert [i.published for i in items] == [
        datetime(2024, 9, 2, 16, 5),
        datetime(2024, 9, 2, 15, 40),
    ]
    assert [i.category for i in items] == ["Economy", "Politics"]
    assert [i.title for i in items] == ["Rates rise again", "Budget passes"]
    assert [i.text for i in items] == [BODY_A, BODY_B]


@pytest.mark.parametrize(
    ("opening", "dateline", "published", "source"),
    [
        ("BAKU, 2 September 2024 – ", "BAKU", datetime(2024, 9, 2), None),
        ("SALVADOR, Feb 26 - ", "SALVADOR", datetime(2024, 2, 26), None),
        ("FORT WAYNE, Ind., March 6 - ", "FORT WAYNE", datetime(2024, 3, 6), None),
        ("MOSCOW, September 2. /TASS/. ", "MOSCOW", datetime(2024, 9, 2), "TASS"),
        ("Baku, September 2, AZERTAC. ", "Baku", datetime(2024, 9, 2), "AZERTAC"),
        # No date of its own: the bulletin's date, as a date only.
        ("LONDON (Reuters) - ", "LONDON", datetime(2024, 6, 1), "Reuters"),
    ],
)
def test_segment_dateline_formats(
    opening: str, dateline: str, published: datetime | None, source: str | None
) -> None:
    # The header gives the year that "Feb 26" and "September 2" leave out.
    text = f"NEWS FEED | 1 June 2024\n\nRates Rise Again\n{opening}{BODY_A}\n"
    (item,) = segment(text)
    assert item.dateline == dateline
    assert item.text == BODY_A  # the dateline prefix is not part of the body
    assert item.title == "Rates Rise Again"
    assert item.source == source
    assert item.published == published
    assert item.precision == ("date" if published else None)


def test_segment_dateline_on_its_own_line() -> None:
    text = (
        f"Rates Rise Again\nBaku, September 2, AZERTAC\n{BODY_A}\n"
        f"-\n- 3 September 2024, 10:00\n{BODY_B}"
    )
    items = segment(text)
    assert items[0].dateline == "Baku"
    assert items[0].source == "AZERTAC"
    assert items[0].published == datetime(2024, 9, 2)  # the year from the neighbouring item
    assert items[0].text == BODY_A


def test_segment_wire_with_hard_wrapped_lines_and_signoff() -> None:
    text = (
        "REUTERS NEWS WIRE | Monday, 16 March 1987\n\n"
        "COFFEE ROASTINGS HIGHER\n"
        "NEW YORK, March 16 - U.S. roastings of green coffee in the\n"
        "week ended March 7 were about 325,000 bags.\n"
        "    It said roastings for 1987 now total 3,295,000 bags.\n"
        " Reuter\n\n"
        "BANK SAYS IT IS TURNING AROUND\n"
        "SAN FRANCISCO, March 17 - The bank holding company is turning\n"
        "around, its chairman said.\n"
        " Reuter\n"
    )
    items = segment(text)
    assert [i.title for i in items] == ["COFFEE ROASTINGS HIGHER", "BANK SAYS IT IS TURNING AROUND"]
    assert [i.dateline for i in items] == ["NEW YORK", "SAN FRANCISCO"]
    assert [i.published for i in items] == [datetime(1987, 3, 16), datetime(1987, 3, 17)]
    assert " ".join(items[0].text.split()) == (
        "U.S. roastings of green coffee in the week ended March 7 were about 325,000 bags. "
        "It said roastings for 1987 now total 3,295,000 bags."
    )
    assert "Reuter" not in items[1].text
    _offsets_cover_body(text, items)


def test_segment_numbered_digest_times_take_header_date() -> None:
    text = (
        "NEWS DIGEST | 13 March 1987\n\n"
        f"1. Rates rise again (10:34)\n{BODY_A}\n\n"
        f"2. Budget passes (15:00)\n{BODY_B}\n"
    )
    items = segment(text)
    assert [i.title for i in items] == ["Rates rise again", "Budget passes"]
    assert [i.published for i in items] == [
        datetime(1987, 3, 13, 10, 34),
        datetime(1987, 3, 13, 15),
    ]
    assert [i.precision for i in items] == ["time", "time"]


def test_segment_numbered_list_inside_a_body_is_not_a_digest() -> None:
    text = f"Title Of The Item\n{BODY_A}\n1. Raise rates\n2. Cut spending\n{BODY_B}"
    (item,) = segment(text)
    assert "1. Raise rates" in item.text
    assert "2. Cut spending" in item.text


@pytest.mark.parametrize(
    "furniture", ["Photo sessions", "- Photo sessions", "Share", "Read more", "Follow us on X"]
)
def test_segment_boilerplate_dropped_not_glued(furniture: str) -> None:
    text = (
        f"Rates Rise Again\nPublished: 2 September 2024, 16:05\n{BODY_A}\n{furniture}\n\n"
        f"Budget Passes\nPublished: 2 September 2024, 17:05\n{BODY_B}\n{furniture}\n"
    )
    items = segment(text)
    assert [i.text for i in items] == [BODY_A, BODY_B]
    assert [i.title for i in items] == ["Rates Rise Again", "Budget Passes"]
    _offsets_cover_body(text, items)


def test_segment_trailing_metadata_attached_to_the_item_before() -> None:
    text = (
        "president.az\n"
        "Aliyev receives Serbian minister\n"
        f"{BODY_A}\n"
        "-\n-\n- Photo sessions\n- 1 September 2024 14:18\nPolitics\n-\n"
        f"- 2 September 2024, 16:05\n{BODY_B}\n"
    )
    first, second = segment(text)
    assert (first.source, first.title, first.category) == (
        "president.az",
        "Aliyev receives Serbian minister",
        "Politics",
    )
    assert first.published == datetime(2024, 9, 1, 14, 18)
    assert first.text == BODY_A
    assert (second.source, second.title, second.category) == (None, None, None)
    assert second.published == datetime(2024, 9, 2, 16, 5)
    assert "Politics" in text[first.start : first.end]
    assert "16:05" in text[second.start : second.end]


def test_segment_trailing_metadata_without_separators() -> None:
    text = (
        f"Rates Rise Again\n{BODY_A}\n02.09.2024 16:05\nEconomy\n\n"
        f"Budget Passes\n{BODY_B}\n02.09.2024 17:30\nPolitics\n"
    )
    items = segment(text)
    assert [i.category for i in items] == ["Economy", "Politics"]
    assert [i.published for i in items] == [
        datetime(2024, 9, 2, 16, 5),
        datetime(2024, 9, 2, 17, 30),
    ]


def test_segment_keeps_date_precision() -> None:
    text = f"- 2 September 2024\n{BODY_A}\n-\n- 2 September 2024, 16:05\n{BODY_B}"
    items = segment(text)
    assert [i.precision for i in items] == ["date", "time"]
    assert items[0].published == datetime(2024, 9, 2)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_segment_newlines(newline: str) -> None:
    text = newline.join(
        ["- 2 September 2024, 16:05", BODY_A, "-", "- 2 September 2024, 15:56", BODY_B, ""]
    )
    items = segment(text)
    assert [i.text for i in items] == [BODY_A, BODY_B]
    assert text[items[1].start : items[1].end].endswith(BODY_B)
    _offsets_cover_body(text, items)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n\t"])
def test_segment_empty_input(text: str) -> None:
    assert segment(text) == []


def test_segment_unstructured_text_is_one_item() -> None:
    text = f"{BODY_A}\n{BODY_B}\n\nA third paragraph with no structure at all."
    (item,) = segment(text)
    assert item.text.split() == text.split()
    assert (item.title, item.published, item.dateline) == (None, None, None)
    assert (item.start, item.end) == (0, len(text))


def test_segment_metadata_only_input_is_kept() -> None:
    (item,) = segment("2 September 2024, 16:05")
    assert "16:05" in item.text


def test_segment_rejects_non_str() -> None:
    with pytest.raises(InputError):
        segment(b"bytes")  # type: ignore[arg-type]


def test_segment_custom_layout() -> None:
    layout = Layout(
        separator=r"={3,}",
        title=r"## (?P<value>.+)",
        timestamp=r"Posted (?P<value>.+)",
        category=r"\[(?P<value>[A-Za-z ]+)\]",
        boilerplate=r"Print|Email",
    )
    text = (
        f"## Rates rise again\nPosted 2 September 2024 16:05\n[Economy]\n{BODY_A}\nPrint\n===\n"
        f"## Budget passes\nPosted 2 September 2024 17:05\n[Politics]\n{BODY_B}\nEmail\n"
    )
    items = segment(text, layout, origin="bulletin.txt")
    assert [i.title for i in items] == ["Rates rise again", "Budget passes"]
    assert [i.category for i in items] == ["Economy", "Politics"]
    assert [i.text for i in items] == [BODY_A, BODY_B]
    assert items[0].published == datetime(2024, 9, 2, 16, 5)
    assert items[0].item_id == make_item_id(
        text[items[0].start : items[0].end], items[0].start, "bulletin.txt"
    )


@pytest.mark.parametrize("field", ["separator", "timestamp", "title", "source", "category"])
def test_segment_invalid_layout_regex(field: str) -> None:
    patterns: dict[str, str | None] = {field: "(unclosed"}
    with pytest.raises(InputError) as info:
        Layout(**patterns)  # type: ignore[arg-type]  # only pattern fields are given
    assert info.value.code == "E007"
    assert field in str(info.value)


def test_segment_origin_changes_item_id() -> None:
    text = f"- 2 September 2024, 16:05\n{BODY_A}"
    assert segment(text, origin="a")[0].item_id != segment(text, origin="b")[0].item_id


def test_segment_seed_bulletin() -> None:
    if not SEED.is_file():
        pytest.skip(f"the real seed bulletin is not beside the project ({SEED})")
    text = SEED.read_text(encoding="utf-8")
    items = segment(text)
    assert len(items) == 5
    assert [i.published for i in items] == [
        datetime(2024, 9, 1, 14, 18),
        datetime(2024, 9, 2),
        datetime(2024, 9, 2, 16, 5),
        datetime(2024, 9, 2, 15, 56),
        datetime(2024, 9, 2, 15, 37),
    ]
    assert [i.precision for i in items] == ["time", "date", "time", "time", "time"]
    assert items[0].title == "Ilham Aliyev: Azerbaijan and Serbia are strategic partners"
    assert items[0].source == "president.az"
    assert items[0].category == "Politics"
    assert "Photo sessions" not in items[0].text
    assert items[1].dateline == "BAKU"
    assert items[1].text.startswith("Azerbaijan's early parliamentary elections")
    assert all(i.title is None and i.source is None for i in items[1:])
    _offsets_cover_body(text, items)


# --- windows: the same items when the text is segmented a few lines at a time -----------------


def _windowed(
    text: str, size: int, layout: Layout | None = None
) -> tuple[list[Item], list[Dropped]]:
    dropped: list[Dropped] = []
    return _segment(text, layout, None, dropped, size), dropped


def _assert_same_in_windows(text: str, size: int, layout: Layout | None = None) -> list[Item]:
    whole = segment_report(text, layout)
    assert len(list(_windows(_pieces(text, size), layout or _DEFAULT_LAYOUT, size))) > 1
    assert _windowed(text, size, layout) == (whole.items, whole.dropped)
    return whole.items


@pytest.mark.parametrize(
    "path", sorted(BULLETINS.glob("*.txt")), ids=lambda p: p.name
)
def test_segment_file_in_windows_equals_whole_text(path: Path) -> None:
    whole = segment(read_text(path), origin=path.name)
    for size in (1, 300):  # 1: a window at every place one may end
        windows = list(_windows(_pieces(read_text(path), size), _DEFAULT_LAYOUT, size))
        assert len(windows) > 1
        assert "".join(w.text for w in windows) == read_text(path)
        assert list(iter_segment_file(path, origin=path.name, window_chars=size)) == whole
    assert _windowed(read_text(path), 1)[0] == segment(read_text(path))


def test_segment_windows_carry_the_header_year_and_the_last_date() -> None:
    items = "".join(
        f"{day} SEP, 1{day % 10}:05\nStory {day}\n{BODY_A}\n-\n" for day in range(3, 20)
    )
    text = f"DAILY NEWS | 2 September 2024\n\n{items}(11:00)\n{BODY_B}\n"
    got = _assert_same_in_windows(text, 40)
    assert all(i.published is not None and i.published.year == 2024 for i in got)
    assert got[-1].published == datetime(2024, 9, 19, 11, 0)  # the time takes the last date


def test_segment_windows_wait_for_the_first_year_printed_below() -> None:
    head = "".join(f"{day} SEP, 10:05\n{BODY_A}\n-\n" for day in range(3, 12))
    text = f"{head}12 September 2023, 09:00\n{BODY_B}\n"
    got = _assert_same_in_windows(text, 30)
    assert [i.published.year for i in got if i.published] == [2023] * len(got)


def test_segment_windows_count_signoffs_over_the_whole_text() -> None:
    # "John Smith" ends every item: a sign-off only because it repeats across the bulletin.
    text = "".join(
        f"LONDON, March {day} - {BODY_A}\nMore to come on it.\nJohn Smith\n\n"
        for day in range(1, 15)
    )
    got = _assert_same_in_windows(text, 50)
    assert len(got) == 14
    assert not any("John Smith" in i.text for i in got)
    with_pattern = _assert_same_in_windows(text, 50, Layout(signoff=r"John Smith"))
    assert with_pattern == got


def test_segment_windows_keep_the_whole_bulletin_convention() -> None:
    # Every timestamp sits between blank lines: which item it dates is the bulletin's habit,
    # set by the one unambiguous timestamp at the very end, many windows below.
    blocks = "".join(f"{BODY_A}\n\n- 2 September 2024, 1{n % 10}:00\n\n" for n in range(12))
    text = f"{blocks}{BODY_B}\n- 3 September 2024, 09:00\n"
    whole = segment(text)
    assert whole[0].published == datetime(2024, 9, 2, 10, 0)  # trailing, as at the end
    _assert_same_in_windows(text, 25)


def test_segment_windows_keep_crlf_split_between_pieces() -> None:
    text = f"2 September 2024\r\n\r\n{BODY_A}\r\n* * *\r\n{BODY_B}\r\n" * 5
    for size in (1, 2, 3, 7):
        assert _windowed(text, size)[0] == segment(text)


def test_segment_file_not_utf8_is_detected_like_read_text(tmp_path: Path) -> None:
    text = "МОСКВА, 2 сентября. /ТАСС/. Министр заявил.\r\n\r\n* * *\r\nДругое сообщение.\r\n"
    path = tmp_path / "cp1251.txt"
    path.write_bytes((text * 20).encode("cp1251"))
    with pytest.warns(NewsnlpWarning, match=r"\[W001\]"):
        whole = segment(read_text(path))
    with pytest.warns(NewsnlpWarning, match=r"\[W001\]"):
        assert list(iter_segment_file(path, window_chars=10)) == whole
    assert whole[0].text.startswith("МОСКВА")  # decoded, not mojibake


def test_segment_file_errors_are_raised_before_iterating(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\[E002\]"):
        iter_segment_file(tmp_path / "missing.txt")
    (tmp_path / "photo.jpg").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match=r"\[E001\]"):
        iter_segment_file(tmp_path / "photo.jpg")
    with pytest.raises(InputError, match=r"\[E009\].*window_chars"):
        iter_segment_file(tmp_path / "photo.jpg", window_chars=0)


def test_segment_file_metadata_only_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    for text in ("", "\n \n", "* * *\n-\n", "2 September 2024\n* * *\nPolitics\n"):
        path.write_text(text, encoding="utf-8", newline="")
        assert list(iter_segment_file(path, window_chars=1)) == segment(text)
        assert _windowed(text, 1) == (lambda r: (r.items, r.dropped))(segment_report(text))
