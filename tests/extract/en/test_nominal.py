"""kg.extract.en.nominal: facts a deal noun states (real model, invented wire-style sentences)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _facts(text: str) -> set[tuple[str, str, str, str]]:
    from kg.extract import extract_articles
    from kg.model import Article

    ex = next(iter(extract_articles([Article(id="n", text=text, lang="en")])))
    return {(f.subject.name, f.predicate, f.object.name, f.modality) for f in ex.facts}


def test_the_target_of_an_offer_is_what_the_offer_is_for() -> None:
    facts = _facts(
        "Dunmore Convertible Fund Inc, the target of an unfriendly cash offer by <Harwick "
        "Investment Holdings Inc>, said its shareholders approved new voting rules."
    )
    assert ("Harwick Investment Holdings", "acquires", "Dunmore Convertible Fund", "Planned") in (
        facts
    )


def test_a_target_of_criticism_is_no_deal() -> None:
    facts = _facts("Dunmore Fund, the target of sharp criticism by Harwick Holdings, said no.")
    assert not any(p == "acquires" for _, p, _, _ in facts)
