"""Sentence structure for the German extractor: clauses and the argument slots of mentions.

Split from `kg.extract.de.extract` (one idea per module): this module cuts one sentence of
the German route into `Clause`s and gives each mention `Item` (found by `kg.extract.de.mentions`)
the slot the surface gives it: bare, pp+preposition, genitive, possessive, apposition; the rules
that read slots live in `kg.extract.de.extract`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kg import gazetteer as gaz
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.de.fields import NOM, Fields, analyse, np_cases
from kg.extract.de.mentions import MentionFinder
from kg.extract.de.shared import MARKS, Item, cue_like, place_possessor

_SEPARATORS = frozenset({",", ";", ":", "–", "—", "-"})
_DASHES = frozenset({"–", "—", "-"})
_DETERMINERS = frozenset({"ART", "PPOSAT", "PDAT"})
# "des", "eines", "seines", "dieses": only a genitive ends so (a noun's "eine Version seines MX4")
_GENITIVE = frozenset({"des", "eines", "seines", "ihres", "dieses", "deren", "dessen"})
_NP_INNER = frozenset({"ART", "ADJA", "ADJD", "CARD", "PIAT", "PPOSAT", "PDAT", "ADV", "PIDAT"})


@dataclass
class Clause:
    toks: list  # spaCy tokens, no spaces
    kind: str  # main | sub | rel | inf | coord
    governor: Clause | None = None
    items: list[Item] = field(default_factory=list)
    antecedent: Item | None = None  # "X, der Y übernommen hat": the organisation "der" is
    antecedent_prep: str | None = None  # "X, zu dem Y gehört": the antecedent's preposition
    fields: Fields | None = None  # topological fields (`kg.extract.de.fields`)

    @property
    def lo(self) -> int:
        return self.toks[0].i

    @property
    def hi(self) -> int:
        return self.toks[-1].i + 1


class Sentence:
    def __init__(
        self, sent, lex: Lexicon, g: gaz.Gazetteer, ents, persons: set[str] | None = None
    ) -> None:
        self.sent = sent
        self.lex = lex
        self.g = g
        self.toks = [t for t in sent if not t.is_space]
        # `persons`: surnames of the article's persons so far, shared across its sentences
        self.items = MentionFinder(sent, lex, g, persons).items(ents)
        self.clauses = self._clauses()
        for c in self.clauses:
            c.fields = analyse(c.toks, c.kind)
            own = {t.i for t in c.toks}  # a relative clause inside is not part of its host
            c.items = [it for it in self.items if it.start in own]
            for it in c.items:
                self._slot(it, c)
                if self._source(it):
                    it.slot = "source"  # "laut Handelsblatt": a source is never a party
            if c.kind == "rel":
                c.antecedent = self._antecedent(c)
                if c.antecedent is not None and c.toks[0].tag_ == "APPR":
                    c.antecedent_prep = c.toks[0].lower_

    def _source(self, it: Item) -> bool:
        """ "laut Handelsblatt", "nach Informationen des Spiegel", "unter Berufung auf X",
        "X zufolge", "Foto: X": the organisation is where the news or a picture comes from."""
        doc = self.sent.doc
        before = [
            t.lower_ for t in doc[max(self.sent.start, it.start - 5) : it.start] if not t.is_space
        ]
        after = doc[it.end].lower_ if it.end < self.sent.end else ""
        fields = next((c.fields for c in self.clauses if it in c.items), None)
        return (
            (it.prep in self.lex.source_preps and it.slot == "pp")
            # "Das berichten die Süddeutsche Zeitung und das Magazin Focus"
            or (it.slot == "bare" and fields is not None and fields.lemma in self.lex.source_verbs)
            or after == "zufolge"
            or any(w in self.lex.source_nouns for w in before[-3:])
            or before[-3:-1] == ["berufung", "auf"]
            # "Foto: AFP", "Bild: X": a picture's credit, which a caption or a line ends with
            or (before[-1:] == [":"] and before[-2:-1] and before[-2] in self.lex.source_credits)
            # "Vor 47 Tagen FOCUS Online": a web page's byline (in a clause the finite verb
            # would follow the time phrase)
            or (
                before[-3:-2] == ["vor"]
                and before[-2].isdigit()
                and before[-1] in self.lex.source_byline_units
            )
        )

    def _apposition_head(self, t, it: Item, c: Clause) -> bool:
        """ "beim Batterierecycler Tozero": the noun right before the name heads its NP."""
        doc = self.sent.doc
        return (
            t.i == it.start - 1
            and t.tag_ == "NN"
            and t.i - 1 >= c.lo
            and doc[t.i - 1].tag_ in {"ART", "APPRART"}
            and self.lex.noun_rules(t.lemma_) is None
        )

    def _antecedent(self, c: Clause) -> Item | None:
        """The organisation a nominative "der"/"welcher" relative clause is about: the name
        right before the comma, or before an apposition to it ("X - ein Anbieter -, der")."""
        if not self._relative_head(c):
            return None
        doc = self.sent.doc
        j = c.lo - 1
        if j < self.sent.start or doc[j].text != ",":
            return None
        j -= 1
        stop = max(self.sent.start, j - 6)
        while j >= stop:
            hit = next(
                (it for it in self.items if it.end - 1 == j and it.mention.type == "Organization"),
                None,
            )
            if hit is not None:
                return hit
            t = doc[j]
            if not (t.tag_ in {"ART", "ADJA", "ADV"} or t.text in _DASHES or cue_like(t, self.lex)):
                return None
            j -= 1
        return None

    def _relative_head(self, c: Clause) -> bool:
        """A relative pronoun whose antecedent the clause's frames can use: nominative "der",
        "welcher"; "das"/"die" when no other party of the clause can be nominative ("das seit
        2010 dem Autobauer Geely gehört"); after a preposition ("zu dem Y gehört")."""
        first = c.toks[0]
        if first.tag_ == "APPR" and len(c.toks) > 1:
            return c.toks[1].tag_ == "PRELS"
        if first.tag_ != "PRELS":
            return False
        if first.lower_ in {"der", "welcher"}:
            return True
        return first.lower_ in {"das", "die"} and not any(
            NOM in np_cases(self.sent.doc, it.start, c.lo)
            for it in c.items
            if it.mention.type == "Organization" and it.slot == "bare"
        )

    # -- clauses --------------------------------------------------------------------------
    def _clauses(self) -> list[Clause]:
        clauses: list[Clause] = []
        for s in self._merged(self._segments()):
            for part, coordinated in self._split_coordination(s):
                kind = "coord" if coordinated else self._kind(part)
                gov = None
                if kind in {"inf", "coord"} and clauses:
                    gov = next(
                        (c for c in reversed(clauses) if c.kind in {"main", "sub", "coord"}), None
                    )
                clauses.append(Clause(part, kind, gov))
        return clauses

    def _segments(self) -> list[list]:
        """The sentence cut at separators and subordinating conjunctions; a verbless kicker or
        dateline before ":" or an unpaired dash is dropped unless it names a relation itself
        ("Übernahme von #X durch #Y: ...")."""
        segs: list[list] = [[]]
        depth = 0
        for tok in self.toks:
            depth = max(0, depth + (tok.text == "(") - (tok.text == ")"))
            # a dash is punctuation whatever HanTa tags it ("–" often comes out FM)
            if (
                depth == 0
                and tok.text in _SEPARATORS
                and (tok.tag_.startswith("$") or tok.text in _DASHES)
            ):
                if self._kicker(tok, segs[-1]):
                    segs[-1] = []  # "DGAP-News:", "Dortmund (ots) -"
                    continue
                segs.append([])
                continue
            if depth == 0 and tok.tag_ in {"KOUS", "KOUI"} and segs[-1]:
                segs.append([])
            segs[-1].append(tok)
        return [s for s in segs if s]

    def _kicker(self, tok, seg: list) -> bool:
        return (
            tok.text in {":", "-", "–", "—"}
            and not any(t.tag_[:1] == "V" for t in seg)
            and not self._paired_dash(tok)
            and not any(t.tag_ == "NN" and self.lex.noun_rules(t.lemma_) for t in seg)
        )

    def _merged(self, segs: list[list]) -> list[list]:
        """Verbless pieces (an apposition, a fronted PP) join the next clause with a verb."""
        merged: list[list] = []
        pending: list = []
        for s in segs:
            if not any(t.tag_[:1] == "V" for t in s):
                pending.extend(s)
                continue
            if pending and self._kind(s) == "rel":
                merged.append(s)  # "X, der ... übernommen hat, kauft Y": X waits for its verb
                continue
            merged.append(pending + s)
            pending = []
        if pending:
            if merged:
                merged[-1].extend(pending)
            else:
                merged.append(pending)
        return merged

    def _paired_dash(self, tok) -> bool:
        """A dash with a partner later in the sentence opens an aside ("X - ein ... - kauft"),
        unless a finite verb comes between them before any comma: then what follows the dash is
        a clause of its own and the dash ends a dateline ("Las Vegas - Im Sommer hat Microsoft
        ... gebracht - und damit ..."; "X - ein Anbieter, der ... hat - kauft" stays an aside)."""
        if tok.text not in _DASHES:
            return False
        partner = next(
            (
                t
                for t in self.toks
                if t.i > tok.i
                and t.text == tok.text
                and (t.tag_.startswith("$") or t.text in {"–", "—"})
            ),
            None,
        )
        if partner is None:
            return False
        for t in self.toks:
            if tok.i < t.i < partner.i:
                if t.text == ",":
                    break
                if t.tag_.endswith("FIN"):
                    return False
        return True

    @staticmethod
    def _split_coordination(seg: list) -> Iterator[tuple[list, bool]]:
        """ "X lizenziert ... und baut ...": two clauses, the second shares the subject."""
        for j, tok in enumerate(seg):
            if tok.tag_ == "KON" and tok.lower_ in {"und", "sowie", "oder", "aber"}:
                left, right = seg[:j], seg[j + 1 :]
                if any(t.tag_[:1] == "V" for t in left) and any(
                    t.tag_ in {"VVFIN", "VMFIN", "VAFIN"} for t in right[:3]
                ):
                    yield left, False
                    for part, _c in Sentence._split_coordination(right):
                        yield part, True
                    return
        yield seg, False

    @staticmethod
    def _kind(toks: list) -> str:
        verb_seg = toks
        first = next((t for t in verb_seg if t.tag_ not in {"ADV"}), verb_seg[0])
        tags = {t.tag_ for t in toks}
        if any(t.tag_ == "PRELS" for t in toks[:3]) and toks[0].tag_ in {
            "PRELS",
            "APPR",
            "APPRART",
        }:
            return "rel"
        finite = any(t.tag_.endswith("FIN") for t in toks)
        if not finite and ("VVIZU" in tags or "PTKZU" in tags):
            return "inf"
        if first.tag_ in {"KOUS", "PWAV"}:
            return "sub"
        if first.tag_ == "KOUI":
            return "inf"
        return "main"

    def _slot(self, it: Item, c: Clause) -> None:
        doc = self.sent.doc
        first = doc[it.start]
        # "von X und Y", "in Aalen und Ulm": a conjunct shares the slot of the one before it
        j = it.start - 1
        if j > c.lo and (doc[j].lower_ in {"und", "sowie"} or self._listed(it, c, j)):
            prev = next((o for o in c.items if o.end == j and o.slot in {"pp", "gen"}), None)
            if prev is not None:
                it.slot, it.prep, it.prep_i = prev.slot, prev.prep, prev.prep_i
                return
        if (
            it.start - 1 >= c.lo
            and doc[it.start - 1].text == "("
            and any(o.end == it.start - 1 for o in c.items)
        ):
            it.slot = "appos"
            return
        if it.mention.text.endswith("s") and it.mention.name == it.mention.text[:-1]:
            it.slot = "poss"  # "über Googles Tablet": the preposition governs the noun
            return
        j = it.start - 1
        saw_article = None
        saw_noun = False
        while j >= c.lo:
            t = doc[j]
            if saw_article is not None and t.tag_ not in {"APPR", "APPRART", "PIDAT", "PIAT"}:
                break  # "seit 2010 dem Autobauer X": before its article a phrase ends
            if (
                saw_noun
                and saw_article is None
                and any(o.end == t.i + 1 and place_possessor(o) for o in c.items)
            ):
                # "durch Deutschlands größten Lebensmittelhändler Edeka": a place's genitive
                # before the description determines it as an article would
                saw_article = t
                j -= 1
                continue
            noun = cue_like(t, self.lex) or self._apposition_head(t, it, c)
            if noun and doc[j + 1].tag_ == "ADJA" and j + 1 < it.start:
                # "die zur Brandt-Gruppe gehörende Firma X": a noun before an attribute ends
                # a phrase inside it, whose preposition is not X's; X's own article (and
                # preposition) stand before that phrase ("eine Tochter der zur ... X")
                j, saw_article = _outside_attribute(doc, c, j)
                break
            if noun and saw_noun:
                # "kauft die bei vielen Großkonzernen verdrahtete Digitalagentur X": a second
                # noun heads a phrase inside the attribute, whose preposition is not X's
                break
            if t.tag_ in _NP_INNER or noun or t.text in MARKS:
                if t.tag_ in _DETERMINERS and saw_article is None:
                    saw_article = t
                saw_noun = saw_noun or noun
                j -= 1
                continue
            break
        if j >= c.lo and doc[j].tag_ in {"APPR", "APPRART"}:
            it.slot, it.prep, it.prep_i = "pp", prep_word(doc[j]), j
            return
        if first.tag_ in {"ART"}:
            saw_article = first
        if (saw_article is not None and saw_article.lower_ in _GENITIVE) or (
            saw_article is not None
            and saw_article.lower_ == "der"
            and saw_article.i - 1 >= c.lo
            and doc[saw_article.i - 1].tag_ == "NN"
        ):
            it.slot = "gen"
        _ = first

    def _listed(self, it: Item, c: Clause, comma: int) -> bool:
        """ "von Samsung, LG Displays und Japan Display": a comma before the name and "und"
        before a later one make it a member of a list."""
        if self.sent.doc[comma].text != ",":
            return False
        later = [o for o in c.items if o.start > it.start]
        return any(self.sent.doc[o.start - 1].lower_ in {"und", "sowie"} for o in later)


def _outside_attribute(doc, c: Clause, j: int):
    """The token before the article that opens a phrase holding an attribute's inner
    prepositional phrase ending at `j` ("der zur Gruppe gehörenden X": the token before "der"),
    and that article (None if the attribute opens no article)."""
    k = j
    while k > c.lo and j - k < 6 and doc[k].tag_ not in {"APPR", "APPRART"}:
        k -= 1
    if k > c.lo and doc[k].tag_ in {"APPR", "APPRART"} and doc[k - 1].tag_ in _DETERMINERS:
        return k - 2, doc[k - 1]
    return c.lo - 1, None


def prep_word(tok) -> str:
    low = tok.lower_
    return {
        "vom": "von",
        "beim": "bei",
        "im": "in",
        "ins": "in",
        "am": "an",
        "ans": "an",
        "zum": "zu",
        "zur": "zu",
    }.get(low, tok.lemma_.lower() if tok.tag_ == "APPRART" else low)
