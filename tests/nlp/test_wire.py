"""The models read a wire story's names without its brackets and with the wire's name words."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load

    return load("en")


def test_apposition_after_a_bracketed_name_describes_the_name(nlp) -> None:
    text = (
        "Commerzbank AG <CBKG.F> said it will acquire <Linotype GmbH>, Europe's largest "
        "manufacturer of printing technology, from Allied Signal."
    )
    doc = nlp(text)
    assert doc.text == text
    maker = next(t for t in doc if t.text == "manufacturer")
    assert (maker.dep_, maker.head.text) == ("appos", "GmbH")
    opening, closing = (t for t in doc if t.text in {"<", ">"})
    assert opening.head.text == "Linotype" and closing.head.text == "GmbH"
    assert opening.dep_ == closing.dep_ == "punct" and opening.sent == closing.sent
    assert "Linotype GmbH" in {e.text for e in doc.ents if e.label_ == "ORG"}


def test_a_ticker_keeps_its_brackets(nlp) -> None:
    doc = nlp("Commerzbank AG <CBKG.F> said it will buy a unit.")
    assert "<CBKG.F>" in [t.text for t in doc]


def test_cos_after_a_name_is_no_preposition(nlp) -> None:
    doc = nlp(
        "Hawaiian Electric Industries Inc said it agreed to buy Hawaiian Insurance Cos "
        "from I.U. International Co."
    )
    cos = next(t for t in doc if t.text == "Cos")
    assert cos.tag_ != "IN" and cos.head.lemma_ == "buy"
    assert "Hawaiian Insurance Cos" in {e.text for e in doc.ents}


def test_a_ticker_after_a_possessive_is_hidden_from_the_parser(nlp) -> None:
    text = (
        "Kerrow Savings unit bought branches from Dunmore Financial Corp's <DFC> Tallis Bank unit."
    )
    doc = nlp(text)
    assert doc.text == text
    ticker = next(t for t in doc if t.text == "<DFC>")
    assert ticker.dep_ == "punct" and ticker.head.text == "Corp"
    owner = next(t for t in doc if t.text == "Corp")
    assert owner.dep_ == "poss" and owner.head.text == "unit"


def test_a_ticker_after_a_name_hangs_on_the_name(nlp) -> None:
    doc = nlp("Harwick Plc <HWK.L> said it will merge two units.")
    ticker = next(t for t in doc if t.text == "<HWK.L>")
    assert (ticker.dep_, ticker.head.text) == ("punct", "Plc")
    assert next(t for t in doc if t.text == "said").dep_ == "ROOT"


def test_a_name_in_parentheses_ending_in_a_legal_form_is_one_wire_name(nlp) -> None:
    text = "Halvern Corp said it acquired (Kessler Dunmore Bancshares Inc) for 25 mln dlrs."
    doc = nlp(text)
    assert doc.text == text
    assert "Kessler Dunmore Bancshares Inc" in {e.text for e in doc.ents if e.label_ == "ORG"}
    closing = next(t for t in doc if t.text == ")")
    assert closing.dep_ == "punct" and closing.head.text == "Inc"
    # an aside in parentheses is no bracketed name
    from kg.nlp.wire import bracketed_names

    doc = nlp("A commission that controls 51 pct of Halvern Corp (HC) stock (about 9 mln) met.")
    assert bracketed_names(doc) == []
    # nor another name of the name right before them
    for text in (
        "Halvern Air LLC (Budget Carrier, LLC) is a unit of Dunmore.",
        "Sales at Halvern's (Halvern Holdings PLC) drug unit rose.",
    ):
        assert bracketed_names(nlp(text)) == [], text
