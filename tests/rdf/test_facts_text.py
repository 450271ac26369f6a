"""A first build loads its facts graph as N-Quads text (`kg.rdf.facts_text`): the text of a
timeline holds exactly the quads `fact_quads` makes (contradicted or not, a status date or
none, entries dated by event or publication, a status after, conflicts, numbered from any
first position), and `write_nquads` hands it on in chunks, counting facts."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.mint import entity_iri, facts_graph
from kg.model import FactTimeline, TimelineEntry
from kg.rdf.facts import fact_quads
from kg.rdf.facts_text import fact_nquads, write_nquads

B = "http://kg.example.org/"
FACT = f"{B}fact/0123456789abcdef"


def _entry(n: int, date: str | None, source: str | None, after: str | None, *conflicts: str):
    return TimelineEntry(
        f"{B}statement/a{n}/0", "Asserted", date, date, source, f"{B}article/a{n}",
        status_after=after, conflicts=conflicts,
    )  # fmt: skip


TIMELINES = [
    FactTimeline(FACT, entity_iri("organization/a"), "acquires", entity_iri("organization/b"),
                 "Asserted", None, False),
    FactTimeline(
        FACT, entity_iri("organization/a"), "partnersWith", entity_iri("organization/b"),
        "Negated", "2023-06-20", True,
        (
            _entry(1, "2023-03-14", "eventDate", "Planned"),
            _entry(2, "2023-06-20", "issued", "Negated", f"{B}statement/a3/1", f"{B}s/a4/0"),
            _entry(3, None, None, None),
        ),
    ),
]  # fmt: skip


@pytest.mark.parametrize("tl", TIMELINES)
@pytest.mark.parametrize("first", [1, 4])
def test_fact_text_holds_the_fact_quads(tl: FactTimeline, first: int) -> None:
    g = facts_graph(B)
    text, n = fact_nquads(tl, g, first)
    parsed = list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS))
    assert parsed == fact_quads(tl, ox.NamedNode(g), first)
    assert n == len(parsed)


def test_written_in_chunks_counting_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.rdf import facts_text

    monkeypatch.setattr(facts_text, "WRITE_CHUNK", 10)
    g = facts_graph(B)
    texts = [fact_nquads(tl, g) for tl in TIMELINES * 3]
    written: list[str] = []
    assert write_nquads(texts, written.append) == 6
    assert "".join(written) == "".join(t for t, _ in texts)
    # 5 and 21 quads a pair of facts: each pair passes 10 and is written then
    assert [len(list(ox.parse(w.encode(), format=ox.RdfFormat.N_QUADS))) for w in written] == [
        26
    ] * 3
