"""Modality of a fact, read from the verb chain that governs its trigger.

Walk from the trigger up through complement/adverbial/coordination/prepositional links (never
into a relative clause, never past the clause root) and collect cues on each link and its
auxiliaries/modifiers: Planned (will/would, plan/intend/aim/propose, "proposed"), Negotiating
(negotiate, talks), Hedged (may/might/could, reportedly, potential, consider), Negated (not,
no longer, never, without, deny/cancel/scrap; a trigger noun that is sold or divested: "sold its
stake in Rosneft" - planned sales too, so no edge says the holding goes on or grows). Negation
is scoped: a `not` on a coordinated head does not reach the other conjunct ("plans to
purchase ..., but does not intend to take a stake": the purchase stays Planned). Precedence:
Negated > Hedged > Negotiating > Planned > Asserted.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.common.lexicon import Lexicon
from kg.extract.en.memo import table
from kg.extract.en.memo import words as doc_words
from kg.model import MODALITIES

ORDER = MODALITIES[:0:-1]  # weakest first: Negated, Hedged, Negotiating, Planned
_CLIMB = {
    "xcomp",
    "ccomp",
    "advcl",
    "conj",
    "acl",
    "pcomp",
    "prep",
    "pobj",
    "dobj",
    "attr",
    "oprd",
    "appos",
    "compound",
    "nsubjpass",
}
_MAX = 8
_REPORTED = "reported by an unnamed source"  # Hedged unless the report is of talks


def _node_flags(
    t: Token, trigger: Token, m: dict[str, frozenset[str]], below: Token | None = None
) -> set[str]:
    """Cues on one link of the chain (`below`: the link climbed from): its own lemma and a
    "without" preposition."""
    lemma = t.lemma_.lower()
    flags: set[str] = set()
    if _negating(t, m):
        flags.add("Negated")  # "GM pulled out of an agreement to buy Fiat"
    elif lemma in m["negotiating_lemmas"]:
        flags.add("Negotiating")
    elif lemma in m["hedged_lemmas"] and t.pos_ == "VERB":
        flags.add("Hedged")
    elif t is not trigger and t.pos_ == "NOUN" and lemma in m.get("hedged_nouns", frozenset()):
        flags.add("Hedged")  # "on speculation that it will be bought by Quiksilver"
    elif _planned(t, lemma, trigger, m, below):
        flags.add("Planned")
    if (
        below is not None
        and below.pos_ == "NOUN"
        and below.dep_ in {"dobj", "nsubjpass"}
        and (
            lemma in m.get("divest_lemmas", frozenset())
            or lemma in m.get("ending_lemmas", frozenset())
            or for_sale(t)
        )
    ):
        # "BP sold its stake in Rosneft", "put Yukos's Yuganskneftegas subsidiary up for sale",
        # "dropped its bid", "ended its partnership": the fact the noun states is no longer
        flags.add("Negated")
    if _headline_future(t):
        flags.add("Planned")  # headline future: "Microsoft to acquire LinkedIn"
    if t.dep_ == "prep" and t.lower_ == "without":
        flags.add("Negated")
    flags |= _reported_or_against(t, lemma, m)
    if t.pos_ == "VERB" and _anonymous_source(t, m):
        flags.add(_REPORTED)  # "X plans to buy Y, people familiar with the matter said"
    if (
        t is trigger
        and t.pos_ == "NOUN"
        and any(
            c.dep_ in {"acl", "amod"} and c.lemma_.lower() in m["negated_lemmas"]
            for c in t.children
        )
    ):
        flags.add("Negated")  # "Nvidia's acquisition of Arm, cancelled in 2022"
    if (
        t is trigger
        and t.pos_ == "NOUN"
        and t.dep_ in {"nsubj", "nsubjpass"}
        and _negating(t.head, m)
        and _undergoes(t)
    ):
        flags.add("Negated")  # "Nvidia's acquisition of Arm cancelled", "talks broke down"
    return flags


def _reported_or_against(t: Token, lemma: str, m: dict[str, frozenset[str]]) -> set[str]:
    """ "decided against buying Corvane" (Negated); "X is said to be considering an offer"
    (Hedged: a report, not the company's word)."""
    out: set[str] = set()
    if (
        t.dep_ in {"prep", "pcomp"}
        and t.lower_ == "against"
        and t.head.lemma_.lower() in m.get("negated_against", frozenset())
    ):
        out.add("Negated")
    if (
        lemma in m.get("hedged_passives", frozenset())
        and any(c.dep_ == "auxpass" for c in t.children)
        and any(c.dep_ == "xcomp" for c in t.children)
    ):
        out.add("Hedged")
    return out


def _planned(
    t: Token, lemma: str, trigger: Token, m: dict[str, frozenset[str]], below: Token | None
) -> bool:
    if lemma in m["planned_lemmas"] and (
        t is not trigger or lemma in m.get("planned_triggers", frozenset())
    ):
        return True  # "X bid for Y", "seeking control of Y": a plan as the trigger
    if t is trigger and t.pos_ == "NOUN" and lemma in m.get("planned_nouns", frozenset()):
        return True  # "its tender offer for Cyclops": an offer is not yet a deal
    if lemma == "set" and any(c.dep_ == "xcomp" for c in t.children):
        return True  # "is set to"
    if lemma == "be" and below is not None and below.dep_ == "xcomp" and below.tag_ == "VB":
        return True  # "it was to offload its US gaming division to BLB"
    return t.pos_ == "VERB" and _signs_intent(t, m)  # "signed a letter of intent for a merger"


def _signs_intent(v: Token, m: dict[str, frozenset[str]]) -> bool:
    """The verb's object is a letter of intent or a memorandum of understanding."""
    words = m.get("planned_objects", frozenset())
    for d in (c for c in v.children if c.dep_ == "dobj"):
        if d.lemma_.lower() in words or any(
            g.lemma_.lower() in words
            for c in d.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
        ):
            return True
    return False


def _anonymous_source(v: Token, m: dict[str, frozenset[str]]) -> bool:
    """A verb of saying or expecting whose subject is a source the article does not name:
    "sources said", "analysts expect", "people familiar with the talks said" (a bare "people"
    is no source), "a newspaper reported"."""
    if v.lemma_.lower() not in m.get("source_verbs", ()):
        return False  # "Analysts compared it to a bid by X for Y": the bid is no report
    for s in (c for c in v.children if c.dep_ == "nsubj"):
        lemma = s.lemma_.lower()
        if lemma in m.get("anonymous_sources", ()) or s.lower_ in m.get("press_nouns", ()):
            return True  # (press_nouns: "a Manila newspaper reported", "the Financial Times said")
        if lemma in m.get("source_people", ()) and any(
            c.lemma_.lower() in m.get("source_people_modifiers", ()) for c in s.children
        ):
            return True
    return False


def _undergoes(t: Token) -> bool:
    """The subject undergoes its verb: a passive, or a past form with no object ("the deal
    failed", "acquisition of Arm cancelled"), never the agent of a verb still to act ("its
    RipGuard technology will thwart most ripping programs")."""
    if t.dep_ == "nsubjpass":
        return True
    return t.head.tag_ in {"VBD", "VBN"} and not any(c.dep_ == "dobj" for c in t.head.children)


def for_sale(t: Token) -> bool:
    """ "put Yukos's Yuganskneftegas subsidiary up for sale": offered for sale, a divestment."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "for"
        and any(o.lemma_.lower() in {"sale", "auction"} for o in c.children if o.dep_ == "pobj")
        for c in t.children
    )


def owned_until(deal: Token, lex: Lexicon) -> str:
    """The modality of an ownership a deal ends ("agreed to sell its Beta unit", "sold its
    Lacroix label"): it still holds while the deal is planned, rumoured or denied, and no
    longer once the deal is done."""
    return "Negated" if modality(deal, lex) == "Asserted" else "Asserted"


def _headline_future(t: Token) -> bool:
    """ "X to buy Y" with no finite verb (the infinitive is the clause root, or the parser hangs
    it off the root name: "Siemens <-relcl- buy"), or an infinitive a noun is for ("a deal to
    buy Y"), active or passive ("an agreement to be acquired by Y")."""
    passive = t.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in t.children)
    if not (t.tag_ == "VB" or passive) or not any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in t.children
    ):
        return False
    if t.dep_ in {"relcl", "acl"} and t.head.pos_ == "NOUN":
        return True  # "struck a deal to acquire Inhibrx": what the deal is for is still to come
    if t.dep_ == "advcl" and t.i > t.head.i:
        return True  # "signed a definitive pact to buy a 51 pct interest": a purpose
    return t.dep_ == "ROOT" or (
        t.dep_ in {"relcl", "acl"} and t.head.dep_ == "ROOT" and t.head.pos_ == "PROPN"
    )


def _child_flag(c: Token, m: dict[str, frozenset[str]], via_conj: bool) -> str | None:
    """The cue one child of a link carries: an auxiliary, a negation, an adverb or adjective."""
    dep, word = c.dep_, c.lower_
    if dep in {"aux", "auxpass"}:
        if word in m["planned_aux"]:
            return "Planned"
        return "Hedged" if word in m["hedged_aux"] else None
    if dep == "neg" or (dep in {"det", "advmod"} and word in m["negation_words"]):
        return None if via_conj else "Negated"
    if dep == "advmod":
        if word in m["hedged_adverbs"]:
            return "Hedged"
        if word == "longer" and any(g.lower_ == "no" for g in c.children):
            return "Negated"
        return None
    if dep == "amod":
        if word in m.get("negated_modifiers", frozenset()):
            return None if via_conj else "Negated"  # "an unsuccessful bid for Y"
        if word in m["planned_modifiers"]:
            return "Planned"
        return "Hedged" if word in m["hedged_modifiers"] else None
    if dep == "prep" and word == "according":
        return "Hedged"
    return None


def modality(trigger: Token, lex: Lexicon) -> str:
    m = lex.modality
    flags: set[str] = set()
    t = trigger
    below: Token | None = None
    via_conj = False
    # (the triggers of one sentence climb the same links: each link's cues are read once)
    memo = table(trigger.doc, "modality")
    denials, other_negation = 0, False
    for _ in range(_MAX):
        got = _link_flags(t, trigger, m, below, via_conj, memo)
        if "Negated" in got:
            if t is not trigger and _negating(t, m):
                denials += 1
            else:
                other_negation = True
        flags |= got
        dep = t.dep_
        if t.head == t or (
            dep not in _CLIMB
            and not (dep == "advmod" and t.pos_ in {"ADV", "ADJ"})
            and not _to_infinitive(t)
        ):
            break  # (an adverb is climbed for "came close to buying")
        via_conj = dep == "conj"
        below, t = t, t.head
    if denials and denials % 2 == 0 and not other_negation:
        # "the judge denied the motion to block the merger": a denial of a block undoes it
        flags.discard("Negated")
    if _undone_next(trigger, m):
        flags.add("Negated")
    if _REPORTED in flags and "Negotiating" not in flags:
        flags.add("Hedged")  # (reported talks stay talks: what the sources report is the talks)
    for name in ORDER:
        if name in flags:
            return name
    return "Asserted"


def _link_flags(
    t: Token,
    trigger: Token,
    m: dict[str, frozenset[str]],
    below: Token | None,
    via_conj: bool,
    memo: dict | None,
) -> frozenset[str]:
    """The cues of one link: its own (`_node_flags`) and its children's. They depend on the
    link, the link climbed from (none: the link is the trigger) and whether that was a
    conjunct, never on the trigger otherwise."""
    key = (id(m), t.i, -1 if below is None else below.i, via_conj)
    got = None if memo is None else memo.get(key)
    if got is None:
        got = frozenset(
            _node_flags(t, trigger, m, below)
            | {f for c in t.children if (f := _child_flag(c, m, via_conj)) is not None}
        )
        if memo is not None:
            memo[key] = got
    return got


def _undone_next(trigger: Token, m: dict[str, frozenset[str]]) -> bool:
    """ "... a similar bid by Shell for Woodside in 2001. The bid was thrown out by the
    Treasurer.": a bare definite deal noun in the next sentence that undergoes a negating verb
    ends the deal just stated (its own lemma, or a generic "the deal")."""
    doc = trigger.doc
    end = trigger.sent.end
    if end >= len(doc):
        return False
    lemma = trigger.lemma_.lower()
    # (the next sentence is read once for all the triggers of this one)
    memo = table(doc, "undone_next")
    key = (id(m), end)
    undone = None if memo is None else memo.get(key)
    if undone is None:
        undone = _undone_nouns(doc[end].sent, m)
        if memo is not None:
            memo[key] = undone
    return any(noun == lemma or noun in m.get("undone_back_nouns", ()) for noun in undone)


def _undone_nouns(sent: Span, m: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """The lemmas of the bare definite nouns of `sent` that undergo a negating verb."""
    doc, w = sent.doc, doc_words(sent.doc)
    out = []
    for i in range(sent.start, sent.end):
        # (subject nouns found in the doc's word table: a Token is made only for them)
        if w.dep[i] not in {"nsubj", "nsubjpass"} or w.pos[i] != "NOUN":
            continue
        t = doc[i]
        if (
            any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in t.children)
            and not any(c.dep_ in {"prep", "poss", "compound"} for c in t.children)
            and _negating(t.head, m)
            and _undergoes(t)
        ):
            out.append(w.lemma[i])
    return tuple(out)


def _negating(v: Token, m: dict[str, frozenset[str]]) -> bool:
    # (read for every link of every trigger's chain: the cheap tests first)
    if v.pos_ != "VERB":
        return False
    lemma = v.lemma_.lower()
    if lemma not in m["negated_lemmas"]:
        phrasals = m.get("negated_phrasals", set())
        if not any(
            c.dep_ in {"prt", "prep", "advmod"} and f"{lemma} {c.lower_}" in phrasals
            for c in v.children
        ):
            return False
    # "declined to comment on reports that it would buy Y": no denial
    return not any(
        c.dep_ == "xcomp" and c.lemma_.lower() in m.get("non_answer_verbs", ()) for c in v.children
    )


def _to_infinitive(t: Token) -> bool:
    """ "pulled out of talks to buy Y": a to-infinitive the parser hangs on a noun as a relative
    clause says what the noun is for; its modality is the noun's."""
    return (
        t.dep_ == "relcl"
        and t.head.pos_ == "NOUN"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in t.children)
    )
