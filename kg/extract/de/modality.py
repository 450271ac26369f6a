"""Modality of a German fact, from the words of its clause (and of the clause governing a
zu-infinitive): Negated > Negotiating > Hedged > Planned > Asserted.

Split from `kg.extract.de.extract` (one idea per module); the word lists are the "modality"
section of `kg/resources/triggers_de.json`.
"""

from __future__ import annotations

from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.common.lexicon import GermanRule as Rule
from kg.extract.de.clauses import Clause
from kg.words import words

_PLURAL_ONLY = words("extract.de_plural_only", lower=True)


def plural_ok(tok) -> bool:
    """False for a noun that counts as talks only in the plural but stands in the singular
    ("im Gespräch mit", "ins Gespräch bringen"; "Gespräche", "Gesprächen" count)."""
    lemma = tok.lemma_.lower()
    if not any(lemma.endswith(n) for n in _PLURAL_ONLY):
        return True
    return tok.lower_.endswith(("e", "en"))


def modality(c: Clause, rule: Rule, lex: Lexicon) -> str:
    toks = list(c.toks)
    if c.kind == "inf" and c.governor is not None:
        toks = list(c.governor.toks) + toks
    words = [(t.lower_, t.lemma_.lower(), t) for t in toks]
    mod = lex.modality
    # a separable verb counts with its particle ("schloss ... aus" -> ausschließen)
    for cl in (c, c.governor if c.kind == "inf" else None):
        f = cl.fields if cl is not None else None
        if f is not None and f.finite is not None and f.lemma in mod["Negated"]:
            return "Negated"
    for k, (low, lemma, _t) in enumerate(words):
        if low in mod["Negated"] or lemma in mod["Negated"]:
            nxt = words[k + 1][0] if k + 1 < len(words) else ""
            if nxt not in {"nur", "zuletzt", "ausgeschlossen"}:
                return "Negated"
    if rule.predicate != "negotiatesWith" and any(
        (lemma in mod["Negotiating"] or any(lemma.endswith(n) for n in ("verhandlung", "gespräch")))
        and plural_ok(t)
        for _l, lemma, t in words
    ):
        return "Negotiating"
    if any(low in mod["Hedged"] or lemma in mod["Hedged"] for low, lemma, _t in words):
        return "Hedged"
    future = any(t.lemma_ == "werden" and t.tag_ == "VAFIN" for _l, _m, t in words) and any(
        t.tag_ == "VVINF" for _l, _m, t in words
    )
    if (
        future
        or rule.planned
        or any(low in mod["Planned"] or lemma in mod["Planned"] for low, lemma, _t in words)
    ):
        return "Planned"
    return "Asserted"
