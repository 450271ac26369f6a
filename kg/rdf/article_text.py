"""`article_quads` written straight as N-Quads text, for a build that loads the text anyway.

Why: making an `ox.Quad` whose object is a literal costs pyoxigraph about 2 µs (it tries the
object as an IRI and a blank node first), six times one whose object is an IRI, and more than
half of an article graph's quads have a literal object. A first build made every quad of every
article graph only to serialize it again (docs/scaling.md, "Stop 38"). The text states the
same quads as `kg.rdf.article.article_quads` (tests/rdf/test_article_text.py parses one and
compares it with the other), in the same order; IRIs are checked as `article_quads` checks
them (the graph's, and an article URL, through `ox.NamedNode`), the rest are minted from
checked parts.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.mint import article_iri, entity_iri, graph_iri, statement_iri
from kg.model import Article, Extraction, Fact, Qualifier
from kg.rdf.article import described_facts, published_literal
from kg.rdf.terms import (
    DCTERMS,
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

_SPECIAL = re.compile(r'["\\\n\r]')
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}


def _iri(node: ox.NamedNode) -> str:
    return f"<{node.value}>"


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
_DATE_KIND = {10: "date", 7: "gYearMonth", 4: "gYear"}


def text(value: str) -> str:
    """A string as the inside of an N-Quads literal's quotes."""
    return value.translate(_ESCAPES) if _SPECIAL.search(value) else value


def _term(node: ox.NamedNode | ox.Literal) -> str:
    return str(node)  # pyoxigraph writes a term as N-Triples does


def article_nquads(extraction: Extraction, *, base: str) -> tuple[str, int]:
    """The N-Quads of `article_quads(extraction, base=base)`, and how many quads they are."""
    a = extraction.article
    g = f" {_iri(ox.NamedNode(graph_iri(a.id, base)))} .\n"
    lines = _article_lines(a, base, extraction.decisions)
    by_key: dict[str, list[tuple[bool, str, str]]] = {}
    for lab in extraction.labels:
        by_key.setdefault(lab.key, []).append((lab.alt, lab.text, lab.lang))
    for ent in extraction.entities:
        e = f"<{entity_iri(ent.key, base)}> "
        lines.append(f"{e}{_TYPE} {_iri(kgo_term(ent.type))}")
        lines += [
            f'{e}{_ALTERNATIVE if alt else _PREF} "{text(t)}"@{lang}'
            for alt, t, lang in by_key.get(ent.key, ())
        ]
        if ent.iso:
            lines.append(f'{e}{_ISO_CODE} "{text(ent.iso)}"')
        if ent.same_as:
            lines.append(f"{e}{_SAME} {_iri(ox.NamedNode(ent.same_as))}")
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
            out.append(f"{node}<{SCHEMA}url> {_iri(ox.NamedNode(a.url))}")
        except ValueError:  # not a valid IRI: kept as text, as `article_quads` keeps it
            out.append(f'{node}<{SCHEMA}url> "{text(a.url)}"')
    if a.published:
        lit = _term(published_literal(a.published))
        out += [f"{node}<{DCTERMS}issued> {lit}", f"{node}<{DCTERMS}created> {lit}"]
    if a.dateline:
        out.append(f'{node}<{KGO.dateline}> "{text(a.dateline)}"')
    if a.dateline_place:
        out.append(f'{node}<{KGO.datelinePlace}> "{text(a.dateline_place)}"')
    out += [f'{node}<{KGO.resolution}> "{text(n)}"' for n in notes]
    return out


def _fact_lines(out: list[str], f: Fact, st: str, node: str, base: str) -> None:
    s, o = f"<{entity_iri(f.subject.key, base)}>", f"<{entity_iri(f.object.key, base)}>"
    p = _iri(kgo_term(f.predicate))
    conf = f"{max(0.0, min(1.0, f.confidence)):.3f}"
    out += [
        f"{st}{_TYPE} {_STMT}",
        f"{st}{_SUBJECT} {s}",
        f"{st}{_PREDICATE} {p}",
        f"{st}{_OBJECT} {o}",
        f"{st}{_FROM} {node}",
        f'{st}{_EVID} "{text(f.sentence)}"',
        f'{st}{_BEGIN} "{f.start}"{_INTEGER}',
        f'{st}{_FINISH} "{f.end}"{_INTEGER}',
        f'{st}{_CONFIDENCE} "{conf}"{_DECIMAL}',
        f"{st}{_MODE} {_iri(kgo_term(f.modality))}",
        f'{st}{_BY} "{text(f.extractor)}"',
    ]
    out += [f"{st}{pred} {obj}" for pred, obj in _qualifier_lines(f.qualifiers)]
    if f.modality != "Negated":  # a negated fact exists only as its statement
        out.append(f"{s} {p} {o}")


def _qualifier_lines(quals: tuple[Qualifier, ...]) -> list[tuple[str, str]]:
    """`kg.rdf.article.qualifier_terms`, as text."""
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
            kind = _DATE_KIND.get(len(x.value), "string")
            out.append((_QUALIFIER[x.kind], f"{v}^^<{XSD}{kind}>"))
    return out
