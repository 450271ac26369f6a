"""kg.rdf.rename: an article graph rewritten for entities that changed is the graph the rdf
writer gives the article under the new decisions (real resolver, real writer)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.gazetteer import Gazetteer
from kg.model import Article, Extraction, Fact, Mention
from kg.rdf import article_quads
from kg.rdf.rename import Renamed, rename_graph
from kg.rdf.terms import KGO
from kg.resolve import Resolver, parse_overrides

B = "http://kg.example.org/"
TEXT = "Foo buys cells from Barco. Foo licenses technology from Baz. Barco supplies Baz."


def extraction() -> Extraction:
    a = Article("r1", TEXT, "en")

    def m(surface: str, nth: int = 0) -> Mention:
        at = [i for i in range(len(TEXT)) if TEXT.startswith(surface, i)][nth]
        return Mention(surface, at, at + len(surface), "Organization", surface, "name:" + surface)

    foo, barco, foo2, baz, barco2, baz2 = (
        m("Foo"),
        m("Barco"),
        m("Foo", 1),
        m("Baz"),
        m("Barco", 1),
        m("Baz", 1),
    )

    def f(s: Mention, p: str, o: Mention) -> Fact:
        return Fact("r1", s, p, o, "Asserted", 0.9, TEXT, 0, len(TEXT), "test")

    facts = (
        f(foo, "buysFrom", barco),
        f(foo2, "licensesTechnologyFrom", baz),
        f(barco2, "suppliesTo", baz2),
    )
    return Extraction(a, (foo, barco, foo2, baz, barco2, baz2), facts)


def quads(overrides: str = "") -> set[str]:
    r = Resolver(gazetteer=Gazetteer([]), overrides=parse_overrides(overrides.splitlines()))
    return {str(q) for q in article_quads(r.resolve(extraction()), base=B) if _kept(q)}


def _kept(q: ox.Quad) -> bool:
    return q.predicate.value != KGO.resolution  # the notes word the decision differently


def test_a_merge_renames_drops_the_fact_that_became_a_loop_and_renumbers() -> None:
    before = Resolver(gazetteer=Gazetteer([])).resolve(extraction())
    graph = article_quads(before, base=B)
    # Later evidence says "Barco" is Foo: what the writer gives under that decision.
    after = quads("merge\tBarco\tFoo\n")
    result = rename_graph(
        graph, {"organization/barco": Renamed("organization/foo", "Foo", "Organization")}, B
    )
    assert result is not None
    renamed, facts = result
    assert {str(q) for q in renamed if _kept(q)} == after
    assert len({q.subject for q in renamed if "statement/" in q.subject.value}) == 2
    assert (f"{B}entity/organization/foo", KGO.buysFrom, f"{B}entity/organization/barco") in facts


def test_a_new_label_and_an_untouched_graph() -> None:
    graph = article_quads(Resolver(gazetteer=Gazetteer([])).resolve(extraction()), base=B)
    result = rename_graph(
        graph, {"organization/baz": Renamed("organization/baz-ag", "Baz AG", "Organization")}, B
    )
    assert result is not None
    labels = {q.object.value for q in result[0] if q.subject.value.endswith("/organization/baz-ag")}
    assert "Baz AG" in labels and "Baz" in labels  # canonical label; the surface stays
    assert (
        rename_graph(graph, {"organization/qux": Renamed("organization/q", "Q", "Organization")}, B)
        is None
    )
