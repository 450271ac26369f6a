"""A local store's writes in a process of its own, for the length of a large first build
(issue 26: "client memory flat").

RocksDB keeps memory for every file a bulk load adds (its index and filter blocks, its own
merges of the loaded files), in whichever process holds the store: measured, about 5 MB per
million quads, ~1.8 KB per generated article, which made a build's memory grow with its
store. A first build into an empty store reads nothing back while it writes (its facts graph
and its inference come from what it wrote), so its writes can go to a child process that owns
the store: the build lets go of its handle, sends the child N-Quads over a pipe, and takes the
handle back when the child has written everything and exited (docs/scaling.md, "Memory of a
first build (stop 35)").

The child applies the messages in order, as the build's own handle would; a write that fails
makes every later one a no-op and is reported at the next `flush`. A build killed meanwhile
closes the pipe: the child applies what the pipe still holds and ends (a message cut short
fails), and what it loaded stays marked `ix:loading` for the next build to drop
(`kg.store.index.sync`), as with loads in a thread.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kg.errors import StoreError
from kg.paths import child_env
from kg.store.bulk import drop_marks

if TYPE_CHECKING:
    from kg.store.oxi import Store

# Message: one op byte, the payload's length, the payload.
_HEAD = struct.Struct("<cQ")
LOAD, ADD, REMOVE, UNMARK, FLUSH = b"L", b"A", b"R", b"U", b"F"


class StoreProcess:
    """The writes a build makes to the local store at `path`, applied by a child process
    (`python -m kg.store.writer PATH`). It has the writing half of `kg.store.Store`'s interface
    that a first build uses (`load_nquads`, `change`, `flush`) and no reads: the caller's own
    `Store` must have let go of its handle first (`handed_over`)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # A file, not a pipe, for what the child says on stderr: a pipe nobody reads until the
        # end would fill and stop the child.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `close`
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "kg.store.writer", str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            env=child_env(),
        )
        # The loader thread and the build's own thread both write: a message goes whole.
        self._lock = threading.Lock()

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads with Oxigraph's bulk loader, in the child (the pipe's write lets go of
        the GIL, so a `kg.store.bulk.Background` thread still overlaps it with the build)."""
        self._send(LOAD, data)

    def change(self, *, remove: Iterable[ox.Quad] = (), add: Iterable[ox.Quad] = ()) -> None:
        """Remove, then add, quads: each one transaction in the child."""
        for op, quads in ((REMOVE, remove), (ADD, add)):
            data = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS)
            if data:
                self._send(op, data)

    def unmark(self, base: str) -> None:
        """Take out every `ix:loading` mark (`kg.store.bulk.drop_marks`), in the child."""
        self._send(UNMARK, base.encode())

    def flush(self) -> None:
        """Wait until the child has applied every message so far; raise its first error."""
        with self._lock:
            self._write(FLUSH, b"")
            self._answer()

    def close(self, *, failed: bool = False) -> None:
        """Flush (unless `failed`: the build is failing already), end the child and wait for
        it: the store is then free for another handle."""
        try:
            if not failed:
                self.flush()
        finally:
            if self._proc.stdin is not None and not self._proc.stdin.closed:
                with suppress(OSError):  # the child is gone already
                    self._proc.stdin.close()
            self._proc.wait()
            self._errors.close()

    def _send(self, op: bytes, payload: bytes) -> None:
        with self._lock:
            self._write(op, payload)

    def _write(self, op: bytes, payload: bytes) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            stdin.write(_HEAD.pack(op, len(payload)))
            stdin.write(payload)
            if op == FLUSH:
                stdin.flush()
        except OSError:  # the child died: what it said is the reason
            raise StoreError(f"cannot write: {self._last_words()}", path=str(self.path)) from None

    def _answer(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        line = stdout.readline().decode(errors="replace").strip()
        if line == "ok":
            return
        reason = line.removeprefix("error ") if line else self._last_words()
        raise StoreError(f"cannot write: {reason}", path=str(self.path))

    def _last_words(self) -> str:
        self._proc.wait()
        self._errors.seek(0)
        said = self._errors.read().decode(errors="replace").strip().splitlines()
        return said[-1] if said else f"the store's writer ended (exit {self._proc.returncode})"


@contextmanager
def handed_over(st: Store) -> Iterator[StoreProcess]:
    """The writes to the local store `st` go to a process of their own meanwhile: `st` lets go
    of its handle and takes it back when that process has written everything and ended."""
    if st.path is None:
        raise StoreError("a store in memory has no other process to write it")
    with st.released():
        proc = StoreProcess(st.path)
        try:
            yield proc
        except BaseException:
            proc.close(failed=True)
            raise
        proc.close()


def serve(path: str, inp: BinaryIO, out: BinaryIO) -> None:
    """The child: apply every message of `inp` to the store at `path` until the pipe closes,
    answering each flush on `out` with "ok" or "error <first error>"."""
    from kg.store.oxi import Store

    st = Store(path)
    error: str | None = None
    while head := inp.read(_HEAD.size):
        op, size = _HEAD.unpack(head)
        payload = inp.read(size)
        if error is not None and op != FLUSH:
            continue
        try:
            _apply(st, op, payload)
        except Exception as exc:  # the build raises it at its next flush
            error = (str(exc).splitlines() or [type(exc).__name__])[0]
        if op == FLUSH:
            out.write(b"ok\n" if error is None else f"error {error}\n".encode())
            out.flush()
    st.flush()


def _apply(st: Store, op: bytes, payload: bytes) -> None:
    if op == LOAD:
        st.load_nquads(payload)
    elif op in (ADD, REMOVE):
        quads = list(ox.parse(payload, format=ox.RdfFormat.N_QUADS))
        st.change(add=quads) if op == ADD else st.change(remove=quads)
    elif op == UNMARK:
        drop_marks(st, payload.decode())
    elif op == FLUSH:
        st.flush()
    else:
        raise StoreError(f"unknown message {op!r} to the store's writer")


if __name__ == "__main__":
    serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
