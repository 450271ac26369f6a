"""Readers for plain text and JSON Lines, registered by file suffix (`kg.registry`, kind
"reader"). A reader takes `(path, display, *, lang)` and yields Articles and Problems; `display`
is the path as the user wrote it, used in every message and in `Article.path`.

A user error (bad bytes, bad JSON) is a Problem, never an exception; one bad JSONL line does not
hide the good lines around it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import IngestError
from kg.ingest.article import article_from_text
from kg.ingest.decode import decode_bytes, looks_binary
from kg.model import Article, Problem
from kg.registry import register

JSONL_FIELDS = ("title", "url", "published", "source", "lang")


def read_text_file(path: Path) -> str:
    """The decoded content of `path`; IngestError when it is empty or not text."""
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("empty file")
    text = decode_bytes(data)
    if not text.strip():
        raise IngestError("empty file (only whitespace)")
    return text


@register("reader", ".txt")
def read_txt(path: Path, display: str, *, lang: str = "auto") -> Iterator[Article | Problem]:
    try:
        text = read_text_file(path)
    except IngestError as exc:
        yield Problem(display, str(exc))
        return
    yield article_from_text(text, path=display, lang=lang)


def _record(obj: Any) -> dict[str, str | None]:
    """Validate one JSONL object; IngestError names the offending field."""
    if not isinstance(obj, dict):
        raise IngestError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if text is None:
        raise IngestError("missing required field 'text'")
    if not isinstance(text, str):
        raise IngestError(f"field 'text' must be a string, got {type(text).__name__}")
    record: dict[str, str | None] = {"text": text}
    for name in JSONL_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise IngestError(f"field {name!r} must be a string, got {type(value).__name__}")
        record[name] = value
    return record


@register("reader", ".jsonl")
def read_jsonl(path: Path, display: str, *, lang: str = "auto") -> Iterator[Article | Problem]:
    with path.open("rb") as fh:
        head = fh.read(8192)
        if not head.strip():
            yield Problem(display, "empty file")
            return
        if looks_binary(head):
            yield Problem(display, "binary file (contains NUL bytes), not text")
            return
        fh.seek(0)
        # Streamed line by line: a JSONL corpus may be far larger than one article.
        for n, raw in enumerate(fh, start=1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(
                    display,
                    f"invalid UTF-8 (byte {exc.start + 1} of the line); JSON Lines must be UTF-8",
                    n,
                )
                continue
            try:
                record = _record(json.loads(line))
            except json.JSONDecodeError as exc:
                yield Problem(display, f"malformed JSON: {exc.msg} (column {exc.colno})", n)
                continue
            except IngestError as exc:
                yield Problem(display, str(exc), n)
                continue
            yield article_from_text(
                record["text"] or "",
                path=display,
                line=n,
                title=record["title"],
                url=record["url"],
                source=record["source"],
                published=record["published"],
                lang=record["lang"] or lang,
            )
