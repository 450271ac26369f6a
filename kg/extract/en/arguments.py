"""Argument helpers shared by the English extractors: an organisation or a product in a slot.

One place for what every frame asks of its slots (`kg.extract.en.argtypes` decides the type of a
proper-noun phrase; these helpers walk the parse to the tokens that fill the slot).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.common.lexicon import Lexicon
from kg.extract.en.coref import antecedent
from kg.extract.en.mentions import Mentions
from kg.extract.en.phrases import listed_modifiers
from kg.extract.en.syntax import expand, prep_objects
from kg.model import Mention

ORG = frozenset({"Organization"})
PRODUCTS = frozenset({"Product", "Technology"})
_LIST_SEPARATORS = {",", "and", "&", ";"}
_MAX_OPENER = 3


def org_argument(tok: Token, ms: Mentions) -> Mention | None:
    """An organisation argument; an unrecognised proper noun counts (the relation types it)."""
    if tok.pos_ == "PRON" or tok.tag_ in {"WDT", "WP", "PRP$"}:
        return antecedent(tok, ms, ORG, subject=True) or ms.resolve(tok, ORG)
    # Frame-first typing (`Mentions.company`): an unrecognised proper noun counts.
    return ms.resolve(tok, ORG)


def name_after(tok: Token, ms: Mentions, skip: frozenset[str]) -> Token | None:
    """The head of a name starting right after `tok` (past up to three opener words)."""
    doc = tok.doc
    j = tok.i + 1
    for _ in range(_MAX_OPENER):
        if j < len(doc) and doc[j].lower_ in skip and doc[j].sent == tok.sent:
            j += 1
    if j >= len(doc) or doc[j].sent != tok.sent:
        return None
    span = ms.spans.get(j)
    if span is not None:
        return span.root if span.start == j else None
    t = doc[j]
    if t.pos_ != "PROPN":
        return None
    while t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.head.i > t.i:
        t = t.head
    return t


def _linear_list(first: Token, ms: Mentions) -> list[Token]:
    """Names following `first` separated only by commas / "and": "A, B, C and D"."""
    doc = first.doc
    out: list[Token] = []
    span = ms.spans.get(first.i)
    end = span.end if span is not None else first.i + 1
    while end < len(doc):
        j = end
        seps = 0
        while j < len(doc) and doc[j].lower_ in _LIST_SEPARATORS and seps < 2:
            j += 1
            seps += 1
        if seps == 0 or j >= len(doc):
            break
        nxt = ms.spans.get(j)
        if nxt is None or nxt.start != j or nxt.label_ != "ORG":
            break
        out.append(nxt.root)
        end = nxt.end
    return out


def members(t: Token, ms: Mentions) -> list[Token]:
    """ "competitors like Google", "several operators, like TIM and 3", "firms such as A and B":
    a common noun naming a class of organisations stands, in a slot, for the examples it gives
    (`org_nouns`, `maker_nouns`, `cues.example_org_nouns`)."""
    lex = ms.lex
    lemma = t.lemma_.lower()
    if t.pos_ != "NOUN" or not (
        lemma in lex.org_nouns
        or lemma in lex.maker_nouns
        or lemma in lex.cues.get("example_org_nouns", frozenset())
    ):
        return []
    return examples(t, lex)


def orgs(
    tokens: list[Token], ms: Mentions, *, linear: bool = True, conjuncts: bool = True
) -> list[Mention]:
    out: list[Mention] = []
    heads = expand(tokens) if conjuncts else list(tokens)
    if linear:
        for t in list(heads):
            heads += [x for x in _linear_list(t, ms) if x not in heads]
    for t in heads:
        m = org_argument(t, ms)
        if m is not None and all(m.key != o.key for o in out):
            out.append(m)
    return out


def examples(n: Token, lex: Lexicon) -> list[Token]:
    """ "products such as A, B and C" / "like A" / "including A" -> A, B, C."""
    preps = lex.cues.get("example_preps", frozenset())
    out: list[Token] = []
    for c in n.children:
        if c.dep_ == "prep" and (
            c.lower_ in preps or (c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))
        ):
            out += [g for g in c.children if g.dep_ == "pobj"]
        if (
            c.dep_ == "prep"
            and c.lower_ == "as"
            and n.i + 1 < c.i
            and n.doc[c.i - 1].lower_ == "such"
        ):
            out += [g for g in c.children if g.dep_ == "pobj" and g not in out]
        if c.dep_ in {"acl", "relcl"} and c.lemma_.lower() in preps:  # "products that include"
            out += [g for g in c.children if g.dep_ == "dobj"]
    return expand(out)


def goods(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """Unwrap containers and add examples: "a range of products such as A" -> products, A."""
    containers = lex.cues.get("product_containers", frozenset())
    generic = lex.cues.get("product_list_nouns", frozenset())
    out: list[Token] = []
    for t in expand(tokens):
        inner = prep_objects(t, {"of"}) if t.lemma_.lower() in containers else []
        for x in inner or [t]:
            listed = examples(x, lex)
            # "products like A and B": A and B are the products; "products" names none.
            if x not in out and not (listed and x.lemma_.lower() in generic):
                out.append(x)
            out += [e for e in listed if e not in out]
        if inner:
            out += [e for e in examples(t, lex) if e not in out]
    return out + [m for x in out for m in listed_modifiers(x) if m not in out]


def product_argument(tok: Token, ms: Mentions, lex: Lexicon) -> Mention | None:
    if tok.lemma_.lower() in lex.cues.get("product_containers", frozenset()):
        return None
    m = ms.resolve(tok, PRODUCTS)
    if m is not None:
        return m
    ent = ms.entity(tok)
    if (
        ent is not None
        and ent.type == "Organization"
        and ent.certainty < 1.0
        and any(ch.isdigit() for ch in ent.text)
    ):
        # "launched GP691": a model number. A plain name in the slot stays an organisation
        # (frame-first typing): "the acquisition of Tessaro by Quillon" makes no product.
        return ms.named(tok, "Product")
    return None
