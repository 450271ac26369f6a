"""The SPARQL endpoint, served for real: uvicorn in a subprocess on a free loopback port over a
real on-disk Oxigraph store, queried by the clients researchers use (SPARQLWrapper, rdflib's
SPARQLStore, httpx, headless Chromium)."""

from __future__ import annotations

import asyncio
import csv
import html
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from support.servers import (
    BASE,
    EVIL_LABEL,
    EXPLOSIVE,
    KGO,
    REPO,
    TOKEN,
    Listener,
    make_store,
    start_server,
)

from kg.paths import ontology_file

PREFIXES = f"""PREFIX kgo: <{KGO}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
BUYERS = (
    PREFIXES
    + """SELECT ?buyer ?supplier ?evidence ?modality WHERE {
  ?b kgo:buysFrom ?s . ?b rdfs:label ?buyer . ?s rdfs:label ?supplier .
  ?st rdf:subject ?b ; rdf:predicate kgo:buysFrom ; rdf:object ?s ;
      kgo:evidence ?evidence ; kgo:modality ?modality .
} ORDER BY ?buyer"""
)
TIMEOUT = 1.0
MAX_RESULTS = 500
ALLOWED_ORIGIN = "http://notebook.example"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[str]:
    yield from start_server(
        store_path,
        query_timeout=TIMEOUT,
        max_results=MAX_RESULTS,
        cors_origins=[ALLOWED_ORIGIN],
        workers=2,
    )


def sparql(
    url: str,
    query: str,
    *,
    accept: str = "application/sparql-results+json",
    method: str = "GET",
    **params,
) -> httpx.Response:
    if method == "GET":
        return httpx.get(
            url + "/sparql",
            params={"query": query, **params},
            headers={"Accept": accept},
            timeout=30,
        )
    return httpx.post(
        url + "/sparql", data={"query": query, **params}, headers={"Accept": accept}, timeout=30
    )


# -- clients ----------------------------------------------------------------------------------
pytestmark = pytest.mark.slow


def test_sparqlwrapper_json_get_and_post(server: str) -> None:
    from SPARQLWrapper import GET, JSON, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

    for method, encoding in ((GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)):
        sw = SPARQLWrapper(server + "/sparql")
        sw.setQuery(BUYERS)
        sw.setMethod(method)
        sw.setRequestMethod(encoding)
        sw.setReturnFormat(JSON)
        rows = sw.query().convert()["results"]["bindings"]
        got = {(r["buyer"]["value"], r["supplier"]["value"], r["modality"]["value"]) for r in rows}
        assert ("General Motors", "TDK", KGO + "Planned") in got, (method, encoding)
        assert ("Ford", "LG Energy Solution", KGO + "Negotiating") in got
        gm = next(r for r in rows if r["buyer"]["value"] == "General Motors")
        assert gm["buyer"]["xml:lang"] == "en"
        assert gm["evidence"]["value"].startswith("GM plans to buy capacitors from TDK")


def test_sparqlwrapper_xml_and_csv(server: str) -> None:
    from SPARQLWrapper import CSV, XML, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(BUYERS)
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    pairs = set()
    for result in doc.getElementsByTagName("result"):
        values = {
            b.getAttribute("name"): b.firstChild.firstChild.data
            for b in result.getElementsByTagName("binding")
        }
        pairs.add((values["buyer"], values["supplier"]))
    assert ("General Motors", "TDK") in pairs and ("Ford", "LG Energy Solution") in pairs

    sw.setReturnFormat(CSV)
    body = sw.query().convert()
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert {"buyer": "General Motors", "supplier": "TDK"}.items() <= next(
        r for r in rows if r["buyer"] == "General Motors"
    ).items()
    assert any(r["supplier"] == EVIL_LABEL for r in rows)  # commas and quotes survive CSV


def test_rdflib_sparqlstore(server: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(server + "/sparql"))
    rows = {(str(r.buyer), str(r.supplier)) for r in graph.query(BUYERS)}
    assert ("General Motors", "TDK") in rows
    assert ("Ford", "LG Energy Solution") in rows
    ask = graph.query(PREFIXES + "ASK { ?x kgo:buysFrom ?y . ?y rdfs:label 'TDK'@en }")
    assert ask.askAnswer is True


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_select_results_match_oxigraph_serialisation(
    server: str, store_path: Path, fmt: str
) -> None:
    """Our row-limited SELECT writers say exactly what Oxigraph's own writers say."""
    query = PREFIXES + (
        "SELECT ?s ?label ?conf ?missing ?st WHERE { ?st rdf:subject ?s ; "
        "kgo:confidence ?conf . OPTIONAL { ?s rdfs:label ?label } "
        "OPTIONAL { ?s kgo:nothing ?missing } }"
    )
    media = {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "tsv": "text/tab-separated-values",
    }[fmt]
    resp = sparql(server, query, accept=media)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith(media)
    rformat = ox.QueryResultsFormat.from_media_type(media)
    ours = ox.parse_query_results(resp.content, rformat)
    reference = ox.Store.read_only(str(store_path)).query(query, use_default_graph_as_union=True)
    theirs = ox.parse_query_results(reference.serialize(format=rformat), rformat)
    assert [v.value for v in ours.variables] == [v.value for v in theirs.variables]
    ours_rows = sorted(tuple(str(t) for t in row) for row in ours)
    theirs_rows = sorted(tuple(str(t) for t in row) for row in theirs)
    assert ours_rows == theirs_rows and len(ours_rows) == 3


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_formats(server: str, accept: str, rdflib_format: str) -> None:
    query = PREFIXES + "CONSTRUCT { ?b kgo:buysFrom ?s } WHERE { ?b kgo:buysFrom ?s }"
    resp = sparql(server, query, accept=accept, method="POST")
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=resp.content, format=rdflib_format)
    gm = rdflib.URIRef(BASE + "entity/organization/general-motors")
    tdk = rdflib.URIRef(BASE + "entity/organization/tdk")
    assert (gm, rdflib.URIRef(KGO + "buysFrom"), tdk) in graph
    assert len(graph) == 403


def test_describe_and_ask(server: str) -> None:
    resp = sparql(server, f"DESCRIBE <{BASE}entity/organization/tdk>", accept="text/turtle")
    assert resp.status_code == 200 and "TDK" in resp.text
    resp = sparql(server, PREFIXES + "ASK { ?x kgo:buysFrom ?y }")
    assert resp.json() == {"head": {}, "boolean": True}
    resp = sparql(server, PREFIXES + "ASK { ?x kgo:sellsTo ?y }", accept="text/csv")
    assert resp.text.strip() == "false"


def test_sparql_query_content_type_and_dataset_parameters(server: str) -> None:
    query = PREFIXES + "SELECT ?b WHERE { ?b kgo:buysFrom ?s . ?s rdfs:label 'TDK'@en }"
    # Without a dataset the default graph is the union of all graphs.
    resp = httpx.post(
        server + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert [r["b"]["value"] for r in resp.json()["results"]["bindings"]] == [
        BASE + "entity/organization/general-motors"
    ]
    # default-graph-uri narrows it to one article's graph.
    for graph, expected in ((f"{BASE}graph/a1", 1), (f"{BASE}graph/a2", 0)):
        resp = httpx.post(
            server + "/sparql",
            content=query,
            params={"default-graph-uri": graph},
            headers={"Content-Type": "application/sparql-query"},
        )
        assert len(resp.json()["results"]["bindings"]) == expected, graph
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    resp = sparql(server, named, **{"named-graph-uri": f"{BASE}graph/a2"})
    assert [r["g"]["value"] for r in resp.json()["results"]["bindings"]] == [f"{BASE}graph/a2"]


# -- errors and refusals ----------------------------------------------------------------------
def test_malformed_query_is_400_with_the_parser_message(server: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    resp = sparql(server, "SELECT ?s WHERE { ?s ?p ")
    assert resp.status_code == 400
    assert resp.text.startswith("malformed SPARQL at line 1, column ")  # position, caret,
    assert resp.text.strip().endswith("?s ?p ^")  # no list of Unicode ranges
    assert "\n" not in resp.text.strip()
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery("SELEKT * WHERE { ?s ?p ?o }")
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="malformed SPARQL"):
        sw.query()
    assert httpx.get(server + "/sparql").status_code == 400  # no query at all


def test_update_is_refused_and_changes_nothing(server: str) -> None:
    insert = f"INSERT DATA {{ <{BASE}x> <{KGO}buysFrom> <{BASE}y> }}"
    attempts = [
        httpx.post(server + "/sparql", data={"update": insert}),
        httpx.post(
            server + "/sparql",
            content=insert,
            headers={"Content-Type": "application/sparql-update"},
        ),
        httpx.get(server + "/sparql", params={"update": insert}),
        sparql(server, insert),
        sparql(server, "DELETE WHERE { ?s ?p ?o }", method="POST"),
        sparql(server, f"DROP GRAPH <{BASE}graph/a1>", method="POST"),
    ]
    for resp in attempts:
        assert resp.status_code == 403, resp.text
        assert "not allowed" in resp.text or "POST" in resp.text
    ask = sparql(server, f"ASK {{ <{BASE}x> ?p ?o }}")
    assert ask.json()["boolean"] is False
    assert sparql(server, f"ASK {{ GRAPH <{BASE}graph/a1> {{ ?s ?p ?o }} }}").json()["boolean"]


def test_service_and_load_are_refused_without_connecting(server: str) -> None:
    listener = Listener()
    queries = [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service silent <{listener.url}> {{ ?s ?p ?o }} }}",
        # \u escapes are undone before SPARQL is tokenised, so they cannot hide the keyword.
        f"SELECT * WHERE {{ \\u0053ERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{listener.url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        for method in ("GET", "POST"):
            resp = sparql(server, query, method=method)
            assert resp.status_code == 403, (query, resp.text)
            assert "SERVICE" in resp.text and "outgoing" in resp.text
    resp = httpx.post(server + "/sparql", data={"update": f"LOAD <{listener.url}>"})
    assert resp.status_code == 403
    assert listener.connections() == 0
    # The words inside strings, IRIs and names are data, not keywords.
    harmless = (
        'PREFIX service: <http://ex/> SELECT ?x WHERE { VALUES ?x { "SERVICE <x> {}" '
        '<http://ex/SERVICE> service:load "insert"@en } } # SERVICE in a comment'
    )
    resp = sparql(server, harmless)
    assert resp.status_code == 200, resp.text
    assert len(resp.json()["results"]["bindings"]) == 4


def test_workers_have_no_network_even_past_the_guard(store_path: Path) -> None:
    """Second layer: a worker asked directly (no guard) to run SERVICE cannot connect."""
    from kg.serve.pool import WorkerPool

    listener = Listener()

    async def go() -> dict:
        pool = WorkerPool(str(store_path), size=1)
        await pool.start()
        try:
            assert pool.isolation, pool.isolation_failed
            query = f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
            return await pool.call(
                {
                    "op": "query",
                    "max_results": 10,
                    "query": query,
                    "results_format": "json",
                    "graph_format": None,
                },
                timeout=10,
            )
        finally:
            await pool.close()

    reply = asyncio.run(go())
    assert reply["status"] == 500 and reply["message"].startswith("query failed")
    assert listener.connections() == 0


def test_runaway_query_is_stopped_while_others_are_served(server: str) -> None:
    outcome: dict[str, object] = {}

    def explode() -> None:
        started = time.monotonic()
        outcome["resp"] = sparql(server, EXPLOSIVE)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.3)  # the explosive query is now running in a worker
    started = time.monotonic()
    simple = sparql(server, BUYERS)
    simple_seconds = time.monotonic() - started
    thread.join(30)
    assert simple.status_code == 200 and len(simple.json()["results"]["bindings"]) == 3
    assert simple_seconds < TIMEOUT
    resp = outcome["resp"]
    assert isinstance(resp, httpx.Response)
    assert resp.status_code == 503
    assert "time limit" in resp.text
    assert TIMEOUT * 0.9 <= outcome["seconds"] < TIMEOUT + 2.0
    # The killed worker is replaced: a burst of queries all succeed.
    for _ in range(6):
        assert sparql(server, BUYERS).status_code == 200


def test_result_size_limit(server: str) -> None:
    resp = sparql(server, "SELECT * WHERE { ?s ?p ?o }")
    assert resp.status_code == 503
    assert f"more than {MAX_RESULTS} results" in resp.text
    resp = sparql(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_RESULTS}")
    assert resp.status_code == 200 and len(resp.json()["results"]["bindings"]) == MAX_RESULTS
    resp = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/turtle")
    assert resp.status_code == 503


def test_content_negotiation(server: str) -> None:
    assert sparql(server, BUYERS, accept="image/png").status_code == 406
    resp = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", accept="text/csv")
    assert resp.status_code == 406
    resp = sparql(server, BUYERS, accept="text/html, application/xml;q=0.9, */*;q=0.8")
    assert resp.headers["content-type"].startswith("application/sparql-results+xml")
    resp = sparql(server, BUYERS, accept="text/csv;q=0.5, text/tab-separated-values")
    assert resp.headers["content-type"].startswith("text/tab-separated-values")
    resp = sparql(server, BUYERS, accept="*/*")
    assert resp.headers["content-type"].startswith("application/sparql-results+json")
    resp = sparql(server, BUYERS, accept="image/png", format="csv")
    assert resp.headers["content-type"].startswith("text/csv")
    resp = httpx.post(server + "/sparql", content=BUYERS, headers={"Content-Type": "text/plain"})
    assert resp.status_code == 415


def test_cors(server: str) -> None:
    resp = httpx.get(
        server + "/sparql", params={"query": "ASK {}"}, headers={"Origin": ALLOWED_ORIGIN}
    )
    assert resp.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    resp = httpx.get(
        server + "/sparql",
        params={"query": "ASK {}"},
        headers={"Origin": "http://elsewhere.example"},
    )
    assert "access-control-allow-origin" not in resp.headers
    resp = httpx.options(
        server + "/sparql",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert resp.status_code == 200
    assert "POST" in resp.headers["access-control-allow-methods"]


# -- pages ------------------------------------------------------------------------------------
def test_landing_page_and_ontology(server: str) -> None:
    from kg.serve.pages import examples

    resp = httpx.get(server + "/")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    page = resp.text
    assert "<th>Articles</th><td>402</td>" in page  # a1, a2 and 400 filler articles
    assert "<th>Statements (facts with evidence)</th><td>3</td>" in page
    for example in examples():
        assert f"<h3>{html.escape(example.title)}</h3>" in page
    resp = httpx.get(server + "/ontology")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/turtle")
    assert resp.content == ontology_file().read_bytes()


def test_graph_page(server: str) -> None:
    resp = httpx.get(server + "/graph", follow_redirects=True, timeout=120)
    assert resp.status_code == 200, resp.text
    assert "General Motors" in resp.text


def test_query_page_in_chromium(server: str) -> None:
    from support.browser import chromium, require_chromium

    require_chromium()
    with chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/query")
        page.fill("#query", BUYERS)
        page.click("#run")
        page.wait_for_selector("table.results tbody tr")
        rows = page.locator("table.results tbody tr")
        assert rows.count() == 3
        cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(3)]
        assert ["General Motors @en", "TDK @en"] in [c[:2] for c in cells]
        assert any(c[3] == "kgo:Planned" for c in cells)
        # An entity name that is HTML stays text: no element, no script run.
        assert any(c[1] == EVIL_LABEL + " @en" for c in cells)
        assert page.locator("table.results img").count() == 0
        assert page.title() != "pwned"
        assert "3 rows" in page.inner_text("#status")
        # Errors are shown, not swallowed.
        page.fill("#query", "SELECT ?s WHERE { ?s ?p ")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector("#status.error")
        assert "400" in page.inner_text("#status")
        assert errors == []


def test_query_page_shortens_iris_with_every_prefix_of_the_server(server: str) -> None:
    # The page is given the server's one prefix map; it keeps no list of its own.
    from support.browser import chromium, require_chromium

    from kg.mint import PREFIXES

    require_chromium()
    names = [f"{p}:x" for p in PREFIXES]
    with chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/query")
        page.fill("#query", f"SELECT ?t WHERE {{ VALUES ?t {{ {' '.join(names)} }} }}")
        page.click("#run")
        page.wait_for_selector("table.results tbody tr")
        assert sorted(page.locator("table.results tbody td").all_inner_texts()) == sorted(names)
        assert errors == []


# -- optional update token ----------------------------------------------------------------------
def test_update_token(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store")
    for url in start_server(store, update_token=TOKEN, query_timeout=5.0):
        insert = (
            f"INSERT DATA {{ GRAPH <{BASE}graph/new> {{ <{BASE}x> <{KGO}buysFrom> <{BASE}y> }} }}"
        )
        assert httpx.post(url + "/sparql", data={"update": insert}).status_code == 403
        assert (
            httpx.post(
                url + "/sparql", data={"update": insert}, headers={"Authorization": "Bearer wrong"}
            ).status_code
            == 403
        )
        resp = httpx.post(
            url + "/sparql",
            content=insert,
            headers={
                "Content-Type": "application/sparql-update",
                "Authorization": f"Bearer {TOKEN}",
            },
        )
        assert resp.status_code == 204, resp.text
        assert sparql(url, f"ASK {{ <{BASE}x> <{KGO}buysFrom> <{BASE}y> }}").json()["boolean"]
        # Still no network with the token.
        resp = httpx.post(
            url + "/sparql",
            data={"update": "LOAD <http://example.org/x.ttl>"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert resp.status_code == 403


@pytest.fixture(scope="module")
def seed_server(seed_store_path: Path) -> Iterator[str]:
    yield from start_server(seed_store_path)


@pytest.mark.slow
def test_seed_facts_through_real_clients(seed_server: str) -> None:
    """The real seed build, served: SPARQLWrapper (JSON, CSV) and rdflib's SPARQLStore see
    GM buysFrom TDK (inferred via the plant) and CATL basedIn China."""
    from SPARQLWrapper import CSV, JSON, SPARQLWrapper

    q = (REPO / "ontology" / "queries" / "buyers.rq").read_text(encoding="utf-8")
    sw = SPARQLWrapper(seed_server + "/sparql")
    sw.setQuery(q)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    got = {(r["buyer"]["value"], r["seller"]["value"], r["modality"]["value"]) for r in rows}
    assert ("General Motors", "TDK", "Planned") in got
    assert ("General Motors", "CATL", "Planned") in got
    sw.setReturnFormat(CSV)
    text = sw.query().convert().decode("utf-8")
    assert "General Motors,buysFrom,TDK,Planned" in text.replace("\r", "")

    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(seed_server + "/sparql")
    g = rdflib.Graph(store=store)
    res = list(
        g.query(
            PREFIXES
            + """SELECT ?c WHERE { ?x rdfs:label "CATL"@en ;
        kgo:basedIn ?c . ?c rdfs:label "China"@en }"""
        )
    )
    assert len(res) >= 1
