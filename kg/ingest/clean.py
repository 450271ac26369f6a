"""Turn raw article text into `Article.text`, the string every later offset refers to.

Steps, in order:
1. Unicode NFC; line breaks to "\\n"; no-break and other spaces to " "; zero-width characters,
   soft hyphens and stray control characters removed; runs of spaces collapsed; lines stripped.
2. `Source: X` / `Quelle: X` lines (X at most 8 words): the last gives `source`
   ("BNN Bloomberg"); all are removed from the body (a publisher name is provenance, not
   something the article says).
3. Web boilerplate removed (`kg.ingest.boilerplate`, phrases kept as data), then wire-news
   furniture (`kg.ingest.news`: dateline, bylines, captions, credit lines, "Read more" lists,
   disclaimers, "Published ..." lines); the dateline's agency is the `source` when no `Source:`
   line names one, its place and date and the "Published" date are kept in `news`.
4. Headline: the first line is the headline when it looks like one: at most 25 words, no
   sentence-final period, and either Title-case-ish or followed by a blank line with body after
   it. Decision: the headline is returned as `title` *and kept as the first line of the text*,
   separated from the body by a blank line. Headlines often carry the key fact ("GM in Talks with
   TDK ..."), extractors see them as a separate paragraph and can treat it as a headline, and the
   text stays identical to what the reader saw, so offsets and evidence stay honest.
Between 2 and 3, a document hard-wrapped at a fixed width (most lines just under one width of
50-100 characters) gets its wrapped lines joined back into paragraphs, so sentences are not
cut by newlines; other texts keep one line per element. Finally, paragraphs are separated by
exactly one blank line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.ingest.boilerplate import cut_boilerplate, is_strong, word_count
from kg.ingest.news import NewsMeta, cut_news
from kg.words import word_list, words

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_SOURCE_LABELS = word_list("ingest.en_source_labels") + word_list("ingest.de_source_labels")
_SOURCE = re.compile(
    rf"^(?:{'|'.join(_SOURCE_LABELS)})\s*:\s*(?P<name>\S.*?)\s*\.?$", re.IGNORECASE
)
_MAX_SOURCE_WORDS = 8
_MAX_HEADLINE_WORDS = 25
_WRAP_MIN_LINES = 3
_WRAP_MIN_WIDTH = 50  # wrappers use 60-80 columns; a list of short lines is not wrapped prose
_WRAP_MAX_WIDTH = 100
_WRAP_FULL = 0.7  # a line this close to the wrap width was broken by the wrapper, not the author
_LIST_ITEM = re.compile(r"^(?:[-*+\u2022\u2013]\s|\d+[.)]\s)")
# Words that stay lower case in a Title Case headline (English and German).
_SMALL_WORDS = words("ingest.title_small_words")


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str | None
    source: str | None
    news: NewsMeta = field(default_factory=NewsMeta)  # dateline, agency, "Published" date


def normalise_whitespace(text: str) -> list[str]:
    """Lines of `text`, normalised; "" marks a blank line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\f", "\n").replace("\v", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def take_source(lines: list[str]) -> tuple[list[str], str | None]:
    source: str | None = None
    kept: list[str] = []
    for line in lines:
        m = _SOURCE.match(line)
        if m and word_count(m["name"]) <= _MAX_SOURCE_WORDS:
            source = m["name"]  # the last one: attribution closes an article, captions don't
            continue
        kept.append(line)
    return kept, source


def _title_case_share(line: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", line) if w.lower() not in _SMALL_WORDS]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def is_headline(lines: list[str], i: int) -> bool:
    """Whether lines[i] (the first non-blank line) reads as a headline."""
    line = lines[i]
    words = word_count(line)
    if not 2 <= words <= _MAX_HEADLINE_WORDS or line.endswith((".", ",", ";", ":")):
        return False
    rest = [x for x in lines[i + 1 :] if x]
    if not rest:
        return False  # a lone line is the article, not its headline
    blank_after = i + 1 < len(lines) and not lines[i + 1]
    return blank_after or _title_case_share(line) >= 0.6


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether the text was wrapped at a fixed width (mail, Gutenberg style), judged on the
    whole document: many lines just under one maximum width. Copied web pages put one element
    per line at any length and are left alone."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < _WRAP_MIN_LINES:
        return False
    width = max(lengths)
    if not _WRAP_MIN_WIDTH <= width <= _WRAP_MAX_WIDTH:
        return False
    full = sum(1 for n in lengths if n >= _WRAP_FULL * width)
    return full >= _WRAP_MIN_LINES and full >= len(lengths) / 2


def unwrap(lines: list[str], keep: Callable[[str], bool]) -> list[str]:
    """Join wrapped lines back into paragraphs; lines for which `keep` is true stay alone."""
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if (
            line
            and prev
            and len(prev.rsplit("\n", 1)[-1]) >= _WRAP_FULL * width
            and not _LIST_ITEM.match(line)
            and not keep(line)
            and not keep(prev)
        ):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return out


def _single_blank_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def clean_text(text: str) -> Cleaned:
    lines = normalise_whitespace(text)
    lines, source = take_source(lines)
    if is_hard_wrapped(lines):
        lines = unwrap(lines, keep=is_strong)
    # News furniture first: boilerplate would take a bare "Read more" line and leave the list of
    # headlines it opens.
    lines, news = cut_news(lines)
    lines = cut_boilerplate(lines)
    while lines and not lines[0]:
        lines.pop(0)
    title = None
    if lines and is_headline(lines, 0):
        title = lines[0]
        # The headline always stands as its own paragraph, even when the page glued it to the
        # first body line.
        if len(lines) > 1 and lines[1]:
            lines.insert(1, "")
    return Cleaned(
        text="\n".join(_single_blank_lines(lines)),
        title=title,
        source=source or news.source,
        news=news,
    )
