"""Cross-article resolution inside a build: the store's entities and this build's evidence in
one table, the entity rows written ahead of the graphs, and the graphs of entities that changed
rewritten (issue 26). Used alike by the local build (`kg.pipeline.build`) and the Dask build
(`kg.pipeline.distributed`); everything here is O(entities), except rewriting the graphs that
name a changed entity.

Order of writes, so that a build killed anywhere is finished by the next one:
1. `commit`: the entity rows of every new or changed entity and the journal of renamed keys,
   one transaction (`kg.store.entities.write`);
2. `apply_renames`: each graph naming a renamed key rewritten (`kg.rdf.rename`) with its facts
   marked pending for inference, one transaction per graph; then the journal cleared;
3. the new article graphs, with their own index rows (the caller).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.rdf.rename import Renamed, rename_graph
from kg.resolve import Resolver, load_overrides
from kg.resolve.resolver import remembered
from kg.resolve.table import EntityTable, Evidence
from kg.store import derived, entities, index
from kg.store.entities import EntityRow

if TYPE_CHECKING:
    from kg.store import Store
    from kg.store.remote import RemoteStore


class Resolution:
    """The resolver of one build, preloaded with the store's entities."""

    def __init__(
        self,
        st: Store | RemoteStore | None,
        base: str,
        *,
        aliases: str | Path | None = None,
        load: bool = True,
    ) -> None:
        self.base = base
        self.resolver = Resolver(overrides=load_overrides(aliases) if aliases else None)
        self.stored: dict[str, EntityRow] = (
            entities.read(st, base) if st is not None and load else {}
        )
        self._remembered: dict[str, Evidence] = {}
        for row in self.stored.values():
            self._remember(row)

    def _remember(self, row: EntityRow) -> None:
        ev = remembered(
            row.label,
            row.key,
            row.type,
            sorted(row.aliases),
            sorted(row.claims) if row.claims is not None else None,
            sorted(row.finds),
            row.pinned,
            self.resolver.gazetteer,
        )
        self._remembered[row.key] = ev
        self.resolver.table.add(ev)

    @property
    def table(self) -> EntityTable:
        return self.resolver.table

    def add_table(self, partial: EntityTable) -> None:
        """This build's evidence, reduced elsewhere (the Dask build)."""
        self.resolver.table.merge(partial)

    def rows(self) -> list[EntityRow]:
        return table_rows(self.table)

    def renames(self) -> dict[str, Renamed]:
        """The stored entities the new evidence changed: old key -> what it is now."""
        out: dict[str, Renamed] = {}
        for key, row in self.stored.items():
            d = self.table.decide(self._remembered[key])
            if (d.key, d.label, d.type) != (row.key, row.label, row.type):
                out[key] = Renamed(d.key, d.label, d.type)
        return out

    def commit(self, st: Store | RemoteStore) -> tuple[dict[str, Renamed], int]:
        """Freeze the table and write the entity rows ahead of the graphs (step 1); returns
        the renames to apply and how many entities were written."""
        self.table.freeze()
        renames = self.renames()
        written = entities.write(
            st, self.base, self.rows(), self.stored, {k: r.key for k, r in renames.items()}
        )
        return renames, written


def pending_renames(st: Store | RemoteStore, base: str) -> dict[str, Renamed]:
    """The renames a killed build journalled and did not finish."""
    journal = entities.journal(st, base)
    if not journal:
        return {}
    rows = entities.read(st, base)
    out = {}
    for old, new in journal.items():
        row = rows.get(new)
        if row is not None:
            out[old] = Renamed(new, row.label, row.type)
    return out


def apply_renames(
    st: Store | RemoteStore, base: str, renames: dict[str, Renamed], *, pending: bool
) -> int:
    """Rewrite every article graph that names a renamed entity (step 2), then clear the
    journal; returns the number of graphs rewritten."""
    if not renames:
        return 0
    graphs: set[str] = set()
    for old in renames:
        graphs |= entities.graphs_naming(st, old, base)
    done = 0
    for g in sorted(graphs):
        quads = list(index.graph_quads(st, g))
        result = rename_graph(quads, renames, base) if quads else None
        if result is None:
            continue
        new, facts = result
        # Pending for inference (the facts of the old and new graph) and for the facts graph.
        extra = (
            index.pending_quads(facts, base) + derived.rewritten_marks(quads, g, base)
            if pending
            else []
        )
        index.replace_graph(st, g, new, extra)
        done += 1
    journal = entities.journal(st, base)
    st.change(
        remove=list(entities.journal_done([k for k in renames if k in journal], journal, base))
    )
    return done


def finish_pending(st: Store | RemoteStore, base: str, *, pending: bool) -> int:
    """Step 2 of a build that was killed before it finished it."""
    return apply_renames(st, base, pending_renames(st, base), pending=pending)


def table_rows(table: EntityTable) -> list[EntityRow]:
    """The row of every entity the resolution table decided, with its evidence."""
    return [
        EntityRow(
            d.key,
            d.label,
            d.type,
            frozenset(part.names),
            frozenset(part.claims),
            frozenset(part.finds),
            pinned,
        )
        for d, part, pinned in table.decisions()
    ]
