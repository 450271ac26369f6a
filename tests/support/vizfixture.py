"""The graph page tests' own store: a small TriG dataset in the RDF model of docs/architecture.md
(GM, TDK, CATL, a planned battery plant, a negated fact, an inferred GM buysFrom TDK, and an
article whose names, sentence and title are XSS payloads), and the helpers that render a store's
page and act on it in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support.browser import PageLog, edge_midpoint

from kg.store import Store
from kg.viz import graph_from_store, render

REPO = Path(__file__).resolve().parents[2]

GM_TDK_EVIDENCE = (
    "General Motors plans to purchase batteries from the plant, but does not "
    "intend to take an equity stake in the venture."
)
XSS_NAME = (
    "Evil <script>window.__pwned=1;alert(1)</script> <img src=x "
    'onerror="window.__pwned=2;alert(2)"> "\'><svg onload="window.__pwned=3;alert(3)">'
    " Corp"
)
XSS_SENTENCE = (
    'Evil Corp <img src=x onerror="window.__pwned=4"> partners with GM '
    "</script><script>window.__pwned=5</script> \u2028 <!-- ok."
)

FIXTURE = r"""
@prefix kgo: <http://kg.example.org/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix e: <http://kg.example.org/entity/> .
@prefix st: <http://kg.example.org/statement/> .
@prefix art: <http://kg.example.org/article/> .

<http://kg.example.org/graph/a1> {
  art:a1 a kgo:Article ; dcterms:identifier "a1" ;
    dcterms:title "GM in Talks with TDK to Produce EV Batteries in US Using CATL Technology" ;
    dcterms:publisher "BNN Bloomberg" ; dcterms:language "en" ;
    kgo:sourcePath "seeds/000_aec95034014d9d5f.txt" ; kgo:origin "seeds/000_aec95034014d9d5f.txt" .
  e:organization\/general-motors a kgo:Organization ; rdfs:label "General Motors"@en ;
    skos:altLabel "GM"@en, "the automaker"@en .
  e:organization\/tdk a kgo:Organization ; rdfs:label "TDK"@en ; skos:altLabel "TDK Corporation"@en .
  e:organization\/catl a kgo:Organization ; rdfs:label "Contemporary Amperex Technology"@en ;
    skos:altLabel "CATL"@en .
  e:facility\/a1\/battery-plant a kgo:Facility ; rdfs:label "battery plant"@en ;
    skos:altLabel "the plant"@en .
  e:country\/united-states a kgo:Country ; rdfs:label "United States"@en ,
    "Vereinigte Staaten"@de ; skos:altLabel "U.S."@en .

  e:organization\/general-motors kgo:negotiatesWith e:organization\/tdk .
  e:organization\/general-motors kgo:buysFrom e:facility\/a1\/battery-plant .
  e:organization\/tdk kgo:operates e:facility\/a1\/battery-plant .
  e:facility\/a1\/battery-plant kgo:licensesTechnologyFrom e:organization\/catl .
  e:facility\/a1\/battery-plant kgo:locatedIn e:country\/united-states .

  st:a1\/0 a rdf:Statement ; rdf:subject e:organization\/general-motors ;
    rdf:predicate kgo:negotiatesWith ; rdf:object e:organization\/tdk ; prov:wasDerivedFrom art:a1 ;
    kgo:evidence "General Motors is in talks with Japanese electronics company TDK Corporation to produce EV batteries in the United States." ;
    kgo:start 0 ; kgo:end 120 ; kgo:confidence 0.9 ; kgo:modality kgo:Negotiating ;
    kgo:extractor "kg.extract.svo.v1" .
  st:a1\/1 a rdf:Statement ; rdf:subject e:organization\/general-motors ;
    rdf:predicate kgo:buysFrom ; rdf:object e:facility\/a1\/battery-plant ; prov:wasDerivedFrom art:a1 ;
    kgo:evidence "GM_TDK_EVIDENCE" ;
    kgo:start 400 ; kgo:end 500 ; kgo:confidence 0.85 ; kgo:modality kgo:Planned ;
    kgo:extractor "kg.extract.svo.v1" .
  st:a1\/2 a rdf:Statement ; rdf:subject e:organization\/tdk ;
    rdf:predicate kgo:operates ; rdf:object e:facility\/a1\/battery-plant ; prov:wasDerivedFrom art:a1 ;
    kgo:evidence "Under the proposed agreement, TDK would finance and operate a new battery plant in the southern United States." ;
    kgo:start 300 ; kgo:end 399 ; kgo:confidence 0.8 ; kgo:modality kgo:Planned ;
    kgo:extractor "kg.extract.svo.v1" .
  st:a1\/3 a rdf:Statement ; rdf:subject e:facility\/a1\/battery-plant ;
    rdf:predicate kgo:licensesTechnologyFrom ; rdf:object e:organization\/catl ; prov:wasDerivedFrom art:a1 ;
    kgo:evidence "The plant would produce lithium iron phosphate (LFP) cells using technology licensed from CATL." ;
    kgo:start 501 ; kgo:end 590 ; kgo:confidence 0.75 ; kgo:modality kgo:Planned ;
    kgo:extractor "kg.extract.svo.v1" .
  st:a1\/4 a rdf:Statement ; rdf:subject e:facility\/a1\/battery-plant ;
    rdf:predicate kgo:locatedIn ; rdf:object e:country\/united-states ; prov:wasDerivedFrom art:a1 ;
    kgo:evidence "TDK would finance and operate a new battery plant in the southern United States, potentially creating more than 1,000 jobs." ;
    kgo:start 300 ; kgo:end 420 ; kgo:confidence 0.55 ; kgo:modality kgo:Hedged ;
    kgo:extractor "kg.extract.svo.v1" .
  st:a1\/5 a rdf:Statement ; rdf:subject e:organization\/general-motors ;
    rdf:predicate kgo:investsIn ; rdf:object e:facility\/a1\/battery-plant ; prov:wasDerivedFrom art:a1 ;
    kgo:evidence "GM_TDK_EVIDENCE" ;
    kgo:start 400 ; kgo:end 500 ; kgo:confidence 0.7 ; kgo:modality kgo:Negated ;
    kgo:extractor "kg.extract.svo.v1" .
}

<http://kg.example.org/graph/inferred> {
  e:organization\/general-motors kgo:buysFrom e:organization\/tdk .
  st:inferred\/0 a rdf:Statement ; rdf:subject e:organization\/general-motors ;
    rdf:predicate kgo:buysFrom ; rdf:object e:organization\/tdk ; kgo:inferred true ;
    prov:wasDerivedFrom st:a1\/1, st:a1\/2 ; kgo:confidence 0.68 ; kgo:modality kgo:Planned .
}

<http://kg.example.org/graph/xss> {
  art:xss a kgo:Article ; dcterms:identifier "xss" ; dcterms:title "XSS_NAME" ;
    dcterms:publisher "<b>bold</b> <img src=x onerror=\"window.__pwned=6\">" ;
    <http://schema.org/url> <javascript:window.__pwned=7> ;
    kgo:sourcePath "evil/<img src=x onerror=alert(9)>.txt" ; kgo:origin "evil.txt" .
  e:organization\/evil a kgo:Organization ; rdfs:label "XSS_NAME"@en ;
    skos:altLabel "<svg onload=\"window.__pwned=8\">"@en .
  e:organization\/general-motors a kgo:Organization ; rdfs:label "General Motors"@en .
  e:organization\/evil kgo:partnersWith e:organization\/general-motors .
  st:xss\/0 a rdf:Statement ; rdf:subject e:organization\/evil ;
    rdf:predicate kgo:partnersWith ; rdf:object e:organization\/general-motors ;
    prov:wasDerivedFrom art:xss ; kgo:evidence "XSS_SENTENCE" ; kgo:start 0 ; kgo:end 80 ;
    kgo:confidence 0.95 ; kgo:modality kgo:Asserted ; kgo:extractor "kg.extract.svo.v1" .
}
"""  # noqa: E501  (RDF reads better unwrapped)


def _turtle_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\u2028")


def write_fixture(path: Path) -> Path:
    text = (
        FIXTURE.replace("GM_TDK_EVIDENCE", GM_TDK_EVIDENCE)
        .replace("XSS_NAME", _turtle_string(XSS_NAME))
        .replace("XSS_SENTENCE", _turtle_string(XSS_SENTENCE))
    )
    path.write_text(text, encoding="utf-8")
    return path


def page_for(store_path: Path, out_dir: Path, **kwargs: Any) -> Path:
    """Render the page of the store at `store_path` (any of our stores) into `out_dir`."""
    html = out_dir / "graph.html"
    render(graph_from_store(Store(store_path, read_only=True), **kwargs), html)
    return html


def clean(log: PageLog) -> None:
    assert log.errors == [] and log.console_errors == [], (log.errors, log.console_errors)
    assert log.remote_requests == [], log.remote_requests
    assert log.dialogs == []


def find_edge(page: Any, frm: str, to: str, relation: str | None = None) -> int:
    return page.evaluate(
        """([frm, to, rel]) => {
        const d = JSON.parse(document.getElementById("kg-data").textContent);
        const i = d.vis.edges.findIndex((e, i) => d.meta.nodes[e.from].label === frm &&
            d.meta.nodes[e.to].label === to && (!rel || d.meta.edges[i].label === rel ||
            d.meta.edges[i].predicate.endsWith(rel)));
        return i < 0 ? null : d.vis.edges[i].id; }""",
        [frm, to, relation],
    )


def click_edge(page: Any, edge_id: int) -> None:
    """Centre the edge, then click its midpoint with the real mouse."""
    page.evaluate(
        """(id) => { const e = window.network.body.edges[id];
        const p = e.edgeType.getPoint(0.5);
        window.network.moveTo({position: p, scale: 1.5, animation: false}); }""",
        edge_id,
    )
    page.wait_for_timeout(100)
    x, y = edge_midpoint(page, edge_id)
    page.mouse.click(x, y)
