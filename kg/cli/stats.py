"""`kg stats`: counts by class and property."""

from __future__ import annotations

import argparse

from kg.cli.common import open_store, remote_args, store_arg


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="counts by class and property")
    store_arg(p)
    remote_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.query import stats

    for section, counts in stats(open_store(args, read_only=True)).items():
        print(f"{section}:")
        for name, n in counts.items():
            print(f"  {n:>8}  {name}")
    return 0
