"""`kg query` in a real process on the real seed store: `--timeout` and Ctrl-C stop a query
Oxigraph is still evaluating, with one line and the documented exit code."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# Four copies of every quad joined: hours of work on any store, and no answer row until the end.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture()
def kg() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts `kg ARGS` in its own process; whatever still runs at the end is killed."""
    started: list[subprocess.Popen[str]] = []

    def run(*args: str | Path) -> subprocess.Popen[str]:
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "kg.cli.main", *map(str, args)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONPATH": str(REPO)},
                preexec_fn=_sigint_as_in_a_terminal,
            )
        )
        return started[-1]

    yield run
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def _sigint_as_in_a_terminal() -> None:
    """A test run started in the background (`make test &`) ignores SIGINT, and so would every
    child it starts: Ctrl-C from a terminal always reaches `kg`, so the child starts as there."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_timeout_stops_a_running_query(kg, seed_store_path: Path) -> None:
    started = time.monotonic()
    proc = kg("query", "--store", seed_store_path, "--timeout", "2", ENDLESS)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, (out, err)
    assert err == "kg: error: query stopped after 2 s without an answer (time limit)\n"
    assert out == ""
    assert time.monotonic() - started < 60  # stopped, not run to its end


def test_ctrl_c_stops_a_running_query(kg, seed_store_path: Path) -> None:
    proc = kg("query", "--store", seed_store_path, ENDLESS)
    # Wait until it is evaluating (past the imports: a second of CPU), then press Ctrl-C.
    deadline = time.monotonic() + 120
    while _cpu_seconds(proc.pid) < 1.5 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert err == "kg: interrupted\n" and out == ""
    assert time.monotonic() - sent < 10


def test_a_quick_query_answers_within_its_timeout(kg, seed_store_path: Path) -> None:
    proc = kg(
        "query",
        "--store",
        seed_store_path,
        "--timeout",
        "60",
        "--format",
        "csv",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    )
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and err == "", err
    assert out.splitlines()[0] == "n" and int(out.splitlines()[1]) > 0


@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_timeout_must_be_positive(kg, seed_store_path: Path, value: str) -> None:
    proc = kg("query", "--store", seed_store_path, "--timeout", value, "ASK { ?s ?p ?o }")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and out == ""
    assert err == "kg: error: --timeout must be more than 0 seconds\n"
