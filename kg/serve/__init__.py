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


def create_app(store_path: str | os.PathLike[str], **opts: Any) -> Starlette:
    """The ASGI app over the on-disk store at `store_path`; see kg.serve.app for `opts`."""
    from kg.serve.app import create_app as _create

    return _create(store_path, **opts)


def _slow_client_protocol(header_timeout: float) -> type:
    """uvicorn's h11 protocol, closing a connection whose request head does not arrive within
    `header_timeout` seconds (uvicorn itself waits for it forever)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Protocol(H11Protocol):
        _head_timer = None

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(header_timeout, self._head_timeout)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timeout(self) -> None:
            self._head_timer = None
            if self.cycle is None or self.cycle.response_complete:
                self.transport.close()

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            cycle = self.cycle
            super().data_received(data)
            if self.cycle is not cycle and self.cycle is not None:
                self._disarm()  # a request head arrived; its body has its own time limit

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return Protocol


def run(
    store_path: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    log_level: str = "info",
    access_log: bool = True,
    **opts: Any,
) -> None:
    """Serve until interrupted (uvicorn). `opts` are create_app's keyword options."""
    import uvicorn

    from kg.serve.app import check_store

    app = create_app(store_path, **opts)
    cfg = app.state.cfg
    # Fail with one line now rather than with uvicorn's traceback from the lifespan.
    check_store(str(store_path), read_write=bool(opts.get("update_token")))
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        http=_slow_client_protocol(cfg.client_timeout),
        timeout_keep_alive=5,
        # A GET query string may be as long as a POSTed query; h11 refuses longer heads.
        h11_max_incomplete_event_size=cfg.max_query_bytes + 65_536,
    )
