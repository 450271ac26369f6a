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
article, articles/s, peak tree RSS, and the speed-up over `local`. docs/scaling.md extrapolates
from these figures.

Usage: python benchmarks/scaling.py [N ...] [--workers [W ...]] [--no-local] [--merge]
       (default sizes 100 1000 10000)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.memory import PeakRSS  # noqa: E402


def _one(corpus: str, store: str, config: str) -> None:
    """Child process: one build, one JSON line on stdout."""
    from kg.pipeline import build

    t0 = time.perf_counter()
    server = None
    if config == "local":
        from kg.nlp import load

        load("en")  # the cluster workers also load the model before their first chunk
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
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
        report = build_with(
            lambda todo, advance: iter(done), [corpus], store=target, progress=False, lang="en"
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
        report = build_distributed(
            [corpus], scheduler=client, store=store, progress=False, lang="en"
        )
    seconds = time.perf_counter() - t1
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
    result["peak_mb"] = peak.mb
    return result


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
    ap.add_argument("--one", nargs=3, metavar=("CORPUS", "STORE", "CONFIG"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        _one(*args.one)
        return

    from benchmarks.corpus import write_jsonl

    configs = ([] if args.no_local else ["local"]) + [f"dask-{w}" for w in args.workers]
    configs += ["merge", "merge-gsp", "merge-upd"] if args.merge else []
    print(
        f"{'articles':>8} {'config':>7} {'build s':>8} {'start s':>7} {'facts':>7} "
        f"{'ms/art':>7} {'art/s':>6} {'peak MB':>8} {'speed-up':>8}",
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
                    f"{r['peak_mb']:8.0f} {base / r['seconds']:7.2f}x",
                    flush=True,
                )
            if len(facts) != 1:  # every configuration must build the same graph
                raise SystemExit(f"configurations disagree on the fact count: {sorted(facts)}")


if __name__ == "__main__":
    main()
