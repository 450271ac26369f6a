"""Where a first local build holds its memory: the build process's own resident memory, peak per
stage, for generated corpora of the sizes given (issue 26: "client memory flat").

    python benchmarks/stage_memory.py [N ...]   (default 2000 10000)

Each size is built into a fresh store in a fresh subprocess (model loaded first, parsing in
the build's child process as `kg build` does). A thread samples the process's RSS every 0.1 s
and files it under the innermost step running: the build's stages (`BuildReport.stage`) and,
inside them, the first inference (`write_inferred`), the facts graph (`rebuild_facts`), the
closing counts (`counts`) and, for a large first build, the closing steps run by a process of
their own (`settle_elsewhere`); "build" is the time inside `build` outside any of them (ingest,
opening the store). RSS is what the process holds, not what a step allocated: a step's peak includes
what earlier steps left. Also printed: ms per article, and RSS every 60 s (the slope); for a
build that writes through a process of its own (`kg.store.writer`), that process's RSS too
(sampled each minute, and every 0.1 s while the last writes go), and the peak of the process
that closes it (`kg.pipeline.closing`); and, by step, the peak bytes
of N-Quads handed to the loader thread (`kg.store.bulk.Background`) and not yet loaded, the
batch being handed over included.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _labelled(current: list[str], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        current.append(name)
        try:
            return fn(*args, **kwargs)
        finally:
            current.pop()

    return call


def _track_queued(current: list[str]) -> dict[str, int]:
    """Peak bytes handed to the store's loader thread and not yet loaded (`kg.store.bulk.
    Background`), by step: what waits for a slower writer process."""
    from kg.store.bulk import Background

    peaks: dict[str, int] = {}
    pending = [0]
    lock = threading.Lock()
    submit = Background.submit

    def tracked(self: Any, fn: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        size = sum(len(a) for a in args if isinstance(a, bytes))

        def job(*a: Any) -> None:
            try:
                fn(*a)
            finally:
                with lock:
                    pending[0] -= size

        with lock:
            pending[0] += size
            peaks[current[-1]] = max(peaks.get(current[-1], 0), pending[0])
        submit(self, job, *args, **kwargs)

    Background.submit = tracked  # type: ignore[method-assign]
    return peaks


def _one(n: int) -> None:
    """Child process: one build of n generated articles, one JSON line on stdout."""
    import psutil

    from benchmarks.corpus import write_jsonl
    from kg.nlp import load
    from kg.pipeline import report as rep

    tmp = Path(tempfile.mkdtemp(prefix="kg-stage-memory-"))
    corpus = write_jsonl(tmp / "corpus.jsonl", n)
    current = ["model"]
    peaks: dict[str, int] = {}
    trace: list[tuple[int, str, int]] = []
    done = threading.Event()
    proc = psutil.Process()
    started = time.perf_counter()

    writer: list[int] = [0]  # the peak of the store's writer process, if the build has one
    closer: list[int] = [0]  # ... and of the process that closes the store, if one does

    def child_rss(module: str = "kg.store.writer") -> int:
        for child in proc.children():
            try:
                if module in " ".join(child.cmdline()):
                    return child.memory_info().rss
            except psutil.Error:  # it ended meanwhile
                pass
        return 0

    def sample() -> None:
        last = -60.0
        while not done.is_set():
            rss, now = proc.memory_info().rss, time.perf_counter() - started
            peaks[current[-1]] = max(peaks.get(current[-1], 0), rss)
            if now - last >= 60:
                w = child_rss()
                writer[0] = max(writer[0], w)
                trace.append((round(now), current[-1], rss >> 20, w >> 20))
                last = now
            elif current[-1] in ("write", "write_inferred", "rebuild_facts"):
                writer[0] = max(writer[0], child_rss())
            elif current[-1] == "settle_elsewhere":
                closer[0] = max(closer[0], child_rss("kg.pipeline.closing"))
            done.wait(0.1)

    stage = rep.BuildReport.stage

    @contextmanager
    def labelled_stage(self: Any, name: str) -> Iterator[list[float]]:
        current.append(name)
        try:
            with stage(self, name) as row:
                yield row
        finally:
            current.pop()

    rep.BuildReport.stage = labelled_stage  # type: ignore[method-assign]
    queued = _track_queued(current)
    merge = importlib.import_module("kg.pipeline.merge")
    steps = importlib.import_module("kg.pipeline.build")
    closing = importlib.import_module("kg.pipeline.closing")
    labelled = ((merge, "write_inferred"), (merge, "rebuild_facts"))
    for mod, fn in (*labelled, (closing, "counts"), (closing, "settle_elsewhere")):
        setattr(mod, fn, _labelled(current, fn, getattr(mod, fn)))
    threading.Thread(target=sample, daemon=True).start()
    load("en")
    current.append("build")
    t0 = time.perf_counter()
    steps.build([corpus], store=tmp / "store", progress=False, lang="en")
    seconds = time.perf_counter() - t0
    current.append("after")
    time.sleep(0.3)
    done.set()
    shutil.rmtree(tmp, ignore_errors=True)
    mb = {k: v >> 20 for k, v in peaks.items()}
    out = {"n": n, "seconds": seconds, "peaks": mb, "trace": trace, "writer": writer[0] >> 20}
    out["closer"] = closer[0] >> 20
    out["queued"] = {k: v >> 20 for k, v in queued.items()}
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[2000, 10000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        _one(args.one)
        return
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        top = max(r["peaks"].values())
        print(f"{n:>7} articles  {1000 * r['seconds'] / n:6.1f} ms/article  peak {top} MB")
        for name, mb in r["peaks"].items():
            print(f"        {name:<16} {mb:>5} MB")
        print("        RSS each minute:", " ".join(f"{mb}" for _, _, mb, _ in r["trace"]))
        print("        queued for the loader thread, peak MB:", r["queued"])
        if r["writer"]:
            print(f"        the store's writer process: peak {r['writer']} MB, each minute:")
            print("       ", " ".join(f"{w}" for *_, w in r["trace"]))
        if r.get("closer"):
            print(f"        the process closing the store: peak {r['closer']} MB")


if __name__ == "__main__":
    main()
