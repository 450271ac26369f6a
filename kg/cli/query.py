"""`kg query`: run SPARQL over the store and print the answer."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from kg.cli.common import one_of, open_store, read_query, remote_args, store_arg
from kg.errors import QueryError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run SPARQL (SELECT/ASK/CONSTRUCT) over the store")
    store_arg(p)
    p.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL text")
    p.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    one_of(
        p,
        "--format",
        values=("table", "csv", "tsv", "json", "xml"),
        default="table",
        help="SELECT/ASK output: table for reading, csv/tsv plain values for spreadsheets, "
        "json/xml the SPARQL 1.1 results formats; CONSTRUCT prints Turtle",
    )
    p.add_argument(
        "--wide",
        action="store_true",
        help="table: print every cell in full (evidence sentences are clipped at "
        "60 characters otherwise)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop the query after this long (default: no limit; Ctrl-C stops it too)",
    )
    remote_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.errors import QueryTimeout
    from kg.query import answer

    sparql = read_query(args)
    if args.timeout is not None and args.timeout <= 0:
        raise QueryError("--timeout must be more than 0 seconds")
    store = open_store(args, read_only=True)
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
