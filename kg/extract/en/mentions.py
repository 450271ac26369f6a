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
from kg.extract.en.argtypes import (
    called_name,
    common_phrase,
    frames,
    is_first_name,
    is_generic_org,
    is_place_name,
    known_surname,
    org_chunk,
    org_described,
    region_after,
    short_org_name,
    trade_word,
)
from kg.extract.en.argtypes import chunk as org_chunk_span
from kg.extract.en.coref import antecedent, between_party, expletive, led_by
from kg.extract.en.facilities import facility_mention
from kg.extract.en.memo import words as doc_words
from kg.extract.en.phrases import (
    elided_head,
    np_span,
    split_list,
    split_possessive,
    trimmed,
    unbracketed,
)
from kg.extract.en.product_mentions import elided as elided_product
from kg.extract.en.product_mentions import product
from kg.extract.en.salience import antecedent as described_antecedent
from kg.extract.en.stakes import named_on
from kg.extract.en.units import described_unit
from kg.model import NAME_KEY, REF_KEY, Article, Mention
from kg.names import clean
from kg.nlp.english import is_ticker, undouble
from kg.words import words

_LABEL_TYPES = {
    "ORG": "Organization",
    "LOC": "Place",
    "FAC": "Facility",
    "PRODUCT": "Product",
    "PERSON": "Person",
}
_DEFINITE = words("extract.en_definite")
_DESCRIPTIVE = {"the", "this", "that"}


def _bare_initial_name(tok: Token) -> bool:
    """ "Lexmore unveiled ...": an unknown name opening a sentence is often tagged as a singular
    common noun; a singular count noun there would need a determiner."""
    return (
        tok.is_sent_start
        and tok.tag_ == "NN"
        and tok.text[:1].isupper()
        and tok.dep_ in {"nsubj", "nsubjpass"}
        and len(tok.text) > 2
        and not any(c.dep_ in {"det", "poss", "amod", "compound"} for c in tok.children)
        and tok.lemma_.lower() not in frames()["abstract_nouns"]
    )


class Mentions:
    """Entity lookup for one doc; remembers every mention a fact used."""

    def __init__(
        self, article: Article, doc: Doc, lexicon: Lexicon, gazetteer: gaz.Gazetteer | None = None
    ) -> None:
        self.article = article
        self.doc = doc
        self.lex = lexicon
        self.gazetteer = gazetteer or gaz.load()
        self.lang = article.lang or "en"
        self._ent_of: dict[int, Mention] = {}
        self._org_of: dict[int, Mention | None] = {}
        self._resolved: dict[tuple[int, frozenset[str]], Mention | None] = {}
        self.spans: dict[int, Span] = {}
        self.used: dict[tuple[int, int, str], Mention] = {}
        # words that are no part of an organisation's name (`company`), joined once per doc
        self._not_org = lexicon.cues.get("not_org_words", frozenset()) | lexicon.cues.get(
            "person_titles", frozenset()
        )
        # (read once: `doc.ents` makes its spans anew on every read, 5 us a doc)
        self.ents: tuple[Span, ...] = doc.ents
        parts = (p for e in self.ents for half in split_possessive(e) for p in split_list(half))
        for whole in (unbracketed(p) for p in parts):
            ent = trimmed(whole)
            if not len(ent):
                continue
            mention = self._entity(ent)
            if mention is None:
                continue
            # (a word trimmed off still stands for the name: the parser may head it there)
            for i in range(ent.start, whole.end):
                self._ent_of[i] = mention
                self.spans[i] = ent
            if mention.type in ("Organization", "Country"):
                self.use(mention)
            if mention.type == "Organization":
                self._wire_marks(ent, mention)

    def _wire_marks(self, ent: Span, mention: Mention) -> None:
        """ "USAir Group <U>", "<VMS Realty Partners>": the parser often heads a wire story's
        name on its ticker or bracket, so those tokens stand for the name too."""
        text = doc_words(self.doc).text  # (no Token made to read a word beside each name)
        marks = [ent.start - 1] if ent.start > 0 and text[ent.start - 1] == "<" else []
        j = ent.end
        while j < len(text) and j < ent.end + 2 and (text[j] == ">" or is_ticker(text[j])):
            marks.append(j)
            j += 1
        for i in marks:
            self._ent_of.setdefault(i, mention)
            self.spans.setdefault(i, ent)

    # -- entities -------------------------------------------------------------------------
    def _entity(self, ent: Span) -> Mention | None:
        label = ent.label_
        if ent.kb_id_:
            entry = self.gazetteer.entries.get(ent.kb_id_)
            if entry is not None and not (entry.type == "Country" and self._in_region(ent)):
                return self._known(ent, entry)
        if label == "GPE":
            country = self._country(ent)
            if country is not None:
                return country
            typ = "Place"
        else:
            typ = _LABEL_TYPES.get(label)
        if typ is None:
            return None
        name = clean(ent.text, parens=False)
        if (
            (typ == "Place" or (typ == "Person" and not is_first_name(ent[0].text)))
            and org_described(ent, self.lex)
            and not is_place_name(name)
        ):
            typ = "Organization"  # "US surfwear firm Quiksilver" (the NER: a place)
        elif typ in {"Place", "Person"} and short_org_name(ent):
            typ = "Organization"  # "McFarland Energy Inc ... for McFarland to acquire"
        if typ == "Organization" and trade_word(ent, self.lex):
            return None  # "Software giant Microsoft": the trade of the name after it
        if typ == "Organization" and is_generic_org(name):
            return None  # "the Company" in a filing: a defined term, not a name
        if typ == "Organization" and ent.root.pos_ == "NOUN" and common_phrase(ent, name):
            return None  # "a Delaware / European corporation": a common noun, no name
        if typ == "Organization":
            entry = self.gazetteer.lookup(name)
            if entry is not None:
                return self._known(ent, entry)
            typ = "Person" if known_surname(ent) else typ  # "Panganiban is quoted as saying"
        key = NAME_KEY + gaz.fold(name)
        if key == NAME_KEY:
            return None
        certainty = 0.8 if typ == "Organization" else 0.7
        return Mention(ent.text, ent.start_char, ent.end_char, typ, name, key, certainty, self.lang)

    def entity(self, tok: Token) -> Mention | None:
        return self._ent_of.get(tok.i)

    def use(self, mention: Mention) -> Mention:
        self.used.setdefault((mention.start, mention.end, mention.key), mention)
        return mention

    # -- argument resolution ----------------------------------------------------------------
    def resolve(self, tok: Token, types: frozenset[str]) -> Mention | None:
        """The mention an argument head stands for, if its type is one of `types`."""
        # Read once per head and types: the extractors ask again for the same heads, and
        # `use` only records (idempotently) what the first answer already recorded.
        key = (tok.i, types)
        if key not in self._resolved:
            self._resolved[key] = self._argument(tok, types)
        return self._resolved[key]

    def _argument(self, tok: Token, types: frozenset[str]) -> Mention | None:
        pron, tok_or_none = self._pronoun(tok, types)
        if pron is not None or tok_or_none is None:
            return pron
        tok = tok_or_none
        if (named := called_name(tok, self.lex)) is not None:  # "a technology called XDR"
            if types & {"Product", "Technology"} and (p := self.phrase(named, named.left_edge.i)):
                return self.use(p)
            tok = named
        if "Organization" in types and self._unit_name(tok) is not None:
            org = self.company(tok)
            if org is not None:
                return self.use(org)
        if "Organization" in types and (org := self._described_org(tok) or led_by(tok, self)):
            return self.use(org)
        if "Organization" in types and self.entity(tok) is None and tok.dep_ == "pobj":
            for c in named_on(tok, self.lex):  # "shares of Triton Oil Corp common stock"
                if (org := self.entity(c)) is not None and org.type == "Organization":
                    return self.use(org)
        found = self._resolve(tok, types)
        if found is not None and (
            found.type in types or (found.type == "Country" and "Place" in types)
        ):
            return self.use(found)
        if "Organization" in types:
            org = self.company(tok)
            if org is not None:
                return self.use(org)
        if types & {"Place", "Country"}:
            place = self.place(tok)
            if place is not None:
                return self.use(place)
        return None

    def _pronoun(self, tok: Token, types: frozenset[str]) -> tuple[Mention | None, Token | None]:
        """(the antecedent a pronoun stands for, or None; the token to resolve further, or None
        for a dummy "it" that stands for nothing)."""
        if tok.tag_ in {"WDT", "WP", "PRP$"} or tok.lower_ == "that":
            pron = antecedent(tok, self, types)
            if pron is not None:
                return pron, tok
        if tok.tag_ in {"WDT", "WP"} and tok.head.dep_ == "relcl":
            tok = tok.head.head
        if expletive(tok):
            return None, None
        sayer = self._sayer(tok)
        if sayer is not None:
            if sayer.tag_ == "PRP" and sayer.i < tok.i:
                return self._pronoun(sayer, types)  # "It said it has no intention of ..."
            return None, sayer
        if (
            tok.tag_ == "PRP"
            and (tok.dep_ in {"nsubj", "nsubjpass"} or between_party(tok))
            and tok.lower_
            in self.lex.cues.get("subject_pronouns", frozenset())
            | self.lex.cues.get("first_person_pronouns", frozenset())
        ):
            # "Wells Fargo acquired X. It also acquired Y."; "We agreed to buy X" (the article's
            # own organisation: named by `selfname.settle` or dropped)
            return antecedent(tok, self, types, subject=True), tok
        return None, tok

    def _described_org(self, tok: Token) -> Mention | None:
        """ "Dell is an American company headquartered in Round Rock", "Aldus, a Seattle-based
        software company": the describing noun stands for the named organisation."""
        if (
            tok.pos_ != "NOUN"
            or tok.dep_ not in {"attr", "appos"}
            or tok.lemma_.lower() not in frames()["describing_nouns"]
            or self.entity(tok)
        ):
            return None
        head = tok.head
        if tok.dep_ == "attr":
            head = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), tok)
        if head == tok or head.pos_ not in {"PROPN", "NOUN"}:
            return None
        ent = self.entity(head)
        if ent is not None:
            return ent if ent.type == "Organization" else self.company(head)
        return self.company(head) if head.pos_ == "PROPN" else None

    def place(self, tok: Token) -> Mention | None:
        """`tok` in a place slot: a recognised place, or a proper-noun chunk a real gazetteer
        knows, whatever the NER calls it ("Bermuda-based" tagged ORG, "Round Rock" untagged)."""
        ent = self.entity(tok)
        if ent is not None and ent.type in {"Place", "Country"}:
            return ent
        if (ent is not None and ent.certainty >= 1.0) or tok.pos_ != "PROPN":
            return None
        span = org_chunk_span(tok)
        if not len(span) or not is_place_name(span.text):
            return None
        country = self._country(span)
        if country is not None:
            return country
        return self._named_span(span, "Place", 0.75)

    def _sayer(self, tok: Token) -> Token | None:
        """ "X said it would invest in Y": the pronoun subject of what X says is X."""
        if tok.tag_ != "PRP" or tok.lower_ not in {"it", "they"} or tok.dep_ != "nsubj":
            return None
        v = tok.head
        if v.dep_ != "ccomp" or v.head.lemma_.lower() not in frames()["speech_verbs"]:
            return None
        return next((c for c in v.head.children if c.dep_ == "nsubj"), None)

    def _city_of_region(self, tok: Token) -> bool:
        """ "Troy, Michigan-based MLX Corp": a place the NER saw, written before a comma and a
        region, is a city there, never an organisation."""
        ent, span = self.entity(tok), self.spans.get(tok.i)
        return bool(ent and ent.type == "Place" and span is not None and region_after(span))

    def company(self, tok: Token) -> Mention | None:
        """`tok` in an organisation slot: frame-first typing (`kg.extract.en.argtypes`). A
        proper-noun chunk is an organisation unless a gazetteer, person cues or its head word
        say otherwise; the NER label is one signal."""
        ent = self.entity(tok)
        if ent is not None and ent.type == "Organization":
            return ent
        if ent is not None and self._city_of_region(tok):
            # the parser hangs "Michigan-based MLX Corp" on "Troy" as its apposition
            named = (self.entity(c) for c in tok.children if c.dep_ == "appos")
            return next((m for m in named if m is not None and m.type == "Organization"), None)
        if ent is not None and (ent.type == "Country" or ent.certainty >= 1.0):
            return None
        unit = tok.pos_ == "NOUN" and self._unit_name(tok) is not None
        if unit:
            tok = self._unit_name(tok)  # "Alphabet's Waymo unit" is Waymo
        elif (
            tok.pos_ != "PROPN"
            and not _bare_initial_name(tok)
            and not short_org_name(tok.doc[tok.i : tok.i + 1])  # "to acquire Petrominerals"
        ):
            return None
        if tok.tag_ == "POS":
            return None
        if tok.i in self._org_of:
            return self._org_of[tok.i]
        label = self.spans[tok.i].label_ if tok.i in self.spans else ""
        label = "" if unit and label == "PERSON" else label  # "its Christian Lacroix unit"
        span = org_chunk(tok, label)
        mention = None
        if span is not None and not any(t.lower_ in self._not_org for t in span):
            span = undouble(span)[-1]
            name = clean(span.text, parens=False)
            entry = self.gazetteer.lookup(name)
            if entry is not None and entry.type == "Organization":
                mention = self._known(span, entry)
            elif entry is None and gaz.fold(name):
                mention = self._named_span(span, "Organization", 0.7)
        self._org_of[tok.i] = mention
        return mention

    def _resolve(self, tok: Token, types: frozenset[str]) -> Mention | None:
        ent = self.entity(tok)
        if ent is not None:
            return ent
        if types & {"Product", "Technology"} and (head := elided_head(tok)) is not None:
            return self.elided(tok, head)
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return None
        for child in tok.children:
            if (
                child.dep_ == "appos"
                and self.entity(child) is not None
                and not any(c.dep_ == "conj" for c in child.children)
            ):
                return self.entity(child)  # "the automaker, Tesla"; not a list misread
        lemma = tok.lemma_.lower()
        mods = [c for c in tok.children if c.dep_ in {"compound", "amod"}]
        two = {f"{m.lemma_.lower()} {lemma}" for m in mods}
        dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}}
        poss_ent = any(c.dep_ == "poss" and self.entity(c) is not None for c in tok.children)
        definite = bool(dets & _DEFINITE) or poss_ent
        org_like = lemma in self.lex.org_nouns or bool(two & self.lex.org_nouns)
        if "Organization" in types and (unit := described_unit(tok, self.lex, self.lang)):
            return unit  # "its sintered friction materials business"
        if (lemma in self.lex.facility_nouns and not org_like) or (
            lemma == "venture" and not two & self.lex.org_nouns
        ):
            return facility_mention(tok, definite, dets, self.lang)
        if org_like and "Organization" in types:
            if definite and tok.tag_ in {"NN", "NNP"}:
                if not poss_ent and dets & _DESCRIPTIVE and lemma != "venture" and tok.is_lower:
                    # (a capitalised "the Company" is a filing's defined term: its own filer)
                    named = described_antecedent(tok, self)
                    if named is not None:
                        return named  # "the Paris-based firm" -> LVMH (`kg.extract.en.salience`)
                name = "joint venture" if two & {"joint venture"} else lemma
                typ = (
                    "Facility"
                    if lemma in {"venture", "project"} and name != "joint venture"
                    else "Organization"
                )
                return self._ref(tok, name, typ)
            return None
        if types & {"Product", "Technology"} and tok.tag_ != "PRP":
            return product(tok, self.lex, self.lang)
        return None

    def _unit_name(self, tok: Token) -> Token | None:
        """The name on a unit noun: "X's Y unit / brand / subsidiary" -> Y."""
        lemma = tok.lemma_.lower()
        if lemma not in self.lex.subsidiary_nouns and lemma not in self.lex.cues["named_org_nouns"]:
            return None  # (named_org_nouns: "the Bloglines website")
        if lemma in self.lex.cues["owner_unit_nouns"] and any(
            c.dep_ == "det" for c in tok.children
        ):
            return None  # "the Yukos unit", "a Boeing subsidiary": the name is the owner's
        lefts = [c for c in tok.lefts if c.dep_ == "compound"]
        if lefts and lefts[-1].pos_ == "NOUN":  # "its Christian Lacroix clothing label"
            lefts += [c for c in lefts[-1].lefts if c.dep_ == "compound"]
        names = [c for c in lefts if c.pos_ == "PROPN"]
        return names[-1] if names else None

    def _ref(self, tok: Token, name: str, typ: str) -> Mention:
        s, e = np_span(tok, keep_det=True)
        span = self.doc[s:e]
        return Mention(
            span.text,
            span.start_char,
            span.end_char,
            typ,
            name,
            f"{REF_KEY}{span.start_char}",
            0.6,
            self.lang,
        )

    def phrase(self, tok: Token, start: int) -> Mention | None:
        """Tokens `start`..`tok` as a product, whatever the NER calls them: a pattern that
        already knows a product is named there ("players in the global LiDAR market")."""
        return product(tok, self.lex, self.lang, start=start)

    def elided(self, adj: Token, head: Token) -> Mention | None:
        """ "automotive, medical and RF products": the adjective stands for "automotive
        products" (`kg.extract.en.product_mentions.elided`)."""
        return elided_product(adj, head, self.lang)

    def named(self, tok: Token, typ: str) -> Mention | None:
        """A proper-noun phrase as an entity of `typ` ("a JV called BlueOval SK")."""
        ent = self.entity(tok)
        if ent is not None:
            if ent.type == "Organization" or typ == ent.type:
                return self.use(ent)
            return self.use(self._named_span(self.spans[tok.i], typ, 0.7))
        if tok.pos_ != "PROPN":
            return None
        s = min((c.left_edge.i for c in tok.lefts if c.dep_ == "compound"), default=tok.i)
        return self.use(self._named_span(undouble(self.doc[s : tok.i + 1])[-1], typ, 0.6))

    def _named_span(self, span: Span, typ: str, certainty: float) -> Mention:
        """`span` as a name of its own ("name:" + its folded clean text)."""
        name = clean(span.text, parens=False)
        key = NAME_KEY + gaz.fold(name)
        return Mention(
            span.text, span.start_char, span.end_char, typ, name, key, certainty, self.lang
        )

    def _country(self, span: Span) -> Mention | None:
        """A span the gazetteer knows as a country (a GPE, or a place slot's proper noun)."""
        entry = self.gazetteer.lookup(span.text)
        if entry is None or entry.type != "Country":
            return None
        return None if self._in_region(span) else self._known(span, entry, certainty=0.9)

    def _in_region(self, span: Span) -> bool:
        """ "Holland, Michigan": a country's name before a region's is a city there."""
        region = region_after(span)
        return region is not None and self._country(region) is None

    def _known(self, span: Span, entry: gaz.Entry, *, certainty: float = 1.0) -> Mention:
        """A span naming a gazetteer entry: its type, English label and key."""
        return Mention(
            span.text,
            span.start_char,
            span.end_char,
            entry.type,
            entry.label,
            entry.key,
            certainty,
            self.lang,
        )

    def all(self) -> tuple[Mention, ...]:
        return tuple(sorted(self.used.values(), key=lambda m: (m.start, m.end, m.key)))
