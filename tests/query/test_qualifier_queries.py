"""Issue 17 end to end: a small news corpus of our own (tests/data/qualifier_news.jsonl) built
into a real store; qualifiers on statements, article dates and publishers, places linked to
GeoNames, the example queries in ontology/queries/ that need them, and the SHACL shapes."""

from __future__ import annotations

from typing import Any

import pytest
from support.paths import DATA

from kg.query import example_queries, run_query
from kg.store import Store

CORPUS = DATA / "qualifier_news.jsonl"
PREFIXES = """PREFIX kgo: <http://kg.example.org/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from kg.pipeline.build import build

    path = tmp_path_factory.mktemp("qual") / "store"
    report = build([CORPUS], store=path, progress=False)
    assert report.added == 4 and not report.problems
    return Store(path, read_only=True)


def _rows(store: Store, query: str) -> list[list[Any]]:
    return [
        [None if v is None else str(getattr(v, "value", v)) for v in r]
        for r in run_query(store, query)
    ]


def test_queries_needing_qualifiers_name_their_corpus() -> None:
    for name in ("deals-by-year", "deals-by-amount", "stakes-above", "plants-by-capacity"):
        assert f"# test-corpus: tests/data/{CORPUS.name}" in example_queries()[name]


def test_deals_by_year(store: Store) -> None:
    rows = _rows(store, example_queries()["deals-by-year"])
    years = {r[0] for r in rows}
    assert {"2023", "2024"} <= years
    # "on Tuesday" in an article of Friday 2023-05-26: the event year, from the event date
    assert ["2023", "Stellantis", "investsIn", "Leapmotor"] in [r[:4] for r in rows]
    assert ["2024", "Volkswagen", "acquires", "Europcar"] in [r[:4] for r in rows]


def test_deals_by_amount(store: Store) -> None:
    rows = _rows(store, example_queries()["deals-by-amount"])
    assert [r[:5] for r in rows] == [
        ["14000000000", "USD", "Volkswagen", "buysFrom", "Northvolt"],
        ["1500000000", "EUR", "Stellantis", "investsIn", "Leapmotor"],
        ["1100000000", "EUR", "Volkswagen", "acquires", "Europcar"],
    ]  # Siemens' 500 million euros are below the threshold; Ford's $12 share price is no deal
    assert rows[1][6] == "2023-05-23"  # the Tuesday before the article's date


def test_stakes_above_threshold(store: Store) -> None:
    rows = _rows(store, example_queries()["stakes-above"])
    assert [r[:4] for r in rows] == [["Stellantis", "20", "Leapmotor", "investsIn"]]


def test_plants_by_capacity(store: Store) -> None:
    rows = _rows(store, example_queries()["plants-by-capacity"])
    got = {(r[1], r[2]) for r in rows}
    assert {("35", "GWh"), ("60", "GWh")} <= got
    assert all(r[2] == "GWh" for r in rows)


def test_statement_qualifiers_are_typed(store: Store) -> None:
    rows = _rows(
        store,
        PREFIXES
        + """SELECT DISTINCT ?amount ?cur ?exp ?dur WHERE {
        ?st rdf:subject/rdfs:label "Volkswagen"@en ; rdf:predicate kgo:buysFrom ;
            kgo:amount ?amount ; kgo:currency ?cur ; kgo:expectedBy ?exp .
        FILTER(DATATYPE(?amount) = <http://www.w3.org/2001/XMLSchema#decimal>)
        FILTER(DATATYPE(?exp) = <http://www.w3.org/2001/XMLSchema#gYear>)
        OPTIONAL { ?st kgo:duration ?dur } }""",
    )
    assert rows == [["14000000000", "USD", "2025", None]]
    rows = _rows(
        store,
        PREFIXES
        + """SELECT DISTINCT ?dur WHERE {
        ?st rdf:object/rdfs:label "Panasonic"@en ; rdf:predicate kgo:buysFrom ;
            kgo:duration ?dur }""",
    )
    assert rows == [["P10Y"]]
    # the share-price move in the Ford sentence attached nothing
    assert not _rows(
        store,
        PREFIXES
        + """SELECT ?st WHERE { ?st rdf:subject/rdfs:label
        "Ford"@en ; ?q ?v . VALUES ?q { kgo:amount kgo:stakePercent kgo:eventDate } }""",
    )


def test_articles_carry_date_publisher_and_dateline(store: Store) -> None:
    rows = _rows(
        store,
        PREFIXES
        + """SELECT ?created ?pub ?dl ?place WHERE {
        ?a a kgo:Article ; dcterms:created ?created .
        OPTIONAL { ?a dcterms:publisher ?pub } OPTIONAL { ?a kgo:dateline ?dl }
        OPTIONAL { ?a kgo:datelinePlace ?place } } ORDER BY ?created""",
    )
    assert rows[0] == ["2023-05-26", "Reuters", "FRANKFURT, May 26, 2023 (Reuters)", "FRANKFURT"]
    assert rows[-1] == ["2024-03-15", "dpa", "Berlin (dpa)", "Berlin"]
    # the credit line and the dateline are not evidence of any fact
    ev = _rows(store, PREFIXES + "SELECT ?e WHERE { ?st kgo:evidence ?e }")
    assert not [e for (e,) in ev if "Reporting by" in e or "(Reuters)" in e]


def test_places_link_to_geonames(store: Store) -> None:
    rows = _rows(
        store,
        PREFIXES
        + """SELECT DISTINCT ?label ?same WHERE {
        ?p a kgo:Place ; rdfs:label ?label ; owl:sameAs ?same }""",
    )
    assert ["Kansas", "https://sws.geonames.org/4273857/"] in rows


def test_output_conforms_to_shapes(store: Store) -> None:
    from kg.rdf import validate

    ok, report = validate(store)
    assert ok, report
