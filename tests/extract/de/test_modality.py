"""German talks and interviews (`kg.extract.de.modality.plural_ok`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _facts(text: str) -> set[tuple[str, str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name, f.modality) for f in ex.facts}


def test_talks_in_the_plural_are_negotiations() -> None:
    assert ("Opel", "negotiatesWith", "Geely", "Asserted") in _facts(
        "Opel führt Gespräche mit Geely."
    )


def test_an_interview_is_no_negotiation() -> None:
    facts = _facts("Der Autobauer Opel sagte im Gespräch mit dem Sender ORF, er wachse.")
    assert not any(p == "negotiatesWith" for _s, p, _o, _m in facts)
    assert ("Opel", "produces", "Auto", "Asserted") in facts
