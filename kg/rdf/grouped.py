"""Rows grouped by a key of strings, in key order, held on disk past a limit: the facts graph of
a large store groups every statement of it by fact (issue 26: 1.1 million facts at 100,000
articles, gigabytes as Python objects), so the grouping must not live in memory.

Past `in_memory` rows they go to a temporary SQLite table, pickled, and come back sorted by
key; SQLite sorts out of core, and its BINARY collation orders strings as Python does. Rows
of a key come back in no fixed order: callers order them themselves (`kg.rdf.timeline` sorts
a fact's statements).
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from kg.scratch import CACHE_KIB, Scratch

Key = tuple[str, str, str]
IN_MEMORY = 100_000


class Grouped:
    def __init__(
        self,
        *,
        in_memory: int = IN_MEMORY,
        directory: str | None = None,
        cache_kib: int = CACHE_KIB,
    ) -> None:
        """`cache_kib`: the SQLite file's page cache, which also bounds the memory of its sort."""
        self.in_memory = in_memory
        self._rows: dict[Key, list[Any]] = defaultdict(list)
        self._held = 0
        self._disk = Scratch(
            "CREATE TABLE g (k1 TEXT, k2 TEXT, k3 TEXT, v BLOB)",
            prefix="kg-grouped-",
            directory=directory,
            cache_kib=cache_kib,
        )

    def add(self, key: Key, row: Any) -> None:
        self._rows[key].append(row)
        self._held += 1
        if self._held > self.in_memory:
            self._flush()

    def _flush(self) -> None:
        dump = pickle.dumps
        with self._disk.transaction() as db:
            db.executemany(
                "INSERT INTO g VALUES (?, ?, ?, ?)",
                (
                    (*k, dump(r, pickle.HIGHEST_PROTOCOL))
                    for k, rows in self._rows.items()
                    for r in rows
                ),
            )
        self._rows.clear()
        self._held = 0

    def __iter__(self) -> Iterator[tuple[Key, list[Any]]]:
        """Each key, in order, with its rows (once)."""
        if self._disk.db is None:
            for key in sorted(self._rows):
                yield key, self._rows[key]
            return
        self._flush()
        rows = self._disk.db.execute("SELECT k1, k2, k3, v FROM g ORDER BY k1, k2, k3")
        for key, group in groupby(rows, key=lambda r: r[:3]):
            yield key, [pickle.loads(r[3]) for r in group]

    def close(self) -> None:
        self._rows.clear()
        self._disk.close()

    def __enter__(self) -> Grouped:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
