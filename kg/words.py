"""Word lists, kept as data in `kg/resources/words_<stage>.json` and read through one loader.

A list is named `"<stage>.<list>"` ("nlp.name_joiners", "extract.en_vague"): the stage prefix says
which file holds it, so each stage reads only its own data. `words(name)` validates as it loads: a
misspelt name or a malformed file is a `ResourceError`, never an empty set that silently turns a
rule off.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from kg.errors import ResourceError
from kg.paths import RESOURCES

STAGES = ("ingest", "nlp", "extract", "resolve", "names")


def words_file(stage: str) -> Path:
    return RESOURCES / f"words_{stage}.json"


@lru_cache(maxsize=len(STAGES))
def _lists(stage: str) -> dict[str, tuple[str, ...]]:
    path = words_file(stage)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read word lists: {exc}", path=str(path)) from None
    if not isinstance(raw, dict):
        raise ResourceError("word lists must be a JSON object of lists", path=str(path))
    out: dict[str, tuple[str, ...]] = {}
    for name, items in raw.items():
        if name.startswith("_"):  # "_doc" and other comments
            continue
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(w, str) and w.strip() for w in items)
        ):
            raise ResourceError(
                f"word list {name!r} must be a non-empty list of words", path=str(path)
            )
        out[name] = tuple(items)
    return out


def word_list(name: str) -> tuple[str, ...]:
    """The list `name` ("nlp.name_joiners") in file order, spelling kept."""
    stage, _dot, key = name.partition(".")
    if stage not in STAGES or not key:
        raise ResourceError(
            f"unknown word list {name!r}: names read '<stage>.<list>' with a "
            f"stage among {', '.join(STAGES)}"
        )
    lists = _lists(stage)
    if key not in lists:
        raise ResourceError(f"unknown word list {name!r}", path=str(words_file(stage)))
    return lists[key]


@lru_cache(maxsize=256)
def words(name: str, *, lower: bool = False) -> frozenset[str]:
    """The list `name` as a set (lower-cased if `lower`)."""
    items = word_list(name)
    return frozenset(w.lower() for w in items) if lower else frozenset(items)
