"""`kg.store.protocol`: the bodies a remote store sends and the answers it reads, checked against a
real in-memory Oxigraph (retries and errors over real HTTP: tests/store/test_remote.py)."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store.protocol import (
    RESULTS_JSON,
    iri_ref,
    one_line,
    parse_answer,
    quads_as_update,
    split_by_graph,
)

EX = "http://example.org/"


def _quads() -> list[ox.Quad]:
    s, p = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p")
    return [
        ox.Quad(s, p, ox.Literal('a "quoted"\nline', language="en"), ox.NamedNode(EX + "g1")),
        ox.Quad(s, p, ox.Literal("2", datatype=ox.NamedNode(EX + "t")), ox.NamedNode(EX + "g2")),
        ox.Quad(s, p, ox.NamedNode(EX + "o")),
    ]


def test_insert_data_body_writes_each_quad_into_its_graph() -> None:
    store = ox.Store()
    store.update("INSERT DATA { " + quads_as_update(_quads()) + " }")
    assert set(store) == set(_quads())


def test_split_by_graph_names_the_default_graph_empty() -> None:
    groups = split_by_graph(_quads())
    assert sorted(groups) == ["", EX + "g1", EX + "g2"]
    assert all(len(triples) == 1 for triples in groups.values())


def test_answers_become_pyoxigraph_results() -> None:
    ask = httpx.Response(
        200, content=b'{"head":{},"boolean":true}', headers={"content-type": RESULTS_JSON}
    )
    assert bool(parse_answer(ask, "http://q")) is True
    nt = ox.serialize([q.triple for q in _quads()], format=ox.RdfFormat.N_TRIPLES)
    graph = parse_answer(
        httpx.Response(200, content=nt, headers={"content-type": "application/n-triples"}), "u"
    )
    assert {t for t in graph} == {q.triple for q in _quads()}
    with pytest.raises(StoreError, match="unsupported type text/html"):
        parse_answer(
            httpx.Response(200, content=b"<p>", headers={"content-type": "text/html"}), "u"
        )
    with pytest.raises(StoreError, match="unreadable query answer from u"):
        parse_answer(httpx.Response(200, content=b"{", headers={"content-type": RESULTS_JSON}), "u")


def test_iri_ref_refuses_what_would_break_out_of_angle_brackets() -> None:
    assert iri_ref(EX + "g") == EX + "g"
    for bad in (EX + "a> } DROP ALL #", EX + "a b", EX + 'a"'):
        with pytest.raises(StoreError, match="not an IRI"):
            iri_ref(bad)


def test_one_line() -> None:
    assert one_line(ValueError("two\n  lines ")) == "two lines"
    assert one_line(ValueError()) == "ValueError"
