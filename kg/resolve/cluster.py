"""Within one article: which mentions denote the same entity.

Inputs are the extractor's within-article keys (gazetteer key, "name:<fold>", "ref:<start>",
"new:<start>"). On top of them this module
- joins an acronym with its long form: "General Motors (GM)" (the acronym in brackets right
  after a mention) or, failing that, initials that spell the acronym, when exactly one long
  form in the article does;
- joins a name with its possessive written without the apostrophe ("McDonald's", "McDonalds");
- resolves back-references ("the automaker", "the plant") to the nearest preceding compatible
  entity, but only when that choice is unambiguous; otherwise the reference stays unresolved
  and the resolver drops the facts that depend on it. "The company" with no organisation named
  before it is the article's own organisation (`kg.model.SELF_KEY`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.gazetteer import Gazetteer, fold
from kg.model import LOCAL_KEYS, NEW_KEY, REF_KEY, SELF_KEY, SPLIT_KEY, Article, Mention
from kg.names import (
    acronym_of,
    clean,
    is_acronym,
    lookup_forms,
    paren_acronym,
    spelled_out,
)
from kg.resolve.index import compatible
from kg.resolve.labels import mention_names
from kg.resolve.overrides import Overrides, name_fold
from kg.resources import alias_cues
from kg.words import word_map, words

_AFTER_ACRONYM = re.compile(r"^\s*\(\s*([^()\s,;:]{2,12})\s*\)")


@lru_cache(maxsize=1)
def _other_name_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "(formerly X)" / ", formerly X," and "(NYSE: XYZ)" right after a name; cues are data."""
    cues = alias_cues()
    former = "|".join(re.escape(c) for c in sorted(cues["former_name"], key=len, reverse=True))
    name = r"([A-Z0-9][^(),;]*?(?:\([^()]*\)[^(),;]*?)?)"  # one level of brackets: "(UK) Ltd"
    formerly = re.compile(
        rf"^\s*(?:\(\s*(?:{former})\s+(?:the\s+)?{name}\s*\)"
        rf"|,\s*(?:{former})\s+(?:the\s+)?{name}\s*[,;)])"
    )
    exchanges = "|".join(re.escape(c) for c in sorted(cues["exchanges"], key=len, reverse=True))
    ticker = re.compile(rf"^\s*\(\s*(?:{exchanges})\s*:\s*([A-Z0-9][A-Z0-9.\-]{{0,9}})\s*[);]")
    return formerly, ticker


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“„(]?[A-ZÄÖÜ0-9])|\n\s*\n?")
WINDOW_SENTENCES = 2  # a back-reference looks this many sentences back before the whole text

# Kind nouns of back-references ("the car maker", "der Autobauer") mapped onto the gazetteer's
# (English) `kind` vocabulary.
KIND_SYNONYMS = {**word_map("resolve.en_kind_synonyms"), **word_map("resolve.de_kind_synonyms")}
# Heads that any organisation answers to: ambiguous as soon as two organisations precede.
GENERIC_KINDS = words("resolve.generic_kinds")


@dataclass
class Cluster:
    """Mentions that denote one entity in this article."""

    local: str  # the first within-article key (stable name for the cluster)
    type: str
    mentions: list[Mention] = field(default_factory=list)
    gaz_key: str | None = None  # a global key the extractor already knew (gazetteer)
    aliases: list[str] = field(default_factory=list)  # extra names (acronyms in brackets)
    split: bool = False  # an overrides `split` directive made this its own entity
    # `names` as last made, and from what: clustering asks every cluster's names again for
    # each pair it compares (a fifth of `prepare`).
    _names: tuple = field(default=(), init=False, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_names"}

    @property
    def first(self) -> int:
        return self.mentions[0].start

    def names(self) -> list[str]:
        """Clean names, document order, no duplicates (by fold); made again once a mention or
        an alias was added, replaced or moved."""
        ms, aliases, memo = self.mentions, self.aliases, self._names
        # Copies compared by value (an unchanged item passes by identity, cheaply): a list
        # changed in place (an item replaced, the list sorted) is seen, not only one grown.
        if memo and memo[0] == ms and memo[1] == aliases:
            return list(memo[2])
        seen: set[str] = set()
        out: list[str] = []
        for m in ms:
            if m.key.startswith((REF_KEY, NEW_KEY)):
                continue
            for f, n in mention_names(m.text, m.name, m.lang):
                if f and f not in seen:
                    seen.add(f)
                    out.append(n)
        for a in aliases:
            if fold(a) not in seen:
                seen.add(fold(a))
                out.append(a)
        self._names = (list(ms), list(aliases), tuple(out))
        return out

    def folds(self) -> set[str]:
        return {fold(n) for n in self.names()}


@dataclass
class ArticleEntities:
    clusters: list[Cluster]  # in order of first mention
    cluster_at: dict[tuple[int, int, str], Cluster]  # (start, end, extractor key) -> cluster
    unresolved: dict[str, str]  # ref key -> reason
    decisions: list[str]


def sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        while self.parent.get(k, k) != k:
            k = self.parent[k]
        return k

    def join(self, keep: str, other: str) -> None:
        self.parent[self.find(other)] = self.find(keep)


def _is_local(key: str) -> bool:
    return key.startswith(LOCAL_KEYS)


def _kind(name: str) -> str:
    low = " ".join(name.lower().split())
    return KIND_SYNONYMS.get(low, low)


def cluster_article(
    article: Article, mentions: list[Mention], *, gazetteer: Gazetteer, overrides: Overrides
) -> ArticleEntities:
    return _Clustering(article, gazetteer, overrides).run(mentions)


class _Clustering:
    """One article's clustering: the mentions grouped by extractor key, then one method per
    phase, each joining clusters through the shared union-find (`join`)."""

    def __init__(self, article: Article, gazetteer: Gazetteer, overrides: Overrides) -> None:
        self.text = article.text
        self.lang = article.lang or "en"
        self.gazetteer = gazetteer
        self.overrides = overrides
        self.decisions: list[str] = []
        self.by_key: dict[str, Cluster] = {}
        self.refs: list[Mention] = []
        self.local_of: dict[tuple[int, int, str], str] = {}
        self.uf = _Union()
        self.order: list[str] = []

    def run(self, mentions: list[Mention]) -> ArticleEntities:
        self.group(mentions)
        self.bracket_acronyms()
        self.other_names()
        self.initialisms()
        self.spelled_out()
        self.apostrophe_free()
        roots = {k: self.root(k) for k in self.order}
        clusters = sorted({id(c): c for c in roots.values()}.values(), key=lambda c: c.first)
        cluster_at = {origin: roots[k] for origin, k in self.local_of.items()}
        unresolved = self.back_references(clusters, cluster_at)
        return ArticleEntities(clusters, cluster_at, unresolved, self.decisions)

    # -- the union-find over clusters ----------------------------------------------------------
    def root(self, key: str) -> Cluster:
        return self.by_key[self.uf.find(key)]

    @staticmethod
    def can_join(a: Cluster, b: Cluster) -> bool:
        if a is b or a.split or b.split:
            return False
        if a.gaz_key and b.gaz_key and a.gaz_key != b.gaz_key:
            return False
        return compatible(a.type, b.type)

    def join(self, a: Cluster, b: Cluster, why: str) -> None:
        ra, rb = self.root(a.local), self.root(b.local)
        if ra is rb or not self.can_join(ra, rb):
            return
        # The cluster with a gazetteer key, else the earlier one, stays the representative.
        keep, other = (ra, rb) if (ra.gaz_key or not rb.gaz_key) else (rb, ra)
        if not keep.gaz_key and not other.gaz_key and other.first < keep.first:
            keep, other = other, keep
        self.uf.join(keep.local, other.local)
        keep.mentions = sorted([*keep.mentions, *other.mentions], key=lambda m: m.start)
        keep.aliases += [a for a in other.aliases if a not in keep.aliases]
        keep.gaz_key = keep.gaz_key or other.gaz_key
        self.decisions.append(why)

    def join_or_alias(
        self, c: Cluster, target: Cluster | None, name: str, merged: str, added: str
    ) -> None:
        """The cluster that mentions `name` joins `c`; with none, `name` is an alias of `c`."""
        if target is not None:
            self.join(c, target, merged)
        elif name not in c.aliases and fold(name) not in c.folds():
            c.aliases.append(name)
            self.decisions.append(added)

    # -- 0. one cluster per extractor key; back-references set aside ---------------------------
    def group(self, mentions: list[Mention]) -> None:
        for m in sorted(mentions, key=lambda m: (m.start, m.end, m.key)):
            if m.key.startswith(REF_KEY):
                self.refs.append(m)
                continue
            origin = (m.start, m.end, m.key)
            m = self.split(m)
            key = m.key
            c = self.by_key.get(key)
            if c is None:
                c = self.by_key[key] = Cluster(
                    key,
                    m.type,
                    gaz_key=None if _is_local(key) else key,
                    split=key.startswith(SPLIT_KEY),
                )
            c.mentions.append(m)
            self.local_of[origin] = key
        self.order = list(self.by_key)

    def split(self, m: Mention) -> Mention:
        """The mention under its own split key when an overrides `split` directive says so."""
        key = m.key
        if not self.overrides.splits or key.startswith(NEW_KEY):
            return m
        surface = clean(m.text)
        entries = self.gazetteer.entries
        if not (
            self.overrides.split_all(surface)
            or (
                not _is_local(key)
                and self.overrides.refuses(
                    surface, key, entries[key].label if key in entries else surface
                )
            )
        ):
            return m
        split_key = SPLIT_KEY + name_fold(surface)
        if split_key != key:
            self.decisions.append(f"kept {m.text!r} apart from {key}: overrides split")
        return Mention(m.text, m.start, m.end, m.type, surface, split_key, m.certainty, m.lang)

    # -- 1. "Long Form (ACR)": the bracket right after a mention, or inside it (product names) --
    def bracket_acronyms(self) -> None:
        for key in self.order:
            if key.startswith(NEW_KEY):
                continue
            c = self.by_key[key]
            for m in list(c.mentions):
                inner = paren_acronym(m.text)
                if inner and inner[1] not in c.aliases:
                    c.aliases.append(inner[1])
                found = _AFTER_ACRONYM.match(self.text[m.end : m.end + 20])
                if (
                    not found
                    or not is_acronym(found.group(1))
                    or self.overrides.split_all(found.group(1))
                ):
                    continue
                acr = found.group(1)
                target = next(
                    (
                        self.by_key[k]
                        for k in self.order
                        if k != key and fold(acr) in self.by_key[k].folds()
                    ),
                    None,
                )
                self.join_or_alias(
                    c,
                    target,
                    acr,
                    f"merged {acr!r} into {m.name!r}: acronym in brackets after "
                    f"{m.text!r} (same article)",
                    f"added alias {acr!r} to {m.name!r}: acronym in brackets (same article)",
                )

    # -- 1b. another name of the same company right after a mention: a former or trading name
    #    ("(formerly X)", ", d/b/a X,") or a stock ticker ("(NYSE: XYZ)"). A mention at that
    #    place joins; otherwise the name becomes an alias.
    def other_names(self) -> None:
        formerly, ticker = _other_name_patterns()
        for key in self.order:
            if key.startswith(NEW_KEY):
                continue
            c = self.by_key[key]
            for m in list(c.mentions):
                window = self.text[m.end : m.end + 120]
                found = formerly.match(window) or ticker.match(window)
                if found is None:
                    continue
                other = next(g for g in found.groups() if g)
                begin = m.end + found.start(found.lastindex or 1)
                alias = other.strip()
                target = next(
                    (
                        self.by_key[k]
                        for k in self.order
                        if k != key
                        and any(
                            begin <= x.start < begin + len(other) for x in self.by_key[k].mentions
                        )
                    ),
                    None,
                )
                why = f"other name given after {m.text!r} (same article)"
                self.join_or_alias(
                    c,
                    target,
                    alias,
                    f"merged {alias!r} into {m.name!r}: {why}",
                    f"added alias {alias!r} to {m.name!r}: {why}",
                )

    # -- 2. a bare acronym whose initials spell exactly one long form in the article -----------
    def initialisms(self) -> None:
        for key in self.order:
            c = self.root(key)
            if c.local != key:
                continue
            names = c.names()
            acrs = [n for n in names if is_acronym(n)]
            if not acrs or len(acrs) != len(names) or self.shortens_another(c, acrs[0]):
                continue
            hits = {
                self.uf.find(k)
                for k in self.order
                if self.uf.find(k) != c.local
                and any(acronym_of(acrs[0], n) for n in self.root(k).names() if not is_acronym(n))
                and self.can_join(c, self.root(k))
            }
            if len(hits) == 1:
                long = self.by_key[hits.pop()]
                self.join(
                    long,
                    c,
                    f"merged {acrs[0]!r} into {long.names()[0]!r}: acronym of "
                    f"{long.names()[0]!r} (same article)",
                )

    def shortens_another(self, c: Cluster, acr: str) -> bool:
        """Is `acr` another name of the article with its group or legal words dropped ("JWT"
        of "JWT Group Inc")? Then it is that name's short form, never the initials of a third
        name: "J. Walter Thompson Co, JWT Group's main subsidiary" names two companies."""
        f = fold(acr)
        return any(
            f in {fold(x) for x in lookup_forms(n, lang=self.lang)[1:]}
            for k in self.order
            if self.root(k) is not c
            for n in self.root(k).names()
            if not is_acronym(n)
        )

    # -- 3. the same name once abbreviations are spelled out ("EV batteries", "electric vehicle
    #    batteries"). A join needs an abbreviation on at least one side, so two clusters with
    #    one plain name (two unnamed "battery plant"s) are never joined here.
    def spelled_out(self) -> None:
        plain: dict[str, str] = {}
        spelled: dict[str, str] = {}
        for key in self.order:
            for n in self.root(key).names():
                f, long = fold(n), fold(spelled_out(n))
                mine = spelled if long != f else plain
                others = (plain, spelled) if long != f else (spelled,)
                hit = next((m[long] for m in others if long in m), None)
                if hit is not None:
                    ro, c = self.root(hit), self.root(key)
                    if ro is not c:
                        self.join(
                            ro,
                            c,
                            f"merged {n!r} into {ro.names()[0]!r}: same name with "
                            f"abbreviations spelled out (same article)",
                        )
                mine.setdefault(long, self.uf.find(key))

    # -- 3b. "McDonald's" and "McDonalds" in one article: a name whose possessive "'s" the
    #    article also writes without its apostrophe is that name, not a second company.
    def apostrophe_free(self) -> None:
        owners: dict[str, str] = {}
        for key in self.order:
            for m in self.by_key[key].mentions:
                if m.text.endswith(("'s", "\u2019s")) and not key.startswith(NEW_KEY):
                    owners.setdefault(fold(m.text[:-2] + "s"), key)
        for key in self.order:
            hit = next((owners[f] for f in self.root(key).folds() if f in owners), None)
            if hit is not None and self.root(hit) is not self.root(key):
                c = self.root(key)
                self.join(
                    self.root(hit),
                    c,
                    f"merged {c.names()[0]!r} into {self.root(hit).names()[0]!r}: its "
                    f"possessive spelled without the apostrophe (same article)",
                )

    # -- 4. back-references, in text order so an earlier resolved one counts as a mention -----
    def back_references(
        self, clusters: list[Cluster], cluster_at: dict[tuple[int, int, str], Cluster]
    ) -> dict[str, str]:
        starts = sentence_starts(self.text)
        unresolved: dict[str, str] = {}
        for ref in self.refs:
            target, reason = _antecedent(ref, clusters, starts, self.gazetteer)
            if target is None and _means_own_organisation(ref, clusters):
                # "The company's products include ..." with no organisation named before it:
                # the one the article is by or about (see kg.model.SELF_KEY).
                target = next((c for c in clusters if c.local == SELF_KEY), None)
                if target is None:
                    target = Cluster(SELF_KEY, "Organization", gaz_key=None)
                    clusters.append(target)
                reason = "no organisation named before it: the article's own"
            if target is None:
                unresolved[ref.key] = reason
                self.decisions.append(f"left {ref.text!r} ({ref.key}) unresolved: {reason}")
                continue
            target.mentions.append(ref)
            target.mentions.sort(key=lambda m: m.start)
            cluster_at[(ref.start, ref.end, ref.key)] = target
            label = target.names()[0] if target.names() else target.mentions[0].name
            self.decisions.append(f"merged {ref.text!r} into {label!r}: {reason}")
        return unresolved


def _means_own_organisation(ref: Mention, clusters: list[Cluster]) -> bool:
    """ "The company" with no organisation named before it."""
    return (
        ref.type == "Organization"
        and _kind(ref.name) in GENERIC_KINDS
        and not any(c.type == "Organization" and c.first < ref.start for c in clusters)
    )


def _antecedent(
    ref: Mention, clusters: list[Cluster], starts: list[int], gazetteer: Gazetteer
) -> tuple[Cluster | None, str]:
    kind = _kind(ref.name)
    si = max(i for i, s in enumerate(starts) if s <= ref.start)
    window_start = starts[max(0, si - WINDOW_SENTENCES)]
    # candidates: (last mention start before ref, cluster, kind match: True/False/None unknown)
    cands: list[tuple[int, Cluster, bool | None]] = []
    for c in clusters:
        before = [m.start for m in c.mentions if m.start < ref.start]
        if not before or c.type != ref.type:
            continue
        cands.append((max(before), c, _kind_match(kind, ref.type, c, gazetteer)))
    cands = [x for x in cands if x[2] is not False]
    if not cands:
        return None, f"no preceding {ref.type.lower()} that is a {kind!r}"
    near = [x for x in cands if x[0] >= window_start]
    for pool, where in ((near, "nearby"), (cands if not near else [], "in the article")):
        if not pool:
            continue
        matched = [x for x in pool if x[2]]
        if kind in GENERIC_KINDS:
            matched = pool  # every organisation is "the company": any two are a tie
        elif not matched:
            matched = [x for x in pool if x[2] is None]
        if len(matched) == 1:
            return matched[0][1], f"only preceding {kind!r} {where}"
        labels = sorted({_label(x[1]) for x in matched})
        return None, "ambiguous between " + ", ".join(repr(x) for x in labels)
    return None, "no antecedent"


def _label(c: Cluster) -> str:
    names = c.names()
    return names[0] if names else c.mentions[0].name


def _kind_match(kind: str, ref_type: str, c: Cluster, gazetteer: Gazetteer) -> bool | None:
    """True: the antecedent is known to be such a thing; False: known not to be; None: unknown."""
    if ref_type == "Facility":
        words = {w for m in c.mentions for w in m.name.lower().split()}
        return True if kind in words or kind in {"facility", "site"} else None
    entry = gazetteer.entries.get(c.gaz_key or "")
    if entry is None or not entry.kinds:
        return None
    if kind in GENERIC_KINDS:
        return True
    return any(k == kind or k.endswith(" " + kind) for k in entry.kinds)
