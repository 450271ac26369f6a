"""The end stage of a large first build alone: its first inference's supports, its statements
grouped by fact, the first inference and the facts graph (`kg.pipeline.merge._write`), fed the
drafts of 300 generated articles again and again under new ids, without parsing (issue 26:
"client memory flat"; a `stage_memory.py` run of 60,000 articles takes half an hour).

    python benchmarks/end_stage.py [N ...]   (default 10000 30000 60000)

Each size runs twice in fresh processes: with the limits of a large first build
(`merge.END_IN_MEMORY` rows, `merge.END_CACHE_KIB` caches) and with those of a small one
(100,000 rows, 64 MB caches: what every first build had before stop 37). Printed: the process's
peak RSS after each step and its CPU seconds; the loads go nowhere (the writer process's side is
not measured). Replayed articles differ only in their ids, so their company-to-company facts
repeat and each article adds its own plant: the shape of the generated corpus at any size.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BASE = "http://example.org/"
SAMPLE = 300


def _sample(path: Path) -> None:
    """The supports and statements of SAMPLE generated articles, as a build drafts them."""
    from benchmarks.corpus import write_jsonl
    from kg.pipeline.build import make_resolver, read_articles
    from kg.pipeline.workers import extract_all
    from kg.rdf.rules import rule_predicates
    from kg.rdf.statements import article_statements

    articles, _ = read_articles([write_jsonl(path.with_suffix(".jsonl"), SAMPLE)], lang="en")
    resolver, predicates, out = make_resolver(), rule_predicates(), []
    for x in extract_all(articles, workers=0):
        prep = resolver.prepare(x)
        resolver.observe(prep)
        resolved = resolver.assign(prep, resolver.decide(prep))
        supports, said = article_statements(
            resolved, base=BASE, seq=1, predicates=predicates, said=True
        )
        out.append((x.article.id, supports, said))
    path.write_bytes(pickle.dumps(out))


class _Nowhere:
    """A store whose loads go nowhere."""

    def load_nquads(self, data: bytes) -> None:
        pass


def _peak() -> int:
    """Peak RSS in MB: the memory map's high-water mark (`ru_maxrss` would carry over the
    parent's, with the model loaded, across `exec`)."""
    status = Path("/proc/self/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith("VmHWM")).split()[1]) >> 10


def _renamed(x: Any, old: str, new: str) -> Any:
    return x.replace(old, new) if isinstance(x, str) and old in x else x


def _one(n: int, sample: Path, large: bool) -> dict[str, Any]:
    from kg.pipeline import merge
    from kg.rdf import facts
    from kg.rdf.fixpoint import IN_MEMORY, FactTable
    from kg.rdf.grouped import Grouped
    from kg.rdf.rules import interned
    from kg.store.bulk import Background

    articles = pickle.loads(sample.read_bytes())
    limits = dataclasses.make_dataclass("Run", [("writes_elsewhere", bool)])(large)
    peaks: dict[str, int] = {}
    cpu: dict[str, float] = {}
    t = time.process_time()
    supports = FactTable(**merge._bounded(limits, IN_MEMORY))  # type: ignore[arg-type]
    with Grouped(**merge._bounded(limits, merge.SAID_IN_MEMORY)) as said:  # type: ignore[arg-type]
        for copy in range(n // len(articles)):
            for aid, sups, stated in articles:
                new = f"{aid}x{copy}"
                supports.update(
                    (
                        interned(*(_renamed(x, aid, new) for x in triple)),
                        dataclasses.replace(sup, statement=_renamed(sup.statement, aid, new)),
                    )
                    for triple, sup in sups.items()
                )
                renamed = [
                    dataclasses.replace(
                        x,
                        statement=_renamed(x.statement, aid, new),
                        triple=tuple(_renamed(y, aid, new) for y in x.triple),
                        article=_renamed(x.article, aid, new),
                        graph=_renamed(x.graph, aid, new),
                        seq=copy,
                    )
                    for x in stated
                ]
                facts.group(said, renamed)
        peaks["write"], cpu["write"], t = _peak(), time.process_time() - t, time.process_time()
        with Background() as load:
            inferred = merge.write_inferred(_Nowhere(), supports, BASE, load)  # type: ignore[arg-type]
            supports.close()
            peaks["first inference"] = _peak()
            cpu["first inference"], t = time.process_time() - t, time.process_time()
            quads = facts.rebuild_quads(None, base=BASE, order=lambda _: None, said=said)
            while chunk := list(islice(quads, facts.WRITE_CHUNK)):
                load.load(_Nowhere(), chunk)  # type: ignore[arg-type]
        peaks["facts graph"], cpu["facts graph"] = _peak(), time.process_time() - t
    return {"peaks": peaks, "cpu": cpu, "inferred": inferred}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10000, 30000, 60000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--large", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--sample", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(_one(args.one, args.sample, args.large)))
        return
    with tempfile.TemporaryDirectory(prefix="kg-end-stage-") as tmp:
        sample = Path(tmp) / "sample.pickle"
        _sample(sample)
        for n in args.sizes:
            for large in (False, True):
                cmd = [sys.executable, __file__, "--one", str(n), "--sample", str(sample)]
                out = subprocess.run(
                    cmd + ["--large"] * large, capture_output=True, text=True, check=True
                )
                r = json.loads(out.stdout.strip().splitlines()[-1])
                limits = "large build's limits" if large else "small build's limits"
                steps = ", ".join(
                    f"{k} {v} MB ({r['cpu'][k]:.1f} s)" for k, v in r["peaks"].items()
                )
                print(f"{n:>7} articles, {limits}: {steps}; {r['inferred']} inferred")


if __name__ == "__main__":
    main()
