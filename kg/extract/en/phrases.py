"""Noun-phrase shapes the mentions read: a phrase's extent, and lists that share one head.

- "Lumen Radio and Brightcast": the NER took a list of names for one organisation
  (`split_list`);
- "automotive, medical and RF products", "LFP and NMC cells": list items sharing the head noun
  written once on the last item (`shared_modifiers`, `listed_modifiers`, `elided_head`);
- the token extent of a noun phrase with its modifiers (`np_span`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.en.memo import words as doc_words
from kg.extract.en.syntax import first_conjunct
from kg.names import is_legal_form
from kg.nlp.orgnames import joins_one_name
from kg.nlp.wire import bracketed_names

_PRODUCT_MODS = {"compound", "amod", "nmod", "nummod", "npadvmod"}


def unbracketed(ent: Span) -> Span:
    """ "<VMS Realty Partners>": a wire story's angle brackets around a name are no part of it."""
    start, end = ent.start, ent.end
    text = doc_words(ent.doc).text  # (asked of every name: no Token made to read its ends)
    while start < end and text[start] in {"<", ">"}:
        start += 1
    while end > start and text[end - 1] in {"<", ">"}:
        end -= 1
    return ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, ent.label_)


def trimmed(span: Span) -> Span:
    """ "Sedgwick wil retain": a misspelt lower-case word the tagger took into a name (by the NER
    or as a proper noun) is no part of it; a lower-case legal form is ("Lloyds plc"). Nor is a
    lower-case determiner other than an article opening it ("for all Orbis Communications Inc
    stock": the article "the" is cut from the name later, with its other forms), nor a count
    in figures ("bought 2,445,000 Cyclops Corp shares")."""
    first = span[0] if len(span) > 1 else None
    if first is not None and (_quantifier(first) or _figure(first)):
        span = Span(span.doc, span.start + 1, span.end, span.label_)
    last = span[-1] if len(span) > 1 else None
    if last is None or not (last.is_lower and last.is_alpha) or is_legal_form(last.text):
        return span
    return Span(span.doc, span.start, span.end - 1, span.label_)


def _quantifier(t: Token) -> bool:
    """ "all", "each": a lower-case determiner that is no article."""
    return t.is_lower and t.tag_ in {"DT", "PDT"} and "Art" not in t.morph.get("PronType")


def _figure(t: Token) -> bool:
    """ "2,445,000": a count written in figures."""
    return t.tag_ == "CD" and t.text.replace(",", "").replace(".", "").isdigit()


def split_possessive(ent: Span) -> list[Span]:
    """ "Sedgwick Group PLC's River Thames Insurance Co.": the NER took an owner and what it
    owns for one name; the possessive marker separates them."""
    if ent.label_ != "ORG":
        return [ent]
    tag = doc_words(ent.doc).tag
    cut = next((i for i in range(ent.start + 1, ent.end - 1) if tag[i] == "POS"), None)
    if cut is None:
        return [ent]
    return [
        Span(ent.doc, ent.start, cut, label=ent.label_),
        Span(ent.doc, cut + 1, ent.end, label=ent.label_),
    ]


def split_list(ent: Span) -> list[Span]:
    """ "Lumen Radio and Brightcast": the NER took a list of names for one organisation; the
    parse coordinates them. A name the article writes whole is one name whatever the parse
    makes of its words (`_written_whole`)."""
    if ent.label_ != "ORG" or "cc" not in doc_words(ent.doc).dep[ent.start : ent.end]:
        return [ent]
    if not any(
        t.dep_ == "cc"
        and t.head.i in range(ent.start, ent.end)
        and not _modifies_later(t.head, ent)
        and t.head.head.i not in range(ent.start, ent.end)  # "Centre for Transport and Society"
        and any(c.dep_ == "conj" and c.i < ent.end for c in t.head.children)
        for t in ent
    ):
        return [ent]
    if _written_whole(ent):
        return [ent]
    out: list[Span] = []
    start = ent.start
    for t in ent:
        if t.dep_ in {"cc", "punct"} and t.lower_ in {"and", "or", ","}:
            if t.i > start:
                out.append(Span(ent.doc, start, t.i, label=ent.label_))
            start = t.i + 1
    if start < ent.end:
        out.append(Span(ent.doc, start, ent.end, label=ent.label_))
    return out


def _written_whole(ent: Span) -> bool:
    """ "<Cable and Wireless (Hong Kong) Ltd>", "Cable and Wireless Plc": a wire story's
    bracketed name, or a name ending in the one legal form it holds (two companies each carry
    their own) whose "and" joins one name (`kg.nlp.orgnames.joins_one_name`), is one
    company; so is the start of such a name written elsewhere in the
    article ("owns 80 pct of Cable and Wireless (Hong Kong)")."""
    doc = ent.doc
    if _legal_whole(ent):
        return True
    text = ent.text
    if any(
        e.label_ == "ORG" and e.text.startswith(f"{text} ") and _legal_whole(e) for e in doc.ents
    ):
        return True  # "Harper and Row Publishers Inc ... the offer for Harper and Row"
    return any(
        doc[s + 1 : e].text.startswith(text)
        and (doc[s + 1 : e].text == text or not doc[s + 1 : e].text[len(text)].isalnum())
        for s, e in bracketed_names(doc)
    )


def _legal_whole(ent: Span) -> bool:
    return (
        is_legal_form(ent[-1].text)
        and not any(is_legal_form(t.text) for t in ent[:-1])
        and all(joins_one_name(ent.doc, t.i, ent.sent.start) for t in ent if t.lower_ == "and")
    )


def _modifies_later(t: Token, ent: Span) -> bool:
    """ "the Securities and Exchange Commission", "Cable and Wireless Plc": the coordination
    is inside a modifier of the name's own head, so the span is one name."""
    return t.dep_ in {"compound", "nmod", "amod"} and t.i < t.head.i < ent.end


def shared_modifiers(mod: Token) -> list[Token]:
    """Coordinated modifiers of one head noun after `mod`: "automotive, medical and RF
    products" -> [medical, RF]. The parser either coordinates them or hangs each on the head
    with commas between; an "and" / "or" among them is required ("large, heavy trucks" are
    not two products)."""
    head = mod.head
    if mod.dep_ not in {"amod", "compound", "nmod"} or head.i < mod.i:
        return []
    doc = mod.doc
    group = [mod]
    for c in head.lefts:
        gap = doc[group[-1].i + 1 : c.left_edge.i]
        if (
            c.i > group[-1].i
            and c.dep_ == mod.dep_
            and len(gap) > 0
            and all(t.text == "," for t in gap)
        ):
            group.append(c)
    out = sorted(
        {t for g in group for t in (g, *g.conjuncts) if mod.i < t.i < head.i}, key=lambda t: t.i
    )
    if not out or not any(t.dep_ == "cc" for t in doc[mod.i : out[-1].i]):
        return []
    return out


def listed_modifiers(x: Token) -> list[Token]:
    """ "automotive, medical and industrial modules": automotive and medical (industrial stays
    in the phrase headed by "modules"); each is a product of its own (`elided_head`)."""
    out: list[Token] = []
    for c in x.lefts:
        shared = shared_modifiers(c)
        if shared:
            out += [t for t in (c, *shared) if t is not shared[-1]]
    return out


def elided_head(tok: Token) -> Token | None:
    """The head noun a list item shares with the others, written only once: "automotive,
    medical and RF products" (automotive -> products), "LFP and NMC cells" (LFP -> cells)."""
    first = first_conjunct(tok)
    shared = shared_modifiers(first)
    if shared and tok.i < shared[-1].i:
        return first.head
    last = max(tok.conjuncts, key=lambda t: t.i, default=None)
    if last is None or last.i < tok.i or last.pos_ != "NOUN":
        return None
    if tok.pos_ == "ADJ":
        return last  # the parser coordinates the adjective with the last noun
    bare = all(c.dep_ in {"cc", "conj", "punct", "prep"} for c in tok.children)
    if (
        bare
        and tok.text.isupper()
        and last.tag_ == "NNS"
        and any(c.dep_ == "compound" and c.text.isupper() for c in last.lefts)
    ):
        return last  # "LFP and NMC cells": two chemistries, one noun
    return None


def np_span(tok: Token, *, keep_det: bool) -> tuple[int, int]:
    """Token extent of the noun phrase `tok` heads, with its modifiers (and its determiner or
    possessor when `keep_det`)."""
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in _PRODUCT_MODS or (keep_det and c.dep_ in {"det", "poss"}):
            # "automotive, medical and RF modules": this head keeps the last modifier;
            # the others are products of their own (`elided`).
            shared = shared_modifiers(c)
            left = min(left, (shared[-1] if shared else c).left_edge.i)
    return left, tok.i + 1
