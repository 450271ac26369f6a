"""The HTTP connection: uvicorn's h11 protocol with the limits an open endpoint needs.

uvicorn waits forever for a request head, lets one client open any number of connections, and
keeps writing to a client that reads nothing. Here a connection is closed when:
- its request head does not arrive within `header_timeout` seconds;
- its client already has `per_client` connections open (the new one gets 429 and is closed;
  a trusted proxy's connections are not counted, they carry many clients);
- the request heads being received on all connections together pass `head_budget` bytes (a
  thousand clients trickling 1 MB heads would otherwise hold 1 GB);
- the client has read nothing of its answer for `write_timeout` seconds (the answer stays on
  disk meanwhile, see `kg.serve.stream`, so a slow reader costs a socket, not memory).
Each such close is said in one line on stderr, at most once per client and reason in ten seconds.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

_QUIET_SECONDS = 10.0
_said: dict[tuple[str, str], float] = {}


def say(client: str, reason: str, line: str) -> None:
    """Print `line` on stderr unless the same client and reason were said lately."""
    now = time.monotonic()
    key = (client, reason)
    if now - _said.get(key, -_QUIET_SECONDS) < _QUIET_SECONDS:
        return
    if len(_said) > 4096:
        _said.clear()
    _said[key] = now
    print(f"kg serve: {line}", file=sys.stderr, flush=True)


def _raw_response(status: str, message: str) -> bytes:
    body = (message + "\n").encode()
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nretry-after: 1\r\nconnection: close\r\n\r\n"
    ).encode() + body


@dataclass
class Limits:
    header_timeout: float
    write_timeout: float
    per_client: int
    head_budget: int
    trusted: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network] = ()
    open_by_client: Counter[str] = field(default_factory=Counter)
    pending: int = 0  # request-head bytes being received, all connections together


def protocol_class(**limits: Any) -> type:
    """uvicorn's `http=` protocol class with these `Limits` (one set per server)."""
    return type("Protocol", (LimitedProtocol,), {"limits": Limits(**limits)})


class LimitedProtocol(H11Protocol):
    limits: Limits
    _head_timer: Any = None
    _stall_timer: Any = None
    _peer = ""
    _counted = False
    _refused = False
    _pending = 0

    # -- connections ------------------------------------------------------------------------
    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        limits = self.limits
        self._peer = self.client[0] if self.client else ""
        if not self._trusted():
            if limits.open_by_client[self._peer] >= limits.per_client:
                self._refuse(
                    "429 Too Many Requests",
                    f"too many connections from {self._peer}: at most {limits.per_client} "
                    "open at once (--client-connections)",
                    "connections",
                )
                return
            limits.open_by_client[self._peer] += 1
            self._counted = True
        self._arm_head()

    def _trusted(self) -> bool:
        try:
            address = ipaddress.ip_address(self._peer)
        except ValueError:
            return False
        return any(address in net for net in self.limits.trusted)

    def _refuse(self, status: str, message: str, reason: str) -> None:
        self._refused = True
        say(self._peer, reason, f"closed a connection of {self._peer}: {message}")
        self.transport.write(_raw_response(status, message))
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head()
        self._disarm_stall()
        self._release_pending()
        if self._counted:
            self._counted = False
            counts = self.limits.open_by_client
            counts[self._peer] -= 1
            if counts[self._peer] <= 0:
                del counts[self._peer]
        super().connection_lost(exc)

    # -- request heads ----------------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        cycle = self.cycle
        if cycle is None or cycle.response_complete:
            self._pending += len(data)
            self.limits.pending += len(data)
            if self.limits.pending > self.limits.head_budget:
                self._release_pending()
                self._refuse(
                    "503 Service Unavailable",
                    "server busy: too many request heads being received at once",
                    "heads",
                )
                return
        super().data_received(data)
        if self.cycle is not cycle and self.cycle is not None:
            self._disarm_head()  # a request head arrived; its body has its own time limit
            self._release_pending()

    def _release_pending(self) -> None:
        self.limits.pending -= self._pending
        self._pending = 0

    def _arm_head(self) -> None:
        self._disarm_head()
        self._head_timer = self.loop.call_later(self.limits.header_timeout, self._head_timeout)

    def _disarm_head(self) -> None:
        self._cancel("_head_timer")

    def _cancel(self, timer: str) -> None:
        handle = getattr(self, timer)
        if handle is not None:
            handle.cancel()
            setattr(self, timer, None)

    def _head_timeout(self) -> None:
        self._head_timer = None
        if self.cycle is None or self.cycle.response_complete:
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head()

    # -- answers ----------------------------------------------------------------------------
    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stall_timer is None:
            self._stall_timer = self.loop.call_later(self.limits.write_timeout, self._stalled)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._disarm_stall()

    def _disarm_stall(self) -> None:
        self._cancel("_stall_timer")

    def _stalled(self) -> None:
        self._stall_timer = None
        say(
            self._peer,
            "stalled",
            f"closed a connection of {self._peer}: it read nothing of its answer for "
            f"{self.limits.write_timeout:g} s",
        )
        # Reset rather than close: a plain close would still send what the kernel holds for it
        # (megabytes on loopback), as slowly as the client reads.
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()
