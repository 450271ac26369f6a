"""Argument slots of the German extractor: which mentions of a clause fill a rule's slot.

Split from `kg.extract.de.extract` (one idea per module): a rule (`triggers_de.json`) names its
subject and object slots ("subj", "obj", "pp:von", "gen", "poss", "prefix", "clause", "coord",
"between", "apposed", "cpp:mit"); `Slots.fill` returns the mentions the surface puts there.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg import gazetteer as gaz
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.de.chains import attribute, noun_chain, part_before, part_compound
from kg.extract.de.clauses import Clause, Sentence, prep_word
from kg.extract.de.fields import DAT, NOM, np_cases
from kg.extract.de.shared import CERT, Item, cue_like, mention, place
from kg.model import NAME_KEY
from kg.nlp.german import hanta_name


class Slots:
    """Slot filling over one parsed document."""

    def __init__(self, doc, lex: Lexicon, g: gaz.Gazetteer) -> None:
        self.doc = doc
        self.lex = lex
        self.g = g

    def fill(
        self,
        slots: tuple[str, ...],
        types: frozenset[str],
        s: Sentence,
        c: Clause,
        tok,
        passive: bool,
        verbal: bool,
        exclude: list[Item] | None = None,
    ) -> tuple[list[Item], bool]:
        exclude = exclude or []
        ex = {id(x) for x in exclude}
        for slot in slots:
            got, borrowed = self._slot(slot, s, c, tok, passive, verbal, exclude, types)
            got = [self._typed(g, types) for g in got if id(g) not in ex]
            got = [g for g in got if g.mention.type in types]
            if got:
                return got, borrowed
        if types == {"Product"}:
            return self._typed_products(slots, c, tok, verbal), False
        return [], False

    @staticmethod
    def _typed(it: Item, types: frozenset[str]) -> Item:
        """An uncued name in a product slot is a product ("Mit Hello Barbie hat X eine Puppe
        auf den Markt gebracht"): the frame types it, as a company slot types a company."""
        if it.kind == "cand" and types == {"Product"} and it.mention.type == "Organization":
            m = replace(it.mention, type="Product")
            return Item(it.start, it.end, m, "product", it.slot, it.prep, it.prep_i)
        return it

    def _org(self, it: Item) -> bool:
        """Known as an organisation: by the gazetteer or by the names layer elsewhere."""
        key, text = it.mention.key, it.mention.text
        return key in self.g.entries or any(
            e.label_ == "ORG" and e.text == text for e in self.doc.ents
        )

    def _self_item(self, tok, exclude: list[Item]) -> list[Item]:
        """The trigger noun itself as a product ("Googles Tablet"); after a maker's name in
        the compound only the rest names it ("Nvidia-Chip" -> Chip)."""
        text, start = tok.text, tok.idx
        head, sep, tail = text.rpartition("-")
        if sep and any(x.kind == "prefix" and x.start == tok.i for x in exclude):  # orgprefix
            text, start = tail, tok.idx + len(head) + 1
        key = NAME_KEY + gaz.fold(tok.lemma_ if text == tok.text else text)
        m = mention(text, start, start + len(text), "Product", text, key, CERT["product"])
        return [Item(tok.i, tok.i + 1, m, "product")]

    def _slot(
        self,
        slot: str,
        s: Sentence,
        c: Clause,
        tok,
        passive: bool,
        verbal: bool,
        exclude: list[Item],
        types: frozenset[str],
    ) -> tuple[list[Item], bool]:
        if slot.startswith("pp:"):
            return self._pp_slot(set(slot[3:].split("/")), c, tok, passive, verbal), False
        if slot.startswith("cpp:"):  # a clause-level argument of a noun: "verhandelt mit X über"
            preps = set(slot[4:].split("/"))
            return [it for it in c.items if it.slot == "pp" and it.prep in preps], False
        if slot in {"subj", "clause"}:
            return self._subject_slot(c, tok, passive, verbal, types)
        handlers = {
            "obj": lambda: self._obj_slot(c, tok, passive, exclude, types),
            "gen": lambda: self._gen_slot(c, tok),
            # "gehört zu 31,5 Prozent der Öbib": a genitive after the verb, anywhere in the clause
            "cgen": lambda: [it for it in c.items if it.slot == "gen" and it.start > tok.i],
            "poss": lambda: self._poss_slot(s, c, tok),
            "members": lambda: self._members(c, tok),
            # "das dem Autobauer Geely gehört": a bare group only the dative fits
            "dat": lambda: [
                it for it in c.items if it.slot == "bare" and self._cases(it, c) == frozenset({DAT})
            ],
            "prefix": lambda: [x for x in (self._prefix_item(tok),) if x],
            "orgprefix": lambda: [x for x in (self._prefix_item(tok),) if x and self._org(x)],
            "coord": lambda: self._coord_slot(c),
            "self": lambda: self._self_item(tok, exclude),
            "between": lambda: self._between_slot(s, c, tok),
            "head": lambda: self._head_slot(c, tok),
            "apposed": lambda: [
                it for it in c.items if it.start == tok.i + 1 and it.kind in {"gaz", "cued", "cand"}
            ],
        }
        handler = handlers.get(slot)
        return (handler() if handler else []), False

    def _head_slot(self, c: Clause, tok) -> list[Item]:
        """ "MyLotto24, eine Minderheitsbeteiligung der Zeal": the name the noun's phrase
        stands in apposition to, right before its comma."""
        j = tok.i - 1
        while j >= c.lo and self.doc[j].tag_ in {"ART", "ADJA", "ADV", "PIAT"}:
            j -= 1
        if j < c.lo or self.doc[j].text != "," or self.doc[j + 1].tag_ != "ART":
            return []
        return [it for it in c.items if it.end == j and it.kind in {"gaz", "cued", "cand"}]

    def _pp_slot(self, preps: set[str], c: Clause, tok, passive: bool, verbal: bool) -> list[Item]:
        if passive and preps & {"von", "durch"} and not verbal:
            return []
        pool = c.items if verbal else noun_chain(self.doc, self.lex, c, tok)
        # "kauft Chips vom Zulieferer X": a noun's own phrase follows it; the preposition
        # before the noun governs the noun with its apposed name
        found = [
            it
            for it in pool
            if it.slot == "pp" and it.prep in preps and (verbal or it.prep_i > tok.i)
        ]
        if verbal and c.antecedent is not None and c.antecedent_prep in preps:
            found.append(c.antecedent)  # "Thomas Cook, zu dem Condor gehört"
        return found

    def _subject_slot(
        self, c: Clause, tok, passive: bool, verbal: bool, types: frozenset[str]
    ) -> tuple[list[Item], bool]:
        if passive:
            return [it for it in c.items if it.slot == "pp" and it.prep in {"von", "durch"}], False
        if c.kind == "rel" and c.antecedent_prep is None:  # "Comcast, der 2009 NBC ... hat"
            ante = c.antecedent
            return ([ante], True) if ante and ante.mention.type in types else ([], False)
        own = [] if c.kind == "inf" else self._groups(c, tok if not verbal else None)
        if c.kind == "coord":
            fin = next((t.i for t in c.toks if t.tag_.endswith("FIN")), c.hi)
            own = [g for g in own if g[0].start < fin]
        first = next((g for g in own if NOM in self._cases(g[0], c)), None)
        if first is not None and all(x.mention.type == "Person" for x in first):
            return [], False  # "Samuelsson hatte Volvo ins Gespräch gebracht": a person acts
        # an uncued name fits a product slot too (`_typed`): "t-online.de ist ein Angebot der X"
        own = [
            g
            for g in own
            if any(
                (x.mention.type in types or (x.kind == "cand" and types == {"Product"}))
                and x.kind != "part"
                for x in g
            )
        ]
        # a group its determiner marks as no nominative ("des Internet-Pioniers Yahoo", "den
        # Konkurrenten Opel") is never the subject of an active clause
        own = [g for g in own if NOM in self._cases(g[0], c) and not _bracketed(self.doc, g[0], c)]
        if own and self._pronoun_subject(c, own[0][0]):
            return [], False
        if own:
            return own[0], False
        if c.governor is not None and c.kind in {"inf", "coord"}:
            gov = [
                g for g in self._groups(c.governor, None) if any(x.mention.type in types for x in g)
            ]
            if gov:
                return gov[0], True
        return [], False

    def _pronoun_subject(self, c: Clause, first: Item) -> bool:
        """ "Im September stellte man ein Trio vor: das Modell X ...": a subject pronoun no
        antecedent resolved, before the first group and first in the clause or next to its
        finite verb, is the subject; a name after it is not."""
        f = c.fields
        if f is None or f.finite is None:
            return False
        for t in self.doc[c.lo : first.start]:
            pron = (t.lower_ == "man" and t.tag_ == "PIS") or (
                t.tag_ == "PPER" and t.lower_ in {"er", "sie", "es"}
            )
            if pron and t.i in {c.lo, f.finite - 1, f.finite + 1}:
                return not any(it.start == t.i for it in c.items)
        return False

    def _obj_slot(
        self, c: Clause, tok, passive: bool, exclude: list[Item], types: frozenset[str]
    ) -> list[Item]:
        groups = self._groups(c, None)
        if passive and c.kind == "rel" and c.antecedent is not None:
            return [c.antecedent]  # "X, der von Y übernommen wurde"
        if passive:
            return groups[0] if groups else []
        ex = {id(x) for x in exclude}
        # filled before the subject ("Bosch beliefert den Autobauer X"): the clause subject is
        # the first group that can be nominative, the object is another one
        default = self._nominative(groups, c) if not exclude and len(groups) > 1 else -1
        idx = next((n for n, g in enumerate(groups) if any(id(x) in ex for x in g)), default)
        for g in groups[idx + 1 :]:
            if any(x.mention.type in types for x in g):
                return g
        # "Den Konkurrenten Opel übernahm die Lufthansa": an object before its subject is
        # marked by its case
        for g in groups[: max(idx, 0)]:
            if any(x.mention.type in types for x in g) and NOM not in self._cases(g[0], c):
                return g
        # "schnappt sich die Energiesparte der französischen X": the owner of the part
        after = max((x.end for x in exclude), default=tok.i)
        return [
            it
            for it in c.items
            if it.start > after
            and id(it) not in ex
            and (it.slot == "gen" or (it.slot == "pp" and it.prep in {"von", "an"}))
            and (part_before(self.doc, self.lex, c, it) or part_compound(self.doc, self.lex, it))
        ][:1]

    def _cases(self, it: Item, c: Clause) -> frozenset[str]:
        return np_cases(self.doc, it.start, c.lo)

    def _nominative(self, groups: list[list[Item]], c: Clause) -> int:
        """Index of the first group that can be the subject by its case (else the first)."""
        return next((n for n, g in enumerate(groups) if NOM in self._cases(g[0], c)), 0)

    def _gen_slot(self, c: Clause, tok) -> list[Item]:
        chain = noun_chain(self.doc, self.lex, c, tok)
        return [chain[0]] if chain and chain[0].slot == "gen" else []

    @staticmethod
    def _poss_slot(s: Sentence, c: Clause, tok) -> list[Item]:
        doc = s.sent.doc
        j = tok.i - 1
        while j >= c.lo and doc[j].tag_ in {"ADJA", "ADJD"}:
            j -= 1
        own = [it for it in c.items if it.slot == "poss" and it.end == j + 1]
        if own or j < c.lo:
            return own
        d_poss = doc[j].lower_ in _D_POSS  # "und deren Tochter X": the one named just before
        if not d_poss and (doc[j].tag_ != "PPOSAT" or doc[j].lemma_.lower() not in _POSS):
            return own
        return [x for x in (_possessor(s, c, doc[j]),) if x is not None]

    def _members(self, c: Clause, tok) -> list[Item]:
        """ "des Recherchenetzwerks NDR, WDR, Süddeutsche Zeitung": two or more organisations
        listed right after the noun."""
        out: list[Item] = []
        pos = tok.i + 1
        for it in c.items:
            if it.start < pos:
                continue
            if it.start != pos or it.mention.type != "Organization":
                break
            out.append(it)
            pos = it.end
            while pos < c.hi and self.doc[pos].lower_ in {",", "und", "sowie", "&"}:
                pos += 1
        return out if len(out) > 1 else []

    def _coord_slot(self, c: Clause) -> list[Item]:
        groups = self._groups(c, None)
        return groups[0][1:] if groups and len(groups[0]) > 1 else []

    @staticmethod
    def _between_slot(s: Sentence, c: Clause, tok) -> list[Item]:
        """Both sides of "zwischen X und Y" (the conjunct shares the preposition)."""
        j = tok.i + 1
        if j < c.hi and s.sent.doc[j].lower_ == "zwischen":
            return [it for it in c.items if it.slot == "pp" and it.prep_i == j][:2]
        return []

    def _typed_products(self, slots: tuple[str, ...], c: Clause, tok, verbal: bool) -> list[Item]:
        """A product slot takes the bare nouns the trigger governs ("stellt Windkraftanlagen
        her", "Hersteller von Polysilizium"): the frame, not a noun list, types them."""
        doc = self.doc
        if verbal and "obj" in slots:
            cands = [t for t in c.toks if t.i > tok.i and not self.governed(c, t)]
        else:
            preps = {p for x in slots if x.startswith("pp:") for p in x[3:].split("/")}
            k = tok.i + 1
            if k >= c.hi or prep_word(doc[k]) not in preps:
                return []
            cands = [t for t in c.toks if t.i > k]
            stop = next((n for n, t in enumerate(cands) if t.tag_ in {"APPR", "APPRART"}), None)
            cands = cands[:stop]
        taken = {
            i
            for it in c.items
            if it.mention.type != "Product" and not _common_noun_candidate(doc, it)
            for i in range(it.start, it.end)
        }
        out: list[Item] = []
        for t in cands:
            if (
                t.i in taken
                or not self._product_noun(t)
                or (verbal and attribute(doc, self.lex, c, t, self.governed))
            ):
                continue
            m = mention(
                t.text,
                t.idx,
                t.idx + len(t.text),
                "Product",
                t.text,
                NAME_KEY + gaz.fold(t.lemma_),
                CERT["product"],
            )
            out.append(Item(t.i, t.i + 1, m, "product"))
        return out

    def _product_noun(self, t) -> bool:
        low = t.lemma_.lower()
        tail = low.rsplit("-", 1)[-1]
        return (
            t.tag_ == "NN"
            and t.text[:1].isupper()
            and low not in self.lex.not_products
            # "Firmenkunden": a compound on a word no product is ("Kunde") is none either
            and not any(tail.endswith(w) for w in self.lex.not_products if len(w) >= 5)
            and self.lex.noun_rules(low) is None
            and not cue_like(t, self.lex)
        )

    def governed(self, c: Clause, t) -> bool:
        """Is the noun inside a prepositional phrase ("in Ditzingen", "für die Autoindustrie")?"""
        j = t.i - 1
        # "für Privat- und Firmenkunden": a truncated conjunct belongs to the same phrase
        inner = {"ART", "ADJA", "CARD", "PPOSAT", "PIAT", "KON", "TRUNC"}
        while j >= c.lo and self.doc[j].tag_ in inner:
            j -= 1
        if j >= c.lo and self.doc[j].tag_ == "NN" and self.doc[j + 1].tag_ == "KON":
            return self.governed(c, self.doc[j])  # "für Autos und Busse"
        return j >= c.lo and self.doc[j].tag_ in {"APPR", "APPRART"}

    def _groups(self, c: Clause, noun) -> list[list[Item]]:
        """Bare mentions of the clause, coordinated ones ("X und Y") grouped together."""
        doc = self.doc
        groups: list[list[Item]] = []
        attached = noun_chain(doc, self.lex, c, noun) if noun is not None else []
        chain = {id(x) for x in attached}
        prev: Item | None = None
        for it in c.items:
            if it.slot != "bare" or id(it) in chain:
                if it.slot != "appos":
                    prev = None if it.slot != "bare" else prev
                continue
            between = [doc[k].lower_ for k in range(prev.end, it.start)] if prev else []
            if (
                prev is not None
                and groups
                and between  # adjacent names are two phrases ("übernimmt Siemens Bosch")
                and (between[0] in {"und", "sowie", ",", "&"} or between[0] in {"(", ")"})
                and all(
                    doc[k].lower_ in {"und", "sowie", ",", "&"}
                    or doc[k].text in {"(", ")"}
                    or (k > prev.end and doc[k].tag_ in {"PPOSAT", "ART", "ADJA"})
                    or (k > prev.end and cue_like(doc[k], self.lex))
                    or any(a.start <= k < a.end for a in c.items if a.slot == "appos")
                    for k in range(prev.end, it.start)
                )
            ):
                groups[-1].append(it)
            else:
                groups.append([it])
            prev = it
        return groups

    def _prefix_item(self, tok) -> Item | None:
        if "-" not in tok.text:
            return None
        prefix = tok.text.rsplit("-", 1)[0]
        if not prefix or not prefix[:1].isupper():
            return None
        entry = self.g.lookup(prefix)
        start, end = tok.idx, tok.idx + len(prefix)
        if entry is None and not (
            re.search(r"[A-Z0-9ÄÖÜ]", prefix[1:])
            or any(e.text == prefix for e in tok.doc.ents)
            or (hanta_name(prefix) and place(prefix) is None)  # "Lufthansa-Tochter"
        ):
            return None  # "Milliarden-Übernahme": a common noun, not a name
        if entry is not None and entry.type == "Organization":
            m = mention(prefix, start, end, "Organization", prefix, entry.key, CERT["gaz"])
        elif entry is None and not self.g.demonym(prefix):
            m = mention(
                prefix,
                start,
                end,
                "Organization",
                prefix,
                NAME_KEY + gaz.fold(prefix),
                CERT["cand"] + 0.1,
            )
        else:
            return None
        return Item(tok.i, tok.i + 1, m, "prefix")


_POSS = frozenset({"sein", "ihr"})
_D_POSS = frozenset({"dessen", "deren"})


def _possessor(s: Sentence, c: Clause, pron) -> Item | None:
    """Whose "seine"/"ihre": the organisation it is coordinated with ("der Geonomics und ihrer
    Tochtergesellschaft"), else the clause subject before it, else the nearest organisation
    before it in the sentence (never a news source)."""
    doc = s.sent.doc
    orgs = [
        it
        for it in s.items
        if it.end <= pron.i and it.mention.type == "Organization" and it.slot != "source"
    ]
    if not orgs or (pron.text.startswith("Ihr") and pron.i != s.sent.start):
        return None  # "Lassen Sie Ihr Auto stehen": inside a sentence, the polite "your"
    last = orgs[-1]
    if pron.i >= 1 and doc[pron.i - 1].lower_ in {"und", "sowie"} and last.end == pron.i - 1:
        return last
    subject = next(
        (
            it
            for it in c.items
            if it.slot == "bare" and it.end <= pron.i and it in orgs and not _bracketed(doc, it, c)
        ),
        None,
    )
    if subject is None and _plural_subject(c, pron):
        return None  # "wie Zuschauer ihren Fernseher steuern": the viewers' own
    return subject or last


def _plural_subject(c: Clause, pron) -> bool:
    """ "ihr" in a clause whose finite verb is plural and which names no organisation as a bare
    phrase ("Kunden der Firma X müssen ihr Smartphone zurücksetzen"): the possessor is the
    clause's plural subject, a common noun, not an organisation named elsewhere."""
    f = c.fields
    return (
        f is not None
        and f.plural is True
        and pron.lower_.startswith("ihr")
        and not any(it.slot == "bare" and it.mention.type == "Organization" for it in c.items)
    )


def _bracketed(doc, it: Item, c: Clause) -> bool:
    """ "Am Stand (Halle 4, B12) präsentiert der Hersteller ...": a mention that opens inside
    brackets is an aside, never the clause's subject (a bracket after a name joins its group:
    "Die Central Intelligence Agency (CIA)")."""
    depth = 0
    for t in doc[c.lo : it.start]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0


def _common_noun_candidate(doc, it: Item) -> bool:
    """ "bietet Internet, Telefonie und TV an": an uncued acronym HanTa reads as a common noun
    is a product when the frame's product slot governs it, like the nouns beside it."""
    return it.kind == "cand" and all(doc[i].tag_ == "NN" for i in range(it.start, it.end))
