"""Builds on real files into real stores, in real concurrent processes: two builds started at
once on a new store both finish and the store keeps every article; the second says it waits;
a bad JSONL line costs only itself; a 62 MB JSONL builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from support.datasets import assert_same_dataset, canonical, facts_as_built

from kg.model import Problem
from kg.rdf.terms import KGO
from kg.store import Store
from kg.store.lock import BuildLock

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
EN_SEED = REPO / "seeds" / "000_aec95034014d9d5f.txt"
GOOD = (
    "Tesla will buy battery cells from Panasonic for its new factory in Nevada, the "
    "companies said on Monday. Deliveries start next year."
)


def _kg_build(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli.main", "build", *map(str, args), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _origins(path: Path) -> set[str]:
    st = Store(path, read_only=True)
    rows = st.query(f"SELECT DISTINCT ?o WHERE {{ ?a <{KGO}origin> ?o }}")
    return {Path(r["o"].value).name for r in rows}


def test_two_builds_started_at_once_on_a_new_store_keep_every_article(tmp_path: Path) -> None:
    """Ten times: each build brings its own article; both exit 0 and the store has both (it
    used to be deleted by the loser's clean-up)."""
    other = tmp_path / "tesla.txt"
    other.write_text(GOOD, encoding="utf-8")
    for round_ in range(10):
        store = tmp_path / f"store{round_}"
        first = _kg_build(EN_SEED, "--store", store, "--workers", "0")
        second = _kg_build(other, "--store", store, "--workers", "0")
        outs = [p.communicate(timeout=600) for p in (first, second)]
        assert [first.returncode, second.returncode] == [0, 0], outs
        assert _origins(store) == {EN_SEED.name, other.name}, (round_, outs)
        for _, err in outs:
            assert err in (
                "",
                f"kg: another kg build is writing to {store}; waiting for it to end\n",
            )


def test_a_build_waits_for_the_one_writing_and_says_so(tmp_path: Path) -> None:
    store = tmp_path / "store"
    lock = BuildLock(store)
    lock.acquire()  # a build in progress
    proc = _kg_build(EN_SEED, "--store", store, "--workers", "0")
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert line == f"kg: another kg build is writing to {store}; waiting for it to end\n"
    time.sleep(1)
    assert proc.poll() is None  # still waiting
    lock.release()
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0 and "1 added" in out and err == "", (out, err)
    assert _origins(store) == {EN_SEED.name}


def test_a_bad_jsonl_line_costs_only_itself(tmp_path: Path) -> None:
    from kg.pipeline import build

    path = tmp_path / "news.jsonl"
    path.write_bytes(
        b'{"text": "GM buys \\ud800 cells from LG Energy Solution, the carmaker said."}\n'
        + json.dumps({"text": GOOD}).encode()
        + b"\n"
    )
    report = build([path], store=tmp_path / "store", progress=False, workers=0)
    assert report.added == 1
    (problem,) = report.problems
    assert isinstance(problem, Problem) and str(problem).startswith(f"{path}:1: field 'text'")
    assert _origins(tmp_path / "store") == {"news.jsonl:2"}


def test_a_62_mb_jsonl_builds(tmp_path: Path) -> None:
    """Streamed line by line: past the 50 MB file limit of the whole-file formats."""
    from kg.pipeline import build

    path = tmp_path / "big.jsonl"
    filler = json.dumps({"text": "word " * 1_200_000}) + "\n"  # 6 MB, one article too long
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": GOOD}) + "\n")
        while fh.tell() < 62_000_000:
            fh.write(filler)
    assert path.stat().st_size > 62_000_000
    report = build([path], store=tmp_path / "store", progress=False, workers=0)
    assert report.added == 1
    assert report.problems and all(
        p.reason.startswith("article too large") for p in report.problems
    )


def test_a_build_that_doubles_the_store_compacts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build leaves its bulk-loaded files merged; a few articles more do not pay for a
    merge of the whole store."""
    import importlib

    from benchmarks.corpus import write_jsonl
    from kg.pipeline import build

    monkeypatch.setattr(importlib.import_module("kg.pipeline.build"), "COMPACT_AFTER", 4)
    store = tmp_path / "store"
    first = build([write_jsonl(tmp_path / "a.jsonl", 6)], store=store, progress=False, lang="en")
    assert first.added == 6 and "compact" in first.stages
    more = build(
        [write_jsonl(tmp_path / "b.jsonl", 2, seed=3)], store=store, progress=False, lang="en"
    )
    assert more.added == 2 and "compact" not in more.stages
    doubled = build(
        [write_jsonl(tmp_path / "c.jsonl", 8, seed=4)], store=store, progress=False, lang="en"
    )
    assert doubled.added == 8 and "compact" in doubled.stages


@pytest.mark.parametrize("where", ["thread", "process"])
def test_a_first_build_leaves_its_files_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """In a thread beside inference, or past a size by a process of its own (RocksDB keeps
    what a merge reads in the process that merges): fewer files, the same quads."""
    import importlib

    from benchmarks.corpus import write_jsonl
    from kg.pipeline import build

    steps = importlib.import_module("kg.pipeline.build")
    monkeypatch.setattr(steps, "COMPACT_AFTER", 4)
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 4 if where == "process" else 10**9)
    corpus = write_jsonl(tmp_path / "a.jsonl", 6)
    merged = build([corpus], store=tmp_path / "merged", progress=False, lang="en")
    monkeypatch.setattr(steps, "COMPACT_AFTER", 10**9)
    unmerged = build([corpus], store=tmp_path / "unmerged", progress=False, lang="en")
    assert "compact" in merged.stages and "compact" not in unmerged.stages
    if where == "process":
        # In a thread the merge races inference's writes beside it and RocksDB's own merges of
        # the other store: at this size either store may end with more files (about 1 run in
        # 4 at stop 37), so only the merge after everything is compared by its files.
        files = {p: len(list((tmp_path / p).glob("*.sst"))) for p in ("merged", "unmerged")}
        assert files["merged"] < files["unmerged"], files
    assert_same_dataset(
        canonical(Store(tmp_path / "merged", read_only=True)),
        canonical(Store(tmp_path / "unmerged", read_only=True)),
    )
    assert merged.facts == unmerged.facts > 20


def test_a_first_build_makes_its_facts_graph_from_what_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build groups the statements it writes by fact (on disk past a limit) instead of
    reading them back from the store: the facts graph is the one the store's graphs give. The
    limits of a long build, made small: the store also takes new handles as it loads."""
    from benchmarks.corpus import write_jsonl
    from kg.pipeline import build, merge
    from kg.store import bulk

    monkeypatch.setattr(merge, "SAID_IN_MEMORY", 20)
    monkeypatch.setattr(bulk, "REOPEN_AFTER", 1_000)
    store = tmp_path / "store"
    corpus = write_jsonl(tmp_path / "a.jsonl", 12)
    report = build([corpus], store=store, progress=False, lang="en", workers=0)
    assert report.added == 12 and report.facts > 20
    assert list(store.glob("LOG.old.*"))  # reopened
    built, rebuilt = facts_as_built(store)
    assert built and built == rebuilt


def _kill_writer_when_it_loads(store: Path) -> threading.Thread:
    """Kill the store's writer process (`kg.store.writer`) once it has written a file."""

    def watch() -> None:
        for _ in range(3000):
            writers = [
                c for c in psutil.Process().children() if "kg.store.writer" in " ".join(c.cmdline())
            ]
            if writers and list(store.glob("*.sst")):
                writers[0].kill()
                return
            time.sleep(0.01)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    return t


def test_a_large_first_build_writes_through_a_process_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `COMPACT_ELSEWHERE` new articles a first build hands its store to a writer process
    (RocksDB's memory for the files it loads stays there): the same dataset as a build that
    writes itself; the writer killed mid-build is one `StoreError`, and the next build finishes
    the store."""
    import importlib

    from benchmarks.corpus import write_jsonl
    from kg.errors import StoreError
    from kg.pipeline import build

    steps = importlib.import_module("kg.pipeline.build")
    corpus = write_jsonl(tmp_path / "a.jsonl", 40)
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 10**9)
    here = build([corpus], store=tmp_path / "here", progress=False, lang="en", workers=0)
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 10)
    there = build([corpus], store=tmp_path / "there", progress=False, lang="en", workers=0)
    assert there.facts == here.facts > 100 and there.added == 40
    expected = canonical(Store(tmp_path / "here", read_only=True))
    assert_same_dataset(canonical(Store(tmp_path / "there", read_only=True)), expected)

    killed = tmp_path / "killed"
    watcher = _kill_writer_when_it_loads(killed)
    with pytest.raises(StoreError, match="cannot write"):
        build([corpus], store=killed, progress=False, lang="en", workers=0)
    watcher.join()
    again = build([corpus], store=killed, progress=False, lang="en", workers=0)
    assert again.added == 40
    assert_same_dataset(canonical(Store(killed, read_only=True)), expected)


def test_a_build_with_nothing_new_writes_nothing(tmp_path: Path) -> None:
    """Re-running a build on the same input leaves the store's files as they were: the
    ontology graph, unchanged, is not written again (it was, and every run added a file)."""
    from kg.pipeline import build
    from kg.rdf import ontology_quads
    from kg.rdf.terms import DEFAULT_BASE, ontology_graph

    store = tmp_path / "store"
    first = build([EN_SEED], store=store, progress=False, lang="en")
    # Merged first: a compaction RocksDB left pending would otherwise write files on reopening.
    settled = Store(store)
    settled.compact()
    settled.close()
    files = sorted(p.name for p in store.glob("*.sst"))
    again = build([EN_SEED], store=store, progress=False, lang="en")
    assert (first.added, again.added, again.unchanged) == (1, 0, 1)
    assert sorted(p.name for p in store.glob("*.sst")) == files  # (opening adds a log)
    st = Store(store, read_only=True)
    stored = set(st.ox.quads_for_pattern(None, None, None, ontology_graph()))
    assert stored == set(ontology_quads(base=DEFAULT_BASE))


def test_a_build_parsing_in_this_process_loads_its_drafts_in_large_batches() -> None:
    """Every small load leaves files RocksDB merges again: a build that parses in this process
    loads its drafts in batches of up to `LOAD_BATCH_HERE` quads (halving as the articles run
    out, `GraphWriter`'s taper); one that parses elsewhere keeps the writer's small batches,
    which load while later articles parse."""
    from kg.pipeline import workers
    from kg.pipeline.build import LOAD_BATCH_HERE, load_batch
    from kg.store.bulk import GraphWriter

    default = GraphWriter.__init__.__kwdefaults__["batch"]
    assert 10 * default <= LOAD_BATCH_HERE
    assert load_batch(500, 0) == LOAD_BATCH_HERE
    assert load_batch(10, 1) == LOAD_BATCH_HERE  # a handful of articles: parsed here
    assert load_batch(500, None) is None  # another source of extractions (a benchmark's)
    if workers.usable_cores() >= 2:
        assert load_batch(500, 1) is None and load_batch(500, 2) is None


def test_a_spill_keeps_its_first_items_in_memory_and_reads_all_back_in_order() -> None:
    """The first `in_memory` items stay as they are (a lambda cannot be pickled), the rest go
    to the file; all come back once, in the order they came."""
    from kg.pipeline.spill import Spill

    first = [lambda: 0, lambda: 1]
    with Spill(in_memory=2) as spill:
        for item in (*first, "a", ("b", 2)):
            spill.add(item)
        assert spill.count == 4
        assert list(spill) == [*first, "a", ("b", 2)]
    with Spill() as spill:  # everything on disk
        spill.add("x")
        spill.add("y")
        assert list(spill) == ["x", "y"]


def test_the_input_list_keeps_its_ids_and_origins_on_disk() -> None:
    """A build's input holds 8 bytes per article in memory (its offset), not each article's id
    and origin (~0.2 KB, a 100,000-article build's 20 MB); they come back in order, and a
    selection reads the articles it keeps."""
    import tracemalloc

    from kg.model import Article
    from kg.pipeline.spill import ArticleList

    def article(i: int) -> Article:
        return Article(id=f"{i:016x}", text=f"Text {i}.", lang="en", url=f"https://x.org/news/{i}")

    articles = ArticleList()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(4000):
            articles.append(article(i))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 40 * 4000, held
    assert list(articles.id_origins()) == [
        (f"{i:016x}", f"https://x.org/news/{i}") for i in range(4000)
    ]
    chosen = articles.select(i for i in range(4000) if i % 1000 == 7)
    assert [a.id for a in chosen] == [f"{i:016x}" for i in (7, 1007, 2007, 3007)]
    assert chosen[1] == article(1007)


def test_a_large_first_build_keeps_its_end_stage_on_disk_past_a_few_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build that writes through a process of its own holds at most `END_IN_MEMORY`
    rows of its first inference's supports and of its statements grouped by fact, with small
    SQLite caches (the end stage's memory must not grow with the build): made small here, so
    both go to disk after a few articles, the store is the one a build holding them in memory
    writes, quad for quad."""
    import importlib

    from benchmarks.corpus import write_jsonl
    from kg.pipeline import build, merge

    steps = importlib.import_module("kg.pipeline.build")
    corpus = write_jsonl(tmp_path / "a.jsonl", 30)
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 10**9)
    here = build([corpus], store=tmp_path / "here", progress=False, lang="en", workers=0)
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 10)
    monkeypatch.setattr(merge, "END_IN_MEMORY", 7)
    monkeypatch.setattr(merge, "END_CACHE_KIB", 64)
    there = build([corpus], store=tmp_path / "there", progress=False, lang="en", workers=0)
    assert there.facts == here.facts > 70 and there.inferred == here.inferred > 0
    assert_same_dataset(
        canonical(Store(tmp_path / "there", read_only=True)),
        canonical(Store(tmp_path / "here", read_only=True)),
    )
    built, rebuilt = facts_as_built(tmp_path / "there")
    assert built and built == rebuilt


def _recording_opens(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of the store's files at each open of a store on disk in this process
    (`kg.store.Store` opens through `pyoxigraph.Store`)."""
    import types

    import pyoxigraph

    from kg.store import oxi

    opened: list[int] = []

    def store_at(*args: str) -> pyoxigraph.Store:
        if args:
            opened.append(len(list(Path(args[0]).glob("*.sst"))))
        return pyoxigraph.Store(*args)

    store_at.read_only = pyoxigraph.Store.read_only  # type: ignore[attr-defined]
    names = {n: getattr(pyoxigraph, n) for n in dir(pyoxigraph) if not n.startswith("__")}
    monkeypatch.setattr(oxi, "ox", types.SimpleNamespace(**{**names, "Store": store_at}))
    return opened


def test_a_large_first_build_takes_its_store_back_only_once_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large first build's process holds no handle on its store from its first write to its
    last closing step: the writer process writes, a process of its own settles, counts and
    merges (`kg.pipeline.closing`), and the build opens the store once more, on the merged
    files (RocksDB keeps what it reads of every file in the process that holds the store). The
    store and the counts are those of a build that closes the store itself."""
    import importlib

    from benchmarks.corpus import write_jsonl
    from kg.pipeline import build

    steps = importlib.import_module("kg.pipeline.build")
    monkeypatch.setattr(steps, "COMPACT_AFTER", 4)
    corpus = write_jsonl(tmp_path / "a.jsonl", 30)
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 10**9)
    here = build([corpus], store=tmp_path / "here", progress=False, lang="en", workers=0)
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 10)
    store = tmp_path / "there"
    with monkeypatch.context() as m:
        opened = _recording_opens(m)
        there = build([corpus], store=store, progress=False, lang="en", workers=0)
    assert opened == [0, len(list(store.glob("*.sst")))]
    counts = ("added", "facts", "entities", "new_entities", "inferred")
    assert [getattr(there, k) for k in counts] == [getattr(here, k) for k in counts]
    assert here.facts > 70 and here.inferred > 0
    assert {"infer", "compact"} <= set(there.stages)
    assert_same_dataset(
        canonical(Store(store, read_only=True)),
        canonical(Store(tmp_path / "here", read_only=True)),
    )


def test_a_large_first_build_whose_closing_process_dies_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process closing a large first build's store killed: one `StoreError`; the next
    build of the same input completes the store (the derived graphs in full) to the one a
    build that closes its store itself makes."""
    import importlib

    from benchmarks.corpus import write_jsonl
    from kg.errors import StoreError
    from kg.pipeline import build

    steps = importlib.import_module("kg.pipeline.build")
    corpus = write_jsonl(tmp_path / "a.jsonl", 20)
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 10**9)
    build([corpus], store=tmp_path / "here", progress=False, lang="en", workers=0)
    expected = canonical(Store(tmp_path / "here", read_only=True))
    monkeypatch.setattr(steps, "COMPACT_ELSEWHERE", 10)
    killed = tmp_path / "killed"
    watcher = _kill_child_running("kg.pipeline.closing")
    with pytest.raises(StoreError, match="cannot finish the build"):
        build([corpus], store=killed, progress=False, lang="en", workers=0)
    watcher.join()
    again = build([corpus], store=killed, progress=False, lang="en", workers=0)
    assert again.added == 0 and again.unchanged == 20
    assert_same_dataset(canonical(Store(killed, read_only=True)), expected)


def _kill_child_running(module: str) -> threading.Thread:
    """Kill the first child process of this one running `module`, as soon as it starts."""

    def watch() -> None:
        for _ in range(30000):
            for c in psutil.Process().children():
                try:
                    if module in " ".join(c.cmdline()):
                        c.kill()
                        return
                except psutil.Error:
                    pass
            time.sleep(0.01)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    return t
