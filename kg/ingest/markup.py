"""Readers for Markdown and HTML (registered by suffix like the plain-text readers).

- Markdown: parsed with markdown-it-py (CommonMark), so emphasis, links, images, code and raw
  HTML are handled by a real parser rather than regexes. Each block (heading, paragraph, list
  item, quote) becomes its own paragraph; link text stays, link targets, images, code blocks and
  raw HTML go. A leading `# Heading` is the title; simple YAML-style front matter
  (`title:`, `date:`/`published:`, `source:`, `url:`, `lang:`) is read as metadata.
- HTML: trafilatura extracts the main text and metadata (title, date, site name, URL), dropping
  navigation, footers, cookie banners and share bars. The title is put in front of the body when
  trafilatura left it out, so an HTML article looks like the plain-text ones (headline first).
  Before it, `htmlsource` checks the bytes, decodes them and bounds the page (elements, text).

Both then go through the same cleaning as plain text (`article_from_text`). markdown-it-py and
trafilatura are imported inside the readers, keeping `import kg.ingest` light.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import IngestError
from kg.ingest.article import MAX_ARTICLE_CHARS, article_from_text
from kg.ingest.clean import normalise_whitespace, take_source
from kg.ingest.files import read_regular
from kg.ingest.htmlsource import html_source
from kg.ingest.readers import read_text_file
from kg.model import Article, Problem
from kg.registry import register

_FRONT_MATTER_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "source": "source",
    "publisher": "source",
    "url": "url",
    "lang": "lang",
    "language": "lang",
}
_SKIP_BLOCKS = frozenset({"fence", "code_block", "html_block", "hr"})
# One article's text (MAX_ARTICLE_CHARS) with its markup, link targets and front matter.
MAX_MARKDOWN_CHARS = 4 * MAX_ARTICLE_CHARS


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(metadata, body) for a document starting with a `---` front-matter block."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        field = _FRONT_MATTER_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'")
        if sep and field and value and field not in meta:
            meta[field] = value
    return meta, "\n".join(lines[end + 1 :])


def _inline_text(children: list[Any]) -> str:
    parts: list[str] = []
    for tok in children:
        if tok.type in ("text", "code_inline"):
            parts.append(tok.content)
        elif tok.type == "softbreak":
            parts.append(" ")  # a wrapped source line, not a break in the text
        elif tok.type == "hardbreak":
            parts.append("\n")
        # images, raw inline HTML and markup tokens carry no article text
    return "".join(parts).strip()


def markdown_to_text(source: str) -> tuple[str, str | None, dict[str, str]]:
    """(plain text with blank-line-separated blocks, first-block H1 title, front matter)."""
    from markdown_it import MarkdownIt

    meta, body = split_front_matter(source)
    tokens = MarkdownIt("commonmark").parse(body)
    blocks: list[str] = []
    title: str | None = None
    for i, tok in enumerate(tokens):
        if tok.type in _SKIP_BLOCKS or tok.type != "inline":
            continue
        text = _inline_text(tok.children or [])
        if not text:
            continue
        opener = tokens[i - 1] if i else None
        if (
            not blocks
            and opener is not None
            and opener.type == "heading_open"
            and opener.tag == "h1"
        ):
            title = text
        blocks.append(text)
    return "\n\n".join(blocks), title, meta


@register("reader", ".md")
def read_markdown(path: Path, display: str, *, lang: str = "auto") -> Iterator[Article | Problem]:
    try:
        source = read_text_file(path)
    except IngestError as exc:
        yield Problem(display, str(exc))
        return
    if len(source) > MAX_MARKDOWN_CHARS:
        # Parsing first cost 5 s and 340 MB for 20 MB of Markdown, only to refuse the text.
        yield Problem(
            display,
            f"Markdown file too large for one article ({len(source) / 1e6:.1f} M characters > "
            f"{MAX_MARKDOWN_CHARS / 1e6:.1f} M limit per file)",
        )
        return
    text, title, meta = markdown_to_text(source)
    if not text.strip():
        yield Problem(display, "no article text in the Markdown file")
        return
    yield article_from_text(
        text,
        path=display,
        title=meta.get("title") or title,
        url=meta.get("url"),
        source=meta.get("source"),
        published=meta.get("published"),
        lang=meta.get("lang") or lang,
    )


def html_to_text(page: str) -> tuple[str, dict[str, str | None]] | None:
    """(main text, metadata) extracted by trafilatura, or None when the page has no main text.
    `page` is decoded text (`html_source`): given bytes, trafilatura would inflate whatever
    looks compressed."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_images=False, include_links=False
    )
    if doc is None or not (doc.text or "").strip():
        return None
    # trafilatura puts one block element per line; blank lines make them paragraphs.
    paragraphs = [line.strip() for line in doc.text.split("\n") if line.strip()]
    title = " ".join((doc.title or "").split()) or None
    if title and paragraphs and paragraphs[0] != title:
        paragraphs.insert(0, title)
    meta = {"title": title, "published": doc.date, "source": doc.sitename, "url": doc.url}
    return "\n\n".join(paragraphs), meta


# An HTML page is one article, so its text must fit MAX_ARTICLE_CHARS (1 M characters); with
# markup, scripts and styles a real news page carries a few times that in bytes at most. Past
# this the page is refused from its size alone, unread; below it `html_source` bounds the
# elements and text trafilatura will be given.
MAX_HTML_BYTES = 10_000_000


def _read_html(path: Path, display: str, *, lang: str = "auto") -> Iterator[Article | Problem]:
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        yield Problem(
            display,
            f"HTML page too large for one article ({size / 1e6:.1f} MB > "
            f"{MAX_HTML_BYTES / 1e6:.1f} MB limit per page)",
        )
        return
    try:
        data = read_regular(path)
        if not data.strip():
            raise IngestError("empty file")
        page = html_source(data)
    except IngestError as exc:
        yield Problem(display, str(exc))
        return
    try:
        extracted = html_to_text(page)
    except Exception as exc:  # a parser crash on one hostile page must not stop the build
        yield Problem(display, f"cannot parse HTML: {type(exc).__name__}: {exc}")
        return
    if extracted is None:
        yield Problem(display, "no main article text found in the HTML page")
        return
    text, meta = extracted
    # A `Source:` line in the body names the original publisher; the site name is only the
    # fallback (a trade blog re-posting a Bloomberg story).
    _, quoted = take_source(normalise_whitespace(text))
    yield article_from_text(
        text,
        path=display,
        title=meta["title"],
        url=meta["url"],
        source=None if quoted else meta["source"],
        published=meta["published"],
        lang=lang,
    )


read_html = register("reader", ".html")(_read_html)
read_htm = register("reader", ".htm")(_read_html)
