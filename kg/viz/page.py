"""networkx graph -> one self-contained, offline, script-safe HTML page (vis-network via pyvis).

Why not `pyvis.Network.write_html`: its template loads bootstrap from a CDN even with
`cdn_resources="in_line"`, runs physics in the browser (minutes for 2,000 nodes) and renders
node/edge `title`s as HTML. We still build the vis-network nodes, edges and options with pyvis,
then write our own page: positions precomputed in Python with physics off, every asset inlined,
data embedded as JSON that the page script turns into DOM text (never markup), and a CSP that
only lets our own inline scripts run (by hash) and forbids any request.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import VizError
from kg.viz.payload import build_payload

ASSETS = Path(__file__).resolve().parent / "assets"


@dataclass(frozen=True)
class RenderInfo:
    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    bytes: int
    seconds: float

    @property
    def capped(self) -> bool:
        return self.nodes < self.total_nodes

    def __str__(self) -> str:
        text = f"{self.nodes} nodes, {self.edges} edges, {self.bytes / 1e6:.1f} MB"
        if self.capped:
            text += f"; capped: {self.nodes} of {self.total_nodes} nodes (top by degree)"
        return text


def render(
    graph: nx.Graph, out_path: str | Path, *, title: str = "kg graph", max_nodes: int = 5000
) -> RenderInfo:
    """Write `graph` as one HTML file that works from disk with no network."""
    started = time.perf_counter()
    if max_nodes < 1:
        raise VizError(f"--max-nodes must be at least 1, not {max_nodes}")
    page, (n_nodes, n_edges, total_nodes, total_edges) = page_html(
        graph, title=title, max_nodes=max_nodes
    )
    out = Path(out_path)
    data = page.encode("utf-8")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        raise VizError(f"cannot write the page: {exc.strerror or exc}", path=str(out)) from exc
    return RenderInfo(
        out, n_nodes, n_edges, total_nodes, total_edges, len(data), time.perf_counter() - started
    )


def page_html(
    graph: nx.Graph, *, title: str = "kg graph", max_nodes: int = 5000
) -> tuple[str, tuple[int, int, int, int]]:
    """The page as a string, and (nodes, edges, total nodes, total edges)."""
    total_nodes, total_edges = graph.number_of_nodes(), graph.number_of_edges()
    g = graph
    notice = ""
    if total_nodes > max_nodes:
        # A browser holds a few thousand nodes comfortably; beyond that keep the hubs.
        ranked = sorted(graph.degree, key=lambda nd: (-nd[1], str(nd[0])))
        g = graph.subgraph([n for n, _ in ranked[:max_nodes]])
        notice = (
            f"Showing the {max_nodes:,} best-connected of {total_nodes:,} nodes "
            f"({g.number_of_edges():,} of {total_edges:,} edges). Narrow the graph "
            "with --focus, --query or --min-confidence to see the rest."
        )
    payload = build_payload(g, notice=notice, title=title)
    return _fill(title, payload), (
        g.number_of_nodes(),
        g.number_of_edges(),
        total_nodes,
        total_edges,
    )


# -- page ------------------------------------------------------------------------------------


def script_json(value: Any) -> str:
    """JSON that is inert inside <script>: no `</script>`, `<!--`, or JS line terminators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# The inline scripts, in the order the page runs them, by their placeholder in page.html.
SCRIPTS = {
    "VIS_JS": "vis-network.min.js",
    "LAYOUT_JS": "layout.js",
    "LABELS_JS": "labels.js",
    "PANEL_JS": "panel.js",
    "TIMELINE_JS": "timeline.js",
    "FILTERS_JS": "filters.js",
    "PAGE_JS": "page.js",
}


@functools.lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    try:
        return {
            name: (ASSETS / name).read_text("utf-8")
            for name in ("page.html", "page.css", "vis-network.css", *SCRIPTS.values())
        }
    except OSError as exc:
        raise VizError(f"page asset missing: {exc.filename}") from exc


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _fill(title: str, payload: dict[str, Any]) -> str:
    a = _assets()
    for name in SCRIPTS.values():
        if re.search(r"</script|<!--", a[name], re.IGNORECASE):
            raise VizError(f"asset {name} cannot be inlined (contains </script or <!--)")
    # Only our own inline scripts may run: an injected <script> or onerror= would be refused
    # by the browser even if some bug let markup through.
    hashes = " ".join(_sha256(a[name]) for name in SCRIPTS.values())
    csp = (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    values = {
        "TITLE": html.escape(title),
        "CSP": html.escape(csp),
        "VIS_CSS": a["vis-network.css"],
        "PAGE_CSS": a["page.css"],
        "DATA": script_json(payload),
        **{key: a[name] for key, name in SCRIPTS.items()},
    }
    # One pass, so text inside the data can never be mistaken for a placeholder.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], a["page.html"])
