"""German coreference (`kg.extract.de.coref`): descriptions and pronouns take the most salient
organisation named as a party before them, never one only mentioned."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _facts(text: str) -> set[tuple[str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


def test_description_takes_the_party_named_before():
    facts = _facts(
        "Der Autobauer Tesla hat Ärger mit einem Kunden. Nun hat der Fahrzeughersteller reagiert."
    )
    assert ("Tesla", "produces", "Fahrzeug") in facts


def test_description_with_a_place_needs_a_sole_candidate():
    one = _facts("Die Lufthansa startet ein neues Preismodell. Der deutsche Konzern spart.")
    assert ("Lufthansa", "basedIn", "Deutschland") in one
    two = _facts(
        "Der Konzern Palmers hat sein Lager von der Firma Barcotec ausstatten lassen. "
        "Das Salzburger Unternehmen ist spezialisiert."
    )
    assert not any(p == "basedIn" and o == "Salzburg" for _s, p, o in two)


def test_a_news_source_is_never_the_antecedent():
    facts = _facts(
        "Die Lufthansa startet ein neues Preismodell. Das berichtet das Magazin Focus. "
        "Wie der deutsche Konzern mitteilte, beginnt der Verkauf im Mai."
    )
    assert ("Lufthansa", "basedIn", "Deutschland") in facts
    assert not any(s == "Focus" for s, _p, _o in facts)


def test_subject_pronoun_agrees_in_gender():
    facts = _facts("Der Konzern Siemens wächst. Er kauft den Rivalen Bosch.")
    assert ("Siemens", "acquires", "Bosch") in facts
    none = _facts("Der Konzern Siemens wächst. Sie kauft den Rivalen Bosch.")
    assert not any(p == "acquires" and s == "Siemens" for s, p, _o in none)
