"""One build at a time per local store, and a store removed only by the build that created it.

Why: RocksDB's own LOCK file turns away a second writer only once the store exists, with an IO
error. Two builds started at once on a new store both saw "no store yet"; the one that lost the
race failed, and its clean-up ("drop the empty store this failed first build created") deleted
the other's store mid-build. Here:
- a build holds an exclusive `flock(2)` on the store directory itself (no extra file to leave
  behind) from before it opens the store until after it has closed it; a second build waits for
  it, and says so in one line (`on_wait`);
- whether this build created the directory is decided by the atomic `mkdir` of its last
  component, not by looking first;
- `drop_if_created` removes the directory only when this build created it and still holds the
  lock; the build calls it only when the store holds no article (a first build that failed, or
  built nothing).
A lock on a directory that was removed while waiting is useless: after waiting the build checks
that the path still names the directory it locked, and starts over if not.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import StoreError
from kg.rdf.terms import KGO
from kg.store.oxi import Store


class BuildLock:
    """The exclusive build lock of the store directory `path` (created when missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.created = False
        self._fd: int | None = None

    def acquire(self, *, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock, waiting for the build that holds it; `on_wait` is told once."""
        told = False
        while True:
            fd, created = self._open_dir()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None and not told:
                    on_wait(f"another kg build is writing to {self.path}; waiting for it to end")
                    told = True
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:  # Ctrl-C while waiting
                    os.close(fd)
                    raise
            if self._still_there(fd):
                self._fd, self.created = fd, created
                return
            os.close(fd)  # removed (a failed first build) while we waited: start over

    def _open_dir(self) -> tuple[int, bool]:
        for _ in range(100):
            created = False
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.mkdir()
                created = True
            except FileExistsError:
                pass
            except OSError as exc:
                raise StoreError(
                    f"cannot create the store directory: {exc.strerror or exc}", path=str(self.path)
                ) from None
            try:
                return os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC), created
            except FileNotFoundError:
                continue  # removed between mkdir and open
            except NotADirectoryError:
                raise StoreError("not a directory", path=str(self.path)) from None
        raise StoreError("the store directory keeps disappearing", path=str(self.path))

    def _still_there(self, fd: int) -> bool:
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def drop_if_created(self) -> bool:
        """Remove the store directory when this build created it (the caller has closed the
        store and found no article in it); True when it was removed."""
        if self._fd is None or not self.created:
            return False
        shutil.rmtree(self.path, ignore_errors=True)
        return True

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


@contextlib.contextmanager
def locked_store(
    path: str | Path, *, on_wait: Callable[[str], None] | None = None
) -> Iterator[Store]:
    """The local store at `path`, opened for writing under the build lock; closed when the
    block ends, then removed if this build created it and it holds no article."""
    lock = BuildLock(path)
    lock.acquire(on_wait=on_wait)
    try:
        st = Store(lock.path)
        try:
            yield st
        finally:
            empty = _without_articles(st)
            st.close()
            del st
            if empty:
                lock.drop_if_created()
    finally:
        lock.release()


def _without_articles(st: Store) -> bool:
    """True only when the store is known to hold no article (unreadable: False, keep it)."""
    try:
        return not bool(st.query(f"ASK {{ ?a a <{KGO.Article}> }}"))
    except Exception:
        return False
