"""One resolved Extraction -> its article's named graph (model in ontology/README.md), stated
once, as N-Quads text (`article_nquads`); `article_quads` is that text parsed.

Writes what the earlier stages decided and decides nothing: which entities the graph describes,
their types, labels, alternative labels and GeoNames / ISO 3166 identifiers come from resolution
(`Extraction.entities` and `Extraction.labels`, `kg.resolve.entities`).

Why text: a first build loads N-Quads anyway, and making an `ox.Quad` whose object is a literal
costs pyoxigraph about 2 µs (it tries the object as an IRI and a blank node first), six times
one whose object is an IRI, while more than half of an article graph's quads have a literal
object; parsing the text costs 1–1.6 µs a quad (docs/scaling.md, "Stop 38"). IRIs that come
from outside (the graph's, which holds the article id, an article URL, a `sameAs`) are checked
through `ox.NamedNode`; the rest are minted from checked parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox

from kg.mint import article_iri, entity_iri, graph_iri, statement_iri
from kg.model import Article, Extraction, Fact, Qualifier
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
    kgo_term,
)

_TYPE, _STMT, _SUBJECT, _PREDICATE, _OBJECT = (
    f"<{RDF}{n}>" for n in ("type", "Statement", "subject", "predicate", "object")
)
_FROM, _PREF, _ALTERNATIVE, _SAME = (
    f"<{PROV}wasDerivedFrom>",
    f"<{RDFS}label>",
    f"<{SKOS}altLabel>",
    f"<{OWL}sameAs>",
)
_ISO_CODE = f"<{KGO.isoCode}>"
_EVID, _BEGIN, _FINISH, _CONFIDENCE, _MODE, _BY = (
    f"<{KGO.term(n)}>" for n in ("evidence", "start", "end", "confidence", "modality", "extractor")
)
_INTEGER, _DECIMAL, _PERIOD = (f"^^<{XSD}{t}>" for t in ("integer", "decimal", "duration"))
_QUALIFIER = {k: f"<{KGO.term(k)}>" for k in QUALIFIER_PROPERTIES}
_DEC = ox.NamedNode(XSD + "decimal")
# Typed by form, not length: "Q3 2026" has the length of "2026-03" and is no gYearMonth: it
# stays text.
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_KINDS = (
    (_DATE_RE, "date"),
    (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth"),
    (re.compile(r"^\d{4}$"), "gYear"),
)
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_SPECIAL = re.compile(r'["\\\n\r]')
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}


def text(value: str) -> str:
    """A string as the inside of an N-Quads literal's quotes."""
    return value.translate(_ESCAPES) if _SPECIAL.search(value) else value


def _checked(iri: str) -> str:
    return f"<{ox.NamedNode(iri).value}>"  # ValueError if `iri` is not one


def _term(name: str) -> str:
    return f"<{kgo_term(name).value}>"


def article_quads(extraction: Extraction, *, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Every quad of the article's named graph, in a stable order: the article, the entities
    resolution described, and each fact between two of them."""
    return read_quads(article_nquads(extraction, base=base)[0])


def read_quads(nquads: str) -> list[ox.Quad]:
    """The quads of `article_nquads`'s text, in its order."""
    return list(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS))


def article_nquads(extraction: Extraction, *, base: str) -> tuple[str, int]:
    """The article's named graph as N-Quads, and how many quads it is (`article_quads`)."""
    a = extraction.article
    g = f" {_checked(graph_iri(a.id, base))} .\n"
    lines = _article_lines(a, base, extraction.decisions)
    by_key: dict[str, list[tuple[bool, str, str]]] = {}
    for lab in extraction.labels:
        by_key.setdefault(lab.key, []).append((lab.alt, lab.text, lab.lang))
    for ent in extraction.entities:
        e = f"<{entity_iri(ent.key, base)}> "
        lines.append(f"{e}{_TYPE} {_term(ent.type)}")
        lines += [
            f'{e}{_ALTERNATIVE if alt else _PREF} "{text(t)}"@{lang}'
            for alt, t, lang in by_key.get(ent.key, ())
        ]
        if ent.iso:
            lines.append(f'{e}{_ISO_CODE} "{text(ent.iso)}"')
        if ent.same_as:
            lines.append(f"{e}{_SAME} {_checked(ent.same_as)}")
    node = f"<{article_iri(a.id, base)}>"
    for n, f in described_facts(extraction):
        _fact_lines(lines, f, f"<{statement_iri(a.id, n, base)}> ", node, base)
    return g.join(lines) + g, len(lines)


def _article_lines(a: Article, base: str, notes: tuple[str, ...]) -> list[str]:
    node = f"<{article_iri(a.id, base)}> "
    out = [
        f"{node}{_TYPE} <{KGO.Article}>",
        f'{node}<{DCTERMS}identifier> "{text(a.id)}"',
        f'{node}<{DCTERMS}language> "{text(a.lang)}"',
        f'{node}<{KGO.origin}> "{text(a.origin)}"',
    ]
    if a.title:
        out.append(f'{node}<{DCTERMS}title> "{text(a.title)}"')
    if a.source:
        out.append(f'{node}<{DCTERMS}publisher> "{text(a.source)}"')
    if a.path:
        path = f"{a.path}:{a.line}" if a.line else a.path
        out.append(f'{node}<{KGO.sourcePath}> "{text(path)}"')
    if a.url and a.url.startswith(("http://", "https://")):
        try:
            out.append(f"{node}<{SCHEMA}url> {_checked(a.url)}")
        except ValueError:  # not a valid IRI: keep it as text rather than lose it
            out.append(f'{node}<{SCHEMA}url> "{text(a.url)}"')
    if a.published:
        kind = _published_kind(a.published)
        lit = f'"{text(a.published)}"' + (f"^^<{XSD}{kind}>" if kind else "")
        # dcterms:created is the date queries filter on ("deals by year"); same value.
        out += [f"{node}<{DCTERMS}issued> {lit}", f"{node}<{DCTERMS}created> {lit}"]
    if a.dateline:
        out.append(f'{node}<{KGO.dateline}> "{text(a.dateline)}"')
    if a.dateline_place:
        out.append(f'{node}<{KGO.datelinePlace}> "{text(a.dateline_place)}"')
    out += [f'{node}<{KGO.resolution}> "{text(n)}"' for n in notes]
    return out


def _fact_lines(out: list[str], f: Fact, st: str, node: str, base: str) -> None:
    """The statement (`st`) of a fact of the article (`node`), and its triple unless negated."""
    s, o = f"<{entity_iri(f.subject.key, base)}>", f"<{entity_iri(f.object.key, base)}>"
    p = _term(f.predicate)
    out += [
        f"{st}{_TYPE} {_STMT}",
        f"{st}{_SUBJECT} {s}",
        f"{st}{_PREDICATE} {p}",
        f"{st}{_OBJECT} {o}",
        f"{st}{_FROM} {node}",
        f'{st}{_EVID} "{text(f.sentence)}"',
        f'{st}{_BEGIN} "{f.start}"{_INTEGER}',
        f'{st}{_FINISH} "{f.end}"{_INTEGER}',
        f'{st}{_CONFIDENCE} "{_confidence(f.confidence)}"{_DECIMAL}',
        f"{st}{_MODE} {_term(f.modality)}",
        f'{st}{_BY} "{text(f.extractor)}"',
    ]
    out += [f"{st}{pred} {obj}" for pred, obj in _qualifier_lines(f.qualifiers)]
    if f.modality != "Negated":  # a negated fact exists only as its statement
        out.append(f"{s} {p} {o}")


def _qualifier_lines(quals: tuple[Qualifier, ...]) -> list[tuple[str, str]]:
    """(property, value) of a statement's qualifiers (ontology/README.md, Qualifiers)."""
    out: list[tuple[str, str]] = []
    for x in quals:
        v = f'"{text(x.value)}"'
        if x.kind == "amount":
            out.append((_QUALIFIER["amount"], v + _DECIMAL))
            if x.unit:
                out.append((_QUALIFIER["currency"], f'"{text(x.unit)}"'))
        elif x.kind == "stake":
            out.append((_QUALIFIER["stakePercent"], v + _DECIMAL))
        elif x.kind == "capacity":
            out.append((_QUALIFIER["capacity"], v + _DECIMAL))
            if x.unit:
                out.append((_QUALIFIER["capacityUnit"], f'"{text(x.unit)}"'))
        elif x.kind == "duration":
            out.append((_QUALIFIER["duration"], v + _PERIOD))
        elif x.kind in ("eventDate", "expectedBy"):
            out.append((_QUALIFIER[x.kind], f"{v}^^<{XSD}{_date_kind(x.value)}>"))
    return out


def _confidence(x: float) -> str:
    return f"{max(0.0, min(1.0, x)):.3f}"


def decimal(x: float) -> ox.Literal:
    """A confidence as the graph states it."""
    return ox.Literal(_confidence(x), datatype=_DEC)


def _date_kind(value: str) -> str:
    return next((kind for form, kind in _DATE_KINDS if form.match(value)), "string")


def date_literal(value: str) -> ox.Literal:
    """A date qualifier as the graph states it: "2024-06-11" xsd:date, "2026-03"
    xsd:gYearMonth, "2026" xsd:gYear."""
    return ox.Literal(value, datatype=ox.NamedNode(XSD + _date_kind(value)))


def _published_kind(published: str) -> str | None:
    if _DATE_RE.match(published):
        return "date"
    return "dateTime" if _DATETIME_RE.match(published) else None


def published_literal(published: str) -> ox.Literal:
    """An article's publication date as its graph states it: typed when it is a date or a
    date-time, else plain text."""
    kind = _published_kind(published)
    return (
        ox.Literal(published, datatype=ox.NamedNode(XSD + kind)) if kind else ox.Literal(published)
    )


def described_facts(extraction: Extraction) -> Iterator[tuple[int, Fact]]:
    """The facts the article's graph states, with their numbers (`statement_iri`): those
    between two entities resolution described."""
    described = {e.key for e in extraction.entities}
    for n, f in enumerate(extraction.facts):
        if f.subject.key in described and f.object.key in described:
            yield n, f
