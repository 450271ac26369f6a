"""Plugins looked up by `(kind, name)`, as rdflib does, with versioned names as spaCy does.

Kinds used: "reader" (file suffix -> reader), "extractor" ("kg.extract.svo.v1"), "format"
(export/query serialisations). Registration happens when the defining module is imported, so
`get` imports the stage package that owns the kind first.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

from kg.errors import KGError

T = TypeVar("T", bound=Callable[..., Any])

_REGISTRY: dict[tuple[str, str], Callable[..., Any]] = {}
_OWNERS = {"reader": "kg.ingest", "extractor": "kg.extract"}


def register(kind: str, name: str) -> Callable[[T], T]:
    def deco(func: T) -> T:
        _REGISTRY[(kind, name)] = func
        return func

    return deco


def get(kind: str, name: str) -> Callable[..., Any]:
    owner = _OWNERS.get(kind)
    if owner:
        importlib.import_module(owner)
    try:
        return _REGISTRY[(kind, name)]
    except KeyError:
        known = ", ".join(sorted(n for k, n in _REGISTRY if k == kind)) or "none"
        raise KGError(f"no {kind} named {name!r} (known: {known})") from None


def names(kind: str) -> list[str]:
    owner = _OWNERS.get(kind)
    if owner:
        importlib.import_module(owner)
    return sorted(n for k, n in _REGISTRY if k == kind)
