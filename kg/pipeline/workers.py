"""Per-article work (nlp -> extract) on one process or a pool of local processes.

Everything here is embarrassingly parallel and order-preserving: results come back in input
order, so the sequential merge that follows (resolution, store writes) is deterministic no matter
how many workers ran. A failing article becomes a `Problem`; it never stops the build.

Three ways to run, by `workers` and the cores the process may use:
- in this process (`workers=0`, one core, or a handful of articles);
- `workers=1` on two or more cores: one child process parses (spaCy, most of the time) and sends
  the parsed docs back (`kg.pipeline.wire`); this process extracts from them while the build merges.
  Python threads cannot share that work (spaCy and the extractors hold the GIL), so before this a
  one-worker build paid for extraction and merge on top of parsing;
- `workers>=2`: a pool parses and extracts; this process only merges.
Chunks shrink towards the end of the input, so the work left after the last parse is small. If
a child dies (killed, out of memory), the articles it did not return are done in this process.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from kg.model import Article, Extraction, Problem

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)
T = TypeVar("T")
_MODEL: str | None = None
CHUNK = 64  # articles per task: spaCy's batch size, and small enough to stream


def _init_worker(model: str | None) -> None:
    global _MODEL
    _MODEL = model
    # Two workers on two cores: keep BLAS/thinc from oversubscribing the cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()


def _exit_with(parent: int) -> None:
    """A build killed with SIGKILL cannot stop its workers: each one leaves when its parent
    is gone (it is re-parented), rather than parse on for no one, holding a model in memory."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _failed(article: Article, exc: BaseException) -> Problem:
    return Problem(article.path or article.id, f"extraction failed: {exc}", article.line)


def _extract_batch(
    articles: Sequence[Article], model: str | None, batch_size: int
) -> list[Extraction | Problem]:
    from kg.extract import extract_articles
    from kg.nlp import load

    out: list[Extraction | Problem] = []
    try:
        nlp = load("en", model=model)
        out.extend(extract_articles(articles, nlp=nlp, batch_size=batch_size))
        return out
    except Exception:
        out.clear()
    for article in articles:
        try:
            out.extend(extract_articles([article], nlp=load("en", model=model), batch_size=1))
        except Exception as exc:
            out.append(_failed(article, exc))
    return out


def _stream(
    articles: Sequence[Article], model: str | None, batch_size: int
) -> Iterator[Extraction | Problem]:
    """One process: results stream out as spaCy finishes them; after a failure the rest of
    the chunk is redone article by article so only the bad article is lost."""
    from kg.extract import extract_articles
    from kg.nlp import load

    nlp = load("en", model=model)
    for batch in chunks(articles, 256):
        done = 0
        try:
            for item in extract_articles(batch, nlp=nlp, batch_size=batch_size):
                done += 1
                yield item
        except Exception:
            yield from _extract_batch(batch[done:], model, batch_size)


def _pool_batch(articles: Sequence[Article], batch_size: int) -> list[Extraction | Problem]:
    return _extract_batch(articles, _MODEL, batch_size)


# -- one parsing child, extraction here --------------------------------------------------------
Parsed = tuple[bytes, list[Extraction | Problem | None]]
"""A chunk parsed in the child: the English docs packed by `kg.pipeline.wire`, in order, and per
article None (its doc is the next one in the bytes) or what replaces it (a German article's whole
Extraction, or the Problem of an article spaCy failed on)."""


def _parse_chunk(articles: Sequence[Article], batch_size: int) -> Parsed:
    from kg.extract import extract_articles
    from kg.nlp import load
    from kg.pipeline.wire import pack

    english = [i for i, a in enumerate(articles) if a.lang != "de"]
    slots: list[Extraction | Problem | None] = [None] * len(articles)
    for i, a in enumerate(articles):
        if a.lang == "de":  # German has its own, lighter pipeline: extract it whole here
            try:
                slots[i] = next(iter(extract_articles([a])))
            except Exception as exc:
                slots[i] = _failed(a, exc)
    if not english:
        return pack([]), slots
    nlp = load("en", model=_MODEL)
    try:
        docs = list(nlp.pipe((articles[i].text for i in english), batch_size=batch_size))
    except Exception:  # redo one by one: only the article spaCy fails on is lost
        docs = []
        for i in english:
            try:
                docs.append(nlp(articles[i].text))
            except Exception as exc:
                slots[i] = _failed(articles[i], exc)
    return pack(docs), slots


def _extract_parsed(
    articles: Sequence[Article], parsed: Parsed, nlp: Language | None
) -> Iterator[Extraction | Problem]:
    from kg.pipeline.wire import unpack

    data, slots = parsed
    if nlp is None:
        yield from _extracted(articles, slots, iter(()))
        return
    # The words of the chunk's docs (each article's new number, name, typo) would stay in this
    # process's vocabulary for good, a lexeme and strings each: ~0.35 KB per article of a build
    # (docs/scaling.md, "Stop 38"). An extraction holds no spaCy object, so they are let go of
    # once the chunk is extracted.
    with nlp.memory_zone():
        yield from _extracted(articles, slots, unpack(data, nlp.vocab))


def _extracted(
    articles: Sequence[Article], slots: list[Extraction | Problem | None], docs: Iterator[Doc]
) -> Iterator[Extraction | Problem]:
    from kg.extract import extract_doc

    for article, slot in zip(articles, slots, strict=True):
        if slot is not None:  # German, or an English article spaCy failed on
            yield slot
            continue
        doc = next(docs)
        try:
            yield extract_doc(article, doc)
        except Exception as exc:
            yield _failed(article, exc)


def _parse_aside(
    articles: Sequence[Article], model: str | None, batch_size: int
) -> Iterator[Extraction | Problem]:
    from kg.nlp import load

    # Loaded before the child starts: a forked child inherits the model instead of loading it.
    nlp = load("en", model=model) if any(a.lang != "de" for a in articles) else None
    parts = tapered(articles, CHUNK)
    with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(model,)) as pool:
        for part, parsed in _windowed(pool, _parse_chunk, parts, batch_size, ahead=4):
            yield from _extract_parsed(part, parsed, nlp)


# -- scheduling ---------------------------------------------------------------------------------
def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def tapered(items: Sequence[Article], size: int, *, smallest: int = 8) -> Iterator[list[Article]]:
    """Chunks of `size`, halving over the last ones (…, 64, 32, 16, 8, 8): whatever follows the
    last chunk's parse (its extraction, the merge) waits on the smallest chunk only."""
    start, n = 0, len(items)
    while start < n:
        left = n - start
        step = size
        while step > smallest and left < 2 * step:
            step //= 2
        yield list(items[start : start + step])
        start += step


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_process(articles: int, workers: int) -> bool:
    """Whether `extract_all` parses and extracts in this process (`workers=0`, one core, or a
    handful of articles)."""
    return workers <= 0 or (workers == 1 and (articles < 2 * CHUNK or usable_cores() < 2))


def extract_all(
    articles: Sequence[Article], *, workers: int = 1, model: str | None = None, batch_size: int = 64
) -> Iterator[Extraction | Problem]:
    """Yield one Extraction (or Problem) per article, in input order."""
    if in_process(len(articles), workers):
        yield from _stream(articles, model, batch_size)
        return
    pooled = (
        _parse_aside(articles, model, batch_size)
        if workers == 1
        else _pool(articles, workers, model, batch_size)
    )
    done = 0
    try:
        for item in pooled:  # exactly one item per article, in order
            done += 1
            yield item
    except BrokenProcessPool as exc:
        log.warning(
            "kg: a parsing process stopped (%s); the %d articles left are done in this process",
            exc,
            len(articles) - done,
        )
        yield from _stream(articles[done:], model, batch_size)


def _pool(
    articles: Sequence[Article], workers: int, model: str | None, batch_size: int
) -> Iterator[Extraction | Problem]:
    parts = tapered(articles, max(1, min(CHUNK, len(articles) // (workers * 4) or 1)))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(model,)
    ) as pool:
        for _, result in _windowed(pool, _pool_batch, parts, batch_size, ahead=4 * workers):
            yield from result


def _windowed(
    pool: ProcessPoolExecutor,
    fn: Callable[..., T],
    parts: Iterable[list[Article]],
    *args: object,
    ahead: int,
) -> Iterator[tuple[list[Article], T]]:
    """(part, fn(part, *args)) in order, with at most `ahead` parts submitted and not yet
    consumed (`Executor.map` would read every part, every article's text, at once)."""
    pending: deque[tuple[list[Article], Future[T]]] = deque()
    for part in parts:
        pending.append((part, pool.submit(fn, part, *args)))
        if len(pending) >= ahead:
            done, fut = pending.popleft()
            yield done, fut.result()
    while pending:
        done, fut = pending.popleft()
        yield done, fut.result()


def ahead(items: Iterable[Extraction | Problem], depth: int = 64) -> Iterator[Extraction | Problem]:
    """Run the producer (spaCy, in C and BLAS most of the time, GIL released) in a thread so
    the merge (resolution, RDF, store writes) proceeds on the other core meanwhile. Order is
    kept; an exception in the producer is re-raised here."""
    box: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        box.put(("item", item), timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            box.put(("done", None))
        except BaseException as exc:
            box.put(("error", exc))

    thread = threading.Thread(target=produce, name="kg-extract", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = box.get()
            if kind == "done":
                return
            if kind == "error":
                raise value  # type: ignore[misc]
            yield value  # type: ignore[misc]
    finally:
        stop.set()
        thread.join(timeout=5)
