"""The ASGI application: the SPARQL 1.1 Protocol endpoint and the human pages around it.

Queries never run on the event loop: `kg.serve.pool` evaluates them in worker processes, with a
time limit that kills a runaway query. Requests are checked by `kg.serve.guard` first (read-only,
no SERVICE, no LOAD), and KGErrors become plain-text answers with the error's HTTP status.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.errors import KGError, QueryError, ServeError, StoreError, VizError
from kg.paths import ontology_file
from kg.rdf.terms import PREFIXES
from kg.serve import pages
from kg.serve.guard import QueryRefused, check_query, check_update
from kg.serve.pool import WorkerPool
from kg.serve.results import GRAPH_TYPES, RESULT_TYPES, negotiate

ASSETS = Path(__file__).resolve().parent / "assets"
# `format=` lets a plain link or a client without Accept control choose the serialisation.
FORMAT_PARAM = {"json": "application/sparql-results+json, application/ld+json",
                "xml": "application/sparql-results+xml, application/rdf+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "ntriples": "application/n-triples",
                "nt": "application/n-triples", "jsonld": "application/ld+json",
                "rdfxml": "application/rdf+xml"}
SELECT_FORMS = {"SELECT", "ASK"}
GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}


class Config:
    def __init__(self, store_path: str, *, query_timeout: float, max_results: int,
                 update_token: str | None, workers: int) -> None:
        self.store_path = store_path
        self.query_timeout = query_timeout
        self.max_results = max_results
        self.update_token = update_token
        self.workers = workers


def create_app(store_path: str | os.PathLike[str], *, query_timeout: float = 5.0,
               max_results: int = 10000, cors_origins: list[str] | None = None,
               update_token: str | None = None, workers: int | None = None) -> Starlette:
    """The endpoint over the on-disk store at `store_path` (read-only unless `update_token`)."""
    path = Path(store_path)
    if not path.is_dir():
        raise StoreError("no store here (run `kg build` first)", path=str(path))
    if query_timeout <= 0 or max_results <= 0:
        raise ServeError("--timeout and --max-results must be positive")
    cfg = Config(str(path.resolve()), query_timeout=query_timeout, max_results=max_results,
                 update_token=update_token or None,
                 workers=workers or max(2, min(4, os.cpu_count() or 2)))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = WorkerPool(cfg.store_path, size=cfg.workers,
                          read_write=cfg.update_token is not None)
        await pool.start()
        app.state.pool = pool
        app.state.stats = None
        app.state.graph_dir = Path(tempfile.mkdtemp(prefix="kg-serve-graph-"))
        app.state.graph_ready = False
        app.state.graph_lock = asyncio.Lock()
        try:
            yield
        finally:
            await pool.close()

    middleware = []
    if cors_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=["Content-Type"]))
    routes = [
        Route("/", landing, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", query_page, methods=["GET"]),
        Route("/examples.json", examples_json, methods=["GET"]),
        Route("/ontology", ontology, methods=["GET"]),
        Route("/graph", lambda r: RedirectResponse("/graph/"), methods=["GET"]),
        Route("/graph/{file:path}", graph_page, methods=["GET"]),
        Mount("/assets", app=StaticFiles(directory=str(ASSETS)), name="assets"),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.cfg = cfg
    return app


def check_store(path: str, *, read_write: bool = False) -> None:
    """Open and release the store once, turning failure into a StoreError."""
    import pyoxigraph as ox

    try:
        store = ox.Store(path) if read_write else ox.Store.read_only(path)
    except OSError as exc:
        raise StoreError(f"cannot open store: {' '.join(str(exc).split())}", path=path) from exc
    del store


def _error(exc: KGError) -> PlainTextResponse:
    return PlainTextResponse(str(exc) + "\n", status_code=exc.http_status)


async def _params(request: Request) -> tuple[dict[str, list[str]], str | None, str | None]:
    """(protocol parameters, query, update) for the three ways the protocol allows."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method == "GET":
        if "update" in params:
            raise QueryRefused("SPARQL Update must be sent with POST")
        return params, _one(params, "query"), None
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    if ctype == "application/x-www-form-urlencoded":
        # Parsed here: Starlette's form parser would need python-multipart for no gain.
        for key, value in parse_qsl(body, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        return params, _one(params, "query"), _one(params, "update")
    if ctype == "application/sparql-query":
        return params, body, None
    if ctype == "application/sparql-update":
        return params, None, body
    raise _Unsupported(ctype or "(none)")


class _Unsupported(QueryError):
    http_status = 415

    def __init__(self, ctype: str) -> None:
        super().__init__(f"unsupported Content-Type {ctype}: POST application/sparql-query, "
                         "application/sparql-update or application/x-www-form-urlencoded")


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    if not values:
        return None
    if len(values) > 1:
        raise QueryError(f"more than one {key} parameter")
    return values[0]


async def sparql(request: Request) -> Response:
    cfg: Config = request.app.state.cfg
    pool: WorkerPool = request.app.state.pool
    try:
        params, query, update = await _params(request)
        if query is None and update is None:
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/query")
            raise QueryError("missing query: send query= (or update=) as the SPARQL 1.1 "
                             "Protocol describes")
        if query is not None and update is not None:
            raise QueryError("send either query or update, not both")
        if update is not None:
            return await _update(request, cfg, pool, update)
        form = check_query(query)
        accept = request.headers.get("accept")
        if "format" in params:
            fmt = _one(params, "format") or ""
            accept = FORMAT_PARAM.get(fmt.lower(), fmt)
        results_format = negotiate(accept, RESULT_TYPES)
        graph_format = negotiate(accept, GRAPH_TYPES)
        if ((form in SELECT_FORMS and results_format is None)
                or (form in GRAPH_FORMS and graph_format is None)
                or (results_format is None and graph_format is None)):
            return PlainTextResponse(f"cannot answer with {accept}: SELECT/ASK results come as "
                                     f"{', '.join(RESULT_TYPES)}; CONSTRUCT/DESCRIBE as "
                                     f"{', '.join(GRAPH_TYPES)}\n", status_code=406)
        req: dict[str, Any] = {
            "op": "query", "query": query, "results_format": results_format,
            "graph_format": graph_format, "max_results": cfg.max_results, "prefixes": PREFIXES,
            "default": params.get("default-graph-uri"), "named": params.get("named-graph-uri"),
        }
        reply = await pool.call(req, timeout=cfg.query_timeout)
    except KGError as exc:
        return _error(exc)
    if "message" in reply:
        return PlainTextResponse(reply["message"] + "\n", status_code=reply["status"])
    return Response(reply["body"], status_code=reply["status"],
                    headers={"Content-Type": reply["content_type"], "Vary": "Accept"})


async def _update(request: Request, cfg: Config, pool: WorkerPool, update: str) -> Response:
    if cfg.update_token is None:
        raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(),
                                                             cfg.update_token.encode()):
        raise QueryRefused("SPARQL Update needs the update token (Authorization: Bearer TOKEN)")
    check_update(update)
    reply = await pool.call({"op": "update", "update": update}, timeout=cfg.query_timeout)
    if "message" in reply:
        return PlainTextResponse(reply["message"] + "\n", status_code=reply["status"])
    request.app.state.stats = None
    request.app.state.graph_ready = False
    return Response(status_code=204)


async def _stats(request: Request) -> dict[str, int] | str:
    if request.app.state.stats is None:
        try:
            reply = await request.app.state.pool.call({"op": "stats"},
                                                      timeout=request.app.state.cfg.query_timeout)
        except KGError as exc:
            return str(exc)
        if "stats" not in reply:
            return reply.get("message", "statistics unavailable")
        request.app.state.stats = reply["stats"]
    return request.app.state.stats


_PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; object-src 'none'; "
                                            "base-uri 'none'; form-action 'self'"}


async def landing(request: Request) -> Response:
    stats = await _stats(request)
    return HTMLResponse(pages.landing(stats, pages.examples(), request.app.state.cfg),
                        headers=_PAGE_HEADERS)


async def query_page(request: Request) -> Response:
    return HTMLResponse(pages.query_editor(request.query_params.get("query", ""),
                                           pages.examples()), headers=_PAGE_HEADERS)


async def examples_json(request: Request) -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse([e.__dict__ for e in pages.examples()])


async def ontology(request: Request) -> Response:
    path = ontology_file()
    if not path.is_file():
        return PlainTextResponse(f"{path}: no ontology file\n", status_code=404)
    return FileResponse(path, media_type="text/turtle; charset=utf-8")


async def graph_page(request: Request) -> Response:
    state = request.app.state
    directory: Path = state.graph_dir
    try:
        async with state.graph_lock:
            if not state.graph_ready:
                await asyncio.to_thread(render_graph, state.cfg.store_path, directory)
                state.graph_ready = True
    except KGError as exc:
        return _error(exc)
    name = request.path_params["file"] or "index.html"
    target = (directory / name).resolve()
    if not target.is_relative_to(directory.resolve()) or not target.is_file():
        return PlainTextResponse("not found\n", status_code=404)
    return FileResponse(target)


def render_graph(store_path: str, directory: Path) -> None:
    """The `kg viz` page for the whole store, written once as directory/index.html."""
    try:
        from kg import viz
    except ImportError as exc:
        raise VizError(f"the graph page is unavailable: {exc}") from exc
    from kg.store import Store

    # Read-only opens coexist with the workers'; the store is released when `store` goes.
    store = Store(store_path, read_only=True)
    viz.render(viz.graph_from_store(store), directory / "index.html")
