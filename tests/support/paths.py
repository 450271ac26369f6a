"""Where the tests find the repository, their own data and the shared corpora (one place, so a
test keeps working wherever in tests/ it lives)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
DATA = TESTS / "data"
GOLD = TESTS / "gold"
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
