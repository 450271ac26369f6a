"""What one /sparql request asks, read from its raw parts in a guard process.

Everything here costs time in proportion to what the client sent (a 1 MB query string, a 1 MB
form, a long Accept header, the SPARQL itself), so none of it runs on the server's event loop:
the server hands the raw parts to a guard process (`kg.serve.worker`, mode "guard") and gets back
the canonical text to run, what it would touch, and the format to answer in. Refusals are raised
as KGErrors; the guard process turns them into a status and a line with `kg.errors.outcome`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from kg.errors import NotAcceptable, QueryError, QueryRefused
from kg.serve.guard import decide, inspect
from kg.serve.results import GRAPH_TYPES, RESULT_TYPES, negotiate

# `format=` lets a plain link or a client without Accept control choose the serialisation.
FORMAT_PARAM = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# Who may update: the server decides from the Authorization header (cheap), the guard refuses
# once it knows the request is an update.
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"
NEEDS_TOKEN = "SPARQL Update needs the update token (Authorization: Bearer TOKEN)"


def interpret(req: dict[str, Any]) -> dict[str, Any]:
    """{"kind": "query"|"update", "text", "form", "datasets", "graphs", "default", "named",
    "results_format", "graph_format"} or {"redirect": path} for a browser asking /sparql for a
    page. `req` holds "method", "query_string" (bytes), "content_type", "body" (bytes or None),
    "accept", "html" (the Accept header names text/html) and "update" (None when updates are
    allowed, else the refusal)."""
    params, query, update = _params(req)
    if query is None and update is None:
        if req["method"] in ("GET", "HEAD") and req.get("html"):
            return {"redirect": "/query"}
        raise QueryError(
            "missing query: send query= (or update=) as the SPARQL 1.1 Protocol describes"
        )
    if query is not None and update is not None:
        raise QueryError("send either query or update, not both")
    protocol = {"default": params.get("default-graph-uri"), "named": params.get("named-graph-uri")}
    for iri in [*(protocol["default"] or []), *(protocol["named"] or [])]:
        _check_iri(iri)
    if update is not None:
        if req.get("update"):
            raise QueryRefused(req["update"])
        if not update.strip():
            raise QueryError("empty update")
        verdict = inspect(update, "update")
        decide(verdict, kind="update")
        return {**verdict, **protocol, "graphs": []}
    if not query.strip():
        raise QueryError("empty query")
    verdict = inspect(query, "query")
    decide(verdict, kind="query")
    accept = req.get("accept")
    if "format" in params:
        fmt = _one(params, "format") or ""
        accept = FORMAT_PARAM.get(fmt.lower(), fmt)
    results_format = negotiate(accept, RESULT_TYPES)
    graph_format = negotiate(accept, GRAPH_TYPES)
    if results_format is None and graph_format is None:
        raise NotAcceptable(
            f"cannot answer with {(accept or '')[:100]}: SELECT/ASK results come as "
            f"{', '.join(RESULT_TYPES)}; CONSTRUCT/DESCRIBE as {', '.join(GRAPH_TYPES)}"
        )
    return {
        **verdict,
        **protocol,
        "results_format": results_format,
        "graph_format": graph_format,
    }


def _params(req: dict[str, Any]) -> tuple[dict[str, list[str]], str | None, str | None]:
    """(protocol parameters, query, update) for the three ways the protocol allows."""
    params: dict[str, list[str]] = {}
    query_string = req.get("query_string") or b""
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        params.setdefault(key, []).append(value)
    if req["method"] in ("GET", "HEAD"):
        if "update" in params:
            raise QueryRefused("SPARQL Update must be sent with POST")
        return params, _one(params, "query"), None
    ctype = req["content_type"]
    body = (req.get("body") or b"").decode("utf-8", errors="replace")
    if ctype == "application/x-www-form-urlencoded":
        for key, value in parse_qsl(body, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        return params, _one(params, "query"), _one(params, "update")
    if ctype == "application/sparql-query":
        return params, body, None
    return params, None, body


def _check_iri(iri: str) -> None:
    import pyoxigraph as ox

    try:
        ox.NamedNode(iri)
    except ValueError:
        raise QueryError(f"not an IRI: {iri[:200]!r}") from None


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    if not values:
        return None
    if len(values) > 1:
        raise QueryError(f"more than one {key} parameter")
    return values[0]


def query_param(query_string: bytes) -> str:
    """The `query` parameter of the /query page's URL (the page shows it in the editor)."""
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key == "query":
            return value
    return ""
