"""The closure on disk is the in-memory engine's, to the last premise and confidence."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from support.chains import article

from kg.rdf.fixpoint import FactTable
from kg.rdf.rules import (
    STRENGTH,
    Support,
    closure,
    extracted_facts,
    keep_strongest,
    load_rules,
    stored_facts,
)
from kg.rdf.terms import DEFAULT_BASE, KGO

RULES = load_rules()


def _on_disk(facts, **options) -> dict:
    with FactTable(RULES, in_memory=0, **options) as table:
        table.update(facts)
        assert table.on_disk
        return dict(table.derived(base=DEFAULT_BASE))


@pytest.mark.parametrize("seed", range(8))
def test_disk_closure_equals_memory_on_article_graphs(seed: int) -> None:
    """Real statements read from a store: every fact said in several articles comes several
    times, so the strongest support is chosen on disk across buffers of three rows."""
    rng = random.Random(seed)
    store = ox.Store()
    for n in range(rng.randint(5, 40)):
        store.extend(article(rng, n))
    want = closure(extracted_facts(store), RULES)
    got = _on_disk(stored_facts(store), buffer=3)
    assert want, "the chains corpus derives something"
    assert list(got) == sorted(want)
    assert got == want


@pytest.mark.parametrize("seed", range(8))
def test_disk_closure_equals_memory_on_dense_facts(seed: int) -> None:
    """Many premise pairs per conclusion and several rounds: the same pair wins."""
    rng = random.Random(seed)
    preds = [*sorted({p for r in RULES for p in (r.head, *r.body)}), KGO + "produces"]
    nodes = [f"{DEFAULT_BASE}entity/organization/n{i}" for i in range(rng.randint(3, 20))]
    said = []
    for _ in range(rng.randint(10, 150)):
        t = (rng.choice(nodes), rng.choice(preds), rng.choice(nodes))
        sup = Support(
            f"{DEFAULT_BASE}statement/{rng.randrange(10**6)}",
            rng.choice(list(STRENGTH)),
            rng.choice([0.5, 0.25, round(rng.random(), 3)]),
        )
        said.append((t, sup))
    best: dict = {}
    for t, sup in said:
        keep_strongest(best, t, sup)
    want = closure(best, RULES)
    got = _on_disk(said, buffer=7)
    assert list(got) == sorted(want)
    assert got == want


def test_small_table_stays_in_memory_and_closes_the_same() -> None:
    rng = random.Random(3)
    store = ox.Store()
    for n in range(20):
        store.extend(article(rng, n))
    with FactTable(RULES) as table:
        table.update(stored_facts(store))
        assert not table.on_disk
        in_memory = list(table.derived())
    assert in_memory == sorted(closure(extracted_facts(store), RULES).items())
    assert dict(in_memory) == _on_disk(stored_facts(store))
