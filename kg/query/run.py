"""Run one SPARQL query and render its result as a table, CSV, TSV or SPARQL Results JSON.

SELECT/ASK serialisations come from Oxigraph itself (standards-conformant CSV/TSV/JSON); only
the human table is ours.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, QueryTimeout
from kg.paths import queries_dir
from kg.rdf.terms import PREFIXES as _PREFIXES
from kg.store import Store

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


def run_query(store: Store, sparql: str) -> Any:
    """Evaluate a query over the union of graphs. Updates are refused: `kg query` only reads."""
    head = _strip_prologue(sparql).upper()
    if head.startswith(
        ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
    ):
        raise QueryError("SPARQL Update is not allowed here; `kg query` only reads")
    return store.query(sparql, prefixes=_PREFIXES)


def answer(
    store: Store,
    sparql: str,
    fmt: str = "table",
    *,
    wide: bool = False,
    timeout: float | None = None,
) -> str:
    """The printed answer of a query (`run_query`, then `format_result`), worked out in a thread
    so that the calling thread stays free: Oxigraph releases the GIL while it evaluates and
    offers no way to cancel, so evaluating in the caller's thread left Ctrl-C unheard until the
    query ended. Now a Ctrl-C (KeyboardInterrupt) reaches the caller at once, and `timeout`
    seconds without an answer raise QueryTimeout. The thread itself cannot be stopped; a caller
    that gives up on it should end its process (`kg query` does)."""
    done: dict[str, Any] = {}

    def work() -> None:
        try:
            done["text"] = format_result(run_query(store, sparql), fmt, wide=wide)
        except BaseException as exc:
            done["error"] = exc

    thread = threading.Thread(target=work, name="kg-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryTimeout(f"query stopped after {timeout:g} s without an answer (time limit)")
    if "error" in done:
        raise done["error"]
    return done["text"]


def _strip_prologue(sparql: str) -> str:
    lines = [ln for ln in sparql.splitlines() if not ln.lstrip().startswith("#")]
    text = " ".join(lines).strip()
    while text.upper().startswith(("PREFIX", "BASE")):
        close = text.find(">")
        if close < 0:
            break
        text = text[close + 1 :].strip()
    return text


def _term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in _PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return term.value
    return term.value if hasattr(term, "value") else str(term)


def format_result(result: Any, fmt: str = "table", *, wide: bool = False) -> str:
    """`table` clips cells at 60 characters unless `wide`; `tsv` is plain values (no quotes,
    language tags or angle brackets: what a spreadsheet or pandas wants), like `csv`; `json`
    and `xml` are the SPARQL 1.1 results formats."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return "true" if bool(result) else "false"
        return _serialize(result, fmt)
    if isinstance(result, ox.QueryTriples):
        if fmt not in ("table", "turtle"):
            raise QueryError(f"CONSTRUCT/DESCRIBE results print as Turtle, not {fmt}")
        return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES).decode()
    if fmt == "tsv":
        return _plain_tsv(result)
    if fmt != "table":
        return _serialize(result, fmt)
    names = [v.value for v in result.variables]
    rows = [[_term(sol[n]) for n in names] for sol in result]
    cap = 10**9 if wide else 60
    widths = [min(cap, max([len(n), *(len(r[i]) for r in rows)])) for i, n in enumerate(names)]
    out = [
        " | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)),
        "-+-".join("-" * w for w in widths),
    ]
    out += [" | ".join(_clip(c, w).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _plain_tsv(result: Any) -> str:
    names = [v.value for v in result.variables]
    out = ["\t".join(names)]
    for sol in result:
        out.append("\t".join(" ".join(_plain(sol[n]).split()) for n in names))
    return "\n".join(out) + "\n"


def _plain(term: Any) -> str:
    return "" if term is None else term.value if hasattr(term, "value") else str(term)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _serialize(result: Any, fmt: str) -> str:
    try:
        rformat = _RESULT_FORMATS[fmt]
    except KeyError:
        raise QueryError(f"unknown result format {fmt!r} (table, csv, tsv, json, xml)") from None
    buf = io.BytesIO()
    result.serialize(buf, format=rformat)
    return buf.getvalue().decode("utf-8")


def example_queries() -> dict[str, str]:
    """name -> text of every example query shipped in ontology/queries/."""
    d = queries_dir()
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(Path(d).glob("*.rq"))}


def stats(store: Store) -> dict[str, dict[str, int]]:
    """Counts of instances by class and of triples by property (union of all graphs)."""
    classes = store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)"
    )
    by_class = {_term(r["c"]): int(r["n"].value) for r in classes}
    props = store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"
    )
    by_prop = {_term(r["p"]): int(r["n"].value) for r in props}
    graphs = sum(1 for _ in store.named_graphs())
    return {
        "classes": by_class,
        "properties": by_prop,
        "totals": {"quads": len(store), "named graphs": graphs},
    }
