"""kg.extract.en.phrases: noun-phrase shapes (real model, invented sentences)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _doc(text: str):
    from kg.nlp import load

    return load("en")(text)


def test_one_name_with_a_coordination_inside_stays_one() -> None:
    from kg.extract.en.phrases import split_list

    doc = _doc("Dixons said the Securities and Exchange Commission has authorized an action.")
    ent = next(e for e in doc.ents if "Commission" in e.text)
    assert [s.text for s in split_list(ent)] == [ent.text]


def test_an_owner_and_its_unit_in_one_span_are_two() -> None:
    from kg.extract.en.phrases import split_possessive

    doc = _doc("Tarvin said it will buy a stake in Sedgwick Group PLC's River Thames Insurance Co.")
    ent = next(e for e in doc.ents if "River" in e.text)
    parts = [s.text for s in split_possessive(ent)]
    assert len(parts) in (1, 2) and parts[-1].startswith("River Thames")


def test_a_name_joined_by_and_written_short_later_is_one_party() -> None:
    from support.extraction import modal_facts

    facts = modal_facts(
        "Halvern Corp said it had offered to buy Kessler and Rowe Publishers Inc. Dunmore Corp "
        "offered to acquire Kessler and Rowe for 34 dlrs per share."
    )
    assert ("Dunmore", "acquires", "Kessler and Rowe", "Planned") in facts
    assert not any(f[2] in {"Kessler", "Rowe"} for f in facts)
