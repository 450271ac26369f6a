"""Bytes -> text, or a one-line reason why the bytes are not an article.

Content is judged by its bytes, not its name: compressed data, archives, documents and images
are recognised by their magic numbers (`content_kind`) and refused as what they are, whatever
the suffix says (a gzip body named `.html` is never inflated: decompress it first, knowingly).

Order of attempts: a BOM (UTF-8, UTF-16) is trusted; a NUL byte outside UTF-16 means binary;
then strict UTF-8; then Windows-1252 and Latin-1, accepted only when the result looks like text
(few control characters). Windows-1252 comes before Latin-1 because Western "Latin-1" files from
Windows editors use its curly quotes and dashes (0x80-0x9F), which Latin-1 would turn into
invisible C1 control characters. A successful fallback is silent: the decoded text is complete,
nothing was dropped, so there is nothing to report.
"""

from __future__ import annotations

import codecs
import re

from kg.errors import IngestError

# C0 controls except tab/newline/carriage return/form feed, DEL and C1 controls: legitimate text
# has (almost) none; binary data decoded as Latin-1 is full of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SNIFF = 8192
_MAX_CONTROL_SHARE = 0.01


# Magic numbers at the start of a file, and what the file then is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (OLE)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# bzip2: "BZh", the block size digit, then the magic of a block (pi) or of the end (sqrt(pi)).
_BZIP2 = re.compile(rb"BZh[1-9](?:\x31\x41\x59\x26\x53\x59|\x17\x72\x45\x38\x50\x90)")


def content_kind(head: bytes) -> str | None:
    """What the first bytes of a file say it is, when that is not text ("gzip-compressed
    data"); None for anything else."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if _BZIP2.match(head):
        return "bzip2-compressed data"
    return None


def check_content(head: bytes, wanted: str = "text") -> None:
    """IngestError naming what the file is when its magic number says it is not `wanted`."""
    kind = content_kind(head)
    if kind is not None:
        hint = "decompress it first" if "compressed" in kind else "convert it first"
        raise IngestError(f"binary file ({kind}), not {wanted}; {hint}")


def looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def _sane(text: str) -> bool:
    if not text:
        return True
    return len(_CONTROL.findall(text)) <= _MAX_CONTROL_SHARE * len(text)


def decode_bytes(data: bytes) -> str:
    """Decode file content; raise IngestError with the reason when it is not text."""
    check_content(data[:16])
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IngestError(
                f"invalid UTF-8 after a UTF-8 byte-order mark (byte offset {exc.start})"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError("invalid UTF-16 text") from None
    if looks_binary(data):
        raise IngestError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _sane(text):
            return text
        raise IngestError("binary file (control characters), not text")
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _sane(text):
            return text
    raise IngestError("cannot decode as text (not UTF-8, Windows-1252 or Latin-1; binary?)")
