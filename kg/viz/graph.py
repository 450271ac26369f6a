"""RDF (a store, a query result or a file) -> a networkx MultiDiGraph the page renders.

Why networkx in between: the page needs graph work (degree, neighbourhoods, caps, layout) that
networkx already does well, and callers (notebooks, tests) can inspect or edit the graph before
rendering. One node per resource, one edge per distinct (subject, predicate, object) triple; the
edge's `facts` carry every rdf:Statement (evidence, modality, confidence, source, qualifiers
such as amount or event date, the article's publication date) behind it.

Two readings of the RDF:
- our knowledge graph (entities under `{base}entity/`): nodes are entities, edges are kgo:
  properties between them, evidence comes from the reified statements;
- any other RDF: every IRI/blank-node resource is a node and every triple whose object is a
  resource is an edge, using rdfs:label / rdf:type when present.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.errors import VizError
from kg.mint import OWL, entity_namespace
from kg.model import MODALITIES
from kg.rdf.terms import DEFAULT_BASE, KGO, PROV, RDF, RDFS, SKOS
from kg.viz.facts import attach_facts, filter_facts, label_edges
from kg.viz.labels import (
    PREFIXES,
    fallback_label,
    lang_rank,
    local_name,
    ontology_labels,
    term_key,
)

# Predicates that describe a resource or a statement rather than relate two things.
_NOT_EDGES = {
    RDF + "type",
    RDF + "subject",
    RDF + "predicate",
    RDF + "object",
    RDFS + "label",
    SKOS + "altLabel",
    SKOS + "prefLabel",
    PROV + "wasDerivedFrom",
}


# -- public API ------------------------------------------------------------------------------


def graph_from_store(
    store: Any,
    *,
    query: str | None = None,
    focus: str | None = None,
    hops: int = 1,
    min_confidence: float = 0.0,
    modalities: Iterable[str] | None = None,
    base: str = DEFAULT_BASE,
    negated: bool = False,
) -> nx.MultiDiGraph:
    """The graph of a store (`kg.store.Store` or anything with the same `.query`).

    query: SPARQL text; a CONSTRUCT result is drawn as is, a SELECT must bind ?s ?p ?o.
    focus: an entity (IRI, entity key, canonical name or alias) whose `hops`-neighbourhood is
    kept. min_confidence/modalities drop facts; an edge stays while one of its facts passes.
    negated: also draw negated statements (they have no direct triple) as edges.
    """
    if hops < 0:
        raise VizError(f"--hops must be >= 0, not {hops}")
    if not 0.0 <= min_confidence <= 1.0:
        raise VizError(f"--min-confidence must be between 0 and 1, not {min_confidence}")
    mods = None if modalities is None else set(modalities)
    if mods is not None and (bad := mods - set(MODALITIES)):
        raise VizError(f"unknown modality {sorted(bad)[0]!r} (known: {', '.join(MODALITIES)})")

    if query is not None:
        triples = _query_triples(store, query)
        g = _graph_from_triples(store, triples, base=base)
    elif _has_entities(store, base):
        g = _kg_graph(store, base=base, negated=negated)
    else:
        g = _graph_from_triples(store, None, base=base)

    filtered = mods is not None or min_confidence > 0.0
    if filtered:
        filter_facts(g, min_confidence, mods)
    if focus is not None:
        centre = find_node(g, focus, base=base)
        keep = nx.single_source_shortest_path_length(
            g.to_undirected(as_view=True), centre, cutoff=hops
        )
        g = g.subgraph(keep).copy()
        g.graph["focus"] = centre
    elif filtered:
        g.remove_nodes_from(
            [n for n in list(g) if g.degree(n) == 0 and g.nodes[n].get("had_edges")]
        )
    for n in g:
        g.nodes[n].pop("had_edges", None)
    return g


def graph_from_rdf(
    path: str | Path, *, base: str = DEFAULT_BASE, fmt: str | None = None, **options: Any
) -> nx.MultiDiGraph:
    """The graph of any RDF file (Turtle, N-Triples, N-Quads, TriG, ...), without a store.
    `options` are those of `graph_from_store` (query, focus, hops, min_confidence, ...)."""
    from kg.store.oxi import Store

    mem = Store(None)
    mem.load(path, fmt=fmt)
    return graph_from_store(mem, base=base, **options)


def find_node(g: nx.MultiDiGraph, name: str, *, base: str = DEFAULT_BASE) -> Any:
    """A node by IRI, entity key, canonical name or alias (case-insensitive)."""
    for cand in (name, entity_namespace(base) + name):
        if cand in g:
            return cand
    folded = name.casefold().strip()
    hits = [n for n, d in g.nodes(data=True) if str(d.get("label", "")).casefold() == folded]
    if not hits:
        hits = [
            n
            for n, d in g.nodes(data=True)
            if folded in (a.casefold() for a in d.get("aliases", ()))
        ]
    if not hits:
        raise VizError(f"no entity named {name!r} in the graph")
    # Ambiguous names pick the best-connected entity: that is what a reader usually means.
    return max(hits, key=lambda n: (g.degree(n), str(n)))


# -- building --------------------------------------------------------------------------------


def _has_entities(store: Any, base: str) -> bool:
    q = f'ASK {{ ?e ?p ?o FILTER(STRSTARTS(STR(?e), "{entity_namespace(base)}")) }}'
    return bool(store.query(q))


def _query_triples(store: Any, query: str) -> list[tuple[Any, Any, Any]]:
    res = store.query(query)
    if isinstance(res, ox.QueryBoolean | bool):
        raise VizError("an ASK query has no graph to draw; use CONSTRUCT or SELECT ?s ?p ?o")
    if isinstance(res, ox.QuerySolutions):
        names = {v.value for v in res.variables}
        if not {"s", "p", "o"} <= names:
            raise VizError(
                "a SELECT query for the graph must bind ?s ?p ?o "
                f"(it binds {', '.join('?' + n for n in sorted(names)) or 'nothing'})"
            )
        return [
            (r["s"], r["p"], r["o"])
            for r in res
            if r["s"] is not None and r["p"] is not None and r["o"] is not None
        ]
    return [(t.subject, t.predicate, t.object) for t in res]


def _kg_graph(store: Any, *, base: str, negated: bool) -> nx.MultiDiGraph:
    ent = entity_namespace(base)
    g = nx.MultiDiGraph()
    for row in store.query(
        PREFIXES
        + f"""SELECT DISTINCT ?e WHERE {{
            {{ ?e ?p ?o }} UNION {{ ?s ?p ?e }} FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{ent}"))
            }}"""
    ):
        g.add_node(row["e"].value, iri=row["e"].value)
    for row in store.query(
        PREFIXES
        + f"""SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o
            FILTER(isIRI(?o) && STRSTARTS(STR(?s), "{ent}") && STRSTARTS(STR(?o), "{ent}")
                   && STRSTARTS(STR(?p), "{KGO}")) }}"""
    ):
        g.add_edge(row["s"].value, row["o"].value, key=row["p"].value, predicate=row["p"].value)
    _decorate_nodes(store, g)
    attach_facts(store, g, add_negated=negated, only_between=ent)
    label_edges(store, g)
    return g


def _graph_from_triples(
    store: Any, triples: list[tuple[Any, Any, Any]] | None, *, base: str
) -> nx.MultiDiGraph:
    """Generic reading. `triples=None` means "every triple in the store"."""
    g = nx.MultiDiGraph()
    described: list[tuple[Any, Any, Any]] = []
    if triples is None:
        statements = {
            term_key(r["st"])
            for r in store.query(PREFIXES + "SELECT DISTINCT ?st WHERE { ?st rdf:subject ?x }")
        }
        rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        triples = [(r["s"], r["p"], r["o"]) for r in rows]
    else:
        statements = set()
    for s, p, o in triples:
        sk = term_key(s)
        if sk in statements or isinstance(s, ox.Triple):
            continue
        if sk not in g:
            g.add_node(sk, iri=sk)
        if p.value in _NOT_EDGES or isinstance(o, ox.Literal | ox.Triple):
            described.append((s, p, o))
            continue
        ok = term_key(o)
        if ok in statements:
            continue
        if ok not in g:
            g.add_node(ok, iri=ok)
        g.add_edge(sk, ok, key=p.value, predicate=p.value)
    _decorate_nodes(store, g, extra=described)
    attach_facts(store, g, add_negated=False, only_between=None)
    label_edges(store, g)
    return g


def _decorate_nodes(
    store: Any, g: nx.MultiDiGraph, extra: Iterable[tuple[Any, Any, Any]] = ()
) -> None:
    labels: dict[str, list[tuple[int, str]]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)

    def note(s: str, p: str, o: Any) -> None:
        if s not in g:
            return
        if p == RDFS + "label" and isinstance(o, ox.Literal):
            labels[s].append((lang_rank(o.language), o.value))
        elif p in (SKOS + "altLabel", SKOS + "prefLabel") and isinstance(o, ox.Literal):
            aliases[s].add(o.value)
        elif p == RDF + "type" and not isinstance(o, ox.Literal):
            types[s].add(o.value)

    for s, p, o in extra:
        note(term_key(s), p.value, o)
    for row in store.query(
        PREFIXES
        + """SELECT ?s ?p ?o WHERE { ?s ?p ?o
            VALUES ?p { rdfs:label skos:altLabel skos:prefLabel rdf:type } }"""
    ):
        note(term_key(row["s"]), row["p"].value, row["o"])

    onto = ontology_labels()
    for n, data in g.nodes(data=True):
        ranked = sorted(set(labels.get(n, ())))
        label = ranked[0][1] if ranked else fallback_label(n)
        data["label"] = label
        data["aliases"] = sorted(
            ({v for _, v in ranked} | aliases.get(n, set())) - {label}, key=str.casefold
        )
        data["type"] = _pick_type(types.get(n, set()))
        if data["type"] != "Resource":
            data["type_label"] = onto.get(KGO + data["type"], data["type"])


def _pick_type(types: set[str]) -> str:
    ours = sorted(local_name(t) for t in types if t.startswith(KGO))
    if ours:
        return ours[0]
    rest = sorted(local_name(t) for t in types if not t.startswith((RDFS, OWL)))
    return rest[0] if rest else "Resource"
