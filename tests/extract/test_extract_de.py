"""The German extractor's frames (`kg.extract.de.extract`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _facts(text: str) -> set[tuple[str, str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name, f.modality) for f in ex.facts}


def test_d_possessive_before_an_action_noun_is_its_patient() -> None:
    facts = _facts("Die Firma Nokia, deren Übernahme von Microsoft lange dauerte, wächst.")
    assert ("Nokia", "acquires", "Microsoft", "Asserted") not in facts


def test_apposition_to_an_ownership_noun_is_asserted_whatever_the_clause_hedges() -> None:
    facts = _facts("Die Bertelsmann-Tochter Arvato prüft die Kommentare.")
    assert ("Arvato", "subsidiaryOf", "Bertelsmann", "Asserted") in facts


def test_subsidiary_named_after_a_compound_the_tagger_read_as_a_name() -> None:
    text = "Den Start machte das Headset Oculus Rift von Facebook-Tochter Oculus VR."
    assert ("Oculus VR", "subsidiaryOf", "Facebook", "Asserted") in _facts(text)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "Der Tourismuskonzern Thomas Cook, zu dem Condor gehört, zahlte nicht.",
            ("Condor", "subsidiaryOf", "Thomas Cook", "Asserted"),
        ),
        ("Die Marke Seat gehört dem Konzern VW.", ("Seat", "subsidiaryOf", "VW", "Asserted")),
        (
            "Der Autobauer Volvo wächst. Das Unternehmen, das seit 2010 dem chinesischen "
            "Autobauer Geely gehört, setzt auf Hybride.",
            ("Volvo", "subsidiaryOf", "Geely", "Asserted"),
        ),
        (
            "Die Firma Opel, die den Konzern Stellantis kaufte, wächst.",
            ("Opel", "acquires", "Stellantis", "Asserted"),
        ),
    ],
)
def test_relative_clauses_reach_the_frame(text: str, fact: tuple) -> None:
    assert fact in _facts(text)


def test_two_capitals_after_an_unknown_name_are_no_model() -> None:
    text = "Als Facebook im März 2014 die Übernahme von Oculus VR verkündete, reagierten viele."
    assert ("Facebook", "acquires", "Oculus VR", "Asserted") in _facts(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hinter dem Anteil von VTB bei Vivacom soll zu einem Teil Wassilew stehen.",
        "Die Beteiligung von VTB an Vivacom wächst.",
    ],
)
def test_stake_nouns_take_their_holder_from_von(text: str) -> None:
    assert any((s, p, o) == ("VTB", "investsIn", "Vivacom") for s, p, o, _m in _facts(text))


def test_members_listed_after_a_network_noun_partner_pairwise() -> None:
    facts = _facts("Der Verbund NDR, WDR und ORF recherchiert.")
    pairs = {(s, o) for s, p, o, _m in facts if p == "partnersWith"}
    assert pairs == {("NDR", "WDR"), ("NDR", "ORF"), ("WDR", "ORF")}
    assert not any(p == "partnersWith" for _s, p, _o, _m in _facts("Das Netzwerk Facebook wächst."))
