"""The Phoenix leaders dictionary: who held which government office of which country, and when.

The fallback for a person's role and country when the text gives neither (see `people`): a
term of office covers the item's date, and its Phoenix role code reads as words ("government",
"political elite"). Loaded once from `data/phoenix_leaders.tsv`, which `_build_data` extracts
from the Phoenix dictionaries (PETRARCH2, MIT licence).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

#: What the Phoenix role codes mean, in words an analyst reads.
PHOENIX_ROLES = {
    "GOV": "government", "ELI": "political elite", "MIL": "military", "OPP": "opposition",
    "LEG": "legislature", "JUD": "judiciary", "SPY": "intelligence", "REB": "rebel",
    "BUS": "government (economy)", "AGR": "government (agriculture)",
    "MED": "government (media)", "EDU": "government (education)",
    "HLH": "government (health)", "DEV": "government (development)",
    "LAB": "government (labour)", "ENV": "government (environment)",
    "HRI": "government (human rights)", "REL": "government (religion)",
    "COP": "government (police)", "REF": "government (refugees)",
}


@dataclass(frozen=True, slots=True)
class Term:
    """One term of office from the Phoenix leaders dictionary."""

    name: str
    country: str
    role_code: str
    start: date | None
    end: date | None

    def covers(self, when: date | None) -> bool:
        """Whether the term includes `when` (an unknown date matches open-ended terms only)."""
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    @property
    def role(self) -> str:
        code = self.role_code
        return PHOENIX_ROLES.get(code[3:] or code[:3], PHOENIX_ROLES.get(code[:3], "government"))


class Leaders:
    """Leaders and their terms, by upper-case name and alias.

    Examples:
        >>> leaders = Leaders.default()
        >>> term = leaders.term("Ilham Aliyev", date(2024, 9, 1))
        >>> (term.country, term.role)
        ('AZE', 'government')
    """

    def __init__(self, terms: Iterable[Term] = (), aliases: dict[str, str] | None = None) -> None:
        self.terms: dict[str, list[Term]] = {}
        for term in terms:
            self.terms.setdefault(term.name, []).append(term)
        self.aliases = aliases or {}

    def term(self, name: str, when: date | None) -> Term | None:
        """The term of `name` that covers `when`, preferring a government office."""
        key = " ".join(name.upper().split())
        key = self.aliases.get(key, key)
        found = [t for t in self.terms.get(key, []) if t.covers(when)]
        if not found:
            return None
        return min(found, key=lambda t: (not t.role_code.startswith("GOV"), len(t.role_code)))

    @classmethod
    def default(cls) -> Leaders:
        """The leaders extracted from Phoenix into `data/phoenix_leaders.tsv` (loaded once)."""
        global _leaders
        if _leaders is None:
            terms: list[Term] = []
            aliases: dict[str, str] = {}
            with (DATA_DIR / "phoenix_leaders.tsv").open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    terms.append(Term(row["name"], row["country"], row["role_code"],
                                      _date(row["start"]), _date(row["end"])))
                    for alias in filter(None, row["aliases"].split("|")):
                        # Only aliases that are names ("SERGEI LAVROV"), not titled forms.
                        if len(alias.split()) <= 3 and alias.split()[-1] == row["name"].split()[-1]:
                            aliases.setdefault(alias, row["name"])
            _leaders = cls(terms, aliases)
        return _leaders


_leaders: Leaders | None = None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
