"""The written form of German names (`kg.extract.de.nameforms`) on the real tagger's tokens."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _names(text: str) -> set[str]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {m.name for m in ex.mentions}


def test_an_inflected_adjective_opening_a_name_is_named_in_the_nominative() -> None:
    assert "Deutsche Bahn" in _names("Der Konzern Siemens liefert der Deutschen Bahn Züge.")


def test_a_name_word_that_is_its_own_lemma_keeps_its_ending() -> None:
    # HanTa reads "Ströer" as an adjective; it has no ending to drop
    assert "Ströer Content Group" in _names("t-online.de ist ein Angebot der Ströer Content Group.")


@pytest.mark.parametrize(
    ("word", "domain"),
    [("t-online.de", True), ("finanzen.net", True), ("Web.de", True), ("z.B.", False)],
)
def test_web_domain(word: str, domain: bool) -> None:
    from kg.extract.de.nameforms import web_domain

    assert web_domain(word) is domain


def test_a_web_address_before_a_name_is_no_party() -> None:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    text = "1 mal gelesen | nordnet.com Bellevue Group erwirbt die StarCapital AG."
    ex = extract_de(Article(id="t", text=text, lang="de"))
    facts = {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}
    assert ("Bellevue Group", "acquires", "StarCapital") in facts
    assert not any(s == "nordnet.com" for s, _p, _o in facts)
    # a web address labelling its source is no party either
    ex = extract_de(
        Article(
            id="t",
            text="Fonix übernommen: n-tv.de: Die Übernahme der Firma Fonix durch d... https://t.co/x",
            lang="de",
        )
    )
    assert not any(f.subject.name == "n-tv.de" for f in ex.facts)
