"""The article's own organisation: named where the article names it, else no facts about it.

"We", "our", a passage-initial "it" and "the company" with no organisation named before them
stand for the organisation the article is by or about (`kg.model.SELF_KEY`). A fact about it
enters the graph only when the article names that organisation:
- an "About X" section heading (press releases);
- "X said in a statement / press release" (word list `extract.en_self_statement_verbs`);
- a newswire dateline: "SAN JOSE, Calif., Jan. 5, 2024 /PRNewswire/ -- X, a maker of ...".
Otherwise the fact is dropped: "unnamed organisation produces income" is worth nothing.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.en.argtypes import frames
from kg.extract.en.mentions import Mentions
from kg.gazetteer import fold
from kg.model import NAME_KEY, NEW_KEY, REF_KEY, SELF_KEY, Fact, Mention
from kg.names import clean as clean_name

_ABOUT = re.compile(r"(?m)^[ \t]*About[ \t]+([A-Z0-9][^\n:]{0,60}?)[ \t]*:?[ \t]*$")
_WIRE = re.compile(
    r"/\s*(?:PR ?Newswire|Business ?Wire|GLOBE ?NEWSWIRE|ACCESSWIRE|"
    r"EQS[^/]{0,20}|[A-Za-z ]{0,20}Newswire)\s*/\s*(?:[-–—]+|:)?\s*"
)
_STATEMENT_NOUNS = frames()["statement_nouns"]
_ORG = frozenset({"Organization"})


def _said_in_statement(doc: Doc, ms: Mentions) -> Mention | None:
    verbs = frames()["self_statement_verbs"]
    for tok in doc:
        if tok.lemma_.lower() not in verbs or tok.pos_ not in {"VERB", "AUX"}:
            continue
        if not any(
            c.dep_ == "prep"
            and c.lower_ == "in"
            and any(g.lemma_.lower() in _STATEMENT_NOUNS for g in c.children)
            for c in tok.children
        ):
            continue
        for subj in (c for c in tok.children if c.dep_ == "nsubj"):
            m = ms.resolve(subj, _ORG)
            if m is not None and m.key != SELF_KEY and not m.key.startswith((REF_KEY, NEW_KEY)):
                return m
    return None


def _first_org_from(doc: Doc, ms: Mentions, offset: int) -> Mention | None:
    for tok in doc:
        if tok.idx < offset:
            continue
        if tok.idx > offset + 200:
            return None
        m = ms.entity(tok) or (ms.company(tok) if tok.pos_ == "PROPN" else None)
        if m is not None and m.type == "Organization":
            return m
    return None


def own_name(doc: Doc, ms: Mentions) -> Mention | None:
    """The organisation the article is by, where the article names it."""
    text = doc.text
    about = _ABOUT.search(text)
    if about:
        name = clean_name(about.group(1))
        entry = ms.gazetteer.lookup(name)
        if entry is not None:
            return Mention(
                name, about.start(1), about.end(1), entry.type, entry.label, entry.key, 1.0, ms.lang
            )
        if fold(name):
            return Mention(
                name,
                about.start(1),
                about.end(1),
                "Organization",
                name,
                NAME_KEY + fold(name),
                0.8,
                ms.lang,
            )
    stated = _said_in_statement(doc, ms)
    if stated is not None:
        return stated
    wire = _WIRE.search(text[:600])
    if wire:
        return _first_org_from(doc, ms, wire.end())
    return None


def _unnamed(m: Mention, named_starts: list[int]) -> bool:
    if m.key == SELF_KEY:
        return True
    # "The company's income" with no organisation named before it: the resolver would make it
    # the article's own organisation.
    return (
        m.key.startswith(REF_KEY)
        and m.type == "Organization"
        and not any(s < m.start for s in named_starts)
    )


def settle(facts: list[Fact], doc: Doc, ms: Mentions) -> list[Fact]:
    """Facts with the article's own organisation named, or dropped when it is not."""
    named = [
        m.start
        for m in ms.all()
        if m.type == "Organization"
        and not m.key.startswith((REF_KEY, NEW_KEY))
        and m.key != SELF_KEY
    ]
    if not any(_unnamed(m, named) for f in facts for m in (f.subject, f.object)):
        return facts
    own = own_name(doc, ms)
    out: list[Fact] = []
    for f in facts:
        ends = []
        for m in (f.subject, f.object):
            if _unnamed(m, named):
                if own is None:
                    break
                m = Mention(
                    m.text,
                    m.start,
                    m.end,
                    "Organization",
                    own.name,
                    own.key,
                    min(0.8, own.certainty),
                    m.lang,
                )
            ends.append(m)
        if len(ends) == 2 and ends[0].key != ends[1].key:
            out.append(_with_ends(f, ends[0], ends[1]))
    return out


def _with_ends(f: Fact, s: Mention, o: Mention) -> Fact:
    from dataclasses import replace

    return replace(f, subject=s, object=o)
