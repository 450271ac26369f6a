"""The endpoint's handlers (kg.serve.handlers), served for real on loopback with network isolation
off, so that the guard alone stands between a query and a listener: every spelling the attack run
used is refused, deep nesting is a 400 that costs no worker, GRAPH names only the store's graphs,
and a client that hangs up is one line in the log."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from test_serve import BASE, Listener, make_store
from test_serve_attack import Server, _worker_pids

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = make_store(tmp_path_factory.mktemp("handlers") / "store")
    srv = Server(
        store,
        env={"KG_SERVE_SKIP_ISOLATION": "netns,seccomp"},
        query_timeout=3.0,
        workers=2,
        client_timeout=2.0,
    )
    yield srv
    srv.stop()


def attack_spellings(target: str) -> list[str]:
    """What hid SERVICE, LOAD and a foreign FROM from the old guard (issue 22), aimed at
    `target`: comments ended by \\r, strings closed elsewhere once \\u escapes are undone."""
    host = target.rsplit("/", 1)[0] + "/"
    return [
        f"SELECT * {{ ?s ?p ?o # x\r SERVICE <{target}> {{ ?a ?b ?c }} }}",
        f"SELECT * {{ ?s ?p ?o # x\r\n SERVICE <{target}> {{ ?a ?b ?c }} }}",
        f'SELECT * {{ BIND("""a\\u005C""" AS ?x) SERVICE <{target}> {{ ?a ?b ?c }} }} # """',
        f"SELECT * {{ BIND('''a\\u005C''' AS ?x) SERVICE <{target}> {{ }} }} # '''",
        f'SELECT * {{ BIND("a\\u0022" AS ?x) SERVICE <{target}> {{ }} }} # "',
        f"PREFIX h: <{host}> SELECT * {{ ?s ?p ?o # c\r SERVICE h:sparql {{ }} }}",
        f"SELECT * {{ ?s ?p ?o # c\r SERVICE <\\u0068ttp{target[4:]}> {{ }} }}",
        f"SELECT * # x\r FROM <{target}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * # x\r FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f'SELECT ("""a\\u005C""" AS ?x) FROM <{target}> WHERE {{ ?s ?p ?o }} # """',
        f"SELECT * {{ # x\r GRAPH <{target}> {{ ?s ?p ?o }} }}",
        f"# x\r LOAD <{target}>",
        f'INSERT DATA {{ <{BASE}a> <{BASE}b> """a\\u005C""" }} ; LOAD <{target}> # """',
    ]


def test_the_guard_alone_refuses_every_spelling(server: Server) -> None:
    assert "NOT isolated from the network" in server.stderr()
    listener = Listener()
    for text in attack_spellings(listener.url):
        for how in ("get", "form", "direct", "update"):
            if how == "get":
                resp = httpx.get(server.url + "/sparql", params={"query": text}, timeout=30)
            elif how == "form":
                resp = httpx.post(server.url + "/sparql", data={"query": text}, timeout=30)
            elif how == "direct":
                resp = httpx.post(
                    server.url + "/sparql",
                    content=text,
                    headers={"Content-Type": "application/sparql-query"},
                    timeout=30,
                )
            else:
                resp = httpx.post(server.url + "/sparql", data={"update": text}, timeout=30)
            assert 400 <= resp.status_code < 500, (how, text, resp.status_code, resp.text)
    assert listener.connections() == 0


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
    before = sorted(_worker_pids(server.proc.pid))
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
    assert sorted(_worker_pids(server.proc.pid)) == before
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
