"""The facts graph of a first cluster build is made in shares (`kg.pipeline.tasks`): every
statement of one fact, in whichever direction or article it was written, goes to one share, and
the shares together make the facts graph one task would."""

from __future__ import annotations

import pyoxigraph as ox

from kg.mint import KGO, entity_iri, facts_graph
from kg.pipeline.tasks import fact_share, facts_part
from kg.rdf.facts import rebuild_quads
from kg.rdf.timeline import Said

B = "http://kg.example.org/"
ORGS = [entity_iri(f"organization/o{i}") for i in range(12)]


def said(n: int, s: str, p: str, o: str) -> Said:
    day = f"2026-01-0{n % 9 + 1}"
    return Said(f"{B}st/{n}", (s, p, o), "Asserted", f"a{n}", f"{B}graph/a{n}", published=day)


def statements() -> list[Said]:
    out = []
    for i in range(11):
        a, b = ORGS[i], ORGS[i + 1]
        out += [said(3 * i, a, KGO.buysFrom, b), said(3 * i + 1, b, KGO.suppliesTo, a)]
        out.append(said(3 * i + 2, b, KGO.partnersWith, a))  # symmetric: one fact either way
    return out


def test_the_statements_of_one_fact_go_to_one_share() -> None:
    xs = statements()
    for i in range(0, len(xs), 3):
        buys, supplies, partners = xs[i : i + 3]
        assert fact_share(buys, 4) == fact_share(supplies, 4)
        mirrored = said(99, partners.triple[2], KGO.partnersWith, partners.triple[0])
        assert fact_share(partners, 4) == fact_share(mirrored, 4)
    assert len({fact_share(x, 4) for x in xs}) > 1  # and the facts are spread


def test_the_shares_make_the_facts_graph_of_one_task(tmp_path) -> None:
    xs = statements()
    target = {"kind": "local", "dir": str(tmp_path)}
    # Two chunks' statements, dealt into three shares each, as `write_chunk` deals them.
    chunks = [xs[:17], xs[17:]]
    dealt = [[[x for x in c if fact_share(x, 3) == k] for k in range(3)] for c in chunks]
    made = ox.Store()
    for share in range(3):
        path, _ = facts_part(target, B, share, *dealt)
        made.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    whole = set(rebuild_quads(None, base=B, order=lambda _: None, said=xs))
    assert whole and set(made) == whole
    assert {q.graph_name.value for q in made} == {facts_graph(B)}
