"""A temporary SQLite file for the tables a large build cannot hold in memory (`kg.rdf.fixpoint`,
`kg.rdf.grouped`): SQLite sorts and joins out of core within a fixed page cache."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CACHE_KIB = 65_536


class Scratch:
    """Opened on first use, with `schema`; deleted on `close`. Nothing in it needs to survive a
    crash, so there is no journal and no sync."""

    def __init__(self, schema: str, *, prefix: str, directory: str | None = None) -> None:
        self.schema = schema
        self.prefix = prefix
        self.directory = directory
        self._dir: tempfile.TemporaryDirectory | None = None
        self.db: sqlite3.Connection | None = None

    def open(self) -> sqlite3.Connection:
        if self.db is None:
            self._dir = tempfile.TemporaryDirectory(prefix=self.prefix, dir=self.directory)
            db = sqlite3.connect(Path(self._dir.name) / "scratch.sqlite", isolation_level=None)
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "temp_store = FILE"):
                db.execute(f"PRAGMA {pragma}")
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
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
