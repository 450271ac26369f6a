"""Namespaces and IRI minting. The ontology namespace is fixed; the data base IRI is the user's
(`--base-iri`), so two groups can publish graphs that do not collide."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox

DEFAULT_BASE = "http://kg.example.org/"
KGO = "http://kg.example.org/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
# The one prefix map: SPARQL prologues, Turtle output, the query page's prefix list. Every query
# may use these without declaring them, alike in `kg query`, `/sparql` and the `/query` page (a
# query's own PREFIX lines override them).
PREFIXES: dict[str, str] = {
    "kgo": KGO,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "xsd": XSD,
    "owl": OWL,
    "schema": SCHEMA,
}
STANDARD_PREFIXES = PREFIXES


def sparql_prologue(*names: str) -> str:
    """`PREFIX p: <ns>` lines for `names` (every prefix of PREFIXES when none are given)."""
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in names or PREFIXES)


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
    # Keys are slug paths ("organization/general-motors"); quoting keeps any stray character
    # from producing an invalid IRI.
    return ox.NamedNode(base + "entity/" + quote(key, safe="/-._~"))


def article_iri(article_id: str, base: str = DEFAULT_BASE) -> ox.NamedNode:
    return ox.NamedNode(f"{base}article/{article_id}")


def graph_iri(article_id: str, base: str = DEFAULT_BASE) -> ox.NamedNode:
    return ox.NamedNode(f"{base}graph/{article_id}")


def statement_iri(article_id: str, n: int, base: str = DEFAULT_BASE) -> ox.NamedNode:
    return ox.NamedNode(f"{base}statement/{article_id}/{n}")


def inferred_graph(base: str = DEFAULT_BASE) -> ox.NamedNode:
    return ox.NamedNode(f"{base}graph/inferred")


def ontology_graph(base: str = DEFAULT_BASE) -> ox.NamedNode:
    return ox.NamedNode(f"{base}graph/ontology")
