"""Product and technology mentions: the noun phrase in a product slot as a `Mention`.

- "LFP cells", "a record 5.4 million iPhones" -> the goods after determiners, vague words and
  amounts (`product`); typed Technology when its head is a technology noun;
- "automotive, medical and RF products": the adjective stands for "automotive products" (the
  shared head noun is written once, on the last item: `elided`).
Certainty: product / technology phrase 0.6, shared-head list item 0.5.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg import gazetteer as gaz
from kg.extract.common.lexicon import Lexicon
from kg.extract.en.argtypes import is_goods
from kg.extract.en.phrases import np_span
from kg.model import NAME_KEY, Mention
from kg.words import words

_NON_PRODUCT_ENTS = {
    "DATE",
    "TIME",
    "MONEY",
    "PERCENT",
    "CARDINAL",
    "QUANTITY",
    "ORDINAL",
    "GPE",
    "ORG",
    "PERSON",
    "NORP",
    "LOC",
    "FAC",
    "EVENT",
    "LAW",
}
_AMOUNTS = {"MONEY", "QUANTITY", "CARDINAL", "PERCENT"}
_VAGUE = words("extract.en_vague")
_NOT_PRODUCTS = words("extract.en_not_products")
# "the" and the demonstratives; a possessive ("its chips") is kept: it states whose goods.
_DEFINITE_DET = words("extract.en_definite") - words("extract.en_vague") - {"his", "her", "our"}


def product(tok: Token, lex: Lexicon, lang: str, *, start: int | None = None) -> Mention | None:
    """The goods `tok` heads (tokens `start`..`tok` when a pattern already knows a product is
    named there, whatever the NER calls them)."""
    doc = tok.doc
    words_only = start is not None
    if (
        (tok.ent_type_ in _NON_PRODUCT_ENTS and not words_only)
        or tok.lemma_.lower() in _NOT_PRODUCTS
        or tok.lemma_.lower() in lex.cues.get("product_containers", ())
    ):
        return None  # "a range (of ...)" holds products, it is not one
    if tok.like_num or (not tok.is_alpha and not any(ch.isalpha() for ch in tok.text)):
        return None
    s, e = np_span(tok, keep_det=False) if start is None else (start, tok.i + 1)
    if start is None and _back_reference(tok, doc[s:e]):
        return None
    if s == tok.i and tok.lemma_.lower() in lex.cues.get("product_list_nouns", ()):
        return None  # a bare "products" / "solutions" names nothing
    while s < tok.i and (
        doc[s].lower_ in _VAGUE
        or doc[s].dep_ in {"det", "poss"}
        or doc[s].like_num
        or doc[s].is_punct
        or doc[s].pos_ == "ADV"  # "regularly scheduled service": no kind of service
        or (doc[s].pos_ == "VERB" and doc[s].tag_ in {"VBN", "VBD"})  # "sold cheap drugs"
    ):
        s += 1
    # "a record 5.4 million iPhones", "60 turbines": the goods start after the amount.
    amounts = [
        t.i
        for t in doc[s : tok.i]
        if (t.like_num or t.ent_type_ in _AMOUNTS) and not _in_name(t, tok)
    ]
    if amounts:
        s = amounts[-1] + 1
    # "lithium iron phosphate (LFP) cells": the parser hangs the head noun off as apposition.
    for c in tok.rights:
        if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i <= e + 4 and not c.ent_type_:
            e = c.i + 1
    span = doc[s:e]
    if not is_goods(span):
        return None
    name = span.text
    typ = (
        "Technology"
        if (
            span.root.lemma_.lower() in lex.technology_nouns
            or doc[e - 1].lemma_.lower() in lex.technology_nouns
        )
        else "Product"
    )
    key = NAME_KEY + gaz.fold(name)
    if key == NAME_KEY:
        return None
    return Mention(name, span.start_char, span.end_char, typ, name, key, 0.6, lang)


def _back_reference(tok: Token, span) -> bool:
    """ "keep selling the tickets", "develop the game": a definite common noun points back at
    goods the reader already knows (named before, or not at all); it names no product of its
    own. A name inside it ("the iPod", "the Mac mini") still does."""
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE_DET for c in tok.lefts) and not any(
        t.pos_ == "PROPN" or (t.i > t.sent.start and t.text[:1].isupper()) for t in span
    )


def _in_name(num: Token, head: Token) -> bool:
    """ "its PlayStation 3 console": a number inside a proper name before the head is part of
    the name, not an amount of goods."""
    return num.head.i != head.i and num.head.pos_ == "PROPN"


def elided(adj: Token, head: Token, lang: str) -> Mention | None:
    """ "automotive, medical and RF products": the adjective stands for "automotive
    products" (the shared head noun is written once, on the last item)."""
    doc = adj.doc
    if (
        head.lemma_.lower() in _NOT_PRODUCTS
        or adj.lower_ in _VAGUE
        or not is_goods(doc[adj.i : adj.i + 1], lexical=False)
        or not is_goods(doc[head.i : head.i + 1])
    ):
        return None
    name = f"{adj.text} {head.text}"
    return Mention(
        adj.text,
        adj.idx,
        adj.idx + len(adj.text),
        "Product",
        name,
        NAME_KEY + gaz.fold(name),
        0.5,
        lang,
    )
