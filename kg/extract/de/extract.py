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

from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg import gazetteer as gaz
from kg.extract.common import qualifiers
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.common.lexicon import GermanRule as Rule
from kg.extract.common.lexicon import load_de as load_lexicon
from kg.extract.de.aliases import Acronyms
from kg.extract.de.belongs import belongs_to
from kg.extract.de.brands import bracket_members
from kg.extract.de.clauses import Clause, Sentence
from kg.extract.de.coref import Coreference
from kg.extract.de.facilities import located_in
from kg.extract.de.modality import modality, plural_ok
from kg.extract.de.persons import named_persons
from kg.extract.de.places import Draft, based_in, described
from kg.extract.de.products import named_product_facts
from kg.extract.de.shared import FINAL_PUNCT, Item, cue_like
from kg.extract.de.slots import Slots
from kg.model import Article, Extraction, Fact, Mention
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
        self.aliases: dict[str, list[Mention]] = {}
        self.coref = Coreference()
        self.pending: tuple | None = None  # a description opening the article, unresolved
        self.acronyms = Acronyms()  # "RBI" after "Raiffeisen Bank International"
        self.facts: list[Fact] = []
        self.slots = Slots(doc, lex, g)
        self.persons: set[str] = set()

    def run(self) -> Extraction:
        ents = list(self.doc.ents)
        coref = self.coref
        # surnames of persons named so far ("Samuelsson"), and those a first name introduces
        persons = self.persons = named_persons(self.doc, self.lex)
        for n, sent in enumerate(self.doc.sents):
            toks = [t for t in sent if not t.is_space]
            if not toks:
                continue
            s = Sentence(
                sent,
                self.lex,
                self.g,
                [e for e in ents if sent.start <= e.start < sent.end],
                persons,
            )
            coref.resolve(s)  # "der Konzern", "er": the organisation named before
            self.acronyms.see(s.items)
            self._cataphora(s)
            for it in s.items:
                if it.kind in {"gaz", "cued", "place", "ref", "new", "coref"}:
                    self._keep(it.mention)
                elif it.kind == "alias":  # a long form in brackets: kept with its acronym
                    self.aliases.setdefault(it.mention.key, []).append(it.mention)
            headline = toks[-1].text not in FINAL_PUNCT
            if headline and not any(t.tag_.endswith("FIN") for t in toks):
                continue  # "Fazit", "Der globale Kontext": no facts from headings
            penalty = 0.8 if headline else 1.0
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            found = list(self._sentence_facts(s))
            for f in found:
                self._emit(f, penalty, start, end)
            if n == 0:
                self._lead(s, penalty, start, end)
        facts = self._dedupe()
        kept = {m.key for m in self.mentions.values()}
        for key in kept & set(self.aliases):
            for m in self.aliases[key]:
                self._keep(m)
        mentions = tuple(sorted(self.mentions.values(), key=lambda m: (m.start, m.end)))
        return Extraction(article=self.article, mentions=mentions, facts=facts)

    def _lead(self, s: Sentence, penalty: float, start: int, end: int) -> None:
        """ "Der französische Autobauer macht wieder Gewinn. ... Peugeot hat ...": a description
        that opens the article before any organisation is named waits for the next one."""
        orgs = [it for it in s.items if it.mention.type == "Organization"]
        refs = [it for it in orgs if it.kind == "ref" and it.end - it.start > 1]
        if refs and len(orgs) == len(refs):
            self.pending = (s, refs[0], penalty, start, end, 3)

    def _cataphora(self, s: Sentence) -> None:
        if self.pending is None:
            return
        s0, it, penalty, start, end, left = self.pending
        target = next(
            (
                x
                for x in s.items
                if x.mention.type == "Organization"
                and (x.kind in {"gaz", "cued"} or (x.kind == "cand" and x.slot == "bare"))
                and not _label(s, x)
            ),
            None,
        )
        if target is None:
            self.pending = (s0, it, penalty, start, end, left - 1) if left > 1 else None
            return
        self.pending = None
        t = target.mention
        it.mention = replace(
            it.mention, name=t.name, key=t.key, certainty=round(t.certainty * 0.8, 3)
        )
        it.kind = "coref"
        self._keep(it.mention)
        for d in described(s0, it, self.g, self.lex):
            self._emit(d, penalty, start, end)

    def _keep(self, m: Mention) -> None:
        self.mentions.setdefault((m.start, m.end, m.key), m)

    def _emit(self, f: Draft, penalty: float, start: int, end: int) -> None:
        f = replace(
            f, subject=self.acronyms.expand(f.subject), object=self.acronyms.expand(f.object)
        )
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
        for maker, product in named_product_facts(s, self.persons):  # "Apple Pencil"
            conf = 0.8 * min(maker.certainty, product.certainty)
            yield Draft(maker, "produces", product, "Asserted", conf)
        yield from located_in(s, self._modality)
        yield from bracket_members(s)  # "United Internet (1&1, GMX, Web.de)"
        yield from belongs_to(s)  # "die zur Brandt-Gruppe gehörende Firma Nordvik"
        for c in s.clauses:
            if c.kind == "rel" and c.antecedent is None:
                continue
            for tok in c.toks:
                if tok.tag_.startswith("VV"):
                    lemma, rules = self._verb_rules(tok, c)
                    if rules:
                        yield from self._apply(s, c, tok, rules, verbal=True, lemma=lemma)
                elif tok.tag_ in {"NN", "NE", "FM"}:
                    # "Baumax-Zentrale" (lemma "Baumax-Zentral"): HanTa may clip a compound
                    hit = self.lex.noun_rules(tok.lemma_ if tok.tag_ == "NN" else tok.text) or (
                        self.lex.noun_rules(tok.text) if tok.tag_ == "NN" else None
                    )
                    if hit and not plural_ok(tok):
                        continue  # "im Gespräch mit der ZiB2": an interview, not talks
                    if hit:
                        rules = _postnominal(self.doc, c, tok, hit[1])
                        yield from self._apply(s, c, tok, rules, verbal=False, lemma=hit[0])
                    elif self._product_class(tok):  # "Googles Tablet", "Autos von Google"
                        rule = self.lex.product_rule
                        yield from self._apply(s, c, tok, (rule,), verbal=False, lemma="product")

    def _bare_noun(self, it) -> bool:
        """A common noun that names no product class ("Chef", "Zahlen")."""
        tok = self.doc[it.start]
        return (
            it.end - it.start == 1
            and tok.tag_ == "NN"
            and not (self.lex.is_product_noun(tok.lemma_) or self.lex.is_product_noun(tok.text))
        )

    def _product_class(self, tok) -> bool:
        return (
            self.lex.product_rule is not None
            and (tok.tag_ == "NN" or tok.lower_ in self.lex.product_class_nouns)
            and (self.lex.is_product_noun(tok.lemma_) or self.lex.is_product_noun(tok.text))
            and tok.lemma_.lower() not in self.lex.not_products
        )

    def _verb_rules(self, tok, c: Clause) -> tuple[str, tuple[Rule, ...]]:
        """Rules for the verb's lemma, with the particle the clause's fields separate from it
        ("kauft ... auf" -> aufkaufen)."""
        lemma = tok.lemma_.lower()
        f = c.fields
        if f is not None and tok.i == f.finite and f.particle is not None:
            joined = self.doc[f.particle].lower_ + lemma
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
            if rule.predicate == "buysFrom" and verbal and self._buys_a_company(c, tok):
                continue
            if rule.predicate == "produces" and verbal and _reflexive(c):
                continue  # "die Aktie entwickelte sich besser als der MDax": no making
            if rule.requires and not any(
                any(t.lemma_.lower().endswith(r) for r in rule.requires) for t in c.toks
            ):
                continue
            patient = not verbal and _patient_possessive(tok)
            subj_slots = self._subject_slots(c, tok, rule, verbal, third_party, patient)
            subj, borrowed = self.slots.fill(
                subj_slots, rule.subject_types, s, c, tok, passive, verbal
            )
            if not subj and rule.salient != "subject":
                continue
            if rule.subject == ("members",):  # "das Netzwerk NDR, WDR, SZ": every pair
                yield from _pairs(subj, rule, self._modality(c, rule))
                return
            obj_slots = rule.object
            if patient:
                # "dessen Übernahme von Nokia": the possessive is what is taken over, so the
                # von-phrase names where it comes from, not the target
                obj_slots = ("poss", *(x for x in obj_slots if not x.startswith("pp:von")))
            obj, _b = self.slots.fill(
                obj_slots, rule.object_types, s, c, tok, passive, verbal, exclude=subj
            )
            if rule.class_nouns:
                obj = [o for o in obj if not self._bare_noun(o)]
            if not obj and len(subj) > 1 and "coord" in rule.object:
                # "X und Y kooperieren": the first conjunct is the subject, the rest the partners
                obj, subj = subj[1:], subj[:1]
            implicit = False
            if rule.salient and bool(subj) != bool(obj):
                # "Die Zusammenarbeit mit der Gazprom", "24,9 Prozent hält Ipic": the party the
                # sentence leaves out is the organisation the article is talking about
                named = {x.mention.key for x in (*subj, *obj)}
                partner = not subj and all(o.prep == "mit" for o in obj)
                best = (partner and self.coref.topic()) or self.coref.salient(tok.i)
                fill = [x for x in (best,) if x and x.mention.key not in named]
                subj, obj = (subj, fill) if subj else (fill, obj)
                borrowed = implicit = True
            if not subj:
                continue
            # "Die Bertelsmann-Tochter Arvato prüft ...": a name in apposition to the noun is
            # what the noun says it is, whatever the clause around it hedges
            apposed = not verbal and all(a.start == tok.i + 1 for a in subj)
            if not obj and rule.predicate == "subsidiaryOf" and apposed:
                # "Bei der Billig-Tochter Germanwings": a subsidiary whose owner the sentence
                # does not name belongs to the organisation the article is talking about
                obj = [x for x in (self.coref.salient(tok.i),) if x is not None]
            if not obj:
                continue
            # "Beim Aral-Mutterkonzern BP sind die Verhandlungen ...": the owner in apposition
            # is what the noun says it is, as the apposed subsidiary is
            owner = (
                rule.predicate == "subsidiaryOf"
                and not verbal
                and all(o.start == tok.i + 1 for o in obj)
            )
            asserted = rule.asserted or apposed or owner
            modality = "Asserted" if asserted else self._modality(c, rule)
            if implicit and modality != "Asserted":
                # "für eine mögliche Zusammenarbeit mit Apple": a party the sentence leaves out
                # is taken only for what the sentence states, not for what it weighs
                continue
            yield from self._drafts(rule, subj, obj, modality, borrowed)
            return  # first rule that fills both slots wins

    def _buys_a_company(self, c: Clause, tok) -> bool:
        """ "kauft das Münchener Unternehmen vom Konzern X": what is bought from X is a company
        (an acquisition whose target the clause only describes), not goods X supplies."""
        for t in c.toks:
            if t.i <= tok.i:
                continue
            if t.tag_ in {"APPR", "APPRART"}:
                return False
            if t.tag_ in {"NN", "NE"} and cue_like(t, self.lex):
                return True
        return False

    def _subject_slots(
        self, c: Clause, tok, rule: Rule, verbal: bool, third_party: bool, patient: bool
    ) -> tuple[str, ...]:
        # "mit einer Alibaba-Tochter ins Geschäft kommen": the clause's subject is no
        # subsidiary when the ownership noun sits in a prepositional phrase
        owned_pp = rule.predicate == "subsidiaryOf" and not verbal and self.slots.governed(c, tok)
        return tuple(
            x
            for x in rule.subject
            if not ((third_party or owned_pp) and x == "clause") and not (patient and x == "poss")
        )

    def _drafts(
        self, rule: Rule, subj: list, obj: list, modality: str, borrowed: bool
    ) -> Iterator[Draft]:
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
                conf = rule.strength * min(sm.certainty, om.certainty) * (0.9 if borrowed else 1.0)
                yield Draft(sm, pred, om, modality, conf)

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

    def _modality(self, c: Clause, rule: Rule) -> str:
        return modality(c, rule, self.lex)


def _pairs(members: list, rule: Rule, modality: str) -> Iterator[Draft]:
    for n, a in enumerate(members):
        for b in members[n + 1 :]:
            conf = rule.strength * min(a.mention.certainty, b.mention.certainty)
            yield Draft(a.mention, rule.predicate, b.mention, modality, conf)


def _patient_possessive(tok) -> bool:
    """ "dessen/deren Übernahme": a d-possessive before an action noun (adjectives between)
    stands for a thing named before, never for the clause's own subject."""
    j = tok.i - 1
    while j >= 0 and tok.doc[j].tag_ in {"ADJA", "ADJD"}:
        j -= 1
    return j >= 0 and tok.doc[j].lower_ in {"dessen", "deren"}


@register("extractor", EXTRACTOR)
def extract_de(article: Article, doc=None) -> Extraction:
    """Mentions and facts of one German article (runs the German route if `doc` is None)."""
    if doc is None:
        from kg.nlp.german import load

        doc = load()(article.text)
    return _Extractor(article, doc, load_lexicon(), gaz.load()).run()


def _reflexive(c: Clause) -> bool:
    """Does the clause's one full verb take "sich" ("entwickelt sich", "stellt sich ... her")?
    A making verb then says how something fares, not that anyone makes it."""
    verbs = [t for t in c.toks if t.tag_.startswith("VV")]
    return len(verbs) == 1 and any(t.tag_ == "PRF" and t.lower_ == "sich" for t in c.toks)


def _postnominal(doc, c: Clause, tok, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """ "übernimmt die Firma Y mit Sitz in Irland": a seat noun in a "mit" phrase describes the
    noun phrase before it, not the clause's subject (`based_in` reads the seat of a name right
    before the phrase)."""
    if tok.i - 1 < c.lo or doc[tok.i - 1].lower_ != "mit":
        return rules
    seat = [r for r in rules if r.predicate == "basedIn"]
    rest = [r for r in rules if r.predicate != "basedIn"]
    return (
        *rest,
        *(replace(r, subject=tuple(x for x in r.subject if x != "clause")) for r in seat),
    )


def _label(s: Sentence, it: Item) -> bool:
    """ "STANDARD: Trügt der Eindruck ...?": a name opening its sentence before a colon labels
    who speaks in an interview; it is no party the sentence names."""
    doc = s.sent.doc
    return it.start == s.sent.start and it.end < len(doc) and doc[it.end].text == ":"


__all__ = ["EXTRACTOR", "extract_de"]
