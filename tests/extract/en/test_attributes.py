"""kg.extract.en.attributes: facts a name's own words state (real model, invented sentences)."""

from __future__ import annotations

import pytest
from support.extraction import facts as extracted

pytestmark = pytest.mark.slow


def test_a_country_possessive_glued_to_a_name_is_its_base() -> None:
    facts = extracted("China's Wuhan Iron and Steel Co. said it was delaying a share sale.")
    assert any(p == "basedIn" and o == "China" and s.startswith("Wuhan") for s, p, o in facts)


def test_a_country_inside_a_name_is_no_base() -> None:
    facts = extracted("Harwick Telecom Austria said it was delaying a share sale.")
    assert not any(p == "basedIn" for _, p, _ in facts)


def test_two_countries_joined_by_a_hyphen_are_no_base() -> None:
    facts = extracted("A report for the US-China Trade and Security Review Board was issued.")
    assert not any(p == "basedIn" for _, p, _ in facts)


def test_a_name_with_its_of_place_before_a_noun_is_one_name() -> None:
    facts = extracted(
        "Tallis Inc will sell the store of its Harwick House of California operation."
    )
    assert not any(p == "basedIn" for _, p, _ in facts)
    assert ("Corra", "basedIn", "Oregon") in extracted("Tallis Inc bought Corra Corp of Oregon.")


def test_a_list_of_places_is_no_city_and_its_region() -> None:
    facts = extracted("Its sites include Halcyon Systems in Leeds, York and Bath.")
    assert not any(p == "basedIn" for _, p, _ in facts)
    facts = extracted("Harwick Financial Group, Cedar Rapids, Iowa, said it acquired Corra Corp.")
    assert ("Harwick Financial Group", "basedIn", "Cedar Rapids") in facts


def test_a_strategist_at_a_firm_in_a_city_places_the_firm() -> None:
    facts = extracted(
        '"Rates will rise," said Ann Tolley, a bond strategist at Harwick Tabor in Leeds.'
    )
    assert ("Harwick Tabor", "basedIn", "Leeds") in facts


def test_a_definite_kind_of_firm_describes_the_salient_name() -> None:
    got = extracted(
        "Halvern Corp said profits fell in 2004. The Swiss drugmaker said sales would rise."
    )
    assert ("Halvern", "basedIn", "Switzerland") in got
    assert ("Halvern", "produces", "drug") in got
    got = extracted(
        "Halvern Corp filed for bankruptcy. Before its collapse, the firm was the seventh "
        "biggest public US company by revenue."
    )
    assert ("Halvern", "basedIn", "United States") in got


def test_a_service_activity_before_a_firm_noun_is_what_the_firm_sells() -> None:
    got = extracted("Kessler Bank took a stake in factoring company Halvern Corp.")
    assert ("Halvern", "produces", "factoring") in got
    got = extracted('"Rates will rise," said Ann Tolley of consulting group Harwick Tabor.')
    assert ("Harwick Tabor", "produces", "consulting") in got
    for kind in ("holding company", "mining firm", "brewing firm"):
        got = extracted(f"Kessler Bank took a stake in {kind} Halvern Corp.")
        assert not any(p == "produces" for _, p, _ in got), kind


def test_coordinated_goods_on_a_firm_noun_the_parser_hangs_elsewhere() -> None:
    got = extracted(
        "Baikal was the surprise buyer of oil and gas giant Halvern's main production division."
    )
    assert {("Halvern", "produces", "oil"), ("Halvern", "produces", "gas")} <= got
    assert not any(o == "oil giant" for _, _, o in got)
    assert ("Halvern", "produces", "oil") in extracted("Shares of oil giant Halvern fell.")
    got = extracted("Civil liberties group the Halvern Foundation has joined a legal fight.")
    assert not any(p == "produces" for _, p, _ in got)


def test_a_country_on_the_firm_noun_a_name_is_written_on_places_the_name() -> None:
    got = extracted("Germany's Halvern group said profits rose.")
    assert ("Halvern", "basedIn", "Germany") in got
    got = extracted("Kessler sold the UK's Dunmore unit to Corra.")
    assert not any(p == "basedIn" for _, p, _ in got)  # a unit is its owner's part
