"""A product name's maker named by the article: "Apple Pencil" made by Apple when the article
also says "Apple hat ..." with "Apple" alone.

A product name may open with its maker's name ("Apple Pencil", "Google Chrome", "Oppo Find 7")
or with a product line's ("Nexus 6P", "Moto G", "Windows 10"). The names layer marks neither as
an organisation when no cue stands near it, so the product stays without a maker. What tells
them apart is how the article uses the word alone: a company's name stands bare, without an
article, as the subject of a finite verb ("Apple hat gepatzt", "damit hat Google ...") or as a
possessive before a noun ("Apples Chef"); a product line takes an article ("das Nexus", "der
Levante") and is seldom a clause's bare subject. Persons are bare subjects too ("Nadella
sagte"), so a word the article gives a first name to, or writes after another capitalised name,
is never a maker here.
"""

from __future__ import annotations

from kg import gazetteer as gaz
from kg.extract.de.shared import CERT, mention, place
from kg.model import NAME_KEY, Mention

# What stands before a clause's first word: nothing, punctuation, a conjunction.
_OPENING = frozenset({"$.", "$,", "$(", "KON"})
_DETERMINERS = frozenset({"ART", "APPRART", "PPOSAT", "PDAT", "PIAT", "ADJA", "CARD"})


def article_maker(doc, first: int, end: int, persons: set[str]) -> Mention | None:
    """The maker of the product name doc[first:end] when its first word is a company's name the
    article uses bare elsewhere (see the module's doc), else None."""
    if end - first < 2:
        return None  # "iPhone": no maker's word in the name
    head = doc[first]
    word = head.text
    if (
        not word[:1].isalpha()
        or not head.is_alpha
        or head.tag_ not in {"NE", "FM"}
        or word in persons
        or place(word) is not None
        or gaz.load().demonym(word)
    ):
        return None
    if _person_like(doc, word) or _line_word(doc, word):
        return None
    alone = (t for t in doc if t.text in {word, word + "s"} and t.i != first)
    if not any(_bare_subject(doc, t, possessive=t.text != word) for t in alone):
        return None
    key = NAME_KEY + gaz.fold(word)
    return mention(word, head.idx, head.idx + len(word), "Organization", word, key, CERT["cued"])


def _bare_subject(doc, tok, *, possessive: bool) -> bool:
    """ "Apple hat", "hat Apple ...", "Apples Chef": the word alone in a subject's or a
    possessor's place, without a determiner."""
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is None or (prev is not None and prev.tag_ in _DETERMINERS):
        return False
    if possessive:
        return tok.tag_ in {"NE", "FM"} and nxt.tag_ == "NN"  # "Apples Chef"
    opening = prev is None or prev.tag_ in _OPENING or tok.is_sent_start
    if opening and nxt.tag_.endswith("FIN"):
        return True
    # "damit hat Apple ...": right after the finite verb, and no designation after it
    return (
        prev is not None
        and prev.tag_.endswith("FIN")
        and nxt.tag_ not in {"NE", "FM", "CARD"}
        and not any(ch.isdigit() for ch in nxt.text)
    )


def _line_word(doc, word: str) -> bool:
    """ "Nexus 5X", "Nexus 6P": a word before two designations or more names a product line
    (a maker's name stands before one model now and then: "Nintendo 3DS")."""
    return (
        sum(1 for t in doc[:-1] if t.text == word and any(ch.isdigit() for ch in doc[t.i + 1].text))
        > 1
    )


def _person_like(doc, word: str) -> bool:
    """A surname: written after another capitalised name ("Satya Nadella")."""
    return any(
        t.text == word
        and t.i > 0
        and doc[t.i - 1].tag_ == "NE"
        and doc[t.i - 1].text[:1].isupper()
        and doc[t.i - 1].is_alpha
        for t in doc
    )
