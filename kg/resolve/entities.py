"""Which nodes an article's graph describes, and what resolution knows of each beyond its
names: its type and, for a country, region or city of `kg.places`, its GeoNames IRI and ISO 3166
code. Decided here and handed on the `Extraction` (`entities`, and `labels` from
`kg.resolve.labels`): the rdf stage writes them as they are, and the store's index takes its rows
(type, label, aliases) from the same values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg import gazetteer as gaz
from kg import places
from kg.model import Entity, Extraction, Mention
from kg.resolve.labels import entity_labels


def is_resolved(m: Mention) -> bool:
    """Only globally keyed mentions become nodes; within-article keys (name:, ref:, new:) mean
    the resolver could not place the mention, and it is left out rather than guessed."""
    return ":" not in m.key.split("/", 1)[0]


def entities(mentions: Iterable[Mention]) -> tuple[Entity, ...]:
    """One entity per resolved key, in mention order, typed as its first mention."""
    out: list[Entity] = []
    seen: set[str] = set()
    for m in mentions:
        if m.key in seen or not is_resolved(m):
            continue
        seen.add(m.key)
        place = places.by_key(m.key)
        if place is None:
            out.append(Entity(m.key, m.type))
        else:  # resolution gave it the key of a place: it joins data outside the graph
            iso = place.iso if place.kind == "country" else None
            out.append(Entity(m.key, m.type, place.iri, iso or None))
    return tuple(out)


def described(extraction: Extraction, gazetteer: gaz.Gazetteer | None = None) -> Extraction:
    """The extraction with the entities its mentions and facts name and their labels: every
    entity has a label in English (`kg.resolve.labels.entity_labels`)."""
    used = [*extraction.mentions, *(x for f in extraction.facts for x in (f.subject, f.object))]
    lang = extraction.article.lang or "en"
    return replace(extraction, entities=entities(used), labels=entity_labels(used, lang, gazetteer))


__all__ = ["described", "entities", "is_resolved"]
