"""Bytes -> text, or a one-line reason why the bytes are not an article.

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
