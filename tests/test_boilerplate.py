"""Site furniture told by shape: repeated template lines, echoes, link labels, counters, bylines.

Every page here is written for these tests, in the shapes real listing pages take.
"""

from __future__ import annotations

from pathlib import Path

from newsnlp.segment import iter_segment_file, segment, segment_report
from newsnlp.segment.boilerplate import (
    ECHO,
    PAGE,
    SIGNALS,
    Signals,
    ablation,
    line_reason,
    stopword_density,
)

LEADS = [
    "The harbour authority said on Monday that the new container terminal would open in May.",
    "Farmers in the northern valley have until the end of the month to apply for drought aid.",
    "The city council voted to extend the night bus service to the airport from next week.",
    "Health officials urged residents to boil tap water after a main burst near the river.",
]


def _reasons(text: str) -> list[tuple[str, str | None]]:
    return [(d.text, d.reason) for d in segment_report(text).dropped if d.kind == "boilerplate"]


def test_boilerplate_a_line_repeated_after_every_entry_is_dropped_not_an_item() -> None:
    text = "Releases\n\n" + "".join(f"{lead}\nicon of a folded newspaper\n" for lead in LEADS)
    items = segment(text)
    assert [i.text for i in items] == LEADS
    assert _reasons(text).count(("icon of a folded newspaper", "repeated line")) == len(LEADS)


def test_boilerplate_a_section_label_repeated_is_not_dropped_as_furniture() -> None:
    text = "".join(
        f"Harbour news {n}\n\nPolitics\n{lead}\n\n" for n, lead in enumerate(LEADS, start=1)
    )
    assert not [r for r in _reasons(text) if r[0] == "Politics"]


def test_boilerplate_a_title_echoed_as_a_link_under_its_lead_is_dropped() -> None:
    titles = ["Terminal to open in May", "Drought aid deadline nears", "Night buses reach airport"]
    text = "".join(
        f"{title}\n\n{lead}\n{title}\n\n" for title, lead in zip(titles, LEADS, strict=False)
    )
    items = segment(text)
    assert [i.title for i in items] == titles
    assert [i.text for i in items] == LEADS[:3]
    assert _reasons(text) == [(t, "repeated line") for t in titles]


def test_boilerplate_ablation_switches_one_signal_off_inside_its_block_only() -> None:
    repeated = "Releases\n\n" + "".join(f"{lead}\nicon of a folded newspaper\n" for lead in LEADS)
    titles = ["Terminal to open in May", "Drought aid deadline nears", "Night buses reach airport"]
    echoed = "".join(f"{t}\n\n{lead}\n{t}\n\n" for t, lead in zip(titles, LEADS, strict=False))
    with ablation(Signals(off=frozenset({ECHO}))):  # the page's count still sees 4 copies
        assert ("icon of a folded newspaper", "repeated line") in _reasons(repeated)
        assert _reasons(echoed) == []  # each title is printed twice only: an echo, no template
    with ablation(Signals(off=frozenset({PAGE, ECHO}))):
        assert _reasons(repeated) == []
    with ablation(Signals(off=frozenset(SIGNALS))):
        assert line_reason("Contracts |") is None
        assert line_reason("// // //") is None
    assert _reasons(echoed) == [(t, "repeated line") for t in titles]  # all on again after


def test_boilerplate_link_labels_and_symbol_rows_are_no_items() -> None:
    text = (
        "News |\n\nTerminal to open in May\n\n" + LEADS[0] + "\n"
        "Release |\n\nDrought aid deadline nears\n\n" + LEADS[1] + "\n"
        "/ / /\n"
    )
    items = segment(text)
    assert [i.title for i in items] == ["Terminal to open in May", "Drought aid deadline nears"]
    reasons = dict(_reasons(text))
    assert reasons["News |"] == "link label"
    assert reasons["Release |"] == "link label"
    assert reasons["/ / /"] == "no words"


def test_boilerplate_counters_printed_under_each_entry_are_dropped() -> None:
    text = "".join(f"Harbour desk\n{lead}\nComments 0\n\n" for lead in LEADS[:3])
    text = text.replace("Harbour desk\n", "", 1)
    reasons = _reasons(text)
    assert ("Comments 0", "counter") in reasons
    assert all("Comments" not in i.text for i in segment(text))


def test_boilerplate_read_times_under_each_title_are_counters() -> None:
    text = "".join(
        f"Headline number {n} here\n{n + 2} min read\n\n{lead}\n\n" for n, lead in enumerate(LEADS)
    )
    assert [r for _, r in _reasons(text)] == ["counter"] * len(LEADS)
    assert [i.text for i in segment(text)] == LEADS


def test_boilerplate_a_headline_ending_in_a_number_is_not_a_counter_when_alone() -> None:
    text = f"Storm toll rises 12\n\n{LEADS[0]}\n\nBridge reopens\n\n{LEADS[1]}\n"
    assert not _reasons(text)


def test_boilerplate_bylines_are_dropped_and_the_title_kept() -> None:
    text = (
        f"Terminal to open in May\nBy Ana Lopez\n\n{LEADS[0]}\n\n"
        f"Drought aid deadline nears\nBy Omar Said and Lee Chan\n\n{LEADS[1]}\n"
    )
    items = segment(text)
    assert [i.title for i in items] == ["Terminal to open in May", "Drought aid deadline nears"]
    assert ("By Omar Said and Lee Chan", "byline") in _reasons(text)


def test_boilerplate_a_sentence_printed_three_times_is_text() -> None:
    same = "The ministry did not comment."
    text = "".join(f"{lead}\n{same}\n* * *\n" for lead in LEADS[:3])
    assert all(i.text.endswith(same) for i in segment(text))


def test_boilerplate_a_page_of_nothing_but_one_line_keeps_it_once_as_text() -> None:
    text = "Thank you for reading\n" * 3
    report = segment_report(text)
    assert [i.text for i in report.items] == ["Thank you for reading"]
    assert [d.reason for d in report.dropped] == ["repeated line", "repeated line"]


def test_boilerplate_streamed_in_small_windows_marks_as_the_whole_text(tmp_path: Path) -> None:
    text = "".join(
        f"Headline {n} here\n\n{lead}\nicon of a folded newspaper\nHeadline {n} here\n\n"
        for n, lead in enumerate(LEADS)
    )
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    whole = segment(text)
    for size in (1, 40, 200):
        assert list(iter_segment_file(path, window_chars=size)) == whole


def test_boilerplate_signals() -> None:
    assert stopword_density("The council approved the budget on Monday.") > 0.3
    assert stopword_density("CDC Streaming Health Videos") == 0.0
    assert line_reason("Home ›") == "link label"
    assert line_reason("A long headline about the budget | Opinion of the day here") is None


def test_boilerplate_running_times_and_clocks_under_a_label_are_no_items() -> None:
    text = (
        f"HARBOUR\n{LEADS[0]}\nDuration: 0:31s\n\n"
        f"DROUGHT\n{LEADS[1]}\n[Running: 1:04s]\n\n"
        f"BUSES\n{LEADS[2]}\n"
    )
    items = segment(text)
    assert [i.title for i in items] == ["HARBOUR", "DROUGHT", "BUSES"]
    assert ("Duration: 0:31s", "counter") in _reasons(text)
    assert ("[Running: 1:04s]", "counter") in _reasons(text)


def test_boilerplate_a_table_row_of_numbers_is_not_a_counter() -> None:
    assert line_reason("Net 653,000") is None
    assert line_reason("12 mths") is None
    assert line_reason("February 1987.") is None
    assert line_reason("Score: 3-1") is None
    assert line_reason("2. Talks resume (10:02)") is None  # a digest title with its time
    assert line_reason("Talks (10:02)") is None


def test_boilerplate_contact_lines_and_rows_of_menu_links_are_dropped() -> None:
    text = (
        f"Terminal to open in May\n\n{LEADS[0]}\n\n"
        f"Drought aid deadline nears\n\n{LEADS[1]}\n"
        "Photos | Videos | Podcasts | Archive\n"
        "Press office: (555) 013-2299 (weekdays)\n"
        "desk@harbour.example\n"
    )
    items = segment(text)
    assert [i.text for i in items] == LEADS[:2]
    reasons = dict(_reasons(text))
    assert reasons["Photos | Videos | Podcasts | Archive"] == "link list"
    assert reasons["Press office: (555) 013-2299 (weekdays)"] == "contact"
    assert reasons["desk@harbour.example"] == "contact"


def test_boilerplate_a_source_title_date_row_and_dated_lines_are_not_furniture() -> None:
    assert line_reason("Ann Lee, The Harbour Post | Terminal to open | May 2, 2024") is None
    assert line_reason("September 28, 2016 (2016-09-28) (Wednesday)") is None
    assert line_reason("The vote was 1,234 to 567 in 2024") is None


def test_boilerplate_credit_lines_are_bylines_but_a_sentence_with_by_is_not() -> None:
    assert line_reason("Edited and translated by Ana Lopez") == "byline"
    assert line_reason("Posted by Omar Said") == "byline"
    assert line_reason("Passed by Parliament") is None
    assert line_reason("By the river, a new school opens.") is None


def test_boilerplate_a_menu_or_carousel_run_together_on_one_line_is_a_link_list() -> None:
    menu = "Home World Business Markets Sport Culture Travel & Food Weather Video Podcasts Archive"
    slider = "Harbour Pilot Boat Previous Slide Item Front Back Next Slide Item Details About"
    assert line_reason(menu) == "link list"
    assert line_reason(slider) == "link list"
    # A long headline has its stopwords or its commas; a wire's caps headline is not a menu.
    assert (
        line_reason("Council Approves New Budget for the Harbour and the Northern Rail Line")
        is None
    )
    assert (
        line_reason("MINISTER SAYS HARBOUR PORT TERMINAL WILL OPEN NEXT MAY AFTER LONG DELAYS")
        is None
    )
    text = (
        f"{menu}\n\nTerminal to open in May\n\n{LEADS[0]}\n\n"
        f"Drought aid deadline nears\n\n{LEADS[1]}\n"
    )
    assert [i.title for i in segment(text)] == [
        "Terminal to open in May",
        "Drought aid deadline nears",
    ]
