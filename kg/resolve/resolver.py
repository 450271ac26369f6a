"""`Resolver`: within-article keys -> global entity keys, with an audit trail.

Order of evidence for one article entity (first that applies wins):
1. an overrides `merge` directive for one of its names;
2. the gazetteer key the extractor found (or a gazetteer alias of one of its names);
3. the alias index: names seen in earlier articles (this build) or remembered from the store;
4. a new key: "<type>/<slug of the canonical name>"; facilities without a name are scoped to
   their article ("facility/<article id>/battery-plant").
Names are compared as exact folded forms only (plus the form with abbreviations spelled out,
`kg/resources/abbreviations.json`: "EV batteries" = "electric vehicle batteries"), so aliases
accumulate without ever merging "LG Chem" into "LG Energy Solution" by a shared prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from kg import gazetteer as gaz
from kg import places
from kg.gazetteer import fold
from kg.mint import entity_key, slug
from kg.model import (
    REF_KEY,
    SELF_KEY,
    SELF_NAME,
    TYPE_KEY_PREFIX,
    TYPE_OF_KEY_PREFIX,
    Extraction,
    Fact,
    Mention,
)
from kg.names import clean, is_acronym, lookup_forms
from kg.resolve.cluster import Cluster, cluster_article
from kg.resolve.entities import described
from kg.resolve.index import AliasIndex, compatible
from kg.resolve.overrides import Overrides, is_key, name_fold


class Resolver:
    """Stateful across articles: feed articles in a fixed order to get the same keys."""

    def __init__(
        self,
        *,
        gazetteer: gaz.Gazetteer | None = None,
        overrides: Overrides | None = None,
        known: Mapping[str, tuple[Any, ...]] | None = None,
    ) -> None:
        """`known`: key -> (label, type[, aliases]) of entities already in the store."""
        self.gazetteer = gazetteer if gazetteer is not None else gaz.load()
        self.overrides = overrides or Overrides()
        self.index = AliasIndex()
        for key, row in (known or {}).items():
            label, etype = row[0], row[1]
            aliases = row[2] if len(row) > 2 else ()
            self.remember(label, key, etype, [aliases] if isinstance(aliases, str) else aliases)

    # -- the persistent index ---------------------------------------------------------------
    def remember(self, label: str, key: str, type: str, aliases: Iterable[str] = ()) -> None:
        """Preload an entity (from the store: rdfs:label, rdf:type, skos:altLabel) so later
        articles that name it by any alias land on `key`."""
        etype = type.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if etype not in TYPE_KEY_PREFIX:
            etype = TYPE_OF_KEY_PREFIX.get(key.split("/", 1)[0], etype)
        self.index.add(key, label, etype, aliases)

    def export_index(self) -> dict[str, list[dict[str, object]]]:
        """JSON-ready {"entities": [{key, label, type, aliases}]}, sorted by key."""
        return self.index.export()

    def load_index(self, data: dict[str, list[dict[str, object]]]) -> None:
        self.index.load(data)

    def entities(self) -> Iterable[tuple[str, str, str, list[str]]]:
        """(key, label, type, aliases) of every entity resolved or remembered so far."""
        for e in sorted(self.index.entities.values(), key=lambda e: e.key):
            yield e.key, e.label, e.type, list(e.aliases)

    # -- one article ------------------------------------------------------------------------
    def resolve(self, extraction: Extraction) -> Extraction:
        article = extraction.article
        lang = article.lang or "en"
        pool: dict[tuple[int, int, str], Mention] = {}
        for m in (
            *extraction.mentions,
            *(x for f in extraction.facts for x in (f.subject, f.object)),
        ):
            pool.setdefault((m.start, m.end, m.key), m)
        ents = cluster_article(
            article, list(pool.values()), gazetteer=self.gazetteer, overrides=self.overrides
        )
        decisions = list(extraction.decisions) + ents.decisions
        used_local: set[str] = set()
        resolved: dict[int, tuple[str, str, str]] = {}  # id(cluster) -> key, label, type
        for c in ents.clusters:
            key, label, etype, why = self._global(c, article.id, lang, used_local)
            resolved[id(c)] = (key, label, etype)
            decisions.append(f"{_surface(c)} -> {key}: {why}")

        def convert(m: Mention) -> Mention | None:
            c = ents.cluster_at.get((m.start, m.end, m.key))
            if c is None:
                return None
            key, label, etype = resolved[id(c)]
            return replace(m, key=key, name=label, type=etype)

        mentions: list[Mention] = []
        for m in sorted(pool.values(), key=lambda m: (m.start, m.end, m.key)):
            new = convert(m)
            if new is not None and new not in mentions:
                mentions.append(new)
        facts: list[Fact] = []
        for f in extraction.facts:
            s, o = convert(f.subject), convert(f.object)
            if s is None or o is None:
                bad = f.subject if s is None else f.object
                decisions.append(
                    f"dropped fact {f.subject.text!r} {f.predicate} "
                    f"{f.object.text!r}: {bad.text!r} unresolved"
                )
                continue
            if s.key == o.key:
                decisions.append(
                    f"dropped fact {f.subject.text!r} {f.predicate} "
                    f"{f.object.text!r}: both sides are {s.key}"
                )
                continue
            facts.append(replace(f, subject=s, object=o))
        return described(
            Extraction(
                article=article,
                mentions=tuple(mentions),
                facts=tuple(facts),
                decisions=tuple(decisions),
            ),
            self.gazetteer,
        )

    # -- one entity -------------------------------------------------------------------------
    def _global(
        self, c: Cluster, article_id: str, lang: str, used_local: set[str]
    ) -> tuple[str, str, str, str]:
        names = c.names()
        etype = c.type
        if c.split:
            name = names[0] if names else c.mentions[0].name
            key = self._fresh(entity_key(etype, slug(name)), name)
            self.index.add(key, name, etype, names)
            return key, self.index.entities[key].label, etype, "overrides split"
        target = self.overrides.merge_target(names)
        if target is not None:
            alias, canonical = target
            key, label, etype = self._target(canonical, etype, lang)
            self.index.add(key, label, etype, names)
            return key, label, etype, f"overrides merge of {alias!r} into {canonical!r}"
        if c.gaz_key:
            key = c.gaz_key
            entry = self.gazetteer.entries.get(key)
            if entry is not None:
                label, etype = entry.label, entry.type
            elif key in self.index.entities:
                label, etype = self.index.entities[key].label, self.index.entities[key].type
            else:
                label = _best(names) or c.mentions[0].name
                etype = TYPE_OF_KEY_PREFIX.get(key.split("/", 1)[0], etype)
            self.index.add(key, label, etype, _index_names(names, self.gazetteer))
            return key, label, etype, "gazetteer"
        if not names:  # an unnamed facility ("a new battery plant"): this article's own
            name = SELF_NAME if c.local == SELF_KEY else c.mentions[0].name or "facility"
            base = entity_key(etype, article_id, slug(name) or "thing", default="facility")
            key, n = base, 2
            while key in used_local:
                key, n = f"{base}-{n}", n + 1
            used_local.add(key)
            self.index.add(key, name, etype, ())
            return key, name, etype, "new thing of this article"
        hit = self._lookup(names, etype, lang)
        if hit is not None:
            key, why = hit
            ent = self.index.entities.get(key)
            entry = self.gazetteer.entries.get(key)
            place = places.by_key(key)
            label = (
                entry.label
                if entry
                else place.label
                if place
                else ent.label
                if ent
                else _best(names)
            )
            etype = entry.type if entry else place.type if place else ent.type if ent else etype
            self.index.add(key, label, etype, _index_names(names, self.gazetteer))
            return key, label, etype, why
        label = _best(names)
        key = self._fresh(entity_key(etype, slug(label) or "x"), label)
        self.index.add(key, label, etype, names)
        return key, label, etype, "new entity"

    def _lookup(self, names: list[str], etype: str, lang: str) -> tuple[str, str] | None:
        for n in names:
            for form in lookup_forms(n, lang=lang):
                entry = self.gazetteer.lookup(form)
                if (
                    entry is not None
                    and compatible(etype, entry.type)
                    and not self.overrides.refuses(n, entry.key, entry.label)
                ):
                    return entry.key, f"gazetteer alias {form!r}"
            place = _place(n, etype, lang)
            if place is not None and not self.overrides.refuses(n, place.key, place.label):
                return place.key, f"place {n!r} ({place.kind}, GeoNames {place.geonames})"
            key = self.index.find(n, etype, lang=lang)
            if key is not None and not self.overrides.refuses(
                n, key, self.index.entities[key].label
            ):
                return key, f"known alias {n!r} (earlier article or store)"
        return None

    def _target(self, canonical: str, etype: str, lang: str) -> tuple[str, str, str]:
        if is_key(canonical):
            entry = self.gazetteer.entries.get(canonical)
            ent = self.index.entities.get(canonical)
            if entry is not None:
                return canonical, entry.label, entry.type
            if ent is not None:
                return canonical, ent.label, ent.type
            tail = canonical.rsplit("/", 1)[-1].replace("-", " ")
            return canonical, tail, TYPE_OF_KEY_PREFIX.get(canonical.split("/", 1)[0], etype)
        hit = self._lookup([canonical], etype, lang)
        if hit is not None:
            key = hit[0]
            entry = self.gazetteer.entries.get(key)
            ent = self.index.entities.get(key)
            label = entry.label if entry else ent.label if ent else canonical
            return key, label, entry.type if entry else ent.type if ent else etype
        label = clean(canonical)
        key = self._fresh(entity_key(etype, slug(label)), label)
        return key, label, etype

    def _fresh(self, key: str, label: str) -> str:
        """`key`, or key-2, key-3 ... if another entity (another name) already owns it."""
        out, n = key, 2
        while out in self.index.entities and name_fold(self.index.entities[out].label) != name_fold(
            label
        ):
            out, n = f"{key}-{n}", n + 1
        return out


def _best(names: list[str]) -> str:
    """Canonical name: the first long form (not an acronym), else the first name."""
    for n in names:
        if not is_acronym(n):
            return n
    return names[0] if names else ""


def _place(name: str, etype: str, lang: str) -> places.Place | None:
    """A country, region or city of kg.places for a mention typed as one: English and German
    names of one place ("Munich", "München") get one key and its GeoNames identity."""
    if etype not in ("Country", "Place"):
        return None
    return places.lookup(name, lang)


def _index_names(names: list[str], gazetteer: gaz.Gazetteer) -> list[str]:
    # Demonyms ("Japanese") identify a country only as adjectives; keep them out of the index.
    return [n for n in names if gazetteer.demonym(n) is None]


def _surface(c: Cluster) -> str:
    forms: list[str] = []
    for m in c.mentions:
        if m.text not in forms and not m.key.startswith(REF_KEY):
            forms.append(m.text)
    return "/".join(repr(f) for f in forms[:4]) or repr(c.mentions[0].text)


__all__ = ["Resolver", "fold"]
