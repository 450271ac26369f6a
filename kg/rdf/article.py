"""One resolved Extraction -> the quads of its article's named graph (model in ontology/README.md).

Writes what the earlier stages decided and decides nothing: which entities the graph describes,
their types, labels, alternative labels and GeoNames / ISO 3166 identifiers come from resolution
(`Extraction.entities` and `Extraction.labels`, `kg.resolve.entities`).

Terms are built with pyoxigraph directly: this runs once per article and must stay a small
fraction of the parse time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox

from kg.model import Article, Entity, Extraction, Fact, Label, Qualifier
from kg.rdf.terms import (
    DCTERMS,
    DEFAULT_BASE,
    KGO,
    OWL,
    PROV,
    QUALIFIER_PROPERTIES,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    article_iri,
    entity_iri,
    graph_iri,
    kgo_term,
    statement_iri,
)

_A = ox.NamedNode(RDF + "type")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJ, _PRED, _OBJ = (ox.NamedNode(RDF + n) for n in ("subject", "predicate", "object"))
_LABEL = ox.NamedNode(RDFS + "label")
_ALT = ox.NamedNode(SKOS + "altLabel")
_DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
_SAME_AS = ox.NamedNode(OWL + "sameAs")
_ISO = ox.NamedNode(KGO.isoCode)
_EVIDENCE, _START, _END, _CONF, _MODALITY, _EXTRACTOR, _INFERRED = (
    ox.NamedNode(KGO.term(n))
    for n in ("evidence", "start", "end", "confidence", "modality", "extractor", "inferred")
)
_INT = ox.NamedNode(XSD + "integer")
_DEC = ox.NamedNode(XSD + "decimal")
_BOOL = ox.NamedNode(XSD + "boolean")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


def decimal(x: float) -> ox.Literal:
    return ox.Literal(f"{max(0.0, min(1.0, x)):.3f}", datatype=_DEC)


def _article_quads(a: Article, g: ox.NamedNode, base: str, notes: tuple[str, ...]) -> list[ox.Quad]:
    node = article_iri(a.id, base)
    q = [
        ox.Quad(node, _A, ox.NamedNode(KGO.Article), g),
        ox.Quad(node, ox.NamedNode(DCTERMS + "identifier"), ox.Literal(a.id), g),
        ox.Quad(node, ox.NamedNode(DCTERMS + "language"), ox.Literal(a.lang), g),
        ox.Quad(node, ox.NamedNode(KGO.origin), ox.Literal(a.origin), g),
    ]
    if a.title:
        q.append(ox.Quad(node, ox.NamedNode(DCTERMS + "title"), ox.Literal(a.title), g))
    if a.source:
        q.append(ox.Quad(node, ox.NamedNode(DCTERMS + "publisher"), ox.Literal(a.source), g))
    if a.path:
        path = f"{a.path}:{a.line}" if a.line else a.path
        q.append(ox.Quad(node, ox.NamedNode(KGO.sourcePath), ox.Literal(path), g))
    if a.url and a.url.startswith(("http://", "https://")):
        try:
            q.append(ox.Quad(node, ox.NamedNode(SCHEMA + "url"), ox.NamedNode(a.url), g))
        except ValueError:  # not a valid IRI: keep it as text rather than lose it
            q.append(ox.Quad(node, ox.NamedNode(SCHEMA + "url"), ox.Literal(a.url), g))
    if a.published:
        lit = published_literal(a.published)
        q.append(ox.Quad(node, ox.NamedNode(DCTERMS + "issued"), lit, g))
        # dcterms:created is the date queries filter on ("deals by year"); same value.
        q.append(ox.Quad(node, ox.NamedNode(DCTERMS + "created"), lit, g))
    if a.dateline:
        q.append(ox.Quad(node, ox.NamedNode(KGO.dateline), ox.Literal(a.dateline), g))
    if a.dateline_place:
        q.append(ox.Quad(node, ox.NamedNode(KGO.datelinePlace), ox.Literal(a.dateline_place), g))
    note = ox.NamedNode(KGO.resolution)
    q.extend(ox.Quad(node, note, ox.Literal(n), g) for n in notes)
    return q


def published_literal(published: str) -> ox.Literal:
    """An article's publication date as its graph states it: typed when it is a date or a
    date-time, else plain text."""
    dtype = (
        "date"
        if _DATE_RE.match(published)
        else ("dateTime" if _DATETIME_RE.match(published) else None)
    )
    return (
        ox.Literal(published, datatype=ox.NamedNode(XSD + dtype))
        if dtype
        else ox.Literal(published)
    )


def _entity_quads(
    entities: tuple[Entity, ...], labels: tuple[Label, ...], g: ox.NamedNode, base: str
) -> list[ox.Quad]:
    """Type, labels and public identifiers of each entity, as resolution decided them
    (`Extraction.entities`, `Extraction.labels`)."""
    by_key: dict[str, list[Label]] = {}
    for lab in labels:
        by_key.setdefault(lab.key, []).append(lab)
    out: list[ox.Quad] = []
    for ent in entities:
        e = entity_iri(ent.key, base)
        out.append(ox.Quad(e, _A, kgo_term(ent.type), g))
        out.extend(
            ox.Quad(e, _ALT if lab.alt else _LABEL, ox.Literal(lab.text, language=lab.lang), g)
            for lab in by_key.get(ent.key, ())
        )
        if ent.iso:
            out.append(ox.Quad(e, _ISO, ox.Literal(ent.iso), g))
        if ent.same_as:
            out.append(ox.Quad(e, _SAME_AS, ox.NamedNode(ent.same_as), g))
    return out


def _fact_quads(
    f: Fact, n: int, a: Article, g: ox.NamedNode, base: str, node: ox.NamedNode
) -> list[ox.Quad]:
    """The statement of the article's (`node`) `n`th fact, and its triple unless negated."""
    s, o = entity_iri(f.subject.key, base), entity_iri(f.object.key, base)
    p = kgo_term(f.predicate)
    st = statement_iri(a.id, n, base)
    q = [
        ox.Quad(st, _A, _STATEMENT, g),
        ox.Quad(st, _SUBJ, s, g),
        ox.Quad(st, _PRED, p, g),
        ox.Quad(st, _OBJ, o, g),
        ox.Quad(st, _DERIVED, node, g),
        ox.Quad(st, _EVIDENCE, ox.Literal(f.sentence), g),
        ox.Quad(st, _START, ox.Literal(str(f.start), datatype=_INT), g),
        ox.Quad(st, _END, ox.Literal(str(f.end), datatype=_INT), g),
        ox.Quad(st, _CONF, decimal(f.confidence), g),
        ox.Quad(st, _MODALITY, kgo_term(f.modality), g),
        ox.Quad(st, _EXTRACTOR, ox.Literal(f.extractor), g),
    ]
    q.extend(ox.Quad(st, pred, obj, g) for pred, obj in qualifier_terms(f.qualifiers))
    if f.modality != "Negated":  # a negated fact exists only as its statement
        q.append(ox.Quad(s, p, o, g))
    return q


_QUAL = {k: ox.NamedNode(KGO.term(k)) for k in QUALIFIER_PROPERTIES}
_DURATION = ox.NamedNode(XSD + "duration")


def date_literal(value: str) -> ox.Literal:
    """ "2024-06-11" xsd:date, "2026-03" xsd:gYearMonth, "2026" xsd:gYear."""
    kind = {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(value), "string")
    return ox.Literal(value, datatype=ox.NamedNode(XSD + kind))


def qualifier_terms(quals: tuple[Qualifier, ...]) -> list[tuple[ox.NamedNode, ox.Literal]]:
    """(property, value) pairs of a statement's qualifiers (ontology/README.md, Qualifiers)."""
    out: list[tuple[ox.NamedNode, ox.Literal]] = []
    for x in quals:
        if x.kind == "amount":
            out.append((_QUAL["amount"], ox.Literal(x.value, datatype=_DEC)))
            if x.unit:
                out.append((_QUAL["currency"], ox.Literal(x.unit)))
        elif x.kind == "stake":
            out.append((_QUAL["stakePercent"], ox.Literal(x.value, datatype=_DEC)))
        elif x.kind == "capacity":
            out.append((_QUAL["capacity"], ox.Literal(x.value, datatype=_DEC)))
            if x.unit:
                out.append((_QUAL["capacityUnit"], ox.Literal(x.unit)))
        elif x.kind == "duration":
            out.append((_QUAL["duration"], ox.Literal(x.value, datatype=_DURATION)))
        elif x.kind in ("eventDate", "expectedBy"):
            out.append((_QUAL[x.kind], date_literal(x.value)))
    return out


def article_quads(extraction: Extraction, *, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Every quad of the article's named graph, in a stable order: the article, the entities
    resolution described, and each fact between two of them."""
    a = extraction.article
    g = graph_iri(a.id, base)
    quads = _article_quads(a, g, base, extraction.decisions)
    quads += _entity_quads(extraction.entities, extraction.labels, g, base)
    node = article_iri(a.id, base)
    for n, f in described_facts(extraction):
        quads += _fact_quads(f, n, a, g, base, node)
    return quads


def described_facts(extraction: Extraction) -> Iterator[tuple[int, Fact]]:
    """The facts the article's graph states, with their numbers (`statement_iri`): those
    between two entities resolution described."""
    described = {e.key for e in extraction.entities}
    for n, f in enumerate(extraction.facts):
        if f.subject.key in described and f.object.key in described:
            yield n, f
