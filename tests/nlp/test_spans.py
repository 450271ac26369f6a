"""`title_case_words` (a sentence's word table) answers as `title_case_line` (its span) does:
headlines, button labels, prose, a full stop before trailing white space, too few words."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.nlp.spans import title_case_line, title_case_words

LINES = [
    "GM Partners With TDK On New Battery Plant",
    "GM Partners With TDK On New Battery Plant.",
    "GM Partners With TDK On New Battery Plant. \n\n",
    "GM Partners With TDK On New Battery Plant \n",
    "Read More",
    "Share This Post | Follow Us On Twitter",
    "General Motors said it would buy a stake in TDK.",
    "US Using CATL Technology to Produce EV Batteries",
    "the Company and the Bank of America",
    "Ärger In Köln Über Neue Fabrik",
    "\n\n",
    "3 4 5 6",
]


@pytest.mark.parametrize("line", LINES)
def test_title_case_words_answers_as_the_span(line: str) -> None:
    doc = spacy.blank("en")(line)
    span = doc[:]
    texts, lowers = [t.text for t in doc], [t.lower_ for t in doc]
    assert title_case_words(texts, lowers) == title_case_line(span)


def test_trailing_space_tokens_are_skipped() -> None:
    doc = Doc(spacy.blank("en").vocab, words=["New", "Plant", "For", "Tesla", ".", "\n"])
    texts, lowers = [t.text for t in doc], [t.lower_ for t in doc]
    assert title_case_words(texts, lowers) is title_case_line(doc[:]) is False
    assert title_case_words(texts[:-2], lowers[:-2]) is title_case_line(doc[:-2]) is True
