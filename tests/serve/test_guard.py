"""The guard (kg.serve.guard) against the engine that runs what it lets through: its verdicts on
their own, and a differential test that feeds the guard and Oxigraph the same generated texts
(comments ended by \\r and \\r\\n, \\u and \\U escapes in and out of strings and IRIs, long strings,
nesting) and fails on every disagreement that matters: a text the guard lets through whose
canonical form, or whose original form, reaches a listener or a graph the guard did not see, or
whose canonical form answers otherwise than the original."""

from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        (
            "PREFIX ex: <http://ex/> # a comment with INSERT\nconstruct WHERE { ?s ex:p ?o }",
            "CONSTRUCT",
        ),
        ("BASE <http://ex/> ASK { <a> <b> 'DROP' }", "ASK"),
        ('DESCRIBE ?x WHERE { ?x ?p """a "quoted" SERVICE""" }', "DESCRIBE"),
        (
            "SELECT ?insert ?load $with WHERE { ?insert <http://ex/p> _:drop . ?x ?y 'x'@de }",
            "SELECT",
        ),
        (
            "PREFIX delete: <http://ex/> "
            "SELECT * { ?s delete:clear ?o ; <http://x/LOAD#service> 1 }",
            "SELECT",
        ),
        ("PREFIX service: <http://ex/> SELECT * { ?s service:from ?o }", "SELECT"),
    ],
)
def test_guard_passes_queries(query: str, form: str) -> None:
    from kg.serve.guard import decide, inspect

    verdict = inspect(query, "query")
    assert decide(verdict, kind="query") == form
    assert verdict["service"] == 0 and verdict["datasets"] == []


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("INSERT DATA { <a:a> <a:b> <a:c> }", "INSERT"),
        (
            "PREFIX ex: <http://ex/> WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "DELETE",
        ),
        ("clear all", "CLEAR"),
        ("SELECT * { sErViCe <http://ex/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { \\u0053\\u0045RVICE <http://ex/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { \\U00000053ERVICE <http://ex/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { 'a' ?p ?o SERVICE<http://ex/>{?s ?p ?o} }", "SERVICE"),
        ("PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:x { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * { { SELECT * { SERVICE SILENT ?u { ?s ?p ?o } } } }", "SERVICE"),
        ("ASK { FILTER NOT EXISTS { SERVICE <http://ex/> { } } }", "SERVICE"),
        ("LOAD <http://ex/data.ttl>", "LOAD"),
        ("PREFIX : <http://127.0.0.1:9/> LOAD:x", "LOAD"),
    ],
)
def test_guard_refuses(query: str, word: str) -> None:
    from kg.serve.guard import QueryRefused, decide, inspect

    with pytest.raises(QueryRefused, match=word):
        decide(inspect(query, "query"), kind="query")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { ?s ?p ?o } ; DROP ALL",  # neither a query nor an update: refused as malformed
        "SELECT * { ?s ?p 1SERVICE<http://ex/>{} }",  # Oxigraph reads SERVICE here; rdflib cannot
        "ASKFROM<http://ex/>{}",
    ],
)
def test_guard_refuses_what_it_cannot_parse(query: str) -> None:
    from kg.errors import QueryError
    from kg.serve.guard import decide, inspect

    with pytest.raises(QueryError, match="malformed SPARQL"):
        decide(inspect(query, "query"), kind="query")


def test_guard_sees_every_spelling_of_service_and_from() -> None:
    """What the old textual shortcut had to send to the parser, the guard now reads itself: a
    FROM or SERVICE in any spelling is found; the word inside another token is not."""
    from kg.errors import QueryError
    from kg.serve.guard import inspect

    def found(text: str) -> tuple[int, list[str]]:
        verdict = inspect(text, "query", {"k": "http://k/", "": "http://d/"})
        return verdict["service"], verdict["datasets"]

    assert found("SELECT * { ?s ?p ?o }") == (0, [])
    with pytest.raises(QueryError, match="malformed"):
        found("SELECT * { ?s ?p 1SeRvIcE<http://x>{} }")
    with pytest.raises(QueryError, match="malformed"):
        found("ASKFROM<http://x>{}")
    assert found("SELECT * { \\u0053ERVIC\\u0045 <http://x> {} }") == (1, [])
    assert found("SELECT * { ?s <http://x/buysFrom> ?o }") == (0, [])
    assert found("SELECT * from<http://x> {}") == (0, ["http://x"])
    assert found("SELECT * FROM # c\r <http://x> {}") == (0, ["http://x"])
    assert found("SELECT * FROM\n\tNAMED <http://x> {}") == (0, ["http://x"])
    assert found("SELECT * FrOm k:g {}") == (0, ["http://k/g"])
    assert found("SELECT * FROM :g {}") == (0, ["http://d/g"])
    assert found("SELECT * {} #from" + " " * 300 + "\r FROM <http://x>") == (0, ["http://x"])
    assert found("SELECT * F\\u0052OM <http://x> {}") == (0, ["http://x"])
    assert found("SELECT ?s { ?s k:buysFrom ?o ; k:p k:sellsFrom . }") == (0, [])
    assert found("SELECT ?from { ?from ?p 'from' } # from") == (0, [])


def test_guard_knows_the_standard_prefixes_in_dataset_clauses() -> None:
    """A query may use the standard prefixes without PREFIX lines everywhere (kg query,
    /sparql, /query); the guard's own parse must resolve them too, or a FROM query using
    `kgo:` would be refused as malformed."""
    from kg.serve.guard import inspect

    verdict = inspect(
        "SELECT * FROM <http://kg.example.org/graph/x> { ?s kgo:buysFrom ?o }", "query"
    )
    assert "error" not in verdict
    assert verdict["datasets"] == ["http://kg.example.org/graph/x"]
    update = inspect('INSERT DATA { <http://a> kgo:note "from" }', "update")
    assert update.get("updates") == ["INSERT DATA"]


# -- the differential test ----------------------------------------------------------------------
LOCAL = "http://local.example/g"  # a graph of the store: a dataset may name it
FOREIGN = "http://foreign.example/g"  # a graph the guard is not told of: naming it is refused


class Listener:
    """A real SPARQL endpoint on loopback that answers every request with one row, REMOTE, and
    counts the requests it got."""

    def __init__(self) -> None:
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                outer.hits += 1
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                body = json.dumps(
                    {
                        "head": {"vars": ["a"]},
                        "results": {"bindings": [{"a": {"type": "literal", "value": "REMOTE"}}]},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def _store() -> ox.Store:
    store = ox.Store()
    p = ox.NamedNode("http://p.example/p")
    store.add(ox.Quad(ox.NamedNode("http://s.example/d"), p, ox.Literal("DEFAULT")))
    for graph, marker in ((LOCAL, "LOCAL"), (FOREIGN, "FOREIGN")):
        store.add(
            ox.Quad(ox.NamedNode("http://s.example/n"), p, ox.Literal(marker), ox.NamedNode(graph))
        )
    return store


def _escape_all(text: str, big: bool = False) -> str:
    return "".join(f"\\U{ord(c):08X}" if big else f"\\u{ord(c):04X}" for c in text)


def _spellings(word: str) -> list[str]:
    return [
        word,
        word.lower(),
        "".join(c.lower() if i % 2 else c for i, c in enumerate(word)),
        _escape_all(word[0]) + word[1:],
        word[:2] + _escape_all(word[2], big=True) + word[3:],
    ]


def _iris(iri: str) -> list[str]:
    """An IRI written plainly, with escapes inside, and as a prefixed name (`x:` declared)."""
    tail = iri.rsplit("/", 1)[1]
    return [f"<{iri}>", f"<{_escape_all(iri[:4])}{iri[4:]}>", f"x:{tail}"]


# Text put before and after the payload: each may hide it from a parser that reads it otherwise
# (a comment rdflib ended only at \n, strings it closed elsewhere because it undid \u escapes
# first), or hide it from every parser (a comment that runs to the end of the line).
HIDERS = [
    ("", ""),
    ("# c\r", ""),
    ("# c\r\n", ""),
    ("#\r", ""),
    ("# c\u2028", ""),
    ("# c\x0c", ""),
    ('# """ ', ""),
    ('BIND("""a\\u005C""" AS ?h1) ', ' # """'),
    ("BIND('''a\\u005C''' AS ?h2) ", " # '''"),
    ('BIND("a\\u0022" AS ?h3) ', ' # "'),
    ('BIND("a\\"" AS ?h4) ', ' # "'),
    ('BIND("""x"""" AS ?h5) ', ""),
    ("BIND('" + "long " * 2000 + "' AS ?h6) ", ""),
    ("BIND(<http://h.example/\\u003E> AS ?h7) ", ""),
    ('BIND("SERVICE <x> {} FROM <y>" AS ?h8) ', ""),
]
NESTINGS = [
    "{}",
    "{ {} }",
    "{ OPTIONAL {} }",
    "{ { SELECT * WHERE {} } }",
    "FILTER EXISTS {}",
    "{" * 20 + "{}" + "}" * 20,
]


def _variants(listener: str) -> list[str]:
    out = []
    prologue = f"PREFIX x: <{listener.rsplit('/', 1)[0]}/> PREFIX y: <http://foreign.example/> "
    prologue += "PREFIX z: <http://local.example/> "
    service_iris = _iris(listener)
    graph_iris = [i.replace("x:", "y:") for i in _iris(FOREIGN)]
    graph_iris += [i.replace("x:", "z:") for i in _iris(LOCAL)]
    for (before, after), spelling, iri in itertools.product(
        HIDERS, _spellings("SERVICE"), service_iris
    ):
        for nest in NESTINGS[:3] if before else NESTINGS:
            inner = f"{spelling} {iri} {{ ?a ?b ?c }}"
            body = nest.replace("{}", "{ " + inner + " }", 1) if nest != "{}" else inner
            out.append(f"{prologue}SELECT * WHERE {{ ?s ?p ?o . {before}{body}{after}\n}}")
    for (before, after), spelling, iri in itertools.product(
        HIDERS, _spellings("GRAPH"), graph_iris
    ):
        payload = f"{spelling} {iri} {{ ?s ?p ?o }}"
        out.append(f"{prologue}SELECT ?o WHERE {{ {before}{payload}{after}\n}}")
    for spelling, iri in itertools.product(_spellings("FROM"), graph_iris):
        for before, after in HIDERS:
            if before.startswith("BIND("):
                value = before[5:].split(" AS ")[0]
                text = f"SELECT ({value} AS ?h) {spelling} {iri}{after}\nWHERE {{ ?s ?p ?o }}"
            else:
                text = f"SELECT ?o {before}{spelling} {iri}{after}\nWHERE {{ ?s ?p ?o }}"
            out.append(prologue + text)
        out.append(
            f"{prologue}SELECT ?o {spelling} NAMED {iri} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        )
    return out


def _run(store: ox.Store, text: str, prefixes: dict[str, str] | None) -> tuple[str, ...] | str:
    try:
        result = store.query(text, prefixes=prefixes)
        if isinstance(result, ox.QueryBoolean):
            return (str(bool(result)),)
        return tuple(sorted(str(row) for row in result))
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        return f"error: {type(exc).__name__}"


def _guard(text: str) -> dict | None:
    """The guard's verdict, or None for a refusal (as the server would give it)."""
    from kg.errors import QueryError
    from kg.serve.guard import decide, inspect

    try:
        verdict = inspect(text, "query")
        decide(verdict, kind="query")
    except QueryError:
        return None
    if (set(verdict["datasets"]) | set(verdict["graphs"])) - {LOCAL}:
        return None
    return verdict


@pytest.mark.slow
def test_guard_and_oxigraph_agree_on_what_matters() -> None:
    from kg.rdf.terms import PREFIXES

    listener = Listener()
    store = _store()
    texts = _variants(listener.url)
    assert len(texts) > 1000
    disagreements: list[str] = []
    allowed = refused = unreadable = dangerous = 0
    try:
        for text in texts:
            verdict = _guard(text)
            hits = listener.hits
            original = _run(store, text, PREFIXES)
            reached = (
                listener.hits > hits or "REMOTE" in str(original) or "FOREIGN" in str(original)
            )
            dangerous += reached
            if verdict is None:
                refused += 1
                continue
            allowed += 1
            if reached:  # Oxigraph, given the client's text, would do what the guard did not see
                disagreements.append(f"guard blind to what the text does: {text!r}")
                continue
            hits = listener.hits
            canonical = _run(store, verdict["text"], None)
            if listener.hits > hits or "REMOTE" in str(canonical) or "FOREIGN" in str(canonical):
                disagreements.append(f"the canonical text does more: {verdict['text']!r}")
            elif isinstance(original, tuple) and canonical != original:
                disagreements.append(f"the canonical text answers otherwise: {text!r}")
            elif isinstance(original, str):
                unreadable += 1  # Oxigraph refuses the client's own spelling; the guard reads it
    finally:
        listener.close()
    assert not disagreements, f"{len(disagreements)} of {len(texts)}: {disagreements[:5]}"
    # The test proves something only if it generated texts that do reach the listener or the
    # foreign graph when Oxigraph reads them, and texts the guard lets through.
    assert dangerous > 100 and allowed > 100, (dangerous, refused, allowed, unreadable)
