"""`kg extract`: facts without a store, one JSON object per line on stdout."""

from __future__ import annotations

import argparse
import json
import sys

from kg.cli.common import extraction_args, language_args
from kg.errors import KGError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract facts without a store (JSON lines on stdout)")
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or directories (.txt .md .html .htm .jsonl)"
    )
    p.add_argument(
        "--json",
        action="store_true",
        required=True,
        help="one JSON object per fact (the only output format; record schema in README.md)",
    )
    language_args(p)
    extraction_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
