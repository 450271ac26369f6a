"""`article_nquads` states exactly the quads of `article_quads`, in their order, for articles
whose text needs escaping, every kind of qualifier, negated facts and odd article fields."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.model import Article, Entity, Extraction, Fact, Label, Mention, Qualifier
from kg.rdf import article_quads
from kg.rdf.article_text import article_nquads

B = "http://kg.example.org/"
TEXT = 'Arcton said "we\\they" would buy\nBelmora\r\tfor €2 bn. Ärger in Köln.'


def _fact(s: Mention, p: str, o: Mention, modality: str, quals: tuple[Qualifier, ...]) -> Fact:
    return Fact("a1", s, p, o, modality, 1.2, TEXT, 0, len(TEXT), "kg.extract.svo.v1", quals)


def _extraction(article: Article) -> Extraction:
    arc = Mention("Arcton", 0, 6, "Organization", "Arcton", "organization/arcton")
    bel = Mention("Belmora", 33, 40, "Organization", "Belmora", "organization/belmora")
    koln = Mention("Köln", 63, 67, "Place", "Köln", "place/köln city")
    quals = (
        Qualifier("amount", "2000000000", "EUR"),
        Qualifier("amount", "5"),
        Qualifier("stake", "20"),
        Qualifier("capacity", "40", "GWh"),
        Qualifier("capacity", "7"),
        Qualifier("duration", "P10Y"),
        Qualifier("eventDate", "2024-06-11"),
        Qualifier("expectedBy", "2026-03"),
        Qualifier("eventDate", "2026"),
        Qualifier("eventDate", "soon"),
        Qualifier("unknownKind", "x"),
    )
    facts = (
        _fact(arc, "acquires", bel, "Planned", quals),
        _fact(bel, "locatedIn", koln, "Negated", ()),
        _fact(
            arc,
            "suppliesTo",
            Mention("X", 1, 2, "Organization", "X", "organization/x"),
            "Asserted",
            (),
        ),
    )
    entities = (
        Entity("organization/arcton", "Organization"),
        Entity("organization/belmora", "Organization"),
        Entity("place/köln city", "Place", same_as="https://sws.geonames.org/2886242/", iso="DE"),
    )
    labels = (
        Label("organization/arcton", 'Arcton "the \\ firm"', "en"),
        Label("organization/arcton", "Arcton\nline", "en", alt=True),
        Label("place/köln city", "Cologne", "en"),
        Label("place/köln city", "Köln", "de"),
        Label("place/köln city", "Köln", "de", alt=True),
    )
    notes = ("'Arcton' -> organization/arcton: \"gazetteer\"", "line\r\nbreak")
    return Extraction(article, (arc, bel, koln), facts, notes, labels, entities)


ARTICLES = [
    Article("a1", TEXT, "en"),
    Article(
        "a2",
        TEXT,
        "de",
        title='Title "quoted" \\ back',
        source="Wire\nService",
        url="https://example.com/a?b=1&c=ü",
        path="dir/in put.jsonl",
        line=7,
        published="2024-06-11",
        dateline='KÖLN, June 11 (Reuters) "x"',
        dateline_place="KÖLN",
    ),
    Article("a3", TEXT, "en", url="https://exa mple.com/<bad>", published="2024-06-11T10:00:00Z"),
    Article("a4", TEXT, "en", url="ftp://example.com/x", published="June 2024", path="x.txt"),
]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_the_text_states_the_quads_of_article_quads_in_order(article: Article) -> None:
    extraction = _extraction(article)
    text, count = article_nquads(extraction, base=B)
    expected = article_quads(extraction, base=B)
    assert list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)) == expected
    assert count == len(expected)
