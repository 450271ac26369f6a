"""One thin function per command: turn parsed arguments into one library call and print."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from kg.errors import IngestError, KGError, QueryError
from kg.store import DEFAULT_STORE


def _store_path(args: argparse.Namespace) -> str:
    return args.store or DEFAULT_STORE


def _open_store(args: argparse.Namespace, *, read_only: bool = False):
    """The local store, or a remote one for `--store sparql:URL` (with --gsp/--update/--token)."""
    import os

    from kg.store.remote import open_store

    token = getattr(args, "token", None) or os.environ.get("KG_STORE_TOKEN")
    spec = _store_path(args)
    return open_store(
        spec,
        gsp=getattr(args, "gsp", None),
        update=getattr(args, "update", None),
        token=token if spec.startswith("sparql:") else None,
        read_only=read_only,
    )


def build_cli(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    if args.workers < (1 if args.scheduler else 0):
        raise KGError(f"--workers must be at least {1 if args.scheduler else 0}")
    spec = _store_path(args)
    local = not spec.startswith("sparql:")
    # A local store is opened by the build itself, after it found articles to build from, under
    # its build lock; a store that build created and left without an article is removed there.
    opts = {
        "store": spec if local else _open_store(args),
        "lang": args.lang,
        "workers": args.workers,
        "base": args.base_iri,
        "aliases": args.aliases,
        "model": args.model,
        "progress": False if args.quiet else None,
        "on_wait": lambda why: print(f"kg: {why}", file=sys.stderr, flush=True),
    }
    if args.scheduler:
        from kg.pipeline.distributed import build_distributed

        report = build_distributed(args.paths or ["seeds"], scheduler=args.scheduler, **opts)
    else:
        report = build(args.paths or ["seeds"], **opts)
    print(report.summary())
    if not report.added and not report.replaced and not report.unchanged:
        # Every input was skipped: say so in the exit status, not only in the summary.
        raise IngestError(
            f"no article could be built from {', '.join(args.paths or ['seeds'])}"
            f" ({len(report.problems)} skipped, listed above)"
        )
    return 2 if args.strict and report.problems else 0


def extract_cli(args: argparse.Namespace) -> int:
    from kg.model import Problem
    from kg.pipeline import extract_records

    if args.workers < 0:
        raise KGError("--workers must be 0 or more")
    problems: list[Problem] = []
    for record in extract_records(
        args.paths,
        lang=args.lang,
        workers=args.workers,
        aliases=args.aliases,
        model=args.model,
        problems=problems,
    ):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    for p in problems:
        print(f"kg: skipped {p}", file=sys.stderr)
    return 2 if args.strict and problems else 0


def _read_query(args: argparse.Namespace) -> str:
    if args.file and args.query:
        raise QueryError("give a query or -f FILE, not both")
    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise QueryError(f"cannot read query: {reason}", path=args.file) from exc
    if not args.query:
        raise QueryError("no query: give QUERY or -f FILE.rq")
    return args.query


def query_cli(args: argparse.Namespace) -> int:
    from kg.errors import QueryTimeout
    from kg.query import answer

    sparql = _read_query(args)
    if args.timeout is not None and args.timeout <= 0:
        raise QueryError("--timeout must be more than 0 seconds")
    store = _open_store(args, read_only=True)
    try:
        text = answer(store, sparql, args.format, wide=args.wide, timeout=args.timeout)
    except (KeyboardInterrupt, QueryTimeout) as exc:
        _abandon(exc)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _abandon(exc: BaseException) -> NoReturn:
    """Ctrl-C or --timeout stopped waiting for a query whose thread runs on inside Oxigraph and
    cannot be stopped: one line, then exit at once (an orderly exit would wait for the thread,
    or free the store under it)."""
    import os

    from kg.errors import outcome

    if isinstance(exc, KeyboardInterrupt):
        line, code = "interrupted", 130
    else:
        found = outcome(exc)
        line, code = f"error: {found.message}", found.exit_code
    print(f"kg: {line}", file=sys.stderr, flush=True)
    os._exit(code)


def export_cli(args: argparse.Namespace) -> int:
    store = _open_store(args, read_only=True)
    if args.output == "-":
        store.dump(sys.stdout.buffer, fmt=args.format)
        sys.stdout.buffer.flush()
        return 0
    store.dump(args.output, fmt=args.format)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def import_cli(args: argparse.Namespace) -> int:
    store = _open_store(args)
    for f in args.files:
        store.load(f, fmt=args.format, graph=args.graph)
        print(f"loaded {f}", file=sys.stderr)
    store.flush()
    return 0


def stats_cli(args: argparse.Namespace) -> int:
    from kg.query import stats

    for section, counts in stats(_open_store(args, read_only=True)).items():
        print(f"{section}:")
        for name, n in counts.items():
            print(f"  {n:>8}  {name}")
    return 0


def viz_cli(args: argparse.Namespace) -> int:
    from kg import viz

    opts = {
        "focus": args.focus,
        "hops": args.hops,
        "min_confidence": args.min_confidence,
        "modalities": args.modality,
        "negated": args.negated,
    }
    if args.rdf:
        graph = viz.graph_from_rdf(args.rdf, **opts)
    else:
        query = _read_query(argparse.Namespace(file=args.query, query=None)) if args.query else None
        graph = viz.graph_from_store(_open_store(args, read_only=True), query=query, **opts)
    info = viz.render(graph, args.output, max_nodes=args.max_nodes)
    print(f"wrote {args.output} ({info})", file=sys.stderr)
    return 0


def serve_cli(args: argparse.Namespace) -> int:
    from kg.errors import ServeError, StoreError
    from kg.serve import run
    from kg.store.oxi import no_store_message

    spec = _store_path(args)
    if not Path(spec).is_dir():
        raise StoreError(no_store_message(Path(spec)), path=spec)
    _port_free(args.host, args.port, ServeError)
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '') else host}:{args.port}"
    print(
        f"kg serve: {spec}\n  query page   {base}/query\n  graph page   {base}/graph\n"
        f"  SPARQL       {base}/sparql\n  (Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    run(
        spec,
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


def eval_cli(args: argparse.Namespace) -> int:
    from kg.eval import (
        articles_in_store,
        evaluate,
        format_report,
        load_gold,
        load_predictions,
        unmatched_articles,
    )

    gold = load_gold(args.gold)
    if args.pred:
        pred = load_predictions(args.pred)
        articles = [{"article": p.get("article"), "source": p.get("source")} for p in pred]
        where = args.pred
    else:
        from kg.eval import predictions_from_store
        from kg.store import Store

        store = Store(_store_path(args), read_only=True)
        pred = predictions_from_store(store)
        articles = articles_in_store(store)
        where = f"the store {_store_path(args)}"
    for name in unmatched_articles(gold, articles):
        n = sum(1 for g in gold if g.get("article") == name)
        print(
            f"kg: warning: gold article {name!r} ({n} fact{'s' if n != 1 else ''}) matches no "
            f"article in {where}: give its id, file name or source path",
            file=sys.stderr,
        )
    print(format_report(evaluate(gold, pred, match_modality=args.modality)))
    return 0
