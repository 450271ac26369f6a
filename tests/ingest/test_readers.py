"""JSON Lines on real files: a bad line (any decode or Unicode error, a lone surrogate, deep
nesting, an endless line) is skipped as FILE:LINE with its reason and the good lines beside it
are kept; `date` is an alias of `published`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.ingest import read_paths
from kg.ingest.readers import MAX_LINE_BYTES
from kg.model import Article, Problem

GOOD = {
    "text": "Tesla will buy battery cells from Panasonic for its new factory in Nevada, the "
    "companies said on Monday. Deliveries start next year."
}
OTHER = {
    "text": "Siemens will buy turbines from Vestas for its new wind farm in Denmark, the "
    "companies said on Friday. The first turbines arrive in spring."
}

# Raw bytes of one bad line each, and the start of the reason it is skipped for.
BAD_LINES = {
    "lone surrogate in the text": (
        b'{"text": "GM buys \\ud800 cells from LG Energy Solution, the carmaker said."}',
        "field 'text' is not valid Unicode text (a lone surrogate U+D800 at character 9)",
    ),
    "lone low surrogate in the title": (
        b'{"text": "GM buys cells from LG Energy Solution, the carmaker said.", '
        b'"title": "GM \\udc80"}',
        "field 'title' is not valid Unicode text (a lone surrogate U+DC80 at character 4)",
    ),
    "invalid UTF-8": (
        b'{"text": "GM buys cells \xff\xfe from LG"}',
        "invalid UTF-8 (byte 25 of the line); JSON Lines must be UTF-8",
    ),
    "UTF-8 encoded surrogate": (b'{"text": "GM \xed\xa0\x80 buys"}', "invalid UTF-8 (byte 14"),
    "malformed JSON": (b'{"text": "GM buys cells",', "malformed JSON: "),
    "nested too deeply": (b"[" * 200_000 + b"]" * 200_000, "malformed JSON: nested too deeply"),
    "an integer too long to convert": (
        b'{"text": "GM buys cells", "n": ' + b"9" * 10_000 + b"}",
        "cannot read the line: ",
    ),
    "not an object": (b'["GM buys cells"]', "expected a JSON object, got list"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_bad_line_is_skipped_and_the_good_lines_beside_it_are_kept(
    tmp_path: Path, case: str, where: str
) -> None:
    bad, reason = BAD_LINES[case]
    good = [json.dumps(GOOD).encode(), json.dumps(OTHER).encode()]
    at = {"first": 0, "middle": 1, "last": 2}[where]
    lines = [*good[:at], bad, *good[at:]]
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_paths([path]))
    problems = [i for i in items if isinstance(i, Problem)]
    articles = [i for i in items if isinstance(i, Article)]
    assert len(problems) == 1 and problems[0].line == at + 1, problems
    assert problems[0].reason.startswith(reason), problems[0].reason
    assert str(problems[0]).startswith(f"{path}:{at + 1}: ")
    assert sorted(a.line for a in articles) == [n + 1 for n in range(3) if n != at]
    assert {a.text.split()[0] for a in articles} == {"Tesla", "Siemens"}


def test_a_line_longer_than_the_limit_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as fh:
        fh.write(b'{"text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}\n')
        fh.write(json.dumps(GOOD).encode() + b"\n")
    first, second = read_paths([path])
    assert isinstance(first, Problem) and first.line == 1
    assert first.reason.startswith(f"line too long (over {MAX_LINE_BYTES / 1e6:.1f} MB)")
    assert isinstance(second, Article) and second.line == 2


def test_date_is_an_alias_of_published_and_published_wins(tmp_path: Path) -> None:
    path = tmp_path / "dated.jsonl"
    lines = [
        {**GOOD, "date": "2024-03-05"},
        {**OTHER, "date": "2024-03-05", "published": "6 March 2024"},
        {**GOOD, "text": GOOD["text"] + " Both sides confirmed it.", "date": 20240305},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    first, second, third = read_paths([path])
    assert isinstance(first, Article) and first.published == "2024-03-05"
    assert isinstance(second, Article) and second.published == "2024-03-06"
    assert isinstance(third, Problem) and third.reason == "field 'date' must be a string, got int"


def test_a_gzip_body_named_jsonl_is_refused_by_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(gzip.compress(json.dumps(GOOD).encode() + b"\n"))
    (item,) = read_paths([path])
    assert isinstance(item, Problem)
    assert item.reason == "binary file (gzip-compressed data), not text; decompress it first"
