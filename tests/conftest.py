"""Shared fixtures: one real build of the seeds into a real on-disk Oxigraph store per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_BENCHMARKS = REPO.parent / "shared" / "benchmarks"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory):
    """(store path, BuildReport) of the real pipeline run on seeds/ (real model, real store)."""
    from kg.pipeline import build

    path = tmp_path_factory.mktemp("seed-store") / "store"
    report = build([SEEDS], store=path, progress=False)
    return path, report


@pytest.fixture(scope="session")
def seed_store_path(seed_build) -> Path:
    return seed_build[0]


@pytest.fixture()
def seed_store_copy(seed_store_path: Path, tmp_path: Path) -> Path:
    """A private copy for tests that write."""
    dst = tmp_path / "store"
    shutil.copytree(seed_store_path, dst)
    return dst


TIMELINE_CORPORA = (
    REPO / "tests" / "data" / "timelines_en.jsonl",
    REPO / "tests" / "data" / "timelines_de.jsonl",
)


@pytest.fixture(scope="session")
def timeline_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store of the deals-over-time articles (tests/data/timelines_{en,de}.jsonl): the
    English ones built first, then the German ones into the same store, so the second build
    brings the facts graph up to date incrementally (real model, real store)."""
    from kg.pipeline import build

    path = tmp_path_factory.mktemp("timelines") / "store"
    for corpus in TIMELINE_CORPORA:
        report = build([corpus], store=path, progress=False)
        assert report.added and not report.problems
    return path
