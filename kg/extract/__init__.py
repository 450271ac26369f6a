"""Extraction: a parsed article -> mentions and facts (`kg.model.Extraction`).

Extractors are plain generator functions registered under versioned names
(`kg.extract.svo.v1` verbs, `kg.extract.nominal.v1` noun triggers, `kg.extract.attributes.v1`
noun-phrase structure, `kg.extract.ownership.v1` subsidiary / parent nouns,
`kg.extract.products.v1` product lists and "X5 from Holloway"); they take the doc plus
keyword-only `mentions` and `lexicon` and yield `Candidate`s. This module attaches modality
and confidence, drops duplicates and builds Facts.

Modality: `kg.extract.modality.modality(trigger)` unless the extractor fixed one.

Confidence (0-1), documented so a reader can interpret `kgo:confidence`:
    confidence = strength x min(subject.certainty, object.certainty) x (0.9 if implicit else 1)
- strength: the pattern's prior precision from the trigger lexicon (0.55 generic "deal with",
  0.9 "buy ... from");
- certainty: gazetteer 1.0, NER organisation 0.8, other NER 0.7, new facility 0.7, definite
  reference ("the plant") 0.6, product phrase 0.6, shared-head list item ("LFP" in "LFP and
  NMC cells") 0.5, the article's own unnamed organisation ("we", a leading "it") 0.5, a
  pronoun its antecedent's x 0.8;
- implicit: an argument was inherited by climbing the tree (controlled subject, coordinated
  verb, participle) rather than read off a direct dependent.
Duplicates (same subject key, predicate, object key and sentence) keep the most confident one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kg.errors import ExtractError
from kg.model import Article, Extraction, Fact

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_EXTRACTORS = ("kg.extract.svo.v1", "kg.extract.nominal.v1", "kg.extract.attributes.v1",
                      "kg.extract.ownership.v1", "kg.extract.products.v1")


def extract_doc(article: Article, doc: Doc, *,
                extractors: Iterable[str] = DEFAULT_EXTRACTORS) -> Extraction:
    """Mentions and facts of one English article parsed by `kg.nlp.load("en")`."""
    from kg import gazetteer
    from kg.extract import lexicon as lexmod
    from kg.extract.mentions import Mentions
    from kg.extract.modality import modality
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
            key = (fact.subject.key, fact.predicate, fact.object.key, fact.start)
            old = best.get(key)
            if old is None or fact.confidence > old[0].confidence:
                best[key] = (fact, old[1] if old else cand.trigger.i)
    facts = tuple(f for f, _ in sorted(best.values(), key=lambda x: (x[0].start, x[1])))
    used = {(m.start, m.end, m.key) for f in facts for m in (f.subject, f.object)}
    kept = tuple(m for m in mentions.all()
                 if (m.start, m.end, m.key) in used or m.type in ("Organization", "Country"))
    return Extraction(article=article, mentions=kept, facts=facts)


def extract_articles(articles: Iterable[Article], *, nlp: Language | None = None,
                     batch_size: int = 64, n_process: int = 1) -> Iterator[Extraction]:
    """One Extraction per article, in input order; English through `nlp.pipe`, German through
    `kg.extract.german.extract_de`."""
    english: list[Article] = []
    pending: list[Any] = []  # Article (English, parsed in order) or Extraction (German)

    def flush() -> Iterator[Extraction]:
        nonlocal english, pending
        if english:
            model = nlp
            if model is None:
                from kg.nlp import load

                model = load("en")
            parsed = model.pipe(((a.text, a) for a in english), as_tuples=True,
                                batch_size=batch_size, n_process=n_process)
            done = iter(extract_doc(a, d) for d, a in parsed)
        else:
            done = iter(())
        for item in pending:
            yield next(done) if isinstance(item, Article) else item
        english, pending = [], []

    for article in articles:
        if article.lang == "de":
            pending.append(_extract_de(article))
        else:
            english.append(article)
            pending.append(article)
        if len(english) >= batch_size * 4:
            yield from flush()
    yield from flush()


def _extract_de(article: Article) -> Extraction:
    try:
        from kg.extract import german
    except ImportError as exc:
        raise ExtractError(f"German extraction unavailable: {exc}",
                           path=article.path) from None
    return german.extract_de(article)


# Importing the extractor modules registers them (`kg.registry.get("extractor", ...)` imports
# this package first). `import kg` never reaches here, so spaCy stays out of light imports.
from kg.extract import attributes, nominal, ownership, products, verbs  # noqa: E402, F401

__all__ = ["DEFAULT_EXTRACTORS", "extract_articles", "extract_doc"]
