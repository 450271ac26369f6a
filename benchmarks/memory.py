"""Peak resident memory of a process and every process it starts (a build's parsing child and
worker pool), sampled every 0.1 s while it runs. Counting the root alone would hide the model a
parsing child holds."""

from __future__ import annotations

import contextlib
import threading


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and its descendants now (0 once it is gone)."""
    return rss_now(pid)[0]


def rss_now(pid: int) -> tuple[int, int]:
    """Resident bytes of `pid` and its descendants now, and of `pid` alone (0 once gone)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    total = own = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
            rss = p.memory_info().rss
            total += rss
            own = rss if p is root else own
    return total, own


class PeakRSS:
    """`with PeakRSS(pid) as peak: ...`, then `peak.mb` (the tree's) and `peak.own_mb` (the
    process's own: a build's, without its parsing child or loader)."""

    def __init__(self, pid: int, *, every: float = 0.1) -> None:
        self.pid, self.every, self.peak, self.own = pid, every, 0, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            total, own = rss_now(self.pid)
            self.peak, self.own = max(self.peak, total), max(self.own, own)
            self._done.wait(self.every)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return self.peak / 1e6

    @property
    def own_mb(self) -> float:
        return self.own / 1e6
