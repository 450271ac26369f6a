"""Recognise web-page boilerplate lines in article text; the phrases live in
`kg/resources/boilerplate_phrases.json`, this module only holds the mechanism.

News copied from web pages carries share buttons, contact blurbs, cookie notices and asset names
("Share This Post", "How do we Get in Touch?", "Logo_Battery-Tech-Network_Thumbnail"). Such lines
would otherwise become entities and facts. Two levels, because losing body text is worse than
keeping a stray button label:

- strong lines are boilerplate wherever they stand: exact button/menu labels, known prefixes
  ("Follow us on", "©"), short call-to-action lines, file names and asset identifiers, bare URLs,
  lines made only of social-network names.
- tail lines are marketing prose ("Let's talk about your challenges ... how we can help you");
  they are removed only in the trailing region after the article body, never in the middle.

`cut_boilerplate` removes strong lines everywhere, then cuts the tail: the longest suffix made
only of strong, tail or weak (short, heading-like, non-sentence) lines, from its first strong or
tail line on, provided the suffix holds at least one strong line. A real last paragraph is a full
sentence, so it stops the suffix and is never cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.resources import boilerplate_phrases

_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_EDGE = " \t.:;,!?\u2026-\u2013\u2014|/\\*\u2022\u00b7>\u203a\u2192<\u2039\"'()[]"
_SPLIT_LABELS = re.compile(r"\s*[|\u00b7\u2022/,:]\s*|\s{2,}")
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")
_URL = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)
_FILE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|svg|webp|avif|bmp|ico|tiff?|heic|pdf|mp4|webm|mov|mp3)$", re.IGNORECASE
)
_MIN_SENTENCE_WORDS = 6


@dataclass(frozen=True)
class Phrases:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    label_prefixes: tuple[str, ...]
    short_line: re.Pattern[str] | None
    tail: re.Pattern[str] | None
    asset_words: frozenset[str]
    max_short_words: int


def _alternation(phrases: Sequence[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    # Word boundaries keep "subscribe" from matching "subscribers" and "share on" from "shares on".
    body = "|".join(re.escape(normalise(p)) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


@lru_cache(maxsize=4)
def load_phrases(path: str | None = None) -> Phrases:
    """The phrases of `kg/resources/boilerplate_phrases.json` (or of the file `path`), ready to
    match normalised lines."""
    data = boilerplate_phrases(path)
    return Phrases(
        exact=frozenset(normalise(p).strip(_EDGE) for p in data.exact),
        prefixes=tuple(normalise(p) for p in data.prefixes),
        label_prefixes=tuple(normalise(p) for p in data.label_prefixes),
        short_line=_alternation(data.short_line_phrases),
        tail=_alternation(data.tail_phrases),
        asset_words=frozenset(w.lower() for w in data.asset_words),
        max_short_words=data.max_short_words,
    )


def normalise(line: str) -> str:
    """Lower case, ASCII apostrophes/quotes, single spaces: the form phrases are written in."""
    return " ".join(line.translate(_QUOTES).lower().split())


def word_count(line: str) -> int:
    return len(_WORD.findall(line))


def is_body_like(line: str, phrases: Phrases | None = None) -> bool:
    """Prose rather than a label, heading or button: a long line, or a full sentence.

    Length alone decides for long lines because copied pages are often truncated mid-sentence.
    """
    ph = phrases or load_phrases()
    stripped = line.strip()
    words = word_count(stripped)
    if words > ph.max_short_words:
        return True
    return words >= _MIN_SENTENCE_WORDS and bool(_SENTENCE_END.search(stripped))


def _has_prefix(norm: str, prefixes: tuple[str, ...]) -> bool:
    for prefix in prefixes:
        if norm.startswith(prefix):
            rest = norm[len(prefix) :]
            if not rest or not prefix[-1].isalnum() or not rest[0].isalnum():
                return True
    return False


def _is_asset(line: str, asset_words: frozenset[str]) -> bool:
    """File names and CMS asset identifiers: one token, never prose."""
    token = line.strip()
    if not token or any(ch.isspace() for ch in token):
        return False
    if _URL.match(token) or _FILE_EXT.search(token) or "_" in token:
        return True
    parts = [p.lower() for p in re.split(r"[-.]", token) if p]
    return len(parts) >= 2 and any(p in asset_words for p in parts)


def is_strong(line: str, phrases: Phrases | None = None) -> bool:
    """Boilerplate wherever it stands."""
    ph = phrases or load_phrases()
    stripped = line.strip()
    if not stripped:
        return False
    if _is_asset(stripped, ph.asset_words):
        return True
    norm = normalise(stripped)
    bare = norm.strip(_EDGE)
    if not bare:
        return False  # punctuation-only lines (separators) are handled as whitespace elsewhere
    if bare in ph.exact:
        return True
    start = norm.lstrip(_EDGE)
    if _has_prefix(start, ph.prefixes):
        return True
    short = word_count(stripped) <= ph.max_short_words
    if short and _has_prefix(start, ph.label_prefixes):
        return True
    labels = [part.strip(_EDGE) for part in _SPLIT_LABELS.split(norm)]
    labels = [part for part in labels if part]
    if len(labels) > 1 and all(part in ph.exact for part in labels):
        return True  # "Share | Tweet | Email"
    return (
        short
        and not stripped.endswith(".")
        and ph.short_line is not None
        and bool(ph.short_line.search(norm))
    )


def is_tail(line: str, phrases: Phrases | None = None) -> bool:
    """Marketing/contact prose: boilerplate only after the article body has ended."""
    ph = phrases or load_phrases()
    return ph.tail is not None and bool(ph.tail.search(normalise(line)))


def cut_boilerplate(lines: list[str], phrases: Phrases | None = None) -> list[str]:
    """Drop boilerplate from a list of lines ("" = paragraph break); body lines are never cut."""
    ph = phrases or load_phrases()
    # Each line's test made once, for the tail and for the cut (a tenth of ingest's CPU).
    strong = [is_strong(line, ph) for line in lines]
    end = _tail_start(lines, ph, strong)
    return [line for line, s in zip(lines[:end], strong, strict=False) if not s]


def tail_start(lines: list[str], phrases: Phrases | None = None) -> int:
    """Index where the trailing boilerplate region starts (len(lines) when there is none)."""
    ph = phrases or load_phrases()
    return _tail_start(lines, ph, [is_strong(line, ph) for line in lines])


def _tail_start(lines: list[str], ph: Phrases, strong: list[bool]) -> int:
    """`tail_start`, given whether each line `is_strong`."""
    n = len(lines)
    hit = [
        s or (bool(line.strip()) and is_tail(line, ph))
        for s, line in zip(strong, lines, strict=True)
    ]
    # The suffix of the text that holds no body prose (boilerplate, or weak short lines).
    suffix = n
    while suffix > 0 and (
        not lines[suffix - 1].strip() or hit[suffix - 1] or not is_body_like(lines[suffix - 1], ph)
    ):
        suffix -= 1
    if suffix == 0:
        # No body line ends the prose part: the article starts at its first non-boilerplate
        # line, and the tail can only begin after it (a page that opens with "Drucken" must not
        # lose everything below).
        first = next((i for i in range(n) if lines[i].strip() and not strong[i]), n)
        suffix = first + 1
    first_hit = next((i for i in range(suffix, n) if hit[i]), n)
    # Marketing-sounding prose alone is not trusted: the region needs a button/label too.
    if not any(strong[first_hit:]):
        return n
    return first_hit
