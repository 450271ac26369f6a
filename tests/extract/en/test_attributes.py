"""kg.extract.en.attributes: facts a name's own words state (real model, invented sentences)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _facts(text: str) -> set[tuple[str, str, str]]:
    from kg.extract import extract_articles
    from kg.model import Article

    ex = next(iter(extract_articles([Article(id="a", text=text, lang="en")])))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


def test_a_country_possessive_glued_to_a_name_is_its_base() -> None:
    facts = _facts("China's Wuhan Iron and Steel Co. said it was delaying a share sale.")
    assert any(p == "basedIn" and o == "China" and s.startswith("Wuhan") for s, p, o in facts)


def test_a_country_inside_a_name_is_no_base() -> None:
    facts = _facts("Harwick Telecom Austria said it was delaying a share sale.")
    assert not any(p == "basedIn" for _, p, _ in facts)
