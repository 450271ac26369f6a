"""A Markdown file too big to hold one article is refused before it is parsed (real file)."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import read_paths
from kg.ingest.markup import MAX_MARKDOWN_CHARS
from kg.model import Article, Problem

PARAGRAPH = "Tesla will buy battery cells from Panasonic for its new factory in Nevada.\n\n"


def test_a_markdown_file_past_the_limit_is_refused_and_the_next_is_read(tmp_path: Path) -> None:
    big = tmp_path / "a_big.md"
    big.write_text("# Title\n\n" + PARAGRAPH * (MAX_MARKDOWN_CHARS // len(PARAGRAPH) + 1))
    (tmp_path / "b_good.md").write_text("# Tesla buys cells\n\n" + PARAGRAPH * 2)
    first, second = read_paths([tmp_path])
    assert isinstance(first, Problem) and first.path == str(big)
    assert first.reason == (
        f"Markdown file too large for one article ({len(big.read_text()) / 1e6:.1f} M "
        f"characters > {MAX_MARKDOWN_CHARS / 1e6:.1f} M limit per file)"
    )
    assert isinstance(second, Article) and second.title == "Tesla buys cells"
