"""Pronouns that stand for an organisation named before them.

- relative pronouns ("Redline, which is a unit of Valemont") -> the noun the relative clause
  modifies (through a copula or apposition to the name when that noun is a description);
- possessive "its" / "their" -> the nearest organisation before it in the sentence, outside the
  noun phrase it determines, else the first organisation of the previous sentence;
- subject "it" / "they" (only when a pattern asks, see `antecedent(..., subject=True)`) -> the
  nearest organisation before it in the sentence, else the previous sentence's first one;
- the article's own organisation (`own_organisation`, key `SELF_KEY`): first-person "we" / "our"
  outside quotation marks (a company page or press release speaking of itself: "our parent
  company, Valemont"), and "it" / "its" when no organisation at all is named before it ("It is
  a subsidiary of Valemont" opening a passage). The resolver makes that one node per article,
  like an unnamed plant, so the fact keeps its evidence instead of being dropped.
The pronoun becomes a mention of its own (its text and offsets, so evidence shows it) carrying
the antecedent's key, name and type; certainty is the antecedent's x 0.8 (resolution can err).
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Span, Token

from kg.extract.common.lexicon import Lexicon
from kg.extract.en.argtypes import is_agency
from kg.model import SELF_KEY, SELF_NAME, Mention


class Mentions(Protocol):
    """What pronoun resolution reads of an article's mentions: `kg.extract.en.mentions.Mentions`
    implements it (a protocol, so that module and this one do not import each other)."""

    lang: str
    lex: Lexicon

    def entity(self, tok: Token) -> Mention | None: ...

    def use(self, mention: Mention) -> Mention: ...

    def named(self, tok: Token, typ: str) -> Mention | None: ...

    def company(self, tok: Token) -> Mention | None: ...


_PRONOUN_CERTAINTY = 0.8
_SELF_CERTAINTY = 0.5
_OPEN_QUOTES = {'"': '"', "“": "”", "«": "»"}


def is_relative(tok: Token, relatives: frozenset[str]) -> bool:
    return (tok.lower_ in relatives and tok.tag_ in {"WDT", "WP", "WP$"}) or (
        tok.lower_ == "that" and tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "relcl"
    )


def antecedent(
    tok: Token, ms: Mentions, types: frozenset[str], *, subject: bool = False
) -> Mention | None:
    """The pronoun `tok` as a mention of the organisation it refers to, or None."""
    cues = ms.lex.cues
    low = tok.lower_
    target: Mention | None = None
    if expletive(tok):
        return None
    if is_relative(tok, cues.get("relative_pronouns", frozenset())):
        verb = tok.head
        while verb.dep_ != "relcl" and verb.head != verb and verb.dep_ in {"prep", "pobj"}:
            verb = verb.head  # "whose parent is", "of which"
        if verb.dep_ != "relcl":
            return None
        target = _described(_relative_noun(verb, ms), ms, types)
    elif low in cues.get("possessive_pronouns", frozenset()) and tok.dep_ == "poss":
        skip = set(t.i for t in tok.head.subtree)
        if _deal_noun(tok.head, ms.lex):
            # "the SEC ... its tender offer for Cyclops": a regulator makes no deal of its own
            skip |= {t.i for t in tok.sent if (m := ms.entity(t)) is not None and is_agency(m.name)}
        target = _clause_subject(tok, ms, types) or _before(tok, ms, types, skip=skip)
    elif low in cues.get("first_person_pronouns", frozenset()):
        return own_organisation(tok, ms, types) if not _quoted(tok) else None
    elif (
        subject
        and low in cues.get("subject_pronouns", frozenset())
        and (tok.dep_ in {"nsubj", "nsubjpass"} or between_party(tok))
    ):
        target = _governing_subject(tok, ms, types) or _before(
            tok, ms, types, skip=_relative_host(tok, ms)
        )
    else:
        return None
    if target is None:
        if low in cues.get("topic_pronouns", frozenset()) and not _org_before(tok, ms):
            return own_organisation(tok, ms, types)
        return None
    return ms.use(
        standing_for(target, tok.text, tok.idx, tok.idx + len(tok.text), _PRONOUN_CERTAINTY, ms)
    )


def standing_for(
    target: Mention, text: str, start: int, end: int, factor: float, ms: Mentions
) -> Mention:
    """A pronoun or description (its own text and offsets, so evidence shows it) carrying the
    entity it stands for; certainty scaled by `factor` (resolution can err)."""
    return Mention(
        text,
        start,
        end,
        target.type,
        target.name,
        target.key,
        round(target.certainty * factor, 3),
        ms.lang,
    )


_GOVERNED = {"ccomp", "advcl", "conj"}


def _governing_subject(
    tok: Token, ms: Mentions, types: frozenset[str], depth: int = 0
) -> Mention | None:
    """ "Halvern acquired Dunmore in 1986 when it purchased Kessler", "Halvern told Dunmore it
    would pay more": a subject pronoun of a clause governed by another (a complement, an
    adverbial clause, a conjunct, a relative clause on a noun of that verb's phrase: "was
    flexible on the price it would pay to acquire Y") is the subject of the nearest verb above
    it that has one, not the nearest name (the object between them). A governing subject that
    names no organisation (a person, "the board") decides nothing: the nearest name is read
    instead.
    Not for "they" (coordinated subjects are read as before), a passive subject ("made an
    offer for Y when it was sold by Z": the thing sold) or the subject of an infinitive ("X
    wants it to buy Y": "it" is not X)."""
    if tok.dep_ != "nsubj" or tok.lower_ != "it" or depth > 2:
        return None
    v = tok.head
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in v.children):
        return None
    for _ in range(3):
        if v.dep_ == "relcl":  # "the price it would pay": the verb above the noun
            v = _verb_above(v.head)
        elif v.dep_ in _GOVERNED and v.head != v:
            v = v.head
        else:
            return None
        if v is None or v.pos_ not in {"VERB", "AUX"}:
            return None
        subj = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None:
            continue
        if subj.i > tok.i:
            return None
        if subj.pos_ != "PRON":
            m = ms.entity(subj)
            return m if m is not None and m.type in types else None
        if subj.lower_ not in ms.lex.cues.get("nonpersonal_pronouns", frozenset()):
            return None
        return _governing_subject(subj, ms, types, depth + 1) or _before(
            subj, ms, types, skip=_relative_host(subj, ms)
        )
    return None


def _verb_above(n: Token) -> Token | None:
    """The verb a noun's phrase hangs on, through at most four heads ("flexible on the price
    it would pay": "was")."""
    for _ in range(4):
        if n.pos_ in {"VERB", "AUX"}:
            return n
        if n.head == n:
            return None
        n = n.head
    return None


def _relative_host(tok: Token, ms: Mentions) -> set[int]:
    """ "Meiko Securities, in which it holds a five pct share": the subject pronoun of a
    relative clause whose relative pronoun is not its subject is not the noun the clause
    modifies (nor the name that noun describes); "Acme, which said it would" is Acme."""
    v = tok.head
    if v.dep_ != "relcl":
        return set()
    relatives = ms.lex.cues.get("relative_pronouns", frozenset())
    rels = [t for t in v.subtree if is_relative(t, relatives)]
    if not rels or any(r.dep_ in {"nsubj", "nsubjpass"} for r in rels):
        return set()
    host = _relative_noun(v, ms)
    host = host.head if host.dep_ == "appos" else host
    return {t.i for t in host.subtree if t.i < v.left_edge.i} | {host.i}


def _relative_noun(v: Token, ms: Mentions) -> Token:
    """The noun a relative clause describes: the name right before its comma ("relations with
    Meiko Securities Co Ltd, in which it holds": the small parser hangs the clause on a distant
    noun), else the clause's head."""
    doc = v.doc
    j = v.left_edge.i - 1
    if j > 0 and doc[j].text == "," and v.head.i < j - 1 and ms.entity(doc[j - 1]) is not None:
        return doc[j - 1]
    return v.head


def expletive(tok: Token) -> bool:
    """ "it will then be possible to identify ...", "it is likely that ...": a dummy subject
    standing for the clause that follows, never for a company."""
    if tok.lower_ != "it" or tok.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    v = tok.head
    if v.lemma_.lower() not in {"be", "seem", "appear", "become", "remain"}:
        return (  # "it is said that ...", never "It has also said it has no intention"
            v.tag_ == "VBN"
            and any(c.dep_ == "ccomp" for c in v.children)
            and (tok.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in v.children))
        )
    return any(c.dep_ == "acomp" for c in v.children) and any(
        c.dep_ in {"xcomp", "ccomp", "csubj"} for c in v.children
    )


def between_party(tok: Token) -> bool:
    """ "the merger between it and Questar": a pronoun listed as a party of a deal noun."""
    first = tok
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    return first.dep_ == "pobj" and first.head.lower_ == "between"


def led_by(n: Token, ms: Mentions) -> Mention | None:
    """ "A group of firms led by Industrial Equity said it acquired ...": a group, consortium or
    syndicate led, headed or controlled by a named organisation acts in its name (the first
    name of the "by" phrase; the group's other members are not named), and so does one named
    after it ("the Cable and Wireless Plc group")."""
    cues = ms.lex.cues
    if n.pos_ != "NOUN" or ms.entity(n) is not None:
        return None
    if n.lemma_.lower() not in cues.get("led_group_nouns", frozenset()):
        return None
    for c in n.lefts:  # "the Cable and Wireless Plc group now holds 70 pct of ..."
        if c.dep_ == "compound" and (m := ms.entity(c)) is not None and m.type == "Organization":
            return m
    members = [p for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    for noun in (n, *members):  # the parse hangs "led by" on "group" or on "firms"
        for c in noun.children:
            if c.dep_ != "acl" or c.lemma_.lower() not in cues.get("leading_verbs", frozenset()):
                continue
            for by in (a for a in c.children if a.dep_ == "agent"):
                for p in (p for p in by.children if p.dep_ == "pobj"):
                    return ms.company(p)
    return None


def _deal_noun(n: Token, lex: Lexicon) -> bool:
    return n.lemma_.lower() in lex.noun_heads | lex.deal_heads


def _described(n: Token, ms: Mentions, types: frozenset[str]) -> Mention | None:
    """The named thing a noun stands for: itself, or the name it describes ("Tata Europe is a
    chemicals company that ..." -> Tata Europe)."""
    m = ms.entity(n)
    if m is not None:
        return m if m.type in types else None
    if n.pos_ == "PROPN" and "Organization" in types:
        return ms.named(n, "Organization")
    if n.dep_ in {"attr", "appos"} and n.head != n:
        h = n.head
        if n.dep_ == "attr":
            h = next((c for c in h.children if c.dep_ in {"nsubj", "nsubjpass"}), h)
        m = ms.entity(h)
        if m is not None and m.type in types:
            return m
    return None


def _clause_subject(tok: Token, ms: Mentions, types: frozenset[str]) -> Mention | None:
    """ "CATL will supply cells to BMW from its plant": a possessive in a clause refers to the
    clause's named subject before any nearer name. The possessed noun may hang from a deal
    noun's phrase ("X said it signed agreements with Y for the sale of its plant": X's plant),
    and a subject pronoun is first resolved itself."""
    v = _clause_verb(tok.head)
    if v is None:
        return None
    subj = next((c for c in v.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if tok.head.dep_ == "dobj" and _buys(v, ms.lex):
        return None  # "X agreed with Y to buy its unit": what one buys is another's
    if subj is None and tok.head.dep_ == "dobj" and _controlled(v):
        # "Dunmore AG of Dusseldorf agreed to raise its stake": the controlling subject's
        v = v.head
        subj = next((c for c in v.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if subj is None:
        return None
    if tok.head.dep_ == "dobj" and (m := ms.entity(subj)) is not None and is_agency(m.name):
        return None  # "X said the court overturned its proposed acquisition": X's
    cues = ms.lex.cues
    pronoun = cues.get("nonpersonal_pronouns", frozenset()) & cues.get("subject_pronouns", ())
    if subj.pos_ == "PRON" and subj.lower_ in pronoun:  # "it": never a person
        if tok.head.dep_ == "dobj":  # "X told the SEC it raised its stake": X's
            return _governing_subject(subj, ms, types)  # (else the nearest name, as before)
        return _before(subj, ms, types, skip=_relative_host(subj, ms))
    return _referent(subj, tok, ms, types)


def _buys(v: Token, lex: Lexicon) -> bool:
    return any(
        r.predicate == "acquires" and r.subject[:1] == ("agent",)
        for r in lex.verbs.get(v.lemma_.lower(), ())
    )


def _clause_verb(n: Token) -> Token | None:
    """The verb whose object or prepositional phrase holds the possessed noun `n`, climbing
    through the "of" / "for" phrases of nouns ("for the sale of its plant") and a verb's object
    noun ("completed the sale of its plant")."""
    if n.dep_ == "dobj" and n.head.pos_ in {"VERB", "AUX"}:
        return n.head  # "agreed to raise its stake in Y"
    for _ in range(3):
        if n.dep_ != "pobj" or n.head.dep_ != "prep":
            return None
        g = n.head.head
        if g.pos_ in {"VERB", "AUX"}:
            return g
        if g.pos_ != "NOUN":
            return None
        if g.dep_ == "dobj" and g.head.pos_ in {"VERB", "AUX"} and n.head.lower_ == "of":
            return g.head
        n = g
    return None


def _controlled(v: Token) -> bool:
    """An infinitive whose subject is the subject of the verb above ("X agreed to raise"), not
    that verb's object ("urged Y to sell": Y's)."""
    return (
        v.dep_ == "xcomp"
        and not any(c.dep_ == "nsubj" for c in v.children)
        and not any(c.dep_ in {"dobj", "dative"} for c in v.head.children)
    )


def _people(t: Token, ms: Mentions) -> bool:
    """A person or a group of people: "they" after them means them, not a company."""
    return t.ent_type_ == "PERSON" or (
        t.tag_ == "NNS" and t.lemma_.lower() in ms.lex.cues.get("people_nouns", frozenset())
    )


def _before(tok: Token, ms: Mentions, types: frozenset[str], skip: set[int]) -> Mention | None:
    sent = tok.sent
    best: Mention | None = None
    plural = tok.lower_ in {"they", "their", "them"}
    for i in range(sent.start, tok.i):
        if plural and _people(sent.doc[i], ms):
            best = None  # "Dr Paniccia and colleagues ... show how they have made": people
            continue
        m = _referent(sent.doc[i], tok, ms, types) if i not in skip else None
        if m is not None:
            best = m  # the nearest wins
    if best is not None:
        return best
    if plural and any(_people(t, ms) for t in sent.doc[sent.start : tok.i]):
        return None
    prev = _previous_sentence(sent)
    if prev is None:
        return None
    for t in prev:
        m = _referent(t, tok, ms, types)
        if m is not None:
            return m
    return None


def _referent(t: Token, pron: Token, ms: Mentions, types: frozenset[str]) -> Mention | None:
    """What `t` names, if the pronoun `pron` can stand for it. "it" and "its" never stand
    for a person, so a clause subject the small model calls a person ("Northwind Labs has its
    head office in Austin") is typed as the organisation slot types it (frame-first, person
    cues still win)."""
    m = ms.entity(t)
    if m is not None and m.type in types:
        return m
    if (
        pron.lower_ in ms.lex.cues.get("nonpersonal_pronouns", frozenset())
        and "Organization" in types
        and t.pos_ == "PROPN"
        and (t.dep_ in {"nsubj", "nsubjpass"} or _shares_of(t, ms))
        and (m is None or m.type == "Person")
    ):
        return ms.company(t)
    return None


def _shares_of(t: Token, ms: Mentions) -> bool:
    """ "Shares of Skis Rossignol ... jumped": the name whose shares move is a company."""
    prep = t.head
    return (
        t.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.lemma_.lower() in ms.lex.cues.get("share_nouns", frozenset())
    )


def _previous_sentence(sent: Span) -> Span | None:
    if sent.start == 0:
        return None
    return sent.doc[sent.start - 1].sent


def own_organisation(tok: Token, ms: Mentions, types: frozenset[str]) -> Mention | None:
    """`tok` as a mention of the organisation the article is by or about, unnamed in it."""
    if "Organization" not in types:
        return None
    return ms.use(
        Mention(
            tok.text,
            tok.idx,
            tok.idx + len(tok.text),
            "Organization",
            SELF_NAME,
            SELF_KEY,
            _SELF_CERTAINTY,
            ms.lang,
        )
    )


def _org_before(tok: Token, ms: Mentions) -> bool:
    return any(
        (m := ms.entity(t)) is not None and m.type == "Organization" for t in tok.doc[: tok.i]
    )


def _quoted(tok: Token) -> bool:
    """Inside a quotation in its paragraph: "We will buy cells," said the CEO - the speaker's
    company, not the publisher, is "we" there."""
    text = tok.doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    before = text[start : tok.idx]
    return any(
        before.count(o) % 2 == 1 if o == c else before.count(o) > before.count(c)
        for o, c in _OPEN_QUOTES.items()
    )
