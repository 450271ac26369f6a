"""A query worker: one process that holds the store open and evaluates one request at a time.

Why processes: pyoxigraph cannot cancel a running query, so the only way to stop a runaway one
is to kill the process evaluating it (`kg.serve.pool` does, then starts a fresh worker). The
server's event loop never evaluates SPARQL itself and stays responsive. Before it reads a
request the worker leaves the network and takes its limits (`kg.serve.isolation`): a data
segment of `memory` MB (past it Oxigraph aborts the process; the pool answers 503 and starts a
fresh one) and a deep stack for the evaluating thread.

A worker runs exactly the canonical text the guard decided on (`kg.serve.guard`), with no
prefixes of its own: a name the guard did not expand cannot mean anything here.

Mode "guard" opens no store: it reads requests for `kg.serve.request` (query strings, forms,
content negotiation, the SPARQL itself) in a process the server can kill, so nothing a client
sends is parsed on the event loop.

Protocol on stdin/stdout: frames of a 4-byte big-endian length and a pickled dict. The first
frame out is {"ready": bool, "message": str}; then one reply per request: {"status": int,
"content_type": str, "body": bytes} or {..., "spool": path, "size": int} for an answer written to
a file, or {"status": int, "message": str} from `kg.errors.outcome`; "retire": True asks the pool
to replace this worker.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import struct
import sys
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import KGError, OutOfMemory, QueryError, QueryFailed, outcome
from kg.mint import RDF
from kg.rdf.terms import KGO, PREFIXES
from kg.serve.isolation import leave_network, limit_memory, run_with_stack
from kg.serve.results import CONTENT_TYPES, GRAPH_FORMATS, RESULT_FORMATS, Spool, limited
from kg.serve.results import write_solutions as _write_solutions
from kg.store.index import entity_count
from kg.store.syntax import describe

_HEADER = struct.Struct(">I")


def write_frame(out: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def read_frame(inp: IO[bytes]) -> Any:
    head = inp.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    return pickle.loads(inp.read(size))


def _graphs(iris: list[str] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


def evaluate(store: ox.Store, req: dict[str, Any]) -> dict[str, Any]:
    """Run one request against the open store and write the answer."""
    op = req.get("op")
    if op == "stats":
        return {"status": 200, "stats": stats(store)}
    if op == "graphs":
        return {
            "status": 200,
            "graphs": [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)],
        }
    if op == "digest":
        return {"status": 200, "digest": digest(store)}
    if op == "update":
        store.update(req["update"])
        return {"status": 204, "content_type": "text/plain", "body": b""}
    kwargs: dict[str, Any] = {}
    if req.get("default") is None and req.get("named") is None:
        # The union default graph, unless the query's own FROM / FROM NAMED says otherwise.
        if not req.get("query_dataset"):
            kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = _graphs(req.get("default")) or []
        if req.get("named") is not None:
            kwargs["named_graphs"] = _graphs(req["named"])
    result = store.query(req["query"], **kwargs)
    limit = int(req["max_results"])
    max_bytes = int(req.get("max_bytes") or 0) or None
    spool = Spool(req.get("spool"), max_bytes)
    try:
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            fmt = req.get("results_format")
            if fmt is None:
                return _not_acceptable("SELECT/ASK", "results")
            if isinstance(result, ox.QueryBoolean):
                spool.write(result.serialize(format=RESULT_FORMATS[fmt]))
            else:
                variables = [v.value for v in result.variables]
                rows = limited(result, limit, max_bytes=max_bytes)
                _write_solutions(variables, rows, fmt, spool)
        else:
            fmt = req.get("graph_format")
            if fmt is None:
                return _not_acceptable("CONSTRUCT/DESCRIBE", "graph")
            ox.serialize(
                limited(result, limit, max_bytes=max_bytes),
                output=spool,
                format=GRAPH_FORMATS[fmt],
                **({"prefixes": PREFIXES} if fmt == "turtle" else {}),
            )
    except BaseException:
        spool.discard()
        raise
    return {"status": 200, "content_type": CONTENT_TYPES[fmt], **spool.close()}


class _Hasher:
    def __init__(self) -> None:
        self.hash = hashlib.blake2b(digest_size=16)

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return len(data)

    def flush(self) -> None:
        pass


def digest(store: ox.Store) -> str:
    """The content's identity: a hash of its N-Quads, in the store's own (deterministic) order.
    Two snapshots with the same quads have the same digest, whatever their files."""
    hasher = _Hasher()
    store.dump(hasher, format=ox.RdfFormat.N_QUADS)
    return hasher.hash.hexdigest()


def _not_acceptable(form: str, kind: str) -> dict[str, Any]:
    return {
        "status": 406,
        "message": f"the Accept header allows no {kind} format for a {form} query",
    }


def stats(store: ox.Store) -> dict[str, int]:
    def count(where: str) -> int:
        q = f"PREFIX kgo: <{KGO}> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
        return int(next(iter(store.query(q, use_default_graph_as_union=True)))["n"].value)

    return {
        "quads": len(store),
        "graphs": sum(1 for _ in store.named_graphs()),
        "articles": count("?a a kgo:Article"),
        "entities": entity_count(store),  # the build summary's count
        "statements": count(f"?s a <{RDF}Statement>"),
    }


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:/[^/\s:\"']+){2,}/?")


def _one_line(exc: BaseException) -> str:
    text = " ".join((str(exc).strip() or type(exc).__name__).split())
    return _PATH.sub("<path>", text)  # Oxigraph's messages can name files: the client gets none


def handle(store: ox.Store, req: dict[str, Any]) -> dict[str, Any]:
    """One request's reply; every failure becomes a KGError and then a status through
    `kg.errors.outcome`, the one mapping the server uses too."""
    try:
        return evaluate(store, req)
    except BaseException as exc:
        return error_reply(_as_kg_error(exc, req))


def error_reply(exc: BaseException) -> dict[str, Any]:
    result = outcome(exc)
    reply: dict[str, Any] = {"status": result.http_status, "message": result.message}
    if isinstance(exc, OutOfMemory):
        reply["retire"] = True  # Python's heap may be in pieces: start afresh
    return reply


def _as_kg_error(exc: BaseException, req: dict[str, Any]) -> BaseException:
    if isinstance(exc, KGError):
        return exc
    if isinstance(exc, SyntaxError):
        return QueryError(describe(exc, req.get("query") or req.get("update") or "", ()))
    if isinstance(exc, MemoryError):
        return OutOfMemory("query stopped: it ran out of memory")
    if isinstance(exc, OSError | RuntimeError | ValueError | TypeError):
        return QueryFailed(f"query failed: {_one_line(exc)}")
    return exc


def serve_guard(inp: IO[bytes], out: IO[bytes]) -> None:
    from kg.serve.request import interpret, query_param

    while (req := read_frame(inp)) is not None:
        try:
            if req.get("op") == "query_param":
                reply = {"status": 200, "query": query_param(req["query_string"])}
            else:
                reply = {"status": 200, **interpret(req)}
        except Exception as exc:
            reply = error_reply(exc)
        write_frame(out, reply)


def serve_store(path: str, mode: str, inp: IO[bytes], out: IO[bytes], hello: dict) -> int:
    try:
        store = ox.Store(path) if mode == "rw" else ox.Store.read_only(path)
    except OSError as exc:
        write_frame(out, {"ready": False, "message": f"cannot open store: {_one_line(exc)}"})
        return 1
    write_frame(out, hello)
    while (req := read_frame(inp)) is not None:
        write_frame(out, handle(store, req))
        if mode == "rw" and req.get("op") == "update":
            store.flush()
    return 0


def main(argv: list[str]) -> int:
    path, mode = argv[0], (argv[1] if len(argv) > 1 else "ro")
    memory = int(argv[2]) if len(argv) > 2 else 0
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must not corrupt the frames
    inp = sys.stdin.buffer
    held, failed = leave_network()
    limit_memory(memory)
    hello = {"ready": True, "isolation": held, "message": failed}
    status = [0]
    if mode == "guard":
        import kg.serve.request  # noqa: F401 (imported before the first request, not in it)

        write_frame(out, hello)
        run_with_stack(lambda: serve_guard(inp, out))
        return 0

    def serve() -> None:
        status[0] = serve_store(path, mode, inp, out, hello)

    run_with_stack(serve)
    return status[0]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
