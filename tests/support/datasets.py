"""Comparing two stores or datasets quad for quad, blank nodes canonicalised, with the first few
quads each side alone holds in the failure."""

from __future__ import annotations

import pyoxigraph as ox
import pytest


def canonical(items: object) -> ox.Dataset:
    """`items` (a store, a dataset, any iterable of quads) with canonical blank nodes."""
    ds = ox.Dataset(items)  # type: ignore[arg-type]
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return ds


def assert_same_dataset(
    a: ox.Dataset, b: ox.Dataset, *, left: str = "left", right: str = "right"
) -> None:
    if a != b:
        only_a = sorted(str(q) for q in a if q not in b)[:5]
        only_b = sorted(str(q) for q in b if q not in a)[:5]
        pytest.fail(
            f"datasets differ ({len(a)} vs {len(b)} quads);\nonly {left}: {only_a}\n"
            f"only {right}: {only_b}"
        )
