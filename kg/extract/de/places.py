"""Location facts of the German extractor: where a company is based, which town lies in which
bigger place (facilities: `kg.extract.de.facilities`).

Split from `kg.extract.de.extract` (one idea per module): these facts come from nationality
adjectives and compounds, "aus"/"mit Sitz in", an apposition with a country's genitive, not
from trigger rules, so they need neither the rule lexicon's slots nor its modality beyond the
clause's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kg import gazetteer as gaz
from kg import places
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.de.clauses import Sentence
from kg.extract.de.demonyms import (
    Country,
    country_adjectives,
    country_named,
    region_adjective,
)
from kg.extract.de.products import maker_product
from kg.extract.de.shared import CERT, Item, cue_like, mention
from kg.model import Mention
from kg.places import city_adjective


@dataclass
class Draft:
    """A fact before it is anchored to its sentence (confidence without the headline penalty)."""

    subject: Mention
    predicate: str
    object: Mention
    modality: str
    confidence: float


def based_in(s: Sentence, g: gaz.Gazetteer, lex: Lexicon) -> Iterator[Draft]:
    """basedIn: "vom chinesischen Unternehmen X", "US-Hersteller X", "der Münchner Konzern X",
    "X aus China", "X mit Sitz in Y"; produces: "der Batteriehersteller X"."""
    for it in s.items:
        if it.kind == "coref" and it.end - it.start > 1:
            yield from described(s, it, g, lex)
            yield from _seat(s, it)  # "das Unternehmen aus Montabaur"
        if it.mention.type != "Organization" or it.kind not in {"gaz", "cued", "cand"}:
            continue
        before = _before(s, it, lex)
        if before is not None:
            yield from _maker(s, it, before, lex)
        found = _origin(s, it, before, g, lex) or _apposed_origin(s, it, lex)
        for cm, cert in found:
            yield Draft(
                it.mention, "basedIn", cm, "Asserted", 0.9 * min(it.mention.certainty, cert)
            )
        if found:
            continue
        if it.kind != "cand" or before is not None:
            yield from _seat(s, it)
        yield from _resident(s, it, before)


def _before(s: Sentence, it: Item, lex: Lexicon, depth: int = 0):
    """The cue noun right before a name ("Batteriehersteller X", "US-Konkurrenten X"), also
    for a later conjunct ("die drei deutschen Autobauer Audi, BMW und Daimler": BMW's)."""
    j = it.start - 1
    if j < s.sent.start:
        return None
    t = s.sent.doc[j]
    if cue_like(t, lex):
        return t
    if depth < 6 and t.lower_ in {",", "und", "sowie"}:
        prev = next((o for o in s.items if o.end == j and o.mention.type == "Organization"), None)
        if prev is not None and prev.kind in {"gaz", "cued", "cand"}:
            return _before(s, prev, lex, depth + 1)
    return None


def _maker(s: Sentence, it: Item, cue, lex: Lexicon) -> Iterator[Draft]:
    """ "der Roboterbauer Kuka" -> Kuka produces Roboter (`kg.extract.de.products`)."""
    pm = maker_product(cue, s, lex)
    if pm is not None:
        yield Draft(it.mention, "produces", pm, "Asserted", 0.75 * min(it.mention.certainty, 0.8))


def _origin(
    s: Sentence, it: Item, cue, g: gaz.Gazetteer, lex: Lexicon
) -> list[tuple[Mention, float]]:
    """Country or city from "US-Konkurrent", "chinesischen Hersteller", "Münchner Konzern",
    "Bulgariens größtes Telekomunternehmen X", "das deutsch-französische Konsortium X"."""
    doc = s.sent.doc
    if cue is not None and "-" in cue.text:
        first = cue.text.split("-", 1)[0]
        e = g.demonym(first) or g.lookup(first)
        if e is not None and e.type == "Country":
            return [(_country(e, cue.idx, first), 0.9)]
        prefix = cue.text.rsplit("-", 1)[0]  # "Abu-Dhabi-Staatsholding"
        hit = places.lookup(prefix.replace("-", " "), "de")
        if hit is not None:
            m = mention(
                prefix,
                cue.idx,
                cue.idx + len(prefix),
                "Country" if hit.kind == "country" else "Place",
                hit.label,
                hit.key,
                CERT["demonym"],
            )
            return [(m, 0.9)]
    j = it.start - 1 if cue is None else cue.i - 1
    while j >= s.sent.start and (doc[j].tag_ in {"ADJA", "ADJD"} or city_word(doc[j])):
        t = doc[j]
        countries = country_adjectives(t.text) if t.tag_ == "ADJA" else ()
        if countries:
            return [(_adjective_country(c, t), 0.9) for c in countries]
        city = city_adjective(t.text) if t.text[:1].isupper() else None
        city = city or region_adjective(t.text)
        if city is None and j > s.sent.start and doc[j - 1].text[:1].isupper():
            city = city_adjective(f"{doc[j - 1].text} {t.text}")  # "New Yorker"
            t = doc[j - 1 : j + 1] if city is not None else t
        if city is not None and (cue is not None or it.kind != "cand"):
            return [(place_word(t, city), 0.9)]
        j -= 1
    if cue is not None and j >= s.sent.start and doc[j].tag_ == "NE" and doc[j].text.endswith("s"):
        # "Bulgariens größtes Telekomunternehmen Vivacom": a country's genitive owns the cue
        c = country_named(doc[j].text[:-1])
        if c is not None:
            return [(_adjective_country(c, doc[j]), 0.9)]
    return []


def _apposed_origin(s: Sentence, it: Item, lex: Lexicon) -> list[tuple[Mention, float]]:
    """ "Die Central Intelligence Agency (CIA), der Auslandsgeheimdienst der USA, ...", "X,
    der größte Versorger Österreichs,": an apposed organisation noun with a country's genitive
    says where the organisation is from."""
    doc = s.sent.doc
    k = it.end
    if k + 2 < s.sent.end and doc[k].text == "(" and doc[k + 2].text == ")":
        k += 3  # an acronym in brackets after the name
    if k + 2 >= s.sent.end or doc[k].text != "," or doc[k + 1].tag_ != "ART":
        return []
    k += 2
    while k < s.sent.end and doc[k].tag_ in {"ADJA", "ADV"}:
        k += 1  # "der größte", "der zweitgrößte"
    if k + 1 >= s.sent.end or not cue_like(doc[k], lex):
        return []
    nxt = doc[k + 1]
    if nxt.tag_ == "NE" and nxt.text.endswith("s"):  # "Versorger Österreichs"
        c = country_named(nxt.text[:-1])
        return [(_adjective_country(c, nxt), 0.85)] if c is not None else []
    if nxt.lower_ in {"der", "des"}:  # "der Auslandsgeheimdienst der USA"
        country = next(
            (o for o in s.items if o.start == k + 2 and o.mention.type == "Country"), None
        )
        if country is not None and (country.end == s.sent.end or doc[country.end].is_punct):
            return [(country.mention, 0.85)]
    return []


def _adjective_country(c: Country, t) -> Mention:
    return mention(t.text, t.idx, t.idx + len(t.text), "Country", c.label, c.key, CERT["demonym"])


def place_word(t, place: places.Place) -> Mention:
    """A city or state named by its adjective ("Münchner", "niederösterreichische", the span
    "New Yorker")."""
    start = t.start_char if hasattr(t, "start_char") else t.idx
    return mention(
        t.text, start, start + len(t.text), "Place", place.label, place.key, CERT["demonym"]
    )


def city_word(t) -> bool:
    return t.text[:1].isupper() and t.text.endswith("er") and t.tag_ in {"NN", "NE", "ADJA"}


def _country(e: gaz.Entry, start: int, text: str) -> Mention:
    return mention(
        text,
        start,
        start + len(text),
        "Country",
        e.labels.get("de", e.label),
        e.key,
        CERT["demonym"],
    )


def described(s: Sentence, it: Item, g: gaz.Gazetteer, lex: Lexicon) -> Iterator[Draft]:
    """What a resolved description says of its company: "der deutsche Konzern" (basedIn),
    "das Salzburger Unternehmen" (basedIn), "der Fahrzeughersteller" (produces)."""
    doc = s.sent.doc
    head = doc[it.end - 1]
    pm = maker_product(head, s, lex)
    if pm is not None:
        yield Draft(it.mention, "produces", pm, "Asserted", 0.7 * it.mention.certainty)
    first, sep, _ = head.text.partition("-")
    e = (g.demonym(first) or g.lookup(first)) if sep else None
    if e is not None and e.type == "Country":  # "die beiden US-Unternehmen"
        cm = _country(e, head.idx, first)
        yield Draft(it.mention, "basedIn", cm, "Asserted", 0.8 * it.mention.certainty)
        return
    for t in doc[it.start : it.end - 1]:
        countries = country_adjectives(t.text) if t.tag_ == "ADJA" else ()
        for c in countries:
            cm = _adjective_country(c, t)
            yield Draft(it.mention, "basedIn", cm, "Asserted", 0.8 * it.mention.certainty)
        if countries:
            return
        city = city_adjective(t.text) if t.text[:1].isupper() and t.text.endswith("er") else None
        city = city or (region_adjective(t.text) if t.tag_ == "ADJA" else None)
        if city is not None:
            pm = place_word(t, city)
            yield Draft(it.mention, "basedIn", pm, "Asserted", 0.8 * it.mention.certainty)
            return


def _resident(s: Sentence, it: Item, cue) -> Iterator[Draft]:
    """ "der auf den Bahamas ansässige Investmentfonds X", "das in Y beheimatete X"."""
    doc = s.sent.doc
    j = (cue.i if cue is not None else it.start) - 1
    if j < s.sent.start or not doc[j].lemma_.lower().startswith(("ansässig", "beheimatet")):
        return
    place = next(
        (
            o
            for o in reversed(s.items)
            if j - 6 <= o.start < j and o.mention.type in {"Country", "Place"} and o.slot == "pp"
        ),
        None,
    )
    if place is not None:
        conf = 0.85 * min(it.mention.certainty, place.mention.certainty)
        yield Draft(it.mention, "basedIn", place.mention, "Asserted", conf)


def _seat(s: Sentence, it: Item) -> Iterator[Draft]:
    """ "X aus China", "X mit Sitz in Y"."""
    doc = s.sent.doc
    k = it.end
    while (k < s.sent.end and doc[k].text in {"(", ")"}) or (
        k < s.sent.end and any(o.start == k and o.slot == "appos" for o in s.items)
    ):
        k += 1
    words = [t.lower_ for t in doc[k : k + 4]]
    target = None
    strength = 0.0
    if words[:1] == ["aus"]:
        target, strength = k + 1, 0.7
    elif words[:3] == ["mit", "sitz", "in"]:
        target, strength = k + 3, 0.9
    if target is None:
        return
    place = next(
        (o for o in s.items if o.start == target and o.mention.type in {"Country", "Place"}), None
    )
    if place is not None:
        yield Draft(
            it.mention,
            "basedIn",
            place.mention,
            "Asserted",
            strength * min(it.mention.certainty, place.mention.certainty),
        )


def towns(s: Sentence) -> Iterator[Draft]:
    """locatedIn between places: a country adjective before a town, one noun between at most
    ("ins kubanische Varadero", "der venezolanischen Hauptstadt Caracas", "an dessen deutschem
    Standort Hilden"), and a town "in" a bigger place ("Saalfelden in Salzburg") or "bei" a
    region (a town "bei" a city is only near it: "Freising bei München"). The place index must
    agree: the country the adjective names is the town's own, the bigger place is of the town's
    country."""
    doc = s.sent.doc
    for it in s.items:
        town = places.german_place(it.mention.text) if it.mention.type == "Place" else None
        if town is None or town.kind != "city" or town.country is None:
            continue
        j = it.start - 1
        if j > s.sent.start and doc[j].tag_ == "NN":
            j -= 1
        if j >= s.sent.start and doc[j].tag_ == "ADJA":
            for c in country_adjectives(doc[j].text):
                home = places.by_key(c.key)
                if home is not None and home.iso == town.country:
                    cm = _adjective_country(c, doc[j])
                    yield Draft(it.mention, "locatedIn", cm, "Asserted", 0.8 * it.mention.certainty)
        k = it.end
        if k + 1 >= s.sent.end or doc[k].lower_ not in {"in", "bei"}:
            continue
        big = next((o for o in s.items if o.start == k + 1), None)
        where = places.german_place(big.mention.text) if big is not None else None
        # "Freising bei München" is near Munich, not in it: "bei" places a town only in a
        # region or a country ("Saalfelden bei Salzburg", the land)
        near = doc[k].lower_ == "bei" and where is not None and where.kind == "city"
        if where is not None and _contains(where, town) and not near:
            conf = 0.8 * min(it.mention.certainty, big.mention.certainty)
            yield Draft(it.mention, "locatedIn", big.mention, "Asserted", conf)


def _contains(where: places.Place, town: places.Place) -> bool:
    if where.kind == "country":
        return where.iso == town.country
    return (
        where.country == town.country
        and where.key != town.key
        and (where.kind == "region" or where.population > town.population)
    )
