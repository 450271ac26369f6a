"""Mention candidates of one German sentence: gazetteer and cued names, uncued proper-noun runs,
definite descriptions ("der Autobauer"), new facilities and products.

Split from `kg.extract.de.clauses` (one idea per module): this module says *what* the
mentions are; `kg.extract.de.clauses` says where they stand (clauses, prepositions, genitives).
Uncued proper-noun runs are candidates (certainty 0.5) that become organisations only when a
relation rule needs them in a slot.
"""

from __future__ import annotations

import re

from kg import gazetteer as gaz
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.de.aliases import long_forms
from kg.extract.de.nameforms import clean_name, nominative, web_domain
from kg.extract.de.persons import is_person, person_cue
from kg.extract.de.products import ProductName, product_names
from kg.extract.de.shared import CERT, MARKS, Item, cue_like, doc_text, mention, place
from kg.model import NAME_KEY, NEW_KEY, REF_KEY
from kg.names import legal_tokens
from kg.words import word_list, words

_DEFINITE = words("extract.de_definite")
_INDEFINITE = words("extract.de_indefinite")
_NE_STOP = words("extract.de_ne_stop")
_GLUED = re.compile(rf"[a-zäöüß]({'|'.join(word_list('extract.de_glued_articles'))})$")


def _item(
    first: int, last: int, text: str, start: int, type_: str, name: str, key: str, kind: str
) -> Item:
    """Tokens first..last-1 whose surface `text` starts at char `start`, as a `kind` item."""
    return Item(
        first, last, mention(text, start, start + len(text), type_, name, key, CERT[kind]), kind
    )


class MentionFinder:
    """The `Item`s of one sentence (`items(ents)`), sorted by position."""

    def __init__(
        self, sent, lex: Lexicon, g: gaz.Gazetteer, persons: set[str] | None = None
    ) -> None:
        self.sent = sent
        self.lex = lex
        self.g = g
        self.toks = [t for t in sent if not t.is_space]
        self.persons = persons if persons is not None else set()

    def items(self, ents) -> list[Item]:
        items: list[Item] = []
        taken: set[int] = set()
        for p in product_names(self.toks, ents, self.lex):
            items.append(self._product_item(p))
            taken.update(range(p.first, p.end))
        for ent in ents:
            if any(i in taken for i in range(ent.start, ent.end)):
                continue  # "Tesla Model S": the maker's name is part of the product's
            items.append(self._ent_item(ent))
            taken.update(range(ent.start, ent.end))
        for item in self._noun_items(taken):
            items.append(item)
            taken.update(range(item.start, item.end))
        # Uncued proper-noun runs: organisation candidates, used only if a rule needs one.
        toks = self.toks
        k = 0
        while k < len(toks):
            tok = toks[k]
            if tok.i in taken or not (
                self._cand_tok(tok)
                or self._named_adj(toks, k)
                or self._after_cue(toks, k)
                or self._inverted_subject(toks, k)
            ):
                k += 1
                continue
            j = self._run_end(toks, k, taken)
            if j < len(toks) and toks[j].ent_type_ == "GPE" and self._gpe_tail(toks, k, j):
                items = [x for x in items if x.start != toks[j].i]
                j += 1
            if not (k > 0 and toks[k - 1].text == "("):
                items.append(self._cand_item(toks, k, j))
            k = j
        items += long_forms(self.toks, doc_text(self.sent.doc), items)
        items.sort(key=lambda it: it.start)
        return items

    def _product_item(self, p: ProductName) -> Item:
        doc = self.sent.doc
        text = doc[p.first : p.end].text
        start = doc[p.first].idx
        return Item(
            p.first,
            p.end,
            mention(
                text,
                start,
                start + len(text),
                "Product",
                text,
                NAME_KEY + gaz.fold(text),
                CERT["product"],
            ),
            "product",
            owner=p.owner,
        )

    def _noun_items(self, taken: set[int]) -> list[Item]:
        """Definite descriptions, new facilities, products, and the owner named in a part
        compound ("VNG-Aktien", "Zielpunkt-Filialen")."""
        out: list[Item] = []
        for k, tok in enumerate(self.toks):
            if tok.i in taken:
                continue
            low = tok.lemma_.lower()
            if not (tok.tag_ == "NN" or (tok.tag_ == "NE" and self._ref_type(low) == "Facility")):
                continue
            art = self._article_before(k)
            item = self._np_item(art, k, low) if art is not None else None
            item = item or self._part_owner(tok)
            product = low.split("-")[-1].endswith(self.lex.product_suffixes)
            if item is None and product and not self._ref_type(low):
                item = _item(
                    tok.i,
                    tok.i + 1,
                    tok.text,
                    tok.idx,
                    "Product",
                    tok.text,
                    NAME_KEY + gaz.fold(tok.lemma_),
                    "product",
                )
            if item is not None:
                out.append(item)
        return out

    def _part_owner(self, tok) -> Item | None:
        """ "74,2 Prozent der VNG-Aktien": the name before a part noun owns the part."""
        head, sep, _tail = tok.text.rpartition("-")
        if not sep or not self.lex.is_part(tok.lemma_) or not head[:1].isupper():
            return None
        from kg.nlp.german_names import name_shaped

        entry = self.g.lookup(head)
        if entry is not None and entry.type != "Organization":
            return None
        if (entry is None and not (name_shaped(head) or _hanta_ne(head))) or place(head):
            return None
        key = entry.key if entry is not None else NAME_KEY + gaz.fold(head)
        return Item(
            tok.i,
            tok.i + 1,
            mention(
                head,
                tok.idx,
                tok.idx + len(head),
                "Organization",
                head,
                key,
                CERT["gaz" if entry else "cand"],
            ),
            "part",  # an owner named inside a compound is an object, never a clause subject
        )

    def _run_end(self, toks: list, k: int, taken: set[int]) -> int:
        j = k + 2 if self._named_adj(toks, k) else k + 1
        while j < len(toks) and toks[j].i not in taken:
            if self._cand_tok(toks[j]) or self._inner_noun(toks, j):
                j += 1
            elif (  # "Daily Mail & General Trust", "Mossack & Fonseca": one name
                toks[j].text == "&"
                and j + 1 < len(toks)
                and toks[j + 1].i not in taken
                and self._cand_tok(toks[j + 1])
            ):
                j += 2
            else:
                break
        if j < len(toks) and toks[j].text in legal_tokens("de"):
            j += 1
        return j

    @staticmethod
    def _gpe_tail(toks: list, k: int, j: int) -> bool:
        """ "Imtech Deutschland": a country right after a name run is part of the name."""
        return (j + 1 == len(toks) or toks[j + 1].ent_iob_ != "I") and (
            k == 0 or toks[k - 1].tag_ not in {"APPR", "APPRART"}
        )

    def _cand_item(self, toks: list, k: int, j: int) -> Item:
        a, b = toks[k], toks[j - 1]
        text = doc_text(self.sent.doc)[a.idx : b.idx + len(b.text)]
        name = nominative(clean_name(text), toks[k])
        if j == k + 1 and self._possessive(toks, k):
            name = text[:-1]  # "Opels Mutterkonzern", "Vonovias Übernahme"
        if is_person(toks, k, j, self.lex, self.persons):  # "Spar-Vorstand Hans Reisch"
            self.persons.add(toks[j - 1].text)  # "Samuelsson" later in the article is the man
            return _item(
                a.i, b.i + 1, text, a.idx, "Person", name, NAME_KEY + gaz.fold(name), "cand"
            )
        hit = place(name)
        if hit is not None and j == k + 1:
            # a real place is no company, whatever slot it stands in ("München/Düsseldorf")
            return _item(a.i, b.i + 1, text, a.idx, hit.type, hit.label, hit.key, "place")
        return _item(
            a.i, b.i + 1, text, a.idx, "Organization", name, NAME_KEY + gaz.fold(name), "cand"
        )

    @staticmethod
    def _inverted_subject(toks: list, k: int) -> bool:
        """ "Mit der Übernahme von X hat Walgreen sich ...": a bare capitalised noun right
        after a non-initial finite verb, before a pronoun/adverb/article, is the subject."""
        tok = toks[k]
        return (
            1 < k < len(toks) - 1
            and tok.tag_ == "NN"
            and tok.text[:1].isupper()
            and tok.is_alpha
            and toks[k - 1].tag_ in {"VAFIN", "VVFIN", "VMFIN"}
            and toks[k + 1].tag_ in {"PRF", "ADV", "ART", "PPER", "PPOSAT"}
        )

    def _named_adj(self, toks: list, k: int) -> bool:
        """ "die Deutsche Börse", "mit der Deutschen Bahn": a capitalised adjective inside a
        sentence opens a name when a capitalised noun follows."""
        tok = toks[k]
        return (
            k > 0
            and tok.tag_ == "ADJA"
            and tok.text[:1].isupper()
            and "-" not in tok.text
            and not cue_like(tok, self.lex)
            and not self.g.lookup(tok.text)
            and not _city_adj(tok)  # "Die Grazer Andritz AG": the city describes the name
            and toks[k - 1].tag_ in {"ART", "APPRART", "APPR"}
            and k + 1 < len(toks)
            and toks[k + 1].tag_ in {"NN", "NE", "NNI"}  # "Deutsche Wohnen": NNI
            and toks[k + 1].text[:1].isupper()
            and not cue_like(toks[k + 1], self.lex)
            and self.lex.noun_rules(toks[k + 1].lemma_) is None
            and self._ref_type(toks[k + 1].lemma_.lower()) is None
        )

    def _after_cue(self, toks: list, k: int) -> bool:
        """ "der US-Lkw-Hersteller Navistar": a capitalised noun right after a cue noun, with
        no article between, is the cue's name (a common noun there would need "der"/"von")."""
        tok = toks[k]
        if k == 0 or tok.tag_ != "NN" or not tok.text[:1].isupper() or not tok.is_alpha:
            return False
        prev = toks[k - 1]
        low = tok.lemma_.lower()
        return (
            cue_like(prev, self.lex)
            and self.lex.noun_rules(low) is None
            and self._ref_type(low) is None
            and not low.endswith(self.lex.product_suffixes)
            and not self.lex.is_part(low)
            and not cue_like(tok, self.lex)
            and not self.g.demonym(tok.text)
        )

    def _possessive(self, toks: list, k: int) -> bool:
        tok = toks[k]
        j = k + 1
        while j < len(toks) and toks[j].tag_ == "ADJA" and not toks[j].text[:1].isupper():
            j += 1  # "Blackberrys erstes Android-Smartphone"
        return (
            tok.text.endswith("s")
            and len(tok.text) > 3
            and j < len(toks)
            and (toks[j].tag_ == "NN" or toks[j].lower_ in self.lex.product_class_nouns)
            and (
                k == 0
                or toks[k - 1].tag_ not in {"ART", "APPR", "APPRART"}
                # "über Googles Tablet" (not "bei Siemens"): the article names it without "s"
                or (toks[k - 1].tag_ == "APPR" and any(t.text == tok.text[:-1] for t in tok.doc))
            )
        )

    def _inner_noun(self, toks: list, j: int) -> bool:
        """ "Hansa Elektronik iBE": a capitalised noun between two name words is part of it."""
        return (
            toks[j].tag_ == "NN"
            and j + 1 < len(toks)
            and self._cand_tok(toks[j + 1])
            and not cue_like(toks[j], self.lex)
            and self.lex.noun_rules(toks[j].lemma_) is None
        )

    def _cand_tok(self, tok) -> bool:
        from kg.nlp.german_names import LEGAL_FORMS, is_org_cue, name_shaped

        shaped = name_shaped(tok.text) and tok.tag_ in {"NE", "FM", "NN", "ADJA", "XY"}
        # "#Brennwald": a hashtagged capitalised word is a name whatever HanTa guessed
        shaped = shaped or (
            tok.i > 0 and tok.nbor(-1).text in MARKS and tok.text[:1].isupper() and tok.is_alpha
        )
        return (
            (
                (tok.tag_ in {"NE", "FM"} and tok.text[:1].isupper())
                or shaped
                # a web address alone ("t-online.de ist ..."), not one before the name it
                # introduces ("hugingroup.com Bellevue Group erwirbt ...") nor a source's
                # label ("n-tv.de: Die Übernahme ...")
                or (web_domain(tok.text) and not _next_ne(tok) and not _labels(tok))
            )
            and tok.text not in _NE_STOP
            # "der Bosch AG, des Mutterkonzerns ...": a legal form the gazetteer's name left
            # behind is no name of its own
            and tok.text not in LEGAL_FORMS
            and len(tok.text) > 1  # "F:Reuters": a lone capital is an initial, not a company
            and not tok.text.endswith("-")  # "an HTML5- und Javascript-Apps": truncated
            and not _GLUED.search(tok.text)
            and not tok.lower_.startswith("http")
            and not (tok.i > 0 and tok.nbor(-1).text == "/")  # "Frankfurt/Main", "München/Köln"
            and not ("-" in tok.text and is_org_cue(tok.text.rsplit("-", 1)[1]))  # "eFood-Firma"
            # "Düsseldorf – Henkel-Chef Kasper Rorsted": a role compound is no name word even
            # where HanTa tags it NE; the name after it is then the role's person
            and not ("-" in tok.text and person_cue(tok, self.lex))
            and not (is_org_cue(tok.text) and tok.tag_ != "NE")
            and self.lex.noun_rules(tok.text) is None
            and tok.lower_ not in self.lex.product_class_nouns  # "Tablet" tagged NE
            and tok.text.lower() not in {"joint", "venture"}
            and not (self.g.demonym(tok.text) and not _next_ne(tok))
        )

    def _ent_item(self, ent) -> Item:
        text = ent.text
        if ent.label_ == "LOC":
            hit = place(text)
            if hit is not None:  # "München" is Munich: the key the English side gives it
                return _item(
                    ent.start, ent.end, text, ent.start_char, hit.type, hit.label, hit.key, "place"
                )
            return _item(
                ent.start,
                ent.end,
                text,
                ent.start_char,
                "Place",
                text,
                NAME_KEY + gaz.fold(text),
                "place",
            )
        if ent.kb_id_:
            entry = self.g.entries[ent.kb_id_]
            name = text
            if len(ent) == 1 and text.endswith("s") and self.g.lookup(text[:-1]) is entry:
                name = text[:-1]  # possessive "GMs"
            return _item(
                ent.start,
                ent.end,
                text,
                ent.start_char,
                entry.type,
                clean_name(name),
                ent.kb_id_,
                "gaz",
            )
        name = nominative(clean_name(text), ent[0])  # "der Deutschen Bahn"
        if len(ent) == 1 and text.endswith("s") and ent[0].tag_ == "NE" and len(text) > 3:
            name = text[:-1] if any(e.text == text[:-1] for e in ent.doc.ents) else name
        return _item(
            ent.start,
            ent.end,
            text,
            ent.start_char,
            "Organization",
            name,
            NAME_KEY + gaz.fold(name),
            "cued",
        )

    def _article_before(self, k: int) -> int | None:
        """Index (in self.toks) of the article opening the noun phrase headed by toks[k]."""
        j = k - 1
        while j >= 0 and self.toks[j].tag_ in {"ADJA", "ADJD", "ADV", "CARD"}:
            j -= 1
        if j >= 0 and self.toks[j].tag_ == "ART":
            return j
        return None

    def _org_compound(self, low: str) -> bool:
        """ "Fahrzeughersteller", "Wäschekette": a compound on an organisation noun (not on
        "-bank", which names: "Postbank", "Commerzbank")."""
        tail = low.rsplit("-", 1)[-1]
        heads = (*self.lex.ref_nouns.get("Organization", ()), *self.lex.maker_suffixes, "kette")
        return any(tail.endswith(h) and len(tail) > len(h) + 2 for h in heads)

    def _ref_type(self, low: str) -> str | None:
        for type_, nouns in self.lex.ref_nouns.items():
            if low in nouns:
                return type_
        if low.split("-")[-1].endswith(self.lex.facility_suffixes):
            return "Facility"
        return None

    def _facility_name(self, name: str, k: int) -> str:
        """ "Werk in Dingolfing": the place right after a plant names it."""
        j = k + 1
        if (
            j + 1 < len(self.toks)
            and self.toks[j].lower_ in {"in", "im"}
            and self.toks[j + 1].ent_type_ in {"LOC", "GPE"}
        ):
            place = self.toks[j + 1]
            ent = next((e for e in self.sent.ents if e.start == place.i), None)
            return f"{name} in {ent.text if ent is not None else place.text}"  # "in La Defense"
        return name

    def _np_item(self, a: int, k: int, low: str) -> Item | None:
        """ "der Autobauer" -> ref, "ein neues Batteriewerk" -> new facility."""
        art, head = self.toks[a], self.toks[k]
        type_ = self._ref_type(low)
        if not type_ and self._org_compound(low):
            # "der Fahrzeughersteller", "die Wäschekette": any organisation noun refers back,
            # unless a capitalised adjective makes it a name ("die Deutsche Bank")
            if any(
                t.tag_ == "ADJA" and t.text[:1].isupper() and not _city_adj(t)
                for t in self.toks[a + 1 : k]
            ):
                return None
            type_ = "Organization"
        if not type_:
            return None
        nxt = self.toks[k + 1] if k + 1 < len(self.toks) else None
        if nxt is not None and (
            nxt.ent_type_ == "ORG" or nxt.tag_ in {"NE", "FM"} or self._after_cue(self.toks, k + 1)
        ):
            return None  # "das Unternehmen CATL", "der Wäscheriese Triumph": the name is
        if (
            art.lower_ in _DEFINITE
            and type_ == "Organization"
            and nxt is not None
            and nxt.lower_ in {"des", "der", "von", "vom"}
        ):
            return None  # "der Mutterkonzern der Zeitung X": named by its relation, no anaphor
        doc = self.sent.doc
        article = art.lower_
        start, end = art.idx, head.idx + len(head.text)
        if article in _DEFINITE:
            if article == "die" and not low.endswith(tuple(self.lex.feminine_ref_nouns)):
                return None  # "die Unternehmen": plural, not one antecedent
            if article == "der" and a > 0 and self.toks[a - 1].tag_ == "NN":
                return None  # genitive "Bedeutung der Firma" is rarely the actor
            name = self._facility_name(head.text, k) if type_ == "Facility" else head.text
            # "das BMW-Werk in Dingolfing" says which plant it is: no antecedent needed
            own = type_ == "Facility" and (name != head.text or "-" in head.text)
            return _item(
                art.i,
                head.i + 1,
                doc_text(doc)[start:end],
                start,
                type_,
                name,
                f"{NEW_KEY if own else REF_KEY}{start}",
                "new" if own else "ref",
            )
        if article in _INDEFINITE and type_ == "Facility":
            name = self._facility_name(doc_text(doc)[self.toks[a + 1].idx : end], k)
            return _item(
                art.i,
                head.i + 1,
                doc_text(doc)[start:end],
                start,
                "Facility",
                name,
                f"{NEW_KEY}{start}",
                "new",
            )
        return None


def _city_adj(tok) -> bool:
    """ "das Salzburger Unternehmen": a city adjective describes, it does not name."""
    from kg.places import city_adjective

    return tok.text.endswith("er") and city_adjective(tok.text) is not None


def _hanta_ne(word: str) -> bool:
    from kg.nlp.german import hanta_name

    return hanta_name(word)


def _labels(tok) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.nbor(1).text in {":", "|"}


def _next_ne(tok) -> bool:
    """ "Austrian Airlines": an English demonym opening a name is part of it."""
    return tok.i + 1 < len(tok.doc) and tok.nbor(1).tag_ in {"NE", "FM"}
