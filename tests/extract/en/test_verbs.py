"""kg.extract.en.verbs: verb rules on the real model with invented sentences."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _facts(text: str) -> set[tuple[str, str, str]]:
    from kg.extract import extract_articles
    from kg.model import Article

    ex = next(iter(extract_articles([Article(id="v", text=text, lang="en")])))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


def test_what_clients_are_provided_with_is_the_product() -> None:
    facts = _facts(
        "Tallis Foods has been providing clients with health-related products such as pedometers."
    )
    assert ("Tallis Foods", "produces", "pedometers") in facts
    assert not any(o.endswith("products") for _, p, o in facts if p == "produces")


def test_buying_branches_is_no_supply() -> None:
    facts = _facts("Kerrow Savings said it will buy three branches from Dunmore Bank.")
    assert not any(p == "buysFrom" for _, p, _ in facts)
