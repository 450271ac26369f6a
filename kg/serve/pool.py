"""A small pool of query worker processes, driven from the server's event loop.

Each request takes an idle worker, sends it one frame and awaits the reply with the time left
before its deadline. A worker that overruns is killed and replaced in the background, so a
runaway query costs one worker for at most the time limit while the others keep serving.
A replacement opens the same `path` as its siblings: for a read-only pool that is the server
generation's snapshot (`kg.serve.snapshot`), never the live store a build may be rewriting.
Who gets a worker when is decided before this, by `kg.serve.admission`.

A worker's stderr is kept, not printed: when it dies the pool says why in one line (the last
thing it wrote, such as Oxigraph's "memory allocation of N bytes failed"), and a worker that died
of its memory limit (SIGABRT) is answered 503 "ran out of memory" rather than "died".
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import os
import pickle
import signal
import struct
import sys
from pathlib import Path
from typing import Any

from kg.errors import OutOfMemory, QueryTimeout, StoreError

_HEADER = struct.Struct(">I")


def _worker_env() -> dict[str, str]:
    # The worker must import this same `kg`, installed or not, whatever the working directory.
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env["RUST_BACKTRACE"] = "0"  # one line for a failed allocation, not a hundred
    return env


class Worker:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.last_words: collections.deque[str] = collections.deque(maxlen=3)
        self._drain = asyncio.get_running_loop().create_task(self._read_stderr())

    async def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        # Read in chunks, not lines: a worker must never block on a full pipe, whatever it
        # writes (a "line" of more than 64 KB is cut).
        pending = b""
        with contextlib.suppress(Exception):
            while chunk := await self.proc.stderr.read(65536):
                *lines, pending = (pending + chunk).split(b"\n")
                if len(pending) > 65536:
                    lines, pending = [*lines, pending], b""
                for line in lines:
                    self._heard(line)
        self._heard(pending)

    def _heard(self, line: bytes) -> None:
        text = " ".join(line.decode("utf-8", "replace").split())
        if text and not text.startswith("note: run with"):
            self.last_words.append(text[:300])

    async def why_dead(self) -> str:
        """After its pipe broke: how the process ended, and the last line it wrote."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.proc.wait(), 5)
        await asyncio.wait({self._drain}, timeout=1)
        code = self.proc.returncode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
        said = self.last_words[-1] if self.last_words else "no message"
        return f"{how}: {said}"

    async def send(self, obj: Any) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        assert self.proc.stdin is not None
        self.proc.stdin.write(_HEADER.pack(len(data)) + data)
        await self.proc.stdin.drain()

    async def recv(self) -> Any:
        assert self.proc.stdout is not None
        head = await self.proc.stdout.readexactly(_HEADER.size)
        (size,) = _HEADER.unpack(head)
        return pickle.loads(await self.proc.stdout.readexactly(size))

    async def call(self, obj: Any) -> Any:
        await self.send(obj)
        return await self.recv()

    async def kill(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
        with contextlib.suppress(Exception):
            await self.proc.wait()


class WorkerPool:
    """`size` worker processes over the store at `path` (read-only unless `read_write`), or,
    with `mode="guard"`, processes that read requests for `kg.serve.request` and open no store.
    Each may use `memory` MB of data (0: no limit)."""

    def __init__(
        self,
        path: str,
        *,
        size: int = 2,
        read_write: bool = False,
        mode: str | None = None,
        memory: int = 0,
    ) -> None:
        self.path = path
        self.mode = mode or ("rw" if read_write else "ro")
        self.memory = memory
        self.size = 1 if self.mode == "rw" else max(1, size)
        self.isolation = ""  # the isolation layers that hold ('' when none does)
        self.isolation_failed = ""  # why the others do not
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False

    async def _spawn(self) -> Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kg.serve.worker",
            self.path,
            self.mode,
            str(self.memory),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=_worker_env(),
        )
        worker = Worker(proc)
        try:
            hello = await asyncio.wait_for(worker.recv(), 60)
        except (asyncio.IncompleteReadError, TimeoutError) as exc:
            why = await worker.why_dead()
            await worker.kill()
            raise StoreError(f"query worker did not start ({why})") from exc
        if not hello.get("ready"):
            await worker.kill()
            raise StoreError(hello.get("message") or "query worker failed")
        self.isolation = hello.get("isolation", "")
        self.isolation_failed = hello.get("message", "")
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        workers = await asyncio.gather(
            *(self._spawn() for _ in range(self.size)), return_exceptions=True
        )
        errors = [w for w in workers if isinstance(w, BaseException)]
        for w in workers:
            if isinstance(w, Worker):
                self._idle.put_nowait(w)
        if errors:
            await self.close()
            raise errors[0]

    def _replace(self, worker: Worker) -> None:
        """Kill `worker` and start another in the background; the caller does not wait."""
        self._all.discard(worker)

        async def replace() -> None:
            await worker.kill()
            delay = 0.5
            while not self._closed:
                try:
                    fresh = await self._spawn()
                except StoreError as exc:
                    print(f"kg serve: {exc}; retrying", file=sys.stderr)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 10)
                    continue
                if self._closed:
                    await fresh.kill()
                else:
                    self._idle.put_nowait(fresh)
                return

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def call(self, request: dict[str, Any], *, timeout: float) -> dict[str, Any]:
        """One request, answered within `timeout` seconds or stopped (QueryTimeout)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"server busy: no query worker became free within {timeout:g} s"
            ) from None
        if self._closed:
            self._idle.put_nowait(worker)
            raise StoreError("the server is switching to a new store; retry")
        try:
            reply = await asyncio.wait_for(worker.call(request), max(deadline - loop.time(), 0))
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                f"query stopped: it ran past the time limit of {timeout:g} s"
            ) from None
        except (asyncio.IncompleteReadError, BrokenPipeError, ConnectionResetError) as exc:
            self._replace(worker)
            raise await self._death(worker) from exc
        except BaseException:
            # Cancelled mid-request: the worker's state is unknown, so it cannot be reused.
            self._replace(worker)
            raise
        if reply.get("retire"):
            self._replace(worker)
        else:
            self._idle.put_nowait(worker)
        return reply

    async def _death(self, worker: Worker) -> Exception:
        why = await worker.why_dead()
        print(f"kg serve: a query worker died ({why}); starting another", file=sys.stderr)
        out_of_memory = worker.proc.returncode == -signal.SIGABRT or "memory allocation" in why
        if out_of_memory and self.memory:
            return OutOfMemory(
                f"query stopped: it needed more than the memory limit of {self.memory} MB "
                "(--worker-memory)"
            )
        return StoreError("the query worker died while evaluating this query")

    def running(self) -> int:
        return len(self._all) - self._idle.qsize()

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            await worker.kill()
        self._all.clear()
