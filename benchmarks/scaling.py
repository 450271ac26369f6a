"""Build time and memory vs corpus size and Dask workers, all measured in one run.

For each corpus size (generated news, benchmarks/corpus.py) and each configuration
- `local`:  `kg.pipeline.build` in one process (the baseline),
- `dask-W`: `kg.pipeline.distributed.build_distributed` on a `LocalCluster` of W single-threaded
  worker processes on loopback,
- with `--merge`, the serial part alone (extraction done beforehand, untimed): `merge` into a
  local store, `merge-gsp` into `oxigraph serve` with one GSP PUT per article, `merge-upd` with
  SPARQL Update batches of 64 articles; this is the part no cluster can speed up,
the build runs in a fresh subprocess; the parent samples the resident memory of that whole
process tree (client, scheduler, nannies, workers) with psutil and keeps the peak. Printed per
run: build seconds (excluding cluster start-up, which is shown apart), articles, facts, ms per
article, articles/s, peak tree RSS and the build process's own peak RSS (the client alone,
without its parsing child, loader or workers), and the speed-up over `local`.
docs/scaling.md extrapolates from these figures.

With `--cluster N` (issue 26): a separate `dask scheduler` process and 2 `dask worker`
processes of 1 thread on 127.0.0.1 build N articles, then the same articles shuffled; then a
local build. Printed: the client's CPU per article (target <= 1.5 ms), each stage's wall time,
client CPU and CPU elsewhere (workers, the bulk loader) per article, and whether the shuffled
build and the local build are isomorphic to the distributed one (kgo:sourcePath and the
kgo:resolution notes set aside).

Usage: python benchmarks/scaling.py [N ...] [--workers [W ...]] [--no-local] [--merge]
       (default sizes 100 1000 10000)
       python benchmarks/scaling.py --cluster 1000 [--no-compare]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.memory import PeakRSS  # noqa: E402


def _one(corpus: str, store: str, config: str) -> None:
    """Child process: one build, one JSON line on stdout (with the build's CPU seconds in this
    process, in its child processes, and per stage)."""
    from kg.pipeline import build

    t0 = time.perf_counter()
    server = None
    if config == "local":
        from kg.nlp import load

        load("en")  # the cluster workers also load the model before their first chunk
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        cpu0, children0 = time.process_time(), _children_cpu()
        report = build([corpus], store=store, progress=False, lang="en")
    elif config.startswith("merge"):
        # The serial part alone: extraction done beforehand (untimed), then ingest + resolve +
        # graph writes + ontology + inference, into a local store or an Oxigraph server.
        from kg.pipeline.build import build_with, read_articles
        from kg.pipeline.workers import extract_all

        articles, _ = read_articles([corpus], lang="en")
        done = list(extract_all(articles))
        target: object = store
        if config != "merge":
            server, target = _oxigraph(Path(store), batch=64 if config == "merge-upd" else 1)
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        cpu0, children0 = time.process_time(), _children_cpu()
        report = build_with(
            lambda todo, advance: iter(done), [corpus], store=target, progress=False, lang="en"
        )
    elif config.startswith("tcp://"):  # a running cluster (`--cluster`): connect, warm, build
        from distributed import Client

        from kg.pipeline.distributed import build_distributed

        client = Client(config)
        client.run(_warm)
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        cpu0, children0 = time.process_time(), _children_cpu()
        report = build_distributed(
            [corpus], scheduler=client, store=store, progress=False, lang="en"
        )
    else:
        from distributed import Client, LocalCluster

        from kg.pipeline.distributed import build_distributed

        workers = int(config.split("-")[1])
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
        client.run(_warm)  # model load per worker counted as start-up, as for `local`
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        cpu0, children0 = time.process_time(), _children_cpu()
        report = build_distributed(
            [corpus], scheduler=client, store=store, progress=False, lang="en"
        )
    seconds = time.perf_counter() - t1
    cpu = time.process_time() - cpu0
    children = _children_cpu() - children0
    if server is not None:
        server.terminate()
        server.wait(10)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "startup": startup,
                "articles": report.added,
                "facts": report.facts,
                "inferred": report.inferred,
                "entities": report.entities,
                "problems": len(report.problems),
                "cpu": cpu,
                "children_cpu": children,
                "stages": report.stages,
            }
        )
    )
    sys.stdout.flush()


def _oxigraph(location: Path, *, batch: int) -> tuple[subprocess.Popen[bytes], object]:
    import socket

    from kg.store.remote import open_store

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("oxigraph")),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    st = open_store(
        f"sparql:{url}/query",
        gsp=f"{url}/store",
        update=f"{url}/update" if batch > 1 else None,
        batch=batch,
    )
    for _ in range(200):
        try:
            st.query("ASK {}")
            break
        except Exception:  # still starting
            time.sleep(0.05)
    return server, st


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _warm() -> None:
    from kg.nlp import load

    load("en")


def run(corpus: Path, store: Path, config: str) -> dict[str, float]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--one", str(corpus), str(store), config],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with PeakRSS(proc.pid) as peak:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{config} on {corpus.name} failed:\n{err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"], result["own_mb"] = peak.mb, peak.own_mb
    # The machine is shared: the load average (1, 5, 15 min) when the run ended goes with it.
    result["load"] = os.getloadavg()
    return result


# -- the loopback cluster of issue 26 ------------------------------------------------------------
_HOST = ("--host", "127.0.0.1", "--no-dashboard")


def _start_cluster() -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A separate `dask scheduler` process and 2 `dask worker` processes of 1 thread each, all
    on 127.0.0.1."""
    import socket

    from distributed import Client

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dask = str(Path(sys.executable).with_name("dask"))
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **quiet,
        )
    ]
    for _ in range(2):
        procs.append(
            subprocess.Popen(
                [dask, "worker", address, "--nthreads", "1", "--nworkers", "1", *_HOST],
                **quiet,
            )
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            with Client(address, timeout="5s") as c:
                c.wait_for_workers(2, timeout=60)
            return address, procs
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _shuffled(corpus: Path, target: Path, seed: int = 11) -> Path:
    import random

    lines = corpus.read_text(encoding="utf-8").splitlines()
    random.Random(seed).shuffle(lines)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def comparable(store: Path) -> set[str]:
    """The store's quads, canonicalised, without what depends on the input files (kgo:sourcePath
    names the file and line) or words a decision (kgo:resolution notes)."""
    import pyoxigraph as ox

    from kg.rdf.terms import KGO
    from kg.store import Store

    skip = {KGO.sourcePath, KGO.resolution}
    ds = ox.Dataset(q for q in Store(store, read_only=True) if q.predicate.value not in skip)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(map(str, ds))


def _stage_line(name: str, r: dict, n: int) -> str:
    parts = []
    for stage, (wall, cpu, other) in r["stages"].items():
        parts.append(f"{stage} {1000 * wall / n:.2f}/{1000 * cpu / n:.2f}/{1000 * other / n:.2f}")
    return f"  {name}: ms per article, wall/client CPU/CPU elsewhere: " + "; ".join(parts)


def _load(r: dict) -> str:
    return "/".join(f"{x:.1f}" for x in r["load"])


def cluster(n: int, tmp: Path, *, compare: bool = True) -> None:
    """Issue 26 targets on the loopback cluster: client CPU per article, a shuffled corpus gives
    an isomorphic graph, the distributed build is isomorphic to the local build. Without
    `compare`: the distributed and the local build only, for their stage costs."""
    from benchmarks.corpus import write_jsonl

    corpus = write_jsonl(tmp / f"cluster-{n}.jsonl", n)
    address, procs = _start_cluster()
    try:
        runs = {"dask": run(corpus, tmp / "cluster-dask", address)}
        if compare:
            shuffled = _shuffled(corpus, tmp / f"cluster-{n}-shuffled.jsonl")
            runs["dask-shuffled"] = run(shuffled, tmp / "cluster-shuffled", address)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(30)
    runs["local"] = run(corpus, tmp / "cluster-local", "local")
    for name, r in runs.items():
        print(
            f"{name:>14}: {r['seconds']:7.1f} s, {r['facts']} facts, {r['entities']} entities, "
            f"client CPU {1000 * r['cpu'] / n:.2f} ms/article (target <= 1.5 on the cluster), "
            f"child processes {1000 * r['children_cpu'] / n:.2f} ms/article, "
            f"peak {r['peak_mb']:.0f} MB (client alone {r['own_mb']:.0f}), load average {_load(r)}",
            flush=True,
        )
        print(_stage_line(name, r, n), flush=True)
    if not compare:
        return
    dist = comparable(tmp / "cluster-dask")
    print(
        f"shuffled corpus isomorphic to the input order: "
        f"{dist == comparable(tmp / 'cluster-shuffled')}; distributed isomorphic to local: "
        f"{dist == comparable(tmp / 'cluster-local')} ({len(dist)} quads compared)",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    ap.add_argument("--workers", nargs="*", type=int, default=[1, 2])
    ap.add_argument("--no-local", action="store_true")
    ap.add_argument(
        "--merge",
        action="store_true",
        help="also time the serial merge alone: local store, Oxigraph server via GSP "
        "PUT per article, and via SPARQL Update batches of 64",
    )
    ap.add_argument(
        "--cluster",
        type=int,
        metavar="N",
        help="the loopback-cluster check of issue 26 on N articles (separate scheduler, "
        "2 workers of 1 thread): client CPU, shuffled order, distributed vs local",
    )
    ap.add_argument(
        "--no-compare",
        action="store_true",
        help="with --cluster: no shuffled build and no isomorphism checks (stage costs only)",
    )
    ap.add_argument("--one", nargs=3, metavar=("CORPUS", "STORE", "CONFIG"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        _one(*args.one)
        return
    if args.cluster:
        with tempfile.TemporaryDirectory(prefix="kg-cluster-") as tmp:
            cluster(args.cluster, Path(tmp), compare=not args.no_compare)
        return

    from benchmarks.corpus import write_jsonl

    configs = ([] if args.no_local else ["local"]) + [f"dask-{w}" for w in args.workers]
    configs += ["merge", "merge-gsp", "merge-upd"] if args.merge else []
    print(
        f"{'articles':>8} {'config':>7} {'build s':>8} {'start s':>7} {'facts':>7} "
        f"{'ms/art':>7} {'art/s':>6} {'peak MB':>8} {'own MB':>7} {'speed-up':>8}  load average",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="kg-scaling-") as tmp:
        for n in args.sizes:
            corpus = write_jsonl(Path(tmp) / f"corpus-{n}.jsonl", n)
            base = None
            facts = set()
            for config in configs:
                r = run(corpus, Path(tmp) / f"store-{n}-{config}", config)
                base = base or r["seconds"]
                facts.add(r["facts"])
                print(
                    f"{n:>8} {config:>7} {r['seconds']:8.1f} {r['startup']:7.1f} "
                    f"{r['facts']:>7} {1000 * r['seconds'] / n:7.1f} {n / r['seconds']:6.1f} "
                    f"{r['peak_mb']:8.0f} {r['own_mb']:7.0f} {base / r['seconds']:7.2f}x  "
                    f"{_load(r)}",
                    flush=True,
                )
                print(_stage_line(config, r, n), flush=True)
            if len(facts) != 1:  # every configuration must build the same graph
                raise SystemExit(f"configurations disagree on the fact count: {sorted(facts)}")


if __name__ == "__main__":
    main()
