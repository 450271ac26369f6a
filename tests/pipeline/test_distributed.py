"""The distributed build on a real Dask cluster (2 worker processes x 1 thread on loopback) gives
the very store a local build gives, and survives losing a worker mid-build."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from support.datasets import assert_same_dataset, canonical, facts_as_built
from support.paths import REPO

from kg.pipeline import build
from kg.store import Store

pytestmark = pytest.mark.slow

REPO = REPO
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as c:
        yield c


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from benchmarks.corpus import write_jsonl

    d = tmp_path_factory.mktemp("corpus")
    (d / "empty.txt").write_text("", encoding="utf-8")  # a bad input: reported, not fatal
    return [SEEDS, write_jsonl(d / "corpus.jsonl", 30, seed=3), d / "empty.txt"]


@pytest.fixture(scope="module")
def local_build(inputs: list[Path], tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("local") / "store"
    return path, build(inputs, store=path, progress=False)


def store_dataset(path: Path) -> ox.Dataset:
    return canonical(Store(path, read_only=True))


def assert_same_store(a: Path, b: Path) -> None:
    assert_same_dataset(store_dataset(a), store_dataset(b), left="local", right="distributed")


def same_report(a, b) -> None:
    assert (a.added, a.replaced, a.unchanged, a.entities, a.facts, a.inferred) == (
        b.added,
        b.replaced,
        b.unchanged,
        b.entities,
        b.facts,
        b.inferred,
    )
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


def test_distributed_build_equals_local_build(cluster, inputs, local_build, tmp_path) -> None:
    from kg.pipeline.distributed import build_distributed

    local_path, local_report = local_build
    assert local_report.added == 32 and len(local_report.problems) == 1
    path = tmp_path / "dist"
    report = build_distributed(
        inputs, scheduler=cluster.scheduler_address, store=path, progress=False, chunk_size=3
    )
    same_report(report, local_report)
    assert_same_store(local_path, path)
    # Incremental on the cluster too: nothing left to do, nothing changes.
    again = build_distributed(
        inputs, scheduler=cluster.scheduler_address, store=path, progress=False
    )
    assert again.added == 0 and again.unchanged == 32
    assert_same_store(local_path, path)


def test_lost_worker_loses_and_duplicates_nothing(cluster, inputs, local_build, tmp_path) -> None:
    """A worker dies holding a chunk it extracts."""
    local_path, local_report = local_build
    path = tmp_path / "dist"
    same_report(_build_killing(cluster, inputs, path, "kg-extract-"), local_report)
    assert_same_store(local_path, path)


def test_a_worker_killed_while_writing_loses_and_duplicates_nothing(
    cluster, inputs, local_build, tmp_path
) -> None:

    local_path, local_report = local_build
    path = tmp_path / "dist"
    outcome = _build_killing(cluster, inputs, path, "kg-write-")
    same_report(outcome, local_report)
    assert_same_store(local_path, path)


def _build_killing(cluster, inputs, path: Path, prefix: str, **options):
    """A distributed build during which the worker running a task `prefix...` is killed."""
    from distributed import Client

    from kg.pipeline.distributed import build_distributed

    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["report"] = build_distributed(
                inputs,
                scheduler=cluster.scheduler_address,
                store=path,
                progress=False,
                chunk_size=2,
                **options,
            )
        except BaseException as exc:  # handed to the test thread
            outcome["error"] = exc

    with Client(cluster.scheduler_address) as watcher:
        pids = watcher.run(os.getpid)
        th = threading.Thread(target=run)
        th.start()
        victim = None
        deadline = time.monotonic() + 300
        while victim is None and th.is_alive() and time.monotonic() < deadline:
            for addr, keys in watcher.processing().items():
                if any(str(k).startswith(prefix) for k in keys):
                    victim = addr
                    break
            else:
                time.sleep(0.005)
        assert victim is not None, f"never saw a worker run a {prefix} task"
        os.kill(pids[victim], signal.SIGKILL)
        th.join(600)
        assert not th.is_alive()
        assert "error" not in outcome, outcome.get("error")
        assert victim not in watcher.scheduler_info()["workers"]
    return outcome["report"]


def comparable(path: Path) -> set[str]:
    """The store without what names the input files or words a decision (issue 26): the build
    order and the facts' timelines stay, since one build's articles share their number."""
    from kg.rdf.terms import KGO

    skip = {KGO.sourcePath, KGO.resolution}
    ds = ox.Dataset(q for q in Store(path, read_only=True) if q.predicate.value not in skip)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(map(str, ds))


def test_shuffled_input_on_the_cluster_gives_the_graph_of_the_local_build(
    cluster, inputs, local_build, tmp_path
) -> None:
    import random

    from kg.pipeline.distributed import build_distributed

    local_path, _ = local_build
    lines = inputs[1].read_text(encoding="utf-8").splitlines()
    random.Random(4).shuffle(lines)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "dist"
    build_distributed(
        [shuffled, inputs[0]],
        scheduler=cluster.scheduler_address,
        store=path,
        progress=False,
        chunk_size=5,
    )
    assert comparable(path) == comparable(local_path)
    built, rebuilt = facts_as_built(path)
    assert built and built == rebuilt


def test_workers_write_to_a_sparql_store(cluster, inputs, local_build, tmp_path) -> None:
    from support.oxiserver import OxigraphServer

    from kg.pipeline.distributed import build_distributed

    local_path, local_report = local_build
    server = OxigraphServer(tmp_path / "oxigraph")
    server.start()
    try:
        for options in ({}, {"update": f"{server.base}/update", "batch": 8}):
            st = server.store(**options)
            for g in list(st.named_graphs()):
                st.drop_graph(g.value)
            report = build_distributed(
                inputs,
                scheduler=cluster.scheduler_address,
                store=st,
                progress=False,
                chunk_size=4,
            )
            same_report(report, local_report)
            remote = ox.Dataset(iter(st))
            remote.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
            assert remote == store_dataset(local_path)
    finally:
        server.kill()


def test_unreachable_scheduler_is_one_clear_line(tmp_path, capsys) -> None:
    from kg.cli.main import main
    from kg.pipeline.distributed import ClusterError, build_distributed

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        build_distributed(
            [SEEDS], scheduler="tcp://127.0.0.1:9", store=tmp_path / "s", connect_timeout=2
        )
    rc = main(
        [
            "build",
            str(SEEDS),
            "--store",
            str(tmp_path / "s2"),
            "--quiet",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ]
    )
    err = capsys.readouterr().err
    assert rc == ClusterError.exit_code and err.count("\n") == 1
    assert "tcp://127.0.0.1:9" in err


def test_cli_build_on_the_cluster(cluster, local_build, inputs, tmp_path, capsys) -> None:
    from kg.cli.main import main

    local_path, local_report = local_build
    path = tmp_path / "cli"
    rc = main(
        [
            "build",
            *map(str, inputs),
            "--store",
            str(path),
            "--quiet",
            "--scheduler",
            cluster.scheduler_address,
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0 and f"{local_report.added} added" in out and "empty.txt" in out
    assert_same_store(local_path, path)
