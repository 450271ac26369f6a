"""Incremental inference over SPARQL (issue 26): on a remote store the region is read with
batched queries, never by copying the store, and the result is the local one, quad for quad
(a real Oxigraph server on loopback)."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from support.chains import article as _article

from kg.rdf import infer
from kg.rdf.incremental import update_inferred
from kg.rdf.terms import DEFAULT_BASE, inferred_graph
from kg.store.index import direct_facts
from kg.store.protocol import update_text

pytestmark = pytest.mark.slow


def _inferred(quads) -> set[str]:
    g = inferred_graph(DEFAULT_BASE)
    return {str(q) for q in quads if q.graph_name == g}


@pytest.mark.parametrize("seed", [0, 1])
def test_remote_region_equals_local(tmp_path: Path, seed: int) -> None:
    from support.oxiserver import OxigraphServer

    server = OxigraphServer(tmp_path / "oxigraph")
    server.start()
    try:
        remote = server.store(update=f"{server.base}/update")
        local = ox.Store()
        rng = random.Random(seed)
        first = [q for n in range(10) for q in _article(rng, n)]
        local.extend(first)
        infer(local, base=DEFAULT_BASE)
        remote.change(add=list(local))  # the same starting store
        requests = remote.requests
        added = [q for n in range(10, 14) for q in _article(rng, n)]
        local.extend(added)
        remote.change(add=added)
        changed = list(direct_facts(added))
        rm_l, add_l, pairs_l = update_inferred(local, changed, base=DEFAULT_BASE)
        rm_r, add_r, pairs_r = update_inferred(remote, changed, base=DEFAULT_BASE)
        assert (pairs_r, {str(q) for q in rm_r}, {str(q) for q in add_r}) == (
            pairs_l,
            {str(q) for q in rm_l},
            {str(q) for q in add_l},
        )
        # Look-ups in batches: far fewer requests than pairs and facts.
        assert remote.requests - requests < 4 * pairs_r + 20
        local.update(update_text(remove=rm_l, add=add_l))
        remote.change(remove=rm_r, add=add_r)
        full = ox.Store()
        full.extend(q for q in local if q.graph_name != inferred_graph(DEFAULT_BASE))
        infer(full, base=DEFAULT_BASE)
        assert _inferred(iter(remote)) == _inferred(full) == _inferred(local)
        # A full recomputation on the server, over SPARQL too.
        count = remote.infer(base=DEFAULT_BASE)
        assert _inferred(iter(remote)) == _inferred(full)
        assert count == len({q.subject for q in full if "statement/inferred/" in q.subject.value})
    finally:
        server.kill()
