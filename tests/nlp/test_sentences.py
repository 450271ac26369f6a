"""`kg.nlp.sentences.indexed_sentences`: the same sentences spaCy's walk finds, hooks gone after."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.nlp.sentences import indexed_sentences


def _doc() -> Doc:
    words = ["Acme", "bought", "Zeta", ".", "It", "paid", "cash", ".", "Done"]
    starts = [True, False, False, False, True, False, False, False, True]
    return Doc(Vocab(), words=words, sent_starts=starts)


def test_token_and_span_sentences_are_the_ones_spacy_walks_to() -> None:
    doc = _doc()
    plain = [(t.sent.start, t.sent.end) for t in doc]
    end = len(doc)
    at_end = (doc[end:end].sent.start, doc[end:end].sent.end)  # spaCy: the last sentence
    spans = [(doc[i:j].sent.start, doc[i:j].sent.end) for i in range(len(doc)) for j in (i, i + 1)]
    with indexed_sentences(doc):
        assert [(t.sent.start, t.sent.end) for t in doc] == plain
        assert [
            (doc[i:j].sent.start, doc[i:j].sent.end) for i in range(len(doc)) for j in (i, i + 1)
        ] == spans
        assert (doc[end:end].sent.start, doc[end:end].sent.end) == at_end == (8, 9)
    assert "sent" not in doc.user_token_hooks and "sent" not in doc.user_span_hooks


def test_hooks_are_removed_when_the_block_raises() -> None:
    doc = _doc()
    try:
        with indexed_sentences(doc):
            raise RuntimeError
    except RuntimeError:
        pass
    assert doc.user_token_hooks == {} and doc.user_span_hooks == {}


def test_someone_elses_hook_is_left_alone() -> None:
    doc = _doc()
    doc.user_token_hooks["sent"] = mine = lambda tok: tok.doc[0:1]
    with indexed_sentences(doc):
        assert doc[5].sent.end == 1
    assert doc.user_token_hooks["sent"] is mine
