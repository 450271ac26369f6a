"""`kg.extract.attributes.v1`: facts stated by noun phrase structure, not by a verb.

- basedIn: a country possessor or nationality adjective on an organisation or on a noun that
  describes it by apposition or copula: "China's CATL", "Japanese electronics company TDK
  Corporation", "TDK, a Japanese electronics company", "CATL, China's leading battery
  manufacturer", "TDK is a Japanese company", "U.S.-based Albemarle".
- subsidiaryOf: "X, a subsidiary/unit of Y", "X is the wholly-owned subsidiary of Y", "Y's
  subsidiary X", "Y subsidiary X", "Y, the parent of X".
- produces: "battery maker CATL", "X, a maker of Y and Z", "X is a leader in Y", "We are a
  designer and fabricator of Y" (the pronoun resolved by `kg.extract.en.coref`).
- locatedIn: a facility with a place attached ("the plant in Kentucky").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.extract.common.candidate import Candidate
from kg.extract.common.lexicon import Lexicon
from kg.extract.en.arguments import org_argument
from kg.extract.en.kinds import fused_goods, kind_goods
from kg.extract.en.memo import words as doc_words
from kg.extract.en.mentions import Mentions
from kg.extract.en.salience import antecedent as described_antecedent
from kg.extract.en.syntax import expand, prep_objects
from kg.model import REF_KEY, Mention
from kg.registry import register

if TYPE_CHECKING:
    from kg.gazetteer import Entry

NAME = "kg.extract.attributes.v1"
_ORG = frozenset({"Organization"})
_PLACES = frozenset({"Country", "Place"})
_PRODUCTS = frozenset({"Product", "Technology"})
_MODS = {"amod", "compound", "nmod", "poss", "npadvmod", "nummod"}


def _premodifiers(tok: Token, stop: int) -> Iterator[Token]:
    """Tokens inside the noun phrase left of `stop` (recursively), e.g. "Japanese", "China"."""
    stack = [c for c in tok.lefts if c.dep_ in _MODS and c.i < stop]
    while stack:
        t = stack.pop()
        yield t
        stack.extend(c for c in t.children if c.dep_ in _MODS | {"case"} and c.i < stop)


def _country(t: Token, entry: Entry, ms: Mentions) -> Mention:
    """The country a cue word names ("US-based", "German")."""
    return ms.use(
        Mention(t.text, t.idx, t.idx + len(t.text), "Country", entry.label, entry.key, 0.9, ms.lang)
    )


def _country_pair(t: Token, ms: Mentions) -> bool:
    """ "US-China", "EU-Japan": a country joined by a hyphen to another names a relation
    between the two."""
    doc = t.doc
    for dash, other in ((t.i + 1, t.i + 2), (t.i - 1, t.i - 2)):
        if 0 <= other < len(doc) and 0 <= dash < len(doc) and doc[dash].text == "-":
            m = ms.entity(doc[other])
            if m is not None and m.type == "Country":
                return True
    return False


def _country_cues(tok: Token, stop: int, ms: Mentions) -> Iterator[tuple[Mention, Token]]:
    for t in _premodifiers(tok, stop):
        if t.dep_ == "case":
            continue
        m = ms.place(t) if t.pos_ == "PROPN" else ms.entity(t)  # "a Delaware corporation"
        if m is not None and m.type == "Country" and _country_pair(t, ms):
            continue  # "the US-China Economic and Security Review Commission": both, no base
        if (
            m is not None
            and m.type in _PLACES
            and t.dep_ in {"poss", "compound", "nmod", "npadvmod"}
        ):
            yield ms.use(m), t
            continue
        low = t.lower_
        if low.endswith(("-based", "-headquartered")):
            entry = ms.gazetteer.lookup(low.rsplit("-", 1)[0])
            if entry is not None and entry.type == "Country":
                yield _country(t, entry, ms), t
            continue
        if t.pos_ in {"ADJ", "PROPN"} or t.ent_type_ == "NORP":
            text = t.text
            if t.ent_type_ == "NORP":
                span = ms.doc[t.i : t.i + 1]
                for ent in ms.ents:
                    if ent.start <= t.i < ent.end:
                        span = ent
                text = span.text
            entry = ms.gazetteer.demonym(text)
            if entry is not None:
                yield _country(t, entry, ms), t


def _describe(
    subject: Mention,
    noun: Token,
    stop: int,
    anchor: Token,
    ms: Mentions,
    lex: Lexicon,
    *,
    copula: Token | None = None,
) -> Iterator[Candidate]:
    """Facts about `subject` carried by a noun describing it (apposition, copula, compound)."""
    mod = copula is not None  # a copula's own modality ("will become a unit of") applies
    trigger = copula if copula is not None else anchor
    fixed = None if mod else "Asserted"
    for country, _ in _country_cues(noun, stop, ms):
        if subject.type == "Organization":
            yield Candidate(subject, "basedIn", country, trigger, 0.85, False, fixed, NAME)
    lemma = noun.lemma_.lower()
    two = {f"{c.lemma_.lower()} {lemma}" for c in noun.lefts if c.dep_ == "compound"}
    if any(c.lower_ in lex.cues.get("past_modifiers", ()) for c in noun.lefts):
        return  # "the former parent of X" states no current fact
    if lemma in lex.subsidiary_nouns or two & lex.subsidiary_nouns:
        parents = prep_objects(noun, {"of"}) + [c for c in noun.children if c.dep_ == "poss"]
        parents += [
            c
            for c in noun.lefts
            if c.dep_ == "compound" and ms.entity(c) is not None and c.i < stop
        ]
        # An apposition names one parent: in "between Autoliv AB, a subsidiary of Autoliv, Inc.,
        # and Nordea" the parser makes Nordea a conjunct of the parent, yet it is the list's
        # other party. After a copula a joint parent stays ("is a unit of A and B").
        for p in expand(parents) if copula is not None else parents:
            pm = ms.resolve(p, _ORG)
            if pm is not None and pm.key != subject.key and subject.type == "Organization":
                yield Candidate(subject, "subsidiaryOf", pm, trigger, 0.85, False, fixed, NAME)
    if lemma in lex.parent_nouns or two & lex.parent_nouns:
        for c in expand(prep_objects(noun, {"of"})):
            cm = ms.resolve(c, _ORG)
            if cm is not None and cm.key != subject.key:
                yield Candidate(cm, "subsidiaryOf", subject, trigger, 0.8, False, fixed, NAME)
    if subject.type == "Organization":
        for pm in kind_goods(noun, ms, lex):
            if pm.key != subject.key:
                yield Candidate(subject, "produces", ms.use(pm), trigger, 0.6, False, fixed, NAME)


def _named_kind_place(
    ent: Span, subject: Mention, ms: Mentions, lex: Lexicon
) -> Iterator[Candidate]:
    """ "the UK's P&O Princess group", "Germany's Siemens group": a name written on a firm noun
    is the firm the noun's country premodifier places (never on a unit noun: "the UK's
    Dunmore unit" is a part of its owner)."""
    head = ent.root.head
    kinds = lex.org_nouns | lex.cues.get("industry_org_nouns", frozenset())
    if (
        ent.root.dep_ != "compound"
        or head.pos_ != "NOUN"
        or head.lemma_.lower() not in kinds
        or head.lemma_.lower() in lex.subsidiary_nouns
        or ms.entity(head) is not None
    ):
        return
    for country, _ in _country_cues(head, ent.start, ms):
        yield Candidate(subject, "basedIn", country, head, 0.85, False, "Asserted", NAME)


def _kind_words(ent: Span, ms: Mentions, lex: Lexicon) -> list[Token]:
    """The nouns before a name that say what kind of firm it is: its compounds ("battery maker
    CATL", "oil giant Shell" with an ADJ "giant"), and the kind of firm written right before
    it that the parser hung elsewhere ("Dutch firm Heineken saw", "buyer of oil giant Yukos's
    unit")."""
    industry = lex.cues.get("industry_org_nouns", frozenset())
    root = ent.root
    out = [
        c
        for c in root.lefts
        if c.i < ent.start
        and (
            (c.dep_ == "compound" and c.pos_ == "NOUN")
            or (c.dep_ == "amod" and c.lower_ in industry)
        )
    ]
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if (
        before is not None
        and before.lower_ in industry
        and before.head != root
        and before.pos_ in {"NOUN", "ADJ"}
        and ms.entity(before) is None
    ):
        out.append(before)
    return out


def _name_facts(ent: Span, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """Facts carried by an organisation name's own premodifiers, apposition and copula."""
    subject = ms.entity(ent.root)
    if subject is None or subject.type != "Organization":
        return
    doc, root = ent.doc, ent.root
    if not ent.kb_id_:
        yield from _country_in_name(ent, subject, ms)
    # Premodifiers of the name itself: "China's CATL", "battery maker CATL".
    yield from _describe(subject, root, ent.start, root, ms, lex)
    yield from _named_kind_place(ent, subject, ms, lex)
    for c in _kind_words(ent, ms, lex):
        yield from _describe(subject, c, ent.start, root, ms, lex)
    # "US car firms General Motors and Ford": Ford is one of the firms too
    if (
        root.dep_ == "appos" and ms.entity(root.head) is None and root.head.pos_ == "NOUN"
    ) or _listed_after_plural(root, ms):
        yield from _describe(subject, root.head, root.head.i + 1, root.head, ms, lex)
    if root.dep_ == "nsubj" and root.head.lemma_ in {"be", "become", "remain"}:
        for c in root.head.children:
            if c.dep_ == "attr" and c.lower_ == "one":  # "X is one of the largest chip-makers"
                c = next((p for p in prep_objects(c, {"of"}) if p.tag_ == "NNS"), c)
            if (
                c.dep_ in {"attr", "pobj"}
                and c.pos_ == "NOUN"
                and not (c.left_edge.i > 0 and doc[c.left_edge.i - 1].is_punct)
            ):
                yield from _describe(subject, c, c.i + 1, c, ms, lex, copula=root.head)
    # "U.S.-based Albemarle" / "a Detroit-based company"
    for c in root.lefts:
        if c.lemma_.lower() in {"base", "headquarter"}:
            for t in c.lefts:
                place = ms.entity(t)
                if place is not None and place.type in _PLACES:
                    yield Candidate(
                        subject, "basedIn", ms.use(place), c, 0.85, False, "Asserted", NAME
                    )
                    city = _city_before(t, ms)
                    if city is not None:  # "Troy, Michigan-based MLX Corp"
                        yield Candidate(subject, "basedIn", city, c, 0.8, False, "Asserted", NAME)


def _city_before(region: Token, ms: Mentions) -> Mention | None:
    span = ms.spans.get(region.i)
    doc = region.doc
    if span is None or span.start < 2 or doc[span.start - 1].text != ",":
        return None
    city = ms.entity(doc[span.start - 2])
    return ms.use(city) if city is not None and city.type == "Place" else None


def _country_in_name(ent: Span, subject: Mention, ms: Mentions) -> Iterator[Candidate]:
    """ "China's Baoshan Iron and Steel Co.": a country possessive the NER glued to the front of
    a name is a premodifier of it, as when it stands apart. (A country inside the name itself,
    "UPC Austria", "Pixaya (UK) Limited", is left alone: both gold sets read those names as
    names, not as places.)"""
    doc = ent.doc
    for k in (1, 2):
        cut = ent.start + k
        if cut + 1 >= ent.end or doc[cut].tag_ != "POS":
            continue
        span = doc[ent.start : cut]
        entry = ms.gazetteer.lookup(span.text)
        if entry is not None and entry.type == "Country":
            country = Mention(
                span.text,
                span.start_char,
                span.end_char,
                "Country",
                entry.label,
                entry.key,
                0.9,
                ms.lang,
            )
            yield Candidate(
                subject, "basedIn", ms.use(country), ent.root, 0.8, False, "Asserted", NAME
            )
            return


def _listed_after_plural(root: Token, ms: Mentions) -> bool:
    """The parser makes the second name of "car firms A and B" a conjunct of the plural noun
    whose apposition is A: B is one of the firms as much as A."""
    head = root.head
    return (
        root.dep_ == "conj"
        and head.pos_ == "NOUN"
        and head.tag_ == "NNS"
        and ms.entity(head) is None
        and any(c.dep_ == "appos" and ms.entity(c) is not None for c in head.children)
    )


def _described(tok: Token, ms: Mentions, lex: Lexicon) -> Mention | None:
    """The organisation a describing noun is about: the entity that ends right before it (the
    small parser often hangs such an apposition on a distant noun), its apposition head, or
    the pronoun subject of its copula ("We are a maker of")."""
    doc = tok.doc
    org_words = lex.org_nouns | lex.maker_nouns
    describes_org = tok.lemma_.lower() in org_words | lex.cues.get("leader_nouns", frozenset())
    j = tok.left_edge.i - 1
    while j >= 0 and doc[j].is_punct:
        j -= 1
    prev = ms.entity(doc[j]) if 0 <= j < tok.left_edge.i - 1 else None
    if prev is None and tok.dep_ == "appos":
        prev = ms.entity(tok.head)
        if (
            prev is None
            and tok.head.pos_ == "PROPN"
            and tok.head.i < tok.i
            and tok.lemma_.lower() in org_words | lex.subsidiary_nouns
        ):
            prev = ms.named(tok.head, "Organization")
    if prev is not None and prev.type == "Place" and prev.certainty < 1 and describes_org:
        prev = ms.named(doc[j], "Organization")  # "PixeLINK, a provider of": no place
    if prev is None and tok.dep_ == "attr" and describes_org:
        subj = [c for c in tok.head.children if c.dep_ == "nsubj" and c.pos_ == "PRON"]
        prev = org_argument(subj[0], ms) if subj else None
    return prev if prev is not None and prev.type == "Organization" else None


def _plural_parties(tok: Token, prev: Mention, ms: Mentions) -> list[Mention]:
    """ "A and B, Japan's two largest brokerage firms": a plural apposition describes every
    name of the coordination it stands beside, not only the nearest."""
    if tok.tag_ != "NNS" or tok.dep_ != "appos":
        return []
    out: list[Mention] = []
    for t in (tok.head, *tok.head.conjuncts):
        m = ms.entity(t)
        if m is not None and m.type == "Organization" and m.key != prev.key:
            out.append(m)
    return out


def _described_names(doc: Doc, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "gas monopoly Gazprom" with no entity on the name: the organisation noun before a proper
    noun makes it an organisation (frame-first typing), and says what it makes."""
    words = lex.cues.get("industry_org_nouns", frozenset()) | lex.maker_nouns
    w = doc_words(doc)
    for i, pos in enumerate(w.pos):
        if pos != "PROPN" or w.dep[i] == "compound":
            continue
        t = doc[i]
        if ms.entity(t) is not None:
            continue
        for c in t.lefts:
            if c.dep_ in {"compound", "amod"} and c.lemma_.lower() in words:
                subject = ms.company(t)
                if subject is not None:
                    yield from _describe(ms.use(subject), c, t.i, t, ms, lex)


def _description_facts(doc: Doc, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "the UK firm", "The largest US food maker", "the Sunnyvale, Calif., defense electronics
    firm": a definite description that salience resolves to a named organisation says of it
    what its premodifiers say (a place: basedIn; goods: produces)."""
    kinds = lex.maker_nouns | lex.cues.get("org_kind_nouns", frozenset())
    w = doc_words(doc)
    for i, pos in enumerate(w.pos):
        if pos != "NOUN" or w.dep[i] in {"attr", "appos"}:  # a predicate noun: of its subject
            continue
        tok = doc[i]
        if (  # (the cheap tests first: most tokens fail them)
            not tok.is_lower
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            or ms.entity(tok) is not None
        ):
            continue
        lemma = tok.lemma_.lower()
        if not (lemma in lex.org_nouns or lemma in kinds or fused_goods(tok, ms)):
            continue
        # "the Swiss drugmaker", "the US telecoms operator": kinds the resolver leaves alone
        m = ms.resolve(tok, _ORG) if lemma in lex.org_nouns else described_antecedent(tok, ms)
        if m is None or m.type != "Organization" or m.key.startswith(REF_KEY):
            continue
        yield from _describe(ms.use(m), tok, tok.i, tok, ms, lex)
        verb = tok.head
        if tok.dep_ == "nsubj" and verb.lemma_ in {"be", "become", "remain"}:
            for c in verb.children:  # "the firm was the seventh biggest US company"
                if c.dep_ == "attr" and c.pos_ == "NOUN":
                    yield from _describe(m, c, c.i + 1, c, ms, lex, copula=verb)


def _facility_places(doc: Doc, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """Facilities with a place attached: "a new plant in Kentucky", "the Erfurt plant"."""
    w = doc_words(doc)
    for i, lemma in enumerate(w.lemma):
        if lemma not in lex.facility_nouns:
            continue
        tok = doc[i]
        if not (w.pos[i] == "NOUN" or ((m := ms.entity(tok)) is not None and m.type == "Facility")):
            continue  # "a new plant in Kentucky", "the City Garden Hotel in Hong Kong"
        places = prep_objects(tok, {"in", "near", "at"})
        places += [
            c
            for c in tok.lefts
            if c.dep_ == "compound"
            and c.ent_type_ != "LOC"  # "the Mount Snow ski resort" is named, not placed
            and (m := ms.entity(c)) is not None
            and m.type in _PLACES
        ]
        fac = ms.resolve(tok, frozenset({"Facility"})) if places else None
        if fac is None:
            continue
        for p in expand(places):
            pm = ms.resolve(p, _PLACES)
            if pm is not None:
                yield Candidate(fac, "locatedIn", pm, tok, 0.85, False, None, NAME)


@register("extractor", NAME)
def attributes(doc: Doc, *, mentions: Mentions, lexicon: Lexicon) -> Iterator[Candidate]:
    ms = mentions
    for ent in ms.ents:
        yield from _name_facts(ent, ms, lexicon)
    yield from _described_names(doc, ms, lexicon)
    yield from _description_facts(doc, ms, lexicon)
    w = doc_words(doc)
    for i, dep in enumerate(w.dep):
        if dep not in {"appos", "npadvmod", "attr"} or w.pos[i] != "NOUN":
            continue
        tok = doc[i]
        if ms.entity(tok):
            continue
        prev = _described(tok, ms, lexicon)
        if prev is not None:
            for m in [prev, *_plural_parties(tok, prev, ms)]:
                yield from _describe(m, tok, tok.i + 1, tok, ms, lexicon)
    yield from _one_of(doc, ms, lexicon)
    yield from _facility_places(doc, ms, lexicon)


def _one_of(doc: Doc, ms: Mentions, lex: Lexicon) -> Iterator[Candidate]:
    """ "Yukos, one of Russia's biggest companies", "Metrojaya, one of the largest retail groups
    in Malaysia": the plural noun after "one of" describes the name the phrase stands beside."""
    w = doc_words(doc)
    for i, low in enumerate(w.lower):
        if low != "one" or w.dep[i] != "appos":
            continue
        tok = doc[i]
        nouns = [n for n in prep_objects(tok, {"of"}) if n.tag_ == "NNS"]
        subject = ms.entity(tok.head)
        if (
            nouns
            and nouns[0].lemma_.lower() in lex.org_nouns
            and tok.head.pos_ == "PROPN"
            and (subject is None or subject.type == "Person")  # the NER's "Yukos" person
        ):
            subject = ms.named(tok.head, "Organization")
        if subject is None or subject.type != "Organization":
            continue
        for noun in nouns:
            yield from _describe(subject, noun, noun.i + 1, noun, ms, lex)
            yield from _place_after(subject, noun, ms)


def _place_after(subject: Mention, noun: Token, ms: Mentions) -> Iterator[Candidate]:
    """ "the largest retail groups in Malaysia": a superlative's domain is where they are."""
    if not any(c.tag_ == "JJS" for c in noun.lefts):
        return
    for p in prep_objects(noun, {"in"}):
        pm = ms.resolve(p, _PLACES)
        if pm is not None:
            yield Candidate(subject, "basedIn", ms.use(pm), noun, 0.75, False, "Asserted", NAME)
