"""kg.extract.en.verbs: verb rules on the real model with invented sentences."""

from __future__ import annotations

import pytest
from support.extraction import facts as extracted
from support.extraction import modal_facts

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


def test_buying_a_unit_ends_its_owners_holding() -> None:
    facts = modal_facts("Kerrow Bank bought Tallis Group's industrial paint division last year.")
    assert ("industrial paint division", "subsidiaryOf", "Tallis Group", "Negated") in facts
    facts = modal_facts("Kerrow Bank acquired Dunmore Savings from Tallis Group in May.")
    assert ("Dunmore Savings", "subsidiaryOf", "Tallis Group", "Negated") in facts


def test_a_planned_purchase_states_no_holding_of_the_seller() -> None:
    facts = modal_facts("Kerrow Bank agreed to acquire Dunmore Savings from Tallis Group.")
    assert ("Kerrow Bank", "acquires", "Dunmore Savings", "Planned") in facts
    assert not any(f[1] == "subsidiaryOf" for f in facts)


def test_a_city_before_a_region_based_name_is_no_party() -> None:
    facts = extracted(
        "Tallis Group agreed to sell its industrial paint business to Troy, Michigan-based"
        " Kerrow Corp."
    )
    assert ("Kerrow", "acquires", "industrial paint business") in facts
    assert ("Kerrow", "basedIn", "Troy") in facts
    assert ("Kerrow", "basedIn", "Michigan") in facts
    assert not any(s == "Troy" for s, _, _ in facts)


def test_a_misspelt_word_after_a_name_is_no_part_of_it() -> None:
    facts = extracted("Halcyon Group said Brennock wil keep a 40 pct stake in Corra Dairies.")
    assert ("Brennock", "investsIn", "Corra Dairies") in facts
    assert not any("wil" in s for s, _, _ in facts)


def test_merged_into_a_company_merges_with_it() -> None:
    facts = modal_facts(
        "Halcyon Corp said it grew. Corra Dairies, the UK group, had been merged into Halcyon"
        " in 2003."
    )
    assert ("Corra Dairies", "mergesWith", "Halcyon", "Asserted") in facts
    facts = modal_facts("Halcyon Corp merged its two units with Corra Corp.")
    assert ("Halcyon", "mergesWith", "Corra", "Asserted") in facts


def test_merging_two_companies_merges_them_with_each_other() -> None:
    facts = modal_facts("Halvern Corp said it will merge Kessler Inc and Dunmore Ltd next year.")
    assert ("Kessler", "mergesWith", "Dunmore", "Planned") in facts
    assert not any(f[:2] == ("Halvern", "mergesWith") for f in facts)


def test_a_regulator_holds_no_stake_and_is_no_negotiating_party() -> None:
    got = extracted("The Securities and Exchange Commission holds a 5 pct stake in Corra Inc.")
    assert not any(p == "investsIn" for _, p, _ in got)
    got = extracted("Halvern Corp is in talks with the Securities and Exchange Commission.")
    assert not any(p == "negotiatesWith" for _, p, _ in got)
    got = extracted("Halvern Corp is in talks with Corra Inc about the waiver.")
    assert ("Halvern", "negotiatesWith", "Corra") in got


@pytest.mark.parametrize(
    "text",
    [
        "Halvern Corp was prepared to pay 500 mln dlrs for Kessler Corp.",
        "Halvern Corp said it is willing to buy Kessler Corp.",
        "Halvern Corp is ready to purchase Kessler Corp from Dunmore Inc.",
    ],
)
def test_a_company_ready_to_buy_has_bought_nothing_yet(text: str) -> None:
    facts = modal_facts(text)
    assert ("Halvern", "acquires", "Kessler", "Planned") in facts
    assert ("Kessler", "subsidiaryOf", "Dunmore", "Negated") not in facts


def test_a_past_tense_the_tagger_calls_a_noun_is_still_the_verb() -> None:
    """ "Halvern Corp bid for Kessler Corp.": tagged a noun, parsed as the clause's predicate
    with its subject; the noun with an article of its own stays the noun."""
    assert modal_facts("Halvern Corp bid for Kessler Corp.") == {
        ("Halvern", "acquires", "Kessler", "Planned")
    }
    assert not any(
        f[:3] == ("Halvern", "acquires", "Kessler")
        for f in modal_facts("The Halvern Corp bid for Kessler Corp was rejected.")
    )


@pytest.mark.parametrize(
    "text",
    [
        "Halvern Inc said it has signed a definitive agreement to be acquired by Dunmore Inc for"
        " 20 mln dlrs.",
        "Halvern Inc said it signed a letter of intent to be acquired by Dunmore Inc.",
        "Halvern Inc said it has received an offer to be acquired by Dunmore Inc.",
        "Halvern cited its agreement to be acquired by Dunmore Inc for 90 dlrs a share.",
    ],
)
def test_an_agreement_to_be_acquired_is_its_partys(text: str) -> None:
    assert ("Dunmore", "acquires", "Halvern", "Planned") in modal_facts(text)


def test_what_is_to_be_acquired_is_still_the_noun() -> None:
    got = extracted("The plant to be acquired by Dunmore Inc is in Ohio, Halvern Inc said.")
    assert not any(p == "acquires" and o == "Halvern" for _, p, o in got)


def test_who_gets_or_obtains_control_of_a_company_acquires_it() -> None:
    assert ("Halvern", "acquires", "Dunmore", "Asserted") in modal_facts(
        "Halvern Corp got 51 pct control of Dunmore Corp last year."
    )
    assert ("Halvern", "acquires", "Dunmore", "Planned") in modal_facts(
        "Halvern Corp wants to obtain control of Dunmore Corp."
    )
    assert ("Halvern", "buysFrom", "Dunmore", "Asserted") in modal_facts(
        "Halvern Corp obtained chips from Dunmore Corp."
    )


def test_a_name_described_as_owned_by_another_is_its_subsidiary() -> None:
    facts = modal_facts(
        "Halvern Corp, wholly-owned by Dunmore Group, is expected to absorb a rival business."
    )
    assert ("Halvern", "subsidiaryOf", "Dunmore Group", "Asserted") in facts
    facts = modal_facts(
        "Kessler Holdings Ltd, a new company controlled by Dunmore Group, will bid."
    )
    assert ("Kessler Holdings", "subsidiaryOf", "Dunmore Group", "Asserted") in facts
    # a common noun the participle describes is no name; no by-agent, no owner
    got = modal_facts("Fiat will integrate the Maserati car company - owned by Ferrari - soon.")
    assert not any(p == "subsidiaryOf" and s != "Maserati" for s, p, _, _ in got)
    assert modal_facts("Dunmore said Halvern Corp is a wholly-owned subsidiary.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Halvern Corp said it agreed to sell certain assets and inventories of its steel "
        "service operations to Kessler Ltd.",
        "Halvern Corp said it sold four of its smoking tobacco brands to Kessler Inc.",
        "Kessler Inc agreed to buy two Denver radio stations from Halvern Corp for 24 mln dlrs.",
        "Halvern Corp said it plans to sell its sawmill in Lakeview, Oregon to Kessler Co.",
    ],
)
def test_assets_plants_and_parts_of_a_business_sold_are_no_supply(text: str) -> None:
    assert not any(f[1] == "buysFrom" for f in modal_facts(text))


def test_goods_bought_from_a_maker_are_still_a_supply() -> None:
    facts = modal_facts("Kessler Inc bought 500 trucks from Halvern Corp.")
    assert ("Kessler", "buysFrom", "Halvern", "Asserted") in facts


@pytest.mark.parametrize(
    "text",
    [
        "Halvern Corp said it plans to sell its sawmill in Lakeview, Oregon to Kessler Co.",
        "Halvern Corp has sold a portion of its stake in Kessler Inc.",
        "Halvern Corp said it agreed to sell certain assets and inventories of its steel "
        "service operations to Kessler Ltd.",
    ],
)
def test_a_plant_assets_or_a_part_sold_are_no_product_of_the_seller(text: str) -> None:
    assert not any(f[1] == "produces" for f in modal_facts(text))


def test_goods_sold_are_still_the_sellers_product() -> None:
    assert ("Halvern", "produces", "trucks", "Asserted") in modal_facts(
        "Halvern Corp sold 500 trucks to Kessler Inc."
    )
