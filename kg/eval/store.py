"""Predictions read back from a built store, in the `kg extract --json` record format, so
`kg eval GOLD --store DIR` scores what a researcher will actually query: extracted facts and the
facts the ontology rules inferred through property chains (attributed to the articles their
premises came from)."""

from __future__ import annotations

from typing import Any

from kg.rdf.rules import CHAIN_RULE_MARK
from kg.rdf.terms import sparql_prologue

QUERY = (
    sparql_prologue("kgo", "rdf", "rdfs", "prov", "dcterms", "schema")
    + """\
SELECT ?st ?aid (SAMPLE(?path) AS ?src) (SAMPLE(?url) AS ?u) ?sl ?stype ?p ?ol ?otype ?m ?c ?ex
       (SAMPLE(?ev) AS ?sentence) (SAMPLE(?b) AS ?start) (SAMPLE(?e) AS ?end)
WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kgo:modality ?m ;
      kgo:confidence ?c ; kgo:extractor ?ex .
  ?st (prov:wasDerivedFrom)+ ?a . ?a a kgo:Article ; dcterms:identifier ?aid .
  # Inverses, symmetric twins and super-properties restate a fact already scored; only facts
  # the rules add (property chains) are predictions of their own.
  OPTIONAL { ?st kgo:rule ?rule }
  FILTER(!BOUND(?rule) || CONTAINS(?rule, "%CHAIN%"))
  OPTIONAL { ?a kgo:sourcePath ?path } OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?st (prov:wasDerivedFrom)* ?evst . ?evst kgo:evidence ?ev ; prov:wasDerivedFrom ?a .
             OPTIONAL { ?evst kgo:start ?b ; kgo:end ?e } }
  ?s rdfs:label ?sl ; a ?stype . ?o rdfs:label ?ol ; a ?otype .
  FILTER(LANGMATCHES(LANG(?sl), "en") && LANGMATCHES(LANG(?ol), "en"))
  FILTER(STRSTARTS(STR(?stype), STR(kgo:)) && STRSTARTS(STR(?otype), STR(kgo:)))
}
GROUP BY ?st ?aid ?sl ?stype ?p ?ol ?otype ?m ?c ?ex
ORDER BY ?aid ?st""".replace("%CHAIN%", CHAIN_RULE_MARK)
)


def _local(term: Any) -> str:
    return term.value.rsplit("#", 1)[-1]


def predictions_from_store(store: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in store.query(QUERY):
        src = r["src"].value if r["src"] else None
        out.append(
            {
                "article": r["aid"].value,
                "source": (r["u"].value if r["u"] else None)
                or (src.rsplit(":", 1)[0] if src and src[-1:].isdigit() and ":" in src else src),
                "subject": r["sl"].value,
                "subject_type": _local(r["stype"]),
                "predicate": _local(r["p"]),
                "object": r["ol"].value,
                "object_type": _local(r["otype"]),
                "modality": _local(r["m"]),
                "confidence": float(r["c"].value),
                "sentence": r["sentence"].value if r["sentence"] else "",
                "start": int(r["start"].value) if r["start"] else None,
                "end": int(r["end"].value) if r["end"] else None,
                "extractor": r["ex"].value,
            }
        )
    return out


ARTICLES = (
    sparql_prologue("kgo", "dcterms", "schema")
    + """
SELECT ?aid (SAMPLE(?path) AS ?src) (SAMPLE(?url) AS ?u) WHERE {
  ?a a kgo:Article ; dcterms:identifier ?aid .
  OPTIONAL { ?a kgo:sourcePath ?path } OPTIONAL { ?a schema:url ?url } } GROUP BY ?aid"""
)


def articles_in_store(store: Any) -> list[dict[str, Any]]:
    """Every article of the store as {"article", "source"}, facts or not: what a gold file's
    `article` field can name."""
    out = []
    for r in store.query(ARTICLES):
        src = r["src"].value if r["src"] else ""
        if src[-1:].isdigit() and ":" in src:  # "file.jsonl:12": the file is the source
            src = src.rsplit(":", 1)[0]
        out.append({"article": r["aid"].value, "source": (r["u"].value if r["u"] else src)})
        if r["u"] and src:
            out.append({"article": r["aid"].value, "source": src})
    return out
