"""The guard's reading of SPARQL (kg.serve.canonical): the canonical text it writes is what the
engine runs, so it must mean what the client's text means to Oxigraph and leave nothing to be
read two ways."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, QueryTooDeep
from kg.serve.canonical import MAX_CHAIN, MAX_DEPTH, read, resolve

PREFIXES = {"ex": "http://ex.example/", "": "http://default.example/"}


def canonical(text: str) -> str:
    return read(text, PREFIXES).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Comments go; a comment ends at \r as at \n (SPARQL's rule, and Oxigraph's).
        ("ASK { } # SERVICE <x> {}", "ASK { }"),
        ("SELECT * { ?s ?p ?o } # x\r FILTER(?o)", "SELECT * { ?s ?p ?o }\nFILTER(?o)"),
        ("ASK {}#x\r\n#y\n{}", "ASK {}\n\n{}"),
        # Escapes are decoded once: inside strings and IRIs as characters of the value...
        ('ASK { ?s ?p "a\\u0022b" }', 'ASK { ?s ?p "a\\"b" }'),
        ('ASK { ?s ?p """a\\u005C""" } # """', 'ASK { ?s ?p "a\\\\" }'),
        ("ASK { ?s ?p <http://a.example/\\u0078> }", "ASK { ?s ?p <http://a.example/x> }"),
        # ... outside them as letters of a name, which then must be a keyword or a name.
        ("\\u0041SK {}", "ASK {}"),
        # Long strings become short ones; their line breaks stay lines.
        ('ASK { ?s ?p """a\nb""" }', 'ASK { ?s ?p "a\\nb"\n}'),
        ("ASK { ?s ?p '''it's''' }", "ASK { ?s ?p \"it's\" }"),
        # Names are expanded and PREFIX/BASE spent: the text has no prefixed name left.
        ("PREFIX ex: <http://other.example/> ASK { ?s ex:p :o }",
         "ASK { ?s <http://other.example/p> <http://default.example/o> }"),
        ("BASE <http://b.example/x/> ASK { <../y> ?p <#f> }",
         "ASK { <http://b.example/y> ?p <http://b.example/x/#f> }"),
        ("ASK { ?s ex:a\\.b ?o }", "ASK { ?s <http://ex.example/a.b> ?o }"),
        # Keywords in capitals, `a` and `true` as they are; spacing as written.
        ("select*where{?s a ?o;?p true.}", "SELECT*WHERE{?s a ?o;?p true.}"),
        ("ASK{FILTER(?a<?b&&?c>-1)}", "ASK{FILTER(?a<?b&&?c>-1)}"),
        ('SELECT * { ?s ?p "x"@en-GB , "y"^^ex:t , -1.5e3 , .5 }',
         'SELECT * { ?s ?p "x"@en-GB , "y"^^<http://ex.example/t> , -1.5e3 , .5 }'),
        # An undeclared `SERVICE:x` is read as Oxigraph reads it: the keyword, then `:x`.
        ("ASK { SERVICE:x {} }", "ASK { SERVICE<http://default.example/x> {} }"),
    ],
)  # fmt: skip
def test_canonical_text(text: str, expected: str) -> None:
    assert canonical(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("SELECT * { ?s ?p 1SERVICE<http://x>{} }", "number must be separated"),
        ("ASKFROM<http://x>{}", "unknown word"),
        ("SELEKT * {}", "unknown word"),
        ("ASK { ?s ?p nope:x }", "unknown prefix nope:"),
        ("ASK { ?s ?p <http://a\\u0020b> }", "no IRI may hold"),
        ("ASK { ?s ?p <http://a\\u003E> }", "no IRI may hold"),
        ('ASK { ?s ?p "\\uD800" }', "escape of no character"),
        ('ASK { ?s ?p "a\\qb" }', "unknown escape"),
        ('ASK { ?s ?p "a\nb" }', "line break in a short string"),
        ('ASK { ?s ?p "open }', "never closed"),
        ("\\u003CASK {}", "unknown word"),
        ("ASK { } }", "closes nothing"),
        ("ASK { PREFIX ex: <http://x> }", "PREFIX may only open"),
        ("ASK { ?s ?p ?o } \u00a0", "unexpected character"),
    ],
)
def test_malformed_text_is_refused_with_its_place(text: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason) as info:
        read(text, PREFIXES)
    assert str(info.value).startswith("malformed SPARQL at line 1, column ")


def test_line_numbers_survive() -> None:
    text = "PREFIX ex: <http://x/>\n# comment\nSELECT * {\n  ?s ?p '''a\nb''' .\n  ?s ?p ?o .\n}"
    out = canonical(text)
    assert out.count("\n") == text.count("\n")
    assert out.splitlines()[5].strip() == "?s ?p ?o ."


def test_depth_and_chains_are_bounded_before_any_parser() -> None:
    ok = "SELECT * " + "{ " * MAX_DEPTH + "}" * MAX_DEPTH
    assert read(ok).max_depth == MAX_DEPTH
    for text in (
        "SELECT * " + "{ " * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1),
        "SELECT * " + "{" * 10_000 + "}" * 10_000,
        "ASK { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "ASK { ?s ?p " + "[ ?p " * 10_000 + "1" + " ]" * 10_000 + " }",
        "SELECT * { " + " UNION ".join(["{}"] * (MAX_CHAIN + 2)) + " }",
        "ASK { FILTER(" + "+".join(["1"] * (MAX_CHAIN + 2)) + ") }",
        # ... chains nested in chains count together: the engine recurses through all of them.
        "SELECT * { " + ("{} UNION " * 1000 + "{ ") * 3 + "}" * 3 + " }",
    ):
        with pytest.raises(QueryTooDeep, match="nested too deeply") as info:
            read(text)
        assert info.value.http_status == 400
    # As many as the limit, and VALUES lists of any length (flat in the engine), are read.
    read("ASK { " + " UNION ".join(["{}"] * (MAX_CHAIN + 1)) + " }")
    read("SELECT * { VALUES ?x { " + "1 " * 50_000 + "} }")


def test_canonical_text_runs_in_oxigraph_as_the_original_does() -> None:
    store = ox.Store()
    ex = "http://ex.example/"
    store.add(ox.Quad(ox.NamedNode(ex + "s"), ox.NamedNode(ex + "p"), ox.Literal('a"b\\c')))
    store.add(
        ox.Quad(ox.NamedNode(ex + "s"), ox.NamedNode(ex + "q"), ox.Literal("x", language="en"))
    )
    for text in (
        'SELECT ?o { ?s ex:p ?o FILTER(?o = "a\\u0022b\\\\c") }',
        "SELECT ?o { ?s ex:p ?o FILTER(?o = '''a\"b\\\\c''') } # \"\"\"",
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o } # x\r GROUP BY ?s",
        'SELECT ?o { ?s <http://ex.example/\\u0071> ?o FILTER(LANGMATCHES(LANG(?o), "EN")) }',
    ):
        original = [str(r) for r in store.query(text, prefixes=PREFIXES)]
        again = [str(r) for r in store.query(canonical(text))]
        assert original == again and original, text


def test_resolve_follows_rfc_3986() -> None:
    base = "http://a/b/c/d;p?q"
    # The normal and abnormal examples of RFC 3986 section 5.4.
    for ref, target in {
        "g:h": "g:h",
        "g": "http://a/b/c/g",
        "./g": "http://a/b/c/g",
        "g/": "http://a/b/c/g/",
        "/g": "http://a/g",
        "//g": "http://g",
        "?y": "http://a/b/c/d;p?y",
        "g?y": "http://a/b/c/g?y",
        "#s": "http://a/b/c/d;p?q#s",
        "": "http://a/b/c/d;p?q",
        ".": "http://a/b/c/",
        "..": "http://a/b/",
        "../g": "http://a/b/g",
        "../../g": "http://a/g",
        "../../../g": "http://a/g",
        "/./g": "http://a/g",
        "g.": "http://a/b/c/g.",
        "./../g": "http://a/b/g",
        "g/../h": "http://a/b/c/h",
    }.items():
        assert resolve(base, ref) == target, ref
