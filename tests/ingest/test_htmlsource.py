"""HTML pages are checked by their bytes, decoded here and bounded before trafilatura sees
them (real pages on disk, real lxml and trafilatura): a compressed body is never inflated, a
page past the element or text budget is refused from a streaming count."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest

from kg.ingest import read_paths
from kg.ingest.htmlsource import MAX_HTML_ELEMENTS, MAX_HTML_TEXT
from kg.model import Article, Problem

BODY = (
    "<p>Volkswagen will buy battery cells from the Swedish maker Northvolt for its plants in "
    "Germany, the carmaker said in Wolfsburg on Monday.</p><p>Deliveries are to start next "
    "year, according to a statement from both companies.</p>"
)


def _page(body: str = BODY, head: str = "") -> str:
    return (
        f"<!doctype html><html><head>{head}<title>VW buys cells from Northvolt</title></head>"
        f"<body><article><h1>VW buys cells from Northvolt</h1>{body}</article></body></html>"
    )


def _one(path: Path) -> Article | Problem:
    (item,) = read_paths([path])
    return item


def test_a_plain_page_is_an_article(tmp_path: Path) -> None:
    path = tmp_path / "vw.html"
    path.write_text(_page(), encoding="utf-8")
    item = _one(path)
    assert isinstance(item, Article) and "Northvolt" in item.text


def test_a_gzip_body_named_html_is_refused_not_inflated(tmp_path: Path) -> None:
    path = tmp_path / "vw.html"
    path.write_bytes(gzip.compress(_page().encode()))
    item = _one(path)
    assert isinstance(item, Problem)
    assert item.reason == "binary file (gzip-compressed data), not HTML; decompress it first"


def test_a_deflate_body_without_magic_number_is_not_inflated(tmp_path: Path) -> None:
    """trafilatura, given bytes, tries brotli and zlib on anything without a magic number."""
    path = tmp_path / "vw.html"
    path.write_bytes(zlib.compress(_page().encode() * 20))
    item = _one(path)
    assert isinstance(item, Problem) and item.reason.startswith(("binary file", "cannot decode"))


OVER_BUDGET = {
    "elements": (
        "<p>"
        + "".join(f'<a href="/x{i}">link {i}</a> ' for i in range(MAX_HTML_ELEMENTS))
        + "</p>",
        f"HTML page too complex for one article (more than {MAX_HTML_ELEMENTS:,} elements)",
    ),
    "text": (
        "<p>" + "word " * (MAX_HTML_TEXT // 5 + 10) + "</p>",
        f"HTML page holds more text than one article (more than {MAX_HTML_TEXT:,} characters)",
    ),
}


@pytest.mark.parametrize("budget", sorted(OVER_BUDGET))
def test_a_page_past_its_budget_is_refused(tmp_path: Path, budget: str) -> None:
    extra, reason = OVER_BUDGET[budget]
    path = tmp_path / "big.html"
    path.write_text(_page(BODY + extra), encoding="utf-8")
    item = _one(path)
    assert isinstance(item, Problem) and item.reason == reason


def test_scripts_and_styles_do_not_count_as_text(tmp_path: Path) -> None:
    path = tmp_path / "heavy.html"
    script = "<script>var x = '" + "a" * (MAX_HTML_TEXT + 10) + "';</script>"
    path.write_text(_page(head=script + "<style>p{color:red}</style>"), encoding="utf-8")
    item = _one(path)
    assert isinstance(item, Article) and "Northvolt" in item.text


@pytest.mark.parametrize("declared", ["windows-1252", "utf-8"])
def test_a_windows_1252_page_is_decoded_whatever_it_declares(tmp_path: Path, declared: str) -> None:
    """A true declaration is followed; a false one (bytes that are not UTF-8) falls back to
    what the bytes say."""
    body = (
        "<p>Der M\u00fcnchner Autobauer BMW bezieht k\u00fcnftig Batteriezellen von "
        "\u201eNorthvolt\u201c aus Schweden, teilte das Unternehmen am Montag in M\u00fcnchen "
        "mit.</p><p>Die Lieferungen beginnen im n\u00e4chsten Jahr.</p>"
    )
    path = tmp_path / "bmw.html"
    path.write_bytes(_page(body, head=f'<meta charset="{declared}">').encode("cp1252"))
    item = _one(path)
    assert isinstance(item, Article), item
    assert "k\u00fcnftig Batteriezellen von \u201eNorthvolt\u201c" in item.text
