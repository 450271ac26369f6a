"""`kg.mint`: the one place names are minted (namespaces, IRIs, graph IRIs, entity keys, slugs)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import mint, places
from kg.mint import entity_key, key_is, slug
from kg.model import ENTITY_TYPES, TYPE_KEY_PREFIX


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Tromsø", "tromso"),
        ("Nykøbing Falster", "nykobing-falster"),
        ("Bærum", "baerum"),
        ("Œuvre", "oeuvre"),
        ("Südkorea", "sudkorea"),
        ("Großbritannien", "grossbritannien"),
        ("AT&T", "at-t"),
        ("  São Paulo! ", "sao-paulo"),
        ("東京", ""),
    ],
)
def test_slug(text: str, key: str) -> None:
    assert slug(text) == key


def test_places_key_their_places_with_the_same_slug() -> None:
    # The place index once had its own slug, which dropped "ø": "place/nykbing-falster".
    place = places.lookup("Nykøbing Falster")
    assert place is not None and place.key == entity_key("Place", slug("Nykøbing Falster"))
    assert place.iri == mint.geonames_iri(place.geonames) == f"{mint.GEONAMES}{place.geonames}/"


def test_entity_keys_start_with_their_types_segment() -> None:
    assert entity_key("Organization", "general-motors") == "organization/general-motors"
    assert entity_key("Facility", "a1", "battery-plant") == "facility/a1/battery-plant"
    assert entity_key("Widget", "x") == "thing/x"
    assert entity_key("Widget", "a1", "x", default="facility") == "facility/a1/x"
    for t in ENTITY_TYPES:
        assert key_is(entity_key(t, "x"), t) and TYPE_KEY_PREFIX[t] == t.lower()
    assert key_is("country/germany", "Country", "Place") and key_is("place/munich", "Place")
    assert not key_is("organization/place", "Place") and not key_is("country", "Country")


def test_iris_under_the_base() -> None:
    base = "https://data.example/kg/"
    assert mint.entity_iri("organization/at&t co", base) == f"{base}entity/organization/at%26t%20co"
    assert mint.entity_iri("x").startswith(mint.entity_namespace(mint.DEFAULT_BASE))
    assert mint.article_iri("a1", base) == f"{base}article/a1"
    assert mint.statement_iri("a1", 3, base) == f"{base}statement/a1/3"
    assert mint.graph_iri("a1", base) == f"{base}graph/a1" == mint.graph_namespace(base) + "a1"
    assert mint.inferred_graph(base) == f"{base}graph/inferred"
    assert mint.ontology_graph(base) == f"{base}graph/ontology"
    for name in mint.SPECIAL_GRAPHS:
        assert mint.is_graph(mint.graph_iri(name, base), name)
    assert not mint.is_graph(f"{base}graph/a1", "state")
    assert not mint.is_graph(f"{base}graph/xstate", "state")
    # Every minted IRI is one pyoxigraph accepts.
    for iri in (mint.entity_iri("place/são paulo <x>"), mint.pending_iri(("s", "p", "o"))):
        assert ox.NamedNode(iri).value == iri


def test_statements_of_inferred_triples_are_named_by_the_triple() -> None:
    t = ("http://a", mint.KGO.buysFrom, "http://b")
    one, other = mint.inferred_statement_iri(t), mint.inferred_statement_iri((*t[:2], "http://c"))
    assert one == mint.inferred_statement_iri(t) != other
    assert one.startswith(f"{mint.DEFAULT_BASE}statement/inferred/")
    assert mint.pending_iri(t).startswith(f"{mint.DEFAULT_BASE}pending/")


def test_the_prefix_map() -> None:
    assert list(mint.PREFIXES) == [
        "kgo",
        "rdf",
        "rdfs",
        "skos",
        "prov",
        "dcterms",
        "xsd",
        "owl",
        "schema",
    ]
    assert mint.PREFIXES["kgo"] == mint.KGO and type(mint.PREFIXES["kgo"]) is str
    assert mint.sparql_prologue("owl") == f"PREFIX owl: <{mint.OWL}>\n"
