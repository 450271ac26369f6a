"""`kg serve`: a SPARQL 1.1 Protocol endpoint with a landing page, a query editor, the graph
page and the ontology.

Imports are lazy: query workers (`python -m kg.serve.worker`) import this package and must not
pay for Starlette and uvicorn.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["create_app", "run"]


def create_app(store_path: str | os.PathLike[str], **opts: Any) -> Starlette:
    """The ASGI app over the on-disk store at `store_path`; see kg.serve.app for `opts`."""
    from kg.serve.app import create_app as _create

    return _create(store_path, **opts)


def run(
    store_path: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    log_level: str = "info",
    access_log: bool = True,
    ready: Callable[[], None] | None = None,
    **opts: Any,
) -> None:
    """Serve until interrupted (uvicorn). `opts` are create_app's keyword options; `ready` is
    called once the options and the store are found good, before the server starts."""
    import uvicorn

    from kg.serve.app import check_store
    from kg.serve.protocol import protocol_class

    app = create_app(store_path, **opts)
    cfg = app.state.cfg
    # Fail with one line now rather than with uvicorn's traceback from the lifespan.
    check_store(str(store_path), read_write=bool(opts.get("update_token")))
    if ready is not None:
        ready()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        http=protocol_class(
            header_timeout=cfg.client_timeout,
            write_timeout=cfg.client_timeout,
            per_client=cfg.client_connections,
            head_budget=cfg.head_budget,
            trusted=cfg.trusted,
        ),
        timeout_keep_alive=5,
        # Who a client is is decided by kg.serve.admission (--trusted-proxy); uvicorn's own
        # reading of X-Forwarded-For (on by default for 127.0.0.1) would let any local client
        # name itself.
        proxy_headers=False,
        # A GET query string may be as long as a POSTed query; h11 refuses longer heads.
        h11_max_incomplete_event_size=cfg.max_query_bytes + 65_536,
    )
