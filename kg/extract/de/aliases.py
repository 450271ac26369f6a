"""Another name of an organisation given in brackets right after it (`long_forms`).

Split from `kg.extract.de.mentions` (one idea per module): "die Staatsholding Ipic
(International Petroleum Investment Company)" - German news often gives the acronym first and
the long form in brackets (the resolver joins the other order, "Long Form (ACR)"). The long form
becomes a mention with the acronym's key, so the graph knows the company by both names.
"""

from __future__ import annotations

from kg.extract.de.shared import Item, mention
from kg.names import acronym_of


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
        text = doc_text[first.idx : last.idx + len(last.text)]
        if not acronym_of(it.mention.text.upper(), text):
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
