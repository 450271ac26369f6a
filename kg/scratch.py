"""A temporary SQLite file for the tables a large build cannot hold in memory (`kg.rdf.fixpoint`,
`kg.rdf.grouped`, the entity table of `kg.resolve.table`): SQLite sorts and joins out of core
within a fixed page cache. `Spilled`: a mapping held in memory up to a point, then there."""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

CACHE_KIB = 65_536
V = TypeVar("V")


class Scratch:
    """Opened on first use, with `schema`; deleted on `close`. Nothing in it needs to survive a
    crash, so there is no journal and no sync."""

    def __init__(
        self,
        schema: str,
        *,
        prefix: str,
        directory: str | None = None,
        cache_kib: int = CACHE_KIB,
    ) -> None:
        self.schema = schema
        self.prefix = prefix
        self.directory = directory
        self.cache_kib = cache_kib
        self._dir: tempfile.TemporaryDirectory | None = None
        self.db: sqlite3.Connection | None = None

    def open(self) -> sqlite3.Connection:
        if self.db is None:
            self._dir = tempfile.TemporaryDirectory(prefix=self.prefix, dir=self.directory)
            db = sqlite3.connect(Path(self._dir.name) / "scratch.sqlite", isolation_level=None)
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "temp_store = FILE"):
                db.execute(f"PRAGMA {pragma}")
            db.execute(f"PRAGMA cache_size = -{self.cache_kib}")
            db.executescript(self.schema)
            self.db = db
        return self.db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        # The connection is in autocommit mode (Python's implicit transactions would not cover
        # DDL); without a transaction SQLite commits every row on its own, 12 times slower.
        db = self.open()
        db.execute("BEGIN")
        yield db
        db.execute("COMMIT")

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self._dir.cleanup()
            self.db = None


_MISSING = object()


class Spilled(Generic[V]):
    """A mapping from strings, held in memory until its owner calls `spill`, then in a table
    `name (k TEXT PRIMARY KEY, v) WITHOUT ROWID` of a `Scratch` file: entries read back stay
    in memory until the next `spill`. Values are pickled (`raw`: stored as they are, for
    strings and numbers). A value changed in place must be `touch`ed, and the owner calls
    `spill` only where it holds no value of this mapping (a value evicted while held would
    lose its later changes). Iteration is in key order (SQLite's BINARY collation orders
    UTF-8 strings as Python does)."""

    def __init__(self, scratch: Scratch, name: str, *, raw: bool = False) -> None:
        self._scratch = scratch
        self._name = name
        self._raw = raw
        self._mem: dict[str, V] = {}
        self._dirty: set[str] = set()  # on disk: entries to write at the next spill
        self._gone: set[str] = set()  # on disk: entries to delete at the next spill
        self.on_disk = False

    def _encode(self, v: V) -> object:
        return v if self._raw else pickle.dumps(v, pickle.HIGHEST_PROTOCOL)

    def _decode(self, v: object) -> V:
        return v if self._raw else pickle.loads(v)  # type: ignore[arg-type,return-value]

    @property
    def held(self) -> int:
        """Entries in memory."""
        return len(self._mem)

    def get(self, k: str, default: Any = None) -> Any:
        v = self._mem.get(k, _MISSING)
        if v is not _MISSING:
            return v
        if not self.on_disk or k in self._gone:
            return default
        row = self._scratch.db.execute(  # type: ignore[union-attr]
            f"SELECT v FROM {self._name} WHERE k = ?", (k,)
        ).fetchone()
        if row is None:
            return default
        v = self._mem[k] = self._decode(row[0])
        return v

    def __getitem__(self, k: str) -> V:
        v = self.get(k, _MISSING)
        if v is _MISSING:
            raise KeyError(k)
        return v

    def __contains__(self, k: str) -> bool:
        return self.get(k, _MISSING) is not _MISSING

    def __setitem__(self, k: str, v: V) -> None:
        self._mem[k] = v
        if self.on_disk:
            self._dirty.add(k)
            self._gone.discard(k)

    def touch(self, k: str) -> None:
        """The value of `k` (in memory) was changed in place."""
        if self.on_disk:
            self._dirty.add(k)

    def setdefault(self, k: str, default: V) -> V:
        v = self.get(k, _MISSING)
        if v is _MISSING:
            self[k] = v = default
        return v

    def pop(self, k: str, default: Any = _MISSING) -> Any:
        v = self.get(k, _MISSING)
        if v is _MISSING:
            if default is _MISSING:
                raise KeyError(k)
            return default
        del self._mem[k]
        if self.on_disk:
            self._dirty.discard(k)
            self._gone.add(k)
        return v

    def spill(self) -> None:
        """Write what changed to the table and let go of every entry in memory."""
        dirty = self._dirty if self.on_disk else self._mem
        with self._scratch.transaction() as db:
            db.executemany(
                f"INSERT OR REPLACE INTO {self._name} VALUES (?, ?)",
                ((k, self._encode(self._mem[k])) for k in dirty),
            )
            db.executemany(f"DELETE FROM {self._name} WHERE k = ?", ((k,) for k in self._gone))
        self._mem.clear()
        self._dirty.clear()
        self._gone.clear()
        self.on_disk = True

    def items(self) -> Iterator[tuple[str, V]]:
        """Every entry in key order (on disk: read from the table, not kept in memory)."""
        if not self.on_disk:
            for k in sorted(self._mem):
                yield k, self._mem[k]
            return
        self.spill()
        db = self._scratch.db
        for k, v in db.execute(f"SELECT k, v FROM {self._name} ORDER BY k"):  # type: ignore[union-attr]
            yield k, self._decode(v)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.items())

    def __len__(self) -> int:
        if not self.on_disk:
            return len(self._mem)
        self.spill()
        return self._scratch.db.execute(f"SELECT COUNT(*) FROM {self._name}").fetchone()[0]  # type: ignore[union-attr]
