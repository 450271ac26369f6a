"""Fixtures of the graph page tests: a store built by the real pipeline from the seeds and 300
generated articles (benchmarks/corpus.py), the kind of store issue 25 was measured on, and one
headless Chromium per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.browser import chromium, require_chromium

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def news_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.corpus import write_jsonl
    from kg.pipeline import build

    root = tmp_path_factory.mktemp("news-store")
    corpus = write_jsonl(root / "generated.jsonl", 300)
    build([REPO / "seeds", corpus], store=root / "store", progress=False)
    return root / "store"


@pytest.fixture(scope="session")
def news_page(news_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The graph page of that store."""
    from kg.store import Store
    from kg.viz import graph_from_store, render

    html = tmp_path_factory.mktemp("news-page") / "graph.html"
    render(graph_from_store(Store(news_store, read_only=True)), html)
    return html


@pytest.fixture(scope="session")
def wide_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of the generated wide graph (tests/support/widegraph.py): hubs, a tail of small
    components, unconnected entities and dated facts."""
    from support.widegraph import wide_graph, write_trig

    from kg.store import Store
    from kg.viz import graph_from_store, render

    root = tmp_path_factory.mktemp("wide-page")
    s = Store(root / "store")
    s.load(write_trig(root / "wide.trig", wide_graph()))
    s.close()
    render(graph_from_store(Store(root / "store", read_only=True)), root / "graph.html")
    return root / "graph.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    with chromium() as b:
        yield b
