"""Ingest: files and directories -> cleaned `Article`s (or `Problem`s saying what was skipped).

Public API: `read_paths`, `article_from_text`, `clean_text`, `article_id`, `MAX_ARTICLE_CHARS`.
Readers are registered per suffix in `kg.registry` (kind "reader": .txt .md .html .htm .jsonl);
a plugin can add one with `@register("reader", ".xyz")` taking `(path, display, *, lang)`, and
sets `streams = True` on it when it reads its file in bounded pieces (no file-size limit then).

Modules: `files` (open only regular files), `decode` (bytes -> text, magic numbers),
`boilerplate` (web boilerplate lines, phrases as data), `clean` (whitespace, `Source:` lines,
headline), `language` (lingua), `article` (Article, id), `readers` (.txt, .jsonl), `htmlsource`
(an HTML page's bytes -> text within a budget), `markup` (.md, .html), `walk` (`read_paths`).
Nothing here imports spaCy; trafilatura, lxml, markdown-it-py and lingua are imported on first
use.

Decisions (details in the module docstrings):
- The headline is `Article.title` and also stays the first line (own paragraph) of
  `Article.text`; HTML pages get their title put in front the same way (`clean`, `markup`).
- `Article.id` = first 16 hex of SHA-256 over the cleaned text with whitespace runs collapsed;
  `read_paths` yields duplicates as found, consumers dedupe by id (`article`).
- Whole-file formats over `max_bytes` (50 MB) are reported unread; one article may hold at most
  1,000,000 characters (spaCy's limit), so a 20 MB .txt is reported as "article too large",
  while .jsonl files are streamed line by line, each line bounded (`walk`, `readers`).
- Symbolic links are followed only inside the folder given; FIFOs, devices and /proc or /sys
  files are never read (`walk`, `files`). Content is judged by its bytes (`decode`); an HTML
  page's elements and text are bounded before trafilatura sees it (`htmlsource`).
- Non-UTF-8 text falls back to Windows-1252, then Latin-1, when the result looks like text
  (`decode`). Unsupported languages (lingua, 8 candidates) are Problems, not errors (`language`).
"""

from kg.ingest import markup, readers  # noqa: F401  (registers the readers)
from kg.ingest.article import MAX_ARTICLE_CHARS, article_from_text, article_id
from kg.ingest.clean import clean_text
from kg.ingest.walk import read_paths, supported_suffixes

__all__ = [
    "MAX_ARTICLE_CHARS",
    "article_from_text",
    "article_id",
    "clean_text",
    "read_paths",
    "supported_suffixes",
]
