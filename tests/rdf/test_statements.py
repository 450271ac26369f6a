"""`article_statements`: the supports and statements a first build keeps per article, made
from the resolved extraction, are those the store gives once its quads are written (real
model, real articles: the seeds and the deals-over-time corpora, with dates, negations and
qualifiers)."""

from __future__ import annotations

import pytest
from support.paths import DATA, SEEDS

BASE = "http://kg.example.org/"


@pytest.fixture(scope="module")
def resolved() -> list:
    from kg.pipeline.build import make_resolver, read_articles
    from kg.pipeline.workers import extract_all

    articles, _ = read_articles([SEEDS, DATA / "timelines_en.jsonl", DATA / "timelines_de.jsonl"])
    resolver = make_resolver()
    prepared = []
    for item in extract_all(articles, workers=0):
        prep = resolver.prepare(item)
        resolver.observe(prep)
        prepared.append(prep)
    return [resolver.assign(p) for p in prepared]


@pytest.mark.slow
def test_the_statements_made_from_the_facts_are_those_read_from_the_quads(resolved) -> None:
    import pyoxigraph as ox

    from kg.rdf import article_quads
    from kg.rdf.facts import said_in
    from kg.rdf.rules import extracted_facts, rule_predicates
    from kg.rdf.statements import article_statements

    predicates = rule_predicates()
    supports = said = 0
    for seq, extraction in enumerate(resolved):
        quads = article_quads(extraction, base=BASE)
        made = article_statements(extraction, base=BASE, seq=seq, predicates=predicates, said=True)
        store = ox.Store()
        store.extend(quads)
        stored = extracted_facts(store, base=BASE)
        assert made == (
            {t: sup for t, sup in stored.items() if t[1] in predicates},
            tuple(said_in(quads, order=lambda _, seq=seq: seq)),
        )
        supports += len(made[0])
        said += len(made[1])
    stated = [
        x
        for e in resolved
        for x in article_statements(e, base=BASE, seq=0, predicates=None, said=True)[1]
    ]
    # Real cases, not empty ones: facts with event and publication dates, negated facts
    # (which are statements but never supports) and facts inference does not read.
    assert supports >= 10 and said > supports
    assert {x.event for x in stated} > {None} and {x.published for x in stated} > {None}
    assert "Negated" in {x.modality for x in stated}


@pytest.mark.slow
def test_without_predicates_or_said_nothing_is_kept(resolved) -> None:
    from kg.rdf.statements import article_statements

    for extraction in resolved:
        assert article_statements(extraction, base=BASE, seq=1, predicates=None, said=False) == (
            {},
            (),
        )
