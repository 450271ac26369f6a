"""Entity resolution: within-article keys -> global entity keys, aliases accumulated across
articles, researcher overrides (`--aliases FILE`, docs/aliases.md). spaCy-free."""

from __future__ import annotations

from kg.mint import slug
from kg.names import acronym_of, clean, is_acronym, same_name, strip_legal
from kg.resolve.overrides import Overrides, load_overrides, parse_overrides
from kg.resolve.resolver import Resolver

__all__ = [
    "Overrides",
    "Resolver",
    "acronym_of",
    "clean",
    "is_acronym",
    "load_overrides",
    "parse_overrides",
    "same_name",
    "slug",
    "strip_legal",
]
