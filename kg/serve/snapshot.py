"""One snapshot of the store per server generation, with everything the store holds.

Read-only workers never open the live store: a worker that respawns after a `kg build` rewrote
it would otherwise answer from different data than its siblings. The server copies the store
into a private directory when no build holds its lock: the table files (`*.sst`, never changed
once written) as hard links where the filesystem allows, everything else (manifest, options, and
the write-ahead log `*.log`) as copies. RocksDB's own checkpoint, taken through a read-only
handle, left the write-ahead log out: after a build was killed with -9 the server served the data
from before that build while `kg query`, which replays the log, saw it. The copy is then opened
once read-write, which replays the log into tables, so every worker opens a clean snapshot.

A copy is only kept if the store's files were the same before and after it and no build took the
lock meanwhile; otherwise it is discarded and the server keeps serving the generation it has.
`fingerprint` names the content of a copy (table and non-empty log files, by name and size: RocksDB
never rewrites either under the same name), so a store that was merely opened and closed gives
no new generation. While a build holds the lock at startup, the snapshot is RocksDB's checkpoint
(consistent, but without that build's latest writes) and is labelled as such.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError

_SKIP = ("LOCK", "LOG")  # the lock is the live store's own; LOG* are RocksDB's diagnostics


@dataclass(frozen=True)
class Taken:
    """What a snapshot holds: the live store's files when it was copied, the content's identity
    (None when it was taken while a build wrote), and whether it is complete."""

    stamp: tuple
    fingerprint: str | None
    complete: bool


def stamp(store: str) -> tuple:
    """What identifies the live store's files now: its directory, and each file's name, size and
    modification time (RocksDB appends to its log and manifest, and adds or drops tables)."""
    root = Path(store)
    try:
        info = root.stat()
        files = sorted(
            (entry.name, st.st_size, st.st_mtime_ns)
            for entry in os.scandir(root)
            if not entry.name.startswith(_SKIP) and (st := entry.stat(follow_symlinks=False))
        )
    except OSError:
        return ("missing",)
    if not any(name == "CURRENT" for name, _, _ in files):
        return ("missing",)
    return (info.st_ino, tuple(files))


def fingerprint(files: tuple) -> str:
    """The content's identity: tables and non-empty logs by name and size."""
    held = sorted(
        (name, size)
        for name, size, _ in files
        if name.endswith(".sst") or (name.endswith(".log") and size > 0)
    )
    return hashlib.sha1(repr(held).encode()).hexdigest()


def being_written(store: str) -> bool:
    """True while another process holds the store's RocksDB lock (a build writing it)."""
    try:
        fd = os.open(Path(store) / "LOCK", os.O_RDONLY)
    except OSError:
        return False
    try:
        query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return struct.unpack("hhqqi", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(fd)


def snapshot_root(store: str) -> Path:
    """A private directory for this server's snapshots, beside the store if it can be written
    (hard links, no copy), else in the temporary directory. Directories left by servers that
    died without cleaning up (their process is gone) are removed first."""
    parent = Path(store).resolve().parent
    prefix = f".{Path(store).name}.serve-"
    for old in parent.glob(prefix + "*"):
        pid = old.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and Path("/proc/self").exists() and not Path(f"/proc/{pid}").exists():
            remove(old)
    with contextlib.suppress(OSError):
        return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    return Path(tempfile.mkdtemp(prefix="kg-serve-snapshot-"))


def take(store: str, target: Path) -> Taken:
    """Snapshot the live store into `target` (which must not exist)."""
    if being_written(store):
        return _checkpoint(store, target)
    before = stamp(store)
    if before == ("missing",):
        raise StoreError("cannot snapshot the store: it is gone")
    try:
        _copy(Path(store), target, [name for name, _, _ in before[1]])
        if stamp(store) != before or being_written(store):
            raise StoreError("the store changed while its snapshot was taken; retrying later")
        _settle(target)
    except OSError as exc:
        remove(target)
        raise StoreError(f"cannot snapshot the store: {' '.join(str(exc).split())}") from exc
    except BaseException:
        remove(target)
        raise
    return Taken(before, fingerprint(before[1]), complete=True)


def _copy(src: Path, dst: Path, names: list[str]) -> None:
    dst.mkdir()
    for name in names:
        if name.endswith(".sst"):
            try:
                os.link(src / name, dst / name)
                continue
            except OSError:
                pass  # another filesystem: copy it
        shutil.copy2(src / name, dst / name)


def _settle(target: Path) -> None:
    """Open the copy read-write once: RocksDB replays the log into tables there (its own copy,
    its own lock), so workers open it read-only without replaying anything."""
    import pyoxigraph as ox

    try:
        private = ox.Store(str(target))
        private.flush()
    finally:
        with contextlib.suppress(NameError):
            del private


def _checkpoint(store: str, target: Path) -> Taken:
    """RocksDB's checkpoint through a read-only handle: consistent while a build writes, but
    without what that build has not flushed yet."""
    import pyoxigraph as ox

    seen = stamp(store)
    try:
        live = ox.Store.read_only(store)
        live.backup(str(target))
    except OSError as exc:
        remove(target)
        raise StoreError(f"cannot snapshot the store: {' '.join(str(exc).split())}") from exc
    finally:
        with contextlib.suppress(NameError):
            del live
    return Taken(seen, None, complete=False)


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
