"""Admission control: who may use a query worker next, and for how long a request may wait.

Who a client is: its IP address, or, behind a reverse proxy the operator trusts (`--trusted-proxy`,
off by default), the address that proxy reports in X-Forwarded-For (`client_identity`); otherwise
all clients behind one proxy would be one.

Each client may have at most `per_client` requests on workers at once; the rest wait in one queue
with a deadline (then 503 with Retry-After) and a per-client length (beyond it 429 at once). When a
worker frees, the waiting request of the client with the fewest requests running, then the least
worker time used recently, goes first, so a client that sends many queries cannot make the others
queue behind all of them.

Heavy queries cannot be paused, so fairness alone would still let two clients looping slow
queries hold every worker while a third client's small query waits seconds. Hence the reserve:
`reserve` slots beyond `general` that only a *light* client may take: one with nothing running for
PREEMPT_SECONDS or more (a browser's few small queries at once are fine) that has run at most one
heavy query (one that held a worker LIGHT_SECONDS or more) lately. So one heavy or timed-out
query carries no penalty into the client's small ones, while a client that keeps sending heavy
ones loses the reserve. A client with no history is light only while
newcomers on the whole have lately run few heavy queries: addresses taking turns to send one
heavy query each soon find the reserve closed to newcomers. Every count decays with time (`decay`
seconds: a client idle that long is forgiven most of its past). A query that has held
a reserve slot for more than PREEMPT_SECONDS while a light client waits stops counting against
the reserve (it runs on; at most `general` such at a time): so light clients' heavy queries
cannot keep the reserve from the small queries it exists for, and nothing is killed for it. The
pool has a worker for each slot and a spare; the kernel shares the cores between them, so a small
query on the reserve finishes in milliseconds even while the heavy ones run.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.errors import Busy, TooManyQueued

DECAY_SECONDS = 30.0  # the time constant of "lately"
LIGHT_SECONDS = 0.5  # a query that holds a worker this long is heavy
CLIENT_HEAVY = 1.5  # recent heavy queries a light client may have run (one, decayed)
NEWCOMER_HEAVY = 3.0  # ... and clients with no history, all together
PREEMPT_SECONDS = 0.5  # a reserve slot held this long is freed for a waiting light client

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(proxies: Sequence[str]) -> list[Network]:
    """The addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed."""
    return [ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip()]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_identity(peer: str, forwarded: str | None, trusted: Sequence[Network]) -> str:
    """Who a request comes from: the peer, unless the peer is a trusted proxy; then the last
    address in X-Forwarded-For that is not itself a trusted proxy (earlier ones are the
    client's own word, which it could forge)."""
    address = _address(peer)
    if not trusted or not forwarded or address is None:
        return peer
    if not any(address in net for net in trusted):
        return peer
    for hop in reversed(forwarded.split(",")):
        hop_address = _address(hop)
        if hop_address is None:
            return peer  # the proxy wrote something that is no address: trust nothing of it
        if not any(hop_address in net for net in trusted):
            return str(hop_address)
    return peer


@dataclass
class _History:
    """Decayed counts: worker seconds used and heavy queries run."""

    used: float = 0.0
    heavy: float = 0.0
    stamp: float = field(default_factory=time.monotonic)

    def decayed(self, now: float, decay: float) -> tuple[float, float]:
        k = math.exp(-(now - self.stamp) / decay)
        return self.used * k, self.heavy * k

    def add(self, now: float, decay: float, seconds: float) -> None:
        used, heavy = self.decayed(now, decay)
        self.used = used + seconds
        self.heavy = heavy + (1.0 if seconds >= LIGHT_SECONDS else 0.0)
        self.stamp = now


@dataclass
class _Client(_History):
    running: int = 0
    queued: int = 0
    started: list[float] = field(default_factory=list)

    def usage(self, now: float, decay: float) -> float:
        """Worker seconds used lately, counting what is running now."""
        return self.decayed(now, decay)[0] + sum(now - s for s in self.started)


@dataclass(eq=False)
class Slot:
    """A granted slot: pass it to `release`."""

    client: str
    started: float
    reserve: bool
    demoted: bool = False  # no longer counted: its reserve slot went to a light client
    newcomer: bool = False  # its client had no history when it started
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
        decay: float = DECAY_SECONDS,
    ) -> None:
        self.general = general
        self.reserve = reserve
        self.per_client = per_client or general
        self.max_queued = max_queued
        self.queue_timeout = queue_timeout
        self.decay = decay
        self.running = 0
        self._clients: dict[str, _Client] = defaultdict(_Client)
        self._newcomers = _History()
        self._waiting: list[_Waiter] = []
        self._seq = itertools.count()
        self._reserve_slots: list[Slot] = []
        self.demoted = 0

    def capacity(self) -> int:
        """The most queries that can run at once (regular, reserve and demoted)."""
        return self.general + self.reserve + self.max_demoted

    @property
    def max_demoted(self) -> int:
        return self.general if self.reserve else 0

    def light(self, client: str, now: float | None = None) -> bool:
        """Nothing running for PREEMPT_SECONDS or more, and at most one heavy query lately
        (newcomers: a few, together). A browser's few small queries at once stay light."""
        now = time.monotonic() if now is None else now
        state = self._clients.get(client)
        if state is None or self._new(state, now):
            return self._newcomers.decayed(now, self.decay)[1] < NEWCOMER_HEAVY
        if any(now - started >= PREEMPT_SECONDS for started in state.started):
            return False
        return state.decayed(now, self.decay)[1] < CLIENT_HEAVY

    def _new(self, state: _Client, now: float) -> bool:
        return not (state.running or state.started) and self._forgotten(state, now)

    def _may_start(self, client: str, now: float) -> bool:
        if self._clients[client].running >= self.per_client:
            return False
        if self.running < self.general:
            return True
        return self.running < self.general + self.reserve and self.light(client, now)

    def _start(self, client: str, now: float) -> Slot:
        state = self._clients[client]
        newcomer = self._new(state, now)
        state.running += 1
        state.started.append(now)
        slot = Slot(client, now, reserve=self.running >= self.general, newcomer=newcomer)
        if slot.reserve:
            self._reserve_slots.append(slot)
        self.running += 1
        return slot

    def _forgotten(self, state: _History, now: float) -> bool:
        used, heavy = state.decayed(now, self.decay)
        return used < 0.01 and heavy < 0.01

    def _prune(self, now: float) -> None:
        """Forget clients idle long enough that their history no longer counts."""
        for name, state in list(self._clients.items()):
            if not (state.running or state.queued) and self._forgotten(state, now):
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
        state.add(now, self.decay, now - token)
        if slot.newcomer:
            self._newcomers.add(now, self.decay, now - token)
        if not (state.running or state.queued) and self._forgotten(state, now):
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
                    self._clients[w.client].usage(now, self.decay),
                    w.seq,
                ),
            )
            self._waiting.remove(best)
            best.future.set_result(self._start(best.client, now))

    def _preempt(self, now: float) -> None:
        """A light client waits and every slot is taken: free the slot of a reserve query held
        too long (now, or once it will have been held PREEMPT_SECONDS)."""
        light = any(self.light(w.client, now) for w in self._waiting)
        if not light or self.running < self.general + self.reserve:
            return
        for slot in list(self._reserve_slots):
            if slot.timer is not None:
                continue
            age = now - slot.started
            if age >= PREEMPT_SECONDS:
                if self.demoted >= self.max_demoted:
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
