"""The ontology's property axioms as forward-chaining rules, materialised into the inferred graph.

The rules are read from `ontology/kg.ttl` — owl:propertyChainAxiom, owl:inverseOf,
owl:SymmetricProperty and rdfs:subPropertyOf between kgo: properties — so the ontology, not
code, says that buying from a plant X operates is buying from X. The engine is a semi-naive
fixpoint over the extracted, non-negated facts (the OWL 2 RL rules prp-spo1/2, prp-inv1/2,
prp-symp restricted to those axioms); tests check its closure equals owlrl's on the same data.
Why not owlrl at build time: it computes the whole OWL 2 RL closure of every triple (types,
sameAs, literals) and costs seconds per thousand facts; this costs milliseconds.

Every inferred triple gets an rdf:Statement with kgo:inferred true, prov:wasDerivedFrom its
premise statements, the weakest premise modality and the product of premise confidences.
Negated statements are never premises (they have no direct triple).
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.mint import inferred_statement_iri
from kg.model import MODALITIES
from kg.paths import ontology_file
from kg.rdf.article import decimal, text
from kg.rdf.terms import (
    DEFAULT_BASE,
    KGO,
    OWL,
    PROV,
    RDF,
    RDFS,
    XSD,
    inferred_graph,
    kgo_term,
    ontology_graph,
)

# An inferred fact is only as firm as its weakest premise (Asserted 4 ... Hedged 1; Negated
# statements are never premises).
STRENGTH = {m: len(MODALITIES) - 1 - i for i, m in enumerate(MODALITIES[:-1])}
RULE_ENGINE = "kg.rules.owl2rl.v1"
WRITE_CHUNK = 50_000
# Ends the `kgo:rule` text of facts inferred through a property chain: the only rule kind that
# concludes something new. Inverse, symmetric and sub-property rules restate one premise, and
# readers (kg eval, the graph page) tell the two apart by this mark.
CHAIN_RULE_MARK = "(owl:propertyChainAxiom)"

Triple = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str  # chain | inverse | symmetric | subproperty
    head: str  # property IRI the rule concludes
    body: tuple[str, ...]  # premise property IRIs
    text: str  # human-readable axiom, stored on each inferred statement


@dataclass(frozen=True, slots=True)
class Support:
    statement: str  # IRI of the statement that carries the fact
    modality: str
    confidence: float
    premises: tuple[str, ...] = ()
    rule: str = ""


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> tuple[Rule, ...]:
    g = ox.Store()
    g.load(path=str(path or ontology_file()), format=ox.RdfFormat.TURTLE)
    own = lambda t: isinstance(t, ox.NamedNode) and t.value.startswith(KGO)  # noqa: E731
    rules: list[Rule] = []
    for q in g.quads_for_pattern(None, ox.NamedNode(OWL + "propertyChainAxiom"), None):
        body, node = [], q.object
        while node != ox.NamedNode(RDF + "nil"):
            body.append(next(g.quads_for_pattern(node, ox.NamedNode(RDF + "first"), None)).object)
            node = next(g.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None)).object
        if own(q.subject) and len(body) == 2 and all(map(own, body)):
            names = " ∘ ".join(local_name(b.value) for b in body)
            rules.append(
                Rule(
                    "chain",
                    q.subject.value,
                    tuple(b.value for b in body),
                    f"{names} ⊑ {local_name(q.subject.value)} {CHAIN_RULE_MARK}",
                )
            )
    for q in g.quads_for_pattern(None, ox.NamedNode(OWL + "inverseOf"), None):
        if own(q.subject) and own(q.object):
            for a, b in ((q.subject, q.object), (q.object, q.subject)):
                rules.append(
                    Rule(
                        "inverse",
                        b.value,
                        (a.value,),
                        f"{local_name(a.value)} owl:inverseOf {local_name(b.value)}",
                    )
                )
    for q in g.quads_for_pattern(
        None, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "SymmetricProperty")
    ):
        if own(q.subject):
            rules.append(
                Rule(
                    "symmetric",
                    q.subject.value,
                    (q.subject.value,),
                    f"{local_name(q.subject.value)} a owl:SymmetricProperty",
                )
            )
    for q in g.quads_for_pattern(None, ox.NamedNode(RDFS + "subPropertyOf"), None):
        if own(q.subject) and own(q.object):
            rules.append(
                Rule(
                    "subproperty",
                    q.object.value,
                    (q.subject.value,),
                    f"{local_name(q.subject.value)} rdfs:subPropertyOf "
                    f"{local_name(q.object.value)}",
                )
            )
    # Deduplicate (inverseOf is often stated on both sides) and keep a stable order.
    return tuple(sorted(set(rules), key=lambda r: (r.kind, r.head, r.body)))


def closure(
    facts: dict[Triple, Support], rules: tuple[Rule, ...], *, base: str = DEFAULT_BASE
) -> dict[Triple, Support]:
    """All new triples the rules derive from `facts` (which are not modified)."""
    known = dict(facts)
    by_pred: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    rev: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in known:
        by_pred[p][s].add(o)
        rev[p][o].add(s)
    derived: dict[Triple, Support] = {}
    frontier = sorted(known)
    while frontier:
        found: dict[Triple, Support] = {}
        for fact in frontier:
            for t, prem, rule in _conclusions(fact, rules, known, by_pred, rev):
                if t[0] != t[2] and t not in known and t not in found:
                    found[t] = _inferred_support(t, prem, rule, base)
        for t, sup in found.items():
            known[t] = sup
            derived[t] = sup
            by_pred[t[1]][t[0]].add(t[2])
            rev[t[1]][t[2]].add(t[0])
        frontier = sorted(found)
    return derived


def _conclusions(
    fact: Triple,
    rules: tuple[Rule, ...],
    known: dict[Triple, Support],
    by_pred: dict[str, dict[str, set[str]]],
    rev: dict[str, dict[str, set[str]]],
) -> Iterator[tuple[Triple, list[Support], Rule]]:
    """(conclusion, premises, rule) of every rule `fact` is a premise of, given `known`."""
    s, p, o = fact
    sup = known[fact]
    for r in rules:
        if r.kind == "inverse" and r.body[0] == p:
            yield (o, r.head, s), [sup], r
        elif r.kind == "symmetric" and r.head == p:
            yield (o, p, s), [sup], r
        elif r.kind == "subproperty" and r.body[0] == p:
            yield (s, r.head, o), [sup], r
        elif r.kind == "chain":
            first, second = r.body
            if p == first:  # (s p o) joins (o second z)
                for z in sorted(by_pred[second].get(o, ())):
                    yield (s, r.head, z), [sup, known[(o, second, z)]], r
            if p == second:  # (x first s) joins (s p o)
                for x in sorted(rev[first].get(s, ())):
                    yield (x, r.head, o), [known[(x, first, s)], sup], r


def _inferred_support(t: Triple, prem: list[Support], rule: Rule, base: str) -> Support:
    modality = min((p.modality for p in prem), key=STRENGTH.__getitem__)
    conf = 1.0
    for p in prem:
        conf *= p.confidence
    return Support(
        inferred_statement_iri(t, base),
        modality,
        conf,
        tuple(p.statement for p in prem),
        rule.text,
    )


def extracted_facts(store: ox.Store, *, base: str = DEFAULT_BASE) -> dict[Triple, Support]:
    """The strongest supporting statement of every non-negated kgo: fact outside the
    inferred/ontology graphs."""
    best: dict[Triple, Support] = {}
    for t, sup in stored_facts(store, base=base):
        keep_strongest(best, t, sup)
    return best


def stored_facts(store: ox.Store, *, base: str = DEFAULT_BASE) -> Iterator[tuple[Triple, Support]]:
    """Every non-negated kgo: fact outside the inferred/ontology graphs with one supporting
    statement (a fact said twice comes twice)."""
    q = f"""PREFIX rdf: <{RDF}> PREFIX kgo: <{KGO}>
    SELECT ?st ?s ?p ?o ?m ?c WHERE {{ GRAPH ?g {{
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
            kgo:modality ?m ; kgo:confidence ?c }}
      FILTER(?g != <{inferred_graph(base).value}> && ?m != kgo:Negated
             && STRSTARTS(STR(?p), "{KGO}") && isIRI(?s) && isIRI(?o)) }}"""
    for row in store.query(q):
        t = interned(row["s"].value, row["p"].value, row["o"].value)
        yield t, Support(row["st"].value, _modality(row["m"].value), float(row["c"].value))


@lru_cache(maxsize=4)
def rule_predicates(path: str | None = None) -> frozenset[str]:
    """The relations a rule reads or concludes: no other fact takes part in inference."""
    return predicates_of(load_rules(path))


def predicates_of(rules: Iterable[Rule]) -> frozenset[str]:
    return frozenset(p for r in rules for p in (r.head, *r.body))


def interned(s: str, p: str, o: str) -> Triple:
    """One copy of each IRI however many facts name it: the table of a first build's facts is
    held in memory (one row per fact), and its nodes and relations repeat (43 % of a row).
    Strings read back from a pickle are copies: intern them again where rows are merged."""
    return sys.intern(s), sys.intern(p), sys.intern(o)


def _modality(iri: str) -> str:
    return sys.intern(local_name(iri))


def keep_strongest(best: dict[Triple, Support], t: Triple, sup: Support) -> None:
    """Keep the strongest support of `t`: firmest modality, then highest confidence, then the
    least statement IRI (a fixed choice, whatever order the statements come in)."""
    cur = best.get(t)
    if cur is None or (STRENGTH[sup.modality], sup.confidence, cur.statement) > (
        STRENGTH[cur.modality],
        cur.confidence,
        sup.statement,
    ):
        best[t] = sup


def merge_facts(*parts: dict[Triple, Support]) -> dict[Triple, Support]:
    best: dict[Triple, Support] = {}
    for part in parts:
        for t, sup in part.items():
            keep_strongest(best, t, sup)
    return best


def rules_digest(ontology: str | Path | None = None) -> str:
    """Identifies the rule set: an inferred graph made under other rules must be recomputed."""
    rules = load_rules(str(ontology) if ontology else None)
    text = "\n".join(f"{r.kind} {r.head} {' '.join(r.body)} {r.text}" for r in rules)
    return hashlib.sha1(f"{RULE_ENGINE}\n{text}".encode()).hexdigest()[:16]


_A = ox.NamedNode(RDF + "type")
_YES = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJ, _PRED, _OBJ = (ox.NamedNode(RDF + n) for n in ("subject", "predicate", "object"))
_INFERRED, _MODALITY, _CONF, _EXTRACTOR, _RULE = (
    ox.NamedNode(KGO.term(n)) for n in ("inferred", "modality", "confidence", "extractor", "rule")
)
_DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
_ENGINE = ox.Literal(RULE_ENGINE)


def statement_quads(t: Triple, sup: Support, g: ox.NamedNode) -> list[ox.Quad]:
    """The quads of one inferred triple in the inferred graph: the triple and its statement."""
    s, p, o = t
    st = ox.NamedNode(sup.statement)
    sn, pn, on = ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)
    quads = [
        ox.Quad(sn, pn, on, g),
        ox.Quad(st, _A, _STATEMENT, g),
        ox.Quad(st, _SUBJ, sn, g),
        ox.Quad(st, _PRED, pn, g),
        ox.Quad(st, _OBJ, on, g),
        ox.Quad(st, _INFERRED, _YES, g),
        ox.Quad(st, _MODALITY, kgo_term(sup.modality), g),
        ox.Quad(st, _CONF, decimal(sup.confidence), g),
        ox.Quad(st, _EXTRACTOR, _ENGINE, g),
        ox.Quad(st, _RULE, ox.Literal(sup.rule), g),
    ]
    quads += [ox.Quad(st, _DERIVED, ox.NamedNode(prem), g) for prem in sup.premises]
    return quads


_TEXT = {  # the same terms as N-Quads text, for `statement_nquads`
    name: str(term)
    for name, term in (
        ("a", _A),
        ("yes", _YES),
        ("statement", _STATEMENT),
        ("subj", _SUBJ),
        ("pred", _PRED),
        ("obj", _OBJ),
        ("inferred", _INFERRED),
        ("modality", _MODALITY),
        ("conf", _CONF),
        ("extractor", _EXTRACTOR),
        ("rule", _RULE),
        ("derived", _DERIVED),
        ("engine", _ENGINE),
    )
}


def statement_nquads(t: Triple, sup: Support, g: str) -> tuple[str, int]:
    """`statement_quads` as N-Quads text (`g`: the graph IRI), and how many quads it is. A
    first build loads text anyway: making a quad whose object is a literal costs pyoxigraph
    about 2 µs, and four of each statement's are (docs/scaling.md, "Stop 39")."""
    s, p, o = (f"<{x}>" for x in t)
    st, tx = f"<{sup.statement}> ", _TEXT
    lines = [
        f"{s} {p} {o}",
        f"{st}{tx['a']} {tx['statement']}",
        f"{st}{tx['subj']} {s}",
        f"{st}{tx['pred']} {p}",
        f"{st}{tx['obj']} {o}",
        f"{st}{tx['inferred']} {tx['yes']}",
        f"{st}{tx['modality']} <{kgo_term(sup.modality).value}>",
        f"{st}{tx['conf']} {decimal(sup.confidence)}",
        f"{st}{tx['extractor']} {tx['engine']}",
        f'{st}{tx["rule"]} "{text(sup.rule)}"',
    ]
    lines += [f"{st}{tx['derived']} <{prem}>" for prem in sup.premises]
    end = f" <{g}> .\n"
    return end.join(lines) + end, len(lines)


def inferred_quads(
    facts: dict[Triple, Support], *, base: str = DEFAULT_BASE, ontology: str | Path | None = None
) -> Iterator[list[ox.Quad]]:
    """The quads of the inferred graph the rules derive from `facts`, one inferred triple (and
    its statement) at a time, in a fixed order."""
    derived = closure(facts, load_rules(str(ontology) if ontology else None), base=base)
    return derived_quads(sorted(derived.items()), base=base)


def derived_quads(
    derived: Iterable[tuple[Triple, Support]], *, base: str = DEFAULT_BASE
) -> Iterator[list[ox.Quad]]:
    """The quads of each derived triple and its statement in the inferred graph."""
    g = inferred_graph(base)
    for t, sup in derived:
        yield statement_quads(t, sup, g)


def derived_nquads(
    derived: Iterable[tuple[Triple, Support]], *, base: str = DEFAULT_BASE
) -> Iterator[tuple[str, int]]:
    """`derived_quads` as N-Quads text, and the number of quads, per derived triple."""
    g = inferred_graph(base).value
    for t, sup in derived:
        yield statement_nquads(t, sup, g)


def ontology_quads(*, base: str = DEFAULT_BASE, path: str | Path | None = None) -> list[ox.Quad]:
    """The ontology itself, in its own named graph, so queries can read property labels."""
    g = ontology_graph(base)
    triples = ox.parse(path=str(path or ontology_file()), format=ox.RdfFormat.TURTLE)
    # The parser names blank nodes (property-chain lists) at random; renaming them in parse
    # order makes a rebuild write identical quads, so re-running changes nothing.
    names: dict[str, ox.BlankNode] = {}

    Term = ox.NamedNode | ox.BlankNode | ox.Literal

    def stable(t: Term) -> Term:
        if isinstance(t, ox.BlankNode):
            return names.setdefault(t.value, ox.BlankNode(f"ontology{len(names)}"))
        return t

    return [ox.Quad(stable(t.subject), t.predicate, stable(t.object), g) for t in triples]
