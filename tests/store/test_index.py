"""`index.entity_count`: the one entity count of the build summary and the endpoint's landing
page, on the real seed store, through our store and through a bare pyoxigraph store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import MODALITIES
from kg.rdf import DEFAULT_BASE
from kg.rdf.terms import KGO
from kg.store import Store, index

pytestmark = pytest.mark.slow


def test_the_build_summary_and_a_bare_store_count_the_same_entities(seed_build) -> None:
    path, report = seed_build
    st = Store(path, read_only=True)
    assert index.entity_count(st) == index.entity_count(st.ox) == report.entities > 0
    assert f"entities:  {report.entities}\n" in report.summary()


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
    # statements, which takes in the modality individuals of the ontology graph.
    modalities = st.query(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a <{KGO}Modality> }}")
    assert int(next(iter(modalities))["n"].value) == len(MODALITIES)
    typed = st.query(
        f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a ?c }}
        FILTER(?c != <{KGO}Article> && STRSTARTS(STR(?c), "{KGO}")) }}"""
    )
    assert int(next(iter(typed))["n"].value) == index.entity_count(st) + len(MODALITIES)
