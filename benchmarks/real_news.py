"""Real news articles annotated by us: the fixed-seed draw and the dev/check split.

    python benchmarks/real_news.py draw [--corpora DIR]      # the drawn ids, one per line

The pools are `../shared/corpora/*.jsonl.gz` (research use only: read at run time, never
copied). The draw is fixed by `SEED`, so the same ids come out on every machine; the split is a
hash of the id, so adding articles never moves one between dev and check. The gold files
(`tests/gold/real_en.jsonl`, `tests/gold/real_de.jsonl`) hold one line per drawn article
(`tests/gold/ANNOTATION.md`).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
SEED = 20261206
# pool -> how many articles are drawn from it
DRAW = {
    "en_bbc_business_tech": 56,
    "en_reuters21578_acq": 32,
    "de_10kgnad_business_web": 32,
    "de_smartdata_v1_companies": 32,
}
LANG = {pool: pool[:2] for pool in DRAW}
DEV_SHARE = 60  # percent of articles in the dev split


def split_of(article_id: str) -> str:
    """'dev' or 'check', by a hash of the id (stable whatever else is drawn)."""
    bucket = int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "dev" if bucket < DEV_SHARE else "check"


def read_pool(pool: str, corpora: Path = CORPORA) -> Iterator[dict]:
    with gzip.open(corpora / f"{pool}.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def drawn_ids(pool: str, corpora: Path = CORPORA) -> list[str]:
    """The ids drawn from one pool, in pool order (the draw sorts nothing else)."""
    ids = [r["id"] for r in read_pool(pool, corpora)]
    chosen = set(random.Random(f"{SEED}:{pool}").sample(ids, DRAW[pool]))
    return [i for i in ids if i in chosen]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw", help="print pool, id and split of every drawn article")
    d.add_argument("--corpora", type=Path, default=CORPORA)
    args = ap.parse_args(argv)
    if args.cmd == "draw":
        for pool in DRAW:
            for article_id in drawn_ids(pool, args.corpora):
                print(pool, article_id, split_of(article_id), sep="\t")


if __name__ == "__main__":
    main()
