"""Helpers of the graph page tests: where screenshots go, and what the page shows, read from
vis-network's own state (positions, sizes, hidden flags) and the page's embedded data, never
from the page's account of what it drew (that is tests/support/drawn.py's job)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from support.browser import open_page
from support.drawn import INSTRUMENT

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO / "out" / "test-artefacts"
KGO = "http://kg.example.org/ontology#"


def open_graph(browser: Any, html: Path) -> tuple[Any, Any]:
    """The page at 1400 x 900, every canvas text call recorded."""
    return open_page(browser, html, init_script=INSTRUMENT)


def screenshot(page: Any, name: str) -> Path:
    """Keep what the browser showed as a test artefact (out/test-artefacts/, printed)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path


# Shown nodes (viewport position, drawn radius in px, name, type, shown degree) and shown
# edges (ends, relation label, midpoint in the viewport), the canvas box and the zoom.
SHOWN = """() => {
  const net = window.network, scale = net.getScale();
  const r = net.canvas.frame.canvas.getBoundingClientRect();
  const dom = (p) => { const d = net.canvasToDOM(p); return [d.x + r.left, d.y + r.top]; };
  const meta = JSON.parse(document.getElementById("kg-data").textContent).meta;
  const nodes = {}, edges = [];
  for (const k of net.body.edgeIndices) {
    const e = net.body.edges[k];
    if (e.options.hidden || !e.connected || e.from.options.hidden || e.to.options.hidden) continue;
    const m = meta.edges[k];
    edges.push({id: Number(k), from: e.fromId, to: e.toId, label: m.label,
                inferred: m.inferred, mid: dom(e.edgeType.getPoint(0.5))});
  }
  for (const k of Object.keys(net.body.nodes)) {
    const n = net.body.nodes[k];
    if (String(k).startsWith("edgeId") || n.options.hidden) continue;
    nodes[k] = {id: Number(k), xy: dom({x: n.x, y: n.y}), x: n.x, y: n.y,
                r: n.options.size * scale, size: n.options.size, name: meta.nodes[k].label,
                type: meta.nodes[k].typeLabel, degree: 0};
  }
  for (const e of edges) { nodes[e.from].degree += 1; nodes[e.to].degree += 1; }
  return {canvas: [r.left, r.top, r.right, r.bottom], scale, nodes: Object.values(nodes), edges};
}"""

NAMES = """() => JSON.parse(document.getElementById("kg-data").textContent)
    .meta.nodes.map(m => m.label)"""


def shown(page: Any) -> dict[str, Any]:
    return page.evaluate(SHOWN)


def inside(xy: Any, canvas: list[float]) -> bool:
    return canvas[0] <= xy[0] <= canvas[2] and canvas[1] <= xy[1] <= canvas[3]


def connected_in_view(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in view["nodes"] if n["degree"] > 0 and inside(n["xy"], view["canvas"])]


def fill(view: dict[str, Any]) -> float:
    """The share of the canvas the bounding box of the shown nodes' centres covers."""
    xs = [n["xy"][0] for n in view["nodes"]]
    ys = [n["xy"][1] for n in view["nodes"]]
    c = view["canvas"]
    return (max(xs) - min(xs)) * (max(ys) - min(ys)) / ((c[2] - c[0]) * (c[3] - c[1]))


def overlapping_nodes(view: dict[str, Any], slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of shown nodes whose drawn discs overlap (in canvas units, zoom-free)."""
    nodes = sorted(view["nodes"], key=lambda n: n["x"])
    out = []
    widest = max((n["size"] for n in nodes), default=0.0)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if b["x"] - a["x"] > a["size"] + widest:
                break
            if math.hypot(a["x"] - b["x"], a["y"] - b["y"]) < a["size"] + b["size"] - slack:
                out.append((a["name"], b["name"]))
    return out


def positions(page: Any) -> dict[int, tuple[float, float]]:
    """Where vis-network has every node now (its getPositions rounds to whole pixels)."""
    raw = page.evaluate("""() => Object.entries(window.network.body.nodes)
        .filter(([k]) => !k.startsWith("edgeId")).map(([k, n]) => [k, n.x, n.y])""")
    return {int(k): (round(x, 3), round(y, 3)) for k, x, y in raw}


def original_positions(page: Any) -> dict[int, tuple[float, float]]:
    """The full graph's layout, as Python wrote it into the page."""
    raw = page.evaluate("""() => JSON.parse(document.getElementById("kg-data").textContent)
        .vis.nodes.map(n => [n.id, n.x, n.y])""")
    return {int(i): (x, y) for i, x, y in raw}


def same_places(now: dict[int, Any], then: dict[int, Any]) -> bool:
    """The same nodes at the same places; vis-network keeps positions in whole pixels."""
    return now.keys() == then.keys() and all(
        abs(now[k][0] - then[k][0]) < 1 and abs(now[k][1] - then[k][1]) < 1 for k in now
    )
