"""The segmenter on page shapes it was not built on: one small hand-written page per variant.

Each layout family the real-page issue names (live blogs, radio scripts, RSS dumps, daily
briefings, news-in-brief columns, newsletters, numbered and bulleted lists, current-events days,
date-first listings, headers and footers) gets a few pages written for this test in that shape,
with other date formats and other boilerplate words than any page the rules were developed on.
Each test says how many items the page holds and what each item starts with: the boundaries,
not the metadata. They guard against rules fitted to the development pages.
"""

from __future__ import annotations

import re

import pytest

from newsnlp import segment, segment_report
from newsnlp.items import Item


# A shape the segmenter still gets wrong: kept as a test that fails until it does not (strict,
# so a fix shows up), with what goes wrong.
def _known_gap(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


_MARK_RE = re.compile(r"(?:[-–—•·*]{1,3}|\d{1,3}[.)])\s+")


def _starts(item: Item) -> tuple[str, str]:
    """What an item starts with: its title, and its text without a list marker."""
    return item.title or "", _MARK_RE.sub("", item.text, count=1)


def _check(text: str, expected: list[str]) -> list[Item]:
    """The page has one item per expected start, in order; an item matches when its title or
    its text starts so (as the real-page scorer matches)."""
    items = segment(text)
    starts = [_starts(item) for item in items]
    assert len(items) == len(expected), starts
    for (title, body), want in zip(starts, expected, strict=True):
        assert title.startswith(want) or body.startswith(want), (title, body[:60], want)
    return items


# --- live blogs: clock-time entries, "Updated" lines, pinned posts -------------------------

LIVE_BLANK_LINES = """Election night live: results as they come in
Updated 3 December 2026, 23:40

22:15
Polls have closed in the northern provinces. Counting began at once.

Officials expect a first tally before midnight, the commission said.

21:50
Turnout stood at 61 percent an hour before the close, the commission said.

21:05
Voters queued outside schools in the capital after a slow start to the day.
"""

LIVE_ZONE = """Budget day live updates
Last updated: 4 Dec 2026, 11:20 IST

11:20 IST
The finance minister began her speech in the lower house at eleven sharp.

10:58 IST
Markets opened higher ahead of the speech, with the main index up 0.8 percent.

10:30 IST
The cabinet met early to approve the draft, officials said.
"""

LIVE_PINNED = """Storm on the coast: live
Pinned
Follow our coverage of the storm as it moves along the coast.

2:45 p.m.
The weather office raised its warning to red for three coastal districts.

1:40 p.m.
Ferries between the islands were cancelled for the rest of the day.
The operator said refunds would be paid in full.

12:55 p.m.
Schools in the port city closed early as winds picked up.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LIVE_BLANK_LINES, ["Polls have closed", "Turnout stood", "Voters queued"]),
        (LIVE_ZONE, ["The finance minister", "Markets opened", "The cabinet met"]),
        (LIVE_PINNED, ["The weather office", "Ferries between", "Schools in the port"]),
    ],
    ids=["blank-lines", "zone-names", "pinned-post"],
)
def test_segment_family_live_blog_one_item_per_timed_entry(
    text: str, expected: list[str]
) -> None:
    items = _check(text, expected)
    assert all(item.title is None for item in items)  # the page's headline is no entry's


LIVE_DATED_WELCOME = """Friday, 4 December 2026

Welcome to our live coverage of the summit. Follow the updates below as they come in.

10:15
Leaders arrived at the conference centre under heavy security this morning.

09:50
Protesters gathered outside the venue before dawn, police said.
"""


def test_segment_family_live_blog_welcome_under_the_page_date_is_header() -> None:
    items = _check(LIVE_DATED_WELCOME, ["Leaders arrived", "Protesters gathered"])
    assert [(i.published.day, i.published.hour) for i in items if i.published] == [(4, 10), (4, 9)]


def test_segment_family_live_blog_pinned_summary_is_reported_as_header() -> None:
    report = segment_report(LIVE_PINNED)
    header = [d.text for d in report.dropped if d.kind == "header"]
    assert "Follow our coverage of the storm as it moves along the coast." in header


def test_segment_family_live_blog_entry_keeps_its_later_paragraphs() -> None:
    items = _check(LIVE_BLANK_LINES, ["Polls have closed", "Turnout stood", "Voters queued"])
    assert "first tally" in items[0].text
    # The page's "Updated" time is not the first entry's: that is its own clock time.
    assert [(i.published.hour, i.published.minute) for i in items if i.published] == [
        (22, 15),
        (21, 50),
        (21, 5),
    ]


# --- radio scripts: slugs over short paragraphs, stage cues ------------------------------

RADIO_SLUGS = """MORNING NEWS 08:00

FIRE
A fire at a warehouse in the east of the city has been put out after four hours.
Nobody was hurt, the fire service said.

COUNCIL
Councillors have voted to keep the town library open for another year.
(SOUND OF APPLAUSE)
The vote was close.

WEATHER
Rain will spread from the west this afternoon, clearing by evening.
"""

RADIO_HEADLINES = """Evening bulletin, Tuesday

Harbour dredging to start in spring.
Work to deepen the harbour will start in March, the port authority says.
It will take two years.

Hospital parking charges scrapped.
Parking at the general hospital will be free from next month.
Staff had campaigned for the change for a decade.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RADIO_SLUGS, ["A fire at", "Councillors have", "Rain will spread"]),
        (RADIO_HEADLINES, ["Harbour dredging", "Hospital parking"]),
    ],
    ids=["caps-slugs", "sentence-headlines"],
)
def test_segment_family_radio_script_one_item_per_story(text: str, expected: list[str]) -> None:
    items = _check(text, expected)
    assert all(len(item.text.splitlines()) >= 2 for item in items[:-1])


# --- RSS dumps: a feed's text with its tags stripped -------------------------------------

RSS_FLAT = (
    "City Wire Latest news Wed, 02 Dec 2026 09:00:00 +0000 30 Bridge closed after barge strike "
    "Portsmouth, Dec. 1, 2026 / City Wire /. A barge struck the old river bridge on Tuesday "
    "evening, and engineers closed it to traffic.\n\n"
    "Inspectors will examine the piers on Wednesday morning.\n\n"
    "The detour adds twenty minutes to the trip into town, drivers said.\n\n"
    "Tue, 01 Dec 2026 19:40:00 +0000\n"
    "Library wins national award Portsmouth, Dec. 1, 2026 / City Wire /. The central library "
    "was named the best public library in the country at a ceremony on Tuesday.\n\n"
    "The jury praised its late opening hours.\n\n"
    "Tue, 01 Dec 2026 15:05:00 +0000\n"
)

RSS_LINES = """World headlines
Mon, 30 Nov 2026 08:15:00 GMT
Port strike enters second week
Dock workers rejected the latest pay offer on Sunday, their union said.
Mon, 30 Nov 2026 07:50:00 GMT
Central bank holds rate
The bank kept its main rate at 4 percent, as most economists had expected.
Sun, 29 Nov 2026 22:10:00 GMT
Rescue teams reach stranded climbers
Two climbers stuck on the north face for three days were flown to safety.
"""


def test_segment_family_rss_dump_paragraphs_between_dates_are_one_item() -> None:
    items = segment(RSS_FLAT)
    assert len(items) == 2, [item.text[:40] for item in items]
    assert "A barge struck" in items[0].text
    assert "detour" in items[0].text
    assert "The central library" in items[1].text
    assert "jury" in items[1].text


def test_segment_family_rss_dump_one_element_a_line() -> None:
    _check(
        RSS_LINES,
        ["Port strike enters", "Central bank holds", "Rescue teams reach"],
    )


# --- daily briefings: caps headings over several paragraphs ------------------------------

BRIEFING_DASHES = """DAILY PRESS BRIEFING
THURSDAY, 3 DECEMBER 2026
FLOOD RELIEF REACHES NORTHERN VILLAGES
-
Aid convoys reached twelve villages cut off by floods last week, the relief office said.
-
Another convoy is expected on Saturday with tents and medicine.
-
Water purification tablets were handed out to some 4,000 families.
HEALTH AGENCY WARNS OF MEASLES RISE
-
Cases of measles have doubled this year in three countries of the region.
-
Vaccination teams will be sent to the border districts next week.
ENVOY BRIEFS COUNCIL ON CEASEFIRE TALKS
-
The envoy told the council that both sides had agreed to meet again in January.
"""

BRIEFING_BLANKS = """Midday Briefing of 3 December 2026

Commission proposes new rail ticket rules

The Commission today proposed rules to make cross-border rail tickets easier to buy.

Passengers would get one ticket for a whole journey, the proposal says.

Fishing quotas agreed for next year

Ministers agreed the catch limits for the coming year after talks that ran through the night.

The deal covers the northern and western waters.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BRIEFING_DASHES, ["FLOOD RELIEF", "HEALTH AGENCY", "ENVOY BRIEFS"]),
        (BRIEFING_BLANKS, ["Commission proposes", "Fishing quotas"]),
    ],
    ids=["caps-and-dash-rules", "blank-lines"],
)
def test_segment_family_daily_briefing_one_item_per_heading(
    text: str, expected: list[str]
) -> None:
    items = _check(text, expected)
    assert all("\n" in item.text for item in items[:2])  # paragraphs stay in their item


# --- news in brief: datelines, no titles -------------------------------------------------

BRIEF_BLANKS = """NEWS IN BRIEF

LIMA, Peru — A magnitude 5.9 earthquake shook the south of the country on Wednesday.

OSLO — The government said it would raise the fuel tax next year to pay for new railways.

NAIROBI, Kenya — Health workers ended a two-week strike after the government agreed to pay arrears.
"""

BRIEF_LINES = """World briefs
QUITO, Ecuador (AP) — Voters approved a plan to protect a national park from oil drilling.
HANOI (AP) — The central bank cut its main interest rate for the second time this year.
RIGA, Latvia (AP) — Parliament elected a new speaker after the old one resigned last week.
"""

BRIEF_COLON = """In brief

CHENNAI: Heavy rain flooded low-lying parts of the city on Thursday, and schools were shut.

KOCHI: The port handled a record number of containers in November, officials said.

MADURAI: A new flyover over the railway line was opened to traffic on Wednesday.
"""


@pytest.mark.parametrize(
    ("text", "places"),
    [
        (BRIEF_BLANKS, ["LIMA", "OSLO", "NAIROBI"]),
        (BRIEF_LINES, ["QUITO", "HANOI", "RIGA"]),
        (BRIEF_COLON, ["CHENNAI", "KOCHI", "MADURAI"]),
    ],
    ids=["blank-lines", "line-breaks-ap", "colon-datelines"],
)
def test_segment_family_news_in_brief_one_item_per_dateline(
    text: str, places: list[str]
) -> None:
    items = segment(text)
    assert [(item.dateline or "").split(",")[0] for item in items] == places
    assert all(item.title is None for item in items)


UNTITLED_BRIEFS = """Around the region

The regional airport will add two daily flights to the capital from January.

A farmers' market opens on Saturdays in the old town square from next week.

Police are asking drivers to avoid the ring road on Sunday because of a cycle race.
"""


def test_segment_family_news_in_brief_untitled_paragraphs() -> None:
    _check(UNTITLED_BRIEFS, ["The regional airport", "A farmers' market", "Police are asking"])


# --- newsletters and digests ---------------------------------------------------------------

NEWSLETTER = """The Morning Digest
Your five-minute read for Thursday, 3 December 2026

Good morning. Here are the main stories you need to know today.

Rail strike called off
Unions called off Friday's national rail strike after a late offer on pay.

Heat record in the south
Temperatures reached 41C in the southern plains, a record for December.

Sign up for our newsletter
Unsubscribe | Privacy Policy
"""

DIGEST_BYLINES = """WEEKLY ROUNDUP - Issue 48

Talks on the water treaty resume
By Staff Writer
Negotiators from the three countries met again in Geneva after a pause of six months.

Copper prices hit a two-year high
By Markets Desk
Copper rose above 10,000 dollars a tonne on supply worries at two large mines.

Read more
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NEWSLETTER, ["Rail strike called off", "Heat record in the south"]),
        (DIGEST_BYLINES, ["Talks on the water", "Copper prices"]),
    ],
    ids=["intro-and-footer", "bylines"],
)
def test_segment_family_newsletter_one_item_per_story(text: str, expected: list[str]) -> None:
    _check(text, expected)


# --- numbered and bulleted lists -----------------------------------------------------------


@pytest.mark.parametrize("marker", ["1.", "2)", "•", "-", "*"], ids=str)
def test_segment_family_list_one_item_per_entry(marker: str) -> None:
    def mark(n: int) -> str:
        return f"{n}{marker[-1]}" if marker[0].isdigit() else marker

    text = (
        "Top stories this morning:\n"
        f"{mark(1)} Parliament passed the new energy law after a night session.\n"
        f"{mark(2)} Floods closed the main highway to the north for a second day.\n"
        f"{mark(3)} The national team won its opening match 2-0 in front of a full stadium.\n"
    )
    _check(text, ["Parliament passed", "Floods closed", "The national team"])


# --- current-events days ---------------------------------------------------------------------

CURRENT_EVENTS = """December 2, 2026 (Wednesday)
Armed conflicts and attacks
Shelling kills four civilians in a border town, local officials say. (Reuters)
Disasters and accidents
A bus falls into a ravine in the mountains, killing eleven people. (BBC News)
Coastal floods
Heavy rain floods parts of the coastal capital, displacing 2,000 families. (Al Jazeera)
"""


CURRENT_EVENTS_BULLETS = """Portal: Current events
3 December 2026 (Thursday)
Business and economy
* Central bank of the republic raises its key rate to 9 percent to fight inflation. (Bloomberg)
Politics and elections
* Snap parliamentary election
** The governing party wins a narrow majority, the election commission says. (AFP)
** Turnout is reported at 58 percent, the lowest in two decades. (Reuters)
"""


@pytest.mark.parametrize(
    ("text", "expected", "sources"),
    [
        (CURRENT_EVENTS, ["Shelling kills", "A bus falls", "Heavy rain floods"], ["Reuters"]),
        (
            CURRENT_EVENTS_BULLETS,
            ["Central bank of", "The governing party", "Turnout is reported"],
            ["Bloomberg"],
        ),
    ],
    ids=["no-bullets", "nested-bullets"],
)
def test_segment_family_current_events_one_item_per_story(
    text: str, expected: list[str], sources: list[str]
) -> None:
    items = _check(text, expected)
    assert all(item.title is None for item in items)  # a section label is no story's title
    assert [item.source for item in items[: len(sources)]] == sources
    assert items[0].category in ("Armed conflicts and attacks", "Business and economy")


# --- date-first listings ---------------------------------------------------------------------

DATE_FIRST_NUMERIC = """Latest news

03.12.2026 14:20
Minister opens new hospital wing
The health minister opened a 120-bed wing at the regional hospital.

03.12.2026 11:05
Grain exports rise
Grain exports rose 12 percent in November from a year earlier.

02.12.2026 18:40
Museum reopens after repairs
The city museum reopened on Wednesday after two years of repairs.
"""

DATE_FIRST_WORDS = """News archive
Dec 3, 2026
Minister opens new hospital wing
The health minister opened a 120-bed wing at the regional hospital.
Dec 2, 2026
Grain exports rise
Grain exports rose 12 percent in November from a year earlier.
Dec 1, 2026
Museum reopens after repairs
The city museum reopened on Wednesday after two years of repairs.
"""


@pytest.mark.parametrize(
    "text",
    [
        DATE_FIRST_NUMERIC,
        DATE_FIRST_WORDS,
    ],
    ids=["numeric", "words"],
)
def test_segment_family_date_first_listing_date_heads_the_next_item(text: str) -> None:
    items = _check(text, ["Minister opens", "Grain exports rise", "Museum reopens"])
    days = [item.published.day if item.published else None for item in items]
    assert days in ([3, 3, 2], [3, 2, 1])  # each date goes to the item under it
    assert all("2026" not in item.text for item in items)


# --- headers and footers -----------------------------------------------------------------------

HEADER_FOOTER = """Skip to content
MyCity News
Home | World | Business | Sport
We use cookies to improve your experience.

Council approves budget
The city council approved next year's budget on Monday by 31 votes to 9.

New tram line opens
The first trams ran on the eastern line on Tuesday, a year behind schedule.

© 2026 MyCity News. All rights reserved.
Terms of Use | Privacy Policy | Contact us
"""

TEASERS_WITH_LINKS = """Section: Business
Factory orders fall for third month
Orders at factories fell 1.2 percent in October, the statistics office said.
Continue reading
Airline adds routes to the islands
The airline will fly to four more islands from the summer, it said on Monday.
Continue reading
Advertisement
Copyright 2026 Example Media Group
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER_FOOTER, ["Council approves budget", "New tram line opens"]),
        (TEASERS_WITH_LINKS, ["Factory orders fall", "Airline adds routes"]),
    ],
    ids=["menu-cookie-footer", "link-lines-copyright"],
)
def test_segment_family_header_and_footer_are_no_items(text: str, expected: list[str]) -> None:
    items = _check(text, expected)
    report = segment_report(text)
    dropped = " ".join(d.text for d in report.dropped)
    assert "rights reserved" in dropped.lower() or "copyright" in dropped.lower()
    assert all("Privacy" not in item.text and "Copyright" not in item.text for item in items)


# --- wire digests: an intro formula above the list -------------------------------------------

DIGEST_DATELINED_INTRO = """PARIS – The following is a digest of the main stories of the day.
———
PARIS – Farmers blocked roads around the capital on Monday in a protest over fuel prices.
———
LYON – The city's new metro line opened two months early, the transport authority said.
"""

DIGEST_TITLED_INTRO = """Evening Wire Summary

Printer-friendly version

The following are summaries of the main stories moved by our desk this evening.

Port workers end strike
ROTTERDAM -- Dock workers voted to end a nine-day strike after a pay deal was reached.

Vaccine plant opens
DAKAR -- A factory able to fill 300 million doses a year opened outside the capital.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DIGEST_DATELINED_INTRO, ["Farmers blocked", "The city's new metro"]),
        (DIGEST_TITLED_INTRO, ["Port workers end strike", "Vaccine plant opens"]),
    ],
    ids=["datelined-intro", "titled-intro"],
)
def test_segment_family_digest_intro_is_header(text: str, expected: list[str]) -> None:
    items = _check(text, expected)
    assert all("following" not in item.text for item in items)


# --- more variants: headline pages, inline times, run-together entries ----------------------

HEADLINE_PAGE = """Politics
Minister resigns over housing row
Opposition calls for early vote
Senate passes water bill
Mayor opens new bridge over the canal
Court delays verdict in bribery case
"""

INLINE_TIMES = """Live: election count
[22:40] The last ballot boxes have arrived at the count centre, officials said.
[22:15] Officials say turnout was around 64 percent, up from the last vote.
[21:58] Counting has begun in the northern wards after a short delay.
"""

RUN_TOGETHER = (
    "Morning headlines: 1) Council approves new bus lanes for the centre "
    "2) Bridge over the river reopens after repairs 3) Schools to get new heating systems "
    "4) Museum opens a wing for modern art\n"
)

RUN_TOGETHER_FIRST = (
    "1. Council approves new bus lanes for the centre 2. Bridge over the river reopens after "
    "repairs 3. Schools to get new heating systems\n"
)

BRIEFING_NUMBERED = """Daily briefing, 3 December 2026

1. SECURITY COUNCIL
The council extended the peacekeeping mission by one year, by 13 votes to none.
Two members abstained.

2. REFUGEES
The refugee agency said 12,000 people had crossed the border in the past week.
It appealed for more tents and blankets before the winter.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEADLINE_PAGE,
            ["Minister resigns", "Opposition calls", "Senate passes", "Mayor opens", "Court"],
        ),
        (INLINE_TIMES, ["The last ballot", "Officials say", "Counting has begun"]),
        (RUN_TOGETHER, ["Council approves", "Bridge over", "Schools to get", "Museum opens"]),
        (RUN_TOGETHER_FIRST, ["Council approves", "Bridge over", "Schools to get"]),
        (BRIEFING_NUMBERED, ["SECURITY COUNCIL", "REFUGEES"]),
    ],
    ids=["headline-page", "inline-times", "run-together", "run-together-first", "numbered"],
)
def test_segment_family_more_variants(text: str, expected: list[str]) -> None:
    _check(text, expected)


# --- pages cut off at a size limit: the input stops inside the last lead ---------------------

CUT_TITLED = (
    "Port reopens after storm\n"
    "The harbour reopened on Monday after three days of closure.\n"
    "Rail fares to rise in March\n"
    "Ticket prices will go up by 4 percent from the spring, the operator said.\n"
    "Farm exports hit record\n"
    "Exports of grain and fruit reached a"
)

CUT_UNTITLED = (
    "The harbour reopened on Monday after three days of closure, the port authority said.\n"
    "Ticket prices will go up by 4 percent from the spring, the rail operator said.\n"
    "Exports of grain and fruit reached a record in the year to November, figures show.\n"
    "The army accused rebel forces on Tuesday of"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CUT_TITLED, ["Port reopens", "Rail fares", "Farm exports hit record"]),
        (
            CUT_UNTITLED,
            ["The harbour reopened", "Ticket prices", "Exports of grain", "The army accused"],
        ),
    ],
    ids=["titled", "untitled"],
)
def test_segment_family_page_cut_mid_lead_keeps_its_last_item(
    text: str, expected: list[str]
) -> None:
    items = _check(text, expected)
    assert items[-1].text.startswith(expected[-1]) or items[-1].text.startswith("Exports")
    # With a line break after it, the same short last line would be a line like any other;
    # without one, it is a lead the input stops inside, never a headline.
    assert items[-1].title != items[-1].text


def test_segment_family_licence_line_is_footer() -> None:
    text = (
        "Minister opens new hospital wing\n"
        "The health minister opened a 120-bed wing at the regional hospital.\n"
        "Grain exports rise\n"
        "Grain exports rose 12 percent in November from a year earlier.\n"
        "Text is available under the Creative Commons Attribution licence unless noted.\n"
    )
    items = _check(text, ["Minister opens", "Grain exports rise"])
    assert "Creative Commons" not in items[-1].text
    assert [d.kind for d in segment_report(text).dropped] == ["boilerplate"]


def test_segment_family_story_ending_on_a_number_is_not_a_label() -> None:
    # "... dies at the age of 93. (Outlet)": a sentence ends inside the line, so it is a story
    # under its section label, not another label.
    text = (
        "Disasters and accidents\n"
        "• A ferry sinks off the northern coast with 40 people aboard. (Reuters)\n"
        "Politics and elections\n"
        "• A former prime minister dies at the age of 93. (AFP), (BBC)\n"
        "• The senate confirms a new chief justice by 61 votes to 39. (AP)\n"
    )
    _check(text, ["A ferry sinks", "A former prime minister", "The senate confirms"])


def test_segment_family_notes_above_a_bulleted_list_are_header() -> None:
    text = (
        "Evening digest\n\n"
        "All times local.\n\n"
        "For corrections, call the desk at 555-0100 or write to the editors.\n\n"
        "— STRIKE — Rail workers walked out at midnight over pay and rosters.\n\n"
        "— FLOODS — Two villages were evacuated as the river burst its banks.\n\n"
        "— ELECTION — Polls opened at seven in the morning in the capital.\n"
    )
    _check(text, ["STRIKE", "FLOODS", "ELECTION"])
    header = [d.text for d in segment_report(text).dropped if d.kind == "header"]
    assert "All times local." in header


# --- third variants of the families that over-split most --------------------------------

RADIO_ENDS = """BULLETIN 1700

STRIKE
Bus drivers in the city will strike on Friday.
The union says talks have failed.
CUE: Listen to the union leader
ENDS

HOSPITAL
A new children's ward has opened at the county hospital.
It has twenty beds.
ENDS
"""

RADIO_SENTENCES = """Good evening. This is the six o'clock news.

The prime minister has called an early election for March.
She told parliament the country needed a fresh mandate.
Opposition parties welcomed the move.

Heavy snow has closed the mountain pass for a third day.
Drivers are advised to use the coast road.

The city's football club has appointed a new manager.
He takes over on Monday.
"""

BRIEFING_SECTIONS = """NOON BRIEFING
WEDNESDAY, 2 DECEMBER 2026

SUDAN

The humanitarian coordinator said aid trucks reached the city for the first time in two months.

She called on all parties to keep the roads open.

CLIMATE

The Secretary-General will travel to the climate conference on Friday.

He is expected to speak at the opening session.
"""

BRIEFS_WITH_FOLLOW_ON = """WASHINGTON, Dec 2 (Reuters) - The Senate passed a stopgap bill.

The House is expected to vote on the bill on Wednesday.

TOKYO, Dec 2 (Reuters) - Japan's factory output rose 1.2 percent in October from September.

BERLIN, Dec 2 (Reuters) - German unemployment fell for a second month in November.
"""

NEWSLETTER_SECTIONS = """Today's briefing
In this edition: rail strike, heat record, markets

RAIL
Unions called off Friday's national rail strike after a late offer on pay.
The deal must still be approved by members.

WEATHER
Temperatures reached 41C in the southern plains, a record for December.

You are receiving this email because you signed up at example.org.
Unsubscribe
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            RADIO_ENDS,
            ["Bus drivers", "A new children's ward"],
            marks=_known_gap("a cue line closing a story ('CUE: ...') reads as the next title"),
        ),
        # (Three stories: two paragraphs under an intro read as one text, which is as likely.)
        (RADIO_SENTENCES, ["The prime minister", "Heavy snow", "The city's football"]),
        (BRIEFING_SECTIONS, ["The humanitarian", "The Secretary-General"]),
        (BRIEFS_WITH_FOLLOW_ON, ["The Senate passed", "Japan's factory", "German unemployment"]),
        (NEWSLETTER_SECTIONS, ["Unions called off", "Temperatures reached"]),
    ],
    ids=["radio-ends", "radio-sentences", "briefing-sections", "briefs-follow-on", "newsletter"],
)
def test_segment_family_no_over_splitting(text: str, expected: list[str]) -> None:
    items = segment(text)
    starts = [item.text for item in items]
    assert len(items) == len(expected), starts
    for body, want in zip(starts, expected, strict=True):
        assert body.startswith(want), (body[:60], want)


# --- shapes behind rules only one development publisher needed --------------------------

HEADLINE_TWICE = """Tag: Energy
Wind farm approved off the east coast
Wind farm approved off the east coast
The planning board approved a 60-turbine wind farm on Thursday after a two-year review.
Oil refinery to close in the spring
Oil refinery to close in the spring
The owner said the 70-year-old refinery would close in April with the loss of 400 jobs.
"""

DAY_HEADINGS = """Friday, 4 December 2026

The regional airport will add two daily flights to the capital from January.

A farmers' market opens on Saturdays in the old town square from next week.

Thursday, 3 December 2026

Police are asking drivers to avoid the ring road on Sunday because of a cycle race.

The library will stay open until ten in the evening during the exam season.
"""

HARD_WRAPPED = """LISBON, Dec 3 - The government said on Thursday it would raise the
minimum wage by 6 percent next year, the biggest rise in a decade, after
talks with unions and employers ended without a deal.
The finance minister said the rise was affordable because growth had
been stronger than expected this year.
-
MADRID, Dec 3 - Spain's parliament approved a law on Thursday that
makes it easier for tenants to challenge rent rises in the big cities.
"""


def test_segment_family_headline_printed_twice_is_one_title() -> None:
    items = _check(HEADLINE_TWICE, ["Wind farm approved", "Oil refinery to close"])
    assert [item.text.split()[:2] for item in items] == [["The", "planning"], ["The", "owner"]]


def test_segment_family_day_headings_date_the_paragraphs_under_them() -> None:
    items = _check(
        DAY_HEADINGS, ["The regional airport", "A farmers'", "Police are asking", "The library"]
    )
    assert [item.published.day if item.published else None for item in items] == [4, 4, 3, 3]


def test_segment_family_hard_wrapped_wire_keeps_its_stories_whole() -> None:
    items = _check(HARD_WRAPPED, ["The government said", "Spain's parliament"])
    assert [item.dateline for item in items] == ["LISBON", "MADRID"]
    assert "stronger than expected" in items[0].text


# --- listings with metadata lines in other places ---------------------------------------

TIME_BAR_CATEGORY = """Parliament backs pension reform
14:32 | Politics
Lawmakers voted 210 to 140 in favour of raising the retirement age.
Central bank keeps rates on hold
13:05 | Economy
The bank left its key rate at 7.25 percent, citing slowing inflation.
Heavy rain expected in the west
11:47 | Weather
Forecasters warned of flooding in low-lying western districts.
"""

RELATIVE_TIMES = """Latest
Bridge repairs to finish early
2 hours ago
Engineers say the work on the old bridge will end a month ahead of schedule.
Read more
New school year to start later
5 hours ago
The ministry said classes would begin on September 9 rather than September 2.
Read more
"""

DATES_BELOW = """Ministers agree on fishing quotas
Fisheries ministers reached a deal on next year's catch limits after all-night talks.
03 Dec 2026
Airport expansion gets green light
The government approved a third runway at the main airport, subject to noise limits.
02 Dec 2026
"""

AGENCY_LINES = """Paris (AFP) – France's national assembly approved the budget after a long debate.
Berlin (AFP) – Germany will phase out coal power by 2035, the economy ministry said.
Rome (AFP) – Italy's parliament passed a law lowering the voting age for local elections.
"""

PRESS_REVIEW = """Press review, 3 December 2026

The Daily Courier
The paper writes that the new tax on fuel will hit rural drivers hardest.

Morning Post
The newspaper reports that the ruling party is split over the budget.

Evening Standard-Times
An editorial calls for an inquiry into the hospital waiting lists.
"""

POSTED_UPDATED = """Key updates
Posted at 14:05
The storm made landfall south of the port city, the weather service said.
Updated 14:20
Posted at 13:40
Evacuation centres have opened in six towns along the coast.
Posted at 13:10
Schools and offices have been closed for the rest of the day.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TIME_BAR_CATEGORY, ["Parliament backs", "Central bank keeps", "Heavy rain"]),
        (RELATIVE_TIMES, ["Bridge repairs", "New school year"]),
        (DATES_BELOW, ["Ministers agree", "Airport expansion"]),
        (AGENCY_LINES, ["France's national", "Germany will", "Italy's parliament"]),
        (PRESS_REVIEW, ["The paper writes", "The newspaper reports", "An editorial"]),
        (POSTED_UPDATED, ["The storm made", "Evacuation centres", "Schools and offices"]),
    ],
    ids=["time-bar-category", "relative", "dates-below", "agency", "press-review", "posted"],
)
def test_segment_family_listing_metadata_variants(text: str, expected: list[str]) -> None:
    _check(text, expected)


# --- captions, bylines, labels and links between the parts of an item ----------------------

LINK_THEN_DATE = """Wind farm approved off the east coast

The planning board approved a 60-turbine wind farm on Thursday after a two-year review.

Read more

3 December 2026

Oil refinery to close in the spring

The owner said the 70-year-old refinery would close in April with the loss of 400 jobs.

Read more

2 December 2026
"""

CAPTIONS = """Flood defences finished a year early
Photo: City council
Work on the new river wall ended in November, a year ahead of schedule, the council said.
Tram fares frozen for another year
Photo: Transport authority / handout
Fares on the tram network will stay at their current level until 2028, the operator said.
"""

AP_STYLE = """Top stories

By THE ASSOCIATED PRESS

___

STORM DAMAGE

Crews worked through the night to restore power to thousands of homes after the storm.

___

TRADE TALKS

Negotiators said they were close to a deal on farm tariffs after a week of meetings.

___
"""

BREAKING_LABELS = """Live coverage
BREAKING
15:20
The central bank has raised interest rates by half a point, its first rise in two years.
15:02
Traders expect the decision within the next half hour, according to a survey.
14:41
The bank's board began its meeting at two o'clock as planned.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LINK_THEN_DATE, ["Wind farm approved", "Oil refinery"]),
        (CAPTIONS, ["Flood defences", "Tram fares frozen"]),
        (AP_STYLE, ["Crews worked", "Negotiators said"]),
        (BREAKING_LABELS, ["The central bank", "Traders expect", "The bank's board"]),
    ],
    ids=["link-then-date", "captions", "ap-style", "breaking-label"],
)
def test_segment_family_parts_between_title_and_text(text: str, expected: list[str]) -> None:
    _check(text, expected)


# --- counters, share rows and end marks ------------------------------------------------------

SUMMARY_END_MARKS = """(LEAD) Rail workers end strike after pay deal

SEOUL, Dec. 3 (Wire) -- Rail workers ended a five-day strike on Thursday after the union
accepted a pay offer, the transport ministry said.
(END)

(2nd LD) Exports rise for third month

SEOUL, Dec. 3 (Wire) -- Exports rose 6 percent in November from a year earlier on strong
demand for chips, data showed.
(END)
"""

SUMMARY_END_MARKS_LINES = """(LEAD) Rail workers end strike after pay deal

SEOUL, Dec. 3 (Wire) -- Rail workers ended a five-day strike after the union accepted a pay offer.
(END)

(2nd LD) Exports rise for third month

SEOUL, Dec. 3 (Wire) -- Exports rose 6 percent in November from a year earlier, data showed.
(END)
"""

VIEW_COUNTERS = """Parliament approves budget
views 355
Parliament approved next year's budget on Tuesday after a marathon session.
Share on Facebook
Share on X
Copy link
Central bank holds rates
views 1,204
The central bank left its key rate unchanged, citing stable prices.
Share on Facebook
Share on X
Copy link
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SUMMARY_END_MARKS, ["(LEAD) Rail workers", "(2nd LD) Exports"]),
        (SUMMARY_END_MARKS_LINES, ["(LEAD) Rail workers", "(2nd LD) Exports"]),
        (VIEW_COUNTERS, ["Parliament approves budget", "Central bank holds rates"]),
    ],
    ids=["end-marks-wrapped", "end-marks", "view-counters-share-rows"],
)
def test_segment_family_counters_and_end_marks(text: str, expected: list[str]) -> None:
    items = _check(text, expected)
    assert all("views" not in item.text and "Share on" not in item.text for item in items)


# --- other languages: the layout, not the words, decides --------------------------------

LISTING_RU = """Новости
12:30
Парламент принял бюджет на следующий год
Депутаты проголосовали за бюджет после долгих дебатов во вторник.
11:05
Центробанк сохранил ставку
Банк оставил ключевую ставку без изменений, сообщил регулятор.
10:40
В столице открыли новую станцию метро
Станция «Парковая» приняла первых пассажиров в понедельник утром.
"""

LISTING_FR = """Actualités
Le Parlement adopte le budget
3 décembre 2026
Les députés ont adopté le budget après un long débat mardi soir.
La banque centrale maintient ses taux
2 décembre 2026
La banque a laissé son taux directeur inchangé, citant une inflation stable.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LISTING_RU, ["Парламент принял", "Центробанк сохранил", "В столице открыли"]),
        (LISTING_FR, ["Le Parlement adopte", "La banque centrale"]),
    ],
    ids=["ru-times-above", "fr-dates-under-titles"],
)
def test_segment_family_listing_in_other_languages(text: str, expected: list[str]) -> None:
    items = _check(text, expected)
    assert all(item.title for item in items)


# --- hard-wrapped briefings: capital headings, wrapped lines -------------------------------

WRAPPED_CAPS = """DAILY HIGHLIGHTS
BY THE PRESS OFFICE
THURSDAY, 3 DECEMBER 2026
ENVOY WELCOMES CEASEFIRE IN THE NORTH
- The envoy said on Thursday that the
ceasefire agreed last week was holding and that aid convoys
had reached the northern towns.
- She will brief the council on Monday.
FLOOD APPEAL LAUNCHED
- The relief office launched an appeal for
40 million dollars to help families who lost their homes
in the floods.
U.N.
SCHOOLS REOPEN IN THE EAST
- Some 300 schools reopened in the east
after repairs paid for by the education fund.
"""


def test_segment_family_hard_wrapped_caps_headings_start_items() -> None:
    items = _check(WRAPPED_CAPS, ["ENVOY WELCOMES", "FLOOD APPEAL", "U.N. SCHOOLS REOPEN"])
    assert items[2].title == "U.N. SCHOOLS REOPEN IN THE EAST"  # a heading wrapped in two
    assert "brief the council" in items[0].text  # the item keeps its wrapped paragraphs
    assert "U.N." not in items[1].text  # the heading's first line is not the last item's text


def test_segment_family_credit_lines_are_bylines() -> None:
    text = (
        "Port workers end strike\n"
        "Dock workers voted to end a nine-day strike after a pay deal was reached on Monday.\n"
        "Compiled and edited by Night Desk\n"
        "Vaccine plant opens\n"
        "A factory able to fill 300 million doses a year opened outside the capital.\n"
        "Translated by A. Reader\n"
    )
    _check(text, ["Port workers end strike", "Vaccine plant opens"])


# --- headline, standfirst, lead: each record prints a one-line summary under its headline ----

STANDFIRSTS = """Harbour Watch: latest

Saturday, 5 December 2026 - 09:10 UTC

Ferry fares rise for the winter timetable

Operators blame fuel costs and a smaller fleet for the increase on island routes

Ferry operators raised fares by nine percent on Saturday, saying fuel costs more this year.

Saturday, 5 December 2026 - 08:40 UTC

Lighthouse keepers return to the cape

A volunteer group will staff the old tower through the storm season

A group of volunteers will keep the cape lighthouse open from next week, the council said on Friday.

Saturday, 5 December 2026 - 08:05 UTC

New berth opens for cargo ships

The quay can take vessels twice the size of those it served before the works

The port authority opened a deep-water berth on Saturday after two years of building work.
"""


def test_segment_family_standfirst_opens_the_record_text() -> None:
    # The standfirst is neither a title of its own nor the title instead of the headline.
    items = _check(
        STANDFIRSTS,
        ["Ferry fares rise", "Lighthouse keepers return", "New berth opens"],
    )
    assert [item.title for item in items] == [
        "Ferry fares rise for the winter timetable",
        "Lighthouse keepers return to the cape",
        "New berth opens for cargo ships",
    ]
    assert items[0].text.startswith("Operators blame fuel costs")
    assert "Ferry operators raised fares" in items[0].text


def test_segment_family_one_pair_of_short_lines_is_no_standfirst_page() -> None:
    # Two short lines over a lead only once: the page shows no headline-standfirst records, so
    # the line right over the lead stays its title.
    text = (
        "Tram line extended to the airport\n\n"
        "The new tram stop at the terminal opened on Friday after a year of building work.\n\n"
        "Markets close mixed\n\n"
        "Rail strike called off after talks\n\n"
        "Union leaders called off Monday's rail strike after overnight talks with the operator.\n\n"
        "Bridge repairs finish early\n\n"
        "Engineers finished the bridge repairs a week ahead of plan, the city said on Sunday.\n"
    )
    titles = [item.title for item in segment(text)]
    assert titles == [
        "Tram line extended to the airport",
        "Rail strike called off after talks",
        "Bridge repairs finish early",
    ]


def test_segment_family_standfirsts_under_a_page_header() -> None:
    # The page's name and tagline stand over the first record's headline and standfirst: those
    # short lines are no count of a record's heads, so the one record without a standfirst
    # does not outweigh the two with one.
    text = (
        "Valley Courier\n\n"
        "Morning edition\n\n"
        "Reports from the river towns, every weekday\n\n"
        "Flood barriers raised along the river\n\n"
        "Crews worked through the night as the water rose past the spring mark\n\n"
        "Council crews raised the flood barriers in three towns on Tuesday as the river rose.\n\n"
        "Library reopens after repairs\n\n"
        "The town library reopened on Wednesday with a new roof and a larger reading room.\n\n"
        "Orchard growers expect a late harvest\n\n"
        "A cold spring held back the blossom in most of the valley's orchards this year\n\n"
        "Apple growers said the harvest would start two weeks later than usual this autumn.\n\n"
        "Ferry timetable changes next month\n\n"
        "Fewer crossings on weekdays and an extra late boat on Fridays and Saturdays\n\n"
        "The ferry company will cut two weekday crossings from January, its manager said.\n"
    )
    items = segment(text)
    assert [item.title for item in items] == [
        "Flood barriers raised along the river",
        "Library reopens after repairs",
        "Orchard growers expect a late harvest",
        "Ferry timetable changes next month",
    ]
    assert items[2].text.startswith("A cold spring held back")


def test_segment_family_intro_formula_without_its_article() -> None:
    # Wire style drops the article: "Following are ..." announces the list as "The following
    # are ..." does; it is the header's intro, not a record.
    text = (
        "Evening Wire Roundup\n\n"
        "Following are the main news stories from the regional desk tonight.\n\n"
        "Dam inspection finds cracks in spillway\n\n"
        "Engineers found two cracks in the spillway of the northern dam during an inspection on "
        "Monday, the water board said, and the reservoir will be lowered.\n\n"
        "Airport workers agree new contract\n\n"
        "Ground staff at the main airport accepted a three-year contract on Monday, ending months "
        "of talks over pay and shifts, their union said.\n"
    )
    items = _check(text, ["Dam inspection finds cracks", "Airport workers agree"])
    assert all("Following are" not in item.text for item in items)


def test_segment_family_markdown_strong_headings_title_their_paragraphs() -> None:
    # A page converted to markdown keeps its bold headings, closed or not ("**Weather**",
    # "**Harbour" when the closing marks fell elsewhere): each titles the paragraph below it.
    text = (
        "Town Hall Briefing Notes\n\n"
        "**Weather\n\n"
        "Forecasters expect heavy rain over the hills tonight and have warned drivers on the "
        "mountain road to take care.\n\n"
        "**Harbour works**\n\n"
        "Dredging of the inner harbour starts next week and will close two berths until the end "
        "of the month, the port office said.\n\n"
        "**School meals\n\n"
        "The council will pay for free lunches at all primary schools from January, the mayor "
        "told the meeting on Thursday.\n"
    )
    items = _check(text, ["Weather", "Harbour works", "School meals"])
    assert [item.title for item in items] == ["Weather", "Harbour works", "School meals"]


def test_segment_family_rundown_slug_with_source_label() -> None:
    # A rundown prints each story's slug and its outlet on one line: the slug is the title,
    # the first outlet after "Source:" the source.
    text = (
        "Morning rundown, studio two\n\n"
        "HARBOUR FIRE    Source:  Coast Radio, staff\n\n"
        "A fire broke out in a warehouse at the harbour overnight and crews worked until dawn to "
        "put it out.  Nobody was hurt, the fire service said.\n\n"
        "ROAD TOLLS    Source:  Metro Wire\n\n"
        "Drivers will pay more to use the ring road from next month after the council approved a "
        "new toll.  The change takes effect on the first of the month.\n"
    )
    items = _check(text, ["HARBOUR FIRE", "ROAD TOLLS"])
    assert [(item.title, item.source) for item in items] == [
        ("HARBOUR FIRE", "Coast Radio"),
        ("ROAD TOLLS", "Metro Wire"),
    ]


def test_segment_family_caps_byline_run_into_the_dateline() -> None:
    # "BY NAME PLACE – ": the words that close the capitals on every lead while the names
    # before them change are the place; one such lead alone would tell nothing.
    text = (
        "Harbour bridge to close for repairs\n\n"
        "BY STAFF WRITER PORT LINDEN – The harbour bridge will close for two weeks from Monday "
        "while engineers replace its joints, the roads office said.\n\n"
        "Fishermen protest new quota rules\n\n"
        "BY ANNA KESTREL PORT LINDEN – Some 200 fishermen marched to the council offices on "
        "Friday to protest against the new catch quotas.\n\n"
        "School wins national science prize\n\n"
        "BY TOMAS REED PORT LINDEN – Pupils from the town's secondary school won the national "
        "science prize for their work on tidal power.\n"
    )
    items = _check(
        text,
        ["Harbour bridge to close", "Fishermen protest", "School wins national"],
    )
    assert [item.dateline for item in items] == ["PORT LINDEN"] * 3
    assert items[1].text.startswith("Some 200 fishermen")
    one = segment(text.split("\n\nFishermen")[0] + "\n")
    assert one[0].dateline is None  # one lead: where the name ends is not known
