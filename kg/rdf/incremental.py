"""Incremental inference: bring `{base}graph/inferred` up to date after some facts changed,
touching only the part of the graph those facts can reach, with the result `infer` would give.

Why it can be local: the single-premise rules (inverse, symmetric, sub-property) conclude about
the same pair of nodes as their premise; a property chain joins (x first m) and (m second z) at a
middle node m and concludes about the pair {x, z}. So every inferred triple depends only on the
facts of its own pair and of the pairs its chains go through. The semi-naive `closure` gives each
triple its support from the first round it is derivable in and the first derivation in a fixed
order; both depend only on that triple's derivations. Hence running `closure` over the base facts
of a set R of pairs that is closed backwards (every pair a chain into R goes through is in R)
yields, for every pair of R, exactly the triples and supports of the full recomputation.

R starts at the pairs of the changed facts (added or dropped; recorded in the pending graph) and
grows forwards (pairs a changed triple can chain into, through facilities and whatever else is
a chain's middle node, in the old inferred graph as in the new facts) and backwards (pairs the
chains into R go through), until a fixpoint. Look-ups use the store's indexes: one query per
node and direction for the growth, the facts of R's pairs in batches of pairs; nothing reads
the whole store. The store holds the old closure (facts and old inferred graph), so it is read
for a premise's own predicate (or its inverse, the other way round); the rules' preimages
apply to the changed and newly derived facts only. The inferred triples of R are then replaced
in one transaction that also clears the pending graph, so a kill -9 leaves the old state and
its pending record, which the next build redoes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.mint import inferred_statement_iri
from kg.rdf.rules import (
    Rule,
    Support,
    Triple,
    closure,
    keep_strongest,
    load_rules,
    local_name,
    predicates_of,
    statement_quads,
)
from kg.rdf.terms import DEFAULT_BASE, KGO, RDF, inferred_graph

Pair = tuple[str, str]
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJ, _PRED, _OBJ = (ox.NamedNode(RDF + n) for n in ("subject", "predicate", "object"))
_MODALITY, _CONF = ox.NamedNode(KGO.modality), ox.NamedNode(KGO.confidence)


def _preimages(rules: tuple[Rule, ...]) -> dict[str, set[tuple[str, bool]]]:
    """q -> {(p, flipped)}: the single-premise rules turn (s p o) into (s q o), or (o q s) when
    flipped. Includes (q, False)."""
    single = [r for r in rules if r.kind != "chain"]
    preds = {p for r in rules for p in (r.head, *r.body)}
    pre: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    for p in preds:
        seen = {(p, False)}
        todo = [(p, False)]
        while todo:
            q, flipped = todo.pop()
            for r in single:
                if r.kind == "inverse" and r.body[0] == q:
                    nxt = (r.head, not flipped)
                elif r.kind == "symmetric" and r.head == q:
                    nxt = (q, not flipped)
                elif r.kind == "subproperty" and r.body[0] == q:
                    nxt = (r.head, flipped)
                else:
                    continue
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        for q, flipped in seen:
            pre[q].add((p, flipped))
    return pre


class _Region:
    def __init__(self, store: ox.Store | Any, rules: tuple[Rule, ...], base: str) -> None:
        self.store = store
        # A remote store (`kg.store.remote`): look-ups go in batches of SPARQL queries.
        self.sparql = not isinstance(store, ox.Store)
        self.base = base
        self.chains = [r for r in rules if r.kind == "chain"]
        self.pre = _preimages(rules)
        # The store holds the old closure: every single-premise consequence of an old fact is
        # a fact or in the old inferred graph (but self-loops, which `closure` never derives),
        # so the store is read for a chain's premise q itself, and (x q n) as (n q' x) where
        # q' mirrors q (its inverse, or q if symmetric): one direction holds most of the facts
        # once. Only `extra` (changed and newly derived facts) needs the rules' preimages.
        mirror = {r.body[0]: r.head for r in rules if r.kind == "inverse"}
        mirror |= {r.head: r.head for r in rules if r.kind == "symmetric"}
        self.stored = {
            (q, outward): (q, True) if outward or q not in mirror else (mirror[q], True)
            for r in self.chains
            for q in r.body
            for outward in (True, False)
        }
        self.relevant = {
            way: " ".join(sorted({f"<{q}>" for q, d in self.stored.values() if d == way}))
            for way in (True, False)
        }
        self.ignore = {inferred_graph(base).value}
        self.extra: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.extra_rev: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.pairs: set[Pair] = set()
        self.affected: set[Pair] = set()
        self.queue: list[Pair] = []
        self._out: dict[str, dict[str, set[str]]] = {}
        self._in: dict[str, dict[str, set[str]]] = {}
        # (node, predicate, outward) -> `out`/`into`; valid until `extra` grows
        self._seen: dict[tuple[str, str, bool], set[str]] = {}

    # -- "potential" triples: the store's (new facts + old inferred graph) + extra ----------
    def add_extra(self, triples: Iterable[Triple]) -> set[str]:
        """Make `triples` potential; returns their nodes (the look-ups that may now differ)."""
        nodes: set[str] = set()
        self._seen.clear()
        for s, p, o in triples:
            self.extra[p][s].add(o)
            self.extra_rev[p][o].add(s)
            nodes.update((s, o))
        return nodes

    def _node(self, n: str, *, outward: bool) -> dict[str, set[str]]:
        """predicate -> the distinct nodes n has kgo: facts to (outward) or from, in any graph.
        DISTINCT runs in the store: a company named in a thousand articles yields its few
        dozen partners, not a thousand Python objects."""
        cache = self._out if outward else self._in
        got = cache.get(n)
        if got is None:
            got = defaultdict(set)
            if not self.relevant[outward]:
                cache[n] = got
                return got
            pattern = f"<{n}> ?p ?x" if outward else f"?x ?p <{n}>"
            rows = self.store.query(
                f"SELECT DISTINCT ?p ?x WHERE {{ VALUES ?p {{ {self.relevant[outward]} }} "
                f"{pattern} }}",
                use_default_graph_as_union=True,
            )
            # Literals are dropped here, not by a FILTER: the store answers a third faster.
            for p, x in rows:
                if type(x) is ox.NamedNode:
                    got[p.value].add(x.value)
            cache[n] = got
        return got

    def out(self, n: str, q: str) -> set[str]:
        """Nodes z with potential (n q z). (Callers must not modify the set.)"""
        return self._linked(n, q, outward=True)

    def into(self, n: str, q: str) -> set[str]:
        """Nodes x with potential (x q n). (Callers must not modify the set.)"""
        return self._linked(n, q, outward=False)

    def _linked(self, n: str, q: str, *, outward: bool) -> set[str]:
        # Growing R asks the same (node, predicate) thousands of times around a hub company.
        key = (n, q, outward)
        found = self._seen.get(key)
        if found is not None:
            return found
        p, way = self.stored[(q, outward)]
        found = set(self._node(n, outward=way).get(p, ()))
        if way != outward and n in self._node(n, outward=True).get(q, ()):
            found.add(n)  # (n q n): its mirror is a self-loop, never derived
        for p, flipped in self.pre.get(q, {(q, False)}):
            forward = outward != flipped
            found |= (self.extra if forward else self.extra_rev)[p].get(n, set())
        self._seen[key] = found
        return found

    def has(self, u: str, q: str, v: str) -> bool:
        return v in self.out(u, q)

    def meet(self, u: str, first: str, v: str, second: str) -> set[str]:
        """{m : (u first m) and (m second v)}."""
        return self.out(u, first) & self.into(v, second)

    def unknown(self, triples: Iterable[Triple]) -> list[Triple]:
        """The triples not potential yet (neither in the store nor in extra)."""
        cands = [t for t in triples if t[2] not in self.extra[t[1]].get(t[0], ())]
        if self.sparql:
            found: set[Triple] = set()
            for part in _batches(cands):
                values = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in part)
                rows = self.store.query(
                    f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} ?s ?p ?o }}",
                    use_default_graph_as_union=True,
                )
                found |= {(r["s"].value, r["p"].value, r["o"].value) for r in rows}
            return [t for t in cands if t not in found]
        return [
            t
            for t in cands
            if next(
                iter(
                    self.store.quads_for_pattern(
                        ox.NamedNode(t[0]), ox.NamedNode(t[1]), ox.NamedNode(t[2])
                    )
                ),
                None,
            )
            is None
        ]

    # -- growing R ------------------------------------------------------------------------
    # R = affected pairs (whose inferred triples may change: the changed facts' pairs and what
    # they chain into) + support pairs (premises of chains into R, unchanged themselves). Only
    # affected pairs are followed forwards; every pair is followed backwards.
    def add(self, a: str, b: str, *, affected: bool) -> None:
        pair = (a, b) if a <= b else (b, a)
        if pair not in self.pairs:
            self.pairs.add(pair)
            self.queue.append(pair)
        if affected and pair not in self.affected:
            self.affected.add(pair)
            self.queue.append(pair)

    def grow(self) -> None:
        while self.queue:
            a, b = pair = self.queue.pop()
            forwards = pair in self.affected
            for u, v in {(a, b), (b, a)}:
                for r in self.chains:
                    first, second = r.body
                    if forwards and self.has(u, first, v):  # (u first v) ∘ (v second z)
                        for z in self.out(v, second):
                            self.add(v, z, affected=False)
                            self.add(u, z, affected=True)
                    if forwards and self.has(u, second, v):  # (x first u) ∘ (u second v)
                        for x in self.into(u, first):
                            self.add(x, u, affected=False)
                            self.add(x, v, affected=True)
                    # backwards: how (u head v) is derived, through any middle m
                    for m in self.meet(u, first, v, second):
                        self.add(u, m, affected=False)
                        self.add(m, v, affected=False)

    def regrow(self, nodes: set[str]) -> None:
        """Follow again the pairs whose look-ups involve `nodes` (every look-up of a pair's
        expansion reads facts touching one of its two nodes)."""
        self.queue = sorted(p for p in self.pairs if p[0] in nodes or p[1] in nodes)
        self.grow()

    # -- the facts of R -------------------------------------------------------------------
    def facts(self) -> dict[Triple, Support]:
        """The strongest supporting statement of every non-negated kgo: fact on a pair of R
        (as `extracted_facts`, restricted to R), in batches of pairs, one query each: on a
        local store too, where the store's join costs a third of reading each pair's quads and
        statements by pattern."""
        best: dict[Triple, Support] = {}
        both = [x for a, b in sorted(self.pairs) for x in {(a, b), (b, a)}]
        for part in _batches(both):
            values = " ".join(f"(<{u}> <{v}>)" for u, v in part)
            q = f"""SELECT ?u ?p ?v ?st ?m ?c WHERE {{ VALUES (?u ?v) {{ {values} }}
              GRAPH ?g {{ ?u ?p ?v . ?st a <{_STATEMENT.value}> ; <{_SUBJ.value}> ?u ;
                <{_PRED.value}> ?p ; <{_OBJ.value}> ?v ; <{_MODALITY.value}> ?m ;
                <{_CONF.value}> ?c }}
              FILTER(?g != <{next(iter(self.ignore))}> && STRSTARTS(STR(?p), "{KGO}")
                     && ?m != <{KGO.Negated}>) }}"""
            for r in self.store.query(q, use_default_graph_as_union=False):
                sup = Support(r["st"].value, local_name(r["m"].value), float(r["c"].value))
                keep_strongest(best, (r["u"].value, r["p"].value, r["v"].value), sup)
        return best

    def old_quads(self) -> set[ox.Quad]:
        """The quads of the inferred graph now standing on the pairs of R."""
        g = ox.NamedNode(next(iter(self.ignore)))
        if self.sparql:
            return self._old_sparql(g)
        out: set[ox.Quad] = set()
        for a, b in self.pairs:
            for u, v in {(a, b), (b, a)}:
                for q in self.store.quads_for_pattern(ox.NamedNode(u), None, ox.NamedNode(v), g):
                    out.add(q)
                    t = (u, q.predicate.value, v)
                    st = ox.NamedNode(inferred_statement_iri(t, self.base))
                    out.update(self.store.quads_for_pattern(st, None, None, g))
        return out

    def _old_sparql(self, g: ox.NamedNode) -> set[ox.Quad]:
        out: set[ox.Quad] = set()
        both = [x for a, b in sorted(self.pairs) for x in {(a, b), (b, a)}]
        statements: list[str] = []
        for part in _batches(both):
            values = " ".join(f"(<{u}> <{v}>)" for u, v in part)
            q = (
                f"SELECT ?u ?p ?v WHERE {{ VALUES (?u ?v) {{ {values} }} "
                f"GRAPH <{g.value}> {{ ?u ?p ?v }} }}"
            )
            for r in self.store.query(q, use_default_graph_as_union=False):
                out.add(ox.Quad(r["u"], r["p"], r["v"], g))
                t = (r["u"].value, r["p"].value, r["v"].value)
                statements.append(inferred_statement_iri(t, self.base))
        for part in _batches(statements):
            values = " ".join(f"<{st}>" for st in part)
            q = (
                f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} "
                f"GRAPH <{g.value}> {{ ?s ?p ?o }} }}"
            )
            for r in self.store.query(q, use_default_graph_as_union=False):
                out.add(ox.Quad(r["s"], r["p"], r["o"], g))
        return out


_BATCH = 250  # pairs or triples per look-up query on a remote store


def _batches(items: list, size: int = _BATCH) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def update_inferred(
    store: ox.Store | Any,
    changed: Iterable[Triple],
    *,
    base: str = DEFAULT_BASE,
    ontology: str | Path | None = None,
) -> tuple[set[ox.Quad], set[ox.Quad], int]:
    """The quads to remove from and add to `{base}graph/inferred` after the facts `changed`
    (added or dropped, as (s, p, o) IRIs) changed; the store is not modified. Also returns the
    size of the region recomputed (pairs). `store` is a pyoxigraph store, or anything that
    answers SPARQL through `query(text, use_default_graph_as_union=...)` (a remote store:
    the look-ups then go in batches, and nothing but the region is read)."""
    rules = load_rules(str(ontology) if ontology else None)
    region = _Region(store, rules, base)
    # A fact no rule names (kgo:locatedIn; a statement's kgo:modality) is no premise and no
    # conclusion: the inferred triples of its pair do not depend on it.
    named = predicates_of(rules)
    changed = [t for t in changed if t[1] in named]
    region.add_extra(changed)  # a dropped fact still chains to what it used to support
    for s, _, o in changed:
        region.add(s, o, affected=True)
    region.grow()
    while True:
        derived = closure(region.facts(), rules, base=base)
        before = len(region.pairs)
        # What the new closure derives may chain further (forwards from affected pairs) or need
        # more premises (backwards); derived triples off R come from unchanged premises only.
        fresh = region.unknown(derived)
        if not fresh:
            break
        region.regrow(region.add_extra(fresh))
        if len(region.pairs) == before:
            break
    g = inferred_graph(base)
    new: set[ox.Quad] = set()
    for t, sup in derived.items():
        if ((t[0], t[2]) if t[0] <= t[2] else (t[2], t[0])) in region.pairs:
            new.update(statement_quads(t, sup, g))
    # Oxigraph stores literals in canonical form ("0.720"^^xsd:decimal as "0.72"): compare
    # like with like, or every unchanged confidence would be rewritten.
    scratch = ox.Store()
    scratch.extend(new)
    new = set(scratch)
    old = region.old_quads()
    return old - new, new - old, len(region.pairs)
