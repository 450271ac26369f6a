"""Content is judged by its bytes: real compressed bodies, archives and documents are named
by their magic numbers whatever the file is called; text that merely starts with the same
letters is text."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import zipfile
from pathlib import Path

import pytest

from kg.errors import IngestError
from kg.ingest import read_paths
from kg.ingest.decode import content_kind, decode_bytes
from kg.model import Problem

TEXT = (
    b"Tesla will buy battery cells from Panasonic for its new factory in Nevada, the "
    b"companies said on Monday. Deliveries start next year."
)


def _zip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("article.txt", data)
    return buf.getvalue()


BODIES = {
    "gzip-compressed data": gzip.compress(TEXT),
    "bzip2-compressed data": bz2.compress(TEXT),
    "xz-compressed data": lzma.compress(TEXT),
    "a ZIP archive or Office document": _zip(TEXT),
    "a PDF document": b"%PDF-1.7\n" + TEXT,
}


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_compressed_and_document_bodies_are_named(kind: str) -> None:
    assert content_kind(BODIES[kind][:16]) == kind
    with pytest.raises(IngestError, match="^" + re.escape(f"binary file ({kind}), not text;")):
        decode_bytes(BODIES[kind])


def test_empty_bzip2_stream_is_named_too() -> None:
    assert content_kind(bz2.compress(b"")) == "bzip2-compressed data"


@pytest.mark.parametrize(
    "text",
    [
        "PKW-Absatz steigt im März um zwölf Prozent, meldet das Kraftfahrt-Bundesamt.",
        "BZh1 is the name of the new battery line, the company said.",
        "7z is an archive format; GIF89a was an image format, said nobody in a news story.",
    ],
)
def test_text_starting_like_a_magic_number_is_text(text: str) -> None:
    assert content_kind(text.encode()[:16]) is None
    assert decode_bytes(text.encode()) == text


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
def test_a_gzip_body_is_refused_under_every_suffix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_bytes(BODIES["gzip-compressed data"])
    (item,) = read_paths([path])
    assert isinstance(item, Problem)
    wanted = "HTML" if suffix == ".html" else "text"
    assert item.reason == f"binary file (gzip-compressed data), not {wanted}; decompress it first"
