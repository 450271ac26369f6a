"""The pages around the endpoint (kg.serve.views): the graph page is drawn within its time and
size budget, or answered 503 in one line at once, and not tried again for the same snapshot."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from support.servers import Server, make_store

pytestmark = pytest.mark.slow


def _graph(url: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    resp = httpx.get(url + "/graph/", timeout=120)
    return resp, time.monotonic() - started


def test_the_graph_page_keeps_to_its_budget(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store")
    small = Server(store, workers=1, graph_max_quads=100)
    try:
        resp, seconds = _graph(small.url)
        assert resp.status_code == 503 and "more than the page draws (100)" in resp.text
        assert resp.text.count("\n") == 1 and seconds < 10
    finally:
        small.stop()
    slow = Server(store, workers=1, graph_timeout=0.2)
    try:
        resp, seconds = _graph(slow.url)
        assert resp.status_code == 503 and "took longer than 0.2 s" in resp.text, resp.text
        assert seconds < 10
        again, seconds = _graph(slow.url)  # not drawn again for the same snapshot
        assert again.text == resp.text and seconds < 1
    finally:
        slow.stop()
    fine = Server(store, workers=1)
    try:
        resp, _ = _graph(fine.url)
        assert resp.status_code == 200 and "General Motors" in resp.text
    finally:
        fine.stop()


def test_a_long_query_page_url_is_read_off_the_loop(tmp_path: Path) -> None:
    srv = Server(make_store(tmp_path / "store"), workers=1)
    try:
        query = "SELECT * WHERE { ?s ?p ?o } # " + "é" * 3_000  # 18 KB once encoded
        resp = httpx.get(srv.url + "/query", params={"query": query}, timeout=30)
        assert resp.status_code == 200 and "é" * 3_000 in resp.text
    finally:
        srv.stop()
