"""Admission control: who may use a query worker next, and for how long a request may wait.

Each client (its IP address) may have at most `per_client` requests on workers at once; the
rest wait in one queue with a deadline (then 503 with Retry-After) and a per-client length
(beyond it 429 at once). When a worker frees, the waiting request of the client with the fewest
requests running, then the least worker time used recently, goes first, so a client that sends
many queries cannot make the others queue behind all of them.

Heavy queries cannot be paused, so fairness alone would still let two clients looping slow
queries hold every worker while a third client's small query waits seconds. Hence the reserve:
`reserve` slots beyond `general` that only a *light* client may take: one with nothing running
whose queries have lately been short (a moving average of their run times under half a
second; a new client counts as light). A query that has held a reserve slot for more than
PREEMPT_SECONDS while a light client waits for one stops counting against the reserve (it runs
on; at most `reserve` such at a time): so a new client's first heavy query cannot keep the
reserve from the small queries it exists for, and nothing is killed for it. The pool has
a worker for each slot and a spare; the kernel shares the cores between them, so a small query
on the reserve finishes in milliseconds even while the heavy ones run.
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
LIGHT_SECONDS = 0.5  # a client whose queries average less than this counts as light
AVERAGE_WEIGHT = 0.3  # of the latest query in the moving average of run times
PREEMPT_SECONDS = 0.5  # a reserve slot held this long is freed for a waiting light client


class Busy(QueryTimeout):
    """Waited past the queue deadline (503, Retry-After)."""


class TooManyQueued(QueryError):
    http_status = 429


@dataclass
class _Client:
    running: int = 0
    queued: int = 0
    used: float = 0.0  # decayed worker seconds
    average: float = 0.0  # moving average of its queries' run times
    stamp: float = field(default_factory=time.monotonic)
    started: list[float] = field(default_factory=list)

    def usage(self, now: float) -> float:
        """Worker seconds used recently, counting what is running now."""
        decayed = self.used * math.exp(-(now - self.stamp) / DECAY_SECONDS)
        return decayed + sum(now - s for s in self.started)


@dataclass(eq=False)
class Slot:
    """A granted slot: pass it to `release`."""

    client: str
    started: float
    reserve: bool
    demoted: bool = False  # no longer counted: its reserve slot went to a light client
    timer: asyncio.TimerHandle | None = None


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
        self._reserve_slots: list[Slot] = []
        self.demoted = 0

    def capacity(self) -> int:
        """The most queries that can run at once (regular, reserve and demoted)."""
        return self.general + 2 * self.reserve

    def _may_start(self, client: str, now: float) -> bool:
        state = self._clients[client]
        if state.running >= self.per_client:
            return False
        if self.running < self.general:
            return True
        return (
            self.running < self.general + self.reserve
            and state.running == 0
            and state.average < LIGHT_SECONDS
        )

    def _start(self, client: str, now: float) -> Slot:
        state = self._clients[client]
        state.running += 1
        state.started.append(now)
        slot = Slot(client, now, reserve=self.running >= self.general)
        if slot.reserve:
            self._reserve_slots.append(slot)
        self.running += 1
        return slot

    def _prune(self, now: float) -> None:
        """Forget clients idle long enough that their history no longer counts."""
        for name, state in list(self._clients.items()):
            if state.running == 0 and state.queued == 0 and state.usage(now) < 0.01:
                del self._clients[name]

    async def acquire(self, client: str) -> Slot:
        """Wait for a slot; returns the token to pass to `release`."""
        now = time.monotonic()
        if len(self._clients) > 4096:
            self._prune(now)
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
                self.release(waiter.future.result())
            else:
                waiter.future.cancel()
            raise
        finally:
            state.queued -= 1
            if waiter in self._waiting:
                self._waiting.remove(waiter)

    def release(self, slot: Slot) -> None:
        now = time.monotonic()
        client, token = slot.client, slot.started
        if slot.timer is not None:
            slot.timer.cancel()
        if slot in self._reserve_slots:
            self._reserve_slots.remove(slot)
        elif self._reserve_slots and not slot.demoted:
            # A regular slot is free again: the oldest reserve holder now counts as regular.
            self._reserve_slots.pop(0).reserve = False
        state = self._clients[client]
        state.running -= 1
        if slot.demoted:
            self.demoted -= 1
        else:
            self.running -= 1
        state.started.remove(token)
        state.used = state.used * math.exp(-(now - state.stamp) / DECAY_SECONDS) + (now - token)
        state.average += AVERAGE_WEIGHT * ((now - token) - state.average)
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
                self._preempt(now)
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

    def _preempt(self, now: float) -> None:
        """A light client waits and every slot is taken: free the slot of a reserve query held
        too long (now, or once it will have been held PREEMPT_SECONDS)."""
        light = any(
            self._clients[w.client].running == 0 and self._clients[w.client].average < LIGHT_SECONDS
            for w in self._waiting
        )
        if not light or self.running < self.general + self.reserve:
            return
        for slot in list(self._reserve_slots):
            if slot.timer is not None:
                continue
            age = now - slot.started
            if age >= PREEMPT_SECONDS:
                if self.demoted >= self.reserve:
                    return
                self._reserve_slots.remove(slot)
                slot.reserve, slot.demoted = False, True
                self.demoted += 1
                self.running -= 1
                loop = asyncio.get_running_loop()
                loop.call_soon(self._dispatch)
            else:
                slot.timer = asyncio.get_running_loop().call_later(
                    PREEMPT_SECONDS - age, self._recheck, slot
                )

    def _recheck(self, slot: Slot) -> None:
        slot.timer = None
        self._dispatch()

    def snapshot(self) -> dict[str, int]:
        return {"running": self.running, "waiting": len(self._waiting)}
