"""The SPARQL 1.1 Protocol endpoint: from an HTTP request to a worker's answer.

On the event loop only what costs no more than the request's own I/O: the query string's length
(414), the Content-Type (415), the body read up to `max_query_bytes` (413) within
`client_timeout` (408). The raw request then goes to a guard process (`kg.serve.request`), which
reads it: parameters, the SPARQL (`kg.serve.guard`: refused 403 are updates, LOAD, SERVICE), the
answer's format. Back here the dataset and GRAPH IRIs are checked against the graphs of the
snapshot served (403), `kg.serve.admission` decides when the request gets a query worker, and
`kg.serve.pool` runs the guard's canonical text there. Answers larger than a few kilobytes come
back as files and are streamed (`kg.serve.stream`). Every error becomes its response in
`error_response`, through `kg.errors.outcome`.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from kg.errors import (
    Answered,
    ClientGone,
    KGError,
    QueryError,
    QueryRefused,
    QueryTimeout,
    RequestTooLarge,
    SlowClient,
    StoreError,
    UnsupportedMediaType,
    UriTooLong,
    outcome,
)
from kg.serve.admission import client_identity
from kg.serve.generations import Generation, background, count
from kg.serve.pool import WorkerPool
from kg.serve.protocol import say
from kg.serve.request import NEEDS_TOKEN, READ_ONLY
from kg.serve.stream import SpoolResponse

CONTENT_TYPES = (
    "application/x-www-form-urlencoded",
    "application/sparql-query",
    "application/sparql-update",
)
CACHED_BYTES = 16_384  # requests up to this size keep the guard's reading for the next time


def error_response(exc: BaseException) -> Response:
    """The one place an error becomes an HTTP answer: its status and one line."""
    result = outcome(exc)
    headers = {"Retry-After": "1"} if result.http_status in (429, 503) else None
    return PlainTextResponse(result.message + "\n", status_code=result.http_status, headers=headers)


async def internal_error(request: Request, exc: Exception) -> Response:
    # The traceback goes to the server's log (Starlette prints it); the client gets one line.
    return error_response(exc)


def client_of(request: Request) -> str:
    peer = request.client.host if request.client else "unknown"
    return client_identity(
        peer, request.headers.get("x-forwarded-for"), request.app.state.cfg.trusted
    )


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused (413) as soon as it is known to exceed `limit` bytes: from
    Content-Length before reading anything, else while streaming. A client that takes longer
    than `timeout` seconds to send it gets 408; one that hangs up is said in one line."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise QueryError("bad Content-Length")
        if int(declared) > limit:
            raise RequestTooLarge(
                f"request body too large: {int(declared):,} bytes > {limit:,} (--max-query-bytes)"
            )
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + timeout
    stream = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), deadline - time.monotonic())
        except StopAsyncIteration:
            break
        except TimeoutError:
            raise SlowClient(f"request body not received within {timeout:g} s") from None
        except ClientDisconnect:
            client = client_of(request)
            say(client, "gone", f"{client} hung up while sending its request")
            raise ClientGone("the client hung up") from None
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge(
                f"request body too large: more than {limit:,} bytes (--max-query-bytes)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def sparql(request: Request) -> Response:
    try:
        return await _sparql(request)
    except KGError as exc:
        return error_response(exc)


async def _sparql(request: Request) -> Response:
    state, cfg = request.app.state, request.app.state.cfg
    query_string = request.scope.get("query_string", b"")
    if len(query_string) > cfg.max_query_bytes:
        raise UriTooLong(
            f"query string too long: more than {cfg.max_query_bytes:,} bytes; "
            "POST the query instead"
        )
    ctype, body = "", None
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in CONTENT_TYPES:
            raise UnsupportedMediaType(
                f"unsupported Content-Type {(ctype or '(none)')[:80]}: POST "
                "application/sparql-query, application/sparql-update or "
                "application/x-www-form-urlencoded"
            )
        body = await read_body(request, cfg.max_query_bytes, cfg.client_timeout)
    accept = request.headers.get("accept")
    plan = await guard(
        request,
        {
            "method": request.method,
            "query_string": query_string,
            "content_type": ctype,
            "body": body,
            "accept": accept,
            "html": "text/html" in (accept or ""),
            "update": _update_refusal(request),
        },
    )
    if "redirect" in plan:
        return RedirectResponse(plan["redirect"])
    gen: Generation = state.generation
    protocol = [*(plan["default"] or []), *(plan["named"] or [])]
    await check_graphs(request, gen, [*plan["datasets"], *protocol], plan["graphs"])
    if plan["kind"] == "update":
        return await _update(request, gen, plan)
    reply = await run(
        request,
        gen.pool,
        {
            "op": "query",
            "query": plan["text"],
            "results_format": plan["results_format"],
            "graph_format": plan["graph_format"],
            "max_results": cfg.max_results,
            "max_bytes": cfg.max_result_bytes,
            "default": plan["default"],
            "named": plan["named"],
            "query_dataset": bool(plan["datasets"]),
            "spool": str(state.spool),
        },
    )
    return answer(request, gen, reply)


def _update_refusal(request: Request) -> str | None:
    """Why an update in this request would be refused (None: it may run)."""
    token = request.app.state.cfg.update_token
    if token is None:
        return READ_ONLY
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        return NEEDS_TOKEN
    return None


async def guard(request: Request, req: dict[str, Any]) -> dict[str, Any]:
    """The guard process's reading of the request (cached for small requests): a plan, or the
    refusal raised here."""
    state = request.app.state
    key = tuple(req.values())
    small = len(req["query_string"]) + len(req["body"] or b"") <= CACHED_BYTES
    reply = state.verdicts.get(key) if small else None
    if reply is not None:
        state.verdicts.move_to_end(key)
    else:
        reply = await guard_call(request, {"op": "interpret", **req})
        if small:
            state.verdicts[key] = reply
            if len(state.verdicts) > 2048:
                state.verdicts.popitem(last=False)
    if "message" in reply:
        raise Answered(reply["message"], status=reply["status"])
    return reply


async def guard_call(request: Request, req: dict[str, Any]) -> dict[str, Any]:
    """One request to a guard process, once guard admission lets this client have one."""
    state = request.app.state
    limit = max(state.cfg.query_timeout, 2.0)
    slot = await state.guard_admission.acquire(client_of(request))
    try:
        return await state.guards.call(req, timeout=limit)
    except QueryTimeout:
        raise QueryError(f"malformed SPARQL: not read within {limit:g} s") from None
    finally:
        state.guard_admission.release(slot)


async def check_graphs(
    request: Request, gen: Generation, datasets: list[str], graphs: list[str]
) -> None:
    """A dataset (FROM, FROM NAMED, USING, default-graph-uri, named-graph-uri) and a GRAPH
    pattern may name only graphs of the snapshot served: anything else would be data from
    outside it, or nothing at all."""
    if not datasets and not graphs:
        return
    if gen.graphs is None:
        reply = await gen.pool.call({"op": "graphs"}, timeout=request.app.state.cfg.query_timeout)
        if "graphs" not in reply:
            raise StoreError(reply.get("message", "cannot list the graphs"))
        gen.graphs = frozenset(reply["graphs"])
    for iri in datasets:
        if iri not in gen.graphs:
            raise QueryRefused(
                f"<{iri[:200]}> names no graph in this store: datasets may name only the "
                "store's own graphs (no data from elsewhere)"
            )
    for iri in graphs:
        if iri not in gen.graphs:
            raise QueryRefused(f"GRAPH <{iri[:200]}> names no graph in this store")


async def run(request: Request, pool: WorkerPool, req: dict[str, Any]) -> dict[str, Any]:
    """One request on a worker, once admission control lets this client have one."""
    admission = request.app.state.admission
    slot = await admission.acquire(client_of(request))
    try:
        return await pool.call(req, timeout=request.app.state.cfg.query_timeout)
    finally:
        admission.release(slot)


def answer(request: Request, gen: Generation, reply: dict[str, Any]) -> Response:
    if "message" in reply:
        raise Answered(reply["message"], status=reply["status"])
    headers = {"Content-Type": reply["content_type"], "Vary": "Accept", "KG-Snapshot": gen.header()}
    if "spool" in reply:
        return SpoolResponse(  # type: ignore[return-value]
            reply["spool"],
            reply["size"],
            headers=headers,
            write_timeout=request.app.state.cfg.client_timeout,
        )
    return Response(reply["body"], status_code=reply["status"], headers=headers)


async def _update(request: Request, gen: Generation, plan: dict[str, Any]) -> Response:
    reply = await run(request, gen.pool, {"op": "update", "update": plan["text"]})
    if "message" in reply:
        raise Answered(reply["message"], status=reply["status"])
    gen.stats = None
    gen.graphs = None
    gen.graph_ready = False
    gen.graph_error = None
    background(request.app, count(request.app, gen))
    return Response(status_code=204)
