"""One edge per fact. The build keeps every fact's timeline in the facts graph (`kg.rdf.facts`):
all statements about one (subject, relation, object), a symmetric twin or an inverse included,
in order, with the fact's current status. The page draws such a fact as one edge in the fact's
canonical direction, styled by that status, and gives it the timeline for the side panel and
for the date filter's "status as of" (the status after the last statement dated up to a day:
each entry carries its `statusAfter`, so the page never re-derives the rules).

Without a facts graph (any other RDF, a store built before it existed) nothing changes: one
edge per triple, as before.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.model import FactTimeline
from kg.rdf.terms import KGO
from kg.rdf.timeline import forms

Edge = tuple[str, str, str]  # (subject, object, predicate): a networkx edge of the page's graph


def read_timelines(store: Any) -> list[FactTimeline]:
    """The facts' timelines of a store; none when it keeps no facts graph."""
    from kg.query import fact_timelines

    if not bool(store.query(f"ASK {{ ?f a <{KGO.Fact}> }}")):
        return []
    return fact_timelines(store)


def place_facts(
    g: nx.MultiDiGraph,
    timelines: list[FactTimeline],
    negated: dict[str, bool],
    *,
    add_negated: bool,
    only_between: str | None,
) -> tuple[dict[str, Edge], set[Edge]]:
    """Where each statement of a drawn fact goes: statement -> the fact's edge, added to `g`
    when missing (a fact read the other way round, or only negated so far). A fact is drawn
    when one of its triples is an edge of `g`, or (`add_negated`) when it was negated between
    two nodes of `g`; `negated` says which statements are. Also returns the other edges of
    drawn facts (the twin or inverse triples), to drop once their statements moved away."""
    place: dict[str, Edge] = {}
    others: set[Edge] = set()
    for tl in timelines:
        p = KGO.term(tl.relation)
        edge = (tl.subject, tl.object, p)
        triples = forms((tl.subject, p, tl.object))
        present = [(s, o, q) for s, q, o in triples if g.has_edge(s, o, q)]
        if not present and not (
            add_negated
            and tl.subject in g
            and tl.object in g
            and (only_between is None or _within(tl, only_between))
            and any(negated.get(e.statement) for e in tl.entries)
        ):
            continue
        if not g.has_edge(*edge):
            g.add_edge(tl.subject, tl.object, key=p, predicate=p)
        g.edges[edge]["timeline"] = tl
        others.update(e for e in present if e != edge)
        for e in tl.entries:
            place[e.statement] = edge
    return place, others


def _within(tl: FactTimeline, prefix: str) -> bool:
    return tl.subject.startswith(prefix) and tl.object.startswith(prefix)


def drop_moved(g: nx.MultiDiGraph, others: set[Edge]) -> None:
    """The twin and inverse edges of drawn facts whose every statement went to the fact's
    edge: the same fact, not a second arrow."""
    g.remove_edges_from(e for e in sorted(others) if g.has_edge(*e) and not g.edges[e].get("facts"))


def timeline_payload(tl: FactTimeline, facts: list[dict[str, Any]]) -> dict[str, Any]:
    """What the page reads of a fact: its status, since when, whether its sources contradicted
    each other, and its timeline (statements by key: the edge's `facts` hold their modality,
    evidence and article; an entry names its own only for a statement the filters left out)."""
    held = {f["statement"] for f in facts}
    return {
        "fact": tl.fact,
        "status": tl.status,
        "since": tl.since,
        "contradicted": tl.contradicted,
        "timeline": [
            {
                k: v
                for k, v in (
                    ("statement", e.statement),
                    ("date", e.date),
                    ("stated", e.stated),
                    ("source", e.date_source),
                    ("statusAfter", e.status_after),
                    ("conflicts", list(e.conflicts)),
                    *(
                        ()
                        if e.statement in held
                        else (("modality", e.modality), ("title", e.title))
                    ),
                )
                if v not in (None, [])
            }
            for e in tl.entries
        ],
    }
