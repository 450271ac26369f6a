"""Names of RDF terms for the page: local names, readable fallbacks, the ontology's labels.

Shared by the graph builder (`kg.viz.graph`) and the facts behind its edges (`kg.viz.facts`).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pyoxigraph as ox

from kg import paths
from kg.rdf.terms import RDFS, sparql_prologue

PREFIXES = sparql_prologue("rdf", "rdfs", "kgo", "skos", "prov", "dcterms", "schema")


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
                rank = lang_rank(t.object.language)
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


def lang_rank(lang: str | None) -> int:
    return 0 if lang == "en" else 1 if not lang else 2


def term_key(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def term_num(term: Any) -> float | None:
    try:
        return float(term.value) if term is not None else None
    except ValueError:
        return None


def term_val(term: Any) -> str | None:
    return None if term is None else term.value


def fallback_label(key: str) -> str:
    if key.startswith("_:"):
        return key
    return local_name(key).replace("-", " ") if "/" in key or "#" in key else key


def pred_label(p: str) -> str:
    return ontology_labels().get(p) or humanize(local_name(p))
