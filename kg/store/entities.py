"""The store's entity rows: what the resolution table knows of each entity, kept in the index
graph so that the next build continues the table where this one left it (issue 26).

Per entity `<e>` in `{base}graph/index`: `ix:type`, `ix:label` (the table's decision),
`ix:alias` (the names its clusters gave), `ix:claim`/`ix:find` (its table nodes, `tclass|fold`:
the evidence later articles meet), `ix:pinned true` (its key is fixed by an overrides
directive). A build writes the rows of every entity it created or changed in one transaction,
*before* the article graphs that use them, with each of those entities marked stale: a build
killed before its graphs are written leaves rows that the next build's `index.repair` removes
when no article graph names the entity.

When new evidence changes an existing entity (joins two entities, or gives one a lesser label),
the graphs that name it are rewritten (`kg.rdf.rename`). The old -> new keys are journalled in
`{base}graph/pending` (`<old> ix:renamed <new>`) in the same transaction as the new rows, and
each journal entry is cleared once no article graph names the old key any more, so a build
killed between the two is finished by the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.mint import KGO, RDF, entity_namespace
from kg.rdf.terms import entity_iri
from kg.store.index import (
    _TRUE,
    ALIAS,
    CLAIM,
    FIND,
    LABEL,
    PINNED,
    RENAMED,
    TYPE,
    RemoteStore,
    Store,
    _local,
    _rows,
    index_graph,
    is_article_graph,
    pending_graph,
    scoped,
    stale_quads,
)


@dataclass(frozen=True)
class EntityRow:
    """One entity of the index, as the resolution table decided it."""

    key: str
    label: str
    type: str  # a kgo: class local name
    aliases: frozenset[str] = field(default_factory=frozenset)
    claims: frozenset[str] | None = None  # None: a store from before the table kept them
    finds: frozenset[str] = field(default_factory=frozenset)
    pinned: bool = False

    def quads(self, base: str) -> list[ox.Quad]:
        g = index_graph(base)
        e = entity_iri(self.key, base)
        out = [
            ox.Quad(e, TYPE, ox.NamedNode(KGO.term(self.type)), g),
            ox.Quad(e, LABEL, ox.Literal(self.label, language="en"), g),
        ]
        out += [ox.Quad(e, ALIAS, ox.Literal(a), g) for a in sorted(self.aliases)]
        out += [ox.Quad(e, CLAIM, ox.Literal(c), g) for c in sorted(self.claims or ())]
        out += [ox.Quad(e, FIND, ox.Literal(f), g) for f in sorted(self.finds)]
        if self.pinned:
            out.append(ox.Quad(e, PINNED, _TRUE, g))
        return out


def read(st: Store | RemoteStore, base: str) -> dict[str, EntityRow]:
    """Every entity the index holds (article-scoped ones aside: they meet no other article),
    by key; one scan of the index graph."""
    fields: dict[str, dict[str, object]] = {}
    prefix = entity_namespace(base)
    for s, p, o in _rows(st, index_graph(base), TYPE, LABEL, ALIAS, CLAIM, FIND, PINNED):
        if not s.value.startswith(prefix):
            continue
        key = s.value[len(prefix) :]
        if scoped(key):
            continue
        f = fields.setdefault(key, {"aliases": set(), "finds": set()})
        if p == TYPE:
            f["type"] = o.value.rsplit("#", 1)[-1]
        elif p == LABEL:
            f["label"] = o.value
        elif p == ALIAS:
            f["aliases"].add(o.value)  # type: ignore[union-attr]
        elif p == CLAIM:
            f.setdefault("claims", set()).add(o.value)  # type: ignore[union-attr]
        elif p == FIND:
            f["finds"].add(o.value)  # type: ignore[union-attr]
        elif p == PINNED:
            f["pinned"] = True
    out: dict[str, EntityRow] = {}
    for key, f in fields.items():
        if "type" not in f or "label" not in f:
            continue
        claims = f.get("claims")
        out[key] = EntityRow(
            key,
            str(f["label"]),
            str(f["type"]),
            frozenset(f["aliases"]),  # type: ignore[arg-type]
            frozenset(claims) if claims is not None else None,  # type: ignore[arg-type]
            frozenset(f["finds"]),  # type: ignore[arg-type]
            bool(f.get("pinned")),
        )
    return out


def write(
    st: Store | RemoteStore,
    base: str,
    new: Iterable[EntityRow],
    old: dict[str, EntityRow],
    renames: dict[str, str],
) -> int:
    """Replace the rows of the entities whose row changed (`old`: the rows read at the start of
    the build), drop the rows of renamed keys and journal the renames, in one transaction;
    returns how many entities were written."""
    remove: list[ox.Quad] = []
    add: list[ox.Quad] = []
    touched: list[str] = []
    for row in new:
        before = old.get(row.key)
        if before == row:
            continue
        if before is not None:
            remove += before.quads(base)
        add += row.quads(base)
        touched.append(entity_iri(row.key, base).value)
    g = pending_graph(base)
    for old_key, new_key in sorted(renames.items()):
        if old_key in old and old_key not in {r for r in renames.values()}:
            remove += old[old_key].quads(base)
        add.append(ox.Quad(entity_iri(old_key, base), RENAMED, entity_iri(new_key, base), g))
    if add or remove:
        st.change(remove=remove, add=add + stale_quads(touched, base))
    return len(touched)


def journal(st: Store | RemoteStore, base: str) -> dict[str, str]:
    """old key -> new key of every rename not finished yet."""
    prefix = entity_namespace(base)
    out: dict[str, str] = {}
    for s, _, o in _rows(st, pending_graph(base), RENAMED):
        if s.value.startswith(prefix) and o.value.startswith(prefix):
            out[s.value[len(prefix) :]] = o.value[len(prefix) :]
    return out


def journal_done(keys: Iterable[str], new: dict[str, str], base: str) -> Iterator[ox.Quad]:
    """The journal entries of renames finished (to remove)."""
    g = pending_graph(base)
    for k in keys:
        yield ox.Quad(entity_iri(k, base), RENAMED, entity_iri(new[k], base), g)


def graphs_naming(st: Store | RemoteStore, key: str, base: str) -> set[str]:
    """The article graphs that describe the entity `key` (every graph naming an entity types
    it): an index look-up, not a scan."""
    e = entity_iri(key, base)
    if (local := _local(st)) is not None:
        found = {
            q.graph_name.value
            for q in local.quads_for_pattern(e, ox.NamedNode(RDF + "type"), None, None)
            if isinstance(q.graph_name, ox.NamedNode)
        }
    else:
        rows = st.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {e} a ?t }} }}", union=False)
        found = {r["g"].value for r in rows}
    return {g for g in found if is_article_graph(g, base)}
