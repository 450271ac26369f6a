"""`kg export`: write the whole store as RDF."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import one_of, open_store, remote_args, store_arg


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the whole store as RDF")
    store_arg(p)
    one_of(
        p,
        "--format",
        values=("turtle", "trig", "nquads", "jsonld", "turtle12", "trig12"),
        required=True,
        help="turtle flattens the union of graphs; trig/nquads/jsonld keep named graphs; "
        "turtle12/trig12 are RDF 1.2 (RDF-star): each statement reifies a triple term "
        "instead of rdf:subject/rdf:predicate/rdf:object",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="file to write; - writes to standard output",
    )
    remote_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args, read_only=True)
    if args.output == "-":
        store.dump(sys.stdout.buffer, fmt=args.format)
        sys.stdout.buffer.flush()
        return 0
    store.dump(args.output, fmt=args.format)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
