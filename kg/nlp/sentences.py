"""A parsed doc's sentences read from a table while extraction runs.

spaCy's `Token.sent` / `Span.sent` walk the tokens to the sentence's ends and first re-check
that the whole doc carries sentence boundaries: about 3 microseconds a call, and extraction asks
for a trigger's or a name's sentence thousands of times per 100 articles. `indexed_sentences`
installs spaCy's own hooks (`Doc.user_token_hooks["sent"]`, `Doc.user_span_hooks["sent"]`) that
answer from a table built once from `doc.sents`, the same partition spaCy's walk finds, and
removes them when the block ends, so the doc leaves as it came.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.tokens import Doc, Span, Token


@contextmanager
def indexed_sentences(doc: Doc) -> Iterator[Doc]:
    """Within the block, `tok.sent` and `span.sent` of `doc` are table look-ups (same spans)."""
    sents: list[Span] | None = None
    if (
        len(doc)
        and "sent" not in doc.user_token_hooks
        and "sent" not in doc.user_span_hooks
        and "sents" not in doc.user_hooks
    ):
        try:  # (one Span per sentence, handed out again: nothing edits one)
            sents = list(doc.sents)
        except ValueError:  # (`doc.sents` first tests the boundaries, as this test did)
            sents = None
    if sents is None:
        yield doc  # someone else's hooks, or no boundaries: spaCy answers (or raises) as before
        return
    of = [0] * len(doc)
    for k, sent in enumerate(sents):
        of[sent.start : sent.end] = [k] * len(sent)
    last = len(doc) - 1

    def token_sent(tok: Token) -> Span:
        return sents[of[tok.i]]

    def span_sent(span: Span) -> Span:
        # (an empty span at the doc's end: spaCy's walk lands in the last sentence)
        return sents[of[min(span.start, last)]]

    doc.user_token_hooks["sent"] = token_sent
    doc.user_span_hooks["sent"] = span_sent
    try:
        yield doc
    finally:
        doc.user_token_hooks.pop("sent", None)
        doc.user_span_hooks.pop("sent", None)
