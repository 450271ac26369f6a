"""One snapshot of the store per server generation.

Read-only workers never open the live store: a worker that respawns after a `kg build` rewrote
it would otherwise answer from different data than its siblings. The server takes a RocksDB
checkpoint of the store (`Store.backup`: hard links beside the store when the filesystem allows,
else a copy in the temporary directory) and every worker of that generation opens the checkpoint.
`stamp` tells when the live store has changed; the server then takes a new snapshot, starts a new
pool on it, switches all requests to it at once and says so on `/`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import struct
import tempfile
from pathlib import Path

from kg.errors import StoreError


def stamp(store: str) -> tuple:
    """What identifies the store's current contents: the directory, its CURRENT manifest and
    that manifest's size and time (RocksDB writes a new or longer manifest on every flush)."""
    root = Path(store)
    try:
        info = root.stat()
        current = (root / "CURRENT").read_text(encoding="ascii").strip()
        manifest = (root / current).stat()
    except OSError:
        return ("missing",)
    return (info.st_ino, current, manifest.st_size, manifest.st_mtime_ns)


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
    (hard links, no copy), else in the temporary directory."""
    parent = Path(store).resolve().parent
    with contextlib.suppress(OSError):
        return Path(tempfile.mkdtemp(prefix=f".{Path(store).name}.serve-", dir=parent))
    return Path(tempfile.mkdtemp(prefix="kg-serve-snapshot-"))


def take(store: str, target: Path) -> None:
    """Checkpoint the live store into `target` (which must not exist)."""
    import pyoxigraph as ox

    try:
        live = ox.Store.read_only(store)
        live.backup(str(target))
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise StoreError(f"cannot snapshot the store: {' '.join(str(exc).split())}") from exc
    finally:
        with contextlib.suppress(NameError):
            del live


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
