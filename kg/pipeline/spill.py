"""Per-article results kept on disk between the two steps of resolution (issue 26): every
article's evidence must be in the entity table before the first article is written, and the
build's memory must not grow with the corpus, so each prepared article is pickled to an
anonymous temporary file as it comes and read back, in the same order, once."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Spill(Generic[T]):
    def __init__(self, directory: str | None = None) -> None:
        # Deleted by the system when closed, or when the process dies.
        self._file = tempfile.TemporaryFile(prefix="kg-spill-", dir=directory)  # noqa: SIM115
        self._pickler = pickle.Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count = 0

    def add(self, item: T) -> None:
        self._pickler.dump(item)
        # The pickler remembers every object it wrote (to write repeats as references): that
        # memo would keep each article alive until the end.
        self._pickler.clear_memo()
        self.count += 1

    def __iter__(self) -> Iterator[T]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spill[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
