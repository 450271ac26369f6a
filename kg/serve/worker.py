"""A query worker: one process that holds the store open and evaluates one request at a time.

Why processes: pyoxigraph cannot cancel a running query, so the only way to stop a runaway one
is to kill the process evaluating it (`kg.serve.pool` does, then starts a fresh worker). The
server's event loop never evaluates SPARQL itself and stays responsive.

The worker first leaves the network: it moves into a new, empty network namespace (Linux), so
even a `SERVICE` that slipped past `kg.serve.guard` could not connect anywhere.

Protocol on stdin/stdout: frames of a 4-byte big-endian length and a pickled dict. The first
frame out is {"ready": bool, "message": str}; then one reply per request:
{"status": int, "content_type": str, "body": bytes} or {"status": int, "message": str}.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import struct
import sys
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import QueryTimeout
from kg.rdf.terms import KGO
from kg.serve.results import (
    CONTENT_TYPES,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    TooManyResults,
    take,
    write_solutions,
)

_HEADER = struct.Struct(">I")
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1


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


def leave_network() -> str:
    """Enter an empty network namespace; '' on success, else why not (the guard still holds)."""
    if not sys.platform.startswith("linux"):
        return "network isolation needs Linux"
    libc = ctypes.CDLL(None, use_errno=True)
    # Die with the server rather than keep a runaway query going with nobody to kill it.
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    if libc.unshare(flags) != 0:
        return f"unshare failed: {os.strerror(ctypes.get_errno())}"
    return ""


def _graphs(iris: list[str] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


def evaluate(store: ox.Store, req: dict[str, Any]) -> dict[str, Any]:
    """Run one request against the open store and serialise the answer."""
    op = req.get("op")
    if op == "stats":
        return {"status": 200, "stats": stats(store)}
    if op == "update":
        store.update(req["update"])
        return {"status": 204, "content_type": "text/plain", "body": b""}
    kwargs: dict[str, Any] = {}
    if req.get("default") is None and req.get("named") is None:
        kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = _graphs(req.get("default")) or []
        if req.get("named") is not None:
            kwargs["named_graphs"] = _graphs(req["named"])
    result = store.query(req["query"], **kwargs)
    limit = int(req["max_results"])
    if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
        fmt = req.get("results_format")
        if fmt is None:
            return _not_acceptable("SELECT/ASK", "results")
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=RESULT_FORMATS[fmt])
        else:
            variables = [v.value for v in result.variables]
            body = write_solutions(variables, take(result, limit), fmt)
    else:
        fmt = req.get("graph_format")
        if fmt is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", "graph")
        triples = take(result, limit)
        body = ox.serialize(triples, format=GRAPH_FORMATS[fmt], **(
            {"prefixes": req.get("prefixes") or {}} if fmt == "turtle" else {}))
    return {"status": 200, "content_type": CONTENT_TYPES[fmt], "body": body}


def _not_acceptable(form: str, kind: str) -> dict[str, Any]:
    return {"status": 406, "message": f"the Accept header allows no {kind} format for a {form} "
                                      "query"}


def stats(store: ox.Store) -> dict[str, int]:
    def count(where: str) -> int:
        q = f"PREFIX kgo: <{KGO}> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
        return int(next(iter(store.query(q, use_default_graph_as_union=True)))["n"].value)

    return {
        "quads": len(store),
        "graphs": sum(1 for _ in store.named_graphs()),
        "articles": count("?a a kgo:Article"),
        "entities": count("SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e a ?c } "
                          "FILTER(?c != kgo:Article && ?c != <http://www.w3.org/1999/02/"
                          "22-rdf-syntax-ns#Statement> && STRSTARTS(STR(?c), STR(kgo:))) }"),
        "statements": count("?s a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>"),
    }


def _one_line(exc: BaseException) -> str:
    return " ".join((str(exc).strip() or type(exc).__name__).split())


def handle(store: ox.Store, req: dict[str, Any]) -> dict[str, Any]:
    try:
        return evaluate(store, req)
    except SyntaxError as exc:
        return {"status": 400, "message": f"malformed SPARQL: {_one_line(exc)}"}
    except TooManyResults:
        return {"status": QueryTimeout.http_status,
                "message": f"result too large: more than {req['max_results']} results (the "
                           "limit); add LIMIT or narrow the query"}
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return {"status": 500, "message": f"query failed: {_one_line(exc)}"}


def main(argv: list[str]) -> int:
    path, mode = argv[0], (argv[1] if len(argv) > 1 else "ro")
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must not corrupt the frames
    inp = sys.stdin.buffer
    isolation = leave_network()
    try:
        store = ox.Store(path) if mode == "rw" else ox.Store.read_only(path)
    except OSError as exc:
        message = f"{path}: cannot open store: {_one_line(exc)}"
        write_frame(out, {"ready": False, "message": message})
        return 1
    write_frame(out, {"ready": True, "message": isolation})
    while (req := read_frame(inp)) is not None:
        write_frame(out, handle(store, req))
        if mode == "rw" and req.get("op") == "update":
            store.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
