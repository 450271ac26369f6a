"""A first build loads its inferred graph as N-Quads text (`statement_nquads`): the text holds
exactly the quads `statement_quads` makes, for every modality, several premises or none, and a
rule text that needs escaping."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.mint import inferred_graph
from kg.model import MODALITIES
from kg.rdf.rules import Support, derived_nquads, derived_quads, statement_nquads, statement_quads

B = "http://kg.example.org/"
T = (f"{B}organization/arcton", f"{B}ontology#partnersWith", f"{B}organization/belmora")


@pytest.mark.parametrize("modality", MODALITIES)
@pytest.mark.parametrize(
    ("premises", "rule"),
    [
        ((), ""),
        ((f"{B}statement/a1-1",), "symmetric partnersWith"),
        ((f"{B}statement/a1-1", f"{B}statement/a2-7"), 'chain "x"\\y\nz\r'),
    ],
)
def test_statement_text_holds_the_statement_quads(
    modality: str, premises: tuple[str, ...], rule: str
) -> None:
    sup = Support(f"{B}statement/inferred-1", modality, 0.7345, premises, rule)
    g = inferred_graph(B)
    text, n = statement_nquads(T, sup, g)
    parsed = list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS))
    assert parsed == statement_quads(T, sup, ox.NamedNode(g))
    assert n == len(parsed)


def test_derived_text_in_the_same_order() -> None:
    derived = [
        (T, Support(f"{B}statement/i1", "Asserted", 1.0, (f"{B}statement/a1-1",), "r1")),
        (T[::-1], Support(f"{B}statement/i2", "Hedged", 0.01, (), "r2")),
    ]
    text = "".join(t for t, _ in derived_nquads(derived, base=B))
    quads = [q for qs in derived_quads(derived, base=B) for q in qs]
    assert list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)) == quads
