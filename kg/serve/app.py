"""The ASGI application: the SPARQL 1.1 Protocol endpoint and the human pages around it.

Nothing CPU-bound runs on the event loop. A request's body is read up to `max_query_bytes`
(413 past it, before reading more) within `client_timeout`; its SPARQL is parsed by
`kg.serve.guard` in a guard process (refused 403: update, LOAD, SERVICE, data from outside the
store); `kg.serve.admission` decides when it gets a query worker; `kg.serve.pool` evaluates it in
that worker process with a time limit that kills a runaway query, and a row and byte limit on
the answer. Workers open the snapshot of the current server generation (`kg.serve.snapshot`).
KGErrors become one-line plain-text answers with the error's HTTP status.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
import sys
import tempfile
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from datetime import UTC, datetime
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

from kg.errors import KGError, QueryError, QueryTimeout, ServeError, StoreError, VizError
from kg.paths import ontology_file
from kg.rdf.terms import PREFIXES
from kg.serve import pages, snapshot
from kg.serve.admission import Admission
from kg.serve.guard import QueryRefused, decide, needs_parse
from kg.serve.pool import WorkerPool
from kg.serve.results import GRAPH_TYPES, RESULT_TYPES, negotiate

ASSETS = Path(__file__).resolve().parent / "assets"
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
SELECT_FORMS = {"SELECT", "ASK"}
GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}


class Config:
    def __init__(
        self,
        store_path: str,
        *,
        query_timeout: float,
        max_results: int,
        update_token: str | None,
        workers: int,
        max_query_bytes: int = 1_000_000,
        max_result_bytes: int = 64_000_000,
        client_timeout: float = 10.0,
        queue_timeout: float | None = None,
        client_concurrency: int | None = None,
        watch_interval: float = 2.0,
    ) -> None:
        self.store_path = store_path
        self.query_timeout = query_timeout
        self.max_results = max_results
        self.update_token = update_token
        self.workers = workers
        self.max_query_bytes = max_query_bytes
        self.max_result_bytes = max_result_bytes
        self.client_timeout = client_timeout
        self.queue_timeout = queue_timeout if queue_timeout is not None else query_timeout
        self.client_concurrency = client_concurrency or workers
        self.watch_interval = watch_interval


def create_app(
    store_path: str | os.PathLike[str],
    *,
    query_timeout: float = 5.0,
    max_results: int = 10000,
    cors_origins: list[str] | None = None,
    update_token: str | None = None,
    workers: int | None = None,
    max_query_bytes: int = 1_000_000,
    max_result_bytes: int = 64_000_000,
    client_timeout: float = 10.0,
    queue_timeout: float | None = None,
    client_concurrency: int | None = None,
    watch_interval: float = 2.0,
) -> Starlette:
    """The endpoint over the on-disk store at `store_path` (read-only unless `update_token`)."""
    path = Path(store_path)
    if not path.is_dir():
        from kg.store.oxi import no_store_message

        raise StoreError(no_store_message(path), path=str(path))
    if query_timeout <= 0 or max_results <= 0:
        raise ServeError("--timeout and --max-results must be positive")
    if min(max_query_bytes, max_result_bytes, client_timeout) <= 0:
        raise ServeError(
            "--max-query-bytes, --max-result-bytes and --client-timeout must be positive"
        )
    cfg = Config(
        str(path.resolve()),
        query_timeout=query_timeout,
        max_results=max_results,
        update_token=update_token or None,
        workers=workers or os.cpu_count() or 2,
        max_query_bytes=max_query_bytes,
        max_result_bytes=max_result_bytes,
        client_timeout=client_timeout,
        queue_timeout=queue_timeout,
        client_concurrency=client_concurrency,
        watch_interval=watch_interval,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state = app.state
        state.read_write = cfg.update_token is not None
        state.snapshots = None if state.read_write else snapshot.snapshot_root(cfg.store_path)
        guards = max(2, min(cfg.workers, 4))
        state.guard_admission = Admission(
            general=guards, reserve=1, per_client=guards, queue_timeout=cfg.queue_timeout
        )
        state.guards = WorkerPool("", size=state.guard_admission.capacity() + 1, mode="guard")
        state.admission = Admission(
            general=1 if state.read_write else cfg.workers,
            reserve=0 if state.read_write else 1,
            per_client=cfg.client_concurrency,
            queue_timeout=cfg.queue_timeout,
        )
        state.verdicts = OrderedDict()
        state.generation = None
        state.switches = []
        state.graph_dir = Path(tempfile.mkdtemp(prefix="kg-serve-graph-"))
        state.graph_lock = asyncio.Lock()
        state.tasks = set()
        try:
            await state.guards.start()
            state.generation = await _new_generation(app, 1)
            _report_isolation(state.generation.pool, state.guards)
            if not state.read_write:
                _background(app, _watch(app))
            yield
        finally:
            for task in list(state.tasks):
                task.cancel()
            await state.guards.close()
            if state.generation is not None:
                await state.generation.pool.close()
            if state.snapshots is not None:
                snapshot.remove(state.snapshots)

    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type", "Authorization"],
                expose_headers=["Content-Type"],
            )
        )
    # Starlette answers HEAD wherever a route allows GET.
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
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={Exception: _internal_error},
    )
    app.state.cfg = cfg
    return app


async def _internal_error(request: Request, exc: Exception) -> Response:
    # The traceback goes to the server's log (Starlette prints it); the client gets one line.
    return PlainTextResponse("internal error\n", status_code=500)


class Generation:
    """The workers of one snapshot of the store, and what the pages show about it."""

    def __init__(self, number: int, path: str, stamp: tuple, pool: WorkerPool) -> None:
        self.number = number
        self.path = path
        self.stamp = stamp
        self.pool = pool
        self.taken = datetime.now(UTC)
        self.stats: dict[str, int] | str | None = None
        self.graphs: frozenset[str] | None = None
        self.graph_ready = False


async def _new_generation(app: Starlette, number: int) -> Generation:
    state, cfg = app.state, app.state.cfg
    stamp = await asyncio.to_thread(snapshot.stamp, cfg.store_path)
    if state.read_write:
        path = cfg.store_path
    else:
        target = state.snapshots / f"gen-{number}"
        await asyncio.to_thread(snapshot.take, cfg.store_path, target)
        path = str(target)
    # Spare workers beyond what admission lets run, one per regular slot: a worker killed at
    # the time limit is replaced at once by a started one while its own replacement starts
    # (seconds on a loaded machine), so heavy queries ending in kills never leave a small
    # query waiting for a process.
    spares = max(1, state.admission.general)
    pool = WorkerPool(path, size=state.admission.capacity() + spares, read_write=state.read_write)
    try:
        await pool.start()
    except BaseException:
        if not state.read_write:
            snapshot.remove(Path(path))
        raise
    gen = Generation(number, path, stamp, pool)
    _background(app, _count(app, gen))
    return gen


async def _count(app: Starlette, gen: Generation) -> None:
    """The landing page's numbers, counted once per generation in a worker."""
    try:
        reply = await gen.pool.call({"op": "stats"}, timeout=max(app.state.cfg.query_timeout, 60.0))
        gen.stats = reply.get("stats") or reply.get("message", "statistics unavailable")
    except KGError as exc:
        gen.stats = str(exc)


def _background(app: Starlette, coro) -> None:
    task = asyncio.get_running_loop().create_task(coro)
    app.state.tasks.add(task)
    task.add_done_callback(app.state.tasks.discard)


def _report_isolation(pool: WorkerPool, guards: WorkerPool) -> None:
    if pool.isolation:
        line = f"query workers have no network ({pool.isolation})"
        if pool.isolation_failed:
            line += f"; {pool.isolation_failed}"
    else:
        line = (
            f"WARNING: query workers are NOT isolated from the network "
            f"({pool.isolation_failed}); SERVICE and LOAD are refused by the query parser "
            "alone"
        )
    print(f"kg serve: {line}", file=sys.stderr, flush=True)


async def _watch(app: Starlette) -> None:
    """Switch every worker to a new snapshot at once when the live store has changed (and no
    build is writing it any more); the old pool finishes what it runs, then stops."""
    state, cfg = app.state, app.state.cfg
    seen = state.generation.stamp
    while True:
        await asyncio.sleep(cfg.watch_interval)
        now = await asyncio.to_thread(snapshot.stamp, cfg.store_path)
        if now == state.generation.stamp or now == ("missing",):
            seen = now
            continue
        settled = now == seen and not await asyncio.to_thread(
            snapshot.being_written, cfg.store_path
        )
        seen = now
        if not settled:
            continue
        old = state.generation
        try:
            new = await _new_generation(app, old.number + 1)
        except KGError as exc:
            print(
                f"kg serve: the store changed but cannot be served yet: {exc}",
                file=sys.stderr,
                flush=True,
            )
            continue
        state.generation = new
        when = new.taken.strftime("%Y-%m-%d %H:%M:%S UTC")
        state.switches.append(when)
        print(
            f"kg serve: the store was rebuilt; serving the new snapshot (generation "
            f"{new.number}) since {when}",
            file=sys.stderr,
            flush=True,
        )
        _background(app, _retire(old, cfg.query_timeout + 1.0))


async def _retire(gen: Generation, grace: float) -> None:
    deadline = time.monotonic() + grace
    while gen.pool.running() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await gen.pool.close()
    snapshot.remove(Path(gen.path))


def check_store(path: str, *, read_write: bool = False) -> None:
    """Open and release the store once, turning failure into a StoreError."""
    import pyoxigraph as ox

    try:
        store = ox.Store(path) if read_write else ox.Store.read_only(path)
    except OSError as exc:
        raise StoreError(f"cannot open store: {' '.join(str(exc).split())}", path=path) from exc
    del store


def _error(exc: KGError) -> PlainTextResponse:
    headers = {"Retry-After": "1"} if exc.http_status in (429, 503) else None
    return PlainTextResponse(str(exc) + "\n", status_code=exc.http_status, headers=headers)


class TooLarge(QueryError):
    http_status = 413


class UriTooLong(QueryError):
    http_status = 414


class SlowClient(QueryError):
    http_status = 408


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused (413) as soon as it is known to exceed `limit` bytes: from
    Content-Length before reading anything, else while streaming. A client that takes longer
    than `timeout` seconds to send it gets 408."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise QueryError("bad Content-Length")
        if int(declared) > limit:
            raise TooLarge(
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
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"request body too large: more than {limit:,} bytes (--max-query-bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


async def _params(request: Request) -> tuple[dict[str, list[str]], str | None, str | None]:
    """(protocol parameters, query, update) for the three ways the protocol allows."""
    cfg: Config = request.app.state.cfg
    if len(request.scope.get("query_string", b"")) > cfg.max_query_bytes:
        raise UriTooLong(
            f"query string too long: more than {cfg.max_query_bytes:,} bytes; "
            "POST the query instead"
        )
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            raise QueryRefused("SPARQL Update must be sent with POST")
        return params, _one(params, "query"), None
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in (
        "application/x-www-form-urlencoded",
        "application/sparql-query",
        "application/sparql-update",
    ):
        raise _Unsupported(ctype or "(none)")
    raw = await read_body(request, cfg.max_query_bytes, cfg.client_timeout)
    body = raw.decode("utf-8", errors="replace")
    if ctype == "application/x-www-form-urlencoded":
        # Parsed here: Starlette's form parser would need python-multipart for no gain.
        for key, value in parse_qsl(body, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        return params, _one(params, "query"), _one(params, "update")
    if ctype == "application/sparql-query":
        return params, body, None
    return params, None, body


class _Unsupported(QueryError):
    http_status = 415

    def __init__(self, ctype: str) -> None:
        super().__init__(
            f"unsupported Content-Type {ctype[:80]}: POST "
            "application/sparql-query, application/sparql-update or "
            "application/x-www-form-urlencoded"
        )


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    if not values:
        return None
    if len(values) > 1:
        raise QueryError(f"more than one {key} parameter")
    return values[0]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _verdict(request: Request, text: str, kind: str) -> dict[str, Any]:
    """rdflib's reading of `text` (kg.serve.guard.inspect), from a guard process; cached."""
    state = request.app.state
    key = (kind, text)
    cached = state.verdicts.get(key)
    if cached is not None:
        state.verdicts.move_to_end(key)
        return cached
    client = _client(request)
    limit = max(state.cfg.query_timeout, 2.0)
    slot = await state.guard_admission.acquire(client)
    try:
        verdict = await state.guards.call({"text": text, "kind": kind}, timeout=limit)
    except QueryTimeout:
        raise QueryError(f"malformed SPARQL: not parsed within {limit:g} s") from None
    finally:
        state.guard_admission.release(slot)
    if len(text) <= 16_384:
        state.verdicts[key] = verdict
        if len(state.verdicts) > 2048:
            state.verdicts.popitem(last=False)
    return verdict


async def _check_datasets(request: Request, gen: Generation, iris: list[str]) -> None:
    """A dataset (FROM, FROM NAMED, USING, default-graph-uri, named-graph-uri) may name only
    graphs of this store: anything else would be data from outside it."""
    import pyoxigraph as ox

    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise QueryError(f"not an IRI: {iri[:200]!r}") from None
    if not iris:
        return
    if gen.graphs is None:
        reply = await gen.pool.call({"op": "graphs"}, timeout=request.app.state.cfg.query_timeout)
        if "graphs" not in reply:
            raise StoreError(reply.get("message", "cannot list the graphs"))
        gen.graphs = frozenset(reply["graphs"])
    outside = [i for i in iris if i not in gen.graphs]
    if outside:
        raise QueryRefused(
            f"<{outside[0][:200]}> names no graph in this store: datasets may "
            "name only the store's own graphs (no data from elsewhere)"
        )


async def sparql(request: Request) -> Response:
    cfg: Config = request.app.state.cfg
    try:
        params, query, update = await _params(request)
        if query is None and update is None:
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/query")
            raise QueryError(
                "missing query: send query= (or update=) as the SPARQL 1.1 Protocol describes"
            )
        if query is not None and update is not None:
            raise QueryError("send either query or update, not both")
        if update is not None:
            return await _update(request, cfg, update)
        return await _query(request, cfg, params, query)
    except KGError as exc:
        return _error(exc)


async def _query(
    request: Request, cfg: Config, params: dict[str, list[str]], query: str
) -> Response:
    if not query.strip():
        raise QueryError("empty query")
    gen: Generation = request.app.state.generation
    datasets = [*params.get("default-graph-uri", []), *params.get("named-graph-uri", [])]
    in_query: list[str] = []
    if needs_parse(query):
        verdict = await _verdict(request, query, "query")
        decide(verdict, kind="query")
        in_query = verdict["datasets"]
        datasets += in_query
    await _check_datasets(request, gen, datasets)
    accept = request.headers.get("accept")
    if "format" in params:
        fmt = _one(params, "format") or ""
        accept = FORMAT_PARAM.get(fmt.lower(), fmt)
    results_format = negotiate(accept, RESULT_TYPES)
    graph_format = negotiate(accept, GRAPH_TYPES)
    if results_format is None and graph_format is None:
        return PlainTextResponse(
            f"cannot answer with {(accept or '')[:100]}: SELECT/ASK results "
            f"come as {', '.join(RESULT_TYPES)}; CONSTRUCT/DESCRIBE as "
            f"{', '.join(GRAPH_TYPES)}\n",
            status_code=406,
        )
    req: dict[str, Any] = {
        "op": "query",
        "query": query,
        "results_format": results_format,
        "graph_format": graph_format,
        "max_results": cfg.max_results,
        "max_bytes": cfg.max_result_bytes,
        "prefixes": PREFIXES,
        "default": params.get("default-graph-uri"),
        "named": params.get("named-graph-uri"),
        "query_dataset": bool(in_query),
    }
    reply = await _run(request, gen.pool, req)
    if "message" in reply:
        if reply["status"] == 400 and not needs_parse(query):
            # Oxigraph's query parser rejected it; say 403 if it is an update sent as a query,
            # else keep Oxigraph's message (it names the position).
            verdict = await _verdict(request, query, "query")
            if verdict.get("kind") == "update":
                decide(verdict, kind="query")
        return PlainTextResponse(reply["message"] + "\n", status_code=reply["status"])
    return Response(
        reply["body"],
        status_code=reply["status"],
        headers={"Content-Type": reply["content_type"], "Vary": "Accept"},
    )


async def _run(request: Request, pool: WorkerPool, req: dict[str, Any]) -> dict[str, Any]:
    """One request on a worker, once admission control lets this client have one."""
    admission: Admission = request.app.state.admission
    slot = await admission.acquire(_client(request))
    try:
        return await pool.call(req, timeout=request.app.state.cfg.query_timeout)
    finally:
        admission.release(slot)


async def _update(request: Request, cfg: Config, update: str) -> Response:
    if cfg.update_token is None:
        raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), cfg.update_token.encode()
    ):
        raise QueryRefused("SPARQL Update needs the update token (Authorization: Bearer TOKEN)")
    if not update.strip():
        raise QueryError("empty update")
    verdict = await _verdict(request, update, "update")
    decide(verdict, kind="update")
    gen: Generation = request.app.state.generation
    await _check_datasets(request, gen, verdict["datasets"])
    reply = await _run(request, gen.pool, {"op": "update", "update": update})
    if "message" in reply:
        return PlainTextResponse(reply["message"] + "\n", status_code=reply["status"])
    gen.stats = None
    gen.graphs = None
    gen.graph_ready = False
    _background(request.app, _count(request.app, gen))
    return Response(status_code=204)


_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
}


async def landing(request: Request) -> Response:
    state = request.app.state
    gen: Generation = state.generation
    stats = gen.stats if gen.stats is not None else "counting…"
    served = {
        "generation": gen.number,
        "taken": gen.taken.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "switches": list(state.switches),
        "isolation": gen.pool.isolation,
        "isolation_failed": gen.pool.isolation_failed,
        "read_write": state.read_write,
    }
    return HTMLResponse(
        pages.landing(stats, pages.examples(), state.cfg, served), headers=_PAGE_HEADERS
    )


async def query_page(request: Request) -> Response:
    return HTMLResponse(
        pages.query_editor(request.query_params.get("query", ""), pages.examples()),
        headers=_PAGE_HEADERS,
    )


async def examples_json(request: Request) -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse([e.__dict__ for e in pages.examples()])


async def ontology(request: Request) -> Response:
    path = ontology_file()
    if not path.is_file():
        return PlainTextResponse("no ontology file\n", status_code=404)
    return FileResponse(path, media_type="text/turtle; charset=utf-8")


async def graph_page(request: Request) -> Response:
    state = request.app.state
    gen: Generation = state.generation
    directory: Path = state.graph_dir / f"gen-{gen.number}"
    name = request.path_params["file"] or "index.html"
    if "\x00" in name or len(name) > 255:
        return PlainTextResponse("not found\n", status_code=404)
    try:
        async with state.graph_lock:
            if not gen.graph_ready:
                directory.mkdir(parents=True, exist_ok=True)
                await _render_in_subprocess(gen.path, directory, read_only=not state.read_write)
                gen.graph_ready = True
    except KGError as exc:
        return _error(exc)
    target = (directory / name).resolve()
    if not target.is_relative_to(directory.resolve()) or not target.is_file():
        return PlainTextResponse("not found\n", status_code=404)
    return FileResponse(target)


async def _render_in_subprocess(store_path: str, directory: Path, *, read_only: bool) -> None:
    """`render_graph` in a child process: layout and HTML are CPU work the loop must not do."""
    code = (
        "import sys; from pathlib import Path; from kg.errors import KGError\n"
        "from kg.serve.app import render_graph\n"
        "try:\n    render_graph(sys.argv[1], Path(sys.argv[2]))\n"
        "except KGError as exc:\n    print(exc, file=sys.stderr); sys.exit(3)\n"
    )
    from kg.serve.pool import _worker_env

    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        code,
        store_path,
        str(directory),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=_worker_env(),
    )
    _, err = await proc.communicate()
    if proc.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if proc.returncode == 3 and lines else "rendering failed"
        raise VizError(f"the graph page is unavailable: {reason}")


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
