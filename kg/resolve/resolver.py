"""`Resolver`: within-article keys -> global entity keys, with an audit trail.

Resolution is two steps, so that it does not depend on the order of the articles (issue 26):
1. `prepare` (per article, anywhere): cluster the article's mentions (`kg.resolve.cluster`) and
   say, per cluster, what it knows about its entity (`kg.resolve.table.Evidence`), in order of
   precedence (the first that applies wins):
   - an overrides `split` (a key of its own) or `merge` directive (into a key, or a name);
   - the gazetteer key the extractor found, or a gazetteer alias or a place of `kg.places`
     for one of its names (a pin: these keys are fixed without looking at other articles);
   - no name ("a new battery plant"): a thing of this article ("facility/<article id>/...");
   - otherwise its names, which meet the names of other articles' clusters in the table.
2. `assign` (per article, once the table has every article's evidence): each cluster becomes
   the entity its table component decided (`kg.resolve.table`).
`Resolver.resolve` does both for one article at a time against everything seen so far (the
interactive use); the build adds every article's evidence first (`observe`), then assigns.
Names are compared as exact folded forms only (plus the form with abbreviations spelled out,
`kg/resources/abbreviations.json`: "EV batteries" = "electric vehicle batteries"), so aliases
never merge "LG Chem" into "LG Energy Solution" by a shared prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
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
    fast_pickle,
)
from kg.names import clean, is_acronym, lookup_forms
from kg.resolve.cluster import ArticleEntities, Cluster, cluster_article
from kg.resolve.entities import described
from kg.resolve.index import Entity, article_scoped, compatible, name_forms, saved_entities
from kg.resolve.overrides import Overrides, is_key
from kg.resolve.table import Decision, EntityTable, Evidence, decide_alone, node

CROSS_ARTICLE = "alias evidence across articles"


@fast_pickle
@dataclass(frozen=True, slots=True)
class Slot:
    """One cluster's part in resolution: its evidence for the table, or the decision taken
    within the article (a thing only this article names), and why."""

    evidence: Evidence | None
    local: Decision | None
    why: str


@fast_pickle
@dataclass(frozen=True, slots=True)
class Prepared:
    """An article's clusters and their slots (same order): what `assign` needs besides the
    table. Picklable, so a Dask worker keeps it between the two steps."""

    extraction: Extraction
    entities: ArticleEntities
    slots: tuple[Slot, ...]

    def evidence(self) -> Iterable[Evidence]:
        return (s.evidence for s in self.slots if s.evidence is not None)


def prepare(
    extraction: Extraction, gazetteer: gaz.Gazetteer, overrides: Overrides | None = None
) -> Prepared:
    """Step 1 for one article: cluster its mentions and state each cluster's evidence."""
    overrides = overrides or Overrides()
    article = extraction.article
    lang = article.lang or "en"
    pool: dict[tuple[int, int, str], Mention] = {}
    for m in (*extraction.mentions, *(x for f in extraction.facts for x in (f.subject, f.object))):
        pool.setdefault((m.start, m.end, m.key), m)
    ents = cluster_article(article, list(pool.values()), gazetteer=gazetteer, overrides=overrides)
    used_local: set[str] = set()
    slots = tuple(
        _slot(c, article.id, lang, used_local, gazetteer, overrides) for c in ents.clusters
    )
    return Prepared(extraction, ents, slots)


Decided = tuple[tuple[Decision, str], ...]


def decide(prep: Prepared, table: EntityTable, overrides: Overrides | None = None) -> Decided:
    """What the table decides for each cluster of the article, and why: all `assign` takes
    from the table, so an article decided alike twice is assigned alike."""
    overrides = overrides or Overrides()
    return tuple(
        _decide(c, slot, table, overrides)
        for c, slot in zip(prep.entities.clusters, prep.slots, strict=True)
    )


def assign(
    prep: Prepared,
    table: EntityTable,
    overrides: Overrides | None = None,
    decided: Decided | None = None,
) -> Extraction:
    """Step 2 for one article: every cluster as the entity the table decided (`decided`, when
    the caller has it); facts whose sides did not resolve, or resolved to one entity, are
    dropped (and said so)."""
    extraction, ents = prep.extraction, prep.entities
    if decided is None:
        decided = decide(prep, table, overrides)
    decisions = list(extraction.decisions) + ents.decisions
    resolved: dict[int, Decision] = {}
    for c, (d, why) in zip(ents.clusters, decided, strict=True):
        resolved[id(c)] = d
        decisions.append(f"{_surface(c)} -> {d.key}: {why}")

    def convert(m: Mention) -> Mention | None:
        c = ents.cluster_at.get((m.start, m.end, m.key))
        if c is None:
            return None
        d = resolved[id(c)]
        # `dataclasses.replace` spelt out: it was a tenth of what assigning cost.
        return Mention(m.text, m.start, m.end, d.type, d.label, d.key, m.certainty, m.lang)

    pool: dict[tuple[int, int, str], Mention] = {}
    for m in (*extraction.mentions, *(x for f in extraction.facts for x in (f.subject, f.object))):
        pool.setdefault((m.start, m.end, m.key), m)
    mentions: dict[Mention, None] = {}  # in order, without repeats
    for m in sorted(pool.values(), key=lambda m: (m.start, m.end, m.key)):
        new = convert(m)
        if new is not None:
            mentions.setdefault(new, None)
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
        facts.append(
            Fact(
                f.article,
                s,
                f.predicate,
                o,
                f.modality,
                f.confidence,
                f.sentence,
                f.start,
                f.end,
                f.extractor,
                f.qualifiers,
            )
        )
    return described(
        Extraction(
            article=extraction.article,
            mentions=tuple(mentions),
            facts=tuple(facts),
            decisions=tuple(decisions),
        ),
        table.gazetteer,
    )


def _decide(
    c: Cluster, slot: Slot, table: EntityTable, overrides: Overrides
) -> tuple[Decision, str]:
    if slot.local is not None or slot.evidence is None:
        return slot.local or Decision("", "", c.type), slot.why
    ev = slot.evidence
    d = table.decide(ev)
    if ev.pin is None and any(overrides.refuses(n, d.key, d.label) for n in ev.names):
        # The component's entity is one a split directive refuses for one of these names.
        alone = decide_alone(replace(ev, claims=()), table.gazetteer)
        return alone, f"own entity: overrides refuse {d.key}"
    return d, slot.why


class Resolver:
    """`resolve` one article at a time (evidence of every article seen so far), or, for keys
    independent of the input order, `observe` every article and then `assign` each."""

    def __init__(
        self,
        *,
        gazetteer: gaz.Gazetteer | None = None,
        overrides: Overrides | None = None,
        known: Mapping[str, tuple[Any, ...]] | None = None,
        table: EntityTable | None = None,
    ) -> None:
        """`known`: key -> (label, type[, aliases]) of entities already in the store."""
        self.gazetteer = gazetteer if gazetteer is not None else gaz.load()
        self.overrides = overrides or Overrides()
        self.table = table if table is not None else EntityTable(self.gazetteer)
        for key, row in (known or {}).items():
            label, etype = row[0], row[1]
            aliases = row[2] if len(row) > 2 else ()
            self.remember(label, key, etype, [aliases] if isinstance(aliases, str) else aliases)

    # -- entities already known (the store's index) ---------------------------------------------
    def remember(
        self,
        label: str,
        key: str,
        type: str,
        aliases: Iterable[str] = (),
        *,
        claims: Iterable[str] | None = None,
        finds: Iterable[str] | None = None,
        pinned: bool = False,
    ) -> None:
        """Preload an entity (from the store's index, or an exported table): later articles
        that name it by any alias land on it. `claims`/`finds`: its table nodes as recorded
        (else made from its label and aliases); `pinned`: its key is fixed (an overrides key)."""
        self.table.add(remembered(label, key, type, aliases, claims, finds, pinned, self.gazetteer))

    def export_index(self) -> dict[str, list[dict[str, object]]]:
        """JSON-ready {"entities": [{key, label, type, aliases}]}, sorted by key."""
        return {
            "entities": [
                {"key": k, "label": label, "type": t, "aliases": list(a)}
                for k, label, t, a in self.entities()
            ]
        }

    def load_index(self, data: dict[str, list[dict[str, object]]]) -> None:
        for key, label, etype, aliases in saved_entities(data):
            self.remember(label, key, etype, aliases)

    def entities(self) -> Iterable[tuple[str, str, str, list[str]]]:
        """(key, label, type, aliases) of every entity resolved or remembered so far."""
        rows = {d.key: (d.label, d.type, sorted(p.names)) for d, p, _ in self.table.decisions()}
        for key in sorted(rows):
            label, etype, names = rows[key]
            yield key, label, etype, names

    @property
    def index(self) -> _IndexView:
        """The entities by key (`.entities[key].aliases`), as the alias index used to show."""
        return _IndexView({k: Entity(k, lab, t, a) for k, lab, t, a in self.entities()})

    # -- articles -------------------------------------------------------------------------------
    def prepare(self, extraction: Extraction) -> Prepared:
        return prepare(extraction, self.gazetteer, self.overrides)

    def observe(self, prep: Prepared) -> None:
        """Add one article's evidence to the table."""
        for ev in prep.evidence():
            self.table.add(ev)

    def decide(self, prep: Prepared) -> Decided:
        return decide(prep, self.table, self.overrides)

    def assign(self, prep: Prepared, decided: Decided | None = None) -> Extraction:
        return assign(prep, self.table, self.overrides, decided)

    def resolve(self, extraction: Extraction) -> Extraction:
        prep = self.prepare(extraction)
        self.observe(prep)
        return self.assign(prep)


@dataclass
class _IndexView:
    entities: dict[str, Entity]


def remembered(
    label: str,
    key: str,
    type: str,
    aliases: Iterable[str],
    claims: Iterable[str] | None,
    finds: Iterable[str] | None,
    pinned: bool,
    gazetteer: gaz.Gazetteer,
) -> Evidence:
    """A known entity as evidence: what the clusters it was made of said."""
    etype = type.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if etype not in TYPE_KEY_PREFIX:
        etype = TYPE_OF_KEY_PREFIX.get(key.split("/", 1)[0], etype)
    aliases = [a for a in aliases if a]
    if article_scoped(key):
        return Evidence(etype, label, names=tuple(aliases))  # no claim: never met again
    static = key in gazetteer.entries or places.by_key(key) is not None
    if claims is None:
        claims = _claims(etype, [label, *aliases])
    if finds is None:
        finds = () if (static or pinned) else _finds(etype, [label, *aliases], "en")
    return Evidence(
        etype,
        label,
        claims=tuple(claims),
        finds=tuple(finds),
        pin=key if (static or pinned) else None,
        names=tuple(dict.fromkeys([label, *aliases])),
    )


# -- one cluster's evidence ----------------------------------------------------------------------
def _slot(
    c: Cluster,
    article_id: str,
    lang: str,
    used_local: set[str],
    gazetteer: gaz.Gazetteer,
    overrides: Overrides,
) -> Slot:
    names = c.names()
    etype = c.type
    if c.split:
        name = names[0] if names else c.mentions[0].name
        pin = entity_key(etype, slug(name))
        return Slot(Evidence(etype, name, pin=pin, names=tuple(names)), None, "overrides split")
    target = overrides.merge_target(names)
    if target is not None:
        return _merged(c, names, target, lang, gazetteer, overrides)
    indexed = _index_names(names, gazetteer)
    if c.gaz_key:
        ev = Evidence(etype, _best(names) or None, _claims(etype, indexed), pin=c.gaz_key)
        return Slot(replace(ev, names=tuple(indexed)), None, "gazetteer")
    if not names:  # an unnamed facility ("a new battery plant"): this article's own
        name = SELF_NAME if c.local == SELF_KEY else c.mentions[0].name or "facility"
        base = entity_key(etype, article_id, slug(name) or "thing", default="facility")
        key, n = base, 2
        while key in used_local:
            key, n = f"{base}-{n}", n + 1
        used_local.add(key)
        return Slot(None, Decision(key, name, etype), "new thing of this article")
    hit = _static(names, etype, lang, gazetteer, overrides)
    if hit is not None:
        key, why = hit
        ev = Evidence(etype, None, _claims(etype, indexed), pin=key, names=tuple(indexed))
        return Slot(ev, None, why)
    ev = Evidence(
        etype,
        _best(names),
        _claims(etype, names),
        _finds(etype, names, lang),
        names=tuple(names),
    )
    return Slot(ev, None, CROSS_ARTICLE)


def _merged(
    c: Cluster,
    names: list[str],
    target: tuple[str, str],
    lang: str,
    gazetteer: gaz.Gazetteer,
    overrides: Overrides,
) -> Slot:
    """A cluster an overrides `merge` directive sends to a key, or to the entity of a name."""
    alias, canonical = target
    why = f"overrides merge of {alias!r} into {canonical!r}"
    etype = c.type
    claims = _claims(etype, names)
    if is_key(canonical):
        etype = TYPE_OF_KEY_PREFIX.get(canonical.split("/", 1)[0], etype)
        return Slot(Evidence(etype, None, claims, pin=canonical, names=tuple(names)), None, why)
    hit = _static([canonical], etype, lang, gazetteer, overrides)
    if hit is not None:
        return Slot(Evidence(etype, None, claims, pin=hit[0], names=tuple(names)), None, why)
    label = clean(canonical)
    ev = Evidence(
        etype,
        label,
        tuple(dict.fromkeys((*claims, *_claims(etype, [canonical])))),
        override=label,
        names=tuple(names),
    )
    return Slot(ev, None, why)


def _static(
    names: list[str], etype: str, lang: str, gazetteer: gaz.Gazetteer, overrides: Overrides
) -> tuple[str, str] | None:
    """A key fixed without the table: a gazetteer alias or a place of `kg.places` for one of
    the names (first name first)."""
    for n in names:
        for form in lookup_forms(n, lang=lang):
            entry = gazetteer.lookup(form)
            if (
                entry is not None
                and compatible(etype, entry.type)
                and not overrides.refuses(n, entry.key, entry.label)
            ):
                return entry.key, f"gazetteer alias {form!r}"
        place = _place(n, etype, lang)
        if place is not None and not overrides.refuses(n, place.key, place.label):
            return place.key, f"place {n!r} ({place.kind}, GeoNames {place.geonames})"
    return None


def _claims(etype: str, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(node(etype, f) for n in names for f in name_forms(n)))


def _finds(etype: str, names: Iterable[str], lang: str) -> tuple[str, ...]:
    """The looser forms of the names (legal and group words dropped, German genitives): they
    find an entity some article names so, and never name one themselves."""
    own = set(_claims(etype, names))
    out = (node(etype, f) for n in names for f in lookup_forms(n, lang=lang) if fold(f))
    return tuple(dict.fromkeys(x for x in out if x not in own))


def _best(names: list[str]) -> str:
    """This cluster's candidate name: its first long form (not an acronym), else its first."""
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


__all__ = ["Prepared", "Resolver", "assign", "fold", "prepare"]
