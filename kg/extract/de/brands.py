"""Brands or units listed in brackets after an organisation are its subsidiaries.

"Der Internetdienstleister United Internet (1&1, GMX, Web.de) ...": German news names a group's
brands or companies in brackets after it. Two or more names separated by commas (or "und")
and nothing else in the brackets make each of them a subsidiary of the organisation before. One
name alone is another name of the same organisation (`kg.extract.de.aliases`), a place, a
product or an acronym of the organisation is not a subsidiary, and neither is anything after
a person or a place.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg import gazetteer as gaz
from kg.extract.de.clauses import Sentence
from kg.extract.de.places import Draft
from kg.extract.de.shared import CERT, Item, doc_text, mention, place
from kg.model import NAME_KEY, Mention
from kg.names import acronym_of
from kg.nlp.german_names import name_shaped

_MAX_INSIDE = 16  # tokens between the brackets
_STRENGTH = 0.75
_JOINERS = frozenset({",", "und"})
_OWNERS = frozenset({"gaz", "cued"})  # a name an uncued run could be a person's


def bracket_members(s: Sentence) -> Iterator[Draft]:
    """(member subsidiaryOf owner) for every bracketed list of names after an organisation."""
    pos = {t.i: n for n, t in enumerate(s.toks)}
    for it in s.items:
        n = pos.get(it.end)
        if it.kind not in _OWNERS or n is None or s.toks[n].text != "(":
            continue
        close = next(
            (m for m in range(n + 1, min(len(s.toks), n + _MAX_INSIDE)) if s.toks[m].text == ")"),
            None,
        )
        if close is None:
            continue
        members = _members(s, s.toks[n + 1 : close], it.mention)
        for m in members:
            conf = _STRENGTH * min(m.certainty, it.mention.certainty)
            yield Draft(m, "subsidiaryOf", it.mention, "Asserted", conf)


def _members(s: Sentence, inside: list, owner: Mention) -> list[Mention]:
    """The names of a bracketed list, or none if it holds anything but names and joiners."""
    groups: list[list] = [[]]
    for tok in inside:
        if tok.text in _JOINERS:
            groups.append([])
        else:
            groups[-1].append(tok)
    if len(groups) < 2 or any(not g or len(g) > 3 for g in groups):
        return []
    out = []
    for g in groups:
        if not all(_name_token(t) for t in g):
            return []
        text = doc_text(s.sent.doc)[g[0].idx : g[-1].idx + len(g[-1].text)]
        if place(text) is not None or acronym_of(text, owner.name) or _product(s, g):
            return []
        known = _item_at(s, g[0].i, g[-1].i + 1)
        if known is not None and known.kind in _OWNERS:
            out.append(known.mention)
        else:
            key = NAME_KEY + gaz.fold(text)
            out.append(
                mention(
                    text, g[0].idx, g[0].idx + len(text), "Organization", text, key, CERT["cued"]
                )
            )
    return out


def _name_token(tok) -> bool:
    """ "GMX", "Web.de", "1&1", "Tele Columbus": a name's word, never a common noun or verb,
    nor a product's spelling."""
    text = tok.text
    if len(text) > 2 and text[0].islower() and text[1].isupper():
        return False  # "iPhone", "iPad": a product's spelling
    if tok.tag_ in {"NE", "FM"} or name_shaped(text):
        return text[:1].isupper() or text[:1].isdigit() or name_shaped(text)
    return "&" in text.strip("&") and text.replace("&", "").isalnum()


def _item_at(s: Sentence, start: int, end: int) -> Item | None:
    return next((it for it in s.items if it.start == start and it.end == end), None)


def _product(s: Sentence, group: list) -> bool:
    it = _item_at(s, group[0].i, group[-1].i + 1)
    return it is not None and it.mention.type == "Product"


__all__ = ["bracket_members"]
