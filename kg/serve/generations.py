"""Server generations: the workers of one snapshot of the store, and the switch to the next.

Every `watch_interval` the server looks at the live store's files (`kg.serve.snapshot.stamp`).
Once they have changed, stayed unchanged for one more look and no build holds the lock, it takes
a new snapshot. If the snapshot holds the quads that are served already (the store was only
opened and closed, or a build wrote nothing new: RocksDB still rewrites files), nothing changes:
the generation number, and the digest of its quads that names it, move only with what is served.
Otherwise every request switches to the new pool at once, the old pool finishes what it runs
and stops, and `/` says when. Until a new snapshot is served, `/` and the `KG-Snapshot` header
say that the one served is older than the store (a build is writing it, or stopped part-way).
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from kg.errors import KGError
from kg.serve import snapshot
from kg.serve.pool import WorkerPool


class Generation:
    """The workers of one snapshot of the store, and what the pages show about it."""

    def __init__(self, number: int, path: str, taken: snapshot.Taken, pool: WorkerPool) -> None:
        self.number = number
        self.path = path
        self.taken = taken
        self.pool = pool
        self.at = datetime.now(UTC)
        self.stale_since: datetime | None = None  # the live store changed after it was taken
        self.stats: dict[str, int] | str | None = None
        self.graphs: frozenset[str] | None = None
        self.graph_ready = False
        self.graph_error: KGError | None = None
        self.digest: str | None = None  # of its quads, once a worker has computed it

    def label(self) -> str:
        """When it was taken, and whether it is all the store holds (shown on `/`)."""
        text = self.at.strftime("%Y-%m-%d %H:%M:%S UTC")
        if not self.taken.complete:
            text += ", while a build was writing the store (its latest writes are not in it)"
        if self.stale_since is not None:
            text += (
                f"; the store has changed since {self.stale_since:%H:%M:%S} UTC (a build is "
                "writing it, or stopped part-way): this older snapshot is served until a "
                "complete new one can be taken"
            )
        return text

    def header(self) -> str:
        state = "stale" if self.stale_since else ("complete" if self.taken.complete else "partial")
        return f"{self.number}; {state}"

    async def content(self, timeout: float) -> str | None:
        """The digest of its quads (computed once, by one of its workers)."""
        if self.digest is None:
            try:
                reply = await self.pool.call({"op": "digest"}, timeout=timeout)
            except KGError:
                return None
            self.digest = reply.get("digest")
        return self.digest


async def start(app: Starlette, number: int, taken: snapshot.Taken, path: str) -> Generation:
    """A pool on the snapshot at `path`, and the landing page's numbers counted in the
    background."""
    state = app.state
    # Spare workers beyond what admission lets run, one per regular slot: a worker killed at
    # the time limit is replaced at once by a started one while its own replacement starts
    # (seconds on a loaded machine), so heavy queries ending in kills never leave a small
    # query waiting for a process.
    spares = max(1, state.admission.general)
    pool = WorkerPool(
        path,
        size=state.admission.capacity() + spares,
        read_write=state.read_write,
        memory=state.cfg.worker_memory,
    )
    try:
        await pool.start()
    except BaseException:
        if not state.read_write:
            snapshot.remove(Path(path))
        raise
    gen = Generation(number, path, taken, pool)
    background(app, count(app, gen))
    return gen


async def first(app: Starlette) -> Generation:
    state, cfg = app.state, app.state.cfg
    if state.read_write:
        seen = await asyncio.to_thread(snapshot.stamp, cfg.store_path)
        return await start(app, 1, snapshot.Taken(seen, None, True), cfg.store_path)
    target = state.snapshots / "gen-1"
    taken = await asyncio.to_thread(snapshot.take, cfg.store_path, target)
    return await start(app, 1, taken, str(target))


async def count(app: Starlette, gen: Generation) -> None:
    """The landing page's numbers, counted once per generation in a worker."""
    try:
        reply = await gen.pool.call({"op": "stats"}, timeout=max(app.state.cfg.query_timeout, 60.0))
        gen.stats = reply.get("stats") or reply.get("message", "statistics unavailable")
    except KGError as exc:
        gen.stats = str(exc)


def background(app: Starlette, coro: Any) -> None:
    task = asyncio.get_running_loop().create_task(coro)
    app.state.tasks.add(task)
    task.add_done_callback(app.state.tasks.discard)


def report_isolation(pool: WorkerPool) -> None:
    if pool.isolation:
        line = f"query workers have no network ({pool.isolation})"
        if pool.isolation_failed:
            line += f"; {pool.isolation_failed}"
    else:
        line = (
            f"WARNING: query workers are NOT isolated from the network "
            f"({pool.isolation_failed}); SERVICE and LOAD are refused by the query parser "
            "alone"
        )
    print(f"kg serve: {line}", file=sys.stderr, flush=True)


async def watch(app: Starlette) -> None:
    """Switch every worker to a new snapshot at once when the live store's content has changed
    (and no build is writing it any more); the old pool finishes what it runs, then stops."""
    state, cfg = app.state, app.state.cfg
    last = state.generation.taken.stamp
    said = ""
    while True:
        await asyncio.sleep(cfg.watch_interval)
        gen: Generation = state.generation
        now = await asyncio.to_thread(snapshot.stamp, cfg.store_path)
        if now == ("missing",):
            continue
        if now == gen.taken.stamp:
            gen.stale_since, last = None, now
            continue
        if gen.stale_since is None:
            gen.stale_since = datetime.now(UTC)
        settled = now == last and not await asyncio.to_thread(
            snapshot.being_written, cfg.store_path
        )
        last = now
        if not settled:
            continue
        try:
            await _next(app, gen)
            said = ""
        except KGError as exc:
            if str(exc) != said:  # one line per reason, not one per look
                print(f"kg serve: the store changed but cannot be served yet: {exc}",
                      file=sys.stderr, flush=True)  # fmt: skip
                said = str(exc)


async def _next(app: Starlette, old: Generation) -> None:
    state, cfg = app.state, app.state.cfg
    target = state.snapshots / f"gen-{old.number + 1}"
    snapshot.remove(target)  # a snapshot of the same content discarded before
    taken = await asyncio.to_thread(snapshot.take, cfg.store_path, target)
    if taken.fingerprint is not None and taken.fingerprint == old.taken.fingerprint:
        # Same content (the store was opened and closed): what is served has not changed.
        snapshot.remove(target)
        old.taken = taken
        old.stale_since = None
        return
    new = await start(app, old.number + 1, taken, str(target))
    limit = max(cfg.query_timeout, 300.0)  # reading every quad once: minutes on a large store
    same = await new.content(limit)
    if same is not None and same == await old.content(limit):
        # The files differ but the quads do not: keep serving what is served.
        await new.pool.close()
        snapshot.remove(target)
        old.taken = taken
        old.stale_since = None
        return
    state.generation = new
    switched = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    state.switches.append(switched)
    print(
        f"kg serve: the store was rebuilt; now serving generation {new.number} "
        f"(snapshot taken {switched})",
        file=sys.stderr,
        flush=True,
    )
    background(app, retire(app, old))


async def retire(app: Starlette, gen: Generation) -> None:
    """Stop a generation's pool once its running queries are done (or after the time limit)."""
    deadline = time.monotonic() + app.state.cfg.query_timeout + 5
    while gen.pool.running() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await gen.pool.close()
    snapshot.remove(Path(gen.path))
