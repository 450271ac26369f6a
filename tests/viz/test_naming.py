"""kg/viz/naming.py: the page names a facility by its operators and place, from the graph, so
no two plants look alike (issue 25). Read through the real graph builder from an RDF file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.viz import graph_from_rdf, page_html
from kg.viz.naming import display_names

PREFIXES = """@prefix kgo: <http://kg.example.org/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix e: <http://kg.example.org/entity/> .
"""
ENTITIES = {
    "organization/lges": ("Organization", "LG Energy Solution"),
    "organization/tdk": ("Organization", "TDK"),
    "organization/bmw": ("Organization", "BMW"),
    "organization/tesla": ("Organization", "Tesla"),
    "organization/catl": ("Organization", "CATL"),
    "place/holland": ("Place", "Holland"),
    "place/michigan": ("Place", "Michigan"),
    "country/hungary": ("Country", "Hungary"),
    "country/poland": ("Country", "Poland"),
    "country/germany": ("Country", "Germany"),
    "product/nmc": ("Product", "NMC cells"),
    "product/lfp": ("Product", "LFP cells"),
    "facility/a1/plant": ("Facility", "plant"),
    "facility/a2/plant": ("Facility", "plant"),
    "facility/a3/plant": ("Facility", "plant"),
    "facility/a4/battery-plant": ("Facility", "battery plant"),
    "facility/a5/battery-plant": ("Facility", "battery plant"),
    "facility/a6/gigafactory-berlin": ("Facility", "Gigafactory Berlin"),
    "facility/a7/tesla-gigafactory": ("Facility", "Tesla Gigafactory"),
    "facility/a8/plant": ("Facility", "plant"),
    "facility/a9/plant": ("Facility", "plant"),
}
FACTS = [
    ("organization/lges", "operates", "facility/a1/plant"),
    ("facility/a1/plant", "locatedIn", "place/holland"),
    ("place/holland", "locatedIn", "place/michigan"),
    # Two TDK plants in Hungary: told apart by what they make.
    ("organization/tdk", "operates", "facility/a2/plant"),
    ("facility/a2/plant", "locatedIn", "country/hungary"),
    ("facility/a2/plant", "produces", "product/nmc"),
    ("organization/tdk", "operates", "facility/a3/plant"),
    ("facility/a3/plant", "locatedIn", "country/hungary"),
    ("facility/a3/plant", "produces", "product/lfp"),
    # Two BMW and CATL plants in Poland with nothing else to tell them apart: numbered.
    ("facility/a4/battery-plant", "operatedBy", "organization/bmw"),
    ("organization/catl", "operates", "facility/a4/battery-plant"),
    ("facility/a4/battery-plant", "locatedIn", "country/poland"),
    ("organization/bmw", "operates", "facility/a5/battery-plant"),
    ("organization/catl", "operates", "facility/a5/battery-plant"),
    ("facility/a5/battery-plant", "locatedIn", "country/poland"),
    # A proper name keeps its words; the operator is not said twice.
    ("organization/tesla", "operates", "facility/a6/gigafactory-berlin"),
    ("facility/a6/gigafactory-berlin", "locatedIn", "country/germany"),
    ("organization/tesla", "operates", "facility/a7/tesla-gigafactory"),
    # Nothing known at all but a partner: the label, then a number.
    ("organization/catl", "partnersWith", "facility/a8/plant"),
    ("organization/catl", "partnersWith", "facility/a9/plant"),
]


def _e(key: str) -> str:
    return "e:" + key.replace("/", "\\/")


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    lines = [PREFIXES]
    for key, (kind, label) in ENTITIES.items():
        lines.append(f'{_e(key)} a kgo:{kind} ; rdfs:label "{label}"@en .')
    for s, p, o in FACTS:
        lines.append(f"{_e(s)} kgo:{p} {_e(o)} .")
    path = tmp_path_factory.mktemp("naming") / "facilities.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return graph_from_rdf(path)


def _by_key(g: nx.MultiDiGraph) -> dict[str, str]:
    names = display_names(g)
    return {str(v).split("/entity/", 1)[1]: names[v] for v in g}


def test_facilities_named_by_operator_and_place(graph: nx.MultiDiGraph) -> None:
    names = _by_key(graph)
    assert names["facility/a1/plant"] == "LG Energy Solution plant, Holland, Michigan"
    assert names["facility/a2/plant"] == "TDK plant, Hungary (NMC cells)"
    assert names["facility/a3/plant"] == "TDK plant, Hungary (LFP cells)"
    assert names["facility/a6/gigafactory-berlin"] == "Tesla Gigafactory Berlin, Germany"
    assert names["facility/a7/tesla-gigafactory"] == "Tesla Gigafactory"


def test_no_two_facilities_share_a_name(graph: nx.MultiDiGraph) -> None:
    names = _by_key(graph)
    pair = {names["facility/a4/battery-plant"], names["facility/a5/battery-plant"]}
    # operatedBy from the facility counts as much as operates towards it; the operator with
    # more links comes first.
    assert pair == {
        "CATL and BMW battery plant, Poland",
        "CATL and BMW battery plant, Poland (2)",
    }
    assert {names["facility/a8/plant"], names["facility/a9/plant"]} == {"plant", "plant (2)"}
    facilities = [n for k, n in names.items() if k.startswith("facility/")]
    assert len(set(facilities)) == len(facilities)
    # Everything else keeps its own label.
    assert names["place/holland"] == "Holland" and names["organization/tdk"] == "TDK"


def test_the_page_keeps_the_label_findable(graph: nx.MultiDiGraph) -> None:
    html, _ = page_html(graph)
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert data is not None
    meta = json.loads(data.group(1))["meta"]
    lges = next(m for m in meta["nodes"] if m["iri"].endswith("facility/a1/plant"))
    assert lges["label"] == "LG Energy Solution plant, Holland, Michigan"
    assert lges["aliases"][0] == "plant"  # search for "plant" still finds it
    tdk = next(m for m in meta["nodes"] if m["label"] == "TDK")
    assert "TDK" not in tdk["aliases"]


def test_a_graph_without_facilities_is_named_by_its_labels(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", label="Alice")
    g.add_node("b")
    assert display_names(g) == {"a": "Alice", "b": "b"}
