"""The real `kg` console script: user errors are one clear line, never a traceback."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import REPO

KG = [sys.executable, "-m", "kg.cli.main"]
REPO = REPO


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def _one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize(
    "command", ["build", "extract", "query", "export", "import", "stats", "viz", "serve", "eval"]
)
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
    why = {
        "missing path": "no such file",
        "empty folder": ".txt",
        "unsupported files": "unsupported file type",
    }[case]
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
    _one_line_error(
        kg("import", str(tmp_path / "no.ttl"), "--store", str(tmp_path / "s")),
        "no.ttl",
        "no such file",
    )
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
    ttl = kg(
        "query",
        "--store",
        str(seed_store_path),
        "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e rdfs:label ?l }",
    ).stdout
    assert "rdfs:label" in ttl
    ask = kg("query", "--store", str(seed_store_path), "ASK { ?s kgo:buysFrom ?o }").stdout
    assert ask.strip() == "true"


@pytest.mark.slow
def test_tsv_is_plain_and_table_wide_shows_full_evidence(seed_store_path: Path) -> None:
    q = """SELECT ?l ?ev WHERE { ?st kgo:evidence ?ev ; rdf:subject ?e . ?e rdfs:label ?l
           FILTER(LANG(?l) = "en") } ORDER BY DESC(STRLEN(?ev)) LIMIT 1"""
    tsv = kg("query", "--store", str(seed_store_path), q, "--format", "TSV").stdout.splitlines()
    assert tsv[0] == "l\tev"
    label, evidence = tsv[1].split("\t")
    assert not label.startswith('"') and "@en" not in label and len(evidence) > 60
    narrow = kg("query", "--store", str(seed_store_path), q).stdout
    wide = kg("query", "--store", str(seed_store_path), q, "--wide").stdout
    assert evidence not in narrow and "…" in narrow
    assert evidence in wide


@pytest.mark.slow
def test_shipped_queries_one_row_per_fact_titles_and_plain_names(seed_store_path: Path) -> None:
    from kg.query import example_queries, run_query
    from kg.store import Store

    st = Store(seed_store_path, read_only=True)
    rows = list(run_query(st, example_queries()["buyers"]))
    facts = [
        (
            r["buyer"].value,
            r["relation"].value,
            r["seller"].value,
            r["modality"].value,
            r["inferred"].value,
        )
        for r in rows
    ]
    assert len(facts) == len(set(facts))  # one row per fact
    assert ("General Motors", "buysFrom", "TDK", "Planned", "true") in facts
    for r in rows:
        assert r["buyer"].language is None and r["seller"].language is None  # no @en
        assert not re.fullmatch(r"[0-9a-f]{16}", r["article"].value)  # a title, not a hash
    tsv = kg(
        "query",
        "--store",
        str(seed_store_path),
        "-f",
        str(REPO / "ontology" / "queries" / "buyers.rq"),
        "--format",
        "tsv",
    ).stdout
    assert "General Motors\tbuysFrom\tTDK\tPlanned\ttrue\t" in tsv
    assert "GM in Talks with TDK" in tsv


def test_every_option_shows_its_default_and_choices() -> None:
    from kg.cli.main import parser

    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in sub.choices.items():
        text = " ".join(p.format_help().split())
        for action in p._actions:
            if not action.option_strings or action.dest in ("help", "version"):
                continue
            assert action.help, (name, action.dest)
            if action.default not in (None, False):
                assert f"default: {action.default}" in text or "default:" in (action.help or ""), (
                    name,
                    action.dest,
                )
            for choice in action.choices or ():
                assert choice in text, (name, action.dest, choice)


def test_choices_are_case_insensitive(seed_store_path: Path, tmp_path: Path) -> None:
    proc = kg("export", "--store", str(seed_store_path), "--format", "TriG", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    assert "kg.example.org" in proc.stdout  # written to stdout, not to a file named "-"
    assert not (Path.cwd() / "-").exists()
    _one_line_error(
        kg("query", "--store", str(seed_store_path), "--format", "yaml", "ASK {}"),
        "invalid choice 'yaml'",
        "table, csv, tsv, json, xml",
    )


def test_export_to_stdout_is_parseable(seed_store_path: Path) -> None:
    import rdflib

    proc = kg("export", "--store", str(seed_store_path), "--format", "turtle", "-o", "-")
    assert proc.returncode == 0 and proc.stderr == ""
    g = rdflib.Graph().parse(data=proc.stdout, format="turtle")
    assert len(g) > 100


def test_no_store_here_names_the_store_that_exists(seed_store_path: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(seed_store_path, tmp_path / "out" / "store")
    proc = kg("query", "ASK {}", cwd=tmp_path)
    _one_line_error(proc, "no store here", "out/store", "--store out/store", "KG_STORE=out/store")


def test_eval_warns_when_a_gold_article_matches_no_article(
    seed_store_path: Path, tmp_path: Path
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "article": "000_aec95034014d9d5f.txt",
                "subject": "General Motors",
                "predicate": "buysFrom",
                "object": "TDK",
            }
        )
        + "\n"
        + json.dumps(
            {
                "article": "no-such-article.txt",
                "subject": "Ford",
                "predicate": "buysFrom",
                "object": "CATL",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    proc = kg("eval", str(gold), "--store", str(seed_store_path))
    assert proc.returncode == 0, proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if "warning" in ln]
    assert len(warnings) == 1 and "'no-such-article.txt'" in warnings[0]


@pytest.mark.slow
def test_serve_prints_its_urls_and_a_taken_port_is_one_line(seed_store_path: Path) -> None:
    import socket
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [*KG, "serve", "--store", str(seed_store_path), "--port", str(port), "--workers", "1"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        head = [proc.stderr.readline() for _ in range(4)]
        urls = dict((ln.split()[0], ln.split()[-1]) for ln in head[1:])
        assert urls == {
            "query": f"http://127.0.0.1:{port}/query",
            "graph": f"http://127.0.0.1:{port}/graph",
            "SPARQL": f"http://127.0.0.1:{port}/sparql",
        }, head
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(urls["query"], timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
        assert httpx.get(urls["graph"], timeout=60, follow_redirects=True).status_code == 200
        second = kg("serve", "--store", str(seed_store_path), "--port", str(port))
        _one_line_error(second, f"port {port}", "in use", "--port")
    finally:
        proc.terminate()
        proc.wait(15)


@pytest.mark.slow
def test_readme_commands_after_make_demo_work(seed_store_path: Path, tmp_path: Path) -> None:
    """The README's "go on with the demo store" block, run as written in a checkout where
    `make demo` left out/store (kg from this interpreter stands in for .venv/bin/kg)."""
    import os
    import shlex
    import shutil

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("Then go on with the demo store", 1)[1].split("```sh", 1)[1]
    block = block.split("```", 1)[0]
    shutil.copytree(seed_store_path, tmp_path / "out" / "store")
    (tmp_path / "ontology").symlink_to(REPO / "ontology")
    env = dict(os.environ)
    ran = 0
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("source "):
            env["KG_STORE"] = line.split("KG_STORE=", 1)[1]
            continue
        words = shlex.split(line)
        if not words or words[0] not in (".venv/bin/kg", "kg") or words[1] not in ("query",):
            continue
        proc = subprocess.run(
            [*KG, *words[1:]], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600
        )
        assert proc.returncode == 0, (line, proc.stderr)
        assert "row" in proc.stdout, (line, proc.stdout)
        # No answer repeats a row (a plain SELECT over the union of graphs sees each entity's
        # label once per article that names it).
        rows = proc.stdout.splitlines()[2:-1]
        assert rows and len(rows) == len(set(rows)), (line, proc.stdout)
        ran += 1
    assert ran == 3 and env.get("KG_STORE") == "out/store"
