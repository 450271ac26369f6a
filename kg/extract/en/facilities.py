"""An unnamed new facility is a node only when the article identifies it by operator and place.

"a refinery in Houston was closed", "a new project funded by the EU": a facility introduced
with no name (key `kg.model.NEW_KEY`) is one of many; only its operator (or financier, owner,
buyer) together with its place tell it apart ("Western Refining Company's refinery in Texas",
"BP's Texas City refinery": the issue's "plants labelled by operator and place"). Facts about an
unnamed facility that lacks either are dropped: a node nobody can tell from the next refinery
is a junk edge. Definite back-references ("the plant") are left to the resolver, which merges
them into the facility they name.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.en.phrases import np_span
from kg.model import NEW_KEY, REF_KEY, Fact, Mention
from kg.words import words

_DEFINITE = words("extract.en_definite")
_INDEFINITE = words("extract.en_indefinite")

# Relations that say whose a facility is (it is their object).
_OWNING = frozenset({"operates", "finances", "investsIn", "acquires", "buysFrom"})


def identified(facts: list[Fact]) -> list[Fact]:
    """`facts` without those about an unnamed facility that has no operator or no place."""
    owned = {f.object.key for f in facts if f.predicate in _OWNING}
    placed = {f.subject.key for f in facts if f.predicate == "locatedIn"}

    known = owned & placed

    def anonymous(m: Mention) -> bool:
        return m.type == "Facility" and m.key.startswith(NEW_KEY) and m.key not in known

    return [f for f in facts if not anonymous(f.subject) and not anonymous(f.object)]


def facility_mention(tok: Token, definite: bool, dets: set[str], lang: str) -> Mention:
    """A facility noun as a mention: a definite back-reference ("the plant", key `REF_KEY`)
    or a new facility ("a new battery plant", key `NEW_KEY`) named by its bare noun modifiers."""
    s, e = np_span(tok, keep_det=True)
    span = tok.doc[s:e]
    # "X's copper mine in Chile", "its plant in Ireland": a facility of a named owner is
    # introduced there, not referred back to.
    owned = any(c.dep_ == "poss" for c in tok.children) and not dets & (
        _DEFINITE - {"its", "their", "his", "her", "our"}
    )
    # "the Natchez tire plant", "the Dunmore Hotel": a name introduces the facility too.
    owned = owned or any(
        c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ != "GPE" for c in tok.lefts
    )
    if not owned and (definite or not (dets & _INDEFINITE or not dets)):
        return Mention(
            span.text,
            span.start_char,
            span.end_char,
            "Facility",
            tok.lemma_.lower(),
            f"{REF_KEY}{span.start_char}",
            0.6,
            lang,
        )
    # The name: the bare noun modifiers right before the head ("battery plant"), not
    # amounts ("$3 billion factory") or modified modifiers ("joint venture battery plant").
    modifiers = [
        t.text
        for t in span
        if t.i == tok.i
        or (t.dep_ == "compound" and t.head.i == tok.i and t.is_alpha and not list(t.children))
        or (t.pos_ == "PROPN" and t.dep_ == "compound" and t.head.dep_ == "compound")
    ]
    name = " ".join(modifiers) if modifiers else tok.lemma_
    names = [
        c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ != "GPE"
    ]
    if names:  # "the Mount Snow ski resort": the whole name, then its trade (a city places it)
        name = tok.doc[names[0].left_edge.i : tok.i + 1].text
    return Mention(
        span.text,
        span.start_char,
        span.end_char,
        "Facility",
        name if owned and name[:1].isupper() else name.lower(),  # "Natchez tire plant"
        f"{NEW_KEY}{span.start_char}",
        0.7,
        lang,
    )
