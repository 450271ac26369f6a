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
import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import VizError
from kg.viz.layout import components, layout
from kg.viz.qualifiers import describe, readable_date

ASSETS = Path(__file__).resolve().parent / "assets"

# Ontology classes -> (colour, vis shape). Shapes that scale with `size`, so degree shows.
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "Organization": ("#4e79a7", "dot"),
    "Country": ("#59a14f", "diamond"),
    "Place": ("#8cd17d", "triangle"),
    "Facility": ("#f28e2b", "square"),
    "Product": ("#e15759", "triangleDown"),
    "Technology": ("#b07aa1", "star"),
    "Person": ("#76b7b2", "hexagon"),
    "Resource": ("#9aa5b1", "dot"),
}
_EXTRA_COLOURS = ("#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#d37295", "#a0cbe8", "#ffbe7d")
MODALITY_DASHES: dict[str, Any] = {
    "Asserted": False,
    "Planned": [10, 6],
    "Negotiating": [10, 6],
    "Hedged": [2, 5],
    "Negated": [1, 8],
}
EDGE_COLOUR = "#7f8a99"
INFERRED_COLOUR = "#d9822b"
NEGATED_COLOUR = "#c0392b"
LABEL_MAX = 60
LARGE = 2000  # above this many nodes the page trades hover effects for speed
HUBS = 10  # the best-connected nodes, whose labels the page keeps readable at every zoom


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
    payload = _payload(g, notice=notice, title=title)
    return _fill(title, payload), (
        g.number_of_nodes(),
        g.number_of_edges(),
        total_nodes,
        total_edges,
    )


# -- data ------------------------------------------------------------------------------------


def _payload(g: nx.Graph, *, notice: str, title: str) -> dict[str, Any]:
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    pos = layout(g)
    degree = dict(g.degree)
    n = g.number_of_nodes()
    ids = {node: i for i, node in enumerate(g)}
    component = {v: i for i, comp in enumerate(components(g)) for v in comp}
    # Unconnected nodes start hidden (parked below the components) unless nothing is connected.
    park = g.number_of_edges() > 0
    hubs = {
        v for v, d in sorted(degree.items(), key=lambda vd: (-vd[1], ids[vd[0]]))[:HUBS] if d > 0
    }
    net = Network(
        directed=g.is_directed(),
        height="100%",
        width="100%",
        heading=title,
        cdn_resources="in_line",
    )
    styles = _class_styles(g)
    meta_nodes: list[dict[str, Any]] = []
    # pyvis's add_node/add_edge check membership in a list (quadratic at 10,000 nodes), so we
    # build its Node/Edge records directly; the resulting structures are the same.
    for node, data in g.nodes(data=True):
        ntype = str(data.get("type") or "Resource")
        colour, shape = styles[ntype]
        label = str(data.get("label") if data.get("label") is not None else node)
        x, y = pos[node]
        vid = ids[node]
        rec = Node(
            vid,
            shape,
            _short(label),
            x=x,
            y=y,
            physics=False,
            size=round(min(45.0, 8.0 + 5.0 * math.sqrt(degree[node])), 1),
            color={
                "background": colour,
                "border": _darker(colour),
                "highlight": {"background": colour, "border": "#1d2733"},
                "hover": {"background": colour, "border": "#1d2733"},
            },
        ).options
        if park and degree[node] == 0:
            rec["hidden"] = True
        net.nodes.append(rec)
        net.node_ids.append(vid)
        net.node_map[vid] = rec
        meta_nodes.append(
            {
                "label": label,
                "type": ntype,
                "typeLabel": str(data.get("type_label") or ntype),
                "aliases": [str(a) for a in data.get("aliases", ())],
                "iri": str(data.get("iri") or node),
                "degree": degree[node],
                "component": component.get(node, -1),
                "hub": node in hubs,
            }
        )

    meta_edges: list[dict[str, Any]] = []
    days: list[str] = []
    pair_count: dict[frozenset[Any], int] = {}
    for u, v in g.edges():
        pair = frozenset((u, v))
        pair_count[pair] = pair_count.get(pair, 0) + 1
    pair_seen: dict[frozenset[Any], int] = {}
    relations: dict[str, dict[str, Any]] = {}
    modalities_seen: set[str] = set()
    edge_iter = (
        g.edges(data=True, keys=True)
        if g.is_multigraph()
        else ((u, v, None, d) for u, v, d in g.edges(data=True))
    )
    for eid, (u, v, key, data) in enumerate(edge_iter):
        predicate = str(data.get("predicate") or (key if isinstance(key, str) else "") or "")
        rel_label = str(data.get("label") or "")
        modality = str(data.get("modality") or "Asserted")
        inferred = bool(data.get("inferred"))
        facts = [_clean_fact(f) for f in data.get("facts", ())]
        modalities_seen.update(f["modality"] for f in facts)
        days.extend(d for f in facts for d in (f.get("dateFrom"), f.get("dateTo")) if d)
        if not facts:
            modalities_seen.add("Asserted")
        conf = data.get("confidence")
        conf = 1.0 if conf is None else float(conf)
        colour = (
            NEGATED_COLOUR
            if modality == "Negated"
            else INFERRED_COLOUR
            if inferred
            else EDGE_COLOUR
        )
        opts: dict[str, Any] = {
            "id": eid,
            "dashes": MODALITY_DASHES.get(modality, False),
            "width": round(1.0 + 2.0 * conf, 2),
            "color": {"color": colour, "highlight": "#1f4e99", "hover": "#1f4e99"},
        }
        if rel_label:
            opts["label"] = _short(rel_label + (" (inferred)" if inferred else ""))
        pair = frozenset((u, v))
        if pair_count[pair] > 1 or u == v:
            k = pair_seen.get(pair, 0)
            pair_seen[pair] = k + 1
            opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 + 0.2 * k}
        net.edges.append(Edge(ids[u], ids[v], g.is_directed(), **opts).options)
        rel_key = predicate or rel_label
        if rel_key:
            rel = relations.setdefault(
                rel_key, {"key": rel_key, "label": rel_label or rel_key, "count": 0}
            )
            rel["count"] += 1
        meta_edges.append(
            {
                "relation": rel_key,
                "label": rel_label,
                "predicate": predicate,
                "modality": modality,
                "confidence": conf,
                "inferred": inferred,
                "facts": facts,
            }
        )

    net.options = _options(n, directed=g.is_directed())
    vis_nodes, vis_edges, _heading, _h, _w, options_json = net.get_network_data()
    counts: dict[str, int] = {}
    for m in meta_nodes:
        counts[m["type"]] = counts.get(m["type"], 0) + 1
    legend = [
        {
            "type": t,
            "label": next(m["typeLabel"] for m in meta_nodes if m["type"] == t),
            "color": styles[t][0],
            "shape": styles[t][1],
            "count": c,
        }
        for t, c in sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))
    ]
    order = {m: i for i, m in enumerate(MODALITY_DASHES)}
    return {
        "vis": {"nodes": vis_nodes, "edges": vis_edges, "options": json.loads(options_json)},
        "meta": {
            "title": title,
            "nodes": meta_nodes,
            "edges": meta_edges,
            "legend": legend,
            "relations": sorted(relations.values(), key=lambda r: r["label"].casefold()),
            "modalities": sorted(modalities_seen, key=lambda m: order.get(m, 99)),
            "notice": notice,
            "large": n > LARGE,
            "focus": _focus_id(g, ids),
            "park": park,
            # The date filter's bounds: the first and last day any fact is dated to.
            "dates": {"min": min(days), "max": max(days)} if days else None,
        },
    }


def _focus_id(g: nx.Graph, ids: dict[Any, int]) -> int | None:
    focus = g.graph.get("focus")
    return ids.get(focus) if focus is not None else None


def _options(n: int, *, directed: bool = True) -> dict[str, Any]:
    large = n > LARGE
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": not large,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "tooltipDelay": 300,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "color": "#1d2733",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.6}},
            "selectionWidth": 2,
            "font": {
                "size": 11,
                "align": "middle",
                "color": "#3b4654",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
    }


def _class_styles(g: nx.Graph) -> dict[str, tuple[str, str]]:
    styles = dict(CLASS_STYLE)
    extra = sorted({str(d.get("type") or "Resource") for _, d in g.nodes(data=True)} - set(styles))
    for i, t in enumerate(extra):
        styles[t] = (_EXTRA_COLOURS[i % len(_EXTRA_COLOURS)], "dot")
    return styles


def _clean_fact(f: dict[str, Any]) -> dict[str, Any]:
    keep = (
        "statement",
        "modality",
        "confidence",
        "evidence",
        "start",
        "end",
        "inferred",
        "article",
        "title",
        "publisher",
        "path",
        "url",
        "issued",
        "premises",
        "dateFrom",
        "dateTo",
        "dateBy",
    )
    out = {k: f.get(k) for k in keep if f.get(k) is not None}
    if f.get("published"):
        out["published"] = readable_date(str(f["published"])) or str(f["published"])
    quals = {str(k): str(v) for k, v in (f.get("qualifiers") or {}).items()}
    if quals:
        # Raw values for consoles and notebooks; readable ones ("$2.3 billion") for the panel.
        out["qualifiers"] = quals
        out["quals"] = [list(kt) for kt in describe(quals)]
    out.setdefault("modality", "Asserted")
    out["inferred"] = bool(f.get("inferred"))
    out["restates"] = bool(f.get("restates"))
    if f.get("premises"):
        out["premises"] = [dict(_clean_fact(p), text=str(p.get("text", ""))) for p in f["premises"]]
    return out


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (r, g, b)))


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


@functools.lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    try:
        return {
            name: (ASSETS / name).read_text("utf-8")
            for name in (
                "page.html",
                "page.css",
                "page.js",
                "vis-network.css",
                "vis-network.min.js",
            )
        }
    except OSError as exc:
        raise VizError(f"page asset missing: {exc.filename}") from exc


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _fill(title: str, payload: dict[str, Any]) -> str:
    a = _assets()
    for name in ("vis-network.min.js", "page.js"):
        if re.search(r"</script|<!--", a[name], re.IGNORECASE):
            raise VizError(f"asset {name} cannot be inlined (contains </script or <!--)")
    # Only our two inline scripts may run: an injected <script> or onerror= would be refused
    # by the browser even if some bug let markup through.
    csp = (
        "default-src 'none'; "
        f"script-src {_sha256(a['vis-network.min.js'])} {_sha256(a['page.js'])}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    values = {
        "TITLE": html.escape(title),
        "CSP": html.escape(csp),
        "VIS_CSS": a["vis-network.css"],
        "PAGE_CSS": a["page.css"],
        "VIS_JS": a["vis-network.min.js"],
        "PAGE_JS": a["page.js"],
        "DATA": script_json(payload),
    }
    # One pass, so text inside the data can never be mistaken for a placeholder.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], a["page.html"])
