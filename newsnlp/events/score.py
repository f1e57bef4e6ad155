"""The `score` of an event: how often a mention like it is a real event of its type.

A mention's cell is (event type, noun or verb trigger, with or without a participant from the
parse). Its score is the share of such mentions that were a right event of the right type when
the calibration was made, smoothed towards the type's share and that towards the overall share
(each with the weight of `PRIOR_WEIGHT` mentions), so that a rare cell is not scored 0 or 1 from
two cases. An event's score is the best of its mentions' scores; a negated, future or
hypothetical mention is not a past event and scores a quarter of that.

The table (`calibration.json`) holds counts only, and says where they came from: it was fitted
by `python benchmarks/evaluate_events.py calibrate` on the WikiEvents dev split (research-only
news articles; no text or word of them is stored, only these hit counts per cell).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")

#: Weight, in mentions, of the back-off share a cell's share is smoothed towards.
PRIOR_WEIGHT = 4.0
#: Factor on the score of a mention that is not asserted as having happened.
NOT_ASSERTED = 0.25


def features(mention: Mapping[str, Any]) -> tuple[str, str, str]:
    """The calibration cell of a mention (as the `newsnlp_events` component writes it).

    Examples:
        >>> features({"event_type": "arrest", "is_noun": False, "arguments": [{"role": "target"}]})
        ('arrest', 'verb', 'args')
    """
    return (str(mention["event_type"]), "noun" if mention["is_noun"] else "verb",
            "args" if any(a["role"] != "place" for a in mention["arguments"]) else "noargs")


def fit_calibration(rows: Iterable[tuple[tuple[str, str, str], bool]], source: str
                    ) -> dict[str, Any]:
    """Hit counts per cell and per type from (cell, was it right) pairs.

    Examples:
        >>> table = fit_calibration([(("arrest", "verb", "args"), True)], source="hand")
        >>> table["cells"]["arrest|verb|args"], table["overall"]
        ([1, 1], [1, 1])
    """
    cells: dict[str, list[int]] = {}
    types: dict[str, list[int]] = {}
    overall = [0, 0]
    for cell, hit in rows:
        for counts in (cells.setdefault("|".join(cell), [0, 0]),
                       types.setdefault(cell[0], [0, 0]), overall):
            counts[0] += int(hit)
            counts[1] += 1
    return {"source": source, "prior_weight": PRIOR_WEIGHT, "cells": cells, "types": types,
            "overall": overall}


@cache
def _table() -> dict[str, Any]:
    if not CALIBRATION_PATH.exists():
        return {"cells": {}, "types": {}, "overall": [1, 2]}
    loaded: dict[str, Any] = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    return loaded


def mention_score(mention: Mapping[str, Any], table: Mapping[str, Any] | None = None) -> float:
    """The calibrated score of one mention, in [0, 1].

    Examples:
        >>> table = {"cells": {"arrest|verb|args": [9, 10]}, "types": {"arrest": [9, 12]},
        ...          "overall": [1, 2]}
        >>> m = {"event_type": "arrest", "is_noun": False, "arguments": [{"role": "target"}],
        ...      "modality": "asserted"}
        >>> round(mention_score(m, table), 3), round(mention_score(m | {"modality": "future"},
        ...                                                        table), 3)
        (0.839, 0.21)
    """
    table = _table() if table is None else table
    hits, n = table["overall"]
    share = (hits + 1) / (n + 2)
    cell = features(mention)
    for counts in (table["types"].get(cell[0]), table["cells"].get("|".join(cell))):
        if counts is not None:
            share = (counts[0] + PRIOR_WEIGHT * share) / (counts[1] + PRIOR_WEIGHT)
    asserted = mention.get("modality", "asserted") == "asserted"
    return float(share) * (1.0 if asserted else NOT_ASSERTED)
