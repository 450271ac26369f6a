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

SPACING = 90.0  # desired length of a typical edge, in vis-network canvas pixels
ROOM = 45.0  # and at least this much room per node, so dense cores do not overlap
EXACT_LIMIT = 400  # networkx's dense spring layout below this many nodes


def layout(g: nx.Graph, *, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Canvas coordinates for every node of `g`, centred on the origin."""
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    edges = edges_of(simple, nodes)
    if n <= EXACT_LIMIT:
        pos = nx.spring_layout(simple, seed=seed, iterations=200)
        xy = np.array([pos[v] for v in nodes], dtype=float)
    else:
        xy = mesh_layout(n, edges, seed=seed)
    # Small graphs get long edges: their relation labels must be readable at zoom 1, the
    # closest vis-network's fit() goes.
    spacing = 230.0 if n <= 50 else 150.0 if n <= 200 else SPACING
    return dict(zip(nodes, _to_canvas(xy, edges, spacing), strict=True))


def edges_of(g: nx.Graph, nodes: list[Hashable]) -> np.ndarray:
    index = {v: i for i, v in enumerate(nodes)}
    return np.array([(index[u], index[v]) for u, v in g.edges()], dtype=np.int64).reshape(-1, 2)


def _to_canvas(xy: np.ndarray, edges: np.ndarray,
               spacing: float = SPACING) -> list[tuple[float, float]]:
    """Scale so a typical edge is `spacing` pixels long and each node has ROOM pixels around it
    (small-world graphs have long edges between nodes that sit close together)."""
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


def mesh_layout(n: int, edges: np.ndarray, *, seed: int = 7, iterations: int = 120,
                grid: int | None = None) -> np.ndarray:
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


def _repulsion(pos: np.ndarray, mass: np.ndarray, k: float, g_size: int,
               cache: dict[float, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
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
