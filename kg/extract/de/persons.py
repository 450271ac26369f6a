"""Is a German proper-noun run a person's name? A role noun before it ("Spar-Vorstand Hans
Reisch", "Volvo-Chef Hakan Samuelsson"), a first name before a surname with no organisation cue
before them ("Georg Mascolo"), or the surname of a person the article named before
("Samuelsson" later on). A person in a company slot would give a company fact about a man.
"""

from __future__ import annotations

from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.de.shared import MARKS, cue_like


def person_cue(tok, lex: Lexicon) -> bool:
    """A role noun, alone or as a compound tail ("Vorstand", "Bundeswirtschaftsminister")."""
    low = tok.lower_.rsplit("-", 1)[-1]
    return tok.tag_ in {"NN", "NE", "ADJA"} and low.endswith(lex.person_cues)


def is_person(toks: list, k: int, j: int, lex: Lexicon, persons: set[str]) -> bool:
    """Is `toks[k:j]` a person? `persons` holds the surnames of the article's persons so far."""
    if k > 0 and person_cue(toks[k - 1], lex):
        return True
    if k > 1 and toks[k - 1].text in MARKS and person_cue(toks[k - 2], lex):
        return True  # "US-Außenminister #Kerry": a tweet's mark between the role and the name
    if k > 1 and person_cue(toks[k - 2], lex) and toks[k - 1].text[:1].isupper():
        # "Henkel-Chef Kasper Rorsted": a first name HanTa reads as a common noun ("Kasper")
        # stands between the role and the surname
        return toks[k - 1].is_alpha and toks[k - 1].tag_ in {"NN", "NE"}
    if j - k == 1:
        return toks[k].text in persons
    from kg.extract.en.argtypes import is_first_name

    # "Georg Mascolo", and with a second first name "Uwe Dieter Grebe"
    return (
        j - k in {2, 3}
        and not (k > 0 and toks[k - 1].text == "&")  # "Daily Mail & General Trust"
        and all(is_first_name(t.text) and t.tag_ == "NE" for t in toks[k : j - 1])
        and toks[j - 1].tag_ == "NE"
        and not (k > 0 and cue_like(toks[k - 1], lex))
    )


def named_persons(doc, lex: Lexicon) -> set[str]:
    """Surnames of the persons a first name introduces anywhere in the article: a headline
    names the man by his surname before the text gives his first name ("Tarantino stellt «The
    Hateful 8» vor" ... "Film von Quentin Tarantino"). A role noun's person is found in order."""
    out: set[str] = set()
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        for k in range(len(toks) - 1):
            pair = toks[k].tag_ == toks[k + 1].tag_ == "NE"
            if pair and is_person(toks, k, k + 2, lex, set()):
                out.add(toks[k + 1].text)
    return out


__all__ = ["is_person", "named_persons", "person_cue"]
