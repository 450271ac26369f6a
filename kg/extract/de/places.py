"""Location facts of the German extractor: where a company is based, where a facility is.

Split from `kg.extract.de.extract` (one idea per module): these facts come from nationality
adjectives and compounds, "aus"/"mit Sitz in" and "in" after a new facility, not from trigger
rules, so they need neither the rule lexicon's slots nor its modality beyond the clause's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kg import gazetteer as gaz
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.common.lexicon import GermanRule as Rule
from kg.extract.de.clauses import Clause, Sentence
from kg.extract.de.shared import CERT, cue_like, mention
from kg.model import Mention
from kg.nlp.german import is_org_cue


@dataclass
class Draft:
    """A fact before it is anchored to its sentence (confidence without the headline penalty)."""

    subject: Mention
    predicate: str
    object: Mention
    modality: str
    confidence: float


_LOC_RULE = Rule("locatedIn", ("subj",), ("obj",), frozenset(), frozenset(), 0.85)


def based_in(s: Sentence, g: gaz.Gazetteer, lex: Lexicon) -> Iterator[Draft]:
    """basedIn: "vom chinesischen Unternehmen X", "US-Hersteller X", "X aus China", "Sitz in"."""
    doc = s.sent.doc
    for it in s.items:
        if it.mention.type != "Organization" or it.kind not in {"gaz", "cued"}:
            continue
        j = it.start - 1
        country: tuple[gaz.Entry, int, int, str] | None = None
        if j >= s.sent.start:
            t = doc[j]
            if t.tag_ == "NN" and "-" in t.text and is_org_cue(t.text.split("-", 1)[1]):
                e = g.demonym(t.text.split("-", 1)[0]) or g.lookup(t.text.split("-", 1)[0])
                if e is not None and e.type == "Country":
                    n = len(t.text.split("-", 1)[0])
                    country = (e, t.idx, t.idx + n, t.text[:n])
            else:
                if t.tag_ == "NN" and cue_like(t, lex):
                    j -= 1
                while j >= s.sent.start and doc[j].tag_ == "ADJA":
                    e = g.demonym(doc[j].text)
                    if e is not None:
                        country = (e, doc[j].idx, doc[j].idx + len(doc[j].text), doc[j].text)
                        break
                    j -= 1
        if country:
            e, a, b, text = country
            cm = mention(
                text, a, b, "Country", e.labels.get("de", e.label), e.key, CERT["demonym"]
            )
            yield Draft(it.mention, "basedIn", cm, "Asserted", 0.9 * min(it.mention.certainty, 0.9))
            continue
        # "X aus China", "X mit Sitz in Y"
        k = it.end
        while (k < s.sent.end and doc[k].text in {"(", ")"}) or (
            k < s.sent.end and any(o.start == k and o.slot == "appos" for o in s.items)
        ):
            k += 1
        words = [t.lower_ for t in doc[k : k + 4]]
        target = None
        strength = 0.0
        if words[:1] == ["aus"]:
            target, strength = k + 1, 0.7
        elif words[:3] == ["mit", "sitz", "in"]:
            target, strength = k + 3, 0.9
        if target is not None:
            place = next(
                (
                    o
                    for o in s.items
                    if o.start == target and o.mention.type in {"Country", "Place"}
                ),
                None,
            )
            if place is not None:
                yield Draft(
                    it.mention,
                    "basedIn",
                    place.mention,
                    "Asserted",
                    strength * min(it.mention.certainty, place.mention.certainty),
                )


def located_in(s: Sentence, modality_of: Callable[[Clause, Rule], str]) -> Iterator[Draft]:
    """locatedIn from "ein neues Batteriewerk in Thüringen"."""
    doc = s.sent.doc
    for it in s.items:
        if it.mention.type != "Facility":
            continue
        k = it.end
        if k + 1 < s.sent.end and doc[k].lower_ in {"in", "im"}:
            place = next(
                (o for o in s.items if o.start == k + 1 and o.mention.type in {"Country", "Place"}),
                None,
            )
            if place is not None:
                c = next((c for c in s.clauses if c.lo <= it.start < c.hi), None)
                modality = modality_of(c, _LOC_RULE) if c else "Asserted"
                yield Draft(
                    it.mention,
                    "locatedIn",
                    place.mention,
                    modality,
                    0.85 * min(it.mention.certainty, place.mention.certainty),
                )
