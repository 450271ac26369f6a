"""German country adjectives (`kg.extract.de.demonyms`) and the origins they give."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("word", "place"),
    [
        ("russischen", "Russland"),
        ("bulgarische", "Bulgarien"),
        ("panamaischen", "Panama"),
        ("kubanische", "Kuba"),
        ("türkischen", "Türkei"),
        ("schwedischer", "Schweden"),
        # German and Austrian states (kg.places.states)
        ("niederösterreichische", "Niederösterreich"),
        ("steirischen", "Steiermark"),
        ("bayerischen", "Bayern"),
        ("sächsische", "Sachsen"),
        ("nordrhein-westfälischen", "Nordrhein-Westfalen"),
        ("Tiroler", "Tirol"),
    ],
)
def test_country_or_state_adjective_by_rule(word: str, place: str) -> None:
    from kg.extract.de.demonyms import country_adjective, region_adjective

    hit = country_adjective(word) or region_adjective(word)
    assert hit is not None and hit.label == place


@pytest.mark.parametrize(
    "word",
    [
        "praktischen",
        "technische",
        "Münchner",
        "elektrischen",
        "oberbayerischen",  # no state alone begins so
        "heimischen",
    ],
)
def test_no_country_or_state_from_other_adjectives(word: str) -> None:
    from kg.extract.de.demonyms import country_adjective, region_adjective

    assert country_adjective(word) is None
    assert region_adjective(word) is None


def test_hyphenated_adjective_names_every_country() -> None:
    from kg.extract.de.demonyms import country_adjectives

    assert [c.label for c in country_adjectives("deutsch-französische")] == [
        "Deutschland",
        "Frankreich",
    ]
    assert country_adjectives("deutsch-technische") == ()  # all parts, or none


@pytest.mark.parametrize(
    ("word", "place"),
    [
        ("venezolanischen", "Venezuela"),
        ("dänische", "Dänemark"),
        ("libyschen", "Libyen"),
        ("peruanischer", "Peru"),
        ("Saudi-Arabischen", "Saudi-Arabien"),
    ],
)
def test_irregular_country_adjective_from_data(word: str, place: str) -> None:
    from kg.extract.de.demonyms import country_adjectives

    assert [c.label for c in country_adjectives(word)] == [place]


def test_every_irregular_adjective_names_a_known_country() -> None:
    from kg.extract.de.demonyms import country_named
    from kg.words import word_map

    table = word_map("extract.de_irregular_country_adjectives")
    assert table and all(country_named(name) is not None for name in table.values())


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
        (
            "Die Läden in der venezolanischen Hauptstadt Caracas schließen.",
            {("Caracas", "locatedIn", "Venezuela")},
        ),
    ],
)
def test_origin_from_country_adjective_or_genitive(text: str, facts: set) -> None:
    assert facts <= _facts(text)
