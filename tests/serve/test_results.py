"""Answers written as they come (kg.serve.results): in memory while small, then to a file; limits
on rows and bytes stop the writing the moment they are passed."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import ResultTooLarge, TooManyResults
from kg.serve.results import Spool, limited, write_solutions


def _rows(n: int) -> ox.QuerySolutions:
    values = " ".join(f'"{i:06d}"' for i in range(n))
    return ox.Store().query(f"SELECT ?x {{ VALUES ?x {{ {values} }} }}")


def test_a_small_answer_stays_in_memory_and_a_large_one_goes_to_a_file(tmp_path: Path) -> None:
    small = Spool(str(tmp_path), None)
    write_solutions(["x"], limited(_rows(3), 10), "csv", small)
    assert small.close() == {"body": b"x\r\n000000\r\n000001\r\n000002\r\n"}
    large = Spool(str(tmp_path), None)
    write_solutions(["x"], limited(_rows(20_000), 100_000), "json", large)
    reply = large.close()
    path = Path(reply["spool"])
    assert path.parent == tmp_path and path.stat().st_size == reply["size"] > Spool.INLINE
    expected = _rows(20_000).serialize(format=ox.QueryResultsFormat.JSON)
    assert ox.parse_query_results(path.read_bytes(), ox.QueryResultsFormat.JSON).variables == (
        ox.parse_query_results(expected, ox.QueryResultsFormat.JSON).variables
    )
    assert path.read_bytes().count(b'"type":"literal"') == 20_000


def test_limits_stop_the_writing_and_remove_the_file(tmp_path: Path) -> None:
    spool = Spool(str(tmp_path), None)
    with pytest.raises(TooManyResults, match="more than 5000 results"):
        write_solutions(["x"], limited(_rows(20_000), 5000), "xml", spool)
    spool.discard()
    spool = Spool(str(tmp_path), 100_000)
    with pytest.raises(ResultTooLarge, match="more than 100,000 bytes"):
        write_solutions(["x"], limited(_rows(20_000), 100_000), "tsv", spool)
    spool.discard()
    assert list(tmp_path.iterdir()) == []
    # Without a directory (a read-write worker's stats), everything stays in memory.
    out = io.BytesIO()
    write_solutions(["x"], _rows(2), "tsv", out)
    assert out.getvalue() == b'?x\n"000000"\n"000001"\n'
