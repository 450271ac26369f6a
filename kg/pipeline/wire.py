"""Parsed docs across a process boundary: the annotations `DocBin` keeps, packed faster.

Why not `DocBin`: its `add` collects every token's strings in a Python loop (tag, lemma, morph,
dep, entity ...), which costs the parsing process a twentieth of the parse itself. Here the
strings are found from the attribute arrays with numpy, once per distinct value. The attributes
and the rebuilding (`Doc(words=orth hashes).from_array`) are DocBin's own, so a doc comes back
as DocBin would give it. Span groups, cats and user data are not carried: nothing in kg sets
them.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# Columns whose values are StringStore hashes (the rest are offsets, flags and enums).
_STRING_ATTRS = ("ORTH", "NORM", "TAG", "DEP", "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "LEMMA", "MORPH")


def _attrs() -> tuple[list[str], list[int]]:
    from spacy.attrs import intify_attr
    from spacy.tokens.doc import DOCBIN_ALL_ATTRS

    names = list(DOCBIN_ALL_ATTRS)
    return names, [intify_attr(a) for a in names]


def pack(docs: Sequence[Doc]) -> bytes:
    import numpy as np
    from spacy.attrs import SPACY

    names, ids = _attrs()
    arrays = [doc.to_array(ids) for doc in docs]
    spaces = [None if doc.has_unknown_spaces else doc.to_array(SPACY) for doc in docs]
    cols = [names.index(a) for a in _STRING_ATTRS]
    strings: list[str] = []
    if arrays:
        vocab = docs[0].vocab
        hashes = np.unique(np.concatenate([a[:, cols].ravel() for a in arrays]))
        strings = [vocab.strings[int(h)] for h in hashes if h and int(h) in vocab.strings]
    return pickle.dumps((names, arrays, spaces, strings), protocol=pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes, vocab: Vocab) -> Iterator[Doc]:
    from spacy.tokens import Doc

    names, arrays, spaces, strings = pickle.loads(data)
    for s in strings:
        vocab.strings.add(s)
    orth = names.index("ORTH")
    for array, space in zip(arrays, spaces, strict=True):
        doc = Doc(vocab, words=array[:, orth], spaces=space)
        yield doc.from_array(names, array)
