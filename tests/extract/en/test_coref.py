"""kg.extract.en.coref: who a pronoun or a group noun stands for in the facts it fills (real
model, invented wire-style sentences)."""

from __future__ import annotations

import pytest
from support.extraction import facts as extracted

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "text",
    [
        "A group of firms led by Harwick Partners Ltd said it acquired 969,515 shares of "
        "Dunmore Oil Corp, or 5.4 pct of the company's stock.",
        "An investor group led by Harwick Partners Ltd said it has acquired 9.5 pct of "
        "Dunmore Oil Corp.",
    ],
)
def test_a_group_led_by_a_company_acts_in_its_name(text: str) -> None:
    assert ("Harwick Partners", "investsIn", "Dunmore Oil") in extracted(text)


def test_a_group_named_after_a_company_is_the_company() -> None:
    text = "The Harwick Plc group now holds some 30 pct of Dunmore Telephone Co."
    assert ("Harwick", "investsIn", "Dunmore Telephone") in extracted(text)


def test_the_subject_of_a_relative_clause_is_not_the_name_it_describes() -> None:
    facts = extracted(
        "Kerrow Bank will focus on strengthening relations with Tallis Securities Co Ltd, in "
        "which it holds a five pct share, an analyst said."
    )
    assert ("Kerrow Bank", "investsIn", "Tallis Securities") in facts


def test_a_relative_pronoun_subject_still_stands_for_the_name() -> None:
    facts = extracted("Tallis Securities, which said it would buy 5 pct of Kerrow Bank, rose.")
    assert ("Kerrow Bank", "investsIn", "Tallis Securities") not in facts


def test_a_possessive_in_a_deal_nouns_phrase_is_the_clause_subjects() -> None:
    facts = extracted(
        "Halvern Corp said it signed an agreement with Dunmore Corp for the sale of its "
        "Kessler unit."
    )
    assert ("Kessler", "subsidiaryOf", "Halvern") in facts
    assert ("Kessler", "subsidiaryOf", "Dunmore") not in facts


def test_it_in_a_governed_clause_is_the_subject_above_not_the_nearest_name() -> None:
    facts = extracted("Halvern Corp acquired Dunmore in August, 1986 when it purchased Kessler Co.")
    assert ("Halvern", "acquires", "Kessler") in facts
    assert ("Dunmore", "acquires", "Kessler") not in facts


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "Tallis Capital, holding 2 pct of Kerrow Bank, wants it to buy back its own shares "
            "rather than buy Dunmore Corp.",
            ("Kerrow Bank", "acquires", "Dunmore"),
        ),
        (
            "Halvern Corp made an offer for Dunmore Inc when it was sold by Kessler Corp in 1985.",
            ("Dunmore", "subsidiaryOf", "Kessler"),
        ),
    ],
)
def test_it_as_an_infinitives_or_a_passive_subject_is_still_the_nearest_name(
    text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in extracted(text)


def test_it_in_a_relative_clause_on_the_verbs_phrase_is_the_subject_above() -> None:
    facts = extracted(
        "Dunmore Corp said it told Kessler Corp it was flexible on the price it would pay to "
        "acquire the company."
    )
    assert ("Dunmore", "acquires", "Kessler") in facts
    assert ("Kessler", "acquires", "Dunmore") not in facts


def test_they_after_coordinated_names_stands_for_all_of_them() -> None:
    from support.extraction import modal_facts

    facts = modal_facts("Halvern Corp and Dunmore Inc said they had agreed in principle to merge.")
    assert ("Halvern", "mergesWith", "Dunmore", "Planned") in facts
    facts = modal_facts(
        "Halvern Corp and Dunmore Inc said they have extended the term of their merger agreement."
    )
    assert ("Halvern", "mergesWith", "Dunmore", "Asserted") in facts
    # "their respective units": each party's own, not all the names'
    facts = modal_facts(
        "Halvern Corp and Dunmore Inc said they were negotiating an accord involving their "
        "respective subsidiaries Kessler Corp and Tidewell Inc."
    )
    assert ("Halvern", "negotiatesWith", "Dunmore", "Negotiating") in facts
    assert not {("Kessler", "Halvern"), ("Kessler", "Dunmore")} <= {(f[0], f[2]) for f in facts}


def test_its_on_the_object_of_an_infinitive_is_the_controlling_subjects() -> None:
    from support.extraction import modal_facts

    for text in (
        "Halvern Co said Dunmore AG of Dusseldorf agreed to raise its stake in Kessler Corp.",
        "Halvern Co said <Dunmore AG> of Dusseldorf, West Germany, agreed to raise its stake in "
        "Kessler Corp to 30 pct.",
    ):
        facts = modal_facts(text)
        assert ("Dunmore", "investsIn", "Kessler", "Planned") in facts, text
        assert not any(f[0] == "Dusseldorf" for f in facts), text
    # what one agrees to buy is another's
    facts = modal_facts("Halvern Corp agreed with Dunmore Inc to buy its Kessler Inc unit.")
    assert ("Kessler", "subsidiaryOf", "Dunmore", "Asserted") in facts


def test_their_after_nearer_coordinated_names_is_not_the_subjects() -> None:
    from support.extraction import modal_facts

    facts = modal_facts(
        "It said that Halvern Corp and Dunmore Inc, hired to advise Kessler Corp and Tidewell Inc "
        "in their merger, were paid well."
    )
    assert not any(f[0] in {"Halvern", "Dunmore"} and f[1] == "mergesWith" for f in facts)


def test_its_on_what_a_court_overturns_is_not_the_courts() -> None:
    from support.extraction import modal_facts

    facts = modal_facts(
        "Halvern Corp said the state Supreme Court overturned its proposed acquisition of "
        "Dunmore Savings Bank."
    )
    assert any(f[:3] == ("Halvern", "acquires", "Dunmore Savings Bank") for f in facts)
