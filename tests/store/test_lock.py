"""The build lock on real directories, a real store and a second real process: one build at a
time, and a store removed only by the build that created it and left it without an article."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf.terms import KGO, RDF
from kg.store.lock import BuildLock, locked_store

ARTICLE = ox.NamedNode("http://kg.example.org/article/a1")
GRAPH = "http://kg.example.org/graph/a1"


class Boom(Exception):
    pass


def test_a_failed_first_build_removes_the_store_it_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "store"
    with pytest.raises(Boom), locked_store(path):
        assert path.is_dir()
        raise Boom
    assert not path.exists()


def test_a_store_this_build_did_not_create_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "store"
    path.mkdir()  # made by someone else, even if empty
    with pytest.raises(Boom), locked_store(path):
        raise Boom
    assert path.is_dir()


def test_a_created_store_with_an_article_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with pytest.raises(Boom), locked_store(path) as st:
        st.put_graph(
            GRAPH,
            [ox.Quad(ARTICLE, ox.NamedNode(RDF + "type"), ox.NamedNode(KGO + "Article"))],
        )
        raise Boom
    assert (path / "CURRENT").is_file()


# Holds the lock on argv[1] until a line arrives on stdin, then removes the directory it
# created and lets go: a failed first build, with a second one waiting.
HOLDER = """
import sys
from kg.store.lock import BuildLock
lock = BuildLock(sys.argv[1])
lock.acquire()
print("created" if lock.created else "found", flush=True)
sys.stdin.readline()
lock.drop_if_created()
lock.release()
"""


def _holder(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "created"
    return proc


def test_a_second_build_waits_and_starts_over_when_the_first_removed_the_store(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store"
    holder = _holder(path)
    told: list[str] = []
    second = BuildLock(path)
    waiter = threading.Thread(target=second.acquire, kwargs={"on_wait": told.append})
    waiter.start()
    deadline = time.monotonic() + 30
    while not told and time.monotonic() < deadline:
        time.sleep(0.05)
    assert told == [f"another kg build is writing to {path}; waiting for it to end"]
    assert waiter.is_alive()  # waits while the first holds the lock
    assert holder.stdin is not None
    holder.stdin.write("go\n")
    holder.stdin.close()
    assert holder.wait(30) == 0
    waiter.join(30)
    assert not waiter.is_alive()
    # The first removed its directory; the second made a new one, and made it itself.
    assert path.is_dir() and second.created
    second.release()


def test_the_lock_is_the_directory_itself_and_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with locked_store(path) as st:
        st.put_graph(
            GRAPH,
            [ox.Quad(ARTICLE, ox.NamedNode(RDF + "type"), ox.NamedNode(KGO + "Article"))],
        )
    lock = BuildLock(path)
    lock.acquire()  # free again once the block ended
    assert not lock.created
    lock.release()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
