"""What hangs on a noun in the German extractor: the mentions attached right after it and the
part nouns that make a mention an owner.

Split from `kg.extract.de.slots` (one idea per module): "Übernahme von X durch Y", "Tochter des
Z", "Beteiligung von zehn Prozent an X", "die Energiesparte der französischen X", "der
VNG-Aktien". The slot filler reads these to fill a noun's own slots and an object's owner, and
to keep what hangs on an offered noun out of a product slot ("eine Verlängerung der Garantie").
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.de.clauses import Clause
from kg.extract.de.persons import person_cue
from kg.extract.de.shared import MARKS, Item, cue_like, place_possessor
from kg.places import city_adjective


def noun_chain(doc, lex: Lexicon, c: Clause, tok) -> list[Item]:
    """Mentions attached right after a noun: "Übernahme von X durch Y", "Tochter des Z"."""
    out: list[Item] = []
    pos = tok.i + 1
    for it in c.items:
        if it.start < pos:
            continue
        head = it.prep_i if it.slot == "pp" else None
        first = head if head is not None else it.start
        gap = [t for t in doc[pos:first] if not t.is_space]
        # A part noun ("Übernahme der Energiesparte des Konzerns X") or a conjoined
        # mention ("in Landshut und Dingolfing durch BMW") does not end the chain.
        parts = sum(1 for t in gap if t.tag_ == "NN" and lex.is_part(t.lemma_))
        amount = _amount(gap)  # "Beteiligung von zehn Prozent an X"
        if place_possessor(it) and any(
            o.start > it.start and o.slot == "pp" and o.prep_i == it.start - 1 for o in c.items
        ):
            continue  # "durch Deutschlands größten Händler X": the place determines X's phrase
        if (
            all(_joins(t, lex, amount) for t in gap)
            and len(gap) <= 4 + 2 * parts + len(amount)
            and it.slot in {"pp", "gen", "appos"}
        ):
            if it.slot != "appos":
                out.append(it)
            if it.kind in {"new", "ref"}:
                # "die Baumax-Zentrale in Klosterneuburg und das Logistikzentrum in
                # Wien-Aspern": a phrase after a conjoined description is that noun's
                break
            pos = it.end
            continue
        break
    return out


def _joins(t, lex: Lexicon, amount: set[int]) -> bool:
    """May the token stand between a noun and the next mention of its chain?"""
    return (
        t.i in amount
        or t.tag_ in {"ART", "ADJA", "CARD", "ADV", "PIAT", "PIDAT"}
        or cue_like(t, lex)
        or t.text in {"(", ")"}
        or t.text in MARKS
        or (t.tag_ == "KON" and t.lower_ in {"und", "sowie"})
        or _als_auch(t)  # "bei Vivacom als auch bei KTB"
        or (t.tag_ == "NN" and lex.is_part(t.lemma_))
        or (t.text.endswith("er") and city_adjective(t.text) is not None)
    )


def part_compound(doc, lex: Lexicon, it: Item) -> bool:
    """ "der VNG-Aktien": the mention is the owner inside a part compound."""
    tok = doc[it.start]
    return it.end == it.start + 1 and "-" in tok.text and lex.is_part(tok.lemma_)


def part_before(doc, lex: Lexicon, c: Clause, it: Item) -> bool:
    """Is the mention the owner of a part noun right before it ("Sparte des X")?"""
    j = (it.prep_i if it.slot == "pp" else it.start) - 1
    while j >= c.lo and (doc[j].tag_ in {"ART", "ADJA", "CARD"} or cue_like(doc[j], lex)):
        j -= 1
    return j >= c.lo and doc[j].tag_ == "NN" and lex.is_part(doc[j].lemma_)


def _amount(gap: list) -> set[int]:
    """Token indices of an amount in a gap: "von zehn Prozent", "um 900 Millionen Euro" (a
    preposition right before a number, the number, and the nouns right after it)."""
    out: set[int] = set()
    for n, t in enumerate(gap):
        if t.tag_ != "CARD":
            continue
        out.add(t.i)
        if n > 0 and gap[n - 1].tag_ == "APPR":
            out.add(gap[n - 1].i)
        for u in gap[n + 1 :]:
            if u.tag_ != "NN":
                break
            out.add(u.i)
    return out


def _als_auch(t) -> bool:
    """ "als auch" of "sowohl ... als auch" joins two mentions like "und"."""
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    prev = t.nbor(-1) if t.i > 0 else None
    return (t.lower_ == "als" and nxt is not None and nxt.lower_ == "auch") or (
        t.lower_ == "auch" and prev is not None and prev.lower_ == "als"
    )


def attribute(doc, lex: Lexicon, c: Clause, t, governed: Callable[[Clause, object], bool]) -> bool:
    """Is a noun after an offer or making verb no head of its own? A genitive attribute
    ("bietet eine Verlängerung der Garantie an": an act is offered, not the guarantee), an act
    with one ("eine Verlängerung der ..."), a noun apposed to a determined noun of a
    prepositional phrase ("einen Kurs zum Thema Datenschutz"), and a role noun with the name
    after it ("bietet Präsident Morales Asyl an": a person is the recipient) are none."""
    if person_cue(t, lex) or _act(doc, c, t):
        return True
    j = t.i - 1
    while j > c.lo and doc[j].tag_ == "ADJA":
        j -= 1
    if j > c.lo and doc[j].tag_ == "ART" and doc[j].lower_ in {"der", "des"}:
        return doc[j - 1].tag_ == "NN"
    prev = doc[t.i - 1]
    if prev.text in MARKS and t.i - 2 >= c.lo:
        prev = doc[t.i - 2]  # "bietet Präsident #Morales Asyl an": a tweet's mark
    if prev.i < c.lo or prev.tag_ != "NN":
        return False
    if person_cue(prev, lex):
        return True
    return t.i - 2 >= c.lo and doc[t.i - 2].tag_ in {"ART", "APPRART", "CARD"} and governed(c, prev)


def _act(doc, c: Clause, t) -> bool:
    """An "-ung" noun with a genitive attribute names an act on that attribute."""
    k = t.i + 1
    return (
        t.lower_.endswith("ung")
        and k + 1 < c.hi
        and doc[k].tag_ == "ART"
        and doc[k].lower_ in {"der", "des"}
        and doc[k + 1].tag_ in {"NN", "ADJA"}
    )
