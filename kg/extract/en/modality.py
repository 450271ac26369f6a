"""Modality of a fact, read from the verb chain that governs its trigger.

Walk from the trigger up through complement/adverbial/coordination/prepositional links (never
into a relative clause, never past the clause root) and collect cues on each link and its
auxiliaries/modifiers: Planned (will/would, plan/intend/aim/propose, "proposed"), Negotiating
(negotiate, talks), Hedged (may/might/could, reportedly, potential, consider), Negated (not,
no longer, never, without, deny/cancel/scrap). Negation is scoped: a `not` on a coordinated
head does not reach the other conjunct ("plans to purchase ..., but does not intend to take a
stake": the purchase stays Planned). Precedence: Negated > Hedged > Negotiating > Planned >
Asserted.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.common.lexicon import Lexicon
from kg.model import MODALITIES

ORDER = MODALITIES[:0:-1]  # weakest first: Negated, Hedged, Negotiating, Planned
_CLIMB = {"xcomp", "ccomp", "advcl", "conj", "acl", "pcomp", "prep", "pobj", "dobj", "attr",
          "oprd", "appos", "compound", "nsubjpass"}
_MAX = 8


def modality(trigger: Token, lex: Lexicon) -> str:
    m = lex.modality
    flags: set[str] = set()
    t = trigger
    via_conj = False
    for _ in range(_MAX):
        lemma = t.lemma_.lower()
        if lemma in m["negated_lemmas"] and t.pos_ == "VERB":
            flags.add("Negated")
        elif lemma in m["negotiating_lemmas"]:
            flags.add("Negotiating")
        elif lemma in m["hedged_lemmas"] and t.pos_ == "VERB":
            flags.add("Hedged")
        elif lemma in m["planned_lemmas"] and t is not trigger:
            flags.add("Planned")
        elif lemma == "set" and any(c.dep_ == "xcomp" for c in t.children):
            flags.add("Planned")  # "is set to"
        if t.dep_ == "prep" and t.lower_ == "without":
            flags.add("Negated")
        for c in t.children:
            dep, word = c.dep_, c.lower_
            if dep in {"aux", "auxpass"}:
                if word in m["planned_aux"]:
                    flags.add("Planned")
                elif word in m["hedged_aux"]:
                    flags.add("Hedged")
            elif dep == "neg" or (dep in {"det", "advmod"} and word in m["negation_words"]):
                if not via_conj:
                    flags.add("Negated")
            elif dep == "advmod":
                if word in m["hedged_adverbs"]:
                    flags.add("Hedged")
                elif word == "longer" and any(g.lower_ == "no" for g in c.children):
                    flags.add("Negated")
            elif dep == "amod":
                if word in m["planned_modifiers"]:
                    flags.add("Planned")
                elif word in m["hedged_modifiers"]:
                    flags.add("Hedged")
            elif dep == "prep" and word == "according":
                flags.add("Hedged")
        dep = t.dep_
        if dep not in _CLIMB or t.head is t:
            break
        via_conj = dep == "conj"
        t = t.head
    for name in ORDER:
        if name in flags:
            return name
    return "Asserted"
