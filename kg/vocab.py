"""The relation vocabulary, read from the ontology (`ontology/kg.ttl`), never spelled in code.

A relation is a `kgo:` object property between entities (not one about statements, like
`kgo:modality`). Extractors may emit every relation except those the ontology marks
`kgo:derivedOnly` (the inverse sides, `suppliesTo`, `parentOf` ..., which only inference writes).
Symmetry and inverses are the ontology's `owl:SymmetricProperty` and `owl:inverseOf` axioms; the
rule engine (`kg.rdf.rules`) reads the same file for its rules. Which relations can end (a
stake, a partnership: `kgo:canEnd`) is read here too, for the facts' timelines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from kg.mint import OWL, RDF, RDFS, XSD
from kg.paths import ontology_file

# kgo: is not taken from kg.mint here: it is read as the ontology's IRI + "#" (tests check it
# equals kg.mint.KGO).


@dataclass(frozen=True, slots=True)
class Vocabulary:
    namespace: str  # the ontology's own namespace (kgo:), its IRI + "#"
    relations: frozenset[str]  # local names of every relation, extracted or derived
    predicates: frozenset[str]  # the relations an extractor may emit
    symmetric: frozenset[str]
    inverse: Mapping[str, str]  # both directions: buysFrom -> suppliesTo -> buysFrom
    can_end: frozenset[str] = frozenset()  # states that stop holding (kgo:canEnd true)


@lru_cache(maxsize=4)
def vocabulary(path: str | Path | None = None) -> Vocabulary:
    import pyoxigraph as ox

    g = ox.Store()
    g.load(path=str(path or ontology_file()), format=ox.RdfFormat.TURTLE)

    def subjects(p: str, o: str) -> set[str]:
        return {
            q.subject.value for q in g.quads_for_pattern(None, ox.NamedNode(p), ox.NamedNode(o))
        }

    (ontology,) = subjects(RDF + "type", OWL + "Ontology")
    ns = ontology + "#"

    def local(iri: str) -> str | None:
        return iri[len(ns) :] if iri.startswith(ns) else None

    about_statements = subjects(RDFS + "domain", RDF + "Statement")
    relations = {
        local(s) for s in subjects(RDF + "type", OWL + "ObjectProperty") - about_statements
    } - {None}
    true = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    derived, can_end = (
        {local(q.subject.value) for q in g.quads_for_pattern(None, ox.NamedNode(ns + name), true)}
        for name in ("derivedOnly", "canEnd")
    )
    symmetric = {local(s) for s in subjects(RDF + "type", OWL + "SymmetricProperty")}
    inverse: dict[str, str] = {}
    for q in g.quads_for_pattern(None, ox.NamedNode(OWL + "inverseOf"), None):
        a, b = local(q.subject.value), local(q.object.value)
        if a in relations and b in relations:
            inverse[a], inverse[b] = b, a
    return Vocabulary(
        ns,
        frozenset(relations),
        frozenset(relations - derived),
        frozenset(symmetric & relations),
        MappingProxyType(inverse),
        frozenset(can_end & relations),
    )
