"""The endpoint's handlers (kg.serve.handlers), served for real on loopback with network isolation
off, so that the guard alone stands between a query and a listener (every spelling of the attack
run is tried in tests/serve/test_attack.py, in this mode too): deep nesting is a 400 that costs
no worker, GRAPH names only the store's graphs, and a client that hangs up is one line in the
log."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from support.servers import BASE, Server, served, worker_pids

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    isolation_off = {"KG_SERVE_SKIP_ISOLATION": "netns,seccomp"}
    with served(tmp_path_factory.mktemp("handlers"), env=isolation_off, query_timeout=3.0,
                workers=2, client_timeout=2.0) as srv:  # fmt: skip
        yield srv


def test_a_foreign_graph_is_refused_by_name(server: Server) -> None:
    url = server.url + "/sparql"
    local = f"{BASE}graph/a1"
    resp = httpx.get(url, params={"query": f"ASK {{ GRAPH <{local}> {{ ?s ?p ?o }} }}"})
    assert resp.status_code == 200 and resp.json()["boolean"] is True
    for text in (
        "ASK { GRAPH <http://elsewhere.example/g> { ?s ?p ?o } }",
        "SELECT * # c\r FROM <http://elsewhere.example/g> { ?s ?p ?o }",
    ):
        resp = httpx.get(url, params={"query": text})
        assert resp.status_code == 403 and "names no graph" in resp.text, resp.text


def test_deep_nesting_is_400_and_costs_no_worker(server: Server) -> None:
    before = sorted(worker_pids(server.proc.pid))
    url = server.url + "/sparql"
    for body in (
        "SELECT * " + "{ " * 10_000 + "}" * 10_000,
        "SELECT * { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "SELECT * { " + " UNION ".join(["{}"] * 10_000) + " }",
    ):
        resp = httpx.post(
            url, content=body, headers={"Content-Type": "application/sparql-query"}, timeout=30
        )
        assert resp.status_code == 400 and "nested too deeply" in resp.text, resp.text
    assert httpx.get(url, params={"query": "ASK {}"}).status_code == 200
    assert sorted(worker_pids(server.proc.pid)) == before
    assert "died" not in server.stderr()


def test_a_client_that_hangs_up_is_one_line(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 5000\r\n\r\nSELECT * WHERE"
        )
        time.sleep(0.5)
    deadline = time.monotonic() + 10
    while "hung up" not in server.stderr():
        assert time.monotonic() < deadline, server.stderr()
        time.sleep(0.1)
    log = server.stderr()
    assert "Traceback" not in log and "ClientDisconnect" not in log, log
    assert [line for line in log.splitlines() if "hung up" in line] == [
        "kg serve: 127.0.0.1 hung up while sending its request"
    ]


def test_answers_say_which_snapshot_they_come_from(server: Server) -> None:
    resp = httpx.get(server.url + "/sparql", params={"query": "ASK {}"})
    assert resp.headers["kg-snapshot"] == "1; complete"
