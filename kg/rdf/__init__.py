"""Resolved extractions -> RDF: one named graph per article, ontology rules -> inferred graph.

The model (IRIs, named graphs, statements) is documented in ontology/README.md.
"""

from kg.rdf.article import article_quads
from kg.rdf.fixpoint import infer
from kg.rdf.rules import load_rules, ontology_quads
from kg.rdf.terms import DEFAULT_BASE, KGO, entity_iri, graph_iri
from kg.rdf.validate import validate

__all__ = [
    "DEFAULT_BASE",
    "KGO",
    "article_quads",
    "entity_iri",
    "graph_iri",
    "infer",
    "load_rules",
    "ontology_quads",
    "validate",
]
