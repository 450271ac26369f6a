"""Other names of an organisation in German text (`kg.extract.de.aliases`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _facts(text: str) -> set[tuple[str, str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name, f.modality) for f in ex.facts}


def test_acronym_of_an_organisation_named_before_is_that_organisation() -> None:
    text = (
        "Die Lage ist schwierig für die Banken, darunter Raiffeisen Bank International. "
        "Fast ein Zehntel der Summe entfällt auf die RBI-Tochter Polbank."
    )
    assert ("Polbank", "subsidiaryOf", "Raiffeisen Bank International", "Asserted") in _facts(text)


def test_acronym_with_no_long_form_before_keeps_its_name() -> None:
    facts = _facts("Fast ein Zehntel der Summe entfällt auf die RBI-Tochter Polbank.")
    assert ("Polbank", "subsidiaryOf", "RBI", "Asserted") in facts


def _keys(text: str) -> dict[str, set[str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    out: dict[str, set[str]] = {}
    for m in extract_de(Article(id="t", text=text, lang="de")).mentions:
        out.setdefault(m.text, set()).add(m.key)
    return out


def test_another_acronym_and_what_it_spells_in_brackets_name_the_same_bank() -> None:
    keys = _keys(
        "Der Anteil der Omaner an der Oligarchenbank KTB (CCB; Corporative Commercial Bank) "
        "war hoch. Die Großbank VTB hält Anteile an KTB."
    )
    assert keys["Corporative Commercial Bank"] == keys["KTB"]
    # a bracketed acronym that does not spell the words after it names nothing
    other = _keys("Die Oligarchenbank KTB (EU; Corporative Commercial Bank) war hoch.")
    assert other.get("Corporative Commercial Bank", set()) != other["KTB"]
