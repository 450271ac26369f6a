"""kg.places: one node per place across spellings and languages, public identifiers, few false
matches on company names and English words."""

from __future__ import annotations

import pytest

from kg import places


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("USA", "en"),
        ("the U.S.", "en"),
        ("United States", "en"),
        ("U.S.", "en"),
        ("Vereinigte Staaten", "de"),
        ("Vereinigten Staaten", "de"),
        ("USA", "de"),
    ],
)
def test_united_states_is_one_place(name: str, lang: str) -> None:
    p = places.lookup(name, lang)
    assert p is not None
    assert (p.key, p.kind, p.iso, p.label) == (
        "country/united-states",
        "country",
        "US",
        "United States",
    )
    assert p.label_de == "Vereinigte Staaten"
    assert p.iri == "https://sws.geonames.org/6252001/"
    assert p.type == "Country"


def test_countries_from_pycountry_with_german_names() -> None:
    de = places.lookup("Deutschland", "de")
    assert de is not None and de == places.lookup("Germany")
    assert (de.iso, de.label, de.label_de) == ("DE", "Germany", "Deutschland")
    assert places.lookup("Ungarn", "de") == places.lookup("Hungary")
    assert places.lookup("Südkorea", "de") == places.lookup("South Korea")
    # German genitive
    assert places.lookup("Deutschlands", "de") == de
    # a country only pycountry knows (not in countries.json) still gets a key and an ISO code
    chad = places.lookup("Chad")
    assert chad is not None and chad.iso == "TD" and chad.key == "country/chad"


def test_cities_and_regions_link_to_geonames() -> None:
    munich = places.lookup("Munich")
    assert munich is not None and munich.kind == "city" and munich.country == "DE"
    assert places.lookup("München", "de") == munich
    assert munich.iri == f"https://sws.geonames.org/{munich.geonames}/"
    assert places.german_label(munich, "München") == "München"
    assert places.lookup("Peking", "de") == places.lookup("Beijing")
    cal = places.lookup("California")
    assert cal is not None and cal.kind == "region" and cal.iri
    eu = places.lookup("Europa", "de")
    assert eu is not None and eu == places.lookup("Europe") and eu.label_de == "Europa"
    assert places.lookup("Zwickau", "de") is not None  # German town above the DACH threshold
    assert places.by_key("country/germany") == places.lookup("Germany")


@pytest.mark.parametrize(
    "name",
    [
        # company names, some of them also cities somewhere
        "Toyota",
        "Orange",
        "Santander",
        "Mercedes",
        "Nokia",
        "Tesla",
        "Apple",
        "Samsung",
        "Wabash",
        "Motional",
        "Valeo",
        "Rivian",
        "Glencore",
        "Broadcom",
        "Nikola",
        "Waymo",
        "Northvolt",
        "General Motors",
        "GM",
        "CATL",
        "Metro",
        "Delta",
        # English words that are city names
        "Mobile",
        "Nice",
        "Split",
        "Reading",
        "Surprise",
        # not a name at all
        "us",
        "",
    ],
)
def test_no_false_places(name: str) -> None:
    assert places.lookup(name) is None
    assert not places.is_place(name, "de")


def test_german_text_also_knows_smaller_towns() -> None:
    # Below the main index's thresholds, or an alternate name it keeps only for big cities:
    # keyed as the resolver keys the English name, so both languages meet on one node.
    for name, key in (("Dingolfing", "place/dingolfing"), ("Lüttich", "place/liege")):
        assert places.lookup(name, "de") is None
        found = places.german_place(name)
        assert found is not None and (found.key, found.type) == (key, "Place")
    assert places.german_place("München") == places.lookup("Munich")
    assert places.german_place("Vereinigte Staaten") == places.lookup("USA")
    assert places.german_place("ADVA") is None  # an acronym is a company, not a town's code
    assert places.german_place("münchen") is None  # a name starts upper case


@pytest.mark.parametrize("name", ["Mercedes", "Reading", "Orange", "Santander", "Victoria"])
def test_german_text_goes_through_the_same_ambiguous_names(name: str) -> None:
    # All are towns of GeoNames' wider table too; places_ambiguous.json blocks them in both
    # languages alike.
    assert places.german_place(name) is None
    assert places.lookup(name, "de") is None


def test_city_adjectives_name_german_speaking_cities() -> None:
    munich = places.lookup("Munich")
    assert places.city_adjective("Münchner") == munich
    assert places.city_adjective("Dresdner") == places.german_place("Dresden")
    assert places.city_adjective("Stuttgarter").key == "place/stuttgart"
    assert places.city_adjective("Pariser") is None  # Paris is no German-speaking city
    assert places.city_adjective("Kunde") is None
    # a city of several words from the main index, wherever it lies
    assert places.city_adjective("New Yorker") == places.lookup("New York")


def test_german_and_austrian_states_are_regions_and_city_states_stay_cities() -> None:
    for name in ("Niederösterreich", "Steiermark", "Bayern", "Nordrhein-Westfalen"):
        hit = places.lookup(name, "de")
        assert hit is not None and hit.kind == "region" and hit.country in {"DE", "AT"}
    assert places.lookup("Salzburg", "de").kind == "city"  # the state's capital keeps the name
    assert places.lookup("Wien", "de") == places.lookup("Vienna")
    assert places.lookup("Zug", "de") is None  # Swiss cantons are left out: "Zug" is a train
    assert {p.label for p in places.states()} >= {"Tirol", "Kärnten", "Sachsen", "Hessen"}


@pytest.mark.parametrize(
    ("abbreviation", "state"),
    [("Calif.", "California"), ("Ore.", "Oregon"), ("Ga.", "Georgia"), ("N.Y.", "New York")],
)
def test_wire_state_abbreviations_name_the_us_state(abbreviation: str, state: str) -> None:
    p = places.lookup(abbreviation)
    assert p is not None
    assert (p.kind, p.country, p.label) == ("region", "US", state)  # "Ga." is no country


def test_undotted_state_abbreviations_are_no_places() -> None:
    assert places.lookup("Miss") is None  # a title
    assert places.lookup("Ore") is None  # a word
