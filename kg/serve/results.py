"""Content negotiation and result serialisation for the SPARQL endpoint.

SELECT results are written here rather than by `QuerySolutions.serialize` because the endpoint
must stop at a result-size limit: the rows are counted while they are read, and only a result
under the limit is written. ASK and graph results are written by pyoxigraph. This module runs
inside the query workers, so it imports nothing heavier than pyoxigraph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# media type -> format key; the first entry of each table is the default.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
CONTENT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def negotiate(accept: str | None, table: dict[str, str]) -> str | None:
    """The format key for an Accept header (q-values, `type/*`, `*/*`), or None if the client
    accepts nothing in `table`. No header means the table's default."""
    if not accept or not accept.strip():
        return next(iter(table.values()))
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for order, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0 or "/" not in media:
            continue
        if media == "*/*":
            key, specificity = next(iter(table.values())), 0
        elif media.endswith("/*"):
            major = media[:-1]
            key = next((v for k, v in table.items() if k.startswith(major)), None)
            specificity = 1
        else:
            key, specificity = table.get(media), 2
        if key is None:
            continue
        rank = (q, specificity, -order)
        if best is None or rank > best:
            best, chosen = rank, key
    return chosen


class TooManyResults(Exception):
    pass


class TooLarge(Exception):
    """The result would be larger than the byte limit."""


def _term_size(term) -> int:
    if term is None:
        return 0
    if isinstance(term, ox.Triple):
        return _term_size(term.subject) + _term_size(term.predicate) + _term_size(term.object)
    return len(term.value) + 2


def take(items: Iterable, limit: int, *, max_bytes: int | None = None) -> list:
    """At most `limit` items; raises TooManyResults as soon as one more exists, and TooLarge as
    soon as their values alone exceed `max_bytes` (serialising only adds to that)."""
    out = []
    size = 0
    for item in items:
        if len(out) >= limit:
            raise TooManyResults
        if max_bytes is not None:
            size += sum(_term_size(t) for t in item)
            if size > max_bytes:
                raise TooLarge
        out.append(item)
    return out


def write_solutions(variables: Sequence[str], rows: Sequence[ox.QuerySolution], fmt: str) -> bytes:
    if fmt == "json":
        return _json(variables, rows)
    if fmt == "xml":
        return _xml(variables, rows)
    if fmt == "csv":
        return _csv(variables, rows)
    if fmt == "tsv":
        return _tsv(variables, rows)
    raise ValueError(f"unknown results format {fmt!r}")


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _json(variables: Sequence[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    bindings = []
    for row in rows:
        bindings.append({v: _json_term(row[v]) for v in variables if row[v] is not None})
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(variables: Sequence[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    parts = [
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
        *(f"<variable name={quoteattr(v)}/>" for v in variables),
        "</head>",
        "<results>",
    ]
    for row in rows:
        parts.append("<result>")
        for v in variables:
            term = row[v]
            if term is not None:
                parts.append(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.Triple):
        text = str(term)
    else:
        text = term.value
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv(variables: Sequence[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    lines = [",".join(variables)]
    lines += [",".join(_csv_value(row[v]) for v in variables) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def _tsv_value(term) -> str:
    if term is None:
        return ""
    # N-Triples syntax, which TSV results use; a raw tab would break the columns.
    return str(term).replace("\t", "\\t")


def _tsv(variables: Sequence[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_value(row[v]) for v in variables) for row in rows]
    return ("\n".join(lines) + "\n").encode()
