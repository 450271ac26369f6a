"""An all-capitals headline is read in sentence case by the models (kg.nlp.headline)."""

from __future__ import annotations

import pytest


def test_each_word_takes_the_case_its_story_writes() -> None:
    import spacy

    from kg.nlp.headline import sentence_case

    doc = spacy.blank("en")(
        "REEBOK COMPLETED AVIA GROUP MERGER\n\n"
        "Reebok International said the merger with Avia Group closed. IBM was not involved."
    )
    cased = sentence_case(doc)
    assert [cased.get(t.i, t.text) for t in doc[:5]] == [
        "Reebok",
        "completed",
        "Avia",
        "Group",
        "merger",
    ]


def test_a_line_in_prose_case_is_left_alone() -> None:
    import spacy

    from kg.nlp.headline import sentence_case, sentence_cased

    doc = spacy.blank("en")("Reebok completes Avia merger\n\nReebok International said so.")
    assert sentence_case(doc) == {}
    assert not sentence_cased(doc[0:3])


def test_a_headline_name_counts_only_where_its_story_writes_it() -> None:
    import spacy

    from kg.nlp.headline import in_body, sentence_case

    doc = spacy.blank("en")(
        "HALVERN BUYS W. GERMAN STAKE\n\nHalvern Corp said it bought a majority of Dunmore GmbH."
    )
    sentence_case(doc)
    assert in_body(doc, "HALVERN") and not in_body(doc, "W. GERMAN STAKE")
    assert not in_body(doc, "Dunmore Gm")  # whole words only


@pytest.mark.slow
def test_the_models_parse_a_capitals_headline_as_a_sentence() -> None:
    from kg.nlp import load

    text = (
        "HARWICK ELECTRONICS <HRW> TO ACQUIRE DUNMORE FOODS\n\n"
        "Harwick Electronics Inc said the talks with Dunmore Foods Corp went on."
    )
    doc = load("en")(text)
    assert doc.text == text  # the article's own text is untouched
    verb = doc[4]
    assert (verb.text, verb.lemma_, verb.pos_) == ("ACQUIRE", "acquire", "VERB")
    assert [c.text for c in verb.children if c.dep_ == "dobj"] == ["FOODS"]
    assert "HARWICK ELECTRONICS" in {e.text for e in doc.ents if e.label_ == "ORG"}
