"""The RDF 1.2 (RDF-star) form of the graph: every statement's reification becomes a triple term.

The store keeps RDF 1.1 reification, which every SPARQL 1.1 store and rdflib read:

    <statement/A/0> a rdf:Statement ; rdf:subject <gm> ; rdf:predicate kgo:buysFrom ;
        rdf:object <catl> ; kgo:modality kgo:Asserted ; kgo:evidence "..." .

In RDF 1.2 the three rdf:subject/predicate/object triples are one triple term, and the statement
is its reifier, annotated with the same provenance (Oxigraph 0.5 writes it so, in Turtle and
TriG; it also reads the annotation syntax `<gm> kgo:buysFrom <catl> ~ <statement/A/0> {| ... |}`):

    <statement/A/0> a rdf:Statement ;
        rdf:reifies <<( <gm> kgo:buysFrom <catl> )>> ;
        kgo:modality kgo:Asserted ; kgo:evidence "..." .

A triple term is not asserted: a negated statement stays a reifier without its triple, as it is
a statement without its triple today. `rdf:Statement` is kept, so a reader (or a SHACL shape)
finds statements the same way in both forms, and `FROM_RDF12` turns the reifiers back exactly:
export and import are inverse, quad for quad.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from kg.rdf.terms import RDF

REIFIES = ox.NamedNode(RDF + "reifies")
_PARTS = {ox.NamedNode(RDF + n): i for i, n in enumerate(("subject", "predicate", "object"))}
PART_PREDICATES = tuple(_PARTS)

Key = tuple[Any, Any]  # (graph name, statement node)


def _triples(parts: Iterable[ox.Quad]) -> dict[Key, ox.Triple]:
    """(graph, statement) -> its triple term, for statements with exactly one subject, predicate
    and object that make a triple (an IRI predicate, a subject that is no literal)."""
    seen: dict[Key, list[list[Any]]] = {}
    for q in parts:
        i = _PARTS.get(q.predicate)
        if i is not None:
            seen.setdefault((q.graph_name, q.subject), [[], [], []])[i].append(q.object)
    out: dict[Key, ox.Triple] = {}
    for key, (s, p, o) in seen.items():
        if len(s) != 1 or len(p) != 1 or len(o) != 1:
            continue
        if isinstance(p[0], ox.NamedNode) and isinstance(s[0], ox.NamedNode | ox.BlankNode):
            out[key] = ox.Triple(s[0], p[0], o[0])
    return out


def to_rdf12(every: Iterable[ox.Quad], parts: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """`every` quad of a dataset in the RDF 1.2 form, given its `parts`: the quads whose
    predicate is rdf:subject, rdf:predicate or rdf:object (an index look-up on a store, so the
    dataset is streamed, not held)."""
    terms = _triples(parts)
    for q in every:
        i = _PARTS.get(q.predicate)
        if i is None:
            yield q
            continue
        term = terms.get((q.graph_name, q.subject))
        if term is None:
            yield q
        elif i == 0:
            yield ox.Quad(q.subject, REIFIES, term, q.graph_name)


# Back to the store's form, in every named graph and in the default graph: a reifier of exactly
# one flat triple term gets its rdf:subject, rdf:predicate and rdf:object again.
FROM_RDF12 = f"PREFIX rdf: <{RDF}>\n" + " ;\n".join(
    f"""DELETE {{ {open_} ?r rdf:reifies ?t {close} }}
INSERT {{ {open_} ?r rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o {close} }}
WHERE {{ {open_} ?r rdf:reifies ?t {close}
  FILTER(isTRIPLE(?t))
  BIND(SUBJECT(?t) AS ?s) BIND(PREDICATE(?t) AS ?p) BIND(OBJECT(?t) AS ?o)
  FILTER(!isTRIPLE(?o))
  FILTER NOT EXISTS {{ {open_} ?r rdf:reifies ?t2 FILTER(?t2 != ?t) {close} }} }}"""
    for open_, close in (("GRAPH ?g {", "}"), ("", ""))
)
