"""Fixtures of the graph page tests: a store built by the real pipeline from the seeds and 300
generated articles (benchmarks/corpus.py), the kind of store issue 25 was measured on, and one
headless Chromium per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, require_chromium

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def news_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.corpus import write_jsonl
    from kg.pipeline import build

    root = tmp_path_factory.mktemp("news-store")
    corpus = write_jsonl(root / "generated.jsonl", 300)
    build([REPO / "seeds", corpus], store=root / "store", progress=False)
    return root / "store"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    with chromium() as b:
        yield b
