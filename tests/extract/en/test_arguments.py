"""Slot fillers shared by the English rules, on the real model with invented news sentences."""

from __future__ import annotations

import pytest

from kg.model import Article

pytestmark = pytest.mark.slow


def _facts(text: str, predicate: str) -> set[tuple[str, str]]:
    from kg.extract import extract_articles

    ex = next(extract_articles([Article(id="t", text=text, lang="en")]))
    return {(f.subject.name, f.object.name) for f in ex.facts if f.predicate == predicate}


def test_a_class_of_firms_stands_for_its_examples() -> None:
    got = _facts(
        "Rival carmakers such as Toyota Motor Corp and Honda Motor Co have invested in "
        "Ballard Power Systems.",
        "investsIn",
    )
    assert {("Toyota", "Ballard Power Systems"), ("Honda", "Ballard Power Systems")} <= got


def test_examples_of_a_passive_agent() -> None:
    got = _facts(
        "Mobile television services are offered by several European operators, like Italy's TIM.",
        "produces",
    )
    assert ("TIM", "Mobile television services") in got


def test_a_free_service_names_no_product() -> None:
    got = _facts("Competitors like Google already offer free services to bloggers.", "produces")
    assert not any(o.endswith("services") for _, o in got)


def test_examples_stand_in_only_for_the_verbs_own_slot() -> None:
    got = _facts(
        "Rivals such as Kelmar Sports would be able to cut costs by selling snowboards through "
        "their shops.",
        "produces",
    )
    assert not any(s == "Kelmar Sports" for s, _ in got)
