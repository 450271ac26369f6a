"""Admission control: who may use a query worker next, and for how long a request may wait.

Each client (its IP address) may have at most `per_client` requests on workers at once; the
rest wait in one queue with a deadline (then 503 with Retry-After) and a per-client length
(beyond it 429 at once). When a worker frees, the waiting request of the client with the fewest
requests running, then the least worker time used recently, goes first, so a client that sends
many queries cannot make the others queue behind all of them.

Heavy queries cannot be paused, so fairness alone would still let two clients looping slow
queries hold every worker while a third client's small query waits seconds. Hence the reserve:
`reserve` slots beyond `general` that only a *light* client may take: one with nothing running
whose worker time over the last few seconds is under a second. The pool has a worker for each
slot; the kernel shares the cores between them, so a small query on the reserve finishes in
milliseconds even while the heavy ones run.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from kg.errors import QueryError, QueryTimeout

DECAY_SECONDS = 5.0  # the time constant of "recently" for worker time used
LIGHT_SECONDS = 1.0  # recent worker time under which a client counts as light


class Busy(QueryTimeout):
    """Waited past the queue deadline (503, Retry-After)."""


class TooManyQueued(QueryError):
    http_status = 429


@dataclass
class _Client:
    running: int = 0
    queued: int = 0
    used: float = 0.0  # decayed worker seconds
    stamp: float = field(default_factory=time.monotonic)
    started: list[float] = field(default_factory=list)

    def usage(self, now: float) -> float:
        """Worker seconds used recently, counting what is running now."""
        decayed = self.used * math.exp(-(now - self.stamp) / DECAY_SECONDS)
        return decayed + sum(now - s for s in self.started)


@dataclass(order=True)
class _Waiter:
    seq: int
    client: str = field(compare=False)
    future: asyncio.Future = field(compare=False)


class Admission:
    def __init__(
        self,
        *,
        general: int,
        reserve: int = 1,
        per_client: int | None = None,
        max_queued: int = 64,
        queue_timeout: float = 5.0,
    ) -> None:
        self.general = general
        self.reserve = reserve
        self.per_client = per_client or general
        self.max_queued = max_queued
        self.queue_timeout = queue_timeout
        self.running = 0
        self._clients: dict[str, _Client] = defaultdict(_Client)
        self._waiting: list[_Waiter] = []
        self._seq = itertools.count()

    def _may_start(self, client: str, now: float) -> bool:
        state = self._clients[client]
        if state.running >= self.per_client:
            return False
        if self.running < self.general:
            return True
        return (
            self.running < self.general + self.reserve
            and state.running == 0
            and state.usage(now) < LIGHT_SECONDS
        )

    def _start(self, client: str, now: float) -> float:
        state = self._clients[client]
        state.running += 1
        state.started.append(now)
        self.running += 1
        return now

    async def acquire(self, client: str) -> float:
        """Wait for a slot; returns the token to pass to `release`."""
        now = time.monotonic()
        if not self._waiting and self._may_start(client, now):
            return self._start(client, now)
        state = self._clients[client]
        if state.queued >= self.max_queued:
            raise TooManyQueued(
                f"too many queries queued from {client}: at most "
                f"{self.max_queued}; wait for answers before sending more"
            )
        waiter = _Waiter(next(self._seq), client, asyncio.get_running_loop().create_future())
        self._waiting.append(waiter)
        state.queued += 1
        self._dispatch()
        try:
            return await asyncio.wait_for(asyncio.shield(waiter.future), self.queue_timeout)
        except TimeoutError:
            if waiter.future.done():  # granted just as the deadline passed
                return waiter.future.result()
            waiter.future.cancel()
            raise Busy(
                f"server busy: no query worker became free within "
                f"{self.queue_timeout:g} s; retry later"
            ) from None
        except BaseException:
            if waiter.future.done() and not waiter.future.cancelled():
                self.release(client, waiter.future.result())
            else:
                waiter.future.cancel()
            raise
        finally:
            state.queued -= 1
            if waiter in self._waiting:
                self._waiting.remove(waiter)

    def release(self, client: str, token: float) -> None:
        now = time.monotonic()
        state = self._clients[client]
        state.running -= 1
        self.running -= 1
        state.started.remove(token)
        state.used = state.used * math.exp(-(now - state.stamp) / DECAY_SECONDS) + (now - token)
        state.stamp = now
        if state.running == 0 and state.queued == 0 and state.usage(now) < 0.01:
            del self._clients[client]
        self._dispatch()

    def _dispatch(self) -> None:
        """Start waiting requests while slots allow: fewest running, least used, oldest."""
        while True:
            now = time.monotonic()
            self._waiting = [w for w in self._waiting if not w.future.done()]
            ready = [w for w in self._waiting if self._may_start(w.client, now)]
            if not ready:
                return
            best = min(
                ready,
                key=lambda w: (
                    self._clients[w.client].running,
                    self._clients[w.client].usage(now),
                    w.seq,
                ),
            )
            self._waiting.remove(best)
            best.future.set_result(self._start(best.client, now))

    def snapshot(self) -> dict[str, int]:
        return {"running": self.running, "waiting": len(self._waiting)}
