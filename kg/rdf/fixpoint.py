"""The rules' closure (`kg.rdf.rules.closure`) over a table on disk, so a build's memory does not
grow with its facts (issue 26: 1.1 million facts held ~2.5 KB each in memory).

The facts go into a temporary SQLite file, and each round of the semi-naive fixpoint is a few
SQL joins over it; SQLite sorts and joins out of core within a fixed page cache. Only facts
whose relation a rule reads or concludes are kept: no other fact can be a premise or make a
conclusion already known, so the closure is the same.

The result is the in-memory engine's to the last premise. Where several premise pairs give one
new triple, `closure` keeps the first it meets: frontier facts in sorted order, then rules in
order (one fact and one rule give a triple once). Here each candidate carries its frontier
fact and rule as a key, and the least key wins. SQLite's BINARY collation compares UTF-8
bytes, which orders like Python's `str`. Tests compare the two engines on random facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.mint import inferred_statement_iri
from kg.rdf.rules import (
    STRENGTH,
    WRITE_CHUNK,
    Rule,
    Support,
    Triple,
    closure,
    derived_quads,
    keep_strongest,
    load_rules,
    predicates_of,
    rule_predicates,
    stored_facts,
)
from kg.rdf.terms import DEFAULT_BASE, inferred_graph
from kg.scratch import CACHE_KIB, Scratch

BY_STRENGTH = {v: k for k, v in STRENGTH.items()}
# Rows kept in memory before they go to the table (and, with the strongest kept among them,
# the fewer conflicts SQLite resolves).
BUFFER = 20_000
# Facts closed in memory (~1.3 KB each with the closure's indexes); a larger build goes to disk.
IN_MEMORY = 100_000

_SCHEMA = """
CREATE TABLE f (s TEXT, p TEXT, o TEXT, st TEXT, m INTEGER, c REAL,
                p1 TEXT, p2 TEXT, rule INTEGER, r INTEGER, PRIMARY KEY (s, p, o)) WITHOUT ROWID;
CREATE TABLE raw (s TEXT, p TEXT, o TEXT, st TEXT, m INTEGER, c REAL);
CREATE TABLE cand (s TEXT, p TEXT, o TEXT, k1 TEXT, k2 TEXT, k3 TEXT, rule INTEGER,
                   p1 TEXT, p2 TEXT, m INTEGER, c REAL);
"""
# The strongest support of each fact, as `keep_strongest` chooses it.
_STRONGEST = """INSERT INTO f (s, p, o, st, m, c, r)
SELECT s, p, o, st, m, c, 0 FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY s, p, o ORDER BY m DESC, c DESC, st) AS n
    FROM raw) WHERE n = 1"""
_NEW = "NOT EXISTS (SELECT 1 FROM f k WHERE k.s = {s} AND k.p = :head AND k.o = {o})"


class FactTable:
    """The strongest support of each fact a rule can use; `derived()` is the closure. Held in
    memory up to `in_memory` facts (a small build closes faster there), then on disk."""

    def __init__(
        self,
        rules: tuple[Rule, ...] | None = None,
        *,
        in_memory: int = IN_MEMORY,
        buffer: int = BUFFER,
        directory: str | None = None,
        cache_kib: int = CACHE_KIB,
    ):
        self.rules = rules if rules is not None else load_rules()
        self.predicates = rule_predicates() if rules is None else predicates_of(rules)
        self.in_memory = in_memory
        self.buffer = buffer
        # The page cache also bounds the memory of SQLite's sorts (the closure's windows and
        # indexes), so it is all the table holds beside `buffer` rows.
        self._disk = Scratch(_SCHEMA, prefix="kg-facts-", directory=directory, cache_kib=cache_kib)
        # Every fact while in memory; on disk, the rows not yet written.
        self._facts: dict[Triple, Support] = {}

    @property
    def on_disk(self) -> bool:
        return self._disk.db is not None

    def add(self, t: Triple, sup: Support) -> None:
        if t[1] in self.predicates:
            keep_strongest(self._facts, t, sup)
            if len(self._facts) > (self.buffer if self.on_disk else self.in_memory):
                self._flush()

    def update(self, facts: Iterable[tuple[Triple, Support]]) -> None:
        for t, sup in facts:
            self.add(t, sup)

    def _flush(self) -> None:
        rows = (
            (*t, sup.statement, STRENGTH[sup.modality], sup.confidence)
            for t, sup in self._facts.items()
        )
        with self._disk.transaction() as db:
            db.executemany("INSERT INTO raw VALUES (?, ?, ?, ?, ?, ?)", rows)
        self._facts.clear()

    def derived(self, *, base: str = DEFAULT_BASE) -> Iterator[tuple[Triple, Support]]:
        """Every new triple the rules derive, with its support, in triple order (once)."""
        if not self.on_disk:
            yield from sorted(closure(self._facts, self.rules, base=base).items())
            return
        self._flush()
        db = self._disk.db
        # A derived fact can be the premise of a later round: its statement is needed then.
        db.create_function(
            "statement", 3, lambda *t: inferred_statement_iri(t, base), deterministic=True
        )
        with self._disk.transaction():
            db.execute(_STRONGEST)
            db.execute("DELETE FROM raw")
            for columns in ("p, s", "p, o", "r, p"):
                db.execute(f"CREATE INDEX f_{columns[0]}{columns[-1]} ON f ({columns})")
        last = 0
        while self._round(last):
            last += 1
        texts = [r.text for r in self.rules]
        rows = db.execute(
            "SELECT s, p, o, st, m, c, p1, p2, rule FROM f WHERE r > 0 ORDER BY s, p, o"
        )
        for s, p, o, st, m, c, p1, p2, rule in rows:
            t = (s, p, o)
            premises = (p1,) if p2 is None else (p1, p2)
            yield t, Support(st, BY_STRENGTH[m], c, premises, texts[rule])

    def _round(self, last: int) -> bool:
        """Derive from the facts of round `last` (joined with every fact known); True when
        something was new."""
        db = self._disk.db
        db.execute("DELETE FROM cand")
        with self._disk.transaction():
            for i, rule in enumerate(self.rules):
                for sql, args in _candidates(rule):
                    db.execute(sql, {**args, "rule": i, "last": last, "head": rule.head})
        # The least key of each new triple wins, as the first met wins in `closure`.
        cur = db.execute(
            """INSERT INTO f (s, p, o, st, m, c, p1, p2, rule, r)
            SELECT s, p, o, statement(s, p, o), m, c, p1, p2, rule, :r FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY s, p, o
                                             ORDER BY k1, k2, k3, rule) AS n
                FROM cand) WHERE n = 1""",
            {"r": last + 1},
        )
        return cur.rowcount > 0

    def close(self) -> None:
        self._facts.clear()
        self._disk.close()

    def __enter__(self) -> FactTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _candidates(rule: Rule) -> list[tuple[str, dict[str, str]]]:
    """SQL inserting into `cand` every conclusion of `rule` with a premise from round :last,
    keyed by that premise (the frontier fact): one fact and one rule make a triple once."""
    insert = "INSERT INTO cand SELECT "
    if rule.kind != "chain":
        flip = rule.kind in ("inverse", "symmetric")
        s, o = ("f.o", "f.s") if flip else ("f.s", "f.o")
        return [
            (
                insert
                + f"""{s}, :head, {o}, f.s, f.p, f.o, :rule, f.st, NULL, f.m, f.c
                FROM f WHERE f.r = :last AND f.p = :body AND {s} != {o}
                AND {_NEW.format(s=s, o=o)}""",
                {"body": rule.body[0]},
            )
        ]
    first, second = rule.body
    # (f.s first f.o) joins (f.o second j.o), and (j.s first f.s) joins (f.s second f.o).
    return [
        (
            insert
            + f"""f.s, :head, j.o, f.s, f.p, f.o, :rule, f.st, j.st,
                MIN(f.m, j.m), f.c * j.c
            FROM f JOIN f j ON j.p = :second AND j.s = f.o
            WHERE f.r = :last AND f.p = :first AND f.s != j.o
            AND {_NEW.format(s="f.s", o="j.o")}""",
            {"first": first, "second": second},
        ),
        (
            insert
            + f"""j.s, :head, f.o, f.s, f.p, f.o, :rule, j.st, f.st,
                MIN(j.m, f.m), j.c * f.c
            FROM f JOIN f j ON j.p = :first AND j.o = f.s
            WHERE f.r = :last AND f.p = :second AND j.s != f.o
            AND {_NEW.format(s="j.s", o="f.o")}""",
            {"first": first, "second": second},
        ),
    ]


def infer(store: ox.Store, *, base: str = DEFAULT_BASE, ontology: str | Path | None = None) -> int:
    """Recompute `{base}graph/inferred` from scratch; returns the number of inferred triples."""
    g = inferred_graph(base)
    if store.contains_named_graph(g):
        store.remove_graph(g)
    quads: list[ox.Quad] = []
    count = 0
    with FactTable(load_rules(str(ontology) if ontology else None)) as facts:
        facts.update(stored_facts(store, base=base))
        for t_quads in derived_quads(facts.derived(base=base), base=base):
            quads += t_quads
            count += 1
            if len(quads) >= WRITE_CHUNK:
                _write(store, quads)
                quads = []
    _write(store, quads)
    return count


def _write(store: ox.Store, quads: list[ox.Quad]) -> None:
    # In chunks, straight to disk files: RocksDB would hold transactional writes in memory, and
    # the inferred graph of a large corpus is hundreds of thousands of quads. A bulk write is not
    # atomic; it needs not be: the build marks inference complete only after it (`kg.store.index`
    # state), so a crash here means a full recomputation next time.
    if quads:
        store.bulk_extend(quads)
