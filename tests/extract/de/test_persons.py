"""Persons in German text (`kg.extract.de.persons`) are never a party to a company fact."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _extract(text: str):
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    return extract_de(Article(id="t", text=text, lang="de"))


def _no_party_and_no_organisation(ex, surname: str) -> None:
    assert not any(surname in (f.subject.name, f.object.name) for f in ex.facts)
    assert not any(m.name == surname and m.type == "Organization" for m in ex.mentions)


def test_surname_named_before_with_a_role_stays_a_person() -> None:
    ex = _extract(
        "Volvo-Chef Hakan Samuelsson lobt den Autobauer Geely. "
        "Später übernahm Samuelsson die Firma Polestar."
    )
    _no_party_and_no_organisation(ex, "Samuelsson")


def test_first_name_and_surname_is_a_person() -> None:
    ex = _extract("Georg Mascolo übernahm den Rechercheverbund von NDR und WDR.")
    assert not any("Mascolo" in f.subject.name for f in ex.facts)


def test_a_surname_in_a_headline_is_the_person_the_text_names_later() -> None:
    # the headline comes first; the first name that makes him a person only later
    ex = _extract(
        "Spielberg stellt «Blue Harbour 3» in Hamburg vor\n"
        "«Blue Harbour 3» ist der dritte Film von Steven Spielberg."
    )
    _no_party_and_no_organisation(ex, "Spielberg")


@pytest.mark.parametrize(
    "text",
    [
        # after a dateline dash HanTa tags "Märkl-Chef" NE: the role noun opens the run
        "Berlin – Märkl-Chef Anton Weber kehrt dem deutschen Spielzeugriesen den Rücken.",
        # "Kasper" HanTa reads as a common noun: the run is the surname alone
        "Berlin – Märkl-Chef Kasper Weber kehrt dem deutschen Spielzeugriesen den Rücken.",
    ],
)
def test_the_name_after_a_role_compound_is_a_person(text: str) -> None:
    # ... and the description after it must not take the man as its company
    ex = _extract(text)
    assert not any("Weber" in f.subject.name for f in ex.facts)
    assert not any("Weber" in m.name and m.type == "Organization" for m in ex.mentions)


def test_two_first_names_and_a_surname_are_a_person() -> None:
    ex = _extract("Das rechnete der Chef des Zulieferers Kolb Systems, Uwe Dieter Grebe, vor.")
    _no_party_and_no_organisation(ex, "Uwe Dieter Grebe")
    ex = _extract("Uwe Dieter Grebe übernahm die Firma Polestar.")
    _no_party_and_no_organisation(ex, "Uwe Dieter Grebe")


def test_an_occupation_before_a_name_makes_a_person_with_no_origin() -> None:
    ex = _extract("Der australische Künstler Marlo hat keine Scheu vor Kameras.")
    _no_party_and_no_organisation(ex, "Marlo")
    ex = _extract("Die EU-Kommissarin Lindqvist prüft die Übernahme der Firma Polestar.")
    _no_party_and_no_organisation(ex, "Lindqvist")


def test_an_academic_title_before_a_name_makes_a_person() -> None:
    # "Professor" two words back does not reach past "Dr." to the name
    ex = _extract("Vor ein paar Jahren hat Professor Dr. Helmut Weber sein Auto vollgeladen.")
    _no_party_and_no_organisation(ex, "Helmut Weber")


def test_a_role_before_a_hashtagged_name_makes_a_person() -> None:
    ex = _extract("Außenminister #Lindqvist hat eine Beteiligung am Konzern Brandt bestätigt.")
    _no_party_and_no_organisation(ex, "Lindqvist")
