"""`kg.extract.products.v1`: produces facts the verb rules alone miss.

- Containers and examples: "offers a range of products such as A, B and C" -> the maker
  produces A, B and C (and "products"); "a range of sensors" -> sensors. Container nouns and
  example prepositions are data (`cues.product_containers`, `cues.example_preps`).
- Provider phrases: "the Zentra X5 scanner from Holloway Instruments", "cameras by Vantor" ->
  Holloway produces the scanner; not when the noun is the object of a trading verb ("bought
  cells from", "imports chips from": those are buysFrom / importsFrom).
- Product lists: "Kelso's products / offerings include A and B", "its portfolio includes A".
- Availability: "the X5 scanners are now available from Holloway" (`cues.availability_words`).
- Possessed products: "Pericom's integrated circuits", "the company's Energy Data Platform".
- Maker lists: "key battery makers include A, B and C", "leading players in the global LiDAR
  market: A, B, C" -> each produces the product named on the maker noun or its market
  (`maker_nouns`, `cues.market_player_nouns`, `cues.market_nouns`).
Makers are organisations: recognised names, resolved pronouns and - typed by the relation -
unrecognised proper nouns in the subject or "from" slot ("Endress+Hauser supplies sensors").
Model names the NER calls ORG ("XBee", "GP691") are retyped as products when they fill the
product slot.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.extract.common.candidate import Candidate
from kg.extract.common.lexicon import Lexicon
from kg.extract.en.arguments import (
    examples,
    goods,
    name_after,
    org_argument,
    orgs,
    product_argument,
)
from kg.extract.en.memo import words as doc_words
from kg.extract.en.mentions import Mentions
from kg.extract.en.syntax import expand, prep_objects, role
from kg.extract.en.verbs import business_sold, rules_for
from kg.model import Mention
from kg.registry import register

NAME = "kg.extract.products.v1"
_PRODUCTS = frozenset({"Product", "Technology"})
_TRADING = ("prep:from",)  # a verb rule reading a "from" object trades, it does not make


def _yield(
    makers: list[Mention],
    goods: list[Token],
    trigger: Token,
    ms: Mentions,
    lex: Lexicon,
    strength: float,
    fixed: str | None,
) -> Iterator[Candidate]:
    for g in goods:
        pm = product_argument(g, ms, lex)
        if pm is None:
            continue
        for m in makers:
            if m.key != pm.key:
                yield Candidate(m, "produces", pm, trigger, strength, False, fixed, NAME)


def _market_goods(n: Token, ms: Mentions, lex: Lexicon) -> list[Mention]:
    """What the makers in a maker list make: "drone payload manufacturers", "players in the
    global LiDAR market" (the NER often calls such a market a place: the words decide here)."""
    cues = lex.cues
    sources = [n] if n.lemma_.lower() in lex.maker_nouns else []
    sources += [
        p
        for p in prep_objects(n, {"in"})
        if p.lemma_.lower() in cues.get("market_nouns", frozenset())
    ]
    out: list[Mention] = []
    for src in sources:
        # The parser hangs "solid-state" and "battery" both on "market": read the words.
        mods = [c for c in src.lefts if c.dep_ in {"compound", "amod", "nmod", "npadvmod"}]
        last = [c for c in mods if c.dep_ == "compound" and c.pos_ in {"NOUN", "PROPN"}]
        if last and (m := ms.phrase(last[-1], mods[0].left_edge.i)) is not None:
            out.append(ms.use(m))
    return out


def _maker_list(n: Token, ms: Mentions, lex: Lexicon) -> tuple[list[Mention], Token]:
    """The organisations a maker noun introduces as a list, and the trigger (the list verb)."""
    cues = lex.cues
    members = [c for c in n.children if c.dep_ == "appos" and c.i > n.i]
    members += examples(n, lex)
    trigger = n
    if n.dep_ == "nsubj" and n.head.lemma_.lower() in cues.get("list_verbs", frozenset()):
        trigger = n.head
        members += [c for c in n.head.children if c.dep_ in {"dobj", "attr"}]
    if not members:  # "key players in the X market: A, B": the parser hangs A elsewhere
        end = n.doc[max(t.i for t in n.subtree)]
        after = name_after(end, ms, cues.get("list_openers", frozenset()) - {","})
        members += [after] if after is not None else []
    return orgs(members, ms), trigger


def _maker_lists(doc: Doc, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    nouns = lex.maker_nouns | lex.cues.get("market_player_nouns", frozenset())
    w = doc_words(doc)
    for i, tag in enumerate(w.tag):
        if tag != "NNS" or w.lemma[i] not in nouns:
            continue
        n = doc[i]
        if ms.entity(n) is not None:
            continue
        made = _market_goods(n, ms, lex)
        if not made:
            continue
        makers, trigger = _maker_list(n, ms, lex)
        for m in makers:
            for pm in made:
                if m.key != pm.key:
                    yield Candidate(m, "produces", pm, trigger, 0.6, False, None, NAME)


def _available(tok: Token, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "The X5 scanners are now available from Holloway", "sensors available from Holloway"."""
    makers = [m for p in prep_objects(tok, {"from"}) if (m := org_argument(p, ms)) is not None]
    if not makers:
        return
    if tok.dep_ in {"acomp", "oprd"}:
        items = [c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    elif tok.dep_ in {"amod", "acl"}:
        items = [tok.head]
    else:
        items = []
    yield from _yield(makers, goods(items, lex), tok, ms, lex, 0.6, None)


def _verb_products(tok: Token, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "X makes / supplies A, B and C": the first produces rule of a verb that has makers."""
    adverbial = lex.adverbial_participles
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
        if tok.lemma_.lower() in lex.modality.get("divest_lemmas", ()) and business_sold(pats, ms):
            return  # "sold its sawmill", "a portion of its stake": nothing the seller makes
        yield from _yield(makers, goods(pats, lex), tok, ms, lex, rule.strength * 0.9, None)
        return


def _provided(tok: Token, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "the X5 scanner from Holloway": not "bought cells from Holloway"."""
    providers = prep_objects(tok, lex.cues.get("provider_preps", frozenset()))
    if not providers:
        return  # (most nouns: no need to read the governing verb's rules)
    gov = _trade_verb(tok)
    trading = (
        gov is not tok
        and gov.pos_ == "VERB"
        and any(
            r.object[:1] == _TRADING or "prep:from" in r.object or "prep:from" in r.subject
            for r in rules_for(gov, lex)
        )
    )
    if trading:
        return
    for p in providers:
        maker = org_argument(p, ms)
        if maker is not None:
            yield from _yield([maker], goods([tok], lex), tok, ms, lex, 0.7, "Asserted")


def _trade_verb(tok: Token) -> Token:
    """The verb a "from" phrase on `tok` may belong to: its head, or, when `tok` is what an
    apposition to the verb's object says the object makes, that verb ("will acquire Linotype,
    Europe's largest maker of printing technology, from Allied Signal": the parser hangs the
    seller on the goods)."""
    t, appos = tok, False
    for _ in range(4):  # goods -> of -> maker noun -> (appos) name -> verb
        if t.dep_ not in {"pobj", "prep", "appos"} or t.head is t:
            break
        appos = appos or t.dep_ == "appos"
        t = t.head
    if appos and t.dep_ in {"dobj", "pobj"} and t.head.pos_ == "VERB":
        return t.head
    return tok.head


def _possessed(tok: Token, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "Pericom's integrated circuits": what a named company owns as a product it makes.
    Possessed nouns that name people, deals or money are data (`cues.possessed_non_products`);
    organisation and facility nouns never resolve here. A pronoun possessor ("its X", "our
    X") fires on any noun (issue 14): it counts only before a product name of its own ("its
    PageMaker software")."""
    if not any(c.dep_ == "poss" for c in tok.lefts):
        return  # (most nouns: no possessor, so no need to read the name around them)
    cues = lex.cues
    lemma = tok.lemma_.lower()
    named = any(
        c.dep_ in {"compound", "nmod"}
        and c.pos_ == "PROPN"
        and c.ent_type_ in {"", "PRODUCT", "ORG", "LOC", "FAC", "WORK_OF_ART"}
        for c in tok.lefts
    ) or (  # "its Xbox 2": a model name with its number; "Apple's iTunes"
        tok.pos_ == "PROPN"
        and tok.ent_type_ in {"", "PRODUCT", "WORK_OF_ART"}
        and (
            any(c.dep_ == "nummod" for c in tok.children)
            or any(c.dep_ == "poss" and c.pos_ != "PRON" for c in tok.lefts)
        )
    )
    poss = [c for c in tok.lefts if c.dep_ == "poss" and (c.pos_ != "PRON" or named)]
    if (
        poss
        and (named or _product_head(tok, lex))
        and lemma not in cues.get("possessed_non_products", frozenset())
        and lemma not in cues.get("person_titles", frozenset())
        and tok.ent_type_ not in {"ORG", "PERSON", "GPE"}
    ):
        maker = org_argument(poss[0], ms)
        if maker is not None:
            yield from _yield([maker], _owned(tok, ms, lex), tok, ms, lex, 0.5, None)


def _exemplified(tok: Token, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "Kraft plans to cut back on advertising of products like Oreo cookies", "GM said some
    new products - such as the Pontiac G6 - had done well": named examples of unowned
    "products" are those of the company the nearest clause above has as its subject."""
    if tok.lemma_.lower() != "product" or any(c.dep_ == "poss" for c in tok.children):
        return
    listed = examples(tok, lex)
    if not listed:
        return
    above = {tok.i, *(a.i for a in tok.ancestors)}
    for a in tok.ancestors:
        subj = [c for c in a.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i not in above]
        if a.pos_ not in {"VERB", "AUX"} or not subj:
            continue
        maker = org_argument(subj[0], ms)
        if maker is not None:
            yield from _yield([maker], listed, tok, ms, lex, 0.5, "Asserted")
        return


def _owned(tok: Token, ms: Mentions, lex: Lexicon) -> list[Token]:
    """The goods a possessor owns: the possessed noun and its conjuncts, unless another
    company (a name the model calls an organisation or a person) is listed among them
    ("Apple's iTunes, Napster and other net music download services": the list is of several
    owners' goods, the possessive covers the first)."""
    others = expand([tok])[1:]
    if any(
        t.ent_type_ in {"ORG", "PERSON"} or ((m := ms.entity(t)) and m.type == "Organization")
        for t in others
    ):
        return [tok]
    return goods([tok], lex)


def _product_head(tok: Token, lex: Lexicon) -> bool:
    """A possessive says what a company owns, not what it makes: "McDonald's recent revival",
    "Yukos' lawyers", "Linotype's group turnover" (real news, issue 23). Without a product name
    of its own, the possessed noun makes a product only when its head (or the head the parser
    hangs beside it: "Pericom's analog, digital and mixed-signal integrated circuits") is a
    goods or technology word ("Yahoo's software"; a generic head with a modifier: "its
    broadband services")."""
    from kg.extract.en.argtypes import frames

    f = frames()
    for t in (tok, *(c for c in tok.children if c.dep_ in {"conj", "appos"})):
        lemma = t.lemma_.lower()
        if lemma in f["concrete_heads"] or lemma in f["artifact_heads"]:
            return True
        if lemma in lex.technology_nouns or (
            lemma in f["generic_heads"]
            and any(c.dep_ in {"compound", "amod"} and c.pos_ in {"NOUN", "ADJ"} for c in t.lefts)
        ):
            return True
    return False


def _listed_products(tok: Token, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "Kelso's products include A and B"."""
    cues = lex.cues
    if (
        tok.lemma_.lower() in cues.get("product_list_nouns", frozenset())
        and tok.dep_ in {"nsubj", "nsubjpass"}
        and tok.head.lemma_.lower() in cues.get("list_verbs", frozenset())
    ):
        owners = [c for c in tok.children if c.dep_ == "poss"]
        makers = [m for t in owners if (m := org_argument(t, ms)) is not None]
        items = [c for c in tok.head.children if c.dep_ in {"dobj", "attr"}]
        if makers and items:
            yield from _yield(makers, goods(items, lex), tok.head, ms, lex, 0.7, None)


@register("extractor", NAME)
def products(doc: Doc, *, mentions: Mentions, lexicon: Lexicon) -> Iterator[Candidate]:
    ms, lex = mentions, lexicon
    yield from _maker_lists(doc, ms, lex)
    available = lex.cues.get("availability_words", frozenset())
    listing = lex.cues.get("product_list_nouns", frozenset())
    w = doc_words(doc)
    # (each word read once, and a pattern's own first test made here: a generator per pattern
    # per noun cost more than the patterns found. `_provided` needs a provider preposition on
    # the noun, `_possessed` a possessor before it, `_verb_products` a verb with rules.)
    preps = lex.cues.get("provider_preps", frozenset())
    provided = {
        w.head[j]
        for j, dep in enumerate(w.dep)
        if dep in {"prep", "agent", "dative"} and w.lower[j] in preps
    }
    possessed = {w.head[j] for j, dep in enumerate(w.dep) if dep == "poss" and j < w.head[j]}
    verbs = lex.verb_heads
    for i, lemma in enumerate(w.lemma):
        pos = w.pos[i]
        verb = lemma in verbs and (pos == "VERB" or w.tag[i].startswith("VB"))
        noun = pos in {"NOUN", "PROPN"}
        if not (verb or noun or lemma in available):
            continue
        tok = doc[i]
        if verb:
            yield from _verb_products(tok, ms, lex)
        if lemma in available:
            yield from _available(tok, ms, lex)
        if noun:
            if i in provided:
                yield from _provided(tok, ms, lex)
            if i in possessed:
                yield from _possessed(tok, ms, lex)
            if lemma == "product":
                yield from _exemplified(tok, ms, lex)
            if lemma in listing:
                yield from _listed_products(tok, ms, lex)
