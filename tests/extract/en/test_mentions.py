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


def test_a_website_or_chain_named_in_a_deal_is_the_company() -> None:
    assert ("Kessler", "acquires", "Dunmore", "Asserted") in modal_facts(
        "Kessler Corp bought the Dunmore website last year."
    )
    assert ("Kessler", "acquires", "Dunmore", "Planned") in modal_facts(
        "Kessler Corp agreed to buy the Dunmore chain of stores."
    )


def test_the_name_on_an_articled_unit_is_its_owner() -> None:
    facts = modal_facts(
        "Halvern Corp was forced to sell assets. By selling the Halvern unit to Kessler Group, "
        "the state kept control."
    )
    assert not any(f[:3] == ("Kessler Group", "acquires", "Halvern") for f in facts)
    facts = modal_facts("Halvern Corp sold its Dunmore unit to Kessler Group.")
    assert ("Kessler Group", "acquires", "Dunmore", "Asserted") in facts


def test_a_wire_name_opened_by_initials_joined_by_and_is_one_company() -> None:
    """ "S and A ... Sales and Services Corp": two letters joined by "and" open one name that
    runs on to its legal form; with the words after the last "and" written alone elsewhere
    the article shows two companies."""
    one = modal_facts("Condere Corp agreed to buy R and T Truck Tire Sales and Services Corp.")
    assert one == {
        ("Condere", "acquires", "R and T Truck Tire Sales and Services", "Planned"),
    }
    two = modal_facts(
        "Halvern Corp bought R and T Tire Sales and Dunmore Services Corp. Dunmore Services "
        "said it was pleased."
    )
    assert ("Halvern", "acquires", "Dunmore Services", "Asserted") in two
    assert not any(" and Dunmore" in f[2] for f in two)
