"""The facts behind every edge: the reified statements (evidence, modality, confidence,
source article, qualifiers, premises of inferred facts) attached to the networkx edges, their
one-flag summary for styling, the relation labels, and the server-side fact filters."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.model import MODALITIES
from kg.rdf.rules import CHAIN_RULE_MARK
from kg.viz.fact_edges import drop_moved, place_facts, read_timelines
from kg.viz.labels import (
    PREFIXES,
    fallback_label,
    humanize,
    local_name,
    ontology_labels,
    pred_label,
    term_key,
    term_num,
    term_val,
)
from kg.viz.qualifiers import QUALIFIER_PROPS, fact_date

# What a fact carries of its rdf:Statement (the page's facts keep the same names).
STATEMENT_FIELDS = ("statement", "modality", "confidence", "evidence", "start", "end", "inferred")


def attach_facts(
    store: Any, g: nx.MultiDiGraph, *, add_negated: bool, only_between: str | None
) -> None:
    articles: dict[str, dict[str, Any]] = {}
    for r in store.query(
        PREFIXES
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
        PREFIXES
        + """SELECT ?st ?s ?p ?o ?mod ?conf ?ev ?start ?end ?inf ?rule ?src
        WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          OPTIONAL { ?st kgo:modality ?mod } OPTIONAL { ?st kgo:confidence ?conf }
          OPTIONAL { ?st kgo:evidence ?ev } OPTIONAL { ?st kgo:start ?start }
          OPTIONAL { ?st kgo:end ?end } OPTIONAL { ?st kgo:inferred ?inf }
          OPTIONAL { ?st kgo:rule ?rule } OPTIONAL { ?st prov:wasDerivedFrom ?src } }"""
    )
    stmts: dict[str, dict[str, Any]] = {}
    for r in rows:
        st = stmts.get(term_key(r["st"]))
        if st is None:
            mod = local_name(r["mod"].value) if r["mod"] is not None else "Asserted"
            inferred = term_val(r["inf"]) in ("true", "1")
            st = stmts[term_key(r["st"])] = {
                "statement": term_key(r["st"]),
                "s": term_key(r["s"]),
                "p": r["p"].value,
                "o": term_key(r["o"]),
                "modality": mod,
                "confidence": term_num(r["conf"]),
                "evidence": term_val(r["ev"]),
                "start": term_num(r["start"]),
                "end": term_num(r["end"]),
                "inferred": inferred,
                "sources": [],
                # An inverse, symmetric twin or super-property of a fact already drawn adds no
                # information, only a second arrow: the page hides these unless asked.
                "restates": inferred and _restating_rule(term_val(r["rule"])),
            }
        if r["src"] is not None and term_key(r["src"]) not in st["sources"]:
            st["sources"].append(term_key(r["src"]))
    _read_qualifiers(store, stmts)
    # One edge per fact where the store keeps the facts' timelines (`kg.viz.fact_edges`); our
    # own graph only (`only_between`, the entity namespace), not any RDF.
    place, others = place_facts(
        g,
        read_timelines(store) if only_between is not None else [],
        {k: st["modality"] == "Negated" for k, st in stmts.items()},
        add_negated=add_negated,
        only_between=only_between,
    )

    for st in stmts.values():
        s, p, o = st["s"], st["p"], st["o"]
        if st["statement"] in place:
            s, o, p = place[st["statement"]]
        elif g.has_edge(s, o, key=p):
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
    drop_moved(g, others)

    for _, _, data in g.edges(data=True):
        facts = data.setdefault("facts", [])
        # A fact's statements in its timeline's order, then any other (inferred) statement.
        pos = (
            {e.statement: i for i, e in enumerate(data["timeline"].entries)}
            if "timeline" in data
            else {}
        )
        facts.sort(
            key=lambda f: (
                pos.get(f["statement"], len(pos)),
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
    fact: dict[str, Any] = {k: st[k] for k in (*STATEMENT_FIELDS, "restates")}
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
                f"{_node_label(g, pre['s'])} {pred_label(pre['p'])} {_node_label(g, pre['o'])}"
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
        PREFIXES
        + f"""SELECT ?st ?q ?v WHERE {{
            VALUES ?q {{ {values} }} ?st ?q ?v }}"""
    ):
        st = stmts.get(term_key(r["st"]))
        if st is not None:
            st.setdefault("qualifiers", {}).setdefault(local_name(r["q"].value), r["v"].value)


def _restating_rule(rule: str | None) -> bool:
    """True for the rules of kg.rdf.rules that restate one premise (inverse, symmetric,
    sub-property); property chains conclude something new."""
    return bool(rule) and CHAIN_RULE_MARK not in str(rule)


def _node_label(g: nx.MultiDiGraph, key: str) -> str:
    return g.nodes[key].get("label", key) if key in g else fallback_label(key)


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
    if "timeline" in data:
        data["status"] = data["timeline"].status


def label_edges(store: Any, g: nx.MultiDiGraph) -> None:
    labels = dict(ontology_labels())
    preds = {p for _, _, p in g.edges(keys=True)}
    if preds:
        for r in store.query(
            PREFIXES + "SELECT ?p ?l WHERE { ?p rdfs:label ?l "
            "FILTER(LANG(?l) = 'en' || LANG(?l) = '') }"
        ):
            if r["p"].value in preds:
                labels.setdefault(r["p"].value, r["l"].value)
    for _, _, p, data in g.edges(keys=True, data=True):
        data["label"] = labels.get(p) or humanize(local_name(p))
        if "facts" not in data:
            data["facts"] = []
            _summarise_edge(data)


def filter_facts(g: nx.MultiDiGraph, min_confidence: float, mods: set[str] | None) -> None:
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
