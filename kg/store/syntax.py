"""Oxigraph's SPARQL parse errors as one line a reader can act on.

Oxigraph reports `error at LINE:COLUMN: expected one of ...` followed by every Unicode range the
grammar would have accepted there. Readers need the place, the tokens that could come next and
the text around the place, with a caret where the parser stopped:

    malformed SPARQL at line 1, column 25: expected "}" or "." or ";": …{?s ?p ?o ^

Used by `kg query` (kg.store.oxi) and the HTTP endpoint (kg.serve.worker) alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\b([A-Z][A-Za-z ]+[a-z]|[A-Z]{2,})\b')
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
CONTEXT = 30  # characters of query text shown on each side of the caret


def describe(exc: BaseException, sparql: str, known: Iterable[str] = ()) -> str:
    """`malformed SPARQL at line L, column C: <what was expected>: <text ^ text>`; `known` are
    the prefixes a query may use without declaring them."""
    raw = " ".join(str(exc).split())
    m = _AT.match(raw)
    if not m:
        return f"malformed SPARQL: {raw or type(exc).__name__}"
    line_no, col = int(m.group(1)), int(m.group(2))
    lines = sparql.splitlines() or [""]
    text = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    cut = max(0, min(col - 1, len(text)))
    declared = set(_DECLARED.findall(sparql))
    before, after = text[:cut], text[cut:]
    at_end = line_no == len(lines) and not after.strip()
    what = _expected(m.group(3), before, at_end, known, declared)
    return f"malformed SPARQL at line {line_no}, column {col}: {what}: {_snippet(before, after)}"


def _expected(what: str, before: str, at_end: bool, known: Iterable[str],
              declared: set[str]) -> str:
    pm = _PREFIXED.search(before.rstrip())
    name = (pm.group(1) or "") if pm else None
    # Oxigraph says "Prefix not found" only in some positions (a predicate gets "expected
    # OPTIONAL"): a prefixed name right before the error whose prefix nobody declared is it.
    if "Prefix not found" in what or (name is not None and name not in declared
                                      and name not in set(known)):
        name = name or ""
        also = f"; known without it: {', '.join(sorted(known))}" if known else ""
        return f"unknown prefix {name}: (declare it with PREFIX {name}: <...>{also})"
    tokens: list[str] = []
    for quoted, word in _TOKEN.findall(_without_ranges(what)):
        tok = f'"{quoted}"' if quoted else word
        if tok not in tokens and tok.strip('"'):
            tokens.append(tok)
    if tokens:
        return "expected " + " or ".join(tokens[:6]) + (" …" if len(tokens) > 6 else "")
    return "the query ends too early" if at_end else "unexpected text"


def _without_ranges(what: str) -> str:
    """Drop the bracketed character classes ("['0' ..= '9' | ...]") of an "expected" list."""
    out, depth = [], 0
    for ch in what:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _snippet(before: str, after: str) -> str:
    left = before[-CONTEXT:].strip()
    right = after[:CONTEXT].strip()
    return (("…" if len(before) > CONTEXT else "") + left + " ^ " + right
            + ("…" if len(after) > CONTEXT else "")).strip()
