"""kg.extract.en.facilities: an unnamed new facility is a node only with an operator and a
place."""

from __future__ import annotations

import pytest

from kg.extract.en.facilities import identified
from kg.model import NEW_KEY, Fact, Mention


def _m(name: str, typ: str, key: str) -> Mention:
    return Mention(name, 0, len(name), typ, name, key)


def _f(s: Mention, p: str, o: Mention) -> Fact:
    return Fact("a", s, p, o, "Asserted", 0.8, "x", 0, 1, "test")


def test_an_unnamed_facility_needs_operator_and_place() -> None:
    plant = _m("refinery", "Facility", NEW_KEY + "10")
    houston = _m("Houston", "Place", "name:houston")
    bp = _m("BP", "Organization", "name:bp")
    only_place = [_f(plant, "locatedIn", houston)]
    assert identified(only_place) == []
    both = [_f(plant, "locatedIn", houston), _f(bp, "operates", plant)]
    assert identified(both) == both


def test_named_facilities_and_back_references_are_kept() -> None:
    named = _m("Texas City refinery", "Facility", "name:texascityrefinery")
    ref = _m("the plant", "Facility", "ref:40")
    place = _m("Texas", "Place", "name:texas")
    facts = [_f(named, "locatedIn", place), _f(ref, "locatedIn", place)]
    assert identified(facts) == facts


@pytest.mark.slow
def test_a_named_facility_is_introduced_with_its_name() -> None:
    from support.extraction import facts

    got = facts("Kessler Corp, which owns the Brandon Peak ski resort in Vermont, said on Monday.")
    assert ("Kessler", "operates", "Brandon Peak ski resort") in got
    assert ("Brandon Peak ski resort", "locatedIn", "Vermont") in got
    got = facts("Kessler Corp said it opened a new office in Houston last year.")
    assert ("office", "locatedIn", "Houston") in got
