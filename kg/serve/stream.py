"""An answer a query worker wrote to a file, streamed to the client a chunk at a time.

The server never holds a whole answer: a 49 MB result read by a client that takes minutes costs
64 KB of memory here and a file in the spool directory, which is deleted when the response ends
however it ends. The connection's write timeout (`kg.serve.protocol`) closes a client that reads
nothing; the timeout here is a backstop for servers other than `kg.serve.run`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from typing import Any

from kg.serve.protocol import say

CHUNK = 64 * 1024


class SpoolResponse:
    """An ASGI response for the file at `path` (`size` bytes), removed once sent or abandoned."""

    def __init__(
        self,
        path: str,
        size: int,
        *,
        headers: dict[str, str],
        write_timeout: float,
        status_code: int = 200,
    ) -> None:
        self.path = path
        self.size = size
        self.headers = headers
        self.write_timeout = write_timeout
        self.status_code = status_code

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        gone = asyncio.Event()

        async def listen() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        watcher = asyncio.get_running_loop().create_task(listen())
        try:
            with open(self.path, "rb") as f:
                await self._send(scope, f, send, gone)
        finally:
            watcher.cancel()
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    async def _send(self, scope: Any, f: Any, send: Any, gone: asyncio.Event) -> None:
        headers = [(k.lower().encode(), v.encode()) for k, v in self.headers.items()]
        headers.append((b"content-length", str(self.size).encode()))
        await send({"type": "http.response.start", "status": self.status_code, "headers": headers})
        if scope.get("method") == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        while not gone.is_set():
            chunk = await asyncio.to_thread(f.read, CHUNK)
            if not chunk:
                break
            try:
                await asyncio.wait_for(
                    send({"type": "http.response.body", "body": chunk, "more_body": True}),
                    self.write_timeout + 5,
                )
            except TimeoutError:
                client = (scope.get("client") or ("?",))[0]
                say(client, "stalled", f"gave up on {client}: it stopped reading its answer")
                return
        await send({"type": "http.response.body", "body": b""})
