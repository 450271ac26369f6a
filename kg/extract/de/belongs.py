"""An organisation a participle attribute places inside another: "die zur Brandt-Gruppe
gehörende Firma Nordvik", "des bereits zu Brandt gehörigen Start-ups Nordvik".

German news often says whose a company is in an attribute before its name rather than in a
clause ("Nordvik gehört zur Brandt-Gruppe", a verb frame in `triggers_de.json`). The attribute
is "zu/zum/zur" + the owner + a form of "gehörend"/"zugehörig"/"gehörig", and the name it
describes follows, after at most a cue noun ("Firma", "Start-up") or two.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.de.clauses import Sentence
from kg.extract.de.places import Draft
from kg.extract.de.shared import Item

_STRENGTH = 0.7
_PARTICIPLES = ("gehörend", "gehörig", "zugehörig")
_NAMED = frozenset({"gaz", "cued", "cand", "coref"})
_MAX_GAP = 3  # tokens between the participle and the name it describes


def belongs_to(s: Sentence) -> Iterator[Draft]:
    """(name subsidiaryOf owner) for "zu <owner> gehörende <cue noun> <name>"."""
    doc = s.sent.doc
    for tok in s.toks:
        if tok.tag_ != "ADJA" or not tok.lemma_.lower().startswith(_PARTICIPLES):
            continue
        owner = next(
            (it for it in s.items if it.slot == "pp" and it.prep == "zu" and _before(doc, it, tok)),
            None,
        )
        owned = next((it for it in s.items if 0 < it.start - tok.i <= _MAX_GAP), None)
        if owner is None or owned is None or not all(_org(it) for it in (owner, owned)):
            continue
        if any(t.tag_ not in {"NN", "NE", "ADJA"} for t in doc[tok.i + 1 : owned.start]):
            continue
        conf = _STRENGTH * min(owned.mention.certainty, owner.mention.certainty)
        yield Draft(owned.mention, "subsidiaryOf", owner.mention, "Asserted", conf)


def _before(doc, it: Item, tok) -> bool:
    """Is the mention the object of "zu" right before the participle ("bereits" may stand
    between)?"""
    return it.end <= tok.i and all(t.tag_ in {"ADV", "ADJD"} for t in doc[it.end : tok.i])


def _org(it: Item) -> bool:
    return it.mention.type == "Organization" and it.kind in _NAMED
