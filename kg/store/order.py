"""The build order of a store's articles: `{base}graph/order` holds `<graph/ID> ix:seq n`, the
number of the build that first wrote the article (with its index rows,
`kg.store.index.article_rows`): 1 for the first build, 2 for the next that wrote any ... Facts'
timelines order the statements of one date by it (`kg.rdf.timeline`): a later build's article
comes after.

The articles of one build share its number: within a build the order of the input says nothing
(a cluster build has none), so the same corpus in any order, or in any partitioning, gives the
same store. It is the one record of the store's bookkeeping that is no function of the article
graphs (it is history), so it is kept apart from the index `sync` repairs. A dropped article keeps
its number: the numbers in use are always 1 ... n, and the next one is found in a few look-ups.
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
    order was kept, a graph the index learnt of from its content) get one number after the
    others, as one build, and it is written, so the order stays what it was once given."""
    order = {s.value: int(o.value) for s, _, o in _rows(st, order_graph(base), SEQ)}
    graphs = {s.value for s, _, _ in _rows(st, index_graph(base), ARTICLE)}
    missing = sorted(graphs - set(order))
    if missing:
        top = max(order.values(), default=0)
        g = order_graph(base)
        rows = []
        n = ox.Literal(str(top + 1), datatype=_INT)
        for iri in missing:
            order[iri] = top + 1
            rows.append(ox.Quad(ox.NamedNode(iri), SEQ, n, g))
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
    """The next build's number: the numbers in use are 1 ... n, so n is found in a few look-ups
    (doubling, then halving), not by reading every article's."""
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
