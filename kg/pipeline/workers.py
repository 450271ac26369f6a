"""Per-article work (nlp -> extract) on one process or a pool of local processes.

Everything here is embarrassingly parallel and order-preserving: results come back in input
order, so the sequential merge that follows (resolution, store writes) is deterministic no matter
how many workers ran. A failing article becomes a `Problem`; it never stops the build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from kg.model import Article, Extraction, Problem

_MODEL: str | None = None


def _init_worker(model: str | None) -> None:
    global _MODEL
    _MODEL = model
    # Two workers on two cores: keep BLAS/thinc from oversubscribing the cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")


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
            out.append(
                Problem(article.path or article.id, f"extraction failed: {exc}", article.line)
            )
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


def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def extract_all(
    articles: Sequence[Article], *, workers: int = 1, model: str | None = None, batch_size: int = 64
) -> Iterator[Extraction | Problem]:
    """Yield one Extraction (or Problem) per article, in input order."""
    if workers <= 1 or len(articles) < 2:
        yield from _stream(articles, model, batch_size)
        return
    size = max(1, min(64, len(articles) // (workers * 4) or 1))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(model,)
    ) as pool:
        for result in pool.map(
            _pool_batch, chunks(articles, size), [batch_size] * (len(articles) // size + 1)
        ):
            yield from result
