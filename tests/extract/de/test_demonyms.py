"""German country adjectives (`kg.extract.de.demonyms`) and the origins they give."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("russischen", "Russland"),
        ("bulgarische", "Bulgarien"),
        ("panamaischen", "Panama"),
        ("kubanische", "Kuba"),
        ("türkischen", "Türkei"),
        ("schwedischer", "Schweden"),
    ],
)
def test_country_adjective_by_rule(word: str, country: str) -> None:
    from kg.extract.de.demonyms import country_adjective

    hit = country_adjective(word)
    assert hit is not None and hit.label == country


@pytest.mark.parametrize("word", ["praktischen", "technische", "Münchner", "elektrischen"])
def test_no_country_from_other_adjectives(word: str) -> None:
    from kg.extract.de.demonyms import country_adjective

    assert country_adjective(word) is None


def test_hyphenated_adjective_names_every_country() -> None:
    from kg.extract.de.demonyms import country_adjectives

    assert [c.label for c in country_adjectives("deutsch-französische")] == [
        "Deutschland",
        "Frankreich",
    ]
    assert country_adjectives("deutsch-technische") == ()  # all parts, or none


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("niederösterreichische", "Niederösterreich"),
        ("steirischen", "Steiermark"),
        ("bayerischen", "Bayern"),
        ("sächsische", "Sachsen"),
        ("nordrhein-westfälischen", "Nordrhein-Westfalen"),
        ("Tiroler", "Tirol"),
    ],
)
def test_region_adjective_names_a_german_or_austrian_state(word: str, state: str) -> None:
    from kg.extract.de.demonyms import region_adjective

    hit = region_adjective(word)
    assert hit is not None and hit.label == state


@pytest.mark.parametrize(
    "word", ["technischen", "oberbayerischen", "niederländischen", "heimischen", "Münchner"]
)
def test_no_region_from_other_adjectives(word: str) -> None:
    from kg.extract.de.demonyms import region_adjective

    assert region_adjective(word) is None


def _facts(text: str) -> set[tuple[str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


@pytest.mark.slow  # the real HanTa model
@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "Das deutsch-französische Konsortium Toll Collect betreibt die Maut.",
            {("Toll Collect", "basedIn", "Deutschland"), ("Toll Collect", "basedIn", "Frankreich")},
        ),
        (
            "Bulgariens größtes Telekomunternehmen Vivacom wächst.",
            {("Vivacom", "basedIn", "Bulgarien")},
        ),
        (
            "Diesmal klagt das niederösterreichische Energieunternehmen EVN gegen den Staat.",
            {("EVN", "basedIn", "Niederösterreich")},
        ),
        ("Der New Yorker Konzern Pfizer wächst.", {("Pfizer", "basedIn", "New York")}),
    ],
)
def test_origin_from_country_adjective_or_genitive(text: str, facts: set) -> None:
    assert facts <= _facts(text)
