"""Cross-item linking over one run's mentions table: surnames to full names, acronyms to names."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from .orgs import initials, is_acronym

#: How many items before or after a surname-only mention a full name may stand to be joined.
WINDOW = 20


def link_mentions(mentions: pd.DataFrame, window: int = WINDOW) -> pd.DataFrame:
    """Join surnames and acronyms to full names seen in other items of the same run.

    A person with no role or country takes the commonest one its full name has elsewhere in
    the run. A PERSON whose canonical name is one word takes the full name (and its role and
    country, where it has none) of the only person with that surname within `window` items;
    so does a one-word ORG that is such a surname, relabelled PERSON. An ORG acronym takes the
    expansion defined in another item, or the only ORG name of the run whose initials it is.
    The input is not modified.

    Examples:
        >>> rows = pd.DataFrame({
        ...     "item_id": ["a", "b"], "label": ["PERSON", "PERSON"],
        ...     "text": ["Sergei Lavrov", "Lavrov"], "canonical": ["Sergei Lavrov", "Lavrov"],
        ...     "role": ["Foreign Minister", None], "country": ["RUS", None]})
        >>> link_mentions(rows)[["canonical", "role", "country"]].iloc[1].tolist()
        ['Sergei Lavrov', 'Foreign Minister', 'RUS']
    """
    out = mentions.copy()
    if out.empty or not {"item_id", "label", "canonical", "text"} <= set(out.columns):
        return out
    # Plain lists, not per-row pandas access: this runs over every mention of a run.
    order = {item: n for n, item in enumerate(pd.unique(out["item_id"]))}
    position = out["item_id"].map(order).tolist()
    labels, canonical, texts = (_strings(out[c]) for c in ("label", "canonical", "text"))
    linked: dict[int, str] = {}  # row -> the full name or expansion it takes

    by_surname: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row, name in enumerate(canonical):
        if labels[row] == "PERSON" and name is not None and len(name.split()) > 1:
            by_surname[name.split()[-1]].append((position[row], name))
    # The small English model often labels a lone surname ORG ("..., Lavrov said"): a one-word
    # ORG that is the surname of a person of the run is a candidate too, and becomes PERSON.
    people = [row for row, label in enumerate(labels)
              if label == "PERSON" and canonical[row] is not None]
    lone_orgs = [row for row, label in enumerate(labels)
                 if label == "ORG" and canonical[row] in by_surname
                 and not is_acronym(texts[row] or "")]
    for row in people + lone_orgs:
        name = canonical[row]
        if name is None or len(name.split()) != 1:
            continue
        near = {full for pos, full in by_surname.get(name, ())
                if abs(pos - position[row]) <= window}
        if len(near) == 1:
            linked[row] = near.pop()
    relabelled = [row for row in linked if labels[row] != "PERSON"]
    # The same person elsewhere in the run: a mention with no role or country takes the one
    # the text gives in another item ("Foreign Minister Lavrov" there, "Lavrov said" here).
    same = {row: name for row, name in enumerate(canonical)
            if labels[row] == "PERSON" and name is not None and len(name.split()) > 1}
    _fill_from_full_names(out, {**same, **linked}, labels, canonical)

    defined: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    orgs = [row for row, label in enumerate(labels) if label == "ORG"]
    for row in orgs:
        text, name = texts[row] or "", canonical[row]
        if name is None:
            continue
        if is_acronym(text) and name != text:
            defined[text].add(name)
        elif not is_acronym(name):
            names[initials(name)].add(name)
    for row in orgs:
        text, name = texts[row] or "", canonical[row]
        if not is_acronym(text) or (name is not None and name != text):
            continue
        candidates = defined.get(text) or names.get(text) or set()
        if len(candidates) == 1:
            linked[row] = next(iter(candidates))

    if linked:
        rows = out.index[list(linked)]
        out.loc[rows, "canonical"] = list(linked.values())
    if relabelled:
        out.loc[out.index[relabelled], "label"] = "PERSON"
    return out


def _strings(column: pd.Series) -> list[str | None]:
    return [None if pd.isna(value) else str(value) for value in column.tolist()]


def _fill_from_full_names(out: pd.DataFrame, linked: dict[int, str],
                          labels: list[str | None], canonical: list[str | None]) -> None:
    """A linked surname without a role or country takes the commonest one of its full name."""
    wanted = set(linked.values())
    for column in ("role", "country"):
        if column not in out.columns:
            continue
        values = out[column].tolist()
        seen: dict[str, Counter[str]] = defaultdict(Counter)
        for row, name in enumerate(canonical):
            if name in wanted and labels[row] == "PERSON" and not pd.isna(values[row]):
                seen[name][values[row]] += 1
        fills = {row: _mode(seen[full]) for row, full in linked.items()
                 if pd.isna(values[row]) and seen.get(full)}
        if fills:
            out.loc[out.index[list(fills)], column] = list(fills.values())


def _mode(counts: Counter[str]) -> str:
    # The commonest value; ties go to the first in sorted order, as pandas' `mode` does.
    return min(counts.items(), key=lambda pair: (-pair[1], pair[0]))[0]
