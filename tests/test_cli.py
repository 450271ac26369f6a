"""The real `kg` console script: user errors are one clear line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

KG = [sys.executable, "-m", "kg.cli.main"]


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def _one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("command", ["build", "extract", "query", "export", "import", "stats",
                                     "viz", "serve", "eval"])
def test_every_command_has_help(command: str) -> None:
    proc = kg(command, "--help")
    assert proc.returncode == 0
    assert "usage: kg " + command in proc.stdout


def test_bad_option_is_one_line() -> None:
    _one_line_error(kg("build", "--workers", "many"), "--workers", "invalid int")


@pytest.mark.parametrize("case", ["missing path", "empty folder", "unsupported files"])
def test_build_with_nothing_to_ingest(tmp_path: Path, case: str) -> None:
    """Nothing to build from: non-zero, one line that says why, and no empty store left."""
    src = tmp_path / "in"
    if case != "missing path":
        src.mkdir()
    if case == "unsupported files":
        (src / "report.pdf").write_bytes(b"%PDF-1.4")
        (src / "notes.docx").write_bytes(b"PK\x03\x04")
    store = tmp_path / "store"
    proc = kg("build", str(src), "--store", str(store), "--quiet")
    why = {"missing path": "no such file", "empty folder": ".txt",
           "unsupported files": "unsupported file type"}[case]
    _one_line_error(proc, "no article to build from", why)
    assert not store.exists()


def test_query_without_store(tmp_path: Path) -> None:
    _one_line_error(kg("query", "--store", str(tmp_path / "none"), "ASK {}"), "no store here")


def test_malformed_query_names_the_problem(seed_store_path: Path) -> None:
    proc = kg("query", "--store", str(seed_store_path), "SELEC * WHERE { ?s ?p ?o }")
    _one_line_error(proc, "malformed SPARQL")


def test_update_refused_by_query(seed_store_path: Path) -> None:
    proc = kg("query", "--store", str(seed_store_path), "DELETE WHERE { ?s ?p ?o }")
    _one_line_error(proc, "not allowed")


def test_missing_query_file(seed_store_path: Path, tmp_path: Path) -> None:
    proc = kg("query", "--store", str(seed_store_path), "-f", str(tmp_path / "q.rq"))
    _one_line_error(proc, "q.rq")


def test_import_missing_and_bad_files(tmp_path: Path) -> None:
    _one_line_error(kg("import", str(tmp_path / "no.ttl"), "--store", str(tmp_path / "s")),
                    "no.ttl", "no such file")
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    _one_line_error(kg("import", str(bad), "--store", str(tmp_path / "s")), "bad.nt")


@pytest.mark.slow
def test_query_formats(seed_store_path: Path) -> None:
    q = "SELECT ?l WHERE { ?e rdfs:label ?l } ORDER BY ?l LIMIT 3"
    js = json.loads(kg("query", "--store", str(seed_store_path), q, "--format", "json").stdout)
    assert js["head"]["vars"] == ["l"] and len(js["results"]["bindings"]) == 3
    csv = kg("query", "--store", str(seed_store_path), q, "--format", "csv").stdout
    assert csv.splitlines()[0] == "l" and len(csv.splitlines()) == 4
    table = kg("query", "--store", str(seed_store_path), q).stdout
    assert table.rstrip().endswith("(3 rows)")
    ttl = kg("query", "--store", str(seed_store_path),
             "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e rdfs:label ?l }").stdout
    assert "rdfs:label" in ttl
    ask = kg("query", "--store", str(seed_store_path), "ASK { ?s kgo:buysFrom ?o }").stdout
    assert ask.strip() == "true"
