"""kg.nlp.german: tags HanTa gets wrong on company compounds."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _doc(text: str):
    from kg.nlp.german import load

    return load()(text)


def test_hyphen_compound_on_a_cue_noun_is_a_common_noun() -> None:
    doc = _doc("Fast ein Zehntel entfällt auf die RBI-Tochter Polbank.")
    tochter = next(t for t in doc if t.text == "RBI-Tochter")
    assert (tochter.tag_, tochter.lemma_) == ("NN", "RBI-Tochter")
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == ["Polbank"]


def test_lower_case_tail_stays_an_adjective() -> None:
    doc = _doc("Das deutsch-französische Konsortium wächst.")
    assert next(t for t in doc if t.text == "deutsch-französische").tag_ == "ADJA"


def test_noun_after_a_cue_before_its_object_is_no_name() -> None:
    doc = _doc("Die Bank Austria erhöht die Zinsen.")
    assert "Zinsen" not in {e.text for e in doc.ents}
