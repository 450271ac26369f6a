"""What a German company name looks like: legal forms, organisation cue words, name spellings.

Split from `kg.nlp.german` (one idea per module): the entity ruler there decides where names are;
this module knows the surface evidence it uses - a legal-form tail ("AG", "GmbH & Co. KG"), a cue
noun before the name ("der Konzern X") or after it ("X Unternehmensgruppe", "X-Gruppe"), and
spellings no German common noun has (CamelCase "KrausMaffei", "EnBW"; all-caps "FRAPORT"). Legal
forms are `kg/resources/legal_forms.json` (through `kg.names`); cue words are nlp word lists
(`kg/resources/words_nlp.json`: "de_org_cue_nouns", "de_org_cue_suffixes", "de_name_cues_after",
"de_name_heads").
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.names import legal_tokens
from kg.words import words

# Single-token spellings of the German cue forms ("AG", "GmbH", "Co.", "Holding"): `kg.names`.
LEGAL_FORMS = legal_tokens("de")
# Words HanTa may tag NE/NN inside a capitalised run that never start or form a company name.
_NOT_NAME = words("nlp.de_not_name")


@lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """Organisation cue words: nouns before a name, compound tails, nouns after a name, and
    tails that cue only inside a compound."""
    return (
        words("nlp.de_org_cue_nouns", lower=True),
        tuple(sorted(words("nlp.de_org_cue_suffixes", lower=True))),
        words("nlp.de_name_cues_after", lower=True),
        tuple(sorted(words("nlp.de_org_cue_compound_tails", lower=True))),
    )


def is_org_cue(lemma: str) -> bool:
    low = lemma.lower()
    nouns, suffixes, _after, compound_tails = _cues()
    return (
        low in nouns
        or low.endswith(suffixes)
        or (low.endswith(compound_tails) and low not in compound_tails)
    )


def is_cue_noun(lemma: str) -> bool:
    """A cue noun itself ("Bank", "Konzern"), not a compound on one ("Polbank")."""
    return lemma.lower() in _cues()[0]


def is_name_cue_after(word: str) -> bool:
    """ "Gruppe", "Unternehmensgruppe" after a name name that organisation (not a subsidiary)."""
    low = word.lower()
    after = _cues()[2]
    # genitive "des Volkswagen-Konzerns" is the same cue
    return low in after or (low.endswith("s") and (low[:-1] in after or low[:-2] in after))


def is_name_head(word: str) -> bool:
    """ "Bank" in "Deutsche Bank", "Group" in "Ströer Content Group": a head that belongs to the
    name when capitalised words stand right before it."""
    return word in words("nlp.de_name_heads")


def head_name_word(tok) -> bool:
    """A word that makes the run before a name head a name: a proper noun, a brand spelling, a
    capitalised adjective (lower case inside a German sentence unless part of a name) or a
    capitalised noun (German writes a compound as one word: "Maple Bank" is a name)."""
    if not name_like(tok) or not tok.text[:1].isupper() or "-" in tok.text:
        return False
    return (
        tok.tag_ in {"NE", "FM", "ADJA"}
        or name_shaped(tok.text)
        or (tok.tag_ == "NN" and tok.is_alpha)
    )


_CAMEL = re.compile(r"^[A-Za-zÄÖÜäöüß]*[a-zäöüß][A-ZÄÖÜ]")


def name_shaped(text: str) -> bool:
    """CamelCase ("KrausMaffei", "EnBW", "eiSos") or all-caps ("FRAPORT"): a brand's spelling,
    never a German common noun, so such a token can be a name even where HanTa tags it NN."""
    letters = text.replace("-", "").replace("&", "")
    if not letters.isalnum() or not any(c.isalpha() for c in letters):
        return False
    return bool(_CAMEL.match(text)) or (len(letters) >= 2 and letters.isupper())


def legal_tail_end(doc: Doc, end: int) -> int:
    """End of a legal-form tail: "AG", "GmbH & Co. KG", "Co. Limited"."""
    while end < len(doc) and (
        doc[end].text in LEGAL_FORMS
        or (doc[end].text == "&" and end + 1 < len(doc) and doc[end + 1].text in LEGAL_FORMS)
    ):
        end += 1
    return end


def acronym(text: str) -> bool:
    return 2 <= len(text) <= 6 and text.isupper() and text.isalpha()


def name_like(tok) -> bool:
    """A token that can be part of a company name: capitalised, not a function word or cue."""
    if tok.is_space or (tok.is_punct and tok.text not in {"&", "-"}):
        return False
    if tok.text in _NOT_NAME or tok.text in LEGAL_FORMS:
        return False
    if "://" in tok.text or tok.lower_.startswith("http"):
        return False  # "Nexter http://t.…": a tweet's clipped link ends the name before it
    if tok.tag_ in {"NE", "FM"} or name_shaped(tok.text):
        return True
    if tok.tag_ in {"NN", "ADJA", "XY", "CARD"} and re.match(r"^[A-ZÄÖÜ0-9]", tok.text):
        return not (tok.tag_ == "NN" and (is_org_cue(tok.lemma_) or _counted(tok)))
    return False


def _counted(tok) -> bool:
    """ "Vor 47 Tagen FOCUS Online", "kaufte 20 Aktien Siemens AG": a noun a number counts is
    a common noun, never a word of the name after it."""
    return tok.i > 0 and tok.doc[tok.i - 1].tag_ == "CARD" and tok.doc[tok.i - 1].like_num


# Country heads that end a company name in German text ("Bank Austria", "Casinos Austria"):
# German names the country "Österreich", so the English name stands in names.
PLACE_HEADS = frozenset({"Austria"})


def known_place_word(word: str) -> bool:
    from kg.places import german_place as place

    return place(word) is not None


def known_place(tok) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha and known_place_word(tok.text)


def inflected_noun(tok) -> bool:
    """ "Blairmore Holding Steuern": a noun HanTa lemmatises to another form is a common
    noun in its inflection, not the next word of a name."""
    return tok.tag_ == "NN" and tok.lemma_ != tok.text and tok.lemma_.lower() != tok.lower_


def before_place_head(doc: Doc, head, i: int) -> bool:
    """ "die Bank Austria": right before a country head a cue noun is a word of the name too."""
    t = doc[i]
    return (
        head.text in PLACE_HEADS
        and i == head.i - 1
        and t.tag_ == "NN"
        and t.is_alpha
        and t.text[:1].isupper()
        and not known_place(t)
    )


def english_head_stop(doc: Doc, head, start: int) -> bool:
    """Does the word before `start` stay out of a name on an English head ("Games", "Labs")?
    An adjective or an inflected noun names a kind ("Mobile Games"), a common noun before a
    proper noun describes it ("das Entwicklerteam Playground Games")."""
    if head.text not in words("nlp.de_name_heads_english"):
        return False
    prev = doc[start - 1]
    return (
        prev.tag_ == "ADJA"
        or inflected_noun(prev)  # "Mobile" (lemma "Mobil")
        or (start < head.i and prev.tag_ == "NN" and doc[start].tag_ in {"NE", "FM"})
    )


def absorbed_places(gaz_spans: list[Span], cued: list[Span]) -> list[Span]:
    """Gazetteer spans without a country that heads a name ("die Casinos Austria", "Statistik
    Austria": see `PLACE_HEADS`)."""
    heads = {(c.end - 1, c.end) for c in cued if c.end - c.start > 1 and is_name_head(c[-1].text)}
    return [g for g in gaz_spans if not (g.label_ == "GPE" and (g.start, g.end) in heads)]
