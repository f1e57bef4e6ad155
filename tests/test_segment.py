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


@pytest.mark.parametrize("path", sorted(BULLETINS.glob("*.txt")), ids=lambda p: p.name)
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
    # Decoded, not mojibake (the Cyrillic dateline is read as one: place and agency).
    assert (whole[0].dateline, whole[0].source) == ("МОСКВА", "ТАСС")
    assert whole[0].text.startswith("Министр")


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


# --- real-page shapes: each test is a small text written in the shape of a kind of page -------

_LEADS = [
    "The city council approved a new budget on Monday after a long debate over school funding.",
    "Heavy rain flooded several roads in the north, and officials closed two bridges overnight.",
    "A regional airline said it would add three routes next spring as passenger numbers recover.",
    "Farmers protested outside the ministry, demanding lower fuel prices and quicker subsidies.",
]
_HEADS = [
    "Council Approves Budget After Long Debate",
    "Floods Close Roads and Bridges in the North",
    "Airline Adds Three Routes for Next Spring",
    "Farmers Protest Fuel Prices Outside Ministry",
]


def test_segment_real_header_is_not_an_item_and_is_reported() -> None:
    # A site name, a tag heading and a byline above the first record are page furniture.
    text = "City Herald\nTag: Local\n\n" + "".join(
        f"{h}\nNewsroom -\n{lead}\n" for h, lead in zip(_HEADS, _LEADS, strict=True)
    )
    report = segment_report(text)
    assert [i.title for i in report.items] == _HEADS
    assert [i.text for i in report.items] == _LEADS
    kinds = {d.text: d.kind for d in report.dropped}
    assert kinds["City Herald"] == "header"
    assert kinds["Tag: Local"] in ("header", "boilerplate")
    assert kinds["Newsroom -"] == "boilerplate"


def test_segment_real_untitled_paragraphs_split_by_blank_lines() -> None:
    text = "In Brief\n\n\n" + "\n\n".join(_LEADS)
    items = segment(text)
    assert [i.text for i in items] == _LEADS
    assert all(i.title is None for i in items)


def test_segment_real_untitled_leads_one_per_line() -> None:
    items = segment("\n".join(_LEADS))
    assert [i.text for i in items] == _LEADS


def test_segment_real_bulleted_and_numbered_lists() -> None:
    bullets = segment("\n".join(f"- {lead}" for lead in _LEADS) + "\n|\n|\nNo comments:")
    assert len(bullets) == len(_LEADS)
    assert [i.text.lstrip("- ") for i in bullets] == _LEADS
    numbered = segment("\n".join(f"  {n}. {lead}" for n, lead in enumerate(_LEADS, 1)))
    assert len(numbered) == len(_LEADS)


def test_segment_real_title_list_gives_title_only_items() -> None:
    heads = [*_HEADS, "Museum Reopens After Repairs", "Port Strike Ends After Two Days"]
    items = segment("Tag: News\n" + "\n".join(heads))
    assert [i.title for i in items] == heads


def test_segment_real_titles_with_blank_lines_and_dateline_leads() -> None:
    text = "Daily Summary\n\nThe following is a summary of the main stories of the day.\n\n" + (
        "".join(
            f"{h}\n\nSEOUL -- {lead}\n\nA second paragraph of the story follows here.\n\n"
            for h, lead in zip(_HEADS, _LEADS, strict=True)
        )
    )
    items = segment(text)
    assert [i.title for i in items] == _HEADS
    assert [i.dateline for i in items] == ["SEOUL"] * 4
    assert all(i.text.startswith(lead) for i, lead in zip(items, _LEADS, strict=True))


def test_segment_real_date_first_listing_keeps_each_date_with_the_item_below() -> None:
    # The date above each title belongs to the item below it, even though the "Read More" link
    # of the item above touches it: the page prints its first date above its first item.
    days = ["14 Sep 2022", "30 Aug 2022", "23 Aug 2022", "10 Aug 2022"]
    text = "".join(
        f"{d}\n\n{h}\n\n{lead}\n\nRead More\n"
        for d, h, lead in zip(days, _HEADS, _LEADS, strict=True)
    )
    items = segment(text)
    assert [i.title for i in items] == _HEADS
    assert [i.published.date().isoformat() if i.published else None for i in items] == [
        "2022-09-14",
        "2022-08-30",
        "2022-08-23",
        "2022-08-10",
    ]


def test_segment_real_bulletin_date_is_every_undated_items_date() -> None:
    text = "Navigation\n\nMorning Digest of 2024-05-06\n\n" + "".join(
        f"{h}\n\n{lead}\n\n" for h, lead in zip(_HEADS, _LEADS, strict=True)
    )
    items = segment(text)
    assert len(items) == 4
    assert {i.published for i in items} == {datetime(2024, 5, 6)}
    assert {i.precision for i in items} == {"date"}


def test_segment_real_day_headings_date_the_numbered_items_under_them() -> None:
    text = (
        "March 3, Monday, 2025\n\n"
        + "".join(f"{n}. {lead}\n" for n, lead in enumerate(_LEADS[:2], 1))
        + "\nMarch 2, Sunday, 2025\n\n"
        + "".join(f"{n}. {lead}\n" for n, lead in enumerate(_LEADS[2:], 1))
    )
    items = segment(text)
    assert [i.published for i in items] == [datetime(2025, 3, 3)] * 2 + [datetime(2025, 3, 2)] * 2
    assert {i.precision for i in items} == {"date"}


def test_segment_real_current_events_bullets_with_outlet_and_category() -> None:
    text = (
        "Armed conflicts and attacks\n"
        "  • Border conflict (2020–present)\n"
        "    • Two soldiers are killed in a clash near the border town. (Daily Wire)\n"
        "  • A car bomb explodes outside a police station, wounding six people. (Radio North)\n"
        "Business and economy\n"
        "  • The central bank raises its key interest rate by half a point. (Market Desk)\n"
    )
    items = segment(text)
    assert [i.source for i in items] == ["Daily Wire", "Radio North", "Market Desk"]
    assert items[2].category == "Business and economy"  # the heading, not the topic link
    assert not any("Border conflict" in i.text for i in items)  # a topic link is context


def test_segment_real_section_labels_are_categories_not_titles() -> None:
    text = "".join(
        f"{label}\n\n{h}\n{lead}\nRead More » -\n"
        for label, h, lead in zip(
            ["Europe", "Africa", "Europe", "Asia"], _HEADS, _LEADS, strict=True
        )
    )
    items = segment(text)
    assert [i.title for i in items] == _HEADS
    assert [i.category for i in items[1:]] == ["Africa", "Europe", "Asia"]


@pytest.mark.parametrize(
    ("opening", "dateline", "source"),
    [
        ("KYIV. Nov 24 (Interfax-Ukraine) – ", "KYIV", "Interfax-Ukraine"),
        ("New Delhi, Jul 14 (PTI) ", "New Delhi", "PTI"),
        ("SEOUL -- ", "SEOUL", None),
        ("DUBAI, United Arab Emirates (AP) — ", "DUBAI", "AP"),
        ("Baku, 3 Dec (Trend) ", "Baku", "Trend"),
        ("OSLO | Nordic Wire | ", "OSLO", "Nordic Wire"),
    ],
)
def test_segment_real_dateline_agency_credits(
    opening: str, dateline: str, source: str | None
) -> None:
    (item,) = segment(f"Rates Rise Again\n{opening}{BODY_A}\n")
    assert item.dateline == dateline
    assert item.source == source
    assert item.text == BODY_A  # neither the place nor the agency stays in the body


def test_segment_real_timestamp_with_a_byline_dates_the_update() -> None:
    text = (
        "Live updates\n\n"
        "  • Apr 25, 2023 11:21 AM (IST) Posted by A. Writer\n\n"
        f"    {_HEADS[0]}\n\n    {_LEADS[0]}\n\n"
        "  • Apr 25, 2023 10:11 AM (IST) Posted by A. Writer\n\n"
        f"    {_HEADS[1]}\n\n    {_LEADS[1]}\n"
    )
    items = segment(text)
    assert [i.published for i in items] == [
        datetime(2023, 4, 25, 11, 21),
        datetime(2023, 4, 25, 10, 11),
    ]
    assert [i.title for i in items] == _HEADS[:2]


def test_segment_real_article_with_one_dateline_stays_one_item() -> None:
    # Untitled paragraphs are a news-in-brief list, unless only the first opens with a
    # dateline: that is one wire story of several paragraphs.
    text = "LONDON, March 3 (Reuters) - " + "\n\n".join(_LEADS)
    (item,) = segment(text)
    assert item.dateline == "LONDON"
    assert item.source == "Reuters"
    assert item.text.split() == "\n\n".join(_LEADS).split()


def test_segment_real_headline_date_lead_on_single_lines() -> None:
    days = ["12 March 2024", "11 March 2024", "10 March 2024", "9 March 2024"]
    text = "Latest News\n" + "".join(
        f"{h}\n{d}\n{lead}\n" for h, d, lead in zip(_HEADS, days, _LEADS, strict=True)
    )
    items = segment(text)
    assert [i.title for i in items] == _HEADS
    assert [i.published for i in items] == [datetime(2024, 3, d) for d in (12, 11, 10, 9)]


def test_segment_real_relative_times_are_furniture_not_dates() -> None:
    pairs = zip(_HEADS, _LEADS, strict=True)
    text = "".join(f"{h}\n{n} hours ago\n{lead}\n" for n, (h, lead) in enumerate(pairs, 1))
    report = segment_report(text)
    assert [i.title for i in report.items] == _HEADS
    assert all(i.published is None for i in report.items)  # no page date to count back from
    assert {d.kind for d in report.dropped} == {"boilerplate"}


def test_segment_layout_with_titles_turns_structure_inference_off() -> None:
    # Without a layout, the short line on top is page metadata (a label), in no item's text; a
    # house layout that says what a title looks like describes the records itself, so nothing
    # is inferred or dropped.
    pairs = list(zip(_HEADS, _LEADS, strict=True))
    plain = "Desk Notes\n" + "\n".join(f"{h}\n{lead}" for h, lead in pairs)
    assert not any("Desk Notes" in i.text for i in segment(plain))
    marked = "Desk Notes\n" + "\n".join(f"## {h}\n{lead}" for h, lead in pairs)
    described = segment_report(marked, Layout(title=r"## (?P<value>.+)"))
    # As before inference existed: the line above the first title is an item of its own.
    assert [i.title for i in described.items] == [None, *_HEADS]
    assert described.items[0].text == "Desk Notes"
    assert not described.dropped


def test_segment_real_pages_give_the_same_items_streamed_in_windows(shared_data: Path) -> None:
    # The page-level decisions (its shape, header, dates) are counted over every window in
    # order, so a real page cut into tiny windows is read as the whole page is. (Only the item
    # lists are compared: no text of the pages is kept in the test.)
    pages = sorted((shared_data / "real-bulletins").glob("*.txt"))
    if not pages:
        pytest.skip("no real bulletins in the shared data")
    for path in pages:
        whole = segment_report(read_text(path))
        for size in (1, 60):
            assert list(iter_segment_file(path, window_chars=size)) == whole.items, path.name
            dropped: list[Dropped] = []
            assert _segment(read_text(path), None, None, dropped, size) == whole.items
            assert dropped == whole.dropped


_FOOTER = (
    "Copyright © 2024 Example Courier Ltd. All rights reserved.\n"
    "Contact us: desk@example.org\n"
    "Sign up for our morning newsletter\n"
    "Terms of Use | Privacy Policy | Cookie settings\n"
)


def test_segment_site_footer_is_dropped_not_items() -> None:
    pairs = zip(_HEADS, _LEADS, strict=True)
    text = "\n".join(f"{h}\n{lead}\n" for h, lead in pairs) + "\n" + _FOOTER
    report = segment_report(text)
    assert [i.title for i in report.items] == _HEADS
    assert not any("rights reserved" in i.text or "desk@" in i.text for i in report.items)
    assert [d.kind for d in report.dropped] == ["boilerplate"] * 4
    assert _windowed(text, 1) == (report.items, report.dropped)


def test_segment_copyright_headline_is_not_footer() -> None:
    # Only a year, "by" or © after "Copyright" makes the line a footer.
    heads = ["Copyright Row Hits Music Publisher", *_HEADS[1:]]
    text = "\n".join(f"{h}\n{lead}\n" for h, lead in zip(heads, _LEADS, strict=True))
    assert [i.title for i in segment(text)] == heads


def test_segment_relative_times_count_back_from_the_page_date() -> None:
    # The page prints its date on top: "Yesterday" and "3 days ago" are dates against it.
    ago = ["2 hours ago", "Yesterday", "3 days ago", "An hour ago"]
    pairs = zip(_HEADS, ago, _LEADS, strict=True)
    text = "Evening Digest, 4 March 2024\n\n" + "\n".join(
        f"{h}\n{a}\n{lead}\n" for h, a, lead in pairs
    )
    report = segment_report(text)
    assert [i.title for i in report.items] == _HEADS
    assert [i.published for i in report.items] == [
        datetime(2024, 3, d) for d in (4, 3, 1, 4)
    ]
    assert {i.precision for i in report.items} == {"date"}
    assert not any("ago" in i.text for i in report.items)
    assert _windowed(text, 1) == (report.items, report.dropped)


_DAYS = ["Mon, 04 Mar 2024 10:00:00 GMT", "Tue, 05 Mar 2024 09:30:00 GMT"]
_DAYS += ["Wed, 06 Mar 2024 08:15:00 GMT", "Thu, 07 Mar 2024 07:45:00 GMT"]
_PUBLISHED = [datetime(2024, 3, 4, 10), datetime(2024, 3, 5, 9, 30)]
_PUBLISHED += [datetime(2024, 3, 6, 8, 15), datetime(2024, 3, 7, 7, 45)]


@pytest.mark.parametrize("wrapped", [True, False], ids=["rss", "bare-elements"])
def test_segment_feed_on_one_line_gives_an_item_per_entry(wrapped: bool) -> None:
    # An RSS dump pasted as one line: each entry an item, its pubDate its date, the channel's
    # own title and the links furniture, every character accounted for.
    entries = "".join(
        ("<item>" if wrapped else "")
        + f"<title>{h}</title><link>https://example.org/{n}</link>"
        + f"<description><![CDATA[<p>{lead}</p>]]></description><pubDate>{d}</pubDate>"
        + ("</item>" if wrapped else "")
        for n, (h, lead, d) in enumerate(zip(_HEADS, _LEADS, _DAYS, strict=True))
    )
    channel = "<channel><title>Example Courier</title><description>Latest</description>"
    text = f'<rss version="2.0">{channel if wrapped else ""}{entries}</channel></rss>'
    report = segment_report(text)
    assert [i.title for i in report.items] == _HEADS
    assert [i.text for i in report.items] == _LEADS
    assert [i.published for i in report.items] == _PUBLISHED
    assert not any("Example Courier" in i.text for i in report.items)
    assert _windowed(text, 1) == (report.items, report.dropped)
    for item in report.items:  # offsets point at the entry's own elements
        assert item.title is not None
        assert item.title in text[item.start : item.end]


def test_segment_feed_as_element_text_one_per_line() -> None:
    # The same feed as its elements' text, one a line: the link lines are furniture.
    rows = zip(_HEADS, _LEADS, _DAYS, strict=True)
    text = "".join(
        f"{h}\nhttps://example.org/news/{n}-story\n{lead}\n{d}\n"
        for n, (h, lead, d) in enumerate(rows)
    )
    items = segment(text)
    assert [i.title for i in items] == _HEADS
    assert [i.published for i in items] == _PUBLISHED
    assert not any("https://" in i.text for i in items)


def test_segment_place_on_its_own_line_under_the_headline_is_the_dateline() -> None:
    places = ["NAIROBI", "NEW DELHI", "SAO PAULO,", "OSLO"]
    rows = zip(_HEADS, places, _LEADS, strict=True)
    text = "\n".join(f"{h}\n{p}\n{lead}\n" for h, p, lead in rows)
    report = segment_report(text)
    assert [i.title for i in report.items] == _HEADS
    assert [i.dateline for i in report.items] == ["NAIROBI", "NEW DELHI", "SAO PAULO", "OSLO"]
    assert [i.text for i in report.items] == _LEADS
    assert _windowed(text, 1) == (report.items, report.dropped)


def test_segment_caps_heading_after_a_blank_line_is_not_a_dateline() -> None:
    # A briefing's caps section heading stands after a blank line, not under a headline.
    text = "\n".join(f"{p}\n{lead}\n" for p, lead in zip(["SUDAN", "HAITI"], _LEADS, strict=False))
    assert all(i.dateline is None for i in segment(text))


def test_segment_numbered_entries_run_together_on_one_line_are_items() -> None:
    entries = [f"{n}) {lead}" for n, lead in enumerate(_LEADS, 1)]
    text = "Morning briefing\n\n" + " ".join(entries) + "\n"
    report = segment_report(text)
    assert [i.text for i in report.items] == entries
    assert _windowed(text, 1) == (report.items, report.dropped)
    for item in report.items:
        assert text[item.start : item.end] == item.text


def test_segment_sentence_that_counts_is_not_split() -> None:
    # Numbers that do not go on one by one from the start of the line are prose.
    text = (
        "1) The council met twice, on points 3) and 7) of the agenda, and it voted on 9) too.\n"
    )
    assert len(segment(text)) == 1


@pytest.mark.parametrize("heading", ["Live: Storm Hits the Coast\n", ""], ids=["titled", "bare"])
def test_segment_live_blog_updates_marked_by_clock_times(heading: str) -> None:
    # Updates under a page date, each marked only by its clock time: each update an item, its
    # time on the page's date; the page's headline and date are header.
    clocks = ["10:42 IST", "[11:05]", "2:15 p.m.", "23:50"]
    text = heading + "March 3, 2024\n\n" + "\n".join(
        f"{c}\n{lead}\n" for c, lead in zip(clocks, _LEADS, strict=True)
    )
    report = segment_report(text)
    assert [i.text for i in report.items] == _LEADS
    assert all(i.title is None for i in report.items)
    assert [i.published for i in report.items] == [
        datetime(2024, 3, 3, 10, 42),
        datetime(2024, 3, 3, 11, 5),
        datetime(2024, 3, 3, 14, 15),
        datetime(2024, 3, 3, 23, 50),
    ]
    assert _windowed(text, 1) == (report.items, report.dropped)


_SECTIONS = ["SUDAN", "HAITI", "UKRAINE", "YEMEN"]


def test_segment_briefing_name_over_its_date_is_header_above_caps_sections() -> None:
    text = "MIDDAY BRIEFING\nFRIDAY, 16 SEPTEMBER 2022\n\n" + "\n".join(
        f"{h}\n{lead}\n" for h, lead in zip(_SECTIONS, _LEADS, strict=True)
    )
    report = segment_report(text)
    assert [i.text for i in report.items] == _LEADS
    assert [i.title for i in report.items] in (_SECTIONS, [None] * 4)  # a heading or none
    assert {i.published for i in report.items} == {datetime(2022, 9, 16)}
    assert [d.text for d in report.dropped] == ["MIDDAY BRIEFING", "FRIDAY, 16 SEPTEMBER 2022"]
    assert _windowed(text, 1) == (report.items, report.dropped)


def test_segment_headline_over_date_over_a_lead_keeps_its_title() -> None:
    # Under the date comes a paragraph, not a record with a heading: the headline is the first
    # record's title.
    first = f"{_HEADS[0]}\n4 March 2024\n\n{_LEADS[0]}\n\n"
    rest = "\n".join(f"{h}\n{lead}\n" for h, lead in zip(_HEADS[1:], _LEADS[1:], strict=True))
    items = segment(first + rest)
    assert [i.title for i in items] == _HEADS
    assert [i.text for i in items] == _LEADS


@pytest.mark.parametrize(
    "intro",
    [
        "Here are the top stories at this hour:",
        "The following is the latest list of news summaries from the regional desk.",
        "Skip to content\nMenu\nSearch\nHome",
    ],
)
def test_segment_bulletin_intro_and_site_menu_are_header(intro: str) -> None:
    text = intro + "\n\n" + "\n\n".join(_LEADS) + "\n"
    report = segment_report(text)
    assert [i.text for i in report.items] == _LEADS
    assert len(report.dropped) == intro.count("\n") + 1
    assert _windowed(text, 1) == (report.items, report.dropped)


def test_segment_intro_formula_inside_a_story_stays_text() -> None:
    # Under a record the formula is the story's sentence, not the bulletin's intro.
    lead = _LEADS[0] + "\nHere are the key budget items the council approved on Monday:"
    text = "\n\n".join([lead, *_LEADS[1:]]) + "\n"
    assert any("key budget items" in i.text for i in segment(text))


def test_segment_caps_place_before_a_colon_is_a_dateline_but_rubrics_are_not() -> None:
    places = ["NEW DELHI: ", "BREAKING: ", "KARACHI: ", "UPDATE: "]
    text = "\n\n".join(p + lead for p, lead in zip(places, _LEADS, strict=True)) + "\n"
    items = segment(text)
    assert [i.dateline for i in items] == ["NEW DELHI", None, "KARACHI", None]
    assert [i.text for i in items][::2] == _LEADS[::2]
    assert items[1].text.startswith("BREAKING: ")


def test_segment_lone_dash_lines_part_untitled_items() -> None:
    text = "\n-\n".join(_LEADS) + "\n-\n"
    report = segment_report(text)
    assert [i.text for i in report.items] == _LEADS
    assert {d.kind for d in report.dropped} == {"separator"}
