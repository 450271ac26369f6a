"""`kg.extract.en.memo`: a doc's token table and repeated answers, the same as asked of the
tokens, and gone once `extract_doc`'s block ends."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.common import lexicon
from kg.extract.en.memo import doc_memo, table, words
from kg.extract.en.modality import modality
from kg.extract.en.syntax import is_passive


def _doc() -> Doc:
    # "Acme was bought by Zeta and Kell said it would not buy Orbix ." parsed by hand
    toks = [
        "Acme",
        "was",
        "bought",
        "by",
        "Zeta",
        "and",
        "Kell",
        "said",
        "it",
        "would",
        "not",
        "buy",
        "Orbix",
        ".",
    ]
    heads = [2, 2, 2, 2, 3, 2, 7, 2, 11, 11, 11, 7, 11, 7]
    deps = ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "cc", "nsubj", "conj"]
    deps += ["nsubj", "aux", "neg", "ccomp", "dobj", "punct"]
    pos = ["PROPN", "AUX", "VERB", "ADP", "PROPN", "CCONJ", "PROPN", "VERB"]
    pos += ["PRON", "AUX", "PART", "VERB", "PROPN", "PUNCT"]
    tags = ["NNP", "VBD", "VBN", "IN", "NNP", "CC", "NNP", "VBD", "PRP", "MD", "RB", "VB"]
    tags += ["NNP", "."]
    lemmas = ["Acme", "be", "buy", "by", "Zeta", "and", "Kell", "say", "it", "would", "not"]
    lemmas += ["Buy", "Orbix", "."]
    return Doc(Vocab(), words=toks, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)


def test_the_table_is_what_the_tokens_say() -> None:
    doc = _doc()
    w = words(doc)
    assert w.text == [t.text for t in doc]
    assert w.lower == [t.lower_ for t in doc]
    assert w.lemma == [t.lemma_.lower() for t in doc]  # "Buy" -> "buy": rules compare lower
    assert w.pos == [t.pos_ for t in doc] and w.tag == [t.tag_ for t in doc]
    assert w.dep == [t.dep_ for t in doc] and w.head == [t.head.i for t in doc]


def test_answers_inside_the_block_are_the_ones_outside_and_the_memo_goes() -> None:
    doc = _doc()
    lex = lexicon.load()
    plain = ([is_passive(t) for t in doc], [modality(t, lex) for t in doc])
    assert table(doc, "passive") is None  # (no block: nothing kept)
    with doc_memo(doc):
        twice = [([is_passive(t) for t in doc], [modality(t, lex) for t in doc]) for _ in "ab"]
        assert table(doc, "passive") and table(doc, "modality")
        assert words(doc) is words(doc)  # (made once per block)
    assert twice == [plain, plain]
    assert plain[0][2] and not plain[0][11]
    assert plain[1][11] == "Negated"
    assert doc.user_data == {}


def test_the_memo_goes_when_the_block_raises() -> None:
    doc = _doc()
    try:
        with doc_memo(doc):
            words(doc)
            raise RuntimeError
    except RuntimeError:
        pass
    assert doc.user_data == {}
