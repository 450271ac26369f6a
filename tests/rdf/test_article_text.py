"""The article graph is stated once, as N-Quads text (`article_nquads`); `article_quads` is that
text parsed. The text parses and holds what it should for articles whose text needs escaping,
every kind of qualifier, negated facts, odd article fields and invalid URLs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.model import Article, Entity, Extraction, Fact, Label, Mention, Qualifier
from kg.rdf import article_quads
from kg.rdf.article import article_nquads, date_literal, decimal, published_literal

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
        Qualifier("eventDate", "later"),
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


KG = "http://kg.example.org/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(value, datatype=_n(XSD + datatype))
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def _about(quads: list[ox.Quad], subject: str) -> list[tuple[str, ox.Term]]:
    return [(q.predicate.value, q.object) for q in quads if q.subject == _n(subject)]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_the_text_parses_one_quad_a_line_in_the_article_graph(article: Article) -> None:
    extraction = _extraction(article)
    text, count = article_nquads(extraction, base=B)
    quads = article_quads(extraction, base=B)
    assert count == len(quads) == len(text.splitlines())
    assert {q.graph_name for q in quads} == {_n(f"{B}graph/{article.id}")}


def test_an_article_graph_holds_its_entities_with_text_escaped() -> None:
    quads = article_quads(_extraction(ARTICLES[0]), base=B)
    assert _about(quads, B + "article/a1") == [
        (RDF + "type", _n(KG + "Article")),
        (DCT + "identifier", _lit("a1")),
        (DCT + "language", _lit("en")),
        (KG + "origin", _lit(ARTICLES[0].origin)),
        (KG + "resolution", _lit("'Arcton' -> organization/arcton: \"gazetteer\"")),
        (KG + "resolution", _lit("line\r\nbreak")),
    ]
    label, alt = (
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#altLabel",
    )
    assert _about(quads, B + "entity/organization/arcton") == [
        (RDF + "type", _n(KG + "Organization")),
        (label, _lit('Arcton "the \\ firm"', lang="en")),
        (alt, _lit("Arcton\nline", lang="en")),
        # the triple of its one fact stated between described entities
        (KG + "acquires", _n(B + "entity/organization/belmora")),
    ]
    assert _about(quads, B + "entity/place/k%C3%B6ln%20city") == [
        (RDF + "type", _n(KG + "Place")),
        (label, _lit("Cologne", lang="en")),
        (label, _lit("Köln", lang="de")),
        (alt, _lit("Köln", lang="de")),
        (KG + "isoCode", _lit("DE")),
        ("http://www.w3.org/2002/07/owl#sameAs", _n("https://sws.geonames.org/2886242/")),
    ]
    assert not _about(quads, B + "entity/organization/x")  # not described by resolution


def test_a_statement_holds_its_fact_and_every_kind_of_qualifier() -> None:
    ex = _extraction(ARTICLES[0])
    quads = article_quads(ex, base=B)
    arc, bel = _n(B + "entity/organization/arcton"), _n(B + "entity/organization/belmora")
    assert _about(quads, B + "statement/a1/0") == [
        (RDF + "type", _n(RDF + "Statement")),
        (RDF + "subject", arc),
        (RDF + "predicate", _n(KG + "acquires")),
        (RDF + "object", bel),
        ("http://www.w3.org/ns/prov#wasDerivedFrom", _n(B + "article/a1")),
        (KG + "evidence", _lit(TEXT)),
        (KG + "start", _lit("0", "integer")),
        (KG + "end", _lit(str(len(TEXT)), "integer")),
        (KG + "confidence", _lit("1.000", "decimal")),  # 1.2 clamped
        (KG + "modality", _n(KG + "Planned")),
        (KG + "extractor", _lit("kg.extract.svo.v1")),
        (KG + "amount", _lit("2000000000", "decimal")),
        (KG + "currency", _lit("EUR")),
        (KG + "amount", _lit("5", "decimal")),
        (KG + "stakePercent", _lit("20", "decimal")),
        (KG + "capacity", _lit("40", "decimal")),
        (KG + "capacityUnit", _lit("GWh")),
        (KG + "capacity", _lit("7", "decimal")),
        (KG + "duration", _lit("P10Y", "duration")),
        (KG + "eventDate", _lit("2024-06-11", "date")),
        (KG + "expectedBy", _lit("2026-03", "gYearMonth")),
        (KG + "eventDate", _lit("2026", "gYear")),
        (KG + "eventDate", _lit("later")),  # an unknown kind of qualifier is left out
    ]
    # What the statements and rules make of the same values (`kg.rdf.statements`) is what the
    # graph says.
    said = dict(_about(quads, B + "statement/a1/0"))
    assert said[KG + "confidence"] == decimal(ex.facts[0].confidence)
    assert date_literal("2026-03") == _lit("2026-03", "gYearMonth")


def test_a_date_is_typed_by_its_form_not_its_length() -> None:
    assert date_literal("2024-06-11") == _lit("2024-06-11", "date")
    assert date_literal("2026") == _lit("2026", "gYear")
    # seven characters, as "2026-03", but no year and month: text, never an invalid gYearMonth
    assert date_literal("Q3 2026") == _lit("Q3 2026", "string")
    assert date_literal("2026/03") == _lit("2026/03", "string")


def test_a_negated_fact_is_only_its_statement() -> None:
    quads = article_quads(_extraction(ARTICLES[0]), base=B)
    bel, koln = B + "entity/organization/belmora", B + "entity/place/k%C3%B6ln%20city"
    assert (KG + "modality", _n(KG + "Negated")) in _about(quads, B + "statement/a1/1")
    assert (KG + "locatedIn", _n(koln)) not in _about(quads, bel)
    assert not _about(quads, B + "statement/a1/2")  # its object was not described


def test_odd_article_fields_are_kept_and_typed() -> None:
    a2, a3, a4 = (article_quads(_extraction(a), base=B) for a in ARTICLES[1:])
    assert _about(a2, B + "article/a2")[4:11] == [
        (DCT + "title", _lit('Title "quoted" \\ back')),
        (DCT + "publisher", _lit("Wire\nService")),
        (KG + "sourcePath", _lit("dir/in put.jsonl:7")),
        ("http://schema.org/url", _n("https://example.com/a?b=1&c=ü")),
        (DCT + "issued", _lit("2024-06-11", "date")),
        (DCT + "created", _lit("2024-06-11", "date")),
        (KG + "dateline", _lit('KÖLN, June 11 (Reuters) "x"')),
    ]
    assert (KG + "datelinePlace", _lit("KÖLN")) in _about(a2, B + "article/a2")
    # An invalid URL is kept as text; a date-time is typed, other dates are text.
    on3 = _about(a3, B + "article/a3")
    assert ("http://schema.org/url", _lit("https://exa mple.com/<bad>")) in on3
    assert (DCT + "issued", _lit("2024-06-11T10:00:00Z", "dateTime")) in on3
    on4 = _about(a4, B + "article/a4")
    assert not [p for p, _ in on4 if p == "http://schema.org/url"]  # not a web URL
    assert (DCT + "created", _lit("June 2024")) in on4
    assert (KG + "sourcePath", _lit("x.txt")) in on4
    for quads, article in zip((a2, a3, a4), ARTICLES[1:], strict=True):
        issued = dict(_about(quads, B + f"article/{article.id}"))[DCT + "issued"]
        assert issued == published_literal(article.published)


def test_an_invalid_same_as_is_refused() -> None:
    ex = _extraction(ARTICLES[0])
    bad = Entity("organization/arcton", "Organization", same_as="not an iri")
    with pytest.raises(ValueError):
        article_nquads(Extraction(ex.article, ex.mentions, (), (), (), (bad,)), base=B)
