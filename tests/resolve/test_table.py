"""kg.resolve.table: which entity every cluster is depends on all the evidence, never on the
order it came in or on how the corpus was split into partial tables (real gazetteer, real
resolver on hand-built extractions)."""

from __future__ import annotations

import random
import re

from kg.gazetteer import Gazetteer
from kg.model import Article, Extraction, Mention
from kg.names import clean
from kg.resolve import Resolver
from kg.resolve.resolver import Prepared, assign, prepare
from kg.resolve.table import EntityTable, Evidence, merged, node

EMPTY = Gazetteer([])


def article(aid: str, text: str, *names: str, typ: str = "Organization") -> Extraction:
    a = Article(aid, text, "en")
    ms = []
    for n in names:
        s = next(m.start() for m in re.finditer(re.escape(n), text))
        ms.append(Mention(n, s, s + len(n), typ, clean(n), "name:" + clean(n).lower()))
    return Extraction(a, tuple(ms))


CORPUS = [
    article("a1", "GM said it grew.", "GM"),
    article("a2", "General Motors (GM) will build a plant.", "General Motors"),
    article("a3", "General Motors Holdings said so.", "General Motors Holdings"),
    article("a4", "Zeta Cells buys from Omega.", "Zeta Cells", "Omega"),
    article("a5", "Omega Industries (OI) and Zeta Cells.", "Omega Industries", "Zeta Cells"),
    article("a6", "OI said it would grow.", "OI"),
    article("a7", "LFP cells and EV batteries.", "LFP cells", "EV batteries", typ="Product"),
    article("a8", "Lithium iron phosphate cells.", "Lithium iron phosphate cells", typ="Product"),
]


def keys_of(preps: list[Prepared], table: EntityTable) -> dict[tuple[str, str], str]:
    out = {}
    for p in preps:
        for m in assign(p, table).mentions:
            out[(p.extraction.article.id, m.text)] = f"{m.key}|{m.name}|{m.type}"
    return out


def decided(extractions: list[Extraction], parts: int = 1) -> dict[tuple[str, str], str]:
    """Keys of every mention after all the evidence, the corpus split into `parts` tables."""
    preps = [prepare(x, EMPTY) for x in extractions]
    tables = [EntityTable(EMPTY) for _ in range(parts)]
    for i, p in enumerate(preps):
        for ev in p.evidence():
            tables[i % parts].add(ev)
    return keys_of(preps, merged(tables).freeze())


def test_any_order_and_any_partitioning_gives_the_same_entities() -> None:
    expected = decided(CORPUS)
    rng = random.Random(1)
    for _ in range(12):
        shuffled = CORPUS[:]
        rng.shuffle(shuffled)
        assert decided(shuffled, parts=rng.randint(1, 4)) == expected
    # The evidence chains: GM ~ General Motors (bracket acronym) ~ "General Motors Holdings"
    # (found through its looser form); the canonical name is the least long form.
    gm = {expected[("a1", "GM")], expected[("a2", "General Motors")]}
    assert gm == {"organization/general-motors|General Motors|Organization"}
    assert expected[("a3", "General Motors Holdings")] == next(iter(gm))
    # "OI" meets "Omega Industries (OI)" of another article; "Omega" alone is another name.
    assert expected[("a6", "OI")] == expected[("a5", "Omega Industries")]
    assert expected[("a6", "OI")].startswith("organization/omega-industries|")
    assert expected[("a4", "Omega")].startswith("organization/omega|")
    assert expected[("a8", "Lithium iron phosphate cells")] == expected[("a7", "LFP cells")]


def test_a_looser_form_finds_only_what_some_article_names() -> None:
    """ "City Holding" and "City" are one entity only where some article names "City"."""
    alone = decided([article("h1", "City Holding grew.", "City Holding")])
    both = decided(
        [article("h1", "City Holding grew.", "City Holding"), article("h2", "City fell.", "City")]
    )
    assert alone[("h1", "City Holding")].startswith("organization/city-holding|")
    assert both[("h1", "City Holding")] == both[("h2", "City")]
    assert both[("h2", "City")].startswith("organization/city|City|")


def test_sequential_resolution_meets_the_table_on_the_last_article() -> None:
    """`Resolver.resolve` answers with the evidence seen so far; for the article that completes
    the evidence it is the table's answer."""
    r = Resolver(gazetteer=EMPTY)
    first = r.resolve(CORPUS[0]).mentions[0]
    assert first.key == "organization/gm"  # nothing else seen yet
    second = r.resolve(CORPUS[1]).mentions[0]
    assert second.key == "organization/general-motors"
    assert r.resolve(CORPUS[0]).mentions[0].key == "organization/general-motors"


def test_pins_keep_their_keys_and_free_clusters_join_them() -> None:
    table = EntityTable(EMPTY)
    pinned = Evidence(
        "Organization", None, (node("Organization", "Acme Corp"),), pin="organization/acme"
    )
    free = Evidence("Organization", "Acme Corp", (node("Organization", "Acme Corp"),))
    other = Evidence(
        "Organization", None, (node("Organization", "Acme Corp"),), pin="organization/zzz"
    )
    for ev in (free, pinned, other):
        table.add(ev)
    assert table.decide(pinned).key == "organization/acme"
    assert table.decide(other).key == "organization/zzz"  # a pin is never moved
    assert table.decide(free).key == "organization/acme"  # the least pin of its component


def test_two_names_that_mint_one_key_are_one_entity() -> None:
    table = EntityTable(EMPTY)
    a = Evidence("Organization", "Straße Motors", (node("Organization", "Straße Motors"),))
    b = Evidence("Organization", "Strasse Motors", (node("Organization", "Strasse Motors"),))
    table.add(a)
    table.add(b)
    table.freeze()
    assert table.decide(a) == table.decide(b)
    assert len(list(table.decisions())) == 1


def test_partial_tables_survive_pickling() -> None:
    import pickle

    preps = [prepare(x, EMPTY) for x in CORPUS]
    t = EntityTable(EMPTY)
    for p in preps:
        for ev in p.evidence():
            t.add(ev)
    back = pickle.loads(pickle.dumps(t))
    back.gazetteer = EMPTY
    assert keys_of(preps, back.freeze()) == keys_of(preps, t.freeze())


def _rows(table: EntityTable) -> list[tuple]:
    return [
        (d, sorted(p.claims), sorted(p.finds), sorted(p.names), p.label, p.type, pinned)
        for d, p, pinned in table.decisions()
    ]


def test_a_table_on_disk_decides_as_one_in_memory() -> None:
    """Past `in_memory` entries the table lives in a temporary SQLite file: every decision,
    every entity row and every article's assignment stay those of the table in memory, with
    the real gazetteer (pins), key collisions joined at `freeze` and looser forms found late."""
    from kg import gazetteer as gaz

    g = gaz.load()
    extra = [
        article("s1", "Straße Motors grew.", "Straße Motors"),
        article("s2", "Strasse Motors fell.", "Strasse Motors"),
        article("g1", "General Motors and Panasonic.", "General Motors", "Panasonic"),
        article("c1", "City Holding grew.", "City Holding"),
        article("c3", "City Group fell.", "City Group"),
        article("c2", "City fell.", "City"),
    ]
    rng = random.Random(3)
    words = ["Arcton", "Belmora", "Corvale", "Dunrise", "Elvanta", "Holding", "Cells", "Power"]
    made = [
        article(f"r{i}", f"{a} {b} said so.", f"{a} {b}")
        for i, (a, b) in enumerate(tuple(rng.sample(words, 2)) for _ in range(60))
    ]
    corpus = CORPUS + extra + made
    preps = [prepare(x, g) for x in corpus]

    def table(in_memory: int | None, order: int | None) -> EntityTable:
        t = EntityTable(g, in_memory=in_memory)
        shuffled = preps[:]
        if order is not None:  # else two clusters wait for "City" before an article names it
            random.Random(order).shuffle(shuffled)
        for p in shuffled:
            for ev in p.evidence():
                t.add(ev)
        return t.freeze()

    memory = table(None, 0)
    assert not memory.on_disk
    want, rows = keys_of(preps, memory), _rows(memory)
    assert want[("s1", "Straße Motors")] == want[("s2", "Strasse Motors")]
    assert want[("c1", "City Holding")] == want[("c3", "City Group")] == want[("c2", "City")]
    for limit, order in ((0, None), (0, 0), (1, 1), (7, 7), (40, 40)):
        disk = table(limit, order)
        assert disk.on_disk
        assert keys_of(preps, disk) == want
        assert _rows(disk) == rows
        assert len(disk) == len(memory)
        disk.close()
    # Partial tables on disk merged (the Dask reduce), and one sent whole to a worker.
    parts = [EntityTable(g, in_memory=3) for _ in range(3)]
    for i, p in enumerate(preps):
        for ev in p.evidence():
            parts[i % 3].add(ev)
    joined = merged(parts).freeze()
    assert joined.on_disk and _rows(joined) == rows
    import pickle

    back = pickle.loads(pickle.dumps(joined))
    assert keys_of(preps, back.freeze()) == want
