"""Token -> `Mention` for one parsed article: named entities, back-references and new things.

Key scheme (within one article; the resolver turns keys into global entity keys):
- gazetteer hit -> the gazetteer key ("organization/general-motors", "country/china");
- other named entity -> "name:" + fold(clean name);
- definite description referring back ("the automaker", "the plant", "the venture")
  -> "ref:<start char>", type from the head noun, name = head lemma;
- indefinite new facility ("a new battery plant in ...") -> "new:<start char>";
- product / technology noun phrase ("LFP cells") -> "name:" + fold(name);
- relative or possessive pronoun ("which", "its") -> its antecedent's key (`kg.extract.en.coref`);
  "we" / "our", or "it" with no organisation before it -> `kg.model.SELF_KEY`;
- a list item sharing the head noun written once on the last item ("LFP and NMC cells",
  "automotive, medical and RF modules") -> "name:" + fold("LFP cells") at the item's offsets.
Certainty: gazetteer 1.0, NER ORG 0.8, other NER 0.7, new facility 0.7, definite reference 0.6,
product / technology phrase 0.6, shared-head list item 0.5, the article's own organisation 0.5.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg import gazetteer as gaz
from kg.extract.common.lexicon import Lexicon
from kg.extract.en.coref import antecedent
from kg.extract.en.syntax import first_conjunct
from kg.model import NAME_KEY, NEW_KEY, REF_KEY, Article, Mention
from kg.names import clean
from kg.nlp.english import undouble
from kg.words import words

_LABEL_TYPES = {"ORG": "Organization", "LOC": "Place", "FAC": "Facility", "PRODUCT": "Product",
                "PERSON": "Person"}
_DEFINITE = words("extract.en_definite")
_INDEFINITE = words("extract.en_indefinite")
_NON_PRODUCT_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL",
                     "GPE", "ORG", "PERSON", "NORP", "LOC", "FAC", "EVENT", "LAW"}
_PRODUCT_MODS = {"compound", "amod", "nmod", "nummod", "npadvmod"}
_VAGUE = words("extract.en_vague")
_NOT_PRODUCTS = words("extract.en_not_products")


def shared_modifiers(mod: Token) -> list[Token]:
    """Coordinated modifiers of one head noun after `mod`: "automotive, medical and RF
    products" -> [medical, RF]. The parser either coordinates them or hangs each on the head
    with commas between; an "and" / "or" among them is required ("large, heavy trucks" are
    not two products)."""
    head = mod.head
    if mod.dep_ not in {"amod", "compound", "nmod"} or head.i < mod.i:
        return []
    doc = mod.doc
    group = [mod]
    for c in head.lefts:
        gap = doc[group[-1].i + 1:c.left_edge.i]
        if c.i > group[-1].i and c.dep_ == mod.dep_ and len(gap) > 0 and \
                all(t.text == "," for t in gap):
            group.append(c)
    out = sorted({t for g in group for t in (g, *g.conjuncts) if mod.i < t.i < head.i},
                 key=lambda t: t.i)
    if not out or not any(t.dep_ == "cc" for t in doc[mod.i:out[-1].i]):
        return []
    return out


def listed_modifiers(x: Token) -> list[Token]:
    """"automotive, medical and industrial modules": automotive and medical (industrial stays
    in the phrase headed by "modules"); each is a product of its own (`elided_head`)."""
    out: list[Token] = []
    for c in x.lefts:
        shared = shared_modifiers(c)
        if shared:
            out += [t for t in (c, *shared) if t is not shared[-1]]
    return out


def elided_head(tok: Token) -> Token | None:
    """The head noun a list item shares with the others, written only once: "automotive,
    medical and RF products" (automotive -> products), "LFP and NMC cells" (LFP -> cells)."""
    first = first_conjunct(tok)
    shared = shared_modifiers(first)
    if shared and tok.i < shared[-1].i:
        return first.head
    last = max(tok.conjuncts, key=lambda t: t.i, default=None)
    if last is None or last.i < tok.i or last.pos_ != "NOUN":
        return None
    if tok.pos_ == "ADJ":
        return last  # the parser coordinates the adjective with the last noun
    bare = all(c.dep_ in {"cc", "conj", "punct", "prep"} for c in tok.children)
    if bare and tok.text.isupper() and last.tag_ == "NNS" and any(
            c.dep_ == "compound" and c.text.isupper() for c in last.lefts):
        return last  # "LFP and NMC cells": two chemistries, one noun
    return None


class Mentions:
    """Entity lookup for one doc; remembers every mention a fact used."""

    def __init__(self, article: Article, doc: Doc, lexicon: Lexicon,
                 gazetteer: gaz.Gazetteer | None = None) -> None:
        self.article = article
        self.doc = doc
        self.lex = lexicon
        self.gazetteer = gazetteer or gaz.load()
        self.lang = article.lang or "en"
        self._ent_of: dict[int, Mention] = {}
        self.spans: dict[int, Span] = {}
        self.used: dict[tuple[int, int, str], Mention] = {}
        for ent in doc.ents:
            mention = self._entity(ent)
            if mention is None:
                continue
            for i in range(ent.start, ent.end):
                self._ent_of[i] = mention
                self.spans[i] = ent
            if mention.type in ("Organization", "Country"):
                self.use(mention)

    # -- entities -------------------------------------------------------------------------
    def _entity(self, ent: Span) -> Mention | None:
        label = ent.label_
        if ent.kb_id_:
            entry = self.gazetteer.entries.get(ent.kb_id_)
            if entry is not None:
                return Mention(ent.text, ent.start_char, ent.end_char, entry.type,
                               entry.labels.get("en", entry.label), entry.key, 1.0, self.lang)
        if label == "GPE":
            entry = self.gazetteer.lookup(ent.text)
            if entry is not None and entry.type == "Country":
                return Mention(ent.text, ent.start_char, ent.end_char, "Country", entry.label,
                               entry.key, 0.9, self.lang)
            typ = "Place"
        else:
            typ = _LABEL_TYPES.get(label)
        if typ is None:
            return None
        name = clean(ent.text, parens=False)
        if typ == "Organization":
            entry = self.gazetteer.lookup(name)
            if entry is not None:
                return Mention(ent.text, ent.start_char, ent.end_char, entry.type, entry.label,
                               entry.key, 1.0, self.lang)
        key = NAME_KEY + gaz.fold(name)
        if key == NAME_KEY:
            return None
        return Mention(ent.text, ent.start_char, ent.end_char, typ, name, key,
                       0.8 if typ == "Organization" else 0.7, self.lang)

    def entity(self, tok: Token) -> Mention | None:
        return self._ent_of.get(tok.i)

    def use(self, mention: Mention) -> Mention:
        self.used.setdefault((mention.start, mention.end, mention.key), mention)
        return mention

    # -- argument resolution ----------------------------------------------------------------
    def resolve(self, tok: Token, types: frozenset[str]) -> Mention | None:
        """The mention an argument head stands for, if its type is one of `types`."""
        if tok.tag_ in {"WDT", "WP", "PRP$"} or tok.lower_ == "that":
            pron = antecedent(tok, self, types)
            if pron is not None:
                return pron
        if tok.tag_ in {"WDT", "WP"} and tok.head.dep_ == "relcl":
            tok = tok.head.head
        found = self._resolve(tok, types)
        if found is None:
            return None
        if found.type in types or (found.type == "Country" and "Place" in types):
            return self.use(found)
        return None

    def _resolve(self, tok: Token, types: frozenset[str]) -> Mention | None:
        ent = self.entity(tok)
        if ent is not None:
            return ent
        if types & {"Product", "Technology"} and (head := elided_head(tok)) is not None:
            return self.elided(tok, head)
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return None
        for child in tok.children:
            if child.dep_ == "appos" and self.entity(child) is not None and \
                    not any(c.dep_ == "conj" for c in child.children):
                return self.entity(child)  # "the automaker, Tesla"; not a list misread
        lemma = tok.lemma_.lower()
        mods = [c for c in tok.children if c.dep_ in {"compound", "amod"}]
        two = {f"{m.lemma_.lower()} {lemma}" for m in mods}
        dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}}
        poss_ent = any(c.dep_ == "poss" and self.entity(c) is not None for c in tok.children)
        definite = bool(dets & _DEFINITE) or poss_ent
        org_like = lemma in self.lex.org_nouns or bool(two & self.lex.org_nouns)
        if (lemma in self.lex.facility_nouns and not org_like) or (
                lemma == "venture" and not two & self.lex.org_nouns):
            return self._facility(tok, definite, dets)
        if org_like and "Organization" in types:
            if definite and tok.tag_ in {"NN", "NNP"}:
                name = "joint venture" if two & {"joint venture"} else lemma
                typ = "Facility" if lemma in {"venture", "project"} and name != "joint venture" \
                    else "Organization"
                return self._ref(tok, name, typ)
            return None
        if types & {"Product", "Technology"} and tok.tag_ != "PRP":
            return self._product(tok)
        return None

    def _span(self, tok: Token, *, keep_det: bool) -> tuple[int, int]:
        left = tok.i
        for c in tok.lefts:
            if c.dep_ in _PRODUCT_MODS or (keep_det and c.dep_ in {"det", "poss"}):
                # "automotive, medical and RF modules": this head keeps the last modifier;
                # the others are products of their own (`elided`).
                shared = shared_modifiers(c)
                left = min(left, (shared[-1] if shared else c).left_edge.i)
        return left, tok.i + 1

    def _ref(self, tok: Token, name: str, typ: str) -> Mention:
        s, e = self._span(tok, keep_det=True)
        span = self.doc[s:e]
        return Mention(span.text, span.start_char, span.end_char, typ, name,
                       f"{REF_KEY}{span.start_char}", 0.6, self.lang)

    def _facility(self, tok: Token, definite: bool, dets: set[str]) -> Mention:
        s, e = self._span(tok, keep_det=True)
        span = self.doc[s:e]
        if definite or not (dets & _INDEFINITE or not dets):
            return Mention(span.text, span.start_char, span.end_char, "Facility",
                           tok.lemma_.lower(), f"{REF_KEY}{span.start_char}", 0.6, self.lang)
        words = [t.text for t in span if t.dep_ == "compound" or t.i == tok.i]
        name = " ".join(words) if words else tok.lemma_
        return Mention(span.text, span.start_char, span.end_char, "Facility", name.lower(),
                       f"{NEW_KEY}{span.start_char}", 0.7, self.lang)

    def phrase(self, tok: Token, start: int) -> Mention | None:
        """Tokens `start`..`tok` as a product, whatever the NER calls them: a pattern that
        already knows a product is named there ("players in the global LiDAR market")."""
        return self._product(tok, start=start)

    def _product(self, tok: Token, *, start: int | None = None) -> Mention | None:
        words_only = start is not None
        if (tok.ent_type_ in _NON_PRODUCT_ENTS and not words_only) or \
                tok.lemma_.lower() in _NOT_PRODUCTS or \
                tok.lemma_.lower() in self.lex.cues.get("product_containers", ()):
            return None  # "a range (of ...)" holds products, it is not one
        if tok.like_num or (not tok.is_alpha and not any(ch.isalpha() for ch in tok.text)):
            return None
        s, e = self._span(tok, keep_det=False) if start is None else (start, tok.i + 1)
        if s == tok.i and tok.lemma_.lower() in self.lex.cues.get("product_list_nouns", ()):
            return None  # a bare "products" / "solutions" names nothing
        while s < tok.i and (self.doc[s].lower_ in _VAGUE or self.doc[s].dep_ in {"det", "poss"}
                             or self.doc[s].like_num or self.doc[s].is_punct):
            s += 1
        # "lithium iron phosphate (LFP) cells": the parser hangs the head noun off as apposition.
        for c in tok.rights:
            if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i <= e + 4 and not c.ent_type_:
                e = c.i + 1
        span = self.doc[s:e]
        name = span.text
        typ = "Technology" if (span.root.lemma_.lower() in self.lex.technology_nouns
                               or self.doc[e - 1].lemma_.lower() in self.lex.technology_nouns) \
            else "Product"
        key = NAME_KEY + gaz.fold(name)
        if key == NAME_KEY:
            return None
        return Mention(name, span.start_char, span.end_char, typ, name, key, 0.6, self.lang)

    def elided(self, adj: Token, head: Token) -> Mention | None:
        """"automotive, medical and RF products": the adjective stands for "automotive
        products" (the shared head noun is written once, on the last item)."""
        if head.lemma_.lower() in _NOT_PRODUCTS or adj.lower_ in _VAGUE:
            return None
        name = f"{adj.text} {head.text}"
        return Mention(adj.text, adj.idx, adj.idx + len(adj.text), "Product", name,
                       NAME_KEY + gaz.fold(name), 0.5, self.lang)

    def named(self, tok: Token, typ: str) -> Mention | None:
        """A proper-noun phrase as an entity of `typ` ("a JV called BlueOval SK")."""
        ent = self.entity(tok)
        if ent is not None:
            if ent.type == "Organization" or typ == ent.type:
                return self.use(ent)
            ent_span = self.spans[tok.i]
            name = clean(ent_span.text, parens=False)
            return self.use(Mention(ent_span.text, ent_span.start_char, ent_span.end_char, typ,
                                    name, NAME_KEY + gaz.fold(name), 0.7, self.lang))
        if tok.pos_ != "PROPN":
            return None
        s = min((c.left_edge.i for c in tok.lefts if c.dep_ == "compound"), default=tok.i)
        span = undouble(self.doc[s:tok.i + 1])[-1]
        name = clean(span.text, parens=False)
        return self.use(Mention(span.text, span.start_char, span.end_char, typ, name,
                                NAME_KEY + gaz.fold(name), 0.6, self.lang))

    def all(self) -> tuple[Mention, ...]:
        return tuple(sorted(self.used.values(), key=lambda m: (m.start, m.end, m.key)))
