"""What one named cluster of one article says about its entity (`Evidence`), and what the clusters
of one component of the entity table say together (`Part`, `Group`, joined as a semilattice:
the least label, the least type, the union of names) and decide (`Decision`): the values of
`kg.resolve.table`, which keeps them."""

from __future__ import annotations

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


def copy_part(p: Part) -> Part:
    return Part(set(p.claims), set(p.finds), set(p.names), p.label, p.override, p.type)


def copy_group(g: Group) -> Group:
    return Group(
        {k: copy_part(p) for k, p in g.pins.items()},
        copy_part(g.free) if g.free is not None else None,
    )


def decide_alone(ev: Evidence, gazetteer: gaz.Gazetteer) -> Decision:
    part = Part()
    part.add(ev)
    if ev.pin:
        return pin_decision(ev.pin, part, gazetteer)
    return free_decision(part)
