"""An unnamed new facility is a node only when the article identifies it by operator and place.

"a refinery in Houston was closed", "a new project funded by the EU": a facility introduced
with no name (key `kg.model.NEW_KEY`) is one of many; only its operator (or financier, owner,
buyer) together with its place tell it apart ("Western Refining Company's refinery in Texas",
"BP's Texas City refinery": the issue's "plants labelled by operator and place"). Facts about an
unnamed facility that lacks either are dropped: a node nobody can tell from the next refinery
is a junk edge. Definite back-references ("the plant") are left to the resolver, which merges
them into the facility they name.
"""

from __future__ import annotations

from kg.model import NEW_KEY, Fact, Mention

# Relations that say whose a facility is (it is their object).
_OWNING = frozenset({"operates", "finances", "investsIn", "acquires", "buysFrom"})


def identified(facts: list[Fact]) -> list[Fact]:
    """`facts` without those about an unnamed facility that has no operator or no place."""
    owned = {f.object.key for f in facts if f.predicate in _OWNING}
    placed = {f.subject.key for f in facts if f.predicate == "locatedIn"}

    known = owned & placed

    def anonymous(m: Mention) -> bool:
        return m.type == "Facility" and m.key.startswith(NEW_KEY) and m.key not in known

    return [f for f in facts if not anonymous(f.subject) and not anonymous(f.object)]
