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
