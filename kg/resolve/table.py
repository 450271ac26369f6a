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
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg import gazetteer as gaz
from kg import places
from kg.gazetteer import fold
from kg.mint import entity_key, slug
from kg.model import ENTITY_TYPES, TYPE_OF_KEY_PREFIX, fast_pickle
from kg.names import is_acronym

# Types that may denote one entity (kg.resolve.index.COMPATIBLE) share a class.
_CLASS = {"Country": "Place", "Technology": "Product"}
_TYPE_RANK = {t: i for i, t in enumerate(ENTITY_TYPES)}


def type_class(etype: str) -> str:
    return _CLASS.get(etype, etype)


def node(etype: str, form: str) -> str:
    """The table node of a name form for an entity of type `etype`."""
    return f"{type_class(etype)}|{fold(form)}"


def name_order(name: str) -> tuple[bool, str, bool, str]:
    """Sort key of candidate labels: long forms first, then by folded form, mixed case before
    capitals ("LG Energy Solution" before "LG ENERGY SOLUTION"), then as written."""
    return (is_acronym(name), fold(name), name.isupper(), name)


def _least(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a if b is None else b
    return min(a, b, key=name_order)


def _least_type(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a if b is None else b
    return min(a, b, key=lambda t: (_TYPE_RANK.get(t, len(_TYPE_RANK)), t))


@fast_pickle
@dataclass(frozen=True, slots=True)
class Evidence:
    """What one named cluster of one article says about its entity."""

    type: str
    label: str | None  # None: this cluster proposes no name (an overrides merge into a key)
    claims: tuple[str, ...] = ()
    finds: tuple[str, ...] = ()
    pin: str | None = None
    override: str | None = None  # the label an overrides `merge` directive gives
    names: tuple[str, ...] = ()  # surface names (the entity's aliases)


@fast_pickle
@dataclass(frozen=True, slots=True)
class Decision:
    key: str
    label: str
    type: str


@dataclass(slots=True)
class Part:
    """What the clusters assigned to one key (a pin, or the free clusters) of a component said."""

    claims: set[str] = field(default_factory=set)
    finds: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    label: str | None = None
    override: str | None = None
    type: str | None = None

    def add(self, ev: Evidence) -> None:
        self.claims.update(ev.claims)
        self.finds.update(ev.finds)
        self.names.update(ev.names)
        self.label = _least(self.label, ev.label)
        self.override = _least(self.override, ev.override)
        self.type = _least_type(self.type, ev.type)

    def absorb(self, other: Part) -> None:
        self.claims |= other.claims
        self.finds |= other.finds
        self.names |= other.names
        self.label = _least(self.label, other.label)
        self.override = _least(self.override, other.override)
        self.type = _least_type(self.type, other.type)


@dataclass(slots=True)
class Group:
    """One component: the part of each pin in it, and the part of its free clusters."""

    pins: dict[str, Part] = field(default_factory=dict)
    free: Part | None = None

    def absorb(self, other: Group) -> None:
        for k, part in other.pins.items():
            mine = self.pins.get(k)
            if mine is None:
                self.pins[k] = part
            else:
                mine.absorb(part)
        if other.free is not None:
            if self.free is None:
                self.free = other.free
            else:
                self.free.absorb(other.free)


def pin_decision(
    key: str, part: Part | None, gazetteer: gaz.Gazetteer, free: Part | None = None
) -> Decision:
    """A pinned key's label and type: the gazetteer's, the place index's, else the least name
    of the clusters pinned to it or (when it is their component's pin) of its free clusters,
    else the key's last segment (an overrides key nothing names)."""
    entry = gazetteer.entries.get(key)
    if entry is not None:
        return Decision(key, entry.label, entry.type)
    place = places.by_key(key)
    if place is not None:
        return Decision(key, place.label, place.type)
    etype = TYPE_OF_KEY_PREFIX.get(key.split("/", 1)[0]) or (part.type if part else None)
    label = _least(part.label if part else None, free.label if free else None)
    return Decision(key, label or key.rsplit("/", 1)[-1].replace("-", " "), etype or "Organization")


def free_decision(part: Part) -> Decision:
    label = part.override or part.label or ""
    etype = part.type or "Organization"
    return Decision(entity_key(etype, slug(label) or "x"), label, etype)


class EntityTable:
    """Union-find over name nodes and pins, with each component's `Group`."""

    def __init__(self, gazetteer: gaz.Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else gaz.load()
        self.parent: dict[str, str] = {}
        self.groups: dict[str, Group] = {}  # root -> its group
        self.claimed: set[str] = set()
        self.waiting: dict[str, list[str]] = {}  # unclaimed find node -> nodes that look for it
        # After `freeze`: components joined because they mint one key (root -> representative)
        # and the joined groups; an overlay, so the union-find stays a function of the evidence.
        self._rep: dict[str, str] = {}
        self._joined: dict[str, Group] = {}

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "gazetteer"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.gazetteer = gaz.load()

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
        return keep

    def _claim(self, n: str) -> None:
        if n in self.claimed:
            return
        self.claimed.add(n)
        for other in self.waiting.pop(n, ()):
            self.union(n, other)

    # -- evidence -----------------------------------------------------------------------------
    def add(self, ev: Evidence) -> None:
        """Add one cluster's evidence (a cluster with no claim and no pin is an entity of its
        own: `decide_alone`)."""
        anchor = _anchor(ev)
        if anchor is None:
            return
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
                    self.waiting.setdefault(f, []).append(anchor)
        group = self.groups[self.find(anchor)]
        if ev.pin:
            part = group.pins.setdefault(ev.pin, Part())
        else:
            if group.free is None:
                group.free = Part()
            part = group.free
        part.add(ev)

    def merge(self, other: EntityTable) -> EntityTable:
        """Add everything `other` saw (a partial table of another part of the corpus)."""
        self._rep = {}
        self._joined = {}
        for n in other.parent:
            r = other.find(n)
            self._root(n)
            if n != r:
                self.union(n, r)
        for r, group in other.groups.items():
            self.groups[self.find(r)].absorb(_copy(group))
        for n in sorted(other.claimed):
            self._claim(n)
        for n, finders in other.waiting.items():
            for f in finders:
                if n in self.claimed:
                    self.union(n, f)
                else:
                    self.waiting.setdefault(n, []).append(f)
        return self

    # -- decisions ----------------------------------------------------------------------------
    def decide(self, ev: Evidence) -> Decision:
        """The entity a cluster with this evidence (already added) is."""
        anchor = _anchor(ev)
        if anchor is None or anchor not in self.parent:
            return decide_alone(ev, self.gazetteer)
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
        only. Adding evidence afterwards undoes it until the next `freeze`."""
        current = dict(self.groups)
        rep: dict[str, str] = {}
        joined: dict[str, Group] = {}
        while True:
            by_key: dict[str, list[str]] = {}
            for r, g in current.items():
                if g.pins or g.free is not None:
                    by_key.setdefault(self._group_decision(g).key, []).append(r)
            meets = [sorted(rs) for rs in by_key.values() if len(rs) > 1]
            if not meets:
                break
            for roots in meets:
                group = Group()
                for r in roots:
                    group.absorb(_copy(current.pop(r)))
                    rep[r] = roots[0]
                current[roots[0]] = joined[roots[0]] = group
        self._rep = {r: _top(rep, r) for r in rep}
        self._joined = joined
        return self

    def decisions(self) -> Iterator[tuple[Decision, Part, bool]]:
        """Every entity the table knows, with what its clusters said and whether its key is a
        pin (one row per key): the index rows of the store come from here."""
        done: set[str] = set()
        for root in sorted(self.groups):
            top = self._rep.get(root, root)
            if top in done:
                continue
            done.add(top)
            group = self._joined.get(top) or self.groups[top]
            chosen = min(group.pins) if group.pins else None
            for k, part in sorted(group.pins.items()):
                merged = _copy_part(part)
                if k == chosen and group.free is not None:
                    merged.absorb(group.free)
                free = group.free if k == chosen else None
                yield pin_decision(k, part, self.gazetteer, free), merged, True
            if chosen is None and group.free is not None:
                yield free_decision(group.free), group.free, False

    def __len__(self) -> int:
        return len(self.groups)


def _anchor(ev: Evidence) -> str | None:
    return f"pin|{ev.pin}" if ev.pin else (ev.claims[0] if ev.claims else None)


def _top(rep: dict[str, str], r: str) -> str:
    while r in rep and rep[r] != r:
        r = rep[r]
    return r


def _copy_part(p: Part) -> Part:
    return Part(set(p.claims), set(p.finds), set(p.names), p.label, p.override, p.type)


def _copy(g: Group) -> Group:
    return Group(
        {k: _copy_part(p) for k, p in g.pins.items()},
        _copy_part(g.free) if g.free is not None else None,
    )


def decide_alone(ev: Evidence, gazetteer: gaz.Gazetteer) -> Decision:
    part = Part()
    part.add(ev)
    if ev.pin:
        return pin_decision(ev.pin, part, gazetteer)
    return free_decision(part)


def merged(tables: Iterable[EntityTable]) -> EntityTable:
    """One table of several partial tables (a Dask reduce folds them pairwise)."""
    out: EntityTable | None = None
    for t in tables:
        out = t if out is None else out.merge(t)
    return out if out is not None else EntityTable()
