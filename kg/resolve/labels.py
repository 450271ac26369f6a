"""Which names an entity carries in the graph: its label and the surface forms a reader could
search for. A resolution decision (pronouns, descriptions, nationality adjectives and possessive
forms are mentions of an entity, never its names), so it is made here and handed to the rdf
stage as `Extraction.labels` (by `kg.resolve.entities.described`)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from kg import gazetteer as gaz
from kg import places
from kg.gazetteer import fold
from kg.mint import key_is
from kg.model import Label, Mention
from kg.names import clean, is_pronoun, squash
from kg.words import words

_DETERMINERS = words("resolve.label_determiners")


def entity_labels(
    mentions: Iterable[Mention], lang: str, gazetteer: gaz.Gazetteer | None = None
) -> tuple[Label, ...]:
    """The labels of every entity the mentions name, in mention order: gazetteer label (a
    country in each of its languages: "Vereinigte Staaten"@de; a place of kg.places in English
    and German) or the resolved name, then each
    distinct surface form that is a name."""
    g = gazetteer or gaz.load()
    out: list[Label] = []
    seen_alt: set[tuple[str, str]] = set()
    described: set[str] = set()
    aliases: dict[tuple[str, str, str], bool] = {}  # the facts' sides repeat the mentions
    for m in mentions:
        if m.key not in described:
            described.add(m.key)
            entry = g.entries.get(m.key)
            place = places.by_key(m.key)
            if place is not None:
                # A place of kg.places: its package names, one per language, so every article
                # graph gives the node the same labels ("München" seen in text is an altLabel).
                out.append(Label(m.key, place.label, "en"))
                if place.label_de:
                    out.append(Label(m.key, place.label_de, "de"))
            elif entry is not None and entry.type == "Country":
                out.extend(Label(m.key, lab, lg) for lg, lab in sorted(entry.labels.items()))
            else:
                out.append(Label(m.key, entry.label if entry is not None else m.name, "en"))
        surface = squash(m.text)
        if (m.key, surface) in seen_alt:
            continue
        alias = aliases.get((surface, m.key, m.name))
        if alias is None:
            alias = aliases[(surface, m.key, m.name)] = is_alias(surface, m, g)
        if alias:
            seen_alt.add((m.key, surface))
            out.append(Label(m.key, surface, m.lang or lang, alt=True))
    return tuple(out)


def is_alias(surface: str, m: Mention, g: gaz.Gazetteer) -> bool:
    """A name a reader could search for: not a description ("the automaker", "der Autobauer"),
    not a nationality adjective ("Japanese"), not a possessive form ("GM's", "GMs")."""
    if not surface or key_is(m.key, "Facility") or is_pronoun(surface):
        return False
    words = surface.split()
    if words[0].lower() in _DETERMINERS and len(words) > 1:
        return False
    if g.demonym(surface) is not None and g.lookup(surface) is None:
        return False
    for suffix in ("'s", "’s", "s"):
        stem = surface[: -len(suffix)]
        if (
            surface.endswith(suffix)
            and stem
            and (stem == m.name or (g.lookup(stem) is not None and g.lookup(surface) is None))
        ):
            return False
    return True


@lru_cache(maxsize=1 << 16)
def mention_names(text: str, name: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(fold, name) of the names one mention gives its cluster: its resolved name and its
    surface, unless a pronoun, a description or a word written in lower case that is not the
    name (a function word the pronoun list lacks: a name is a claim every other article's
    entity of that name joins, so one such word shared would join them all). Every phase of
    clustering asks for the names of every cluster again (a build did so 95 times an
    article)."""
    lower_word = text.islower() and fold(text) != fold(name)
    not_a_name = lower_word or is_pronoun(text) or _description(text, lang)
    surface = () if not_a_name else (clean(text),)
    return tuple((fold(n), squash(n)) for n in (clean(name), *surface))


def _description(text: str, lang: str = "en") -> bool:
    """ "The Paris-based firm": a definite description the extractor resolved to a name is no
    name of its own ("The Falic Group" is one: its head is capitalised). German nouns are all
    capitalised, but a German name mention never starts with its article ("die Lufthansa" is
    the mention "Lufthansa"), so a resolved "das Unternehmen" is told by its determiner."""
    parts = text.split()
    if len(parts) > 1 and lang == "de":
        return parts[0].lower() in _DE_DETERMINERS
    return len(parts) > 1 and parts[0].lower() in {"the", "this", "that"} and parts[-1].islower()


_DE_DETERMINERS = frozenset(
    {"der", "die", "das", "den", "dem", "des", "dieser", "diese", "dieses", "diesen", "diesem"}
)
