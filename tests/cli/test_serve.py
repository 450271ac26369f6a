"""`kg serve` in a real process on the real seed store: its limit options reach the server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli.main import main; raise SystemExit(main())", *args]


@pytest.fixture()
def serve(seed_store_path: Path) -> Iterator[Callable[..., str]]:
    procs: list[subprocess.Popen] = []

    def start(*opts: str) -> str:
        port = _free_port()
        proc = subprocess.Popen(
            _kg("serve", "--store", str(seed_store_path), "--port", str(port), *opts),
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stderr=subprocess.DEVNULL,
        )
        procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"kg serve exited with {proc.returncode}"
            try:
                if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=5).is_success:
                    return url
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError("kg serve did not answer within 60 s")

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(15)


def test_graph_page_budget_option_reaches_the_server(serve: Callable[..., str]) -> None:
    small = serve("--graph-max-quads", "10")
    assert httpx.get(f"{small}/graph/", timeout=60).status_code == 503
    roomy = serve()
    assert httpx.get(f"{roomy}/graph/", timeout=60).status_code == 200


def test_a_bad_trusted_proxy_is_one_line(seed_store_path: Path) -> None:
    bad = subprocess.run(
        _kg("serve", "--store", str(seed_store_path), "--trusted-proxy", "not-an-address"),
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "--trusted-proxy" in lines[0], bad.stderr
