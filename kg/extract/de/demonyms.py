"""German country adjectives by rule: "russischen" -> Russland, "bulgarische" -> Bulgarien,
"panamaischen" -> Panama, "kubanische" -> Kuba, "deutsch-französische" -> both.

The gazetteer lists the demonyms of the countries it knows; German news names many more
countries by their adjective. Like `kg.places.city_adjective`, this derives the country from the
adjective by the regular German rules (strip the case ending and "-isch", then try the country
name forms "-land", "-ien", "-en", "-a", "-ei", ...) and accepts a form only when the country
index (`kg.gazetteer`, then `kg.places`) knows it as a country. The few adjectives no rule
reaches ("venezolanisch", "dänisch", "saudi-arabisch") are data
(`extract.de_irregular_country_adjectives`), their countries checked against the same index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg import gazetteer as gaz
from kg import places
from kg.words import word_map

_ENDING = re.compile(r"(?:e|en|er|es|em)$")


@dataclass(frozen=True, slots=True)
class Country:
    key: str
    label: str  # the German name


def country_adjectives(word: str) -> tuple[Country, ...]:
    """The countries a (possibly hyphenated) adjective names: "deutsch-französische" -> two."""
    irregular = _irregular(word.lower())
    if irregular is not None:
        return (irregular,)
    parts = word.split("-")
    if len(parts) > 1:
        # "deutsch-französische": the case ending sits on the last part only
        last = _ENDING.sub("", parts[-1].lower())
        found = [country_adjective(p) for p in (*parts[:-1], last)]
        return tuple(c for c in found if c is not None) if all(found) else ()
    hit = country_adjective(word)
    return (hit,) if hit is not None else ()


@lru_cache(maxsize=4096)
def country_adjective(word: str) -> Country | None:
    """The country an adjective names ("russischen" -> Russland), or None."""
    low = word.lower()
    irregular = _irregular(low)
    if irregular is not None or not low.isalpha():
        return irregular
    e = gaz.load().demonym(low)
    if e is None and low.endswith("em"):  # "deutschem": the gazetteer lists no dative
        e = gaz.load().demonym(low[:-2])
    if e is not None and e.type == "Country":
        return Country(e.key, e.labels.get("de", e.label))
    base = _ENDING.sub("", low) if not low.endswith("isch") else low
    if not base.endswith("isch") or len(base) < 6:
        return None
    stem = base[:-4]
    forms = [
        stem,  # panama-isch, iran-isch, japan-isch
        stem + "land",  # russ-isch, ir-isch
        stem + "enland",  # griech-isch
        stem + "ien",  # bulgar-isch, span-isch, syr-isch
        stem + "en",  # schwed-isch, ägypt-isch
        stem + "e",  # niederländ-isch
        stem + "a",  # kanad-isch
        stem + "n",  # ungar-isch
        stem + "ei",  # türk-isch, slowak-isch
    ]
    if stem.endswith("n"):
        forms += [stem[:-1], stem[:-2] + "o", stem[:-2] + "en"]  # kuban-, mexikan-, brasilian-
    if stem.endswith("es"):
        forms.append(stem[:-2])  # vietnames-isch
    for form in forms:
        hit = country_named(form.capitalize())
        if hit is not None:
            return hit
    return None


def _irregular(low: str) -> Country | None:
    """ "venezolanischen" -> Venezuela: an adjective the rules miss, by its base form."""
    base = low if low.endswith("sch") else _ENDING.sub("", low)
    name = _irregular_adjectives().get(base)
    return country_named(name) if name is not None else None


@lru_cache(maxsize=1)
def _irregular_adjectives() -> dict[str, str]:
    return word_map("extract.de_irregular_country_adjectives")


@lru_cache(maxsize=4096)
def region_adjective(word: str) -> places.Place | None:
    """The German or Austrian state an adjective names: "niederösterreichische" ->
    Niederösterreich, "bayerischen" -> Bayern, "sächsische" -> Sachsen, "Tiroler" -> Tirol; the
    stem, less at most its last letter, may be the start of the name ("steir-isch" ->
    Steiermark), when one state alone begins so. The states are the place index's
    (`kg.places.states`), not a hand list."""
    low = word.lower()
    if low.endswith("er") and word[:1].isupper():
        stem = low[:-2]  # "Tiroler", "Kärntner"
        forms = [stem, stem[:-1] + "en"]
    else:
        base = _ENDING.sub("", low) if not low.endswith("isch") else low
        if not base.endswith("isch"):
            return None
        stem = base[:-4]
        forms = [stem, stem + "n", stem + "en"]
    if len(stem) < 4 or not stem.replace("-", "").isalpha():
        return None
    states = {_plain(p.label): p for p in places.states()}
    for form in forms:
        hit = states.get(_plain(form))
        if hit is not None:
            return hit
    if low.endswith("er"):
        return None
    head = _plain(stem)
    need = max(4, len(head) - 1)
    starts = [p for name, p in states.items() if _common(name, head) >= need]
    return starts[0] if len(starts) == 1 else None


def _common(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _plain(text: str) -> str:
    """Lower case without umlauts ("Sächs" ~ "Sachsen")."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


def country_named(name: str) -> Country | None:
    """The country a German or English name means ("Bulgarien"), or None."""
    e = gaz.load().lookup(name)
    if e is not None:
        return Country(e.key, e.labels.get("de", e.label)) if e.type == "Country" else None
    p = places.lookup(name, "de")
    if p is not None and p.kind == "country":
        return Country(p.key, p.label_de or p.label)
    return None


__all__ = [
    "Country",
    "country_adjective",
    "country_adjectives",
    "country_named",
    "region_adjective",
]
