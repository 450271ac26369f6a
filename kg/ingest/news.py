"""Wire-news furniture that is not prose, cut before `Article.text` is fixed (so every later
offset refers to text without it), with what it says about the article kept as metadata.

- dateline at the start of the first paragraphs: "SAN JOSE, Calif., Jan 5 (Reuters) - ",
  "WASHINGTON (AP) — ", "Berlin (dpa) - ", "DETROIT, Jan. 5, 2024 /PRNewswire/ -- ": cut from
  the line; its place, date and agency become `dateline`, `dateline_place`, `published` (only
  when the dateline gives a year) and `source`;
- "Published March 5, 2024" / "Veröffentlicht am 5. März 2024" / "Updated ..." lines: the first
  date read (dateparser) becomes `published`; the line goes;
- bylines ("By Jane Doe and John Roe", "Von Max Muster"), photo captions ("(AP Photo/...)",
  "Foto: ..."), credit lines ("Reporting by ...; Editing by ...", also as a trailing
  parenthesis of the last paragraph), disclaimers ("Our Standards: ..."), and "Read more" /
  "Related" / "Lesen Sie auch" markers with the headline list that follows them: removed.
The phrases live in `kg/resources/news_cleaning.json`. A line is removed only when it is short
and shaped like furniture (no full sentence of prose), so body text is never lost to a phrase
that happens to start a sentence ("By 2026, GM plans ...", "Von Anfang an ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.resources import news_cleaning

_MAX_FURNITURE_WORDS = 60  # a caption or credit line; longer lines are prose
_MAX_BYLINE_WORDS = 10
_MAX_CREDIT_WORDS = 8
_MAX_LIST_WORDS = 25
_DATELINE_LINES = 3  # the dateline opens the first body paragraph (after a headline)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


@dataclass(frozen=True)
class NewsMeta:
    published: str | None = None  # ISO date from a "Published" line or a dateline with a year
    source: str | None = None  # agency from the dateline ("Reuters")
    dateline: str | None = None  # "SAN JOSE, Calif., Jan 5 (Reuters)"
    place: str | None = None  # "SAN JOSE, Calif."


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    v = news_cleaning()
    agencies = _alt(v["agencies"])
    caps_place = r"[A-ZÄÖÜ][A-ZÄÖÜ.'’&-]+(?:[ /][A-ZÄÖÜ][A-ZÄÖÜ.'’&-]+){0,3}"
    title_place = r"[A-ZÄÖÜ][a-zäöüß]+(?:[ -][A-ZÄÖÜ][a-zäöüß]+){0,2}"
    region = r"(?:,\s(?P<region>[A-Z][A-Za-z.]*\.?(?:\s[A-Z][A-Za-z.]*\.?)?))?"
    date = (
        r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s\d{1,2}(?:,?\s\d{4})?)"
        r"|(?:\d{1,2}\.\s?[A-ZÄÖÜ][a-zä]+(?:\s\d{4})?))"
    )
    agency = rf"(?:\((?P<agency>(?:{agencies})[^()]{{0,20}})\)|/(?P<agency2>(?:{agencies}))/)"
    dash = r"\s*(?:--|-|—|–|:)\s+"
    return {
        # place [, region] [, date] (agency) -
        "dateline": re.compile(
            rf"^(?P<place>{caps_place}|{title_place}){region},?"
            rf"(?:\s{date},?)?\s{agency}{dash}"
        ),
        # SAN JOSE, Calif., Jan 5 - (no agency: the upper-case place and the date must be there)
        "dateline_bare": re.compile(rf"^(?P<place>{caps_place}){region},\s{date}{dash}"),
        "caption": re.compile(
            rf"\((?:[^()]*?)(?:{_alt(v['caption_markers'])})[^()]*\)"
            r"|\bREUTERS/[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)*\s*$",
            re.I,
        ),
        # "Foto: dpa", "Photo: Reuters/Jane Doe": a credit line only when short; a page may
        # glue "Bild: PR" to the first body sentence.
        "credit_mark": re.compile(rf"^(?:{_alt(v['caption_markers'])})", re.I),
        "credit": re.compile(rf"^\(?(?:{_alt(v['credit_lines'])})\b", re.I),
        "credit_tail": re.compile(rf"\s*\((?:{_alt(v['credit_lines'])})\b[^()]*\)\s*$", re.I),
        "disclaimer": re.compile(rf"^(?:{_alt(v['disclaimers'])})", re.I),
        "read_more": re.compile(rf"^(?:{_alt(v['read_more'])})\b\s*(?:[:»>…]|\.\.\.|$)", re.I),
        "byline": re.compile(rf"^(?:{_alt(v['bylines'])})\s+(?P<names>[A-ZÄÖÜ].*)$"),
        "published": re.compile(
            rf"^(?:{_alt(v['published'])})\b:?\s*(?:{_alt(v['published_connectors'])})?\s*"
            r"(?P<date>.+)$",
            re.I,
        ),
    }


def _words(line: str) -> int:
    return len(line.split())


def _is_byline(line: str) -> bool:
    m = _patterns()["byline"].match(line)
    if not m or _words(line) > _MAX_BYLINE_WORDS or _SENTENCE_END.search(line):
        return False
    # names only: capitalised words, initials, "and"/"und", commas, an agency or a role
    return all(
        w[:1].isupper() or w in news_cleaning()["byline_joiners"]
        for w in re.split(r"[\s,]+", m["names"])
        if w
    )


def _parse_date(text: str) -> str | None:
    if not re.search(r"\d", text):
        return None
    import dateparser

    at = _alt(news_cleaning()["time_connectors"])
    text = re.split(rf"\s+(?:{at})\s+|\s\d{{1,2}}:\d{{2}}", text, maxsplit=1)[0]
    got = dateparser.parse(
        text.strip(" ,;:-"),
        languages=["en", "de"],
        settings={"PREFER_DATES_FROM": "past", "STRICT_PARSING": True},
    )
    return got.date().isoformat() if got else None


def _dateline(line: str) -> tuple[str, NewsMeta] | None:
    p = _patterns()
    m = p["dateline"].match(line) or p["dateline_bare"].match(line)
    if m is None or len(line) <= m.end():
        return None
    g = m.groupdict()
    place = g["place"] + (f", {g['region']}" if g.get("region") else "")
    agency = (g.get("agency") or g.get("agency2") or "").strip() or None
    published = None
    if g.get("date") and re.search(r"\d{4}", g["date"]):
        published = _parse_date(g["date"])
    dateline = line[: m.end()].rstrip(" -—–:").strip()
    return line[m.end() :], NewsMeta(published, agency, dateline, place)


def _furniture(line: str) -> bool:
    p = _patterns()
    if not line or _words(line) > _MAX_FURNITURE_WORDS:
        return False
    if p["credit"].match(line) or p["disclaimer"].match(line) or _is_byline(line):
        return True
    if p["credit_mark"].match(line) and _words(line) <= _MAX_CREDIT_WORDS:
        return True
    return p["caption"].search(line) is not None


def cut_news(lines: list[str]) -> tuple[list[str], NewsMeta]:
    """`lines` without news furniture, and what the furniture said about the article."""
    p = _patterns()
    meta = NewsMeta()
    out: list[str] = []
    i, seen = 0, 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            out.append(line)
            continue
        pm = p["published"].match(line)
        if pm and _words(line) <= 12 and (date := _parse_date(pm["date"])):
            if meta.published is None:
                meta = NewsMeta(date, meta.source, meta.dateline, meta.place)
            continue
        if p["read_more"].match(line):
            i = _skip_list(lines, i)
            continue
        if _furniture(line):
            continue
        if seen < _DATELINE_LINES and meta.dateline is None and (hit := _dateline(line)):
            line, d = hit
            meta = NewsMeta(meta.published or d.published, d.source, d.dateline, d.place)
        seen += 1
        out.append(p["credit_tail"].sub("", line))
    return out, meta


def _skip_list(lines: list[str], i: int) -> int:
    """Index after the related-headline list that starts at lines[i] (blank lines inside it
    included): headline-like lines, no sentence of prose."""
    end = i
    while i < len(lines):
        line = lines[i]
        if line and (
            _words(line) > _MAX_LIST_WORDS or (_SENTENCE_END.search(line) and _words(line) > 12)
        ):
            break
        i += 1
        if line:
            end = i
    return end


__all__ = ["NewsMeta", "cut_news"]
