"""kg.extract.en.verbs: verb rules on the real model with invented sentences."""

from __future__ import annotations

import pytest
from support.extraction import facts as extracted

pytestmark = pytest.mark.slow


def test_what_clients_are_provided_with_is_the_product() -> None:
    facts = extracted(
        "Tallis Foods has been providing clients with health-related products such as pedometers."
    )
    assert ("Tallis Foods", "produces", "pedometers") in facts
    assert not any(o.endswith("products") for _, p, o in facts if p == "produces")


def test_buying_branches_is_no_supply() -> None:
    facts = extracted("Kerrow Savings said it will buy three branches from Dunmore Bank.")
    assert not any(p == "buysFrom" for _, p, _ in facts)
