"""Word lists by name: the word-list part of the one loader (`kg.resources`), which reads and
validates `kg/resources/words_<stage>.json`.

A list is named `"<stage>.<list>"` ("nlp.name_joiners", "extract.en_vague"): the stage prefix says
which file holds it, so each stage reads only its own data; a list of one language is named
`<lang>_<list>`. A misspelt name is a `ResourceError`, never an empty set that silently turns a
rule off.
"""

from __future__ import annotations

from functools import lru_cache

from kg.errors import ResourceError
from kg.resources import STAGES, word_lists, word_maps, words_file


def _split(name: str) -> tuple[str, str]:
    stage, _dot, key = name.partition(".")
    if stage not in STAGES or not key:
        raise ResourceError(
            f"unknown word list {name!r}: names read '<stage>.<list>' with a "
            f"stage among {', '.join(STAGES)}"
        )
    return stage, key


def word_list(name: str) -> tuple[str, ...]:
    """The list `name` ("nlp.name_joiners") in file order, spelling kept."""
    stage, key = _split(name)
    lists = word_lists(stage)
    if key not in lists:
        raise ResourceError(f"unknown word list {name!r}", path=str(words_file(stage)))
    return lists[key]


@lru_cache(maxsize=256)
def words(name: str, *, lower: bool = False) -> frozenset[str]:
    """The list `name` as a set (lower-cased if `lower`)."""
    items = word_list(name)
    return frozenset(w.lower() for w in items) if lower else frozenset(items)


def word_map(name: str) -> dict[str, str]:
    """The word map `name` ("resolve.en_kind_synonyms"): word -> word, in file order."""
    stage, key = _split(name)
    maps = word_maps(stage)
    if key not in maps:
        raise ResourceError(f"unknown word map {name!r}", path=str(words_file(stage)))
    return dict(maps[key])
