"""kg.store.bulk: partitions are written whole or not at all, loaded by a loader process while
the build's store lets go of its handle, and graphs whose bulk load never finished are dropped
by the next build's `index.sync` (real on-disk Oxigraph, real loader process)."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import Store, index
from kg.store.bulk import (
    Background,
    GraphWriter,
    load_partitions,
    loading_marks,
    marked,
    nquads,
    write_partition,
)

B = "http://kg.example.org/"


def article(aid: str, n: int = 3) -> tuple[str, list[ox.Quad]]:
    g = ox.NamedNode(f"{B}graph/{aid}")
    ix = index.index_graph(B)
    quads = [
        ox.Quad(ox.NamedNode(f"{B}article/{aid}"), ox.NamedNode(f"{B}p{i}"), ox.Literal(str(i)), g)
        for i in range(n)
    ]
    quads += [
        ox.Quad(g, index.ARTICLE, ox.Literal(aid), ix),
        ox.Quad(g, index.ORIGIN, ox.Literal(f"{aid}.txt"), ix),
    ]
    return g.value, quads


def test_partitions_are_written_whole_and_loaded_by_a_loader_process(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    graphs, files = [], []
    for k in range(3):
        g, quads = article(f"a{k}")
        graphs.append(g)
        files.append(write_partition(parts, f"part-{k}", quads))
    again = write_partition(parts, "part-0", article("a0")[1])  # a retried task: same file
    assert again == files[0]
    assert sorted(p.name for p in parts.iterdir()) == ["part-0.nq", "part-1.nq", "part-2.nq"]
    st = Store(tmp_path / "store")
    st.change(add=[ox.Quad(ox.NamedNode(B + "x"), ox.NamedNode(B + "y"), ox.Literal("z"))])
    load_partitions(st, files, graphs, B)
    assert set(index.articles(st, B)) == {"a0", "a1", "a2"}  # the handle was opened again
    assert not marked(st, B)
    load_partitions(st, files, graphs, B)  # loaded twice: nothing doubles
    assert len(st) == 1 + 3 * 5


def test_a_partition_takes_n_quads_text_as_it_is(tmp_path: Path) -> None:
    # A worker writes its articles' graphs as the text they are made as (`kg.rdf.article`).
    g, quads = article("t0")
    text = nquads(quads)
    path = write_partition(tmp_path / "parts", "part-t", text)
    assert path.read_bytes() == text
    st = Store(tmp_path / "store")
    load_partitions(st, [path], [g], B)
    assert set(index.articles(st, B)) == {"t0"} and len(st) == len(quads)


def test_a_graph_whose_load_never_finished_is_dropped(tmp_path: Path) -> None:
    st = Store(tmp_path / "store")
    writer = GraphWriter(st, B, batch=10)
    for k in range(4):
        g, quads = article(f"w{k}")
        writer.add(g, nquads(quads), len(quads))
    writer.flush()
    writer.close()
    assert set(index.articles(st, B)) == {f"w{k}" for k in range(4)} and not marked(st, B)
    # A bulk write killed half-way: the marks are in, part of a graph and its rows too.
    g, quads = article("half")
    st.change(add=loading_marks([g], B))
    st.bulk_extend(quads[:2] + quads[-2:])
    changed, listed = index.sync(st, B, pending_facts=False)
    assert "half" not in listed and changed >= 1
    assert not st.has_graph(g) and not marked(st, B)
    assert set(listed) == {f"w{k}" for k in range(4)}


def test_a_failed_background_load_is_raised_by_flush(tmp_path: Path) -> None:
    st = Store(tmp_path / "store")
    writer = GraphWriter(st, B, batch=1)
    g, quads = article("ok")
    writer.add(g, nquads(quads), len(quads))
    writer.add(B + "graph/broken", b"<not> an N-Quads line\n", 1)
    with pytest.raises(SyntaxError):
        writer.flush()
    writer.close()
    assert "ok" in index.articles(st, B)


def test_the_loads_waiting_hold_at_most_a_budget_of_bytes_beyond_the_oldest() -> None:
    # The loader is slower than the build (each job waits a little, as a writer process that
    # has fallen behind): what waits must not be `depth` jobs of any size.
    lock, pending, seen = threading.Lock(), [0], []
    slow = threading.Event()

    def load(data: bytes) -> None:
        slow.wait(0.02)  # never set: each job takes a while
        with lock:
            pending[0] -= len(data)

    with Background(depth=4, budget=250) as loader:
        for _ in range(6):
            with lock:
                pending[0] += 100
            loader.submit(load, bytes(100))
            with lock:
                seen.append(pending[0])
    assert pending[0] == 0
    # The oldest may be over the budget alone; with it, two jobs of 100 bytes fit in 250.
    assert max(seen) <= 200, seen


def _written(writer: GraphWriter, prefix: str, n: int) -> list[str]:
    """n articles added to `writer` and flushed; their graphs."""
    graphs = []
    for k in range(n):
        g, quads = article(f"{prefix}{k}")
        graphs.append(g)
        writer.add(g, nquads(quads), len(quads))
    writer.flush()
    return graphs


def test_graphs_written_ahead_stay_marked_until_unmark(tmp_path: Path) -> None:
    """Drafts loaded before the build confirmed them (`keep_marks`) stay marked as loading
    until `unmark` takes every mark out (a build killed meanwhile has them dropped)."""
    st = Store(tmp_path / "store")
    writer = GraphWriter(st, B, batch=10, keep_marks=True)
    graphs = _written(writer, "m", 7)
    assert marked(st, B) == sorted(graphs)
    writer.unmark()
    writer.close()
    assert not marked(st, B)
    assert set(index.articles(st, B)) == {f"m{k}" for k in range(7)}


def test_a_long_write_takes_new_handles_on_the_store_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer allowed to (`reopen`, a store its build opened) waits for its loads every
    `REOPEN_AFTER` quads and has the store take a new handle (what RocksDB keeps for loaded
    files goes with the old one): RocksDB starts a new log on every opening. Every graph and
    mark is in, and the store still takes writes."""
    from kg.store import bulk

    monkeypatch.setattr(bulk, "REOPEN_AFTER", 20)
    for reopen in (False, True):
        path = tmp_path / f"store-{reopen}"
        st = Store(path)
        writer = GraphWriter(st, B, batch=10, keep_marks=True, reopen=reopen)
        graphs = _written(writer, "r", 12)
        assert (len(list(path.glob("LOG.old.*"))) >= 2) is reopen
        assert marked(st, B) == sorted(graphs)
        writer.unmark()
        writer.close()
        assert set(index.articles(st, B)) == {f"r{k}" for k in range(12)}
        st.close()
        assert set(index.articles(Store(path, read_only=True), B)) == {f"r{k}" for k in range(12)}


def test_a_tapering_writer_loads_ahead_and_halves_its_batches_towards_the_end(
    tmp_path: Path,
) -> None:
    """Told how many graphs are still to come, a writer loads a batch as soon as it holds as
    many quads as those are likely to: the loads halve as the graphs run out, down to `taper`
    quads, so what is left to load after the last graph is small. Without the count, or
    without `taper`, everything waits for the batch (here, for `flush`)."""
    st = Store(tmp_path / "store")
    n, per = 40, 5  # `article` graphs hold 3 quads and 2 index rows
    writer = GraphWriter(st, B, batch=10_000, taper=2 * per)
    loaded_at = []
    for k in range(n):
        g, quads = article(f"t{k}")
        writer.add(g, nquads(quads), len(quads), left=n - 1 - k)
        assert writer.loader is not None
        writer.loader.wait()
        loaded_at.append(len(index.articles(st, B)))
    assert loaded_at[n // 2 - 1] == n // 2  # half of them, as soon as they are half
    steps = sorted(set(loaded_at))
    assert len(steps) >= 4  # 20, 30, 35, 37 (a batch of at least two graphs) ...
    assert n - loaded_at[-2] <= 2  # ... so the last load holds the last graph or two
    writer.flush()
    assert len(index.articles(st, B)) == n
    writer.close()

    for taper, left in ((2 * per, None), (0, 0)):
        st = Store(tmp_path / f"store-{taper}")
        writer = GraphWriter(st, B, batch=10_000, taper=taper)
        for k in range(n):
            g, quads = article(f"u{k}")
            writer.add(g, nquads(quads), len(quads), left=left)
        assert writer.loader is not None
        writer.loader.wait()
        assert not index.articles(st, B)
        writer.flush()
        assert len(index.articles(st, B)) == n
        writer.close()
