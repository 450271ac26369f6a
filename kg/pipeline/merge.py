"""The local build's two steps of resolution (issue 26): every article extracted and its
evidence added to the entity table (the prepared articles wait on disk), the entity rows
written and the graphs of changed entities rewritten, then every article's graph written under
the final table. The Dask build does the same on its workers (`kg.pipeline.distributed`).

So that the writes cost little after the last parse, each article is *drafted* as it comes:
assigned under the table as it stands, its graph made and kept as N-Quads. The write keeps a
draft the final table decides alike and makes it again otherwise (docs/scaling.md, "Drafts")."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.mint import graph_iri
from kg.model import Problem, fast_pickle
from kg.pipeline.derive import rebuild_facts
from kg.pipeline.report import BuildReport, Extractor, Run, progress_bar
from kg.rdf.facts import group
from kg.rdf.fixpoint import IN_MEMORY as FACTS_IN_MEMORY
from kg.rdf.fixpoint import FactTable
from kg.rdf.grouped import IN_MEMORY, Grouped
from kg.rdf.rules import interned, rule_predicates
from kg.rdf.statements import article_statements
from kg.rdf.timeline import Said
from kg.resolve.resolver import Decided, Prepared, Resolver
from kg.store import Store

# The statements a first build groups by fact in memory for its facts graph; past it, on disk.
SAID_IN_MEMORY = IN_MEMORY
# A large first build (`Run.writes_elsewhere`, 5,000 articles or more) bounds its end stage low
# enough that the bound is reached before 10,000 articles, so its memory there does not grow with
# the build: the first inference's supports (~5 facts per generated article, ~1.3 KB each in
# memory) and the statements grouped by fact go to disk past this many rows, not 100,000 ...
END_IN_MEMORY = 20_000
# ... and their SQLite files keep a page cache (which also bounds what their sorts hold) of this
# size, not 64 MB each, which they filled only as the build grew (docs/scaling.md, "Stop 37").
END_CACHE_KIB = 16_384
# The drafts kept in memory until the write (about 40 KB each, 40 MB in all); past them, on
# disk: pickling each and reading it back cost 0.25 CPU s per 500 articles.
DRAFTS_IN_MEMORY = 1_000

if TYPE_CHECKING:
    from kg.pipeline.resolution import Resolution
    from kg.pipeline.spill import Spill
    from kg.store.bulk import Background, GraphWriter
    from kg.store.remote import RemoteStore


def merge(run: Run, extract: Extractor, resolution: Resolution, *, progress: bool | None) -> int:
    """Extract every article and add its evidence to the table (each article waits on disk,
    drafted), write the entity rows and rewrite the graphs of entities that changed, then write
    each article's graph; returns the number of graphs written."""
    from kg.pipeline.resolution import apply_renames
    from kg.pipeline.spill import Spill
    from kg.store.bulk import GraphWriter

    # Into an empty local store the drafts load as they come, while later articles parse,
    # marked as loading until the final table has confirmed them: there no stored entity can
    # be renamed, and a draft's index rows are its own (a killed build's marked graphs are
    # dropped by the next one, `kg.store.index.sync`).
    early = run.fresh and hasattr(run.st, "load_nquads")
    with _writing(run):
        reopen = run.owned and not run.writes_elsewhere
        batch = {"batch": run.load_batch} if run.load_batch else {}
        writer = GraphWriter(
            run.st, run.base, keep_marks=early, reopen=reopen, taper=run.load_taper, **batch
        )
        try:
            # A fresh build groups the statements it writes by fact for its facts graph (on
            # disk past a limit): reading them back from the store would make RocksDB hold the
            # blocks of every file of it in this process (docs/scaling.md, "Memory of a first
            # build").
            with (
                Spill(in_memory=DRAFTS_IN_MEMORY) as spill,
                Grouped(**_bounded(run, SAID_IN_MEMORY)) as stated,
            ):
                _extract(run, extract, resolution.resolver, spill, progress, writer)
                with run.report.stage("reduce"):
                    renames, _ = resolution.commit(run.st)
                    changed = apply_renames(run.st, run.base, renames, pending=run.incremental)
                said = stated if run.fresh else None
                changed += _write(run, resolution.resolver, spill, progress, writer, said)
        finally:
            writer.close()
            resolution.table.close()  # its file, if it outgrew memory
    return changed


def _bounded(run: Run, in_memory: int) -> dict[str, int]:
    """The limits of a table of the end stage that holds `in_memory` rows at most otherwise."""
    if not run.writes_elsewhere:
        return {"in_memory": in_memory}
    return {"in_memory": min(in_memory, END_IN_MEMORY), "cache_kib": END_CACHE_KIB}


@contextmanager
def _writing(run: Run) -> Iterator[None]:
    """`run.st` during the merge: a large first build's writes go to a process of their own
    (`kg.store.writer`): what RocksDB keeps for the files they add stays in that process, not
    in this one, which reads nothing back meanwhile (docs/scaling.md, "Memory of a first
    build"). The store's own handle is back when the merge is over."""
    if not run.writes_elsewhere:
        yield
        return
    from kg.store.writer import handed_over

    own = run.st
    assert isinstance(own, Store)
    with handed_over(own) as proc:
        run.st = proc
        try:
            yield
        finally:
            run.st = own


def _extract(
    run: Run,
    extract: Extractor,
    resolver: Resolver,
    spill: Spill,
    progress: bool | None,
    writer: GraphWriter,
) -> None:
    """Extract, prepare, observe and draft every article into `spill` (and, if the `writer`
    keeps marks, into the store)."""
    bar = progress_bar(len(run.todo), "extracting", progress)
    left = len(run.todo)
    try:
        with run.report.stage("extract"):
            for item in extract(run.todo, bar.update):
                left -= 1
                if isinstance(item, Problem):
                    run.report.problems.append(item)
                    continue
                prep = resolver.prepare(item)
                resolver.observe(prep)
                # Drafted under the table as it stands: this runs while later articles are
                # parsed, and the write keeps the draft if the final table decides the
                # article alike (it nearly always does).
                # Loaded now, the draft keeps no N-Quads: should the final table decide the
                # article otherwise, its draft is made again from what it was decided under
                # (all `assign` takes from the table) to be retracted.
                early = writer.keeps_marks
                d, data = drafted(run, resolver, prep, said=run.fresh, pack=not early)
                spill.add(d)
                if early:
                    writer.add(graph_iri(item.article.id, run.base), data, d.count, left=left)
    finally:
        bar.close()


def _write(
    run: Run,
    resolver: Resolver,
    spill: Spill,
    progress: bool | None,
    writer: GraphWriter,
    said: Grouped | None,
) -> int:
    """Write every drafted article (drafted again if the final table decides it otherwise;
    a draft loaded early, `writer.keeps_marks`, so replaced) and, into an empty store, the
    first inference over the facts as they are written (reading them back is a join over
    every statement of the store), and the facts graph from the statements grouped into
    `said`; returns the graphs written."""
    # On disk past a limit: a first build of 100,000 articles has a million facts.
    supports = FactTable(**_bounded(run, FACTS_IN_MEMORY)) if run.fresh else None
    by_origin = run.by_origin
    early = writer.keeps_marks
    bar = progress_bar(spill.count, "writing", progress)
    try:
        with run.report.stage("write"):
            for d in spill:
                decided = resolver.decide(d.prep)
                loaded = early
                if decided != d.decided:
                    if early:
                        was = drafted(run, resolver, d.prep, d.decided, said=False, pack=False)
                        writer.retract(was[1])
                        loaded = False
                    d = draft(run, resolver, d.prep, decided, said=said is not None)
                write_article(writer, d, by_origin, run.report, loaded=loaded)
                if supports is not None:
                    supports.update((interned(*t), sup) for t, sup in d.supports.items())
                if said is not None:
                    group(said, d.said)
                bar.update(1)
            # The last batches load while the first inference and the facts graph are made.
            writer.flush(wait=supports is None)
        if supports is not None:
            with run.report.stage("infer"):
                run.inferred = write_inferred(run.st, supports, run.base, writer.loader)
                supports.close()  # before the facts graph: the two peaks do not add up
                if said is not None:
                    rebuild_facts(run.st, run.base, said, writer.loader)
                    run.facts_written = True
                writer.unmark()
        run.st.flush()
    finally:
        bar.close()
        if supports is not None:
            supports.close()
    return spill.count


@fast_pickle
@dataclass(frozen=True, slots=True)
class Draft:
    """An article's graph and index rows as N-Quads (zlib; none once loaded), with the
    decisions it was made under, its inference supports and what the report counts."""

    prep: Prepared
    decided: Decided
    nquads: bytes
    count: int
    supports: dict
    said: tuple[Said, ...]  # for the facts graph
    facts: int


def draft(
    run: Run,
    resolver: Resolver,
    prep: Prepared,
    decided: Decided | None = None,
    *,
    said: bool,
) -> Draft:
    """The article as `write_article` writes it, with the build's number (`kg.store.order`);
    with `said`, its statements for the facts graph."""
    return drafted(run, resolver, prep, decided, said=said)[0]


def drafted(
    run: Run,
    resolver: Resolver,
    prep: Prepared,
    decided: Decided | None = None,
    *,
    said: bool,
    pack: bool = True,
) -> tuple[Draft, bytes]:
    """`draft`, and its N-Quads uncompressed (an early load takes them as they are); without
    `pack`, the draft keeps none."""
    from kg.rdf.article import article_nquads, read_quads
    from kg.store import index

    if decided is None:
        decided = resolver.decide(prep)
    resolved = resolver.assign(prep, decided)
    graph = graph_iri(resolved.article.id, run.base)
    # The graph as text, as the loader takes it: quads with a literal cost pyoxigraph more to
    # make than to parse. An incremental build's rows name its direct facts, read from the quads.
    body, count = article_nquads(resolved, base=run.base)
    quads = read_quads(body) if run.incremental else []
    rows = index.article_rows(
        resolved, quads, graph, run.base, set(), pending=run.incremental, seq=run.seq
    )
    data = body.encode() + ox.serialize(rows, format=ox.RdfFormat.N_QUADS)
    count += len(rows)
    # Only what inference reads (most facts take no part in it), and the statements of the
    # facts graph: made from the facts in one pass, not read back from the quads.
    supports, stated = article_statements(
        resolved,
        base=run.base,
        seq=run.seq,
        predicates=rule_predicates() if run.fresh else None,
        said=said,
    )
    # Compressed (13 times smaller, 0.07 ms): every article waits on disk until the write.
    packed = zlib.compress(data, 1) if pack else b""
    return Draft(prep, decided, packed, count, supports, stated, len(resolved.facts)), data


def write_inferred(
    st: Store | RemoteStore, supports: FactTable, base: str, loader: Background | None
) -> int:
    """The inferred graph of a build into an empty store, from the supports of its facts
    (bulk-loaded by `loader` into a local store: the build marks inference complete only
    afterwards); returns the count."""
    from kg.mint import inferred_graph
    from kg.rdf.facts_text import write_nquads
    from kg.rdf.rules import derived_nquads, derived_quads

    quads: list = []
    count = 0
    if loader is None:  # a remote store: one PUT of the graph
        for t in derived_quads(supports.derived(base=base), base=base):
            quads += t
            count += 1
        st.put_graph(inferred_graph(base), quads)
        st.flush()
        return count
    # (as N-Quads text, what the loader reads: no quad is made, docs/scaling.md "Stop 39")
    texts = derived_nquads(supports.derived(base=base), base=base)
    return write_nquads(texts, lambda text: loader.load_text(st, text))


def write_article(
    writer: GraphWriter,
    d: Draft,
    by_origin: dict[str, set[str]],
    report: BuildReport,
    *,
    loaded: bool = False,
) -> None:
    """One article's graph with its index rows (`loaded`: written already, as it was drafted);
    the graph it replaces is dropped."""
    from kg.store import index

    st, base = writer.st, writer.base
    article = d.prep.extraction.article
    if not loaded:
        writer.add(graph_iri(article.id, base), zlib.decompress(d.nquads), d.count)
    stale = by_origin.get(article.origin, set()) - {article.id}
    if stale:
        writer.flush()  # the new graph is in before the old one goes
    for old in sorted(stale):
        index.drop_article(st, base, graph_iri(old, base))
    report.replaced += bool(stale)
    report.added += not stale
    report.tally(article.lang, d.facts)
