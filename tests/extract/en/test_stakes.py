"""kg.extract.en.stakes: shares and stakes as parts of a company, and when a holding is control
(real model, invented sentences)."""

from __future__ import annotations

import pytest

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
    ],
)
def test_control(text: str, noun: str, control: bool) -> None:
    from kg.extract.en.stakes import controlling

    doc = _doc(text)
    assert controlling(next(t for t in doc if t.lower_ == noun), _lex()) is control
