"""`kg build`: ingest articles and build or extend the graph store."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import (
    extraction_args,
    language_args,
    open_store,
    remote_args,
    store_arg,
    store_path,
)
from kg.errors import IngestError, KGError
from kg.mint import DEFAULT_BASE


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="ingest articles and build/extend the graph store")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories (.txt .md .html .htm .jsonl); default: seeds/",
    )
    store_arg(p)
    language_args(p)
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask distributed scheduler, e.g. tcp://127.0.0.1:8786 (needs kg[dask])",
    )
    p.add_argument(
        "--base-iri",
        metavar="IRI",
        default=None,
        help=f"base IRI for minted entities/articles (default: {DEFAULT_BASE})",
    )
    extraction_args(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    remote_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    if args.workers < (1 if args.scheduler else 0):
        raise KGError(f"--workers must be at least {1 if args.scheduler else 0}")
    spec = store_path(args)
    local = not spec.startswith("sparql:")
    # A local store is opened by the build itself, after it found articles to build from, under
    # its build lock; a store that build created and left without an article is removed there.
    opts = {
        "store": spec if local else open_store(args),
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
