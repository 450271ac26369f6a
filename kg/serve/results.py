"""Content negotiation and result serialisation for the SPARQL endpoint.

SELECT results are written here rather than by `QuerySolutions.serialize` because the endpoint
must stop at a result-size limit: rows are counted and bytes measured while they are written, and
the answer is abandoned the moment it passes either limit. Nothing holds the whole answer: rows
go one at a time into a `Spool` (memory for a small answer, a file the server streams for a large
one). ASK and graph results are written by pyoxigraph. This module runs inside the query workers,
so it imports nothing heavier than pyoxigraph.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import ResultTooLarge, TooManyResults
from kg.mint import SPARQL_RESULTS, XSD

XSD_STRING = XSD + "string"

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


class Spool:
    """Where an answer is written: memory up to INLINE bytes, then a file in `directory` that the
    server streams to the client and deletes (the worker is free again as soon as it is written,
    and the server holds a chunk of it at a time, never the whole answer)."""

    INLINE = 64 * 1024

    def __init__(self, directory: str | None, max_bytes: int | None) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.size = 0
        self._buffer = io.BytesIO()
        self._file: IO[bytes] | None = None
        self.path: str | None = None

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise ResultTooLarge(
                f"result too large: more than {self.max_bytes:,} bytes (the limit); add LIMIT "
                "or select fewer or shorter values"
            )
        if self._file is None and self.directory and self.size > self.INLINE:
            fd, self.path = tempfile.mkstemp(dir=self.directory, suffix=".result")
            self._file = os.fdopen(fd, "wb")
            self._file.write(self._buffer.getvalue())
            self._buffer = io.BytesIO()
        (self._file or self._buffer).write(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> dict[str, Any]:
        """The reply's body: {"body": bytes} or {"spool": path, "size": n}."""
        if self._file is None:
            return {"body": self._buffer.getvalue()}
        self._file.close()
        return {"spool": self.path, "size": self.size}

    def discard(self) -> None:
        if self._file is not None:
            self._file.close()
            with contextlib.suppress(OSError):
                os.unlink(self.path or "")


def _term_size(term) -> int:
    if term is None:
        return 0
    if isinstance(term, ox.Triple):
        return _term_size(term.subject) + _term_size(term.predicate) + _term_size(term.object)
    return len(term.value) + 2


def limited(items: Iterable, limit: int, *, max_bytes: int | None = None) -> Iterator:
    """`items`, raising TooManyResults as soon as one more than `limit` exists, and
    ResultTooLarge as soon as their values alone exceed `max_bytes` (writing only adds to
    that); nothing is held."""
    size = 0
    for n, item in enumerate(items):
        if n >= limit:
            raise TooManyResults(
                f"result too large: more than {limit} results (the limit); add LIMIT or narrow "
                "the query"
            )
        if max_bytes is not None:
            size += sum(_term_size(t) for t in item)
            if size > max_bytes:
                raise ResultTooLarge(
                    f"result too large: more than {max_bytes:,} bytes (the limit); add LIMIT "
                    "or select fewer or shorter values"
                )
        yield item


def write_solutions(
    variables: Sequence[str], rows: Iterable[ox.QuerySolution], fmt: str, out: IO[bytes] | Spool
) -> None:
    """Write SELECT results in `fmt` to `out` as the rows come."""
    writers = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}
    if fmt not in writers:
        raise ValueError(f"unknown results format {fmt!r}")
    writers[fmt](variables, rows, out)


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


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _json(variables: Sequence[str], rows: Iterable[ox.QuerySolution], out) -> None:
    out.write(b'{"head":{"vars":' + _dumps(list(variables)) + b'},"results":{"bindings":[')
    sep = b""
    for row in rows:
        binding = {v: _json_term(row[v]) for v in variables if row[v] is not None}
        out.write(sep + _dumps(binding))
        sep = b","
    out.write(b"]}}")


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


def _xml(variables: Sequence[str], rows: Iterable[ox.QuerySolution], out) -> None:
    head = [
        f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}">',
        "<head>",
        *(f"<variable name={quoteattr(v)}/>" for v in variables),
        "</head>",
        "<results>",
    ]
    out.write("".join(head).encode())
    for row in rows:
        parts = ["<result>"]
        for v in variables:
            term = row[v]
            if term is not None:
                parts.append(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
        parts.append("</result>")
        out.write("".join(parts).encode())
    out.write(b"</results></sparql>\n")


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


def _csv(variables: Sequence[str], rows: Iterable[ox.QuerySolution], out) -> None:
    out.write((",".join(variables) + "\r\n").encode())
    for row in rows:
        out.write((",".join(_csv_value(row[v]) for v in variables) + "\r\n").encode())


def _tsv_value(term) -> str:
    if term is None:
        return ""
    # N-Triples syntax, which TSV results use; a raw tab would break the columns.
    return str(term).replace("\t", "\\t")


def _tsv(variables: Sequence[str], rows: Iterable[ox.QuerySolution], out) -> None:
    out.write(("\t".join(f"?{v}" for v in variables) + "\n").encode())
    for row in rows:
        out.write(("\t".join(_tsv_value(row[v]) for v in variables) + "\n").encode())
