"""Facility facts of the German extractor (`kg.extract.de.facilities`)."""

from __future__ import annotations

import pytest
from support.extraction import german_facts as _facts

pytestmark = pytest.mark.slow  # the real HanTa model


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


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "Vor der Zentrale in La Defense demonstrierten am Freitag Mitarbeiter.",
            {("Zentrale in La Defense", "locatedIn", "La Defense")},
            set(),
        ),
        (  # a place after a conjoined description is that description's
            "Man solle an die Baumax-Zentrale in Klosterneuburg und das Logistikzentrum in "
            "Wien-Aspern denken.",
            {
                ("Baumax", "basedIn", "Klosterneuburg"),
                ("Logistikzentrum in Wien-Aspern", "locatedIn", "Wien-Aspern"),
            },
            {("Baumax", "basedIn", "Wien-Aspern")},
        ),
    ],
)
def test_a_headquarters_or_a_logistics_centre_lies_in_the_place_after_it(
    text: str, present: set, absent: set
) -> None:
    facts = _facts(text)
    assert present <= facts
    assert not absent & facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "Ein Gerichtsvollzieher marschierte am Salzburger Flughafen auf.",
            {("Salzburger Flughafen", "locatedIn", "Salzburg")},
        ),
        (
            "Der Autobauer VW schließt sein Wolfsburger Werk.",
            {
                ("VW", "operates", "Wolfsburger Werk"),
                ("Wolfsburger Werk", "locatedIn", "Wolfsburg"),
            },
        ),
    ],
)
def test_a_city_adjective_names_a_facility_and_where_it_lies(text: str, facts: set) -> None:
    assert facts <= _facts(text)


@pytest.mark.parametrize(
    "text",
    [
        # a branch office is a facility only when a company's possessive owns it
        "Verantwortlich ist die Weseler Niederlassung des Landesbetriebs.",
        # the municipal utility (a plural company noun), and a company's name
        "Die Münchner Stadtwerke erhöhen die Preise.",
        "Das gelang der Wiener Stadtwerke Holding.",
    ],
)
def test_no_facility_from_a_city_adjective_before_a_company_or_an_unowned_office(
    text: str,
) -> None:
    assert not {f for f in _facts(text) if f[1] in {"locatedIn", "operates"}}
