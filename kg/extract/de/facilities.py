"""Facility facts of the German extractor: where a plant, a headquarters or an airport lies
and who runs it.

Split from `kg.extract.de.places` (one idea per module): "ein neues Batteriewerk in Thüringen",
"betreibt in Dresden eine Chipfabrik", "das BMW-Werk", "in seinem Lager in Vösendorf", "am
Salzburger Flughafen", and the towns in bigger places the place index agrees with
(`kg.extract.de.places.towns`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.common.lexicon import GermanRule as Rule
from kg.extract.de.clauses import Clause, Sentence
from kg.extract.de.coref import possessor_agrees
from kg.extract.de.places import Draft, city_word, place_word, towns
from kg.extract.de.shared import CERT, Item, mention
from kg.model import NEW_KEY
from kg.places import city_adjective

_LOC_RULE = Rule("locatedIn", ("subj",), ("obj",), frozenset(), frozenset(), 0.85)


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
    yield from towns(s)
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
            or not city_word(adj)  # HanTa reads "sein Wolfsburger Werk" as two nouns
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
        yield Draft(fac, "locatedIn", place_word(adj, city), "Asserted", 0.8 * fac.certainty)


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


__all__ = ["located_in"]
