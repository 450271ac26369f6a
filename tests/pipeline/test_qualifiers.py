"""The seeds' qualifiers in the built graph equal tests/gold/seeds_qualifiers.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.paths import GOLD

from kg.query import run_query
from kg.store import Store

GOLD = GOLD / "seeds_qualifiers.jsonl"
pytestmark = pytest.mark.slow

QUERY = """PREFIX kgo: <http://kg.example.org/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?path ?s ?p ?o ?q ?v WHERE {
  ?st rdf:subject/rdfs:label ?s ; rdf:predicate ?p ; rdf:object/rdfs:label ?o ; ?q ?v ;
      prov:wasDerivedFrom ?a . ?a kgo:sourcePath ?path .
  VALUES ?q { kgo:amount kgo:stakePercent kgo:capacity kgo:duration kgo:eventDate
              kgo:expectedBy } }"""


def test_seed_qualifiers_match_gold(seed_store_path: Path) -> None:
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    assert {g["article"] for g in gold} == {
        p.name for p in (GOLD.parents[2] / "seeds").glob("*.txt")
    }
    want = {
        (g["article"], q["subject"], q["predicate"], q["object"], q["kind"], q["value"])
        for g in gold
        for q in g["qualifiers"]
    }
    got = set()
    for r in run_query(Store(seed_store_path, read_only=True), QUERY):
        path, s, p, o, q, v = (str(getattr(x, "value", x)) for x in r)
        got.add((Path(path).name, s, p.rsplit("#", 1)[-1], o, q.rsplit("#", 1)[-1], v))
    assert got == want
