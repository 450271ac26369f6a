"""Server generations (kg.serve.generations), served for real while the store changes under the
server: a store merely opened and closed is no new generation; after `kill -9` of a build the
endpoint serves what the store holds, as `kg query` sees it, or says that it serves older data;
after the next build, both agree again."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from support.servers import BASE, KGO, Server, add_article, make_store

from kg.rdf.terms import KGO as KG_ONTOLOGY

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
COUNTS = (
    "SELECT (COUNT(*) AS ?quads) (COUNT(DISTINCT ?a) AS ?articles) "
    f"WHERE {{ GRAPH ?g {{ ?s ?p ?o OPTIONAL {{ ?a <{KG_ONTOLOGY}origin> ?any }} }} }}"
)
SIMPLE = "SELECT (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _endpoint(url: str, query: str = SIMPLE) -> tuple[str, list[int]]:
    resp = httpx.get(url + "/sparql", params={"query": query}, timeout=60)
    assert resp.status_code == 200, resp.text
    row = resp.json()["results"]["bindings"][0]
    return resp.headers["kg-snapshot"], [int(v["value"]) for v in row.values()]


def _kg_query(store: Path, query: str = SIMPLE) -> list[int]:
    """What `kg query` answers: the live store opened read-only (it replays the log)."""
    from kg.store import Store

    live = Store(store, read_only=True)
    row = next(iter(live.query(query)))
    values = [int(row[v].value) for v in ("quads", "articles") if row[v] is not None]
    del live
    return values


def _wait_for(url: str, generation: int, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while True:
        header = _endpoint(url)[0]
        if header.startswith(f"{generation};"):
            return header
        assert time.monotonic() < deadline, f"still {header}"
        time.sleep(0.3)


def test_a_store_opened_and_closed_is_no_new_generation(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store")
    srv = Server(store, query_timeout=3.0, workers=1, watch_interval=0.3)
    try:
        before = _endpoint(srv.url)
        assert before[0] == "1; complete"
        opened = ox.Store(str(store))  # RocksDB rewrites its log and manifest
        del opened
        time.sleep(4)
        assert _endpoint(srv.url) == before
        assert "rebuilt" not in httpx.get(srv.url + "/").text
        add_article(store, "late")
        assert _wait_for(srv.url, 2) == "2; complete"
        assert _endpoint(srv.url)[1] == [before[1][0] + 2]
        assert "rebuilt" in srv.stderr()
    finally:
        srv.stop()


def test_after_kill_9_of_a_build_the_endpoint_serves_what_kg_query_sees(tmp_path: Path) -> None:
    from support.killbuild import build_until

    from benchmarks.corpus import write_jsonl
    from kg.pipeline import build

    store = tmp_path / "store"
    build([write_jsonl(tmp_path / "first.jsonl", 8, seed=11)], store=store, progress=False,
          lang="en")  # fmt: skip
    srv = Server(store, query_timeout=10.0, workers=1, watch_interval=0.5)
    try:
        first = _endpoint(srv.url, COUNTS)
        assert first[0] == "1; complete" and first[1] == _kg_query(store, COUNTS)
        corpus = write_jsonl(tmp_path / "more.jsonl", 400, seed=3)
        proc = build_until([corpus], store, articles=first[1][1] + 5)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        crashed = _kg_query(store, COUNTS)
        assert first[1][1] < crashed[1] < first[1][1] + 400
        # The old generation, labelled as such, or the complete new one: here the new one.
        assert _wait_for(srv.url, 2) == "2; complete"
        assert _endpoint(srv.url, COUNTS)[1] == crashed
        build([corpus], store=store, progress=False, lang="en")
        _wait_for(srv.url, 3)
        assert _endpoint(srv.url, COUNTS)[1] == _kg_query(store, COUNTS)
    finally:
        srv.stop()


def test_while_the_store_changes_the_older_snapshot_is_labelled(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store")
    srv = Server(store, query_timeout=3.0, workers=1, watch_interval=0.3)
    holder = None
    try:
        import subprocess

        # A writer that holds the lock and has written: the server must wait for it.
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, time, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                f"s.add(ox.Quad(ox.NamedNode('{BASE}x'), ox.NamedNode('{KGO}p'), "
                "ox.Literal('x'), ox.NamedNode('http://kg.example.org/graph/w'))); "
                "print('held', flush=True); time.sleep(600)",
                str(store),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        deadline = time.monotonic() + 30
        while "the store has changed since" not in httpx.get(srv.url + "/").text:
            assert time.monotonic() < deadline
            time.sleep(0.3)
        assert _endpoint(srv.url)[0] == "1; stale"
        holder.kill()
        holder.wait()
        holder = None
        assert _wait_for(srv.url, 2) == "2; complete"
        assert "the store has changed since" not in httpx.get(srv.url + "/").text
    finally:
        if holder is not None:
            holder.kill()
        srv.stop()
