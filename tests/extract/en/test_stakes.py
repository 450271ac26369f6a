"""kg.extract.en.stakes: shares and stakes as parts of a company, and when a holding is control
(real model, invented sentences)."""

from __future__ import annotations

import pytest
from support.extraction import modal_facts

pytestmark = pytest.mark.slow


def _doc(text: str):
    from kg.nlp import load

    return load("en")(text)


def _lex():
    from kg.extract.common import lexicon

    return lexicon.load()


def test_the_company_of_a_share_noun() -> None:
    from kg.extract.en.stakes import of_company

    doc = _doc("Merrow started a tender offer for all shares of Pellam Systems Inc.")
    shares = next(t for t in doc if t.lower_ == "shares")
    company = of_company(shares, _lex())
    assert company is not None and company.text in {"Inc", "Inc."}
    assert of_company(next(t for t in doc if t.lower_ == "offer"), _lex()) is None


@pytest.mark.parametrize(
    ("text", "noun", "control"),
    [
        ("Tarvin signed a pact to buy a 51 pct interest in Oldbury Re.", "interest", True),
        ("Castel raised its stake in Dunmore Dairies to 100 pct.", "stake", True),
        ("Castel raised its stake in Dunmore Dairies to 12 pct.", "stake", False),
        ("Brackley will retain a 49 pct interest in Oldbury Re.", "interest", False),
        ("Merrow started a tender offer for all shares of Pellam Systems.", "offer", True),
        ("Merrow has offered to buy about 80 pct of Pellam shares.", "buy", True),
    ],
)
def test_control(text: str, noun: str, control: bool) -> None:
    from kg.extract.en.stakes import controlling

    doc = _doc(text)
    assert controlling(next(t for t in doc if t.lower_ == noun), _lex()) is control


@pytest.mark.parametrize(
    ("text", "trigger", "held"),
    [
        ("Halvern, which owns 80 pct of Tidewell Shipping, agreed to sell ships.", "owns", True),
        ("Corvane owns a majority interest in Pellmark Foods.", "interest", True),
        ("Corvane has a 60 pct stake in Pellmark Foods.", "stake", True),
        ("Corvane holds a 35 pct stake in Pellmark Foods.", "stake", False),
        ("Corvane bought a 60 pct stake in Pellmark Foods.", "stake", False),
        ("Corvane owns shares in Pellmark Foods.", "owns", False),
    ],
)
def test_held_control(text: str, trigger: str, held: bool) -> None:
    from kg.extract.en.stakes import held_control

    doc = _doc(text)
    assert held_control(next(t for t in doc if t.lower_ == trigger), _lex()) is held


def test_a_majority_held_makes_a_subsidiary() -> None:
    from kg.extract import extract_articles
    from kg.model import Article

    text = "Corvane Holdings owns a majority interest in Pellmark Foods."
    ex = next(iter(extract_articles([Article(id="s", text=text, lang="en")])))
    facts = {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}
    assert ("Corvane Holdings", "investsIn", "Pellmark Foods") in facts
    assert ("Pellmark Foods", "subsidiaryOf", "Corvane Holdings") in facts


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "A group of firms led by Corvane Holdings Ltd, said it acquired 969,515 shares of "
            "Pellmark Oil Corp common stock, or 5.4 pct of the company's common stock "
            "outstanding.",
            ("Corvane Holdings", "investsIn", "Pellmark Oil"),
        ),
        (
            "Corvane Holdings said it will have a 44 pct stake in Pellmark Foods Inc's "
            "outstanding shares.",
            ("Corvane Holdings", "investsIn", "Pellmark Foods"),
        ),
        (
            "Corvane Holdings holds a five pct share in Pellmark Foods Inc.",
            ("Corvane Holdings", "investsIn", "Pellmark Foods"),
        ),
    ],
)
def test_the_company_written_on_a_share_noun(text: str, fact: tuple[str, str, str]) -> None:
    from kg.extract import extract_articles
    from kg.model import Article

    ex = next(iter(extract_articles([Article(id="s", text=text, lang="en")])))
    assert fact in {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


def test_a_share_class_names_no_company() -> None:
    from kg.extract.en.stakes import named_on

    doc = _doc("Corvane bought 500,000 Class A shares of Pellmark.")
    assert [t.text for t in named_on(next(t for t in doc if t.lower_ == "shares"), _lex())] != [
        "Pellmark"
    ]


def test_shares_bought_are_no_acquisition_of_the_company() -> None:
    from kg.extract import extract_articles
    from kg.model import Article

    text = "Corvane Holdings said it acquired 969,515 shares of Pellmark Foods Inc common stock."
    ex = next(iter(extract_articles([Article(id="s", text=text, lang="en")])))
    assert not any(f.predicate == "acquires" for f in ex.facts)


@pytest.mark.parametrize(
    "text",
    [
        "Halcyon Corp bought a 20 pct stake in Corra Dairies Ltd from Brennock Group Plc.",
        "Halcyon Corp has raised its stake in Corra Dairies Ltd to 100 pct, a spokesman said."
        " The stake had been bought from Brennock Group Plc in May.",
        "Halcyon Corp offered 20 mln dlrs for 38 mln shares in <Corra Dairies Ltd>, a paper said."
        " The shares are the entire block seized by the state from Brennock Group Plc last year.",
    ],
)
def test_a_stake_bought_from_a_holder_ends_its_holding(text: str) -> None:
    assert ("Brennock Group", "investsIn", "Corra Dairies", "Negated") in modal_facts(text)


def test_a_stake_still_to_be_bought_states_no_holding_of_the_seller() -> None:
    facts = modal_facts(
        "Halcyon Corp agreed to buy a 20 pct stake in Corra Dairies Ltd from Brennock Group Plc."
    )
    assert not any(f[0] == "Brennock Group" and f[1] == "investsIn" for f in facts)


def test_a_stake_bought_from_a_company_named_last_in_its_sentence_ends_its_holding() -> None:
    got = modal_facts(
        "Halvern AG has raised its stake in Corra Communications Inc to 100 pct. Corra "
        "Communications makes exchanges.\n\nThe stake had been acquired from Corra International "
        "Inc. The spokesman declined to comment."
    )
    assert ("Corra International", "investsIn", "Corra Communications", "Negated") in got


def test_who_pays_for_a_company_or_all_its_stock_buys_it() -> None:
    facts = modal_facts("Halvern Corp agreed to pay 750 mln dlrs for Kessler Corp.")
    assert ("Halvern", "acquires", "Kessler", "Planned") in facts
    facts = modal_facts("Halvern Corp said it paid 20 dlrs a share for all Kessler Corp stock.")
    assert ("Halvern", "acquires", "Kessler", "Asserted") in facts
    facts = modal_facts(
        "Halvern Corp agreed to pay 74 dlrs a share for all of Kessler Mfg Co Inc's stock."
    )
    assert ("Halvern", "acquires", "Kessler Mfg", "Planned") in facts


def test_paying_for_a_part_of_a_company_buys_no_company() -> None:
    for text in (
        "Halvern Corp paid 10 mln dlrs for the Kessler Corp stake.",
        "Halvern Corp will pay for Dunmore Corp's Kessler interests.",
        "Halvern Corp paid 20 mln dlrs for Kessler Corp stock.",
    ):
        assert not any(f[1] == "acquires" for f in modal_facts(text)), text


def test_who_is_sold_a_part_of_a_company_holds_it() -> None:
    facts = modal_facts(
        "Halvern Corp said it agreed to sell 20 pct of Dunmore Holding Corp to Kessler PLC."
    )
    assert ("Kessler", "investsIn", "Dunmore Holding", "Planned") in facts
    facts = modal_facts("Halvern Corp sold a 20 pct stake in Dunmore Holding Corp to Kessler PLC.")
    assert ("Kessler", "investsIn", "Dunmore Holding", "Asserted") in facts


def test_selling_shares_is_no_supply() -> None:
    facts = modal_facts("Halvern Corp sold 2.8 mln Dunmore Corp shares to Kessler PLC.")
    assert not any(f[1] == "buysFrom" for f in facts)


def test_who_exchanges_its_shares_for_all_a_companys_stock_buys_it() -> None:
    facts = modal_facts(
        "Halvern Corp said it signed a letter of intent to exchange 2.2 mln of its shares for all"
        " Dunmore Inc stock within the next 60 days."
    )
    assert ("Halvern", "acquires", "Dunmore", "Planned") in facts
    # debt swapped for debt buys no company
    facts = modal_facts("Halvern Corp will exchange its debentures for all notes of Dunmore Corp.")
    assert not any(f[1] == "acquires" for f in facts)


def test_all_taken_into_the_name_before_a_share_noun_still_means_all_of_it() -> None:
    # the NER takes "all" into the name and the parser hangs it on the name, not on "stock"
    facts = modal_facts(
        "Carrow Pictures Inc said it signed a letter of intent to exchange 2.2 mln of its shares"
        " for all Orbis Communications Inc stock within the next 60 days."
    )
    assert ("Carrow Pictures", "acquires", "Orbis Communications", "Planned") in facts


def test_shares_named_by_their_company_are_a_holding_in_it() -> None:
    # the NER takes the count into the name and the parser writes the name on the share noun
    facts = modal_facts(
        "Halvern Group Plc said it bought about 2,445,000 Dunmore Corp common shares."
    )
    assert ("Halvern Group", "investsIn", "Dunmore", "Asserted") in facts
    assert not any(p == "acquires" for _, p, _, _ in facts)
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in modal_facts(
        "Halvern Corp now holds 1.2 mln Dunmore Corp shares."
    )
    # a class of shares names no company; shares not bought (more) say nothing of a holding
    for text in (
        "Halvern Corp bought 2.4 mln Class A shares.",
        "Halvern Corp said it has not purchased additional Dunmore Corp stock since March.",
        "Analysts noted Halvern owns warrants to purchase 3.25 mln Dunmore Corp shares.",
    ):
        assert not any(p == "investsIn" for _, p, _, _ in modal_facts(text)), text


def test_an_ownership_or_a_shareholding_in_a_company_is_a_holding() -> None:
    facts = modal_facts(
        "Halvern Products Inc said it has acquired a 20 pct ownership in Dunmore Inc."
    )
    assert ("Halvern Products", "investsIn", "Dunmore", "Asserted") in facts
    facts = modal_facts("Halvern Corp has a shareholding in Dunmore Plc.")
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in facts


def test_who_acquires_all_of_a_companys_shares_acquires_it() -> None:
    for text in (
        "Halvern Corp acquired all of the shares of stock of Dunmore Services Inc.",
        "Halvern Corp said it has bought all of the stock of Dunmore Services Inc.",
    ):
        assert ("Halvern", "acquires", "Dunmore Services", "Asserted") in modal_facts(text), text


def test_the_buyer_named_after_a_fronted_filing_phrase_is_the_verbs_subject() -> None:
    # The parser hangs "Halvern Corp" on "Commission" as an apposition and leaves "said"
    # without a subject: "it" must not go to the owner named in the relative clause.
    facts = modal_facts(
        "In a filing with the Securities and Exchange Commission, Halvern Corp, which is "
        "principally owned by Dunmore Holdings Ltd, a New Zealand firm, said it bought 65,000 "
        "Kessler Corp shares."
    )
    assert ("Halvern", "investsIn", "Kessler", "Asserted") in facts
    assert not any(f[0] == "Dunmore Holdings" and f[1] == "investsIn" for f in facts)


def test_who_has_a_share_of_a_company_holds_it() -> None:
    # "has 52 pct of Y", as "owns" / "holds": a holding past half is control held
    facts = modal_facts("Halvern Corp said today it has 52 pct of Dunmore Enterprises Ltd.")
    assert ("Halvern", "investsIn", "Dunmore Enterprises", "Asserted") in facts
    assert ("Dunmore Enterprises", "subsidiaryOf", "Halvern", "Asserted") in facts
    facts = modal_facts("Halvern Corp said it had about 4.9 pct of Dunmore Corp common shares.")
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in facts
    # shares a company has of its own are no holding in another
    for text in (
        "Dunmore Corp has 4.2 mln shares outstanding.",
        "After the merger, Dunmore shareholders will have 60 pct of the combined company.",
    ):
        assert not any(p == "investsIn" for _, p, _, _ in modal_facts(text)), text


def test_a_stake_bought_from_its_holder_is_the_buyers() -> None:
    # "agreed to acquire X's 38 pct stake in Y": X sells it; the buyer will hold it
    facts = modal_facts(
        "Halvern Corp said it agreed to acquire Kessler Inc's 38 pct stake in Dunmore."
    )
    assert ("Halvern", "investsIn", "Dunmore", "Planned") in facts
    assert not any(s == "Kessler" and p == "investsIn" and m != "Negated" for s, p, _, m in facts)
    # a stake the buyer possesses itself stays its own
    facts = modal_facts("Halvern Corp bought its 20 pct stake in Dunmore Inc in 1985.")
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in facts


def test_a_stake_a_bid_is_for_is_held_now() -> None:
    for text in (
        "Halvern Corp said it would consider any bid for its 20.8 pct shareholding in Dunmore.",
        "Halvern Corp said it has not received any offers for its stake in Dunmore Inc.",
    ):
        assert ("Halvern", "investsIn", "Dunmore", "Asserted") in modal_facts(text), text


def test_a_stake_bought_that_a_pronoun_possesses_is_the_buyers_own() -> None:
    facts = modal_facts(
        "Halvern Corp and Kessler Corp formed a venture in October. The companies said they had "
        "bought their 4.9 pct stake in Dunmore Inc for 50 mln dlrs through the venture."
    )
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in facts


def test_a_holding_in_a_company_is_a_stake() -> None:
    facts = modal_facts("Halvern Corp said it raised its holding in Dunmore Inc to 1.5 mln shares.")
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in facts
    facts = modal_facts(
        "Halvern Corp said it has sold its majority holding in Dunmore Ltd to Kessler."
    )
    assert ("Halvern", "investsIn", "Dunmore", "Negated") in facts
    # a holding company, holding talks: no stake
    facts = modal_facts("Halvern Holding Corp said it is holding talks in London with Dunmore Inc.")
    assert not any(p == "investsIn" for _, p, _, _ in facts)


def test_shares_restated_as_a_percentage_keep_their_company() -> None:
    facts = modal_facts("Halvern Corp said it acquired 1.2 mln shares, or 12 pct, of Dunmore Corp.")
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in facts
    facts = modal_facts(
        "Halvern Corp held 5.2 mln Dunmore Co shares, or about 2.2 pct of those outstanding."
    )
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in facts


def test_a_restatement_naming_no_company_leaves_the_name_on_the_shares() -> None:
    facts = modal_facts(
        "Halvern Corp said it owns 4 mln Dunmore Corp shares or about 15 pct of the total."
    )
    assert ("Halvern", "investsIn", "Dunmore", "Asserted") in facts
