"""What the derived graphs of a store (the inferred graph, the facts graph) are at: the state
graph says whether each is complete for the current rules (`state`, `write_state`), and the
pending graph holds what the facts graph is next brought up to date around (`pending_timelines`,
written by `kg.store.index` with each article added or dropped, and by `rewritten_marks` for a
graph rewritten in place). Read and written by `kg.pipeline.derive` and the build."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.mint import IX, facts_graph, inferred_graph
from kg.store.index import (
    _RDF_TYPE,
    _STATEMENT,
    _TRUE,
    ADDED,
    DROPPED,
    FACTS,
    RULES,
    VERSION,
    VERSION_P,
    RemoteStore,
    Store,
    _rows,
    index_graph,
    pending_graph,
    state_graph,
)


def state(st: Store | RemoteStore, base: str) -> dict[str, str]:
    """`rules` (of a complete inferred graph), `facts` (of a complete facts graph), `version`."""
    return {p.value[len(IX) :]: o.value for _, p, o in _rows(st, state_graph(base))}


def write_state(
    st: Store | RemoteStore, base: str, *, rules: str | None, facts: str | None = None
) -> None:
    g = state_graph(base)
    quads = [ox.Quad(index_graph(base), VERSION_P, ox.Literal(VERSION), g)]
    if rules:
        quads.append(ox.Quad(ox.NamedNode(inferred_graph(base)), RULES, ox.Literal(rules), g))
    if facts:
        quads.append(ox.Quad(ox.NamedNode(facts_graph(base)), FACTS, ox.Literal(facts), g))
    st.put_graph(g.value, quads)


def pending_timelines(st: Store | RemoteStore, base: str) -> tuple[list[str], list[str]]:
    """(article graphs added, statements dropped) since the facts graph was last brought up to
    date."""
    added, dropped = [], []
    for s, p, _ in _rows(st, pending_graph(base), ADDED, DROPPED):
        (added if p == ADDED else dropped).append(s.value)
    return sorted(added), sorted(dropped)


def rewritten_marks(old: Iterable[ox.Quad], graph: str, base: str) -> list[ox.Quad]:
    """The facts graph's pending records for an article graph rewritten in place for entities
    that changed (`kg.rdf.rename`): its old statements dropped and the graph added, since a
    statement may now be about another fact."""
    g = pending_graph(base)
    marks = [
        ox.Quad(q.subject, DROPPED, _TRUE, g)
        for q in old
        if q.predicate == _RDF_TYPE and q.object == _STATEMENT
    ]
    return [*marks, ox.Quad(ox.NamedNode(graph), ADDED, _TRUE, g)]
