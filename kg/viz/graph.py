"""RDF (a store, a query result or a file) -> a networkx MultiDiGraph the page renders.

Why networkx in between: the page needs graph work (degree, neighbourhoods, caps, layout) that
networkx already does well, and callers (notebooks, tests) can inspect or edit the graph before
rendering. One node per resource, one edge per distinct (subject, predicate, object) triple; the
edge's `facts` carry every rdf:Statement (evidence, modality, confidence, source, qualifiers
such as amount or event date, the article's publication date) behind it.

Two readings of the RDF:
- our knowledge graph (entities under `{base}entity/`): nodes are entities, edges are kgo:
  properties between them, evidence comes from the reified statements;
- any other RDF: every IRI/blank-node resource is a node and every triple whose object is a
  resource is an edge, using rdfs:label / rdf:type when present.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg import paths
from kg.errors import VizError
from kg.model import MODALITIES
from kg.rdf.rules import CHAIN_RULE_MARK
from kg.rdf.terms import DEFAULT_BASE, KGO, PROV, RDF, RDFS, SKOS, sparql_prologue
from kg.viz.qualifiers import QUALIFIER_PROPS, fact_date

_PREFIXES = sparql_prologue("rdf", "rdfs", "kgo", "skos", "prov", "dcterms", "schema")
# Predicates that describe a resource or a statement rather than relate two things.
_NOT_EDGES = {
    RDF + "type",
    RDF + "subject",
    RDF + "predicate",
    RDF + "object",
    RDFS + "label",
    SKOS + "altLabel",
    SKOS + "prefLabel",
    PROV + "wasDerivedFrom",
}


def local_name(iri: str) -> str:
    return re.split(r"[#/:]", iri.rstrip("/#"))[-1] or iri


def humanize(name: str) -> str:
    """ "buysFrom" -> "buys from": the fallback when the ontology gives no label."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").lower()


@functools.lru_cache(maxsize=4)
def _ontology_labels_cached(path: str, mtime: float) -> dict[str, str]:
    labels: dict[str, tuple[int, str]] = {}
    try:
        triples = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
        for t in triples:
            if t.predicate.value == RDFS + "label" and isinstance(t.object, ox.Literal):
                rank = _lang_rank(t.object.language)
                old = labels.get(t.subject.value)
                if old is None or rank < old[0]:
                    labels[t.subject.value] = (rank, t.object.value)
    except (OSError, SyntaxError):
        # A half-written ontology must not stop the page; local names are a fine fallback.
        return {}
    return {k: v for k, (_, v) in labels.items()}


def ontology_labels() -> dict[str, str]:
    """IRI -> English rdfs:label of every class and property in ontology/kg.ttl (if present)."""
    path = paths.ontology_file()
    if not path.is_file():
        return {}
    return _ontology_labels_cached(str(path), path.stat().st_mtime)


def _lang_rank(lang: str | None) -> int:
    return 0 if lang == "en" else 1 if not lang else 2


def _key(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _num(term: Any) -> float | None:
    try:
        return float(term.value) if term is not None else None
    except ValueError:
        return None


def _val(term: Any) -> str | None:
    return None if term is None else term.value


# -- public API ------------------------------------------------------------------------------


def graph_from_store(
    store: Any,
    *,
    query: str | None = None,
    focus: str | None = None,
    hops: int = 1,
    min_confidence: float = 0.0,
    modalities: Iterable[str] | None = None,
    base: str = DEFAULT_BASE,
    negated: bool = False,
) -> nx.MultiDiGraph:
    """The graph of a store (`kg.store.Store` or anything with the same `.query`).

    query: SPARQL text; a CONSTRUCT result is drawn as is, a SELECT must bind ?s ?p ?o.
    focus: an entity (IRI, entity key, canonical name or alias) whose `hops`-neighbourhood is
    kept. min_confidence/modalities drop facts; an edge stays while one of its facts passes.
    negated: also draw negated statements (they have no direct triple) as edges.
    """
    if hops < 0:
        raise VizError(f"--hops must be >= 0, not {hops}")
    if not 0.0 <= min_confidence <= 1.0:
        raise VizError(f"--min-confidence must be between 0 and 1, not {min_confidence}")
    mods = None if modalities is None else set(modalities)
    if mods is not None and (bad := mods - set(MODALITIES)):
        raise VizError(f"unknown modality {sorted(bad)[0]!r} (known: {', '.join(MODALITIES)})")

    if query is not None:
        triples = _query_triples(store, query)
        g = _graph_from_triples(store, triples, base=base)
    elif _has_entities(store, base):
        g = _kg_graph(store, base=base, negated=negated)
    else:
        g = _graph_from_triples(store, None, base=base)

    filtered = mods is not None or min_confidence > 0.0
    if filtered:
        _filter_facts(g, min_confidence, mods)
    if focus is not None:
        centre = find_node(g, focus, base=base)
        keep = nx.single_source_shortest_path_length(
            g.to_undirected(as_view=True), centre, cutoff=hops
        )
        g = g.subgraph(keep).copy()
        g.graph["focus"] = centre
    elif filtered:
        g.remove_nodes_from(
            [n for n in list(g) if g.degree(n) == 0 and g.nodes[n].get("had_edges")]
        )
    for n in g:
        g.nodes[n].pop("had_edges", None)
    return g


def graph_from_rdf(
    path: str | Path, *, base: str = DEFAULT_BASE, fmt: str | None = None, **options: Any
) -> nx.MultiDiGraph:
    """The graph of any RDF file (Turtle, N-Triples, N-Quads, TriG, ...), without a store.
    `options` are those of `graph_from_store` (query, focus, hops, min_confidence, ...)."""
    from kg.store.oxi import Store

    mem = Store(None)
    mem.load(path, fmt=fmt)
    return graph_from_store(mem, base=base, **options)


def find_node(g: nx.MultiDiGraph, name: str, *, base: str = DEFAULT_BASE) -> Any:
    """A node by IRI, entity key, canonical name or alias (case-insensitive)."""
    for cand in (name, f"{base}entity/{name}"):
        if cand in g:
            return cand
    folded = name.casefold().strip()
    hits = [n for n, d in g.nodes(data=True) if str(d.get("label", "")).casefold() == folded]
    if not hits:
        hits = [
            n
            for n, d in g.nodes(data=True)
            if folded in (a.casefold() for a in d.get("aliases", ()))
        ]
    if not hits:
        raise VizError(f"no entity named {name!r} in the graph")
    # Ambiguous names pick the best-connected entity: that is what a reader usually means.
    return max(hits, key=lambda n: (g.degree(n), str(n)))


# -- building --------------------------------------------------------------------------------


def _has_entities(store: Any, base: str) -> bool:
    q = f'ASK {{ ?e ?p ?o FILTER(STRSTARTS(STR(?e), "{base}entity/")) }}'
    return bool(store.query(q))


def _query_triples(store: Any, query: str) -> list[tuple[Any, Any, Any]]:
    res = store.query(query)
    if isinstance(res, ox.QueryBoolean | bool):
        raise VizError("an ASK query has no graph to draw; use CONSTRUCT or SELECT ?s ?p ?o")
    if isinstance(res, ox.QuerySolutions):
        names = {v.value for v in res.variables}
        if not {"s", "p", "o"} <= names:
            raise VizError(
                "a SELECT query for the graph must bind ?s ?p ?o "
                f"(it binds {', '.join('?' + n for n in sorted(names)) or 'nothing'})"
            )
        return [
            (r["s"], r["p"], r["o"])
            for r in res
            if r["s"] is not None and r["p"] is not None and r["o"] is not None
        ]
    return [(t.subject, t.predicate, t.object) for t in res]


def _kg_graph(store: Any, *, base: str, negated: bool) -> nx.MultiDiGraph:
    ent = f"{base}entity/"
    g = nx.MultiDiGraph()
    for row in store.query(
        _PREFIXES
        + f"""SELECT DISTINCT ?e WHERE {{
            {{ ?e ?p ?o }} UNION {{ ?s ?p ?e }} FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{ent}"))
            }}"""
    ):
        g.add_node(row["e"].value, iri=row["e"].value)
    for row in store.query(
        _PREFIXES
        + f"""SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o
            FILTER(isIRI(?o) && STRSTARTS(STR(?s), "{ent}") && STRSTARTS(STR(?o), "{ent}")
                   && STRSTARTS(STR(?p), "{KGO}")) }}"""
    ):
        g.add_edge(row["s"].value, row["o"].value, key=row["p"].value, predicate=row["p"].value)
    _decorate_nodes(store, g)
    _attach_facts(store, g, add_negated=negated, only_between=ent)
    _label_edges(store, g)
    return g


def _graph_from_triples(
    store: Any, triples: list[tuple[Any, Any, Any]] | None, *, base: str
) -> nx.MultiDiGraph:
    """Generic reading. `triples=None` means "every triple in the store"."""
    g = nx.MultiDiGraph()
    described: list[tuple[Any, Any, Any]] = []
    if triples is None:
        statements = {
            _key(r["st"])
            for r in store.query(_PREFIXES + "SELECT DISTINCT ?st WHERE { ?st rdf:subject ?x }")
        }
        rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        triples = [(r["s"], r["p"], r["o"]) for r in rows]
    else:
        statements = set()
    for s, p, o in triples:
        sk = _key(s)
        if sk in statements or isinstance(s, ox.Triple):
            continue
        if sk not in g:
            g.add_node(sk, iri=sk)
        if p.value in _NOT_EDGES or isinstance(o, ox.Literal | ox.Triple):
            described.append((s, p, o))
            continue
        ok = _key(o)
        if ok in statements:
            continue
        if ok not in g:
            g.add_node(ok, iri=ok)
        g.add_edge(sk, ok, key=p.value, predicate=p.value)
    _decorate_nodes(store, g, extra=described)
    _attach_facts(store, g, add_negated=False, only_between=None)
    _label_edges(store, g)
    return g


def _decorate_nodes(
    store: Any, g: nx.MultiDiGraph, extra: Iterable[tuple[Any, Any, Any]] = ()
) -> None:
    labels: dict[str, list[tuple[int, str]]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)

    def note(s: str, p: str, o: Any) -> None:
        if s not in g:
            return
        if p == RDFS + "label" and isinstance(o, ox.Literal):
            labels[s].append((_lang_rank(o.language), o.value))
        elif p in (SKOS + "altLabel", SKOS + "prefLabel") and isinstance(o, ox.Literal):
            aliases[s].add(o.value)
        elif p == RDF + "type" and not isinstance(o, ox.Literal):
            types[s].add(o.value)

    for s, p, o in extra:
        note(_key(s), p.value, o)
    for row in store.query(
        _PREFIXES
        + """SELECT ?s ?p ?o WHERE { ?s ?p ?o
            VALUES ?p { rdfs:label skos:altLabel skos:prefLabel rdf:type } }"""
    ):
        note(_key(row["s"]), row["p"].value, row["o"])

    onto = ontology_labels()
    for n, data in g.nodes(data=True):
        ranked = sorted(set(labels.get(n, ())))
        label = ranked[0][1] if ranked else _fallback_label(n)
        data["label"] = label
        data["aliases"] = sorted(
            ({v for _, v in ranked} | aliases.get(n, set())) - {label}, key=str.casefold
        )
        data["type"] = _pick_type(types.get(n, set()))
        if data["type"] != "Resource":
            data["type_label"] = onto.get(KGO + data["type"], data["type"])


def _fallback_label(key: str) -> str:
    if key.startswith("_:"):
        return key
    return local_name(key).replace("-", " ") if "/" in key or "#" in key else key


def _pick_type(types: set[str]) -> str:
    ours = sorted(local_name(t) for t in types if t.startswith(KGO))
    if ours:
        return ours[0]
    rest = sorted(
        local_name(t) for t in types if not t.startswith((RDFS, "http://www.w3.org/2002/07/owl#"))
    )
    return rest[0] if rest else "Resource"


def _attach_facts(
    store: Any, g: nx.MultiDiGraph, *, add_negated: bool, only_between: str | None
) -> None:
    articles: dict[str, dict[str, Any]] = {}
    for r in store.query(
        _PREFIXES
        + """SELECT ?a ?title ?pub ?path ?url ?issued ?created WHERE {
            ?a a kgo:Article . OPTIONAL { ?a dcterms:title ?title }
            OPTIONAL { ?a dcterms:publisher ?pub } OPTIONAL { ?a kgo:sourcePath ?path }
            OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a dcterms:issued ?issued }
            OPTIONAL { ?a dcterms:created ?created } }"""
    ):
        art = articles.setdefault(r["a"].value, {"iri": r["a"].value})
        for k in ("title", "pub", "path", "url", "issued", "created"):
            if r[k] is not None and k not in art:
                art[k] = r[k].value
    rows = store.query(
        _PREFIXES
        + """SELECT ?st ?s ?p ?o ?mod ?conf ?ev ?start ?end ?inf ?rule ?src
        WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          OPTIONAL { ?st kgo:modality ?mod } OPTIONAL { ?st kgo:confidence ?conf }
          OPTIONAL { ?st kgo:evidence ?ev } OPTIONAL { ?st kgo:start ?start }
          OPTIONAL { ?st kgo:end ?end } OPTIONAL { ?st kgo:inferred ?inf }
          OPTIONAL { ?st kgo:rule ?rule } OPTIONAL { ?st prov:wasDerivedFrom ?src } }"""
    )
    stmts: dict[str, dict[str, Any]] = {}
    for r in rows:
        st = stmts.get(_key(r["st"]))
        if st is None:
            mod = local_name(r["mod"].value) if r["mod"] is not None else "Asserted"
            inferred = _val(r["inf"]) in ("true", "1")
            st = stmts[_key(r["st"])] = {
                "statement": _key(r["st"]),
                "s": _key(r["s"]),
                "p": r["p"].value,
                "o": _key(r["o"]),
                "modality": mod,
                "confidence": _num(r["conf"]),
                "evidence": _val(r["ev"]),
                "start": _num(r["start"]),
                "end": _num(r["end"]),
                "inferred": inferred,
                "sources": [],
                # An inverse, symmetric twin or super-property of a fact already drawn adds no
                # information, only a second arrow: the page hides these unless asked.
                "restates": inferred and _restating_rule(_val(r["rule"])),
            }
        if r["src"] is not None and _key(r["src"]) not in st["sources"]:
            st["sources"].append(_key(r["src"]))
    _read_qualifiers(store, stmts)

    for st in stmts.values():
        s, p, o = st["s"], st["p"], st["o"]
        if g.has_edge(s, o, key=p):
            pass
        elif (
            add_negated
            and st["modality"] == "Negated"
            and s in g
            and o in g
            and (
                only_between is None or (s.startswith(only_between) and o.startswith(only_between))
            )
        ):
            g.add_edge(s, o, key=p, predicate=p)
        else:
            continue
        g.edges[s, o, p].setdefault("facts", []).append(_fact(st, stmts, articles, g))

    for _, _, data in g.edges(data=True):
        facts = data.setdefault("facts", [])
        facts.sort(
            key=lambda f: (
                f["inferred"],
                -(f["confidence"] or 0.0),
                f.get("title") or "",
                f["statement"],
            )
        )
        _summarise_edge(data)


def _fact(
    st: dict[str, Any],
    stmts: dict[str, dict[str, Any]],
    articles: dict[str, dict[str, Any]],
    g: nx.MultiDiGraph,
    depth: int = 0,
) -> dict[str, Any]:
    fact: dict[str, Any] = {
        k: st[k]
        for k in (
            "statement",
            "modality",
            "confidence",
            "evidence",
            "start",
            "end",
            "inferred",
            "restates",
        )
    }
    fact["qualifiers"] = dict(st.get("qualifiers", {}))
    for src in st["sources"]:
        art = articles.get(src)
        if art is not None and "article" not in fact:
            # dcterms:created is the publication date queries filter on; older builds
            # wrote only dcterms:issued (same value).
            fact.update(
                article=art["iri"],
                title=art.get("title"),
                publisher=art.get("pub"),
                path=art.get("path"),
                url=art.get("url"),
                issued=art.get("issued"),
                published=art.get("created") or art.get("issued"),
            )
        elif src in stmts and depth < 3:
            # An inferred fact points at its premises: show them with their own evidence.
            pre = stmts[src]
            premise = _fact(pre, stmts, articles, g, depth + 1)
            premise["text"] = (
                f"{_node_label(g, pre['s'])} {_pred_label(pre['p'])} {_node_label(g, pre['o'])}"
            )
            fact.setdefault("premises", []).append(premise)
    fact.update(fact_date(fact["qualifiers"], fact.get("published")))
    if "dateFrom" not in fact and fact.get("premises"):
        # An inferred fact holds once its last premise does: it takes the latest premise date.
        dated = [p for p in fact["premises"] if "dateFrom" in p]
        if dated:
            last = max(dated, key=lambda p: (p["dateFrom"], p["dateTo"]))
            fact.update(dateFrom=last["dateFrom"], dateTo=last["dateTo"], dateBy="premise")
    return fact


def _read_qualifiers(store: Any, stmts: dict[str, dict[str, Any]]) -> None:
    """kgo:amount, kgo:eventDate ... of every statement, as lexical values by local name.
    One query for all of them: OPTIONALs in the statement query would multiply its rows."""
    values = " ".join(f"kgo:{p}" for p in QUALIFIER_PROPS)
    # VALUES first: Oxigraph then reads the eight properties' triples directly (2-4x faster
    # on 20,000 statements than starting from rdf:subject).
    for r in store.query(
        _PREFIXES
        + f"""SELECT ?st ?q ?v WHERE {{
            VALUES ?q {{ {values} }} ?st ?q ?v }}"""
    ):
        st = stmts.get(_key(r["st"]))
        if st is not None:
            st.setdefault("qualifiers", {}).setdefault(local_name(r["q"].value), r["v"].value)


def _restating_rule(rule: str | None) -> bool:
    """True for the rules of kg.rdf.rules that restate one premise (inverse, symmetric,
    sub-property); property chains conclude something new."""
    return bool(rule) and CHAIN_RULE_MARK not in str(rule)


def _pred_label(p: str) -> str:
    return ontology_labels().get(p) or humanize(local_name(p))


def _node_label(g: nx.MultiDiGraph, key: str) -> str:
    return g.nodes[key].get("label", key) if key in g else _fallback_label(key)


def _summarise_edge(data: dict[str, Any]) -> None:
    """One modality/confidence/inferred flag per edge for styling and server-side filters."""
    facts = data["facts"]
    if not facts:
        data.update(modality="Asserted", confidence=1.0, inferred=False)
        return
    data["modality"] = min(
        (f["modality"] for f in facts), key=lambda m: MODALITIES.index(m) if m in MODALITIES else 99
    )
    confs = [f["confidence"] for f in facts if f["confidence"] is not None]
    data["confidence"] = max(confs) if confs else 1.0
    data["inferred"] = all(f["inferred"] for f in facts)


def _label_edges(store: Any, g: nx.MultiDiGraph) -> None:
    labels = dict(ontology_labels())
    preds = {p for _, _, p in g.edges(keys=True)}
    if preds:
        for r in store.query(
            _PREFIXES + "SELECT ?p ?l WHERE { ?p rdfs:label ?l "
            "FILTER(LANG(?l) = 'en' || LANG(?l) = '') }"
        ):
            if r["p"].value in preds:
                labels.setdefault(r["p"].value, r["l"].value)
    for _, _, p, data in g.edges(keys=True, data=True):
        data["label"] = labels.get(p) or humanize(local_name(p))
        if "facts" not in data:
            data["facts"] = []
            _summarise_edge(data)


def _filter_facts(g: nx.MultiDiGraph, min_confidence: float, mods: set[str] | None) -> None:
    for n in g:
        g.nodes[n]["had_edges"] = g.degree(n) > 0
    drop = []
    for s, o, p, data in g.edges(keys=True, data=True):
        facts = data["facts"] or [{"modality": "Asserted", "confidence": 1.0}]
        kept = [
            f
            for f in facts
            if (mods is None or f["modality"] in mods)
            and (f["confidence"] if f["confidence"] is not None else 1.0) >= min_confidence
        ]
        if not kept:
            drop.append((s, o, p))
        elif data["facts"]:
            data["facts"] = kept
            _summarise_edge(data)
    g.remove_edges_from(drop)
