"""Snapshots (kg.serve.snapshot) hold everything the store holds, the write-ahead log included,
and name their content so that a store merely opened and closed is not a new generation."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.serve import snapshot

WRITER = """
import sys, time, pyoxigraph as ox
store = ox.Store(sys.argv[1])
for i in range(int(sys.argv[2])):
    store.extend([ox.Quad(ox.NamedNode(f"http://a.example/s{i}"), ox.NamedNode("http://a.example/p"),
                          ox.Literal(str(j)), ox.NamedNode(f"http://a.example/g{i}"))
                  for j in range(100)])
if sys.argv[3] == "flush":
    store.flush()
print("written", flush=True)
time.sleep(600)
"""


def _write_and_kill(store: Path, graphs: int, *, flush: bool) -> None:
    """A writer that is killed with -9 once its transactions are committed (in the log)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store), str(graphs), "flush" if flush else "no"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "written"
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _count(path: Path) -> int:
    store = ox.Store.read_only(str(path))
    n = len(store)
    del store
    return n


def test_a_snapshot_holds_the_write_ahead_log(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _write_and_kill(store, 50, flush=True)
    _write_and_kill(store, 80, flush=False)  # committed, never flushed to tables
    assert _count(store) == 8000  # what `kg query` sees: it replays the log
    # RocksDB's checkpoint through a read-only handle (the old snapshot) leaves the log out.
    live = ox.Store.read_only(str(store))
    live.backup(str(tmp_path / "checkpoint"))
    del live
    assert _count(tmp_path / "checkpoint") < 8000
    taken = snapshot.take(str(store), tmp_path / "snap")
    assert taken.complete and taken.fingerprint
    assert _count(tmp_path / "snap") == 8000
    # The live store is untouched: still its own files, still its log.
    assert taken.stamp == snapshot.stamp(str(store))


def test_the_fingerprint_names_the_files_and_the_digest_the_quads(tmp_path: Path) -> None:
    from kg.serve.worker import digest

    store = tmp_path / "store"
    _write_and_kill(store, 5, flush=True)
    first = snapshot.take(str(store), tmp_path / "a")
    assert snapshot.take(str(store), tmp_path / "b").fingerprint == first.fingerprint
    opened = ox.Store(str(store))  # open and close, writing nothing: RocksDB rewrites files
    del opened
    again = snapshot.take(str(store), tmp_path / "c")
    assert again.stamp != first.stamp and again.fingerprint != first.fingerprint
    snaps = [ox.Store.read_only(str(tmp_path / name)) for name in ("a", "c")]
    assert digest(snaps[0]) == digest(snaps[1])  # ... but the same quads
    writer = ox.Store(str(store))
    writer.add(ox.Quad(ox.NamedNode("http://a.example/x"), ox.NamedNode("http://a.example/p"),
                       ox.Literal("new")))  # fmt: skip
    writer.flush()
    del writer
    snapshot.take(str(store), tmp_path / "d")
    assert digest(ox.Store.read_only(str(tmp_path / "d"))) != digest(snaps[0])


def test_while_a_build_holds_the_lock_the_snapshot_says_it_is_partial(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _write_and_kill(store, 5, flush=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store), "1", "no"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "written"
        assert snapshot.being_written(str(store))
        taken = snapshot.take(str(store), tmp_path / "snap")
        assert not taken.complete and taken.fingerprint is None
        assert _count(tmp_path / "snap") >= 500
    finally:
        holder.kill()
        holder.wait()
    assert not snapshot.being_written(str(store))
