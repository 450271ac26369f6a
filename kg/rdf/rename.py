"""Rewrite an article graph when resolution changed entities it names (issue 26): a later build
joined two entities, or gave one another canonical label or type. The result is the graph
`kg.rdf.article` would write for the article under the new decisions:
- the entity IRIs are replaced, and its type and English label (the canonical one: not the
  per-language labels of a country, which never change) are the new ones;
- a fact whose two sides became one entity is dropped (resolution drops it), and the statements
  after it are renumbered (statements are numbered in order of the facts kept);
- the resolution notes name the new key.
The article's other quads (surface forms as skos:altLabel, evidence, offsets) do not depend on
other articles and stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import pyoxigraph as ox

from kg.mint import RDF, RDFS, entity_iri, entity_namespace, graph_namespace, statement_iri
from kg.rdf.terms import KGO

_TYPE = ox.NamedNode(RDF + "type")
_LABEL = ox.NamedNode(RDFS + "label")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJ, _OBJ = ox.NamedNode(RDF + "subject"), ox.NamedNode(RDF + "object")
_NOTE = ox.NamedNode(KGO.resolution)

Triple = tuple[str, str, str]


class Renamed(NamedTuple):
    """What an entity key became: its key, canonical label and type (a kgo: class name)."""

    key: str
    label: str
    type: str


def rename_graph(
    quads: list[ox.Quad], changes: Mapping[str, Renamed], base: str
) -> tuple[list[ox.Quad], set[Triple]] | None:
    """The graph's quads after `changes` (old key -> what it became), and the direct facts to
    reconsider for inference (those of the old and of the new graph, when any changed); None
    when the graph names none of the changed entities."""
    iris = {
        entity_iri(old, base): (ox.NamedNode(entity_iri(new.key, base)), new)
        for old, new in changes.items()
    }
    if not any(q.subject.value in iris or q.object.value in iris for q in quads if _iri(q)):
        return None
    out: set[ox.Quad] = set()
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        hit = iris.get(s.value) if isinstance(s, ox.NamedNode) else None
        if hit is not None:
            node, new = hit
            if p == _TYPE:
                o = ox.NamedNode(KGO.term(new.type))
            elif p == _LABEL and isinstance(o, ox.Literal) and (o.language or "") == "en":
                o = ox.Literal(new.label, language="en")
            s = node
        if isinstance(o, ox.NamedNode) and o.value in iris:
            o = iris[o.value][0]
        elif p == _NOTE and isinstance(o, ox.Literal):
            o = ox.Literal(_note(o.value, changes))
        out.add(ox.Quad(s, p, o, q.graph_name))
    graph = next(iter(quads)).graph_name
    kept = _renumbered(out, graph, base)
    return kept, _facts(quads, base) | _facts(kept, base)


def _iri(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.NamedNode)


def _note(text: str, changes: Mapping[str, Renamed]) -> str:
    head, sep, tail = text.partition(" -> ")
    if not sep:
        return text
    key, colon, why = tail.partition(": ")
    new = changes.get(key)
    return f"{head} -> {new.key}{colon}{why}" if new is not None and colon else text


def _renumbered(quads: set[ox.Quad], graph: ox.NamedNode, base: str) -> list[ox.Quad]:
    """Drop the statements (and direct triples) whose subject and object became one entity;
    number the others 0, 1, ... in their old order."""
    article = graph.value[len(graph_namespace(base)) :]
    prefix = statement_iri(article, 0, base)[:-1]
    about: dict[str, dict[str, ox.Term]] = {}
    for q in quads:
        if q.subject.value.startswith(prefix) and q.predicate in (_SUBJ, _OBJ):
            about.setdefault(q.subject.value, {})[q.predicate.value] = q.object
    loops = {st for st, so in about.items() if so.get(_SUBJ.value) == so.get(_OBJ.value)}
    if not loops:
        return sorted(quads, key=str)
    order = sorted((int(st[len(prefix) :]), st) for st in about if st not in loops)
    renumber = {
        st: ox.NamedNode(statement_iri(article, n, base)) for n, (_, st) in enumerate(order)
    }
    out: list[ox.Quad] = []
    for q in quads:
        s = q.subject.value
        if s in loops:
            continue
        if q.subject == q.object and q.predicate.value.startswith(KGO):
            continue  # the direct triple of a dropped fact
        if s in renumber:
            q = ox.Quad(renumber[s], q.predicate, q.object, q.graph_name)
        out.append(q)
    return sorted(out, key=str)


def _facts(quads: list[ox.Quad], base: str) -> set[Triple]:
    """The direct facts between entities (the premises of inference)."""
    entities = entity_namespace(base)
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in quads
        if q.predicate.value.startswith(KGO)
        and q.subject.value.startswith(entities)
        and isinstance(q.object, ox.NamedNode)
    }
