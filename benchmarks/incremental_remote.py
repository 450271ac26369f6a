"""Incremental builds into a remote store (issue 26): what 10 new articles cost in an
`oxigraph serve` on loopback that holds N articles, against the same 10 into an empty server,
measured in one run; with the requests each build sends.

Builds run in this process, the spaCy model loaded before the clock starts. Printed per build:
wall and CPU seconds, requests, articles added and the `infer` stage (inference and the facts
graph); then the ratio +10 / 10-empty (the local target, benchmarks/incremental.py, is <= 2x).

Usage: python benchmarks/incremental_remote.py [N]   (default 1000)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from benchmarks.corpus import write_jsonl  # noqa: E402


def main() -> None:
    from support.oxiserver import OxigraphServer

    from kg.pipeline import build

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000)
    n = ap.parse_args().n
    with tempfile.TemporaryDirectory(prefix="kg-incr-remote-") as tmp:
        tmp = Path(tmp)
        lines = write_jsonl(tmp / "c.jsonl", n + 10, seed=5).read_text("utf-8").splitlines()
        (tmp / "first.jsonl").write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
        (tmp / "new.jsonl").write_text("\n".join(lines[n:]) + "\n", encoding="utf-8")
        build([tmp / "new.jsonl"], store=None, progress=False, lang="en")  # the model, loaded
        out = {}
        plans = {
            "big": [("first", "first.jsonl"), ("+10", "new.jsonl"), ("noop", "new.jsonl")],
            "empty": [("10-empty", "new.jsonl")],
        }
        for name, runs in plans.items():
            server = OxigraphServer(tmp / name)
            server.start()
            try:
                st = server.store(update=f"{server.base}/update")
                for label, f in runs:
                    r0, t0, c0 = st.requests, time.perf_counter(), time.process_time()
                    report = build([tmp / f], store=st, progress=False, lang="en")
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                    out[label] = (wall, cpu)
                    infer = report.stages.get("infer", [0.0])[0]
                    print(
                        f"{label:>9}: wall {wall:7.2f} s, CPU {cpu:6.2f} s, "
                        f"{st.requests - r0} requests, {report.added} added, infer {infer:.2f} s",
                        flush=True,
                    )
            finally:
                server.kill()
        wall = out["+10"][0] / out["10-empty"][0]
        cpu = out["+10"][1] / out["10-empty"][1]
        print(f"+10 into {n} / 10 into empty: {wall:.2f}x wall, {cpu:.2f}x CPU")


if __name__ == "__main__":
    main()
