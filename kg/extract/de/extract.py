"""German relation extraction by clause-window rules over the German route (`kg.nlp.german`).

There is no dependency parser for German here, so argument slots come from what German marks
on the surface: prepositions ("von/vom/bei" source, "an" recipient, "mit" partner, "durch"
agent), articles ("des" genitive), possessive -s ("GMs"), hyphen compounds ("E-Plus-Übernahme",
"VW-Tochter") and order inside a clause (first bare organisation group = subject, the next one
= object; in a werden-passive the von/durch agent is the subject). Clauses are cut at commas,
colons and subordinating conjunctions; a zu-infinitive clause ("..., Batterien von CATL zu
importieren") takes its subject and its modality from the clause that governs it ("plant GM"),
a verb coordinated with "und" from the clause before. Separable verbs are rejoined from their
particle at the clause end ("kauft ... auf" -> aufkaufen). Precision first: relative clauses,
headline fragments without a finite verb and arguments that fit no slot yield nothing.

Confidence = rule strength (lexicon) x min(entity certainties) x 0.9 if the subject was taken
from a governing clause x 0.8 in a headline. Entity certainty: gazetteer 1.0, country from a
nationality adjective 0.9, name with an organisation cue 0.8, new facility/product 0.8,
definite description ("der Autobauer") 0.7, place 0.7, uncued proper noun in a slot 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg import gazetteer as gaz
from kg.extract.common import qualifiers
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.common.lexicon import GermanRule as Rule
from kg.extract.common.lexicon import load_de as load_lexicon
from kg.extract.de.clauses import Clause, Sentence, prep_word
from kg.extract.de.mentions import Item
from kg.extract.de.places import Draft, based_in, located_in
from kg.extract.de.shared import CERT, FINAL_PUNCT, MARKS, PARTICLES, cue_like, mention
from kg.model import NAME_KEY, Article, Extraction, Fact, Mention
from kg.nlp.german import hanta_name
from kg.places import city_adjective
from kg.places import german_place as place
from kg.registry import register
from kg.vocab import vocabulary

EXTRACTOR = "kg.extract.de.v1"
SYMMETRIC = vocabulary().symmetric


class _Extractor:
    def __init__(self, article: Article, doc, lex: Lexicon, g: gaz.Gazetteer) -> None:
        self.article = article
        self.doc = doc
        self.lex = lex
        self.g = g
        self.mentions: dict[tuple[int, int, str], Mention] = {}
        self.facts: list[Fact] = []

    def run(self) -> Extraction:
        ents = list(self.doc.ents)
        for sent in self.doc.sents:
            toks = [t for t in sent if not t.is_space]
            if not toks:
                continue
            s = Sentence(
                sent, self.lex, self.g, [e for e in ents if sent.start <= e.start < sent.end]
            )
            for it in s.items:
                if it.kind in {"gaz", "cued", "place", "ref", "new"}:
                    self._keep(it.mention)
            headline = toks[-1].text not in FINAL_PUNCT
            if headline and not any(t.tag_.endswith("FIN") for t in toks):
                continue  # "Fazit", "Der globale Kontext": no facts from headings
            penalty = 0.8 if headline else 1.0
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            found = list(self._sentence_facts(s))
            for f in found:
                self._emit(f, penalty, start, end)
        facts = self._dedupe()
        mentions = tuple(sorted(self.mentions.values(), key=lambda m: (m.start, m.end)))
        return Extraction(article=self.article, mentions=mentions, facts=facts)

    def _keep(self, m: Mention) -> None:
        self.mentions.setdefault((m.start, m.end, m.key), m)

    def _emit(self, f: Draft, penalty: float, start: int, end: int) -> None:
        if f.subject.key == f.object.key:
            return
        self._keep(f.subject)
        self._keep(f.object)
        fact = Fact(
            article=self.article.id,
            subject=f.subject,
            predicate=f.predicate,
            object=f.object,
            modality=f.modality,
            confidence=round(min(1.0, f.confidence * penalty), 3),
            sentence=self.article.text[start:end],
            start=start,
            end=end,
            extractor=EXTRACTOR,
        )
        self.facts.append(replace(fact, qualifiers=qualifiers.for_fact(self.article, fact)))

    def _dedupe(self) -> tuple[Fact, ...]:
        best: dict[tuple, Fact] = {}
        for f in self.facts:
            pair = (f.subject.key, f.object.key)
            if f.predicate in SYMMETRIC:
                pair = tuple(sorted(pair))
            key = (pair, f.predicate, f.start)
            if key not in best or f.confidence > best[key].confidence:
                best[key] = f
        return tuple(sorted(best.values(), key=lambda f: (f.start, f.subject.start, f.predicate)))

    # -- rules ----------------------------------------------------------------------------
    def _sentence_facts(self, s: Sentence) -> Iterator[Draft]:
        yield from based_in(s, self.g, self.lex)
        yield from located_in(s, self._modality)
        for c in s.clauses:
            if c.kind == "rel" and c.antecedent is None:
                continue
            for tok in c.toks:
                if tok.tag_.startswith("VV"):
                    lemma, rules = self._verb_rules(tok, c)
                    if rules:
                        yield from self._apply(s, c, tok, rules, verbal=True, lemma=lemma)
                elif tok.tag_ in {"NN", "NE", "FM"}:
                    hit = self.lex.noun_rules(tok.lemma_ if tok.tag_ == "NN" else tok.text)
                    if hit:
                        yield from self._apply(s, c, tok, hit[1], verbal=False, lemma=hit[0])

    def _verb_rules(self, tok, c: Clause) -> tuple[str, tuple[Rule, ...]]:
        lemma = tok.lemma_.lower()
        if tok.tag_ == "VVFIN":
            after = [t for t in c.toks if t.i > tok.i]
            part = next((t for t in after if t.tag_ == "PTKVZ"), None)
            if (
                part is None
                and after
                and after[-1].lower_ in PARTICLES
                and after[-1].tag_ in {"APPR", "ADV", "PTKVZ"}
                and not any(it.prep_i == after[-1].i for it in c.items)
            ):
                part = after[-1]
            if part is not None:
                joined = part.lower_ + lemma
                return joined, self.lex.verbs.get(joined, ())
        return lemma, self.lex.verbs.get(lemma, ())

    def _apply(
        self, s: Sentence, c: Clause, tok, rules: Iterable[Rule], *, verbal: bool, lemma: str
    ) -> Iterator[Draft]:
        passive = verbal and tok.tag_ == "VVPP" and any(t.lemma_ == "werden" for t in c.toks)
        # "Das Kartellamt billigt die Übernahme von X durch Y": the approver is no party, but
        # the noun's own arguments (durch, possessive, prefix) still name the parties.
        third_party = not verbal and self._third_party(c)
        for rule in rules:
            if rule.requires and not any(
                any(t.lemma_.lower().endswith(r) for r in rule.requires) for t in c.toks
            ):
                continue
            # "mit einer Alibaba-Tochter ins Geschäft kommen": the clause's subject is no
            # subsidiary when the ownership noun sits in a prepositional phrase
            owned_pp = rule.predicate == "subsidiaryOf" and not verbal and self._governed(c, tok)
            subj_slots = tuple(
                x for x in rule.subject if not ((third_party or owned_pp) and x == "clause")
            )
            subj, borrowed = self._fill(subj_slots, rule.subject_types, s, c, tok, passive, verbal)
            if not subj:
                continue
            obj, _b = self._fill(
                rule.object, rule.object_types, s, c, tok, passive, verbal, exclude=subj
            )
            if not obj and len(subj) > 1 and "coord" in rule.object:
                # "X und Y kooperieren": the first conjunct is the subject, the rest the partners
                obj, subj = subj[1:], subj[:1]
            if not obj:
                continue
            modality = self._modality(c, rule)
            for a in subj:
                for b in obj:
                    if a.mention.key == b.mention.key:
                        continue
                    sm, om, pred = a.mention, b.mention, rule.predicate
                    if rule.supply_deal:
                        direction = self._supply_direction(sm, om)
                        if direction is None:
                            pred = "partnersWith"
                        elif direction == "reverse":
                            sm, om = om, sm
                    conf = (
                        rule.strength * min(sm.certainty, om.certainty) * (0.9 if borrowed else 1.0)
                    )
                    yield Draft(sm, pred, om, modality, conf)
            return  # first rule that fills both slots wins

    def _third_party(self, c: Clause) -> bool:
        return any(
            t.tag_.startswith("VV") and t.lemma_.lower() in self.lex.third_party_verbs
            for t in c.toks
        )

    def _supply_direction(self, a: Mention, b: Mention) -> str | None:
        def kinds(m: Mention) -> set[str]:
            e = self.g.entries.get(m.key)
            return set(e.kinds) if e else set()

        maker = {"automaker", "carmaker"}
        supplier = {
            "battery maker",
            "battery manufacturer",
            "supplier",
            "lithium producer",
            "materials company",
            "chemical company",
        }
        if kinds(a) & maker and kinds(b) & supplier:
            return "forward"
        if kinds(b) & maker and kinds(a) & supplier:
            return "reverse"
        return None

    # -- slots ----------------------------------------------------------------------------
    def _fill(
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
            got = [g for g in got if id(g) not in ex and g.mention.type in types]
            if got:
                return got, borrowed
        if types == {"Product"}:
            return self._typed_products(slots, c, tok, verbal), False
        return [], False

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
            "poss": lambda: self._poss_slot(s, c, tok),
            "prefix": lambda: [x for x in (self._prefix_item(tok),) if x],
            "coord": lambda: self._coord_slot(c),
            "between": lambda: self._between_slot(s, c, tok),
            "apposed": lambda: [
                it for it in c.items if it.start == tok.i + 1 and it.kind in {"gaz", "cued", "cand"}
            ],
        }
        handler = handlers.get(slot)
        return (handler() if handler else []), False

    def _pp_slot(self, preps: set[str], c: Clause, tok, passive: bool, verbal: bool) -> list[Item]:
        if passive and preps & {"von", "durch"} and not verbal:
            return []
        pool = c.items if verbal else self._chain(c, tok)
        return [it for it in pool if it.slot == "pp" and it.prep in preps]

    def _subject_slot(
        self, c: Clause, tok, passive: bool, verbal: bool, types: frozenset[str]
    ) -> tuple[list[Item], bool]:
        if passive:
            return [it for it in c.items if it.slot == "pp" and it.prep in {"von", "durch"}], False
        if c.kind == "rel":  # "Comcast, der 2009 NBC Universal übernommen hat"
            ante = c.antecedent
            return ([ante], True) if ante and ante.mention.type in types else ([], False)
        own = [] if c.kind == "inf" else self._groups(c, tok if not verbal else None)
        if c.kind == "coord":
            fin = next((t.i for t in c.toks if t.tag_.endswith("FIN")), c.hi)
            own = [g for g in own if g[0].start < fin]
        own = [g for g in own if any(x.mention.type in types and x.kind != "part" for x in g)]
        if own:
            return own[0], False
        if c.governor is not None and c.kind in {"inf", "coord"}:
            gov = [
                g for g in self._groups(c.governor, None) if any(x.mention.type in types for x in g)
            ]
            if gov:
                return gov[0], True
        return [], False

    def _obj_slot(
        self, c: Clause, tok, passive: bool, exclude: list[Item], types: frozenset[str]
    ) -> list[Item]:
        groups = self._groups(c, None)
        if passive and c.kind == "rel" and c.antecedent is not None:
            return [c.antecedent]  # "X, der von Y übernommen wurde"
        if passive:
            return groups[0] if groups else []
        ex = {id(x) for x in exclude}
        # filled before the subject ("Bosch beliefert den Autobauer X"): the first group is
        # the clause subject, the object is the next one
        default = 0 if not exclude and len(groups) > 1 else -1
        idx = next((n for n, g in enumerate(groups) if any(id(x) in ex for x in g)), default)
        for g in groups[idx + 1 :]:
            if any(x.mention.type in types for x in g):
                return g
        # "schnappt sich die Energiesparte der französischen X": the owner of the part
        after = max((x.end for x in exclude), default=tok.i)
        return [
            it
            for it in c.items
            if it.start > after
            and id(it) not in ex
            and (it.slot == "gen" or (it.slot == "pp" and it.prep in {"von", "an"}))
            and (self._part_before(c, it) or self._part_compound(it))
        ][:1]

    def _gen_slot(self, c: Clause, tok) -> list[Item]:
        chain = self._chain(c, tok)
        return [chain[0]] if chain and chain[0].slot == "gen" else []

    @staticmethod
    def _poss_slot(s: Sentence, c: Clause, tok) -> list[Item]:
        j = tok.i - 1
        while j >= c.lo and s.sent.doc[j].tag_ in {"ADJA", "ADJD"}:
            j -= 1
        return [it for it in c.items if it.slot == "poss" and it.end == j + 1]

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
            cands = [t for t in c.toks if t.i > tok.i and not self._governed(c, t)]
        else:
            preps = {p for x in slots if x.startswith("pp:") for p in x[3:].split("/")}
            k = tok.i + 1
            if k >= c.hi or prep_word(doc[k]) not in preps:
                return []
            cands = [t for t in c.toks if t.i > k]
            stop = next((n for n, t in enumerate(cands) if t.tag_ in {"APPR", "APPRART"}), None)
            cands = cands[:stop]
        taken = {
            i for it in c.items if it.mention.type != "Product" for i in range(it.start, it.end)
        }
        out: list[Item] = []
        for t in cands:
            if t.i in taken or not self._product_noun(t):
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
        return (
            t.tag_ == "NN"
            and t.text[:1].isupper()
            and low not in self.lex.not_products
            and self.lex.noun_rules(low) is None
            and not cue_like(t, self.lex)
        )

    def _governed(self, c: Clause, t) -> bool:
        """Is the noun inside a prepositional phrase ("in Ditzingen", "für die Autoindustrie")?"""
        j = t.i - 1
        while j >= c.lo and self.doc[j].tag_ in {"ART", "ADJA", "CARD", "PPOSAT", "PIAT", "KON"}:
            j -= 1
        if j >= c.lo and self.doc[j].tag_ == "NN" and self.doc[j + 1].tag_ == "KON":
            return self._governed(c, self.doc[j])  # "für Autos und Busse"
        return j >= c.lo and self.doc[j].tag_ in {"APPR", "APPRART"}

    def _groups(self, c: Clause, noun) -> list[list[Item]]:
        """Bare mentions of the clause, coordinated ones ("X und Y") grouped together."""
        doc = self.doc
        groups: list[list[Item]] = []
        chain = {id(x) for x in self._chain(c, noun)} if noun is not None else set()
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
                and (
                    not between
                    or between[0] in {"und", "sowie", ",", "&"}
                    or between[0] in {"(", ")"}
                )
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

    def _chain(self, c: Clause, tok) -> list[Item]:
        """Mentions attached right after a noun: "Übernahme von X durch Y", "Tochter des Z"."""
        out: list[Item] = []
        pos = tok.i + 1
        for it in c.items:
            if it.start < pos:
                continue
            head = it.prep_i if it.slot == "pp" else None
            first = head if head is not None else it.start
            gap = [t for t in self.doc[pos:first] if not t.is_space]
            # A part noun ("Übernahme der Energiesparte des Konzerns X") or a conjoined
            # mention ("in Landshut und Dingolfing durch BMW") does not end the chain.
            parts = sum(1 for t in gap if t.tag_ == "NN" and self.lex.is_part(t.lemma_))
            if (
                all(
                    t.tag_ in {"ART", "ADJA", "CARD", "ADV", "PIAT", "PIDAT"}
                    or cue_like(t, self.lex)
                    or t.text in {"(", ")"}
                    or t.text in MARKS
                    or (t.tag_ == "KON" and t.lower_ in {"und", "sowie"})
                    or (t.tag_ == "NN" and self.lex.is_part(t.lemma_))
                    or (t.text.endswith("er") and city_adjective(t.text) is not None)
                    for t in gap
                )
                and len(gap) <= 4 + 2 * parts
                and it.slot in {"pp", "gen", "appos"}
            ):
                if it.slot != "appos":
                    out.append(it)
                pos = it.end
                continue
            break
        return out

    def _part_compound(self, it: Item) -> bool:
        """ "der VNG-Aktien": the mention is the owner inside a part compound."""
        tok = self.doc[it.start]
        return it.end == it.start + 1 and "-" in tok.text and self.lex.is_part(tok.lemma_)

    def _part_before(self, c: Clause, it: Item) -> bool:
        """Is the mention the owner of a part noun right before it ("Sparte des X")?"""
        j = (it.prep_i if it.slot == "pp" else it.start) - 1
        while j >= c.lo and (
            self.doc[j].tag_ in {"ART", "ADJA", "CARD"} or cue_like(self.doc[j], self.lex)
        ):
            j -= 1
        return j >= c.lo and self.doc[j].tag_ == "NN" and self.lex.is_part(self.doc[j].lemma_)

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

    # -- modality -------------------------------------------------------------------------
    def _modality(self, c: Clause, rule: Rule) -> str:
        toks = list(c.toks)
        if c.kind == "inf" and c.governor is not None:
            toks = list(c.governor.toks) + toks
        words = [(t.lower_, t.lemma_.lower(), t) for t in toks]
        mod = self.lex.modality
        for k, (low, lemma, _t) in enumerate(words):
            if low in mod["Negated"] or lemma in mod["Negated"]:
                nxt = words[k + 1][0] if k + 1 < len(words) else ""
                if nxt not in {"nur", "zuletzt", "ausgeschlossen"}:
                    return "Negated"
        if rule.predicate != "negotiatesWith" and any(
            lemma in mod["Negotiating"]
            or any(lemma.endswith(n) for n in ("verhandlung", "gespräch"))
            for _l, lemma, _t in words
        ):
            return "Negotiating"
        if any(low in mod["Hedged"] or lemma in mod["Hedged"] for low, lemma, _t in words):
            return "Hedged"
        future = any(t.lemma_ == "werden" and t.tag_ == "VAFIN" for _l, _m, t in words) and any(
            t.tag_ == "VVINF" for _l, _m, t in words
        )
        if (
            future
            or rule.planned
            or any(low in mod["Planned"] or lemma in mod["Planned"] for low, lemma, _t in words)
        ):
            return "Planned"
        return "Asserted"


@register("extractor", EXTRACTOR)
def extract_de(article: Article, doc=None) -> Extraction:
    """Mentions and facts of one German article (runs the German route if `doc` is None)."""
    if doc is None:
        from kg.nlp.german import load

        doc = load()(article.text)
    return _Extractor(article, doc, load_lexicon(), gaz.load()).run()


__all__ = ["EXTRACTOR", "extract_de"]
