"""kg.store.index: a new article's index rows come from its resolved Extraction and are the rows
`sync` would read back from its graph; the other entities' rows are the resolution table's
(real resolver, real rdf writer); `entity_count` is the one entity count of the build summary and
the endpoint's landing page (real seed store, through our store and through a bare pyoxigraph
store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import MODALITIES, STATUSES, Article, Extraction, Fact, Mention
from kg.pipeline.resolution import table_rows
from kg.rdf import DEFAULT_BASE, article_quads
from kg.rdf.terms import KGO, entity_iri
from kg.resolve import Resolver
from kg.store import Store, index
from kg.store.index import LABEL, TYPE, article_rows, graph_rows, scoped

B = "http://kg.example.org/"
TEXT = "GM will buy batteries from LG Energy Solution (LGES) for its plant in Lansing, Michigan."


def extraction(resolver: Resolver | None = None) -> Extraction:
    a = Article("i1", TEXT, "en", path="i1.txt")
    gm, lg, lges, plant, mi = (
        Mention(surface, TEXT.index(surface), TEXT.index(surface) + len(surface), t, surface, k)
        for surface, t, k in (
            ("GM", "Organization", "organization/general-motors"),
            ("LG Energy Solution", "Organization", "name:lgenergysolution"),
            ("LGES", "Organization", "name:lgenergysolution"),
            ("plant", "Facility", "new:66"),
            ("Michigan", "Place", "name:michigan"),
        )
    )
    facts = (
        Fact("i1", gm, "buysFrom", lg, "Planned", 0.8, TEXT, 0, len(TEXT), "test"),
        Fact("i1", plant, "locatedIn", mi, "Asserted", 0.7, TEXT, 0, len(TEXT), "test"),
    )
    return (resolver or Resolver()).resolve(Extraction(a, (gm, lg, lges, plant, mi), facts))


def test_rows_from_the_extraction_are_the_rows_read_from_its_graph() -> None:
    ex = extraction()
    quads = article_quads(ex, base=B)
    graph = f"{B}graph/i1"
    # The entities other articles may name have the table's rows already.
    table = {entity_iri(e.key, B).value for e in ex.entities if not scoped(e.key)}
    assert len(table) == 3  # GM, LG Energy Solution, Michigan; the plant is this article's
    for pending in (False, True):
        known_ex, known_q = set(table), set(table)
        rows = article_rows(ex, quads, graph, B, known_ex, pending=pending)
        assert rows == graph_rows(quads, graph, B, known_q, pending=pending)
        assert known_ex == known_q and len(known_ex) == len(ex.entities) == 4
    again = article_rows(ex, quads, graph, B, known_ex, pending=False)
    assert not [r for r in again if r.predicate in (TYPE, LABEL)]  # written once per entity
    # A graph found without rows, its entities unknown (a store from before the table): every
    # entity gets type and label from the graph.
    read = graph_rows(quads, graph, B, set(), pending=False)
    assert len([r for r in read if r.predicate == TYPE]) == 4


def test_rows_carry_what_resolution_decided() -> None:
    r = Resolver()
    ex = extraction(r)
    rows = article_rows(ex, [], f"{B}graph/i1", B, set(), pending=False)
    rows += [q for row in table_rows(r.table) for q in row.quads(B)]
    labels = {
        r.subject.value.removeprefix(B + "entity/"): r.object.value
        for r in rows
        if r.predicate == LABEL
    }
    assert labels["organization/general-motors"] == "General Motors"
    assert labels["organization/lg-energy-solution"] == "LG Energy Solution"
    assert labels["place/michigan"] == "Michigan"
    assert set(labels) == {e.key for e in ex.entities}


@pytest.mark.slow
def test_the_build_summary_and_a_bare_store_count_the_same_entities(seed_build) -> None:
    path, report = seed_build
    st = Store(path, read_only=True)
    assert index.entity_count(st) == index.entity_count(st.ox) == report.entities > 0
    assert f"entities:  {report.entities}\n" in report.summary()


@pytest.mark.slow
def test_entities_are_the_typed_nodes_articles_name_not_the_ontology_individuals(
    seed_store_path: Path,
) -> None:
    st = Store(seed_store_path, read_only=True)
    named = st.query(
        f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a ?c }}
        FILTER(STRSTARTS(STR(?e), "{DEFAULT_BASE}entity/")) }}"""
    )
    assert index.entity_count(st) == int(next(iter(named))["n"].value)
    # The count the landing page used to show: every kgo:-typed node but articles and
    # statements (and the facts of the facts graph, which came later), which takes in the
    # status individuals of the ontology graph (the modalities, and Ended).
    modalities = st.query(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a <{KGO}Modality> }}")
    assert int(next(iter(modalities))["n"].value) == len(MODALITIES)
    typed = st.query(
        f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a ?c }}
        FILTER(?c != <{KGO}Article> && ?c != <{KGO}Fact> && STRSTARTS(STR(?c), "{KGO}")) }}"""
    )
    assert int(next(iter(typed))["n"].value) == index.entity_count(st) + len(STATUSES)
