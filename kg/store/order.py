"""The build order of a store's articles: `{base}graph/order` holds `<graph/ID> ix:seq n`, 1, 2 ...
as articles were first written (with their index rows, `kg.store.index.article_rows`). Facts'
timelines order the statements of one date by it (`kg.rdf.timeline`).

It is the one record of the store's bookkeeping that is no function of the article graphs (it is
history), so it is kept apart from the index `sync` repairs. A dropped article keeps its number:
the numbers in use are always 1 ... n, and the next one is found in a few look-ups.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kg.store.index import (
    _INT,
    ARTICLE,
    SEQ,
    RemoteStore,
    Store,
    _local,
    _rows,
    _subject_rows,
    index_graph,
    order_graph,
)


def build_order(st: Store | RemoteStore, base: str) -> dict[str, int]:
    """article graph IRI -> build order. Articles indexed without one (a store built before the
    order was kept, a graph the index learnt of from its content) are numbered after the others,
    by id, and the numbers written, so the order stays what it was once given."""
    order = {s.value: int(o.value) for s, _, o in _rows(st, order_graph(base), SEQ)}
    graphs = {s.value for s, _, _ in _rows(st, index_graph(base), ARTICLE)}
    missing = sorted(graphs - set(order))
    if missing:
        top = max(order.values(), default=0)
        g = order_graph(base)
        rows = []
        for n, iri in enumerate(missing, top + 1):
            order[iri] = n
            rows.append(ox.Quad(ox.NamedNode(iri), SEQ, ox.Literal(str(n), datatype=_INT), g))
        st.change(add=rows)
    return order


def _has_seq(st: Store | RemoteStore, base: str, n: int) -> bool:
    lit = ox.Literal(str(n), datatype=_INT)
    if (local := _local(st)) is not None:
        return (
            next(iter(local.quads_for_pattern(None, SEQ, lit, order_graph(base))), None) is not None
        )
    return bool(
        st.query(f"ASK {{ GRAPH <{order_graph(base).value}> {{ ?g <{SEQ.value}> {lit} }} }}")
    )


def next_seq(st: Store | RemoteStore, base: str) -> int:
    """The build order the next article gets: the numbers in use are 1 ... n, so n is found in
    a few look-ups (doubling, then halving), not by reading every article's."""
    high = 1
    while _has_seq(st, base, high):
        high *= 2
    low = high // 2  # in use (or 0), and `high` is not
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if _has_seq(st, base, mid) else (low, mid)
    return low + 1


def seq_of(st: Store | RemoteStore, base: str) -> Callable[[str], int | None]:
    """article graph IRI -> its build order, looked up one graph at a time (an update of the
    facts graph needs those of a few articles, not the whole store's)."""
    g = order_graph(base)
    found: dict[str, int | None] = {}

    def lookup(graph: str) -> int | None:
        if graph not in found:
            rows = list(_subject_rows(st, g, graph))
            found[graph] = next((int(o.value) for p, o in rows if p == SEQ), None)
        return found[graph]

    return lookup
