"""Per-article results kept on disk between the two steps of resolution (issue 26): every
article's evidence must be in the entity table before the first article is written, and the
build's memory must not grow with the corpus, so each prepared article is pickled to an
anonymous temporary file as it comes and read back, in the same order, once."""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar, overload

if TYPE_CHECKING:
    from kg.model import Article

T = TypeVar("T")


class Spill(Generic[T]):
    """Items kept in order and read back once: the first `in_memory` as they are, the rest
    pickled to the file."""

    def __init__(self, directory: str | None = None, *, in_memory: int = 0) -> None:
        # Deleted by the system when closed, or when the process dies.
        self._file = tempfile.TemporaryFile(prefix="kg-spill-", dir=directory)  # noqa: SIM115
        self._pickler = pickle.Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._kept: deque[T] = deque()
        self._in_memory = in_memory
        self.count = 0

    def add(self, item: T) -> None:
        self.count += 1
        if self.count <= self._in_memory:
            self._kept.append(item)
            return
        self._pickler.dump(item)
        # The pickler remembers every object it wrote (to write repeats as references): that
        # memo would keep each article alive until the end.
        self._pickler.clear_memo()

    def __iter__(self) -> Iterator[T]:
        self._file.flush()
        self._file.seek(0)
        while self._kept:  # each let go of as it is read
            yield self._kept.popleft()
        for _ in range(self.count - min(self.count, self._in_memory)):
            yield pickle.load(self._file)

    def close(self) -> None:
        self._kept.clear()
        self._file.close()

    def __enter__(self) -> Spill[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _ByPosition(Sequence["Article"]):
    """Articles read one at a time by position (`_at`); a slice is a list."""

    def _at(self, i: int) -> Article:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> Article: ...

    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...

    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [self._at(j) for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._at(i % len(self))


class ArticleList(_ByPosition):
    """A build's input articles, pickled to an anonymous temporary file as they are read and
    read back by position; their ids and origins go to a file of their own, read in one pass
    (`id_origins`). Only the articles' offsets stay in memory (8 bytes each): the ids and origins,
    ~0.2 KB per article, made a large build's memory grow with its input (docs/scaling.md,
    "Stop 38")."""

    def __init__(self, directory: str | None = None) -> None:
        self._file = tempfile.TemporaryFile(prefix="kg-articles-", dir=directory)  # noqa: SIM115
        self._keys = tempfile.TemporaryFile(prefix="kg-article-keys-", dir=directory)  # noqa: SIM115
        self._offsets = array("q")

    def append(self, article: Article) -> None:
        self._file.seek(0, 2)
        self._offsets.append(self._file.tell())
        pickle.dump(article, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._keys.seek(0, 2)
        pickle.dump((article.id, article.origin), self._keys, protocol=pickle.HIGHEST_PROTOCOL)

    def id_origins(self) -> Iterator[tuple[str, str]]:
        """(id, origin) of each article, in order (one pass at a time, none while appending)."""
        self._keys.flush()
        self._keys.seek(0)
        for _ in range(len(self)):
            yield pickle.load(self._keys)

    def __len__(self) -> int:
        return len(self._offsets)

    def _at(self, i: int) -> Article:
        self._file.seek(self._offsets[i])
        return pickle.load(self._file)

    def select(self, keep: Iterable[int]) -> Selection:
        """The articles at the positions `keep`, in that order."""
        return Selection(self, keep)


class Selection(_ByPosition):
    def __init__(self, articles: ArticleList, keep: Iterable[int]) -> None:
        self._articles = articles
        self._keep = array("q", keep)  # not a list: 8 bytes a position, not ~36

    def __len__(self) -> int:
        return len(self._keep)

    def _at(self, i: int) -> Article:
        return self._articles[self._keep[i]]
