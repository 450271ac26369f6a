"""The rdf stage's terms: the names `kg.mint` mints (namespaces, IRIs of entities, articles,
statements and graphs), as pyoxigraph nodes where the writer needs nodes."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from kg import mint
from kg.mint import (
    DCTERMS,
    DEFAULT_BASE,
    KGO,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    sparql_prologue,
)

STANDARD_PREFIXES = PREFIXES

# The statement properties that qualify a fact (ontology/README.md "Qualifiers"), local names in
# kgo:; the RDF writer and the graph page read this one list.
QUALIFIER_PROPERTIES = (
    "amount",
    "currency",
    "stakePercent",
    "capacity",
    "capacityUnit",
    "duration",
    "eventDate",
    "expectedBy",
)


def entity_iri(key: str, base: str = DEFAULT_BASE) -> ox.NamedNode:
    # An article-scoped entity (a plant: ~1 per article) is named by its article alone: kept, it
    # would fill the cache with one entry per article, ~0.3 KB each up to its 65,536 entries,
    # for nothing (docs/scaling.md, "Stop 38").
    if mint.article_scoped(key):
        return ox.NamedNode(mint.entity_iri(key, base))
    return _shared_iri(key, base)


@lru_cache(maxsize=1 << 16)  # an article's graph names its entities in every fact and label
def _shared_iri(key: str, base: str) -> ox.NamedNode:
    return ox.NamedNode(mint.entity_iri(key, base))


@lru_cache(maxsize=256)
def kgo_term(name: str) -> ox.NamedNode:
    """The node of the ontology term `name` (a relation, class or modality), made once."""
    return ox.NamedNode(KGO.term(name))


def graph_iri(article_id: str, base: str = DEFAULT_BASE) -> ox.NamedNode:
    return ox.NamedNode(mint.graph_iri(article_id, base))


def inferred_graph(base: str = DEFAULT_BASE) -> ox.NamedNode:
    return ox.NamedNode(mint.inferred_graph(base))


def ontology_graph(base: str = DEFAULT_BASE) -> ox.NamedNode:
    return ox.NamedNode(mint.ontology_graph(base))


__all__ = [
    "DCTERMS",
    "DEFAULT_BASE",
    "KGO",
    "OWL",
    "PREFIXES",
    "PROV",
    "QUALIFIER_PROPERTIES",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "STANDARD_PREFIXES",
    "XSD",
    "entity_iri",
    "graph_iri",
    "inferred_graph",
    "kgo_term",
    "ontology_graph",
    "sparql_prologue",
]
