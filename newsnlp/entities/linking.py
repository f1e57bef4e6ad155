"""Cross-item linking over one run's mentions table: surnames to full names, acronyms to names."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from .orgs import initials, is_acronym

#: How many items before or after a surname-only mention a full name may stand to be joined.
WINDOW = 20


def link_mentions(mentions: pd.DataFrame, window: int = WINDOW) -> pd.DataFrame:
    """Join surnames and acronyms to full names seen in other items of the same run.

    A PERSON whose canonical name is one word takes the full name (and its role and country,
    where it has none) of the only person with that surname within `window` items; so does a
    one-word ORG that is such a surname, relabelled PERSON. An ORG
    acronym takes the expansion defined in another item, or the only ORG name of the run whose
    initials it is. The input is not modified.

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
    order = {item: n for n, item in enumerate(pd.unique(out["item_id"]))}
    position = out["item_id"].map(order)
    labels = out["label"].astype("string")
    canonical = out["canonical"].astype("string")

    people = out.index[(labels == "PERSON") & canonical.notna()]
    by_surname: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in people:
        name = str(canonical[row])
        if len(name.split()) > 1:
            by_surname[name.split()[-1]].append((int(position[row]), name))
    # The small English model often labels a lone surname ORG ("..., Lavrov said"): a one-word
    # ORG that is the surname of a person of the run is a candidate too, and becomes PERSON.
    lone_orgs = out.index[(labels == "ORG") & canonical.isin(list(by_surname))
                          & ~out["text"].astype("string").map(is_acronym).astype(bool)]
    for row in people.append(lone_orgs):
        name = str(canonical[row])
        if len(name.split()) != 1:
            continue
        near = {full for pos, full in by_surname.get(name, [])
                if abs(pos - int(position[row])) <= window}
        if len(near) == 1:
            full = near.pop()
            out.at[row, "canonical"] = full
            out.at[row, "label"] = "PERSON"
            source = out[(canonical == full) & (labels == "PERSON")]
            for column in ("role", "country"):
                if column in out.columns and bool(out[column].isna().at[row]):
                    values = source[column].dropna()
                    if not values.empty:
                        out.at[row, column] = values.mode().iloc[0]

    orgs = out.index[labels == "ORG"]
    defined: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for row in orgs:
        text, name = str(out.at[row, "text"]), canonical[row]
        if pd.isna(name):
            continue
        if is_acronym(text) and name != text:
            defined[text].add(str(name))
        elif not is_acronym(str(name)):
            names[initials(str(name))].add(str(name))
    for row in orgs:
        text = str(out.at[row, "text"])
        name = canonical[row]
        if not is_acronym(text) or (not pd.isna(name) and name != text):
            continue
        candidates = defined.get(text) or names.get(text) or set()
        if len(candidates) == 1:
            out.at[row, "canonical"] = next(iter(candidates))
    return out
