"""Span shapes both English components judge: a Title Case line (a headline or a button label,
where only gazetteer names are trusted). Its own module so `kg.nlp.english` and
`kg.nlp.orgnames` both read it without importing each other."""

from __future__ import annotations

from spacy.tokens import Span

from kg.words import words


def title_case_line(sent: Span) -> bool:
    small = words("nlp.en_title_small")
    words_ = [t for t in sent if t.is_alpha and t.lower_ not in small]
    if len(words_) < 3:
        return False
    capital = sum(1 for t in words_ if t.text[0].isupper())
    return capital / len(words_) >= 0.75 and not sent.text.rstrip().endswith(".")
