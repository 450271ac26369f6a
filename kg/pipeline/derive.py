"""The graphs a build derives from the article graphs, brought up to date at its end: the
inferred graph (`kg.rdf.infer`, `kg.rdf.incremental`) and the facts' timelines
(`kg.rdf.facts`). Each is updated around what the build recorded as pending (a local store, in
one transaction), or recomputed in full when it was never completed under the current rules."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.mint import KGO, facts_graph, inferred_graph
from kg.store import Store
from kg.store.writer import StoreProcess

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kg.rdf.grouped import Grouped
    from kg.rdf.timeline import Said
    from kg.store.bulk import Background
    from kg.store.remote import RemoteStore


def derive(
    st: Store | RemoteStore,
    base: str,
    *,
    full: bool,
    changed: bool,
    digest: str,
    facts_ok: bool,
    inferred: int | None = None,
    facts_written: bool = False,
) -> int:
    """Bring the inferred and facts graphs up to date: each in full when it is not known to be
    complete for the current rules, else only around the facts recorded as pending (by look-ups
    in the store, over SPARQL for a remote one). `inferred`: the count of an inferred graph a
    first build wrote with its articles (`kg.pipeline.merge`, `kg.pipeline.distributed`); the
    facts graph is then built in full beside it, unless that build wrote it too
    (`facts_written`)."""
    from kg.rdf.facts import facts_digest
    from kg.store import derived, index, order

    facts_digest_now = facts_digest()
    pending = index.pending_graph(base).value
    if inferred is not None:
        # As after a full inference: no pending graph left (the bulk writes' loading marks
        # leave it empty, and Oxigraph keeps an empty graph's name).
        if not facts_written:
            rebuild_facts(st, base)
        st.change(drop=[pending])
        derived.write_state(st, base, rules=digest, facts=facts_digest_now)
        return inferred
    if not full and facts_ok and not changed and not index.pending(st, base)[0]:
        return _inferred_count(st, base)
    if not full:
        from kg.rdf.incremental import update_inferred

        reader = st.ox if isinstance(st, Store) else st  # by pattern, or over SPARQL
        facts, _ = index.pending(st, base)
        remove, add, _ = update_inferred(reader, facts, base=base)
        if facts_ok:
            from kg.rdf.facts import update_facts

            added, dropped = derived.pending_timelines(st, base)
            seq = order.seq_of(st, base)
            fremove, fadd = update_facts(reader, added, dropped, base=base, order=seq)
            remove, add = [*remove, *fremove], [*add, *fadd]
        else:
            rebuild_facts(st, base)
        st.change(drop=[pending], remove=remove, add=add)  # one transaction
        if not facts_ok:
            derived.write_state(st, base, rules=digest, facts=facts_digest_now)
        return _inferred_count(st, base)
    derived.write_state(st, base, rules=None)
    if isinstance(st, Store):
        from kg.rdf import infer

        count = infer(st.ox, base=base)
    else:
        count = st.infer(base=base)  # over SPARQL, around every fact (`RemoteStore.infer`)
    rebuild_facts(st, base)
    st.change(drop=[pending])
    derived.write_state(st, base, rules=digest, facts=facts_digest_now)
    return count


def rebuild_facts(
    st: Store | RemoteStore | StoreProcess,
    base: str,
    said: Iterable[Said] | Grouped | None = None,
    loader: Background | None = None,
) -> None:
    """The facts' timelines from scratch (`kg.rdf.facts`), of the statements `said` if given
    (or grouped: `kg.rdf.facts.group`; else of the store's), loaded into a local store by
    `loader` (else by one of its own)."""
    from kg.rdf import facts
    from kg.rdf.facts_text import rebuild_nquads, write_nquads
    from kg.store import order
    from kg.store.bulk import Background

    seq = (lambda _: None) if said is not None else order.build_order(st, base).get
    if not isinstance(st, Store | StoreProcess):
        quads = facts.rebuild_quads(st, base=base, order=seq, said=said)
        st.put_graph(facts_graph(base), list(quads))
        return
    if isinstance(st, Store):  # (a first build's writer process holds nothing to replace)
        g = ox.NamedNode(facts_graph(base))
        if st.ox.contains_named_graph(g):
            st.ox.remove_graph(g)
    # Loaded as N-Quads text, which the loader reads: no quad is made (docs/scaling.md, "Stop 39").
    texts = rebuild_nquads(
        st.ox if isinstance(st, Store) else None, base=base, order=seq, said=said
    )
    with Background() if loader is None else nullcontext(loader) as load:
        write_nquads(texts, lambda text: load.load_text(st, text))


def _inferred_count(st: Store | RemoteStore, base: str) -> int:
    q = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{inferred_graph(base)}> {{
        ?st <{KGO.inferred}> ?yes }} }}"""
    return int(next(iter(st.query(q, union=False)))["n"].value)
