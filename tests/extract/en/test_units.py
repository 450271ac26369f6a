"""kg.extract.en.units: a company's unnamed unit described by its trade is a node (real model,
invented wire-style sentences)."""

from __future__ import annotations

import pytest
from support.extraction import modal_facts

pytestmark = pytest.mark.slow


def test_a_unit_sold_is_named_by_its_trade() -> None:
    facts = modal_facts(
        "Kerrow Industries Inc said its Tallis Corp subsidiary agreed to sell its sintered "
        "bearing materials business in Italy to Harwick Corp, for undisclosed terms."
    )
    assert ("Harwick", "acquires", "bearing materials business", "Planned") in facts
    assert ("bearing materials business", "subsidiaryOf", "Tallis", "Asserted") in facts


def test_a_unit_offloaded_was_its_sellers() -> None:
    facts = {
        (s, p, o)
        for s, p, o, _ in modal_facts(
            "Tallis revealed it was to offload its US gaming division to Kerrow Investors."
        )
    }
    assert ("Kerrow Investors", "acquires", "us gaming division") in facts
    assert ("us gaming division", "subsidiaryOf", "Tallis") in facts


def test_the_sale_of_a_unit_to_a_buyer() -> None:
    facts = modal_facts(
        "Earlier this week, Dunmore announced the sale of its industrial hose and assembly "
        "business division to Harwick Corp of Dallas, Texas."
    )
    assert any(
        s == "Harwick" and p == "acquires" and o.startswith("industrial hose and assembly")
        for s, p, o, _ in facts
    )


@pytest.mark.parametrize(
    "text",
    [
        "Dunmore sold its tea business to Harwick Capital.",  # one word: no unit of its own
        "Dunmore completed the sale of 5 pct of Tallis Corp to Harwick Inc.",  # a stake sold
    ],
)
def test_no_unit_and_no_acquisition(text: str) -> None:
    facts = modal_facts(text)
    assert not any(p == "acquires" and s == "Harwick" for s, p, _, _ in facts if p)
    assert not any(o.endswith("business") for _, _, o, _ in facts)


def test_a_unit_spun_off_is_no_longer_owned() -> None:
    facts = modal_facts("Dunmore has spun off its aluminium rolling operations.")
    assert not any(p == "subsidiaryOf" and m == "Asserted" for _, p, _, m in facts)


@pytest.mark.parametrize(
    "text",
    [
        "Halvern Inc said it expects to merge with a wholly-owned subsidiary of Dunmore Industries"
        " Inc in early May.",
        "It said Halvern Inc will be merged into a subsidiary of Dunmore Industries on March 24.",
        "Halvern Inc said it has entered into a definitive agreement to merge into a company"
        " formed by <Dunmore Industries> for 16.50 dlrs in cash.",
    ],
)
def test_merging_into_a_company_owned_or_formed_by_another_is_being_bought(text: str) -> None:
    facts = modal_facts(text)
    assert ("Dunmore Industries", "acquires", "Halvern", "Planned") in facts


def test_a_unit_merged_with_another_companys_unit_buys_nothing() -> None:
    facts = modal_facts("Halvern Corp agreed to merge its unit with a unit of Dunmore Corp.")
    assert not any(p == "acquires" for _, p, _, _ in facts)
    # a named unit is a party of its own
    facts = modal_facts(
        "Halvern Corp said its shareholders approved the merger with Maricorp Inc, a unit of"
        " <Dunmore Corp>."
    )
    assert not any(p == "acquires" for _, p, _, _ in facts)
