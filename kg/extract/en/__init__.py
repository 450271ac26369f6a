"""The English extractors over a spaCy parse (`kg.nlp.load("en")`).

Importing this package registers every English extractor under its versioned name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from kg.model import Article, Extraction, Fact

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from kg.extract.common.candidate import Candidate
    from kg.extract.common.lexicon import Lexicon

DEFAULT_EXTRACTORS = (
    "kg.extract.svo.v1",
    "kg.extract.nominal.v1",
    "kg.extract.attributes.v1",
    "kg.extract.ownership.v1",
    "kg.extract.products.v1",
    "kg.extract.frames.v1",
)


def extract_doc(
    article: Article, doc: Doc, *, extractors: Iterable[str] = DEFAULT_EXTRACTORS
) -> Extraction:
    """Mentions and facts of one English article parsed by `kg.nlp.load("en")`."""
    from kg.extract.en.memo import doc_memo
    from kg.nlp.sentences import indexed_sentences

    with indexed_sentences(doc), doc_memo(doc):  # (the rules ask for sentences thousands of times)
        return _extract_doc(article, doc, extractors)


def _extract_doc(article: Article, doc: Doc, extractors: Iterable[str]) -> Extraction:
    from kg import gazetteer
    from kg.extract.common import lexicon as lexmod
    from kg.extract.common import qualifiers
    from kg.extract.en.memo import words
    from kg.extract.en.mentions import Mentions
    from kg.nlp.spans import title_case_words
    from kg.registry import get

    lex = lexmod.load()
    mentions = Mentions(article, doc, lex, gazetteer.load())
    titles: set[int] = set()
    prose: set[int] = set()
    best: dict[tuple[str, str, str, int], tuple[Fact, int]] = {}
    moods: dict[int, str] = {}  # a trigger's modality, read once for all its candidates
    spans: dict[int, tuple[str, int, int]] = {}  # sentence start -> (text, start, length)
    for name in extractors:
        fn = get("extractor", name)
        for cand in fn(doc, mentions=mentions, lexicon=lex):
            if cand.subject.key == cand.object.key or _agency_party(cand, lex):
                continue
            sent = cand.trigger.sent
            if sent.start not in titles and sent.start not in prose:
                w = words(doc)
                title = title_case_words(
                    w.text[sent.start : sent.end], w.lower[sent.start : sent.end]
                )
                (titles if title else prose).add(sent.start)
            if sent.start in titles and min(cand.subject.certainty, cand.object.certainty) < 1:
                continue  # headline / button text: only gazetteer names are trusted there
            conf = cand.strength * min(cand.subject.certainty, cand.object.certainty)
            if cand.implicit:
                conf *= 0.9
            conf = calibrated(conf, lex.calibration)
            if sent.start not in spans:  # (a sentence's text is joined from its tokens)
                text = sent.text
                spans[sent.start] = (text.strip(), sent.start_char, len(text.rstrip()))
            sentence, start, length = spans[sent.start]
            fact = Fact(
                article=article.id,
                subject=cand.subject,
                predicate=cand.predicate,
                object=cand.object,
                modality=cand.modality or _mood(cand.trigger, lex, moods),
                confidence=round(min(1.0, max(0.0, conf)), 3),
                sentence=sentence,
                start=start,
                end=start + length,
                extractor=cand.extractor or name,
            )
            quals = qualifiers.for_fact(article, fact, cand.trigger)
            if quals:
                fact = replace(fact, qualifiers=quals)
            for one in _holdings(fact, cand.trigger, lex):
                key = (one.subject.key, one.predicate, one.object.key, one.start)
                old = best.get(key)
                if old is None or one.confidence > old[0].confidence:
                    best[key] = (one, old[1] if old else cand.trigger.i)
    from kg.extract.en.facilities import identified
    from kg.extract.en.selfname import settle

    ordered = [f for f, _ in sorted(best.values(), key=lambda x: (x[0].start, x[1]))]
    facts = tuple(identified(settle(ordered, doc, mentions)))
    used = {(m.start, m.end, m.key) for f in facts for m in (f.subject, f.object)}
    ends = {(m.start, m.end, m.key): m for f in facts for m in (f.subject, f.object)}
    kept_list = [
        m
        for m in mentions.all()
        if (m.start, m.end, m.key) in used or m.type in ("Organization", "Country")
    ]
    have = {(m.start, m.end, m.key) for m in kept_list}
    kept_list += [m for k, m in ends.items() if k not in have]  # the article's own, named
    kept = tuple(sorted(kept_list, key=lambda m: (m.start, m.end, m.key)))
    return Extraction(article=article, mentions=kept, facts=facts)


def _mood(trigger: Token, lex: Lexicon, moods: dict[int, str]) -> str:
    if trigger.i not in moods:
        moods[trigger.i] = modality(trigger, lex)
    return moods[trigger.i]


def _holdings(fact: Fact, trigger: Token, lex: Lexicon) -> tuple[Fact, ...]:
    """A stake fact as what it is: a stake bought past half is an acquisition ("buy a 51 pct
    interest in Y"); one held past half also makes Y the holder's subsidiary ("owns 80 pct of
    Y")."""
    if fact.predicate != "investsIn":
        return (fact,)
    if controlling(trigger, lex):
        return (replace(fact, predicate="acquires"),)
    if held_control(trigger, lex):
        parent = replace(
            fact, subject=fact.object, predicate="subsidiaryOf", object=fact.subject, qualifiers=()
        )
        return (fact, parent)
    return (fact,)


def calibrated(raw: float, points: tuple[tuple[float, float], ...]) -> float:
    """`raw` mapped piecewise-linearly through the lexicon's calibration points."""
    if not points:
        return raw
    for (x0, y0), (x1, y1) in pairwise(points):
        if raw <= x1:
            return y0 + (y1 - y0) * (max(raw, x0) - x0) / (x1 - x0) if x1 > x0 else y1
    return points[-1][1]


def _agency_party(cand: Candidate, lex: Lexicon) -> bool:
    """A regulator, court or publication as a party of a deal, a trade or a product."""
    if cand.predicate.lower() not in lex.cues.get("party_relations", frozenset()):
        return False
    return any(m.type == "Organization" and is_agency(m.name) for m in (cand.subject, cand.object))


# Importing the extractor modules registers them.
from kg.extract.en import attributes, frames, nominal, ownership, products, verbs  # noqa: E402, F401

# (imported here, not in the functions that read them once per candidate: an import statement
# costs 0.65 us even when the module is loaded)
from kg.extract.en.argtypes import is_agency  # noqa: E402
from kg.extract.en.modality import modality  # noqa: E402
from kg.extract.en.stakes import controlling, held_control  # noqa: E402

__all__ = ["DEFAULT_EXTRACTORS", "extract_doc"]
