"""The organisation and country gazetteer, kept as data in `kg/resources/countries.json` and
`organizations.json` (read by `kg.resources`).

Shared by extraction (entity ruler patterns, nationality adjectives), resolution (alias -> key)
and both languages, so an alias seen in German lands on the same key as the English one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from kg import resources


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    type: str  # "Organization" | "Country"
    labels: dict[str, str]  # lang -> label ("en" always present)
    aliases: dict[str, tuple[str, ...]]  # lang -> surface forms
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kinds: tuple[str, ...] = ()  # what the organisation is ("automaker"), for back-references

    @property
    def label(self) -> str:
        return self.labels["en"]


@lru_cache(maxsize=1 << 16)  # called for every mention and alias: names repeat a lot
def fold(text: str) -> str:
    """Case-, diacritic- and punctuation-insensitive lookup form ("U.S." == "US")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").lower()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^0-9a-z]+", "", text)


class Gazetteer:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = {e.key: e for e in entries}
        self._alias: dict[str, str] = {}
        self._demonym: dict[str, str] = {}
        for e in entries:
            for forms in (*e.aliases.values(), tuple(e.labels.values())):
                for form in forms:
                    self._alias.setdefault(fold(form), e.key)
            for forms in e.demonyms.values():
                for form in forms:
                    self._demonym.setdefault(fold(form), e.key)

    def lookup(self, name: str) -> Entry | None:
        key = self._alias.get(fold(name))
        return self.entries[key] if key else None

    def demonym(self, adjective: str) -> Entry | None:
        """ "Chinese", "chinesischen", "US-" -> the country entry."""
        key = self._demonym.get(fold(adjective))
        return self.entries[key] if key else None

    def surface_forms(self, lang: str) -> list[tuple[str, Entry]]:
        """Every (alias, entry) for matching in text of `lang`; English forms match everywhere."""
        seen: set[tuple[str, str]] = set()
        out: list[tuple[str, Entry]] = []
        for e in self.entries.values():
            for lg in dict.fromkeys((lang, "en")):
                for form in (*e.aliases.get(lg, ()), e.labels.get(lg, e.label)):
                    if (form, e.key) not in seen:
                        seen.add((form, e.key))
                        out.append((form, e))
        return out


@lru_cache(maxsize=4)
def load(directory: str | None = None) -> Gazetteer:
    """The gazetteer of the shipped data (or of the two files in `directory`)."""
    entries = [
        Entry(c.key, "Country", dict(c.labels), dict(c.aliases), dict(c.demonyms))
        for c in resources.countries(directory)
    ]
    entries += [
        Entry(o.key, "Organization", {"en": o.label}, dict(o.aliases), kinds=o.kinds)
        for o in resources.organizations(directory)
    ]
    return Gazetteer(entries)
