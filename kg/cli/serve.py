"""`kg serve`: the SPARQL 1.1 endpoint, the query page and the graph page over a local store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import store_arg, store_path
from kg.errors import KGError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="SPARQL 1.1 endpoint, query page and graph page")
    store_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    p.add_argument("--port", type=int, default=7878, help="TCP port")
    p.add_argument(
        "--timeout", type=float, default=5.0, metavar="SECONDS", help="per-query time limit"
    )
    p.add_argument(
        "--max-results",
        type=int,
        default=10000,
        metavar="N",
        help="most rows/triples one query may return",
    )
    p.add_argument("--cors", nargs="*", metavar="ORIGIN", help="allowed CORS origins ('*' for any)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="query worker processes (default: the number of cores; one more is "
        "kept for clients with nothing running)",
    )
    p.add_argument(
        "--update-token",
        metavar="TOKEN",
        help="allow SPARQL Update for requests bearing this token",
    )
    p.add_argument(
        "--max-query-bytes",
        type=int,
        default=1_000_000,
        metavar="N",
        help="largest request body or query string (default: 1000000; 413 beyond)",
    )
    p.add_argument(
        "--max-result-bytes",
        type=int,
        default=64_000_000,
        metavar="N",
        help="largest answer (default: 64000000)",
    )
    p.add_argument(
        "--client-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time a client has to send a request (default: 10)",
    )
    p.add_argument(
        "--client-concurrency",
        type=int,
        default=None,
        metavar="N",
        help="queries one client (IP address) may run at once (default: --workers)",
    )
    p.add_argument(
        "--queue-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="longest a query waits for a free worker (default: --timeout; 503 after)",
    )
    p.add_argument(
        "--worker-memory",
        type=int,
        default=900,
        metavar="MB",
        help="memory one query worker may use (default: 900; 0: no limit; 503 and a fresh "
        "worker beyond)",
    )
    p.add_argument(
        "--client-connections",
        type=int,
        default=64,
        metavar="N",
        help="connections one client may hold open (default: 64; 429 beyond)",
    )
    p.add_argument(
        "--head-budget",
        type=int,
        default=24_000_000,
        metavar="BYTES",
        help="request-head bytes being received at once from all clients (default: 24000000; "
        "503 beyond)",
    )
    p.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="a proxy (address or network, e.g. 10.0.0.0/8) whose X-Forwarded-For names the "
        "client; repeat for several (default: none, the client is its address)",
    )
    p.add_argument(
        "--graph-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="time the graph page may take to draw (default: 60; 503 beyond)",
    )
    p.add_argument(
        "--graph-max-quads",
        type=int,
        default=500_000,
        metavar="N",
        help="largest store the graph page draws (default: 500000; 503 beyond)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.errors import ServeError, StoreError
    from kg.serve import run as serve
    from kg.store.oxi import no_store_message

    spec = store_path(args)
    if not Path(spec).is_dir():
        raise StoreError(no_store_message(Path(spec)), path=spec)
    _port_free(args.host, args.port, ServeError)
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '') else host}:{args.port}"
    banner = (
        f"kg serve: {spec}\n  query page   {base}/query\n  graph page   {base}/graph\n"
        f"  SPARQL       {base}/sparql\n  (Ctrl-C stops)"
    )
    serve(
        spec,
        ready=lambda: print(banner, file=sys.stderr, flush=True),
        host=args.host,
        port=args.port,
        query_timeout=args.timeout,
        max_results=args.max_results,
        cors_origins=args.cors,
        update_token=args.update_token,
        workers=args.workers,
        max_query_bytes=args.max_query_bytes,
        max_result_bytes=args.max_result_bytes,
        client_timeout=args.client_timeout,
        client_concurrency=args.client_concurrency,
        queue_timeout=args.queue_timeout,
        worker_memory=args.worker_memory,
        client_connections=args.client_connections,
        head_budget=args.head_budget,
        trusted_proxies=args.trusted_proxy,
        graph_timeout=args.graph_timeout,
        graph_max_quads=args.graph_max_quads,
    )
    return 0


def _port_free(host: str, port: int, error: type[KGError]) -> None:
    """One line instead of uvicorn's bind traceback when the port is taken."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise error(
                    f"port {port} on {host} is in use (another kg serve?); choose "
                    f"another with --port, e.g. --port {port + 1}"
                ) from None
            raise error(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
