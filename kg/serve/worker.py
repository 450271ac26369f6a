"""A query worker: one process that holds the store open and evaluates one request at a time.

Why processes: pyoxigraph cannot cancel a running query, so the only way to stop a runaway one
is to kill the process evaluating it (`kg.serve.pool` does, then starts a fresh worker). The
server's event loop never evaluates SPARQL itself and stays responsive.

The worker first leaves the network, in two independent layers: it moves into a new, empty
network namespace (needs CAP_SYS_ADMIN or unprivileged user namespaces), and it installs a seccomp
filter under which socket() fails for every family but AF_UNIX (needs neither: any process may
restrict itself). Either alone means a `SERVICE` that slipped past `kg.serve.guard` could not
connect anywhere; the hello frame says which layers hold, and the server reports it at startup.

Mode "guard" opens no store: it parses SPARQL with rdflib for `kg.serve.guard` in a process the
server can kill, so a pathological query never runs on the event loop.

Protocol on stdin/stdout: frames of a 4-byte big-endian length and a pickled dict. The first
frame out is {"ready": bool, "message": str}; then one reply per request:
{"status": int, "content_type": str, "body": bytes} or {"status": int, "message": str}.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import platform
import re
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
    TooLarge,
    TooManyResults,
    take,
    write_solutions,
)
from kg.store.syntax import describe

_HEADER = struct.Struct(">I")
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
# (audit arch, socket syscall number, io_uring_setup syscall number) per machine.
_SECCOMP_ARCH = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}


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


def leave_network() -> tuple[str, str]:
    """(layers that hold, why the others do not): an empty network namespace and a seccomp
    filter that refuses non-AF_UNIX sockets. '' for the first means no isolation at all."""
    if not sys.platform.startswith("linux"):
        return "", "network isolation needs Linux"
    libc = ctypes.CDLL(None, use_errno=True)
    # Die with the server rather than keep a runaway query going with nobody to kill it.
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    held, failed = [], []
    # For tests of each layer alone (and of the guard alone): KG_SERVE_SKIP_ISOLATION=netns,seccomp
    skip = set(os.environ.get("KG_SERVE_SKIP_ISOLATION", "").replace(" ", "").split(","))
    why = "network namespace skipped" if "netns" in skip else _unshare_net(libc)
    (failed if why else held).append(why or "network namespace")
    why = "seccomp filter skipped" if "seccomp" in skip else _seccomp_no_inet(libc)
    (failed if why else held).append(why or "seccomp socket filter")
    return ", ".join(held), "; ".join(failed)


def _unshare_net(libc: ctypes.CDLL) -> str:
    errors = []
    # As root, a bare new network namespace; without CAP_SYS_ADMIN (a default container, or
    # `setpriv --bounding-set -sys_admin`) a user namespace may still make one possible.
    for flags in (
        (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET)
        if os.geteuid() == 0
        else (CLONE_NEWUSER | CLONE_NEWNET,)
    ):
        if libc.unshare(flags) == 0:
            return ""
        errors.append(os.strerror(ctypes.get_errno()))
    return f"no network namespace ({errors[-1]})"


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _seccomp_no_inet(libc: ctypes.CDLL) -> str:
    """socket(domain != AF_UNIX) and io_uring_setup fail with EACCES from now on."""
    arch = _SECCOMP_ARCH.get(platform.machine())
    if arch is None:
        return f"no seccomp filter for {platform.machine()}"
    audit_arch, nr_socket, nr_io_uring = arch
    ld_w_abs, jeq_k, ret_k = 0x20, 0x15, 0x06
    deny = 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
    allow = 0x7FFF0000
    prog = [
        (ld_w_abs, 0, 0, 4),  # A = arch
        (jeq_k, 1, 0, audit_arch),  # foreign arch: deny everything
        (ret_k, 0, 0, deny),
        (ld_w_abs, 0, 0, 0),  # A = syscall number
        (jeq_k, 0, 1, nr_io_uring),
        (ret_k, 0, 0, deny),
        (jeq_k, 0, 3, nr_socket),
        (ld_w_abs, 0, 0, 16),  # A = low word of args[0], the address family
        (jeq_k, 1, 0, 1),  # AF_UNIX
        (ret_k, 0, 0, deny),
        (ret_k, 0, 0, allow),
    ]
    filters = (_SockFilter * len(prog))(*(_SockFilter(*ins) for ins in prog))
    fprog = _SockFprog(len(prog), filters)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"no seccomp filter ({os.strerror(ctypes.get_errno())})"
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"no seccomp filter ({os.strerror(ctypes.get_errno())})"
    return ""


def _graphs(iris: list[str] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


def evaluate(store: ox.Store, req: dict[str, Any]) -> dict[str, Any]:
    """Run one request against the open store and serialise the answer."""
    op = req.get("op")
    if op == "stats":
        return {"status": 200, "stats": stats(store)}
    if op == "graphs":
        return {
            "status": 200,
            "graphs": [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)],
        }
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
    # The standard prefixes, known without PREFIX lines, exactly as in `kg query`.
    result = store.query(req["query"], prefixes=req.get("prefixes") or None, **kwargs)
    limit = int(req["max_results"])
    max_bytes = int(req.get("max_bytes") or 0) or None
    if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
        fmt = req.get("results_format")
        if fmt is None:
            return _not_acceptable("SELECT/ASK", "results")
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=RESULT_FORMATS[fmt])
        else:
            variables = [v.value for v in result.variables]
            body = write_solutions(variables, take(result, limit, max_bytes=max_bytes), fmt)
    else:
        fmt = req.get("graph_format")
        if fmt is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", "graph")
        triples = take(result, limit, max_bytes=max_bytes)
        body = ox.serialize(
            triples,
            format=GRAPH_FORMATS[fmt],
            **({"prefixes": req.get("prefixes") or {}} if fmt == "turtle" else {}),
        )
    if max_bytes is not None and len(body) > max_bytes:
        raise TooLarge
    return {"status": 200, "content_type": CONTENT_TYPES[fmt], "body": body}


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
        "entities": count(
            "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e a ?c } "
            "FILTER(?c != kgo:Article && ?c != <http://www.w3.org/1999/02/"
            "22-rdf-syntax-ns#Statement> && STRSTARTS(STR(?c), STR(kgo:))) }"
        ),
        "statements": count("?s a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>"),
    }


def _one_line(exc: BaseException) -> str:
    return " ".join((str(exc).strip() or type(exc).__name__).split())


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:/[^/\s:\"']+){2,}/?")


def _no_paths(text: str) -> str:
    return _PATH.sub("<path>", text)


def handle(store: ox.Store, req: dict[str, Any]) -> dict[str, Any]:
    try:
        return evaluate(store, req)
    except SyntaxError as exc:
        return {
            "status": 400,
            "message": describe(exc, req.get("query") or "", req.get("prefixes") or ()),
        }
    except TooManyResults:
        return {
            "status": QueryTimeout.http_status,
            "message": f"result too large: more than {req['max_results']} results (the "
            "limit); add LIMIT or narrow the query",
        }
    except TooLarge:
        return {
            "status": QueryTimeout.http_status,
            "message": f"result too large: more than {req['max_bytes']:,} bytes (the "
            "limit); add LIMIT or select fewer or shorter values",
        }
    except MemoryError:
        return {"status": QueryTimeout.http_status, "message": "query ran out of memory"}
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        # Oxigraph's messages can name files of the store: the client gets no paths.
        return {"status": 500, "message": f"query failed: {_no_paths(_one_line(exc))}"}


def serve_guard(inp: IO[bytes], out: IO[bytes]) -> None:
    from kg.serve.guard import inspect

    while (req := read_frame(inp)) is not None:
        write_frame(out, inspect(req["text"], req["kind"]))


def main(argv: list[str]) -> int:
    path, mode = argv[0], (argv[1] if len(argv) > 1 else "ro")
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must not corrupt the frames
    inp = sys.stdin.buffer
    held, failed = leave_network()
    hello = {"ready": True, "isolation": held, "message": failed}
    if mode == "guard":
        from kg.serve.guard import inspect

        # rdflib builds its grammar on first use (seconds): before the first request, not in it.
        inspect("PREFIX ex: <http://ex/> SELECT * FROM ex:g { SERVICE ex:s { ?s ?p 1 } }", "query")
        inspect("LOAD <http://ex/>", "update")
        write_frame(out, hello)
        serve_guard(inp, out)
        return 0
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
