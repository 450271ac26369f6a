"""Node positions computed in Python, so the browser runs no physics at all.

pyvis's default page lets vis-network's physics settle the graph in the browser, which takes
minutes for a few thousand nodes. Here small graphs use networkx's Fruchterman-Reingold
(exact, O(n²) per step, fine below a few hundred nodes); larger ones use the same forces with
the all-pairs repulsion replaced by a particle-mesh approximation: node density is binned on a
grid and convolved with the repulsion kernel by FFT, which is O(n + G² log G) per step. numpy
only (no scipy here), about a second for 10,000 nodes.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

from kg.viz.spread import spread

SPACING = 90.0  # desired length of a typical edge, in vis-network canvas pixels
# Small graphs get longer edges: their names and relation labels must fit when fitted.
SPACINGS = ((50, 230.0), (200, 150.0))  # (up to this many connected nodes, edge length)
ROOM = 45.0  # and at least this much room per node, so dense cores do not overlap
GAP = 8.0  # the least room between two drawn nodes (after the layout spreads them)
EXACT_LIMIT = 400  # networkx's dense spring layout below this many nodes
SMALL = 4  # components of at most this many nodes go into one grid
ASPECT = 1.3  # width / height of the canvas the first view is fitted to (a wide window)


def node_size(degree: int) -> float:
    """The vis-network `size` of a node (a dot's radius, canvas pixels): grows with degree."""
    return round(min(40.0, 6.0 + 4.0 * math.sqrt(degree)), 1)


def spacing_for(connected: int) -> float:
    return next((s for limit, s in SPACINGS if connected <= limit), SPACING)


def layout(
    g: nx.Graph, *, seed: int = 7, sizes: dict[Hashable, float] | None = None
) -> dict[Hashable, tuple[float, float]]:
    """Canvas coordinates for every node of `g`: connected components laid out one by one and
    packed (biggest first, top left; components of up to four nodes in one compact grid),
    nodes without any edge parked in a grid below them. `sizes`: drawn radii (by default
    `node_size` of the degree); the layout keeps drawn nodes from overlapping.

    A single layout of the whole graph spreads the components over a ring with the unconnected
    nodes around it, and fitting that ring leaves every component a speck; packed, the biggest
    component fills most of the fitted view and the page can hide the parked nodes."""
    nodes = list(g)
    if not nodes:
        return {}
    radius = sizes or {v: node_size(d) for v, d in g.degree}
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    isolated = [v for v in nodes if g.degree(v) == 0]
    if len(isolated) == len(nodes):
        return _grid(nodes, width=_grid_width(len(nodes)), top=0.0)
    comps = components(g)
    spacing = spacing_for(sum(len(c) for c in comps))
    boxes = [
        _component(simple, c, seed=seed, spacing=spacing, radius=radius)
        for c in comps
        if len(c) > SMALL
    ]
    small = [
        _component(simple, c, seed=seed, spacing=spacing, radius=radius)
        for c in comps
        if len(c) <= SMALL
    ]
    pos, width, height = _pack_with_grid(boxes, small, gap=spacing * 0.8)
    if isolated:
        pos.update(
            _grid(
                isolated, width=max(width, _grid_width(len(isolated))), top=height + spacing * 1.5
            )
        )
    return {v: (round(float(x), 1), round(float(y), 1)) for v, (x, y) in pos.items()}


PARK_CELL = (170.0, 60.0)  # parked nodes: room for a label beside each dot


def components(g: nx.Graph) -> list[list[Hashable]]:
    """Connected components of the nodes that have an edge, biggest first (ties: the order of
    `g`), each in the order of `g`."""
    order = {v: i for i, v in enumerate(g)}
    linked = nx.Graph()
    linked.add_nodes_from(v for v in g if g.degree(v) > 0)
    linked.add_edges_from((u, v) for u, v in g.edges() if u != v)
    comps = [sorted(c, key=order.__getitem__) for c in nx.connected_components(linked)]
    comps.sort(key=lambda c: (-len(c), order[c[0]]))
    return comps


def _grid_width(n: int) -> float:
    return math.ceil(math.sqrt(n * 2)) * PARK_CELL[0]


def _grid(
    nodes: list[Hashable], *, width: float, top: float
) -> dict[Hashable, tuple[float, float]]:
    cols = max(1, int(width // PARK_CELL[0]))
    return {
        v: ((i % cols) * PARK_CELL[0], top + (i // cols) * PARK_CELL[1])
        for i, v in enumerate(nodes)
    }


Box = tuple[dict[Hashable, tuple[float, float]], float, float]


def _component(
    g: nx.Graph,
    comp: list[Hashable],
    *,
    seed: int,
    spacing: float,
    radius: dict[Hashable, float],
) -> Box:
    """One component's positions, spread so no two drawn nodes overlap, shifted so its
    bounding box starts at (0, 0)."""
    n = len(comp)
    if n == 1:
        xy = np.zeros((1, 2))
    elif n == 2:
        xy = np.array([[0.0, 0.0], [spacing, 0.0]])
    else:
        sub = g.subgraph(comp)
        edges = edges_of(sub, comp)
        if n <= 4:  # a deal of three or four: a polygon, no need to simulate (news has many)
            raw = nx.circular_layout(comp)
            xy = np.array([raw[v] for v in comp], dtype=float)
        elif n <= EXACT_LIMIT:
            raw = nx.spring_layout(sub, seed=seed, iterations=200 if n > 12 else 60)
            xy = np.array([raw[v] for v in comp], dtype=float)
        else:
            xy = mesh_layout(n, edges, seed=seed)
        xy = _widen(np.array(_to_canvas(xy, edges, spacing)))
    xy = spread(xy, np.array([radius[v] for v in comp]), gap=GAP)
    xy = xy - xy.min(axis=0)
    w, h = (float(v) for v in xy.max(axis=0))
    return {v: (float(x), float(y)) for v, (x, y) in zip(comp, xy, strict=True)}, w, h


def _pack_with_grid(
    boxes: list[Box], small: list[Box], *, gap: float, aspect: float = ASPECT
) -> tuple[dict[Hashable, tuple[float, float]], float, float]:
    """The components packed, the small ones in one grid: of the grid's possible widths, the
    one that lets the whole fill a canvas of `aspect` best (the grid then sits in the column
    beside the biggest component when there is room, else below it)."""
    if not small:
        return _pack(boxes, gap=gap, aspect=aspect)
    best: tuple[float, tuple[dict[Hashable, tuple[float, float]], float, float]] | None = None
    for cols in _column_counts(len(small)):
        packed = _pack([*boxes, _small_grid(small, gap=gap, cols=cols)], gap=gap, aspect=aspect)
        _, w, h = packed
        extent = max(w / aspect, h)  # what the fitted view must hold
        if best is None or extent < best[0] - 1e-6:
            best = (extent, packed)
    assert best is not None
    return best[1]


def _column_counts(n: int) -> list[int]:
    counts, c = {1, n}, 1.0
    while c < n:
        counts.add(int(c))
        c *= 1.25
    return sorted(counts)


def _small_grid(boxes: list[Box], *, gap: float, cols: int) -> Box:
    """The small components (deals of two to four companies) in one grid of `cols` columns as
    wide as the widest, rows as tall as their tallest, biggest first, so the eye reads rows."""
    cell_w = max(w for _, w, _ in boxes) + gap
    pos: dict[Hashable, tuple[float, float]] = {}
    top = 0.0
    for start in range(0, len(boxes), cols):
        row = boxes[start : start + cols]
        row_h = max(h for _, _, h in row)
        for k, (xy, w, h) in enumerate(row):
            # Centred in its cell, so a pair lines up with the triangle above it.
            dx, dy = k * cell_w + (cell_w - gap - w) / 2, top + (row_h - h) / 2
            pos.update({v: (x + dx, y + dy) for v, (x, y) in xy.items()})
        top += row_h + gap * 0.6
    return pos, min(cols, len(boxes)) * cell_w - gap, top - gap * 0.6


def _widen(xy: np.ndarray, aspect: float = 1.3, stretch: float = 1.6) -> np.ndarray:
    """Turn the component's long axis horizontal (screens are wider than tall), and stretch a
    long thin one across, up to `stretch`, towards `aspect`: it then fills a fitted view."""
    centred = xy - xy.mean(axis=0)
    _, vecs = np.linalg.eigh(np.cov(centred.T))
    rotated = centred @ vecs[:, ::-1]
    w, h = np.ptp(rotated, axis=0)
    if h > 1e-9 and w / h > aspect:
        rotated[:, 1] *= min(stretch, w / h / aspect)
    return rotated


def _pack(
    boxes: list[Box], *, gap: float, aspect: float = ASPECT
) -> tuple[dict[Hashable, tuple[float, float]], float, float]:
    """Guillotine packing: the first (biggest) box top left, the others in shelves in the
    column to its right while they fit beside it, then in shelves below. The total width aims
    at `aspect` (a wide browser window), so fitting the whole leaves little blank canvas."""
    sizes = [(w + gap, h + gap) for _, w, h in boxes]
    area = sum(w * h for w, h in sizes)
    first_w, first_h = sizes[0]
    width = max(first_w, math.sqrt(area * aspect), max(w for w, _ in sizes))
    placed: list[tuple[float, float]] = [(0.0, 0.0)]
    # Shelf state per region: (left, right, next y, current shelf x, current shelf height).
    column = [first_w, width, 0.0, first_w, 0.0]
    below = [0.0, width, first_h, 0.0, 0.0]
    for w, h in sizes[1:]:
        for region, limit in ((column, first_h), (below, math.inf)):
            if _shelf_put(region, w, h, limit, placed):
                break
    pos: dict[Hashable, tuple[float, float]] = {}
    for (offset_x, offset_y), (xy, _, _) in zip(placed, boxes, strict=True):
        for v, (x, y) in xy.items():
            pos[v] = (x + offset_x, y + offset_y)
    total_h = max(y + h for (_, y), (_, h) in zip(placed, sizes, strict=True))
    return pos, width, total_h


def _shelf_put(
    region: list[float], w: float, h: float, limit: float, placed: list[tuple[float, float]]
) -> bool:
    left, right, y, x, shelf_h = region
    if left + w > right:
        return False
    if x + w > right:  # next shelf
        y, x, shelf_h = y + shelf_h, left, 0.0
    if y + h > limit:
        return False
    placed.append((x, y))
    region[2:] = [y, x + w, max(shelf_h, h)]
    return True


def edges_of(g: nx.Graph, nodes: list[Hashable]) -> np.ndarray:
    index = {v: i for i, v in enumerate(nodes)}
    return np.array([(index[u], index[v]) for u, v in g.edges()], dtype=np.int64).reshape(-1, 2)


def _to_canvas(
    xy: np.ndarray, edges: np.ndarray, spacing: float = SPACING
) -> list[tuple[float, float]]:
    """Scale so a typical edge is `spacing` pixels long and each node has ROOM pixels around it
    (small-world graphs have long edges between nodes that sit close together); overlaps
    left by big nodes are for `spread`."""
    xy = xy - xy.mean(axis=0)
    lo, hi = np.percentile(xy, 5, axis=0), np.percentile(xy, 95, axis=0)
    room = math.sqrt(max(float(np.prod(hi - lo)), 1e-18) / (0.9 * 0.9 * len(xy)))
    scale = ROOM / room
    if len(edges):
        typical = float(np.median(np.linalg.norm(xy[edges[:, 0]] - xy[edges[:, 1]], axis=1)))
        if typical > 1e-9:
            scale = max(scale, spacing / typical)
    xy = xy * scale
    return [(round(float(x), 1), round(float(y), 1)) for x, y in xy]


def mesh_layout(
    n: int, edges: np.ndarray, *, seed: int = 7, iterations: int = 120, grid: int | None = None
) -> np.ndarray:
    """Fruchterman-Reingold with particle-mesh repulsion. Returns n x 2 positions."""
    rng = np.random.default_rng(seed)
    k = 1.0  # ideal edge length in layout units
    side = k * math.sqrt(n) * 1.2
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    g_size = grid or int(min(256, max(32, 2 * math.ceil(math.sqrt(n)))))
    kernel_cache: dict[float, tuple[np.ndarray, np.ndarray]] = {}
    src, dst = (edges[:, 0], edges[:, 1]) if len(edges) else (np.zeros(0, int), np.zeros(0, int))
    mass = np.ones(n)
    temp = side / 8
    cooling = (temp / 200) ** (1 / iterations)
    for _ in range(iterations):
        disp = _repulsion(pos, mass, k, g_size, kernel_cache)
        if len(edges):
            delta = pos[dst] - pos[src]
            dist = np.linalg.norm(delta, axis=1) + 1e-9
            pull = delta * (dist / k)[:, None]
            disp[:, 0] += np.bincount(src, pull[:, 0], n) - np.bincount(dst, pull[:, 0], n)
            disp[:, 1] += np.bincount(src, pull[:, 1], n) - np.bincount(dst, pull[:, 1], n)
        # Weak gravity keeps separate components on screen instead of drifting away.
        disp -= pos * (0.02 * mass / side)[:, None] * k
        length = np.linalg.norm(disp, axis=1) + 1e-9
        step = np.minimum(length, temp)
        pos += disp * (step / length)[:, None]
        temp *= cooling
    return pos


def _repulsion(
    pos: np.ndarray,
    mass: np.ndarray,
    k: float,
    g_size: int,
    cache: dict[float, tuple[np.ndarray, np.ndarray]],
) -> np.ndarray:
    """Approximate sum over other nodes j of m_i m_j k² (p_i - p_j) / |p_i - p_j|²."""
    lo = pos.min(axis=0)
    span = float((pos.max(axis=0) - lo).max()) * 1.0001 + 1e-9
    cell = span / g_size
    ij = np.minimum(((pos - lo) / cell).astype(np.int64), g_size - 1)
    flat = ij[:, 0] * g_size + ij[:, 1]
    density = np.bincount(flat, weights=mass, minlength=g_size * g_size)
    density = density.reshape(g_size, g_size)
    # Kernels over offsets -(G-1)..(G-1) cells, zero-padded to 2G so the FFT does not wrap.
    size = 2 * g_size
    key = round(cell, 12)
    if key not in cache:
        cache.clear()
        off = np.arange(size)
        off = np.where(off < g_size, off, off - size).astype(float) * cell
        dx, dy = np.meshgrid(off, off, indexing="ij")
        r2 = dx * dx + dy * dy
        r2[0, 0] = np.inf  # no self force from the node's own cell...
        cache[key] = (np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2))
    kx, ky = cache[key]
    dens_f = np.fft.rfft2(density, s=(size, size))
    fx = np.fft.irfft2(dens_f * kx, s=(size, size))[:g_size, :g_size]
    fy = np.fft.irfft2(dens_f * ky, s=(size, size))[:g_size, :g_size]
    out = np.empty_like(pos)
    out[:, 0] = fx.ravel()[flat]
    out[:, 1] = fy.ravel()[flat]
    # ...so nodes sharing a cell push each other apart from the cell's centre of mass.
    centre = np.stack([np.bincount(flat, pos[:, d] * mass, g_size * g_size) for d in (0, 1)], 1)
    count = np.bincount(flat, mass, g_size * g_size)
    rel = pos - centre[flat] / count[flat][:, None]
    r2 = (rel * rel).sum(axis=1) + (0.05 * k) ** 2
    out += rel * ((count[flat] - mass) / r2)[:, None]
    return out * (k * k) * mass[:, None]
