"""`kg.extract.svo.v1`: facts triggered by verbs of the trigger lexicon.

For each verb (or phrasal verb "take over", "team up") in the lexicon, every rule fills its
subject and object roles (see `kg.extract.en.syntax`), expands coordinated nouns ("CATL, Panasonic
and LG Chem supply Tesla" -> three facts), resolves heads to mentions of the allowed types and
yields candidates. Symmetric rules whose partner role is `conjuncts` relate coordinated agents
("Ford and SK On partnered"). A verb whose object is a facility also places that facility:
"operate a plant in the southern United States" -> plant locatedIn United States.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Doc, Token

from kg.extract.common.candidate import Candidate
from kg.extract.common.lexicon import Lexicon, Rule
from kg.extract.common.quantities import vocab
from kg.extract.en.argtypes import frames
from kg.extract.en.arguments import examples, members
from kg.extract.en.memo import words as doc_words
from kg.extract.en.mentions import Mentions
from kg.extract.en.modality import modality, owned_until
from kg.extract.en.phrases import listed_modifiers
from kg.extract.en.stakes import bought_from, paid_for, whose_shares
from kg.extract.en.syntax import Role, expand, patient, prep_objects, role
from kg.extract.en.units import unit_owner
from kg.model import REF_KEY, Mention
from kg.registry import register

NAME = "kg.extract.svo.v1"
_PLACES = frozenset({"Country", "Place"})
_PRODUCTS = frozenset({"Product", "Technology"})
_PAYERS = frozenset({"Organization"})


def _fill(v: Token, names: tuple[str, ...], lex: Lexicon, memo: dict) -> tuple[str, Role]:
    # A verb's rules share their roles: each is read off the tree once per verb.
    key = ("fill", names)
    if key not in memo:
        memo[key] = _filled(v, names, lex)
    return memo[key]


def _filled(v: Token, names: tuple[str, ...], lex: Lexicon) -> tuple[str, Role]:
    for name in names:
        if name == "stake_company":  # "the stake had been acquired from X": whose stake
            toks, implicit = bought_from(v, lex), False
        else:
            toks, implicit = role(v, name, lex.adverbial_participles)
        if toks:
            return name, (toks, implicit)
    return "", ([], False)


def _mentions(
    tokens: list[Token],
    types: frozenset[str],
    ms: Mentions,
    memo: dict,
    *,
    listed: bool = True,
    members_too: bool = True,
) -> list[Mention]:
    # Resolving is deterministic (`Mentions.use` only records, idempotently): a verb's rules
    # that ask for the same heads as the same types get the same mentions.
    key = ("mentions", tuple(t.i for t in tokens), types, listed, members_too)
    if key not in memo:
        memo[key] = _resolved(tokens, types, ms, listed=listed, members_too=members_too)
    return list(memo[key])


def _resolved(
    tokens: list[Token], types: frozenset[str], ms: Mentions, *, listed: bool, members_too: bool
) -> list[Mention]:
    out: list[Mention] = []
    heads = expand(tokens) if listed else list(tokens)
    if types & _PRODUCTS:
        heads += [x for t in heads for x in listed_modifiers(t)]
    if "Organization" in types and members_too:
        heads += [x for t in list(heads) for x in members(t, ms) if x not in heads]
    for t in heads:
        m = ms.resolve(t, types)
        if m is not None and all(m.key != o.key for o in out):
            out.append(m)
    return out


def apply_rule(
    v: Token, rule: Rule, ms: Mentions, lex: Lexicon, extractor: str, memo: dict | None = None
) -> Iterator[Candidate]:
    """The candidates of one rule on verb `v`; `memo` (one per verb) shares the roles and
    mentions its rules have in common."""
    memo = {} if memo is None else memo
    if rule.patient_heads and not any(
        p.lemma_.lower() in rule.patient_heads for p in patient(v)[0]
    ):
        return
    _, (s_toks, s_imp) = _fill(v, rule.subject, lex, memo)
    o_role, (o_toks, o_imp) = _fill(v, tuple(r for r in rule.object if r != "conjuncts"), lex, memo)
    # "has not purchased additional X stock", "owns warrants to purchase X shares": shares
    # not bought (more) say nothing of a holding
    if o_role == "patient_name" and modality(v, lex) in {"Negated", "Hedged"}:
        return
    implicit = s_imp or o_imp
    if rule.direct_agent and not _direct(v, rule, (s_toks, s_imp), (o_toks, o_imp)):
        return
    # "CDT (acquired by Sumitomo), Canon and Kodak": a participle describes its own noun, not
    # the list that noun stands in; "companies such as X would be able to cut costs by selling
    # Y": the examples of a class stand in only for a slot of the verb's own, not one climbed to
    own = v.dep_ in {"acl", "amod"}
    s_listed = not (own and s_toks == [v.head])
    subjects = _mentions(
        s_toks, rule.subject_types, ms, memo, listed=s_listed, members_too=not s_imp
    )
    if not subjects:
        return
    o_toks = _named_goods(o_toks, rule, lex)
    # "merge with a wholly-owned subsidiary of Y": Y buys the company
    if rule.predicate == "mergesWith" and (owners := _unit_owners(v, s_toks, o_toks, lex)):
        buyers = _mentions(owners, rule.object_types, ms, memo)
        yield from _pairs(buyers, "acquires", subjects, v, rule, implicit, extractor)
        return
    o_toks = _bought_whole(o_toks, rule, lex)
    o_listed = not (own and o_toks == [v.head])
    objects = _mentions(o_toks, rule.object_types, ms, memo, listed=o_listed, members_too=not o_imp)
    if _divests(v, rule, ms):
        return
    if rule.predicate == "buysFrom" and _money(v):
        # "would supply Computer with 250,000 dlrs of operating funds": the supplier pays.
        payers = _mentions(o_toks, _PAYERS, ms, memo)
        yield from _pairs(payers, "finances", subjects, v, rule, implicit, extractor)
        return
    # "sold its tea business to CVC": the business is no named organisation.
    divest = frames()["divest_objects"]
    objects = [o for o in objects if not (o.key.startswith(REF_KEY) and o.name in divest)]
    if not objects and "conjuncts" in rule.object:
        for a, b in combinations(subjects, 2):
            yield Candidate(a, rule.predicate, b, v, rule.strength, implicit, None, extractor)
        return
    fixed = _held_until(v, rule, lex) if not _described_by(v, rule) else "Asserted"
    if fixed == "":
        return
    for s in subjects:
        for o in objects:
            if s.key != o.key:
                yield Candidate(s, rule.predicate, o, v, rule.strength, implicit, fixed, extractor)


def _pairs(
    subjects: list[Mention],
    predicate: str,
    objects: list[Mention],
    v: Token,
    rule: Rule,
    implicit: bool,
    extractor: str,
) -> Iterator[Candidate]:
    for s in subjects:
        for o in objects:
            if s.key != o.key:
                yield Candidate(s, predicate, o, v, rule.strength, implicit, None, extractor)


def _bought_whole(o_toks: list[Token], rule: Rule, lex: Lexicon) -> list[Token]:
    """What an acquisition is of: a payment's object as a company bought whole (`paid_for`);
    "acquired all of the shares of stock of Y": the company its shares are of."""
    if rule.predicate != "acquires":
        return o_toks
    if rule.object == ("prep:for",):
        return paid_for(o_toks, lex)
    if "prep:of" in rule.object:
        return [whose_shares(t, lex) for t in o_toks]
    return o_toks


def _direct(v: Token, rule: Rule, subject: Role, obj: Role) -> bool:
    """A rule that needs its agent direct ("a wholly-owned subsidiary" names no owner): the agent
    is the trigger's own subject or by-agent, and the other side is its own too, or the name a
    participle describes ("Halvern Corp, owned by Dunmore Group,")."""
    agent_side, other = (subject, obj) if "agent" in rule.subject else (obj, subject)
    if agent_side[1]:
        return False
    return not other[1] or _described_by(v, rule)


def _described_by(v: Token, rule: Rule) -> bool:
    """ "Halvern Corp, owned by Dunmore Group,", "Halvern, a new company controlled by Dunmore":
    a participle with its by-agent on a name (or on a noun in apposition to one) states a fact
    of its own, whatever the clause around the name says ("is expected to absorb")."""
    head = v.head
    return (
        rule.direct_agent
        and v.dep_ == "acl"
        and v.tag_ == "VBN"
        and (head.pos_ == "PROPN" or (head.dep_ == "appos" and head.head.pos_ == "PROPN"))
        and any(c.dep_ == "agent" for c in v.children)
        and not any(c.dep_ == "neg" for c in v.children)
    )


def _unit_owners(v: Token, s_toks: list[Token], o_toks: list[Token], lex: Lexicon) -> list[Token]:
    """The owners of the unnamed units or vehicles the subject merges with or into; none when
    the subject merges a part of itself ("merge its unit with ...") or is a description."""
    if not all(t.pos_ in {"PROPN", "PRON"} for t in s_toks) or any(
        c.dep_ == "dobj" for c in v.children
    ):
        return []
    return [o for t in o_toks for o in unit_owner(t, lex)]


def _held_until(v: Token, rule: Rule, lex: Lexicon) -> str | None:
    """The modality a previous owner's holding takes ("" when the rule states nothing)."""
    if not rule.previous_owner:
        return None
    fixed = owned_until(v, lex)
    return "" if rule.ended_only and fixed != "Negated" else fixed


def _named_goods(tokens: list[Token], rule: Rule, lex: Lexicon) -> list[Token]:
    """ "health-related products such as pedometers": the examples are the products
    (`kg.extract.en.products`); the generic noun names none."""
    if rule.predicate != "produces":
        return tokens
    generic = lex.cues.get("product_list_nouns", frozenset())
    return [t for t in tokens if not (t.lemma_.lower() in generic and examples(t, lex))]


def _divests(v: Token, rule: Rule, ms: Mentions) -> bool:
    """ "Yorke sold Trevose Software to Halcyon", "sold its tea business to CVC", "bought two
    cosmetics labels from LVMH": selling or buying a company, a business, a plant, assets or a
    part of one is no supply; the buyer acquires it (another rule)."""
    if rule.predicate == "produces" and v.lemma_.lower() in ms.lex.modality.get(
        "divest_lemmas", ()
    ):
        return business_sold(patient(v)[0], ms)  # "sold its sawmill": nothing it makes
    if rule.predicate != "buysFrom" or "patient" in rule.subject:
        return False  # "CATL supplies Tesla": there the patient is the buyer
    return business_sold(patient(v)[0], ms)


def business_sold(pats: list[Token], ms: Mentions) -> bool:
    """Whether what a verb sells or buys is a company, a business, a plant, assets or a part
    of one (the facility and organisation nouns count too), not goods."""
    divest = frames()["divest_objects"] | ms.lex.facility_nouns | ms.lex.org_nouns
    for p in pats:
        q = _part_of(p)
        if q is not p:  # a part of a holding ("four of its brands") is sold as a business
            return True
        if q.lemma_.lower() in divest or q.lower_ in divest or ms.company(q) is not None:
            return True
    return False


def _part_of(p: Token) -> Token:
    """ "sold four of its tobacco brands", "part of its controls division", "all of its
    operations": a number or quantity with an "of" phrase sells what the phrase names."""
    if p.like_num or p.lower_ in frames()["part_words"]:
        of = prep_objects(p, {"of"})
        if of:
            return of[0]
    return p


def _money(v: Token) -> bool:
    """What the verb hands over is money (its patient or its "with" object): a currency, a
    MONEY entity or a money noun ("funds", "financing")."""
    money = frames()["money_nouns"] | frozenset(vocab()["currencies"])
    goods = [*patient(v)[0], *prep_objects(v, {"with"})]
    return any(t.ent_type_ == "MONEY" or t.lemma_.lower() in money for t in goods)


def _places(v: Token, facility: Mention, ms: Mentions, extractor: str) -> Iterator[Candidate]:
    for p in expand(prep_objects(v, {"in", "near", "at"})):
        place = ms.resolve(p, _PLACES)
        if place is not None:
            yield Candidate(facility, "locatedIn", place, v, 0.8, False, None, extractor)


def rules_for(tok: Token, lex: Lexicon) -> tuple[Rule, ...]:
    lemma = tok.lemma_.lower()
    if lemma not in lex.verb_heads:
        return ()  # (most words: no trigger, plain or phrasal, starts with them)
    for c in tok.children:
        if c.dep_ == "prt":
            rules = lex.verbs.get(f"{lemma} {c.lower_}")
            if rules:
                return rules
    return lex.verbs.get(lemma, ())


def _verb_read_as_noun(tok: Token) -> bool:
    """ "Halvern Corp bid for Kessler Corp.": a past tense the tagger calls a noun, which the
    parser still makes a clause's predicate: its subject right before it, no article or
    possessive of its own (then it is the noun: "Halvern's bid", "the Halvern bid")."""
    if tok.pos_ != "NOUN" or tok.i == 0:
        return False
    kids = {c.dep_ for c in tok.children}
    subject = tok.doc[tok.i - 1]
    return (
        subject.dep_ == "nsubj"
        and subject.head == tok
        and not kids & {"det", "poss", "nsubjpass"}
        and tok.dep_ in {"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl"}
    )


@register("extractor", NAME)
def svo(doc: Doc, *, mentions: Mentions, lexicon: Lexicon) -> Iterator[Candidate]:
    heads = lexicon.verb_heads
    w = doc_words(doc)
    for i, lemma in enumerate(w.lemma):
        # (the lemma first: a word no trigger starts with has no rules, whatever its tag)
        if lemma not in heads:
            continue
        tok = doc[i]
        if w.pos[i] != "VERB" and not w.tag[i].startswith("VB") and not _verb_read_as_noun(tok):
            continue
        rules = rules_for(tok, lexicon)
        if not rules:
            continue
        memo: dict = {}
        for rule in rules:
            for cand in apply_rule(tok, rule, mentions, lexicon, NAME, memo):
                yield cand
                if cand.object.type == "Facility" and cand.predicate in {
                    "operates",
                    "finances",
                    "investsIn",
                }:
                    yield from _places(tok, cand.object, mentions, NAME)
