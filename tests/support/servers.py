"""Real servers for the serve tests: a small test store in the RDF model of docs/architecture.md,
`kg.serve.run` in a subprocess on a free loopback port, and loopback listeners that record whether a
query ever reached them. One copy, imported by every test that serves."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from support.turtle import PREFIXES

REPO = Path(__file__).resolve().parents[2]
BASE = "http://kg.example.org/"
KGO = "http://kg.example.org/ontology#"
TOKEN = "s3cret-token"  # the update token the tests' servers are given
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
EVIL_LABEL = "<img src=x onerror=\"document.title='pwned'\"> Evil & Co"

# An answer of about 8 MB that Oxigraph computes at once: 4 rows of a 2 MB string.
BIG = (
    'SELECT ?x { VALUES ?n { 1 2 3 4 } BIND("0123456789abcdef" AS ?a0) '
    + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(17))
    + " BIND(CONCAT(STR(?n), ?a17) AS ?x) }"
)

# Two articles in the RDF model of docs/architecture.md, plus one whose supplier's name is HTML.
CORE_TRIG = (
    PREFIXES
    + f"""
<{BASE}graph/a1> {{
  <{BASE}article/a1> a kgo:Article ; dcterms:identifier "a1" ;
      dcterms:title "GM to buy battery parts from TDK" ; dcterms:publisher "BNN Bloomberg" ;
      dcterms:language "en" ; dcterms:issued "2024-05-02"^^xsd:date ;
      kgo:sourcePath "seeds/000_a1.txt" ; kgo:origin "seeds/000_a1.txt" .
  e:organization\\/general-motors a kgo:Organization ; rdfs:label "General Motors"@en ;
      skos:altLabel "GM"@en , "the automaker"@en .
  e:organization\\/tdk a kgo:Organization ; rdfs:label "TDK"@en .
  e:country\\/united-states a kgo:Country ; rdfs:label "United States"@en ,
      "Vereinigte Staaten"@de .
  e:organization\\/general-motors kgo:buysFrom e:organization\\/tdk ;
      kgo:locatedIn e:country\\/united-states .
  <{BASE}statement/a1/0> a rdf:Statement ; rdf:subject e:organization\\/general-motors ;
      rdf:predicate kgo:buysFrom ; rdf:object e:organization\\/tdk ;
      prov:wasDerivedFrom <{BASE}article/a1> ;
      kgo:evidence "GM plans to buy capacitors from TDK, the automaker said." ;
      kgo:start 0 ; kgo:end 55 ; kgo:confidence 0.9 ; kgo:modality kgo:Planned ;
      kgo:extractor "kg.extract.svo.v1" .
}}

<{BASE}graph/a2> {{
  <{BASE}article/a2> a kgo:Article ; dcterms:identifier "a2" ;
      dcterms:title "Ford in talks with LG" ; dcterms:publisher "BNN Bloomberg" ;
      dcterms:language "en" ; kgo:origin "seeds/003_a2.txt" .
  e:organization\\/ford a kgo:Organization ; rdfs:label "Ford"@en .
  e:organization\\/lg-energy-solution a kgo:Organization ; rdfs:label "LG Energy Solution"@en .
  e:organization\\/evil a kgo:Organization ; rdfs:label {json.dumps(EVIL_LABEL)}@en .
  e:organization\\/ford kgo:buysFrom e:organization\\/lg-energy-solution ,
      e:organization\\/evil .
  <{BASE}statement/a2/0> a rdf:Statement ; rdf:subject e:organization\\/ford ;
      rdf:predicate kgo:buysFrom ; rdf:object e:organization\\/lg-energy-solution ;
      prov:wasDerivedFrom <{BASE}article/a2> ;
      kgo:evidence "Ford is negotiating to source cells from LG Energy Solution." ;
      kgo:start 0 ; kgo:end 60 ; kgo:confidence 0.7 ; kgo:modality kgo:Negotiating ;
      kgo:extractor "kg.extract.svo.v1" .
  <{BASE}statement/a2/1> a rdf:Statement ; rdf:subject e:organization\\/ford ;
      rdf:predicate kgo:buysFrom ; rdf:object e:organization\\/evil ;
      prov:wasDerivedFrom <{BASE}article/a2> ; kgo:evidence "Ford buys from Evil." ;
      kgo:start 61 ; kgo:end 81 ; kgo:confidence 0.5 ; kgo:modality kgo:Asserted ;
      kgo:extractor "kg.extract.svo.v1" .
}}
"""
)


def filler_trig(n: int) -> str:
    """n more articles of the same shape, so the store holds a few thousand quads."""
    out = []
    for i in range(n):
        g, a = f"<{BASE}graph/f{i}>", f"<{BASE}article/f{i}>"
        buyer = f"<{BASE}entity/organization/buyer-{i}>"
        seller = f"<{BASE}entity/organization/s-{i}>"
        out.append(
            f'{g} {{ {a} a <{KGO}Article> ; <http://purl.org/dc/terms/identifier> "f{i}" .\n'
            f"{buyer} a <{KGO}Organization> ; <http://www.w3.org/2000/01/rdf-schema#label> "
            f'"Buyer {i}"@en .\n{seller} a <{KGO}Organization> ; '
            f'<http://www.w3.org/2000/01/rdf-schema#label> "Seller {i}"@en .\n'
            f"{buyer} <{KGO}buysFrom> {seller} . }}\n"
        )
    return "".join(out)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_store(path: Path) -> Path:
    from kg.store import Store

    trig = path.parent / f"{path.name}.trig"
    trig.write_text(CORE_TRIG + filler_trig(400), encoding="utf-8")
    store = Store(path)
    store.load(trig)
    store.close()
    return path


class Listener:
    """A loopback socket that records whether anything ever connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def connections(self) -> int:
        n = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                return n
            conn.close()
            n += 1


def spellings(target: str) -> list[str]:
    """SERVICE and LOAD written every way the grammar allows, all aimed at `target`."""
    host = target.rsplit("/", 1)[0] + "/"
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"PREFIX : <{host}> SELECT * {{ SERVICE:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX l: <{host}> SELECT * {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE SILENT<{target}>{{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053\\u0045RVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ SELECT * {{ ?s ?p ?o SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ OPTIONAL {{ GRAPH ?g {{ SERVICE <{target}> {{ }} }} }} }}",
        f"SELECT * {{ ?s ?p 1SERVICE<{target}>{{}} }}",
        f"SELECT * {{ ?s ?p ?o }} # \n SERVICE <{target}> {{}}",
        f"LOAD <{target}>",
        f"PREFIX : <{host}> LOAD:sparql",
        f"LOAD SILENT <{target}> INTO GRAPH <{BASE}graph/x>",
        # What hid SERVICE, LOAD and a foreign FROM from the rdflib guard (issue 22): comments
        # ended by \r, strings closed elsewhere once \u escapes are undone.
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


class Server:
    """`kg.serve.run` in a subprocess, optionally under a command prefix (setpriv) and with
    extra environment; its stderr is kept for the startup lines."""

    def __init__(
        self,
        store: Path,
        *,
        prefix: list[str] | None = None,
        env: dict[str, str] | None = None,
        **opts,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        code = (
            "import sys, json; from kg.serve import run; "
            "run(sys.argv[1], port=int(sys.argv[2]), log_level='warning', "
            "**json.loads(sys.argv[3]))"
        )
        self.proc = subprocess.Popen(
            [
                *(prefix or []),
                sys.executable,
                "-c",
                code,
                str(store),
                str(self.port),
                json.dumps(opts),
            ],
            cwd=REPO,
            env={**os.environ, **(env or {})},
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.lines}")
            try:
                if (
                    httpx.get(
                        self.url + "/sparql", params={"query": "ASK {}"}, timeout=5
                    ).status_code
                    == 200
                ):
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("server did not start within 120 s")
            time.sleep(0.2)

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def stderr(self) -> str:
        return "\n".join(self.lines)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def count(url: str) -> int:
    resp = httpx.get(
        url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, timeout=30
    )
    assert resp.status_code == 200, resp.text
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


def add_article(store: Path, name: str) -> None:
    from kg.store import Store

    trig = store.parent / f"{name}.trig"
    trig.write_text(
        f"<{BASE}graph/{name}> {{ <{BASE}article/{name}> a <{KGO}Article> . "
        f'<{BASE}article/{name}> <{KGO}origin> "{name}" . }}\n',
        encoding="utf-8",
    )
    live = Store(store)
    live.load(trig)
    live.close()
    del live


def worker_pids(server_pid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == server_pid and b"kg.serve.worker" in cmdline and b"guard" not in cmdline:
            pids.append(int(entry.name))
    return pids


def start_server(store: Path, **opts: object) -> Iterator[str]:
    """A fixture body: the URL of a server over `store`, stopped when the fixture ends."""
    srv = Server(store, **opts)
    try:
        yield srv.url
    finally:
        srv.stop()


@contextlib.contextmanager
def served(folder: Path, **opts: object) -> Iterator[Server]:
    """`kg.serve.run` in a subprocess over `make_store(folder / "store")`, with `opts`."""
    srv = Server(make_store(folder / "store"), **opts)
    try:
        yield srv
    finally:
        srv.stop()
