"""`kg.extract.nominal.v1`: facts triggered by nouns ("talks with", "a stake in", "CATL's
supply deal with Tesla", "a joint venture between Ford and SK On", "the acquisition of X by Y").

The owner of a noun trigger is its possessor, else the agent of the light verb it is the object
of ("signed a licensing agreement with", "take an equity stake in", "is in talks with"). Generic
deal nouns (agreement, deal, contract ...) take their predicate from a modifier ("supply deal"
-> buysFrom with supplier and buyer swapped). "X and Y formed a JV called Z": X and Y are joint
venture partners, both invest in Z (a new organisation).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Doc, Token

from kg.extract.common.candidate import Candidate
from kg.extract.common.lexicon import SYMMETRIC, Lexicon, Rule
from kg.extract.en.memo import words as doc_words
from kg.extract.en.mentions import Mentions
from kg.extract.en.modality import modality
from kg.extract.en.stakes import of_company
from kg.extract.en.syntax import agent, expand, governor, prep_objects
from kg.extract.en.units import unit_owner
from kg.model import Mention
from kg.registry import register
from kg.words import words

_SPEECH = words("extract.en_speech_verbs", lower=True)

NAME = "kg.extract.nominal.v1"
_ORG = frozenset({"Organization"})
_PARTIES = frozenset({"Organization", "Facility"})


def owners(n: Token, ms: Mentions, lex: Lexicon) -> tuple[list[Token], bool]:
    poss = [c for c in n.children if c.dep_ == "poss"]
    if poss and poss[0].pos_ != "PRON" and _bought_stake(n, lex):
        # "agreed to acquire Kessler's 38 pct stake in Y": the buyer's, once bought
        return agent(n.head, lex.adverbial_participles)[0], True
    if poss:
        return poss, False
    if n.dep_ == "pobj" and n.head.lower_ in {"of", "for"} and _buying_noun(n.head.head, lex):
        return owners(n.head.head, ms, lex)  # "X's purchase of a stake in Y": the buyer's stake
    gov = governor(n)
    if gov is None:
        return [], False
    if gov.pos_ in {"NOUN", "PROPN"}:
        return [gov], True
    if gov.lemma_.lower() in lex.cues.get("approving_verbs", frozenset()):
        return _body_owner(gov, lex), True
    if gov.lemma_.lower() not in lex.light_verbs and not _paid_for(n, gov, lex):
        return [], False
    toks, _ = agent(gov, lex.adverbial_participles)
    return toks, True


def _body_owner(gov: Token, lex: Lexicon) -> list[Token]:
    """ "Genova Inc said its shareholders approved a merger into Y", "the board of Carrolton
    State Bank has approved a merger into Y", "X said shareholders at a special meeting approved
    a merger into Y": a deal its shareholders or board approve is the company's (`cues.
    approving_verbs`, `cues.company_bodies`): the body's possessor or "of" company, or for a
    bare body the subject of the speech verb it is reported by. A regulator approving ("the
    Federal Reserve Board approved the merger") is no body of a company (a name, not a common
    noun), and approves nothing of its own."""
    bodies = lex.cues.get("company_bodies", frozenset())
    subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
    reported = gov.dep_ == "ccomp" and gov.head.lemma_.lower() in _SPEECH
    if subj is None and reported:  # "X said shareholders ... approved": parsed as said's object
        subj = next((c for c in gov.head.children if c.dep_ == "dobj"), None)
    if subj is None or subj.pos_ != "NOUN" or subj.lower_ not in bodies:
        return []
    own = [c for c in subj.children if c.dep_ == "poss"] or prep_objects(subj, {"of"})
    if own:
        return own
    if not reported:
        return []
    return [c for c in gov.head.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"]


def _bought_stake(n: Token, lex: Lexicon) -> bool:
    """A stake possessed by a name that is the object of a buying verb ("acquire X's stake in
    Y"): its possessor sells it ("bought their 4.9 pct stake": the buyer's own)."""
    return (
        n.dep_ == "dobj"
        and n.lemma_.lower() in lex.cues.get("share_nouns", frozenset())
        and any(
            r.predicate == "acquires" and r.subject[:1] == ("agent",)
            for r in lex.verbs.get(n.head.lemma_.lower(), ())
        )
    )


def _offered_for(n: Token, lex: Lexicon) -> bool:
    """ "would consider any bid for its 20.8 pct shareholding in Y": a possessed stake a bid is
    for is held now, whatever the clause says of the bid."""
    return (
        n.dep_ == "pobj"
        and n.head.lower_ == "for"
        and n.head.head.lemma_.lower() in lex.cues.get("offer_nouns", frozenset())
        and any(c.dep_ == "poss" for c in n.children)
    )


def _buying_noun(n: Token, lex: Lexicon) -> bool:
    """A noun whose owner buys what it is of ("purchase", "acquisition", "offer"; not "sale")."""
    return n.pos_ == "NOUN" and any(
        r.predicate == "acquires" and r.subject[:1] == ("owner",)
        for r in lex.nouns.get(n.lemma_.lower(), ())
    )


def _paid_for(n: Token, gov: Token, lex: Lexicon) -> bool:
    """ "agreed to pay $750 million for a 20% stake in Y", "offered 3.8 billion pesos for 38
    mln shares in Y": who pays for the noun holds it (`cues.paying_verbs`; "offered its shares
    to Z" is no payment)."""
    if gov.lemma_.lower() not in lex.cues.get("paying_verbs", frozenset()):
        return False
    t = n
    while t.head != gov and t.head != t:
        t = t.head
    return t.dep_ == "prep" and t.lower_ == "for"


def _resolve_all(tokens: list[Token], types: frozenset[str], ms: Mentions) -> list[Mention]:
    out: list[Mention] = []
    for t in expand(tokens):
        m = ms.resolve(t, types)
        if m is not None and all(m.key != o.key for o in out):
            out.append(m)
    return out


def _counterparts(n: Token, prep: str) -> list[Token]:
    found = prep_objects(n, {prep})
    if not found:  # "a round led by X", "the acquisition of Y by X", "a bid by X for Y"
        found = [o for c in n.children if c.dep_ == "acl" for o in prep_objects(c, {prep})]
        found += [
            o for y in prep_objects(n, {"of", "by"} - {prep}) for o in prep_objects(y, {prep})
        ]
    if not found:
        gov = governor(n)
        if gov is not None and gov.pos_ in {"VERB", "AUX"}:
            found = prep_objects(gov, {prep})
    return [t for t in found if t != n]


def _pairs(
    owner_ms: list[Mention], other_ms: list[Mention], between: bool, symmetric: bool
) -> list[tuple[Mention, Mention]]:
    if other_ms and owner_ms and not between:
        return [(a, b) for a in owner_ms for b in other_ms if a.key != b.key]
    if not symmetric and not (between and not owner_ms):
        return []
    parties = list(owner_ms)
    parties += [m for m in other_ms if all(m.key != p.key for p in parties)]
    return list(combinations(parties, 2))


def _noun_rules(n: Token, lex: Lexicon) -> list[tuple[Rule | None, tuple[str, bool, float] | None]]:
    lemma = n.lemma_.lower()
    mods = [c.lemma_.lower() for c in n.children if c.dep_ in {"compound", "amod", "nmod"}]
    out: list[tuple[Rule | None, tuple[str, bool, float] | None]] = []
    for m in mods:
        for r in lex.nouns.get(f"{m} {lemma}", ()):
            out.append((r, None))
    if not out:
        for r in lex.nouns.get(lemma, ()):
            out.append((r, None))
    if lemma in lex.deal_heads and not out and not mods and prep_objects(n, {"for"}):
        return [(r, None) for r in lex.nouns.get("bid", ())]  # "X's $2 billion deal for Y"
    if lemma in lex.deal_heads and not out:
        qual = None
        # "an agreement of merger with Y": a bare "of" noun qualifies as a modifier does
        kinds = [
            o.lemma_.lower()
            for o in prep_objects(n, {"of"})
            if o.pos_ == "NOUN" and not any(c.dep_ in {"det", "poss", "nummod"} for c in o.children)
        ]
        for m in mods + kinds:
            if m == "joint":
                continue
            if m == "venture" and "joint" in {
                g.lemma_.lower() for g in n.children for g in g.children
            } | set(mods):
                m = "joint venture"
            qual = lex.deal_qualifiers.get(m)
            if qual:
                break
        if qual is None and _states_its_deal(n, lex):
            return out  # "an agreement for X to acquire Y": the verb's rules say what it is
        out.append((None, qual or lex.deal_default))
    return out


def _agreed_with(n: Token, lex: Lexicon) -> list[Token]:
    """ "X signed agreements with Y for the sale of its plant", "an agreement with Y for the
    sale of Z": the other party of the agreement the sale is for buys what is sold."""
    if n.dep_ != "pobj" or n.head.lower_ != "for":
        return []
    g = n.head.head
    if g.lemma_.lower() in lex.deal_heads:
        deals = [g]
    elif g.pos_ in {"VERB", "AUX"}:
        deals = [c for c in g.children if c.dep_ == "dobj" and c.lemma_.lower() in lex.deal_heads]
    else:
        return []
    return [o for d in deals for o in prep_objects(d, {"with"})]


def _states_its_deal(n: Token, lex: Lexicon) -> bool:
    """A generic deal noun whose own clause holds a trigger verb ("an agreement for Vertex to
    acquire a stake in Computer", "a deal to supply"): that verb names the deal, so the
    parties are no generic partners."""
    if any(t.i != n.i and t.pos_ == "VERB" and t.lemma_.lower() in lex.verbs for t in n.subtree):
        return True
    # "signed agreements with Y for the sale of X": a sale (its buyer is Y), no partnership
    sales = lex.cues.get("sale_nouns", frozenset())
    gov = governor(n) if n.dep_ == "dobj" else None
    return any(
        o.lemma_.lower() in sales
        for h in (n, gov)
        if h is not None
        for o in prep_objects(h, {"for"})
    )


def _named_child(n: Token, ms: Mentions) -> Mention | None:
    for c in n.children:
        if c.dep_ == "acl" and c.lemma_.lower() in {"call", "name", "dub", "know"}:
            for g in c.children:
                if g.dep_ in {"oprd", "attr", "dobj"} or (g.dep_ == "prep" and g.lower_ == "as"):
                    target = (
                        g
                        if g.dep_ != "prep"
                        else next((x for x in g.children if x.dep_ == "pobj"), None)
                    )
                    if target is not None:
                        return ms.named(target, "Organization")
        if c.dep_ == "appos":
            return ms.named(c, "Organization")
    return None


@register("extractor", NAME)
def nominal(doc: Doc, *, mentions: Mentions, lexicon: Lexicon) -> Iterator[Candidate]:
    heads = lexicon.noun_heads | lexicon.deal_heads
    w = doc_words(doc)
    for i, lemma in enumerate(w.lemma):
        if lemma not in heads or w.pos[i] not in {"NOUN", "PROPN"}:
            continue
        n = doc[i]
        for rule, qual in _noun_rules(n, lexicon):
            yield from _apply(n, rule, qual, mentions, lexicon)


def _owner_side(
    n: Token, roles: tuple[str, ...], ms: Mentions, lex: Lexicon
) -> tuple[list[Token], bool]:
    """The trigger noun's owner side: (tokens, found by climbing). An owner found by climbing
    yields to one the noun names itself ("compared X's attempt to a similar bid by Shell for
    Woodside": Shell's bid, not X's)."""
    climbed: tuple[list[Token], bool] = ([], False)
    for r in roles:
        toks, implicit = [], False
        if r == "owner":
            toks, implicit = owners(n, ms, lex)
        elif r.startswith("prep:"):
            toks = _counterparts(n, r[5:])
        if toks and not implicit:
            return toks, implicit
        if toks and not climbed[0]:
            climbed = (toks, implicit)
    return climbed


def _other_side(
    n: Token, roles: tuple[str, ...], ms: Mentions, lex: Lexicon
) -> tuple[list[Token], bool]:
    """The trigger noun's other side: (tokens, parties listed together as "between A and B")."""
    for r in roles:
        toks, between = [], False
        if r == "between":
            toks, between = prep_objects(n, {"between"}), True
        elif r == "between:of":  # "the merger of A and B"
            found = prep_objects(n, {"of"})
            if len(expand(found)) > 1:
                toks, between = found, True
        elif r.startswith("prep:"):
            toks = _counterparts(n, r[5:])
        elif r == "owner":  # "X raised $5m in a round led by Y"
            toks, _ = owners(n, ms, lex)
        if toks:
            return toks, between
    return [], False


def _offer_target(n: Token, lex: Lexicon) -> list[Token]:
    """The company that receives, rejects or weighs an offer, or is its target, is what the
    offer is for."""
    cues = lex.cues
    if n.lemma_.lower() in cues.get("offer_nouns", frozenset()):
        described = _target_of(n, lex)
        if described is not None:
            return [described]
    gov = governor(n)
    if (
        n.lemma_.lower() not in cues.get("offer_nouns", frozenset())
        or gov is None
        or gov.lemma_.lower() not in cues.get("offer_target_verbs", frozenset())
    ):
        return []
    toks, _ = agent(gov, lex.adverbial_participles)
    # "its board", "whose board", "shareholders of X": the company the body belongs to
    bodies = lex.cues.get("company_bodies", frozenset())
    return [
        next((c for c in t.children if c.dep_ == "poss"), t) if t.lemma_.lower() in bodies else t
        for t in toks
    ]


def _target_of(n: Token, lex: Lexicon) -> Token | None:
    """ "Bancroft, the target of an unfriendly cash offer by Zico", "Bancroft is the target of
    a bid": the name the target noun describes (apposition or copula subject)."""
    prep = n.head
    target = prep.head
    if n.dep_ != "pobj" or prep.lower_ != "of":
        return None
    if target.lemma_.lower() not in lex.cues.get("offer_target_nouns", frozenset()):
        return None
    if target.dep_ == "appos":
        return target.head
    if target.dep_ == "attr":
        return next((c for c in target.head.children if c.dep_ == "nsubj"), None)
    return None


def _apply(
    n: Token, rule: Rule | None, qual: tuple[str, bool, float] | None, ms: Mentions, lex: Lexicon
) -> Iterator[Candidate]:
    if rule is not None:
        subj_roles, obj_roles = rule.subject, rule.object
        predicate, swap, strength = rule.predicate, False, rule.strength
        s_types, o_types = rule.subject_types, rule.object_types
    else:
        assert qual is not None
        predicate, swap, strength = qual
        subj_roles, obj_roles = ("owner",), ("prep:with", "between")
        s_types = o_types = _PARTIES
    own_toks, implicit = _owner_side(n, subj_roles, ms, lex)
    other_toks, between = _other_side(n, obj_roles, ms, lex)
    sale = n.lemma_.lower() in lex.cues.get("sale_nouns", frozenset())
    fixed = None
    if sale and not own_toks and "prep:to" in subj_roles:
        own_toks = _agreed_with(n, lex)  # "signed agreements with Y for the sale of X"
        if own_toks and modality(n, lex) == "Asserted":
            fixed = "Planned"  # what an agreement is for is still to come
    if predicate == "investsIn" and _offered_for(n, lex):
        fixed = "Asserted"  # "would consider any bid for its stake in Y": it holds it now
    if predicate in {"acquires", "investsIn"} and not sale:  # "a tender offer for all shares of Y"
        other_toks = [of_company(t, lex) or t for t in other_toks]  # (a sale of 5 pct is no buy)
    elif predicate == "licensesTechnologyFrom":  # "rights to the technology of Halcon"
        # "retained rights to the CM brand": a brand or label is what is licensed, not whose
        other_toks = [t for t in other_toks if t.lemma_.lower() not in lex.subsidiary_nouns]
        other_toks = [of_company(t, lex, technology=True) or t for t in other_toks]
    if not other_toks and predicate == "acquires":
        other_toks = _offer_target(n, lex)  # "X rejected a takeover offer from Y"
    if predicate == "mergesWith" and (
        owners := [o for t in other_toks for o in unit_owner(t, lex)]
    ):
        # "the merger of Viacom with a subsidiary of National Amusements": the owner buys it
        predicate, swap, other_toks, between = "acquires", True, owners, False
    owner_ms = _resolve_all(own_toks, s_types, ms)
    other_ms = _resolve_all(other_toks, o_types, ms)
    pairs = _pairs(owner_ms, other_ms, between, predicate in SYMMETRIC)
    for a, b in pairs:
        s, o = (b, a) if swap else (a, b)
        yield Candidate(s, predicate, o, n, strength, implicit, fixed, NAME)
    if rule is not None and rule.names_child:
        child = _named_child(n, ms)
        if child is not None:
            parties = {m.key: m for pair in pairs for m in pair} or {m.key: m for m in owner_ms}
            for m in parties.values():
                if m.key != child.key:
                    yield Candidate(m, "investsIn", child, n, 0.75, True, None, NAME)
