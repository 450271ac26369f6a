"""The same SPARQL text means the same thing in `kg query`, `/sparql` and the `/query` page:
the standard prefixes (kg.rdf.terms.STANDARD_PREFIXES) are known everywhere without PREFIX
lines, and a parse error is one readable line with the position and a caret."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from support.servers import start_server

from kg.cli.main import main
from kg.errors import QueryError
from kg.rdf.terms import STANDARD_PREFIXES
from kg.store import Store
from kg.store.syntax import describe

NO_PREFIX = """SELECT ?buyer ?supplier WHERE { ?b kgo:buysFrom ?s .
  ?b rdfs:label ?buyer . ?s rdfs:label ?supplier } ORDER BY ?buyer ?supplier"""


def _error(query: str) -> str:
    try:
        ox.Store().query(query)
    except SyntaxError as exc:
        return describe(exc, query, STANDARD_PREFIXES)
    raise AssertionError("parsed")


def test_parse_errors_are_one_line_with_position_and_caret() -> None:
    msg = _error("SELECT * WHERE { ?s ?p ?o")
    assert msg.startswith("malformed SPARQL at line 1, column 26: expected ")
    assert '"}"' in msg and msg.endswith("{ ?s ?p ?o ^")
    assert "\\u{" not in msg and "..=" not in msg and "\n" not in msg
    msg = _error("SELECT ?x WHERE {\n  ?x a foo:Bar .\n}")
    assert "line 2, column 15: unknown prefix foo:" in msg
    assert "known without it: dcterms, kgo, owl, prov, rdf, rdfs, schema, skos, xsd" in msg
    assert msg.endswith("?x a foo:Bar ^ .")


def test_kg_query_knows_the_standard_prefixes(seed_store_path: Path, capsys) -> None:
    assert main(["query", "--store", str(seed_store_path), NO_PREFIX, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert ("General Motors", "TDK") in {
        (r["buyer"]["value"], r["supplier"]["value"]) for r in rows
    }
    with pytest.raises(QueryError, match=r"at line 1, column \d+: unknown prefix ex:"):
        Store(seed_store_path, read_only=True).query(
            "SELECT * WHERE { ?s ex:p ?o }", prefixes=STANDARD_PREFIXES
        )


@pytest.fixture(scope="module")
def seed_server(seed_store_path: Path) -> Iterator[str]:
    yield from start_server(seed_store_path, workers=1)


@pytest.mark.slow
def test_endpoint_reads_the_same_text_as_kg_query(
    seed_server: str, seed_store_path: Path, capsys
) -> None:
    assert main(["query", "--store", str(seed_store_path), NO_PREFIX, "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)["results"]["bindings"]
    resp = httpx.post(
        seed_server + "/sparql",
        data={"query": NO_PREFIX},
        timeout=30,
        headers={"Accept": "application/sparql-results+json"},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["results"]["bindings"] == cli
    bad = httpx.get(
        seed_server + "/sparql", params={"query": "SELECT * WHERE { ?s ex:p ?o }"}, timeout=30
    )
    assert bad.status_code == 400
    assert bad.text.startswith("malformed SPARQL at line 1, column ")
    assert "unknown prefix ex:" in bad.text and "\n" not in bad.text.strip()
