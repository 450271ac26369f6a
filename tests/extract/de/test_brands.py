"""Names listed in brackets after an organisation (`kg.extract.de.brands`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _facts(text: str) -> set[tuple[str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


def test_a_bracketed_list_of_names_after_an_organisation_are_its_subsidiaries() -> None:
    facts = _facts("Der Mediendienstleister Nordstern Media (2&2, Klix und Webnet.de) wächst.")
    owned = {s for s, p, o in facts if p == "subsidiaryOf" and o == "Nordstern Media"}
    assert owned == {"2&2", "Klix", "Webnet.de"}


@pytest.mark.parametrize(
    "text",
    [
        "Der Konzern Fruitco (iPhone, iPad) meldet Gewinne.",  # products
        "Der Konzern Nordstern Media (München, Berlin) meldet Gewinne.",  # places
        "Der Konzern Nordstern Media (NM) meldet Gewinne.",  # one name: another name
        "Der Konzern Nordstern Media (seit 2010 an der Börse) meldet Gewinne.",  # no list
        "Der Politiker Hans Vogel (SPD, Bayern) sagte das.",  # after a person
    ],
)
def test_no_subsidiary_from_brackets(text: str) -> None:
    assert not any(p == "subsidiaryOf" for _s, p, _o in _facts(text))
