"""One article's facts as tuples, for extraction tests on the real models (English, and German
through its own route)."""

from __future__ import annotations


def facts(text: str, *, modality: bool = False) -> set[tuple[str, ...]]:
    """(subject, predicate, object[, modality]) of every fact extracted from `text`."""
    from kg.extract import extract_articles
    from kg.model import Article

    ex = next(iter(extract_articles([Article(id="t", text=text, lang="en")])))
    if modality:
        return {(f.subject.name, f.predicate, f.object.name, f.modality) for f in ex.facts}
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


def modal_facts(text: str) -> set[tuple[str, ...]]:
    """(subject, predicate, object, modality) of every fact extracted from `text`."""
    return facts(text, modality=True)


def german_facts(text: str) -> set[tuple[str, ...]]:
    """(subject, predicate, object) of every fact the German route extracts from `text`."""
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}
