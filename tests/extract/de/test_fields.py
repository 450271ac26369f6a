"""Topological fields of German clauses (`kg.extract.de.fields`) over the real German route."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _clauses(text: str):
    from kg import gazetteer as gaz
    from kg.extract.common.lexicon import load_de
    from kg.extract.de.clauses import Sentence
    from kg.nlp.german import load

    doc = load()(text)
    out = []
    for sent in doc.sents:
        ents = [e for e in doc.ents if sent.start <= e.start < sent.end]
        out += Sentence(sent, load_de(), gaz.load(), ents).clauses
    return doc, out


def _span(doc, r: tuple[int, int]) -> str:
    return doc[r[0] : r[1]].text


def test_fronted_phrase_auxiliary_and_participle():
    doc, (c,) = _clauses("Für 900 Millionen Euro haben Siemens und Bosch im Mai Opel übernommen.")
    f = c.fields
    assert _span(doc, f.vorfeld) == "Für 900 Millionen Euro"
    assert doc[f.finite].text == "haben" and f.plural is True
    assert _span(doc, f.middle) == "Siemens und Bosch im Mai Opel"
    assert [doc[i].text for i in f.verbs] == ["übernommen"]
    assert f.lemma == "übernehmen" and not f.passive


def test_verb_final_subordinate_clause_with_modal():
    doc, clauses = _clauses("Es hieß, dass Blackberry ein Smartphone herstellen wolle.")
    f = clauses[-1].fields
    assert clauses[-1].kind == "sub"
    assert [doc[i].text for i in f.verbs] == ["herstellen", "wolle"]
    assert f.lemma == "herstellen" and f.modal == "wollen" and f.plural is False


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("Siemens kauft den Konkurrenten auf.", "aufkaufen"),
        ("Die Firma stellt Windkraftanlagen her.", "herstellen"),  # "her" tagged APPR
        ("Siemens hat den Konkurrenten aufgekauft.", "aufkaufen"),
    ],
)
def test_separable_verbs_read_with_their_particle(text: str, lemma: str):
    _doc, (c,) = _clauses(text)
    assert c.fields.lemma == lemma


def test_werden_passive_and_future():
    _doc, (c,) = _clauses("Bosch soll von Siemens übernommen werden.")
    assert c.fields.passive and c.fields.modal == "sollen"
    _doc, (c,) = _clauses("Siemens wird Bosch übernehmen.")
    assert c.fields.future and not c.fields.passive


def test_case_from_the_determiner():
    from kg.extract.de.fields import ACC, NOM, np_cases

    doc, (c,) = _clauses("Den Konkurrenten Opel übernahm die Lufthansa.")
    opel = next(t.i for t in doc if t.text == "Opel")
    lufthansa = next(t.i for t in doc if t.text == "Lufthansa")
    assert NOM not in np_cases(doc, opel, c.lo) and ACC in np_cases(doc, opel, c.lo)
    assert NOM in np_cases(doc, lufthansa, c.lo)
    assert c.fields.field_of(opel) == "vorfeld" and c.fields.field_of(lufthansa) == "middle"


def test_object_first_order_reaches_the_same_frame():
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    def facts(text: str) -> set[tuple[str, str, str]]:
        ex = extract_de(Article(id="t", text=text, lang="de"))
        return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}

    svo = facts("Die Lufthansa übernahm den Konkurrenten Opel.")
    ovs = facts("Den Konkurrenten Opel übernahm die Lufthansa.")
    assert ("Lufthansa", "acquires", "Opel") in svo
    assert ("Lufthansa", "acquires", "Opel") in ovs
    assert ("Opel", "acquires", "Lufthansa") not in ovs


def test_particle_before_a_dash_closes_the_clause() -> None:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    text = "Knowm bietet Chip für 220 Dollar an – Berechnungen nach Hebbs Prinzip."
    ex = extract_de(Article(id="t", text=text, lang="de"))
    assert ("Knowm", "produces", "Chip") in {
        (f.subject.name, f.predicate, f.object.name) for f in ex.facts
    }
