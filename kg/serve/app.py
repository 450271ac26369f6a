"""The ASGI application: its configuration, its routes and the processes it runs.

Nothing CPU-bound runs on the event loop. A request is read by a guard process
(`kg.serve.request`, `kg.serve.guard`), run by a query worker (`kg.serve.pool`,
`kg.serve.worker`) on the snapshot of the current generation (`kg.serve.generations`), and its
answer streamed from a file (`kg.serve.stream`); the connection limits are in
`kg.serve.protocol`. The endpoint itself is `kg.serve.handlers`, the pages `kg.serve.views`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.errors import ServeError, StoreError
from kg.serve import generations, snapshot, views
from kg.serve.admission import Admission, trusted_networks
from kg.serve.handlers import internal_error, sparql
from kg.serve.pool import WorkerPool

ASSETS = Path(__file__).resolve().parent / "assets"
GUARD_MEMORY = 512  # MB for a guard process: it holds one request's tokens at most


@dataclass
class Config:
    store_path: str
    query_timeout: float
    max_results: int
    update_token: str | None
    workers: int
    max_query_bytes: int = 1_000_000
    max_result_bytes: int = 64_000_000
    client_timeout: float = 10.0
    queue_timeout: float = 0.0  # 0: the query timeout
    client_concurrency: int = 0  # 0: --workers
    watch_interval: float = 2.0
    worker_memory: int = 900  # MB of data per query worker (0: no limit)
    client_connections: int = 64
    head_budget: int = 24_000_000  # request-head bytes being received at once, all clients
    trusted_proxies: list[str] = field(default_factory=list)
    graph_timeout: float = 60.0
    graph_max_quads: int = 500_000

    def __post_init__(self) -> None:
        self.queue_timeout = self.queue_timeout or self.query_timeout
        self.client_concurrency = self.client_concurrency or self.workers
        try:
            self.trusted = trusted_networks(self.trusted_proxies)
        except ValueError as exc:
            raise ServeError(f"--trusted-proxy: {exc}") from None


def create_app(
    store_path: str | os.PathLike[str],
    *,
    query_timeout: float = 5.0,
    max_results: int = 10000,
    cors_origins: list[str] | None = None,
    update_token: str | None = None,
    workers: int | None = None,
    queue_timeout: float | None = None,
    client_concurrency: int | None = None,
    **limits: object,
) -> Starlette:
    """The endpoint over the on-disk store at `store_path` (read-only unless `update_token`).
    `limits` are Config's other fields (max_query_bytes, worker_memory, trusted_proxies...)."""
    path = Path(store_path)
    if not path.is_dir():
        from kg.store.oxi import no_store_message

        raise StoreError(no_store_message(path), path=str(path))
    if query_timeout <= 0 or max_results <= 0:
        raise ServeError("--timeout and --max-results must be positive")
    unknown = set(limits) - set(Config.__dataclass_fields__)
    if unknown:
        raise ServeError(f"unknown server option {sorted(unknown)[0]}")
    cfg = Config(
        str(path.resolve()),
        query_timeout=query_timeout,
        max_results=max_results,
        update_token=update_token or None,
        workers=workers or os.cpu_count() or 2,
        queue_timeout=queue_timeout or 0.0,
        client_concurrency=client_concurrency or 0,
        **limits,  # type: ignore[arg-type]
    )
    if min(cfg.max_query_bytes, cfg.max_result_bytes, cfg.client_timeout) <= 0:
        raise ServeError(
            "--max-query-bytes, --max-result-bytes and --client-timeout must be positive"
        )
    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type", "Authorization"],
                expose_headers=["Content-Type", "KG-Snapshot"],
            )
        )
    # Starlette answers HEAD wherever a route allows GET.
    routes = [
        Route("/", views.landing, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", views.query_page, methods=["GET"]),
        Route("/examples.json", views.examples_json, methods=["GET"]),
        Route("/ontology", views.ontology, methods=["GET"]),
        Route("/graph", lambda r: RedirectResponse("/graph/"), methods=["GET"]),
        Route("/graph/{file:path}", views.graph_page, methods=["GET"]),
        Mount("/assets", app=StaticFiles(directory=str(ASSETS)), name="assets"),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={Exception: internal_error},
    )
    app.state.cfg = cfg
    return app


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    state, cfg = app.state, app.state.cfg
    state.read_write = cfg.update_token is not None
    state.snapshots = None if state.read_write else snapshot.snapshot_root(cfg.store_path)
    guards = max(2, min(cfg.workers, 4))
    state.guard_admission = Admission(
        general=guards, reserve=1, per_client=guards, queue_timeout=cfg.queue_timeout
    )
    state.guards = WorkerPool(
        "", size=state.guard_admission.capacity() + 1, mode="guard", memory=GUARD_MEMORY
    )
    state.admission = Admission(
        general=1 if state.read_write else cfg.workers,
        reserve=0 if state.read_write else 1,
        per_client=cfg.client_concurrency,
        queue_timeout=cfg.queue_timeout,
    )
    state.verdicts = OrderedDict()
    state.generation = None
    state.switches = []
    scratch = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    state.graph_dir = scratch / "graph"
    state.spool = scratch / "answers"
    state.spool.mkdir()
    state.graph_lock = asyncio.Lock()
    state.tasks = set()
    try:
        await state.guards.start()
        state.generation = await generations.first(app)
        generations.report_isolation(state.generation.pool)
        generations.background(app, _sweep(app))
        if not state.read_write:
            generations.background(app, generations.watch(app))
        yield
    finally:
        for task in list(state.tasks):
            task.cancel()
        await state.guards.close()
        if state.generation is not None:
            await state.generation.pool.close()
        if state.snapshots is not None:
            snapshot.remove(state.snapshots)
        snapshot.remove(scratch)


async def _sweep(app: Starlette) -> None:
    """Delete answers a killed worker left half written (a file being streamed stays readable
    after its name is gone)."""
    cfg = app.state.cfg
    age = 2 * cfg.query_timeout + 60
    while True:
        await asyncio.sleep(30)
        cutoff = time.time() - age
        for entry in list(os.scandir(app.state.spool)):
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)


def check_store(path: str, *, read_write: bool = False) -> None:
    """Open and release the store once, turning failure into a StoreError."""
    import pyoxigraph as ox

    try:
        store = ox.Store(path) if read_write else ox.Store.read_only(path)
    except OSError as exc:
        raise StoreError(f"cannot open store: {' '.join(str(exc).split())}", path=path) from exc
    del store
