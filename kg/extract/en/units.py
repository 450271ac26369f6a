"""A company's unnamed unit, described by what it does, is a node of its own.

"Armtek announced the sale of its industrial tire and assembly business division to Dyneer",
"agreed to sell its sintered friction materials business in Italy to MLX", "Dainippon bought
Sun Chemical's graphic arts group": the unit sold has no name, yet the article tells it apart
by its owner and its trade, as an unnamed facility is told apart by its operator and place
(`kg.extract.en.facilities`). A unit noun (`cues.described_unit_nouns`) with a possessor and
two or more words of noun modifiers becomes an organisation mention named by those words,
keyed as new (`kg.model.NEW_KEY`); "its business", "its tea business", "Yukos' key production
unit" stay back-references that name nothing (one word is how an article refers to a unit
it names elsewhere, or to a trade, not to one unit).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.common.lexicon import Lexicon
from kg.extract.en.syntax import prep_objects
from kg.model import NEW_KEY, Mention

_CERTAINTY = 0.6


def described_unit(tok: Token, lex: Lexicon, lang: str) -> Mention | None:
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.cues.get(
        "described_unit_nouns", frozenset()
    ):
        return None
    if not any(c.dep_ == "poss" for c in tok.children):
        return None
    # The trade: noun modifiers with their own modifiers ("industrial tire and assembly
    # business", "friction materials", "US gaming"), not adjectives that judge or count
    # ("its loss-making label", "its last remaining store").
    mods = [c for c in tok.lefts if c.dep_ in {"compound", "nmod"} and c.pos_ in {"NOUN", "PROPN"}]
    if not mods or any(c.ent_type_ in {"ORG", "PERSON"} for m in mods for c in m.subtree):
        return None  # "its Waymo unit" is Waymo (`Mentions.company`)
    doc = tok.doc
    start = min(m.left_edge.i for m in mods)
    if tok.i - start < 2:
        return None  # "its tea business", "its production unit": a one-word trade tells no unit
    span = doc[start : tok.i + 1]
    name = span.text.lower()
    return Mention(
        span.text,
        span.start_char,
        span.end_char,
        "Organization",
        name,
        f"{NEW_KEY}{span.start_char}",
        _CERTAINTY,
        lang,
    )


def unit_owner(tok: Token, lex: Lexicon) -> list[Token]:
    """Who owns an unnamed unit, or the company formed to take another over: "merge with a
    wholly-owned subsidiary of Banner Industries", "be merged into a unit of Adobe", "merge
    into a company formed by Welsh, Carson" (`cues.vehicle_verbs`). A company that merges into
    such a body is bought by its owner; a named unit ("merge with Maricorp, a unit of Y") is
    a party of its own and gives nothing here."""
    if tok.pos_ != "NOUN" or tok.ent_type_:
        return []
    lemma = tok.lemma_.lower()
    if lemma in lex.subsidiary_nouns:
        return [o for o in prep_objects(tok, {"of"}) if o.pos_ == "PROPN"]
    if lemma not in lex.org_nouns:
        return []
    verbs = lex.cues.get("vehicle_verbs", frozenset())
    return [
        o
        for c in tok.children
        if c.dep_ == "acl" and c.lemma_.lower() in verbs
        for o in prep_objects(c, {"by"})
        if o.pos_ == "PROPN"
    ]
