"""Rows grouped by key on disk come back as they would from memory: keys in order, rows whole."""

from __future__ import annotations

import random

from kg.rdf.grouped import Grouped


def _grouped(rows: list[tuple[tuple[str, str, str], object]], **options) -> list:
    with Grouped(**options) as g:
        for key, row in rows:
            g.add(key, row)
        return [(key, sorted(found)) for key, found in g]


def test_grouping_on_disk_equals_grouping_in_memory() -> None:
    rng = random.Random(1)
    names = ["a", "b", "é", "Z", "ab", "a b", "b\u00e4"]
    rows = [
        (tuple(rng.choice(names) for _ in range(3)), (rng.randrange(100), "x" * rng.randrange(3)))
        for _ in range(500)
    ]
    want = _grouped(rows)
    assert [k for k, _ in want] == sorted({k for k, _ in rows})
    assert sum(len(v) for _, v in want) == 500
    assert _grouped(rows, in_memory=13) == want
    assert _grouped(rows, in_memory=0) == want
