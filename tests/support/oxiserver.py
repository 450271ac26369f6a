"""A real Oxigraph server (`oxigraph serve`, the dev extra's CLI) on a loopback port, for the
tests of remote stores."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from kg.store.remote import RemoteStore, open_store

OXIGRAPH = Path(sys.executable).with_name("oxigraph")  # `pip install oxigraph` (dev extra)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`; restartable on the same data."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                str(OXIGRAPH),
                "serve",
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {self.proc.stderr.read().decode()[-500:]}")
            try:
                httpx.get(f"{self.base}/query", params={"query": "ASK {}"}, timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph did not start in 20 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def store(self, **options: object) -> RemoteStore:
        opts: dict[str, object] = {"gsp": f"{self.base}/store", "retries": 2, "backoff": 0.05}
        opts.update(options)
        st = open_store(f"sparql:{self.base}/query", **opts)  # type: ignore[arg-type]
        assert isinstance(st, RemoteStore)
        return st
