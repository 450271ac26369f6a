"""Incremental builds: what a rerun, a few new articles and one replaced article cost against
the first build, on stores of growing size (issue 12), all measured in one run.

For each size N (generated news with recurring companies, benchmarks/corpus.py):
- `first`    build N articles into an empty store,
- `noop`     the same build again (nothing changed),
- `+10`      10 new articles into the N-article store (input: the 10 new articles),
- `+10 all`  10 more, with the whole corpus named again as input (all of it is re-read),
- `replace1` one article's text changed (same input slot),
- `10-empty` the 10 new articles into an empty store (the baseline for `+10`),
and with `--resume N`: a build of N articles killed with SIGKILL half-way, the resumed build,
and a clean build of the same corpus, whose exports must be identical.

Every build runs in a fresh process with the spaCy model loaded before the clock starts (so
`10-empty` is not all model loading); the parent samples the resident memory of that process
and its children (benchmarks/memory.py) and keeps the peak. Targets (issue 12): noop <= 0.15x
first (400 and 2,000), +10 into 2,000 <= 2x 10-empty, resume <= 1.2x clean (the `+10` row also
gives the ratio of CPU time, which other processes' load moves less). The `+10 all` row
shows what reading the whole input again costs on top (ingest and cleaning of every article, to
compute its id).

Usage: python benchmarks/incremental.py [N ...] [--resume N]   (default sizes 400 2000)
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.memory import PeakRSS  # noqa: E402


def _one(store: str, inputs: list[str]) -> None:
    """Child process: one build, one JSON line on stdout."""
    from kg.nlp import load
    from kg.pipeline import build

    load("en")
    t0, c0 = time.perf_counter(), _cpu()
    report = build(inputs, store=store, progress=False, lang="en")
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - t0,
                "cpu": _cpu() - c0,
                "added": report.added,
                "replaced": report.replaced,
                "unchanged": report.unchanged,
                "facts": report.facts,
                "inferred": report.inferred,
            }
        )
    )
    sys.stdout.flush()


def _cpu() -> float:
    """CPU seconds of this process (every thread: RocksDB's too) and of its finished children.
    On a shared machine the wall-clock ratio swings with the others' load; this one does not."""
    import resource

    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(store: Path, inputs: list[Path], *, kill_after: float | None = None) -> dict:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--one", str(store), *map(str, inputs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with PeakRSS(proc.pid) as peak:
        if kill_after is not None:
            try:
                proc.wait(kill_after)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
    if kill_after is not None:
        return {"killed": proc.returncode == -signal.SIGKILL, "peak_mb": peak.mb}
    if proc.returncode != 0:
        raise SystemExit(f"build into {store} failed:\n{err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = peak.mb
    return result


def _replace_one(corpus: Path, target: Path) -> Path:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[len(lines) // 2])
    rec["text"] = rec["text"].replace("battery", "cell", 1) + " Tesla buys cells from CATL."
    lines[len(lines) // 2] = json.dumps(rec)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _row(n: int, step: str, r: dict, ratio: str = "") -> None:
    print(
        f"{n:>6} {step:>9} {r['seconds']:8.2f} {r.get('added', 0):>6} "
        f"{r.get('replaced', 0):>5} {r.get('inferred', 0):>7} {r['peak_mb']:8.0f} {ratio}",
        flush=True,
    )


def sizes(tmp: Path, ns: list[int]) -> None:
    from benchmarks.corpus import write_jsonl

    extra = write_jsonl(tmp / "extra-10.jsonl", 10, seed=8)
    extra_b = write_jsonl(tmp / "extra-10b.jsonl", 10, seed=9)
    print(
        f"{'store':>6} {'step':>9} {'build s':>8} {'added':>6} {'repl':>5} {'inferred':>7} "
        f"{'peak MB':>8} ratio",
        flush=True,
    )
    for n in ns:
        corpus = write_jsonl(tmp / f"corpus-{n}.jsonl", n)
        store = tmp / f"store-{n}"
        first = run(store, [corpus])
        _row(n, "first", first)
        noop = run(store, [corpus])
        _row(n, "noop", noop, f"{noop['seconds'] / first['seconds']:.3f}x first (target <= 0.15)")
        base = run(tmp / f"store-empty-10-{n}", [extra])  # baseline, under the same load
        _row(n, "10-empty", base)
        add = run(store, [extra])
        _row(
            n,
            "+10",
            add,
            f"{add['seconds'] / base['seconds']:.2f}x 10-empty (target <= 2; "
            f"CPU {add['cpu'] / base['cpu']:.2f}x)",
        )
        # The same, naming the whole corpus again (it is re-read to find what is new).
        add_all = run(store, [corpus, extra, extra_b])
        _row(n, "+10 all", add_all, f"{add_all['seconds'] / base['seconds']:.2f}x 10-empty")
        changed = _replace_one(corpus, tmp / f"corpus-{n}-changed.jsonl")
        # The changed copy keeps every url, so its articles occupy the same input slots.
        rep = run(store, [changed])
        _row(n, "replace1", rep, f"{rep['seconds'] / first['seconds']:.3f}x first")


def resume(tmp: Path, n: int) -> None:
    from benchmarks.corpus import write_jsonl
    from kg.store import Store

    corpus = write_jsonl(tmp / f"resume-{n}.jsonl", n)
    clean = run(tmp / "clean", [corpus])
    _row(n, "clean", clean)
    killed = run(tmp / "crashed", [corpus], kill_after=clean["seconds"] / 2)
    print(f"{n:>6} {'killed':>9} at ~{clean['seconds'] / 2:.0f} s: {killed['killed']}", flush=True)
    res = run(tmp / "crashed", [corpus])
    _row(n, "resume", res, f"{res['seconds'] / clean['seconds']:.2f}x clean (target <= 1.2)")
    a = sorted(map(str, Store(tmp / "crashed", read_only=True).ox))
    b = sorted(map(str, Store(tmp / "clean", read_only=True).ox))
    print(
        f"{n:>6} export identical to the clean build: {a == b} ({len(a)} / {len(b)} quads)",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[400, 2000])
    ap.add_argument("--resume", type=int, default=None, metavar="N")
    ap.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        _one(args.one[0], args.one[1:])
        return
    with tempfile.TemporaryDirectory(prefix="kg-incremental-") as tmp:
        if args.sizes:
            sizes(Path(tmp), args.sizes)
        if args.resume:
            resume(Path(tmp), args.resume)


if __name__ == "__main__":
    main()
