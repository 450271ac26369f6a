"""`kg build --scheduler ADDRESS`: the build as map / reduce on a Dask cluster (issue 26).

What runs where
- client (this process): ingest (the inputs are its files), the store's index, the entity
  table's last merge with the store's entities (O(entities)), the entity rows, the graphs of
  entities that changed, loading the workers' partitions (local store, in a loader process)
  and inference around the new facts. It never builds or holds an article's quads.
- workers, map (`kg.pipeline.tasks.map_chunk`): nlp + extraction of a chunk of articles, each
  article's clusters and their evidence (`kg.resolve.resolver.prepare`), reduced to the chunk's
  partial entity table; the prepared articles stay on the worker.
- workers, reduce (`merge_tables`): partial tables merged pairwise, eight at a time.
- workers, write (`write_chunk`): each article assigned its entities from the final table
  (broadcast to every worker), its quads built and written: to a SPARQL store over the Graph
  Store Protocol / SPARQL Update, in parallel; for the local store, as one N-Quads partition
  per chunk (`kg.store.bulk`), since one process only may write an on-disk Oxigraph store.

Guarantees
- The same store as a local build of the same inputs, whatever the order of the input and the
  chunking: resolution is a function of all the evidence (`kg.resolve.table`).
  `tests/pipeline/test_distributed.py` compares both stores quad for quad.
- A lost worker costs nothing: Dask recomputes what it held from its chunk (every task is a
  pure function; writes are idempotent: whole graphs, partitions renamed into place). A chunk
  that still fails after `retries` is split into one task per article, so only the poisonous
  article becomes a `Problem`.
- A build killed half-way is finished by the next run (`kg.pipeline.resolution`,
  `kg.store.bulk`): the graphs written are skipped, the rest is built.
"""

from __future__ import annotations

import resource
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ClusterError
from kg.model import Article, Problem
from kg.pipeline.build import finish_build, start_build
from kg.pipeline.report import BuildReport, Run, progress_bar

if TYPE_CHECKING:
    from kg.pipeline.resolution import Resolution
    from kg.store import Store
    from kg.store.remote import RemoteStore

BATCH_SIZE = 32  # spaCy batch inside a chunk; same as the local build
FAN_IN = 8  # partial tables merged per reduce task


def build_distributed(
    paths: Iterable[str | Path] = ("seeds",),
    *,
    scheduler: Any,
    store: str | Path | Store | RemoteStore | None = None,
    lang: str = "auto",
    workers: int = 1,
    base: str | None = None,
    aliases: str | Path | None = None,
    model: str | None = None,
    progress: bool | None = None,
    chunk_size: int | None = None,
    window: int | None = None,
    retries: int = 2,
    connect_timeout: float = 10.0,
    partitions: str | Path | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build like `kg.pipeline.build`, with the per-article work on a Dask cluster.

    `scheduler`: a scheduler address ("tcp://10.0.0.5:8786"), an existing `distributed.Client`
    or cluster object, or "local" for a `LocalCluster` of `workers` single-threaded processes on
    this machine. `workers` is otherwise ignored (the cluster decides). `chunk_size`: articles per
    task (default: enough tasks for ~8 per worker, at most 64 articles each). `window`: map tasks
    in flight (default: all). `retries`: Dask retries of a failing task. `partitions`: where the
    workers write the N-Quads partitions for a local store (default: beside the store; with
    workers on other machines, a folder they and this machine share).
    """
    from kg.pipeline.resolution import Resolution

    client, owned = _connect(scheduler, workers=workers, timeout=connect_timeout)
    try:
        _check_workers(client)
        opened = start_build(paths, store=store, lang=lang, base=base, on_wait=on_wait)
        with opened as run:
            if run.todo:
                resolution = Resolution(run.st, run.base, aliases=aliases)
                job = _Job(client, run, resolution, model, retries, progress)
                run.changed += job.run(chunk_size, window, partitions)
            return finish_build(run)
    finally:
        for obj in reversed(owned):
            obj.close()


@dataclass
class _Job:
    """One map / reduce / write pass over the articles to add."""

    client: Any
    run_: Run
    resolution: Resolution
    model: str | None
    retries: int
    progress: bool | None
    # Unique task keys: a rerun never reuses a result.
    key: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def run(self, chunk_size: int | None, window: int | None, partitions: str | Path | None) -> int:
        from kg.pipeline.resolution import apply_renames

        run = self.run_
        threads = max(1, sum(self.client.nthreads().values()))
        todo = run.todo
        size = chunk_size or max(1, min(64, -(-len(todo) // (threads * 8))))
        chunks = _Chunks(todo, size)
        with run.report.stage("extract") as row:
            mapped = self.map(chunks, window or len(chunks), row)
        with run.report.stage("reduce"):
            table = self.reduce([m for ms in mapped for m in ms])
            self.resolution.add_table(table.result())
            table.release()
            renames, _ = self.resolution.commit(run.st)
            changed = apply_renames(run.st, run.base, renames, pending=run.incremental)
        return changed + self.write(chunks, mapped, self._target(partitions))

    # -- map ----------------------------------------------------------------------------------
    def map(self, chunks: _Chunks, window: int, cost: list[float]) -> list[list[Any]]:
        """Map every chunk; per chunk, the futures of its `Mapped` parts (one, or one per article
        after a failure). Problems are reported in input order."""
        from distributed import as_completed

        from kg.pipeline import tasks

        overrides = self.resolution.resolver.overrides
        parts: list[list[Any]] = [[] for _ in range(len(chunks))]
        problems: list[list[Problem]] = [[] for _ in range(len(chunks))]
        meta: dict[Any, tuple[int, int | None, Any]] = {}
        ac = as_completed()
        bar = progress_bar(len(self.run_.todo), "extracting", self.progress)

        def submit(i: int, part: int | None = None) -> None:
            work = chunks[i] if part is None else [chunks[i][part]]
            key = f"kg-extract-{self.key}-{i}" + ("" if part is None else f"-{part}")
            fut = self.client.submit(
                tasks.map_chunk,
                work,
                self.model,
                BATCH_SIZE,
                overrides,
                key=key,
                retries=self.retries,
                pure=False,
            )
            info = self.client.submit(tasks.summary, fut, key=f"kg-summary-{key}", pure=False)
            meta[info] = (i, part, fut)
            ac.add(info)

        queued = list(range(len(chunks)))[::-1]
        try:
            while queued and len(meta) < window:
                submit(queued.pop())
            while meta:
                info = next(ac)
                i, part, fut = meta.pop(info)
                try:
                    done, found, cpu = info.result()
                except Exception as exc:  # one bad chunk must not stop the build
                    fut.release()
                    if part is None and chunks.size(i) > 1:
                        for j in range(chunks.size(i)):
                            submit(i, j)
                        continue
                    a = chunks[i][part or 0]
                    problems[i].append(_failed(a, exc))
                    bar.update(1)
                else:
                    parts[i].append((part or 0, fut))
                    problems[i] += found
                    cost[2] += cpu
                    bar.update(done + len(found))
                info.release()
                while queued and len(meta) < window:
                    submit(queued.pop())
        finally:
            bar.close()
            if meta:
                self.client.cancel([f for _, _, f in meta.values()] + list(meta))
        for found in problems:
            self.run_.report.problems += found
        return [[f for _, f in sorted(p, key=lambda x: x[0])] for p in parts]

    # -- reduce -------------------------------------------------------------------------------
    def reduce(self, mapped: Sequence[Any]) -> Any:
        """The partial tables merged on the cluster, FAN_IN at a time, down to one future."""
        from kg.pipeline import tasks

        level = [self.client.submit(tasks.table_of, m, pure=False) for m in mapped]
        if not level:
            from kg.resolve.table import EntityTable

            return self.client.scatter(EntityTable())
        return self.tree(level, tasks.merge_tables, "tables")

    def tree(self, level: list[Any], merge: Any, name: str) -> Any:
        """`level` folded by `merge`, FAN_IN futures at a time, on the cluster."""
        depth = 0
        while len(level) > 1:
            level = [
                self.client.submit(
                    merge,
                    *level[i : i + FAN_IN],
                    key=f"kg-{name}-{self.key}-{depth}-{i}",
                    retries=self.retries,
                    pure=False,
                )
                for i in range(0, len(level), FAN_IN)
            ]
            depth += 1
        return level[0]

    # -- write --------------------------------------------------------------------------------
    def _target(self, partitions: str | Path | None) -> dict[str, Any]:
        st = self.run_.st
        spec = getattr(st, "spec", None)
        if spec is not None:
            return spec()
        if partitions is None:
            where = Path(st.path) if st.path is not None else Path.cwd() / "kg-store"
            partitions = where.with_name(where.name + ".parts")
        return {"kind": "local", "dir": str(Path(partitions) / self.key)}

    def write(self, chunks: _Chunks, mapped: list[list[Any]], target: dict[str, Any]) -> int:
        """Every chunk's articles written by the workers; for a local store, the partitions
        loaded here. Returns the number of article graphs written."""
        from distributed import wait

        from kg.pipeline import tasks

        run = self.run_
        table = self.client.scatter(self.resolution.table, broadcast=True)
        overrides = self.resolution.resolver.overrides
        by_origin = run.by_origin
        fresh = run.fresh
        # The facts graph of a first build is made in as many shares as there are workers
        # (by fact: every statement of one fact goes to one share), not by one task.
        shares = max(1, len(self.client.scheduler_info()["workers"])) if fresh else 0
        futures = []
        for i, parts in enumerate(mapped):
            # The stored articles of the same input slots: replaced by this chunk's.
            stale = (
                {a.origin: sorted(by_origin[a.origin]) for a in chunks[i] if a.origin in by_origin}
                if by_origin
                else {}
            )
            for j, m in enumerate(parts):
                futures.append(
                    self.client.submit(
                        tasks.write_chunk,
                        m,
                        table,
                        overrides,
                        target,
                        run.base,
                        stale,
                        run.incremental,
                        run.seq,
                        f"part-{i:06d}-{j:03d}",
                        shares,
                        key=f"kg-write-{self.key}-{i}-{j}",
                        retries=self.retries,
                        pure=False,
                    )
                )
        summaries = [self.client.submit(tasks.part, f, 0, pure=False) for f in futures]
        inferred = None
        facts_graph = []
        if fresh:  # the first inference, on a worker, over the facts the workers wrote
            said = [self.client.submit(tasks.part, f, 2, pure=False) for f in futures]
            facts_graph = [
                self.client.submit(
                    tasks.facts_part,
                    target,
                    run.base,
                    share,
                    *said,
                    key=f"kg-facts-{self.key}-{share}",
                    retries=self.retries,
                    pure=False,
                )
                for share in range(shares)
            ]
            facts = [self.client.submit(tasks.part, f, 1, pure=False) for f in futures]
            merged = self.tree(facts, tasks.merge_facts, "facts") if facts else None
            if merged is not None:
                inferred = self.client.submit(
                    tasks.infer_all,
                    merged,
                    target,
                    run.base,
                    key=f"kg-infer-{self.key}",
                    retries=self.retries,
                    pure=False,
                )
        bar = progress_bar(len(run.todo), "writing", self.progress)
        written = []
        try:
            with run.report.stage("write") as row:
                for fut in summaries:
                    w = fut.result()
                    written.append(w)
                    row[2] += w.cpu
                    bar.update(len(w.articles))
        finally:
            bar.close()
        extra: list[Path] = []
        if inferred is not None and facts_graph:
            with run.report.stage("infer") as row:
                count, path, cpu = inferred.result()
                made = [f.result() for f in facts_graph]
                row[2] += cpu + sum(c for _, c in made)
            run.inferred, run.facts_written = count, True
            extra = [Path(p) for p in (path, *(p for p, _ in made)) if p]
        wait(futures)
        # Released, not cancelled: cancelling a task cancels its dependents too, and the
        # scheduler asserts on those the client already let go of (the folded facts).
        for f in (*summaries, *futures, table, *facts_graph):
            f.release()
        for mapped_parts in mapped:
            for m in mapped_parts:
                m.release()
        return self._record(written, target, extra)

    def _record(self, written: list[Any], target: dict[str, Any], extra: list[Path]) -> int:
        from kg.store import index
        from kg.store.bulk import load_partitions

        run = self.run_
        count = 0
        for w in written:
            for lang, facts, replaced in w.articles:
                run.report.replaced += replaced
                run.report.added += not replaced
                run.report.tally(lang, facts)
                count += 1
        if target["kind"] == "local":
            files = [Path(w.partition) for w in written if w.partition] + extra
            graphs = [g for w in written for g in w.graphs]
            with run.report.stage("load") as row:
                loader = resource.getrusage(resource.RUSAGE_CHILDREN)
                # The loader merges the files it wrote: the client's part stays coordination.
                load_partitions(run.st, files, graphs, run.base, compact=run.compact)
                run.compact = False
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                row[2] += after.ru_utime + after.ru_stime - loader.ru_utime - loader.ru_stime
            for w in written:
                for g in w.stale:
                    index.drop_article(run.st, run.base, g)
            for f in files:
                f.unlink(missing_ok=True)
            if files:
                _rmdir(files[0].parent)
        return count


class _Chunks:
    """The articles to add in chunks of `size`, read from disk when a chunk is sent."""

    def __init__(self, todo: Sequence[Article], size: int) -> None:
        self.todo = todo
        self.step = size

    def __len__(self) -> int:
        return -(-len(self.todo) // self.step)

    def size(self, i: int) -> int:
        return min(self.step, len(self.todo) - i * self.step)

    def __getitem__(self, i: int) -> list[Article]:
        if not 0 <= i < len(self):
            raise IndexError(i)  # also ends iteration, which goes by index
        return list(self.todo[i * self.step : (i + 1) * self.step])


def _rmdir(folder: Path) -> None:
    try:
        folder.rmdir()
        folder.parent.rmdir()  # the parts folder, when no other build uses it
    except OSError:
        pass


def _failed(a: Article, exc: BaseException) -> Problem:
    return Problem(
        a.path or a.id,
        f"extraction failed on the cluster: {type(exc).__name__}: {_one_line(exc)}",
        a.line,
    )


def _kg_version() -> str:
    import kg

    return kg.__version__


def _check_workers(client: Any) -> None:
    """Fail early, in one line, if a worker cannot import kg or runs another version of it."""
    import kg

    try:  # an adaptive cluster may still be starting its first worker
        client.wait_for_workers(1, timeout=60)
    except TimeoutError:
        raise ClusterError(
            f"the Dask cluster at {client.scheduler.address} has no workers"
        ) from None
    try:
        versions = client.run(_kg_version)
    except Exception as exc:  # a worker ImportError arrives as anything
        raise ClusterError(
            f"Dask workers cannot import kg (install kg on every worker): {_one_line(exc)}"
        ) from exc
    wrong = sorted(w for w, v in versions.items() if v != kg.__version__)
    if wrong:
        raise ClusterError(
            f"Dask worker {wrong[0]} runs kg {versions[wrong[0]]}, this client kg {kg.__version__}"
        )


def _connect(scheduler: Any, *, workers: int, timeout: float) -> tuple[Any, list[Any]]:
    """(client, objects this call created and must close)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'kg[dask]'") from None
    if isinstance(scheduler, Client):
        return scheduler, []
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
        return client, [cluster, client]
    target = (
        scheduler
        if isinstance(scheduler, str)
        else getattr(scheduler, "scheduler_address", scheduler)
    )
    try:
        client = Client(target, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {target}: {_one_line(exc)}"
        ) from exc
    return client, [client]


def _one_line(exc: BaseException) -> str:
    return " ".join((str(exc).strip() or type(exc).__name__).split())
