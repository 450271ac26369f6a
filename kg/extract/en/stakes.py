"""Holdings written as parts of a company: shares, stakes and interests, and when they are control.

- "a tender offer for all shares of ARGOSystems", "an offer to purchase 664,400 shares of Holly
  Sugar": the company is the "of" object of the share noun (`of_company`), or a recognised
  organisation written on it ("shares of Triton Oil Corp common stock", `named_on`);
- "buy a 51 pct interest in River Thames", "raised its stake ... to 100 pct", "an offer to
  purchase shares of Y", "all shares of Y": a stake bought past half, or shares bought in an offer,
  is control, so the fact is `acquires` (the annotation guide: investsIn is a stake below control;
  holding 70 pct is still `investsIn` + `subsidiaryOf` by the text, so only buying verbs convert).
- "The stake had been acquired from X", "the shares seized from X": a holding bought from X was
  X's, in the company of the stake noun, or for a bare definite "the stake" / "the shares" the
  company of the last stake the article gave one (`bought_from`, three sentences back at most);
- "Southmark, which owns 80 pct of National Heritage", "owns a majority interest in RMJ Holding":
  a holding past half is control held, so the held company is also the holder's subsidiary
  (`held_control`).
Word lists: `cues.share_nouns`, `cues.control_verbs`, `cues.offer_nouns`, `cues.percent_words`,
`cues.holding_verbs`, `cues.control_modifiers`.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.common.lexicon import Lexicon
from kg.extract.en.syntax import patient, prep_objects

_CONTROL = 50.0  # percent: a stake above it is control
_WHOLE = 100.0  # percent: the whole company


def named_on(tok: Token, lex: Lexicon) -> list[Token]:
    """The words a share noun's own name is written on: "Triton Oil Corp common stock", "its
    Triton stake", "Reserve's outstanding shares" -> [Corp], [Triton], [Reserve] (the caller
    keeps a recognised organisation only: "Class A shares" names a class, not a company; and
    only for the object of a preposition: "acquired 969,515 shares ... stock" the parser misreads
    as two objects is no acquisition of the company)."""
    if tok.lemma_.lower() not in lex.cues.get("share_nouns", frozenset()) - lex.cues.get(
        "percent_words", frozenset()
    ):
        return []
    return [c for c in tok.lefts if c.dep_ in {"compound", "nmod", "poss"} and c.pos_ == "PROPN"]


def of_company(tok: Token, lex: Lexicon, *, technology: bool = False) -> Token | None:
    """The company a share noun is a part of: "all shares of ARGOSystems" -> ARGOSystems; with
    `technology`, whose technology it is: "rights to the technology of Halcon" -> Halcon."""
    nouns = lex.technology_nouns if technology else lex.cues.get("share_nouns", frozenset())
    if tok.lower_ == "all" and not technology:  # "an offer for all of Clarostat's stock"
        part = next(iter(prep_objects(tok, {"of"})), None)
        return None if part is None else of_company(part, lex) or part
    if tok.lemma_.lower() not in nouns:
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
        if c.dep_ == "poss" and technology:
            return c
    return None


def whose_shares(tok: Token, lex: Lexicon) -> Token:
    """The company a run of share nouns is of ("the shares of stock of Y" -> Y), or `tok`."""
    for _ in range(3):
        company = of_company(tok, lex) if tok.lower_ != "all" else None
        if company is None:
            break
        tok = company
    return tok


def _percent(tok: Token, lex: Lexicon) -> float | None:
    """The number of "51 pct", "100 %", "65 percent" headed by `tok` (the percent word)."""
    if tok.lower_ not in lex.cues.get("percent_words", frozenset()):
        return None
    return next((n for c in tok.children if c.dep_ == "nummod" and (n := _number(c))), None)


def _number(tok: Token) -> float | None:
    """ "51" in "a 51 pct interest" (the parser hangs it on the percent word or the noun)."""
    if not tok.like_num:
        return None
    try:
        return float(tok.text.replace(",", ""))
    except ValueError:
        return None


def _stake_size(stake: Token, verb: Token, lex: Lexicon) -> float:
    """The size a stake noun reaches: its own "51 pct" modifier or the verb's "to 100 pct"."""
    sizes = [p for c in stake.lefts if (p := _percent(c, lex)) is not None]
    if any(c.lower_ in lex.cues.get("percent_words", frozenset()) for c in stake.lefts):
        sizes += [n for c in stake.lefts if c.dep_ == "nummod" and (n := _number(c)) is not None]
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for obj in prep.subtree:
            if obj.dep_ == "pobj" and obj.head.lower_ == "to":
                sizes += [p for p in (_percent(obj, lex),) if p is not None]
    return max(sizes, default=0.0)


def controlling(trigger: Token, lex: Lexicon) -> bool:
    """The holding the trigger states is control: a stake bought past half ("buy a 51 pct
    interest in", "raised its stake to 100 pct"), or shares bought in an offer or all of them
    ("an offer to purchase shares of Y", "a tender offer for all shares of Y")."""
    cues = lex.cues
    offers = cues.get("offer_nouns", frozenset())
    if trigger.lemma_.lower() in offers:
        return True
    if trigger.pos_ == "VERB":
        head = trigger.head
        if trigger.dep_ in {"acl", "relcl", "xcomp"} and head.lemma_.lower() in offers:
            return True  # "an offer to buy", "has offered to buy 80 pct of Cyclops shares"
        pats = [c for c in trigger.children if c.dep_ == "dobj"]
        return any(
            (
                p.lemma_.lower() in cues.get("share_nouns", frozenset())
                and any(d.lower_ == "all" for d in p.children)
            )
            # "bought 100% of Baikal Finance Group": all of it (a bare majority bought is
            # control by our guide, not by FIRE's: "agreed to buy 75% of X" stays a stake)
            or (
                trigger.lemma_.lower() in cues.get("control_verbs", frozenset())
                and (_percent(p, lex) or 0.0) >= _WHOLE
            )
            for p in pats
        )
    verb = trigger.head
    if trigger.dep_ != "dobj" or verb.lemma_.lower() not in cues.get("control_verbs", frozenset()):
        return False
    return _stake_size(trigger, verb, lex) > _CONTROL


def held_control(trigger: Token, lex: Lexicon) -> bool:
    """The trigger states a holding past half: "owns 80 pct of Y", "holds a 60 pct stake in Y",
    "owns a majority interest in Y" (a holding verb, not a buying one: "bought 80 pct of Y" is
    an acquisition, `controlling`)."""
    cues = lex.cues
    holding = cues.get("holding_verbs", frozenset())
    if trigger.pos_ in {"VERB", "AUX"}:
        verb = trigger
        stakes = [c for c in trigger.children if c.dep_ == "dobj"]
    elif trigger.dep_ == "dobj":
        verb, stakes = trigger.head, [trigger]
    else:
        return False
    if verb.lemma_.lower() not in holding:
        return False
    for stake in stakes:
        if (_percent(stake, lex) or 0.0) > _CONTROL or _stake_size(stake, verb, lex) > _CONTROL:
            return True
        mods = cues.get("control_modifiers", frozenset())
        if stake.lemma_.lower() in cues.get("share_nouns", frozenset()) and any(
            c.lower_ in mods for c in stake.lefts
        ):
            return True
    return False


_BACK = 3  # sentences a bare definite stake noun may refer back across (as `salience`)


def bought_from(v: Token, lex: Lexicon) -> list[Token]:
    """The company whose stake the verb's patient is: "acquired a 20 pct stake in Y from X",
    "The stake had been acquired from X" (Y from an earlier sentence), "The shares are the
    block seized from X" (the copula's subject is the stake)."""
    shares = lex.cues.get("share_nouns", frozenset())
    for p in patient(v)[0]:
        if p.dep_ == "attr":  # "the shares are the block seized from X"
            p = next((c for c in p.head.children if c.dep_ in {"nsubj", "nsubjpass"}), p)
        if p.lemma_.lower() not in shares:
            continue
        own = _company_of_stake(p, lex)
        if own is not None:
            return [own]
        if any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in p.children):
            back = _earlier_stake(p, lex)
            return [back] if back is not None else []
    return []


def _company_of_stake(stake: Token, lex: Lexicon) -> Token | None:
    found = of_company(stake, lex) or next(iter(prep_objects(stake, {"in"})), None)
    if found is not None:
        return found
    # "offered 3.8 billion pesos for 38 mln shares in <San Miguel>": "in" hung on the number
    return next((o for c in stake.children for o in prep_objects(c, {"in"})), None)


def _earlier_stake(stake: Token, lex: Lexicon) -> Token | None:
    shares = lex.cues.get("share_nouns", frozenset())
    doc = stake.doc
    start = stake.sent.start
    for _ in range(_BACK):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    for t in reversed(doc[start : stake.i]):
        own = _company_of_stake(t, lex) if t.lemma_.lower() in shares else None
        if own is not None and own.pos_ == "PROPN":  # a name ("five pct of the budget" is none)
            return own
    return None


def paid_for(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """What a bid or a payment is for, as a company bought whole: "paid 240 mln dlrs for
    Columbian Chemicals Co", "for all Orbis Communications Inc stock", "for all of Clarostat's
    stock"; shares, stakes and interests not all of the company are no purchase of it ("will pay
    for Renault's AMC interests", "paid for the Rexham stake")."""
    shares = lex.cues.get("share_nouns", frozenset())
    out = []
    for t in tokens:
        if t.lower_ == "all":  # "for all of Clarostat's stock"
            t = next(iter(prep_objects(t, {"of"})), t)
            if t.lemma_.lower() in shares:
                out.append(t)
            continue
        # (the parser may hang "all" on the name before the share noun: "all Orbis Inc stock")
        if t.lemma_.lower() in shares and not any(
            c.lower_ == "all" for c in t.doc[t.left_edge.i : t.i]
        ):
            continue
        out.append(t)
    return out
