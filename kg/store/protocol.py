"""The wire side of a remote store (`kg.store.remote`): one HTTP client that retries, the media
types spoken, answers parsed into pyoxigraph results, and the bodies sent (N-Triples for the
Graph Store Protocol, `INSERT DATA` for SPARQL Update).

Failures: connection errors, timeouts and 5xx are retried with exponential backoff; a 4xx
(refused, unauthorised, malformed) is not. Either way the caller gets one `StoreError` line
naming the endpoint (a malformed query is a `QueryError`)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreError

if TYPE_CHECKING:
    import httpx

CONTENT_TYPES: dict[ox.RdfFormat, str] = {
    ox.RdfFormat.TURTLE: "text/turtle",
    ox.RdfFormat.TRIG: "application/trig",
    ox.RdfFormat.N_QUADS: "application/n-quads",
    ox.RdfFormat.N_TRIPLES: "application/n-triples",
    ox.RdfFormat.JSON_LD: "application/ld+json",
    ox.RdfFormat.RDF_XML: "application/rdf+xml",
    ox.RdfFormat.N3: "text/n3",
}
RESULTS_JSON = "application/sparql-results+json"
ACCEPT_QUERY = f"{RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.5"


class Client:
    """HTTP requests to the endpoints of one store, with retries and one-line errors."""

    def __init__(
        self,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 0.5,
    ) -> None:
        import httpx  # only remote stores need an HTTP client

        self.retries = max(0, retries)
        self.backoff = backoff
        hdrs = {"User-Agent": "kg (+remote store)", **(headers or {})}
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(headers=hdrs, timeout=httpx.Timeout(timeout, connect=10.0))
        self.requests = 0  # HTTP requests sent (benchmarks and tests read it)

    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        content: bytes | Callable[[], IO[bytes]] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One request with retries; 4xx raises at once, 5xx/connection errors back off."""
        import httpx

        delay = self.backoff
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(delay)
                delay *= 2
            body = content() if callable(content) else content
            try:
                self.requests += 1
                resp = self._http.request(method, url, content=body, **kwargs)
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {one_line(exc)}"
                continue
            finally:
                if body is not None and hasattr(body, "close"):
                    body.close()
            if resp.status_code >= 500:
                last = f"HTTP {resp.status_code} {one_line(resp.text)[:200]}"
                continue
            if resp.status_code >= 400 and not (
                method in ("DELETE", "HEAD") and resp.status_code == 404
            ):
                detail = one_line(resp.text)[:300] or resp.reason_phrase
                if resp.status_code == 400 and what == "query":
                    raise QueryError(f"endpoint rejected the query: {detail}")
                hint = " (check --token)" if resp.status_code in (401, 403) else ""
                raise StoreError(f"{what} refused by {url}: HTTP {resp.status_code} {detail}{hint}")
            return resp
        tries = self.retries + 1
        raise StoreError(
            f"{what} failed: {url} unreachable after {tries} attempt"
            f"{'s' if tries > 1 else ''} ({last})"
        )

    def close(self) -> None:
        self._http.close()


def parse_answer(resp: httpx.Response, url: str) -> Any:
    """A query answer as pyoxigraph results: solutions or a boolean, or for CONSTRUCT/DESCRIBE a
    real `QueryTriples` (the answer re-queried from a scratch store)."""
    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if ctype in (RESULTS_JSON, "application/json"):
            return ox.parse_query_results(resp.content, ox.QueryResultsFormat.JSON)
        if ctype in ("application/sparql-results+xml", "application/xml"):
            return ox.parse_query_results(resp.content, ox.QueryResultsFormat.XML)
        if ctype in ("text/tab-separated-values",):
            return ox.parse_query_results(resp.content, ox.QueryResultsFormat.TSV)
        rformat = next((f for f, t in CONTENT_TYPES.items() if t == ctype), None)
        if rformat is None:
            raise StoreError(f"query answer from {url} has unsupported type {ctype or '?'}")
        scratch = ox.Store()
        scratch.load(resp.content, format=rformat)
        return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    except SyntaxError as exc:
        raise StoreError(f"unreadable query answer from {url}: {one_line(exc)}") from exc


def split_by_graph(quads: list[ox.Quad]) -> dict[str, list[ox.Triple]]:
    """The triples of `quads` by graph IRI; "" is the default graph."""
    out: dict[str, list[ox.Triple]] = {}
    for q in quads:
        g = q.graph_name
        key = "" if isinstance(g, ox.DefaultGraph) else g.value
        out.setdefault(key, []).append(q.triple)
    return out


def ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def quads_as_update(quads: list[ox.Quad]) -> str:
    """`INSERT DATA` body: N-Triples grouped in `GRAPH <g> { }` blocks."""
    parts = []
    for g, triples in split_by_graph(quads).items():
        body = ntriples(triples).decode("utf-8")
        parts.append(body if g == "" else f"GRAPH <{iri_ref(g)}> {{ {body} }}")
    return "\n".join(parts)


def iri_ref(iri: str) -> str:
    """`iri`, checked to be safe between `<` and `>` in SPARQL text."""
    if any(c in iri for c in '<>"{}|^`\\ '):
        raise StoreError(f"not an IRI: {iri!r}")
    return iri


def one_line(exc: BaseException | str) -> str:
    text = str(exc).strip() or (type(exc).__name__ if isinstance(exc, BaseException) else "")
    return " ".join(text.split())


def update_text(
    *, drop: Iterable[str] = (), remove: Iterable[ox.Quad] = (), add: Iterable[ox.Quad] = ()
) -> str:
    """One SPARQL Update request (one transaction on Oxigraph) for a set of changes."""
    ops = [f"DROP SILENT GRAPH <{g}>" for g in drop]
    for verb, quads in (("DELETE", remove), ("INSERT", add)):
        body = _data(quads)
        if body:
            ops.append(f"{verb} DATA {{ {body} }}")
    return " ;\n".join(ops)


def _data(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = defaultdict(list)
    for q in quads:
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        by_graph[g].append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(
        "\n".join(t) if g == "" else f"GRAPH <{g}> {{\n" + "\n".join(t) + "\n}"
        for g, t in by_graph.items()
    )
