"""The cross-article alias index: folded alias -> global entity key.

It outlives one build only through the store (rdfs:label / skos:altLabel triples, read back with
`Resolver.remember`) or `export()`/`load()`; within one build it accumulates every alias seen.
Only exact folded forms are indexed, never prefixes or substrings, so a parent and its
subsidiary ("LG Chem", "LG Energy Solution") can never meet by accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg.gazetteer import fold
from kg.mint import article_scoped
from kg.names import clean, lookup_forms, spelled_out
from kg.words import word_list, words

# Generic heads that surface forms of back-references carry ("the plant", "the automaker"):
# they are labels of one article's mention, not names, and must not become cross-article keys.
GENERIC = words("resolve.generic_heads")
_DETERMINERS = tuple(f"{w} " for w in word_list("resolve.alias_determiners"))

COMPATIBLE = {
    "Organization": {"Organization"},
    "Country": {"Country", "Place"},
    "Place": {"Place", "Country"},
    "Facility": {"Facility"},
    "Product": {"Product", "Technology"},
    "Technology": {"Technology", "Product"},
    "Person": {"Person"},
}


def compatible(a: str, b: str) -> bool:
    return b in COMPATIBLE.get(a, {a})


def is_name_like(alias: str) -> bool:
    """Would this alias identify an entity outside its article?"""
    low = alias.strip().lower()
    return bool(fold(alias)) and not low.startswith(_DETERMINERS) and fold(alias) not in GENERIC


def name_forms(alias: str) -> tuple[str, ...]:
    """The forms a name claims for its entity (the surface form, its clean form and its
    spelled-out form), none for a name that is no name outside its article ("the plant")."""
    alias = " ".join(alias.split())
    if not alias or not is_name_like(alias):
        return ()
    return tuple(dict.fromkeys((alias, clean(alias), spelled_out(clean(alias)))))


@dataclass
class Entity:
    key: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)


class AliasIndex:
    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        # One name can denote entities of several types (an organisation and, through an
        # extraction slip, a facility); keeping all of them, first come first, makes a lookup
        # by (name, type) independent of which type was registered first.
        self._by_fold: dict[str, list[str]] = {}

    def add(self, key: str, label: str, type: str, aliases: Iterable[str] = ()) -> Entity:
        """Register (or extend) an entity; an alias already owned by another key stays there
        (first come, first served: deterministic for a fixed input order)."""
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key, label, type)
        for alias in (label, *aliases):
            alias = " ".join(alias.split())
            if not alias or not is_name_like(alias):
                continue
            if alias not in ent.aliases:
                ent.aliases.append(alias)
            if article_scoped(key):
                continue
            # The surface form, its clean form and its spelled-out form; the looser lookup forms
            # only find, they never claim a name.
            for form in {alias, clean(alias), spelled_out(clean(alias))}:
                keys = self._by_fold.setdefault(fold(form), [])
                if key not in keys:
                    keys.append(key)
        return ent

    def find(self, name: str, type: str, *, lang: str = "en") -> str | None:
        for form in lookup_forms(name, lang=lang):
            for key in self._by_fold.get(fold(form), ()):
                if compatible(type, self.entities[key].type):
                    return key
        return None

    def owner(self, alias: str) -> str | None:
        keys = self._by_fold.get(fold(alias))
        return keys[0] if keys else None

    def export(self) -> dict[str, list[dict[str, object]]]:
        return {
            "entities": [
                {"key": e.key, "label": e.label, "type": e.type, "aliases": list(e.aliases)}
                for e in sorted(self.entities.values(), key=lambda e: e.key)
            ]
        }

    def load(self, data: dict[str, list[dict[str, object]]]) -> None:
        for key, label, etype, aliases in saved_entities(data):
            self.add(key, label, etype, aliases)


def saved_entities(
    data: dict[str, list[dict[str, object]]],
) -> Iterator[tuple[str, str, str, list[str]]]:
    """(key, label, type, aliases) of each entity of a saved index (`{"entities": [...]}`)."""
    for row in data.get("entities", []):
        aliases = row.get("aliases") or []
        yield (
            str(row["key"]),
            str(row["label"]),
            str(row["type"]),
            [str(a) for a in aliases] if isinstance(aliases, list) else [],
        )
