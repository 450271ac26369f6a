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


def _hand_doc(words: str, ents: list[tuple[int, int, str]]):
    from spacy.tokens import Doc, Span

    from kg.nlp import load

    doc = Doc(load("en").vocab, words=words.split())
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_the_first_word_of_a_company_named_before_is_its_short_name() -> None:
    from kg.extract.en.argtypes import short_org_name

    # the NER calls the short name a place or a person: it is the company named before
    doc = _hand_doc(
        "Tulare Energy Inc said it agreed to buy Kessler Corp . Tulare will pay cash .",
        [(0, 3, "ORG"), (8, 10, "ORG"), (11, 12, "GPE")],
    )
    assert short_org_name(doc[11:12])
    assert not short_org_name(doc[0:1])  # (not before the whole name)
    # a person the article names in full, a big place, an acronym, a name of common words
    for words, ents, at in (
        (
            "Carl Tulare runs Tulare Energy Inc . Tulare said no .",
            [(0, 2, "PERSON"), (3, 6, "ORG"), (7, 8, "PERSON")],
            7,
        ),
        ("Texas Instruments Inc said it will expand in Texas .", [(0, 3, "ORG"), (8, 9, "GPE")], 8),
        ("The SEC action is pending . The SEC said no .", [(1, 3, "ORG"), (7, 8, "GPE")], 7),
        ("Tulare action is pending . Tulare said no .", [(0, 2, "ORG"), (5, 6, "GPE")], 5),
    ):
        doc = _hand_doc(words, ents)
        assert not short_org_name(doc[at : at + 1]), words
