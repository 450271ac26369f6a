"""The connection limits of kg.serve.protocol, against a real server on loopback: connections per
client, request heads being received at once, and a client that reads nothing of its answer."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from support.servers import BIG, Server, served

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served(tmp_path_factory.mktemp("protocol"), query_timeout=10.0, workers=2,
                client_timeout=1.5, client_connections=4, head_budget=300_000,
                max_result_bytes=100_000_000) as srv:  # fmt: skip
        yield srv


def _head(sock: socket.socket) -> str:
    sock.settimeout(10)
    return sock.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def test_connections_per_client_are_capped(server: Server) -> None:
    held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(4)]
    try:
        with socket.create_connection(("127.0.0.1", server.port)) as extra:
            assert _head(extra) == "HTTP/1.1 429 Too Many Requests"
        # Another client is not counted against this one.
        with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2")) as other:
            assert other.get(server.url + "/sparql", params={"query": "ASK {}"}).status_code == 200
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.3)
    assert httpx.get(server.url + "/sparql", params={"query": "ASK {}"}).status_code == 200
    lines = [line for line in server.stderr().splitlines() if "too many connections" in line]
    assert len(lines) == 1, server.stderr()


def test_request_heads_being_received_are_budgeted(server: Server) -> None:
    first = socket.create_connection(("127.0.0.1", server.port))
    second = socket.create_connection(("127.0.0.1", server.port))
    try:
        first.sendall(b"GET /sparql?query=" + b"a" * 200_000)
        time.sleep(0.3)
        second.sendall(b"GET /sparql?query=" + b"b" * 150_000)
        assert _head(second) == "HTTP/1.1 503 Service Unavailable"
    finally:
        first.close()
        second.close()
    time.sleep(0.3)
    # The budget is given back when a connection closes.
    assert httpx.get(server.url + "/sparql", params={"query": "ASK {}"}).status_code == 200


def test_a_client_that_reads_nothing_is_closed(server: Server) -> None:
    full = httpx.post(server.url + "/sparql", data={"query": BIG}, timeout=60)
    assert full.status_code == 200 and len(full.content) > 8_000_000
    sock = socket.create_connection(("127.0.0.1", server.port))
    form = str(httpx.QueryParams({"query": BIG})).encode()
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
        b"\r\nContent-Length: " + str(len(form)).encode() + b"\r\n\r\n" + form
    )
    started = time.monotonic()
    assert _head(sock) == "HTTP/1.1 200 OK"
    time.sleep(6)  # read nothing more: past the 1.5 s write timeout
    received = 0
    sock.settimeout(10)
    try:
        while chunk := sock.recv(1 << 20):
            received += len(chunk)
    except ConnectionResetError:
        pass
    sock.close()
    assert received < len(full.content) / 2, received  # reset, not finished
    assert time.monotonic() - started < 20
    assert "read nothing of its answer" in server.stderr()
