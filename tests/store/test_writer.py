"""kg.store.writer: a store's writes applied by a real child process, in order, while the
caller's handle is let go (the child holds RocksDB's lock meanwhile); a failed write or a dead
child is one clear `StoreError`, and the store opens again after."""

from __future__ import annotations

from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store import Store
from kg.store.bulk import GraphWriter, loading_marks, nquads
from kg.store.writer import StoreProcess, handed_over

B = "http://kg.example.org/"


def quads(name: str, n: int) -> list[ox.Quad]:
    g = ox.NamedNode(f"{B}graph/{name}")
    return [
        ox.Quad(ox.NamedNode(f"{B}s/{name}{i}"), ox.NamedNode(f"{B}p"), ox.Literal(str(i)), g)
        for i in range(n)
    ]


def stored(path: Path) -> set[ox.Quad]:
    return set(Store(path, read_only=True).ox.quads_for_pattern(None, None, None, None))


def test_the_writes_are_applied_in_order_by_the_child(tmp_path: Path) -> None:
    a, b = quads("a", 5), quads("b", 3)
    marks = loading_marks([f"{B}graph/a"], B)
    proc = StoreProcess(tmp_path / "st")
    proc.change(add=marks)
    proc.load_nquads(nquads(a))
    proc.change(add=b)
    proc.change(remove=b[:1])
    proc.unmark(B)
    proc.flush()
    proc.load_nquads(nquads(quads("c", 2)))
    proc.close()
    assert stored(tmp_path / "st") == set(a) | set(b[1:]) | set(quads("c", 2))


def test_the_store_is_the_child_s_while_handed_over(tmp_path: Path) -> None:
    st = Store(tmp_path / "st")
    st.change(add=quads("a", 2))
    with handed_over(st) as proc:
        proc.load_nquads(nquads(quads("b", 4)))
        proc.flush()
        with pytest.raises(OSError):  # RocksDB's lock is the child's
            ox.Store(str(tmp_path / "st"))
    # The caller's handle is back, and sees what the child wrote.
    assert len(list(st.ox.quads_for_pattern(None, None, None, None))) == 6


def test_a_bad_write_is_one_error_at_the_next_flush_and_stops_the_writes(tmp_path: Path) -> None:
    proc = StoreProcess(tmp_path / "st")
    proc.load_nquads(b"<not a quad\n")
    proc.load_nquads(nquads(quads("a", 2)))  # after the error: not applied
    with pytest.raises(StoreError) as err:
        proc.flush()
    assert str(err.value).startswith(f"{tmp_path / 'st'}: cannot write:")
    assert "\n" not in str(err.value)
    proc.close(failed=True)
    assert stored(tmp_path / "st") == set()


def test_a_dead_writer_is_a_store_error_and_the_store_opens_again(tmp_path: Path) -> None:
    st = Store(tmp_path / "st")
    with pytest.raises(StoreError, match="cannot write"), handed_over(st) as proc:
        proc.load_nquads(nquads(quads("a", 3)))
        proc.flush()
        (child,) = [
            c for c in psutil.Process().children() if "kg.store.writer" in " ".join(c.cmdline())
        ]
        child.kill()
        child.wait(10)
        for _ in range(100):  # more than the pipe holds
            proc.load_nquads(nquads(quads("b", 200)))
        proc.flush()
    assert len(list(st.ox.quads_for_pattern(None, None, None, None))) == 3


def test_a_graph_writer_marks_loads_and_unmarks_through_the_child(tmp_path: Path) -> None:
    """The build's writer over the child, as a large first build uses it."""
    proc = StoreProcess(tmp_path / "st")
    writer = GraphWriter(proc, B, batch=4, keep_marks=True)
    for name in ("a", "b", "c"):
        writer.add(f"{B}graph/{name}", nquads(quads(name, 3)), 3)
    writer.unmark()
    writer.close()
    proc.close()
    assert stored(tmp_path / "st") == set(quads("a", 3) + quads("b", 3) + quads("c", 3))


def test_a_store_released_inside_a_release_takes_its_handle_back_at_the_outer_end(
    tmp_path: Path,
) -> None:
    """A large first build lets its store go once for its writer and its closing processes:
    the inner release does nothing, and the handle is back only when the outer one ends."""
    st = Store(tmp_path / "st")
    st.change(add=quads("a", 2))
    with st.released():
        with st.released():
            pass
        other = ox.Store(str(tmp_path / "st"))  # still free for another handle
        other.extend(quads("b", 3))
        other.flush()
        del other
    assert len(list(st.ox.quads_for_pattern(None, None, None, None))) == 5
