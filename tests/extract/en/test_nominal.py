"""kg.extract.en.nominal: facts a deal noun states (real model, invented wire-style sentences)."""

from __future__ import annotations

import pytest
from support.extraction import modal_facts

pytestmark = pytest.mark.slow


def test_the_target_of_an_offer_is_what_the_offer_is_for() -> None:
    facts = modal_facts(
        "Dunmore Convertible Fund Inc, the target of an unfriendly cash offer by <Harwick "
        "Investment Holdings Inc>, said its shareholders approved new voting rules."
    )
    assert ("Harwick Investment Holdings", "acquires", "Dunmore Convertible Fund", "Planned") in (
        facts
    )


def test_a_target_of_criticism_is_no_deal() -> None:
    facts = modal_facts("Dunmore Fund, the target of sharp criticism by Harwick Holdings, said no.")
    assert not any(p == "acquires" for _, p, _, _ in facts)
