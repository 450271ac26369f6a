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
