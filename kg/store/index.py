"""The maintained index of a store: which articles it holds and which entities they name.

Why: the resolver needs every known entity (key, label, type, aliases) before the first new
article, and the build needs the article list. Reading those by joining rdfs:label, rdf:type and
skos:altLabel over the union of article graphs costs ~N^3 rows for an entity named in N articles.
The index is written with each article graph (the same batch, one transaction locally) and read
in time linear in its rows. A new article's rows come from its resolved `Extraction`
(`article_rows`: the types, labels and aliases resolution decided), not from its quads.

Graphs (all under the data base IRI; predicates in `IX`, not kgo:, so ontology-level readers and
the rules never see them):
- `{base}graph/index`: `<graph/ID> ix:article "ID" ; ix:origin "path:line"` per article;
  `<entity> ix:type <kgo:T> ; ix:label "first label"@en ; ix:alias "..."@lang` per entity (the
  label of the first article that named it, the union of aliases).
- `{base}graph/pending`: work a crash must not lose: `<pending/H> ix:s/ix:p/ix:o` for each direct
  fact of an article added or dropped since the inferred graph was last brought up to date,
  `<graph/ID> ix:added true` for each article graph added and `<statement> ix:dropped true` for
  each statement dropped since the facts graph was, and `<entity> ix:stale true` for entities of
  a dropped article whose rows must be recomputed.
- `{base}graph/state`: `<graph/inferred> ix:rules "sha"` once inference is complete for the
  current rules (absent: the next build recomputes inference in full), `<graph/facts> ix:facts
  "sha"` likewise for the facts' timelines; `<graph/index> ix:version "2"` (`kg.store.derived`).
- `{base}graph/order`: `<graph/ID> ix:seq n`, the build order (`kg.store.order`): written here
  with each article, read there.

Consistency: the index is a function of the article graphs, so `sync` repairs it at the start of
every build (graphs without an index row are indexed from their content; rows without a graph
are removed); on a local store an article graph and its rows land in one transaction anyway.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

import pyoxigraph as ox

from kg.mint import (
    DCTERMS,
    IX,
    KGO,
    RDF,
    RDFS,
    SKOS,
    SPECIAL_GRAPHS,
    XSD,
    entity_namespace,
    graph_iri,
    graph_namespace,
    pending_iri,
)
from kg.model import Extraction, Label
from kg.rdf.terms import entity_iri, kgo_term


class Store(Protocol):
    """What the index needs of a store, local (`kg.store.oxi.Store`) or remote
    (`kg.store.remote.RemoteStore`): both import this module, so it names neither."""

    def query(self, sparql: str, *, union: bool = ...) -> Any: ...

    def put_graph(self, iri: str, quads: Iterable[ox.Quad]) -> None: ...

    def change(
        self,
        *,
        drop: Iterable[str] = (),
        remove: Iterable[ox.Quad] = (),
        add: Iterable[ox.Quad] = (),
    ) -> None: ...

    def named_graphs(self) -> Any: ...


RemoteStore = Store


def _local(st: Store) -> ox.Store | None:
    """The on-disk Oxigraph store behind a local store (read by pattern, no SPARQL)."""
    found = getattr(st, "ox", None)
    return found if isinstance(found, ox.Store) else None


VERSION = "2"  # 2: entity rows carry the resolution table's evidence (`kg.store.entities`)
_KGO = KGO
_RDF_TYPE = ox.NamedNode(RDF + "type")
_LABEL = ox.NamedNode(RDFS + "label")
_ALT = ox.NamedNode(SKOS + "altLabel")
_ARTICLE_TYPE = ox.NamedNode(KGO.Article)
_IDENT = ox.NamedNode(DCTERMS + "identifier")
_ORIGIN_IN = ox.NamedNode(KGO.origin)
ARTICLE, ORIGIN, TYPE, LABEL, ALIAS, STALE, PEND_S, PEND_P, PEND_O, RULES, VERSION_P = (
    ox.NamedNode(IX + n)
    for n in (
        "article",
        "origin",
        "type",
        "label",
        "alias",
        "stale",
        "s",
        "p",
        "o",
        "rules",
        "version",
    )
)
# Entity evidence (`kg.store.entities`), the rename journal and graphs being bulk-loaded.
CLAIM, FIND, PINNED, RENAMED, LOADING = (
    ox.NamedNode(IX + n) for n in ("claim", "find", "pinned", "renamed", "loading")
)
_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
SEQ, ADDED, DROPPED, FACTS = (ox.NamedNode(IX + n) for n in ("seq", "added", "dropped", "facts"))
_INT = ox.NamedNode(XSD + "integer")
_STATEMENT = ox.NamedNode(RDF + "Statement")


def index_graph(base: str) -> ox.NamedNode:
    return ox.NamedNode(graph_iri("index", base))


def pending_graph(base: str) -> ox.NamedNode:
    return ox.NamedNode(graph_iri("pending", base))


def state_graph(base: str) -> ox.NamedNode:
    return ox.NamedNode(graph_iri("state", base))


def order_graph(base: str) -> ox.NamedNode:
    return ox.NamedNode(graph_iri("order", base))


def is_article_graph(iri: str, base: str) -> bool:
    prefix = graph_namespace(base)
    return iri.startswith(prefix) and iri[len(prefix) :] not in SPECIAL_GRAPHS


def pending_quads(triples: Iterable[tuple[str, str, str]], base: str) -> list[ox.Quad]:
    g = pending_graph(base)
    out: list[ox.Quad] = []
    for s, p, o in triples:
        node = ox.NamedNode(pending_iri((s, p, o), base))
        out += [
            ox.Quad(node, PEND_S, ox.NamedNode(s), g),
            ox.Quad(node, PEND_P, ox.NamedNode(p), g),
            ox.Quad(node, PEND_O, ox.NamedNode(o), g),
        ]
    return out


def direct_facts(quads: Iterable[ox.Quad]) -> Iterator[tuple[str, str, str]]:
    """The direct kgo: triples between IRIs among `quads` (the premises of inference)."""
    for q in quads:
        if (
            q.predicate.value.startswith(_KGO)
            and isinstance(q.subject, ox.NamedNode)
            and isinstance(q.object, ox.NamedNode)
        ):
            yield q.subject.value, q.predicate.value, q.object.value


def scoped(key: str) -> bool:
    """ "facility/<article>/<slug>": an entity only its article names (its index rows go with
    the article's; every other entity's rows come from the resolution table)."""
    return key.count("/") >= 2


def article_rows(
    extraction: Extraction,
    quads: list[ox.Quad],
    graph: str,
    base: str,
    known: set[str],
    *,
    pending: bool,
    seq: int | None = None,
) -> list[ox.Quad]:
    """Index rows for one article graph, from what resolution decided: the article and its
    origin, the rows of the entities only it names (`extraction.entities` and `labels`; the
    other entities' rows are the table's, `kg.store.entities`), its build order `seq`
    (`kg.store.order`) and, with `pending`, its direct facts (from `quads`) and the graph itself
    for the facts graph. `known` (entity IRIs already indexed) is updated. The rows are those
    `graph_rows` reads back from the quads when every other entity is known."""
    g = index_graph(base)
    gnode = ox.NamedNode(graph)
    a = extraction.article
    rows = [
        ox.Quad(gnode, ARTICLE, ox.Literal(a.id), g),
        ox.Quad(gnode, ORIGIN, ox.Literal(a.origin), g),
    ]
    label: dict[str, Label] = {}
    alts: dict[str, list[Label]] = defaultdict(list)
    for lab in extraction.labels:
        if lab.alt:
            alts[lab.key].append(lab)
        elif lab.lang.startswith("en"):
            label.setdefault(lab.key, lab)
    for ent in extraction.entities:
        e = entity_iri(ent.key, base)
        if not scoped(ent.key) or e.value in known or ent.key not in label:
            continue
        known.add(e.value)
        rows += [
            ox.Quad(e, TYPE, kgo_term(ent.type), g),
            ox.Quad(e, LABEL, ox.Literal(label[ent.key].text, language=label[ent.key].lang), g),
        ]
        rows += [
            ox.Quad(e, ALIAS, ox.Literal(lab.text, language=lab.lang), g) for lab in alts[ent.key]
        ]
    return rows + _added_rows(quads, gnode, base, pending=pending, seq=seq)


def _added_rows(
    quads: list[ox.Quad], gnode: ox.NamedNode, base: str, *, pending: bool, seq: int | None
) -> list[ox.Quad]:
    """An added article graph's build order, and (`pending`) its direct facts for inference and
    the graph itself for the facts graph."""
    rows = [] if seq is None else [order_row(gnode.value, base, seq)]
    if pending:
        rows += pending_quads(direct_facts(quads), base)
        rows.append(ox.Quad(gnode, ADDED, _TRUE, pending_graph(base)))
    return rows


def order_row(graph: str, base: str, seq: int) -> ox.Quad:
    """An article graph's build order (`kg.store.order`)."""
    return ox.Quad(ox.NamedNode(graph), SEQ, ox.Literal(str(seq), datatype=_INT), order_graph(base))


def graph_rows(
    quads: list[ox.Quad], graph: str, base: str, known: set[str], *, pending: bool
) -> list[ox.Quad]:
    """Index rows read back from one article graph's quads, for a graph found in the store
    without its rows (`sync`: a crash, or a store built before the index existed; its build
    order is given later, by `kg.store.order.build_order`): the article's, and type, label and
    aliases of each entity not `known` yet (for an entity the table never saw, its evidence is
    then read from its names). `known` is updated."""
    g = index_graph(base)
    rows: list[ox.Quad] = []
    gnode = ox.NamedNode(graph)
    labels: dict[str, ox.Literal] = {}
    types: dict[str, ox.NamedNode] = {}
    aliases: list[ox.Quad] = []
    prefix = entity_namespace(base)
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        if p == _IDENT and isinstance(o, ox.Literal):
            rows.append(ox.Quad(gnode, ARTICLE, o, g))
        elif p == _ORIGIN_IN and isinstance(o, ox.Literal):
            rows.append(ox.Quad(gnode, ORIGIN, o, g))
        elif not isinstance(s, ox.NamedNode) or not s.value.startswith(prefix):
            continue
        elif p == _RDF_TYPE and isinstance(o, ox.NamedNode):
            types.setdefault(s.value, o)
        elif p == _LABEL and isinstance(o, ox.Literal) and (o.language or "").startswith("en"):
            labels.setdefault(s.value, o)
        elif p == _ALT and isinstance(o, ox.Literal):
            aliases.append(ox.Quad(s, ALIAS, o, g))
    new = {e for e in types if e not in known and e in labels}
    for e in new:
        known.add(e)
        rows += [
            ox.Quad(ox.NamedNode(e), TYPE, types[e], g),
            ox.Quad(ox.NamedNode(e), LABEL, labels[e], g),
        ]
    rows += [q for q in aliases if q.subject.value in new]
    return rows + _added_rows(quads, gnode, base, pending=pending, seq=None)


# -- reading ------------------------------------------------------------------------------------
def _rows(
    st: Store | RemoteStore, graph: ox.NamedNode, *predicates: ox.NamedNode
) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.Term]]:
    """The rows of one index graph (only those with `predicates`, if given)."""
    if (local := _local(st)) is not None:
        for p in predicates or (None,):
            for q in local.quads_for_pattern(None, p, None, graph):
                yield q.subject, q.predicate, q.object
        return
    values = " ".join(f"<{p.value}>" for p in predicates)
    where = f"VALUES ?p {{ {values} }} " if predicates else ""
    query = f"SELECT ?s ?p ?o WHERE {{ {where}GRAPH <{graph.value}> {{ ?s ?p ?o }} }}"
    for r in st.query(query, union=False):
        yield r["s"], r["p"], r["o"]


def articles(st: Store | RemoteStore, base: str) -> dict[str, str]:
    """article id -> origin, from the index."""
    ids: dict[str, str] = {}
    origins: dict[str, str] = {}
    for s, p, o in _rows(st, index_graph(base), ARTICLE, ORIGIN):
        if p == ARTICLE:
            ids[s.value] = o.value
        elif p == ORIGIN:
            origins[s.value] = o.value
    return {aid: origins.get(g, "") for g, aid in ids.items()}


def entities(st: Store | RemoteStore, base: str) -> Iterator[tuple[str, str, str, list[str]]]:
    """(key, label, type, aliases) of every indexed entity, by key."""
    label: dict[str, str] = {}
    etype: dict[str, str] = {}
    alts: dict[str, set[str]] = defaultdict(set)
    for s, p, o in _rows(st, index_graph(base), LABEL, TYPE, ALIAS):
        if p == LABEL:
            label[s.value] = o.value
        elif p == TYPE:
            etype[s.value] = o.value
        elif p == ALIAS:
            alts[s.value].add(o.value)
    prefix = entity_namespace(base)
    for e in sorted(label):
        if e in etype and e.startswith(prefix):
            yield (e[len(prefix) :], label[e], etype[e].rsplit("#", 1)[-1], sorted(alts.get(e, ())))


def entity_count(st: Store | RemoteStore | ox.Store) -> int:
    """The number of entities in a store, the one count the build summary and the endpoint's
    landing page show (the page used to count every kgo:-typed node of any graph, so the five
    modality individuals of the ontology graph made its number 5 higher). An entity is a row of
    an entity index (`ix:type`): a node an article typed and labelled in English, whatever the
    base IRI. Takes our stores or a bare pyoxigraph store (as a query worker holds one)."""
    local = st if isinstance(st, ox.Store) else _local(st)
    if local is not None:
        return len({q.subject for q in local.quads_for_pattern(None, TYPE, None, None)})
    q = f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e <{TYPE.value}> ?t }} }}"
    return int(next(iter(st.query(q, union=False)))["n"].value)


def entity_iris(st: Store | RemoteStore, base: str) -> set[str]:
    return {s.value for s, _, _ in _rows(st, index_graph(base), TYPE)}


def pending(st: Store | RemoteStore, base: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(dirty facts, stale entities) recorded in the pending graph."""
    parts: dict[str, dict[str, str]] = defaultdict(dict)
    stale: list[str] = []
    for s, p, o in _rows(st, pending_graph(base)):
        if p == STALE:
            stale.append(s.value)
        elif p in (PEND_S, PEND_P, PEND_O):
            parts[s.value][p.value] = o.value
    keys = (PEND_S.value, PEND_P.value, PEND_O.value)
    facts = sorted({(d[keys[0]], d[keys[1]], d[keys[2]]) for d in parts.values() if len(d) == 3})
    return facts, sorted(set(stale))


# -- keeping it consistent ------------------------------------------------------------------------
def sync(st: Store | RemoteStore, base: str, *, pending_facts: bool) -> tuple[int, dict[str, str]]:
    """Make the index agree with the article graphs (after a crash, or on a store built before
    the index existed); returns how many graphs were (re)indexed or forgotten, and the article
    list (id -> origin). Graphs whose bulk load never finished (`kg.store.bulk`) are dropped
    first: their articles are built again."""
    half = sorted({s.value for s, _, _ in _rows(st, pending_graph(base), LOADING)})
    for iri in half:
        drop_article(st, base, iri)
    if half:
        # Their build order goes too: the articles are built again, and given it again.
        gone, og = set(half), order_graph(base)
        order = [ox.Quad(s, p, o, og) for s, p, o in _rows(st, og, SEQ) if s.value in gone]
        st.change(
            remove=[ox.Quad(ox.NamedNode(i), LOADING, _TRUE, pending_graph(base)) for i in half]
            + order
        )
    graphs = {
        g.value
        for g in st.named_graphs()
        if isinstance(g, ox.NamedNode) and is_article_graph(g.value, base)
    }
    listed = articles(st, base)
    indexed = {graph_iri(aid, base): aid for aid in listed}
    missing = sorted(graphs - set(indexed))
    ghosts = sorted(set(indexed) - graphs)
    if ghosts:
        g = index_graph(base)
        rows = [
            ox.Quad(ox.NamedNode(iri), p, o, g)
            for iri in ghosts
            for p, o in _subject_rows(st, g, iri)
        ]
        st.change(remove=rows)
    if missing:
        known = entity_iris(st, base)
        batch: list[ox.Quad] = []
        for iri in missing:
            batch += graph_rows(
                list(_graph_quads(st, iri)), iri, base, known, pending=pending_facts
            )
            if len(batch) > 20_000:
                st.change(add=batch)
                batch = []
        st.change(add=batch)
    if missing or ghosts:
        listed = articles(st, base)
    return len(half) + len(missing) + len(ghosts), listed


def drop_article(st: Store | RemoteStore, base: str, iri: str) -> None:
    """Drop one article graph with its index rows; its facts become pending (inference must
    retract what they supported) and its entities stale (their rows are recomputed)."""
    quads = list(_graph_quads(st, iri))
    if not quads:
        return
    g = index_graph(base)
    rows = [ox.Quad(ox.NamedNode(iri), p, o, g) for p, o in _subject_rows(st, g, iri)]
    prefix = entity_namespace(base)
    ents = sorted(
        {
            q.subject.value
            for q in quads
            if q.predicate == _RDF_TYPE and q.subject.value.startswith(prefix)
        }
    )
    marks = [ox.Quad(ox.NamedNode(e), STALE, _TRUE, pending_graph(base)) for e in ents]
    marks += [
        ox.Quad(q.subject, DROPPED, _TRUE, pending_graph(base))
        for q in quads
        if q.predicate == _RDF_TYPE and q.object == _STATEMENT
    ]
    st.change(remove=rows, add=marks + pending_quads(direct_facts(quads), base), drop=[iri])


def repair(st: Store | RemoteStore, base: str) -> None:
    """Settle the entities marked stale (named by a dropped article, or written ahead of the
    article graphs of a build that may have crashed): the rows of an entity no article graph
    names any more are removed; an entity still named keeps its rows (its label and evidence
    are the resolution table's, `kg.store.entities`; a dropped article's evidence is not taken
    back, see docs/scaling.md)."""
    _, stale = pending(st, base)
    if not stale:
        return
    g = index_graph(base)
    remove: list[ox.Quad] = [
        ox.Quad(ox.NamedNode(e), STALE, _TRUE, pending_graph(base)) for e in stale
    ]
    for e in stale:
        if not _named(st, e, base):
            remove += [ox.Quad(ox.NamedNode(e), p, o, g) for p, o in _subject_rows(st, g, e)]
    st.change(remove=remove)


def stale_quads(entities: Iterable[str], base: str) -> list[ox.Quad]:
    """Marks that make the next `repair` check these entities (IRIs)."""
    g = pending_graph(base)
    return [ox.Quad(ox.NamedNode(e), STALE, _TRUE, g) for e in entities]


def _named(st: Store | RemoteStore, e: str, base: str) -> bool:
    """Does some article graph describe entity `e`?"""
    if (local := _local(st)) is not None:
        return any(
            isinstance(q.graph_name, ox.NamedNode) and is_article_graph(q.graph_name.value, base)
            for q in local.quads_for_pattern(ox.NamedNode(e), _RDF_TYPE, None, None)
        )
    rows = st.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{e}> a ?t }} }} LIMIT 50", union=False)
    return any(is_article_graph(r["g"].value, base) for r in rows)


def _subject_rows(
    st: Store | RemoteStore, graph: ox.NamedNode, iri: str
) -> Iterator[tuple[ox.NamedNode, ox.Term]]:
    if (local := _local(st)) is not None:
        for q in local.quads_for_pattern(ox.NamedNode(iri), None, None, graph):
            yield q.predicate, q.object
        return
    for r in st.query(
        f"SELECT ?p ?o WHERE {{ GRAPH <{graph.value}> {{ <{iri}> ?p ?o }} }}", union=False
    ):
        yield r["p"], r["o"]


def replace_graph(
    st: Store | RemoteStore, iri: str, quads: list[ox.Quad], extra: list[ox.Quad]
) -> None:
    """Replace one existing graph and add `extra` (index rows), in one transaction where the
    store has them (a local store, a remote one with an update endpoint); over the Graph Store
    Protocol alone, the graph is PUT (atomic) before `extra` is added."""
    if _local(st) is not None or getattr(st, "update_url", None):
        st.change(drop=[iri], add=[*quads, *extra])
        return
    st.put_graph(iri, quads)
    if extra:
        st.change(add=extra)


def graph_quads(st: Store | RemoteStore, iri: str) -> Iterator[ox.Quad]:
    """Every quad of one named graph."""
    return _graph_quads(st, iri)


def _graph_quads(st: Store | RemoteStore, iri: str) -> Iterator[ox.Quad]:
    g = ox.NamedNode(iri)
    if (local := _local(st)) is not None:
        yield from local.quads_for_pattern(None, None, None, g)
        return
    for r in st.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", union=False):
        yield ox.Quad(r["s"], r["p"], r["o"], g)
