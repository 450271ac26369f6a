"""The English extractors over a spaCy parse (`kg.nlp.load("en")`).

Importing this package registers every English extractor under its versioned name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.model import Article, Extraction, Fact

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEFAULT_EXTRACTORS = ("kg.extract.svo.v1", "kg.extract.nominal.v1", "kg.extract.attributes.v1",
                      "kg.extract.ownership.v1", "kg.extract.products.v1")


def extract_doc(article: Article, doc: Doc, *,
                extractors: Iterable[str] = DEFAULT_EXTRACTORS) -> Extraction:
    """Mentions and facts of one English article parsed by `kg.nlp.load("en")`."""
    from kg import gazetteer
    from kg.extract.common import lexicon as lexmod
    from kg.extract.common import qualifiers
    from kg.extract.en.mentions import Mentions
    from kg.extract.en.modality import modality
    from kg.nlp.english import title_case_line
    from kg.registry import get

    lex = lexmod.load()
    mentions = Mentions(article, doc, lex, gazetteer.load())
    titles: set[int] = set()
    prose: set[int] = set()
    best: dict[tuple[str, str, str, int], tuple[Fact, int]] = {}
    for name in extractors:
        fn = get("extractor", name)
        for cand in fn(doc, mentions=mentions, lexicon=lex):
            if cand.subject.key == cand.object.key:
                continue
            sent = cand.trigger.sent
            if sent.start not in titles and sent.start not in prose:
                (titles if title_case_line(sent) else prose).add(sent.start)
            if sent.start in titles and min(cand.subject.certainty, cand.object.certainty) < 1:
                continue  # headline / button text: only gazetteer names are trusted there
            conf = cand.strength * min(cand.subject.certainty, cand.object.certainty)
            if cand.implicit:
                conf *= 0.9
            fact = Fact(article=article.id, subject=cand.subject, predicate=cand.predicate,
                        object=cand.object,
                        modality=cand.modality or modality(cand.trigger, lex),
                        confidence=round(min(1.0, max(0.0, conf)), 3),
                        sentence=sent.text.strip(), start=sent.start_char,
                        end=sent.start_char + len(sent.text.rstrip()),
                        extractor=cand.extractor or name)
            quals = qualifiers.for_fact(article, fact, cand.trigger)
            if quals:
                fact = replace(fact, qualifiers=quals)
            key = (fact.subject.key, fact.predicate, fact.object.key, fact.start)
            old = best.get(key)
            if old is None or fact.confidence > old[0].confidence:
                best[key] = (fact, old[1] if old else cand.trigger.i)
    facts = tuple(f for f, _ in sorted(best.values(), key=lambda x: (x[0].start, x[1])))
    used = {(m.start, m.end, m.key) for f in facts for m in (f.subject, f.object)}
    kept = tuple(m for m in mentions.all()
                 if (m.start, m.end, m.key) in used or m.type in ("Organization", "Country"))
    return Extraction(article=article, mentions=kept, facts=facts)


# Importing the extractor modules registers them.
from kg.extract.en import attributes, nominal, ownership, products, verbs  # noqa: E402, F401

__all__ = ["DEFAULT_EXTRACTORS", "extract_doc"]
