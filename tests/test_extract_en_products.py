"""produces from product containers, examples, provider phrases and product lists, on the real
model with invented news-style sentences."""

from __future__ import annotations

import pytest

from kg.model import Article

pytestmark = pytest.mark.slow


def _produces(text: str) -> set[tuple[str, str]]:
    from kg.extract import extract_articles

    ex = next(extract_articles([Article(id="t", text=text, lang="en")]))
    return {(f.subject.name, f.object.name) for f in ex.facts if f.predicate == "produces"}


def test_container_and_examples() -> None:
    got = _produces("Vantor Systems offers a range of products such as thermal cameras, gas "
                    "sensors and data loggers.")
    assert {("Vantor Systems", "thermal cameras"), ("Vantor Systems", "gas sensors"),
            ("Vantor Systems", "data loggers")} <= got
    assert ("Vantor Systems", "range") not in got


def test_provider_phrase() -> None:
    got = _produces("The Zentra X5 scanner from Holloway Instruments is aimed at warehouses.")
    assert any(s == "Holloway Instruments" and "X5" in o for s, o in got)


def test_buying_from_is_not_making() -> None:
    assert _produces("Ostrava Metals bought steel coils from Tarvin Steel last year.") == set()
