"""Wire-story names for the models: `kg_unbracket_v1` and `kg_rebracket_v1`.

Reuters puts a company's full name in angle brackets ("said it will acquire <Fairchild
Semiconductor Corp>, a U.S. maker of chips"). The small tagger and parser have never seen
such brackets around words: they end sentences at "<", attach the apposition after ">," to the
verb, and read "Cos" ("Hawaiian Insurance Cos", the wire's plural of Co) as the informal
"because"; a ticker after a name ("Gibraltar Financial Corp's <GFC> Gibraltar Savings
unit") becomes the object of the possessive or a clause of its own. So the trained components
run on a stand-in doc: `kg_unbracket_v1` (right before them) returns a copy without the
brackets of a bracketed name, without tickers and with the wire's name words normalised
("nlp.en_wire_norms"); `kg_rebracket_v1` (right after them) copies the tags, lemmas, parse and
entities back onto the original doc, whose text, tokens and character offsets never change. A
bracket hangs on the name it closes as punctuation, a ticker on the name before it.
"""

from __future__ import annotations

import re
from functools import cache

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Token

from kg.resources import legal_forms
from kg.words import word_map

_ORIGINAL = "kg_wire_original"
_COPIED = [TAG, POS, MORPH, LEMMA, DEP]
TICKER = re.compile(r"<[A-Z0-9][A-Z0-9.]{0,11}>")
_OPENS = numpy.array([hash_string("<"), hash_string("(")], dtype=numpy.uint64)


def is_ticker(text: str) -> bool:
    """A stock ticker in angle brackets after a wire-story name: "<TWA>", "<SIEG.F>"."""
    return TICKER.fullmatch(text) is not None


def _tickers(doc: Doc, texts: list[str]) -> list[int]:
    """Tickers (one token each, `kg.nlp.english`) right after a word of a name: "Corp <CAWL.L>",
    "Corp's <GFC>"; a ticker opening a sentence or a line stays for the parser. `texts`: the
    doc's token texts."""
    return [
        i
        for i, text in enumerate(texts)
        if i > 0
        and text[:1] == "<"
        and is_ticker(text)
        and not doc[i - 1].is_space
        and not doc[i - 1].is_punct
    ]


def brackets(doc: Doc) -> list[tuple[int, int]]:
    """(index of "<", index of ">") of each short bracketed run on one line; a few stories
    bracket a name in parentheses instead ("said it acquired (Keystone Bancshares Inc) for 25
    mln dlrs"): those only when the run ends in a legal form ("(SMC)", "(about 5 pct)" are
    asides, not names) and does not follow a name."""
    out = []
    # (three components ask this of every doc, and few hold a bracket: its tokens are found
    # from the ORTH column, without a Token made per word)
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), _OPENS)).tolist():
        tok = doc[i]
        close = _CLOSING[tok.text]
        for j in range(i + 1, min(i + 10, len(doc))):
            if doc[j].is_space or doc[j].text == tok.text:
                break
            if doc[j].text == close:
                if close == ">" or (_legal_form(doc[j - 1].text) and not _after_name(tok)):
                    out.append((i, j))
                break
    return out


_CLOSING = {"<": ">", "(": ")"}


@cache
def _legal_forms() -> tuple[frozenset[str], frozenset[str]]:
    folded, exact = set(), set()
    for f in legal_forms():
        if "en" in f.langs:
            (folded if f.case == "any" else exact).add(
                f.form.lower() if f.case == "any" else f.form
            )
    return frozenset(folded), frozenset(exact)


def _after_name(tok: Token) -> bool:
    """ "Pobeda Airlines LLC (Budget Carrier, LLC) is ...", "Glaxo's (Glaxo Holdings PLC)":
    parentheses right after a capitalised word (or its possessive) hold another name of it,
    not a wire name of their own."""
    j = tok.i - 1
    if j > 0 and tok.doc[j].lower_ in {"'s", "’s"}:
        j -= 1
    return j >= 0 and tok.doc[j].text[:1].isupper()


def _legal_form(word: str) -> bool:
    folded, exact = _legal_forms()
    return word.lower() in folded or word in exact or word.upper() in exact


def bracketed_names(doc: Doc) -> list[tuple[int, int]]:
    """The brackets that hold a name: capitalised first word, some letters ("<Linotype GmbH>",
    not "<1>" or "< >")."""
    return [
        (s, e)
        for s, e in brackets(doc)
        if e > s + 1 and doc[s + 1].text[:1].isupper() and any(t.is_alpha for t in doc[s + 1 : e])
    ]


@Language.factory("kg_unbracket_v1")
def make_unbracket(nlp: Language, name: str) -> Unbracket:
    return Unbracket()


class Unbracket:
    def __init__(self) -> None:
        self.norms = word_map("nlp.en_wire_norms")

    def __call__(self, doc: Doc) -> Doc:
        pairs = bracketed_names(doc)
        texts = [t.text for t in doc]
        tickers = _tickers(doc, texts)
        # a wire name word's norm ("Cos" after a capitalised word)
        renorm = {
            i: n
            for i, text in enumerate(texts)
            if (n := self.norms.get(text)) and i > 0 and texts[i - 1][:1].isupper()
        }
        if not pairs and not tickers:
            for i, norm in renorm.items():
                doc[i].norm_ = norm
            return doc
        drop = {i for pair in pairs for i in pair} | set(tickers)
        closing = {e for _, e in pairs} | set(tickers)
        keep = [t.i for t in doc if t.i not in drop]
        spaces = []
        for i in keep:
            # "Corp>, a maker", "Plc <CAWL.L> said": the name's last word takes the space after
            # its ">" or ticker.
            j = i
            while j + 1 < len(doc) and j + 1 in closing:
                j += 1
            spaces.append(bool(doc[j].whitespace_))
        proxy = Doc(doc.vocab, words=[doc[i].text for i in keep], spaces=spaces)
        for k, i in enumerate(keep):
            proxy[k].norm_ = renorm.get(i, doc[i].norm_)
        proxy.user_data[_ORIGINAL] = (doc, keep, pairs, tickers)
        return proxy


@Language.factory("kg_rebracket_v1")
def make_rebracket(nlp: Language, name: str) -> Rebracket:
    return Rebracket()


class Rebracket:
    def __call__(self, proxy: Doc) -> Doc:
        held = proxy.user_data.pop(_ORIGINAL, None)
        if held is None:
            return proxy
        doc, keep, pairs, tickers = held
        at = {i: k for k, i in enumerate(keep)}
        rows = proxy.to_array(_COPIED)
        punct = doc.vocab.strings.add("punct")
        out = numpy.zeros((len(doc), len(_COPIED) + 1), dtype="uint64")
        heads = numpy.zeros(len(doc), dtype="int64")
        for i, k in at.items():
            out[i, :-1] = rows[k]
            heads[i] = keep[proxy[k].head.i]
        for s, e in pairs:
            for b, head, tag in ((s, s + 1, "-LRB-"), (e, e - 1, "-RRB-")):
                out[b, 0] = doc.vocab.strings.add(tag)
                out[b, 1] = doc.vocab.strings.add("PUNCT")
                out[b, 2] = doc.vocab.strings.add("PunctSide=" + ("Ini" if b == s else "Fin"))
                out[b, 3] = doc.vocab.strings.add(doc[b].text)
                out[b, 4] = punct
                heads[b] = head
        for b in tickers:
            # on the name before it: "Corp's <GFC>" -> Corp
            head = b - 2 if b > 1 and doc[b - 1].lower_ in {"'s", "’s", "'"} else b - 1
            out[b, 0] = doc.vocab.strings.add("NNP")
            out[b, 1] = doc.vocab.strings.add("PUNCT")
            out[b, 3] = doc.vocab.strings.add(doc[b].text)
            out[b, 4] = punct
            heads[b] = head
        out[:, -1] = (heads - numpy.arange(len(doc))).astype("uint64")
        doc.from_array([*_COPIED, HEAD], out)
        ents = []
        for ent in proxy.ents:
            ents.append(
                doc.char_span(
                    doc[keep[ent.start]].idx,
                    doc[keep[ent.end - 1]].idx + len(doc[keep[ent.end - 1]]),
                    label=ent.label_,
                )
            )
        doc.ents = [e for e in ents if e is not None]
        return doc


__all__ = ["TICKER", "bracketed_names", "brackets", "is_ticker"]
