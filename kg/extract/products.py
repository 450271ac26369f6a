"""`kg.extract.products.v1`: produces facts the verb rules alone miss.

- Containers and examples: "offers a range of products such as A, B and C" -> the maker
  produces A, B and C (and "products"); "a range of sensors" -> sensors. Container nouns and
  example prepositions are data (`cues.product_containers`, `cues.example_preps`).
- Provider phrases: "the Zentra X5 scanner from Holloway Instruments", "cameras by Vantor" ->
  Holloway produces the scanner; not when the noun is the object of a trading verb ("bought
  cells from", "imports chips from": those are buysFrom / importsFrom).
- Product lists: "Kelso's products / offerings include A and B", "its portfolio includes A".
Makers are organisations: recognised names, resolved pronouns and - typed by the relation -
unrecognised proper nouns in the subject or "from" slot ("Endress+Hauser supplies sensors").
Model names the NER calls ORG ("XBee", "GP691") are retyped as products when they fill the
product slot.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.extract.base import Candidate
from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mentions
from kg.extract.ownership import org_argument
from kg.extract.syntax import expand, prep_objects, role
from kg.extract.verbs import rules_for
from kg.model import Mention
from kg.registry import register

NAME = "kg.extract.products.v1"
_PRODUCTS = frozenset({"Product", "Technology"})
_TRADING = ("prep:from",)  # a verb rule reading a "from" object trades, it does not make


def _examples(n: Token, lex: Lexicon) -> list[Token]:
    """"products such as A, B and C" / "like A" / "including A" -> A, B, C."""
    preps = lex.cues.get("example_preps", frozenset())
    out: list[Token] = []
    for c in n.children:
        if c.dep_ == "prep" and (c.lower_ in preps or (c.lower_ == "as" and any(
                g.lower_ == "such" for g in c.children))):
            out += [g for g in c.children if g.dep_ == "pobj"]
        if c.dep_ == "prep" and c.lower_ == "as" and n.i + 1 < c.i and \
                n.doc[c.i - 1].lower_ == "such":
            out += [g for g in c.children if g.dep_ == "pobj" and g not in out]
        if c.dep_ in {"acl", "relcl"} and c.lemma_.lower() in preps:  # "products that include"
            out += [g for g in c.children if g.dep_ == "dobj"]
    return expand(out)


def _goods(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """Unwrap containers and add examples: "a range of products such as A" -> products, A."""
    containers = lex.cues.get("product_containers", frozenset())
    out: list[Token] = []
    for t in expand(tokens):
        inner = prep_objects(t, {"of"}) if t.lemma_.lower() in containers else []
        for x in (inner or [t]):
            if x not in out:
                out.append(x)
            out += [e for e in _examples(x, lex) if e not in out]
        if inner:
            out += [e for e in _examples(t, lex) if e not in out]
    return out


def product_argument(tok: Token, ms: Mentions, lex: Lexicon) -> Mention | None:
    if tok.lemma_.lower() in lex.cues.get("product_containers", frozenset()):
        return None
    m = ms.resolve(tok, _PRODUCTS)
    if m is not None:
        return m
    ent = ms.entity(tok)
    if ent is not None and ent.type == "Organization" and ent.certainty < 1.0 and (
            any(ch.isdigit() for ch in ent.text) or tok.dep_ in {"dobj", "conj", "pobj"}):
        return ms.named(tok, "Product")  # "launched GP691", "offerings are XBee and ..."
    return None


def _yield(makers: list[Mention], goods: list[Token], trigger: Token, ms: Mentions,
           lex: Lexicon, strength: float, fixed: str | None) -> Iterator[Candidate]:
    for g in goods:
        pm = product_argument(g, ms, lex)
        if pm is None:
            continue
        for m in makers:
            if m.key != pm.key:
                yield Candidate(m, "produces", pm, trigger, strength, False, fixed, NAME)


@register("extractor", NAME)
def products(doc: Doc, *, mentions: Mentions, lexicon: Lexicon) -> Iterator[Candidate]:
    ms, lex = mentions, lexicon
    cues = lex.cues
    adverbial = lex.adverbial_participles
    for tok in doc:
        if tok.pos_ == "VERB" or tok.tag_.startswith("VB"):
            for rule in rules_for(tok, lex):
                if rule.predicate != "produces":
                    continue
                subj, _ = role(tok, rule.subject[0], adverbial)
                makers = [m for t in expand(subj) if (m := org_argument(t, ms)) is not None]
                if not makers:
                    continue
                pats: list[Token] = []
                for r in rule.object:
                    pats, _ = role(tok, r, adverbial)
                    if pats:
                        break
                yield from _yield(makers, _goods(pats, lex), tok, ms, lex,
                                  rule.strength * 0.9, None)
                break
        if tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        # "the X5 scanner from Holloway": not "bought cells from Holloway".
        gov = tok.head
        trading = gov is not tok and gov.pos_ == "VERB" and any(
            r.object[:1] == _TRADING or "prep:from" in r.object or "prep:from" in r.subject
            for r in rules_for(gov, lex))
        if not trading:
            for p in prep_objects(tok, set(cues.get("provider_preps", frozenset()))):
                maker = org_argument(p, ms)
                if maker is not None:
                    yield from _yield([maker], _goods([tok], lex), tok, ms, lex, 0.7,
                                      "Asserted")
        # "Kelso's products include A and B"
        if tok.lemma_.lower() in cues.get("product_list_nouns", frozenset()) and \
                tok.dep_ in {"nsubj", "nsubjpass"} and \
                tok.head.lemma_.lower() in cues.get("list_verbs", frozenset()):
            owners = [c for c in tok.children if c.dep_ == "poss"]
            makers = [m for t in owners if (m := org_argument(t, ms)) is not None]
            items = [c for c in tok.head.children if c.dep_ in {"dobj", "attr"}]
            if makers and items:
                yield from _yield(makers, _goods(items, lex), tok.head, ms, lex, 0.7, None)
