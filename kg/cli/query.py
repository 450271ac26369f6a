"""`kg query`: run SPARQL over the store and print the answer."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import one_of, open_store, read_query, remote_args, store_arg


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
    remote_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.query import format_result, run_query

    sparql = read_query(args)
    store = open_store(args, read_only=True)
    text = format_result(run_query(store, sparql), args.format, wide=args.wide)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
