"""kg.extract.en.argtypes: which organisation spans are names (real model)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _orgs(text: str) -> set[str]:
    from kg.extract import extract_articles
    from kg.model import Article

    ex = next(extract_articles([Article(id="t", text=text, lang="en")]))
    return {m.name for m in ex.mentions if m.type == "Organization"}


def test_adjectives_on_a_common_noun_are_no_organisation_name() -> None:
    orgs = _orgs("Halvern Industries said it wants to manage a European corporation.")
    assert "Halvern Industries" in orgs
    assert not any("European" in o for o in orgs)
    assert "Acme" in _orgs("Acme corporation said it wants to expand.")


def test_a_trade_opening_a_sentence_is_no_organisation() -> None:
    orgs = _orgs("Software giant Halvern is taking the plunge. It is launching a new service.")
    assert orgs == {"Halvern"}


def test_a_country_name_before_a_region_is_a_city_there() -> None:
    from support.extraction import facts

    got = facts("Kerrow Bank opened a plant in Holland, Michigan, the company said.")
    assert ("plant", "locatedIn", "Holland") in got
    assert not any(o == "Netherlands" for _, _, o in got)
    assert ("Kerrow Bank", "basedIn", "Netherlands") in facts("Kerrow Bank is based in Holland.")
    from kg.extract import extract_articles
    from kg.model import Article

    text = "Kerrow Bank sells cars in China, Macau and Taiwan."
    ex = next(extract_articles([Article(id="t", text=text, lang="en")]))
    assert "China" in {m.name for m in ex.mentions if m.type == "Country"}


def test_a_kind_of_organisation_before_a_name_types_it() -> None:
    from support.extraction import facts

    got = facts("Shares in Halvern rose after it bought 68% of Kessler's US affiliate Eon Labs.")
    assert ("Eon Labs", "basedIn", "United States") in got


def test_a_kind_of_organisation_before_a_possessive_name_types_it() -> None:
    from support.extraction import facts

    # the parser hangs "giant" on "division", the NER calls "Varnex" a person
    got = facts("Baikal was the surprise buyer of oil and gas giant Varnex's main division.")
    assert {("Varnex", "produces", "oil"), ("Varnex", "produces", "gas")} <= got
    # a person's own possessive stays a person's: no kind noun right before the name
    assert not any(s == "Varnex" for s, _, _ in facts("Analyst Varnex's main view was gloomy."))


def test_a_name_ending_in_a_company_word_is_no_person() -> None:
    from support.extraction import facts

    got = facts("Kessler acquired Pyra Labs, makers of the Zentra scanner, in 2003.")
    assert ("Pyra Labs", "produces", "Zentra scanner") in got


def test_a_surname_written_alone_is_the_person_named_before() -> None:
    from support.extraction import facts

    text = (
        "Halvern Corp director Domingo Kessaban spoke on Monday. Kessaban is quoted as saying "
        "that sales could grow through <Barwon Farmlands Ltd>, a listed firm in which it has 30 "
        "pct equity."
    )
    assert not any(s == "Kessaban" for s, _, _ in facts(text))
    text = "Michael Kelmar founded Kelmar Inc in 1984. Kelmar said it would buy Halvern Corp."
    assert ("Kelmar", "acquires", "Halvern") in facts(text)


def test_a_regulators_acronym_is_an_agency() -> None:
    from kg.extract.en.argtypes import is_agency

    assert is_agency("SEC") and is_agency("FTC") and is_agency("Securities and Exchange Commission")
    assert not is_agency("Secom") and not is_agency("Halvern")

