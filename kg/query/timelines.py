"""Facts over time, read back from a built store: per fact its canonical (subject, relation,
object), current status and since when, whether it was contradicted, and its timeline in order
(date, date source, modality, article, title, evidence, status after each statement, the
statements each one conflicts with). This is what a page or a notebook draws from; the status
as of any date is `status_as_of(timeline, day)`, a pure function of the timeline.

    from kg.query import fact_timelines, status_as_of
    for tl in fact_timelines(store, entity="http://kg.example.org/entity/organization/siemens"):
        print(tl.relation, tl.status, tl.since, [e.modality for e in tl.entries])
        print(status_as_of(tl, "2023-04-01"))

Reads the facts graph the build maintains (`kg.rdf.facts`) with queries over the union of
graphs (no base IRI needed): one row per fact, one per statement of a fact. A local store is
read by scanning the few properties the queries ask for instead: the same rows at about half
the cost, which the graph page pays for every fact of a store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg.model import FactTimeline, TimelineEntry
from kg.rdf.rules import local_name
from kg.rdf.terms import DCTERMS, KGO, PROV, RDF, sparql_prologue
from kg.rdf.timeline import EVENT_DATE, ISSUED, status_as_of

_PROLOGUE = sparql_prologue("kgo", "prov", "dcterms", "xsd")
_SOURCE = {KGO.eventDate: EVENT_DATE, DCTERMS + "issued": ISSUED}
_TYPE, _FACT = ox.NamedNode(RDF + "type"), ox.NamedNode(KGO.fact)
_FACT_CLASS = ox.NamedNode(KGO.Fact)


def _value(term: Any) -> str | None:
    return None if term is None else term.value


def _filter(entity: str | None, facts: Iterable[str] | None) -> str:
    """A VALUES / FILTER restricting ?f to some facts or to those of one entity."""
    if facts is not None:
        return "VALUES ?f { " + " ".join(f"<{f}>" for f in facts) + " }"
    if entity is not None:
        return f"FILTER(?s = <{entity}> || ?o = <{entity}>)"
    return ""


def fact_timelines(
    store: Any, *, entity: str | None = None, facts: Iterable[str] | None = None
) -> list[FactTimeline]:
    """Every fact's timeline (only those of `entity`, an IRI, or the fact IRIs `facts`, when
    given), facts ordered by subject, relation and object IRIs, entries in timeline order.
    `store`: anything with `.query(sparql)` over the union of graphs (`kg.store.Store`,
    `RemoteStore`)."""
    facts = list(facts) if facts is not None else None
    if facts == []:
        return []
    local = getattr(store, "ox", None)
    if isinstance(local, ox.Store):
        return _timelines(*_scan(local, entity, facts))
    where = _filter(entity, facts)
    heads = store.query(
        _PROLOGUE
        + f"""SELECT ?f ?s ?p ?o ?status ?since ?c WHERE {{
        ?f a kgo:Fact ; kgo:factSubject ?s ; kgo:factRelation ?p ; kgo:factObject ?o ;
           kgo:status ?status . {where}
        OPTIONAL {{ ?f kgo:statusDate ?since }} OPTIONAL {{ ?f kgo:contradicted ?c }} }}"""
    )
    found = {
        r["f"].value: (
            r["s"].value,
            r["p"].value,
            r["o"].value,
            r["status"].value,
            _value(r["since"]),
            _value(r["c"]) in ("true", "1"),
        )
        for r in heads
    }
    return _timelines(found, _entries(store, where))


Head = tuple[str, str, str, str, str | None, bool]  # s, p, o, status, since, contradicted


def _timelines(
    found: dict[str, Head], entries: dict[str, list[tuple[int, TimelineEntry]]]
) -> list[FactTimeline]:
    out = []
    for f, (s, p, o, status, since, contradicted) in found.items():
        rows = sorted(entries.get(f, []), key=lambda pe: pe[0])
        out.append(
            FactTimeline(
                fact=f,
                subject=s,
                relation=local_name(p),
                object=o,
                status=local_name(status),
                since=since,
                contradicted=contradicted,
                entries=tuple(e for _, e in rows),
            )
        )
    return sorted(out, key=lambda t: (t.subject, t.relation, t.object, t.fact))


def _entries(store: Any, where: str) -> dict[str, list[tuple[int, TimelineEntry]]]:
    """fact -> [(position, entry)] for the facts `where` selects."""
    fact_of = "?f kgo:factSubject ?s ; kgo:factObject ?o ." if where.startswith("FILTER") else ""
    conflicts: dict[str, list[str]] = defaultdict(list)
    for r in store.query(
        _PROLOGUE
        + f"""SELECT ?st ?other WHERE {{ ?st kgo:fact ?f ; kgo:conflictsWith ?other .
        {fact_of} {where} }} ORDER BY ?st ?other"""
    ):
        conflicts[r["st"].value].append(r["other"].value)
    rows = store.query(
        _PROLOGUE
        + f"""SELECT ?f ?st ?n ?day ?src ?after ?m ?a ?title ?ev ?event ?pub WHERE {{
        ?st kgo:fact ?f ; kgo:timelinePosition ?n ; kgo:modality ?m ; prov:wasDerivedFrom ?a .
        {fact_of} {where}
        OPTIONAL {{ ?st kgo:timelineDate ?day }} OPTIONAL {{ ?st kgo:dateSource ?src }}
        OPTIONAL {{ ?st kgo:statusAfter ?after }} OPTIONAL {{ ?st kgo:evidence ?ev }}
        OPTIONAL {{ ?st kgo:eventDate ?event }} OPTIONAL {{ ?a dcterms:title ?title }}
        OPTIONAL {{ ?a dcterms:issued ?pub }} }}"""
    )
    out: dict[str, list[tuple[int, TimelineEntry]]] = defaultdict(list)
    seen: set[str] = set()
    for r in rows:
        st = r["st"].value
        if st in seen:  # one row per statement (the graphs of the union can repeat it)
            continue
        seen.add(st)
        out[r["f"].value].append(_entry(r, conflicts.get(st, ())))
    return out


def _entry(r: Any, conflicts: Iterable[str]) -> tuple[int, TimelineEntry]:
    """(timeline position, entry) of one statement's row (terms by variable name)."""
    source = _SOURCE.get(_value(r["src"]) or "")
    stated = _value(r["event"]) if source == EVENT_DATE else (_value(r["pub"]) or "")[:10]
    after = _value(r["after"])
    entry = TimelineEntry(
        statement=r["st"].value,
        modality=local_name(r["m"].value),
        date=_value(r["day"]),
        stated=stated if source else None,
        date_source=source,
        article=r["a"].value,
        title=_value(r["title"]),
        evidence=_value(r["ev"]),
        status_after=local_name(after) if after else None,
        conflicts=tuple(conflicts),
    )
    return int(r["n"].value), entry


# -- a local store, by scanning the properties the queries ask for ---------------------------


def _variables(pairs: str) -> dict[str, str]:
    """Pairs "localName variable ..." -> {the kgo: property's IRI: the query's variable}."""
    words = pairs.split()
    return {KGO.term(p): v for p, v in zip(words[::2], words[1::2], strict=True)}


_FACT_PROPS = _variables(
    "factSubject s factRelation p factObject o status status statusDate since contradicted c"
)
_STATEMENT_PROPS = _variables(
    "timelinePosition n timelineDate day dateSource src statusAfter after modality m "
    "evidence ev eventDate event"
)
_ARTICLE_PROPS = {DCTERMS + "title": "title", DCTERMS + "issued": "pub"}
_DERIVED, _CONFLICTS = PROV + "wasDerivedFrom", KGO.conflictsWith


def _values(local: ox.Store, names: dict[str, str], keep: Any = None) -> dict[str, dict[str, Any]]:
    """subject -> {variable: its first value} for the properties `names` maps to variables
    (only subjects in `keep`, when given): one index scan per property."""
    rows: dict[str, dict[str, Any]] = defaultdict(dict)
    for pred, name in names.items():
        for q in local.quads_for_pattern(None, ox.NamedNode(pred), None, None):
            s = q.subject.value
            if keep is None or s in keep:
                rows[s].setdefault(name, q.object)
    return rows


def _scan(
    local: ox.Store, entity: str | None, facts: list[str] | None
) -> tuple[dict[str, Head], dict[str, list[tuple[int, TimelineEntry]]]]:
    """What the two queries read, by scanning the few properties they ask for."""
    typed = {q.subject.value for q in local.quads_for_pattern(None, _TYPE, _FACT_CLASS, None)}
    wanted = typed if facts is None else typed & set(facts)
    found: dict[str, Head] = {}
    for f, r in _values(local, _FACT_PROPS, wanted).items():
        if not {"s", "p", "o", "status"} <= r.keys():
            continue
        if entity is None or entity in (r["s"].value, r["o"].value):
            s, p, o, status = (r[k].value for k in ("s", "p", "o", "status"))
            found[f] = (
                s,
                p,
                o,
                status,
                _value(r.get("since")),
                _value(r.get("c")) in ("true", "1"),
            )
    fact_of = {
        q.subject.value: q.object.value
        for q in local.quads_for_pattern(None, _FACT, None, None)
        if q.object.value in found
    }
    rows = _values(local, {**_STATEMENT_PROPS, _DERIVED: "a"}, fact_of)
    conflicts: dict[str, set[str]] = defaultdict(set)
    for q in local.quads_for_pattern(None, ox.NamedNode(_CONFLICTS), None, None):
        if q.subject.value in fact_of:
            conflicts[q.subject.value].add(q.object.value)
    articles = _values(local, _ARTICLE_PROPS, {r["a"].value for r in rows.values() if "a" in r})
    entries: dict[str, list[tuple[int, TimelineEntry]]] = defaultdict(list)
    for st, r in rows.items():
        if {"n", "m", "a"} <= r.keys():
            row = defaultdict(
                lambda: None, r, st=ox.NamedNode(st), **articles.get(r["a"].value, {})
            )
            entries[fact_of[st]].append(_entry(row, sorted(conflicts.get(st, ()))))
    return found, entries


__all__ = ["fact_timelines", "status_as_of"]
