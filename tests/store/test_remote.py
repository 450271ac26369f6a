"""The remote store against a real Oxigraph server (`oxigraph serve`) on a loopback port, and
against a small real HTTP server for the failure paths Oxigraph never produces (5xx, 401)."""

from __future__ import annotations

import http.server
import io
import json
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from support.datasets import assert_same_dataset, canonical
from support.oxiserver import OxigraphServer
from support.paths import REPO

from kg.errors import QueryError, StoreError
from kg.store import Store
from kg.store.remote import RemoteStore, open_store

pytestmark = pytest.mark.slow

REPO = REPO
SEEDS = REPO / "seeds"
EX = "http://example.org/"
KGO = "http://kg.example.org/ontology#"
ENTITY = "http://kg.example.org/entity/"


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    srv = OxigraphServer(tmp_path / "oxigraph")
    srv.start()
    yield srv
    srv.kill()


def quads(graph: str, n: int, start: int = 0) -> list[ox.Quad]:
    g = ox.NamedNode(EX + graph)
    return [
        ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), g)
        for i in range(start, start + n)
    ]


def entity(st: RemoteStore, label: str) -> str:
    rows = list(
        st.query(f"""SELECT DISTINCT ?e WHERE {{
        ?e <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel>
        ?l . FILTER(STR(?l) = "{label}") }}""")
    )
    assert len(rows) == 1, (label, rows)
    return rows[0]["e"].value


# -- protocol-level behaviour on a real Oxigraph server ----------------------------------------
def test_put_replaces_one_graph_and_union_queries(server: OxigraphServer) -> None:
    st = server.store()
    st.put_graph(EX + "a", quads("a", 3))
    st.put_graph(EX + "b", quads("b", 2))
    st.put_graph(EX + "a", quads("a", 1, start=7))
    assert len(st) == 3
    assert st.has_graph(EX + "a") and not st.has_graph(EX + "nope")
    rows = st.query(f"SELECT ?o WHERE {{ GRAPH <{EX}a> {{ ?s ?p ?o }} }}", union=False)
    assert [r["o"].value for r in rows] == ["7"]
    # Same semantics as the local store: union by default, empty default graph without it.
    n = next(iter(st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
    assert n == "3"
    assert not st.query("ASK { ?s ?p ?o }", union=False)
    st.drop_graph(EX + "b")
    st.drop_graph(EX + "never-existed")  # like the local store: dropping nothing is fine
    assert len(st) == 1 and {g.value for g in st.named_graphs()} == {EX + "a"}
    st.put_graph(EX + "a", [])
    assert len(st) == 0 and not st.has_graph(EX + "a")


def test_results_are_pyoxigraph_objects_that_kg_query_formats(server: OxigraphServer) -> None:
    from kg.query import format_result, run_query

    st = server.store()
    st.put_graph(EX + "a", quads("a", 2))
    sel = run_query(st, "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert isinstance(sel, ox.QuerySolutions)
    doc = json.loads(format_result(sel, "json"))
    assert [b["o"]["value"] for b in doc["results"]["bindings"]] == ["0", "1"]
    assert isinstance(st.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)
    con = run_query(st, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(con, ox.QueryTriples)
    assert "<http://example.org/s1>" in format_result(con, "table")
    # prefixes= works as with the local store (kg query passes its prefix table this way).
    assert st.query("ASK { ?s ex:p ?o }", prefixes={"ex": EX})


def test_dump_and_load_round_trip(server: OxigraphServer, tmp_path: Path) -> None:
    st = server.store()
    st.put_graph(EX + "a", quads("a", 3))
    st.put_graph(EX + "b", quads("b", 2))
    out = tmp_path / "all.trig"
    st.dump(out, fmt="trig")
    local = Store(tmp_path / "local")
    local.load(out)
    assert_same_dataset(canonical(local), canonical(st))

    ttl = tmp_path / "ref.ttl"  # blank nodes must keep their identity inside one file
    ttl.write_text(
        f'@prefix ex: <{EX}> .\nex:acme ex:address [ ex:city "Ohio" ; ex:zip "1" ] .\n',
        encoding="utf-8",
    )
    st.load(ttl, graph=EX + "ref")
    rows = list(
        st.query(
            f"SELECT ?c ?z WHERE {{ <{EX}acme> <{EX}address> ?b . "
            f"?b <{EX}city> ?c ; <{EX}zip> ?z }}"
        )
    )
    assert [(r["c"].value, r["z"].value) for r in rows] == [("Ohio", "1")]
    buf = io.BytesIO()
    st.dump(buf, fmt="turtle")
    assert b"Ohio" in buf.getvalue()


def test_batched_writes_through_sparql_update(server: OxigraphServer) -> None:
    st = server.store(update=f"{server.base}/update", batch=5)
    st.put_graph(EX + "a", quads("a", 4))  # pre-existing graph: batched writes must replace it
    st.flush()
    before = st.requests
    for i in range(12):
        st.put_graph(f"{EX}g{i}", quads(f"g{i}", 2))
    st.put_graph(EX + "a", quads("a", 1))
    assert len(st) == 12 * 2 + 1
    # 13 graphs in batches of 5 -> 3 update requests, plus the COUNT query.
    assert st.requests - before == 4


def test_malformed_query_and_refused_upload(server: OxigraphServer, tmp_path: Path) -> None:
    st = server.store()
    with pytest.raises(QueryError, match="rejected the query"):
        st.query("SELEC ?x WHERE { ?x ?p ?o }")
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://example.org/s> <http://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"refused by .*HTTP 400"):
        st.load(bad)
    ro = server.store(read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        ro.put_graph(EX + "a", quads("a", 1))
    nogsp = open_store(f"sparql:{server.base}/query")
    with pytest.raises(StoreError, match="pass --gsp"):
        nogsp.put_graph(EX + "a", quads("a", 1))


def test_server_down_is_a_clear_error_after_backoff(server: OxigraphServer) -> None:
    st = server.store(retries=3, backoff=0.05)
    st.put_graph(EX + "a", quads("a", 1))
    server.kill()
    t0 = time.perf_counter()
    with pytest.raises(StoreError) as err:
        st.put_graph(EX + "b", quads("b", 1))
    assert time.perf_counter() - t0 >= 0.05 + 0.1 + 0.2  # exponential backoff between tries
    msg = str(err.value)
    assert "\n" not in msg and server.base in msg and "after 4 attempts" in msg
    with pytest.raises(StoreError, match="unreachable"):
        st.query("ASK {}")


def test_open_store_factory(tmp_path: Path) -> None:
    assert isinstance(open_store(tmp_path / "dir"), Store)
    assert isinstance(open_store("sparql:http://127.0.0.1:9/query"), RemoteStore)
    with pytest.raises(StoreError, match="need a remote store"):
        open_store(tmp_path / "dir2", gsp="http://127.0.0.1:9/store")
    with pytest.raises(StoreError, match="http"):
        open_store("sparql:127.0.0.1:9/query")


# -- retries and auth, against a real HTTP server that misbehaves on purpose --------------------
class _Flaky(http.server.BaseHTTPRequestHandler):
    failures_left = 0
    token: str | None = None
    seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        type(self).seen.append({k.lower(): v for k, v in self.headers.items()})
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            self._reply(503, b"overloaded", "text/plain")
        elif self.token and self.headers.get("Authorization") != f"Bearer {self.token}":
            self._reply(401, b"missing or wrong token", "text/plain")
        else:
            self._reply(200, b'{"head":{},"boolean":true}', "application/sparql-results+json")

    def _reply(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def flaky() -> Iterator[tuple[str, type[_Flaky]]]:
    handler = type("Handler", (_Flaky,), {"seen": [], "failures_left": 0, "token": None})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/sparql", handler
    srv.shutdown()
    srv.server_close()


def test_5xx_is_retried_until_it_succeeds(flaky: tuple[str, type[_Flaky]]) -> None:
    url, handler = flaky
    handler.failures_left = 2
    st = open_store(f"sparql:{url}", retries=3, backoff=0.01)
    assert bool(st.query("ASK {}")) is True
    assert len(handler.seen) == 3


def test_5xx_past_the_retries_is_a_store_error(flaky: tuple[str, type[_Flaky]]) -> None:
    url, handler = flaky
    handler.failures_left = 10
    st = open_store(f"sparql:{url}", retries=2, backoff=0.01)
    with pytest.raises(StoreError, match=r"after 3 attempts \(HTTP 503 overloaded\)"):
        st.query("ASK {}")


def test_token_is_sent_and_401_is_refused_at_once(flaky: tuple[str, type[_Flaky]]) -> None:
    url, handler = flaky
    handler.token = "s3cret"
    with pytest.raises(StoreError, match=r"HTTP 401 .*check --token"):
        open_store(f"sparql:{url}", retries=3, backoff=0.01).query("ASK {}")
    assert len(handler.seen) == 1  # a refusal is not retried
    st = open_store(f"sparql:{url}", token="s3cret", headers={"X-Team": "research"})
    assert bool(st.query("ASK {}")) is True
    assert handler.seen[-1]["authorization"] == "Bearer s3cret"
    assert handler.seen[-1]["x-team"] == "research"


# -- the build into a remote store (real pipeline) ---------------------------------------------
def _corpus(tmp_path: Path, n: int) -> Path:
    from benchmarks.corpus import write_jsonl

    return write_jsonl(tmp_path / "corpus.jsonl", n, seed=11)


def test_build_seeds_into_remote_store(server: OxigraphServer, seed_store_path: Path) -> None:
    from kg.pipeline import build

    st = server.store(update=f"{server.base}/update", batch=8)
    report = build([SEEDS], store=st, progress=False)
    assert report.added == 2 and report.inferred >= 1 and report.facts > 0
    gm, tdk = entity(st, "GM"), entity(st, "TDK")
    assert st.query(f"ASK {{ <{gm}> <{KGO}buysFrom> <{tdk}> }}")
    # The same store a local build makes, quad for quad.
    assert_same_dataset(canonical(Store(seed_store_path, read_only=True)), canonical(st))

    size = len(st)
    again = build([SEEDS], store=st, progress=False)
    assert again.added == 0 and again.unchanged == 2 and len(st) == size


def test_server_killed_mid_build_then_restarted_completes(
    server: OxigraphServer, tmp_path: Path
) -> None:
    from kg.pipeline import build

    inputs = [SEEDS, _corpus(tmp_path, 8)]
    reference = Store(tmp_path / "reference")
    ref_report = build(inputs, store=reference, progress=False)

    class DiesAfterThreeArticles(RemoteStore):
        """The real remote store; the endpoint is killed once three article graphs have been
        acknowledged (extraction runs ahead in a thread, so counting extractions would race)."""

        written = 0

        def put_graph(self, iri: str, quads: Iterable[ox.Quad]) -> None:
            super().put_graph(iri, quads)
            self.written += "/graph/" in iri
            if self.written == 3:
                server.kill()

    st = DiesAfterThreeArticles(
        f"{server.base}/query", gsp_url=f"{server.base}/store", retries=2, backoff=0.05
    )
    with pytest.raises(StoreError, match=r"unreachable after 3 attempts") as err:
        build(inputs, store=st, progress=False)
    assert "\n" not in str(err.value)

    server.start()
    st = server.store()
    partial = st.article_graphs("http://kg.example.org/")
    assert 0 < len(partial) < ref_report.added
    report = build(inputs, store=st, progress=False)
    assert report.added == ref_report.added - len(partial)
    assert report.unchanged == len(partial)
    # Completed: the same graphs as an uninterrupted local build, each article exactly once.
    graphs = {g.value for g in st.named_graphs()}
    assert graphs == {g.value for g in reference.ox.named_graphs()}
    per_graph = st.query(
        """SELECT ?id (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {
        ?a a <http://kg.example.org/ontology#Article> ; <http://purl.org/dc/terms/identifier> ?id }
        } GROUP BY ?id""",
        union=False,
    )
    counts = {r["id"].value: int(r["n"].value) for r in per_graph}
    assert len(counts) == ref_report.added and set(counts.values()) == {1}
    assert report.facts == ref_report.facts
    size = len(st)
    assert build(inputs, store=st, progress=False).added == 0 and len(st) == size


def test_cli_build_and_query_remote(
    server: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli.main import main

    remote = ["--store", f"sparql:{server.base}/query"]
    rc = main(["build", str(SEEDS), *remote, "--gsp", f"{server.base}/store", "--quiet"])
    out = capsys.readouterr().out
    assert rc == 0 and f"{server.base}/query" in out and "2 added" in out
    rc = main(
        [
            "query",
            *remote,
            "--format",
            "csv",
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kgo:Article }",
        ]
    )
    assert rc == 0 and capsys.readouterr().out.split() == ["n", "2"]
    out_file = tmp_path / "remote.nq"
    assert main(["export", *remote, "--format", "nquads", "-o", str(out_file)]) == 0
    capsys.readouterr()
    assert len(canonical(ox.parse(path=str(out_file)))) == len(server.store())
    # stats and the graph page read the remote store exactly as they read a local one.
    local = tmp_path / "local"
    assert main(["build", str(SEEDS), "--store", str(local), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["stats", *remote]) == 0
    remote_stats = capsys.readouterr().out
    assert main(["stats", "--store", str(local)]) == 0
    assert remote_stats == capsys.readouterr().out and "kgo:Organization" in remote_stats
    page = tmp_path / "remote.html"
    assert main(["viz", *remote, "-o", str(page)]) == 0
    capsys.readouterr()
    html = page.read_text(encoding="utf-8")
    assert all(name in html for name in ("General Motors", "TDK", "CATL"))
    server.kill()
    rc = main(["query", *remote, "ASK { ?s ?p ?o }"])
    err = capsys.readouterr().err
    assert rc == StoreError.exit_code and err.count("\n") == 1 and "unreachable" in err
