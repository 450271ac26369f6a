"""Mention candidates of one German sentence: gazetteer and cued names, uncued proper-noun runs,
definite descriptions ("der Autobauer"), new facilities and products.

Split from `kg.extract.de.clauses` (one idea per module): this module says *what* the
mentions are; `kg.extract.de.clauses` says where they stand (clauses, prepositions, genitives).
Uncued proper-noun runs are candidates (certainty 0.5) that become organisations only when a
relation rule needs them in a slot.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg import gazetteer as gaz
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.de.shared import CERT, MARKS, cue_like, mention
from kg.model import NAME_KEY, NEW_KEY, REF_KEY, Mention
from kg.names import clean, legal_tokens
from kg.words import words

_DEFINITE = words("extract.de_definite")
_INDEFINITE = words("extract.de_indefinite")
_NE_STOP = words("extract.de_ne_stop")

@dataclass
class Item:
    """A mention candidate in one sentence, with the slot the surface gives it."""

    start: int  # token index
    end: int
    mention: Mention
    kind: str  # gaz | cued | place | ref | new | product | cand | prefix
    slot: str = "bare"  # bare | pp | gen | poss | appos
    prep: str | None = None
    prep_i: int | None = None


def _clean_name(text: str) -> str:
    from kg.nlp.german_names import is_name_cue_after

    name = clean(text, parens=False)
    head, _sep, tail = name.rpartition("-")
    return head if head and is_name_cue_after(tail) else name  # "Meier-Gruppe" is Meier


def _item(first: int, last: int, text: str, start: int, type_: str, name: str, key: str,
          kind: str) -> Item:
    """Tokens first..last-1 whose surface `text` starts at char `start`, as a `kind` item."""
    return Item(first, last,
                mention(text, start, start + len(text), type_, name, key, CERT[kind]), kind)


class MentionFinder:
    """The `Item`s of one sentence (`items(ents)`), sorted by position."""

    def __init__(self, sent, lex: Lexicon, g: gaz.Gazetteer) -> None:
        self.sent = sent
        self.lex = lex
        self.g = g
        self.toks = [t for t in sent if not t.is_space]

    def items(self, ents) -> list[Item]:
        items: list[Item] = []
        taken: set[int] = set()
        for ent in ents:
            items.append(self._ent_item(ent))
            taken.update(range(ent.start, ent.end))
        doc = self.sent.doc
        toks = self.toks
        for k, tok in enumerate(toks):
            if tok.i in taken:
                continue
            low = tok.lemma_.lower()
            if tok.tag_ == "NN":
                art = self._article_before(k)
                if art is not None:
                    item = self._np_item(art, k, low)
                    if item:
                        items.append(item)
                        taken.update(range(item.start, item.end))
                        continue
                if low.split("-")[-1].endswith(self.lex.product_suffixes) and not self._ref_type(
                    low
                ):
                    items.append(_item(tok.i, tok.i + 1, tok.text, tok.idx, "Product", tok.text,
                                       NAME_KEY + gaz.fold(tok.lemma_), "product"))
                    taken.add(tok.i)
        # Uncued proper-noun runs: organisation candidates, used only if a rule needs one.
        k = 0
        while k < len(toks):
            tok = toks[k]
            if tok.i in taken or not self._cand_tok(tok):
                k += 1
                continue
            j = k
            while (
                j < len(toks)
                and toks[j].i not in taken
                and (self._cand_tok(toks[j]) or self._inner_noun(toks, j))
            ):
                j += 1
            if j < len(toks) and toks[j].text in legal_tokens("de"):
                j += 1
            elif (
                j < len(toks)
                and toks[j].ent_type_ == "GPE"
                and (j + 1 == len(toks) or toks[j + 1].ent_iob_ != "I")
                and (k == 0 or toks[k - 1].tag_ not in {"APPR", "APPRART"})
            ):
                items = [x for x in items if x.start != toks[j].i]
                j += 1
            a, b = toks[k], toks[j - 1]
            inside_parens = k > 0 and toks[k - 1].text == "("
            if not inside_parens:
                text = doc.text[a.idx : b.idx + len(b.text)]
                items.append(_item(a.i, b.i + 1, text, a.idx, "Organization", _clean_name(text),
                                   NAME_KEY + gaz.fold(_clean_name(text)), "cand"))
            k = j
        items.sort(key=lambda it: it.start)
        return items

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
        from kg.nlp.german_names import is_org_cue, name_shaped

        shaped = name_shaped(tok.text) and tok.tag_ in {"NE", "FM", "NN", "ADJA", "XY"}
        # "#Brennwald": a hashtagged capitalised word is a name whatever HanTa guessed
        shaped = shaped or (
            tok.i > 0 and tok.nbor(-1).text in MARKS and tok.text[:1].isupper() and tok.is_alpha
        )
        return (
            ((tok.tag_ in {"NE", "FM"} and tok.text[:1].isupper()) or shaped)
            and tok.text not in _NE_STOP
            and len(tok.text) > 1  # "F:Reuters": a lone capital is an initial, not a company
            and not is_org_cue(tok.text)
            and self.lex.noun_rules(tok.text) is None
            and tok.text.lower() not in {"joint", "venture"}
            and not self.g.demonym(tok.text)
        )

    def _ent_item(self, ent) -> Item:
        text = ent.text
        if ent.label_ == "LOC":
            return _item(ent.start, ent.end, text, ent.start_char, "Place", text,
                         NAME_KEY + gaz.fold(text), "place")
        if ent.kb_id_:
            entry = self.g.entries[ent.kb_id_]
            name = text
            if len(ent) == 1 and text.endswith("s") and self.g.lookup(text[:-1]) is entry:
                name = text[:-1]  # possessive "GMs"
            return _item(ent.start, ent.end, text, ent.start_char, entry.type, _clean_name(name),
                         ent.kb_id_, "gaz")
        name = _clean_name(text)
        if len(ent) == 1 and text.endswith("s") and ent[0].tag_ == "NE" and len(text) > 3:
            name = text[:-1] if any(e.text == text[:-1] for e in ent.doc.ents) else name
        return _item(ent.start, ent.end, text, ent.start_char, "Organization", name,
                     NAME_KEY + gaz.fold(name), "cued")

    def _article_before(self, k: int) -> int | None:
        """Index (in self.toks) of the article opening the noun phrase headed by toks[k]."""
        j = k - 1
        while j >= 0 and self.toks[j].tag_ in {"ADJA", "ADJD", "ADV", "CARD"}:
            j -= 1
        if j >= 0 and self.toks[j].tag_ == "ART":
            return j
        return None

    def _ref_type(self, low: str) -> str | None:
        for type_, nouns in self.lex.ref_nouns.items():
            if low in nouns:
                return type_
        if low.split("-")[-1].endswith(self.lex.facility_suffixes):
            return "Facility"
        return None

    def _np_item(self, a: int, k: int, low: str) -> Item | None:
        """ "der Autobauer" -> ref, "ein neues Batteriewerk" -> new facility."""
        art, head = self.toks[a], self.toks[k]
        type_ = self._ref_type(low)
        if not type_:
            return None
        nxt = self.toks[k + 1] if k + 1 < len(self.toks) else None
        if nxt is not None and (nxt.ent_type_ == "ORG" or nxt.tag_ == "NE"):
            return None  # "das Unternehmen CATL": the name is the mention
        doc = self.sent.doc
        article = art.lower_
        start, end = art.idx, head.idx + len(head.text)
        if article in _DEFINITE:
            if article == "die" and low not in self.lex.feminine_ref_nouns:
                return None  # "die Unternehmen": plural, not one antecedent
            if article == "der" and a > 0 and self.toks[a - 1].tag_ == "NN":
                return None  # genitive "Bedeutung der Firma" is rarely the actor
            return _item(art.i, head.i + 1, doc.text[start:end], start, type_, head.text,
                         f"{REF_KEY}{start}", "ref")
        if article in _INDEFINITE and type_ == "Facility":
            name = doc.text[self.toks[a + 1].idx : end]
            j = k + 1
            if (
                j + 1 < len(self.toks)
                and self.toks[j].lower_ in {"in", "im"}
                and self.toks[j + 1].ent_type_ in {"LOC", "GPE"}
            ):
                place = self.toks[j + 1]
                name = f"{name} in {doc.text[place.idx : place.idx + len(place.text)]}"
            return _item(art.i, head.i + 1, doc.text[start:end], start, "Facility", name,
                         f"{NEW_KEY}{start}", "new")
        return None
