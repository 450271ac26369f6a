"""What inference and the facts graph read from an article's statements, made from the
resolved extraction rather than read back from its quads.

A first build keeps, for each article, the supports of its facts (the premises of the first
inference) and its statements as the timelines read them (`kg.rdf.facts`). Reading them off
the article's quads walked every quad twice more per article; the facts the graph states
(`described_facts`) give the same records directly. Tests check they equal what the store
gives once the quads are written (`extracted_facts`, `said_in`)."""

from __future__ import annotations

import sys

from kg import mint
from kg.model import Extraction
from kg.rdf.article import date_literal, decimal, described_facts, published_literal
from kg.rdf.facts import is_relation
from kg.rdf.rules import Support, Triple, interned, keep_strongest, local_name
from kg.rdf.terms import KGO, kgo_term
from kg.rdf.timeline import Said

_NEGATED = KGO.Negated


def article_statements(
    extraction: Extraction,
    *,
    base: str,
    seq: int | None,
    predicates: frozenset[str] | None,
    said: bool,
) -> tuple[dict[Triple, Support], tuple[Said, ...]]:
    """The supports of the article's facts (as `extracted_facts` reads them from a store, only
    of `predicates`; None: none) and, with `said`, its statements (`said_in` of its quads, in
    their order, with the build's number `seq`)."""
    a = extraction.article
    graph = mint.graph_iri(a.id, base)
    node = mint.article_iri(a.id, base)
    published = published_literal(a.published).value if a.published else None
    supports: dict[Triple, Support] = {}
    stated: list[Said] = []
    for n, f in described_facts(extraction):
        s, o = mint.entity_iri(f.subject.key, base), mint.entity_iri(f.object.key, base)
        p, m = kgo_term(f.predicate).value, kgo_term(f.modality).value
        st = mint.statement_iri(a.id, n, base)
        if predicates is not None and p in predicates and p.startswith(KGO) and m != _NEGATED:
            # As stored: Oxigraph keeps the canonical decimal ("0.720" is 0.72).
            sup = Support(st, sys.intern(local_name(m)), float(decimal(f.confidence).value))
            keep_strongest(supports, interned(s, p, o), sup)
        if said and is_relation(p):
            event = next((q.value for q in f.qualifiers if q.kind == "eventDate"), None)
            stated.append(
                Said(
                    statement=st,
                    triple=(s, p, o),
                    modality=local_name(m),
                    article=node,
                    graph=graph,
                    event=date_literal(event).value if event is not None else None,
                    published=published,
                    start=f.start,
                    seq=seq,
                )
            )
    return supports, tuple(stated)
