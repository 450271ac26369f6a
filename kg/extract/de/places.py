"""Location facts of the German extractor: where a company is based, where a facility is.

Split from `kg.extract.de.extract` (one idea per module): these facts come from nationality
adjectives and compounds, "aus"/"mit Sitz in" and "in" after a new facility, not from trigger
rules, so they need neither the rule lexicon's slots nor its modality beyond the clause's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kg import gazetteer as gaz
from kg import places
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.common.lexicon import GermanRule as Rule
from kg.extract.de.clauses import Clause, Sentence
from kg.extract.de.coref import possessor_agrees
from kg.extract.de.demonyms import (
    Country,
    country_adjectives,
    country_named,
    region_adjective,
)
from kg.extract.de.products import maker_product
from kg.extract.de.shared import CERT, Item, cue_like, mention
from kg.model import NEW_KEY, Mention
from kg.places import city_adjective


@dataclass
class Draft:
    """A fact before it is anchored to its sentence (confidence without the headline penalty)."""

    subject: Mention
    predicate: str
    object: Mention
    modality: str
    confidence: float


_LOC_RULE = Rule("locatedIn", ("subj",), ("obj",), frozenset(), frozenset(), 0.85)


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
        found = _origin(s, it, before, g, lex)
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
    while j >= s.sent.start and (doc[j].tag_ in {"ADJA", "ADJD"} or _city_word(doc[j])):
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
            return [(_place_word(t, city), 0.9)]
        j -= 1
    if cue is not None and j >= s.sent.start and doc[j].tag_ == "NE" and doc[j].text.endswith("s"):
        # "Bulgariens größtes Telekomunternehmen Vivacom": a country's genitive owns the cue
        c = country_named(doc[j].text[:-1])
        if c is not None:
            return [(_adjective_country(c, doc[j]), 0.9)]
    return []


def _adjective_country(c: Country, t) -> Mention:
    return mention(t.text, t.idx, t.idx + len(t.text), "Country", c.label, c.key, CERT["demonym"])


def _place_word(t, place: places.Place) -> Mention:
    """A city or state named by its adjective ("Münchner", "niederösterreichische", the span
    "New Yorker")."""
    start = t.start_char if hasattr(t, "start_char") else t.idx
    return mention(
        t.text, start, start + len(t.text), "Place", place.label, place.key, CERT["demonym"]
    )


def _city_word(t) -> bool:
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
            pm = _place_word(t, city)
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


def located_in(s: Sentence, modality_of: Callable[[Clause, Rule], str]) -> Iterator[Draft]:
    """locatedIn from "ein neues Batteriewerk in Thüringen", "betreibt in Dresden eine
    Chipfabrik" (the clause's only place, under a plant verb); operates from "das BMW-Werk"."""
    doc = s.sent.doc
    for it in s.items:
        if it.mention.type != "Facility":
            continue
        c = next((c for c in s.clauses if c.lo <= it.start < c.hi), None)
        owner = _facility_owner(s, it)
        if owner is not None:
            yield Draft(
                owner.mention,
                "operates",
                it.mention,
                "Asserted",
                0.8 * min(owner.mention.certainty, it.mention.certainty),
            )
        k = it.end
        place = None
        if k + 1 < s.sent.end and doc[k].lower_ in {"in", "im"}:
            place = next(
                (o for o in s.items if o.start == k + 1 and o.mention.type in {"Country", "Place"}),
                None,
            )
        elif c is not None and _plant_verb(c, s.lex):
            places = [
                o
                for o in c.items
                if o.slot == "pp" and o.prep == "in" and o.mention.type in {"Country", "Place"}
            ]
            place = places[0] if len(places) == 1 else None
        if place is not None:
            modality = modality_of(c, _LOC_RULE) if c else "Asserted"
            yield Draft(
                it.mention,
                "locatedIn",
                place.mention,
                modality,
                0.85 * min(it.mention.certainty, place.mention.certainty),
            )
    yield from _towns(s)
    yield from _owned_facilities(s)
    yield from _city_facilities(s)


def _owned_facilities(s: Sentence) -> Iterator[Draft]:
    """ "der Textilriese Palmers in seinem Lager in Vösendorf", "des Anbieters MCI an dessen
    deutschem Standort Hilden": a facility noun after a possessive is the possessor's (the
    clause's organisation for "sein"/"ihr", the one named last for "dessen"/"deren"), a node
    named by owner and place ("Palmers-Lager in Vösendorf", "MCI-Standort Hilden"), as English
    tells an unnamed facility by operator and place (`kg.extract.en.facilities`); with no place
    after it, it is no node."""
    doc = s.sent.doc
    for tok in s.sent:
        tail = tok.lemma_.lower().rsplit("-", 1)[-1]
        if tok.tag_ != "NN" or not tail.endswith(s.lex.owned_facility_nouns):
            continue
        j = tok.i - 1
        while j > s.sent.start and doc[j].tag_ in {"ADJA", "ADJD"}:
            j -= 1
        owner = _possessor(s, doc[j])
        if owner is None or any(o.start <= tok.i < o.end for o in s.items):
            continue
        at = {o.start: o for o in s.items if o.mention.type in {"Country", "Place"}}
        k = tok.i + 1
        inside = k + 1 < s.sent.end and doc[k].lower_ in {"in", "im"} and k + 1 in at
        place = at.get(k + 1) if inside else at.get(k)
        if place is None:
            continue
        name = f"{owner.mention.name}-{tok.text}{' in' if inside else ''} {place.mention.text}"
        end = place.end if inside else tok.i + 1
        span = doc[j:end]
        fac = mention(
            span.text,
            span.start_char,
            span.end_char,
            "Facility",
            name,
            f"{NEW_KEY}{span.start_char}",
            CERT["new"],
        )
        conf = 0.8 * min(owner.mention.certainty, fac.certainty)
        yield Draft(owner.mention, "operates", fac, "Asserted", conf)
        if inside:
            conf = 0.85 * min(fac.certainty, place.mention.certainty)
            yield Draft(fac, "locatedIn", place.mention, "Asserted", conf)


def _city_facilities(s: Sentence) -> Iterator[Draft]:
    """ "am Salzburger Flughafen", "in seinem Wolfsburger Werk": a city adjective before a
    facility noun names the facility and says where it lies (a node named by the adjective
    and the noun; a possessive before it names its owner, who operates it). A noun that names
    a facility only when a company owns it ("die Weseler Niederlassung des Landesbetriebs")
    needs the possessive."""
    doc = s.sent.doc
    nouns = (*s.lex.facility_suffixes, *s.lex.owned_facility_nouns)
    for tok in s.sent:
        tail = tok.lemma_.lower().rsplit("-", 1)[-1]
        adj = doc[tok.i - 1] if tok.i > s.sent.start else None
        if (
            tok.tag_ != "NN"
            or "-" in tok.text  # "das BMW-Werk": named by its owner
            or not tail.endswith(nouns)
            or tok.ent_type_  # "der Wiener Stadtwerke Holding": a company's name
            # one facility, in the singular: "die Münchner Stadtwerke" is the utility
            or tok.text not in {tok.lemma_, tok.lemma_ + "s", tok.lemma_ + "es"}
            or adj is None
            or not _city_word(adj)  # HanTa reads "sein Wolfsburger Werk" as two nouns
            or adj.i == s.sent.start
            or doc[adj.i - 1].tag_ not in {"ART", "APPRART", "PPOSAT", "PDAT"}
            or (tok.i + 1 < s.sent.end and doc[tok.i + 1].lower_ in {"in", "im"})
        ):
            continue
        city = city_adjective(adj.text)
        if city is None:
            continue
        owner = _possessor(s, doc[adj.i - 1])
        if owner is None and not tail.endswith(s.lex.facility_suffixes):
            continue
        fac = mention(
            doc[adj.i : tok.i + 1].text,
            adj.idx,
            tok.idx + len(tok.text),
            "Facility",
            f"{adj.text} {tok.lemma_}",
            f"{NEW_KEY}{adj.idx}",
            CERT["new"],
        )
        if owner is not None:
            conf = 0.8 * min(owner.mention.certainty, fac.certainty)
            yield Draft(owner.mention, "operates", fac, "Asserted", conf)
        yield Draft(fac, "locatedIn", _place_word(adj, city), "Asserted", 0.8 * fac.certainty)


def _possessor(s: Sentence, det) -> Item | None:
    """The organisation a possessive means, named before it in its sentence."""
    d_word = det.lower_ in {"dessen", "deren"}
    if not d_word and det.tag_ != "PPOSAT":
        return None
    own = next((o for o in s.items if o.start == det.i and o.slot == "poss"), None)
    if own is not None:
        return own if own.mention.type == "Organization" and own.kind != "ref" else None
    c = next((c for c in s.clauses if c.lo <= det.i < c.hi), None)
    orgs = [
        o
        for o in s.items
        if o.end <= det.i
        and o.mention.type == "Organization"
        and o.slot not in {"source", "pp"}
        and o.kind != "ref"  # a description nothing resolved
        and (d_word or (c is not None and c.lo <= o.start and o.slot == "bare"))
    ]
    return orgs[-1] if orgs and possessor_agrees(det.text, s.sent.doc, orgs[-1]) else None


def _towns(s: Sentence) -> Iterator[Draft]:
    """locatedIn between places: a country adjective before a town, one noun between at most
    ("ins kubanische Varadero", "der venezolanischen Hauptstadt Caracas", "an dessen deutschem
    Standort Hilden"), and a town "in"/"bei" a bigger place ("Saalfelden in Salzburg", "La
    Defense bei Paris"). The place index must agree: the country the adjective names is the
    town's own, the bigger place is of the town's country."""
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
        if where is not None and _contains(where, town):
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


def _plant_verb(c: Clause, lex: Lexicon) -> bool:
    return any(
        r.predicate == "operates"
        for t in c.toks
        if t.tag_.startswith("VV")
        for r in lex.verbs.get(t.lemma_.lower(), ())
    )


def _facility_owner(s: Sentence, it: Item) -> Item | None:
    """ "das BMW-Werk": the organisation named in the facility compound runs it."""
    head = s.sent.doc[it.end - 1]
    prefix, sep, _tail = head.text.rpartition("-")
    if not sep:
        return None
    e = s.g.lookup(prefix)
    if e is None or e.type != "Organization":
        return None
    return Item(
        head.i,
        head.i + 1,
        mention(
            prefix, head.idx, head.idx + len(prefix), "Organization", prefix, e.key, CERT["gaz"]
        ),
        "prefix",
    )
