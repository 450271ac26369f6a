"""Topological fields of a German clause over the tagger's output (STTS tags from HanTa).

A German clause is read by its fields, not by word order alone: in a main clause the finite
verb stands second (Vorfeld | finite verb | Mittelfeld | verb complex | Nachfeld), in a
subordinate or relative clause it closes the verb complex at the end (complementiser or
relative phrase | Mittelfeld | verb complex | Nachfeld). From the fields this module reads what
every frame needs, whatever the order the text chose:

- the lexical verb and its lemma with a separated particle ("kauft ... auf" -> aufkaufen,
  "hat ... übernommen", "will ... übernehmen", "übernommen werden soll");
- voice (a werden passive: "wurde von X übernommen", "ist ... übernommen worden"), a modal
  verb ("will", "soll"), the werden future ("werde ... übernehmen");
- the number of the finite verb (for agreement with a coordinated subject);
- the case a noun phrase can have, from its determiner and adjective endings (HanTa gives
  no case): "den Konkurrenten" cannot be the subject, so "Den Konkurrenten übernahm X"
  has X as its subject.

Everything is computed from token tags and forms; no parser is involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.de.shared import PARTICLES

VERBAL = frozenset(
    {
        "VVFIN",
        "VVINF",
        "VVIZU",
        "VVPP",
        "VAFIN",
        "VAINF",
        "VAPP",
        "VMFIN",
        "VMINF",
        "VMPP",
        "PTKVZ",
        "PTKZU",
    }
)
_LEXICAL = ("VVPP", "VVINF", "VVIZU")
_LEADING = frozenset({"KON", "$(", "$,"})  # "und", "aber", a quote before the Vorfeld

# Cases a determiner (or an adjective ending without one) allows; no determiner: any but gen.
NOM, ACC, DAT, GEN = "nom", "acc", "dat", "gen"
_DET_CASES: dict[str, frozenset[str]] = {
    "der": frozenset({NOM, DAT, GEN}),
    "die": frozenset({NOM, ACC}),
    "das": frozenset({NOM, ACC}),
    "den": frozenset({ACC, DAT}),
    "dem": frozenset({DAT}),
    "des": frozenset({GEN}),
    "ein": frozenset({NOM, ACC}),
    "eine": frozenset({NOM, ACC}),
    "einen": frozenset({ACC}),
    "einem": frozenset({DAT}),
    "einer": frozenset({DAT, GEN}),
    "eines": frozenset({GEN}),
}
_ANY = frozenset({NOM, ACC, DAT})
_PLURAL_FINITE = frozenset({"sind", "waren", "haben", "hatten", "werden", "wurden"})


@dataclass(frozen=True, slots=True)
class Fields:
    """The fields of one clause as token index ranges [lo, hi) and verb positions."""

    vorfeld: tuple[int, int]
    finite: int | None  # the finite verb
    middle: tuple[int, int]
    verbs: tuple[int, ...]  # the verb complex (right bracket), in text order
    nachfeld: tuple[int, int]
    lexical: int | None  # the lexical verb (VV*), else the finite verb
    particle: int | None  # a separated particle ("auf" in "kauft ... auf")
    lemma: str  # lexical lemma, particle joined ("aufkaufen")
    passive: bool  # werden + participle
    future: bool  # werden + infinitive
    modal: str | None  # lemma of a modal verb ("wollen", "sollen")
    plural: bool | None  # number of the finite verb, None without one

    def field_of(self, i: int) -> str:
        """ "vorfeld", "middle", "verbs", "nachfeld" or "left" (finite verb/complementiser)."""
        if i in self.verbs:
            return "verbs"
        if self.vorfeld[0] <= i < self.vorfeld[1]:
            return "vorfeld"
        if self.middle[0] <= i < self.middle[1]:
            return "middle"
        if self.nachfeld[0] <= i < self.nachfeld[1]:
            return "nachfeld"
        return "left"


def analyse(toks: list, kind: str) -> Fields:
    """The fields of a clause (`toks`: its tokens without spaces; `kind`: main, sub, rel, inf
    or coord as `kg.extract.de.clauses` cuts them)."""
    if not toks:
        return Fields((0, 0), None, (0, 0), (), (0, 0), None, None, "", False, False, None, None)
    lo, hi = toks[0].i, toks[-1].i + 1
    verb_final = kind in {"sub", "rel", "inf"}
    finite = _finite(toks, verb_final)
    verbs = _verb_complex(toks, finite, verb_final)
    if verb_final:
        left_end = _left_bracket_end(toks)
        vorfeld = (lo, lo)
        middle = (left_end, verbs[0] if verbs else hi)
    else:
        start = next((t.i for t in toks if t.tag_ not in _LEADING), lo)
        fin = finite if finite is not None else start
        vorfeld = (start, fin) if finite is not None else (start, start)
        middle = (fin + 1 if finite is not None else start, verbs[0] if verbs else hi)
    nachfeld = (verbs[-1] + 1 if verbs else hi, hi)
    doc = toks[0].doc
    lexical = next((i for i in verbs if doc[i].tag_ in _LEXICAL), None)
    if lexical is None and finite is not None:
        lexical = finite
    particle = next((i for i in verbs if doc[i].tag_ == "PTKVZ"), None)
    if particle is None and finite is not None and not verb_final:
        particle = _stray_particle(toks, finite)
    chain = [doc[i] for i in (*verbs, *((finite,) if finite is not None else ()))]
    werden = any(t.lemma_ == "werden" for t in chain)
    lex_tok = doc[lexical] if lexical is not None else None
    lemma = lex_tok.lemma_.lower() if lex_tok is not None else ""
    if particle is not None and lex_tok is not None and lexical == finite:
        lemma = doc[particle].lower_ + lemma
    modal = next((t.lemma_.lower() for t in chain if t.tag_.startswith("VM")), None)
    return Fields(
        vorfeld=vorfeld,
        finite=finite,
        middle=middle,
        verbs=verbs,
        nachfeld=nachfeld,
        lexical=lexical,
        particle=particle,
        lemma=lemma,
        passive=werden and lex_tok is not None and lex_tok.tag_ == "VVPP",
        future=werden and lex_tok is not None and lex_tok.tag_ == "VVINF",
        modal=modal,
        plural=_plural(doc[finite]) if finite is not None else None,
    )


def _finite(toks: list, verb_final: bool):
    fins = [t.i for t in toks if t.tag_.endswith("FIN")]
    if not fins:
        return None
    return fins[-1] if verb_final else fins[0]


def _verb_complex(toks: list, finite: int | None, verb_final: bool) -> tuple[int, ...]:
    """The verbs closing the clause (participles, infinitives, a particle, "zu"; the finite
    verb too in a verb-final clause); a Nachfeld may follow ("..., hat X übernommen für Y")."""
    doc = toks[0].doc
    after = [t for t in toks if finite is None or t.i > finite or verb_final]
    last = next((t for t in reversed(after) if t.tag_ in VERBAL and t.i != finite), None)
    if verb_final and finite is not None and (last is None or finite > last.i):
        last = doc[finite]
    if last is None:
        return ()
    out = [last.i]
    j = last.i - 1
    lo = toks[0].i if finite is None or verb_final else finite + 1
    while j >= lo and doc[j].tag_ in VERBAL:
        out.append(j)
        j -= 1
    return tuple(sorted(out))


def _stray_particle(toks: list, finite: int) -> int | None:
    """A particle HanTa tagged as a preposition or adverb, closing the clause with nothing
    after it ("stellt Windkraftanlagen her", "kauft X auf")."""
    # "bietet Chip an – Berechnungen ...": a verbless piece joined after a separator is no
    # part of the clause's right bracket
    # (the clause's tokens skip the separator: the piece starts after a gap)
    cut = next(
        (
            n
            for n, t in enumerate(toks)
            if n and t.i > finite and (t.tag_ in {"$,", "$("} or t.i != toks[n - 1].i + 1)
        ),
        None,
    )
    words = [t for t in toks[:cut] if not t.tag_.startswith("$")]
    last = words[-1] if words else None
    if (
        last is not None
        and last.i > finite + 1
        and last.lower_ in PARTICLES
        and last.tag_ in {"APPR", "ADV", "PTKVZ"}
        and toks[0].doc[finite].tag_ == "VVFIN"
    ):
        return last.i
    return None


def _left_bracket_end(toks: list) -> int:
    """End of a complementiser or relative phrase ("dass", "der", "von dem", "dessen X")."""
    first = toks[0]
    if first.tag_ in {"KOUS", "KOUI", "PWAV", "PRELS", "PRELAT", "PWS"}:
        j = 1
        if first.tag_ == "PRELAT":  # "dessen Tochter": the relative phrase includes its noun
            while j < len(toks) and toks[j].tag_ in {"ADJA", "NN", "NE"}:
                j += 1
        return toks[min(j, len(toks) - 1)].i if j < len(toks) else toks[-1].i + 1
    if first.tag_ in {"APPR", "APPRART"} and len(toks) > 1 and toks[1].tag_ == "PRELS":
        return toks[min(2, len(toks) - 1)].i  # "von dem", "an die"
    return first.i


def _plural(tok) -> bool:
    low = tok.lower_
    if low in _PLURAL_FINITE:
        return True
    return bool(re.search(r"[^e]en$|[aeiouäöü]n$|ern$|eln$", low)) and low not in {"kann"}


def np_cases(doc, start: int, lo: int) -> frozenset[str]:
    """The cases a noun phrase whose name or noun starts at token `start` can have, from its
    determiner ("den Konkurrenten Opel": accusative or dative) or, without one, from the
    adjective ending ("Deutschen Bahn"); `lo` bounds the search (the clause start)."""
    j = start - 1
    adjective = None
    nouns = 0
    while j >= lo and doc[j].tag_ in {"ADJA", "ADJD", "CARD", "ADV", "NN", "TRUNC"}:
        if doc[j].tag_ == "ADJA" and adjective is None:
            adjective = doc[j]
        nouns += doc[j].tag_ == "NN"
        if nouns > 2:  # a cue noun ("Konzern Opel") at most, not a phrase of its own
            return _ANY
        j -= 1
    if j >= lo and doc[j].tag_ in {"ART", "PDAT", "PIAT", "PPOSAT", "PIDAT", "PRELAT"}:
        return _determiner(doc[j].lower_)
    if j >= lo and doc[j].tag_ in {"APPR", "APPRART"}:
        return frozenset({DAT, ACC})
    if adjective is not None:  # "Deutschen Bahn": no article, the strong ending decides
        return _STRONG.get(adjective.lower_[-2:], _ANY)
    return _ANY


_STRONG = {
    "er": frozenset({NOM, GEN, DAT}),
    "en": frozenset({ACC, DAT, GEN}),
    "em": frozenset({DAT}),
    "es": frozenset({NOM, ACC, GEN}),
}
# Endings of "dies-", "jen-", "jed-", "welch-" (like "der") and of "kein-", "mein-" ... (like "ein")
_DER_LIKE = ("dies", "jen", "jed", "welch")
_EIN_LIKE = ("kein", "mein", "dein", "sein", "ihr", "unser", "euer", "eur")
_EIN_ENDINGS = {
    "": frozenset({NOM, ACC}),
    "e": frozenset({NOM, ACC}),
    "er": frozenset({DAT, GEN}),
    "en": frozenset({ACC, DAT}),
    "em": frozenset({DAT}),
    "es": frozenset({GEN}),
}


def _determiner(form: str) -> frozenset[str]:
    if form in _DET_CASES:
        return _DET_CASES[form]
    for stem in _DER_LIKE:
        if form.startswith(stem):
            ending = form[len(stem) :]
            return {
                "er": _DET_CASES["der"],
                "e": _DET_CASES["die"],
                "es": frozenset({NOM, ACC, GEN}),
                "en": _DET_CASES["den"],
                "em": _DET_CASES["dem"],
            }.get(ending, _ANY)
    for stem in _EIN_LIKE:
        if form.startswith(stem):
            return _EIN_ENDINGS.get(form[len(stem) :], _ANY)
    return _ANY


__all__ = ["ACC", "DAT", "GEN", "NOM", "VERBAL", "Fields", "analyse", "np_cases"]
