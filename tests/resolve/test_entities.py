"""kg.resolve.entities: resolution decides which nodes an article's graph describes, their types
and public identifiers; the rdf stage writes exactly those (real resolver, real place index)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.model import Article, Entity, Extraction, Fact, Label, Mention
from kg.rdf import article_quads
from kg.resolve import Resolver
from kg.resolve.entities import described

TEXT = "Volkswagen will build a battery plant in Munich, Germany, with cells from Acme."
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
ISO_CODE = "http://kg.example.org/ontology#isoCode"


def at(surface: str, etype: str, key: str) -> Mention:
    start = TEXT.index(surface)
    return Mention(surface, start, start + len(surface), etype, surface, key)


def resolved() -> Extraction:
    a = Article("e1", TEXT, "en")
    vw = at("Volkswagen", "Organization", "name:volkswagen")
    munich = at("Munich", "Place", "name:munich")
    germany = at("Germany", "Country", "name:germany")
    acme = at("Acme", "Organization", "name:acme")
    facts = (Fact("e1", vw, "buysFrom", acme, "Planned", 0.8, TEXT, 0, len(TEXT), "test"),)
    return Resolver().resolve(Extraction(a, (vw, munich, germany, acme), facts))


def test_places_carry_their_geonames_and_iso_identity() -> None:
    by_key = {e.key: e for e in resolved().entities}
    germany = by_key["country/germany"]
    assert (germany.type, germany.iso) == ("Country", "DE")
    assert germany.same_as == "https://sws.geonames.org/2921044/"
    munich = by_key["place/munich"]
    assert munich.iso is None and munich.same_as.startswith("https://sws.geonames.org/")
    assert by_key["organization/acme"] == Entity("organization/acme", "Organization")


def test_every_entity_has_an_english_label_and_unresolved_mentions_are_no_entity() -> None:
    a = Article("e2", "The automaker buys cells from Acme.", "en")
    ref = Mention("The automaker", 0, 13, "Organization", "automaker", "ref:0")
    acme = Mention("Acme", 30, 34, "Organization", "Acme", "organization/acme")
    f = Fact("e2", ref, "buysFrom", acme, "Asserted", 0.9, a.text, 0, 35, "test")
    ex = described(Extraction(a, (ref, acme), (f,)))
    assert [e.key for e in ex.entities] == ["organization/acme"]
    for each in (ex, resolved()):
        english = {lab.key for lab in each.labels if not lab.alt and lab.lang == "en"}
        assert {e.key for e in each.entities} <= english


def test_rdf_writes_the_identities_it_is_handed_and_nothing_else() -> None:
    ex = resolved()
    quads = article_quads(ex)
    same = {
        (q.subject.value.rsplit("/", 1)[-1], q.object.value)
        for q in quads
        if q.predicate.value == OWL_SAME_AS
    }
    assert ("germany", "https://sws.geonames.org/2921044/") in same
    assert [q.object.value for q in quads if q.predicate.value == ISO_CODE] == ["DE"]
    # An identity resolution did not decide is not written, whatever the key looks like.
    bare = Extraction(
        ex.article,
        ex.mentions,
        ex.facts,
        labels=(Label("country/germany", "Germany", "en"),),
        entities=(Entity("country/germany", "Country"),),
    )
    written = {q.predicate.value for q in article_quads(bare)}
    assert OWL_SAME_AS not in written and ISO_CODE not in written
    handed = Entity("organization/acme", "Organization", same_as="https://example.org/acme")
    quads = article_quads(Extraction(ex.article, entities=(handed,)))
    assert (
        ox.Quad(
            ox.NamedNode("http://kg.example.org/entity/organization/acme"),
            ox.NamedNode(OWL_SAME_AS),
            ox.NamedNode("https://example.org/acme"),
            ox.NamedNode("http://kg.example.org/graph/e1"),
        )
        in quads
    )
