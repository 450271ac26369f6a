"""Readers for plain text and JSON Lines, registered by file suffix (`kg.registry`, kind
"reader"). A reader takes `(path, display, *, lang)` and yields Articles and Problems; `display`
is the path as the user wrote it, used in every message and in `Article.path`.

A user error (bad bytes, bad JSON) is a Problem, never an exception; one bad JSONL line does not
hide the good lines around it: a line that is not UTF-8, not JSON, nested too deeply, longer
than `MAX_LINE_BYTES`, or whose strings are not valid Unicode (a lone surrogate such as
`\\ud800`, which JSON can spell) is reported as `FILE:LINE: reason` and the next line is read.

JSONL fields: `text` (required), `title`, `url`, `published` (or its alias `date`, as in
Markdown front matter; `published` wins when both are given), `source`, `lang`. A JSONL file is
streamed line by line (`read_jsonl.streams`), so the walker's file-size limit does not apply to
it; each line holds one article and is bounded on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import IngestError
from kg.ingest.article import MAX_ARTICLE_CHARS, article_from_text
from kg.ingest.decode import check_content, decode_bytes, looks_binary
from kg.ingest.files import open_regular, read_regular
from kg.model import Article, Problem
from kg.registry import register

JSONL_FIELDS = ("title", "url", "published", "date", "source", "lang")
# One article of MAX_ARTICLE_CHARS characters, each JSON-escaped as \\uXXXX at worst, plus its
# metadata. A longer line is skipped unread (a file with no newline is not held in memory).
MAX_LINE_BYTES = 6 * MAX_ARTICLE_CHARS + 1_000_000


def read_text_file(path: Path) -> str:
    """The decoded content of `path`; IngestError when it is empty or not text."""
    data = read_regular(path)
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
    try:
        fh, _ = open_regular(path)
    except IngestError as exc:
        yield Problem(display, str(exc))
        return
    with fh:
        head = fh.read(8192)
        if not head.strip():
            yield Problem(display, "empty file")
            return
        try:
            check_content(head)
        except IngestError as exc:
            yield Problem(display, str(exc))
            return
        if looks_binary(head):
            yield Problem(display, "binary file (contains NUL bytes), not text")
            return
        fh.seek(0)
        # Streamed line by line: a JSONL corpus may be far larger than one article.
        for n, raw in _lines(fh):
            if n == 1 and raw is not None and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if raw is None:
                yield Problem(
                    display,
                    f"line too long (over {MAX_LINE_BYTES / 1e6:.1f} MB); one article of at "
                    f"most {MAX_ARTICLE_CHARS:,} characters per line",
                    n,
                )
            elif raw.strip():
                yield _line_item(raw, display, n, lang)


# Read read_jsonl's file in pieces: the walker's whole-file size limit is not for it.
read_jsonl.streams = True  # type: ignore[attr-defined]


def _lines(fh: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line longer than MAX_LINE_BYTES, which is
    skipped without being held."""
    n = 0
    while raw := fh.readline(MAX_LINE_BYTES + 1):
        n += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            yield n, None
        else:
            yield n, raw


def _line_item(raw: bytes, display: str, n: int, lang: str) -> Article | Problem:
    """The Article of one JSONL line, or the Problem that skips it (never an exception: one bad
    line must not cost the lines around it)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(
            display,
            f"invalid UTF-8 (byte {exc.start + 1} of the line); JSON Lines must be UTF-8",
            n,
        )
    try:
        record = _record(json.loads(line))
        return article_from_text(
            record["text"] or "",
            path=display,
            line=n,
            title=record["title"],
            url=record["url"],
            source=record["source"],
            published=record["published"] or record["date"],
            lang=record["lang"] or lang,
        )
    except json.JSONDecodeError as exc:
        return Problem(display, f"malformed JSON: {exc.msg} (column {exc.colno})", n)
    except RecursionError:
        return Problem(display, "malformed JSON: nested too deeply", n)
    except IngestError as exc:
        return Problem(display, str(exc), n)
    except (UnicodeError, ValueError) as exc:  # e.g. an integer of 5,000 digits
        return Problem(display, f"cannot read the line: {' '.join(str(exc).split())}", n)
