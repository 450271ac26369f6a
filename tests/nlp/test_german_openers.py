"""kg.nlp.german: a subheading whose line break the text lost still ends before the sentence."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _sentences(text: str) -> list[str]:
    from kg.nlp.german import load

    return [s.text.strip() for s in load()(text).sents]


def test_function_word_after_a_capitalised_word_opens_a_sentence() -> None:
    sents = _sentences("Nische E-Auto Vom elektrischen C30 hat Volvo nur wenige verkauft.")
    assert sents[-1].startswith("Vom elektrischen C30")


def test_function_word_inside_a_name_or_after_punctuation_stays() -> None:
    text = "Die Aktie von Daimler stieg. Mit Daimler Truck wächst der Konzern."
    assert _sentences(text) == [
        "Die Aktie von Daimler stieg.",
        "Mit Daimler Truck wächst der Konzern.",
    ]


def test_double_period_ends_a_sentence() -> None:
    sents = _sentences(
        "Die Zahl hat zugenommen.. Als Facebook die Übernahme verkündete, stieg sie."
    )
    assert len(sents) == 2 and sents[1].startswith("Als Facebook")


def test_als_opening_a_verb_final_clause_is_a_subordinator() -> None:
    from kg.nlp.german import load

    doc = load()("Als Facebook im März die Übernahme verkündete, reagierten viele mit Skepsis.")
    assert doc[0].tag_ == "KOUS"
    doc = load()("Als Hersteller von Autos ist Opel bekannt.")
    assert doc[0].tag_ != "KOUS"
