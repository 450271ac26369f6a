"""kg/viz/layout.py: components laid out and packed, small ones in one grid, no two drawn
nodes overlapping, unconnected nodes parked below (issue 25)."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import networkx as nx
import pytest

from kg.viz.layout import components, layout, node_size


def _overlaps(g: nx.Graph, pos: dict) -> list:
    r = {v: node_size(d) for v, d in g.degree}
    return [
        (a, b) for a, b in itertools.combinations(g, 2) if math.dist(pos[a], pos[b]) < r[a] + r[b]
    ]


@pytest.fixture(scope="module")
def deals() -> nx.Graph:
    """One big component with hubs, 24 two-company deals, 8 of three, 10 lone nodes."""
    g = nx.barabasi_albert_graph(120, 2, seed=4)
    for k in range(24):
        g.add_edge(f"p{k}a", f"p{k}b")
    for k in range(8):
        nx.add_path(g, [f"t{k}a", f"t{k}b", f"t{k}c"])
    g.add_nodes_from(f"lone{k}" for k in range(10))
    return g


def test_no_two_drawn_nodes_overlap(deals: nx.Graph) -> None:
    pos = layout(deals)
    assert _overlaps(deals, pos) == []
    assert layout(deals) == pos  # seeded: the same graph, the same picture
    hubs = nx.barabasi_albert_graph(600, 3, seed=2)  # big hubs, drawn up to 40 px wide
    assert _overlaps(hubs, layout(hubs)) == []


def test_small_components_form_a_grid(deals: nx.Graph) -> None:
    pos = layout(deals)
    small = [c for c in components(deals) if len(c) <= 4]
    assert len(small) == 32
    boxes = []
    for comp in small:
        xs, ys = [pos[v][0] for v in comp], [pos[v][1] for v in comp]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    # Rows: components of one row share their vertical centre; columns: their horizontal
    # centres are one cell width apart.
    rows: dict[float, list[float]] = defaultdict(list)
    for x0, y0, x1, y1 in boxes:
        rows[round((y0 + y1) / 2, 1)].append((x0 + x1) / 2)
    assert 2 <= len(rows) < len(small)
    steps = {round(b - a, 1) for xs in rows.values() for a, b in itertools.pairwise(sorted(xs))}
    assert len(steps) == 1
    # No two small components share space, and the grid is apart from the big component.
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
    big = components(deals)[0]
    bx = [pos[v][0] for v in big]
    by = [pos[v][1] for v in big]
    for x0, y0, x1, y1 in boxes:
        assert x1 < min(bx) or x0 > max(bx) or y1 < min(by) or y0 > max(by)


def test_the_whole_suits_a_wide_canvas_and_lone_nodes_are_parked_below(deals: nx.Graph) -> None:
    pos = layout(deals)
    linked = [v for v in deals if deals.degree(v)]
    xs, ys = [pos[v][0] for v in linked], [pos[v][1] for v in linked]
    aspect = (max(xs) - min(xs)) / (max(ys) - min(ys))
    assert 0.8 < aspect < 2.2, aspect
    lone = [v for v in deals if not deals.degree(v)]
    assert min(pos[v][1] for v in lone) > max(ys)
