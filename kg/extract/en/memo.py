"""Answers about one doc's tokens kept while `extract_doc` reads that doc.

Several rules ask the same question of the same token: whether a verb is passive (every role
lookup), the cues on a link of a verb chain (every trigger under it climbs it), whether the
next sentence undoes a deal noun. `doc_memo` keeps a dict per question in `doc.user_data` for
the length of the block and removes it afterwards, so the doc leaves as it came; outside a
block `table` answers None and the callers compute as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from spacy.tokens import Doc

_KEY = "kg.extract.en.memo"


@contextmanager
def doc_memo(doc: Doc) -> Iterator[Doc]:
    """Within the block, `table(doc, name)` is one dict per name, shared by every caller."""
    if _KEY in doc.user_data:  # (nested: the outer block owns it)
        yield doc
        return
    doc.user_data[_KEY] = {}
    try:
        yield doc
    finally:
        doc.user_data.pop(_KEY, None)


def table(doc: Doc, name: str) -> dict[Any, Any] | None:
    """The memo `name` of `doc` while a `doc_memo` block runs, else None."""
    memo = doc.user_data.get(_KEY)
    if memo is None:
        return None
    got = memo.get(name)
    if got is None:
        got = memo[name] = {}
    return got


class Words(NamedTuple):
    """A doc's token attributes by index, read once: every extractor scans the whole doc for
    its trigger words, and a Token made and asked again per scan cost more than the scans
    found. `lemma` is lower-cased, as every rule compares it."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]


def words(doc: Doc) -> Words:
    """`doc`'s `Words` (made once per `doc_memo` block)."""
    memo = table(doc, "words")
    if memo is not None and "words" in memo:
        return memo["words"]
    out = Words([], [], [], [], [], [], [])
    for t in doc:
        out.text.append(t.text)
        out.lower.append(t.lower_)
        out.lemma.append(t.lemma_.lower())
        out.pos.append(t.pos_)
        out.tag.append(t.tag_)
        out.dep.append(t.dep_)
        out.head.append(t.head.i)
    if memo is not None:
        memo["words"] = out
    return out
