"""`kg.extract.ownership.v1`: subsidiaryOf stated around a subsidiary or parent noun.

For each subsidiary noun (`subsidiary_nouns`: "subsidiary", "unit", "division" ...) the
parents are the "of" / "from" object ("a unit of Valemont"), a possessor ("Valemont's
subsidiary", "its subsidiary" -> antecedent) or a name compounded before the noun when the
subsidiary is named elsewhere ("Valemont subsidiaries Redline and Corrin"). The subsidiaries are
the subject of a copula or of the verb an "as" phrase hangs on ("Redline is / became / operates
as / was founded as a subsidiary of ..."), the name the noun is in apposition with or modifies
("Redline, a unit of", "its subsidiary Redline"), the names a list verb or opener introduces
("its subsidiaries include A, B and C", "subsidiaries, namely A and B") and the name after a
fronted description ("A subsidiary of Valemont, Redline sells ..."). Parent nouns
(`parent_nouns`) work the other way round: "Valemont is the parent company of/for/to A and B",
"Redline's parent company Valemont", "its parent, Valemont".

Arguments are organisations: recognised names, resolved pronouns, definite references, and -
because the relation types them - unrecognised proper nouns ("Airstream is a subsidiary of").
Lists are read off the parse (conjuncts) and, since the small parser often misses coordination
of names, also linearly: names separated only by commas and "and". A noun modified by a past
marker ("former parent", `cues.past_modifiers`) states no current fact.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.extract.common.candidate import Candidate
from kg.extract.common.lexicon import Lexicon
from kg.extract.en.argtypes import frames, is_first_name, is_person
from kg.extract.en.arguments import name_after, orgs
from kg.extract.en.memo import words as doc_words
from kg.extract.en.mentions import Mentions
from kg.extract.en.modality import for_sale, owned_until
from kg.extract.en.syntax import agent, is_passive, prep_objects
from kg.model import Mention
from kg.registry import register

NAME = "kg.extract.ownership.v1"
_ORG = frozenset({"Organization"})


def _subjects(v: Token, ms: Mentions, lex: Lexicon) -> list[Token]:
    """Who a copula / role verb says something about; a described noun stands for its name."""
    if is_passive(v):
        toks = [c for c in v.children if c.dep_ == "nsubjpass"]
    else:
        toks, _ = agent(v, lex.adverbial_participles)
    out = []
    for t in toks:
        if t.pos_ == "NOUN" and ms.entity(t) is None and t.dep_ in {"attr", "appos"}:
            h = t.head
            if t.dep_ == "attr":
                h = next((c for c in h.children if c.dep_ in {"nsubj", "nsubjpass"}), t)
            t = h
        out.append(t)
    return out


def _first_conjunct(n: Token) -> Token:
    while n.dep_ == "conj" and n.head.pos_ in {"NOUN", "PROPN"}:
        n = n.head
    return n


def _copula_or_role(n: Token, lex: Lexicon) -> Token | None:
    """The verb "X is/became a subsidiary" or "X operates/was founded as a subsidiary" hangs on."""
    top = _first_conjunct(n)
    if top.lower_ in lex.cues.get("person_titles", frozenset()):
        return None  # "X is the chairman and CEO of Y and its subsidiaries": X is a person
    if top.dep_ in {"attr", "oprd", "acomp"} and top.head.lemma_.lower() in lex.cues.get(
        "copulas", frozenset()
    ):
        return top.head
    if top.dep_ == "pobj" and top.head.lower_ in lex.cues.get("role_preps", frozenset()):
        v = top.head.head
        if v.pos_ in {"VERB", "AUX"}:
            return v
    return None


def _fronted(n: Token, ms: Mentions) -> Token | None:
    """ "A subsidiary of Valemont, Redline sells ...": the name after the fronted description."""
    sent = n.sent
    left = n.left_edge.i
    if left > sent.start and not (left - 1 == sent.start and sent[0].lower_ == "as"):
        return None
    right = max(t.i for t in n.subtree)
    doc = n.doc
    if right + 1 >= len(doc) or doc[right + 1].text != ",":
        if not (doc[right].text == "," and right > n.i):
            return None
        right -= 1
    span = ms.spans.get(right + 2)
    if span is None or span.start != right + 2:
        return None
    return span.root


def keys_of(n: Token) -> set[str]:
    """The noun's lemma and its two-word forms; a participle modifier counts as written too
    ("holding company": the tagger makes "holding" a VBG with the lemma "hold")."""
    lemma = n.lemma_.lower()
    mods = [c for c in n.lefts if c.dep_ in {"compound", "amod"}]
    return {lemma} | {f"{w} {lemma}" for c in mods for w in (c.lemma_.lower(), c.lower_)}


def _owned_name(n: Token) -> Token | None:
    """The name a subsidiary / parent noun modifies: "its subsidiary Redline (Power)"."""
    if n.dep_ in {"compound", "amod", "nmod"} and n.head.pos_ == "PROPN" and n.head.i > n.i:
        return n.head
    return None


def _left_names(n: Token, ms: Mentions) -> list[Token]:
    return [
        c
        for c in n.lefts
        if c.dep_ in {"compound", "nmod"} and (ms.entity(c) is not None or c.pos_ == "PROPN")
    ]


def _possessors(n: Token) -> list[Token]:
    owned = _owned_name(n)
    # "its Hong Kong Telephone Co Ltd and Cable and Wireless (Hong Kong) Ltd units": the parser
    # hangs the possessive of a plural unit noun on its first listed name
    listed = [
        c
        for c in n.lefts
        if n.tag_ == "NNS" and c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN" and c.conjuncts
    ]
    return [c for t in (n, owned, *listed) if t is not None for c in t.children if c.dep_ == "poss"]


def _related(
    n: Token, ms: Mentions, lex: Lexicon, of_preps: frozenset[str]
) -> tuple[list[Token], list[Token], list[Token], Token | None]:
    """(other side via preposition / possessor, the noun's own referents as lists, the noun's
    own referents read singly, trigger verb)."""
    cues = lex.cues
    other = prep_objects(n, set(of_preps))
    other = [_described_name(o, ms) for o in other]
    poss = _possessors(n)
    same: list[Token] = []
    verb = _copula_or_role(n, lex)
    if verb is not None:
        same += _subjects(verb, ms, lex)
    top = _first_conjunct(n)
    single: list[Token] = []  # one name only: "A and B, a unit of Y" says nothing about A
    if top.dep_ == "appos" and top.head.i < top.i:
        single.append(top.head)
    elif (name := _name_before_comma(top, ms, cues.get("past_modifiers", frozenset()))) is not None:
        single.append(name)
    same += [c for c in n.children if c.dep_ == "appos" and c.i > n.i]
    owned = _owned_name(n)
    if owned is not None:
        same.append(owned)
    if n.dep_ in {"nsubj", "nsubjpass"} and n.head.lemma_.lower() in cues.get(
        "list_verbs", frozenset()
    ):
        v = n.head
        same += [c for c in v.children if c.dep_ in {"dobj", "attr"}]
        same += prep_objects(v, {"of"})
        if verb is None:
            verb = v
    after = (
        None
        if other and not (same or single)
        else name_after(n, ms, cues.get("list_openers", frozenset()))
    )
    if after is not None and after not in same and not prep_objects(n, set(of_preps)):
        same.append(after)
    front = _fronted(n, ms)
    if front is not None:
        single.append(front)
    names = _left_names(n, ms)
    if names and (other or poss):
        single += names  # "its MDI Guam subsidiary", "the CBS Stations subsidiary of CBS"
    elif (
        names
        and (same or single)
        and not keys_of(n) & cues.get("weak_subsidiary_nouns", frozenset())
    ):
        poss += names  # "Luxottica subsidiaries LensCrafters and Pearle Vision"
    return other + poss, same, single, verb


def _name_before_comma(n: Token, ms: Mentions, past: frozenset[str]) -> Token | None:
    """ "destroyed Pellmor, once the owner of Drask Oil": an apposition the parser took for a
    second object; the name right before the comma is what the noun describes."""
    j = n.left_edge.i - 1
    if j > 0 and n.doc[j].lower_ in past:
        j -= 1
    if j < 1 or n.doc[j].text != "," or n.dep_ not in {"dobj", "conj", "npadvmod"}:
        return None
    span = ms.spans.get(j - 1)
    return span.root if span is not None and span.end == j else None


def _described_name(t: Token, ms: Mentions) -> Token:
    """ "of the engineering company White & Gillespie": the name after a described noun."""
    if ms.entity(t) is None and t.pos_ == "NOUN":
        span = ms.spans.get(t.i + 1)
        if span is not None and span.start == t.i + 1 and span.label_ == "ORG":
            return span.root
        for c in t.children:
            if c.dep_ == "appos" and ms.entity(c) is not None:
                return c
    return t


def _companies(found: list[Mention], ms: Mentions) -> list[Mention]:
    """Drop persons ("Walter O'Malley, the owner of"): the NER's person label counts when person
    cues back it (a first name, a title); "Yukos" labelled a person stays a company."""
    doc = ms.doc
    out = []
    for m in found:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
        if person and len(span) == 1:
            person = is_person(span, "PERSON") or is_first_name(span.text)
        if not person:
            out.append(m)
    return out


def _divested(n: Token, lex: Lexicon) -> bool:
    """A unit that is sold or spun off ("LVMH has sold its Christian Lacroix label"): the
    ownership it states has ended (or is ending)."""
    divest = lex.modality.get("divest_lemmas", frozenset())
    return n.dep_ in {"dobj", "nsubjpass"} and (
        n.head.lemma_.lower() in divest or for_sale(n.head)  # "put X's Y unit up for sale"
    )


def _sayer(verb: Token) -> list[Token]:
    """The subject of the speech verb whose complement `verb` heads: with no parent named,
    the company that says its new unit "will operate as a subsidiary" is the parent."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in frames()["speech_verbs"]:
        return []
    return [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"]


_HEADS: dict[int, frozenset[str]] = {}


def _heads(lex: Lexicon) -> frozenset[str]:
    """Last words of every ownership noun (a cheap test before `keys_of`), once per lexicon."""
    if id(lex) not in _HEADS:
        keys = lex.subsidiary_nouns | lex.parent_nouns | frames()["shareholder_nouns"]
        _HEADS[id(lex)] = frozenset(k.split()[-1] for k in keys)
    return _HEADS[id(lex)]


def _kind(n: Token, lex: Lexicon) -> str | None:
    """What an ownership noun says its referent is: a subsidiary, a parent or a shareholder."""
    keys = keys_of(n)
    if keys & lex.subsidiary_nouns:
        return "sub"
    if keys & lex.parent_nouns:
        return "parent"
    if keys & frames()["shareholder_nouns"]:
        return "holder"
    return None


def _same_side(n: Token, same: list[Token], single: list[Token], ms: Mentions) -> list[Mention]:
    """The noun's own referents: lists read off the parse and linearly; an apposition names one
    ("A and B, a unit of Y" says nothing about A), unless the noun is plural ("A and B, the
    firm's two main shareholders")."""
    s_ms = orgs(same, ms)
    plural = n.tag_ == "NNS"
    s_ms += [
        m
        for m in orgs(single, ms, linear=False, conjuncts=plural)
        if all(m.key != o.key for o in s_ms)
    ]
    # "its Christian Lacroix clothing label": a name on a unit noun names the unit, whatever
    # the NER calls it (a brand named after a person is still the brand).
    for t in single:
        ent = ms.entity(t)
        if t.dep_ == "compound" and t.head == n and ent is not None and ent.type == "Person":
            m = ms.named(t, "Organization")
            if m is not None and all(m.key != o.key for o in s_ms):
                s_ms.append(m)
    return s_ms


@register("extractor", NAME)
def ownership(doc: Doc, *, mentions: Mentions, lexicon: Lexicon) -> Iterator[Candidate]:
    ms, lex = mentions, lexicon
    cues = lex.cues
    past = cues.get("past_modifiers", frozenset())
    heads = _heads(lex)
    w = doc_words(doc)
    for i, lemma in enumerate(w.lemma):
        if lemma not in heads or w.pos[i] not in {"NOUN", "PROPN"}:
            continue
        n = doc[i]
        kind = _kind(n, lex)
        if kind is None or ms.entity(n) is not None:
            continue
        if n.pos_ == "PROPN" and any(
            c.dep_ == "compound" and c.pos_ == "PROPN" and ms.entity(c) is None for c in n.lefts
        ):
            continue  # the head word of a name: "Drives and Motion Division"
        preps = cues.get("parent_preps" if kind == "sub" else "child_preps", frozenset())
        if kind == "holder":
            preps = preps | {"in"}
        other, same, single, verb = _related(n, ms, lex, preps)
        if not other and kind == "sub" and verb is not None:
            other = _sayer(verb)  # "Reebok said Avia will operate as a wholly-owned subsidiary"
        if not other or not (same or single):
            continue
        # The other side is read off the parse only: "a subsidiary of Autoliv, Inc., and
        # Nordea" read linearly would give the subsidiary a second parent. An apposition names
        # one parent: the parser still makes Nordea a conjunct of Autoliv, Inc. there.
        appositive = _first_conjunct(n).dep_ == "appos"
        o_ms = orgs(other, ms, linear=False, conjuncts=not appositive)
        s_ms = _same_side(n, same, single, ms)
        if keys_of(n) & {"owner"} or kind == "holder":  # people own teams and hotels
            o_ms, s_ms = _companies(o_ms, ms), _companies(s_ms, ms)
        trigger = verb if verb is not None else n
        fixed = None if verb is not None else "Asserted"
        before = doc[n.left_edge.i - 1] if n.left_edge.i > 0 else n
        if any(c.lower_ in past for c in (*n.lefts, before)):
            fixed = "Negated"  # "once the owner of": no longer
        elif _divested(n, lex):
            fixed = owned_until(n.head, lex)  # "sold its Lacroix label", "agreed to sell its unit"
        if kind == "holder":
            pairs = [(h, "investsIn", c) for h in s_ms for c in o_ms]
        else:
            subs, parents = (s_ms, o_ms) if kind == "sub" else (o_ms, s_ms)
            pairs = [(c, "subsidiaryOf", p) for c in subs for p in parents]
        for a, pred, b in pairs:
            if a.key != b.key:
                yield Candidate(a, pred, b, trigger, 0.8, False, fixed, NAME)
