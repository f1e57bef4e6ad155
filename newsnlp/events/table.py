"""One row per event in an item, from the event mentions the `newsnlp_events` component found.

Several mentions of one event in an item ("the elections" three times; "signed" and "the
agreement") are one row: mentions of the same type are grouped unless they state different
dates, name different places, or differ in whether the event happened (a negated or future
mention is not the asserted one). The row's trigger is its best-scored mention, its actors,
targets and place are the union of its mentions' (an argument that is itself a trigger of the
item is dropped: "signed an agreement" has no target "agreement"), and so is a pronoun ("she
was arrested": the mention has "she" as its target, the table only names).

A statement is counted by who made it: a statement row with no named actor (only "he said") is
left out.

When the text gives no date, `event_date` is the item's published date and `date_precision` is
"published": the event happened by then, which is what a timeline needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from .score import mention_score
from .syntax import ARG_PRONOUNS
from .vocabulary import CAMEO

Mention = Mapping[str, Any]

#: Types counted by who acted: a row needs a named actor ("he said" alone is nobody's statement).
_NEEDS_ACTOR = frozenset({"statement"})


def _name(argument: Mention) -> str:
    return str(argument.get("canonical") or argument["text"])


def group_mentions(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions of one item grouped into events (see the module docstring).

    Examples:
        >>> m = lambda t, d=None: {"event_type": t, "date": d, "modality": "asserted",
        ...                        "arguments": []}
        >>> [len(g) for g in group_mentions([m("election"), m("election", "2024-09-01"),
        ...                                  m("election", "2020-02-09"), m("arrest")])]
        [2, 1, 1]
    """
    groups: list[list[Mention]] = []
    for mention in mentions:
        place = _place(mention)
        for group in groups:
            first = group[0]
            dates = {m["date"] for m in group if m["date"]}
            places = {p for m in group if (p := _place(m))}
            if first["event_type"] != mention["event_type"] or (
                    first["modality"] != mention["modality"]) or (
                    mention["date"] and dates and mention["date"] not in dates) or (
                    place and places and place not in places):
                continue
            group.append(mention)
            break
        else:
            groups.append([mention])
    return groups


def _place(mention: Mention) -> str | None:
    return next((_name(a) for a in mention["arguments"] if a["role"] == "place"), None)


def event_rows(item_id: str, mentions: Sequence[Mention], published: datetime | None
               ) -> list[tuple[Any, ...]]:
    """The rows of `EVENTS_SCHEMA` for the mentions of one item (offsets into its text).

    Examples:
        >>> mention = {"event_type": "arrest", "date": None, "modality": "asserted",
        ...            "start": 10, "end": 18, "head_start": 10, "head_end": 18,
        ...            "text": "arrested", "is_noun": False, "date_precision": None,
        ...            "arguments": [{"role": "target", "text": "two men", "start": 19,
        ...                           "end": 26, "canonical": None, "country": None}]}
        >>> row = event_rows("i1", [mention], datetime(2024, 9, 2))[0]
        >>> row[:4], row[9:11], row[11]
        (('i1:0', 'i1', 'arrest', '17'), (datetime.datetime(2024, 9, 2, 0, 0), 'published'), [])
    """
    triggers = [(m["head_start"], m["head_end"]) for m in mentions]
    rows: list[tuple[Any, ...]] = []
    for group in group_mentions(mentions):
        scored = [(mention_score(m), m) for m in group]
        score, best = max(scored, key=lambda pair: pair[0])
        roles: dict[str, dict[str, list[str]]] = {"actor": {}, "target": {}, "place": {}}
        for mention in group:
            for argument in mention["arguments"]:
                if any(a < argument["end"] and argument["start"] < b for a, b in triggers) or (
                        argument["text"].lower() in ARG_PRONOUNS):
                    continue
                codes = argument.get("countries") or [argument.get("country")]
                roles[argument["role"]].setdefault(_name(argument), [c for c in codes if c])
        when = next((m for m in group if m["date"]), None)
        if when is not None:
            event_date: datetime | None = datetime.fromisoformat(when["date"])
            precision: str | None = when["date_precision"]
        elif published is not None:
            day = published.date() if isinstance(published, datetime) else published
            event_date, precision = datetime.combine(day, datetime.min.time()), "published"
        else:
            event_date, precision = None, None
        if best["event_type"] in _NEEDS_ACTOR and not roles["actor"]:
            continue  # "he said" with no name in the item's mentions of it: a statement of nobody
        place_name, place_codes = next(iter(roles["place"].items()), (None, []))
        # "Helmand Province, Afghanistan": the country of the larger place when the first has none
        place_codes = place_codes or next((c for c in roles["place"].values() if c), [])
        rows.append((
            f"{item_id}:{len(rows)}", item_id, best["event_type"], CAMEO.get(best["event_type"]),
            best["text"], best["start"], best["end"], best["modality"],
            best["modality"] != "asserted", event_date, precision,
            list(roles["actor"]), _codes(roles["actor"].values()),
            list(roles["target"]), _codes(roles["target"].values()),
            place_name, place_codes[0] if place_codes else None, round(score, 4),
            [f"{m['start']}:{m['end']}" for m in sorted(group, key=_start)], len(group),
            None,  # event_cluster: set across items by newsnlp.events.clusters
        ))
    return rows


def _start(mention: Mention) -> int:
    return int(mention["start"])


def _codes(codes: Iterable[list[str]]) -> list[str]:
    return sorted({c for some in codes for c in some})

