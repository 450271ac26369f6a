"""The facts graph of a first build as N-Quads text: `fact_quads` (`kg.rdf.facts`) written as
the text Oxigraph's bulk loader reads, without making the quads.

Why: a first build loads N-Quads anyway, and making a quad whose object is a literal costs
pyoxigraph about 2 µs (it tries the object as an IRI and a blank node first); every entry of
a timeline has one or two (docs/scaling.md, "Stop 39"). Literals are written as the
`ox.Literal`s of `kg.rdf.facts` serialize, so the loaded graph is the one the quads make (a
test parses the text against `fact_quads`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.mint import DCTERMS, facts_graph
from kg.model import FactTimeline
from kg.rdf.facts import FACT_PROPERTIES, IN_MEMORY, WRITE_CHUNK, Order, timelines
from kg.rdf.grouped import Grouped
from kg.rdf.terms import KGO, RDF, XSD, kgo_term
from kg.rdf.timeline import EVENT_DATE, ISSUED, Said

_A, _FACT_CLASS = f"<{RDF}type>", f"<{KGO.Fact}>"
(
    _FSUBJ,
    _FREL,
    _FOBJ,
    _STATUS,
    _SINCE,
    _CONTRA,
    _FACT,
    _POS,
    _TLDATE,
    _SOURCE,
    _AFTER,
    _CONFLICTS,
) = (f"<{KGO.term(n)}>" for n in FACT_PROPERTIES)
_SOURCES = {EVENT_DATE: f"<{KGO.term('eventDate')}>", ISSUED: f"<{DCTERMS}issued>"}
_TRUE = str(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))
_INT, _DATE = (ox.NamedNode(XSD + n) for n in ("integer", "date"))


@lru_cache(maxsize=4096)
def _literal(value: str, datatype: ox.NamedNode) -> str:
    # (positions and dates repeat across facts, as in `kg.rdf.facts`)
    return str(ox.Literal(value, datatype=datatype))


_TERMS: dict[str, str] = {}  # local name -> "<kgo IRI>"


def _term(name: str) -> str:
    got = _TERMS.get(name)
    if got is None:
        got = _TERMS[name] = f"<{kgo_term(name).value}>"
    return got


def fact_nquads(tl: FactTimeline, g: str, first: int = 1) -> tuple[str, int]:
    """`fact_quads(tl, g, first)` as N-Quads text (`g`: the graph IRI), and how many quads."""
    node = f"<{tl.fact}>"
    f = node + " "
    lines = [
        f"{f}{_A} {_FACT_CLASS}",
        f"{f}{_FSUBJ} <{tl.subject}>",
        f"{f}{_FREL} {_term(tl.relation)}",
        f"{f}{_FOBJ} <{tl.object}>",
        f"{f}{_STATUS} {_term(tl.status)}",
    ]
    if tl.contradicted:
        lines.append(f"{f}{_CONTRA} {_TRUE}")
    if tl.since:
        lines.append(f"{f}{_SINCE} {_literal(tl.since, _DATE)}")
    for n, e in enumerate(tl.entries, first):
        st = f"<{e.statement}> "
        lines += [f"{st}{_FACT} {node}", f"{st}{_POS} {_literal(str(n), _INT)}"]
        if e.date:
            lines += [
                f"{st}{_TLDATE} {_literal(e.date, _DATE)}",
                f"{st}{_SOURCE} {_SOURCES[e.date_source or '']}",
            ]
        if e.status_after:
            lines.append(f"{st}{_AFTER} {_term(e.status_after)}")
        lines += [f"{st}{_CONFLICTS} <{c}>" for c in e.conflicts]
    end = f" <{g}> .\n"
    return end.join(lines) + end, len(lines)


def rebuild_nquads(
    reader: Any,
    *,
    base: str,
    order: Order,
    said: Iterable[Said] | Grouped | None = None,
    in_memory: int = IN_MEMORY,
) -> Iterator[tuple[str, int]]:
    """`rebuild_quads` as N-Quads text, and the number of quads, fact by fact."""
    g = facts_graph(base)
    for tl in timelines(reader, base=base, order=order, said=said, in_memory=in_memory):
        yield fact_nquads(tl, g)


def write_nquads(texts: Iterable[tuple[str, int]], write: Callable[[str], None]) -> int:
    """Texts with their quad counts (`rebuild_nquads`, `kg.rdf.rules.derived_nquads`) handed
    to `write` in chunks of about `WRITE_CHUNK` quads; returns the number of texts."""
    count, chunk, size = 0, [], 0
    for text, n in texts:
        count += 1
        chunk.append(text)
        size += n
        if size >= WRITE_CHUNK:
            write("".join(chunk))
            chunk, size = [], 0
    if chunk:
        write("".join(chunk))
    return count
