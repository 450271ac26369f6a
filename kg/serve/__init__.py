"""`kg serve`: a SPARQL 1.1 Protocol endpoint with a landing page, a query editor, the graph
page and the ontology.

Imports are lazy: query workers (`python -m kg.serve.worker`) import this package and must not
pay for Starlette and uvicorn.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["create_app", "run"]


def create_app(store_path: str | os.PathLike[str], *, query_timeout: float = 5.0,
               max_results: int = 10000, cors_origins: list[str] | None = None,
               update_token: str | None = None, workers: int | None = None) -> Starlette:
    """The ASGI app over the on-disk store at `store_path`; see kg.serve.app."""
    from kg.serve.app import create_app as _create

    return _create(store_path, query_timeout=query_timeout, max_results=max_results,
                   cors_origins=cors_origins, update_token=update_token, workers=workers)


def run(store_path: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 7878,
        log_level: str = "info", access_log: bool = True, **opts: Any) -> None:
    """Serve until interrupted (uvicorn). `opts` are create_app's keyword options."""
    import uvicorn

    from kg.serve.app import check_store

    app = create_app(store_path, **opts)
    # Fail with one line now rather than with uvicorn's traceback from the lifespan.
    check_store(str(store_path), read_write=bool(opts.get("update_token")))
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log)
