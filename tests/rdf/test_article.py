"""RDF stage on hand-built extractions, a real on-disk Oxigraph store and the real ontology."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.model import Article, Extraction, Fact, Mention
from kg.rdf import article_quads, infer, ontology_quads, validate
from kg.rdf.rules import closure, extracted_facts, load_rules
from kg.resolve.entities import described
from kg.store import Store

B = "http://kg.example.org/"
KGO = "http://kg.example.org/ontology#"
TEXT = (
    "TDK would finance and operate a new battery plant. The plant would use technology "
    "licensed from CATL. GM plans to purchase batteries from the plant, but does not intend "
    "to take an equity stake in the venture."
)


def m(text: str, key: str, etype: str = "Organization", name: str | None = None) -> Mention:
    start = TEXT.find(text)
    return Mention(text, start, start + len(text), etype, name or text, key)


def fact(s: Mention, p: str, o: Mention, modality: str = "Planned", conf: float = 0.8) -> Fact:
    sent_start = TEXT.rfind(". ", 0, min(s.start, o.start)) + 2 if ". " in TEXT[: s.start] else 0
    sent_end = TEXT.find(".", max(s.end, o.end)) + 1
    return Fact(
        "a1",
        s,
        p,
        o,
        modality,
        conf,
        TEXT[sent_start:sent_end],
        sent_start,
        sent_end,
        "kg.extract.svo.v1",
    )


@pytest.fixture()
def seedlike() -> Extraction:
    art = Article("a1", TEXT, "en", title="Plant", source="Wire", path="a1.txt")
    tdk = m("TDK", "organization/tdk")
    gm = m("GM", "organization/general-motors", name="General Motors")
    catl = m("CATL", "organization/catl")
    plant = m("battery plant", "facility/a1/battery-plant", "Facility")
    facts = (
        fact(tdk, "operates", plant),
        fact(tdk, "finances", plant),
        fact(plant, "licensesTechnologyFrom", catl, conf=0.5),
        fact(gm, "buysFrom", plant),
        fact(gm, "investsIn", plant, "Negated"),
    )
    return described(Extraction(art, (tdk, gm, catl, plant), facts, ("kept 'GM': gazetteer",)))


@pytest.fixture()
def store(tmp_path: Path, seedlike: Extraction) -> Store:
    st = Store(tmp_path / "store")
    st.put_graph(B + "graph/a1", article_quads(seedlike))
    st.put_graph(B + "graph/ontology", ontology_quads())
    infer(st.ox)
    return st


PREFIXES = f"""PREFIX kgo: <{KGO}> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def ask(st: Store, q: str) -> bool:
    return bool(st.query(f"{PREFIXES} ASK {{ {q} }}"))


E = B + "entity/organization/"


def test_chain_lifts_plant_facts_into_inferred_graph_only(store: Store) -> None:
    for s, p, o in (
        ("general-motors", "buysFrom", "tdk"),
        ("tdk", "licensesTechnologyFrom", "catl"),
    ):
        triple = f"<{E}{s}> kgo:{p} <{E}{o}>"
        assert ask(store, f"GRAPH <{B}graph/inferred> {{ {triple} }}")
        assert not ask(store, f"GRAPH <{B}graph/a1> {{ {triple} }}")
        assert ask(
            store,
            f"""GRAPH <{B}graph/inferred> {{ ?st rdf:subject <{E}{s}> ;
            rdf:predicate kgo:{p} ; rdf:object <{E}{o}> ; kgo:inferred true ;
            kgo:modality kgo:Planned ; prov:wasDerivedFrom ?prem }}
            GRAPH <{B}graph/a1> {{ ?prem kgo:evidence ?ev }}""",
        )


def test_confidence_is_product_of_premises(store: Store) -> None:
    q = f"""PREFIX kgo: <{KGO}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?c WHERE {{ ?st rdf:subject <{E}tdk> ; rdf:predicate kgo:licensesTechnologyFrom ;
                       kgo:confidence ?c }}"""
    assert float(next(iter(store.query(q)))["c"].value) == pytest.approx(0.8 * 0.5, abs=1e-3)


def test_negated_fact_is_only_a_statement(store: Store) -> None:
    assert not ask(store, f"<{E}general-motors> kgo:investsIn ?x")
    assert ask(
        store,
        f"?st rdf:subject <{E}general-motors> ; rdf:predicate kgo:investsIn ; "
        "kgo:modality kgo:Negated",
    )


def test_infer_is_idempotent(store: Store) -> None:
    before = sorted(map(str, store.ox))
    infer(store.ox)
    assert sorted(map(str, store.ox)) == before


def test_output_conforms_and_broken_output_does_not(store: Store, tmp_path: Path) -> None:
    ok, report = validate(store)
    assert ok, report
    g = ox.NamedNode(B + "graph/broken")
    st = ox.NamedNode(B + "statement/x/0")
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store.ox.extend(
        [
            ox.Quad(st, a, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"), g),
            ox.Quad(st, ox.NamedNode(KGO + "modality"), ox.NamedNode(KGO + "Perhaps"), g),
            ox.Quad(
                st,
                ox.NamedNode(KGO + "confidence"),
                ox.Literal(
                    "1.7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
                ),
                g,
            ),
        ]
    )
    ok, report = validate(store)
    assert not ok
    assert "Perhaps" in report or "modality" in report


def test_negated_triple_violates_shapes(store: Store) -> None:
    store.ox.add(
        ox.Quad(
            ox.NamedNode(E + "general-motors"),
            ox.NamedNode(KGO + "investsIn"),
            ox.NamedNode(B + "entity/facility/a1/battery-plant"),
            ox.NamedNode(B + "graph/bad"),
        )
    )
    ok, report = validate(store)
    assert not ok and "negated" in report


def test_closure_matches_owlrl(store: Store) -> None:
    """Our rule engine and owlrl's OWL 2 RL closure agree on kgo: relations between entities."""
    base = extracted_facts(store.ox)
    ours = set(base) | set(closure(base, load_rules()))
    g = Graph()
    g.parse(
        data=ox.serialize(
            ox.parse(path=str(Path("ontology/kg.ttl").resolve()), format=ox.RdfFormat.TURTLE),
            format=ox.RdfFormat.N_TRIPLES,
        ),
        format="nt",
    )
    for s, p, o in base:
        g.add((URIRef(s), URIRef(p), URIRef(o)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    theirs = {
        (str(s), str(p), str(o))
        for s, p, o in g
        if str(p).startswith(KGO)
        and str(s).startswith(B + "entity/")
        and str(o).startswith(B + "entity/")
        and s != o
    }
    assert ours == theirs


def test_article_graph_matches_golden(tmp_path: Path) -> None:
    art = Article("b2", "Tesla buys cells from CATL.", "en", path="b2.txt")
    tesla = Mention("Tesla", 0, 5, "Organization", "Tesla", "organization/tesla")
    catl = Mention("CATL", 22, 26, "Organization", "CATL", "organization/catl")
    f = Fact("b2", tesla, "buysFrom", catl, "Asserted", 0.9, art.text, 0, 27, "kg.extract.svo.v1")
    ds = Dataset()
    # Labels are resolution's decision (`kg.resolve.labels`); rdf only writes them.
    resolved = described(Extraction(art, (tesla, catl), (f,)))
    ds.parse(
        data=ox.serialize(article_quads(resolved), format=ox.RdfFormat.N_QUADS), format="nquads"
    )
    got = ds.graph(URIRef(B + "graph/b2"))
    golden = Graph().parse(
        format="turtle",
        data=f"""
@prefix kgo: <{KGO}> . @prefix e: <{E}> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{B}article/b2> a kgo:Article ; dcterms:identifier "b2" ; dcterms:language "en" ;
    kgo:origin "b2.txt" ; kgo:sourcePath "b2.txt" .
e:tesla a kgo:Organization ; rdfs:label "Tesla"@en ; skos:altLabel "Tesla"@en ;
    kgo:buysFrom e:catl .
e:catl a kgo:Organization ; rdfs:label "CATL"@en ; skos:altLabel "CATL"@en .
<{B}statement/b2/0> a rdf:Statement ; rdf:subject e:tesla ; rdf:predicate kgo:buysFrom ;
    rdf:object e:catl ; prov:wasDerivedFrom <{B}article/b2> ;
    kgo:evidence "Tesla buys cells from CATL." ; kgo:start 0 ; kgo:end 27 ;
    kgo:confidence 0.900 ; kgo:modality kgo:Asserted ; kgo:extractor "kg.extract.svo.v1" .
""",
    )
    assert isomorphic(got, golden), got.serialize(format="turtle")


def test_unresolved_mentions_are_not_minted() -> None:
    art = Article("c3", "The automaker buys cells from CATL.", "en", path="c3.txt")
    ref = Mention("The automaker", 0, 13, "Organization", "automaker", "ref:0")
    catl = Mention("CATL", 30, 34, "Organization", "CATL", "organization/catl")
    f = Fact("c3", ref, "buysFrom", catl, "Asserted", 0.9, art.text, 0, 35, "kg.extract.svo.v1")
    quads = article_quads(Extraction(art, (ref, catl), (f,)))
    assert not [q for q in quads if "ref" in str(q.subject) or "automaker" in str(q.object)]


def test_rdf_writes_the_labels_resolution_decided() -> None:
    # Pronouns, descriptions and possessives are mentions of an entity, never its names; the
    # decision is the resolver's, the rdf stage writes exactly the labels it is handed.
    text = "Tesla said its supplier, the battery maker CATL, and CATL's rival grew."
    art = Article("d4", text, "en", path="d4.txt")

    def at(surface: str, key: str, name: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        return Mention(surface, start, start + len(surface), "Organization", name, key)

    ms = (
        at("Tesla", "organization/tesla", "Tesla"),
        at("its", "organization/tesla", "Tesla"),
        at("the battery maker", "organization/catl", "CATL"),
        at("CATL", "organization/catl", "CATL"),
        at("CATL's", "organization/catl", "CATL"),
    )
    ex = described(Extraction(art, ms))
    alt = {(lab.key, lab.text) for lab in ex.labels if lab.alt}
    assert alt == {("organization/tesla", "Tesla"), ("organization/catl", "CATL")}
    skos = "http://www.w3.org/2004/02/skos/core#altLabel"
    written = {
        (q.subject.value.rsplit("/", 1)[-1], q.object.value)
        for q in article_quads(ex)
        if q.predicate.value == skos
    }
    assert written == {("tesla", "Tesla"), ("catl", "CATL")}
    assert not [q for q in article_quads(Extraction(art, ms)) if q.predicate.value == skos]


def test_article_scoped_entities_take_no_room_in_the_iri_cache() -> None:
    """A plant is named by its article alone (one or more a generated article): caching its
    node would keep one entry per article of a build for nothing; shared entities are cached."""
    from kg import mint
    from kg.rdf import terms

    terms._shared_iri.cache_clear()
    plants = [f"facility/a{i:04d}/battery-plant" for i in range(50)]
    assert [terms.entity_iri(k).value for k in plants] == [mint.entity_iri(k) for k in plants]
    assert terms._shared_iri.cache_info().currsize == 0
    company = terms.entity_iri("organization/arcton")
    assert company.value == mint.entity_iri("organization/arcton")
    assert terms.entity_iri("organization/arcton") is company
    assert terms._shared_iri.cache_info().currsize == 1
