"""networkx graph -> the page's data: vis-network nodes, edges and options (built with pyvis,
positions precomputed, physics off) and the metadata the page script reads (names, types,
aliases, IRIs, the facts behind every edge, legend, relations, modalities, date bounds)."""

from __future__ import annotations

import json
import math
from typing import Any

import networkx as nx

from kg.viz.layout import components, layout
from kg.viz.qualifiers import describe, readable_date

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


def build_payload(g: nx.Graph, *, notice: str, title: str) -> dict[str, Any]:
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
