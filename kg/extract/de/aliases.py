"""Another name of an organisation given in brackets right after it (`long_forms`).

Split from `kg.extract.de.mentions` (one idea per module): "die Staatsholding Ipic
(International Petroleum Investment Company)" - German news often gives the acronym first and
the long form in brackets (the resolver joins the other order, "Long Form (ACR)"), or another
acronym with what it spells ("KTB (CCB; Corporative Commercial Bank)"). The long form
becomes a mention with the acronym's key, so the graph knows the company by both names.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.de.shared import Item, mention
from kg.model import NAME_KEY, Mention
from kg.names import acronym_of, is_acronym


def long_forms(toks: list, doc_text: str, items: list[Item]) -> list[Item]:
    """ "die Staatsholding Ipic (International Petroleum Investment Company)": the long
    form in brackets after an acronym names the same organisation (same key)."""
    out: list[Item] = []
    pos = {t.i: n for n, t in enumerate(toks)}
    for it in items:
        n = pos.get(it.end)
        if it.mention.type != "Organization" or n is None or toks[n].text != "(":
            continue
        m = n + 1
        while m < len(toks) and m - n <= 8 and toks[m].text != ")":
            m += 1
        if m >= len(toks) or toks[m].text != ")" or m == n + 1:
            continue
        first, last = toks[n + 1], toks[m - 1]
        if m - n > 3 and is_acronym(first.text) and toks[n + 2].text in {";", ","}:
            # "KTB (CCB; Corporative Commercial Bank)": another acronym and what it spells
            spelt = toks[n + 3]
            if acronym_of(first.text, doc_text[spelt.idx : last.idx + len(last.text)]):
                first = spelt
        text = doc_text[first.idx : last.idx + len(last.text)]
        if first is toks[n + 1] and not acronym_of(it.mention.text.upper(), text):
            continue
        m_ = mention(
            text,
            first.idx,
            first.idx + len(text),
            "Organization",
            text,
            it.mention.key,
            it.mention.certainty,
        )
        out.append(Item(first.i, last.i + 1, m_, "alias"))
    return out


class Acronyms:
    """ "... darunter Raiffeisen Bank International ... die RBI-Tochter Polbank": an acronym the
    gazetteer does not know, spelling the initials of an organisation the article named before,
    is that organisation (its name and key; the acronym stays the mention's text)."""

    def __init__(self) -> None:
        self.long: list[Mention] = []

    def see(self, items: list[Item]) -> None:
        for it in items:
            m = it.mention
            if m.type == "Organization" and len(m.name.split()) > 1 and m.key.startswith(NAME_KEY):
                self.long.append(m)

    def expand(self, m: Mention) -> Mention:
        if m.type != "Organization" or not m.key.startswith(NAME_KEY) or not is_acronym(m.text):
            return m
        for long in reversed(self.long):
            if long.start < m.start and acronym_of(m.text, long.name):
                return replace(m, name=long.name, key=long.key)
        return m
