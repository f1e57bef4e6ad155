"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span


def run_on_ents(nlp: Language, text: str, ents: list[tuple[int, int, str]],
                published: datetime | None = None) -> Doc:
    """Run `nlp`'s components over `text` with the given NER spans (token start, end, label),
    so that a component's rules are tested without the statistical model's guesses;
    `published`, the item's date, as the Tagger sets it."""
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, start, end, label) for start, end, label in ents]
    if published is not None:
        doc._.published = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def roles_of(doc: Doc) -> dict[str, tuple[str | None, str | None]]:
    """Each person's canonical name -> (role, country), as the people component set them."""
    return {e._.canonical: (e._.role, e._.country) for e in doc.ents if e.label_ == "PERSON"}


def children(pid: int) -> set[int]:
    """The pids whose parent is `pid`, read from /proc (Linux)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie or a dead process does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")
