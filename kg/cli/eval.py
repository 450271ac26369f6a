"""`kg eval`: precision, recall and F1 of predictions (a file or a store) against a gold file."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import store_arg, store_path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="precision/recall/F1 of predictions against a gold file")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold facts, one JSON object per line")
    src = p.add_mutually_exclusive_group()
    store_arg(src)
    src.add_argument("--pred", metavar="PRED.jsonl", help="`kg extract --json` output")
    p.add_argument("--modality", action="store_true", help="also require the modality to match")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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

        store = Store(store_path(args), read_only=True)
        pred = predictions_from_store(store)
        articles = articles_in_store(store)
        where = f"the store {store_path(args)}"
    for name in unmatched_articles(gold, articles):
        n = sum(1 for g in gold if g.get("article") == name)
        print(
            f"kg: warning: gold article {name!r} ({n} fact{'s' if n != 1 else ''}) matches no "
            f"article in {where}: give its id, file name or source path",
            file=sys.stderr,
        )
    print(format_report(evaluate(gold, pred, match_modality=args.modality)))
    return 0
