"""The facts graph (kg/rdf/facts.py) brought up to date around what changed equals the facts graph
rebuilt from scratch, quad for quad, while articles are added and dropped at random; and the
build keeps it up to date, rebuilding it when it is not known to be complete.

Articles are written like `kg.rdf.article` output (statements with modality, dates, offsets; the
direct triple unless negated) with their index rows (`kg.store.index`), over a few companies and
relations where symmetric and inverse forms, negations and same-day statements are frequent.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.mint import DCTERMS, KGO, PROV, RDF, XSD, entity_iri, facts_graph, graph_iri
from kg.rdf.facts import rebuild, update_facts
from kg.rdf.terms import DEFAULT_BASE
from kg.store import Store, derived, index, order
from kg.store.remote import RemoteStore

BASE = DEFAULT_BASE
COMPANIES = [entity_iri(f"organization/c{i}") for i in range(4)]
PREDICATES = ["acquires", "investsIn", "negotiatesWith", "buysFrom", "suppliesTo", "partnersWith"]
MODALITIES = ["Asserted", "Planned", "Negotiating", "Hedged", "Negated"]
DATES = ["2023-01-10", "2023-03-14", "2023-03-14", "2023-06-20", None]
EVENTS = [None, None, "2023-03", "2023-03-14", "2023"]


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _article(rng: random.Random, n: int, *, in_order: bool = False) -> tuple[str, list[ox.Quad]]:
    """Article n; `in_order`: published on day n, as news arrives, or undated."""
    aid = f"{n:016x}"
    g = _node(graph_iri(aid, BASE))
    art = _node(f"{BASE}article/{aid}")
    quads = [
        ox.Quad(art, _node(RDF + "type"), _node(KGO.Article), g),
        ox.Quad(art, _node(DCTERMS + "identifier"), ox.Literal(aid), g),
    ]
    published = rng.choice(DATES)
    if in_order:
        published = None if rng.random() < 0.2 else (date(2020, 1, 1) + timedelta(n)).isoformat()
    if published:
        quads.append(
            ox.Quad(
                art,
                _node(DCTERMS + "issued"),
                ox.Literal(published, datatype=_node(XSD + "date")),
                g,
            )
        )
    for k in range(rng.randint(1, 4)):
        s, o = rng.sample(COMPANIES, 2)
        p = _node(KGO.term(rng.choice(PREDICATES)))
        m = rng.choice(MODALITIES)
        st = _node(f"{BASE}statement/{aid}/{k}")
        quads += [
            ox.Quad(st, _node(RDF + "type"), _node(RDF + "Statement"), g),
            ox.Quad(st, _node(RDF + "subject"), _node(s), g),
            ox.Quad(st, _node(RDF + "predicate"), p, g),
            ox.Quad(st, _node(RDF + "object"), _node(o), g),
            ox.Quad(st, _node(PROV + "wasDerivedFrom"), art, g),
            ox.Quad(st, _node(KGO.modality), _node(KGO.term(m)), g),
            ox.Quad(
                st, _node(KGO.confidence), ox.Literal("0.5", datatype=_node(XSD + "decimal")), g
            ),
            ox.Quad(
                st, _node(KGO.start), ox.Literal(str(10 * k), datatype=_node(XSD + "integer")), g
            ),
        ]
        event = None if in_order else rng.choice(EVENTS)
        if event:
            kind = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(event)]
            quads.append(
                ox.Quad(st, _node(KGO.eventDate), ox.Literal(event, datatype=_node(XSD + kind)), g)
            )
        if m != "Negated":
            quads.append(ox.Quad(_node(s), p, _node(o), g))
    return g.value, quads


def _facts(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, _node(facts_graph(BASE))))


def _put(
    st: Store | RemoteStore, graph: str, quads: list[ox.Quad], *, pending: bool, seq: int | None
) -> None:
    """An article graph with its index rows and (`seq`) its build order, as a build writes it."""
    rows = index.graph_rows(quads, graph, BASE, set(), pending=pending)
    st.put_graph(graph, quads + rows + ([] if seq is None else [index.order_row(graph, BASE, seq)]))


def _bring_up_to_date(st: Store | RemoteStore) -> tuple[set[ox.Quad], set[ox.Quad]]:
    added, dropped = derived.pending_timelines(st, BASE)
    reader = st.ox if isinstance(st, Store) else st
    remove, add = update_facts(reader, added, dropped, base=BASE, order=order.seq_of(st, BASE))
    st.change(drop=[index.pending_graph(BASE).value], remove=remove, add=add)
    return remove, add


@pytest.mark.parametrize(
    ("seed", "in_order"), [(s, False) for s in range(6)] + [(6, True), (7, True)]
)
def test_updating_around_changes_equals_rebuilding(
    tmp_path: Path, seed: int, in_order: bool
) -> None:
    """At random, and with news arriving in date order (then most facts go on from their
    status without reading their old statements again)."""
    rng = random.Random(seed)
    st = Store(tmp_path / "store")
    live: list[str] = []
    n = 0
    for _ in range(6):
        for _ in range(rng.randint(1, 5)):
            n += 1
            graph, quads = _article(rng, n, in_order=in_order)
            _put(st, graph, quads, pending=True, seq=n)
            live.append(graph)
        for graph in rng.sample(live, rng.randint(0, min(2, len(live)))):
            index.drop_article(st, BASE, graph)
            live.remove(graph)
        _bring_up_to_date(st)
        full = ox.Store()
        full.extend(q for q in st.ox if q.graph_name != _node(facts_graph(BASE)))
        count = rebuild(full, base=BASE, order=order.build_order(st, BASE).get)
        assert _facts(st.ox) == _facts(full), seed
        assert count == len(
            list(full.quads_for_pattern(None, _node(RDF + "type"), _node(KGO.Fact)))
        )
    assert n > 10 and _facts(st.ox)


@pytest.mark.slow
def test_a_remote_store_is_brought_up_to_date_as_a_local_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same updates over SPARQL (a real Oxigraph server on loopback): the facts graph read by
    pattern and in batches of facts through queries, never the whole store, and equal to the
    local one's."""
    from support.oxiserver import OxigraphServer

    from kg.rdf import facts

    monkeypatch.setattr(facts, "_BATCH", 3)  # several batches per update

    server = OxigraphServer(tmp_path / "oxigraph")
    server.start()
    try:
        remote, local = server.store(update=f"{server.base}/update"), Store(tmp_path / "store")
        rng = random.Random(3)
        live: list[str] = []
        for n in range(1, 25):
            graph, quads = _article(rng, n)
            for st in (remote, local):
                _put(st, graph, quads, pending=True, seq=n)
            live.append(graph)
            if n % 4 == 0:
                gone = live.pop(rng.randrange(len(live)))
                for st in (remote, local):
                    index.drop_article(st, BASE, gone)
                for st in (remote, local):
                    _bring_up_to_date(st)
                fg = _node(facts_graph(BASE))
                assert set(remote.quads_for_pattern(None, None, None, fg)) == _facts(local.ox)
        assert _facts(local.ox)
    finally:
        server.kill()


def test_an_unchanged_fact_is_not_rewritten(tmp_path: Path) -> None:
    rng = random.Random(1)
    st = Store(tmp_path / "store")
    for n in (1, 2, 3):
        graph, quads = _article(rng, n)
        _put(st, graph, quads, pending=True, seq=n)
    _, add = _bring_up_to_date(st)
    assert add
    remove, add = _bring_up_to_date(st)  # nothing pending: nothing to do
    assert not remove and not add


def test_build_order_is_kept_and_given_to_articles_without_one(tmp_path: Path) -> None:
    st = Store(tmp_path / "store")
    rng = random.Random(2)
    graphs = []
    for n, seq in ((1, 7), (2, None), (3, None)):
        graph, quads = _article(rng, n)
        _put(st, graph, quads, pending=False, seq=seq)
        graphs.append(graph)
    numbers = order.build_order(st, BASE)
    assert numbers == {graphs[0]: 7, graphs[1]: 8, graphs[2]: 8}  # after the numbered, as one build
    assert order.build_order(st, BASE) == numbers  # written: asked again, the same
    assert [order.seq_of(st, BASE)(g) for g in graphs] == [7, 8, 8]
    assert order.seq_of(st, BASE)(graph_iri("nothing", BASE)) is None


def test_the_next_build_order_is_found_by_look_ups(tmp_path: Path) -> None:
    st = Store(tmp_path / "store")
    assert order.next_seq(st, BASE) == 1
    rng = random.Random(4)
    graphs = []
    for n in range(1, 38):
        graph, quads = _article(rng, n)
        _put(st, graph, quads, pending=False, seq=n)
        graphs.append(graph)
        assert order.next_seq(st, BASE) == n + 1
    index.drop_article(st, BASE, graphs[-1])  # a dropped article keeps its number
    assert order.next_seq(st, BASE) == 38 and order.seq_of(st, BASE)(graphs[-1]) == 37


def test_the_query_reads_what_the_scans_read(tmp_path: Path) -> None:
    """A remote store is read with one SPARQL query, a local one by index scans: same records."""
    from kg.rdf.facts import all_said

    rng = random.Random(3)
    st = Store(tmp_path / "store")
    for n in range(1, 12):
        graph, quads = _article(rng, n)
        _put(st, graph, quads, pending=False, seq=n)
    seq = order.build_order(st, BASE).get
    scanned = sorted(all_said(st.ox, base=BASE, order=seq), key=lambda x: x.statement)
    queried = sorted(all_said(st, base=BASE, order=seq), key=lambda x: x.statement)
    assert scanned == queried and len(scanned) > 11
    assert {x.event for x in scanned} > {None} and {x.published for x in scanned} > {None}


def test_the_quads_a_build_writes_give_what_the_scans_read(tmp_path: Path) -> None:
    """A first build makes its facts graph from the statements of the quads it writes
    (`said_in`, `kg.pipeline.merge`): the same records the store gives once they are written,
    Oxigraph's canonical literals included."""
    from kg.rdf.facts import all_said, said_in

    rng = random.Random(4)
    st = Store(tmp_path / "store")
    written = []
    for n in range(1, 12):
        graph, quads = _article(rng, n)
        _put(st, graph, quads, pending=False, seq=n)
        written += said_in(quads, order=lambda _, n=n: n)
    seq = order.build_order(st, BASE).get
    scanned = sorted(all_said(st.ox, base=BASE, order=seq), key=lambda x: x.statement)
    assert sorted(written, key=lambda x: x.statement) == scanned and len(scanned) > 11


def test_the_facts_graph_grouped_on_disk_is_the_one_grouped_in_memory(tmp_path: Path) -> None:
    """Past a limit the statements are grouped by fact on disk (`kg.rdf.grouped`): a large
    store's would not fit in memory. Same quads, in the same order."""
    from kg.rdf.facts import rebuild_quads

    rng = random.Random(5)
    st = Store(tmp_path / "store")
    for n in range(1, 40):
        graph, quads = _article(rng, n)
        _put(st, graph, quads, pending=False, seq=n)
    seq = order.build_order(st, BASE).get
    in_memory = list(rebuild_quads(st.ox, base=BASE, order=seq))
    on_disk = list(rebuild_quads(st.ox, base=BASE, order=seq, in_memory=7))
    assert on_disk == in_memory and len(in_memory) > 100
    # A fact said in several articles: its statements were grouped across the disk's rows.
    assert len({q.object for q in in_memory if q.predicate.value == KGO.fact}) < sum(
        q.predicate.value == KGO.fact for q in in_memory
    )
