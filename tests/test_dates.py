"""Timestamps as bulletins print them, and years taken from context."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsnlp.dates import parse_timestamp, with_year


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2 September 2024, 16:05", datetime(2024, 9, 2, 16, 5), "time"),
        ("1 September 2024 14:18", datetime(2024, 9, 1, 14, 18), "time"),
        ("02.09.2024 16:05", datetime(2024, 9, 2, 16, 5), "time"),
        ("16:05 | 02.09.2024", datetime(2024, 9, 2, 16, 5), "time"),
        ("Mon, 02 Sep 2024 16:05:00 +0400", datetime(2024, 9, 2, 16, 5), "time"),
        ("Published: 2 September 2024, 16:05", datetime(2024, 9, 2, 16, 5), "time"),
        ("- 2 September 2024, 16:05", datetime(2024, 9, 2, 16, 5), "time"),
        ("21 July 2025 09:45 (UTC+04:00)", datetime(2025, 7, 21, 9, 45), "time"),
        ("2024-09-02T16:05:00Z", datetime(2024, 9, 2, 16, 5), "time"),
        ("Updated 3:45 pm, Sep 2, 2024", datetime(2024, 9, 2, 15, 45), "time"),
        ("Monday, 16 March 1987", datetime(1987, 3, 16), "date"),
        ("Published: 02.09.2024", datetime(2024, 9, 2), "date"),
    ],
)
def test_dates_parse_timestamp_formats(text: str, expected: datetime, precision: str) -> None:
    stamp = parse_timestamp(text)
    assert stamp is not None
    assert stamp.value == expected
    assert stamp.precision == precision
    assert stamp.has_year


def test_dates_parse_timestamp_keeps_wall_clock_not_utc() -> None:
    # +0400 must not shift 16:05 to 12:05: the bulletin's local time is what was printed.
    stamp = parse_timestamp("Mon, 02 Sep 2024 16:05:00 +0400")
    assert stamp is not None
    assert stamp.value == datetime(2024, 9, 2, 16, 5)
    assert stamp.value.tzinfo is None


@pytest.mark.parametrize(
    ("text", "has_date", "has_year", "has_time"),
    [
        ("2 SEP, 16:05", True, False, True),
        ("September 2", True, False, False),
        ("Feb 26", True, False, False),
        ("(10:34)", False, False, True),
    ],
)
def test_dates_parse_timestamp_records_what_was_given(
    text: str, has_date: bool, has_year: bool, has_time: bool
) -> None:
    stamp = parse_timestamp(text)
    assert stamp is not None
    assert (stamp.has_date, stamp.has_year, stamp.has_time) == (has_date, has_year, has_time)


@pytest.mark.parametrize(
    "text",
    [
        "Shr 23 cts vs 18 cts",
        "Oil rose 2 pct on 2 September",
        "2024",
        "12",
        "Monday",
        "Politics",
        "- Photo sessions",
        "Revs 2,258,341 vs 1,328,634",
        "",
    ],
)
def test_dates_parse_timestamp_rejects_text(text: str) -> None:
    assert parse_timestamp(text) is None


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("02.09.2024", True, datetime(2024, 9, 2)),
        ("02.09.2024", False, datetime(2024, 2, 9)),
        ("2024-09-02", False, datetime(2024, 9, 2)),
        ("2024-09-02", True, datetime(2024, 9, 2)),
    ],
)
def test_dates_parse_timestamp_day_order(text: str, dayfirst: bool, expected: datetime) -> None:
    stamp = parse_timestamp(text, dayfirst=dayfirst)
    assert stamp is not None
    assert stamp.value == expected


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [
        (datetime(2000, 3, 16), datetime(1987, 3, 20), datetime(1987, 3, 16)),
        (datetime(2000, 12, 31, 9, 30), datetime(2025, 1, 2), datetime(2024, 12, 31, 9, 30)),
        (datetime(2000, 1, 2), datetime(2024, 12, 31), datetime(2025, 1, 2)),
        (datetime(2000, 2, 29), datetime(2023, 6, 1), datetime(2024, 2, 29)),
    ],
)
def test_dates_with_year_picks_nearest_year(
    value: datetime, reference: datetime, expected: datetime
) -> None:
    assert with_year(value, reference) == expected


def test_dates_parse_timestamp_does_not_backtrack_on_zone_words() -> None:
    # "utc" followed by spaces could be read as one token or as a token and a separator; a
    # backtracking pattern tried every split (seconds for this 80-character line). The scan is
    # linear: this line costs about what a real timestamp of the same length costs.
    import time

    def cost(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            parse_timestamp(text)
            best = min(best, time.perf_counter() - start)
        return best

    hostile = "1 " + "utc    " * 11 + "x"
    benign = "Monday, 2 September 2024, 16:05 GMT, updated 2 September 2024 16:05"
    assert cost(hostile) < 50 * cost(benign) + 1e-3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15:11 PM EDT", (15, 11)),  # a 24-hour clock with a needless meridiem
        ("12:58 PM", (12, 58)),
        ("[13:06]", (13, 6)),  # live-blog brackets
        ("Apr 25, 2023 11:21 AM (IST)", (11, 21)),
        ("22 Jan 2021,08:00 AM IST", (8, 0)),  # no space after the comma
    ],
)
def test_dates_parse_timestamp_clock_forms(text: str, expected: tuple[int, int]) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # zone names are dropped, never looked up by dateutil
        stamp = parse_timestamp(text)
    assert stamp is not None
    assert stamp.has_time
    assert (stamp.value.hour, stamp.value.minute) == expected


@pytest.mark.parametrize("text", ["2 hours ago", "5 mins ago", "views 355"])
def test_dates_parse_timestamp_rejects_relative_times(text: str) -> None:
    assert parse_timestamp(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 марта 2024, 14:05", datetime(2024, 3, 3, 14, 5)),
        ("5 декабря 2023 г.", datetime(2023, 12, 5)),
        ("le 12 juillet 2023 à 09:30", datetime(2023, 7, 12, 9, 30)),
        ("Mardi 1 août 2023", datetime(2023, 8, 1)),
        ("3 de marzo de 2024", datetime(2024, 3, 3)),
        ("Montag, 3. März 2024 um 14:05", datetime(2024, 3, 3, 14, 5)),
    ],
)
def test_dates_parse_timestamp_month_names_in_other_languages(
    text: str, expected: datetime
) -> None:
    stamp = parse_timestamp(text)
    assert stamp is not None
    assert stamp.value == expected


def test_dates_day_with_full_stop_only_before_a_month() -> None:
    # "April 17." ends a sentence; "17. April" is a German date.
    assert parse_timestamp("April 17.") is None
    assert parse_timestamp("17. April 2024") is not None
    # English "am" stays a meridiem, not a German filler word.
    stamp = parse_timestamp("10 am")
    assert stamp is not None
    assert stamp.value.hour == 10


def test_parse_timestamp_drops_an_update_after_the_clock_and_a_slash() -> None:
    # "date / clock / Updated ..." as wire pages print it; the item's time is the first.
    stamp = parse_timestamp("March 4, 2024 / 10:05 AM / Updated 3 hours ago")
    assert stamp is not None
    assert (stamp.value, stamp.has_time) == (datetime(2024, 3, 4, 10, 5), True)
    assert parse_timestamp("outdated 4 March 2024") is None
