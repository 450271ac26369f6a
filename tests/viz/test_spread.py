"""kg/viz/spread.py: overlapping nodes pushed apart until none overlaps (issue 25)."""

from __future__ import annotations

import itertools

import numpy as np

from kg.viz.spread import close_pairs, spread


def _too_close(xy: np.ndarray, radius: np.ndarray, gap: float) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, j in itertools.combinations(range(len(xy)), 2)
        if np.hypot(*(xy[i] - xy[j])) < radius[i] + radius[j] + gap - 1e-6
    ]


def test_a_crowd_is_spread_until_no_two_nodes_overlap() -> None:
    rng = np.random.default_rng(3)
    n = 400
    xy = rng.uniform(0, 30 * np.sqrt(n), (n, 2))  # far too dense for radii 6 to 40
    radius = np.minimum(40.0, 6.0 + 4.0 * np.sqrt(rng.pareto(1.5, n) * 3 + 1))
    assert _too_close(xy, radius, 8.0)
    out = spread(xy, radius, gap=8.0)
    assert _too_close(out, radius, 8.0) == []
    assert np.array_equal(out, spread(xy, radius, gap=8.0))  # deterministic
    # Moved no further than it takes: the crowd grows, it does not explode.
    assert np.ptp(out, axis=0).max() < 2.5 * np.ptp(xy, axis=0).max()


def test_nodes_apart_stay_put_and_nodes_on_one_spot_part() -> None:
    xy = np.array([[0.0, 0.0], [100.0, 0.0], [0.0, 100.0]])
    radius = np.array([10.0, 10.0, 10.0])
    assert np.array_equal(spread(xy, radius, gap=8.0), xy)
    same = np.array([[5.0, 5.0], [5.0, 5.0], [5.0, 5.0]])
    out = spread(same, radius, gap=8.0)
    assert _too_close(out, radius, 8.0) == []
    # A big node and a small one: the small one makes way.
    pair = spread(np.array([[0.0, 0.0], [10.0, 0.0]]), np.array([40.0, 6.0]), gap=8.0)
    assert abs(pair[0, 0]) < abs(pair[1, 0] - 10.0)


def test_close_pairs_finds_every_pair_within_a_cell_once() -> None:
    rng = np.random.default_rng(5)
    xy = rng.uniform(-500, 500, (300, 2))
    cell = 60.0
    i, j = close_pairs(xy, cell)
    found = {(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    assert len(found) == len(i)  # each pair once
    near = {
        (a, b)
        for a, b in itertools.combinations(range(len(xy)), 2)
        if np.hypot(*(xy[a] - xy[b])) < cell
    }
    assert near <= found
