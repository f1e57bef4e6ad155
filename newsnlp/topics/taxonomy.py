"""The IPTC NewsCodes Media Topic vocabulary: codes, names, definitions and the hierarchy.

The vocabulary ships as `data/iptc_mediatopic.json` (the 1,099 active codes of the 2023-10-24
version; IPTC, CC BY 4.0 — the attribution is in the file and in `Taxonomy.attribution`). Topics
are looked up by code ("medtop:11000000") or by English name ("politics"); any topic rolls up to
its level-1 parent, which is what `topic_l1` columns hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import Errors, InputError

_DATA_FILE = "iptc_mediatopic.json"


@dataclass(frozen=True, slots=True)
class Topic:
    """One Media Topic.

    Attributes:
        code: The QCode, e.g. "medtop:20000574".
        name: The English name, e.g. "election"; names are unique in the vocabulary.
        definition: IPTC's one-sentence definition.
        parent: The code of the broader topic, None for the 17 level-1 topics.
        level: 1 for the top level, up to 6.
    """

    code: str
    name: str
    definition: str
    parent: str | None
    level: int


class Taxonomy:
    """The Media Topic hierarchy, indexed by code and by name.

    Use `load_taxonomy()` to get the shipped vocabulary (loaded once).

    Examples:
        >>> tax = load_taxonomy()
        >>> tax["medtop:20000574"].name
        'election'
        >>> tax.level1("election").name
        'politics'
        >>> "armed conflict" in tax
        True
    """

    def __init__(self, topics: list[Topic], attribution: str = "") -> None:
        self.attribution = attribution
        self._by_code = {t.code: t for t in topics}
        self._by_name = {t.name: t for t in topics}
        self._children: dict[str, list[Topic]] = {}
        for t in topics:
            if t.parent is not None:
                self._children.setdefault(t.parent, []).append(t)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Topic]:
        return iter(self._by_code.values())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self._by_code or key in self._by_name)

    def __getitem__(self, key: str) -> Topic:
        topic = self.get(key)
        if topic is None:
            raise InputError(Errors.E039.format(key=key))
        return topic

    def get(self, key: str) -> Topic | None:
        """The topic with this code or name, or None.

        Examples:
            >>> load_taxonomy().get("no such topic") is None
            True
        """
        return self._by_code.get(key) or self._by_name.get(key)

    def level(self, n: int) -> list[Topic]:
        """All topics at level `n` (1 is the top), in code order.

        Examples:
            >>> len(load_taxonomy().level(1))
            17
        """
        return [t for t in self._by_code.values() if t.level == n]

    def children(self, key: str) -> list[Topic]:
        """The topics one level below `key`.

        Examples:
            >>> "election" in [t.name for t in load_taxonomy().children("politics")]
            True
        """
        return list(self._children.get(self[key].code, []))

    def descendants(self, key: str) -> list[Topic]:
        """All topics below `key`, depth first.

        Examples:
            >>> "referenda" in [t.name for t in load_taxonomy().descendants("politics")]
            True
        """
        out: list[Topic] = []
        stack = list(reversed(self.children(key)))
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(reversed(self._children.get(t.code, [])))
        return out

    def ancestors(self, key: str) -> list[Topic]:
        """The path from `key` up to its level-1 topic, `key` itself first.

        Examples:
            >>> [t.name for t in load_taxonomy().ancestors("referenda")]
            ['referenda', 'election', 'politics']
        """
        topic: Topic | None = self[key]
        path: list[Topic] = []
        while topic is not None:
            path.append(topic)
            topic = self._by_code.get(topic.parent) if topic.parent else None
        return path

    def level1(self, key: str) -> Topic:
        """The level-1 topic that `key` rolls up to (itself if it is level 1).

        Examples:
            >>> load_taxonomy().level1("medtop:20000056").name
            'conflict, war and peace'
        """
        return self.ancestors(key)[-1]

    def at_level(self, key: str, n: int) -> Topic | None:
        """The ancestor of `key` at level `n`, or None if `key` is above that level.

        Examples:
            >>> load_taxonomy().at_level("referenda", 2).name
            'election'
            >>> load_taxonomy().at_level("politics", 2) is None
            True
        """
        for t in self.ancestors(key):
            if t.level == n:
                return t
        return None


@cache
def load_taxonomy() -> Taxonomy:
    """The shipped IPTC Media Topic vocabulary (read once, then cached).

    Examples:
        >>> load_taxonomy()["politics"].code
        'medtop:11000000'
    """
    text = resources.files("newsnlp.topics").joinpath("data", _DATA_FILE).read_text("utf-8")
    doc = json.loads(text)
    topics = [
        Topic(t["code"], t["name"], t["definition"], t["parent"], int(t["level"]))
        for t in doc["topics"]
    ]
    return Taxonomy(topics, attribution=doc["attribution"])
