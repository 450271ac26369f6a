"""Reading a /sparql request from its raw parts (kg.serve.request), as a guard process does."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from kg.errors import NotAcceptable, QueryError, QueryRefused
from kg.serve.request import NEEDS_TOKEN, READ_ONLY, interpret, query_param


def req(method: str = "GET", *, query: dict | None = None, body: bytes | None = None, **kw):
    return {
        "method": method,
        "query_string": urlencode(query or {}, doseq=True).encode(),
        "content_type": kw.pop("content_type", ""),
        "body": body,
        "accept": kw.pop("accept", None),
        "html": kw.pop("html", False),
        "update": kw.pop("update", READ_ONLY),
    }


def test_the_three_ways_to_send_a_query() -> None:
    text = "SELECT * WHERE { ?s kgo:buysFrom ?o }"
    for request in (
        req(query={"query": text}),
        req("POST", content_type="application/x-www-form-urlencoded",
            body=urlencode({"query": text}).encode()),
        req("POST", content_type="application/sparql-query", body=text.encode()),
    ):  # fmt: skip
        plan = interpret(request)
        assert plan["kind"] == "query" and plan["form"] == "SELECT"
        assert plan["text"] == (
            "SELECT * WHERE { ?s <http://kg.example.org/ontology#buysFrom> ?o }"
        )
        assert plan["results_format"] == "json" and plan["graph_format"] == "turtle"


def test_protocol_parameters() -> None:
    g = "http://kg.example.org/graph/a1"
    plan = interpret(req(query={"query": "ASK {}", "default-graph-uri": [g, g + "x"]}))
    assert plan["default"] == [g, g + "x"] and plan["named"] is None
    plan = interpret(req(query={"query": "ASK {}", "format": "csv"}, accept="image/png"))
    assert plan["results_format"] == "csv"
    with pytest.raises(QueryError, match="not an IRI"):
        interpret(req(query={"query": "ASK {}", "named-graph-uri": "not an iri"}))
    with pytest.raises(QueryError, match="more than one query"):
        interpret(req(query={"query": ["ASK {}", "ASK {}"]}))
    with pytest.raises(NotAcceptable, match="cannot answer with image/png"):
        interpret(req(query={"query": "ASK {}"}, accept="image/png"))
    assert interpret(req(html=True)) == {"redirect": "/query"}
    with pytest.raises(QueryError, match="missing query"):
        interpret(req())


def test_updates_are_refused_as_the_server_says() -> None:
    update = "INSERT DATA { <http://a.example/x> <http://a.example/p> 1 }"
    form = {"content_type": "application/x-www-form-urlencoded"}
    with pytest.raises(QueryRefused, match="must be sent with POST"):
        interpret(req(query={"update": update}))
    with pytest.raises(QueryRefused, match="read-only"):
        interpret(req("POST", body=urlencode({"update": update}).encode(), **form))
    with pytest.raises(QueryRefused, match="update token"):
        interpret(req("POST", body=urlencode({"update": update}).encode(), update=NEEDS_TOKEN,
                      **form))  # fmt: skip
    plan = interpret(
        req("POST", content_type="application/sparql-update", body=update.encode(), update=None)
    )
    assert plan["kind"] == "update" and plan["updates"] == ["INSERT DATA"]
    with pytest.raises(QueryRefused, match="LOAD"):
        interpret(req("POST", content_type="application/sparql-update",
                      body=b"LOAD <http://a.example/x>", update=None))  # fmt: skip


def test_the_query_page_parameter() -> None:
    assert query_param(urlencode({"x": "1", "query": "ASK { ?s ?p 'é' }"}).encode()) == (
        "ASK { ?s ?p 'é' }"
    )
    assert query_param(b"") == ""
