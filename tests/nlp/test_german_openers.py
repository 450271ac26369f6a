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
