"""Location facts of the German extractor (`kg.extract.de.places`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _facts(text: str) -> set[tuple[str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


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
    ],
)
def test_no_town_in_a_place_the_index_does_not_agree_with(text: str) -> None:
    assert not {f for f in _facts(text) if f[1] == "locatedIn"}


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "Die Software hat der Textilhersteller Palmtex in seinem Lager in Vösendorf erneuert.",
            {
                ("Palmtex", "operates", "Palmtex-Lager in Vösendorf"),
                ("Palmtex-Lager in Vösendorf", "locatedIn", "Vösendorf"),
            },
        ),
        (
            "Abgehört wurde der Anbieter Telmar an dessen deutschem Standort Hilden.",
            {("Telmar", "operates", "Telmar-Standort Hilden")},
        ),
    ],
)
def test_a_possessed_facility_with_a_place_is_its_owners_named_by_owner_and_place(
    text: str, facts: set
) -> None:
    assert facts <= _facts(text)


@pytest.mark.parametrize(
    "text",
    [
        "Siemens hat in ihrem Lager in Berlin nichts verändert.",  # "ihr" is not Siemens'
        "Der Modehändler Palmtex hat das Lager in Vösendorf verkauft.",  # not its own
        "Der Modehändler Palmtex hat sein Lager erneuert.",  # no place: no node
    ],
)
def test_no_facility_of_an_owner_the_possessive_does_not_name(text: str) -> None:
    assert not {f for f in _facts(text) if f[1] == "operates"}


def test_a_headquarters_with_a_place_is_a_facility_there() -> None:
    facts = _facts("Vor der Zentrale in La Defense demonstrierten am Freitag Mitarbeiter.")
    assert ("Zentrale in La Defense", "locatedIn", "La Defense") in facts


def test_a_place_after_a_conjoined_description_is_that_descriptions() -> None:
    facts = _facts(
        "Man solle an die Baumax-Zentrale in Klosterneuburg und das Logistikzentrum in "
        "Wien-Aspern denken."
    )
    assert ("Baumax", "basedIn", "Klosterneuburg") in facts
    assert ("Logistikzentrum in Wien-Aspern", "locatedIn", "Wien-Aspern") in facts
    assert ("Baumax", "basedIn", "Wien-Aspern") not in facts
