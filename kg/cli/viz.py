"""`kg viz`: write the interactive graph page, one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import one_of, open_store, read_query, remote_args, store_arg
from kg.model import MODALITIES


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("viz", help="write the interactive graph page (one self-contained HTML)")
    store_arg(p)
    p.add_argument("--rdf", metavar="FILE", help="render an RDF file instead of the store")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="page to write")
    p.add_argument("--query", metavar="FILE.rq", help="render a CONSTRUCT/SELECT result")
    p.add_argument("--focus", metavar="ENTITY", help="neighbourhood of one entity (name or alias)")
    p.add_argument(
        "--hops",
        type=int,
        default=1,
        metavar="N",
        help="with --focus: how many steps out from the entity",
    )
    p.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        metavar="X",
        help="drop facts below this confidence (0 to 1)",
    )
    one_of(
        p,
        "--modality",
        values=tuple(m for m in MODALITIES if m != "Negated"),
        nargs="+",
        metavar="M",
        help="keep only facts of these modalities (default: all)",
    )
    p.add_argument(
        "--negated",
        action="store_true",
        help="also draw negated facts (they are never direct triples)",
    )
    p.add_argument(
        "--max-nodes",
        type=int,
        default=5000,
        metavar="N",
        help="cap: keep the best-connected N nodes and say so on the page",
    )
    remote_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
        query = read_query(argparse.Namespace(file=args.query, query=None)) if args.query else None
        graph = viz.graph_from_store(open_store(args, read_only=True), query=query, **opts)
    info = viz.render(graph, args.output, max_nodes=args.max_nodes)
    print(f"wrote {args.output} ({info})", file=sys.stderr)
    return 0
