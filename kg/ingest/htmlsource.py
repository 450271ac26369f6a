"""HTML bytes -> the text handed to trafilatura, within a budget, or why the page is refused.

Why: trafilatura's time and memory grow with a page's elements and text (about 50 µs per
element, several times that for links: a 9.8 MB page took 66 s and 535 MB), and given bytes it
inflates whatever looks compressed. So a page is
- judged by its bytes: compressed data, archives, documents and images are refused by their
  magic numbers (`decode.check_content`), NUL bytes mean binary;
- decoded here (a BOM, else the charset the page declares, else UTF-8, Windows-1252, Latin-1),
  so trafilatura gets text and never decompresses anything;
- measured by a streaming parse that keeps no tree and stops at the first excess: at most
  `MAX_HTML_ELEMENTS` elements and `MAX_HTML_TEXT` characters of text outside scripts and
  styles. A news page has a few thousand elements and an article a few thousand words; at the
  limits trafilatura's worst page shape takes a few seconds (`benchmarks/html_budget.py`).
"""

from __future__ import annotations

import codecs
import re

from kg.errors import IngestError
from kg.ingest.article import MAX_ARTICLE_CHARS
from kg.ingest.decode import check_content, decode_bytes, looks_binary

MAX_HTML_ELEMENTS = 20_000
# The main text must fit one article; navigation, comments and footers may add as much again.
MAX_HTML_TEXT = 3 * MAX_ARTICLE_CHARS // 2

_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_RAW_TEXT = frozenset({"script", "style", "noscript", "template"})


class _Budget:
    """An lxml parser target that counts and keeps nothing."""

    def __init__(self) -> None:
        self.elements = 0
        self.text = 0
        self._raw = 0

    def start(self, tag: str, attrib: object) -> None:
        self.elements += 1
        if self.elements > MAX_HTML_ELEMENTS:
            raise IngestError(
                f"HTML page too complex for one article (more than {MAX_HTML_ELEMENTS:,} elements)"
            )
        self._raw += tag in _RAW_TEXT

    def end(self, tag: str) -> None:
        if tag in _RAW_TEXT and self._raw:
            self._raw -= 1

    def data(self, text: str) -> None:
        if not self._raw:
            self.text += len(text.strip())  # indentation between tags is not text
            if self.text > MAX_HTML_TEXT:
                raise IngestError(
                    f"HTML page holds more text than one article (more than "
                    f"{MAX_HTML_TEXT:,} characters)"
                )

    def comment(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def html_source(data: bytes) -> str:
    """The page as text for trafilatura; IngestError when it is not HTML or over budget."""
    check_content(data[:16], "HTML")
    if looks_binary(data):
        raise IngestError("binary file (contains NUL bytes), not HTML")
    text = _decode(data)
    _measure(text)
    return text


def _decode(data: bytes) -> str:
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = _DECLARED.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: fall back to what the bytes say
    return decode_bytes(data)


def _measure(text: str) -> None:
    from lxml import etree

    parser = etree.HTMLParser(target=_Budget(), remove_comments=True, remove_pis=True)
    try:
        parser.feed(text)
        parser.close()
    except etree.LxmlError:
        pass  # unparseable markup: trafilatura decides what it makes of it
