"""`kg import`: load RDF files into the store (`import` is a Python keyword, hence the name)."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import one_of, open_store, remote_args, store_arg
from kg.store.oxi import FORMATS


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD)")
    p.add_argument("files", nargs="+", metavar="FILE", help=".ttl .nt .nq .trig .jsonld .rdf files")
    store_arg(p)
    p.add_argument(
        "--graph", metavar="IRI", help="named graph for triple formats (default: the default graph)"
    )
    one_of(p, "--format", values=tuple(FORMATS), help="override the format guessed from the suffix")
    remote_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    for f in args.files:
        store.load(f, fmt=args.format, graph=args.graph)
        print(f"loaded {f}", file=sys.stderr)
    store.flush()
    return 0
