"""Peak resident memory of a process and every process it starts (a build's parsing child and
worker pool), sampled every 0.1 s while it runs. Counting the root alone would hide the model a
parsing child holds."""

from __future__ import annotations

import contextlib
import threading


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and its descendants now (0 once it is gone)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
            total += p.memory_info().rss
    return total


class PeakRSS:
    """`with PeakRSS(pid) as peak: ...`, then `peak.mb`."""

    def __init__(self, pid: int, *, every: float = 0.1) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
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
