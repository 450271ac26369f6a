"""Decide, before any query worker sees it, what a request's SPARQL may do: from the very tokens
the engine will run.

`inspect` reads the text with `kg.serve.canonical` (SPARQL's terminals, escapes decoded once,
comments dropped, names expanded) and reports what the canonical text it writes would do: SERVICE
calls, LOAD, update operations, the IRIs of its dataset clauses (FROM, FROM NAMED, USING) and of
its GRAPH patterns. That canonical text, and nothing else, is what the worker gives Oxigraph: the
decision and the execution cannot read the text two ways. Why tokens are enough: in the canonical
text a keyword can only be a keyword token (no comment, escape or prefixed name is left to hide
or glue one), and SERVICE, LOAD, FROM, USING and GRAPH take effect only as keywords.

`decide` turns the report into a refusal (403) or a go-ahead; the caller checks the dataset and
GRAPH IRIs against the graphs of the snapshot it serves. Reading runs in a guard process
(`kg.serve.worker` in mode "guard") for any text long enough to cost the event loop time.
The workers also run without a network (see `kg.serve.isolation`); this check does not count on
that.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.errors import QueryError, QueryRefused
from kg.serve.canonical import Token, malformed, read

__all__ = ["NETWORK", "QueryRefused", "decide", "inspect"]

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_WORDS = frozenset(
    ["INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"]
)
NETWORK = "SERVICE (federated query) is not allowed: this endpoint makes no outgoing connections"


def inspect(sparql: str, kind: str, prefixes: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What the query (kind "query") or update (kind "update") would do: {"kind", "form",
    "service", "updates", "datasets", "graphs", "text"}, "text" being the canonical text to run.
    A text whose operations are updates is reported as kind "update". Raises QueryError (400)
    for what cannot be read."""
    if prefixes is None:
        from kg.rdf.terms import PREFIXES  # known to every query without PREFIX lines

        prefixes = PREFIXES
    reading = read(sparql, prefixes)
    tokens = reading.tokens
    top = [t for t in tokens if t.depth == 0 and t.kind == "word"]
    form = next((t.value for t in top if t.value in FORMS), "")
    updates = _updates(tokens)
    if form and updates:
        first = next(t for t in top if t.value in UPDATE_WORDS)
        raise malformed(sparql, first.start, "a query and an update in one text")
    found = "update" if updates else "query"
    if kind == "update" and found == "query" and form:
        raise malformed(sparql, 0, f"expected an update, not a {form} query")
    if not form and not updates:
        raise malformed(sparql, 0, "expected SELECT, CONSTRUCT, DESCRIBE, ASK or an update")
    return {
        "kind": found,
        "form": form,
        "service": sum(1 for t in tokens if t.kind == "word" and t.value == "SERVICE"),
        "updates": updates,
        "datasets": sorted(_iris_after(sparql, tokens, ("FROM", "USING"), named=True)),
        "graphs": sorted(_iris_after(sparql, tokens, ("GRAPH",), named=False)),
        "text": reading.text,
    }


def _updates(tokens: list[Token]) -> list[str]:
    """The update operations, in order, named as the SPARQL 1.1 Update grammar names them."""
    out: list[str] = []
    modify = False  # inside one DELETE/INSERT ... WHERE operation
    for i, t in enumerate(tokens):
        if t.kind != "word" or t.depth:
            if t.kind == "punct" and t.text == ";" and not t.depth:
                modify = False
            continue
        nxt = tokens[i + 1].value if i + 1 < len(tokens) else ""
        if t.value == "WHERE":
            modify = False
        elif t.value in ("INSERT", "DELETE") and nxt in ("DATA", "WHERE") and not modify:
            out.append(f"{t.value} {nxt}")
        elif t.value in ("INSERT", "DELETE", "WITH"):
            if not modify:
                out.append("DELETE/INSERT")
            modify = True
        elif t.value in UPDATE_WORDS:
            out.append(t.value)
    return out


def _iris_after(
    sparql: str, tokens: list[Token], words: tuple[str, ...], *, named: bool
) -> set[str]:
    """The IRIs right after `words` (and an optional NAMED): dataset clauses, GRAPH patterns.
    A dataset clause not followed by an IRI is malformed; GRAPH may take a variable."""
    out: set[str] = set()
    for i, t in enumerate(tokens):
        if t.kind != "word" or t.value not in words:
            continue
        j = i + 1
        if named and j < len(tokens) and tokens[j].value == "NAMED":
            j += 1
        target = tokens[j] if j < len(tokens) else None
        if target is not None and target.kind == "iri":
            out.add(target.value)
        elif named and t.value in ("FROM", "USING"):
            raise malformed(sparql, t.start, f"{t.value} must name a graph by its IRI")
    return out


def decide(verdict: dict[str, Any], *, kind: str) -> str:
    """The query form of a request that may go to a worker; raises QueryRefused (403) or
    QueryError (400). `kind` is how it was sent ("query" or "update"); dataset and GRAPH IRIs
    are checked against the store by the caller."""
    if "error" in verdict:
        raise QueryError(verdict["error"])
    if verdict["service"]:
        raise QueryRefused(NETWORK)
    if "LOAD" in verdict["updates"]:
        raise QueryRefused("LOAD is not allowed: this endpoint makes no outgoing connections")
    if kind == "query" and verdict["kind"] == "update":
        op = verdict["updates"][0] if verdict["updates"] else "update"
        raise QueryRefused(f"SPARQL Update ({op}) is not allowed: this endpoint is read-only")
    return verdict["form"]
