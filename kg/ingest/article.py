"""`article_from_text`: cleaned text + metadata -> `Article`, or the `Problem` that stops it.

`Article.id` is the first 16 hex digits of SHA-256 over the cleaned text with all whitespace runs
collapsed to one space: the same article ingested twice (even re-wrapped) gets the same id, so the
store adds nothing. `read_paths` still yields both copies; deduplication by id is the consumer's
job (`kg.pipeline.build.read_articles` keeps the first) because only it knows the whole run.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from kg.ingest import language
from kg.ingest.clean import clean_text
from kg.model import Article, Problem

# spaCy's default `nlp.max_length`: longer texts are refused by the parser (and need ~1 GB of RAM
# per 100,000 words). One news article is 1-50 kB; a bigger "article" is a corpus dump.
MAX_ARTICLE_CHARS = 1_000_000

_DATE_FORMATS = (
    "%d %B %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %b %Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%m/%d/%Y",
)


def article_id(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def normalise_date(value: str | None) -> str | None:
    """ISO 8601 (date, or date-time when a time is given); None when unparseable.

    An unreadable date is not a reason to drop an article, so it is simply left out.
    """
    if not value or not value.strip():
        return None
    raw = value.strip()
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(raw).isoformat()  # RFC 2822, as in RSS feeds
    except (TypeError, ValueError, IndexError):
        return None


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} M"


def article_from_text(
    text: str,
    *,
    path: str | None = None,
    line: int | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: str | None = None,
    lang: str = "auto",
) -> Article | Problem:
    """Clean `text` and wrap it as an Article; a Problem says why it cannot be one.

    Explicit `title`/`source`/`published` win over what the text itself shows (headline,
    `Source:` line, dateline, "Published ..." line).
    `lang` is "auto" (detect with lingua) or a code that forces the language. A field that is
    not valid Unicode (a lone surrogate) is a Problem naming the field.
    """
    where = path or "<text>"
    fields = {"text": text, "title": title, "url": url, "source": source, "published": published}
    for name, value in fields.items():
        if reason := _not_unicode(name, value):
            return Problem(where, reason, line)
    if len(text) > MAX_ARTICLE_CHARS:
        return Problem(
            where,
            f"article too large ({_size(len(text))} characters > "
            f"{_size(MAX_ARTICLE_CHARS)} limit per article); split it into "
            f"articles, e.g. one JSON line each",
            line,
        )
    if not text.strip():
        return Problem(where, "empty article (no text)", line)
    cleaned = clean_text(text)
    if not cleaned.text:
        return Problem(where, "no article text left after removing web boilerplate", line)
    if lang == "auto":
        code = language.detect(cleaned.text)
        if code is None:
            return Problem(
                where, "cannot detect the language (text too short?); pass lang 'en' or 'de'", line
            )
    else:
        code = language.normalise_code(lang)
    if code not in language.SUPPORTED:
        return Problem(where, f"unsupported language: {code}", line)
    return Article(
        id=article_id(cleaned.text),
        text=cleaned.text,
        lang=code,
        title=_clean_field(title) or cleaned.title,
        source=_clean_field(source) or cleaned.source,
        url=_clean_field(url),
        path=path,
        line=line,
        published=normalise_date(published) or cleaned.news.published,
        dateline=cleaned.news.dateline,
        dateline_place=cleaned.news.place,
    )


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _not_unicode(name: str, value: str | None) -> str | None:
    """Why `value` cannot be stored as text, if it cannot: a lone surrogate code point
    (JSON spells one as \\ud800) has no UTF-8 form, so every later stage would fail on it."""
    if value is None or value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = f"U+{ord(value[exc.start]):04X}"
        return (
            f"field {name!r} is not valid Unicode text (a lone surrogate {code} at character "
            f"{exc.start + 1})"
        )
    return None
