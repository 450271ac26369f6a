"""networkx graph -> the page's data: vis-network nodes, edges and options (built with pyvis,
positions precomputed, physics off) and the metadata the page script reads (names, types,
aliases, IRIs, the facts behind every edge, legend, relations, modalities, date bounds)."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from kg.model import STATUSES
from kg.viz.fact_edges import timeline_payload
from kg.viz.facts import STATEMENT_FIELDS
from kg.viz.layout import (
    GAP,
    PARK_CELL,
    ROOM,
    SMALL,
    SPACING,
    SPACINGS,
    components,
    layout,
    node_size,
)
from kg.viz.naming import display_names
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
# A fact's current status (kg.rdf.timeline) is drawn like the modality of that name; Ended (a
# stake sold, talks broken off) in a line of its own.
STATUS_DASHES: dict[str, Any] = {**MODALITY_DASHES, "Ended": [8, 4, 2, 4]}
EDGE_COLOUR = "#7f8a99"
INFERRED_COLOUR = "#d9822b"
NEGATED_COLOUR = "#c0392b"
ENDED_COLOUR = "#8a6d5a"
LARGE = 2000  # above this many nodes the page trades hover effects for speed


def build_payload(g: nx.Graph, *, notice: str, title: str) -> dict[str, Any]:
    from pyvis.network import Network

    n = g.number_of_nodes()
    ids = {node: i for i, node in enumerate(g)}
    net = Network(
        directed=g.is_directed(),
        height="100%",
        width="100%",
        heading=title,
        cdn_resources="in_line",
    )
    styles = _class_styles(g)
    # Unconnected nodes start hidden (parked below the components) unless nothing is connected.
    park = g.number_of_edges() > 0
    meta_nodes = _nodes(g, net, ids, styles, park=park)
    meta_edges = _edges(g, net, ids)
    net.options = _options(n, directed=g.is_directed())
    vis_nodes, vis_edges, _heading, _h, _w, options_json = net.get_network_data()
    relations: dict[str, dict[str, Any]] = {}
    for e in meta_edges:
        if e["relation"]:
            rel = relations.setdefault(
                e["relation"], {"key": e["relation"], "label": e["label"] or e["relation"]}
            )
            rel["count"] = rel.get("count", 0) + 1
    modalities = {f["modality"] for e in meta_edges for f in e["facts"]}
    modalities |= {"Asserted" for e in meta_edges if not e["facts"]}
    days = [d for e in meta_edges for f in e["facts"] for d in (f.get("dateFrom"), f.get("dateTo"))]
    days = [d for d in days if d]
    order = {m: i for i, m in enumerate(MODALITY_DASHES)}
    statuses = sorted({e["status"] for e in meta_edges if "status" in e}, key=STATUSES.index)
    return {
        "vis": {"nodes": vis_nodes, "edges": vis_edges, "options": json.loads(options_json)},
        "meta": {
            "title": title,
            "nodes": meta_nodes,
            "edges": meta_edges,
            "legend": _legend(meta_nodes, styles),
            "relations": sorted(relations.values(), key=lambda r: r["label"].casefold()),
            "modalities": sorted(modalities, key=lambda m: order.get(m, 99)),
            # The current statuses of the facts drawn, and how each status is drawn.
            "statuses": statuses,
            "statusStyles": {t: edge_style(t, False) for t in STATUSES} if statuses else None,
            "notice": notice,
            "large": n > LARGE,
            "focus": _focus_id(g, ids),
            "park": park,
            # The date filter's bounds: the first and last day any fact is dated to.
            "dates": {"min": min(days), "max": max(days)} if days else None,
            # What the page's own layout of a filtered subgraph needs to match this one.
            "layout": {
                "spacing": SPACING,
                "spacings": [list(s) for s in SPACINGS],
                "room": ROOM,
                "gap": GAP,
                "small": SMALL,
                "park": list(PARK_CELL),
            },
        },
    }


def _nodes(
    g: nx.Graph,
    net: Any,
    ids: dict[Any, int],
    styles: dict[str, tuple[str, str]],
    *,
    park: bool,
) -> list[dict[str, Any]]:
    """vis-network node records (appended to `net`) and the page's metadata for each node.
    vis-network draws no text: the page draws names itself, only where they fit."""
    from pyvis.node import Node

    degree = dict(g.degree)
    sizes = {v: node_size(d) for v, d in degree.items()}
    pos = layout(g, sizes=sizes)
    names = display_names(g)
    component = {v: i for i, comp in enumerate(components(g)) for v in comp}
    meta: list[dict[str, Any]] = []
    # pyvis's add_node/add_edge check membership in a list (quadratic at 10,000 nodes), so we
    # build its Node/Edge records directly; the resulting structures are the same.
    for node, data in g.nodes(data=True):
        ntype = str(data.get("type") or "Resource")
        colour, shape = styles[ntype]
        x, y = pos[node]
        vid = ids[node]
        rec = Node(
            vid,
            shape,
            None,
            x=x,
            y=y,
            physics=False,
            size=sizes[node],
            color={
                "background": colour,
                "border": _darker(colour),
                "highlight": {"background": colour, "border": "#1d2733"},
                "hover": {"background": colour, "border": "#1d2733"},
            },
        ).options
        del rec["label"]
        if park and degree[node] == 0:
            rec["hidden"] = True
        net.nodes.append(rec)
        net.node_ids.append(vid)
        net.node_map[vid] = rec
        label = str(data.get("label") if data.get("label") is not None else node)
        aliases = [str(a) for a in data.get("aliases", ())]
        meta.append(
            {
                "label": names[node],
                # The entity's own label stays findable when the page names it otherwise.
                "aliases": aliases if label == names[node] else [label, *aliases],
                "type": ntype,
                "typeLabel": str(data.get("type_label") or ntype),
                "iri": str(data.get("iri") or node),
                "degree": degree[node],
                "component": component.get(node, -1),
            }
        )
    return meta


def _edges(g: nx.Graph, net: Any, ids: dict[Any, int]) -> list[dict[str, Any]]:
    """vis-network edge records (appended to `net`: colour by modality and inference, dashes,
    width by confidence, parallel edges curved apart) and the facts behind each edge."""
    from pyvis.edge import Edge

    pair_count: dict[frozenset[Any], int] = {}
    for u, v in g.edges():
        pair = frozenset((u, v))
        pair_count[pair] = pair_count.get(pair, 0) + 1
    pair_seen: dict[frozenset[Any], int] = {}
    meta: list[dict[str, Any]] = []
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
        conf = data.get("confidence")
        conf = 1.0 if conf is None else float(conf)
        # A fact's edge shows where the fact stands now, any other edge its firmest statement.
        opts: dict[str, Any] = {
            "id": eid,
            **edge_style(str(data.get("status") or modality), inferred),
            "width": round(1.0 + 2.0 * conf, 2),
        }
        pair = frozenset((u, v))
        if pair_count[pair] > 1 or u == v:
            k = pair_seen.get(pair, 0)
            pair_seen[pair] = k + 1
            opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 + 0.2 * k}
        net.edges.append(Edge(ids[u], ids[v], g.is_directed(), **opts).options)
        facts = [_clean_fact(f) for f in data.get("facts", ())]
        meta.append(
            {
                "relation": predicate or rel_label,
                "label": rel_label,
                "predicate": predicate,
                "modality": modality,
                "confidence": conf,
                "inferred": inferred,
                "facts": facts,
                **(timeline_payload(data["timeline"], facts) if "timeline" in data else {}),
            }
        )
    return meta


def edge_style(status: str, inferred: bool) -> dict[str, Any]:
    """vis-network dashes and colours of an edge whose fact stands at `status` (a modality, or
    Ended): the page restyles a fact's edge with these for the status as of a chosen date."""
    colour = (
        NEGATED_COLOUR
        if status == "Negated"
        else ENDED_COLOUR
        if status == "Ended"
        else INFERRED_COLOUR
        if inferred
        else EDGE_COLOUR
    )
    return {
        "dashes": STATUS_DASHES.get(status, False),
        "color": {"color": colour, "highlight": "#1f4e99", "hover": "#1f4e99"},
    }


def _legend(
    meta_nodes: list[dict[str, Any]], styles: dict[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for m in meta_nodes:
        counts[m["type"]] = counts.get(m["type"], 0) + 1
        labels.setdefault(m["type"], m["typeLabel"])
    return [
        {
            "type": t,
            "label": labels[t],
            "color": styles[t][0],
            "shape": styles[t][1],
            "count": c,
        }
        for t, c in sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))
    ]


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
        "nodes": {"borderWidth": 1},
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.6}},
            "selectionWidth": 2,
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
        *STATEMENT_FIELDS,
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


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (r, g, b)))
