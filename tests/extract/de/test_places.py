"""Location facts of the German extractor (`kg.extract.de.places`)."""

from __future__ import annotations

import pytest
from support.extraction import german_facts as _facts

pytestmark = pytest.mark.slow  # the real HanTa model


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("2012 trat ein Urlauber seinen Flug ins kubanische Varadero an.", ("Kuba",)),
        ("Überwacht wurde der Anbieter an dessen deutschem Standort Hilden.", ("Deutschland",)),
        ("Der Baumarkt in Saalfelden in Salzburg soll verkauft werden.", ("Salzburg",)),
    ],
)
def test_a_town_lies_in_the_country_of_its_adjective_or_the_bigger_place_after_it(
    text: str, fact: tuple[str]
) -> None:
    located = {o for _s, p, o in _facts(text) if p == "locatedIn"}
    assert set(fact) <= located


@pytest.mark.parametrize(
    "text",
    [
        "Er flog von Wien in Berlin ab.",  # two cities, neither in the other
        "Die Band spielte im französischen Hilden.",  # the index puts Hilden in Germany
        "Der Zug hielt in Salzburg bei Saalfelden.",  # the smaller town holds no city
        # "bei" a city is near it, not in it: Freising is no part of Munich
        "Die Firma Brotmeister aus Freising bei München wächst.",
    ],
)
def test_no_town_in_a_place_the_index_does_not_agree_with(text: str) -> None:
    assert not {f for f in _facts(text) if f[1] == "locatedIn"}


def test_a_town_near_a_city_is_not_in_it() -> None:
    facts = _facts("Vor der Zentrale in Puteaux bei Paris demonstrierten Mitarbeiter.")
    assert not {f for f in facts if f[1] == "locatedIn" and f[2] == "Paris"}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # an English institution head ends the name ("Agency"), the acronym after it is an aside
        (
            "Die Central Intelligence Agency (CIA), der Auslandsgeheimdienst der USA, hatte "
            "Zugriff auf die Daten.",
            ("Central Intelligence Agency", "basedIn", "USA"),
        ),
        (
            "Die Fonix AG, der größte Versorger Österreichs, baut Stellen ab.",
            ("Fonix", "basedIn", "Österreich"),
        ),
    ],
)
def test_an_apposed_organisation_noun_with_a_country_genitive_gives_the_origin(
    text: str, fact: tuple[str, str, str]
) -> None:
    assert fact in _facts(text)


def test_no_origin_from_an_apposed_noun_with_another_genitive() -> None:
    facts = _facts("Die Fonix AG, der Zulieferer der Nordix AG, baut Stellen ab.")
    assert not {f for f in facts if f[1] == "basedIn"}
