"""`kg.extract.frames.v1`: structural frames no verb or noun trigger carries.

- "Seattle-based Zillow", "a Bermuda-based insurer" (the place before a hyphenated `based` /
  `headquartered`) -> basedIn; the place is a recognised place or one found in a real gazetteer.
- "Lorimer Bank-owned Fenwick Securities" (word list `extract.en_owned_suffixes`) -> subsidiaryOf.
- "Norwest Corporation of Minneapolis" (an organisation, "of", a place) -> basedIn.
- "SCI Financial Group, Cedar Rapids, Iowa" (an organisation, a city, its state) -> basedIn.
- "an analyst at Renaissance Capital in Moscow" (a person's organisation, "in", a place) ->
  basedIn.
- "the Transport Studies Group at Loughborough University" (a unit name "at" an institution)
  -> subsidiaryOf.
- "Alcona Mining's copper mine", "its plant in Ireland" (a facility with a possessor) ->
  operates.
- "Transamerica Corp's Transamerica Insurance Co" (a company name possessed by a company) ->
  subsidiaryOf.
A described noun stands for the organisation it describes ("Aldus, a Seattle-based software
company": the apposition's head; "X is a Delaware-based company": the copula subject).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.extract.common.candidate import Candidate
from kg.extract.common.lexicon import Lexicon
from kg.extract.en.argtypes import chunk, frames
from kg.extract.en.memo import words as doc_words
from kg.extract.en.mentions import Mentions
from kg.gazetteer import fold
from kg.model import NAME_KEY, NEW_KEY, REF_KEY, Mention
from kg.names import is_legal_form
from kg.registry import register

NAME = "kg.extract.frames.v1"
_ORG = frozenset({"Organization"})
_PLACES = frozenset({"Country", "Place"})
_BASED = frames()["based_participles"]
_HYPHENS = {"-", "–"}


def described_org(n: Token, ms: Mentions) -> Mention | None:
    """The organisation a noun names or describes."""
    if n.pos_ == "PROPN" or ms.entity(n) is not None:
        return ms.resolve(n, _ORG)
    if n.lemma_.lower() not in ms.lex.org_nouns | ms.lex.maker_nouns:
        return None
    if n.dep_ == "appos":
        return ms.resolve(n.head, _ORG)
    if n.dep_ == "attr":
        subj = next((c for c in n.head.children if c.dep_ == "nsubj"), None)
        return ms.resolve(subj, _ORG) if subj is not None else None
    j = n.left_edge.i - 1
    while j >= 0 and n.doc[j].is_punct:
        j -= 1
    if n.sent.start <= j < n.left_edge.i - 1:  # "Aldus Corp., a Seattle-based company"
        m = ms.entity(n.doc[j])
        return m if m is not None and m.type == "Organization" else None
    if any(c.dep_ == "det" and c.lower_ == "the" for c in n.children):
        m = ms.resolve(n, _ORG)  # "The Paris-based firm": a description of a named one
        return m if m is not None and not m.key.startswith(REF_KEY) else None
    return None


def place_before(hyphen: Token, ms: Mentions) -> Mention | None:
    """The place written before "-based": a recognised place or a gazetteer place."""
    if hyphen.i == 0:
        return None
    m = ms.place(hyphen.nbor(-1))
    return ms.use(m) if m is not None else None


def _hyphenated(
    hyphens: list[Token], words: frozenset[str] | set[str]
) -> Iterator[tuple[Token, Token]]:
    """(hyphen, participle) for "X-based" / "X - owned" however the tokenizer split it."""
    for h in hyphens:
        if h.i + 1 < len(h.doc) and h.doc[h.i + 1].lower_ in words:
            yield h, h.doc[h.i + 1]


def _based(hyphens: list[Token], ms: Mentions) -> Iterator[Candidate]:
    for hyphen, part in _hyphenated(hyphens, _BASED):
        org = described_org(part.head, ms) if part.head != part else None
        place = place_before(hyphen, ms) if org is not None else None
        if org is not None and place is not None:
            yield Candidate(org, "basedIn", place, part, 0.85, False, "Asserted", NAME)


def _owned(hyphens: list[Token], ms: Mentions) -> Iterator[Candidate]:
    words = {w.lstrip("-") for w in frames()["owned_suffixes"]} - {"backed"}
    for hyphen, part in _hyphenated(hyphens, words):
        parent = ms.resolve(hyphen.nbor(-1), _ORG)
        child = described_org(part.head, ms) if part.head != part else None
        if parent is not None and child is not None and parent.key != child.key:
            yield Candidate(child, "subsidiaryOf", parent, part, 0.8, False, "Asserted", NAME)
    for hyphen, part in _hyphenated(hyphens, {"backed"}):
        backer = ms.resolve(hyphen.nbor(-1), _ORG)
        backed = described_org(part.head, ms) if part.head != part else None
        if backer is not None and backed is not None and backer.key != backed.key:
            yield Candidate(backer, "investsIn", backed, part, 0.75, False, "Asserted", NAME)


def _org_of_place(doc: Doc, ms: Mentions) -> Iterator[Candidate]:
    for ent in ms.ents:
        if ent.label_ != "ORG":
            continue
        k = ent.end + 1 if ent.end < len(doc) and doc[ent.end].text == ">" else ent.end
        if k + 1 >= len(doc) or doc[k].lower_ != "of":
            continue
        prep = doc[k]  # "<Promac Controls Inc> of Canada": past the wire bracket
        org = ms.entity(ent.root)
        if org is None or ms.entity(prep.head) != org:
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        place = None if pobj is None else ms.entity(pobj) or ms.place(pobj)
        if (
            org is None
            or place is None
            or org.type != "Organization"
            or place.type not in _PLACES
            or place.certainty < 0.7
            or _premodifies(pobj)
        ):
            continue
        yield Candidate(org, "basedIn", ms.use(place), prep, 0.75, False, "Asserted", NAME)
        # "Dyneer Corp of Scotsdale, Ariz.": the city's state too
        k = chunk(pobj).end
        region = ms.place(doc[k + 1]) if k + 1 < len(doc) and doc[k].text == "," else None
        if region is not None and region.key != place.key and place.type == "Place":
            yield Candidate(org, "basedIn", ms.use(region), prep, 0.7, False, "Asserted", NAME)


def _premodifies(place: Token) -> bool:
    """ "its original Liberty House of California operation": a name with its "of" place written
    before a common noun is one name that describes the noun."""
    end = chunk(place).end
    nxt = place.doc[end] if end < len(place.doc) else None
    return nxt is not None and nxt.pos_ == "NOUN" and nxt.is_lower


def _org_city_state(doc: Doc, ms: Mentions) -> Iterator[Candidate]:
    """ "SCI Financial Group, Cedar Rapids, Iowa", "Volunteer Chevrolet in Sevierville,
    Tennessee": an organisation followed by a city and its state or country."""
    for ent in ms.ents:
        j = ent.end
        if ent.label_ != "ORG" or j + 3 >= len(doc) or doc[j].lower_ not in {",", "in"}:
            continue
        org = ms.entity(ent.root)
        city = ms.place(doc[j + 1])
        if org is None or org.type != "Organization" or city is None or city.type != "Place":
            continue
        k = chunk(doc[j + 1]).end
        region = ms.place(doc[k + 1]) if k + 1 < len(doc) and doc[k].text == "," else None
        if region is not None and region.key != city.key and not _listed(doc[k + 1], ms):
            yield Candidate(org, "basedIn", ms.use(city), doc[j + 1], 0.7, False, "Asserted", NAME)


def _listed(region: Token, ms: Mentions) -> bool:
    """ "Hall Green in Birmingham, Oxford and Portsmouth": a list of places, no city and its
    region ("SCI Financial Group, Cedar Rapids, Iowa, said" is one)."""
    doc = region.doc
    end = chunk(region).end
    if end >= len(doc) or doc[end].lower_ not in {"and", ",", "or"}:
        return False
    return doc[end].lower_ != "," or (end + 1 < len(doc) and ms.place(doc[end + 1]) is not None)


def _cited_org_place(doc: Doc, ms: Mentions) -> Iterator[Candidate]:
    """ "David Wyss of Standard & Poor's in New York", "an analyst at Renaissance Capital in
    Moscow", "the Centre ... at the University of the West of England in Bristol": a person's
    or unit's organisation, then "in" and a place, is that organisation's seat."""
    cues = frames()["person_cues"]
    for ent in ms.ents:
        j, k = ent.start - 1, ent.end
        if j > 0 and doc[j].lower_ == "the":
            j -= 1
        if ent.label_ != "ORG" or j < 0 or k + 1 >= len(doc) or doc[k].lower_ != "in":
            continue
        prep = doc[j]
        if prep.lower_ not in {"at", "of", "from"}:
            continue
        owner = prep.head
        if (
            not (owner.ent_type_ in {"PERSON", "ORG"} or owner.lemma_.lower() in cues)
            or owner.i > prep.i
        ):
            continue
        org, place = ms.entity(ent.root), ms.place(doc[k + 1])
        if org is None or org.type != "Organization" or place is None:
            continue
        yield Candidate(org, "basedIn", ms.use(place), doc[k], 0.7, False, "Asserted", NAME)


def _unit_at_institution(doc: Doc, ms: Mentions) -> Iterator[Candidate]:
    """ "the Transport Studies Group at Loughborough University", "the Centre for Transport and
    Society at the University of the West of England": a unit named at an institution; "the
    National Cyber Security Division within the Department of Homeland Security": within any
    organisation."""
    f = frames()
    ents = {e.start: e for e in ms.ents if e.label_ == "ORG"}
    for ent in ents.values():
        j = ent.end
        prep = doc[j].lower_ if j < len(doc) else ""
        if j + 1 >= len(doc) or prep not in {"at", "within"}:
            continue  # (before the name's root: most names have no such preposition after)
        heads = {ent[-1].lower_, ent.root.lower_}  # "... Group", "Centre for ..."
        if not heads & f["unit_name_heads"]:
            continue
        host = ents.get(j + 1) or ents.get(j + 2)  # "at (the) University of ..."
        if prep == "within":  # (the NER often leaves "Department of ..." unlabelled)
            inst = next((_of_name(o, ms) for o in doc[j].children if o.dep_ == "pobj"), None)
        elif host is None or not any(t.lower_ in f["institution_words"] for t in host):
            continue
        else:
            inst = ms.entity(host.root)
        unit = ms.entity(ent.root)
        if unit is not None and inst is not None and unit.key != inst.key:
            yield Candidate(unit, "subsidiaryOf", inst, doc[j], 0.7, False, "Asserted", NAME)


def _of_name(head: Token, ms: Mentions) -> Mention | None:
    """The organisation a proper noun heads, with its "of" tail ("the US Department of Homeland
    Security"; the chunker stops at "of")."""
    org = ms.company(head)
    tail = [t for y in head.children if y.lower_ == "of" for t in y.subtree]
    if org is None or not tail or not all(t.pos_ == "PROPN" or t.lower_ == "of" for t in tail):
        return org
    doc = head.doc
    span = doc[doc.char_span(org.start, org.end, alignment_mode="expand").start : tail[-1].i + 1]
    name = span.text
    return ms.use(replace(org, text=name, name=name, end=span.end_char, key=NAME_KEY + fold(name)))


def _possessed_facilities(nouns: list[Token], ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    for tok in nouns:
        if tok.lemma_.lower() not in lex.facility_nouns:
            continue
        poss = [c for c in tok.children if c.dep_ == "poss"]
        if not poss:
            continue
        owner = ms.resolve(poss[0], _ORG)
        fac = ms.resolve(tok, frozenset({"Facility"})) if owner is not None else None
        if owner is not None and fac is not None and fac.key.startswith(NEW_KEY):
            yield Candidate(owner, "operates", fac, tok, 0.8, False, None, NAME)


def _company_name(m: Mention, owner: Mention) -> bool:
    """A possessed name that is a company of its own: it ends in a legal form or a company word
    ("Transamerica Insurance Co", "Halcon SD Group"), or carries its owner's first word
    ("Siemens AG's Siemens Information Systems")."""
    words = m.name.split()
    if not words:
        return False
    last = words[-1].strip(".,").lower()
    return (
        is_legal_form(words[-1])
        or last in frames()["org_name_tails"]
        or (len(words) > 1 and words[0].lower() == owner.name.split()[0].lower())
    )


def _possessed_orgs(possessors: list[Token], ms: Mentions) -> Iterator[Candidate]:
    """ "Transamerica Corp's Transamerica Insurance Co", "Sedgwick Group PLC's River Thames
    Insurance Co.": a company possessed by a company is its subsidiary."""
    for p in possessors:
        owner, owned = ms.entity(p), ms.entity(p.head)
        if (
            owner is None
            or owned is None
            or owner.type != "Organization"
            or owned.type != "Organization"
            or owner.key == owned.key
            or not _company_name(owned, owner)
        ):
            continue
        yield Candidate(owned, "subsidiaryOf", owner, p.head, 0.75, False, "Asserted", NAME)


@register("extractor", NAME)
def structural(doc: Doc, *, mentions: Mentions, lexicon: Lexicon) -> Iterator[Candidate]:
    # One pass over the tokens (iterating a doc is what these frames cost).
    hyphens: list[Token] = []
    possessed: list[Token] = []
    possessors: list[Token] = []
    w = doc_words(doc)
    for i, text in enumerate(w.text):
        if text in _HYPHENS and i >= 1:
            hyphens.append(doc[i])
        elif w.dep[i] == "poss":
            t = doc[i]
            head = t.head
            if w.pos[head.i] == "NOUN":
                possessed.append(head)
            elif w.pos[head.i] == "PROPN":
                possessors.append(t)
    yield from _based(hyphens, mentions)
    yield from _owned(hyphens, mentions)
    yield from _org_of_place(doc, mentions)
    yield from _org_city_state(doc, mentions)
    yield from _cited_org_place(doc, mentions)
    yield from _unit_at_institution(doc, mentions)
    yield from _possessed_facilities(possessed, mentions, lexicon)
    yield from _possessed_orgs(possessors, mentions)
