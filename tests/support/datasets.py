"""Comparing two stores or datasets quad for quad, blank nodes canonicalised, with the first few
quads each side alone holds in the failure."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import Store


def canonical(items: object) -> ox.Dataset:
    """`items` (a store, a dataset, any iterable of quads) with canonical blank nodes."""
    ds = ox.Dataset(items)  # type: ignore[arg-type]
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return ds


def assert_same_dataset(
    a: ox.Dataset, b: ox.Dataset, *, left: str = "left", right: str = "right"
) -> None:
    if a != b:
        only_a = sorted(str(q) for q in a if q not in b)[:5]
        only_b = sorted(str(q) for q in b if q not in a)[:5]
        pytest.fail(
            f"datasets differ ({len(a)} vs {len(b)} quads);\nonly {left}: {only_a}\n"
            f"only {right}: {only_b}"
        )


def facts_as_built(path: Path) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """(the facts graph a build left, the one rebuilt from its article graphs and its build
    order): equal when every article was written with its order and the facts brought up to
    date after."""
    from kg.mint import facts_graph
    from kg.rdf import facts
    from kg.rdf.terms import DEFAULT_BASE
    from kg.store import order

    st = Store(path, read_only=True)
    graph = ox.NamedNode(facts_graph(DEFAULT_BASE))
    built = set(st.ox.quads_for_pattern(None, None, None, graph))
    seq = order.seq_of(st, DEFAULT_BASE)
    return built, set(facts.rebuild_quads(st.ox, base=DEFAULT_BASE, order=seq))
