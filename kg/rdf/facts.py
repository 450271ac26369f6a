"""The facts graph `{base}graph/facts`: every fact's timeline (`kg.rdf.timeline`) as RDF, rebuilt
in full or brought up to date around the statements that changed, like the inferred graph.

What it holds (ontology/README.md, "Facts over time"):

    <fact/H> a kgo:Fact ; kgo:factSubject <s> ; kgo:factRelation kgo:acquires ;
        kgo:factObject <o> ; kgo:status kgo:Asserted ; kgo:statusDate "2023-06-19"^^xsd:date .
    (and kgo:contradicted true on a contradicted fact)
    <statement/A/0> kgo:fact <fact/H> ; kgo:timelinePosition 1 ;
        kgo:timelineDate "2023-03-14"^^xsd:date ; kgo:dateSource dcterms:issued ;
        kgo:statusAfter kgo:Planned .

Why it can be local: a fact's timeline is a function of its own statements only (their
modality, dates, article and build order), and a statement never changes (its article's text
is its identity). So after a build only the facts of the statements added or dropped change:
the graphs added and the statements dropped are recorded as pending with the articles, and
the facts graph itself says which fact a dropped statement was about. A fact's statements are
then those the facts graph already links to it that still exist, plus those of the added
graphs; nothing reads the whole store. `update_facts` returns
the quads to remove and add, which the build writes in the same transaction as the inferred
graph's update and the clearing of the pending record.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.mint import DCTERMS, fact_iri, facts_graph
from kg.rdf.grouped import IN_MEMORY, Grouped
from kg.rdf.rules import local_name
from kg.rdf.terms import KGO, PROV, RDF, XSD, inferred_graph, kgo_term, sparql_prologue
from kg.rdf.timeline import (
    EVENT_DATE,
    ISSUED,
    Prior,
    Said,
    Triple,
    canonical,
    timeline,
    when,
)
from kg.vocab import vocabulary

# Bump when the timeline rules change: a facts graph made under other rules is rebuilt in full.
TIMELINE_RULES = "kg.timeline.v1"
WRITE_CHUNK = 50_000

_A = ox.NamedNode(RDF + "type")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJ, _PRED, _OBJ = (ox.NamedNode(RDF + n) for n in ("subject", "predicate", "object"))
_DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
_ISSUED = ox.NamedNode(DCTERMS + "issued")
_MODALITY, _START, _EVENT = (ox.NamedNode(KGO.term(n)) for n in ("modality", "start", "eventDate"))
# The properties of a statement a timeline reads (`all_said`).
_SAID_PROPS = (_A, _SUBJ, _PRED, _OBJ, _MODALITY, _DERIVED, _START, _EVENT)
_FACT_CLASS = ox.NamedNode(KGO.Fact)
# On a fact, then on its statements (local names in kgo:; `kg.rdf.facts_text` writes the same).
FACT_PROPERTIES = (
    "factSubject",
    "factRelation",
    "factObject",
    "status",
    "statusDate",
    "contradicted",
    "fact",
    "timelinePosition",
    "timelineDate",
    "dateSource",
    "statusAfter",
    "conflictsWith",
)
(
    _FSUBJ,
    _FREL,
    _FOBJ,
    _STATUS,
    _SINCE,
    _CONTRA,
    _FACT,
    _POS,
    _TLDATE,
    _SOURCE,
    _AFTER,
    _CONFLICTS,
) = (ox.NamedNode(KGO.term(n)) for n in FACT_PROPERTIES)
_INT, _DATE = (ox.NamedNode(XSD + n) for n in ("integer", "date"))
_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
_SOURCES = {EVENT_DATE: _EVENT, ISSUED: _ISSUED}
# Facts read from a remote store per query (`_stored_facts`): a query stays well under the
# size endpoints accept.
_BATCH = 200
# article graph IRI -> its build order (None: unknown); `kg.store.index` keeps it.
Order = Callable[[str], int | None]


def facts_digest() -> str:
    """Identifies the timeline rules and the vocabulary they read (inverses, symmetry, which
    relations can end): a facts graph made under others must be rebuilt."""
    v = vocabulary()
    text = "\n".join(
        [
            TIMELINE_RULES,
            " ".join(sorted(v.predicates)),
            " ".join(sorted(v.symmetric)),
            " ".join(sorted(f"{a}>{b}" for a, b in v.inverse.items())),
            " ".join(sorted(v.can_end)),
        ]
    )
    return hashlib.sha1(text.encode()).hexdigest()[:16]


@lru_cache(maxsize=4096)
def _literal(value: str, datatype: ox.NamedNode) -> ox.Literal:
    # Positions and dates repeat across facts; the whole graph is written at every first build.
    return ox.Literal(value, datatype=datatype)


def fact_quads(tl: Any, g: ox.NamedNode, first: int = 1) -> list[ox.Quad]:
    """The quads of one `FactTimeline` in the facts graph `g`, its entries numbered from `first`
    (literals in Oxigraph's canonical forms, so a rewrite of an unchanged fact compares
    equal)."""
    f = ox.NamedNode(tl.fact)
    quads = [
        ox.Quad(f, _A, _FACT_CLASS, g),
        ox.Quad(f, _FSUBJ, ox.NamedNode(tl.subject), g),
        ox.Quad(f, _FREL, kgo_term(tl.relation), g),
        ox.Quad(f, _FOBJ, ox.NamedNode(tl.object), g),
        ox.Quad(f, _STATUS, kgo_term(tl.status), g),
    ]
    if tl.contradicted:  # absent otherwise: most facts are not, and every quad is written
        quads.append(ox.Quad(f, _CONTRA, _TRUE, g))
    if tl.since:
        quads.append(ox.Quad(f, _SINCE, _literal(tl.since, _DATE), g))
    for n, e in enumerate(tl.entries, first):
        st = ox.NamedNode(e.statement)
        quads += [ox.Quad(st, _FACT, f, g), ox.Quad(st, _POS, _literal(str(n), _INT), g)]
        if e.date:
            quads += [
                ox.Quad(st, _TLDATE, _literal(e.date, _DATE), g),
                ox.Quad(st, _SOURCE, _SOURCES[e.date_source], g),
            ]
        if e.status_after:
            quads.append(ox.Quad(st, _AFTER, kgo_term(e.status_after), g))
        quads += [ox.Quad(st, _CONFLICTS, ox.NamedNode(c), g) for c in e.conflicts]
    return quads


def is_relation(p: str) -> bool:
    v = vocabulary()
    return p.startswith(v.namespace) and p[len(v.namespace) :] in v.relations


# -- the whole store -------------------------------------------------------------------------------
def all_said(reader: Any, *, base: str, order: Order) -> Iterator[Said]:
    """Every statement of a relation between IRIs in a named graph other than the inferred and
    facts graphs: read by index scans from a pyoxigraph store, else with one query
    (`reader.query`: a local or remote kg store)."""
    if isinstance(reader, ox.Store):
        yield from _scanned(reader, base=base, order=order)
        return
    q = f"""{sparql_prologue("rdf", "kgo", "prov", "dcterms")}
    SELECT ?g ?st ?s ?p ?o ?m ?a ?start ?ev ?pub WHERE {{ GRAPH ?g {{
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
            kgo:modality ?m ; prov:wasDerivedFrom ?a .
        OPTIONAL {{ ?st kgo:start ?start }} OPTIONAL {{ ?st kgo:eventDate ?ev }}
        OPTIONAL {{ ?a dcterms:issued ?pub }} }}
      FILTER(?g != <{inferred_graph(base).value}> && ?g != <{facts_graph(base)}>
             && isIRI(?s) && isIRI(?o)) }}"""
    for r in reader.query(q):
        p = r["p"].value
        if not is_relation(p):
            continue
        g = r["g"].value
        yield Said(
            statement=r["st"].value,
            triple=(r["s"].value, p, r["o"].value),
            modality=local_name(r["m"].value),
            article=r["a"].value,
            graph=g,
            event=r["ev"].value if r["ev"] is not None else None,
            published=r["pub"].value if r["pub"] is not None else None,
            start=int(r["start"].value) if r["start"] is not None else 0,
            seq=order(g),
        )


def _scanned(store: ox.Store, *, base: str, order: Order) -> Iterator[Said]:
    """`all_said` graph by graph, one predicate at a time: index scans beat the query's joins
    (and one scan per predicate over every graph was slower still: 1.6 s against 1.2 s for
    2,000 articles), and this runs at the end of every build that rebuilds the facts graph.
    One graph's statements are held at a time: a large store has millions."""
    skip = {inferred_graph(base).value, facts_graph(base)}
    for g in store.named_graphs():
        if not isinstance(g, ox.NamedNode) or g.value in skip:
            continue
        props: dict[ox.NamedNode, dict[ox.NamedNode, ox.Term]] = defaultdict(dict)
        for pred in _SAID_PROPS:
            value = _STATEMENT if pred == _A else None
            for q in store.quads_for_pattern(None, pred, value, g):
                props[q.subject].setdefault(pred, q.object)
        if not props:
            continue
        issued: dict[ox.Term, str] = {}
        for q in store.quads_for_pattern(None, _ISSUED, None, g):
            issued.setdefault(q.subject, q.object.value)
        for st, found in props.items():
            x = _said(st, g.value, found, issued.get(found.get(_DERIVED)), order)
            if x is not None:
                yield x


def said_in(quads: Iterable[ox.Quad], *, order: Order) -> list[Said]:
    """`all_said` of article graphs given as quads (a build's, before it writes them): the
    statements the store gives once they are written."""
    props: dict[tuple[str, ox.Term], dict[ox.NamedNode, ox.Term]] = defaultdict(dict)
    issued: dict[tuple[str, ox.Term], str] = {}
    for q in quads:
        g, pred = q.graph_name, q.predicate
        if not isinstance(g, ox.NamedNode):
            continue
        if pred == _ISSUED:
            issued.setdefault((g.value, q.subject), q.object.value)
        elif pred in _SAID_PROPS and (pred != _A or q.object == _STATEMENT):
            props[(g.value, q.subject)].setdefault(pred, q.object)
    out = []
    for (g, st), found in props.items():
        x = _said(st, g, found, issued.get((g, found.get(_DERIVED))), order)
        if x is not None:
            out.append(x)
    return out


def group(by_fact: Grouped, said: Iterable[Said]) -> None:
    """Statements added to a grouping by fact, as `rebuild_quads` groups them (a build adds
    its articles' as it writes them, and passes the grouping as `said`)."""
    for x in said:
        by_fact.add(canonical(*x.triple), x)


def rebuild_quads(
    reader: Any,
    *,
    base: str,
    order: Order,
    said: Iterable[Said] | Grouped | None = None,
    in_memory: int = IN_MEMORY,
) -> Iterator[ox.Quad]:
    """The whole facts graph, fact by fact in a stable order (`timelines`)."""
    g = ox.NamedNode(facts_graph(base))
    for tl in timelines(reader, base=base, order=order, said=said, in_memory=in_memory):
        yield from fact_quads(tl, g)


def timelines(
    reader: Any,
    *,
    base: str,
    order: Order,
    said: Iterable[Said] | Grouped | None = None,
    in_memory: int = IN_MEMORY,
) -> Iterator[Any]:
    """Every fact's `FactTimeline` in a stable order; from the statements `said` (every one of
    the store, `said_in` the build's graphs, or those grouped already by `group`) rather than
    read from `reader`. Past `in_memory` statements they are grouped by fact on disk."""
    if isinstance(said, Grouped):
        for f, stated in said:
            yield timeline(fact_iri(f, base), f, stated)
        return
    with Grouped(in_memory=in_memory) as by_fact:
        group(by_fact, all_said(reader, base=base, order=order) if said is None else said)
        yield from timelines(reader, base=base, order=order, said=by_fact)


def rebuild(
    store: ox.Store,
    *,
    base: str,
    order: Order,
    write: Callable[[list[ox.Quad]], None] | None = None,
    said: Iterable[Said] | Grouped | None = None,
) -> int:
    """Recompute `{base}graph/facts` of a local store from scratch; returns the number of facts.
    Written in chunks with the bulk writer (or `write`), like the inferred graph: the build
    marks the graph complete only afterwards, so a crash here means a rebuild next time.
    `said`: every statement of the store, when the caller has them (`rebuild_quads`)."""
    write = write or store.bulk_extend
    g = ox.NamedNode(facts_graph(base))
    if store.contains_named_graph(g):
        store.remove_graph(g)
    count, chunk = 0, []
    for q in rebuild_quads(store, base=base, order=order, said=said):
        count += q.predicate == _A
        chunk.append(q)
        if len(chunk) >= WRITE_CHUNK:
            write(chunk)
            chunk = []
    if chunk:
        write(chunk)
    return count


# -- around what changed ---------------------------------------------------------------------------
def _read(store: ox.Store, st: ox.NamedNode, g: ox.NamedNode, order: Order) -> Said | None:
    """One statement of graph `g` by pattern, as `all_said` reads it (None if it is not one)."""
    props: dict[ox.NamedNode, ox.Term] = {}
    for q in store.quads_for_pattern(st, None, None, g):
        if q.predicate != _A or q.object == _STATEMENT:
            props.setdefault(q.predicate, q.object)
    a = props.get(_DERIVED)
    if not isinstance(a, ox.NamedNode):
        return None
    pub = next(iter(store.quads_for_pattern(a, _ISSUED, None, g)), None)
    return _said(st, g.value, props, pub.object.value if pub is not None else None, order)


def _said(
    st: ox.Term,
    g: str,
    props: Mapping[ox.NamedNode, ox.Term],
    published: str | None,
    order: Order,
) -> Said | None:
    """A statement from its properties in graph `g` (None if it is not one of a relation
    between IRIs, with a modality and an article)."""
    s, p, o = props.get(_SUBJ), props.get(_PRED), props.get(_OBJ)
    m, a = props.get(_MODALITY), props.get(_DERIVED)
    if _A not in props or m is None or not isinstance(a, ox.NamedNode) or p is None:
        return None
    if not (isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)):
        return None
    if not is_relation(p.value):
        return None
    event, start = props.get(_EVENT), props.get(_START)
    return Said(
        statement=st.value,
        triple=(s.value, p.value, o.value),
        modality=local_name(m.value),
        article=a.value,
        graph=g,
        event=event.value if event is not None else None,
        published=published,
        start=int(start.value) if start is not None else 0,
        seq=order(g),
    )


def _triple_of(store: ox.Store, fact: ox.Term, fg: ox.NamedNode) -> Triple | None:
    """The canonical triple the facts graph gives a fact node."""
    parts = {q.predicate: q.object.value for q in store.quads_for_pattern(fact, None, None, fg)}
    try:
        return parts[_FSUBJ], parts[_FREL], parts[_FOBJ]
    except KeyError:
        return None


def _locate(store: ox.Store, st: ox.NamedNode, skip: set[str]) -> ox.NamedNode | None:
    """The graph a statement lives in now (None: its article was dropped)."""
    for q in store.quads_for_pattern(st, _SUBJ, None, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in skip:
            return q.graph_name
    return None


def update_facts(
    store: ox.Store | Any,
    added: Iterable[str],
    dropped: Iterable[str],
    *,
    base: str,
    order: Order,
) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """The quads to remove from and add to `{base}graph/facts` after the article graphs `added`
    were written and the statements `dropped` (IRIs) went with their articles; the store is not
    modified. `store` is read by pattern only: a pyoxigraph store, or a remote one
    (`kg.store.remote.RemoteStore.quads_for_pattern`)."""
    fg = ox.NamedNode(facts_graph(base))
    skip = {fg.value, inferred_graph(base).value}
    new: dict[Triple, dict[str, Said]] = defaultdict(dict)
    for graph in added:  # read whole: one look-up (one query on a remote store) per article
        for x in said_in(
            store.quads_for_pattern(None, None, None, ox.NamedNode(graph)), order=order
        ):
            new[canonical(*x.triple)][x.statement] = x
    todo = {fact_iri(f, base): f for f in new}
    shrunk = set()
    for st in dropped:  # the facts graph says which fact a statement was about
        for link in store.quads_for_pattern(ox.NamedNode(st), _FACT, None, fg):
            if (f := _triple_of(store, link.object, fg)) is not None:
                todo.setdefault(link.object.value, f)
                shrunk.add(link.object.value)
    remove: set[ox.Quad] = set()
    add: set[ox.Quad] = set()
    ordered = sorted(todo.items())
    stored = _stored_facts(store, [iri for iri, _ in ordered], fg)
    for (iri, f), (old, links) in zip(ordered, stored, strict=True):
        node = ox.NamedNode(iri)
        now = None
        if iri not in shrunk and new.get(f) and not any(st.value in new[f] for st in links):
            now = _continued(node, f, old, list(new[f].values()), fg)
        if now is None:
            said = dict(new.get(f, {}))
            for st in links:
                if st.value in said or (g := _locate(store, st, skip)) is None:
                    continue
                x = _read(store, st, g, order)
                if x is not None and canonical(*x.triple) == f:
                    said[st.value] = x
            now = set(fact_quads(timeline(iri, f, said.values()), fg)) if said else set()
        remove |= old - now
        add |= now - old
    return remove, add


def _stored_facts(
    store: ox.Store | Any, iris: list[str], fg: ox.NamedNode
) -> Iterator[tuple[set[ox.Quad], list[ox.NamedNode]]]:
    """For each fact, in order: its quads in the facts graph, its statements' included, and
    its statements. By pattern from a local store, one fact at a time; from a remote one, one
    query per `_BATCH` facts (three look-ups and one per statement each were most of an
    incremental build's requests)."""
    if isinstance(store, ox.Store):
        for iri in iris:
            node = ox.NamedNode(iri)
            old = set(store.quads_for_pattern(node, None, None, fg))
            links = [q.subject for q in store.quads_for_pattern(None, _FACT, node, fg)]
            for st in links:
                old.update(store.quads_for_pattern(st, None, None, fg))
            yield old, links
        return
    for i in range(0, len(iris), _BATCH):
        batch = iris[i : i + _BATCH]
        out: dict[str, tuple[set[ox.Quad], list[ox.NamedNode]]] = {}
        for iri in batch:  # in the order asked
            out[iri] = set(), []
        values = " ".join(f"<{iri}>" for iri in batch)
        rows = store.query(
            f"""SELECT ?f ?s ?p ?o WHERE {{ GRAPH {fg} {{ VALUES ?f {{ {values} }}
              {{ ?f ?p ?o BIND(?f AS ?s) }} UNION {{ ?s {_FACT} ?f . ?s ?p ?o }} }} }}""",
            union=False,
        )
        for r in rows:
            old, links = out[r["f"].value]
            old.add(ox.Quad(r["s"], r["p"], r["o"], fg))
            if r["p"] == _FACT and r["s"] != r["f"]:
                links.append(r["s"])
        yield from out.values()


def _continued(
    node: ox.NamedNode, f: Triple, old: set[ox.Quad], said: list[Said], fg: ox.NamedNode
) -> set[ox.Quad] | None:
    """The fact's quads when its new statements all come after its others, as news mostly
    arrives: its timeline goes on from its status, and its old statements are not read again.
    None when they do not (a date not later than its last, a first date after undated ones)."""
    head = {q.predicate: q.object for q in old if q.subject == node}
    entries = sum(q.predicate == _POS for q in old)
    days = [q.object.value for q in old if q.predicate == _TLDATE]
    new_days = [d for x in said if (d := when(x.event, x.published)[0]) is not None]
    status = head.get(_STATUS)
    if not entries or status is None:
        return None
    if new_days and (entries > len(days) or min(new_days) <= max(days, default="")):
        return None
    since = head.get(_SINCE)
    prior = Prior(
        local_name(status.value), since.value if since else None, bool(days), _CONTRA in head
    )
    kept = {q for q in old if q.subject != node}
    return kept | set(fact_quads(timeline(node.value, f, said, prior), fg, first=entries + 1))
