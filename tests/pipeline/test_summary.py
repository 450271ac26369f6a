"""The build summary groups skipped items by reason: a junk JSONL of thousands of bad lines is
reported in a few lines, with counts and the first few of each kind."""

from __future__ import annotations

import json
from pathlib import Path

from kg.ingest import read_paths
from kg.pipeline.build import BuildReport


def test_skipped_items_are_grouped_by_reason_with_counts(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jsonl"
    junk.write_text(
        "\n".join(["not json"] * 5000 + [json.dumps({"x": 1})] * 300 + ['{"text": ""}'] * 2) + "\n",
        encoding="utf-8",
    )
    problems = list(read_paths([junk]))
    assert len(problems) == 5302
    summary = BuildReport(store="s", problems=problems).summary()
    lines = summary.splitlines()
    assert len(lines) < 25
    assert "5302 skipped" in lines[1]
    assert lines[2] == "  skipped  5000 × malformed JSON: Expecting value"
    assert lines[3].endswith("junk.jsonl:1: malformed JSON: Expecting value (column 1)")
    assert "… and 4997 more" in summary
    assert "  skipped  300 × missing required field 'text'" in lines
    assert "  skipped  2 × empty article" in lines
    assert "… and" not in summary.split("2 × empty article")[1]  # all shown when few
