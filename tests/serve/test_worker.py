"""Query workers (kg.serve.worker): a memory limit each, errors mapped through kg.errors.outcome,
and a worker that hits its limit answered 503 and replaced, served for real."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from support.servers import Server, make_store, worker_pids

from kg.serve.worker import handle

DOUBLING = (
    'SELECT (STRLEN(?x40) AS ?n) { BIND("ab" AS ?x0) '
    + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(40))
    + " }"
)


def _rss_mb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


@pytest.mark.slow
def test_memory_limit_is_503_and_a_fresh_worker(tmp_path: Path) -> None:
    srv = Server(make_store(tmp_path / "store"), query_timeout=20.0, workers=1, worker_memory=300)
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for pid in worker_pids(srv.proc.pid):
                peak[0] = max(peak[0], _rss_mb(pid))
            time.sleep(0.01)

    try:
        before = set(worker_pids(srv.proc.pid))
        watcher = threading.Thread(target=watch)
        watcher.start()
        resp = httpx.post(srv.url + "/sparql", data={"query": DOUBLING}, timeout=60)
        done.set()
        watcher.join()
        assert resp.status_code == 503, resp.text
        assert "memory limit of 300 MB" in resp.text and resp.text.count("\n") == 1
        assert peak[0] < 300 + 150, peak[0]
        ok = httpx.get(srv.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert ok.status_code == 200 and ok.json()["boolean"] is True
        deadline = time.monotonic() + 60
        while len(worker_pids(srv.proc.pid)) < len(before):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert set(worker_pids(srv.proc.pid)) != before  # the one that hit the limit is gone
        died = [line for line in srv.stderr().splitlines() if "died" in line]
        assert died and "memory allocation" in died[0], srv.stderr()
    finally:
        done.set()
        srv.stop()


def test_errors_become_statuses_through_outcome() -> None:
    store = ox.Store()
    base = {"op": "query", "results_format": "json", "graph_format": None, "max_results": 2}
    reply = handle(store, {**base, "query": "SELECT ?s WHERE { ?s ?p "})
    assert reply["status"] == 400 and reply["message"].startswith("malformed SPARQL at line 1")
    reply = handle(store, {**base, "query": "SELECT * { VALUES ?x { 1 2 3 } }"})
    assert reply == {
        "status": 503,
        "message": "result too large: more than 2 results (the limit); add LIMIT or narrow "
        "the query",
    }
    reply = handle(store, {**base, "query": "SELECT * { VALUES ?x { 1 2 } }"})
    assert reply["status"] == 200 and b'"value":"2"' in reply["body"]
