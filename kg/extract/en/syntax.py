"""Argument roles read off spaCy's dependency tree (ClearNLP labels of the English models).

Roles are what the trigger lexicon speaks in: `agent` (active subject, passive by-agent, or
the subject a control/coordination/participle construction inherits), `patient` (direct object,
passive subject, the noun a past participle modifies), `recipient` (dative or "to"-object),
`prep:X` (object of preposition X on the trigger or its object), `patient_poss`, `patient_name`
(a name written on the patient), `between`.
Each lookup walks a bounded number of heads, so a document costs O(tokens x depth).
Every role returns (tokens, implicit): implicit means found by climbing, not a direct child.
"""

from __future__ import annotations

from collections.abc import Set

from spacy.tokens import Token

from kg.extract.en.memo import table
from kg.words import words

Role = tuple[list[Token], bool]
_EMPTY: Role = ([], False)
_MAX_CLIMB = 6
_PLURAL = frozenset({"they", "their"})
_NOMINAL = {"NOUN", "PROPN", "PRON", "X", "NUM", "ADJ"}
_SPEECH = words("extract.en_speech_verbs", lower=True)
_INTENT = words("extract.en_intent_nouns", lower=True)
_DISTRIBUTIVE = words("extract.en_distributive_words", lower=True)


def is_passive(v: Token) -> bool:
    # (asked by every agent and patient lookup: a verb's rules ask it of the same verb again)
    memo = table(v.doc, "passive")
    if memo is None:
        return _passive(v)
    got = memo.get(v.i)
    if got is None:
        got = memo[v.i] = _passive(v)
    return got


def _passive(v: Token) -> bool:
    if v.dep_ in {"acl", "amod"} and v.tag_ == "VBN":
        return True
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in v.children)


def expand(tokens: list[Token]) -> list[Token]:
    """Coordinated nouns: "CATL, Panasonic and LG Chem" -> all three heads; a plural pronoun
    standing for coordinated names -> those names (`coordinated_subject`)."""
    memo = table(tokens[0].doc, "expand") if tokens else None
    if memo is None:
        return _expand(tokens)
    # (the rules of a verb and the extractors ask for the same heads again: each list is
    # walked once per doc and handed out as the walk made it, a given token itself, others new)
    key = tuple(t.i for t in tokens)
    plan = memo.get(key)
    if plan is None:
        out = _expand(tokens)
        plan = memo[key] = tuple(
            next((-1 - k for k, t in enumerate(tokens) if x is t), x.i) for x in out
        )
        return out
    doc = tokens[0].doc
    return [tokens[-1 - i] if i < 0 else doc[i] for i in plan]


def _expand(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        named = coordinated_subject(t)
        if named:
            out += [x for x in named if x not in out]
            continue
        # "provides A devices, B and C stacks": the parser often makes the second item an
        # apposition of the first; an apposition with conjuncts of its own is a list.
        listed = [
            a
            for a in t.children
            if a.dep_ == "appos"
            and a.left_edge.i == t.i + 2
            and t.nbor(1).text == ","
            and any(c.dep_ == "conj" for c in a.children)
        ]
        for x in (t, *t.conjuncts, *(y for a in listed for y in (a, *a.conjuncts))):
            if x not in out and (x is t or x.pos_ in _NOMINAL):
                out.append(x)
    return out


def coordinated_subject(t: Token) -> list[Token]:
    """ "Halvern Corp and Dunmore Inc said they agreed to merge", "... said they extended the
    term of their merger agreement": "they" / "their" under a verb whose subject, before it,
    is names joined by "and" stands for all of them (one antecedent would lose the other
    party); not "their respective / own X" (each party's). A subject of common nouns or
    persons with groups ("Robertson and partnerships he controls") is left to the antecedent
    search; so is any other subject on the way up (the pronoun is then that subject's)."""
    if t.lower_ not in _PLURAL or t.pos_ != "PRON":
        return []
    # "their respective subsidiaries A and B": each party's own
    if t.dep_ == "poss" and any(c.lower_ in _DISTRIBUTIVE for c in t.head.children):
        return []
    v = t
    for _ in range(_MAX_CLIMB):
        if v.head == v:
            return []
        v = v.head
        if v.pos_ not in {"VERB", "AUX"}:
            continue
        if v.dep_ in {"acl", "relcl"} or any(
            c.dep_ == "dobj" and c.conjuncts and c.i < t.i for c in v.children
        ):
            return []  # "X and Y, hired to advise A and B in their merger": A's and B's
        subj = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj == t or subj.lower_ in _PLURAL:
            continue
        names = [subj, *subj.conjuncts]
        if subj.i > t.i or len(names) < 2 or any(x.pos_ != "PROPN" for x in names):
            return []
        return names
    return []


def prep_objects(tok: Token, preps: Set[str]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in {"prep", "agent", "dative"} and c.lower_ in preps:
            out.extend(g for g in c.children if g.dep_ in {"pobj", "pcomp"})
    return out


def governor(n: Token) -> Token | None:
    """The verb (or entity-bearing noun, in headlines) a noun phrase hangs off."""
    t = n
    for _ in range(_MAX_CLIMB):
        if t.dep_ in {"pobj", "pcomp"}:
            t = t.head
            continue
        if t.dep_ == "prep":
            h = t.head
            if h.pos_ in {"VERB", "AUX"}:
                return h
            if h.pos_ == "PROPN" and h.ent_type_:
                return h
            t = h
            continue
        if t.dep_ in {"dobj", "attr", "oprd", "nsubjpass", "conj", "appos"}:
            h = t.head
            if h.pos_ in {"VERB", "AUX"}:
                return h
            t = h
            continue
        return None
    return None


def _climbed(gov: Token | None, adverbial: frozenset[str], depth: int) -> Role:
    """The agent inherited from a governing verb (implicit)."""
    if gov is None:
        return _EMPTY
    toks, _ = agent(gov, adverbial, depth + 1)
    return toks, True


def _passive_agent(v: Token, adverbial: frozenset[str], depth: int) -> Role:
    by = prep_objects(v, {"by"})
    if by:
        return by, False
    # "owned and operated by Valemont": the by-phrase hangs off the last participle only, yet
    # it is as explicit for the first.
    for c in v.children:
        if c.dep_ == "conj" and c.tag_ == "VBN" and (by := prep_objects(c, {"by"})):
            return by, False
    if v.dep_ in {"acl", "amod"}:
        # "technology licensed from CATL": the user of the technology is the licensee; not
        # across a speech verb ("the company says ... sold drugs": the company did not sell).
        gov = governor(v.head)
        if gov is not None and gov != v and gov.lemma_.lower() not in _SPEECH:
            return _climbed(gov, adverbial, depth)
    return _EMPTY


def _inherited_agent(v: Token, adverbial: frozenset[str], depth: int) -> Role:
    """No subject of its own: the subject a control / coordination / participle / relative
    construction passes down."""
    dep, head = v.dep_, v.head
    if dep == "conj" and head.pos_ == "NOUN":
        names = _misread_subject(head)
        if names:
            return names, True
    if dep == "xcomp" and is_passive(head):
        subj = [c for c in head.children if c.dep_ == "nsubjpass"]
        if subj:  # "Halvern is said to be considering an offer": Halvern considers
            return subj, True
    if dep in {"conj", "xcomp", "advcl"}:
        return _climbed(head, adverbial, depth)
    if dep == "acomp" and head.pos_ in {"AUX", "VERB"}:  # "is able to produce"
        return _climbed(head, adverbial, depth)
    if dep == "relcl":
        if (
            head.pos_ == "NOUN"
            and head.dep_ in {"dobj", "pobj"}
            and any(c.dep_ == "aux" and c.tag_ == "TO" for c in v.children)
        ):
            # "Sanofi struck a deal to acquire Inhibrx": the parser reads the infinitive as a
            # relative clause; whoever struck the deal is the one to acquire.
            return _climbed(governor(head), adverbial, depth)
        return [head], True
    if dep == "acl":
        if v.tag_ == "VBG" and v.lemma_.lower() not in adverbial:
            return [head], True  # "a plant producing cells"
        owner = [c for c in head.children if c.dep_ == "poss"]
        if owner and any(c.dep_ == "aux" and c.tag_ == "TO" for c in v.children):
            return owner, True  # "the DOT dismissed TWA's application to acquire USAir"
        return _climbed(governor(head), adverbial, depth)
    if dep == "pcomp":
        return _pcomp_agent(head.head, adverbial, depth)
    return _EMPTY


def _pcomp_agent(owner: Token, adverbial: frozenset[str], depth: int) -> Role:
    """The agent of a gerund after a preposition: "X agreed on buying", "X came close to buying
    Y", "X has no intention of seeking control of Y" (the noun's owner, else its verb's)."""
    if owner.pos_ in {"VERB", "AUX"}:
        return _climbed(owner, adverbial, depth)
    if owner.pos_ in {"ADV", "ADJ"} and owner.head.pos_ in {"VERB", "AUX"}:
        return _climbed(owner.head, adverbial, depth)
    if owner.pos_ == "NOUN" and owner.dep_ == "dobj":
        poss = [c for c in owner.children if c.dep_ == "poss"]
        return (poss, True) if poss else _climbed(owner.head, adverbial, depth)
    return _EMPTY


def agent(v: Token, adverbial: frozenset[str], depth: int = 0) -> Role:
    if depth > _MAX_CLIMB:
        return _EMPTY
    # Headline "GM in Talks with TDK": the proper noun itself is the party.
    if v.pos_ == "PROPN" and not v.tag_.startswith("VB"):
        return [v], True
    if (
        v.dep_ == "acl"
        and v.head.dep_ == "ROOT"
        and v.head.pos_ == "PROPN"
        and v.tag_ in {"VBD", "VBN"}
        and not any(c.dep_ == "agent" for c in v.children)
    ):
        return [v.head], True  # "Orbix partnered with Y": the verb misread as a modifier
    if is_passive(v):
        return _passive_agent(v, adverbial, depth)
    subj = [c for c in v.children if c.dep_ in {"nsubj", "csubj"}]
    if subj:
        return subj, False
    if v.head == v:
        return _EMPTY
    return _inherited_agent(v, adverbial, depth)


def first_conjunct(tok: Token) -> Token:
    """The first item of the coordination `tok` is in ("C" in "A, B and C" -> A)."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    return tok


def _misread_subject(n: Token) -> list[Token]:
    """ "Freescale Semiconductor designs, manufactures, and sells ...": the small parser reads the
    leading verbs as a plural noun ("designs") with the name as its compound modifier; the last
    verb of the list is still a verb. The name is then the subject of that verb."""
    first = first_conjunct(n)
    if first.tag_ != "NNS" or first.pos_ != "NOUN" or first.dep_ not in {"ROOT", "nsubj"}:
        return []
    names = [c for c in first.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return names[-1:]


def patient(v: Token) -> Role:
    if is_passive(v):
        subj = [c for c in v.children if c.dep_ == "nsubjpass"]
        if subj:
            return subj, False
        if v.dep_ in {"acl", "amod"}:
            return _intent_party(v) or ([v.head], True)
        if v.dep_ == "relcl":  # "received an offer to be acquired by Y" (the parser's relcl)
            return _intent_party(v) or _EMPTY
        if v.dep_ == "conj":
            return patient(v.head)
        if v.dep_ == "xcomp":  # "VMI agreed to be acquired by Liberty Global"
            subj = [c for c in v.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
            return subj, True
        return _EMPTY
    obj = [c for c in v.children if c.dep_ == "dobj"]
    if obj:
        named = _name_after_descriptor(v, obj[0])
        return ([named], True) if named is not None else (obj, False)
    if v.dep_ == "compound" and v.head.pos_ == "NOUN":  # "X imports cathode material" misparse
        return [v.head], True
    # "would finance and operate a plant": the shared object sits on the last conjunct.
    for c in v.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            obj = [g for g in c.children if g.dep_ == "dobj"]
            if obj:
                return obj, True
    if v.dep_ == "conj" and v.head.pos_ == "VERB":
        obj = [g for g in v.head.children if g.dep_ == "dobj"]
        if obj:
            return obj, True
    return _EMPTY


def _intent_party(v: Token) -> Role | None:
    """ "signed a definitive agreement / a letter of intent to be acquired by Y", "received an
    offer to be acquired by Y", "its agreement to be acquired by Y": a passive infinitive on a
    noun of agreement or intent (`extract.en_intent_nouns`) is said of the noun's party (its
    possessor, or the subject of the verb it is the object of), not of the noun."""
    n = v.head
    if n.lemma_.lower() not in _INTENT or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in v.children
    ):
        return None
    poss = [c for c in n.children if c.dep_ == "poss"]
    if poss:
        return poss, True
    while n.dep_ == "pobj" and n.head.dep_ == "prep" and n.head.head.pos_ == "NOUN":
        n = n.head.head  # "a letter of intent"
    if n.dep_ != "dobj":
        return None
    subj = [c for c in n.head.children if c.dep_ == "nsubj"]
    return (subj, True) if subj else None


_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def _name_after_descriptor(v: Token, obj: Token) -> Token | None:
    """ "acquired streaming service Tubi": the parser takes the describing noun for the object
    and hangs the name off the verb. The name right after a bare singular noun object is the
    object (never a date: "bought land Tuesday")."""
    if obj.tag_ != "NN" or any(c.dep_ in {"det", "poss", "nummod"} for c in obj.children):
        return None
    nxt = obj.doc[obj.right_edge.i + 1] if obj.right_edge.i + 1 < len(obj.doc) else None
    while nxt is not None and nxt.dep_ == "compound" and nxt.head.i > nxt.i:
        nxt = nxt.head
    if (
        nxt is None
        or nxt.pos_ != "PROPN"
        or nxt.head.i != v.i
        or nxt.dep_ not in {"npadvmod", "appos", "dep", "oprd", "attr", "dobj"}
        or nxt.ent_type_ in _NOT_NAMES
    ):
        return None
    return nxt


def recipient(v: Token) -> Role:
    dative = [c for c in v.children if c.dep_ == "dative" and c.pos_ in {"NOUN", "PROPN"}]
    if dative:
        return dative, False
    return role(v, "prep:to", frozenset())


def _restated(p: Token) -> list[Token]:
    """ "1.2 mln shares, or 12 pct, of Y": an amount restated after "or" carries the phrase
    the first one shares ("of Y")."""
    if not any(c.dep_ == "cc" and c.lower_ == "or" for c in p.children):
        return []
    return [
        c for c in p.children if c.dep_ == "conj" and any(g.dep_ == "nummod" for g in c.children)
    ]


def _named(o: Token) -> bool:
    """A name, or a noun a name is written on ("American Dynamics' common stock")."""
    return o.pos_ == "PROPN" or any(
        c.dep_ in {"poss", "compound"} and c.pos_ == "PROPN" for c in o.children
    )


def role(v: Token, name: str, adverbial: frozenset[str]) -> Role:
    if name == "agent":
        return agent(v, adverbial)
    if name == "patient":
        return patient(v)
    if name == "recipient":
        return recipient(v)
    if name.startswith("prep:"):
        preps = {name[5:]}
        found = prep_objects(v, preps)
        if found:
            return found, False
        pats, _ = patient(v)
        found = [o for p in pats for o in prep_objects(p, preps)]
        # (a name only: "shares, or 2.2 pct of those outstanding / of the total" names none)
        found += [
            o
            for p in pats
            for q in _restated(p)
            for o in prep_objects(q, preps)
            if not found and _named(o)
        ]
        return found, False
    if name == "patient_poss":
        pats, _ = patient(v)
        return [c for p in pats for c in p.children if c.dep_ == "poss"], False
    if name == "patient_name":  # "bought 2.4 mln Cyclops Corp common shares": whose shares
        pats, _ = patient(v)
        named = [c for p in pats for c in p.lefts if c.dep_ in {"compound", "nmod", "poss"}]
        # (a name the NER gives: "Class A shares" names a class of shares, no company)
        return [c for c in named if c.pos_ == "PROPN" and c.ent_type_ == "ORG"], False
    return _EMPTY
