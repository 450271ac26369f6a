"""Span shapes both English components judge: a Title Case line (a headline or a button label,
where only gazetteer names are trusted). Its own module so `kg.nlp.english` and
`kg.nlp.orgnames` both read it without importing each other."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

from kg.words import words


def title_case_line(sent: Span) -> bool:
    small = words("nlp.en_title_small")
    words_ = [t for t in sent if t.is_alpha and t.lower_ not in small]
    if len(words_) < 3:
        return False
    capital = sum(1 for t in words_ if t.text[0].isupper())
    return capital / len(words_) >= 0.75 and not sent.text.rstrip().endswith(".")


def title_case_words(texts: Sequence[str], lowers: Sequence[str]) -> bool:
    """`title_case_line` of the sentence whose token texts and lower-case forms are given (read
    from a table of the doc's words, without a Token made per word). `Token.is_alpha` is
    `str.isalpha` of its text; the sentence's text, stripped, ends where the last token with
    more than white space ends."""
    small = words("nlp.en_title_small")
    words_ = [t for t, low in zip(texts, lowers, strict=True) if t.isalpha() and low not in small]
    if len(words_) < 3:
        return False
    capital = sum(1 for t in words_ if t[0].isupper())
    last = next((t.rstrip() for t in reversed(texts) if t.strip()), "")
    return capital / len(words_) >= 0.75 and not last.endswith(".")
