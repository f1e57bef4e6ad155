"""The two passes over the windows: the whole-bulletin decisions, then the items.

Items depend on their neighbouring lines, and a few decisions on the whole bulletin: which short
last lines are sign-offs, whether ambiguous timestamps go with the item above or below, whether
the first line is a header that dates the bulletin. Pass one (`_Census`) reads every window for
those decisions; pass two (`_Assembler`) reads the windows again and cuts the items, carrying
across windows the lines of the item still open and the date context. When the text is held
anyway, `_guess_items` does both at once and cuts again only if the guess was wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from ..items import Item
from .assemble import (
    _KNOWN_SIGNOFFS,
    _date_drafts,
    _Draft,
    _draft,
    _full_date,
    _lead_start,
    _mark_signoffs,
    _popped,
    _runs,
    _signoff_key,
    _SignoffCount,
    _to_item,
    _with_categories_above,
)
from .boilerplate import _PageCount, _PageFurniture, mark_page_furniture
from .layout import Layout, _compile_layout
from .lines import _BLANK, _BODY, _BOILER, _CAT, _HEADER, _SEP, _SIGNOFF, _TITLE, _TS, _Line
from .pagedate import (  # the page's own date and its dates' habits
    PageDate,
    _PageDates,
    dateline_way,
    reread_month_first,
    update_stamp,
)
from .report import Dropped, _drop, _kept
from .structure import _is_label, _Records, _RuleCount, _Shape, _ShapeCount, _unmarked
from .windows import _Window, _windows


@dataclass(frozen=True, slots=True)
class _Plan:
    """What pass one learnt about the whole bulletin."""

    header: _Line | None  # the first line, when it dates the bulletin rather than an item
    convention: str | None  # where ambiguous timestamps go: "lead", "trail" or no habit
    signoffs: _SignoffCount | None  # None: the layout's pattern finds the sign-offs
    has_runs: bool  # False: the input is all metadata
    shape: _Shape  # the record structure the page repeats
    furniture: _PageFurniture  # the page's template lines (`boilerplate`)
    page: PageDate  # the page's own date and its dates' habits (`pagedate`)


class _Census:
    """Pass one: the decisions of `_mark_signoffs`, `_lead_start` and the header on the whole input.

    Which gap between two runs votes which way depends on whether the run above it loses a
    sign-off, which only the whole count of last lines can tell; so a gap under a run that may
    end on one votes both ways, kept under that line until the count is known.
    """

    def __init__(self, signoffs: bool, infer: bool = True) -> None:
        self.signoffs, self.infer = signoffs, infer
        self.count = _SignoffCount()
        self.votes: Counter[str] = Counter()
        self.weak_votes: Counter[str] = Counter()  # gaps where a date touches both records
        self.votes_if: dict[str, tuple[Counter[str], Counter[str]]] = {}  # sign-off, or not
        self.gap: list[str] = []  # kinds of the lines since the last run
        # The last run: the line it may lose as a sign-off (None: it cannot), and the kinds of
        # the lines the gap below it would then start with.
        self.prev: tuple[str | None, list[str]] | None = None
        self.gap0_stamps = 0  # timestamps above the first run
        self.first: _Line | None = None  # the first non-blank line
        self.first_kind = _BLANK  # its kind then (pass two may have marked it a header since)
        self.after_first: str | None = None  # the kind of the line under it
        self.awaiting = False
        self.others = 0  # lines below the first one with a date or a dateline
        self.full_stamps = 0  # timestamp lines below the first one that print a full date
        self.shape = _ShapeCount()
        # The page's shape if no short sentence ending on "." is a headline: chosen when the
        # page shows two or more headlines of its own that end on none (`_shape`).
        self.shape_strict = _ShapeCount(dotted=False)
        # The page's shape if its rule lines only part paragraphs, used when `rules` says so:
        # the same count as `shape` up to the first rule line, so it starts as a copy there.
        self.shape_ruled: _ShapeCount | None = None
        self.rules = _RuleCount()
        self.page_dates = _PageDates()
        self.page = _PageCount() if infer else None

    def feed(self, lines: list[_Line]) -> None:
        self._header_facts(lines)
        self.page_dates.add(lines)
        if self.page is not None:
            self.page.add(lines)
        self.rules.add(lines)
        self.shape_strict.add(lines)
        if self.shape_ruled is None:
            at = next((i for i, line in enumerate(lines) if line.kind == _SEP), None)
            if at is not None:
                self.shape.add(lines[:at])
                self.shape_ruled = replace(self.shape, rules_as_breaks=True)
                lines_left = lines[at:]
                self.shape.add(lines_left)
                self.shape_ruled.add(lines_left)
            else:
                self.shape.add(lines)
        else:
            self.shape.add(lines)
            self.shape_ruled.add(lines)
        runs = _runs(lines)
        self.count.add(lines, runs)
        end = 0
        for run in runs:
            self.gap += [line.kind for line in lines[end : run[0]]]
            self._close_gap()
            self.prev = self._signoff_options(lines, run)
            end = run[-1] + 1
        self.gap += [line.kind for line in lines[end:]]

    def _header_facts(self, lines: list[_Line]) -> None:
        for line in lines:
            if self.first is None:
                if line.kind != _BLANK:
                    self.first, self.first_kind, self.awaiting = line, line.kind, True
                continue
            if self.awaiting:
                self.after_first, self.awaiting = line.kind, False
            if line.stamp is not None or line.dateline is not None:
                self.others += 1
            if line.kind == _TS and line.stamp is not None and line.stamp.has_year:
                self.full_stamps += 1

    def _signoff_options(self, lines: list[_Line], run: list[int]) -> tuple[str | None, list[str]]:
        key = _signoff_key(lines, run) if self.signoffs else None
        if key is None or (key not in _KNOWN_SIGNOFFS and len(key.split()) > 2):
            return None, []  # more than two words: never counted, so never repeated
        taken = run[len(run) - _popped(lines, run) : -1]
        return key, [*(lines[i].kind for i in taken), _SIGNOFF]

    def _close_gap(self) -> None:
        if self.prev is None:
            self.gap0_stamps = self.gap.count(_TS)
        else:
            key, taken = self.prev
            kept = _lead_start(self.gap, False, None)[1]
            lost = _lead_start(taken + self.gap, False, None)[1] if key is not None else None
            if key is None and _touching(self.gap):
                # "text / date / headline" with no blank line or rule anywhere: the date touches
                # both records, so the way the page's ends go decides (see `plan`).
                self.weak_votes.update([kept] if kept else [])
            elif key is None:
                self.votes.update([kept] if kept else [])
            elif key in _KNOWN_SIGNOFFS:
                self.votes.update([lost] if lost else [])
            else:
                if_signoff, if_not = self.votes_if.setdefault(key, (Counter(), Counter()))
                if_signoff.update([lost] if lost else [])
                if_not.update([kept] if kept else [])
        self.gap = []

    def plan(self) -> _Plan:
        header = self._header()
        votes = self.votes.copy()
        for key, (if_signoff, if_not) in self.votes_if.items():
            votes.update(if_signoff if self.count.repeated(key) else if_not)
        if self.gap0_stamps > (header is not None):  # the header is no item's timestamp
            votes["lead"] += 1
        if _TS in self.gap:  # below the last run
            votes["trail"] += 1
        # The first record shows the page's habit (date above or below its paragraph).
        if (way := self.page_dates.direction(header is not None)) is not None:
            votes[way] += 1
        lead, trail = votes["lead"], votes["trail"]
        if lead == trail:  # the ends and the clear gaps tie: the touching gaps decide
            lead, trail = self.weak_votes["lead"], self.weak_votes["trail"]
        convention = None if lead == trail else "lead" if lead > trail else "trail"
        count = _SignoffCount(self.count.runs, self.count.last_texts.copy())
        return _Plan(
            header,
            convention,
            count if self.signoffs else None,
            self.prev is not None,
            self._shape(),
            self.page.furniture() if self.page is not None else _PageFurniture(),
            self.page_dates.decide(),
        )

    def _shape(self) -> _Shape:
        if not self.infer:
            return _Shape("off", False)
        if self.rules.inside() and self.shape_ruled is not None:
            return replace(self.shape_ruled.shape(), rules_inside=True)
        if self.shape_strict.short_then_long + self.shape_strict.titles >= 2:
            # Two or more headlines that end on no full stop (pass 2's titles among them)
            # stand over their text: this page's headlines are not sentences, so a short
            # sentence here is a lead.
            return self.shape_strict.shape()
        return self.shape.shape()

    def _header(self) -> _Line | None:
        """A dated first line set apart by a blank line dates the bulletin, not its first item."""
        line = self.first
        if line is None or self.first_kind != _TS or line.stamp is None:
            return None
        if self.after_first not in (_BLANK, _SEP):
            return None
        if line.category or line.source:
            return line
        # A bare date on top of a page that prints full dates above or below its records is
        # the first of those (a date-first listing), not the bulletin's own date.
        return line if self.others >= 2 and self.full_stamps < 2 else None


class _Assembler:
    """Pass two: the items, in order, each as soon as the lines below it are known."""

    def __init__(self, plan: _Plan, origin: str | None, dropped: list[Dropped] | None) -> None:
        self.plan, self.origin, self.dropped = plan, origin, dropped
        self.text, self.base = "", 0  # the input from the first line still held
        self.lead: list[_Line] = []  # the lines above the pending run that go with it
        self.run: list[_Line] | None = None  # the last run; its item waits for its trail
        self.gap: list[_Line] = []  # the lines since that run
        self.header_seen = plan.header is None
        self.context = _full_date(plan.header.stamp) if plan.header else None
        if self.context is None and plan.page.day is not None:
            # Clock-only entries ("15:11 PM EDT") take the day of the page's date.
            self.context = plan.page.day.value
        self.waiting: list[tuple[_Draft, Item]] = []  # items waiting for a year printed below
        self.asked: set[str] = set()  # the short last lines whose count decided a sign-off
        self.fits: set[str | None] = {None, "lead", "trail"}  # conventions that cut the same
        self.records = _Records(plan.shape)
        self.seps = 0  # separator lines so far
        self.first_run = True  # the run held is the page's first
        stamp = plan.header.stamp if plan.header is not None else None
        # Not a header date with a clock time: when the page was made or updated
        # (see pagedate); it still gives its day to clock-only entries (`context`).
        if (
            stamp is not None
            and stamp.has_date
            and stamp.has_year
            and not stamp.has_time
            and not update_stamp(plan.header.text if plan.header is not None else "")
        ):
            self.records.date = stamp  # the bulletin's date: of every item printing none

    def feed(self, window: _Window) -> Iterator[Item]:
        self.seps += sum(line.kind == _SEP for line in window.lines)
        held = self.lead or self.run or self.gap
        keep = held[0].start if held else window.base
        self.text, self.base = self.text[keep - self.base :] + window.text, keep
        lines = window.lines
        mark_page_furniture(lines, self.plan.furniture)  # page template
        self._mark_header(lines)
        runs = _runs(lines)
        if self.plan.signoffs is not None:
            _mark_signoffs(lines, runs, self.plan.signoffs, self.asked)
        end = 0
        for run in runs:
            if not run:
                continue
            self.gap += [line for line in lines[end : run[0]] if line.kind != _HEADER]
            self.records.scan_header(self.gap, [lines[i] for i in run])
            above = [line.stamp for line in self.gap if line.kind == _TS and line.stamp]
            if above and above[-1].has_date and above[-1].has_year and not above[-1].has_time:
                # A date printed above a record dates the records under it that print none (a
                # day heading over a list, a date-first listing). A day heading prints
                # no clock time; a stamp with one is one record's, or when the page was made.
                self.records.date = above[-1]
            run_lines = [lines[i] for i in run]
            if self.plan.shape.kind == "title-list":
                # On a list of titles, a line pass 2 read as the title of the next one is a
                # title-only record like the others.
                moved = _trailing_titles(self.gap)
                self.gap = self.gap[: len(self.gap) - len(moved)]
                run_lines = [*moved, *run_lines]
            if self.plan.shape.labelled or self.plan.shape.listed:
                # On a page that heads its paragraphs with section labels, or whose records are
                # list entries, a label the line pass read as a headline (under a day's date,
                # say) is a section label too.
                for line in self.gap:
                    if line.kind == _TITLE and _is_label(line):
                        line.kind, line.value = _CAT, _unmarked(line.text)
            # A title or a timestamp above the run: it is a record, not the page's intro.
            title_above = any(line.kind == _TITLE for line in self.gap)
            titled_above = title_above or any(line.kind == _TS for line in self.gap)
            for meta, body in self.records.cut(run_lines, titled_above, title_above):
                for kind in (_TITLE, _CAT):
                    if self.run is not None:
                        break
                    # Above the first record only the headline (label) nearest to it is its
                    # title (section); those above are the page's name and heading.
                    higher = [line for line in self.gap if line.kind == kind]
                    if not any(line.kind == kind for line in meta):
                        higher = higher[:-1]  # the nearest is in the gap: it stays
                    for line in higher:
                        line.kind = _HEADER
                self.gap += meta
                if body:
                    yield from self._next_run(body)
            end = run[-1] + 1
        self.gap += [line for line in lines[end:] if line.kind != _HEADER]

    def finish(self) -> Iterator[Item]:
        headers = [line for line in self.gap if line.kind in (_HEADER, _TITLE)]
        if self.run is None and headers:
            # Nothing but a header or titles: no record structure, so the text is one item.
            for line in headers:
                line.kind, line.value = _BODY, None
            at, end = self.gap.index(headers[0]), self.gap.index(headers[-1]) + 1
            self.lead, self.run, self.gap = self.gap[:at], self.gap[at:end], self.gap[end:]
        if self.run is not None:
            kinds = [line.kind for line in self.gap]
            if _TITLE in kinds:
                # A headline under the last item whose text the page cut off: an item still.
                cut = self._lead_cut(kinds, any(line.kind == _TS for line in self.lead))
                titles = [line for line in self.gap[cut:] if line.kind == _TITLE]
                above = (
                    {line.kind for line in self.gap[: self.gap.index(titles[0])]}
                    if titles
                    else set()
                )
                # Set apart the way this page sets its items apart: by a date or a rule line,
                # or by a blank line on a page that draws no rule lines.
                if titles and (
                    _TS in above or _SEP in above or (_BLANK in above and not self.seps)
                ):
                    yield from self._emit(self.lead, self.run, self.gap[:cut])
                    at = self.gap.index(titles[0])
                    titles[0].kind, titles[0].title_only = _BODY, True
                    self.lead, self.run = self.gap[cut:at], [titles[0]]
                    self.gap = self.gap[at + 1 :]
            yield from self._emit(self.lead, self.run, self.gap)
        yield from self._release(None)

    def _mark_header(self, lines: list[_Line]) -> None:
        header = self.plan.header
        if self.header_seen or header is None:
            return
        for line in lines:
            if line.kind == _BLANK:
                continue
            self.header_seen = True
            if line.start == header.start:
                line.kind = _HEADER
                if self.dropped is not None:
                    self.dropped.append(_drop(line))
            return

    def _next_run(self, run: list[_Line]) -> Iterator[Item]:
        if self.run is None:  # everything above the first run goes with it
            self.lead, self.gap = self.gap, []
            kinds = [line.kind for line in self.lead]
            titles = [i for i, kind in enumerate(kinds) if kind == _TITLE]
            if len(titles) >= 2 and _BLANK in kinds[titles[-2] : titles[-1]]:
                # Headlines set apart above the first record's own: the page's name and
                # heading, not a title and its subtitle (those stand one under the other).
                for i in titles[:-1]:
                    self.lead[i].kind = _HEADER
            # (A date line may already be the bulletin's date, a header line with its stamp.)
            dates = [
                i
                for i, line in enumerate(self.lead)
                if line.kind == _TS or (line.kind == _HEADER and line.stamp is not None)
            ]
            if _TITLE in kinds and dates and dates[-1] > kinds.index(_TITLE):
                last_ts = dates[-1]
                if _TITLE in kinds[last_ts:]:
                    # "Heading / date / headline / text": the first record opens with its date
                    # as the others do; a headline above that date is the page's.
                    for line in self.lead[:last_ts]:
                        if line.kind == _TITLE:
                            line.kind = _HEADER
        elif self.plan.shape.rules_inside and all(
            line.kind in (_SEP, _BLANK, _BOILER) for line in self.gap
        ):
            # Only rule lines since the last run, on a page whose rules part paragraphs (see
            # `structure._RuleCount`): the same record goes on. (The rules stay separator
            # lines, so windows still end before them.)
            self.run, self.gap = [*self.run, *self.gap, *run], []
            return
        else:
            prev_stamped = any(line.kind == _TS for line in self.lead)
            kinds = [line.kind for line in self.gap]
            way = dateline_way(self.gap, self.run, run)
            if way is not None:
                cut = _lead_start(kinds, prev_stamped, way)[0]
            else:
                cut = self._lead_cut(kinds, prev_stamped)
            if self._unstamped_top(prev_stamped, kinds, cut):
                # Records that open with their clock times, and text above the first time:
                # a live blog's pinned summary or welcome, the page's, not an entry.
                for line in (*self.lead, *self.run, *self.gap[:cut]):
                    if line.kind in (_BODY, _TITLE, _CAT):
                        line.kind = _HEADER
                self.lead = [*self.lead, *self.run, *self.gap]
                self.run, self.gap = run, []
                return
            yield from self._emit(self.lead, self.run, self.gap[:cut])
            self.lead, self.gap = self.gap[cut:], []
        self.run = run

    def _unstamped_top(self, prev_stamped: bool, kinds: list[str], cut: int) -> bool:
        """The run held is the first, prints no time, and the page's records lead with theirs."""
        first, self.first_run = self.first_run, False
        shape = self.plan.shape
        if not first or not shape.clocked or self.plan.convention != "lead":
            return False
        # Its own time, not a date alone above it: on a page of clock-stamped entries a date
        # without a time over the first text is the page's date.
        timed = any(
            line.kind == _TS and line.stamp is not None and line.stamp.has_time
            for line in self.lead
        )
        if prev_stamped and timed:
            return False
        assert self.run is not None
        if any(line.dateline is not None for line in self.run):
            return False  # a datelined paragraph is a record, dated by its dateline or not
        return _TS not in kinds[:cut] and _TS in kinds[cut:]

    def _lead_cut(self, kinds: list[str], prev_stamped: bool) -> int:
        """`_lead_start` under the plan's convention; `fits` keeps the conventions that agree."""
        cuts = {way: _lead_start(kinds, prev_stamped, way)[0] for way in ("lead", "trail")}
        if _touching(kinds):
            # A date touching both records goes the page's way (`_Census.plan`), not to the
            # record above it only because it touches it. (One set apart from both goes with
            # the headline under it, the commoner way: a page's ends are no surer a guide,
            # since an intro line or a date cut off at the end moves them.)
            cuts["lead"] = _with_categories_above(kinds, kinds.index(_TS))
        default = "lead" if prev_stamped else "trail"
        cut = cuts[self.plan.convention or default]
        if cuts["lead"] != cuts["trail"]:
            self.fits = {c for c in self.fits if cuts[c or default] == cut}
        return cut

    def _emit(self, lead: list[_Line], run: list[_Line], trail: list[_Line]) -> Iterator[Item]:
        if self.plan.page.monthfirst:  # "9/4/2025" on a page that prints "9/26/2025"
            reread_month_first([*lead, *trail], self.plan.page.only)
        draft = _draft(lead, run, trail, self.plan.page.only)
        # A section's or header's date first, else the page's own (header or foot).
        draft.inherited = run[0].date_above or self.plan.page.date
        if draft.inherited is self.plan.page.date and self.plan.page.edited and draft.ago is None:
            # "Last updated: ..." is when the page was edited, no record's own day;
            # a relative time ("2 hours ago") still counts back from it.
            draft.inherited = None
        item = _to_item(self.text, self.base, draft, self.origin)
        stamp = draft.stamp
        full = _full_date(stamp)
        if not self.waiting and (stamp is None or full is not None or self.context is not None):
            self.context = _date_drafts([draft], self.context, None)
            yield self._finished(draft, item)
            return
        # A date without a year and nothing above to take it from: the first full date below.
        self.waiting.append((draft, item))
        if full is not None:
            yield from self._release(full)

    def _release(self, ahead: datetime | None) -> Iterator[Item]:
        self.context = _date_drafts([d for d, _ in self.waiting], self.context, ahead)
        for draft, item in self.waiting:
            yield self._finished(draft, item)
        self.waiting = []

    def _finished(self, draft: _Draft, item: Item) -> Item:
        if draft.published is not None:
            item = replace(item, published=draft.published, precision=draft.precision)
        if self.dropped is not None:
            kept = _kept(draft, item)
            self.dropped += [
                _drop(line) for line in draft.lines if line.kind != _BLANK and line not in kept
            ]
        return item


def _touching(gap: list[str]) -> bool:
    """A gap of a date then a headline, nothing parting them from the records on either side."""
    if _TITLE not in gap or _TS not in gap or {_BLANK, _BOILER, _SEP} & set(gap):
        return False
    return gap.index(_TS) < gap.index(_TITLE)


def _trailing_titles(gap: list[_Line]) -> list[_Line]:
    """The title lines (and blank lines among them) that end `gap`, made body lines again."""
    n = len(gap)
    while n > 0 and gap[n - 1].kind in (_TITLE, _BLANK):
        n -= 1
    while n < len(gap) and gap[n].kind == _BLANK:
        n += 1
    moved = gap[n:]
    for line in moved:
        if line.kind == _TITLE:
            line.kind, line.value = _BODY, None
    return moved


def _iter_items(
    read: Callable[[], Iterable[str]], layout: Layout, origin: str | None, size: int
) -> Iterator[Item]:
    """Both passes over the input, which `read` gives in pieces (once per pass)."""
    plan, only = _survey(
        _windows(read(), layout, size), _signoffs_counted(layout), _structure_inferred(layout)
    )
    if plan is not None:
        second = [only] if only is not None else _windows(read(), layout, size)
        yield from _cut_items(plan, second, origin, None)


def _signoffs_counted(layout: Layout) -> bool:
    return "signoff" not in _compile_layout(layout)


def _structure_inferred(layout: Layout) -> bool:
    """A house layout that says what titles or separators look like describes the records
    itself: the page's structure is then not inferred (`structure`)."""
    patterns = _compile_layout(layout)
    return "title" not in patterns and "separator" not in patterns


def _survey(
    windows: Iterator[_Window], signoffs: bool, infer: bool = True
) -> tuple[_Plan | None, _Window | None]:
    """Pass one; when the input is a single window, it is kept for pass two, not read again."""
    only = next(windows, None)
    if only is None:
        return None, None
    census = _Census(signoffs, infer)
    census.feed(only.lines)
    for window in windows:
        only = None
        census.feed(window.lines)
    return census.plan(), only


def _cut_items(
    plan: _Plan, windows: Iterable[_Window], origin: str | None, dropped: list[Dropped] | None
) -> Iterator[Item]:
    """Pass two."""
    if not plan.has_runs:
        yield from _metadata_only(list(windows), origin, dropped)
        return
    assembler = _Assembler(plan, origin, dropped)
    for window in windows:
        yield from assembler.feed(window)
    yield from assembler.finish()


def _guess_items(
    windows: Iterator[_Window], layout: Layout, origin: str | None, dropped: list[Dropped] | None
) -> tuple[list[Item] | None, _Plan | None]:
    """Both passes at once, cutting with what the first window suggests of the whole bulletin.

    When the text is held anyway and the items are returned as a list, reading it twice is
    needless most of the time: the first window nearly always decides as the whole does. The
    items are kept only if every whole-bulletin decision they used turned out the same;
    otherwise (None, the plan of the whole) says to cut them again.
    """
    census = _Census(_signoffs_counted(layout), _structure_inferred(layout))
    assembler: _Assembler | None = None
    guess: _Plan | None = None
    items: list[Item] = []
    left_out: list[Dropped] | None = None if dropped is None else []
    for window in windows:
        census.feed(window.lines)  # before the assembler marks headers and sign-offs
        if assembler is None:
            guess = census.plan()
            assembler = _Assembler(guess, origin, left_out)
        items += assembler.feed(window)
    if assembler is None or guess is None:
        return None, None
    items += assembler.finish()
    plan = census.plan()
    if not plan.has_runs or not _same_decisions(guess, plan, assembler):
        return None, plan
    if dropped is not None and left_out is not None:
        dropped += left_out
    return items, plan


def _same_decisions(guess: _Plan, plan: _Plan, used: _Assembler) -> bool:
    """Whether the items cut with `guess` are those `plan` cuts."""
    if guess.header is not plan.header or plan.convention not in used.fits:
        return False
    if guess.shape != plan.shape or guess.furniture != plan.furniture:
        return False
    if guess.page != plan.page:
        return False
    if guess.signoffs is None or plan.signoffs is None:
        return guess.signoffs is plan.signoffs
    return all(guess.signoffs.repeated(k) == plan.signoffs.repeated(k) for k in used.asked)


def _metadata_only(
    windows: list[_Window], origin: str | None, dropped: list[Dropped] | None
) -> list[Item]:
    """No body line anywhere: keep the metadata as one item rather than drop what was given."""
    lines = [line for window in windows for line in window.lines]
    kept = [line for line in lines if line.kind not in (_BLANK, _SEP, _BOILER)]
    items: list[Item] = []
    keep: set[_Line] = set()
    if kept:
        for line in kept:
            line.kind = _BODY
        first, last = lines.index(kept[0]), lines.index(kept[-1])
        draft = _draft(lines[:first], kept, lines[last + 1 :])
        _date_drafts([draft], None, None)
        text = "".join(window.text for window in windows)
        items.append(_to_item(text, windows[0].base, draft, origin))
        keep = _kept(draft, items[0])
    if dropped is not None:
        dropped += [_drop(line) for line in lines if line.kind != _BLANK and line not in keep]
    return items
