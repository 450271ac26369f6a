"""Language identification with lingua, restricted to a few European languages.

Restricting the candidates keeps loading fast (lingua loads one model per language, lazily) and
makes the common confusions among them explicit; a French or Spanish article is recognised as
such and reported, not misread as English. lingua is imported on first use only, so
`import kg.ingest` stays light.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

SUPPORTED = ("en", "de")
CANDIDATES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl")
_SAMPLE_CHARS = 4000  # plenty for a confident guess; keeps huge articles cheap


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in CANDIDATES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when lingua cannot tell."""
    language = _detector().detect_language_of(text[:_SAMPLE_CHARS])
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()


def normalise_code(code: str) -> str:
    """'EN', 'en-US', 'de_DE' -> 'en', 'de'."""
    return code.strip().replace("_", "-").split("-", 1)[0].lower()
