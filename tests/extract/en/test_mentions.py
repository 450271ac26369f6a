"""kg.extract.en.mentions: what an argument head stands for (real model, invented sentences)."""

from __future__ import annotations

import pytest
from support.extraction import modal_facts

pytestmark = pytest.mark.slow


def test_a_unit_named_after_a_person_is_sold_as_a_company() -> None:
    facts = modal_facts(
        "LVMH has sold its loss-making Christian Lacroix clothing label to Falic Group."
    )
    assert ("Falic Group", "acquires", "Christian Lacroix", "Asserted") in facts
    assert ("Christian Lacroix", "subsidiaryOf", "LVMH", "Negated") in facts
