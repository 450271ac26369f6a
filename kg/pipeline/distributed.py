"""`kg build --scheduler ADDRESS`: the per-article work on a Dask cluster, the merge at home.

What runs where
- client (this process): ingest (inputs are local files), then the same sequential merge as the
  local build (`build_with`): resolution, one named graph per article, ontology, inference. The
  merge must be sequential and in input order for entity keys to be deterministic, and it is
  cheap next to parsing, so it stays here.
- workers: nlp + extraction, the expensive part, in chunks of articles. Each worker process loads
  the spaCy model once (`kg.nlp.load` caches it per process) and reuses it for every chunk.

Guarantees
- Same result as a local build: chunks run the local build's own per-chunk function and come back
  through a reorder buffer, so the merge sees the articles in input order no matter which worker
  finished first. `tests/pipeline/test_distributed.py` compares both stores quad for quad.
- A lost worker costs nothing: its chunks are rescheduled by Dask; a chunk that raises is retried
  (`retries`). A chunk that still fails (e.g. it keeps killing workers) is split into one task per
  article, so only the poisonous article becomes a `Problem`; nothing is merged twice because
  results are keyed by chunk index and merged exactly once.
- Bounded memory on the client: at most `window` chunks are in flight or waiting in the reorder
  buffer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ClusterError
from kg.model import Article, Extraction, Problem
from kg.pipeline.build import BuildReport, build_with

if TYPE_CHECKING:
    from kg.store import Store
    from kg.store.remote import RemoteStore

BATCH_SIZE = 32  # spaCy batch inside a chunk; same as the local build


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
    on_wait: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build like `kg.pipeline.build`, with nlp + extraction on a Dask cluster.

    `scheduler`: a scheduler address ("tcp://10.0.0.5:8786"), an existing `distributed.Client`
    or cluster object, or "local" for a `LocalCluster` of `workers` single-threaded processes on
    this machine. `workers` is otherwise ignored (the cluster decides). `chunk_size`: articles per
    task (default: enough tasks for ~8 per worker, at most 64 articles each). `window`: chunks in
    flight (default 4 per worker thread). `retries`: Dask retries of a failing chunk.
    """
    client, owned = _connect(scheduler, workers=workers, timeout=connect_timeout)
    try:
        _check_workers(client)

        def on_cluster(
            todo: Sequence[Article], advance: Callable[[int], None]
        ) -> Iterator[Extraction | Problem]:
            return extract_on_cluster(
                client,
                todo,
                advance=advance,
                model=model,
                chunk_size=chunk_size,
                window=window,
                retries=retries,
            )

        merge = {"base": base, "aliases": aliases, "progress": progress, "on_wait": on_wait}
        return build_with(on_cluster, paths, store=store, lang=lang, **merge)
    finally:
        for obj in reversed(owned):
            obj.close()


def extract_on_cluster(
    client: Any,
    articles: Sequence[Article],
    *,
    advance: Callable[[int], None] = lambda n: None,
    model: str | None = None,
    chunk_size: int | None = None,
    window: int | None = None,
    retries: int = 2,
) -> Iterator[Extraction | Problem]:
    """Yield one Extraction or Problem per article, in input order, computed on the cluster."""
    from distributed import as_completed

    if not articles:
        return
    threads = max(1, sum(client.nthreads().values()))
    size = chunk_size or max(1, min(64, -(-len(articles) // (threads * 8))))
    chunks = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
    window = window or threads * 4
    run = uuid.uuid4().hex[:12]  # unique task keys: a rerun never reuses an old result

    meta: dict[Any, tuple[int, int | None]] = {}  # future -> (chunk index, article in chunk)
    done: dict[int, list[Extraction | Problem]] = {}
    parts: dict[int, list[Extraction | Problem | None]] = {}
    ac = as_completed()

    def submit(i: int, part: int | None = None) -> None:
        work = chunks[i] if part is None else [chunks[i][part]]
        key = f"kg-extract-{run}-{i}" + ("" if part is None else f"-{part}")
        fut = client.submit(
            _extract_chunk, work, model, BATCH_SIZE, key=key, retries=retries, pure=False
        )
        meta[fut] = (i, part)
        ac.add(fut)

    next_submit = next_yield = 0
    try:
        while next_yield < len(chunks):
            # The window bounds in-flight chunks and the reorder buffer together.
            while next_submit < len(chunks) and next_submit < next_yield + window:
                submit(next_submit)
                next_submit += 1
            fut = next(ac)
            i, part = meta.pop(fut)
            try:
                result: list[Extraction | Problem] = fut.result()
            except Exception as exc:  # one bad chunk must not stop the build
                if part is None and len(chunks[i]) > 1:
                    parts[i] = [None] * len(chunks[i])
                    for j in range(len(chunks[i])):
                        submit(i, j)
                    continue
                a = chunks[i][part or 0]
                result = [
                    Problem(
                        a.path or a.id,
                        f"extraction failed on the cluster: {type(exc).__name__}: {_one_line(exc)}",
                        a.line,
                    )
                ]
            finally:
                fut.release()
            if part is None:
                done[i] = result
                advance(len(result))
            else:
                parts[i][part] = result[0]
                advance(1)
                if all(r is not None for r in parts[i]):
                    done[i] = [r for r in parts.pop(i) if r is not None]
            while next_yield in done:
                yield from done.pop(next_yield)
                next_yield += 1
    finally:
        if meta:
            client.cancel(list(meta))


def _extract_chunk(
    articles: list[Article], model: str | None, batch_size: int
) -> list[Extraction | Problem]:
    """Runs on a worker: exactly the local build's per-chunk work."""
    from kg.pipeline.workers import _extract_batch

    return _extract_batch(articles, model, batch_size)


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
