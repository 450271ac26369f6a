"""Article graphs written as partitioned N-Quads files and bulk-loaded (issue 26).

Only one process may open an on-disk Oxigraph store for writing, so Dask workers cannot write
the local store themselves: each writes its articles' graphs (and their index rows) as one
N-Quads file, named by its task, through a temporary name and an atomic rename, so a worker
killed mid-write leaves no partial file and a retried task writes the same file again. The
build's process then loads the files with Oxigraph's bulk loader in a process of its own (the
loader's CPU is the store's, as a server's would be), having released its own handle for it.

Crash safety: the graphs about to be loaded are first marked (`ix:loading`, one transaction)
and unmarked once loaded; a build that finds marks (the loader died half-way: a bulk load is
not a transaction) drops those graphs with their index rows, and the articles are built again.
Loading a file twice duplicates nothing (a store is a set of quads).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.paths import child_env
from kg.store.index import _TRUE, LOADING, Store, _rows, pending_graph


def write_partition(directory: str | Path, name: str, quads: Iterable[ox.Quad] | bytes) -> Path:
    """`directory/name.nq` (`quads`, or N-Quads as they are), written whole or not at all."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{name}.nq"
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    try:
        if isinstance(quads, bytes):
            tmp.write_bytes(quads)
        else:
            ox.serialize(quads, output=str(tmp), format=ox.RdfFormat.N_QUADS)
        os.replace(tmp, final)
    except OSError as exc:
        raise StoreError(f"cannot write partition: {exc}", path=str(final)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return final


def loading_marks(graphs: Iterable[str], base: str) -> list[ox.Quad]:
    g = pending_graph(base)
    return [ox.Quad(ox.NamedNode(iri), LOADING, _TRUE, g) for iri in graphs]


def marked(st: Store, base: str) -> list[str]:
    """Graphs whose bulk load was started and never confirmed."""
    return sorted({s.value for s, _, _ in _rows(st, pending_graph(base), LOADING)})


def load_partitions(
    st: Store, files: Sequence[Path], graphs: Sequence[str], base: str, *, compact: bool = False
) -> None:
    """Bulk-load `files` (holding `graphs`) into the local store `st`; with `compact`, merge
    its files after (`Store.bulk_files`)."""
    if not files:
        return
    marks = loading_marks(graphs, base)
    st.change(add=marks)
    st.bulk_files(files, compact=compact)
    st.change(remove=marks)


def drop_marks(st: Store, base: str) -> None:
    """Take every `ix:loading` mark out of the store, a chunk at a time."""
    g = pending_graph(base)
    while marks := [ox.Quad(s, p, o, g) for s, p, o in islice(_rows(st, g, LOADING), 50_000)]:
        st.change(remove=marks)


def nquads(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


# What may wait for the loader, in bytes of N-Quads. A count of jobs alone let up to four
# chunks of the first inference or the facts graph (50,000 quads, ~8 MB each) wait whenever the
# writer process fell behind, which it does more the larger its store: the end stage of a
# first build grew with the build (docs/scaling.md, "Stop 38: the end stage at 10,000 and
# 30,000"). Two such chunks still overlap the writer with the build.
QUEUED_BYTES = 16 << 20


class Background:
    """Store writes on a thread of their own, in order: Oxigraph's bulk loader
    (`Store.load_nquads`) lets go of the GIL, so the build goes on making batches (and the
    inferred and facts graphs) on the other core meanwhile. At most `depth` jobs wait, and
    beyond the oldest at most `budget` bytes of their data, so that much is in memory;
    `wait` waits for all and re-raises a job's error in the caller."""

    def __init__(self, depth: int = 4, *, budget: int = QUEUED_BYTES) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="kg-load")
        self._jobs: deque[tuple[Future[None], int]] = deque()
        self._depth = depth
        self._budget = budget
        self._queued = 0  # bytes of the data of `_jobs`

    def submit(self, fn: Callable[..., None], *args: object) -> None:
        """`fn(*args)` after the jobs before it; the size of its data is that of its `bytes`
        arguments."""
        size = sum(len(a) for a in args if isinstance(a, bytes))
        while self._jobs and (len(self._jobs) >= self._depth or self._queued + size > self._budget):
            self._done()
        self._jobs.append((self._pool.submit(fn, *args), size))
        self._queued += size

    def _done(self) -> None:
        job, size = self._jobs.popleft()
        self._queued -= size
        job.result()

    def load(self, st: Store, quads: list[ox.Quad]) -> None:
        """`quads` into the local store `st`."""
        self.submit(st.load_nquads, nquads(quads))

    def load_text(self, st: Store, text: str) -> None:
        """N-Quads `text` into the local store `st`."""
        self.submit(st.load_nquads, text.encode())

    def wait(self) -> None:
        while self._jobs:
            self._done()

    def __enter__(self) -> Background:
        return self

    def close(self) -> None:
        """Let the last job finish; its error, if any, is dropped (the caller, closing after
        an error of its own, is failing already)."""
        self._pool.shutdown(wait=True)

    def __exit__(self, kind: object, *exc: object) -> None:
        try:
            if kind is None:
                self.wait()
        finally:
            self.close()


# A long build's writer lets the store take a new handle after this many quads: RocksDB keeps
# something for every file a bulk load adds until the handle goes (alone, about 5 MB per million
# quads; within a build the gain is not measurable yet: docs/scaling.md, "Memory of a first
# build").
REOPEN_AFTER = 1_000_000


class GraphWriter:
    """A build's new article graphs, each as N-Quads with its index rows (which belong to
    other graphs): into a local store in bulk batches of about `batch` quads, loaded in the
    `Background` and marked as loading while each is written (a bulk load is not a
    transaction); into a remote store graph by graph (`put_graph`). `flush` waits for every
    batch to be in; `close` stops the loader."""

    def __init__(
        self,
        st: Store,
        base: str,
        *,
        batch: int = 25_000,
        keep_marks: bool = False,
        reopen: bool = False,
        taper: int = 0,
    ) -> None:
        """`keep_marks`: the graphs stay marked as loading until `unmark` (drafts written
        before the build has confirmed them, `kg.pipeline.merge`). `reopen`: every
        `REOPEN_AFTER` quads the store takes a new handle (`Store.reopen`); only for a store no
        one else holds a query result of, which would keep the old handle and its lock.
        `taper`: told how many graphs are still to come (`add`'s `left`), a batch of at least
        `taper` quads loads as soon as it holds as many as those are likely to, so the loads
        halve towards the end and the one left after the last graph is small."""
        self.st = st
        self.base = base
        self.batch = batch
        self.taper = taper
        self._graphs_in = 0
        self._quads_in = 0
        self._data: list[bytes] = []
        self._count = 0
        self._graphs: list[str] = []
        self._loader = Background() if hasattr(st, "load_nquads") else None
        self._keep_marks = keep_marks
        self._reopen = reopen
        self._since_reopen = 0

    def add(self, graph: str, data: bytes, count: int, *, left: int | None = None) -> None:
        """One graph's `count` quads as N-Quads `data`; `left`: graphs still to come, if known."""
        if self._loader is None:
            self.st.put_graph(graph, list(ox.parse(data, format=ox.RdfFormat.N_QUADS)))
            return
        self._data.append(data)
        self._graphs.append(graph)
        self._count += count
        self._since_reopen += count
        self._graphs_in += 1
        self._quads_in += count
        if self._reopen and self._since_reopen >= REOPEN_AFTER:
            self.flush()
            self.st.reopen()
            self._since_reopen = 0
        elif self._count >= self.batch or self._tapered(left):
            self._submit(self._loader)

    def _tapered(self, left: int | None) -> bool:
        """A batch of at least `taper` quads, as large as the `left` graphs to come are likely
        to be (at the mean size so far)."""
        if not self.taper or left is None or self._count < self.taper:
            return False
        return self._count * self._graphs_in >= left * self._quads_in

    def _submit(self, loader: Background) -> None:
        if self._data:
            loader.submit(self._load, b"".join(self._data), self._graphs)
            self._data, self._graphs, self._count = [], [], 0

    def _load(self, data: bytes, graphs: list[str]) -> None:
        marks = loading_marks(graphs, self.base)
        self.st.change(add=marks)
        self.st.load_nquads(data)
        if not self._keep_marks:
            self.st.change(remove=marks)

    def retract(self, data: bytes) -> None:
        """Take out the quads `data` a graph was added with (once every batch is in)."""
        self.flush()
        self.st.change(remove=list(ox.parse(data, format=ox.RdfFormat.N_QUADS)))

    def unmark(self) -> None:
        """Every batch is in and confirmed: the graphs are no longer loading. Every mark in the
        store is this writer's (a build that keeps marks starts with none: `index.sync` drops
        what a killed build marked), so they are taken out by pattern, a chunk at a time: a
        list of the graphs would grow with the build."""
        self.flush()
        if not self._keep_marks:
            return
        unmark = getattr(self.st, "unmark", None)  # a writer process reads nothing back here
        if unmark is not None:
            unmark(self.base)
            self.st.flush()
        else:
            drop_marks(self.st, self.base)

    @property
    def keeps_marks(self) -> bool:
        return self._keep_marks

    @property
    def loader(self) -> Background | None:
        """Where this writer's batches load (None for a remote store): later writes queued
        there land after them."""
        return self._loader

    def flush(self, *, wait: bool = True) -> None:
        """Send the last batch; with `wait`, wait until every batch is in."""
        if self._loader is None:
            self.st.flush()
            return
        self._submit(self._loader)
        if wait:
            self._loader.wait()

    def close(self) -> None:
        if self._loader is not None:
            self._loader.close()


def main(argv: list[str]) -> int:
    """The loader process: `python -m kg.store.bulk [--compact] STORE FILE...`."""
    compact = argv[:1] == ["--compact"]
    argv = argv[1:] if compact else argv
    store = ox.Store(argv[0])
    for f in argv[1:]:
        store.bulk_load(path=f, format=ox.RdfFormat.N_QUADS)
    store.flush()
    if compact:
        store.optimize()
    return 0


def run_loader(path: Path, files: Sequence[Path], *, compact: bool = False) -> None:
    flag = ["--compact"] if compact else []
    proc = subprocess.run(
        [sys.executable, "-m", "kg.store.bulk", *flag, str(path), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        env=child_env(),
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise StoreError(f"bulk load failed: {last}", path=str(path))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
