"""What a kind-of-firm noun says its organisation makes (`kg.extract.attributes`).

- a maker noun: "battery maker CATL", "X, a maker of A and B", "a leader in A";
- a maker word with its goods fused in: "drugmaker", "carmakers";
- the goods before a firm noun (`cues.industry_org_nouns`): "oil giant Shell", "luxury goods
  group LVMH", "oil and gas giant Yukos" (each word, not "oil giant");
- a service activity before a firm noun (`cues.service_activities`): "consulting group MEPS",
  "factoring company X"; a making activity ("mining firm") names no goods.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.common.lexicon import Lexicon
from kg.extract.en.argtypes import frames, is_goods
from kg.extract.en.arguments import goods, product_argument
from kg.extract.en.mentions import Mentions
from kg.extract.en.syntax import prep_objects
from kg.gazetteer import fold
from kg.model import NAME_KEY, Mention
from kg.words import word_map


def kind_goods(noun: Token, ms: Mentions, lex: Lexicon) -> list[Mention]:
    """Every product `noun` (describing an organisation) says the organisation makes."""
    made = [product_argument(g, ms, lex) for g in _made(noun, lex, ms)]
    for g in _industry(noun, ms):
        if g.dep_ == "compound" and not g.conjuncts:
            made += [product_argument(x, ms, lex) for x in goods([g], lex)]
        else:  # "oil and gas giant": the words themselves, not "oil giant"
            made.append(ms.phrase(g, g.left_edge.i))
    made += [fused_goods(noun, ms), _service(noun, ms)]
    return [m for m in made if m is not None]


def _made(noun: Token, lex: Lexicon, ms: Mentions) -> list[Token]:
    """What a maker noun says its organisation makes: "battery maker", "a maker of A and B",
    "a leading designer, fabricator and erector of A", "a leader in A" (`cues.leader_nouns`)."""
    leaders = lex.cues.get("leader_nouns", frozenset())
    out: list[Token] = []
    for n in (noun, *noun.conjuncts):
        lemma = n.lemma_.lower()
        if n.pos_ != "NOUN" or not (lemma in lex.maker_nouns or lemma in leaders):
            continue
        out += prep_objects(n, {"of", "in"} if lemma in leaders else {"of"})
        if n is noun and lemma in lex.maker_nouns:
            out += [c for c in n.lefts if c.dep_ == "compound" and ms.entity(c) is None]
    return goods(out, lex)


def fused_goods(noun: Token, ms: Mentions) -> Mention | None:
    """ "drugmaker", "carmakers", "chipmaker": the goods written into a maker word (only a
    product class of `en_artifact_heads`: no "policymaker", "dealmaker")."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or not lemma.endswith("maker") or len(lemma) <= len("maker"):
        return None
    stem = noun.text[: len(lemma) - len("maker")].rstrip("-")
    goods = word_map("extract.en_maker_stems").get(stem.lower(), stem.lower())
    if (
        goods not in frames()["artifact_heads"]
        and goods not in word_map("extract.en_maker_stems").values()
    ):
        return None
    end = noun.idx + len(stem)
    return Mention(stem, noun.idx, end, "Product", goods, NAME_KEY + fold(goods), 0.6, ms.lang)


def _service(noun: Token, ms: Mentions) -> Mention | None:
    """ "consulting group MEPS", "factoring company X": a service activity alone before an
    organisation noun is what the firm sells (`cues.service_activities`; the goods word
    lists call such words abstract). A making activity is none: "mining firm", "brewing firm"
    name no goods."""
    cues = ms.lex.cues
    if noun.lemma_.lower() not in cues.get("industry_org_nouns", frozenset()):
        return None
    for c in noun.lefts:
        if (
            c.dep_ == "compound"
            and c.lower_ in cues.get("service_activities", frozenset())
            and not any(g.dep_ in {"compound", "amod"} for g in c.lefts)
            and ms.entity(c) is None
        ):
            name = c.lower_
            end = c.idx + len(c.text)
            return Mention(c.text, c.idx, end, "Product", name, NAME_KEY + fold(name), 0.6, ms.lang)
    return None


def _industry(n: Token, ms: Mentions) -> list[Token]:
    """The goods word before an organisation noun: "oil giant Shell", "luxury goods group
    LVMH", "gas monopoly"; an activity word gives way to its own modifier ("oil production
    cartel" -> oil)."""
    if n.lemma_.lower() not in ms.lex.cues.get("industry_org_nouns", frozenset()):
        return []
    out: list[Token] = []
    # "oil and gas giant": the parser makes the first word a modifier and the second its conjunct
    words = [c for c in n.lefts if c.dep_ in {"compound", "nmod"}]
    for c in [*words, *(x for w in words for x in w.conjuncts if x.i < n.i)]:
        if c.pos_ != "NOUN" or ms.entity(c) is not None:
            continue
        if c.lemma_.lower() in ms.lex.technology_nouns | {"energy"}:
            continue  # "a technology company", "an energy company" name a sector, no product
        doc = c.doc
        # "luxury goods group": a generic head with its modifier; "oil production cartel": an
        # activity word gives way to its own modifier.
        generic = c.lemma_.lower() in frames()["generic_heads"]
        if not is_goods(doc[c.left_edge.i if generic else c.i : c.i + 1]):
            c = next((g for g in c.lefts if g.dep_ == "compound" and g.pos_ == "NOUN"), c)
            if not is_goods(doc[c.i : c.i + 1]):
                continue
        out.append(c)
    return out
