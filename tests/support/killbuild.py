"""A real `kg build` in its own process, stopped part-way (the crash tests kill it with -9)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.terms import KGO
from kg.store import Store


def articles_on_disk(path: Path) -> int:
    """Article graphs a store holds now, read while another process writes it (0 before the
    store exists)."""
    try:
        st = Store(path, read_only=True)
    except Exception:
        return 0
    n = len(list(st.ox.quads_for_pattern(None, ox.NamedNode(f"{KGO}origin"), None, None)))
    del st
    return n


def start_build(inputs: list[Path], store: Path) -> subprocess.Popen[bytes]:
    """`kg build inputs --store store`, started in its own process."""
    cmd = [sys.executable, "-m", "kg.cli.main", "build", *map(str, inputs), "--store", str(store)]
    return subprocess.Popen(
        [*cmd, "--lang", "en", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def build_until(
    inputs: list[Path], store: Path, *, articles: int, timeout: float = 600
) -> subprocess.Popen[bytes]:
    """Start `kg build inputs --store store` and return it, still running, once `articles`
    article graphs are on disk; fails the test if it finishes first, or if they are not on
    disk within `timeout` seconds (a machine too loaded: killed then, the build would have
    written nothing, and the test would check something else)."""
    import pytest

    proc = start_build(inputs, store)
    deadline = time.time() + timeout
    while proc.poll() is None:
        if articles_on_disk(store) >= articles:
            return proc
        if time.time() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail(f"{articles} article graphs not on disk after {timeout:.0f} s")
        time.sleep(0.05)
    pytest.fail("the build finished before it could be interrupted; grow the corpus")
