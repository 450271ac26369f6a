"""The entity table: which global entity every named cluster of every article is, as a function
of all the evidence (issue 26), never of the order the articles came in.

Evidence (`Evidence`, one per named cluster of one article, made by `kg.resolve.resolver`):
- `claims`: the folded names the cluster gives its entity (its names, their clean and
  spelled-out forms; `kg.resolve.index.name_forms`), each a node `tclass|fold` of its type class
  (organisation, place, facility, product, person: the classes `compatible` allows to meet);
- `finds`: looser forms that may only *find* an entity ("Volkswagen Group" -> "Volkswagen"):
  such an edge counts only if some cluster of the corpus claims the form;
- `pin`: a key fixed without the table (the gazetteer, `kg.places`, an overrides directive);
- `label`, `type`: this cluster's candidate canonical name and type.

Entities are the connected components of clusters over shared claims (and counted finds),
found with a union-find: a corpus in any order, or in any partitioning whose partial tables are
`merge`d, gives the same components. Each component's decision is a semilattice join of its
members, so it too is independent of order, and a partial table can summarise what it saw:
- no pin: label = the least candidate name (`name_order`: a long form before an acronym, then
  by folded form, so "General Motors" before "General Motors Holdings" and "GM"; an overrides
  `merge` label wins), type = the least type in `ENTITY_TYPES` order, key = `<type>/<slug>`;
- pins: a pinned cluster keeps its pin; the free clusters of the component take the least pin
  (two pins in one component are rare: a name shared by two gazetteer entities).
Two components whose decisions mint the same key are one entity (`decisions` joins them).
The values (`Evidence`, `Part`, `Group`, `Decision`) are `kg.resolve.evidence`'s. A table of more
than `IN_MEMORY` entries lives in a temporary SQLite file (`kg.scratch.Spilled`), with the same
decisions: only where the entries are kept changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kg import gazetteer as gaz
from kg.resolve.evidence import (
    Decision,
    Evidence,
    Group,
    Part,
    copy_group,
    copy_part,
    decide_alone,
    free_decision,
    name_order,
    node,
    pin_decision,
    type_class,
)
from kg.scratch import Scratch, Spilled

__all__ = [
    "Decision",
    "EntityTable",
    "Evidence",
    "Group",
    "Part",
    "decide_alone",
    "merged",
    "name_order",
    "node",
    "type_class",
]
# Table entries (name nodes, components, claims, waiting finds) held in memory; past this the
# table goes to a temporary SQLite file (`kg.scratch.Spilled`): a generated corpus of 100,000
# articles names about 100,000 entities, ~3 KB each in memory. A build of a few thousand
# articles never gets there.
IN_MEMORY = 200_000
_SCHEMA = (
    "".join(
        f"CREATE TABLE {t} (k TEXT PRIMARY KEY, v) WITHOUT ROWID;"
        for t in ("parent", "groups", "claimed", "waiting", "keys")
    )
    + "CREATE INDEX keys_by_key ON keys (v);"
)


class EntityTable:
    """Union-find over name nodes and pins, with each component's `Group`; in memory up to
    `in_memory` entries, then on disk (the same decisions: only where they are kept changes)."""

    def __init__(
        self, gazetteer: gaz.Gazetteer | None = None, *, in_memory: int | None = None
    ) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else gaz.load()
        self.in_memory = IN_MEMORY if in_memory is None else in_memory
        # Small: the page cache of a table that outgrew memory needs to hold its hot entries.
        self._disk = Scratch(_SCHEMA, prefix="kg-entities-", cache_kib=16_384)
        self.parent: Spilled[str] = Spilled(self._disk, "parent", raw=True)
        self.groups: Spilled[Group] = Spilled(self._disk, "groups")  # root -> its group
        self.claimed: Spilled[int] = Spilled(self._disk, "claimed", raw=True)
        # unclaimed find node -> nodes that look for it
        self.waiting: Spilled[list[str]] = Spilled(self._disk, "waiting")
        # After `freeze`: components joined because they mint one key (root -> representative)
        # and the joined groups; an overlay, so the union-find stays a function of the evidence.
        self._rep: dict[str, str] = {}
        self._joined: dict[str, Group] = {}

    def __getstate__(self) -> dict[str, object]:
        # A table on disk travels whole (a Dask worker gets the final table).
        maps = ("parent", "groups", "claimed", "waiting")
        return {
            "in_memory": self.in_memory,
            **{m: dict(getattr(self, m).items()) for m in maps},
            "_rep": self._rep,
            "_joined": self._joined,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(in_memory=state["in_memory"])  # type: ignore[misc]
        for m in ("parent", "groups", "claimed", "waiting"):
            target = getattr(self, m)
            for k, v in state[m].items():
                target[k] = v
        self._rep, self._joined = state["_rep"], state["_joined"]

    def _maps(self) -> tuple[Spilled[Any], ...]:
        return (self.parent, self.groups, self.claimed, self.waiting)

    def _bound(self) -> None:
        """Spill past `in_memory` entries; called only where no entry is held."""
        if sum(m.held for m in self._maps()) > self.in_memory:
            for m in self._maps():
                m.spill()

    @property
    def on_disk(self) -> bool:
        return self.groups.on_disk

    def close(self) -> None:
        """Delete the table's file, if it has one (the table is of no further use)."""
        self._disk.close()

    # -- union-find ---------------------------------------------------------------------------
    def find(self, n: str) -> str:
        parent = self.parent
        root = n
        while (up := parent.get(root, root)) != root:
            root = up
        while (up := parent.get(n, n)) != root:  # path compression
            parent[n] = root
            n = up
        return root

    def _root(self, n: str) -> str:
        if n not in self.parent:
            self.parent[n] = n
            self.groups[n] = Group()
            return n
        return self.find(n)

    def union(self, a: str, b: str) -> str:
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return ra
        keep, gone = (ra, rb) if ra < rb else (rb, ra)  # any fixed rule: the group is the same
        self.parent[gone] = keep
        self.groups[keep].absorb(self.groups.pop(gone))
        self.groups.touch(keep)
        return keep

    def _claim(self, n: str) -> None:
        if n in self.claimed:
            return
        self.claimed[n] = 1
        for other in self.waiting.pop(n, ()):
            self.union(n, other)

    def _wait(self, find: str, anchor: str) -> None:
        self.waiting.setdefault(find, []).append(anchor)
        self.waiting.touch(find)

    # -- evidence -----------------------------------------------------------------------------
    def add(self, ev: Evidence) -> None:
        """Add one cluster's evidence (a cluster with no claim and no pin is an entity of its
        own: `decide_alone`)."""
        anchor = _anchor(ev)
        if anchor is None:
            return
        self._bound()
        self._rep = {}
        self._joined = {}
        self._root(anchor)
        for c in ev.claims:
            self.union(anchor, c)
            self._claim(c)
        if ev.finds:
            for f in ev.finds:
                if f in self.claimed:
                    self.union(anchor, f)
                else:
                    self._wait(f, anchor)
        root = self.find(anchor)
        group = self.groups[root]
        if ev.pin:
            part = group.pins.setdefault(ev.pin, Part())
        else:
            if group.free is None:
                group.free = Part()
            part = group.free
        part.add(ev)
        self.groups.touch(root)

    def merge(self, other: EntityTable) -> EntityTable:
        """Add everything `other` saw (a partial table of another part of the corpus)."""
        self._rep = {}
        self._joined = {}
        for n, _ in other.parent.items():
            self._bound()
            r = other.find(n)
            self._root(n)
            if n != r:
                self.union(n, r)
        for r, group in other.groups.items():
            self._bound()
            root = self.find(r)
            self.groups[root].absorb(copy_group(group))
            self.groups.touch(root)
        for n, _ in other.claimed.items():
            self._bound()
            self._claim(n)
        for n, finders in other.waiting.items():
            self._bound()
            for f in finders:
                if n in self.claimed:
                    self.union(n, f)
                else:
                    self._wait(n, f)
        return self

    # -- decisions ----------------------------------------------------------------------------
    def decide(self, ev: Evidence) -> Decision:
        """The entity a cluster with this evidence (already added) is."""
        anchor = _anchor(ev)
        if anchor is None or anchor not in self.parent:
            return decide_alone(ev, self.gazetteer)
        self._bound()
        root = self.find(anchor)
        group = self._joined.get(self._rep.get(root, root)) or self.groups[root]
        if ev.pin:
            chosen = ev.pin == min(group.pins)
            return pin_decision(
                ev.pin, group.pins.get(ev.pin), self.gazetteer, group.free if chosen else None
            )
        return self._group_decision(group)

    def _group_decision(self, group: Group) -> Decision:
        if group.pins:
            k = min(group.pins)
            return pin_decision(k, group.pins[k], self.gazetteer, group.free)
        return free_decision(group.free or Part())

    def freeze(self) -> EntityTable:
        """Once all evidence is in: components whose decisions mint one key are one entity
        (two names whose slugs meet, "Straße" and "Strasse"; a free name that slugs to a pinned
        key). Joined in rounds until no two keys meet, which depends on the set of components
        only: after the first round only a joined group has a new key, so only its key can
        meet another. Adding evidence afterwards undoes it until the next `freeze`."""
        keys = _Keys(self._disk if self.on_disk else None)
        batch: list[tuple[str, str]] = []
        for r, g in self.groups.items():
            if g.pins or g.free is not None:
                batch.append((self._group_decision(g).key, r))
            if len(batch) >= 10_000:
                keys.add(batch)
                batch = []
        keys.add(batch)
        rep: dict[str, str] = {}
        joined: dict[str, Group] = {}
        meets = keys.meets()
        while meets:
            made = []
            for roots in meets:
                group = Group()
                for r in roots:
                    group.absorb(copy_group(joined.pop(r, None) or self.groups[r]))
                    rep[r] = roots[0]
                keys.drop(roots)
                joined[roots[0]] = group
                made.append((self._group_decision(group).key, roots[0]))
            keys.add(made)
            meets = keys.meets()
        self._rep = {r: _top(rep, r) for r in rep}
        self._joined = joined
        return self

    def decisions(self) -> Iterator[tuple[Decision, Part, bool]]:
        """Every entity the table knows, with what its clusters said and whether its key is a
        pin (one row per key): the index rows of the store come from here."""
        done: set[str] = set()  # joined components given already (the others come once)
        for root, own in self.groups.items():
            top = self._rep.get(root, root)
            if top in self._joined:
                if top in done:
                    continue
                done.add(top)
            group = self._joined.get(top) or own
            chosen = min(group.pins) if group.pins else None
            for k, part in sorted(group.pins.items()):
                merged = copy_part(part)
                if k == chosen and group.free is not None:
                    merged.absorb(group.free)
                free = group.free if k == chosen else None
                yield pin_decision(k, part, self.gazetteer, free), merged, True
            if chosen is None and group.free is not None:
                yield free_decision(group.free), group.free, False

    def __len__(self) -> int:
        return len(self.groups)


class _Keys:
    """The key each component's decision mints, to find the components that meet on one: in
    memory, or, for a table on disk, in its `keys` table."""

    def __init__(self, disk: Scratch | None) -> None:
        self._disk = disk
        self._of: dict[str, str] = {}  # root -> key
        self._by: dict[str, set[str]] = {}  # key -> roots
        if disk is not None:
            disk.open().execute("DELETE FROM keys")

    def add(self, pairs: Iterable[tuple[str, str]]) -> None:
        """(key, root) pairs."""
        if self._disk is not None:
            with self._disk.transaction() as db:
                db.executemany("INSERT INTO keys VALUES (?, ?)", ((r, k) for k, r in pairs))
            return
        for k, r in pairs:
            self._of[r] = k
            self._by.setdefault(k, set()).add(r)

    def drop(self, roots: Iterable[str]) -> None:
        if self._disk is not None:
            with self._disk.transaction() as db:
                db.executemany("DELETE FROM keys WHERE k = ?", ((r,) for r in roots))
            return
        for r in roots:
            self._by[self._of.pop(r)].discard(r)

    def meets(self) -> list[list[str]]:
        """The roots (sorted) of each key two or more components share."""
        if self._disk is None:
            return [sorted(rs) for rs in self._by.values() if len(rs) > 1]
        db = self._disk.open()
        shared = [k for (k,) in db.execute("SELECT v FROM keys GROUP BY v HAVING COUNT(*) > 1")]
        return [
            sorted(r for (r,) in db.execute("SELECT k FROM keys WHERE v = ?", (k,))) for k in shared
        ]


def _anchor(ev: Evidence) -> str | None:
    return f"pin|{ev.pin}" if ev.pin else (ev.claims[0] if ev.claims else None)


def _top(rep: dict[str, str], r: str) -> str:
    while r in rep and rep[r] != r:
        r = rep[r]
    return r


def merged(tables: Iterable[EntityTable]) -> EntityTable:
    """One table of several partial tables (a Dask reduce folds them pairwise)."""
    out: EntityTable | None = None
    for t in tables:
        out = t if out is None else out.merge(t)
    return out if out is not None else EntityTable()
