"""One way to run a real server for a serve test: over a fresh test store, stopped afterwards."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from test_serve import make_store
from test_serve_attack import Server


@contextlib.contextmanager
def served(folder: Path, **opts: object) -> Iterator[Server]:
    """`kg.serve.run` in a subprocess over `make_store(folder / "store")`, with `opts`."""
    srv = Server(make_store(folder / "store"), **opts)
    try:
        yield srv
    finally:
        srv.stop()
