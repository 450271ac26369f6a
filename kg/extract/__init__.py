"""Extraction: a parsed article -> mentions and facts (`kg.model.Extraction`).

Extractors are plain generator functions registered under versioned names
(`kg.extract.svo.v1` verbs, `kg.extract.nominal.v1` noun triggers, `kg.extract.attributes.v1`
noun-phrase structure, `kg.extract.ownership.v1` subsidiary / parent nouns,
`kg.extract.products.v1` product lists and "X5 from Holloway", `kg.extract.frames.v1`
"Seattle-based X", "X-owned Y", possessed facilities); they take the doc plus
keyword-only `mentions` and `lexicon` and yield `Candidate`s. This module attaches modality
and confidence, drops duplicates and builds Facts.

Modality: `kg.extract.en.modality.modality(trigger)` unless the extractor fixed one.

Confidence (0-1), documented so a reader can interpret `kgo:confidence`:
    confidence = strength x min(subject.certainty, object.certainty) x (0.9 if implicit else 1)
- strength: the pattern's prior precision from the trigger lexicon (0.55 generic "deal with",
  0.9 "buy ... from");
- certainty: gazetteer 1.0, NER organisation 0.8, other NER 0.7, new facility 0.7, definite
  reference ("the plant") 0.6, product phrase 0.6, shared-head list item ("LFP" in "LFP and
  NMC cells") 0.5, a proper noun typed by its slot (frame-first, no NER organisation) 0.7,
  the article's own organisation where the article names it 0.8 at most (unnamed: the fact is
  dropped), a pronoun its antecedent's x 0.8;
- implicit: an argument was inherited by climbing the tree (controlled subject, coordinated
  verb, participle) rather than read off a direct dependent.
Duplicates (same subject key, predicate, object key and sentence) keep the most confident one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kg.errors import ExtractError
from kg.model import Article, Extraction

if TYPE_CHECKING:
    from spacy.language import Language


def extract_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """One Extraction per article, in input order; English through `nlp.pipe`, German through
    `kg.extract.de.extract.extract_de`."""
    english: list[Article] = []
    pending: list[Any] = []  # Article (English, parsed in order) or Extraction (German)

    def flush() -> Iterator[Extraction]:
        nonlocal english, pending
        if english:
            model = nlp
            if model is None:
                from kg.nlp import load

                model = load("en")
            parsed = model.pipe(
                ((a.text, a) for a in english),
                as_tuples=True,
                batch_size=batch_size,
                n_process=n_process,
            )
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
        from kg.extract.de import extract as german
    except ImportError as exc:
        raise ExtractError(f"German extraction unavailable: {exc}", path=article.path) from None
    return german.extract_de(article)


# Importing the English package registers its extractors (`kg.registry.get("extractor", ...)`
# imports this package first; German registers when an article needs it). `import kg` never
# reaches here, so spaCy stays out of light imports.
from kg.extract.en import DEFAULT_EXTRACTORS, extract_doc  # noqa: E402

__all__ = ["DEFAULT_EXTRACTORS", "extract_articles", "extract_doc"]
