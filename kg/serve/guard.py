"""Decide, before any query worker sees it, what a request's SPARQL may do: from its parse.

`inspect` parses the text with rdflib's SPARQL 1.1 parser and walks the resulting algebra; it
runs in a guard process (`kg.serve.worker` in mode "guard"), never on the server's event loop, so
a pathological query costs a killable process at most the time limit. It reports what the
request would do: SERVICE calls (any IRI, variable, SILENT, nested in sub-queries or EXISTS),
LOAD, update operations, and the IRIs of its dataset clauses (FROM, FROM NAMED, USING). `decide`
turns that into a refusal (403) or a go-ahead. rdflib undoes \\u escapes before tokenising, as
the grammar requires and as Oxigraph does, so an escaped keyword is the keyword.

Shortcut (`needs_parse`): a query whose text, after undoing \\u escapes, contains no "service"
in any letter case, and no "from" that could be the keyword FROM (one followed, after white
space and comments, by what may start NAMED or an IRI), cannot contain a SERVICE or a dataset
clause under any parser, because those operations exist only as those keywords; such a query
goes straight to a worker, whose Oxigraph parser cannot run an update through the query entry
point either. `kgo:buysFrom ?s` is such a "from"; `kgo:buysFrom <x>` is parsed.
Everything else, and every update, is parsed. Where rdflib cannot parse what Oxigraph would, the
request is refused (fail closed): the workers also run without a network (see
`kg.serve.worker`), but this check does not count on that.
"""

from __future__ import annotations

import re
from typing import Any

from kg.errors import QueryError


class QueryRefused(QueryError):
    """A well-formed request this endpoint will not run (update, LOAD, SERVICE, remote data)."""

    http_status = 403


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
UPDATE_OPS = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "Load": "LOAD",
}
FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
NETWORK = "SERVICE (federated query) is not allowed: this endpoint makes no outgoing connections"


def unescape(sparql: str) -> str:
    """Undo \\uXXXX / \\UXXXXXXXX as the SPARQL grammar does before tokenising (linear time)."""
    return _ESCAPE.sub(lambda m: _chr(m.group(1) or m.group(2)), sparql)


def _chr(hexdigits: str) -> str:
    code = int(hexdigits, 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def needs_parse(sparql: str) -> bool:
    """False only for a query that provably holds no SERVICE and no dataset clause."""
    text = unescape(sparql).casefold() if "\\" in sparql else sparql.casefold()
    if "service" in text:
        return True
    start = text.find("from")
    while start >= 0:
        if _may_be_from_keyword(text, start + 4):
            return True
        start = text.find("from", start + 4)
    return False


# What may follow the keyword FROM: NAMED or an IRI (<...>, a prefixed name: a letter, ':' or
# '_'-less PN_PREFIX start), after white space and comments. Seeing any of these characters
# first instead ('kgo:buysFrom ?s ;') proves that this "from" is part of another token.
_NOT_AFTER_FROM = frozenset("?$;,.})]\"'{(*=!&|+-/^@[0123456789")


def _may_be_from_keyword(text: str, i: int) -> bool:
    end = min(len(text), i + 256)  # a long gap is not worth proving: parse
    while i < end:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif c == "#":  # a comment runs to the end of the line (\n or \r)
            while i < end and text[i] not in "\r\n":
                i += 1
        else:
            return c not in _NOT_AFTER_FROM
    return i < len(text)  # the text ends: no IRI follows; cut short: parse


def inspect(sparql: str, kind: str) -> dict[str, Any]:
    """What the query (kind "query") or update (kind "update") would do, from rdflib's parse:
    {"kind", "form", "service", "updates", "datasets"} or {"error": message}. A query that only
    parses as an update is reported as kind "update"."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        try:
            if kind == "update":
                raise _AsUpdate
            tree = parseQuery(sparql)
            kind = "query"
            body = tree[1]
            form = FORMS.get(getattr(body, "name", ""), "")
            # The parse tree holds every SERVICE already; the algebra is needed (a quarter of
            # the cost) only to resolve the prefixed names of a dataset clause.
            roots = [translateQuery(tree).algebra] if body.get("datasetClause") else [tree]
        except (ParseException, _AsUpdate) as first:
            try:
                roots = list(translateUpdate(parseUpdate(sparql)).algebra)
            except ParseException:
                if isinstance(first, ParseException):
                    raise first from None
                raise
            kind, form = "update", ""
        return {"kind": kind, "form": form, **_walk(roots)}
    except ParseException as exc:
        return {"error": f"malformed SPARQL: {_one_line(exc)}"}
    except RecursionError:
        return {"error": "malformed SPARQL: nested too deeply"}
    except Exception as exc:  # rdflib raises bare Exceptions for some bad input, e.g. prefixes
        return {"error": f"malformed SPARQL: {_one_line(exc)}"}


class _AsUpdate(Exception):
    pass


def _walk(roots: list[Any]) -> dict[str, Any]:
    """Visit every node of the algebra (iteratively: nesting depth is the client's choice)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    service = 0
    updates: list[str] = []
    datasets: list[str] = []
    stack: list[Any] = list(roots)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            name = node.name
            if name == "ServiceGraphPattern":
                service += 1
            elif name in UPDATE_OPS:
                updates.append(UPDATE_OPS[name])
            elif name in ("DatasetClause", "UsingClause"):
                datasets += [
                    str(v)
                    for k, v in node.items()
                    if k in ("default", "named") and isinstance(v, URIRef)
                ]
            stack.extend(v for k, v in node.items() if k != "_vars")
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set | frozenset | ParseResults):
            stack.extend(node)
    return {"service": service, "updates": updates, "datasets": sorted(set(datasets))}


def decide(verdict: dict[str, Any], *, kind: str) -> str:
    """The query form of a request that may go to a worker; raises QueryRefused (403) or
    QueryError (400). `kind` is how it was sent ("query" or "update"); dataset IRIs are checked
    against the store by the caller."""
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


def _one_line(exc: BaseException) -> str:
    return " ".join((str(exc).strip() or type(exc).__name__).split())
