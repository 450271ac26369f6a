"""Large answers (kg.serve.stream): written to a file by the worker, streamed to the client a chunk
at a time, and the file gone afterwards, however the response ended."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from support.servers import BIG, Server, make_store

pytestmark = pytest.mark.slow


def _answers(tmp: Path) -> list[Path]:
    return [p for p in tmp.glob("kg-serve-*/answers/*") if p.is_file()]


def test_large_answers_are_streamed_whole_and_their_files_removed(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    srv = Server(
        store,
        env={"TMPDIR": str(scratch)},
        query_timeout=10.0,
        workers=2,
        max_result_bytes=100_000_000,
        max_results=100_000,
    )
    try:
        resp = httpx.post(srv.url + "/sparql", data={"query": BIG}, timeout=60)
        assert resp.status_code == 200
        assert int(resp.headers["content-length"]) == len(resp.content) > 8_000_000
        values = sorted(b["x"]["value"][:1] for b in resp.json()["results"]["bindings"])
        assert values == ["1", "2", "3", "4"]
        # The same rows Oxigraph gives for every triple of the store, in the client's format.
        query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        resp = httpx.get(srv.url + "/sparql", params={"query": query}, timeout=60)
        ours = {json.dumps(b, sort_keys=True) for b in resp.json()["results"]["bindings"]}
        theirs = ox.Store.read_only(str(store)).query(query, use_default_graph_as_union=True)
        parsed = json.loads(theirs.serialize(format=ox.QueryResultsFormat.JSON))
        assert ours == {json.dumps(b, sort_keys=True) for b in parsed["results"]["bindings"]}
        # A client that hangs up half way: the file goes too.
        form = str(httpx.QueryParams({"query": BIG})).encode()
        with socket.create_connection(("127.0.0.1", srv.port)) as sock:
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
                b"urlencoded\r\nContent-Length: " + str(len(form)).encode() + b"\r\n\r\n" + form
            )
            sock.recv(65536)
        deadline = time.monotonic() + 10
        while _answers(scratch):
            assert time.monotonic() < deadline, _answers(scratch)
            time.sleep(0.2)
        assert list(scratch.glob("kg-serve-*/answers")), "the answers directory was not used"
    finally:
        srv.stop()
    assert not list(scratch.glob("kg-serve-*")), "the server left its scratch directory"
