"""What the facts graph (issue 27: timelines, status, contradictions) adds to a build, measured
inside the builds themselves, so the machine's load weighs on both sides alike.

A first build of N generated articles (one process: `--workers 0`), then +10 new articles into
that store, a no-op rerun and +10 more whose dates come after the others' (news in date order);
each build's own time, and the time of its facts step (`kg.rdf.facts.rebuild` or
`update_facts`) beside that of its inference step, both timed by wrapping the functions the
build calls. The share of the facts step is what the facts graph costs: the build without it
would take (1 - share) of the time, so it adds share / (1 - share). CPU seconds (this process,
all threads) are printed beside wall seconds: on a shared machine they move less.

Usage: python benchmarks/facts_cost.py [N]   (default 500)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import articles, write_jsonl

SPENT: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])


def _timed(module: Any, name: str, label: str) -> None:
    inner: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            SPENT[label][0] += time.perf_counter() - t0
            SPENT[label][1] += time.process_time() - c0

    setattr(module, name, wrapper)


def _dated(path: Path, n: int, day: int) -> Path:
    """n generated articles published on consecutive days from 2030-01-`day`."""
    with path.open("w", encoding="utf-8") as fh:
        for i, rec in enumerate(articles(n, seed=11)):
            rec["published"] = f"2030-01-{day + i:02d}"
            fh.write(json.dumps(rec) + "\n")
    return path


def main(n: int = 500) -> None:
    import kg.rdf as rdf
    from kg.nlp import load
    from kg.pipeline import build
    from kg.rdf import facts, incremental

    _timed(facts, "rebuild", "facts")
    _timed(facts, "update_facts", "facts")
    _timed(rdf, "infer", "inference")
    _timed(incremental, "update_inferred", "inference")
    load("en")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "corpus.jsonl", n)
        steps = [
            ("first", [corpus]),
            ("noop", [corpus]),
            ("+10", [write_jsonl(Path(tmp) / "more.jsonl", 10, seed=8)]),
            ("+10 dated", [_dated(Path(tmp) / "dated.jsonl", 10, 1)]),
        ]
        print(f"{n} articles; seconds wall / CPU")
        print(f"{'step':>10} {'build':>13} {'inference':>13} {'facts':>13} {'facts share':>12}")
        for step, inputs in steps:
            SPENT.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            build(inputs, store=Path(tmp) / "store", workers=0, progress=False, lang="en")
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            inf, fac = SPENT["inference"], SPENT["facts"]
            share = fac[1] / cpu if cpu else 0.0
            print(
                f"{step:>10} {wall:6.2f}/{cpu:6.2f} {inf[0]:6.2f}/{inf[1]:6.2f} "
                f"{fac[0]:6.2f}/{fac[1]:6.2f} {share:11.1%}  (adds {share / (1 - share):.1%})"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
