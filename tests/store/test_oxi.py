"""The on-disk store wrapper on a real Oxigraph directory."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import QueryError, StoreError
from kg.store import Store

EX = "http://example.org/"


def _quads(graph: str, n: int) -> list[ox.Quad]:
    g = ox.NamedNode(EX + graph)
    return [
        ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), g)
        for i in range(n)
    ]


def test_put_graph_replaces_only_that_graph(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.put_graph(EX + "a", _quads("a", 3))
    st.put_graph(EX + "b", _quads("b", 2))
    st.put_graph(EX + "a", _quads("a", 1))
    assert len(st) == 3
    rows = list(st.query(f"SELECT ?o WHERE {{ GRAPH <{EX}a> {{ ?s ?p ?o }} }}", union=False))
    assert [r["o"].value for r in rows] == ["0"]


def test_union_default_graph_and_graph_access(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.put_graph(EX + "a", _quads("a", 2))
    st.put_graph(EX + "b", _quads("b", 2))
    # Oxigraph's union yields one solution per graph holding a triple; DISTINCT merges them.
    q = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT * WHERE { ?s ?p ?o } }"
    assert next(iter(st.query(q)))["n"].value == "2"
    assert next(iter(st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value == "4"
    g = list(st.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert {r["g"].value for r in g} == {EX + "a", EX + "b"}


def test_persistence_and_read_only(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.put_graph(EX + "a", _quads("a", 4))
    st.close()
    ro = Store(tmp_path / "s", read_only=True)
    assert len(ro) == 4


def test_missing_store_read_only_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "nope", read_only=True)


def test_malformed_query_is_query_error(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    with pytest.raises(QueryError, match="malformed SPARQL"):
        st.query("SELEC ?x WHERE { ?x ?y }")


def test_load_and_dump_roundtrip(tmp_path: Path) -> None:
    src = tmp_path / "in.trig"
    src.write_text(
        f"""@prefix ex: <{EX}> .
ex:g1 {{ ex:a ex:p ex:b . ex:b ex:q "x"@de . }}
ex:g2 {{ ex:a ex:p ex:c . }}
""",
        encoding="utf-8",
    )
    st = Store(tmp_path / "s")
    st.load(src)
    out = tmp_path / "out.trig"
    st.dump(out, fmt="trig")
    a, b = Dataset(), Dataset()
    a.parse(src, format="trig")
    b.parse(out, format="trig")
    assert len(a) == len(b) == 3
    ttl = tmp_path / "out.ttl"
    st.dump(ttl, fmt="turtle")
    flat = Graph().parse(ttl, format="turtle")
    expected = Graph().parse(
        data=f"""@prefix ex: <{EX}> . ex:a ex:p ex:b, ex:c . ex:b ex:q "x"@de .""", format="turtle"
    )
    assert isomorphic(flat, expected)


def test_load_triples_into_named_graph(tmp_path: Path) -> None:
    src = tmp_path / "ref.nt"
    src.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n", encoding="utf-8")
    st = Store(tmp_path / "s")
    st.load(src, graph=EX + "ref")
    assert st.has_graph(EX + "ref")


def test_load_bad_file_names_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    st = Store(tmp_path / "s")
    with pytest.raises(StoreError) as err:
        st.load(bad)
    assert "bad.ttl" in str(err.value)
    with pytest.raises(StoreError, match="no such file"):
        st.load(tmp_path / "missing.nt")
    with pytest.raises(StoreError, match="unknown RDF format"):
        st.load(bad, fmt="docx")


def test_compact_merges_bulk_loaded_files_and_keeps_every_quad(tmp_path: Path) -> None:
    from kg.store.bulk import nquads

    st = Store(tmp_path / "s")
    for n in range(6):  # each bulk load adds files of its own, overlapping the others'
        st.load_nquads(nquads(_quads(f"g{n}", 50)))
    st.flush()
    before = {str(q) for q in st}
    files = len(list((tmp_path / "s").glob("*.sst")))
    st.compact()
    assert len(list((tmp_path / "s").glob("*.sst"))) < files
    assert {str(q) for q in st} == before
    st.close()
    assert {str(q) for q in Store(tmp_path / "s", read_only=True)} == before
    mem = Store(None)
    mem.put_graph(EX + "a", _quads("a", 2))
    mem.compact()  # nothing on disk: nothing to do
    assert len(mem) == 2


def test_the_loader_process_merges_the_files_it_loaded_when_asked(tmp_path: Path) -> None:
    from kg.store.bulk import nquads

    parts = []
    for n in range(6):
        parts.append(tmp_path / f"part{n}.nq")
        parts[-1].write_bytes(nquads(_quads(f"g{n}", 50)))
    files = {}
    for compact in (False, True):
        st = Store(tmp_path / f"s{compact}")
        st.bulk_files(parts, compact=compact)
        assert len(st) == 300
        st.close()
        files[compact] = len(list((tmp_path / f"s{compact}").glob("*.sst")))
    assert files[True] < files[False], files
