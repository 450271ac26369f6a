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


def test_rights_to_a_brand_license_no_technology_from_it() -> None:
    facts = modal_facts("Halvern Corp acquired rights to the Corra brand.")
    assert not any(f[1] == "licensesTechnologyFrom" for f in facts)


def test_a_bid_by_x_for_y_when_the_parser_hangs_for_on_x() -> None:
    facts = modal_facts(
        "Analysts compared it to a bid by oil firm Halcyon Corp for Corra Dairies in 2001."
    )
    assert ("Halcyon", "acquires", "Corra Dairies", "Planned") in facts


def test_who_pays_for_a_stake_holds_it() -> None:
    facts = modal_facts(
        "Kessler Holdings Ltd agreed to pay 750 mln dlrs for a 20 pct stake in Dunmore Corp."
    )
    assert ("Kessler Holdings", "investsIn", "Dunmore", "Planned") in facts
    facts = modal_facts(
        "Diversified investment company <Harwick Ltd> has offered 3.8 billion pesos for 38 mln "
        "shares in the brewing firm <Dunmore Corp>."
    )
    assert any(f[:3] == ("Harwick", "investsIn", "Dunmore") for f in facts)


def test_shares_in_a_company_are_a_stake() -> None:
    facts = modal_facts("Kessler Holdings Ltd bought 38 mln shares in Dunmore Corp last week.")
    assert ("Kessler Holdings", "investsIn", "Dunmore", "Asserted") in facts
    facts = modal_facts("Shares in Dunmore Corp rose after Kessler Holdings Ltd said it was keen.")
    assert not any(f[1] == "investsIn" for f in facts)


def test_the_other_party_of_an_agreement_for_a_sale_buys() -> None:
    facts = modal_facts(
        "Halvern Corp said it signed agreements with <Dunmore Corp> for the sale of its Kessler "
        "Tire Sales Corp."
    )
    assert ("Dunmore", "acquires", "Kessler Tire Sales", "Planned") in facts
    assert not any(f[1] == "partnersWith" for f in facts)
    facts = modal_facts(
        "Halvern Corp reached an agreement with Dunmore Corp for the sale of Kessler Inc."
    )
    assert ("Dunmore", "acquires", "Kessler", "Planned") in facts


def test_an_offer_for_all_of_a_companys_stock_is_for_the_company() -> None:
    facts = modal_facts(
        "Halvern Group PLC's offer of 74 dlrs a share for all of Kessler Mfg Co Inc's stock was "
        "scheduled to expire."
    )
    assert ("Halvern Group", "acquires", "Kessler Mfg", "Planned") in facts


def test_a_merger_into_another_company_merges_with_it() -> None:
    facts = modal_facts("Halvern Business Inc said it has completed a merger into Dunmore Corp.")
    assert ("Halvern Business", "mergesWith", "Dunmore", "Asserted") in facts


def test_a_merger_with_an_unnamed_unit_of_y_is_ys_acquisition() -> None:
    facts = modal_facts(
        "The merger of Halvern Inc with a subsidiary of Dunmore Corp was completed."
    )
    assert ("Dunmore", "acquires", "Halvern", "Asserted") in facts
    assert not any(p == "mergesWith" for _, p, _, _ in facts)


def test_who_purchases_a_stake_holds_it() -> None:
    facts = modal_facts(
        "Halvern Life Co's 538 mln dlr purchase of a 13 pct stake in Dunmore Inc is a bold move."
    )
    assert ("Halvern Life", "investsIn", "Dunmore", "Asserted") in facts
    # a sale of a stake is no holding of the seller's
    facts = modal_facts("Halvern's sale of a stake in Dunmore Europe to Kessler Corp was approved.")
    assert not any(s == "Halvern" and p == "investsIn" for s, p, _, _ in facts)


def test_merger_talks_are_a_merger_in_talks() -> None:
    facts = modal_facts("Halvern Corp held merger talks with Dunmore Corp.")
    assert ("Halvern", "mergesWith", "Dunmore", "Negotiating") in facts
    assert not any(p == "negotiatesWith" for _, p, _, _ in facts)


@pytest.mark.parametrize(
    "text",
    [
        "Halvern Inc said its shareholders approved a merger into Dunmore Corp.",
        "Halvern Inc said shareholders at a special meeting approved a merger into Dunmore Corp.",
        "Kessler Corp said the board of Halvern Inc has approved a merger into Dunmore Corp.",
    ],
)
def test_a_merger_a_companys_body_approves_is_the_companys(text: str) -> None:
    assert ("Halvern", "mergesWith", "Dunmore", "Asserted") in modal_facts(text)


def test_a_merger_a_regulator_approves_is_not_the_regulators() -> None:
    facts = modal_facts("Halvern said the Federal Reserve Board approved a merger with Dunmore.")
    assert not any(s == "Federal Reserve Board" for s, _, _, _ in facts)


def test_an_agreement_of_merger_is_a_merger() -> None:
    facts = modal_facts("Halvern Inc said it signed an agreement of merger with Dunmore Corp.")
    assert ("Halvern", "mergesWith", "Dunmore", "Asserted") in facts
    assert not any(p == "partnersWith" for _, p, _, _ in facts)
