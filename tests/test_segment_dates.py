"""Dates, datelines and sources of segmented items, on small pages written for each shape.

Each text here is made up in the shape real pages print (a press review dated at its foot, a
day page, a briefing, a live blog, agency datelines, credit lines); none is copied from a page.
Every case is also streamed (`iter_segment_file`, in small windows) and must give the same items.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from newsnlp.dates import parse_timestamp
from newsnlp.items import Item
from newsnlp.segment import iter_segment_file, segment
from newsnlp.segment.credits import credit_line, end_credit
from newsnlp.segment.lines import _BODY, _TS, _Line
from newsnlp.segment.pagedate import _PageDates

S1 = "The harbour authority opened a second ferry terminal on the east bank."
S2 = "Teachers in three districts ended their strike after a pay deal was agreed."
S3 = "A new tram line will link the airport with the old town by next spring."
S4 = "The regional court postponed the hearing until the autumn session."
# A listing of three titled records, each set apart by blank lines.
TITLES = ["Ferry terminal opens", "Teachers end strike", "Tram line approved"]
LISTING = (
    f"Ferry terminal opens\n\n{S1}\n\nTeachers end strike\n\n{S2}\n\n"
    f"Tram line approved\n\n{S3}\n"
)


def _items(text: str, tmp_path: Path) -> list[Item]:
    items = segment(text)
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert list(iter_segment_file(path, window_chars=64)) == items
    return items


def _dated(items: list[Item]) -> list[tuple[datetime | None, str | None]]:
    return [(item.published, item.precision) for item in items]


# --- the page's own date -------------------------------------------------------------------


def test_date_at_the_foot_of_a_press_review_dates_every_summary(tmp_path: Path) -> None:
    text = f"{S1}\n\n{S2}\n\n{S3}\n\n{S4}\n-\n4 June 2024 09:30\n"
    items = _items(text, tmp_path)
    assert [item.text for item in items] == [S1, S2, S3, S4]
    # The only date of the page dates it, as a date: its clock time is no item's.
    assert _dated(items) == [(datetime(2024, 6, 4), "date")] * 4


def test_published_line_at_the_end_of_a_live_page_dates_the_updates(tmp_path: Path) -> None:
    text = (
        f"{S1}\n(Source: Harbour TV)\n\n{S2}\n\n{S3}\n(Source: Metro Daily)\n\n{S4}\n\n"
        "Published: 11 Feb 2025, 07:45 AM IST\n"
    )
    items = _items(text, tmp_path)
    assert [item.text for item in items] == [S1, S2, S3, S4]
    assert _dated(items) == [(datetime(2025, 2, 11), "date")] * 4
    assert [item.source for item in items] == ["Harbour TV", None, "Metro Daily", None]


def test_day_heading_with_weekday_in_brackets_dates_the_page(tmp_path: Path) -> None:
    text = f"World news\nMarch 3, 2025 (Monday)\n\n1. {S1}\n2. {S2}\n3. {S3}\n"
    items = _items(text, tmp_path)
    assert len(items) == 3
    assert _dated(items) == [(datetime(2025, 3, 3), "date")] * 3


def test_briefing_date_in_capitals_under_its_name(tmp_path: Path) -> None:
    text = (
        "DAILY PRESS BRIEFING\nTUESDAY, 8 APRIL 2025\n\n"
        f"FERRY TERMINAL OPENS\n{S1}\n\nSTRIKE ENDS\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert [item.title for item in items] == ["FERRY TERMINAL OPENS", "STRIKE ENDS"]
    assert _dated(items) == [(datetime(2025, 4, 8), "date")] * 2


def test_year_first_header_stamp_dates_a_summary(tmp_path: Path) -> None:
    text = (
        "News Summary\n\n2025/04/08 16:40\n\n"
        "The following is the latest summary of major stories.\n\n\n"
        f"Ferry terminal opens\n\nHARBOURTON -- {S1}\n\n\nStrike ends\n\nHARBOURTON -- {S2}\n"
    )
    items = _items(text, tmp_path)
    assert [item.dateline for item in items] == ["HARBOURTON", "HARBOURTON"]
    assert _dated(items) == [(datetime(2025, 4, 8), "date")] * 2


def _page_date(kinds_and_stamps: list[tuple[str, str | None]]) -> datetime | None:
    """The page date `_PageDates` finds on lines of these kinds (and timestamp texts)."""
    counts = _PageDates()
    lines = []
    for n, (kind, stamp) in enumerate(kinds_and_stamps):
        line = _Line(start=n, end=n + 1, text=stamp or S1, indent=0, kind=kind)
        line.stamp = parse_timestamp(stamp) if stamp else None
        lines.append(line)
    counts.add(lines)
    found = counts.date()
    return found.value if found is not None else None


def test_page_date_is_one_day_on_a_line_of_its_own_at_the_top_or_foot() -> None:
    body = [(_BODY, None)] * 6
    june4 = [(_TS, "4 June 2024")]
    assert _page_date(june4 + body) == datetime(2024, 6, 4)  # header
    assert _page_date(body + june4) == datetime(2024, 6, 4)  # foot
    # Among undated paragraphs in the middle of the page, a date is one item's own.
    assert _page_date(body[:3] + june4 + body[3:]) is None
    # Two different days are the items' or sections' dates, never one page's.
    assert _page_date(june4 + body + [(_TS, "5 June 2024")]) is None
    # On a page of one paragraph the date is that item's own.
    assert _page_date(june4 + body[:1]) is None
    # A date without a year dates nothing by itself.
    assert _page_date([(_TS, "4 June"), *body]) is None


# --- clock times, relative times, zones ---------------------------------------------------


def test_clock_only_entries_take_the_day_of_the_page(tmp_path: Path) -> None:
    text = (
        "Live: storm over the coast\nMarch 3, 2025 (Monday)\n\n"
        f"15:11 PM EDT\n{S1}\n\n12:58 PM\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert _dated(items) == [
        (datetime(2025, 3, 3, 15, 11), "time"),
        (datetime(2025, 3, 3, 12, 58), "time"),
    ]


def test_bracketed_clock_entries_under_a_capitals_date(tmp_path: Path) -> None:
    text = f"Live: polling day\nSUNDAY, 6 APRIL 2025\n\n[13:06]\n{S1}\n\n[12:40]\n{S2}\n"
    items = _items(text, tmp_path)
    assert _dated(items) == [
        (datetime(2025, 4, 6, 13, 6), "time"),
        (datetime(2025, 4, 6, 12, 40), "time"),
    ]


@pytest.mark.parametrize(("hours", "minutes"), [("2 hours ago", "30 minutes ago"),
                                                ("3h ago", "30 mins ago")])
def test_relative_times_count_back_from_the_page_date(
    hours: str, minutes: str, tmp_path: Path
) -> None:
    text = (
        "Markets live\nUpdated: 6 April 2025, 01:30\n\n"
        f"Ferry shares jump\n{hours}\n{S1}\n\nStrike ends\n{minutes}\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert _dated(items) == [(datetime(2025, 4, 5), "date"), (datetime(2025, 4, 6), "date")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 March 2025, 10:00 IST", datetime(2025, 3, 5, 10, 0)),
        ("5 March 2025 10:00 MSK", datetime(2025, 3, 5, 10, 0)),
        ("5 March 2025, 11:00 AZT", datetime(2025, 3, 5, 11, 0)),
        ("Mar 5, 2025 4:05 p.m. ET", datetime(2025, 3, 5, 16, 5)),
        ("5 March 2025, 10:00 WAT", datetime(2025, 3, 5, 10, 0)),
        ("5 OCT 2025 10:00 EEST", datetime(2025, 10, 5, 10, 0)),
        ("2025/03/05 16:40", datetime(2025, 3, 5, 16, 40)),
        ("March 5, Wednesday, 2025 (1:30 p.m.)", datetime(2025, 3, 5, 13, 30)),
        ("5 March 2025 • 10:00", datetime(2025, 3, 5, 10, 0)),
        ("Wed 5 Mar 2025 09.56 GMT", datetime(2025, 3, 5, 9, 56)),
        ("Published 05.03.2025 10:00 | Updated 06.03.2025 12:00", datetime(2025, 3, 5, 10, 0)),
        ("5 March 2025, 10:00 (updated 12:30)", datetime(2025, 3, 5, 10, 0)),
    ],
)
def test_zone_names_and_shapes_parse_without_warning(text: str, expected: datetime) -> None:
    # pytest turns warnings into errors: an unknown zone must not reach dateutil's lookup.
    stamp = parse_timestamp(text)
    assert stamp is not None
    assert stamp.value == expected
    assert stamp.has_year


def test_view_counter_and_page_stamp_on_the_items_date_line(tmp_path: Path) -> None:
    text = (
        f" date 2025-06-09 07.06.2025, 16:01 17426\nFerry terminal opens\n{S1}\n{S2}\n"
        f"09.06.2025, 15:00 676\nStrike ends in three districts\n{S3}\n{S4}\n"
    )
    items = _items(text, tmp_path)
    # Each date line heads the next entry: never the one above it.
    assert [item.title for item in items] == [
        "Ferry terminal opens",
        "Strike ends in three districts",
    ]
    assert _dated(items) == [
        (datetime(2025, 6, 7, 16, 1), "time"),
        (datetime(2025, 6, 9, 15, 0), "time"),
    ]


@pytest.mark.parametrize(
    "text", ["Shares 2,258,341 vs 1,328,634", "2025 676", "10:00 12 people", "10.00", "up 3.50"]
)
def test_numbers_that_are_not_counters_after_a_clock(text: str) -> None:
    assert parse_timestamp(text) is None


# --- agency credits inside the dateline ---------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "place", "agency", "published"),
    [
        (
            "KYIV. Nov 24, 2025 (Interfax-Ukraine) – ",
            "KYIV",
            "Interfax-Ukraine",
            datetime(2025, 11, 24),
        ),
        ("New Delhi, Jul 14, 2025 (PTI) ", "New Delhi", "PTI", datetime(2025, 7, 14)),
        ("DUBAI, United Arab Emirates (AP) — ", "DUBAI", "AP", None),
        ("Baku, 3 Dec 2025 (Trend) ", "Baku", "Trend", datetime(2025, 12, 3)),
        ("SEOUL -- ", "SEOUL", None, None),
        ("WASHINGTON (AP) _ ", "WASHINGTON", "AP", None),
    ],
)
def test_agency_in_the_dateline_is_the_source_not_the_body(
    prefix: str, place: str, agency: str | None, published: datetime | None, tmp_path: Path
) -> None:
    text = f"Ferry terminal opens\n\n{prefix}{S1}\n\nStrike ends\n\n{prefix}{S2}\n"
    items = _items(text, tmp_path)
    assert [item.text for item in items] == [S1, S2]
    assert all(item.dateline == place for item in items)
    assert all(item.source == agency for item in items)
    assert all(item.published == published for item in items)


# --- source lines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("Source: City Courier", "City Courier"),
        ("(Reuters)", "Reuters"),
        ("[City Courier]", "City Courier"),
        ("Via The Harbour Times", "The Harbour Times"),
        ("Read more at City Courier", "City Courier"),
        ("By CCW", "CCW"),
    ],
)
def test_credit_line_under_an_item_is_its_source(credit: str, outlet: str, tmp_path: Path) -> None:
    text = f"Ferry terminal opens\n{S1}\n{credit}\n\nStrike ends\n{S2}\n{credit}\n"
    items = _items(text, tmp_path)
    assert [item.title for item in items] == ["Ferry terminal opens", "Strike ends"]
    assert [item.text for item in items] == [S1, S2]
    assert [item.source for item in items] == [outlet, outlet]


def test_byline_with_agency_under_the_title(tmp_path: Path) -> None:
    text = (
        f"Ferry terminal opens\nBy Ann Lee | Harbour Wire\n{S1}\n\n"
        f"Strike ends\nBy Tom Berg | City Wire\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert [item.title for item in items] == ["Ferry terminal opens", "Strike ends"]
    assert [item.source for item in items] == ["Harbour Wire", "City Wire"]
    assert "By " not in items[0].text


def test_credit_glued_to_the_last_sentence(tmp_path: Path) -> None:
    text = (
        f"Ferry terminal opens\n{S1} (Harbour TV)\n\n"
        f"Strike ends\n{S2} Source : City Wire\n\nTram line planned\n{S3}\n"
    )
    items = _items(text, tmp_path)
    assert [item.source for item in items] == ["Harbour TV", "City Wire", None]


@pytest.mark.parametrize(
    "line",
    [
        "(LEAD)",
        "(UPDATE 2)",
        "(10:34)",
        "(Monday)",
        "(pictured)",
        "Via Rail workers strike",
        "(Ana-Bo-Cy Talks)",
    ],
)
def test_brackets_and_labels_that_are_no_credit(line: str) -> None:
    assert credit_line(line) is None


def test_no_credit_in_an_aside_without_sentence_end() -> None:
    assert end_credit("The vote was held on Monday (local time).") is None
    assert end_credit("The council met the Ferry Union (FU)") is None


def test_day_headings_date_only_the_entries_under_them(tmp_path: Path) -> None:
    text = (
        "City Notes\n\nApril 9, Wednesday, 2025 (8:00 a.m.) Morning notes by the desk\n\n"
        f"1. {S1}\n2. {S2}\n\nApril 8, Tuesday, 2025 (8:00 a.m.) Morning notes by the desk\n\n"
        f"1. {S3}\n2. {S4}\n"
    )
    items = _items(text, tmp_path)
    assert len(items) == 4
    assert _dated(items) == [(datetime(2025, 4, 9), "date")] * 2 + [
        (datetime(2025, 4, 8), "date")
    ] * 2


def test_a_date_in_a_photo_caption_above_the_list_dates_nothing(tmp_path: Path) -> None:
    caption = (
        "Passengers board the first ferry from the new terminal on the east bank of the river "
        "in Harbourton on May 2, 2025, after a ceremony attended by the mayor and two hundred "
        "guests. (City Photo)"
    )
    text = (
        f"{caption}\n\nThe following is the latest list of news summaries.\n\n----------\n\n"
        f"Terminal opens\n\n{S1}\n\n----------\n\nStrike ends\n\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert [item.title for item in items] == ["Terminal opens", "Strike ends"]
    assert [item.published for item in items] == [None, None]


@pytest.mark.parametrize(
    ("prefix", "place", "agency"),
    [
        ("GENEVA/BRUSSELS (Reuters) - ", "GENEVA/BRUSSELS", "Reuters"),
        ("New Delhi [India], Jul 14, 2025 (ANI): ", "New Delhi", "ANI"),
        ("Harbourton (East Province) [Ruritania], Jul 14, 2025 (ANI): ", "Harbourton", "ANI"),
        ("Port Elmsley — ", "Port Elmsley", None),
        ("Abuja, Nigeria – ", "Abuja", None),
        # accented and Cyrillic letters
        ("PORTO ALEGRÉ, Ruritania (AP) — ", "PORTO ALEGRÉ", "AP"),
        ("São Teodoro — ", "São Teodoro", None),
        ("ГОРОДОК, 3 марта 2025. /ВЕСТНИК/. ", "ГОРОДОК", "ВЕСТНИК"),
    ],
)
def test_more_dateline_shapes(prefix: str, place: str, agency: str | None, tmp_path: Path) -> None:
    long1 = f"{S1[:-1]} after two years of building work on the site."
    long2 = f"{S2[:-1]} late on Sunday night in the capital."
    text = f"Ferry terminal opens\n\n{prefix}{long1}\n\nStrike ends\n\n{prefix}{long2}\n"
    items = _items(text, tmp_path)
    assert [item.text for item in items] == [long1, long2]
    assert [(item.dateline, item.source) for item in items] == [(place, agency)] * 2


def test_a_dash_in_a_headline_is_no_dateline(tmp_path: Path) -> None:
    title = "Minister – I was the first to give evidence and I will be the first to do it again"
    text = f"{title}\n{S1}\n\nStrike ends\n{S2}\n"
    items = _items(text, tmp_path)
    assert [item.title for item in items] == [title, "Strike ends"]
    assert [item.dateline for item in items] == [None, None]


def test_place_with_region_beside_the_date_is_the_dateline(tmp_path: Path) -> None:
    text = (
        f"Ferry terminal opens\nHarbourton (East Province) | June 4, 2025 9:19:08 AM IST\n{S1}\n"
        f"Strike ends\nMillbridge (North Province) | June 4, 2025 8:48:55 AM IST\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert [item.dateline for item in items] == [
        "Harbourton (East Province)",
        "Millbridge (North Province)",
    ]
    assert _dated(items) == [
        (datetime(2025, 6, 4, 9, 19, 8), "time"),
        (datetime(2025, 6, 4, 8, 48, 55), "time"),
    ]
    assert [item.category for item in items] == [None, None]


@pytest.mark.parametrize(
    ("prefix", "place", "agency"),
    [
        ("HARBOURTON. CITYWIRE – ", "HARBOURTON", "CITYWIRE"),
        ("MILLBRIDGE. March 3. CITYWIRE - ", "MILLBRIDGE", "CITYWIRE"),
        ("PORTVILLE, Ruritania, March 3. ", "PORTVILLE", None),
    ],
)
def test_agency_and_date_closed_by_full_stops(
    prefix: str, place: str, agency: str | None, tmp_path: Path
) -> None:
    text = f"Ferry terminal opens\n\n{prefix}{S1}\n\nStrike ends\n\n{prefix}{S2}\n"
    items = _items(text, tmp_path)
    assert [item.text for item in items] == [S1, S2]
    assert [(item.dateline, item.source) for item in items] == [(place, agency)] * 2


def test_newsletter_credits_after_a_dash_in_brackets_and_after_the_headline(
    tmp_path: Path,
) -> None:
    text = (
        f"Ferry terminal opens\n{S1} — Harbour Times\n\n"
        f"Strike ends\n{S2} (via City Wire)\n\n"
        f"Tram line planned (Metro Daily)\n{S3}\n\n"
        f"Hearing postponed (UPDATE 2)\n{S4}\n"
    )
    items = _items(text, tmp_path)
    assert [item.source for item in items] == ["Harbour Times", "City Wire", "Metro Daily", None]


def test_relative_times_without_a_page_date_are_no_timestamp(tmp_path: Path) -> None:
    text = f"Ferry shares jump\n2 hours ago\n{S1}\n\nStrike ends\nYesterday\n{S2}\n"
    items = _items(text, tmp_path)
    assert [item.title for item in items] == ["Ferry shares jump", "Strike ends"]
    assert _dated(items) == [(None, None), (None, None)]


def test_today_and_yesterday_with_a_clock_count_from_the_page_date(tmp_path: Path) -> None:
    text = (
        "Site news\nPublished: 6 April 2025\n\n"
        f"Ferry opens\nToday, 14:05\n{S1}\n\nStrike ends\nYesterday at 18:30\n{S2}\n\n"
        f"Tram planned\nВчера в 09:10\n{S3}\n"
    )
    items = _items(text, tmp_path)
    assert [item.title for item in items] == ["Ferry opens", "Strike ends", "Tram planned"]
    assert _dated(items) == [
        (datetime(2025, 4, 6), "date"),
        (datetime(2025, 4, 5), "date"),
        (datetime(2025, 4, 5), "date"),
    ]


# --- which way a page's dates go, when blank lines set each date apart ----------------


def test_dates_set_apart_under_each_record_date_the_record_above(tmp_path: Path) -> None:
    # Each date stands alone between blank lines: the first record shows the page's habit.
    text = (
        f"Ferry terminal opens\n\n{S1}\n\nMarch 4, 2024 at 6:10pm\n\n"
        f"Teachers end strike\n\n{S2}\n\nMarch 3, 2024 at 9:05am\n\n"
        f"Tram line approved\n\n{S3}\n\nMarch 2, 2024 at 1:15pm\n"
    )
    items = _items(text, tmp_path)
    assert [i.title for i in items] == TITLES
    assert _dated(items) == [
        (datetime(2024, 3, 4, 18, 10), "time"),
        (datetime(2024, 3, 3, 9, 5), "time"),
        (datetime(2024, 3, 2, 13, 15), "time"),
    ]


def test_dates_set_apart_above_each_record_date_the_record_below(tmp_path: Path) -> None:
    # The same records printed date-first, the last one cut short by the page's end.
    text = (
        "Get the morning's stories in your inbox every day, free of charge.\n\n"
        f"March 4, 2024 at 6:10pm\n\nFerry terminal opens\n\n{S1}\n\n"
        f"March 3, 2024 at 9:05am\n\nTeachers end strike\n\n{S2}\n\n"
        f"March 2, 2024 at 1:15pm\n\nTram line approved\n\n{S3}\n"
    )
    items = [i for i in _items(text, tmp_path) if i.title]
    assert [i.title for i in items] == TITLES
    assert _dated(items) == [
        (datetime(2024, 3, 4, 18, 10), "time"),
        (datetime(2024, 3, 3, 9, 5), "time"),
        (datetime(2024, 3, 2, 13, 15), "time"),
    ]


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Read more4/26/2024", datetime(2024, 4, 26)),
        ("Continue reading | 12 April 2024, 09:30", datetime(2024, 4, 12, 9, 30)),
        ("12 April 2024 · Read more", datetime(2024, 4, 12)),
        ("Posted on 2024-04-12 by", datetime(2024, 4, 12)),
    ],
)
def test_a_date_glued_to_a_link_line_is_a_timestamp(line: str, want: datetime) -> None:
    lines = segment(f"{line}\n{S1}\n")
    assert lines[0].published == want


def test_teasers_cut_after_their_sentence_between_glued_dates(tmp_path: Path) -> None:
    # A listing of leads cut with " ...", each link line glued to the next record's date.
    text = (
        f"4/26/2024\n{S1} ...\nRead more4/25/2024\n{S2} ...\nRead more4/19/2024\n{S3} ...\n"
        "Read more\n"
    )
    items = _items(text, tmp_path)
    assert [i.text.split()[1] for i in items] == ["harbour", "in", "new"]
    assert [i.title for i in items] == [None, None, None]
    assert [i.published for i in items] == [
        datetime(2024, 4, 26),
        datetime(2024, 4, 25),
        datetime(2024, 4, 19),
    ]


# --- a stamp of when the page was made or edited dates none of its records ------------


def test_a_date_and_time_alone_atop_a_listing_dates_none_of_its_records(tmp_path: Path) -> None:
    text = "March 9, 2024 07:12 UTC\n\n\n" + LISTING
    items = _items(text, tmp_path)
    assert [i.title for i in items] == TITLES
    assert _dated(items) == [(None, None)] * 3


def test_a_date_and_time_under_the_bulletins_name_dates_its_records(tmp_path: Path) -> None:
    text = "Morning News Summary\n\nMarch 9, 2024 07:12 UTC\n\n\n" + LISTING
    items = _items(text, tmp_path)
    assert [i.title for i in items][-3:] == TITLES
    assert _dated(items)[-3:] == [(datetime(2024, 3, 9), "date")] * 3


def test_a_last_updated_banner_is_not_the_pages_date(tmp_path: Path) -> None:
    text = "Morning News Summary\n\nLast updated: March 9, 2024\n\n\n" + LISTING
    items = _items(text, tmp_path)
    assert [i.title for i in items][-3:] == TITLES
    assert _dated(items)[-3:] == [(None, None)] * 3


def test_a_lead_opening_on_its_full_date_is_dated_by_it(tmp_path: Path) -> None:
    # Article leads copied from an archive: each opens on its date, glued to the first sentence.
    text = (
        f"Tuesday, March 5, 2019 {S1}\n\n"
        f"Friday, 11 October 2013 {S2}\n\n"
        f"March 2024 was wet. {S3}\n"
    )
    items = _items(text, tmp_path)
    assert [i.text for i in items] == [S1, S2, f"March 2024 was wet. {S3}"]
    assert [i.dateline for i in items] == [None, None, None]
    assert _dated(items) == [
        (datetime(2019, 3, 5), "date"),
        (datetime(2013, 10, 11), "date"),
        (None, None),
    ]


def test_a_date_closing_a_line_after_a_byline_of_several_authors(tmp_path: Path) -> None:
    text = (
        "Ferry terminal opens\n"
        "Ann Berg, Ola Lind, Per Holm, Kari Dahl, Harbour Weekly | Ferries | May 3, 2021\n"
        f"{S1}\n\nTeachers end strike\nTom Vik, City Wire | Pay deal | May 2, 2021\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert [i.title for i in items] == ["Ferry terminal opens", "Teachers end strike"]
    assert _dated(items) == [(datetime(2021, 5, 3), "date"), (datetime(2021, 5, 2), "date")]


def test_a_byline_of_names_then_an_outlet_credits_the_outlet(tmp_path: Path) -> None:
    text = (
        "Ferry terminal opens\nAnn Berg, Ola Lind, Harbour Weekly | Ferries | May 3, 2021\n"
        f"{S1}\n\nTeachers end strike\nPolitics, Schools | May 2, 2021\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert [(i.source, i.category) for i in items] == [
        ("Harbour Weekly", "Ferries"),
        (None, "Politics, Schools"),  # two parts: a section, not a byline
    ]


def test_a_byline_before_the_date_and_time_dates_the_entry(tmp_path: Path) -> None:
    text = (
        "Latest Headlines\n\n"
        f"Ferry terminal opens\nby Ann Berg on March 4, 2024 at 3:45 pm\n\n{S1}\n\n"
        f"Teachers end strike\nby Ola Lind and Per Holm on March 4, 2024 at 1:05 pm\n\n{S2}\n"
    )
    items = _items(text, tmp_path)
    assert [i.title for i in items][-2:] == ["Ferry terminal opens", "Teachers end strike"]
    assert _dated(items)[-2:] == [
        (datetime(2024, 3, 4, 15, 45), "time"),
        (datetime(2024, 3, 4, 13, 5), "time"),
    ]


def test_a_lone_date_between_records_goes_to_the_one_whose_dateline_prints_its_day(
    tmp_path: Path,
) -> None:
    text = (
        f"City news\n\nOSLO, May 6 (City Wire) {S1}\n\nBERGEN, May 6 (City Wire) {S2}\n\n"
        f"04 May 2019, 14:00\n\nOSLO, May 4 (City Wire) {S3}\n\nTROMSO, May 4 (City Wire) {S4}\n"
    )
    items = _items(text, tmp_path)
    assert [i.dateline for i in items] == ["OSLO", "BERGEN", "OSLO", "TROMSO"]
    assert _dated(items) == [
        (datetime(2019, 5, 6), "date"),
        (datetime(2019, 5, 6), "date"),
        (datetime(2019, 5, 4, 14, 0), "time"),
        (datetime(2019, 5, 4), "date"),
    ]


def test_a_page_printing_a_month_first_date_reads_all_its_dates_month_first(
    tmp_path: Path,
) -> None:
    us = f"9/26/2025\n{S1}\nRead more9/4/2025\n{S2}\nRead more9/3/2025\n{S3}\nRead more\n"
    assert [i.published for i in _items(us, tmp_path)] == [
        datetime(2025, 9, 26),
        datetime(2025, 9, 4),
        datetime(2025, 9, 3),
    ]
    # A page that prints a day-first date keeps the default reading.
    eu = f"26.09.2025\n{S1}\nRead more 9.4.2025\n{S2}\nRead more\n"
    assert [i.published for i in _items(eu, tmp_path)] == [
        datetime(2025, 9, 26),
        datetime(2025, 4, 9),
    ]


@pytest.mark.parametrize(
    "banner",
    ["Archived 2 Mar 2025", "This page was archived on 2 March 2025.", "Last update: 2 March 2025"],
)
def test_an_archive_or_update_banner_dates_no_record(banner: str, tmp_path: Path) -> None:
    text = f"{banner}\n\nFerry terminal opens\n\n{S1}\n\nTeachers end strike\n\n{S2}\n"
    items = _items(text, tmp_path)
    assert [i.title for i in items] == ["Ferry terminal opens", "Teachers end strike"]
    assert _dated(items) == [(None, None), (None, None)]


def test_a_labelled_date_closing_a_teaser_dates_its_entry(tmp_path: Path) -> None:
    text = (
        f"Ferry terminal opens\n\n{S1} Read full story Date: 4 March, 2024 6:00 pm […]\n\n"
        f"Teachers end strike\n\n{S2} Read full story […]\n\n"
        "Tram line approved\n\nA date: 3 May 2024 was set for the vote on the new line.\n"
    )
    items = _items(text, tmp_path)
    assert [i.title for i in items] == TITLES
    assert _dated(items) == [(datetime(2024, 3, 4, 18, 0), "time"), (None, None), (None, None)]
