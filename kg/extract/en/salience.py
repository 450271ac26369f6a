"""Definite descriptions that refer back to a named organisation, chosen by salience.

"The Paris-based firm", "the company", "the airline", "the UK firm": a definite organisation noun
with no possessor stands for an organisation the article named before it. The candidates are
the organisations named in its sentence (before it) and the `_WINDOW` sentences before; each is
scored (a simplified Lappin-Leass salience):
- recency: a sentence further back costs `_RECENCY`;
- grammatical role: a clause subject gains `_SUBJECT`, an object or possessor `_OBJECT`;
- a name only cited beside a person ("an analyst at X", "David Wyss of X") or as a source
  ("according to X") is never what "the company" means: it is no candidate;
- agreement with what the article itself says of the candidate: a description whose head is a
  specific kind ("the airline", "the carmaker") gains `_KIND` for a candidate the article
  described with that word ("Varig, Brazil's flagship airline") and loses it for one described
  only with other kind words; regulators, courts and publications never count.
The winner must lead the runner-up by `_MARGIN`, else the description stays a back-reference
for the resolver (`kg.resolve`), which merges it only when one candidate fits.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Span, Token

from kg.extract.common.lexicon import Lexicon
from kg.extract.en.argtypes import frames, is_agency
from kg.extract.en.coref import standing_for
from kg.extract.en.syntax import first_conjunct, prep_objects
from kg.model import Mention

_WINDOW = 3
_RECENCY = 2.0
_SUBJECT = 3.0
_OBJECT = 1.0
_KIND = 4.0
_MARGIN = 2.0
_BASE = 8.0
_CERTAINTY = 0.7
_SUBJECTS = {"nsubj", "nsubjpass"}
_OBJECTS = {"dobj", "poss", "pobj", "appos"}


class Mentions(Protocol):
    lang: str
    lex: Lexicon
    spans: dict[int, Span]

    def entity(self, tok: Token) -> Mention | None: ...

    def use(self, mention: Mention) -> Mention: ...

    def resolve(self, tok: Token, types: frozenset[str]) -> Mention | None: ...


def _generic(lex: Lexicon) -> frozenset[str]:
    return frames()["generic_org_words"] | {"firm", "company", "group", "business", "concern"}


def _incidental(root: Token, lex: Lexicon) -> bool:
    """ "an analyst at X", "David Wyss of X", "according to X": a name cited, not an actor."""
    t = root
    for _ in range(3):
        if t.dep_ not in {"pobj", "compound"} or t.head == t:
            return False
        prep = t.head if t.dep_ == "pobj" else t
        if prep.dep_ == "prep" and prep.lower_ == "to" and prep.head.lower_ == "according":
            return True
        owner = prep.head
        if prep.dep_ == "prep" and (
            owner.ent_type_ == "PERSON" or owner.lemma_.lower() in frames()["person_cues"]
        ):
            return True
        t = owner
    return False


def _kinds(root: Token, lex: Lexicon) -> set[str]:
    """The kind words the article gives a name: apposition, premodifier, copula noun."""
    out: set[str] = set()
    for c in root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            out.add(c.lemma_.lower())
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.add(root.head.lemma_.lower())
    for c in root.lefts:
        if c.pos_ == "NOUN" and c.dep_ in {"compound", "nmod"}:
            out.add(c.lemma_.lower())
    if root.dep_ in _SUBJECTS and root.head.lemma_ == "be":
        out |= {c.lemma_.lower() for c in root.head.children if c.dep_ == "attr"}
    return out & (lex.org_nouns | lex.maker_nouns | frames()["describing_nouns"])


def _clause_subjects(tok: Token, ms: Mentions) -> set[str]:
    """The organisations the subject of the description's own clause stands for: "BLB ...
    came close to buying the whole firm", "it has no intention of seeking control of the
    company" (a description in an object slot never means its own clause's subject). A
    description that is a subject itself, or one of coordinated subjects ("the firm and the
    company is short of products"), has none: its clause's subjects include it."""
    if tok.dep_ in _SUBJECTS or first_conjunct(tok).dep_ in _SUBJECTS:
        return set()
    t = tok
    for _ in range(8):
        if t.head == t:
            return set()
        t = t.head
        subs = [c for c in t.children if c.dep_ in _SUBJECTS]
        if not subs and t.dep_ == "conj":
            subs = [c for c in t.head.children if c.dep_ in _SUBJECTS]
        if subs:
            orgs = frozenset({"Organization"})
            found = (ms.resolve(x, orgs) for s in subs for x in (s, *s.conjuncts) if x != tok)
            return {m.key for m in found if m is not None}
    return set()


def _clause(tok: Token) -> int:
    """The verb whose clause `tok` sits in (a description never means a name of its own clause
    but the subject it continues, which `_clause_subjects` rules out too)."""
    for a in tok.ancestors:
        if a.pos_ in {"VERB", "AUX"} and a.dep_ not in {"aux", "auxpass"}:
            return a.i
    return tok.sent.root.i


def _window(tok: Token) -> list[Span]:
    sents: list[Span] = [tok.sent]
    doc = tok.doc
    while len(sents) <= _WINDOW and sents[-1].start > 0:
        sents.append(doc[sents[-1].start - 1].sent)
    return sents


def _name_after(tok: Token, ms: Mentions) -> Mention | None:
    """The organisation named right after the description's head, across a wire story's
    opening bracket: the parser often cuts "the brewing firm <San Miguel>" in two."""
    doc = tok.doc
    j = tok.i + 1
    if j < len(doc) and doc[j].text == "<":
        j += 1
    m = ms.entity(doc[j]) if j < len(doc) else None
    return m if m is not None and m.type == "Organization" else None


def _regional_unit(tok: Token, ms: Mentions) -> bool:
    """ "The US business accounts for 90% of Wembley's profit": a business written with a place
    is the firm's part in that place, as "the US unit" is (the NER's place or nationality)."""
    if tok.lemma_.lower() not in ms.lex.cues.get("regional_unit_nouns", frozenset()):
        return False
    mods = [c for c in tok.lefts if c.dep_ in {"compound", "nmod", "amod"}]
    return any(c.ent_type_ in {"GPE", "NORP", "LOC"} for c in mods)  # "US", "German"


def antecedent(tok: Token, ms: Mentions) -> Mention | None:
    """The named organisation the definite description headed by `tok` refers back to."""
    if tok.lemma_.lower() in ms.lex.subsidiary_nouns or _regional_unit(tok, ms):
        return None  # "BLB's purchase of the US unit": a unit of a named firm, never the firm
    if _part_of_named(tok, ms):
        return None  # "to absorb the business of Kessler Inc": Kessler's, no firm named before
    phrase = tok.doc[tok.left_edge.i : tok.i + 1]
    after = _name_after(tok, ms)
    if after is not None:  # "the Philippine brewing firm <San Miguel>": it describes that name
        return standing_for(after, phrase.text, phrase.start_char, phrase.end_char, 1.0, ms)
    return _most_salient(tok, phrase, ms)


def _part_of_named(tok: Token, ms: Mentions) -> bool:
    """A unit noun (`cues.described_unit_nouns`) with an "of" phrase naming an organisation."""
    if tok.lemma_.lower() not in ms.lex.cues.get("described_unit_nouns", frozenset()):
        return False
    return any(
        (m := ms.entity(o)) is not None and m.type == "Organization"
        for o in prep_objects(tok, {"of"})
    )


def _most_salient(tok: Token, phrase: Span, ms: Mentions) -> Mention | None:
    lex = ms.lex
    kind = tok.lemma_.lower()
    specific = kind not in _generic(lex)
    scores: dict[str, float] = {}
    best: dict[str, Mention] = {}
    kinds: dict[str, set[str]] = {}
    # "A and B, the firm's two main shareholders": the description is inside the phrase of A
    # and B, so it cannot mean either of them.
    above = {a.i for a in tok.ancestors} | {c.i for a in tok.ancestors for c in a.conjuncts}
    own = _clause_subjects(tok, ms)
    clause = _clause(tok)
    for back, sent in enumerate(_window(tok)):
        for t in sent:
            if t.i >= tok.left_edge.i:
                break  # (never a name inside the description: "the Hyderabad-based firm")
            if back == 0 and _clause(t) == clause:
                continue  # "X, via its affiliate Y, held a stake in the retailer": never Y
            m = ms.entity(t)
            span = ms.spans.get(t.i)
            if m is None or m.type != "Organization" or span is None or span.root != t:
                continue
            if is_agency(m.name) or t.i in above or m.key in own or _incidental(t, lex):
                continue  # never a regulator, the phrase it sits in, its own clause's
                # subject, or a name only cited
            score = _BASE - _RECENCY * back
            dep = first_conjunct(t).dep_  # "A and B met": B is a subject as much as A
            if dep in _SUBJECTS:
                score += _SUBJECT
            elif dep in _OBJECTS:
                score += _OBJECT
            kinds.setdefault(m.key, set()).update(_kinds(t, lex))
            if score > scores.get(m.key, float("-inf")):
                scores[m.key], best[m.key] = score, m
    for key, ks in kinds.items():
        if specific and ks:
            scores[key] += _KIND if kind in ks else -_KIND
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] <= 0:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _MARGIN:
        return None
    return standing_for(
        best[ranked[0][0]], phrase.text, phrase.start_char, phrase.end_char, _CERTAINTY, ms
    )
