"""Names a reader can tell apart on the page: a facility by who operates it and where it is.

Articles say "the plant" or "a battery plant", so a store of many articles holds dozens of
facilities labelled "plant". The page names each one from the graph itself, by its operators
(`kgo:operates`, or `kgo:operatedBy` from the facility) and its place (`kgo:locatedIn`, with
the place's own `kgo:locatedIn` one level up): "LG Energy Solution plant, Holland, Michigan".
Names that still collide take the product the facility makes, then a number, so no two nodes
of one type share a name. Other nodes keep their label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from typing import Any

import networkx as nx

from kg.rdf.terms import KGO

FACILITY = "Facility"
# kgo: properties by local name (the predicates of the graph's edges are full IRIs).
OPERATES, OPERATED_BY, LOCATED_IN, PRODUCES = "operates", "operatedBy", "locatedIn", "produces"


def display_names(g: nx.MultiDiGraph) -> dict[Hashable, str]:
    """Node -> the name the page shows (its label unless it is a facility)."""
    names = {v: _label(g, v) for v in g}
    facilities = [v for v, d in g.nodes(data=True) if d.get("type") == FACILITY]
    for v in facilities:
        names[v] = _facility_name(g, v)
    _tell_apart(g, facilities, names)
    return names


def _label(g: nx.MultiDiGraph, v: Hashable) -> str:
    label = g.nodes[v].get("label")
    return str(v if label is None else label)


def _neighbours(g: nx.MultiDiGraph, v: Hashable, out: str, into: str = "") -> list[Hashable]:
    """Nodes `v` points to by predicate `out`, and those pointing to `v` by `into`, best
    connected first (a facility with two operators names the bigger one first)."""
    found = {w for _, w, p in g.out_edges(v, keys=True) if _is(p, out) and w != v}
    if into:
        found |= {w for w, _, p in g.in_edges(v, keys=True) if _is(p, into) and w != v}
    return sorted(found, key=lambda w: (-g.degree(w), _label(g, w).casefold(), str(w)))


def _is(predicate: Any, name: str) -> bool:
    """`predicate` is the kgo: property `name`."""
    return str(predicate).startswith(KGO) and str(predicate)[len(KGO) :] == name


def _place(g: nx.MultiDiGraph, place: Hashable) -> str:
    """ "Holland, Michigan": a place and the place it lies in, when the graph says so."""
    name = _label(g, place)
    up = _neighbours(g, place, LOCATED_IN)
    return f"{name}, {_label(g, up[0])}" if up else name


def _and(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]}, {names[1]} and others"


def _facility_name(g: nx.MultiDiGraph, v: Hashable) -> str:
    label = _label(g, v)
    folded = label.casefold()
    operators = [
        n
        for n in (_label(g, w) for w in _neighbours(g, v, OPERATED_BY, OPERATES))
        if n.casefold() not in folded
    ]
    places = [
        n
        for n in (_place(g, w) for w in _neighbours(g, v, LOCATED_IN))
        if n.casefold() not in folded
    ]
    name = f"{_and(operators)} {label}" if operators else label
    if places:
        name += ", " + " / ".join(places[:2])
    return name


def _tell_apart(g: nx.MultiDiGraph, nodes: list[Hashable], names: dict[Hashable, Any]) -> None:
    """Two facilities with one name: the product each makes, then (2), (3) ... by key."""
    for same in _clashes(nodes, names):
        for v in same:
            made = [_label(g, w) for w in _neighbours(g, v, PRODUCES)]
            if made:
                names[v] = f"{names[v]} ({_and(made)})"
    for same in _clashes(nodes, names):
        for i, v in enumerate(sorted(same, key=str)[1:], start=2):
            names[v] = f"{names[v]} ({i})"


def _clashes(nodes: list[Hashable], names: dict[Hashable, Any]) -> list[list[Hashable]]:
    groups: dict[str, list[Hashable]] = defaultdict(list)
    for v in nodes:
        groups[names[v]].append(v)
    return [vs for vs in groups.values() if len(vs) > 1]
