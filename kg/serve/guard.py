"""Decide, before anything runs, whether a request's SPARQL may run on this endpoint.

A lexical scan rather than a full parse: pyoxigraph cannot parse without evaluating, and rdflib's
grammar is not Oxigraph's. The scan follows the SPARQL terminals that can hide a keyword (strings,
IRIs, comments, prefixed names, variables, language tags, blank nodes) and reads the bare words
that are left, after undoing the \\u escapes that SPARQL allows anywhere in a query. Update
operations, `LOAD` and `SERVICE` exist only as such bare words, so finding none of them is what
"read-only and no outgoing connection" means. The query workers also run without a network (see
`kg.serve.worker`), so a scan that ever missed one would still reach nothing.
"""

from __future__ import annotations

import re

from kg.errors import QueryError


class QueryRefused(QueryError):
    """A well-formed request this endpoint will not run (update, LOAD, SERVICE)."""

    http_status = 403


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               | '''(?:[^'\\]|\\.|'(?!''))*'''
               | "(?:[^"\\\n\r]|\\.)*"
               | '(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<bnode>_:[\w.\-]*)
    | (?P<pname>(?:[^\W\d_][\w.\-]*)?:[\w.:%\\\-]*)
    | (?P<word>[^\W\d]\w*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
# Every SPARQL 1.1 Update operation starts with (or, for WITH, is framed by) one of these words,
# and none of them is a keyword of the query language.
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                          "WITH"})
FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def unescape(sparql: str) -> str:
    """Undo \\uXXXX / \\UXXXXXXXX as the SPARQL grammar does before tokenising."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)


def bare_words(sparql: str) -> list[str]:
    """Upper-cased words outside strings, IRIs, comments, names and variables."""
    return [m.group("word").upper() for m in _TOKEN.finditer(unescape(sparql))
            if m.lastgroup == "word"]


def check_query(sparql: str) -> str:
    """The query form (SELECT/ASK/CONSTRUCT/DESCRIBE, or "" if none is recognisable) of a query
    that may run; raises QueryRefused for update, LOAD or SERVICE."""
    if not sparql.strip():
        raise QueryError("empty query")
    words = bare_words(sparql)
    _refuse_network(words)
    updates = sorted(UPDATE_WORDS.intersection(words))
    if updates:
        raise QueryRefused(f"SPARQL Update ({updates[0]}) is not allowed: this endpoint is "
                           "read-only")
    return next((w for w in words if w in FORMS), "")


def check_update(sparql: str) -> None:
    """An update may run only if it neither loads from nor calls out to the network."""
    if not sparql.strip():
        raise QueryError("empty update")
    _refuse_network(bare_words(sparql))


def _refuse_network(words: list[str]) -> None:
    if "SERVICE" in words:
        raise QueryRefused("SERVICE (federated query) is not allowed: this endpoint makes no "
                           "outgoing connections")
    if "LOAD" in words:
        raise QueryRefused("LOAD is not allowed: this endpoint makes no outgoing connections")
