"""The RDF 1.2 (RDF-star) form (kg/rdf/star.py): statements as reifiers of triple terms, written
by `kg export --format turtle12|trig12` and read back by `kg import` into the same quads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.mint import KGO, RDF, is_graph
from kg.rdf.star import FROM_RDF12, PART_PREDICATES, REIFIES, to_rdf12
from kg.store import Store

KG = [sys.executable, "-m", "kg.cli.main"]
E = "http://example.org/"
G = ox.NamedNode(E + "g")
TYPE, STATEMENT = ox.NamedNode(RDF + "type"), ox.NamedNode(RDF + "Statement")
SUBJ, PRED, OBJ = PART_PREDICATES


def _n(x: str) -> ox.NamedNode:
    return ox.NamedNode(E + x)


def _statement(st: str, s: str, p: str, o: ox.Term, g: ox.NamedNode = G) -> list[ox.Quad]:
    node = _n(st)
    return [
        ox.Quad(node, TYPE, STATEMENT, g),
        ox.Quad(node, SUBJ, _n(s), g),
        ox.Quad(node, PRED, _n(p), g),
        ox.Quad(node, OBJ, o, g),
        ox.Quad(node, ox.NamedNode(KGO.modality), ox.NamedNode(KGO.Negated), g),
    ]


def test_statements_become_reifiers_and_come_back() -> None:
    quads = [
        *_statement("st1", "a", "p", _n("b")),
        ox.Quad(_n("a"), _n("p"), _n("b"), G),
        *_statement("st2", "a", "q", ox.Literal("x"), ox.DefaultGraph()),  # negated: no triple
        # not one triple: two objects; stays as it is
        *_statement("st3", "a", "p", _n("c")),
        ox.Quad(_n("st3"), OBJ, _n("d"), G),
    ]
    star = list(to_rdf12(quads, quads))
    reifiers = {(q.subject, q.object, q.graph_name) for q in star if q.predicate == REIFIES}
    assert reifiers == {
        (_n("st1"), ox.Triple(_n("a"), _n("p"), _n("b")), G),
        (_n("st2"), ox.Triple(_n("a"), _n("q"), ox.Literal("x")), ox.DefaultGraph()),
    }
    assert not any(
        q.subject in (_n("st1"), _n("st2")) and q.predicate in PART_PREDICATES for q in star
    )
    assert sum(q.subject == _n("st3") and q.predicate in PART_PREDICATES for q in star) == 4
    assert ox.Quad(_n("a"), _n("p"), _n("b"), G) in star and len(star) == len(quads) - 4
    back = ox.Store()
    back.extend(star)
    back.update(FROM_RDF12)
    assert set(back) == set(quads)


def test_the_annotation_syntax_is_read_too(tmp_path: Path) -> None:
    data = tmp_path / "a.trig"
    data.write_text(
        f"PREFIX ex: <{E}>\nPREFIX kgo: <{KGO}>\n"
        "ex:g { ex:a ex:p ex:b ~ ex:st1 {| kgo:modality kgo:Asserted |} . }\n",
        encoding="utf-8",
    )
    st = Store(tmp_path / "store")
    st.load(data)
    got = {(q.subject.value, q.predicate.value, q.object.value) for q in st}
    assert got == {
        (E + "a", E + "p", E + "b"),
        (E + "st1", SUBJ.value, E + "a"),
        (E + "st1", PRED.value, E + "p"),
        (E + "st1", OBJ.value, E + "b"),
        (E + "st1", KGO.modality, KGO.Asserted),
    }


def _canonical(quads) -> set[ox.Quad]:
    """The quads less the inference state (which `kg import` drops), blank nodes canonical."""
    d = ox.Dataset(
        q
        for q in quads
        if not (isinstance(q.graph_name, ox.NamedNode) and is_graph(q.graph_name.value, "state"))
    )
    d.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(d)


def _kg(*args: str) -> None:
    proc = subprocess.run([*KG, *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_trig12_round_trip_same_facts_same_provenance(
    timeline_store_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.trig"
    _kg("export", "--store", str(timeline_store_path), "--format", "trig12", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "rdf:reifies <<(" in text and "rdf:subject" not in text
    # what a SPARQL 1.2 reader sees in the export as it is: every statement a reifier
    raw = ox.Store()
    raw.load(path=str(out), format=ox.RdfFormat.TRIG)
    original = Store(timeline_store_path, read_only=True)
    statements = {
        r["st"]
        for r in original.query("SELECT ?st WHERE { ?st a rdf:Statement }", prefixes={"rdf": RDF})
    }
    reified = {
        r["st"]
        for r in raw.query(
            "SELECT ?st WHERE { GRAPH ?g { ?st rdf:reifies <<( ?s ?p ?o )>> } }",
            prefixes={"rdf": RDF},
        )
    }
    assert statements and reified == statements
    _kg("import", str(out), "--store", str(tmp_path / "back"))
    assert _canonical(Store(tmp_path / "back", read_only=True)) == _canonical(original)


@pytest.mark.slow
def test_turtle12_round_trip_is_the_union(timeline_store_path: Path, tmp_path: Path) -> None:
    plain, star = tmp_path / "plain.ttl", tmp_path / "star.ttl"
    _kg("export", "--store", str(timeline_store_path), "--format", "turtle", "-o", str(plain))
    _kg("export", "--store", str(timeline_store_path), "--format", "turtle12", "-o", str(star))
    assert "rdf:reifies" in star.read_text(encoding="utf-8")
    _kg("import", str(star), "--store", str(tmp_path / "back"))
    expected = ox.Store()
    expected.load(path=str(plain), format=ox.RdfFormat.TURTLE)
    assert _canonical(Store(tmp_path / "back", read_only=True)) == _canonical(expected)
